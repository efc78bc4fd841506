"""The role of each paragraph: the header block (before the type line), the type line, the title, signatures, body."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..records import Paragraph, Role
from .flows import FlowKind
from .metadata import MOTTO_RE, NUMBER_RE, doc_type_of, opens_section
from .paragraphs import lines_to_paragraph
from .stats import Stats, is_centered
from .textline import Line

Group = tuple[list[Line], FlowKind, int]
"""The lines of one paragraph, the kind of flow they were read in, and the flow's block on its page."""


def _looks_like_header(text: str) -> bool:
    return bool(re.search(r"\bSố\s*[:.]|CỘNG\s+HO[ÀA]|Độc\s+lập|, ngày\s+\S+\s+tháng", text))


def _text(group: Group) -> str:
    return " ".join(ln.text for ln in group[0])


def _is_type_line(group: Group, stats: Stats) -> bool:
    """The document type line: 'BÁO CÁO', 'NGHỊ QUYẾT' … in bold, centred or short."""
    lines = group[0]
    text = _text(group)
    centered = all(is_centered(ln, stats) for ln in lines)
    bold = sum(ln.bold for ln in lines) / len(lines)
    return bool(doc_type_of(text)) and bold > 0.5 and len(text) < 200 and (centered or len(text) < 40)


HEADER_SPAN = 8
"""At most this many paragraphs of a page stand before its type line in a header block."""


def header_block_starts(groups: Sequence[Group], stats: Stats) -> list[int]:
    """The groups that open a header block: the first group, and the first group of each later page
    whose type line (BÁO CÁO, NGHỊ QUYẾT …) follows, on that page, the national motto or a document
    number ('Số: 142/NQ-HĐND') — another document of the same PDF starts there."""
    starts = [0] if groups else []
    i = 1
    while i < len(groups):
        page = groups[i][0][0].page
        if page == groups[i - 1][0][0].page:
            i += 1
            continue
        j = i
        while j < len(groups) and j - i < HEADER_SPAN and groups[j][0][0].page == page:
            if _is_type_line(groups[j], stats):
                if any(MOTTO_RE.search(_text(g)) or NUMBER_RE.search(_text(g)) for g in groups[i:j]):
                    starts.append(i)
                break
            j += 1
        i += 1
    return starts


def _roles(groups: Sequence[Group], stats: Stats) -> list[Role]:
    roles: list[Role] = []
    starts = set(header_block_starts(groups, stats))
    first_page, block_start = 1, 0
    doc_type_seen = False
    for i, (lines, kind, _block) in enumerate(groups):
        text = " ".join(ln.text for ln in lines)
        page = lines[0].page
        if i in starts:  # a header block opens here: page 1's, or another document's
            first_page, block_start, doc_type_seen = page, i, False
        role: Role = "body"
        centered = all(is_centered(ln, stats) for ln in lines)
        bold = sum(ln.bold for ln in lines) / len(lines)
        if kind != "main":
            role = "header" if page == first_page and not doc_type_seen else "signature"
        elif _is_type_line(groups[i], stats):
            role = "doc_type"
            doc_type_seen = True
        elif roles and roles[-1] in ("doc_type", "title") and (centered or bold > 0.5) and not opens_section(text):
            role = "title"
        elif page == first_page and not doc_type_seen and i - block_start < HEADER_SPAN and _looks_like_header(text):
            role = "header"
        roles.append(role)
    return roles


def assign_roles(groups: Sequence[Group], stats: Stats) -> list[Paragraph]:
    """Paragraphs with their roles: header (page-1 block before the type line), doc_type, title, signature, body."""
    roles = _roles(groups, stats)
    return [
        lines_to_paragraph(lines, pid, role, stats)
        for pid, ((lines, _k, _b), role) in enumerate(zip(groups, roles, strict=True))
    ]
