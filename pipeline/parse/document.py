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
) -> Document:
    """Read a report PDF into a Document. Raises a BaocaoError subclass on bad input.

    Pages without a text layer are OCR'd (Tesseract, Vietnamese) when it is installed; their
    PageInfo says ocr=True with the mean word confidence."""
    path = Path(path)
    limits = limits or Limits()
    data = check_file(path, limits)
    sha = hashlib.sha256(data).hexdigest()
    book = FontBook()
    raws = read_raw_pages(path, data, book, limits, ocr_options or OcrOptions(), on_page)
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
) -> list[RawPage]:
    """Every page of the file, read (scans OCR'd), within the limits; `book` learns each font's encoding."""
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
            raws = _read_pages(pdf, n, path, book, limits, ocr_options, on_page)
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


def _read_pages(
    pdf: Any,
    n: int,
    path: Path,
    book: FontBook,
    limits: Limits,
    ocr_options: OcrOptions,
    on_page: Callable[[int, int], None] | None,
) -> list[RawPage]:
    raws: list[RawPage] = []
    total = 0
    scans = Scans(path, ocr_options)
    try:
        for i, page in enumerate(iter_pages(pdf)):
            raw = page_to_raw(page, i + 1, book, limits, path)
            total += raw.chars
            if total > limits.max_chars:
                raise errors.LimitExceededError(
                    str(path), f"more than {limits.max_chars} characters (limit reached on page {i + 1})"
                )
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
