"""Parse stage: a report PDF becomes a Document (the only module that imports pdfplumber).

check_file -> open_pdf -> page_to_raw (chars, rules, table regions)
  -> raw_pages_to_document:
       measure -> find_furniture -> split_footnote_area -> areas_to_footnotes
       -> lines_to_flows -> flow_to_groups -> join_across_pages -> assign_roles
       -> link_footnotes -> extract_metadata
"""

from __future__ import annotations

import bisect
import hashlib
import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdftypes import resolve1

from .. import errors
from ..records import (
    BBox,
    Cell,
    Document,
    Note,
    PageInfo,
    Paragraph,
    Source,
    TableRegion,
)
from ..vi.textnorm import convertible, font_encoding, sniff_legacy
from .footnotes import areas_to_footnotes, link_footnotes, split_footnote_area
from .furniture import find_furniture
from .layout import (
    Char,
    Font,
    Line,
    Stats,
    chars_to_lines,
    continues_across_pages,
    flow_to_groups,
    font_style,
    is_centered,
    join_texts,
    line_with_exponents,
    lines_to_flows,
    lines_to_paragraph,
    measure,
)
from .metadata import doc_type_of, extract_metadata

# --------------------------------------------------------------------------------------
# limits and input checks


@dataclass(frozen=True)
class Limits:
    """Protection against PDF bombs and runaway inputs."""

    max_bytes: int = 300 * 2**20
    max_pages: int = 3000
    max_chars_per_page: int = 150_000
    max_chars: int = 20_000_000


def report_id_for(path: Path) -> str:
    from ..vi.textnorm import strip_accents

    stem = strip_accents(path.stem).lower()
    rid = re.sub(r"[^a-z0-9]+", "-", stem).strip("-")
    return rid or "report"


def check_file(path: Path, limits: Limits) -> bytes:
    """Cheap checks before pdfminer sees the file; returns the bytes."""
    if not path.exists():
        raise errors.NotAPdfError(str(path), "no such file")
    if not path.is_file():
        raise errors.NotAPdfError(str(path), "not a file")
    size = path.stat().st_size
    if size == 0:
        raise errors.EmptyPdfError(str(path), "empty file (0 bytes)")
    if size > limits.max_bytes:
        raise errors.LimitExceededError(
            str(path), f"file is {size / 2**20:.0f} MB, over the {limits.max_bytes / 2**20:.0f} MB limit"
        )
    data = path.read_bytes()
    if b"%PDF-" not in data[:1024]:
        raise errors.NotAPdfError(str(path), "not a PDF (no %PDF header)")
    if b"%%EOF" not in data[-2048:]:
        raise errors.CorruptPdfError(str(path), "truncated PDF (no %%EOF marker at the end of the file)")
    return data


def _open(path: Path, data: bytes) -> Any:
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        _ = pdf.doc.catalog
    except Exception as exc:  # pdfplumber wraps pdfminer errors; look at the cause
        cause = exc.__cause__ or exc.__context__ or exc
        for e in (exc, cause):
            if isinstance(e, PDFPasswordIncorrect | PDFEncryptionError) or "password" in str(e).lower():
                raise errors.EncryptedPdfError(str(path), "encrypted: a password is needed to open it") from exc
        raise errors.CorruptPdfError(str(path), f"damaged PDF: {_short(cause)}") from exc
    return pdf


def _short(exc: BaseException) -> str:
    msg = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return msg[:120]


def _page_count(pdf: Any, path: Path) -> int:
    try:
        pages = resolve1(pdf.doc.catalog["Pages"])
        return int(resolve1(pages["Count"]))
    except Exception:
        return len(pdf.pages)


# --------------------------------------------------------------------------------------
# one page


@dataclass(slots=True)
class RawPage:
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


@dataclass(frozen=True)
class OcrOptions:
    """OCR of pages without a text layer (scans): Tesseract, Vietnamese model."""

    enabled: bool = True
    resolution: int = 200  # dpi of the page picture given to Tesseract
    threads: int = 0  # pages OCR'd at once; 0: one per CPU


