"""The kind of a percentage: a change, points, a plan share, a share, a rate, a ratio.

A printed sign makes it a change ("(-1,01%)"); "điểm %" makes it points; a direction cue makes it a
change, in points when it continues a share or rate of the same subject ("chiếm 16,47%, giảm
1,12%") or compares one ("chiếm tỷ lệ 35,1%, thấp hơn 0,4% so với chỉ tiêu"); a plan or budget
named right after makes it a plan share. A level is a share or a rate by the nearest kind word
before it ("chiếm" → share, "tỷ lệ" → rate), a growth rate after "tốc độ tăng", a ratio after
"bằng … so với cùng kỳ", a share when a whole follows it ("85% diện tích lúa"), a plan share when
"đạt X%" closes a clause after an amount, else the kind of the share or rate it continues.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .clauses import clause_bounds, governing_start
from .cued import (
    COMPARATIVES,
    Cued,
    Prior,
    comparison_from,
    cue_direction,
    cues_between,
    direction_cue,
    own_subject,
    same_depth,
)  # fmt: skip
from .records import Cue, Direction, Kind, NumberSpan

SIGNS = "+-−–"
PERCENT_UNITS = ("%", "điểm %", "điểm phần trăm")
GROWTH_RATE = re.compile(r"tốc\s+độ\s+tăng(?:\s+trưởng)?", re.IGNORECASE)
LEVEL_PERCENTS: tuple[Kind, ...] = ("share_pct", "rate_pct")


@dataclass(frozen=True, kw_only=True)
class PercentKind:
    """The kind of a percentage, with what it settles besides."""

    kind: Kind
    direction: Direction | None
    comparison: str | None = None
    flags: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class Pct:
    """One percentage in its sentence: where its unit ends, its clause, its value, the claim before."""

    ct: Cued
    s: NumberSpan
    unit_end: int
    value: float | None
    prior: Prior

    @property
    def clause(self) -> tuple[int, int]:
        """The clause around the number."""
        return clause_bounds(self.ct.text, self.s.start)


def percent_kind(
    ct: Cued, s: NumberSpan, unit_text: str, unit_end: int, value: float | None, prior: Prior
) -> PercentKind:
    """A percentage: points, a change, a plan share, a share, a growth rate, a ratio or a rate."""
    p = Pct(ct=ct, s=s, unit_end=unit_end, value=value, prior=prior)
    if s.raw[:1] in SIGNS:
        return PercentKind(kind="change_pct", direction="down" if (value or 0) < 0 else "up")
    dcue = direction_cue(ct, s)
    points = [c for c in cues_between(ct.cues, unit_end, p.clause[1] + 1, ("POINTS",)) if c[1] - unit_end <= 2]
    if unit_text != "%" or points:
        return PercentKind(kind="pp_change", direction=cue_direction(dcue))
    plan = plan_after(p)
    if dcue is not None:
        comparison = comparison_from(ct, unit_end, plan[2]) if plan else None
        return points_of_level(p, dcue, comparison) or PercentKind(
            kind="change_pct", direction=cue_direction(dcue), comparison=comparison
        )
    if plan:
        return PercentKind(kind="plan_pct", direction=None, comparison=comparison_from(ct, unit_end, plan[2]))
    return bracket_target(p) or level_kind(p)


def plan_after(p: Pct) -> Cue | None:
    """A plan, budget or scenario named right after the number, outside any bracket that follows it."""
    _c0, c1 = p.clause
    for c in cues_between(p.ct.cues, p.unit_end, c1 + 1, ("PLAN", "BUDGET", "SCENARIO")):
        if c[1] - p.unit_end <= 12 and same_depth(p.ct.text, c[1], p.s.start):
            return c
    return None


def points_of_level(p: Pct, dcue: Cue, comparison: str | None) -> PercentKind | None:
    """'Khu vực I chiếm 16,47%, giảm 1,12%': the change of a share or rate its clause continues
    (no subject of its own) is in points; so is a comparative after one ('chiếm tỷ lệ 35,1%, thấp
    hơn 0,4% so với chỉ tiêu'), even when an amount of the same subject came before the share."""
    prior, (c0, _c1) = p.prior, p.clause
    if prior.kind not in LEVEL_PERCENTS or prior.value is None or p.value is None or p.value >= prior.value:
        return None
    if own_subject(p.ct, c0, dcue[1]) or cues_between(p.ct.cues, c0, p.s.start, ("SHARE", "RATE", "REACH")):
        return None
    if prior.level_before and dcue[3] not in COMPARATIVES:
        return None
    return PercentKind(
        kind="pp_change", direction=cue_direction(dcue), comparison=comparison, flags=("points_printed_as_percent",)
    )


def bracket_target(p: Pct) -> PercentKind | None:
    """'tăng 11,83% (KH cả năm 9,5%)': the planned figure of the change just stated is of its kind."""
    c0, _c1 = p.clause
    if c0 == 0 or p.ct.text[c0 - 1] != "(" or p.prior.kind != "change_pct":
        return None
    if not cues_between(p.ct.cues, c0, p.s.start, ("PLAN", "BUDGET")):
        return None
    return PercentKind(kind="change_pct", direction=p.prior.direction)


def level_kind(p: Pct) -> PercentKind:
    """A percentage that is not a change: share, rate, growth rate, ratio or plan share."""
    ct, (c0, c1) = p.ct, p.clause
    g0 = governing_start(ct.text, p.s.start)
    kinds = cues_between(ct.cues, c0, p.s.start, ("SHARE", "RATE"))
    if kinds:
        return PercentKind(kind="share_pct" if kinds[-1][0] == "SHARE" else "rate_pct", direction=None)
    if cues_between(ct.cues, g0, p.s.start, ("GROWTH",)) or GROWTH_RATE.search(ct.text[: p.s.start]):
        return PercentKind(kind="change_pct", direction="down" if (p.value or 0) < 0 else "up")  # a growth rate
    reach = cues_between(ct.cues, c0, p.s.start, ("REACH",))
    if reach and reach[-1][3] == "ratio-bang":
        comparison = comparison_from(ct, p.unit_end, c1 + 1)
        if comparison in ("same_period_prev_year", "prev_period"):
            return PercentKind(kind="ratio", direction=None, comparison=comparison)
    if whole_after(p):
        return PercentKind(kind="share_pct", direction=None)
    if reach and plan_attained(p, reach[-1]):
        return PercentKind(kind="plan_pct", direction=None)
    if p.prior.kind in LEVEL_PERCENTS and not own_subject(ct, c0, predicate_start(ct, c0, p.s.start)):
        return PercentKind(kind=p.prior.kind, direction=None)  # "… xuống còn 60,8%, ước cuối năm giảm còn 59%"
    return PercentKind(kind="rate_pct", direction=None)


def predicate_start(ct: Cued, c0: int, end: int) -> int:
    """Where the first cue of the clause [c0, end) starts (the subject ends there), else end."""
    return min((c[1] for c in cues_between(ct.cues, c0, end)), default=end)


def whole_after(p: Pct) -> bool:
    """'đạt trên 85% diện tích lúa Mùa đã gieo cấy': a measure of a whole right after the percentage."""
    after = p.ct.text[p.unit_end : p.unit_end + 40].lstrip().lower()
    return any(re.match(re.escape(h) + r"(?![\wĐđ])", after) for h in p.ct.lex.measure_heads)


def plan_attained(p: Pct, reach: Cue) -> bool:
    """'… ước đạt 2.565 tỷ đồng, đạt 132,7%.': 'đạt X%' closing a clause of its own, right after an
    amount (money, area, tonnage …, not a count of people) of the same subject, is the share of a
    plan the report does not name."""
    c0, c1 = p.clause
    amount = p.prior.kind == "level" and p.prior.base is not None and p.prior.base != "%"
    closes = not p.ct.text[p.unit_end : c1].strip(" .…")
    return reach[3] == "reach-dat" and amount and closes and not own_subject(p.ct, c0, reach[1])
