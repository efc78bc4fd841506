"""The claim stage composed: every number in the prose becomes one row, a claim or not.

cue_spans           the cue phrases of every sentence (one spaCy pass)
body rows           the rows of the sentences outside footnotes, with their marker rows
anchors             what each footnote's anchor sentence says (from the body rows)
footnote rows       the rows of footnote sentences, given their anchors
inherit             footnote changes without a comparison take their anchor's
numbered            rows numbered in print order, located on the page, counts checked
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from ..records import Document, Note
from ..rules import Rules, default_rules
from ..segment import Segmented, Sentence
from ..segment.records import SentenceKind
from ..vi.nlp import cue_spans, get_nlp
from .context import Anchor, Surroundings, anchor_of, anchors, setting, surroundings
from .lexicon import lexicon
from .markers import locate, marker_count, marker_rows, with_markers
from .records import Claim, Claims, Cue
from .rows import Setting, sentence_rows
from .scan import scan_numbers


def sentence_cues(sentences: Sequence[Sentence], rules: Rules) -> dict[str, list[Cue]]:
    """Sentence id -> its cue spans."""
    docs = get_nlp(rules).pipe([s.text for s in sentences], batch_size=256)
    return {s.sentence_id: cue_spans(d) for s, d in zip(sentences, docs, strict=True)}


def rows_of(
    doc: Document, sentences: Sequence[Sentence], cues: Mapping[str, list[Cue]], sur: Surroundings, rules: Rules
) -> dict[str, list[Claim]]:
    """Sentence id -> its rows (numbers and footnote markers, in print order)."""
    return {
        s.sentence_id: with_markers(sentence_rows(setting(sur, s, cues[s.sentence_id]), rules), marker_rows(doc, s))
        for s in sentences
    }


def footnote_rows(
    doc: Document, sentences: Sequence[Sentence], cues: Mapping[str, list[Cue]], sur: Surroundings, rules: Rules
) -> dict[str, list[Claim]]:
    """The rows of footnote sentences, read with their anchors; changes inherit the anchor's comparison."""
    found = rows_of(doc, sentences, cues, sur, rules)
    return {s.sentence_id: inherit_comparisons(found[s.sentence_id], anchor_of(sur, s)) for s in sentences}


def inherit_comparisons(rows: list[Claim], anchor: Anchor | None) -> list[Claim]:
    """Footnote changes without a comparison take the one of their anchor sentence."""
    inherited = anchor.comparison if anchor else None
    if not inherited:
        return rows
    return [
        replace(c, comparison=inherited)
        if c.kind in ("change_abs", "change_pct", "pp_change") and c.comparison is None
        else c
        for c in rows
    ]


def numbered(doc: Document, sentences: Sequence[Sentence], rows: Mapping[str, list[Claim]], rules: Rules) -> Claims:
    """Rows numbered in print order and located on their page; the count of numbers seen checked."""
    ocr_pages = {p.number for p in doc.pages if p.ocr}
    claims: list[Claim] = []
    numbers_seen = 0
    for s in sentences:
        for c in rows[s.sentence_id]:
            where = locate(doc, s, c)
            page, box = where if where else (None, None)
            flags = (*c.flags, "ocr") if (page or c.page) in ocr_pages else c.flags
            claims.append(
                replace(c, claim_id=f"c-{len(claims) + 1:05d}", bbox=box, bbox_page=page, flags=flags, part=s.part)
            )
        numbers_seen += len(scan_numbers(s.text, rules=rules)) + marker_count(doc, s)
    notes: list[Note] = []
    if numbers_seen != len(claims):
        notes.append(Note(code="claims-count", message=f"{numbers_seen} numbers seen but {len(claims)} rows written"))
    return Claims(claims=tuple(claims), numbers_seen=numbers_seen, notes=tuple(notes))


def sentences_to_claims(doc: Document, seg: Segmented, *, rules: Rules | None = None) -> Claims:
    """Every number printed in the prose of a report, as one row each."""
    rules = rules or default_rules()
    sentences = list(seg.sentences)
    cues = sentence_cues(sentences, rules)
    sur = surroundings(lexicon(rules), doc, seg)
    body = rows_of(doc, [s for s in sentences if s.footnote is None], cues, sur, rules)
    sur = replace(sur, anchors=anchors(doc, seg, body))
    notes = footnote_rows(doc, [s for s in sentences if s.footnote is not None], cues, sur, rules)
    return numbered(doc, sentences, {**body, **notes}, rules)


def claims_for_text(
    text: str,
    kind: SentenceKind = "body",
    heading: str | None = None,
    label: str | None = None,
    *,
    rules: Rules | None = None,
) -> list[Claim]:
    """Claims of one free-standing sentence (rule examples and tests)."""
    rules = rules or default_rules()
    s = Sentence(
        sentence_id="sen-test",
        section_id=None,
        page=1,
        footnote=None,
        text=text,
        kind=kind,
        paragraph=None,
        start=0,
        end=len(text),
        doc_start=0,
        doc_end=len(text),
        pages=(1,),
    )
    cues = cue_spans(get_nlp(rules)(text))
    return sentence_rows(Setting(sentence=s, cues=cues, label=label, heading=heading), rules)