def needs_ocr(raw: RawPage) -> bool:
    """A scanned page: pictures and (almost) no text of its own (a stamp or page number at most)."""
    text = sum(len(ln.text) for ln in raw.lines)
    return raw.images > 0 and not raw.tables and text < 40


@dataclass(slots=True)
class FontBook:
    """Font name -> Font, deciding each font's legacy encoding once."""

    fonts: dict[str, Font] = field(default_factory=dict)
    refused: dict[str, str] = field(default_factory=dict)

    def get(self, name: str, sample: str) -> Font:
        font = self.fonts.get(name)
        if font is not None:
            return font
        bold, italic = font_style(name)
        enc = font_encoding(name)
        modern = any("\u1ea0" <= ch <= "\u1ef9" or ch in "ăđơư" for ch in sample.lower())
        if enc is not None and modern:
            enc = None  # the PDF already maps the legacy font to Unicode
        if enc is None:
            enc = sniff_legacy(sample)
        if enc is not None and not convertible(enc) and any(ord(ch) > 127 for ch in sample):
            self.refused[name] = enc
        capital = enc is not None and is_capital(name)
        font = Font(name, bold, italic, enc if enc and convertible(enc) else None, capital)
        self.fonts[name] = font
        return font


def is_capital(name: str) -> bool:
    from ..vi.textnorm import is_capital_font

    return is_capital_font(name)


def _horizontal_rules(page: Any) -> list[BBox]:
    rules = []
    for r in page.rects:
        if r["height"] <= 2.0 and r["width"] >= 10:
            rules.append(BBox(r["x0"], r["top"], r["x1"], r["bottom"]))
    for ln in page.lines:
        if abs(ln["top"] - ln["bottom"]) <= 1.0 and ln["x1"] - ln["x0"] >= 10:
            rules.append(BBox(ln["x0"], ln["top"], ln["x1"], ln["bottom"]))
    return rules


def _find_tables(page: Any) -> list[Any]:
    edges = sum(1 for r in page.rects if min(r["width"], r["height"]) <= 2.0) + len(page.lines)
    if edges < 6 and not any(r["width"] > 20 and r["height"] > 8 for r in page.rects):
        return []
    found = []
    for t in page.find_tables():
        rows = t.rows
        ncols = max((len(r.cells) for r in rows), default=0)
        if (len(rows) >= 2 and ncols >= 2) or ncols >= 3:  # one row of a table continued from the last page
            found.append(t)
    return found


def _inside(c: Char, box: tuple[float, float, float, float], tol: float = 0.5) -> bool:
    x = (c.x0 + c.x1) / 2
    y = (c.top + c.bottom) / 2
    return box[0] - tol <= x <= box[2] + tol and box[1] - tol <= y <= box[3] + tol


def _table_region(t: Any, chars: list[Char], page_no: int, landscape: bool) -> TableRegion:
    """Grid of a ruled table; each char goes to the cell its centre falls in."""
    cells_raw = list(t.cells)
    xs = sorted({round(v, 1) for c in cells_raw for v in (c[0], c[2])})
    ys = sorted({round(v, 1) for c in cells_raw for v in (c[1], c[3])})

    def idx(values: list[float], v: float) -> int:
        k = bisect.bisect_left(values, v)
        if k > 0 and (k == len(values) or v - values[k - 1] <= values[k] - v):
            return k - 1
        return k

    spans: list[tuple[int, int, int, int]] = []
    owner: dict[tuple[int, int], int] = {}
    for n, c in enumerate(cells_raw):
        r0, r1, c0, c1 = idx(ys, c[1]), idx(ys, c[3]), idx(xs, c[0]), idx(xs, c[2])
        spans.append((r0, max(r1, r0 + 1), c0, max(c1, c0 + 1)))
        for r in range(r0, max(r1, r0 + 1)):
            for k in range(c0, max(c1, c0 + 1)):
                owner.setdefault((r, k), n)
    inside: list[list[Char]] = [[] for _ in cells_raw]
    for ch in chars:
        x, y = (ch.x0 + ch.x1) / 2, (ch.top + ch.bottom) / 2
        r = bisect.bisect_right(ys, y) - 1
        k = bisect.bisect_right(xs, x) - 1
        hit = owner.get((r, k))
        if hit is not None:
            inside[hit].append(ch)
    cells: list[Cell] = []
    for n, c in sorted(enumerate(cells_raw), key=lambda nc: (nc[1][1], nc[1][0])):
        lines = chars_to_lines(inside[n], page_no, column_gap=99.0)
        text, _ = join_texts([ln.text for ln in lines])
        r0, r1, c0, c1 = spans[n]
        cells.append(Cell(r0, c0, text, BBox(c[0], c[1], c[2], c[3]), row_span=r1 - r0, col_span=c1 - c0))
    x0, top, x1, bottom = t.bbox
    return TableRegion(
        region_id=-1,
        page=page_no,
        bbox=BBox(x0, top, x1, bottom),
        n_rows=max(1, len(ys) - 1),
        n_cols=max(1, len(xs) - 1),
        cells=tuple(cells),
        col_edges=tuple(xs),
        landscape=landscape,
    )


