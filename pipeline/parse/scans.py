"""OCR scheduling for the scanned pages of one document: pictures in page order, Tesseract on a small thread pool.

Pictures are rendered in order on the reading thread (pdfplumber is not thread-safe); Tesseract processes run
on the pool; the OCR'd pages replace their raw pages, in page order.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import errors
from ..records import Note
from .lines import chars_to_lines
from .pages import RawPage

if TYPE_CHECKING:
    from .ocr import Word

# the ocr module is imported on first use: it sets OMP_THREAD_LIMIT for Tesseract, which only a scan needs


@dataclass(frozen=True)
class OcrOptions:
    """OCR of pages without a text layer (scans): Tesseract, Vietnamese model."""

    enabled: bool = True
    resolution: int = 200  # dpi of the page picture given to Tesseract
    threads: int = 0  # pages OCR'd at once; 0: one per CPU
    # a page read with a lower mean word confidence is not used (its text would be noise): Vietnamese
    # scans read at 0.64-0.95 even at 60 dpi, scans of other scripts (Chinese, Japanese) at 0.19-0.34
    min_confidence: float = 0.5


class Scans:
    """OCR of the scanned pages of one document: submitted while reading, collected in page order at the end."""

    def __init__(self, path: Path, options: OcrOptions) -> None:
        self.path = path
        self.options = options
        self.jobs: dict[int, Future[list[Word]]] = {}
        self.pool: ThreadPoolExecutor | None = None
        self.skipped: list[int] = []

    def submit(self, raw: RawPage, picture: Callable[[int], Any]) -> None:
        """OCR the page (`picture(dpi)` renders it), or note it skipped when OCR is off or cannot run."""
        from . import ocr

        if not self.options.enabled or ocr.missing():
            self.skipped.append(raw.number)
            return
        if self.pool is None:
            self.pool = ThreadPoolExecutor(max_workers=self.options.threads or os.cpu_count() or 1)
        image = picture(self.options.resolution)
        self.jobs[raw.number] = self.pool.submit(ocr.image_to_words, image, self.options.resolution)

    def _why(self) -> str | None:
        from . import ocr

        return "OCR is turned off" if not self.options.enabled else ocr.missing()

    def collect(self, raws: list[RawPage]) -> list[RawPage]:
        """The pages with each scanned page's text read by OCR (or a note saying why it was not)."""
        if self.skipped and len(self.skipped) == len(raws):
            raise errors.OcrUnavailableError(
                str(self.path), f"no text layer on any of its {len(raws)} pages (a scan) and {self._why()}"
            )
        out = []
        for raw in raws:
            if raw.number in self.skipped:
                raw.notes.append(
                    Note(code="no-text-layer", message=f"no text layer (a scan); its text is not read: {self._why()}",
                         page=raw.number)
                )  # fmt: skip
            job = self.jobs.get(raw.number)
            out.append(raw if job is None else _ocr_page(raw, job.result(), self.options.min_confidence))
        self._refuse_unreadable(out)
        return out

    def _refuse_unreadable(self, pages: list[RawPage]) -> None:
        """Every page is a scan OCR could not read with enough confidence: refuse the document."""
        confs = [p.ocr_confidence for p in pages if p.ocr and p.ocr_confidence is not None]
        if not pages or len(confs) < len(pages) or max(confs) >= self.options.min_confidence:
            return
        shown = f"{min(confs):.2f}" if len(confs) == 1 else f"{min(confs):.2f}-{max(confs):.2f}"
        raise errors.UnreadableScanError(
            str(self.path),
            f"a scan OCR cannot read: mean word confidence {shown} on "
            f"{'its page' if len(pages) == 1 else f'its {len(pages)} pages'}, below "
            f"{self.options.min_confidence:.2f} (not Vietnamese text, or too poor a scan)",
        )

    def close(self) -> None:
        """Stop the pool (pending pages are dropped)."""
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)


def _ocr_page(raw: RawPage, words: list[Word], min_confidence: float) -> RawPage:
    """The page as OCR read it: lines from the words, no rules or tables, the mean confidence noted.
    Words read with a mean confidence below `min_confidence` are not used."""
    from . import ocr

    conf = ocr.confidence(words)
    if conf is not None and conf < min_confidence:
        note = Note(code="ocr-unreadable", page=raw.number,
                    message=f"scanned page not read: OCR's mean word confidence {conf} is below {min_confidence} "
                    "(not Vietnamese text, or too poor a scan)")  # fmt: skip
        words = []
    elif words:
        note = Note(code="ocr", message=f"text read by OCR (mean word confidence {conf})", page=raw.number)
    else:
        note = Note(code="no-text-layer", message="no text layer, and OCR found no text on the page", page=raw.number)
    return RawPage(
        number=raw.number, width=raw.width, height=raw.height,
        lines=chars_to_lines(ocr.words_to_chars(words), raw.number), rules=[], tables=[],
        chars=sum(len(w.text) for w in words), images=raw.images, unmapped=0, notes=[*raw.notes, note],
        ocr=True, ocr_confidence=conf,
    )  # fmt: skip
