"""Page furniture: page numbers and running headers/footers.

Found by position (first or last rows of a page, in the top or bottom band) and by repetition
across pages (the same text, digits aside, at the same height; or numbers that follow the page
sequence), never by fixed coordinates of one layout.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import Literal

from ..records import Furniture, FurnitureKind
from .metadata import MOTTO_RE
from .textline import Line

PAGE_NUMBER_RE = re.compile(
    r"^(?:trang|page|tr\.)?\s*[-–—]?\s*(\d{1,4})\s*[-–—]?\s*(?:(?:/|trên|of)\s*\d{1,4})?$", re.IGNORECASE
)
BAND = 0.14  # share of the page height where headers and footers live
EDGE_ROWS = 2  # rows looked at from each edge

Band = Literal["top", "bottom"]


def footnote_block(rows: Sequence[Line]) -> list[Line]:
    """Lines of one page (top to bottom) that belong to a footnote: a line opening with a raised number and
    the lines of the same size that follow it without a gap. Footnotes are never furniture."""
    out: list[Line] = []
    current: Line | None = None
    for ln in rows:
        opens = bool(ln.markers and ln.markers[0].offset == 0)
        follows = current is not None and abs(ln.size - current.size) < 0.3 and ln.top - current.bottom < 0.8 * ln.size
        if opens or follows:
            current = ln
            out.append(ln)
        else:
            current = None
    return out


def _edge_rows(lines: Sequence[Line], height: float) -> list[tuple[Band, Line]]:
    rows = sorted(lines, key=lambda ln: ln.top)
    tops = sorted({round(ln.top) for ln in rows})
    head = set(tops[:EDGE_ROWS])
    foot = set(tops[-EDGE_ROWS:])
    notes = {id(ln) for ln in footnote_block(rows)}
    # a document's header block (issuer, number, the national motto) opens the page: no running header
    header_block = any(round(ln.top) in head and MOTTO_RE.search(ln.text) for ln in rows)
    out: list[tuple[Band, Line]] = []
    for ln in rows:
        t = round(ln.top)
        if id(ln) in notes:
            continue
        if t in head and ln.bottom < BAND * height and not header_block:
            out.append(("top", ln))
        elif t in foot and ln.top > (1 - BAND) * height:
            out.append(("bottom", ln))
    return out


def _key(text: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", " ", text.lower())).strip()


def find_furniture(pages: Sequence[Sequence[Line]], heights: Sequence[float]) -> list[Furniture]:
    """Furniture lines of every page (pages are given in order, index 0 = page 1)."""
    candidates: list[tuple[int, Band, Line]] = []
    for i, (lines, h) in enumerate(zip(pages, heights, strict=True)):
        candidates.extend((i, band, ln) for band, ln in _edge_rows(lines, h))
    text_pages = sum(1 for lines in pages if lines)
    found: dict[tuple[int, int], Furniture] = {}

    # page numbers: a number alone on its row that follows the page sequence
    offsets: Counter[int] = Counter()
    numbered: list[tuple[int, int, Band, Line]] = []
    for i, band, ln in candidates:
        m = PAGE_NUMBER_RE.match(ln.text.strip())
        if (m and ln.nseg == 1) or (m and ln.seg == ln.nseg - 1):
            value = int(m.group(1))
            numbered.append((i, value, band, ln))
            offsets[value - (i + 1)] += 1
    for i, value, _band, ln in numbered:
        off = value - (i + 1)
        if offsets[off] >= 2 or (text_pages <= 2 and offsets[off] >= 1):
            found[(i, id(ln))] = Furniture(page=i + 1, kind="page_number", text=ln.text, bbox=ln.bbox)

    # running headers and footers: the same text (digits aside) at the same height
    groups: dict[tuple[Band, str], list[tuple[int, Line]]] = defaultdict(list)
    for i, band, ln in candidates:
        if (i, id(ln)) in found:
            continue
        groups[(band, _key(ln.text))].append((i, ln))
    need = max(2, int(0.3 * text_pages + 0.999))
    for (band, _k), members in groups.items():
        pages_seen = {i for i, _ in members}
        if len(pages_seen) < need:
            continue
        tops = sorted(ln.top for _, ln in members)
        median = tops[len(tops) // 2]
        kind: FurnitureKind = "running_header" if band == "top" else "running_footer"
        for i, ln in members:
            if abs(ln.top - median) <= 0.02 * heights[i]:
                found[(i, id(ln))] = Furniture(page=i + 1, kind=kind, text=ln.text, bbox=ln.bbox)
    return sorted(_outside_text(found, candidates, pages), key=lambda f: (f.page, f.bbox.top))


def _outside_text(
    found: dict[tuple[int, int], Furniture],
    candidates: Sequence[tuple[int, Band, Line]],
    pages: Sequence[Sequence[Line]],
) -> list[Furniture]:
    """The furniture that stands outside the page's text: no other text above a header; below a footer, only
    other footer lines (body lines that repeat, digits aside, at one height are not a running header)."""
    band_of = {(i, id(ln)): band for i, band, ln in candidates}
    out = []
    for key, f in found.items():
        i = key[0]
        rest = [ln for ln in pages[i] if (i, id(ln)) not in found]
        if band_of[key] == "top" and any(ln.bottom <= f.bbox.top for ln in rest):
            continue
        below = [ln for ln in rest if ln.top >= f.bbox.bottom and band_of.get((i, id(ln))) != "bottom"]
        if band_of[key] == "bottom" and below:
            continue
        out.append(f)
    return out
