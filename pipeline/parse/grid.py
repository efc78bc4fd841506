"""Ruled tables on a page: their characters set apart, and each table's cell boxes and characters made a grid."""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from ..records import BBox, Cell, TableRegion
from .chars import Char
from .lines import chars_to_lines, chars_to_words
from .paragraphs import join_texts

Box = tuple[float, float, float, float]  # x0, top, x1, bottom as pdfplumber gives them


def inside(c: Char, box: Box, tol: float = 0.5) -> bool:
    """The character's centre lies in `box` (give or take `tol` points)."""
    x = (c.x0 + c.x1) / 2
    y = (c.top + c.bottom) / 2
    return box[0] - tol <= x <= box[2] + tol and box[1] - tol <= y <= box[3] + tol


def word_centre(word: Sequence[Char]) -> tuple[float, float]:
    """The centre of a printed word's box."""
    return (
        (min(c.x0 for c in word) + max(c.x1 for c in word)) / 2,
        (min(c.top for c in word) + max(c.bottom for c in word)) / 2,
    )


def _word_inside(word: Sequence[Char], box: Box, tol: float) -> bool:
    x, y = word_centre(word)
    return box[0] - tol <= x <= box[2] + tol and box[1] - tol <= y <= box[3] + tol


def box_inside(r: BBox, b: BBox) -> bool:
    """`r` lies within `b` (give or take a point)."""
    return r.x0 >= b.x0 - 1 and r.x1 <= b.x1 + 1 and r.top >= b.top - 1 and r.bottom <= b.bottom + 1


def split_chars(chars: Sequence[Char], tables: Sequence[Box]) -> tuple[list[list[Char]], list[Char]]:
    """The characters of each table (a whole word goes where its centre lies), and the rest of the page's
    characters (spaces between words follow their row's words)."""
    per_table: list[list[Char]] = [[] for _ in tables]
    rest: list[Char] = []
    placed: set[int] = set()
    for word in chars_to_words(chars):
        for k, box in enumerate(tables):
            if _word_inside(word, box, 1.0):
                per_table[k].extend(word)
                placed.update(id(c) for c in word)
                break
    for ch in chars:
        if id(ch) in placed:
            continue
        if not ch.text.strip():  # a space: with the table its centre lies in, as before
            hit = next((k for k, box in enumerate(tables) if inside(ch, box, 1.0)), None)
            if hit is not None:
                per_table[hit].append(ch)
                continue
        rest.append(ch)
    return per_table, rest


def _nearest(values: list[float], v: float) -> int:
    k = bisect.bisect_left(values, v)
    if k > 0 and (k == len(values) or v - values[k - 1] <= values[k] - v):
        return k - 1
    return k


def _spans(
    cells: Sequence[Box], xs: list[float], ys: list[float]
) -> tuple[list[tuple[int, int, int, int]], dict[tuple[int, int], int]]:
    """Each cell's grid rows and columns [r0, r1) x [c0, c1), and which cell owns each grid position."""
    spans: list[tuple[int, int, int, int]] = []
    owner: dict[tuple[int, int], int] = {}
    for n, c in enumerate(cells):
        r0, r1, c0, c1 = _nearest(ys, c[1]), _nearest(ys, c[3]), _nearest(xs, c[0]), _nearest(xs, c[2])
        spans.append((r0, max(r1, r0 + 1), c0, max(c1, c0 + 1)))
        for r in range(r0, max(r1, r0 + 1)):
            for k in range(c0, max(c1, c0 + 1)):
                owner.setdefault((r, k), n)
    return spans, owner


def cells_to_region(
    cells: Sequence[Box], bbox: Box, chars: Sequence[Char], page_no: int, landscape: bool
) -> TableRegion:
    """Grid of a table: each printed word goes, whole, to the cell its centre falls in (a word is never cut at
    a column's edge, even when it reaches over the ruling); a wrapped cell's lines are joined with a space."""
    xs = sorted({round(v, 1) for c in cells for v in (c[0], c[2])})
    ys = sorted({round(v, 1) for c in cells for v in (c[1], c[3])})
    spans, owner = _spans(cells, xs, ys)
    held: list[list[Char]] = [[] for _ in cells]

    def owner_at(x: float, y: float) -> int | None:
        return owner.get((bisect.bisect_right(ys, y) - 1, bisect.bisect_right(xs, x) - 1))

    placed: set[int] = set()
    for word in chars_to_words(chars):
        hit = owner_at(*word_centre(word))
        if hit is not None:
            held[hit].extend(word)
            placed.update(id(c) for c in word)
    for ch in chars:  # spaces between words keep the cell of their centre
        if id(ch) not in placed and not ch.text.strip():
            hit = owner_at((ch.x0 + ch.x1) / 2, (ch.top + ch.bottom) / 2)
            if hit is not None:
                held[hit].append(ch)
    out: list[Cell] = []
    for n, c in sorted(enumerate(cells), key=lambda nc: (nc[1][1], nc[1][0])):
        lines = chars_to_lines(held[n], page_no, column_gap=99.0)
        text, _ = join_texts([ln.text for ln in lines])
        r0, r1, c0, c1 = spans[n]
        out.append(
            Cell(
                row=r0, col=c0, text=text, bbox=BBox(x0=c[0], top=c[1], x1=c[2], bottom=c[3]),
                row_span=r1 - r0, col_span=c1 - c0, indent=round(lines[0].x0 - c[0], 1) if lines else 0.0,
            )
        )  # fmt: skip
    return TableRegion(
        region_id=-1,
        page=page_no,
        bbox=BBox(x0=bbox[0], top=bbox[1], x1=bbox[2], bottom=bbox[3]),
        n_rows=max(1, len(ys) - 1),
        n_cols=max(1, len(xs) - 1),
        cells=tuple(out),
        col_edges=tuple(xs),
        landscape=landscape,
    )
