"""Raised text: runs of small raised digits become markers (footnote references), or ²/³ after a metre unit."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from ..records import StyleRun
from .chars import Char
from .textline import Line, LineMarker

_DIGITS = frozenset("0123456789")
_M_UNIT_RE = re.compile(r"(?:^|[\s\d(/])(?:k|c|d|m)?m$")


def is_raised(c: Char, size: float, base: float) -> bool:
    """The glyph sits above the line's baseline: smaller and lifted, or lifted a lot."""
    lift = base - c.bottom
    return (c.size <= 0.85 * size and lift > 0.12 * size) or lift > 0.25 * size


def is_raised_digit(c: Char, size: float, base: float) -> bool:
    """A raised digit: part of a marker (or an exponent)."""
    return c.text in _DIGITS and is_raised(c, size, base)


def raised_run_end(units: Sequence[list[Char]], start: int, size: float, base: float) -> int:
    """The end of the run of raised digits that starts at `units[start]`."""
    j = start
    while j < len(units) and is_raised_digit(units[j][0], size, base):
        j += 1
    return j


def raised_marker(run: Sequence[list[Char]], before: str, offset: int) -> LineMarker:
    """The marker for a run of raised digits standing at `offset`, after the text `before` (stripped)."""
    bbox = run[0][0].bbox
    for u in run:
        bbox = bbox.union(u[0].bbox)
    digits = "".join(u[0].text for u in run)
    exponent = digits in ("2", "3") and bool(_M_UNIT_RE.search(before[-4:]))
    return LineMarker(number=int(digits), offset=offset, bbox=bbox, exponent_like=exponent)


def splits_words(before: str, nxt: Char | None) -> bool:
    """A marker glued between two words still separates them."""
    return nxt is not None and bool(nxt.text.strip()) and before[-1:].isalnum() and nxt.text[:1].isalnum()


def line_with_exponents(line: Line, keep_markers: set[int]) -> Line:
    """Turn raised 2/3 after a metre unit into ²/³ unless a footnote with that number exists."""
    if not any(m.exponent_like and m.number not in keep_markers for m in line.markers):
        return line
    text = line.text
    shift = 0
    markers: list[LineMarker] = []
    inserts: list[int] = []
    for m in line.markers:
        if m.exponent_like and m.number not in keep_markers:
            pos = m.offset + shift
            text = text[:pos] + ("²" if m.number == 2 else "³") + text[pos:]
            inserts.append(m.offset)
            shift += 1
        else:
            markers.append(LineMarker(number=m.number, offset=m.offset + shift, bbox=m.bbox, exponent_like=False))
    styles = []
    for r in line.styles:
        ds = sum(1 for p in inserts if p < r.start)
        de = sum(1 for p in inserts if p <= r.end)
        styles.append(StyleRun(start=r.start + ds, end=r.end + de, bold=r.bold, italic=r.italic))
    return replace(line, text=text, styles=tuple(styles), markers=tuple(markers))
