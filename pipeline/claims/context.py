"""What carries into a sentence from around it: the label of its list item or footnote, its
period (own, its paragraph's, the report's), its heading numbering, and for a footnote what the
sentence holding its marker says (the indicator it stands on, the comparison of its changes)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..records import Document
from ..segment import Segmented, Sentence
from ..vi.numbers import NUMBER_TOKEN
from ..vi.periods import period_in, report_period
from .lexicon import Lexicon
from .phrases import tidy
from .records import Claim, Cue
from .rows import Setting

ITEM_LABEL = re.compile(r"^[-+•]\s*([^:;,.]{2,60}?):\s")
FOOTNOTE_LABEL = re.compile(r"^([^:;]{3,60}):\s")


@dataclass(frozen=True, kw_only=True)
class Anchor:
    """What the sentence holding a footnote's marker says: the comparison of its first change
    and the indicator of the last claim before the marker."""

    comparison: str | None
    indicator: str | None


def paragraph_label(text: str) -> str | None:
    """'- Lúa Đông xuân: Diện tích …' -> 'Lúa Đông xuân'; '- Cây ngô: …' -> 'ngô'."""
    m = ITEM_LABEL.match(text)
    if not m:
        return None
    label = m.group(1).strip()
    label = re.sub(r"^(?:Cây|cây)\s+(?=\S)", "", label) if len(label.split()) > 1 else label
    return label


def footnote_label(lex: Lexicon, first_sentence: str) -> str | None:
    """The topic a footnote opens with ('Lúa: 5,2 ha …' -> 'lúa'), numbers dropped."""
    m = FOOTNOTE_LABEL.match(first_sentence)
    if not m:
        return None
    # (the number pattern is not grouped here: a grouped number goes alone, a plain one with the word after it)
    lab = tidy(lex, re.sub(NUMBER_TOKEN + r"\s*\w*", "", m.group(1)))
    return None if lab and lab.lower() in lex.not_labels else lab


def default_period(doc: Document, part: int = 1) -> str | None:
    """The reporting period named in the title of the report (or of one of its document parts):
    "6 tháng đầu năm" + the year."""
    meta = doc.part_metadata(part)
    return report_period(meta.title, meta.date)


FootnoteKey = tuple[int, int]
"""A footnote by (part, number): numbering restarts in each document part."""


def footnote_openers(sentences: Sequence[Sentence]) -> dict[FootnoteKey, str]:
    """(part, footnote number) -> the text of its first sentence."""
    out: dict[FootnoteKey, str] = {}
    for s in sentences:
        if s.footnote is not None:
            out.setdefault((s.part, s.footnote), s.text)
    return out


def anchors(doc: Document, seg: Segmented, rows: Mapping[str, list[Claim]]) -> dict[FootnoteKey, Anchor]:
    """(part, footnote number) -> what the body sentence holding its marker says (from that sentence's rows)."""
    holder = {(a.part, a.footnote): a.sentence_id for a in seg.anchors}
    out: dict[FootnoteKey, Anchor] = {}
    for s in seg.sentences:
        if s.footnote is not None or s.paragraph is None or s.sentence_id not in rows:
            continue
        found = rows[s.sentence_id]
        for marker in doc.paragraphs[s.paragraph].markers:
            if holder.get((s.part, marker.number)) != s.sentence_id:
                continue
            comps = [c.comparison for c in found if c.kind in ("change_abs", "change_pct") and c.comparison]
            at = marker.offset - s.start
            before = [c for c in found if c.kind != "not_claim" and 0 <= c.end <= at + 1 and c.indicator]
            out[(s.part, marker.number)] = Anchor(
                comparison=comps[0] if comps else None, indicator=before[-1].indicator if before else None
            )
    return out


@dataclass(frozen=True, kw_only=True)
class Surroundings:
    """What the sentences of one report draw on from around them."""

    doc: Document
    headings: Mapping[str, str]  # section_id -> numbering
    defaults: Mapping[int, str | None]  # document part -> its period (the report's for part 1)
    footnote_labels: Mapping[FootnoteKey, str | None]
    anchors: Mapping[FootnoteKey, Anchor]  # empty before the body sentences are read


def surroundings(lex: Lexicon, doc: Document, seg: Segmented) -> Surroundings:
    """Labels, headings and the report period (anchors come later, from the body rows)."""
    return Surroundings(
        doc=doc,
        headings={s.section_id: s.numbering for s in seg.sections},
        defaults={p.part: default_period(doc, p.part) for p in doc.parts} or {1: default_period(doc)},
        footnote_labels={k: footnote_label(lex, t) for k, t in footnote_openers(seg.sentences).items()},
        anchors={},
    )


def anchor_of(sur: Surroundings, s: Sentence) -> Anchor | None:
    """What the sentence holding the marker of a footnote sentence's footnote says (None outside footnotes)."""
    return sur.anchors.get((s.part, s.footnote)) if s.footnote is not None else None


def setting(sur: Surroundings, s: Sentence, cues: list[Cue]) -> Setting:
    """What a sentence's rows draw on besides its text."""
    label = period = None
    if s.paragraph is not None:
        paragraph = sur.doc.paragraphs[s.paragraph].text
        label, period = paragraph_label(paragraph), period_in(paragraph)
    elif s.footnote is not None:
        label = sur.footnote_labels.get((s.part, s.footnote))
    heading = None
    if s.kind == "heading" and s.section_id is not None and s.section_id in sur.headings:
        heading = sur.headings[s.section_id].replace(" ", "").rstrip(".") or None
    anchor = anchor_of(sur, s)
    return Setting(
        sentence=s, cues=cues, label=label, heading=heading,
        specifier=anchor.indicator if anchor else None,
        period=period_in(s.text) or period or sur.defaults.get(s.part),
        in_change=anchor is not None and anchor.comparison is not None,
    )  # fmt: skip
