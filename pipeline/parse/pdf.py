"""Reading a PDF file (the only module that imports pdfplumber).

check_file -> open_pdf -> page_count, iter_pages -> page_to_raw (characters, horizontal rules, ruled tables)
pdfminer's stream decoding measured and bounded by parse/limits (decompression bombs)
page_picture    a page rendered for OCR
load_chars      the floor of any pdfplumber-based parser (bench)
render_crops    pictures of page regions, figures boxed, for the review page
"""

from __future__ import annotations

import io
import re
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pdfplumber
from pdfminer import pdftypes
from pdfminer.layout import LTChar, LTContainer, LTItem
from pdfminer.lzw import LZWDecoder
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdftypes import PDFStream, resolve1

from .. import errors
from ..records import BBox, Note, TableRegion
from .chars import Char, FontBook
from .grid import box_inside, cells_to_region, split_chars
from .limits import BUDGET, Budget, Limits, current_budget, decoding_limits, inflated_size, limit_error
from .lines import Reading, chars_to_lines
from .pages import RawPage
from .unruled import unruled_tables


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


class _MeasuredZlib:
    """zlib as pdfminer.pdftypes sees it: `decompress` measures what the data inflates to first."""

    error = zlib.error

    def decompress(self, data: bytes, *args: Any) -> bytes:
        """zlib.decompress, refused when the data inflates past the stream's limit."""
        budget = current_budget()
        if inflated_size(data, budget.cap()) > budget.cap():
            budget.refuse()
        return zlib.decompress(data, *args)

    def __getattr__(self, name: str) -> Any:
        return getattr(zlib, name)


def _lzwdecode(data: bytes) -> bytes:
    """pdfminer's lzwdecode, refused once its output passes the stream's limit."""
    budget = current_budget()
    cap, n, out = budget.cap(), 0, []
    for piece in LZWDecoder(io.BytesIO(data)).run():
        n += len(piece)
        if n > cap:
            budget.refuse()
        out.append(piece)
    return b"".join(out)


def _stream_label(stream: PDFStream) -> str:
    """What a stream is, for a message: 'content stream (object 12)', 'image (object 7)'."""
    names = {"Form": "form", "Image": "image", "ObjStm": "object stream", "XRef": "cross-reference stream"}
    kind = None
    for key in ("Subtype", "Type"):
        name = getattr(stream.attrs.get(key), "name", None)
        if kind is None and isinstance(name, str):
            kind = names.get(name, "stream")
    if kind is None:
        kind = "font file" if "Length1" in stream.attrs or "Length2" in stream.attrs else "content stream"
    return kind if stream.objid is None else f"{kind} (object {stream.objid})"


_pdfminer_decode = PDFStream.decode


def _decode(self: PDFStream) -> None:
    """PDFStream.decode within the limits: each step measured (above), the result charged to the page."""
    budget = current_budget()
    label, budget.stream = budget.stream, _stream_label(self)
    token = BUDGET.set(budget)
    try:
        _pdfminer_decode(self)
        budget.charge(len(self.data or b""))
    finally:
        budget.stream = label
        BUDGET.reset(token)


_PATCHES = ((pdftypes, "zlib", _MeasuredZlib()), (pdftypes, "lzwdecode", _lzwdecode), (PDFStream, "decode", _decode))
for _owner, _name, _value in _PATCHES:
    if hasattr(_owner, _name):
        setattr(_owner, _name, _value)


def open_pdf(path: Path, data: bytes) -> Any:
    """The opened PDF (its catalogue read); an encrypted or damaged file raises the matching BaocaoError."""
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        _ = pdf.doc.catalog
    except Exception as exc:  # pdfplumber wraps pdfminer errors; look at the cause
        if (limit := limit_error(exc)) is not None:
            raise limit from None
        cause = exc.__cause__ or exc.__context__ or exc
        for e in (exc, cause):
            if isinstance(e, PDFPasswordIncorrect | PDFEncryptionError) or "password" in str(e).lower():
                raise errors.EncryptedPdfError(str(path), "encrypted: a password is needed to open it") from exc
        raise errors.CorruptPdfError(str(path), f"damaged PDF: {short_error(cause)}") from exc
    return pdf


def short_error(exc: BaseException) -> str:
    """The first line of an exception's message (at most 120 characters), for an error message."""
    msg = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return msg[:120]


def page_count(pdf: Any) -> int:
    """The page count the catalogue announces (or the pages found, when it cannot be read)."""
    try:
        pages = resolve1(pdf.doc.catalog["Pages"])
        return int(resolve1(pages["Count"]))
    except errors.BaocaoError:
        raise
    except Exception:
        return len(pdf.pages)


def iter_pages(pdf: Any, start: int = 0) -> Iterator[Any]:
    """The PDF's pages in order (from page `start` + 1), each closed once the next one is asked for."""
    for page in pdf.pages[start:]:
        yield page
        page.close()


