"""Every table row and every measurable text claim of a report linked to the catalogue, with its
measure and price basis (issue 12). Periods and areas come from the claim and table stages.

    claim_evidence / row_evidence   what may name the indicator, strongest first
    link_report                     Links for all claims and rows
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..claims import Claim, Claims
from ..rules import Rules
from ..segment import Section, Segmented, Sentence
from ..tables import Table, TableRow, Tables
from .catalogue import Catalogue, catalogue, words
from .link import NONE, SENTENCE_SCORE, Evidence, Link, last_alias, link_phrase, price_basis_of, unit_family

MEASURABLE = frozenset(
    ["level", "change_abs", "change_pct", "pp_change", "plan_pct", "share_pct", "rate_pct", "ratio", "rank", "multiple"]
)
_CLAUSE_START = re.compile(r".*[;:]\s*", re.DOTALL)
_AFTER_END = re.compile(r"[,;:.()]")
_CONTRIBUTION = re.compile(r"đóng\s+góp", re.IGNORECASE)
_GROWTH_ROW = re.compile(r"^(?:[-+•]\s*)?(?:tốc\s+độ\s+tăng(?:\s+trưởng)?|tăng\s+trưởng)\b", re.IGNORECASE)
_STRUCTURE_ROW = re.compile(r"^(?:[-+•]\s*)?(?:cơ\s+cấu|tỷ\s+trọng)\b", re.IGNORECASE)


@dataclass(frozen=True, kw_only=True)
class LinkedFigure:
    """A claim or a table row with its indicator link and dimensions."""

    link: Link
    measure: str
    price_basis: str | None


@dataclass(frozen=True, kw_only=True)
class Links:
    """Links of a report: claims by claim id, rows by (table id, row order)."""

    claims: dict[str, LinkedFigure]
    rows: dict[tuple[str, int], LinkedFigure]


def claim_measure(c: Claim, sentence: str) -> str:
    """What a claim measures of its indicator (one meaning per value)."""
    clause = sentence[: max(c.start, 0)]
    if c.kind == "pp_change" and _CONTRIBUTION.search(clause[-80:]):
        return "contribution_pp"
    if c.kind == "share_pct" and _CONTRIBUTION.search(clause[-80:]):
        return "contribution_share"
    if c.kind in ("level", "rate_pct"):
        return "estimate" if c.estimated else "actual"
    return {"ratio": "ratio_pct"}.get(c.kind, c.kind)


def _headings(seg_sections: Mapping[str, Section], section_id: str | None) -> list[str]:
    out = []
    while section_id and section_id in seg_sections:
        sec = seg_sections[section_id]
        out.append(sec.title)
        section_id = sec.parent_id
    return out


def claim_evidence(
    c: Claim, s: Sentence, anchor: Sentence | None, headings: Sequence[str], cat: Catalogue
) -> list[Evidence]:
    """What may name a claim's indicator, strongest first."""
    before = s.text[: max(c.start, 0)]
    clause = _CLAUSE_START.sub("", before)
    after = _AFTER_END.split(s.text[c.end :], maxsplit=1)[0] if c.end >= 0 else ""
    parent = last_alias(before, cat)
    contribution = _CONTRIBUTION.search(clause)
    if contribution:  # 'X đóng góp Y điểm % vào [the whole's growth]': X is the figure's indicator
        return [Evidence(text=clause[: contribution.start()], source="clause", score=0.85),
                Evidence(text=before, source="sentence", score=SENTENCE_SCORE)]  # fmt: skip
    ev = [
        Evidence(text=c.indicator or "", source="phrase", score=0.9, parent=parent),
        Evidence(text=after, source="phrase", score=0.8, parent=parent),
        Evidence(text=clause, source="clause", score=0.75),
        Evidence(text=before, source="sentence", score=SENTENCE_SCORE),
    ]
    if anchor is not None:
        ev.append(Evidence(text=anchor.text, source="footnote_anchor", score=0.6))
    ev += [Evidence(text=h, source="heading", score=0.5 - 0.05 * k) for k, h in enumerate(headings[:3])]
    return ev


def _earlier_in_paragraph(seg: Segmented) -> dict[str, list[str]]:
    """For each sentence, the texts of the sentences before it in its paragraph, nearest first."""
    out: dict[str, list[str]] = {}
    by_para: dict[int, list[str]] = {}
    for s in seg.sentences:
        if s.paragraph is None:
            continue
        prev = by_para.setdefault(s.paragraph, [])
        out[s.sentence_id] = list(reversed(prev))
        prev.append(s.text)
    return out


