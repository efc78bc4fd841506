"""Table stage: ruled table regions become tidy, typed tables."""

from .header import is_number_row
from .records import Column, Table, TableCell, TableRow, Tables
from .rows import link_parents, marker_type
from .stage import regions_to_tables

__all__ = [
    "Column", "Table", "TableCell", "TableRow", "Tables", "is_number_row", "link_parents", "marker_type",
    "regions_to_tables",
]  # fmt: skip