# --------------------------------------------------------------------------------------
# one page


def _horizontal_rules(page: Any) -> list[BBox]:
    rules = []
    for r in page.rects:
        if r["height"] <= 2.0 and r["width"] >= 10:
            rules.append(BBox(x0=r["x0"], top=r["top"], x1=r["x1"], bottom=r["bottom"]))
    for ln in page.lines:
        if abs(ln["top"] - ln["bottom"]) <= 1.0 and ln["x1"] - ln["x0"] >= 10:
            rules.append(BBox(x0=ln["x0"], top=ln["top"], x1=ln["x1"], bottom=ln["bottom"]))
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


def _page_chars(objs: list[dict[str, Any]], book: FontBook) -> tuple[list[Char], int, int]:
    """The page's mapped characters with their fonts, and the counts of unmapped and rotated ones."""
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
        chars.append(
            Char(text=t, x0=o["x0"], x1=o["x1"], top=o["top"], bottom=o["bottom"], size=o["size"],
                 font=fonts[o["fontname"]])
        )  # fmt: skip
    return chars, unmapped, rotated


def page_to_raw(page: Any, number: int, book: FontBook, limits: Limits, path: Path) -> RawPage:
    """One page's text lines, horizontal rules and ruled tables (their text kept apart from the lines),
    its streams decoded within the limits."""
    with decoding_limits(path, limits, page=number):
        return _page_to_raw(page, number, book, limits, path)


# the fields of a character that baocao reads, as pdfplumber computes them (its colours, colour spaces
# and marked-content tags are left out: they cost half of pdfplumber's time and nothing reads them)
CHAR_KEYS = (
    "object_type", "page_number", "text", "fontname", "size", "adv", "upright", "matrix",
    "x0", "y0", "x1", "y1", "width", "height", "top", "bottom", "doctop",
)  # fmt: skip


def _leaves(objs: Sequence[LTItem]) -> Iterator[LTItem]:
    for obj in objs:
        if isinstance(obj, LTContainer):
            yield from _leaves(obj._objs)
        else:
            yield obj


def page_objects(page: Any) -> dict[str, list[dict[str, Any]]]:
    """The page's objects as pdfplumber's `page.objects` holds them (rules, curves, images the
    same, pdfplumber's own conversion), characters with the CHAR_KEYS fields only, read once from
    pdfminer's layout (as pdfplumber reads it without layout analysis: containers opened, not kept)."""
    if page.pdf.laparams is not None or page.pdf.unicode_norm is not None:  # not how baocao opens a file
        return dict(page.parse_objects())
    height, (mb_x0, mb_top) = page.height, page.mediabox[:2]
    number, doctop = page.page_number, page.initial_doctop
    out: dict[str, list[dict[str, Any]]] = {}
    chars: list[dict[str, Any]] = []
    for obj in _leaves(page.layout._objs):
        if type(obj) is not LTChar:
            attr = page.process_object(obj)
            out.setdefault(attr["object_type"], []).append(attr)
            continue
        if "char" not in out:
            out["char"] = chars
        fontname = obj.fontname
        top = (height - obj.y1) + mb_top
        chars.append({
            "object_type": "char", "page_number": number, "text": obj.get_text(),
            "fontname": fontname if isinstance(fontname, str) else _fontname(fontname),
            "size": obj.size, "adv": obj.adv, "upright": obj.upright, "matrix": obj.matrix,
            "x0": obj.x0 + mb_x0 if mb_x0 != 0 else obj.x0, "y0": obj.y0,
            "x1": obj.x1 + mb_x0 if mb_x0 != 0 else obj.x1, "y1": obj.y1,
            "width": obj.width, "height": obj.height,
            "top": top, "bottom": (height - obj.y0) + mb_top, "doctop": doctop + top,
        })  # fmt: skip
    return out


def _fontname(name: Any) -> str:
    from pdfplumber.page import fix_fontname_bytes  # rare byte-encoded font names

    return str(fix_fontname_bytes(name))


