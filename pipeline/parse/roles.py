"""The role of each paragraph: the header block (before the type line), the type line, the title, signatures, body."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..records import Paragraph, Role
from .flows import FlowKind
from .metadata import doc_type_of, opens_section
from .paragraphs import lines_to_paragraph
from .stats import Stats, is_centered
from .textline import Line

Group = tuple[list[Line], FlowKind, int]
"""The lines of one paragraph, the kind of flow they were read in, and the flow's block on its page."""


def _looks_like_header(text: str) -> bool:
    return bool(re.search(r"\bSố\s*[:.]|CỘNG\s+HO[ÀA]|Độc\s+lập|, ngày\s+\S+\s+tháng", text))


def _roles(groups: Sequence[Group], stats: Stats) -> list[Role]:
    roles: list[Role] = []
    first_page = groups[0][0][0].page if groups else 1
    doc_type_seen = False
    for i, (lines, kind, _block) in enumerate(groups):
        text = " ".join(ln.text for ln in lines)
        page = lines[0].page
        role: Role = "body"
        centered = all(is_centered(ln, stats) for ln in lines)
        bold = sum(ln.bold for ln in lines) / len(lines)
        if kind != "main":
            role = "header" if page == first_page and not doc_type_seen else "signature"
        elif doc_type_of(text) and bold > 0.5 and len(text) < 200 and (centered or len(text) < 40):
            role = "doc_type"
            doc_type_seen = True
        elif roles and roles[-1] in ("doc_type", "title") and (centered or bold > 0.5) and not opens_section(text):
            role = "title"
        elif page == first_page and not doc_type_seen and i < 8 and _looks_like_header(text):
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
