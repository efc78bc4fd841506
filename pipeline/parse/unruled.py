"""Tables printed without vertical rules (horizontal rules only, or none): found from the alignment of their text.

A table is a header of short column names above several rows holding numbers, all set in columns. Rows are
read with a small gap threshold, so that each cell's text is one segment; the columns are the x-ranges the
body rows' segments cover, the gutters the x-ranges where no glyph of any body row is printed (spaces
count as glyphs). A header line names a column that holds numbers; lines above the first row of numbers
that only fill text columns are label rows ("I  Kinh tế"). A wrapped cell's next line joins its row:
between horizontal rules when the table has them, otherwise when it only carries on one text cell in
lower case. The result is the cell boxes of the grid, which grid.cells_to_region turns into the same
TableRegion the ruled path makes.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from ..records import BBox
from ..vi.numbers import is_number_text
from .chars import Char
from .grid import Box
from .lines import Reading, chars_to_lines
from .textline import Line

CELL_GAP = 0.5  # in font sizes: an empty stretch this wide (no glyph, not even a space) separates two cells
MIN_DATA_ROWS = 3  # rows holding numbers: "several"
MIN_COLUMNS = 3
ROW_GAP = 1.5  # in font sizes: a wider vertical gap ends a table (its lines are set solid)
LABEL_WORDS = 8  # a header cell is a short label


@dataclass(frozen=True, slots=True, kw_only=True)
class Row:
    """One printed row of a page: its segments left to right."""

    segs: tuple[Line, ...]

    @property
    def top(self) -> float:
        """Top edge."""
        return min(s.top for s in self.segs)

    @property
    def bottom(self) -> float:
        """Bottom edge."""
        return max(s.bottom for s in self.segs)

    @property
    def size(self) -> float:
        """Largest type size."""
        return max(s.size for s in self.segs)

    @property
    def numbers(self) -> int:
        """Segments that are just a number."""
        return sum(1 for s in self.segs if is_number_text(s.text))


@dataclass(frozen=True, slots=True, kw_only=True)
class Found:
    """A table found on a page: its box and the boxes of its grid cells."""

    bbox: Box
    cells: tuple[Box, ...]


def page_rows(chars: Sequence[Char], page: int, reading: Reading | None = None) -> list[Row]:
    """The page's printed rows, each cut into cell-sized segments, top to bottom (`reading`: the
    characters' rows already read, lines.Reading)."""
    by_row: dict[int, list[Line]] = {}
    for ln in chars_to_lines(chars, page, column_gap=CELL_GAP, reading=reading):
        by_row.setdefault(ln.row, []).append(ln)
    rows = [Row(segs=tuple(sorted(segs, key=lambda s: s.x0))) for segs in by_row.values()]
    return sorted(rows, key=lambda r: r.top)


def is_data_row(row: Row) -> bool:
    """A row of a table's body holding figures: at least two numbers among three cells or more."""
    return len(row.segs) >= MIN_COLUMNS and row.numbers >= 2


def _close(upper: Row, lower: Row) -> bool:
    return lower.top - upper.bottom <= ROW_GAP * max(upper.size, lower.size)


def _paragraph_like(row: Row, x0: float, x1: float) -> bool:
    """A row of running text: one segment over most of the table's width, no figure."""
    return len(row.segs) == 1 and row.numbers == 0 and row.segs[0].x1 - row.segs[0].x0 > 0.5 * (x1 - x0)


def body_runs(rows: Sequence[Row]) -> list[tuple[int, int]]:
    """[start, end) of each run of rows that holds several rows of figures, set solid, no running text."""
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(rows):
        if not is_data_row(rows[i]):
            i += 1
            continue
        x0 = min(s.x0 for s in rows[i].segs)
        x1 = max(s.x1 for s in rows[i].segs)
        j, last_data = i + 1, i
        while j < len(rows) and _close(rows[j - 1], rows[j]) and not _paragraph_like(rows[j], x0, x1):
            if is_data_row(rows[j]):
                last_data = j
            j += 1
        end = last_data + 1
        while end < j and rows[end].numbers == 0 and _continues(rows[end]):
            end += 1  # a wrapped last row
        if sum(1 for r in rows[i:end] if is_data_row(r)) >= MIN_DATA_ROWS:
            runs.append((i, end))
        i = end
    return runs


def _continues(row: Row) -> bool:
    """The row only carries on text cells of the row above: no segment opens like a row does (a capital,
    a code, a list dash), e.g. "bàn (GRDP)", "(GRDP) theo giá", "2010", "đồng"."""
    return all(not s.text[:1].isupper() and s.text[:1] not in "-+–•*" for s in row.segs)