def link_claims(found: Claims, seg: Segmented, cat: Catalogue) -> dict[str, LinkedFigure]:
    """Links of every measurable claim."""
    sentences = {s.sentence_id: s for s in seg.sentences}
    sections = {sec.section_id: sec for sec in seg.sections}
    anchors = {a.footnote: sentences.get(a.sentence_id or "") for a in seg.anchors}
    earlier = _earlier_in_paragraph(seg)
    out: dict[str, LinkedFigure] = {}
    for c in found.claims:
        s = sentences.get(c.sentence_id)
        if c.kind not in MEASURABLE or s is None:
            continue
        headings = _headings(sections, c.section_id)
        anchor = anchors.get(c.footnote) if c.footnote is not None else None
        family = unit_family(c.base_unit) if c.kind in ("level", "change_abs") else None
        link = link_phrase(claim_evidence(c, s, anchor, headings, cat), cat, family)
        before = _CLAUSE_START.sub("", s.text[: max(c.start, 0)])
        texts = [before, s.text, *earlier.get(s.sentence_id, []), *([anchor.text] if anchor else []), *headings]
        out[c.claim_id] = LinkedFigure(
            link=link, measure=claim_measure(c, s.text), price_basis=price_basis_of(texts, cat)
        )
    return out


def _row_measure(r: TableRow, parent: LinkedFigure | None) -> str:
    if _GROWTH_ROW.match(r.indicator):
        return "change_pct"
    if _STRUCTURE_ROW.match(r.indicator):
        return "share_pct"
    return parent.measure if parent and parent.measure in ("change_pct", "share_pct") else "level"


def _row_evidence(t: Table, r: TableRow, parent_id: str | None) -> list[Evidence]:
    label = re.sub(r"^[-+•*]\s*", "", r.indicator)
    ev = [Evidence(text=label, source="row", score=0.95, parent=parent_id)]
    if r.parent_row:  # a generic label ("Diện tích", "Sản lượng") is read with its parent's: "Diện tích Cà phê"
        ev.append(Evidence(text=f"{label} {t.row(r.parent_row).indicator}", source="parent_row", score=0.85))
    return ev


def _row_link(t: Table, r: TableRow, done: Mapping[int, LinkedFigure], cat: Catalogue) -> LinkedFigure:
    parent = done.get(r.parent_row) if r.parent_row else None
    parent_id = parent.link.indicator_id if parent else None
    basis_texts = [r.indicator, *(t.row(p).indicator for p in _ancestors(t, r)), t.title]
    basis = price_basis_of(basis_texts, cat) or (parent.price_basis if parent else None)
    measure = _row_measure(r, parent)
    named = _named(r.indicator, cat)
    if (
        parent
        and parent_id
        and measure != "level"
        and not named
        and (_GROWTH_ROW.match(r.indicator) or _STRUCTURE_ROW.match(r.indicator))
    ):
        link = Link(indicator_id=parent_id, score=0.85, source="parent_row", reason=f"{measure} row of its parent")
        return LinkedFigure(link=link, measure=measure, price_basis=basis)
    link = link_phrase(_row_evidence(t, r, parent_id), cat)
    if link.indicator_id is None and not link.candidates:
        link = Link(
            indicator_id=None,
            score=0.0,
            source="none",
            reason="group row without values" if r.kind != "data" else "no catalogue name matches the row",
        )
    return LinkedFigure(link=link, measure=measure, price_basis=basis)


def _named(text: str, cat: Catalogue) -> bool:
    from .catalogue import find

    return bool(find(words(text), cat.aliases))


def _ancestors(t: Table, r: TableRow) -> list[int]:
    out, p = [], r.parent_row
    while p and p not in out:
        out.append(p)
        p = t.row(p).parent_row
    return out


def link_rows(tabs: Tables, cat: Catalogue) -> dict[tuple[str, int], LinkedFigure]:
    """Links of every table row, parents before children."""
    out: dict[tuple[str, int], LinkedFigure] = {}
    for t in tabs.tables:
        done: dict[int, LinkedFigure] = {}
        for r in t.rows:
            done[r.row_order] = _row_link(t, r, done, cat)
            out[(t.table_id, r.row_order)] = done[r.row_order]
    return out


def link_report(seg: Segmented, tabs: Tables, found: Claims, *, rules: Rules | None = None) -> Links:
    """Every measurable claim and every table row linked to the catalogue."""
    cat = catalogue(rules)
    return Links(claims=link_claims(found, seg, cat), rows=link_rows(tabs, cat))


__all__ = ["MEASURABLE", "NONE", "LinkedFigure", "Links", "claim_measure", "link_report"]
