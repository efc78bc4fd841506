"""The segment stage's records: sections, sentences and footnote anchors."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from ..records import Note

SectionKind = Literal["heading", "part"]
SentenceKind = Literal["heading", "body", "footnote", "front", "signature"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Section:
    """One heading of the report (or an attached part), with its place in the tree."""

    section_id: str
    order: int
    numbering: str
    title: str
    level: int
    parent_id: str | None
    page: int
    paragraph: int  # pid of the heading paragraph
    path: str  # numberings from the top: "PHẦN THỨ NHẤT/I./I.1./1./1.1."
    kind: SectionKind = "heading"
    part: int = 1  # the document part (Document.parts) it opens in


@dataclass(frozen=True, slots=True, kw_only=True)
class Sentence:
    """One sentence of a paragraph or footnote, with its offsets in the paragraph and in text.txt."""

    sentence_id: str
    section_id: str | None
    page: int
    footnote: int | None
    text: str
    kind: SentenceKind
    paragraph: int | None  # pid, None for footnote sentences
    start: int  # offsets in the paragraph's (or footnote's) text
    end: int
    doc_start: int  # offsets in text.txt
    doc_end: int
    pages: tuple[int, ...] = ()
    part: int = 1  # the document part (Document.parts) it is printed in


@dataclass(frozen=True, slots=True, kw_only=True)
class Anchor:
    """Where a footnote's marker sits: the sentence holding it and the words before it."""

    footnote: int
    sentence_id: str | None
    page: int | None
    context: str  # up to 8 words before the marker
    part: int = 1  # the part of the footnote (and of its marker)


@dataclass(frozen=True, kw_only=True)
class Segmented:
    """The segment stage's result."""

    sections: tuple[Section, ...]
    sentences: tuple[Sentence, ...]
    anchors: tuple[Anchor, ...]
    notes: tuple[Note, ...] = ()
    heading_of: dict[int, tuple[str, int]] = field(default_factory=dict)  # pid -> (section_id, split)