def columns_of(rows: Sequence[Row]) -> list[tuple[float, float]]:
    """The table's columns, left to right: the x-ranges the rows' segments cover, merged; two neighbours that
    no row fills both of are one column (codes "I" flush left and "1" flush right in the TT column)."""
    spans = sorted((s.x0, s.x1) for r in rows for s in r.segs)
    cols: list[tuple[float, float]] = []
    for a, b in spans:
        if cols and a <= cols[-1][1]:
            cols[-1] = (cols[-1][0], max(cols[-1][1], b))
        else:
            cols.append((a, b))
    k = 0
    while k < len(cols) - 1:
        both = any(_holds(r, cols[k]) and _holds(r, cols[k + 1]) for r in rows)
        if both:
            k += 1
        else:
            cols[k : k + 2] = [(cols[k][0], cols[k + 1][1])]
    return cols


def _holds(row: Row, col: tuple[float, float]) -> bool:
    return any(s.x0 >= col[0] - 1 and s.x1 <= col[1] + 1 for s in row.segs)


def column_of(seg: Line, cols: Sequence[tuple[float, float]]) -> int | None:
    """The column holding the segment, None when it straddles a gutter."""
    for k, (a, b) in enumerate(cols):
        if seg.x0 >= a - 1 and seg.x1 <= b + 1:
            return k
        if seg.x0 < b and seg.x1 > a:
            return None
    return None


def value_columns(rows: Sequence[Row], cols: Sequence[tuple[float, float]]) -> set[int]:
    """Columns of figures: right of the column with the most letters (the indicator's; left of it the
    row codes), where most rows of figures hold a number."""
    data = [r for r in rows if is_data_row(r)]
    counts = [0] * len(cols)
    letters = [0] * len(cols)
    for r in rows:
        for s in r.segs:
            k = column_of(s, cols)
            if k is None:
                continue
            letters[k] += sum(ch.isalpha() for ch in s.text)
            if is_number_text(s.text) and r in data:
                counts[k] += 1
    indicator = max(range(len(cols)), key=lambda k: letters[k])
    return {k for k, n in enumerate(counts) if k > indicator and n >= 0.5 * len(data)}


def _fits(row: Row, cols: Sequence[tuple[float, float]]) -> bool:
    """Every segment is a short label standing over one column (it may reach into a gutter, being wider than
    the column's figures), within the table's width."""
    left, right = cols[0][0], cols[-1][1]
    for s in row.segs:
        if s.x0 < left - s.size or s.x1 > right + s.size or len(s.text.split()) > LABEL_WORDS:
            return False
        over = [min(s.x1, b) - max(s.x0, a) for a, b in cols]
        if sum(1 for (a, b), o in zip(cols, over, strict=True) if o > 0.25 * min(s.x1 - s.x0, b - a)) > 1:
            return False
    return True


def header_rows(
    rows: Sequence[Row], start: int, cols: Sequence[tuple[float, float]], values: set[int]
) -> tuple[int, int]:
    """[top, first body row) of the header block above rows[start]: the lines set solid above the body
    that fit the columns, down to the last one naming a column of figures (below it: label rows)."""
    gutters = [(cols[k][1], cols[k + 1][0]) for k in range(len(cols) - 1)]
    top = start
    while top > 0 and _close(rows[top - 1], rows[top]) and _fits(rows[top - 1], cols):
        top -= 1
    named = start
    for k in range(top, start):
        if any(_in_column(s, gutters) in values for s in rows[k].segs):
            named = k + 1
    return top, named


def _in_column(seg: Line, gutters: Sequence[tuple[float, float]]) -> int:
    """The column a (header) segment's centre falls in, by the gutters."""
    mid = (seg.x0 + seg.x1) / 2
    return sum(1 for a, b in gutters if mid > (a + b) / 2)


def _free(gutter: tuple[float, float], segs: Sequence[Line]) -> tuple[float, float]:
    """The widest part of a gutter where none of the segments is printed (the whole gutter when none is left)."""
    pieces = [gutter]
    for s in segs:
        cut: list[tuple[float, float]] = []
        for a, b in pieces:
            cut.extend(p for p in ((a, min(b, s.x0)), (max(a, s.x1), b)) if p[1] > p[0])
        pieces = cut
    return max(pieces, key=lambda p: p[1] - p[0]) if pieces else gutter


def _edges(head: Sequence[Row], table: Sequence[Row], cols: Sequence[tuple[float, float]]) -> list[float]:
    """Column boundaries: the middle of each gutter, narrowed to where no header text stands either."""
    segs = [s for r in head for s in r.segs]
    edges = [min(s.x0 for r in table for s in r.segs) - 1.0]
    for k in range(len(cols) - 1):
        a, b = _free((cols[k][1], cols[k + 1][0]), segs)
        edges.append((a + b) / 2)
    edges.append(max(s.x1 for r in table for s in r.segs) + 1.0)
    return edges


