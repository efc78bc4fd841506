"""A table's title and caption ("(Kèm theo Báo cáo số … ngày …)") printed above it."""

from __future__ import annotations

import re

from ..records import Document, Paragraph, TableRegion

_REF_RE = re.compile(
    r"Kèm\s+theo\s+(?:Báo\s+cáo|Tờ\s+trình|Nghị\s+quyết|Quyết\s+định|Kế\s+hoạch|Công\s+văn)?\s*(?:số\s*)?"
    r"(?P<num>\d*\s*/\s*[A-ZĐ][A-ZĐ0-9\-–]*)?.*?ngày\s+(?P<d>\d{1,2})\s*/\s*(?P<m>\d{1,2})\s*/\s*(?P<y>\d{4})",
    re.IGNORECASE,
)


def paragraphs_above(doc: Document, first: TableRegion, prev_end: tuple[int, float] | None) -> list[Paragraph]:
    """The paragraphs printed above a table on its page, after the previous table."""
    above = []
    for p in doc.paragraphs:
        s = p.spans[-1]
        if s.page != first.page or s.bbox.bottom > first.bbox.top + 1:
            continue
        if prev_end and prev_end[0] == first.page and p.spans[0].bbox.top < prev_end[1]:
            continue
        above.append(p)
    return above


def caption_for(doc: Document, first: TableRegion, prev_end: tuple[int, float] | None) -> tuple[str, str]:
    """Title and caption lines printed above a table (after the previous table, same page)."""
    above = paragraphs_above(doc, first, prev_end)[-3:]
    caption = next((p.text for p in reversed(above) if re.match(r"^\(?\s*Kèm\s+theo", p.text, re.IGNORECASE)), "")
    titles = [p.text for p in above if p.text != caption and (p.bold or p.centered or p.text.isupper())]
    return (" ".join(titles[-2:]).strip(), caption)


def reference_of(caption: str) -> tuple[str | None, str | None]:
    """The report number and ISO date a caption refers to."""
    m = _REF_RE.search(caption)
    if not m:
        return None, None
    num = re.sub(r"\s+", "", m.group("num")) if m.group("num") else None
    date = f"{int(m.group('y')):04d}-{int(m.group('m')):02d}-{int(m.group('d')):02d}"
    return num, date
