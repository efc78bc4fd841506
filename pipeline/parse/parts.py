"""The documents one PDF holds: a report with its attached draft resolution, a bundle of reports.

Each header block (issuer, "Số: 142/NQ-HĐND", the national motto, place and date, then the type
line and the title; roles.header_block_starts finds them) opens a part that runs to the page before
the next one, so the appendices printed after a document belong to it. Each part's facts are read
by the one header reader (metadata.extract_metadata) from the part's own paragraphs. Footnotes
carry their part: each Word section numbers its footnotes from 1, so they are linked to the
markers of their own part.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import replace

from ..records import Footnote, Note, Paragraph, Part
from .footnotes import link_footnotes
from .metadata import extract_metadata


def part_starts(paragraphs: Sequence[Paragraph]) -> list[int]:
    """The pids that open a part: the first paragraph, and each later header block's first paragraph
    (a header paragraph after one that is not, on a later page)."""
    starts = [0] if paragraphs else []
    for prev, p in itertools.pairwise(paragraphs):
        if p.role == "header" and prev.role != "header" and p.page > paragraphs[starts[-1]].page:
            starts.append(p.pid)
    return starts


def paragraphs_to_parts(
    paragraphs: Sequence[Paragraph], last_page: int, page_width: float
) -> tuple[list[Part], list[Note]]:
    """The parts with their pages and header facts, and the header reader's notes (for each part
    after the first, noted on its first page)."""
    starts = part_starts(paragraphs)
    if not starts:
        metadata, empty_notes = extract_metadata([], page_width)
        return [Part(part=1, first_page=1, last_page=last_page, first_paragraph=0, metadata=metadata)], empty_notes
    parts: list[Part] = []
    notes: list[Note] = []
    for k, start in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else len(paragraphs)
        first_page = paragraphs[start].page if k else 1
        next_page = paragraphs[starts[k + 1]].page if k + 1 < len(starts) else last_page + 1
        metadata, meta_notes = extract_metadata(paragraphs[start:end], page_width, page=first_page)
        notes.extend(meta_notes)
        parts.append(
            Part(part=k + 1, first_page=first_page, last_page=next_page - 1, first_paragraph=start, metadata=metadata)
        )
    return parts, notes


def part_of_page(parts: Sequence[Part], page: int) -> int:
    """The part a page belongs to (1 before any part, or without parts)."""
    return max((p.part for p in parts if p.first_page <= page), default=1)


def link_footnotes_by_part(
    footnotes: Sequence[Footnote], paragraphs: Sequence[Paragraph], parts: Sequence[Part]
) -> tuple[list[Footnote], list[Note]]:
    """Each footnote linked to a marker of its own part (numbering restarts in each part: normal; a
    number printed twice within one part is still a duplicate)."""
    if not parts:
        return link_footnotes(footnotes, paragraphs)
    out: list[Footnote] = []
    notes: list[Note] = []
    for part in parts:
        own = [replace(fn, part=part.part) for fn in footnotes if part_of_page(parts, fn.page) == part.part]
        own_paragraphs = [p for p in paragraphs if part_of_page(parts, p.page) == part.part]
        linked, part_notes = link_footnotes(own, own_paragraphs)
        out.extend(linked)
        notes.extend(part_notes)
    return out, notes


__all__ = ["link_footnotes_by_part", "paragraphs_to_parts", "part_of_page", "part_starts"]