def _grid_rows(body: Sequence[Row], cols: Sequence[tuple[float, float]], values: set[int]) -> list[list[Row]]:
    """The body's printed rows grouped into grid rows: a line holding no figure joins the row above when it
    follows at the table's line pitch while rows are set further apart (cell padding), or, when they are not,
    when it does not open like a row (_continues)."""
    steps = [b.top - a.top for a, b in itertools.pairwise(body)]
    size = max(r.size for r in body)
    pitch = min(steps, default=0.0) + 0.15 * size  # the lines of one cell
    padded = any(d > pitch for d in steps)
    groups: list[list[Row]] = []
    for r in body:
        text_only = all(column_of(s, cols) not in values for s in r.segs)
        close = r.top - groups[-1][-1].top <= pitch if groups else False
        if groups and text_only and (close if padded else _continues(r)):
            groups[-1].append(r)
        else:
            groups.append([r])
    return groups


def _ruled_bands(rules: Sequence[BBox], top: float, bottom: float, x0: float, x1: float) -> list[float]:
    """The y of the horizontal rules (one piece or one per cell) across most of the table, from its top to
    its bottom."""
    levels: list[tuple[float, list[tuple[float, float]]]] = []
    for r in sorted(rules, key=lambda r: r.top):
        if not top - 6 <= r.top <= bottom + 6:
            continue
        if levels and r.top - levels[-1][0] <= 1.0:
            levels[-1][1].append((r.x0, r.x1))
        else:
            levels.append((r.top, [(r.x0, r.x1)]))
    return [y for y, pieces in levels if _covered(pieces, x0, x1) >= 0.6 * (x1 - x0)]


def _covered(pieces: Sequence[tuple[float, float]], x0: float, x1: float) -> float:
    """How much of [x0, x1] the pieces cover."""
    total, reach = 0.0, x0
    for a, b in sorted(pieces):
        a, b = max(a, reach), min(b, x1)
        if b > a:
            total += b - a
            reach = b
    return total


def _banded(groups: Sequence[Sequence[Row]], ys: Sequence[float]) -> list[float] | None:
    """The rules that bound the grid rows when every row lies between two of them (rows between the same two
    rules are one grid row: a wrapped cell), else None."""
    used: list[int] = []
    for g in groups:
        k = next((k for k in range(len(ys) - 1) if ys[k] - 1 <= g[0].top and g[-1].bottom <= ys[k + 1] + 1), None)
        if k is None:
            return None
        if not used or used[-1] != k:
            used.append(k)
    return [ys[k] for k in used] + [ys[used[-1] + 1]]


def _row_bounds(groups: Sequence[Sequence[Row]], rules: Sequence[BBox], x0: float, x1: float) -> list[float]:
    """The y boundaries of the grid rows: the table's horizontal rules when every row lies between two of them,
    else half-way between the rows."""
    top, bottom = groups[0][0].top, groups[-1][-1].bottom
    ys = _ruled_bands(rules, top, bottom, x0, x1)
    banded = _banded(groups, ys) if len(ys) >= 2 else None
    if banded is not None:
        return banded
    bounds = [top - 1.0]
    for a, b in itertools.pairwise(groups):
        bounds.append((a[-1].bottom + b[0].top) / 2)
    bounds.append(bottom + 1.0)
    return bounds


def table_at(rows: Sequence[Row], start: int, end: int, rules: Sequence[BBox]) -> Found | None:
    """The table whose body runs over rows[start:end], with its header, or None when it has no header."""
    cols = columns_of(rows[start:end])
    if len(cols) < MIN_COLUMNS:
        return None
    values = value_columns(rows[start:end], cols)
    if not values:
        return None
    top, first = header_rows(rows, start, cols, values)
    if first == top:
        return None  # no row of column names
    body = list(rows[first:end])
    groups = [list(rows[top:first]), *_grid_rows(body, cols, values)]
    edges = _edges(rows[top:first], rows[top:end], cols)
    bounds = _row_bounds(groups, rules, edges[0], edges[-1])
    cells = tuple(
        (edges[c], bounds[r], edges[c + 1], bounds[r + 1]) for r in range(len(bounds) - 1) for c in range(len(cols))
    )
    return Found(bbox=(edges[0], bounds[0], edges[-1], bounds[-1]), cells=cells)


def unruled_tables(
    chars: Sequence[Char], rules: Sequence[BBox], page: int, reading: Reading | None = None
) -> list[Found]:
    """Tables printed without vertical rules on a page (its ruled tables' characters already taken out;
    `reading`: their rows already read, lines.Reading)."""
    rows = page_rows(chars, page, reading)
    found: list[Found] = []
    for start, end in body_runs(rows):
        t = table_at(rows, start, end, rules)
        if t is not None:
            found.append(t)
    return found
