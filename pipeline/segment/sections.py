"""The section tree: headings (numbering grammar + typography), run-in headings split from their
body, attached parts (appendix tables, resolutions) as level-1 parts.

    document_to_sections(doc) -> (sections, where)   where: pid -> its section, heading length, kind
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from ..parse.metadata import doc_type_of
from ..records import Document, Paragraph
from .headings import APPENDIX_RE, is_captioned, is_table_title, match_heading, short_title
from .records import Section, SectionKind, SentenceKind

Where = dict[int, tuple[str | None, int, SentenceKind]]  # pid -> (section id, heading length, sentence kind)


@dataclass
class _Tree:
    """The sections opened so far and the path of open ones (local to one document_to_sections call)."""

    paragraphs: Sequence[Paragraph]
    part_of: dict[int, int] = field(default_factory=dict)  # pid -> its document part
    sections: list[Section] = field(default_factory=list)
    stack: list[Section] = field(default_factory=list)
    where: Where = field(default_factory=dict)

    def open(self, numbering: str, title: str, level: int, pid: int, kind: SectionKind = "heading") -> Section:
        while self.stack and self.stack[-1].level >= level:
            self.stack.pop()
        parent = self.stack[-1] if self.stack else None
        order = len(self.sections) + 1
        path = "/".join([*(s.numbering or short_title(s.title) for s in self.stack), numbering or short_title(title)])
        sec = Section(
            section_id=f"sec-{order:03d}",
            order=order,
            numbering=numbering,
            title=title,
            level=level,
            parent_id=parent.section_id if parent else None,
            page=self.paragraphs[pid].page,
            paragraph=pid,
            path=path,
            kind=kind,
            part=self.part_of.get(pid, 1),
        )
        self.sections.append(sec)
        self.stack.append(sec)
        return sec

    def current(self) -> str | None:
        return self.stack[-1].section_id if self.stack else None


def _front_block(tree: _Tree, i: int) -> int:
    """The document type line and the title lines under it belong to the front matter."""
    tree.where[tree.paragraphs[i].pid] = (None, 0, "front")
    i += 1
    while i < len(tree.paragraphs) and tree.paragraphs[i].role == "title":
        tree.where[tree.paragraphs[i].pid] = (None, 0, "front")
        i += 1
    return i


def _attached_document(tree: _Tree, i: int) -> int:
    """An attached document (resolution, decision) with its own type line: a level-1 part."""
    paragraphs, p = tree.paragraphs, tree.paragraphs[i]
    kind = doc_type_of(p.text)
    j = i + 1
    titles = []
    while j < len(paragraphs) and paragraphs[j].role == "title":
        titles.append(paragraphs[j])
        j += 1
    title = (kind[1] if kind and kind[1] else "") or (titles[0].text if titles else "")
    sec = tree.open(kind[0] if kind else p.text, title, 1, p.pid, "part")
    for q in (p, *titles):
        tree.where[q.pid] = (sec.section_id, len(q.text), "heading")
    return j


def _appendix_table(tree: _Tree, i: int) -> int:
    """The bold title above an appendix table opens a level-1 part."""
    p = tree.paragraphs[i]
    m = APPENDIX_RE.match(p.text)
    sec = tree.open(m.group(0).strip() if m and len(p.text) < 40 else "", p.text, 1, p.pid, "part")
    tree.where[p.pid] = (sec.section_id, len(p.text), "heading")
    return i + 1


def _heading_or_body(tree: _Tree, i: int) -> int:
    """A numbered heading (with its title on the next line for a bare 'PHẦN THỨ …'), or body text."""
    paragraphs, p = tree.paragraphs, tree.paragraphs[i]
    h = match_heading(p)
    if h is None:
        tree.where[p.pid] = (tree.current(), 0, "body")
        return i + 1
    title = h.title
    consumed = [p]
    if h.kind == "part" and not title and i + 1 < len(paragraphs):
        nxt = paragraphs[i + 1]
        if nxt.role == "body" and (nxt.bold or nxt.centered) and match_heading(nxt) is None:
            title = nxt.text.strip()
            consumed.append(nxt)
    sec = tree.open(h.numbering, title, h.level, p.pid, "part" if h.kind == "part" else "heading")
    tree.where[p.pid] = (sec.section_id, h.split, "heading")
    for q in consumed[1:]:
        tree.where[q.pid] = (sec.section_id, len(q.text), "heading")
    return i + len(consumed)


def document_to_sections(doc: Document) -> tuple[list[Section], Where]:
    """Sections of the report, and for each paragraph (pid) its section id, the length of its
    heading part (0 for body paragraphs) and its sentence kind. Each document part (a header
    block's document) opens its own tree: its type line and title are its front matter."""
    tree = _Tree(doc.paragraphs, {p.pid: doc.part_of(p.page) for p in doc.paragraphs})
    part_starts = {part.first_paragraph for part in doc.parts[1:]}
    main_done = False  # the main document's signature block has been read
    front = True
    part_sections = 0  # sections opened before the current part
    i = 0
    while i < len(doc.paragraphs):
        p = doc.paragraphs[i]
        if p.pid in part_starts:
            tree.stack.clear()
            main_done, front, part_sections = False, True, len(tree.sections)
        if p.role in ("header", "signature"):
            tree.where[p.pid] = (None, 0, "front" if p.role == "header" else "signature")
            main_done = main_done or p.role == "signature"
            i += 1
        elif p.role == "doc_type":
            i = _front_block(tree, i) if front and len(tree.sections) == part_sections else _attached_document(tree, i)
        else:
            front = False
            appendix = main_done or APPENDIX_RE.match(p.text) or is_captioned(doc.paragraphs, i)
            i = _appendix_table(tree, i) if is_table_title(doc, i) and appendix else _heading_or_body(tree, i)
    return tree.sections, tree.where
