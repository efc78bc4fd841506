"""The segment stage composed: sections, then sentences of the body, anchors, footnote sentences.

document_to_sections   headings and parts (sections.py)
paragraph_pieces       a paragraph's heading part and sentences (sentences.py)
anchor_footnotes       each footnote to the sentence holding its marker (anchors.py)
"""

from __future__ import annotations

from ..records import Document, Paragraph
from ..textlayout import text_layout
from .anchors import anchor_footnotes, footnote_page
from .records import Segmented, Sentence, SentenceKind
from .sections import document_to_sections
from .sentences import split_sentences

Piece = tuple[int, int, SentenceKind]


def paragraph_pieces(p: Paragraph, split: int, kind: SentenceKind) -> list[Piece]:
    """[start, end) spans of a paragraph's heading part and sentences, with their kind."""
    if split:
        head_end = min(split, len(p.text))
        pieces: list[Piece] = [(0, head_end, "heading")]
        rest_start = head_end + (len(p.text[head_end:]) - len(p.text[head_end:].lstrip()))
        if rest_start < len(p.text):
            pieces.extend((s + rest_start, e + rest_start, "body") for s, e in split_sentences(p.text[rest_start:]))
        return pieces
    if kind in ("front", "signature"):
        return [(0, len(p.text), kind)]
    return [(s, e, kind) for s, e in split_sentences(p.text)]


class _Numbered:
    """Sentences numbered in reading order (local to one document_to_segments call)."""

    def __init__(self) -> None:
        self.sentences: list[Sentence] = []
        self.by_para: dict[int, list[Sentence]] = {}

    def add(
        self,
        *,
        section_id: str | None,
        page: int,
        footnote: int | None,
        text: str,
        kind: SentenceKind,
        paragraph: int | None,
        span: tuple[int, int],
        doc_base: int,
        pages: tuple[int, ...],
        part: int = 1,
    ) -> None:
        start, end = span
        s = Sentence(
            sentence_id=f"sen-{len(self.sentences) + 1:05d}",
            section_id=section_id,
            page=page,
            footnote=footnote,
            text=text,
            kind=kind,
            paragraph=paragraph,
            start=start,
            end=end,
            doc_start=doc_base + start,
            doc_end=doc_base + end,
            pages=pages,
            part=part,
        )
        self.sentences.append(s)
        if paragraph is not None:
            self.by_para.setdefault(paragraph, []).append(s)


def document_to_segments(doc: Document) -> Segmented:
    """Section tree, sentences (body first, then footnotes) and footnote anchors of a document."""
    sections, where = document_to_sections(doc)
    _text, para_starts, fn_starts = text_layout(doc)
    out = _Numbered()
    for p in doc.paragraphs:
        sec_id, split, kind = where.get(p.pid, (None, 0, "body"))
        for s, e, k in paragraph_pieces(p, split, kind):
            text = p.text[s:e].strip()
            if text:
                pages = tuple(sorted({sp.page for sp in p.spans if sp.start < e and sp.end > s}))
                out.add(
                    section_id=sec_id,
                    page=p.page_at(s),
                    footnote=None,
                    text=text,
                    kind=k,
                    paragraph=p.pid,
                    span=(s, e),
                    doc_base=para_starts[p.pid],
                    pages=pages or (p.page,),
                    part=doc.part_of(p.page),
                )
    anchors, anchor_section, notes = anchor_footnotes(doc, out.by_para)
    for fn, base in zip(doc.footnotes, fn_starts, strict=True):
        for s, e in split_sentences(fn.text):
            text = fn.text[s:e].strip()
            if text:
                page = footnote_page(fn, s)
                out.add(
                    section_id=anchor_section.get((fn.part, fn.number)),
                    page=page,
                    footnote=fn.number,
                    text=text,
                    kind="footnote",
                    paragraph=None,
                    span=(s, e),
                    doc_base=base,
                    pages=(page,),
                    part=fn.part,
                )
    heading_of = {sec.paragraph: (sec.section_id, where[sec.paragraph][1]) for sec in sections}
    return Segmented(
        sections=tuple(sections),
        sentences=tuple(out.sentences),
        anchors=tuple(anchors),
        notes=tuple(notes),
        heading_of=heading_of,
    )
