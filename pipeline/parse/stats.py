"""Statistics of a document's printed lines (body size, margins, pitch, indent) and where a line sits against them.

Thresholds elsewhere are relative to these measures and to the font size, never absolute coordinates of one layout.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .furniture import footnote_block
from .textline import Line


@dataclass(frozen=True, slots=True, kw_only=True)
class Stats:
    """Body font size, margins, line pitch, first-line indent, and whether the body text is justified."""

    body_size: float
    left: float
    right: float
    pitch: float
    indent: float
    justified: bool

    @property
    def center(self) -> float:
        """Middle of the text column."""
        return (self.left + self.right) / 2

    @property
    def width(self) -> float:
        """Width of the text column."""
        return self.right - self.left


def dominant(values: Iterable[tuple[float, int]]) -> float:
    """The most common value (rounded to 0.1), weighted."""
    counts: dict[float, int] = {}
    for v, w in values:
        key = round(v, 1)
        counts[key] = counts.get(key, 0) + w
    return max(counts, key=counts.__getitem__) if counts else 0.0


def _smallest_common(counts: Counter[float], share: float = 0.2) -> float | None:
    """The smallest value seen at least `share` times as often as the most common one: the
    left margin among first-line indents, the line pitch among paragraph gaps."""
    if not counts:
        return None
    top = max(counts.values())
    return min(v for v, n in counts.items() if n >= share * top)


def _body_size(rows: Sequence[Line]) -> float:
    """The body's type size: the most common size of the long rows (weighted by text), footnotes left out
    (a note opening with its raised number and the lines set under it): in a short report, or on a page of
    long notes, the notes may hold more text than the body."""
    by_page: dict[int, list[Line]] = {}
    for ln in rows:
        by_page.setdefault(ln.page, []).append(ln)
    notes = {id(ln) for page in by_page.values() for ln in footnote_block(sorted(page, key=lambda x: x.top))}
    return dominant((ln.size, len(ln.text)) for ln in rows if id(ln) not in notes) or dominant(
        (ln.size, len(ln.text)) for ln in rows
    )


def measure(lines: Sequence[Line]) -> Stats:
    """Body font size, margins, line pitch and first-line indent, measured on the document."""
    if not lines:  # all the text is inside tables: no paragraphs to lay out
        return Stats(body_size=12.0, left=0.0, right=0.0, pitch=14.4, indent=0.0, justified=False)
    widest = max((ln.x1 - ln.x0 for ln in lines), default=0.0)
    long_rows = [ln for ln in lines if ln.x1 - ln.x0 >= 0.6 * widest and ln.nseg == 1]
    body_size = _body_size(long_rows or lines) or 12.0
    body = [ln for ln in lines if abs(ln.size - body_size) < 0.6 and ln.nseg == 1]
    if not body:
        body = list(lines)
    widest = max(x.x1 - x.x0 for x in body)
    lefts: Counter[float] = Counter(round(ln.x0) for ln in body if ln.x1 - ln.x0 > 0.7 * widest)
    left = _smallest_common(lefts) or min(ln.x0 for ln in body)
    span = max(x.x1 for x in body) - left
    long_lines = [ln for ln in body if ln.x1 - ln.x0 > 0.5 * span] or body
    right = dominant((round(ln.x1), 1) for ln in long_lines)
    pitches: Counter[float] = Counter()
    indents: Counter[float] = Counter()
    for a, b in itertools.pairwise(body):
        if a.page == b.page and 0.8 * body_size < b.top - a.top < 3 * body_size:
            pitches[round(b.top - a.top, 0)] += 1
    for ln in body:
        d = round(ln.x0 - left)
        if 0.8 * body_size <= d <= 6 * body_size:
            indents[d] += 1
    pitch = _smallest_common(pitches) or 1.2 * body_size
    indent = indents.most_common(1)[0][0] if indents else 0.0
    full = sum(1 for ln in long_lines if abs(ln.x1 - right) <= 2.5)
    justified = full >= 0.5 * len(long_lines)
    return Stats(body_size=body_size, left=left, right=right, pitch=pitch, indent=indent, justified=justified)


def is_centered(line: Line, stats: Stats) -> bool:
    """The line is centred in the text column (and not merely a first-line indent)."""
    mid = (line.x0 + line.x1) / 2
    return (
        abs(mid - stats.center) < max(6.0, 0.02 * stats.width)
        and line.x0 > stats.left + 1
        and line.x1 < stats.right - 1
        and not (stats.indent and abs(line.x0 - stats.left - stats.indent) < 1.0)
    )


def is_indented(line: Line, stats: Stats) -> bool:
    """The line starts right of the left margin, without being centred."""
    return line.x0 - stats.left >= max(0.6 * stats.body_size, 0.5 * stats.indent) and not is_centered(line, stats)


def is_full(line: Line, stats: Stats) -> bool:
    """The line reaches the right margin."""
    return line.x1 >= stats.right - max(2.5, 0.25 * stats.body_size)
