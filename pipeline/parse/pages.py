"""One page as read from the PDF (RawPage): its lines, rules, table regions and counts, before composing."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..records import BBox, Note, TableRegion
from .textline import Line


@dataclass(slots=True, kw_only=True)
class RawPage:
    """A page's text lines (tables' text left out), horizontal rules, table regions, character and picture counts."""

    number: int
    width: float
    height: float
    lines: list[Line]
    rules: list[BBox]
    tables: list[TableRegion]
    chars: int
    images: int
    unmapped: int = 0
    notes: list[Note] = field(default_factory=list)
    ocr: bool = False
    ocr_confidence: float | None = None


def needs_ocr(raw: RawPage) -> bool:
    """A scanned page: pictures and (almost) no text of its own (a stamp or page number at most)."""
    text = sum(len(ln.text) for ln in raw.lines)
    return raw.images > 0 and not raw.tables and text < 40
