"""Limits on a PDF and on what its streams decode to (decompression bombs), without pdfminer.

pdfminer inflates a stream whole (zlib.decompress in PDFStream.decode); parse/pdf measures each Flate
step first with inflated_size, in pieces that are not kept, and refuses it past the limit; LZW output
is counted while it is decoded; every decoded stream is charged to the page being read. A scope
(decoding_limits) says which limits hold; outside any, the defaults.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

from .. import errors


@dataclass(frozen=True)
class Limits:
    """Protection against PDF bombs and runaway inputs."""

    max_bytes: int = 300 * 2**20
    max_pages: int = 3000
    max_chars_per_page: int = 150_000
    max_chars: int = 20_000_000
    max_stream_mb: int = 64  # decoded size of one stream (the sample's largest: 34 KB)
    max_page_mb: int = 256  # decoded size of all the streams read for one page


_MB = 2**20
_PIECE = 2**20  # bytes of output counted at a time
_FEED = 2**16  # bytes of compressed input given at a time


class Budget:
    """The decoded-size limits in force, the stream being decoded, and what the page has decoded so far."""

    def __init__(self, path: str, limits: Limits, page: int | None = None) -> None:
        self.path = path
        self.stream_max = limits.max_stream_mb * _MB
        self.page_max = limits.max_page_mb * _MB
        self.page = page
        self.used = 0
        self.stream = "a stream"

    def page_left(self) -> int | None:
        """What the page may still decode (None outside a page)."""
        return None if self.page is None else self.page_max - self.used

    def cap(self) -> int:
        """The most the stream being decoded may inflate to."""
        left = self.page_left()
        return self.stream_max if left is None else min(self.stream_max, left)

    def refuse(self, what: str | None = None) -> NoReturn:
        """Raise the LimitExceededError of the limit that `what` (the stream being decoded) passes."""
        what = what or self.stream
        left = self.page_left()
        if left is not None and left <= self.stream_max:
            raise errors.LimitExceededError(
                self.path,
                f"the streams of page {self.page} decode to more than {self.page_max // _MB} MB ({what} passes "
                "the page limit; raise it with --max-page-mb MB)",
            )
        where = f" of page {self.page}" if self.page is not None else ""
        raise errors.LimitExceededError(
            self.path,
            f"{what}{where} inflates past {self.stream_max // _MB} MB (the stream limit; raise it with "
            "--max-stream-mb MB)",
        )

    def charge(self, size: int, what: str | None = None) -> None:
        """Count `size` decoded bytes against the limits (refused past one)."""
        if size > self.cap():
            self.refuse(what)
        if self.page is not None:
            self.used += size


BUDGET: ContextVar[Budget | None] = ContextVar("baocao_decoding_limits", default=None)


def current_budget() -> Budget:
    """The limits in force: the innermost decoding_limits scope, or the defaults outside any."""
    return BUDGET.get() or Budget("(PDF)", Limits())


def limit_error(exc: BaseException) -> errors.LimitExceededError | None:
    """The LimitExceededError inside `exc` (pdfplumber wraps pdfminer's exceptions, ours with them)."""
    stack, seen = [exc], set()
    while stack:
        e = stack.pop()
        if id(e) in seen:
            continue
        seen.add(id(e))
        if isinstance(e, errors.LimitExceededError):
            return e
        stack.extend(x for x in (e.__cause__, e.__context__, *e.args) if isinstance(x, BaseException))
    return None


@contextmanager
def decoding_limits(path: str | Path, limits: Limits, page: int | None = None) -> Iterator[None]:
    """Inside: every stream pdfminer decodes is bounded by `limits` (for a `page`, all of them together
    too); a refusal comes out as the LimitExceededError, whatever wrapped it on the way."""
    token = BUDGET.set(Budget(str(path), limits, page))
    try:
        yield
    except Exception as exc:
        found = limit_error(exc)
        if found is not None and found is not exc:
            raise found from None
        raise
    finally:
        BUDGET.reset(token)


def inflated_size(data: bytes, cap: int) -> int:
    """The size Flate `data` inflates to, counted in pieces that are not kept; past `cap` it stops
    (the count is then over cap). Damaged data counts what inflates before the damage, which is
    all pdfminer then keeps."""
    d = zlib.decompressobj()
    n = 0
    view = memoryview(data)
    for start in range(0, len(view), _FEED):
        tail: bytes | memoryview = view[start : start + _FEED]
        while tail and n <= cap and not d.eof:
            before = d.copy()
            try:
                n += len(d.decompress(tail, _PIECE))
            except zlib.error:  # what this piece held before the damage, a byte at a time (as pdfminer does)
                return n + _until_damage(before, tail, cap - n)
            tail = d.unconsumed_tail
        if n > cap or d.eof:
            return n
    return n + len(d.flush())


def _until_damage(d: Any, data: bytes | memoryview, room: int) -> int:
    n = 0
    for k in range(len(data)):
        try:
            n += len(d.decompress(data[k : k + 1]))
        except zlib.error:
            break
        if n > room:
            break
    return n
