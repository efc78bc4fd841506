"""Repeated figures: the same indicator, measure and period stated in two places agrees with itself."""

from __future__ import annotations

import re
from collections import defaultdict

from ..claims import Claim
from .checks import Check
from .context import Context
from .operands import claim_iv

_GENERIC_INDICATORS = re.compile(
    r"^(?:tổng\s+)?(?:số\s+)?(?:tiền|vốn|kinh\s+phí|giá\s+trị|diện\s+tích|sản\s+lượng)"
    r"(?:\s+(?:đăng\s+ký|điều\s+lệ|đầu\s+tư|thực\s+hiện|giải\s+ngân))*(?:\s+(?:là|trên|khoảng))?$|^(?:số|tổng)$"
)
GroupKey = tuple[str, str, str, str | None, str | None, str | None]


def repeated_figures(ctx: Context) -> list[Check]:
    """The same indicator, measure, unit, comparison and period stated in two places: two sections,
    or the text and a footnote. Two statements inside one section (or one footnote) usually speak of
    different things the indicator phrase does not tell apart, so they are not paired; neither are
    targets and figures of an earlier period."""
    checks: list[Check] = []
    for members in statement_groups(ctx).values():
        first = members[0]
        for other in members[1:]:
            if not two_places(first, other):
                continue
            a, b = claim_iv(first), claim_iv(other)
            if a is None or b is None:
                continue
            where = "a footnote" if (first.footnote is None) != (other.footnote is None) else "another section"
            msg = (
                f"'{first.indicator}' stated as {first.raw} (p. {first.page}) and {other.raw} "
                f"(p. {other.page}, {where})"
            )
            checks.append(ctx.check("repeated_figure", msg, expected=a, actual=b, claims=[first, other]))
    return checks


def statement_groups(ctx: Context) -> dict[GroupKey, list[Claim]]:
    """Reported figures with a distinctive indicator, by what they state."""
    groups: dict[GroupKey, list[Claim]] = defaultdict(list)
    for c in ctx.claims:
        if c.kind == "not_claim" or c.value is None or not c.indicator or c.kind in ("ratio", "rank"):
            continue
        toks = ctx.words.tokens(c.indicator)
        if len(toks) < 3 or _GENERIC_INDICATORS.match(c.indicator.lower()):
            continue
        if ctx.is_target(c) or ctx.previous_period_footnote(c.footnote):
            continue
        key = (" ".join(toks), c.kind, (c.unit or "").lower(), c.comparison, c.direction, c.period)
        groups[key].append(c)
    return groups


def two_places(first: Claim, other: Claim) -> bool:
    """Two statements in different sentences, and in two sections or the text and a footnote."""
    if other.sentence_id == first.sentence_id:
        return False
    return not (
        other.footnote == first.footnote and (other.footnote is not None or other.section_id == first.section_id)
    )


__all__ = ["repeated_figures"]
