"""The workbook's extra sheets: `columns` (the data dictionary, from schemas/contract.yaml) and one
sheet per appendix table laid out as printed: title and caption, the header rows (a merged header
cell spans the columns it names), then each row's code, name and unit and its values as numbers."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ..rules import Rules
from . import contract
from .inputs import Inputs

COLUMNS_SHEET = "columns"
BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")


def columns_sheet(xl: pd.ExcelWriter, tables: Sequence[str], sheet_names: dict[str, str], rules: Rules | None) -> None:
    """The `columns` sheet: sheet, column, type, required, description of every clean table."""
    rows = [
        {"sheet": sheet_names.get(t, t), "column": c.name, "type": c.type, "required": not c.nullable,
         "description": c.description}
        for t in tables
        for c in contract.columns(t, rules)
    ]  # fmt: skip
    pd.DataFrame(rows).to_excel(xl, sheet_name=COLUMNS_SHEET, index=False, freeze_panes=(1, 0))
    ws = xl.sheets[COLUMNS_SHEET]
    for letter, width in zip("ABCDE", (12, 22, 8, 9, 110), strict=True):
        ws.column_dimensions[letter].width = width
    ws.auto_filter.ref = ws.dimensions


def _header_levels(names: list[str]) -> list[list[str]]:
    """Each column's header parts, padded to the same depth (a one-part header fills its column)."""
    parts = [n.split(" | ") for n in names]
    depth = max((len(p) for p in parts), default=1)
    return [p + [""] * (depth - len(p)) for p in parts]


def _write_header(ws: Worksheet, top: int, names: list[str]) -> int:
    """The header rows from row `top`, merged as printed; the row after them."""
    levels = _header_levels(names)
    depth = len(levels[0]) if levels else 1
    for level in range(depth):
        col = 0
        while col < len(levels):
            text = levels[col][level]
            span = 1
            while col + span < len(levels) and text and levels[col + span][: level + 1] == levels[col][: level + 1]:
                span += 1
            cell = ws.cell(row=top + level, column=col + 1, value=text or None)
            cell.font, cell.alignment = BOLD, Alignment(wrap_text=True, horizontal="center", vertical="center")
            below = all(not x for x in levels[col][level + 1 :])
            if span > 1 or (text and below and level + 1 < depth):
                ws.merge_cells(start_row=top + level, start_column=col + 1,
                               end_row=top + (depth - 1 if below else level), end_column=col + span)  # fmt: skip
            col += span
    return top + depth


def table_sheet(xl: pd.ExcelWriter, meta: dict[str, Any], inp: Inputs) -> None:
    """One appendix table as printed, on a sheet named by its id."""
    name = str(meta["table_id"])[:31]
    ws = xl.book.create_sheet(name)
    xl.sheets[name] = ws
    ws.cell(row=1, column=1, value=meta.get("title")).font = BOLD
    ws.cell(row=2, column=1, value=meta.get("caption"))
    columns = sorted(meta.get("columns") or [], key=lambda c: c["index"])
    first = _write_header(ws, 4, [str(c["name"]) for c in columns])
    cells = inp.cells[inp.cells["table_id"] == meta["table_id"]]
    values = {(int(c.row_order), int(c.col)): (c.raw if pd.isna(c.value) else float(c.value))
              for c in cells.itertuples(index=False)}  # fmt: skip
    rows = inp.rows[inp.rows["table_id"] == meta["table_id"]].sort_values("row_order")
    for k, r in enumerate(rows.itertuples(index=False)):
        for j, c in enumerate(columns, start=1):
            role = c.get("role")
            own = role in ("tt", "indicator", "unit")
            value = getattr(r, role) if own else values.get((int(r.row_order), c["index"]))
            ws.cell(row=first + k, column=j, value=None if value is None or value is pd.NA or value != value else value)
    for j, c in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(j)].width = {"indicator": 55, "tt": 6}.get(str(c.get("role")), 14)
    ws.freeze_panes = ws.cell(row=first, column=1)


def add_sheets(xl: pd.ExcelWriter, tables: Sequence[str], inp: Inputs | None, *, rules: Rules | None = None) -> None:
    """The `columns` sheet, and a sheet per appendix table when the report's inputs are given."""
    columns_sheet(xl, tables, {"clean_indicators": "indicators", "clean_claims": "claims", "clean_checks": "checks"},
                  rules)  # fmt: skip
    if inp is None:
        return
    for meta in inp.tables_meta:
        table_sheet(xl, meta, inp)


__all__ = ["COLUMNS_SHEET", "add_sheets", "columns_sheet", "table_sheet"]
