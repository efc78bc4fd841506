"""Spreadsheet safety: text from a report is never run as a formula by the spreadsheet that opens it.

    neutralise      one CSV cell: text starting with = + - @ tab or CR gets OWASP's quote prefix (')
    restore         its exact inverse, for reading back a CSV baocao wrote (restore(neutralise(t)) == t)
    csv_frame       a frame's text cells neutralised, for writing a CSV people open
    read_rows       the rows of a CSV baocao wrote, restored (csv.DictReader's dicts)
    string_cells    a worksheet's text cells kept text: openpyxl makes "=..." a formula cell; here it is a
                    string cell with Excel's quote prefix (editing it does not turn it into a formula)

Numbers are not text to neutralise: a printed negative figure (-4,13, -1.5, -7.155,29, +2,5%) and a
lone sign (the "-" of an empty table cell, a "+" list marker) stay as they are. A cell already
starting with quotes before a trigger (''=x) gets one more, so that reading back is exact.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import Any

import pandas as pd

# what a spreadsheet would evaluate, after any quotes this module added
_TRIGGERED = re.compile(r"'*[=+\-@\t\r]")
# a figure, with '.' or ',' as separators, a sign and a per cent sign; or a lone sign
_NUMBER = re.compile(r"[+-]?(?:\d+(?:[.,]\d+)*|[.,]\d+)(?:[eE][+-]?\d+)?%?|[+-]")


def _needs_quote(text: str) -> bool:
    return bool(_TRIGGERED.match(text)) and not _NUMBER.fullmatch(text)


def neutralise(text: str) -> str:
    """The CSV cell for `text`: a quote before text a spreadsheet would evaluate as a formula."""
    return "'" + text if _needs_quote(text) else text


def restore(text: str) -> str:
    """The text a CSV cell written by `neutralise` holds (any other cell unchanged)."""
    return text[1:] if text.startswith("'") and _needs_quote(text[1:]) else text


def _cell(value: Any) -> Any:
    return neutralise(value) if isinstance(value, str) else value


def csv_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` with its text cells neutralised (numbers, booleans and nulls as they were)."""
    out = frame.copy()
    for col in out.columns:
        if str(out[col].dtype) in ("string", "str", "object"):
            out[col] = out[col].map(_cell, na_action="ignore")
    return out


def restore_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A frame read from a CSV baocao wrote (every column read as str) with its text restored."""
    return frame.map(lambda v: restore(v) if isinstance(v, str) else v)


def read_rows(path: Path) -> list[dict[str, str]]:
    """The rows of a CSV baocao wrote, as csv.DictReader gives them, each cell restored."""
    with path.open(encoding="utf-8", newline="") as f:
        return [{k: restore(v) if isinstance(v, str) else v for k, v in row.items()} for row in csv.DictReader(f)]


def string_cells(sheet: Any) -> int:
    """Make the worksheet's formula cells (openpyxl reads any text starting with '=' as one) string cells
    with the quote prefix, and quote-prefix the other text a spreadsheet would evaluate; returns how many."""
    n = 0
    for row in sheet.iter_rows():
        for cell in row:
            if cell.data_type == "f" or (cell.data_type == "s" and _needs_quote(str(cell.value))):
                cell.data_type = "s"
                cell.quotePrefix = True
                n += 1
    return n


__all__ = ["csv_frame", "neutralise", "read_rows", "restore", "restore_frame", "string_cells"]
