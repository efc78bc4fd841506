"""OCR of scanned pages with Tesseract's Vietnamese model (the only module importing pytesseract).

    missing()           None when OCR can run, else a one-line how-to-install message
    image_to_words      one page picture -> words with their box in PDF points, line ids, confidence
    words_to_chars      words -> the characters parse.lines reads (one box per line, so lines
                        keep a common baseline and size)

Tesseract runs one process per page (OMP_THREAD_LIMIT=1: its own threads only slow it down on
small machines); parse.scans runs pages on a small thread pool.
"""

from __future__ import annotations

import os
import shutil
import statistics
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .chars import Char, Font

LANG = "vie"
INSTALL = (
    "install Tesseract with its Vietnamese model (Debian/Ubuntu: apt-get install tesseract-ocr tesseract-ocr-vie; "
    "macOS: brew install tesseract tesseract-lang)"
)
OCR_FONT = Font(name="OCR-Tesseract", bold=False, italic=False)

os.environ.setdefault("OMP_THREAD_LIMIT", "1")


@lru_cache(maxsize=1)
def missing() -> str | None:
    """Why OCR cannot run here, or None."""
    try:
        import pytesseract
    except ImportError:
        return "the pytesseract package is missing (pip install pytesseract); " + INSTALL
    if shutil.which(pytesseract.pytesseract.tesseract_cmd) is None and shutil.which("tesseract") is None:
        return "Tesseract is not installed: " + INSTALL
    try:
        langs = pytesseract.get_languages(config="")
    except Exception as exc:  # tesseract present but broken
        return f"Tesseract does not run ({exc}): " + INSTALL
    if LANG not in langs:
        return "Tesseract has no Vietnamese model ('vie'): " + INSTALL
    return None


@dataclass(frozen=True, slots=True, kw_only=True)
class Word:
    """A word Tesseract read: its text, box in PDF points, line id and confidence."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    line: tuple[int, int, int]  # (block, paragraph, line)
    conf: float  # 0-100


def image_to_words(image: Any, resolution: float) -> list[Word]:
    """Words of one page picture rendered at `resolution` dpi, boxes in PDF points."""
    import pytesseract

    data = pytesseract.image_to_data(image, lang=LANG, output_type=pytesseract.Output.DICT)
    k = 72.0 / resolution
    words = []
    for i, text in enumerate(data["text"]):
        conf = float(data["conf"][i])
        if not text or not text.strip() or conf < 0:
            continue
        x, y, w, h = data["left"][i], data["top"][i], data["width"][i], data["height"][i]
        line = (int(data["block_num"][i]), int(data["par_num"][i]), int(data["line_num"][i]))
        words.append(
            Word(text=text.strip(), x0=x * k, top=y * k, x1=(x + w) * k, bottom=(y + h) * k, line=line, conf=conf)
        )
    return words


def words_to_chars(words: list[Word]) -> list[Char]:
    """Characters for parse.lines: each word's box split evenly among its letters, with a
    space-width gap between words; every character of a line gets the line's top, bottom and a size
    from the line height (Tesseract's word boxes vary with ascenders and diacritics)."""
    by_line: dict[tuple[int, int, int], list[Word]] = {}
    for w in words:
        by_line.setdefault(w.line, []).append(w)
    chars: list[Char] = []
    for line_words in by_line.values():
        top = statistics.median(w.top for w in line_words)
        bottom = statistics.median(w.bottom for w in line_words)
        size = max(4.0, (bottom - top) / 1.15)
        for w in sorted(line_words, key=lambda w: w.x0):
            n = len(w.text)
            step = (w.x1 - w.x0) / n if n else 0.0
            for j, ch in enumerate(w.text):
                chars.append(
                    Char(text=ch, x0=w.x0 + j * step, x1=w.x0 + (j + 1) * step, top=top, bottom=bottom, size=size,
                         font=OCR_FONT)
                )  # fmt: skip
    return chars


def confidence(words: list[Word]) -> float | None:
    """Mean word confidence of a page, 0-1."""
    return round(statistics.fmean(w.conf for w in words) / 100.0, 3) if words else None


__all__ = ["INSTALL", "Word", "confidence", "image_to_words", "missing", "words_to_chars"]
