"""The table stage's records: columns, cells, rows, tables."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from ..records import BBox, Note
from .meaning import ColumnMeaning

ColumnRole = Literal["tt", "indicator", "unit", "value"]
RowKind = Literal["data", "label", "of_which"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Column:
    """One column of a table: its flattened header, its role, its printed number."""

    index: int
    name: str  # flattened header: "So sánh Ước TH 6 tháng 2024 với (%) | Thực hiện 6 tháng 2023"
    role: ColumnRole
    number: str | None = None  # as printed in the column-number row
    meaning: ColumnMeaning | None = None  # a level (measure, period) or a comparison (against what)
    operands: tuple[int, int] | None = None  # a comparison's (numerator, denominator) column indexes
    unit: str | None = None  # the unit its header prints: '(%)', '(Tỷ đồng)'


@dataclass(frozen=True, slots=True, kw_only=True)
class TableCell:
    """One value cell: as printed and parsed, with where it is."""

    row_order: int
    col: int
    column: str
    raw: str
    value: float | None
    decimals: int
    flags: tuple[str, ...]
    page: int
    bbox: BBox
    unit: str = ""  # the unit governing the cell: its column's, else its row's (row label, unit column, table)


@dataclass(frozen=True, slots=True, kw_only=True)
class TableRow:
    """One row: its code, indicator, unit and place in the hierarchy."""

    row_order: int
    tt: str
    indicator: str
    unit: str
    parent_row: int | None
    page: int
    marker: str  # the code the hierarchy reads: A, I, 1, -, +, or "" for attribute rows
    kind: RowKind  # data | label (no values) | of_which ("Trong đó:")
    partial: bool  # one of an "of which" (Trong đó) list: need not add up to its parent
    depth: int
    bbox: BBox
    price_basis: str | None = None  # constant_2010 | constant_2020 | current, from a group row above it


@dataclass(frozen=True, kw_only=True)
class Table:
    """A table as printed over one or more pages, read into columns, rows and cells."""

    table_id: str
    title: str
    caption: str
    reference_number: str | None
    reference_date: str | None
    pages: tuple[int, ...]
    columns: tuple[Column, ...]
    rows: tuple[TableRow, ...]
    cells: tuple[TableCell, ...]
    region_ids: tuple[int, ...] = ()
    unit: str = ""  # printed above the table ('Đơn vị tính: Tỷ đồng', 'ĐVT: %') or in its header
    index: bool = False  # index numbers (CPI, IIP: unit %, or "chỉ số" in the title or a header): never summed
    part: int = 1  # the document part it is printed in (Document.parts)

    def row(self, order: int) -> TableRow:
        """The row of a 1-based order."""
        return self.rows[order - 1]

    def value_columns(self) -> list[Column]:
        """The columns that hold values."""
        return [c for c in self.columns if c.role == "value"]


@dataclass(frozen=True, kw_only=True)
class Tables:
    """The table stage's result."""

    tables: tuple[Table, ...]
    notes: tuple[Note, ...] = field(default=())
