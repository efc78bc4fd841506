"""Validation stage, part 1: find the relations a report states and compute them (pure Python).

    relations(doc, seg, tables, claims, *, rules=None) -> [Check]
      table_sums            exhaustive breakdowns, 'Trong đó' lists, structure shares    (sums.py)
      table_ratios          'So sánh (%)' columns against their value columns             (ratios.py)
      narrative_vs_table    text figures against the table row they name                  (narrative.py)
      repeated_figures      a figure stated twice agrees with itself                      (repeated.py)
      prose_arithmetic      printed sums, component lists, shares, x/y → z%, changes,     (prose.py,
                            differences in points; footnote parts and earlier periods      footnotes.py)
      integrity             footnote numbering and markers, section numbering, captions   (integrity.py)
      target_verdicts       a note column's 'Đạt' / 'Vượt' / 'Không đạt' against the row's  (verdicts.py)
                            figure and its target ('< 7,6', '7,5-8,0', '1.915')
      national_references   national GDP growth quoted with its period, against the        (reference.py)
                            statistics office's published series (schemas/reference/)

Every check carries the interval computed from its operands and the interval of the printed
figure it is checked against (intervals.py); `margin` >= 0 means they meet. The pass/fail verdict
is given by great-expectations (gx.py) on a frame of these checks; skips (not enough data) are
decided here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from ..claims import Claims, default_period
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
from .reference import national_references
from .repeated import repeated_figures
from .sums import table_sums
from .verdicts import target_verdicts


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


@dataclass(frozen=True, kw_only=True)
class PartView:
    """What one document part of a PDF holds: its own metadata, footnotes, notes, sections,
    sentences, tables, claims and links (validation relates figures within one part only)."""

    part: int
    doc: Document
    seg: Segmented
    tables: Tables
    claims: Claims
    links: Links | None
    period: str | None


def part_views(
    doc: Document, seg: Segmented, tables: Tables, claims: Claims, links: Links | None, period: str | None
) -> list[PartView]:
    """One view per document part; a document of one part is its own single view, unchanged."""
    if len(doc.parts) <= 1:
        return [PartView(part=1, doc=doc, seg=seg, tables=tables, claims=claims, links=links, period=period)]
    views = []
    for part in doc.parts:
        k = part.part
        own_doc = replace(
            doc, metadata=part.metadata, footnotes=tuple(f for f in doc.footnotes if f.part == k),
            notes=tuple(n for n in doc.notes if doc.part_of(n.page) == k),
        )  # fmt: skip
        own_seg = replace(
            seg, sections=tuple(s for s in seg.sections if s.part == k),
            sentences=tuple(s for s in seg.sentences if s.part == k),
            anchors=tuple(a for a in seg.anchors if a.part == k),
        )  # fmt: skip
        own_tables = replace(tables, tables=tuple(t for t in tables.tables if doc.part_of(t.pages[0]) == k))
        own_claims = replace(claims, claims=tuple(c for c in claims.claims if c.part == k))
        own_links = None
        if links is not None:
            ids = {c.claim_id for c in own_claims.claims}
            tids = {t.table_id for t in own_tables.tables}
            own_links = Links(
                claims={cid: f for cid, f in links.claims.items() if cid in ids},
                rows={key: f for key, f in links.rows.items() if key[0] in tids},
            )
        views.append(
            PartView(
                part=k, doc=own_doc, seg=own_seg, tables=own_tables, claims=own_claims, links=own_links,
                period=period if k == 1 else default_period(doc, k),
            )
        )  # fmt: skip
    return views


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
    check); with the indicator links, the identities of schemas/identities.yaml too. In a PDF holding
    several documents, each part is checked on its own: no relation joins figures of two parts
    (the identities do not say that two documents describe the same indicator and period)."""
    rules = rules or default_rules()
    out: list[Check] = []
    for view in part_views(doc, seg, tables, claims, links, period):
        ctx = build_context(view.doc, view.seg, view.tables, view.claims, rules=rules, part=view.part)
        older = one_per_id(check for family in FAMILIES for check in family(ctx))
        if view.links is None:
            out.extend([*older, *target_verdicts(ctx, None, rules)])
            continue
        found, folded = identity_checks(ctx, view.links, rules, view.period, older)
        beyond = [*target_verdicts(ctx, view.links, rules), *national_references(ctx, view.links, rules)]
        out.extend(one_per_id([*(c for c in older if c.check_id not in folded), *found, *beyond]))
    return one_per_id(out)


__all__ = ["FAMILIES", "prose_arithmetic", "relations"]