def page_to_raw(page: Any, number: int, book: FontBook, limits: Limits, path: Path) -> RawPage:
    objs = page.chars
    if len(objs) > limits.max_chars_per_page:
        raise errors.LimitExceededError(
            str(path), f"page {number} has {len(objs)} characters, over the {limits.max_chars_per_page} limit"
        )
    width, height = float(page.width), float(page.height)
    notes: list[Note] = []
    # decide the encoding of each new font from its text on this page
    samples: dict[str, list[str]] = {}
    for o in objs:
        if o["fontname"] not in book.fonts:
            samples.setdefault(o["fontname"], []).append(o["text"])
    for name, texts in samples.items():
        book.get(name, "".join(texts[:4000]))
    chars: list[Char] = []
    unmapped = rotated = 0
    fonts = book.fonts
    for o in objs:
        t = o["text"]
        if t.startswith("(cid:"):
            unmapped += 1
            continue
        if not o["upright"]:
            rotated += 1
        chars.append(Char(t, o["x0"], o["x1"], o["top"], o["bottom"], o["size"], fonts[o["fontname"]]))
    if rotated and rotated > 0.5 * len(chars):
        notes.append(Note("rotated-text", f"{rotated} characters are rotated; reading order may be wrong", number))
    tables = _find_tables(page)
    regions: list[TableRegion] = []
    if tables:
        per_table: list[list[Char]] = [[] for _ in tables]
        rest: list[Char] = []
        for ch in chars:
            for k, t in enumerate(tables):
                if _inside(ch, t.bbox, 1.0):
                    per_table[k].append(ch)
                    break
            else:
                rest.append(ch)
        chars = rest
        for t, mine in zip(tables, per_table, strict=True):
            regions.append(_table_region(t, mine, number, width > height))
    lines = chars_to_lines(chars, number)
    rules = [r for r in _horizontal_rules(page) if not any(_inside_box(r, t.bbox) for t in regions)]
    images = len(page.images)
    return RawPage(number, width, height, lines, rules, regions, len(objs), images, unmapped, notes)


def _inside_box(r: BBox, b: BBox) -> bool:
    return r.x0 >= b.x0 - 1 and r.x1 <= b.x1 + 1 and r.top >= b.top - 1 and r.bottom <= b.bottom + 1


# --------------------------------------------------------------------------------------
# the document


