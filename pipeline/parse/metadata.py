"""Header block of an administrative document: issuer, number, place and date, type, title.

Vietnamese administrative documents (Nghị định 30/2020/NĐ-CP) open with a two-column block:
the issuing body and "Số: 3013/BC-UBND" on the left, the national motto and "Điện Biên, ngày
05 tháng 7 năm 2024" on the right; then the document type (BÁO CÁO, NGHỊ QUYẾT, ...) and the
title, centred.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..records import Metadata, Note, Paragraph

DOC_TYPES = (
    "BÁO CÁO", "NGHỊ QUYẾT", "QUYẾT ĐỊNH", "KẾ HOẠCH", "TỜ TRÌNH", "THÔNG BÁO", "CHỈ THỊ",
    "CÔNG VĂN", "ĐỀ ÁN", "CHƯƠNG TRÌNH", "HƯỚNG DẪN", "THÔNG TƯ", "NGHỊ ĐỊNH", "BIÊN BẢN",
    "CÔNG ĐIỆN", "PHƯƠNG ÁN", "ĐỀ CƯƠNG", "KẾT LUẬN",
)  # fmt: skip
DOC_TYPE_RE = re.compile(r"^(" + "|".join(DOC_TYPES) + r")\b(.*)$")
NUMBER_RE = re.compile(
    r"\bSố\s*[:.]?\s*((?:\d[\d.]*)?\s*/\s*(?:\d{4}\s*/\s*)?[A-ZĐ][A-ZĐa-zđ0-9\-–.]*(?:\s*-\s*[A-ZĐ0-9]+)*)"
)
DATE_RE = re.compile(
    r"(?:^|[\s,])([A-ZĐÀ-Ỹ][^,\n]{1,40}?)\s*,\s*ngày\s+(\d{1,2})?\s*[./…]*\s*tháng\s+(\d{1,2})?\s*[./…]*\s*năm\s+(\d{4})"
)
MOTTO_LINE_RE = re.compile(
    r"CỘNG\s+HO[ÀA]\s+XÃ\s+HỘI\s+CHỦ\s+NGHĨA\s+VIỆT\s+NAM|Độc\s+lập\s*-\s*Tự\s+do\s*-\s*Hạnh\s+phúc", re.IGNORECASE
)
MOTTO_RE = re.compile(r"CỘNG\s+HO[ÀA]\s+XÃ\s+HỘI|Độc\s+lập\s*-\s*Tự\s+do", re.IGNORECASE)
# a line that opens a numbered part of the body (I., 1., PHẦN THỨ …, Điều 1): never part of the title
SECTION_START_RE = re.compile(r"^(PHẦN\s+THỨ|Phần\s+thứ|[IVXLC]+\.\s|[IVXLC]+\.\d|\d+\.\s|Điều\s+\d)")


def opens_section(text: str) -> bool:
    """The text opens with section numbering: 'I. KẾT QUẢ', '1. Nông nghiệp', 'PHẦN THỨ NHẤT'."""
    return bool(SECTION_START_RE.match(text.strip()))


def is_doc_type_line(text: str) -> bool:
    """The line is a document type alone: 'BÁO CÁO'."""
    kind = doc_type_of(text)
    return kind is not None and not kind[1]


def doc_type_of(text: str) -> tuple[str, str] | None:
    """('BÁO CÁO', rest) when a line opens with a document type in capitals."""
    m = DOC_TYPE_RE.match(text.strip())
    if not m:
        return None
    rest = m.group(2).strip()
    if rest and rest != rest.upper():
        return None
    return m.group(1), rest


def _number_and_date(header: Sequence[Paragraph]) -> tuple[str | None, str | None, str | None, list[Note]]:
    """The document number, place and date (ISO) from the header block."""
    notes: list[Note] = []
    number = place = date = None
    for p in header:
        m = NUMBER_RE.search(p.text)
        if m and number is None:
            raw = re.sub(r"\s+", "", m.group(1))
            if re.match(r"\d", raw):
                number = raw
            else:
                notes.append(
                    Note(code="metadata-number", message=f"document number left blank: {p.text[:40]!r}", page=p.page)
                )
        d = DATE_RE.search(MOTTO_LINE_RE.sub(" ", p.text))
        if d and date is None:
            place = d.group(1).strip()
            if d.group(2) and d.group(3):
                date = f"{int(d.group(4)):04d}-{int(d.group(3)):02d}-{int(d.group(2)):02d}"
            else:
                notes.append(
                    Note(code="metadata-date", message=f"date left blank: {d.group(0).strip()!r}", page=p.page)
                )
    return number, place, date, notes


def _issuer(header: Sequence[Paragraph], page_width: float) -> str | None:
    """The issuing body: the header block's left column down to the document number."""
    issuer_lines: list[str] = []
    for p in sorted(header, key=lambda p: p.spans[0].bbox.top):
        box = p.spans[0].bbox
        if (box.x0 + box.x1) / 2 > page_width / 2 or MOTTO_RE.search(p.text):
            continue
        text = p.text
        cut = re.search(r"\bSố\s*[:.]?", text)
        if cut:
            text = text[: cut.start()]
            if text.strip():
                issuer_lines.append(text.strip())
            break
        issuer_lines.append(text)
    if issuer_lines:
        return re.sub(r"\s+", " ", " ".join(issuer_lines)).strip(" _-–—")
    return None


def _type_and_title(paragraphs: Sequence[Paragraph]) -> tuple[str | None, str | None]:
    """The document type (BÁO CÁO ...) and the title that follows it."""
    at = next((i for i, p in enumerate(paragraphs) if p.role == "doc_type"), None)
    if at is None:
        return None, None
    doc_type_p = paragraphs[at]
    kind = doc_type_of(doc_type_p.text)
    doc_type = kind[0] if kind else doc_type_p.text.strip()
    rest = kind[1] if kind else ""
    parts = ([rest] if rest else []) + [p.text for p in _title_paragraphs(paragraphs, at + 1)]
    return doc_type, " ".join(parts).strip() or None


def _title_paragraphs(paragraphs: Sequence[Paragraph], start: int) -> list[Paragraph]:
    """The title under the type line: its first paragraph, and the next ones in the same style (a
    title wrapped over paragraphs), up to a paragraph that opens with section numbering."""
    titles: list[Paragraph] = []
    for p in paragraphs[start:]:
        if p.role != "title" or opens_section(p.text):
            break
        first = titles[0] if titles else p
        if (p.bold, p.italic) != (first.bold, first.italic) or abs(p.size - first.size) > 0.6:
            break
        titles.append(p)
    return titles


def extract_metadata(
    paragraphs: Sequence[Paragraph], page_width: float, *, page: int = 1
) -> tuple[Metadata, list[Note]]:
    """The header block's facts (issuer, number, place, date, type, title), with a note for each one
    missing (on `page`, where the block is printed); `paragraphs` are one document's, in order."""
    header = [p for p in paragraphs if p.role == "header"]
    number, place, date, notes = _number_and_date(header)
    issuer = _issuer(header, page_width)
    doc_type, title = _type_and_title(paragraphs)
    for name, value in (
        ("issuer", issuer),
        ("number", number),
        ("date", date),
        ("doc_type", doc_type),
        ("title", title),
    ):
        if value is None:
            notes.append(Note(code="metadata-missing", message=f"no {name} found in the header block", page=page))
    metadata = Metadata(issuer=issuer, number=number, place=place, date=date, doc_type=doc_type, title=title)
    return metadata, notes
