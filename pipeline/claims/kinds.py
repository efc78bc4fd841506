"""What a claim says: its kind (level, change, share, rate, plan, ratio, rank, multiple), value,
unit, direction and the comparison it is made against, read from the cue phrases of its sentence."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..vi.numbers import parse_number
from ..vi.units import Unit
from .clauses import clause_bounds, governing_start
from .cued import Cued, Prior, comparison_from, cue_direction, direction_cue
from .percent import PERCENT_UNITS, SIGNS, percent_kind
from .records import CHANGES, Cue, Direction, Kind, NumberSpan


@dataclass(frozen=True, kw_only=True)
class Reading:
    """A number read as a claim: value(s), precision, unit, kind, direction, comparison."""

    value: float | None
    value2: float | None
    decimals: int
    flags: tuple[str, ...]
    unit: str | None
    kind: Kind
    direction: Direction | None
    comparison: str | None


def right_direction(ct: Cued, s: NumberSpan, unit_end: int) -> Cue | None:
    """'5,87 ha diện tích cây cao su tăng thêm' — the cue after the noun phrase."""
    _c0, c1 = clause_bounds(ct.text, s.end)
    for c in ct.cues:
        if unit_end <= c[1] < c1 and c[0] in ("UP", "DOWN"):
            nxt = ct.text[c[2] : c[2] + 6]
            if nxt.strip().startswith("thêm") or c[2] >= c1 - 1 or not re.search(r"\d", ct.text[c[2] : c1]):
                return c
        if unit_end <= c[1] < c1 and c[0] in ("REACH",):
            return None
    return None


def head_number(raw: str) -> str:
    """The first number of a token, its printed sign kept: '3/14' -> '3', '15 - 18' -> '15', '-1,01' -> '-1,01'."""
    sign = raw[:1] if raw[:1] in SIGNS else ""
    return sign + re.split(r"\s*[/\-–]\s*", raw[len(sign) :], maxsplit=1)[0]


def read_values(s: NumberSpan) -> tuple[float | None, float | None, int, tuple[str, ...]]:
    """(value, value2, decimals, flags) of a number, a ratio or a range."""
    if s.form in ("ratio", "range"):
        a, b = re.split(r"\s*[/\-–]\s*", s.raw, maxsplit=1)
        na, nb = parse_number(a), parse_number(b)
        return na.value, nb.value, max(na.decimals, nb.decimals), na.flags + nb.flags
    num = parse_number(head_number(s.raw))
    return num.value, None, num.decimals, num.flags


def change_comparison(ct: Cued, s: NumberSpan, unit_end: int, dcue: Cue | None) -> str | None:
    """The comparison of a change: after it in its clause, else between its cue and it, else before
    the bracket it opens ("tăng cao so với cùng kỳ năm 2023 (tăng 63,64%)")."""
    c0, c1 = clause_bounds(ct.text, s.start)
    comparison = comparison_from(ct, unit_end, c1 + 1)
    if comparison is None and dcue is not None:
        comparison = comparison_from(ct, dcue[2], s.start)
    g0 = governing_start(ct.text, s.start)
    if comparison is None and g0 < c0:
        comparison = comparison_from(ct, g0, c0)
    return comparison


def classify(ct: Cued, s: NumberSpan, unit: Unit | None, prior: Prior) -> Reading:
    """Kind, value, unit, direction and comparison of a number that is a claim."""
    value, value2, decimals, flags = read_values(s)
    first = parse_number(head_number(s.raw)).value
    uend = unit.end if unit else s.end
    u = unit.text if unit else None
    near_before = [c for c in ct.cues if c[2] <= s.start and s.start - c[2] <= 14]
    dcue = direction_cue(ct, s)
    direction = cue_direction(dcue)
    kind: Kind = "level"
    comparison = None
    if s.form == "ratio":
        kind = "rank" if any(c[0] == "RANK" for c in near_before) else "ratio"
    elif any(c[0] == "RANK" for c in near_before):
        kind = "rank"
    elif u == "lần" or any(c[0] == "MULTIPLE" for c in near_before):
        kind = "multiple"
        direction = "up" if dcue is not None and dcue[0] == "UP" else direction
    elif u in PERCENT_UNITS:
        pk = percent_kind(ct, s, u or "", uend, first, prior)
        kind, direction, comparison, flags = pk.kind, pk.direction, pk.comparison, flags + pk.flags
    elif dcue is not None:
        kind = "change_abs"
    elif s.raw[:1] in SIGNS:
        kind, direction = "change_abs", "down" if (value or 0) < 0 else "up"
    elif (rd := right_direction(ct, s, uend)) is not None:
        kind = "change_abs"
        direction = "up" if rd[0] == "UP" else "down"
    if kind == "pp_change" and direction is None:
        direction = "up" if dcue is not None and dcue[0] == "UP" else ("down" if dcue is not None else None)
    if kind in CHANGES and comparison is None:
        comparison = change_comparison(ct, s, uend, dcue)
    if kind not in CHANGES:
        direction = None
    return Reading(
        value=value, value2=value2, decimals=decimals, flags=flags, unit=u, kind=kind, direction=direction,
        comparison=comparison,
    )  # fmt: skip