def pdf_to_document(
    path: str | Path,
    limits: Limits | None = None,
    on_page: Callable[[int, int], None] | None = None,
    report_id: str | None = None,
    ocr_options: OcrOptions | None = None,
) -> Document:
    """Read a report PDF into a Document. Raises a BaocaoError subclass on bad input.

    Pages without a text layer are OCR'd (Tesseract, Vietnamese) when it is installed; their
    PageInfo says ocr=True with the mean word confidence."""
    path = Path(path)
    limits = limits or Limits()
    ocr_options = ocr_options or OcrOptions()
    data = check_file(path, limits)
    sha = hashlib.sha256(data).hexdigest()
    pdf = _open(path, data)
    try:
        n = _page_count(pdf, path)
        if n <= 0:
            raise errors.EmptyPdfError(str(path), "the PDF has no pages")
        if n > limits.max_pages:
            raise errors.LimitExceededError(str(path), f"{n} pages, over the {limits.max_pages}-page limit")
        book = FontBook()
        raws: list[RawPage] = []
        total = 0
        scans = _Scans(path, ocr_options)
        try:
            for i, page in enumerate(pdf.pages):
                raw = page_to_raw(page, i + 1, book, limits, path)
                total += raw.chars
                if total > limits.max_chars:
                    raise errors.LimitExceededError(
                        str(path), f"more than {limits.max_chars} characters (limit reached on page {i + 1})"
                    )
                if needs_ocr(raw):
                    scans.submit(page, raw)
                raws.append(raw)
                page.close()
                if on_page:
                    on_page(i + 1, n)
            raws = scans.collect(raws)
        except errors.BaocaoError:
            raise
        except Exception as exc:
            raise errors.CorruptPdfError(str(path), f"damaged PDF (page {len(raws) + 1}): {_short(exc)}") from exc
        finally:
            scans.close()
        if not raws:
            raise errors.EmptyPdfError(str(path), "the PDF has no pages")
    finally:
        pdf.close()
    if book.refused:
        name, enc = next(iter(book.refused.items()))
        raise errors.LegacyEncodingError(
            str(path), f"font {name.split('+')[-1]} uses the {enc} encoding, which baocao cannot convert to Unicode"
        )
    legacy_unmapped = [
        name for name, f in book.fonts.items() if font_encoding(name) and f.encoding is None and _mostly_unmapped(raws)
    ]
    if legacy_unmapped:
        raise errors.LegacyEncodingError(
            str(path),
            f"font {legacy_unmapped[0].split('+')[-1]} ({font_encoding(legacy_unmapped[0])}) has no character map; "
            "its text cannot be converted",
        )
    source = Source(path.name, str(path), sha, len(raws))
    return raw_pages_to_document(raws, report_id or report_id_for(path), source)


class _Scans:
    """OCR of the scanned pages of one document: pictures rendered in order (pdfplumber is not
    thread-safe), Tesseract processes run on a small thread pool, results put back in page order."""

    def __init__(self, path: Path, options: OcrOptions) -> None:
        self.path = path
        self.options = options
        self.jobs: dict[int, Any] = {}
        self.pool: Any = None
        self.skipped: list[int] = []

    def submit(self, page: Any, raw: RawPage) -> None:
        from . import ocr

        if not self.options.enabled or ocr.missing():
            self.skipped.append(raw.number)
            return
        if self.pool is None:
            import os
            from concurrent.futures import ThreadPoolExecutor

            self.pool = ThreadPoolExecutor(max_workers=self.options.threads or os.cpu_count() or 1)
        image = page.to_image(resolution=self.options.resolution).original
        self.jobs[raw.number] = self.pool.submit(ocr.image_to_words, image, self.options.resolution)

    def collect(self, raws: list[RawPage]) -> list[RawPage]:
        from . import ocr

        if self.skipped and len(self.skipped) == len(raws):
            why = "OCR is turned off" if not self.options.enabled else ocr.missing()
            raise errors.OcrUnavailableError(
                str(self.path), f"no text layer on any of its {len(raws)} pages (a scan) and {why}"
            )
        out = []
        for raw in raws:
            if raw.number in self.skipped:
                why = "OCR is turned off" if not self.options.enabled else ocr.missing()
                raw.notes.append(
                    Note("no-text-layer", f"no text layer (a scan); its text is not read: {why}", raw.number)
                )
            job = self.jobs.get(raw.number)
            if job is None:
                out.append(raw)
                continue
            words = job.result()
            lines = chars_to_lines(ocr.words_to_chars(words), raw.number)
            conf = ocr.confidence(words)
            note = (
                Note("ocr", f"text read by OCR (mean word confidence {conf})", raw.number)
                if words
                else Note("no-text-layer", "no text layer, and OCR found no text on the page", raw.number)
            )
            notes = [*raw.notes, note]
            out.append(
                RawPage(raw.number, raw.width, raw.height, lines, [], [], sum(len(w.text) for w in words),
                        raw.images, 0, notes, True, conf)
            )  # fmt: skip
        return out

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)


