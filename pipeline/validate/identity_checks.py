"""The identity family: findings of schemas/identities.yaml on a report's facts, as checks.

identity_checks   facts (facts.py) -> findings (identities.py) -> checks, one rule per kind,
                  minus those an older rule already made on the very same operands
with_diagnoses    every failed check (any family) with its most plausible cause and the value
                  the relation implies (diagnosis.py)
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import cast

from ..indicators import Catalogue, catalogue
from ..indicators.report import Links
from ..rules import Rules
from .checks import Check, fmt
from .context import Context
from .diagnosis import Diagnosis, Printed, Relation, diagnose_value
from .facts import report_facts
from .identities import Finding, evaluate, identities
from .intervals import Iv

RULES: Mapping[str, str] = {
    "sum": "identity_sum", "partial_sum": "identity_partial_sum", "shares_sum_100": "identity_shares_100",
    "share": "identity_share", "growth": "identity_growth", "ratio_pct": "identity_ratio",
    "abs_change": "identity_change", "plan_attainment": "identity_plan", "contributions_sum": "identity_contributions",
    "contribution_share_sum": "identity_contribution_shares", "not_additive": "identity_index_range",
    "product": "identity_product",
    "restatement": "identity_restatement",
}  # fmt: skip
_WORDS: Mapping[str, str] = {
    "sum": "its parts add up to", "partial_sum": "its listed parts add up to at least",
    "shares_sum_100": "the shares add up to", "share": "part / whole gives", "growth": "the levels give a growth of",
    "ratio_pct": "the levels give a ratio of", "abs_change": "the levels give a change of",
    "plan_attainment": "level / plan gives", "contributions_sum": "the contributions add up to",
    "contribution_share_sum": "the contribution shares add up to",
    "not_additive": "its components range over", "product": "the product of its factors is",
    "restatement": "it is printed elsewhere as",
}  # fmt: skip


def _label(cat: Catalogue, f: Finding) -> str:
    entry = cat.indicators.get(f.subject)
    name = entry.name_vi if entry else f.subject
    basis = f", {f.dims[0].replace('_', ' ')}" if f.dims[0] else ""
    return f"{name} ({f.measure}{basis})"


ADDITIVE = frozenset(["sum", "contributions_sum", "shares_sum_100", "contribution_share_sum"])


def _suspects(f: Finding, k: float) -> list[tuple[str, Printed, Iv]]:
    """Each figure that may be the wrong one, in the printed scale, with the value the identity
    implies for it: the printed result, and for additive identities each of its parts."""

    def printed(iv: Iv, role: str) -> Printed:
        return Printed(value=iv.value / k, decimals=_decimals(iv.lo / k, iv.hi / k), role=role)

    out = [(f.refs[0], printed(f.actual, "result"), f.expected.scale(1 / k))]
    if f.kind in ADDITIVE:
        for ref, iv in zip(f.refs[1:], f.operands, strict=False):
            implied = (f.actual - (f.expected - iv)).scale(1 / k)  # the total less the other parts
            out.append((ref, printed(iv, "part"), implied))
    return out


def diagnose(f: Finding, k: float) -> tuple[str, Diagnosis]:
    """The most specific explanation among the figures of a failed identity, and whose it is."""
    relation = cast(Relation, f.kind if f.kind in _DIAGNOSED else "restatement")
    best: tuple[str, Diagnosis] | None = None
    for ref, printed, implied in _suspects(f, k):
        d = diagnose_value(printed, implied, relation=relation)
        if d.kind in ("unexplained", "rounding") and best is not None:
            continue
        if best is None or best[1].kind in ("unexplained", "rounding") or d.confidence > best[1].confidence:
            best = (ref, d)
    assert best is not None
    return best


_DIAGNOSED = frozenset(["sum", "partial_sum", "share", "shares_sum_100", "growth", "abs_change", "plan_attainment",
                        "contributions_sum", "ratio_pct", "restatement"])  # fmt: skip


def _check(ctx: Context, cat: Catalogue, f: Finding, order: Mapping[str, int]) -> Check:
    k = f.scale or 1.0
    expected, actual = f.expected.scale(1 / k), f.actual.scale(1 / k)  # in the unit the figure is printed in
    message = (
        f"{_label(cat, f)}: printed {fmt(actual.value)}, {_WORDS.get(f.kind, 'the identity gives')} "
        f"{fmt(expected.value)} (identity {f.identity})"
    )
    if f.min_share:  # the listed parts are all there: they bound the total from both sides
        message = (
            f"{_label(cat, f)}: printed {fmt(actual.value)}, its listed parts add up to {fmt(expected.value)}, "
            f"at least {fmt(f.min_share * 100)}% of the total, so the total lies between {fmt(expected.lo)} and "
            f"{fmt(expected.hi)} (identity {f.identity})"
        )
    claims = [ctx.claims[k] for k in sorted({order[r] for r in f.refs if r in order})]  # in the report's order
    cells = [r for r in f.refs if r.count(":") == 2 and not r.endswith("#100")]
    chk = ctx.check(RULES[f.kind], message, expected=expected, actual=actual, claims=claims, cells=cells,
                    basis=f.identity, key=[f.identity])  # fmt: skip
    if chk.status != "fail":
        return chk
    ref, d = diagnose(f, k)
    text = d.explanation if ref == f.refs[0] else f"{ref}: {d.explanation}"
    return replace(chk, diagnosis=d.kind, suggested_value=d.suggested_value, diagnosis_text=text)


PARTIAL_RULES = frozenset(["table_partial_sum", "prose_components", "footnote_parts"])


def _operands(c: Check) -> frozenset[str]:
    return frozenset((*c.claim_ids, *c.table_cells))


def identity_checks(
    ctx: Context, links: Links, rules: Rules, report_period: str | None, older: Sequence[Check]
) -> tuple[list[Check], set[str]]:
    """Checks of every identity whose operands the report prints, and the ids of older checks they
    fold in. On the very figures an older rule already relates, the older check stands, except that an
    exhaustive breakdown by definition replaces a 'parts ≤ total' reading of the same list (a 'trong
    đó' before GRDP's four sectors does not make them partial)."""
    cat = catalogue(rules)
    findings = evaluate(identities(rules), report_facts(ctx, links, cat, report_period))
    by_operands: dict[frozenset[str], list[Check]] = {}
    for c in older:
        by_operands.setdefault(_operands(c), []).append(c)
    order = {c.claim_id: k for k, c in enumerate(ctx.claims)}
    out: list[Check] = []
    folded: set[str] = set()
    for f in findings:
        if f.kind not in RULES:
            continue
        chk = _check(ctx, cat, f, order)
        same = by_operands.get(_operands(chk), [])
        if chk.rule == "identity_sum" and same and all(c.rule in PARTIAL_RULES for c in same):
            folded |= {c.check_id for c in same}
            out.append(chk)
        elif not same:
            out.append(chk)
    return out, folded


_RELATION: Mapping[str, str] = {
    "identity_sum": "sum", "identity_partial_sum": "partial_sum", "identity_shares_100": "shares_sum_100",
    "identity_share": "share", "identity_growth": "growth", "identity_ratio": "ratio_pct",
    "identity_change": "abs_change", "identity_plan": "plan_attainment", "identity_contributions": "contributions_sum",
    "identity_restatement": "restatement", "table_sum": "sum", "table_partial_sum": "partial_sum",
    "table_structure_100": "shares_sum_100", "table_ratio": "ratio_pct", "narrative_table_value": "restatement",
    "repeated_figure": "restatement",
}  # fmt: skip


def _decimals(lo: float | None, hi: float | None) -> int:
    """Printed decimals of an interval's width (negative for figures scaled to base units)."""
    width = (hi or 0.0) - (lo or 0.0)
    return round(-math.log10(width)) if width > 0 else 0


def with_diagnoses(checks: Sequence[Check]) -> list[Check]:
    """Failed checks with a diagnosis and the value the relation implies."""
    out = []
    for c in checks:
        if c.status != "fail" or c.diagnosis or c.actual is None or c.expected_lo is None or c.expected_hi is None:
            out.append(c)
            continue
        printed = Printed(value=c.actual, decimals=_decimals(c.actual_lo, c.actual_hi))
        relation = cast(Relation, _RELATION.get(c.rule, "restatement"))
        d = diagnose_value(printed, Iv(c.expected_lo, c.expected_hi), relation=relation)
        out.append(replace(c, diagnosis=d.kind, suggested_value=d.suggested_value, diagnosis_text=d.explanation))
    return out
