"""A page's lines become flows: the main flow, and the left and right columns of side-by-side blocks."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from .stats import Stats, is_centered
from .textline import Line

FlowKind = Literal["main", "left", "right"]


@dataclass(slots=True)
class Flow:
    """Lines read in order: the main flow of a page or one column of a multi-column block."""

    lines: list[Line] = field(default_factory=list)
    kind: FlowKind = "main"
    block: int = -1  # index of the multi-column block on its page, -1 for the main flow


def _ends_block(row: list[Line], bottom: float, top_size: float, stats: Stats) -> bool:
    """The row (sorted left to right) does not belong to the block above it: a gap, a centred body line,
    or larger type (the title after a header block)."""
    size = max(s.size for s in row)
    if min(s.top for s in row) - bottom > 1.5 * size:
        return True
    if len(row) == 1 and is_centered(row[0], stats) and abs(row[0].size - stats.body_size) < 0.6:
        return True
    return size > top_size + 0.5


def _block(rows: list[list[Line]], start: int, nblock: int, stats: Stats) -> tuple[Flow, Flow, int]:
    """The two columns of the block opening at the split row `rows[start]`, and the index of the row after it."""
    row = sorted(rows[start], key=lambda x: x.x0)
    left, right = Flow(kind="left", block=nblock), Flow(kind="right", block=nblock)
    left.lines.append(row[0])
    right.lines.extend(row[1:])
    right_x0 = min(s.x0 for s in row[1:])  # where the right column starts
    bottom = max(s.bottom for s in row)
    top_size = max(s.size for s in row)
    j = start + 1
    while j < len(rows):
        nxt = sorted(rows[j], key=lambda x: x.x0)
        if _ends_block(nxt, bottom, top_size, stats):
            break
        size = max(s.size for s in nxt)
        top_size = max(top_size, size)
        if len(nxt) == 1 and nxt[0].x0 >= right_x0 - 2 * size:
            right.lines.append(nxt[0])
            right_x0 = min(right_x0, nxt[0].x0)
        elif nxt[0].x1 > right_x0 + size:
            break  # a line across both columns: the block is over
        else:
            left.lines.append(nxt[0])
            right.lines.extend(nxt[1:])
            if nxt[1:]:
                right_x0 = min([right_x0, *(s.x0 for s in nxt[1:])])
        bottom = max(s.bottom for s in nxt)
        j += 1
    return left, right, j


def lines_to_flows(lines: Sequence[Line], stats: Stats) -> list[Flow]:
    """Split a page's lines into the main flow and the columns of side-by-side blocks.

    A block starts at a printed row split into segments (header block, signature block) and
    goes on while the following rows stay on one side of the column boundary.
    """
    flows: list[Flow] = []
    by_row: dict[int, list[Line]] = {}
    for ln in lines:
        by_row.setdefault(ln.row, []).append(ln)
    rows = sorted(by_row.values(), key=lambda r: min(x.top for x in r))
    i = 0
    nblock = 0
    main = Flow()
    while i < len(rows):
        if len(rows[i]) < 2:
            main.lines.extend(rows[i])
            i += 1
            continue
        left, right, i = _block(rows, i, nblock, stats)
        if main.lines:
            flows.append(main)
            main = Flow()
        flows.extend(f for f in (left, right) if f.lines)
        nblock += 1
    if main.lines:
        flows.append(main)
    return flows
