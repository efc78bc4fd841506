"""Headings: the numbering grammar and typography that make a paragraph a section heading.

Levels (output contract): 1 PHẦN / attached part, 2 I. / Điều, 3 I.1., 4 1., 5 1.1., 6 1.1.1. and
(a)/a). '-' and '+' lines and (1) … (8) are list items, never sections.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..records import Document, Paragraph

UPPER = "A-ZĐÀÁẢÃẠĂẮẰẲẴẶÂẤẦẨẪẬÈÉẺẼẸÊẾỀỂỄỆÌÍỈĨỊÒÓỎÕỌÔỐỒỔỖỘƠỚỜỞỠỢÙÚỦŨỤƯỨỪỬỮỰỲÝỶỸỴ"
_ORDINALS = r"(?:THỨ\s+(?:NHẤT|HAI|BA|BỐN|TƯ|NĂM|SÁU|BẢY|TÁM|CHÍN|MƯỜI)|[IVXLC]+|\d+)"
HEADING_PATTERNS: tuple[tuple[str, int, re.Pattern[str]], ...] = (
    ("part", 1, re.compile(r"^(PHẦN\s+" + _ORDINALS + r")\s*[:.\-–]?\s*", re.IGNORECASE)),
    ("roman_sub", 3, re.compile(r"^([IVXLC]+\.\d+)\.?\s+(?=\S)")),
    ("roman", 2, re.compile(r"^([IVXLC]+)[.\-–]\s+(?=\S)")),
    ("article", 2, re.compile(r"^(Điều\s+\d+\.?)\s*:?\s*(?=\S)")),
    ("num3", 6, re.compile(r"^(\d{1,2}\.\d{1,2}\.\d{1,2})\.?\s+(?=\D)")),
    ("num2", 5, re.compile(r"^(\d{1,2}\.\d{1,2})\.?\s+(?=\D)")),
    ("num1", 4, re.compile(r"^(\d{1,2})[.\-–]\s+(?=\D)")),
    ("letter", 6, re.compile(r"^(\([a-zđ]\)|[a-zđ]\))\s+(?=\S)")),
    ("capital", 1, re.compile(r"^([A-H])\.\s+(?=[" + UPPER + r"])")),
)
_RUNIN_RE = re.compile(r"^(?P<title>[^.;:!?]{2,140}?):\s+(?=\S)")
_LIST_RE = re.compile(r"^[-+•–]\s")
APPENDIX_RE = re.compile(r"^PHỤ\s+LỤC\b.*|^Phụ\s+lục\b.*", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Heading:
    """A heading found at the start of a paragraph."""

    kind: str
    level: int
    numbering: str
    title: str
    split: int  # where the heading ends in the paragraph text (run-in headings have a body after)


def match_heading(p: Paragraph) -> Heading | None:
    """The heading a paragraph opens with, or None for body text and list items."""
    text = p.text.strip()
    if not text or _LIST_RE.match(text):
        return None
    for kind, level, rx in HEADING_PATTERNS:
        m = rx.match(text)
        if not m:
            continue
        numbering = re.sub(r"\s+", " ", m.group(1))
        if kind in ("num1", "num2", "num3", "roman", "roman_sub") and not numbering.endswith("."):
            numbering += "."
        rest = text[m.end() :]
        if kind == "part":
            return Heading(kind, level, numbering.upper(), rest.strip(" :.-–"), len(p.text))
        if kind == "capital" and not (p.bold and _mostly_upper(rest)):
            return None
        return _classify(p, kind, level, numbering, m.end(), rest)
    return None


def _mostly_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= 0.7 * len(letters)


def _classify(p: Paragraph, kind: str, level: int, numbering: str, start: int, rest: str) -> Heading | None:
    """Standalone heading, run-in heading ('1.1. Cây lương thực: Tổng …') or a numbered body item."""
    lead = p.styled_prefix()
    styled = (p.bold or p.italic) and not lead
    short = len(rest) <= 200 and not re.search(r"[.!?]\s+\S", rest)
    if styled and (short or _mostly_upper(rest) or (len(rest) <= 500 and not re.search(r"[.!?]\s+\S", rest))):
        return Heading(kind, level, numbering, clean_title(rest), len(p.text))
    m = _RUNIN_RE.match(rest)
    if m and (styled or lead or len(m.group("title").split()) <= 30):
        return Heading(kind, level, numbering, m.group("title").strip(), start + m.end("title") + 1)
    if lead > start + 2:  # a bold or italic lead-in without a colon
        title = clean_title(p.text[start:lead])
        if title and len(title.split()) <= 30:
            return Heading(kind, level, numbering, title, lead)
    if styled:
        return None
    if kind == "article":
        return Heading(kind, level, numbering, rest.strip(), len(p.text)) if short else None
    if short and len(rest) <= 160 and not rest.rstrip().endswith((".", ";", ",")):
        return Heading(kind, level, numbering, clean_title(rest), len(p.text))
    return None


def clean_title(text: str) -> str:
    """A heading title without its closing colon and spaces."""
    return text.strip().rstrip(":").strip()


def is_table_title(doc: Document, i: int) -> bool:
    """A bold title printed right above an appendix table (its caption may sit between)."""
    p = doc.paragraphs[i]
    if not (p.bold and (_mostly_upper(p.text) or APPENDIX_RE.match(p.text))):
        return False
    last = p.spans[-1]
    tables = [t for t in doc.tables if t.page == last.page and t.bbox.top >= last.bbox.bottom - 1]
    if not tables:
        return False
    first = min(tables, key=lambda t: t.bbox.top)
    between = [
        q
        for q in doc.paragraphs[i + 1 :]
        if q.page == last.page and last.bbox.bottom <= q.spans[0].bbox.top < first.bbox.top
    ]
    return all(q.italic or q.text.startswith("(") for q in between) and len(between) <= 2


def short_title(title: str, width: int = 40) -> str:
    """A long title cut at a word, for section paths."""
    if len(title) <= width:
        return title
    cut = title[:width].rsplit(" ", 1)[0]
    return cut + "…"


def is_captioned(paragraphs: Sequence[Paragraph], i: int) -> bool:
    """The next paragraph is an appendix caption ("(Kèm theo …")."""
    nxt = paragraphs[i + 1] if i + 1 < len(paragraphs) else None
    return bool(nxt and re.match(r"^\(\s*Kèm\s+theo", nxt.text, re.IGNORECASE))
