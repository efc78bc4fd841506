"""Validation stage, part 1: find the relations a report states and compute them (pure Python).

    relations(doc, seg, tables, claims, *, rules=None) -> [Check]
      table_sums            exhaustive breakdowns, 'Trong đó' lists, structure shares    (sums.py)
      table_ratios          'So sánh (%)' columns against their value columns             (ratios.py)
      narrative_vs_table    text figures against the table row they name                  (narrative.py)
      repeated_figures      a figure stated twice agrees with itself                      (repeated.py)
      prose_arithmetic      printed sums, component lists, shares, x/y → z%, changes,     (prose.py,
                            differences in points; footnote parts and earlier periods      footnotes.py)
      integrity             footnote numbering and markers, section numbering, captions   (integrity.py)

Every check carries the interval computed from its operands and the interval of the printed
figure it is checked against (intervals.py); `margin` >= 0 means they meet. The pass/fail verdict
is given by great-expectations (gx.py) on a frame of these checks; skips (not enough data) are
decided here.
"""

from __future__ import annotations

from collections.abc import Callable

from ..claims import Claims
from ..indicators.report import Links
from ..records import Document
from ..rules import Rules, default_rules
from ..segment import Segmented
from ..tables import Tables
from .checks import Check, one_per_id
from .context import Context, build_context
from .footnotes import footnote_arithmetic
from .identity_checks import identity_checks
from .integrity import integrity
from .narrative import narrative_vs_table
from .prose import sentence_arithmetic
from .ratios import table_ratios
from .repeated import repeated_figures
from .sums import table_sums


def prose_arithmetic(ctx: Context) -> list[Check]:
    """Arithmetic in the prose: inside each sentence, then across footnotes and their markers."""
    return [*sentence_arithmetic(ctx), *footnote_arithmetic(ctx)]


FAMILIES: tuple[Callable[[Context], list[Check]], ...] = (
    table_sums,
    table_ratios,
    narrative_vs_table,
    repeated_figures,
    prose_arithmetic,
    integrity,
)


def relations(
    doc: Document,
    seg: Segmented,
    tables: Tables,
    claims: Claims,
    *,
    rules: Rules | None = None,
    links: Links | None = None,
    period: str | None = None,
) -> list[Check]:
    """Every relation the report states, computed, one instance per id (a relation found twice is one
    check); with the indicator links, the identities of schemas/identities.yaml too."""
    rules = rules or default_rules()
    ctx = build_context(doc, seg, tables, claims, rules=rules)
    older = one_per_id(check for family in FAMILIES for check in family(ctx))
    if links is None:
        return older
    found, folded = identity_checks(ctx, links, rules, period, older)
    return one_per_id([*(c for c in older if c.check_id not in folded), *found])


__all__ = ["FAMILIES", "prose_arithmetic", "relations"]