def load_chars(path: str | Path) -> int:
    """The floor of any pdfplumber-based parser: open the file and load every page's chars."""
    n = 0
    with pdfplumber.open(str(path)) as pdf:
        for page in pdf.pages:
            n += len(page.chars)
            page.close()
    return n


def _mostly_unmapped(raws: Sequence[RawPage]) -> bool:
    total = sum(r.chars for r in raws)
    return total > 0 and sum(r.unmapped for r in raws) > 0.2 * total


def raw_pages_to_document(raws: Sequence[RawPage], report_id: str, source: Source) -> Document:
    notes: list[Note] = [n for r in raws for n in r.notes]
    furniture = find_furniture([r.lines for r in raws], [r.height for r in raws])
    furn_ids = {(f.page, f.bbox) for f in furniture}
    pages: list[PageInfo] = []
    for r in raws:
        has_text = any((ln.page, ln.bbox) not in furn_ids for ln in r.lines) or bool(r.tables)
        if r.unmapped and r.unmapped > 0.2 * r.chars:
            has_text = False
            notes.append(Note("unmapped-glyphs", f"{r.unmapped} characters have no Unicode mapping", r.number))
        pages.append(PageInfo(r.number, r.width, r.height, r.chars, has_text, r.images, r.ocr, r.ocr_confidence))
    if not any(p.text_layer for p in pages):
        ocred = " (OCR found no text)" if any(r.ocr for r in raws) else ""
        raise errors.NoTextLayerError(source.path, f"no text layer on any of its {len(pages)} pages{ocred}")
    all_lines = [ln for r in raws for ln in r.lines]
    stats = measure(all_lines)

    # footnote areas first: their numbers decide raised 2/3 after "m" (m² or marker)
    bodies: list[list[Line]] = []
    areas: list[list[Line]] = []
    expected = 1
    for r in raws:
        lines = sorted((ln for ln in r.lines if (ln.page, ln.bbox) not in furn_ids), key=lambda ln: (ln.top, ln.x0))
        body, area = split_footnote_area(lines, r.rules, stats, expected)
        starts = [ln.markers[0].number for ln in area if ln.markers and ln.markers[0].offset == 0]
        if starts:
            expected = starts[-1] + 1
        bodies.append(body)
        areas.append(area)
    footnotes, fn_notes = areas_to_footnotes(areas)
    notes.extend(fn_notes)
    numbers_by_page: dict[int, set[int]] = {}
    for fn in footnotes:
        for s in fn.spans:
            numbers_by_page.setdefault(s.page, set()).add(fn.number)

    # paragraphs, page by page, then rejoined across page breaks
    groups: list[tuple[list[Line], str, int, bool]] = []  # lines, flow kind, block, is first of page
    for r, body in zip(raws, bodies, strict=True):
        keep = numbers_by_page.get(r.number, set())
        body = [line_with_exponents(ln, keep) for ln in body]
        table_tops = [t.bbox.top for t in r.tables]
        first = True
        for flow in lines_to_flows(body, stats):
            for g in flow_to_groups(flow, stats):
                groups.append((g, flow.kind if flow.block >= 0 else "main", flow.block, first))
                first = False
        _ = table_tops
    merged = _join_across_pages(groups, raws, stats)
    paragraphs = _assign_roles(merged, stats)
    footnotes_linked, link_notes = link_footnotes(footnotes, paragraphs)
    notes.extend(link_notes)
    metadata, meta_notes = extract_metadata(paragraphs, raws[0].width)
    notes.extend(meta_notes)
    regions = []
    rid = 0
    for r in raws:
        for t in r.tables:
            regions.append(TableRegion(rid, t.page, t.bbox, t.n_rows, t.n_cols, t.cells, t.col_edges, t.landscape))
            rid += 1
    encodings = tuple(sorted({e for ln in all_lines for e in ln.legacy}))
    for e in encodings:
        notes.append(Note("legacy-encoding", f"text in {e} fonts converted to Unicode"))
    return Document(
        report_id=report_id,
        source=source,
        metadata=metadata,
        pages=tuple(pages),
        paragraphs=tuple(paragraphs),
        footnotes=tuple(footnotes_linked),
        tables=tuple(regions),
        furniture=tuple(furniture),
        notes=tuple(notes),
        encodings=encodings,
    )