def _page_to_raw(page: Any, number: int, book: FontBook, limits: Limits, path: Path) -> RawPage:
    page._objects = page_objects(page)  # pdfplumber's cache: rules, tables and images read from it
    objs = page.chars
    if len(objs) > limits.max_chars_per_page:
        raise errors.LimitExceededError(
            str(path), f"page {number} has {len(objs)} characters, over the {limits.max_chars_per_page} limit"
        )
    width, height = float(page.width), float(page.height)
    notes: list[Note] = []
    chars, unmapped, rotated = _page_chars(objs, book)
    if rotated and rotated > 0.5 * len(chars):
        notes.append(
            Note(code="rotated-text", message=f"{rotated} characters are rotated; reading order may be wrong",
                 page=number)
        )  # fmt: skip
    tables = _find_tables(page)
    regions: list[TableRegion] = []
    if tables:
        per_table, chars = split_chars(chars, [t.bbox for t in tables])
        for t, mine in zip(tables, per_table, strict=True):
            regions.append(cells_to_region(list(t.cells), t.bbox, mine, number, width > height))
    rules = _horizontal_rules(page)
    reading = Reading.of(chars)  # the rows, read once for the unruled tables and the lines
    if unruled := unruled_tables(chars, rules, number, reading):  # tables without vertical rules, from their text
        per_table, chars = split_chars(chars, [t.bbox for t in unruled])
        for u, mine in zip(unruled, per_table, strict=True):
            regions.append(cells_to_region(u.cells, u.bbox, mine, number, width > height))
    rules = [r for r in rules if not any(box_inside(r, t.bbox) for t in regions)]
    return RawPage(
        number=number, width=width, height=height, lines=chars_to_lines(chars, number, reading=reading), rules=rules,
        tables=regions, chars=len(objs), images=len(page.images), unmapped=unmapped, notes=notes,
    )  # fmt: skip


def page_picture(page: Any, resolution: int, limits: Limits | None = None, path: str | Path = "(PDF)") -> Any:
    """The page rendered at `resolution` dpi (a PIL image), for OCR; refused before rendering when the
    renderer would decode its images past the page limit (4 bytes a pixel, from their declared sizes)."""
    budget = Budget(str(path), limits or Limits(), page=int(page.page_number))
    budget.stream_max = budget.page_max  # the renderer decodes pictures, not pdfminer: the page limit holds
    for image in page.images:
        width, height = image.get("srcsize") or (0, 0)
        budget.charge(int(width) * int(height) * 4, f"image {image.get('name', '')} of {width}x{height} pixels")
    return page.to_image(resolution=resolution).original


def load_chars(path: str | Path) -> int:
    """The floor of any pdfplumber-based parser: open the file and load every page's chars."""
    n = 0
    with pdfplumber.open(str(path)) as pdf:
        for page in pdf.pages:
            n += len(page.chars)
            page.close()
    return n


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
    """A picture of a page region: the page's width, the height of its highlights plus a margin."""

    page: int  # 1-based
    highlights: tuple[Highlight, ...]
    margin: float = 30.0  # points above and below the highlighted lines
    keep: tuple[BBox, ...] = ()  # regions the picture spans too, not boxed (a table's column header)


def _number_pattern(text: str) -> re.Pattern[str]:
    return re.compile(r"(?<![\d.,])" + re.escape(text) + r"(?!\d|,\d)")


def _highlight_box(page: Any, h: Highlight) -> tuple[float, float, float, float]:
    """Where the highlight's text is printed inside its box, or the whole box."""
    x0, top0, x1, bottom0 = page.bbox
    b = h.bbox
    if h.text:
        region = (max(x0, b.x0 - 2), max(top0, b.top - 2), min(x1, b.x1 + 2), min(bottom0, b.bottom + 2))
        try:
            hits = page.crop(region).search(_number_pattern(h.text), regex=True)
        except ValueError:
            hits = []
        if hits:
            return (hits[0]["x0"], hits[0]["top"], hits[0]["x1"], hits[0]["bottom"])
    return (b.x0, b.top, b.x1, b.bottom)


def _crop_picture(page: Any, crop: Crop, resolution: int) -> bytes:
    """PNG of one crop: the page's width over its highlights' lines and a margin, the figures boxed."""
    x0, top0, x1, bottom0 = page.bbox
    boxes = [_highlight_box(page, h) for h in crop.highlights]
    # the picture spans the lines (or, for a page-wide search, the figures found) and a margin
    spans = [
        box if (h.bbox.bottom - h.bbox.top) > 200 else (h.bbox.x0, h.bbox.top, h.bbox.x1, h.bbox.bottom)
        for h, box in zip(crop.highlights, boxes, strict=True)
    ] + [(k.x0, k.top, k.x1, k.bottom) for k in crop.keep]
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
    return buf.getvalue()


def render_crops(path: str | Path, crops: Sequence[Crop], resolution: int = 100) -> list[bytes | None]:
    """PNG pictures of page regions with the figures boxed: each crop spans the page's width and
    the height of its highlights plus a margin. None for a crop whose page does not exist."""
    out: list[bytes | None] = []
    with pdfplumber.open(str(path)) as pdf:
        for crop in crops:
            if not 1 <= crop.page <= len(pdf.pages) or not (crop.highlights or crop.keep):
                out.append(None)
                continue
            page = pdf.pages[crop.page - 1]
            try:
                with decoding_limits(path, Limits(), page=crop.page):
                    if not hasattr(page, "_objects"):  # read once for all the crops of the page
                        page._objects = page_objects(page)
                    out.append(_crop_picture(page, crop, resolution))
            except errors.LimitExceededError:  # a page past the default limits (raised to extract it): no picture
                out.append(None)
            page.close()
    return out
