"""The Line record: one printed text line (or one segment of a printed row) with its styles and raised markers."""

from __future__ import annotations

from dataclasses import dataclass

from ..records import BBox, StyleRun


@dataclass(frozen=True, slots=True, kw_only=True)
class LineMarker:
    """Raised digits in a line, taken out of its text: a footnote reference, or an exponent (m²)."""

    number: int
    offset: int
    bbox: BBox
    exponent_like: bool = False  # raised 2/3 right after m, km, cm...: may be m², not a marker


@dataclass(frozen=True, slots=True, kw_only=True)
class Line:
    """A printed line: its text, box, dominant size, share of bold and italic letters, style runs, markers."""

    page: int
    bbox: BBox
    text: str
    size: float  # dominant font size
    bold: float  # share of letters in bold
    italic: float
    styles: tuple[StyleRun, ...]
    markers: tuple[LineMarker, ...]
    seg: int = 0  # position of this segment in its printed row (columns, tab stops)
    nseg: int = 1
    row: int = 0  # printed row on its page: segments of one row share it
    fonts: tuple[str, ...] = ()
    legacy: tuple[str, ...] = ()  # legacy encodings converted on this line

    @property
    def x0(self) -> float:
        """Left edge."""
        return self.bbox.x0

    @property
    def x1(self) -> float:
        """Right edge."""
        return self.bbox.x1

    @property
    def top(self) -> float:
        """Top edge."""
        return self.bbox.top

    @property
    def bottom(self) -> float:
        """Bottom edge."""
        return self.bbox.bottom
