"""Printed operands as intervals, the readings of a derived figure, and the units of table rows.

A derived figure may be read several ways (rounded, truncated; a ratio or a difference in points):
each reading is an alternative (basis, computed interval, printed interval), and `best` picks the
first that meets, or the closest.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..claims import Claim
from ..tables import TableCell
from ..vi.units import UnitRules
from .intervals import Iv

Alternative = tuple[str, Iv | None, Iv | None]  # basis, computed, printed
Reading = tuple[str | None, Iv | None, Iv | None, float | None]  # basis, computed, printed, margin


def cell_iv(cell: TableCell) -> Iv | None:
    """A table cell's printed interval (None when it has no value)."""
    return Iv.printed(cell.value, cell.decimals) if cell.value is not None else None


def claim_iv(c: Claim, truncated_ok: bool = False) -> Iv | None:
    """A claim's printed interval (None when it has no value)."""
    return Iv.printed(c.value, c.decimals, truncated_ok) if c.value is not None else None


def signed_iv(c: Claim, truncated_ok: bool = False) -> Iv | None:
    """A claim's printed interval, negative when it states a fall ('giảm 3,5%')."""
    iv = claim_iv(c, truncated_ok)
    if iv is None:
        return None
    return -iv if c.direction == "down" and (c.value or 0) > 0 else iv


def best(alternatives: Sequence[Alternative]) -> Reading:
    """The first alternative (in the order given: plainest reading first) whose intervals meet;
    when none meets, the one that comes closest (largest margin)."""
    found: Reading = (None, None, None, None)
    for basis, exp, act in alternatives:
        if exp is None or act is None:
            continue
        m = exp.margin(act)
        if m >= 0:
            return basis, exp, act, m
        if found[3] is None or m > found[3]:
            found = (basis, exp, act, m)
    return found


def alternatives(basis: str, computed: Iv, c: Claim, signed: bool = False) -> list[Alternative]:
    """A derived figure read as rounded, then as truncated (2,1857 printed 2,18)."""
    printed = signed_iv if signed else claim_iv
    return [(basis, computed, printed(c)), (f"{basis} (truncated)", computed, printed(c, True))]


def against_printed(basis: str, computed: Iv, c: Claim, signed: bool = False) -> Reading:
    """The best reading of a printed claim against a computed interval."""
    return best(alternatives(basis, computed, c, signed))


def unit_scale(text: str | None, units: UnitRules) -> tuple[float, str]:
    """('Tỷ đồng' -> 1e9, 'đồng'), ('nghìn lượt' -> 1e3, 'lượt'), ('Tr. Viên' -> 1e6, 'viên')."""
    if not text:
        return 1.0, ""
    low = re.sub(r"\s+", " ", text.strip().lower())
    low = low.replace("tr.", "triệu ").replace("triệu.", "triệu ")
    words = low.split()
    scale = 1.0
    while words and words[0] in units.scales:
        scale *= units.scales[words[0]]
        words = words[1:]
    base = " ".join(words)
    if base in units.measures:
        b, factor = units.measures[base]
        return scale * factor, b
    return scale, base


__all__ = [
    "Alternative", "Reading", "against_printed", "alternatives", "best", "cell_iv", "claim_iv", "signed_iv",
    "unit_scale",
]  # fmt: skip
