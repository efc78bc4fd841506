"""Table stage: ruled table regions become tidy, typed tables."""

from .regions import (
    Column,
    Table,
    TableCell,
    TableRow,
    Tables,
    is_number_row,
    link_parents,
    marker_type,
    regions_to_tables,
)

__all__ = [
    "Column", "Table", "TableCell", "TableRow", "Tables", "is_number_row", "link_parents", "marker_type",
    "regions_to_tables",
]  # fmt: skip
