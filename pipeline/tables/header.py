"""Table headers: merged header cells flattened into column names, the column-number row, column roles."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..records import Cell, TableRegion
from ..vi.numbers import is_number_text
from .records import ColumnRole

_TT_RE = re.compile(r"^(?:S\.?\s*TT|STT|TT|Số\s*TT|Stt)\.?$", re.IGNORECASE)
_INDICATOR_RE = re.compile(
    r"chỉ\s*tiêu|chi\s*tiêu|nội\s*dung|danh\s*mục|tên|hạng\s*mục|ngành|lĩnh\s*vực", re.IGNORECASE
)
_UNIT_RE = re.compile(r"^(?:đơn\s*vị(?:\s*tính)?|đvt|đv)\.?$", re.IGNORECASE)


def grid(region: TableRegion) -> list[list[Cell | None]]:
    """The region's cells by row and column (a merged cell at its top-left position only)."""
    grid: list[list[Cell | None]] = [[None] * region.n_cols for _ in range(region.n_rows)]
    for c in region.cells:
        if 0 <= c.row < region.n_rows and 0 <= c.col < region.n_cols:
            grid[c.row][c.col] = c
    return grid


def owner_grid(region: TableRegion) -> list[list[Cell | None]]:
    """Each grid position -> the (possibly merged) cell that covers it."""
    own: list[list[Cell | None]] = [[None] * region.n_cols for _ in range(region.n_rows)]
    for c in region.cells:
        for r in range(c.row, min(region.n_rows, c.row + c.row_span)):
            for k in range(c.col, min(region.n_cols, c.col + c.col_span)):
                own[r][k] = c
    return own


def _text(cell: Cell | None) -> str:
    return cell.text if cell is not None else ""


def is_number_row(texts: Sequence[str]) -> bool:
    """The column-number row under a header: 1 2 3 … (a blank or two allowed)."""
    filled = [(k, t.strip()) for k, t in enumerate(texts) if t.strip()]
    if len(filled) < max(2, len(texts) // 2):
        return False
    if not all(re.fullmatch(r"\(?\d{1,2}\)?", t) for _, t in filled):
        return False
    nums = [int(t.strip("()")) for _, t in filled]
    return nums == sorted(nums) and len(set(nums)) == len(nums) and nums[0] <= 2


def region_header(region: TableRegion) -> tuple[int, list[str], list[str | None]]:
    """(rows used by the header and column-number row, flattened column names, column numbers).

    The header spans as many rows as the tallest merged cell of the first row; a merged
    header cell names every column it covers; parts are joined with ' | '."""
    own = owner_grid(region)
    texts = [[_text(own[r][k]) for k in range(region.n_cols)] for r in range(region.n_rows)]
    if not region.cells:
        return 0, [], []
    first = [c for c in region.cells if c.row == 0]
    height = max((c.row_span for c in first), default=1)
    if is_number_row(texts[0]):
        return (
            1,
            [f"Cột {t.strip()}" if t.strip() else f"Cột {k + 1}" for k, t in enumerate(texts[0])],
            [t.strip() or None for t in texts[0]],
        )
    figures = [t.strip() for t in texts[0] if is_number_text(t)]
    years = bool(figures) and all(re.fullmatch(r"(?:19|20)\d{2}", t) for t in figures)  # years as columns
    looks_data = any(is_number_text(t) for t in texts[0][2:]) and not is_number_row(texts[0]) and not years
    if looks_data:
        return 0, [], []
    names: list[str] = []
    for k in range(region.n_cols):
        parts: list[str] = []
        for r in range(height):
            c = own[r][k]
            t = re.sub(r"\s+", " ", c.text).strip() if c else ""
            if t and (not parts or parts[-1] != t):
                parts.append(t)
        names.append(" | ".join(parts) or f"Cột {k + 1}")
    used = height
    numbers: list[str | None] = [None] * region.n_cols
    if used < region.n_rows and is_number_row(texts[used]):
        numbers = [t.strip() or None for t in texts[used]]
        used += 1
    return used, names, numbers


def column_roles(names: Sequence[str], sample_rows: Sequence[Sequence[str]]) -> list[ColumnRole]:
    """Each column's role from its header words (TT, Chỉ tiêu, Đơn vị) or, failing that, its letters."""
    roles: list[ColumnRole] = ["value"] * len(names)
    for k, n in enumerate(names):
        head = n.split(" | ")[0].strip()
        if _TT_RE.match(head):
            roles[k] = "tt"
        elif _UNIT_RE.match(head):
            roles[k] = "unit"
        elif _INDICATOR_RE.search(head) and "indicator" not in roles:
            roles[k] = "indicator"
    if "indicator" not in roles:  # no header words: the column with the most letters
        letters = [sum(sum(ch.isalpha() for ch in row[k]) for row in sample_rows) for k in range(len(names))]
        cands = [k for k in range(len(names)) if roles[k] == "value"]
        if cands:
            roles[max(cands, key=lambda k: letters[k])] = "indicator"
    return roles
