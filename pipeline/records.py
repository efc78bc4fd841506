"""Frozen records passed between the text stages.

Every record that carries text also carries its provenance: the 1-based page, a bounding
box in PDF points (top-left origin, as pdfplumber reports it) and character offsets into the
text it belongs to. DataFrames only appear at the edges (publish).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Role = Literal["header", "doc_type", "title", "body", "signature"]
"""What a paragraph is in the document: the header block, the type line, the title, body text, a signature block."""

FurnitureKind = Literal["page_number", "running_header", "running_footer"]
"""What a furniture line is."""


@dataclass(frozen=True, slots=True, kw_only=True)
class BBox:
    """A box in PDF points, top-left origin (pdfplumber's coordinates)."""

    x0: float
    top: float
    x1: float
    bottom: float

    def union(self, other: BBox) -> BBox:
        """The smallest box holding both."""
        return BBox(
            x0=min(self.x0, other.x0),
            top=min(self.top, other.top),
            x1=max(self.x1, other.x1),
            bottom=max(self.bottom, other.bottom),
        )

    def as_list(self) -> list[float]:
        """[x0, top, x1, bottom] rounded to 0.01 pt, for JSON."""
        return [round(self.x0, 2), round(self.top, 2), round(self.x1, 2), round(self.bottom, 2)]

    @property
    def width(self) -> float:
        """Width in points."""
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        """Height in points."""
        return self.bottom - self.top


@dataclass(frozen=True, slots=True, kw_only=True)
class Span:
    """Where a stretch of text [start, end) of its owner came from: one printed line."""

    page: int
    bbox: BBox
    start: int
    end: int


@dataclass(frozen=True, slots=True, kw_only=True)
class StyleRun:
    """A stretch [start, end) of text printed in one style (bold and/or italic, or plain)."""

    start: int
    end: int
    bold: bool
    italic: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class Marker:
    """A footnote reference: small raised digits in the running text, removed from it.

    `offset` is the position in the owner's text where the marker stood (the marker text
    itself is not in the owner's text).
    """

    number: int
    page: int
    bbox: BBox
    offset: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Paragraph:
    """A paragraph of the running text, with where each of its lines was printed."""

    pid: int
    text: str
    role: Role
    spans: tuple[Span, ...]
    markers: tuple[Marker, ...] = ()
    styles: tuple[StyleRun, ...] = ()
    size: float = 0.0
    bold: bool = False
    italic: bool = False
    indented: bool = False
    centered: bool = False

    @property
    def page(self) -> int:
        """The page it starts on."""
        return self.spans[0].page

    @property
    def pages(self) -> tuple[int, ...]:
        """Every page it is printed on."""
        return tuple(sorted({s.page for s in self.spans}))

    def page_at(self, offset: int) -> int:
        """The page the text at `offset` is printed on."""
        for s in self.spans:
            if offset < s.end:
                return s.page
        return self.spans[-1].page

    def styled_prefix(self) -> int:
        """Length of a leading bold or italic run followed by plain text (a run-in heading's
        lead-in); 0 when the paragraph does not open that way or is styled throughout."""
        end = 0
        for run in self.styles:
            if run.start > end + 1:
                break
            if not (run.bold or run.italic):
                if self.text[run.start : run.end].strip():
                    break
                continue
            end = run.end
        return end if 0 < end < len(self.text.rstrip()) else 0


@dataclass(frozen=True, slots=True, kw_only=True)
class FootnoteLink:
    """Where a footnote is referenced from: the body marker with its number."""

    paragraph: int  # pid of the body paragraph holding the marker
    offset: int
    page: int
    bbox: BBox


@dataclass(frozen=True, slots=True, kw_only=True)
class Footnote:
    """A footnote's text, where it is printed, and the marker that references it."""

    number: int
    text: str
    spans: tuple[Span, ...]
    anchor: FootnoteLink | None = None
    markers: tuple[Marker, ...] = ()
    part: int = 1  # the document part it belongs to (numbering restarts in each part)

    @property
    def page(self) -> int:
        """The page it starts on."""
        return self.spans[0].page


@dataclass(frozen=True, slots=True, kw_only=True)
class Cell:
    """One cell of a ruled table's grid (merged cells span several rows or columns)."""

    row: int
    col: int
    text: str
    bbox: BBox
    row_span: int = 1
    col_span: int = 1
    indent: float = 0.0  # from the cell's left edge to its first line's text, in points


@dataclass(frozen=True, slots=True, kw_only=True)
class TableRegion:
    """A ruled table found on one page; the table stage merges regions across pages."""

    region_id: int
    page: int
    bbox: BBox
    n_rows: int
    n_cols: int
    cells: tuple[Cell, ...]  # merged cells appear once, at their top-left grid position
    col_edges: tuple[float, ...] = ()
    landscape: bool = False

    def grid(self) -> list[list[str | None]]:
        """The cells' texts on the grid; None where a merged cell covers the position."""
        out: list[list[str | None]] = [[None] * self.n_cols for _ in range(self.n_rows)]
        for c in self.cells:
            out[c.row][c.col] = c.text
        return out


@dataclass(frozen=True, slots=True, kw_only=True)
class Furniture:
    """A page number or running header/footer line, left out of the text."""

    page: int
    kind: FurnitureKind
    text: str
    bbox: BBox


@dataclass(frozen=True, slots=True, kw_only=True)
class PageInfo:
    """What one page holds: its size, characters, pictures, and whether it has (or got by OCR) a text layer."""

    number: int
    width: float
    height: float
    chars: int
    text_layer: bool
    images: int = 0
    ocr: bool = False
    ocr_confidence: float | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Note:
    """A warning raised while reading the report: reported, never silently fixed."""

    code: str
    message: str
    page: int | None = None

    def __str__(self) -> str:
        where = f"page {self.page}: " if self.page else ""
        return f"{self.code}: {where}{self.message}"


@dataclass(frozen=True, slots=True, kw_only=True)
class Metadata:
    """The header block's facts: issuer, document number, place and date, type and title."""

    issuer: str | None = None
    number: str | None = None
    place: str | None = None
    date: str | None = None
    doc_type: str | None = None
    title: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Part:
    """One document of a PDF that holds several (a report and its attached resolution, a bundle of
    reports): opened by a header block, running to the page before the next one; appendices belong
    to the part they follow."""

    part: int  # 1-based
    first_page: int
    last_page: int
    first_paragraph: int  # pid of its first paragraph
    metadata: Metadata


@dataclass(frozen=True, slots=True, kw_only=True)
class Source:
    """The file a Document was read from."""

    file: str
    path: str
    sha256: str
    pages: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Document:
    """A report as read from its PDF: the text stages' input."""

    report_id: str
    source: Source
    metadata: Metadata
    pages: tuple[PageInfo, ...]
    paragraphs: tuple[Paragraph, ...]
    footnotes: tuple[Footnote, ...]
    tables: tuple[TableRegion, ...]
    furniture: tuple[Furniture, ...] = ()
    notes: tuple[Note, ...] = ()
    encodings: tuple[str, ...] = field(default=())
    parts: tuple[Part, ...] = ()  # the documents it holds; `metadata` is the first one's

    def paragraph(self, pid: int) -> Paragraph:
        """The paragraph with id `pid`."""
        return self.paragraphs[pid]

    def part_of(self, page: int | None) -> int:
        """The part the page belongs to (1 for a document of one part, or without a page)."""
        found = 1
        for p in self.parts:
            if page is not None and p.first_page <= page:
                found = p.part
        return found

    def part_metadata(self, part: int) -> Metadata:
        """The header block's facts of one part (the document's own for part 1 or an unknown part)."""
        return next((p.metadata for p in self.parts if p.part == part), self.metadata)
