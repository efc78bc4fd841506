"""Sentences: underthesea's sent_tokenize on a protected copy of the text, offsets mapped back."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import cast

from ..vi.textnorm import strip_accents

_PROTECT = [
    re.compile(r"(?:https?://|www\.)[^\s,;()]+[^\s,;().]", re.IGNORECASE),  # URLs
    re.compile(r"\b[\w-]+(?:\.[\w-]+)*\.(?:vn|com|net|org|gov|edu|int)\b(?:/[^\s,;()]*)?", re.IGNORECASE),
    re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"),  # e-mail
    # unit abbreviations written with a dot: tr.đồng, tấn.km, HK.Km, người.km, Triệu.Kwh, ng.đồng
    re.compile(r"\b\w+\.(?:km|Km|KM|kwh|Kwh|kWh|KWh|đồng|đ|người|lượt|tấn)\b"),
    # abbreviations that end with a dot: TP. Hồ Chí Minh, TX. Mường Lay, TM. Ủy ban, v.v.
    re.compile(
        r"(?<![\w.])(?:TP|Tp|TX|Tx|TT|Q|P|TM|KT|TL|TUQ|Tr|tr|ThS|TS|PGS|GS|BS|KS|CN|St|Th\.S|v\.v|Đ/c|đ/c|No|Nxb|NXB)\."
    ),
    # heading numbers and article numbers at the start of a paragraph: 2.1. | I.1. | Điều 1.
    re.compile(r"^(?:Điều\s+\d+|Khoản\s+\d+|[IVXLC]+(?:\.\d+)*|\d+(?:\.\d+)*)\.(?=\s)"),
    # initials in names: Nguyễn V. A.
    re.compile(r"\b[A-ZĐ]\.(?=\s*[A-ZĐ]\.)"),
]
_MASK = "\u00b7"


def protect(text: str) -> str:
    """Same-length copy of `text` in which dots that must not end a sentence are masked."""
    chars = list(text)
    for rx in _PROTECT:
        for m in rx.finditer(text):
            for k in range(m.start(), m.end()):
                if chars[k] in ".!?":
                    chars[k] = _MASK
    return "".join(chars)


@lru_cache(maxsize=1)
def word_tokenizer() -> Callable[[str], list[str]]:
    """underthesea's sentence tokenizer (imported on first use: it loads a model)."""
    from underthesea import sent_tokenize

    return cast(Callable[[str], list[str]], sent_tokenize)


def _key(text: str) -> list[str]:
    """Characters that survive any rewriting the tokenizer may do: no spaces, no accents."""
    return [c for c in strip_accents(text).lower() if not c.isspace()]


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans [start, end) of `text`, from underthesea on a protected copy, mapped back
    onto the original characters (the tokenizer may move tone marks or spaces)."""
    if not text.strip():
        return []
    masked = protect(text)
    pieces = word_tokenizer()(masked)
    # positions in `text` of the non-space characters, in order
    nonspace = [k for k, c in enumerate(text) if not c.isspace()]
    spans: list[tuple[int, int]] = []
    pos = 0
    for piece in pieces:
        n = len(_key(piece))
        if n == 0:
            continue
        if pos + n > len(nonspace):
            n = len(nonspace) - pos
        if n <= 0:
            break
        start = nonspace[pos]
        end = nonspace[pos + n - 1] + 1
        spans.append((start, end))
        pos += n
    if pos < len(nonspace):  # whatever the tokenizer dropped stays in the last sentence
        if spans:
            spans[-1] = (spans[-1][0], nonspace[-1] + 1)
        else:
            spans.append((nonspace[0], nonspace[-1] + 1))
    return _merge_spans(text, spans)


def _merge_spans(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Undo splits a reader would not make: before a lowercase word, after a bare number."""
    out: list[tuple[int, int]] = []
    for s, e in spans:
        if out:
            prev = text[out[-1][0] : out[-1][1]]
            head = text[s:e].lstrip()
            if (
                not any(c.isalnum() for c in head)
                or head[:1].islower()
                or re.fullmatch(r"[\dIVXLC.()]+", prev.strip())
                or prev.rstrip().endswith(("TP.", "TM.", "Tp.", "TX."))
            ):
                out[-1] = (out[-1][0], e)
                continue
        out.append((s, e))
    return out
