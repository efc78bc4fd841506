"""Footnote markers and footnote labels as rows of their sentence, and where a row was printed.

Markers are not in the sentence text: their rows have no offsets (-1) and are placed among the
sentence's rows by the marker's position.
"""

from __future__ import annotations

from ..records import BBox, Document, Span
from ..segment import Sentence
from .records import Claim

SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def marker_rows(doc: Document, s: Sentence) -> list[tuple[int, Claim]]:
    """(position in the sentence, row) for the footnote markers a sentence carries, and for the
    number that opens a footnote."""
    rows: list[tuple[int, Claim]] = []
    if s.paragraph is not None:
        for m in doc.paragraphs[s.paragraph].markers:
            if s.start <= m.offset <= s.end and not (m.offset == s.start and s.start > 0):
                row = Claim(
                    sentence_id=s.sentence_id, page=m.page, section_id=s.section_id, footnote=None,
                    raw=str(m.number).translate(SUPERSCRIPT), value=float(m.number), kind="not_claim",
                    reason="footnote_marker", start=-1, end=-1,
                )  # fmt: skip
                rows.append((m.offset - s.start, row))
    elif s.footnote is not None and s.start == 0:
        row = Claim(
            sentence_id=s.sentence_id, page=s.page, section_id=s.section_id, footnote=s.footnote,
            raw=str(s.footnote).translate(SUPERSCRIPT), value=float(s.footnote), kind="not_claim",
            reason="footnote_label", start=-1, end=-1,
        )  # fmt: skip
        rows.append((0, row))
    return rows


def marker_count(doc: Document, s: Sentence) -> int:
    """How many marker rows a sentence gets."""
    if s.paragraph is not None:
        p = doc.paragraphs[s.paragraph]
        return sum(1 for m in p.markers if s.start <= m.offset <= s.end and not (m.offset == s.start and s.start > 0))
    return 1 if s.footnote is not None and s.start == 0 else 0


def with_markers(rows: list[Claim], markers: list[tuple[int, Claim]]) -> list[Claim]:
    """A sentence's rows and its marker rows in print order (a marker at 0 opens the sentence,
    another follows the number it stands after)."""
    keyed = [(c.start, 1, c) for c in rows]
    keyed += [(at, 0 if at == 0 else 2, c) for at, c in markers]
    return [c for _at, _k, c in sorted(keyed, key=lambda t: (t[0], t[1]))]


def locate(doc: Document, s: Sentence, c: Claim) -> tuple[int, BBox] | None:
    """(page, box) of the printed line(s) that hold a number (provenance for review pictures): the
    lines of its paragraph or footnote covering its characters; a marker's or a footnote label's
    own line."""
    fn = (
        next((f for f in doc.footnotes if (f.part, f.number) == (s.part, s.footnote)), None)
        if s.footnote is not None
        else None
    )
    if c.start < 0:
        if c.reason == "footnote_label" and fn is not None and fn.spans:
            return fn.spans[0].page, fn.spans[0].bbox
        owners = [doc.paragraphs[s.paragraph].markers] if s.paragraph is not None else []
        owners += [fn.markers] if fn is not None else []
        for markers in owners:
            for m in markers:
                if m.number == c.value and m.page == c.page:
                    return m.page, m.bbox
        return None
    spans: tuple[Span, ...] = ()
    if s.paragraph is not None:
        spans = doc.paragraphs[s.paragraph].spans
    elif fn is not None:
        spans = fn.spans
    lo, hi = s.start + c.start, s.start + c.end
    hits = [span for span in spans if span.start < hi and lo < span.end]
    if not hits:
        return None
    page = hits[0].page
    box = hits[0].bbox
    for span in hits[1:]:
        if span.page == page:
            box = box.union(span.bbox)
    return page, box