def _join_across_pages(
    groups: list[tuple[list[Line], str, int, bool]], raws: Sequence[RawPage], stats: Stats
) -> list[tuple[list[Line], str, int]]:
    """Rejoin a paragraph split by a page break (its footnotes sit in between)."""
    tables_by_page = {r.number: r.tables for r in raws}
    out: list[tuple[list[Line], str, int]] = []
    last_main: int | None = None  # index in `out` of the last main-flow group
    for lines, kind, block, first_of_page in groups:
        if (
            first_of_page
            and kind == "main"
            and last_main is not None
            and last_main == len(out) - 1
            and out[last_main][0][-1].page == lines[0].page - 1
            and not _table_between(out[last_main][0][-1], lines[0], tables_by_page)
            and continues_across_pages(out[last_main][0][-1], lines[0], stats)
        ):
            out[last_main][0].extend(lines)
            continue
        out.append((list(lines), kind, block))
        if kind == "main":
            last_main = len(out) - 1
    return out


def _table_between(prev: Line, line: Line, tables: dict[int, list[TableRegion]]) -> bool:
    below_prev = any(t.bbox.top > prev.bottom for t in tables.get(prev.page, []))
    above_next = any(t.bbox.bottom < line.top for t in tables.get(line.page, []))
    return below_prev or above_next


def _assign_roles(groups: list[tuple[list[Line], str, int]], stats: Stats) -> list[Paragraph]:
    """Header (page-1 block before the type line), doc_type, title, signature, body."""
    roles: list[str] = []
    first_page = groups[0][0][0].page if groups else 1
    doc_type_seen = False
    for i, (lines, kind, _block) in enumerate(groups):
        text = " ".join(ln.text for ln in lines)
        page = lines[0].page
        role = "body"
        centered = all(is_centered(ln, stats) for ln in lines)
        bold = sum(ln.bold for ln in lines) / len(lines)
        if kind != "main":
            role = "header" if page == first_page and not doc_type_seen else "signature"
        elif doc_type_of(text) and bold > 0.5 and len(text) < 200 and (centered or len(text) < 40):
            role = "doc_type"
            doc_type_seen = True
        elif roles and roles[-1] in ("doc_type", "title") and (centered or bold > 0.5) and not _is_heading(text):
            role = "title"
        elif page == first_page and not doc_type_seen and i < 8 and _looks_like_header(text):
            role = "header"
        roles.append(role)
    return [
        lines_to_paragraph(lines, pid, role, stats)
        for pid, ((lines, _k, _b), role) in enumerate(zip(groups, roles, strict=True))
    ]


_HEADING_RE = re.compile(r"^(PHẦN\s+THỨ|Phần\s+thứ|[IVXLC]+\.\s|[IVXLC]+\.\d|\d+\.\s|Điều\s+\d)")


def _is_heading(text: str) -> bool:
    return bool(_HEADING_RE.match(text))


def _looks_like_header(text: str) -> bool:
    return bool(re.search(r"\bSố\s*[:.]|CỘNG\s+HO[ÀA]|Độc\s+lập|, ngày\s+\S+\s+tháng", text))


FOOTNOTE_RULE = "—" * 10


