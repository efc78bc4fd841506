"""What a claim says: its kind (level, change, share, rate, plan, ratio, rank, multiple), value,
unit, direction and the comparison it is made against, read from the cue phrases of its sentence."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..vi.numbers import parse_number
from ..vi.units import Unit
from .clauses import clause_bounds, governing_start
from .records import CHANGES, Cue, Direction, Kind, NumberSpan

COMPARE_LABELS = ("SAME_PERIOD", "PLAN", "BUDGET", "SCENARIO", "PREV_PERIOD")
COMPARISONS = {
    "SAME_PERIOD": "same_period_prev_year",
    "PLAN": "plan",
    "BUDGET": "budget",
    "SCENARIO": "scenario",
    "PREV_PERIOD": "prev_period",
}
PERCENT_UNITS = ("%", "điểm %", "điểm phần trăm")


@dataclass(frozen=True, kw_only=True)
class Cued:
    """A sentence and its cue spans (vi.nlp.cue_spans)."""

    text: str
    cues: list[Cue]


@dataclass(frozen=True, kw_only=True)
class Prior:
    """What the claims before a number in its sentence tell about it."""

    kind: Kind | None = None  # the claim before
    value: float | None = None
    level_before: bool = False  # a level of the same subject came before the claim before


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


def cues_between(cues: Sequence[Cue], a: int, b: int, labels: Iterable[str] | None = None) -> list[Cue]:
    """The cues inside [a, b), of the given labels (default: all)."""
    want = set(labels) if labels else None
    return [c for c in cues if a <= c[1] and c[2] <= b and (want is None or c[0] in want)]


def comparison_from(ct: Cued, start: int, end: int) -> str | None:
    """The comparison named by cues in [start, end) (the first one)."""
    found = cues_between(ct.cues, start, end, COMPARE_LABELS)
    if not found:
        # "so với 31/12/2023", "so với năm 2022"
        m = re.search(r"so\s+(?:với\s+)?(?:ngày\s+)?(\d{1,2})/(\d{1,2})/(\d{4})", ct.text[start:end])
        if m:
            return f"date:{int(m.group(3)):04d}-{int(m.group(2)):02d}-{int(m.group(1)):02d}"
        if re.search(r"so\s+(?:với\s+)?(?:năm|tháng|quý)\s+\S+", ct.text[start:end]):
            return "prev_period"
        return None
    label = found[0][0]
    if label == "PREV_PERIOD" and any(c[0] == "SAME_PERIOD" for c in found):
        label = "SAME_PERIOD"
    return COMPARISONS[label]


def direction_cue(ct: Cued, s: NumberSpan) -> Cue | None:
    """The UP/DOWN cue that governs a number: before it in its clause with no predicate between."""
    c0 = governing_start(ct.text, s.start)
    # a cue within the clause before the number; a REACH/SHARE/RATE cue after it resets
    best: Cue | None = None
    for c in ct.cues:
        if c[2] > s.start or c[1] < c0:
            continue
        if c[0] in ("UP", "DOWN", "GROWTH"):
            best = c
        elif c[0] in ("REACH", "SHARE") and best is not None and c[1] > best[1]:
            best = None
    return best


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


def read_values(s: NumberSpan) -> tuple[float | None, float | None, int, tuple[str, ...]]:
    """(value, value2, decimals, flags) of a number, a ratio or a range."""
    if s.form in ("ratio", "range"):
        a, b = re.split(r"\s*[/\-–]\s*", s.raw, maxsplit=1)
        na, nb = parse_number(a), parse_number(b)
        return na.value, nb.value, max(na.decimals, nb.decimals), na.flags + nb.flags
    num = parse_number(s.raw.split("/")[0].split("-")[0].split("–")[0])
    return num.value, None, num.decimals, num.flags


def cue_direction(cue: Cue | None) -> Direction | None:
    """Up for an UP or GROWTH cue, down for any other, None for none."""
    if cue is None:
        return None
    return "up" if cue[0] in ("UP", "GROWTH") else "down"


@dataclass(frozen=True, kw_only=True)
class PercentKind:
    """The kind of a percentage, with what it settles besides."""

    kind: Kind
    direction: Direction | None
    comparison: str | None = None
    flags: tuple[str, ...] = ()


def percent_kind(
    ct: Cued, s: NumberSpan, unit_text: str, unit_end: int, value: float | None, prior: Prior
) -> PercentKind:
    """A percentage: points, a change, a plan share, a share, a growth rate or a rate."""
    text, cues = ct.text, ct.cues
    dcue = direction_cue(ct, s)
    direction = cue_direction(dcue)
    c0, c1 = clause_bounds(text, s.start)
    after_cues = cues_between(cues, unit_end, c1 + 1)
    plan_after = [c for c in after_cues if c[0] in ("PLAN", "BUDGET", "SCENARIO") and c[1] - unit_end <= 12]
    if unit_text != "%" or any(c[0] == "POINTS" for c in after_cues if c[1] - unit_end <= 2):
        return PercentKind(kind="pp_change", direction=direction)
    if dcue is not None and not plan_after:
        if (
            prior.kind in ("share_pct", "rate_pct")
            and prior.value is not None
            and value is not None
            and value < prior.value
            and not prior.level_before
            and not cues_between(cues, c0, s.start, ("SHARE", "RATE", "REACH"))
        ):
            # "Khu vực I chiếm 16,47%, giảm 1,12%": the change of a share is in points
            return PercentKind(kind="pp_change", direction=direction, flags=("points_printed_as_percent",))
        return PercentKind(kind="change_pct", direction=direction)
    if dcue is not None and dcue[3] == "up-vuot":
        return PercentKind(kind="change_pct", direction=direction)
    if plan_after:
        return PercentKind(
            kind="plan_pct", direction=direction, comparison=comparison_from(ct, unit_end, plan_after[0][2])
        )
    if any(c[0] == "SHARE" for c in cues_between(cues, c0, s.start)):
        return PercentKind(kind="share_pct", direction=direction)
    if cues_between(cues, governing_start(text, s.start), s.start, ("GROWTH",)) or (
        re.search(r"tốc\s+độ\s+tăng(?:\s+trưởng)?", text[: s.start], re.IGNORECASE)
        and not cues_between(cues, c0, s.start, ("SHARE", "RATE"))
    ):
        return PercentKind(kind="change_pct", direction="down" if (value or 0) < 0 else "up")  # a growth rate
    return PercentKind(kind="rate_pct", direction=direction)


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
    first = parse_number(s.raw.split("/")[0].split("-")[0].split("–")[0]).value
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
