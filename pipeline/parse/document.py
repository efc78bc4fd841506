"""A report PDF becomes a Document: check and open the file, read its pages (OCR for scans), refuse
unconvertible fonts, then compose the pages (parse.assemble)."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from .. import errors
from ..records import Document, Source
from ..sandbox import Forked
from ..vi.textnorm import font_encoding, strip_accents
from .assemble import raw_pages_to_document
from .chars import FontBook
from .limits import Limits, decoding_limits
from .pages import RawPage, needs_ocr
from .pdf import (
    check_file,
    iter_pages,
    open_pdf,
    page_count,
    page_picture,
    page_to_raw,
    short_error,
)
from .scans import OcrOptions, Scans


def report_id_for(path: Path) -> str:
    """The report's id from its file name: ASCII, lower case, words joined by '-'."""
    stem = strip_accents(path.stem).lower()
    rid = re.sub(r"[^a-z0-9]+", "-", stem).strip("-")
    return rid or "report"


def pdf_to_document(
    path: str | Path,
    limits: Limits | None = None,
    on_page: Callable[[int, int], None] | None = None,
    report_id: str | None = None,
    ocr_options: OcrOptions | None = None,
    split: bool = False,
) -> Document:
    """Read a report PDF into a Document. Raises a BaocaoError subclass on bad input.

    Pages without a text layer are OCR'd (Tesseract, Vietnamese) when it is installed; their
    PageInfo says ocr=True with the mean word confidence. `split`: a long report's second half of
    pages is read by a forked child on a second CPU meanwhile (the same pages: read_raw_pages)."""
    path = Path(path)
    limits = limits or Limits()
    data = check_file(path, limits)
    sha = hashlib.sha256(data).hexdigest()
    book = FontBook()
    raws = read_raw_pages(path, data, book, limits, ocr_options or OcrOptions(), on_page, split)
    check_fonts(path, book, raws)
    source = Source(file=path.name, path=str(path), sha256=sha, pages=len(raws))
    return raw_pages_to_document(raws, report_id or report_id_for(path), source)


def read_raw_pages(
    path: Path,
    data: bytes,
    book: FontBook,
    limits: Limits,
    ocr_options: OcrOptions,
    on_page: Callable[[int, int], None] | None = None,
    split: bool = False,
) -> list[RawPage]:
    """Every page of the file, read (scans OCR'd), within the limits; `book` learns each font's
    encoding. `split`: a long document's second half is read by a forked child meanwhile."""
    with decoding_limits(path, limits):
        pdf = open_pdf(path, data)
        try:
            n = _page_count(pdf, path)
            if n <= 0:
                if "Pages" not in pdf.doc.catalog:  # no page tree found: not an empty PDF, a broken one
                    raise errors.CorruptPdfError(
                        str(path), "damaged PDF: its page tree cannot be found (broken cross-reference table)"
                    )
                raise errors.EmptyPdfError(str(path), "the PDF has no pages")
            if n > limits.max_pages:
                raise errors.LimitExceededError(str(path), f"{n} pages, over the {limits.max_pages}-page limit")
            raws = _read_pages(pdf, n, path, book, limits, ocr_options, on_page, split)
            if not raws:
                raise errors.EmptyPdfError(str(path), "the PDF has no pages")
        finally:
            with contextlib.suppress(Exception):  # closing a damaged file must not hide why it was refused
                pdf.close()
    return raws


def _page_count(pdf: Any, path: Path) -> int:
    try:
        return page_count(pdf)
    except Exception as exc:  # no readable page tree, and a page pdfplumber cannot build
        raise errors.CorruptPdfError(str(path), f"damaged PDF: {short_error(exc)}") from exc


# A report of at least this many pages has its second half read by a forked child meanwhile (on a
# second CPU), when the caller asks for it (split=True: a single report; batch workers, which keep
# the CPUs busy already, do not).
MIN_SPLIT_PAGES = 8


def _read_pages(
    pdf: Any,
    n: int,
    path: Path,
    book: FontBook,
    limits: Limits,
    ocr_options: OcrOptions,
    on_page: Callable[[int, int], None] | None,
    split: bool = False,
) -> list[RawPage]:
    raws: list[RawPage] = []
    total = 0
    k = n // 2 if split and n >= MIN_SPLIT_PAGES else n
    scans = Scans(path, ocr_options)
    try:
        with Forked(functools.partial(_tail_pages, pdf, k, path, limits)) if k < n else _NOTHING as tail:
            for i, page in enumerate(iter_pages(pdf)):
                if i == k and tail is not None and _take_tail(tail, raws, book, limits, path, n, on_page):
                    break
                raw = page_to_raw(page, i + 1, book, limits, path)
                total = _count(raw, limits, path, total)
                if needs_ocr(raw):
                    scans.submit(raw, functools.partial(page_picture, page, limits=limits, path=path))
                raws.append(raw)
                if on_page:
                    on_page(i + 1, n)
        raws = scans.collect(raws)
    except errors.BaocaoError:
        raise
    except Exception as exc:
        raise errors.CorruptPdfError(str(path), f"damaged PDF (page {len(raws) + 1}): {short_error(exc)}") from exc
    finally:
        scans.close()
    return raws


_NOTHING = contextlib.nullcontext(None)


def _count(raw: RawPage, limits: Limits, path: Path, total: int) -> int:
    """The characters read with page `raw` (`total` before it), refused past the limit."""
    total += raw.chars
    if total > limits.max_chars:
        raise errors.LimitExceededError(
            str(path), f"more than {limits.max_chars} characters (limit reached on page {raw.number})"
        )
    return total


def _tail_pages(pdf: Any, k: int, path: Path, limits: Limits) -> tuple[list[RawPage], FontBook] | None:
    """In the forked child: pages k+1… read with a font book of their own; None when they must be
    read by the parent (a scanned page, too many characters)."""
    book = FontBook()
    out: list[RawPage] = []
    total = 0
    for i, page in enumerate(iter_pages(pdf, start=k), start=k):
        raw = page_to_raw(page, i + 1, book, limits, path)
        out.append(raw)
        total += raw.chars
        if needs_ocr(raw) or total > limits.max_chars:
            return None
    return out, book


def _take_tail(
    tail: Forked[tuple[list[RawPage], FontBook] | None],
    raws: list[RawPage],
    book: FontBook,
    limits: Limits,
    path: Path,
    n: int,
    on_page: Callable[[int, int], None] | None,
) -> bool:
    """The child's pages added to `raws`, its fonts to `book`, if they read as this process would
    have read them: every font both met decided alike. False: this process reads them itself."""
    done, got = tail.result()
    if not done or got is None:
        return False
    pages, theirs = got
    for name, font in theirs.fonts.items():
        if name in book.fonts and (book.fonts[name] != font or book.refused.get(name) != theirs.refused.get(name)):
            return False
    for name, font in theirs.fonts.items():
        if name not in book.fonts:
            book.fonts[name] = font
            if name in theirs.refused:
                book.refused[name] = theirs.refused[name]
    total = sum(r.chars for r in raws)
    for raw in pages:
        total = _count(raw, limits, path, total)
        raws.append(raw)
        if on_page:
            on_page(raw.number, n)
    return True


def _mostly_unmapped(raws: Sequence[RawPage]) -> bool:
    total = sum(r.chars for r in raws)
    return total > 0 and sum(r.unmapped for r in raws) > 0.2 * total


def check_fonts(path: Path, book: FontBook, raws: Sequence[RawPage]) -> None:
    """Refuse a document whose legacy-encoded fonts cannot be converted to Unicode."""
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
