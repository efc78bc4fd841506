"""Footnote anchors: each footnote tied to the sentence that holds its marker."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..records import Document, Footnote, Note
from .records import Anchor, Sentence


def anchor_footnotes(
    doc: Document, by_para: Mapping[int, Sequence[Sentence]]
) -> tuple[list[Anchor], dict[tuple[int, int], str | None], list[Note]]:
    """Anchors of every footnote, the section of each anchored footnote (by part and number), and
    a note per marker that no sentence holds."""
    anchors: list[Anchor] = []
    section_of: dict[tuple[int, int], str | None] = {}
    notes: list[Note] = []
    for fn in doc.footnotes:
        if fn.anchor is None:
            anchors.append(Anchor(footnote=fn.number, sentence_id=None, page=None, context="", part=fn.part))
            continue
        link = fn.anchor
        para = doc.paragraphs[link.paragraph]
        cands = by_para.get(para.pid, [])
        hit = next((s for s in cands if s.start <= link.offset <= s.end), None)
        if hit is None and cands:
            hit = min(cands, key=lambda s: min(abs(s.start - link.offset), abs(s.end - link.offset)))
        words = para.text[: link.offset].split()[-8:]
        anchors.append(
            Anchor(
                footnote=fn.number,
                sentence_id=hit.sentence_id if hit else None,
                page=link.page,
                context=" ".join(words),
                part=fn.part,
            )
        )
        section_of[(fn.part, fn.number)] = hit.section_id if hit else None
        if hit is None:
            notes.append(
                Note(
                    code="footnote-anchor",
                    message=f"no sentence holds the marker of footnote {fn.number}",
                    page=fn.page,
                )
            )
    return anchors, section_of, notes


def footnote_page(fn: Footnote, offset: int) -> int:
    """The page on which a character of a footnote's text is printed."""
    for s in fn.spans:
        if offset < s.end:
            return int(s.page)
    return int(fn.spans[-1].page)