def text_layout(doc: Document) -> tuple[str, list[int], list[int]]:
    """The plain text (paragraphs, a rule, then `[n] footnote`), with the offset where each
    paragraph's text and each footnote's text starts in it."""
    out: list[str] = []
    pos = 0
    para_starts: list[int] = []
    fn_starts: list[int] = []

    def add(block: str) -> None:
        nonlocal pos
        if out:
            out.append("\n\n")
            pos += 2
        out.append(block)
        pos += len(block)

    for p in doc.paragraphs:
        para_starts.append(pos + (2 if out else 0))
        add(p.text)
    if doc.footnotes:
        add(FOOTNOTE_RULE)
        for fn in doc.footnotes:
            prefix = f"[{fn.number}] "
            fn_starts.append(pos + (2 if out else 0) + len(prefix))
            add(prefix + fn.text)
    return "".join(out) + "\n", para_starts, fn_starts


def document_text(doc: Document) -> str:
    """The plain text: paragraphs, then the footnotes, one block per paragraph."""
    return text_layout(doc)[0]


__all__ = ["Limits", "document_text", "load_chars", "pdf_to_document", "raw_pages_to_document", "report_id_for"]


# --------------------------------------------------------------------------------------
# pictures of regions, for the review page


@dataclass(frozen=True)
class Highlight:
    """A box to draw on a page picture: the printed `text` found inside `bbox` (a line or a
    cell), or the whole `bbox` when the text is not found there."""

    bbox: BBox
    text: str | None = None


@dataclass(frozen=True)
class Crop:
    page: int  # 1-based
    highlights: tuple[Highlight, ...]
    margin: float = 30.0  # points above and below the highlighted lines


def _number_pattern(text: str) -> re.Pattern[str]:
    return re.compile(r"(?<![\d.,])" + re.escape(text) + r"(?!\d|,\d)")


def render_crops(path: str | Path, crops: Sequence[Crop], resolution: int = 100) -> list[bytes | None]:
    """PNG pictures of page regions with the figures boxed: each crop spans the page's width and
    the height of its highlights plus a margin. None for a crop whose page does not exist."""
    out: list[bytes | None] = []
    with pdfplumber.open(str(path)) as pdf:
        for crop in crops:
            if not 1 <= crop.page <= len(pdf.pages) or not crop.highlights:
                out.append(None)
                continue
            page = pdf.pages[crop.page - 1]
            x0, top0, x1, bottom0 = page.bbox
            boxes: list[tuple[float, float, float, float]] = []
            for h in crop.highlights:
                b = h.bbox
                found = None
                if h.text:
                    region = (max(x0, b.x0 - 2), max(top0, b.top - 2), min(x1, b.x1 + 2), min(bottom0, b.bottom + 2))
                    try:
                        hits = page.crop(region).search(_number_pattern(h.text), regex=True)
                    except ValueError:
                        hits = []
                    if hits:
                        found = (hits[0]["x0"], hits[0]["top"], hits[0]["x1"], hits[0]["bottom"])
                boxes.append(found or (b.x0, b.top, b.x1, b.bottom))
            # the picture spans the lines (or, for a page-wide search, the figures found) and a margin
            spans = [
                box if (h.bbox.bottom - h.bbox.top) > 200 else (h.bbox.x0, h.bbox.top, h.bbox.x1, h.bbox.bottom)
                for h, box in zip(crop.highlights, boxes, strict=True)
            ]
            top = max(top0, min(b[1] for b in spans) - crop.margin)
            bottom = min(bottom0, max(b[3] for b in spans) + crop.margin)
            image = page.crop((x0, top, x1, bottom)).to_image(resolution=resolution)
            image.draw_rects(
                [(bx0 - 1.5, btop - 1.5, bx1 + 1.5, bbottom + 1.5) for bx0, btop, bx1, bbottom in boxes],
                fill=(255, 214, 0, 70),
                stroke=(214, 0, 0),
                stroke_width=2,
            )
            buf = io.BytesIO()
            image.save(buf, format="PNG")
            out.append(buf.getvalue())
            page.close()
    return out
