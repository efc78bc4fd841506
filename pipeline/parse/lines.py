"""Characters of a page (or of one table cell) become text lines: rows, segments, converted text, styles, markers.

Pure functions over plain records (no pdfplumber here), so that every rule can be tested on hand-made characters.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..records import BBox, StyleRun
from ..vi.textnorm import decode, is_combining, nfc
from .chars import Char, Font
from .raised import is_raised_digit, raised_marker, raised_run_end, splits_words
from .stats import dominant
from .textline import Line, LineMarker


def _cluster_rows(chars: Sequence[Char]) -> list[list[Char]]:
    """Group characters into printed rows by vertical overlap of their centres."""
    order = sorted(range(len(chars)), key=lambda i: (chars[i].top + chars[i].bottom) / 2)
    rows: list[list[int]] = []
    top = bottom = 0.0
    for i in order:
        c = chars[i]
        mid = (c.top + c.bottom) / 2
        if rows and top - 0.01 <= mid <= bottom + 0.01:
            rows[-1].append(i)
            top = min(top, c.top)
            bottom = max(bottom, c.bottom)
        else:
            rows.append([i])
            top, bottom = c.top, c.bottom
    # keep the content-stream order inside a row: it is the tie-breaker for equal x
    return [[chars[i] for i in sorted(r)] for r in rows]


def _units(row: list[Char]) -> list[list[Char]]:
    """Attach combining marks (NFD text, VNI tone glyphs) to their base character."""
    units: list[list[Char]] = []
    for c in row:
        if units and c.text and is_combining(c.text[0]):
            units[-1].append(c)
        else:
            units.append([c])
    units.sort(key=lambda u: u[0].x0)
    return units


def _row_to_segments(units: list[list[Char]], size: float, column_gap: float) -> list[list[list[Char]]]:
    """Split a row where an empty stretch wider than `column_gap` times the font size separates two runs of text."""
    segments: list[list[list[Char]]] = [[]]
    last_x1: float | None = None  # right edge of the previous char, spaces included
    for u in units:
        c = u[0]
        if last_x1 is not None and c.x0 - last_x1 > column_gap * size and segments[-1]:
            segments.append([])
        segments[-1].append(u)
        last_x1 = c.x1 if last_x1 is None else max(last_x1, c.x1)
    return [s for s in segments if any(u[0].text.strip() for u in s)]


WORD_GAP = 0.15  # in font sizes: an empty stretch this wide between two glyphs ends a word (spaces always do)


def chars_to_words(chars: Sequence[Char]) -> list[list[Char]]:
    """Characters grouped into printed words: runs of glyphs on one row, ended by a space or a gap wider
    than WORD_GAP font sizes (combining marks stay with their base; the space glyphs are left out)."""
    words: list[list[Char]] = []
    for row in _cluster_rows(chars):
        last_x1: float | None = None
        cur: list[Char] = []
        for u in _units(row):
            c = u[0]
            if not c.text.strip():
                if cur:
                    words.append(cur)
                cur, last_x1 = [], None
                continue
            if cur and last_x1 is not None and c.x0 - last_x1 > WORD_GAP * max(c.size, 1.0):
                words.append(cur)
                cur = []
            cur.extend(u)
            last_x1 = c.x1 if last_x1 is None else max(last_x1, c.x1)
        if cur:
            words.append(cur)
    return words


@dataclass(slots=True)
class Reading:
    """One list of characters read into printed rows (glyph units and type size), and the lines of
    each row as it was segmented: reading a page at two column gaps (unruled tables, then its text)
    clusters its rows once and reads a row's lines again only where the gaps cut it differently."""

    chars: Sequence[Char]
    rows: list[tuple[list[list[Char]], float]] = field(default_factory=list)
    lines: dict[tuple[int, tuple[int, ...]], list[Line]] = field(default_factory=dict)

    @classmethod
    def of(cls, chars: Sequence[Char]) -> Reading:
        """The rows of `chars`: units and dominant size (0.0: no visible glyph)."""
        rows = []
        for row in _cluster_rows(chars):
            units = _units(row)
            rows.append((units, dominant((u[0].size, 1) for u in units if u[0].text.strip())))
        return cls(chars=chars, rows=rows)


def chars_to_lines(
    chars: Sequence[Char], page: int, column_gap: float = 1.6, *, reading: Reading | None = None
) -> list[Line]:
    """Characters of one page (or one table cell) to text lines, top to bottom.

    A printed row is split into segments where an empty horizontal stretch (no glyph, not even
    a space) wider than `column_gap` times the font size separates two runs of text: two-column
    header blocks, signature blocks, tab stops. `reading`: the same characters already read (its
    rows and lines are used and kept; ignored when it was read from other characters).
    """
    if reading is None or reading.chars is not chars:
        reading = Reading.of(chars)
    lines: list[Line] = []
    for row_no, (units, size) in enumerate(reading.rows):
        if not size:
            continue
        segments = _row_to_segments(units, size, column_gap)
        key = (row_no, tuple(len(seg) for seg in segments))
        if key not in reading.lines:
            row_lines = [segment_to_line(seg, page, k, len(segments), row_no) for k, seg in enumerate(segments)]
            reading.lines[key] = [line for line in row_lines if line is not None]
        lines.extend(reading.lines[key])
    return lines


@dataclass(slots=True)
class _Text:
    """The text of one segment as it is read: runs of one font converted to Unicode, style runs, markers."""

    parts: list[str] = field(default_factory=list)
    runs: list[tuple[int, int, Font]] = field(default_factory=list)
    markers: list[LineMarker] = field(default_factory=list)
    length: int = 0
    run_text: list[str] = field(default_factory=list)
    run_font: Font | None = None

    def flush(self) -> None:
        """Close the current font run: convert its text and append it."""
        if self.run_font is None or not self.run_text:
            self.run_text = []
            return
        raw = "".join(self.run_text)
        if self.run_font.encoding:
            with contextlib.suppress(ValueError):  # an encoding baocao cannot convert: parse refuses the document
                raw = decode(raw, self.run_font.encoding, self.run_font.capital)
        out = nfc(raw)
        self.runs.append((self.length, self.length + len(out), self.run_font))
        self.parts.append(out)
        self.length += len(out)
        self.run_text = []

    def add_marker(self, run: Sequence[list[Char]]) -> str:
        """Take a run of raised digits as a marker at the current offset; returns the text before it."""
        self.flush()
        before = "".join(self.parts).rstrip()
        self.markers.append(raised_marker(run, before, self.length))
        return before

    def add_glyph(self, unit: list[Char], space: bool) -> None:
        """Append a glyph (with its combining marks), after a space when `space`."""
        font = unit[0].font
        if self.run_font is not None and font != self.run_font:
            self.flush()
        if space:
            if self.run_text:
                self.run_text.append(" ")
            elif self.parts and not self.parts[-1].endswith(" "):
                self.parts.append(" ")
                self.length += 1
        self.run_font = font
        self.run_text.extend(p.text for p in unit)


def _read_units(units: list[list[Char]], size: float, base: float) -> _Text:
    """Read a segment's glyphs in order: spaces from gaps, raised digits as markers, overprinted glyphs once."""
    out = _Text()
    prev: Char | None = None  # previous printed char, markers included
    pending_space = False
    i, n = 0, len(units)
    while i < n:
        c = units[i][0]
        if not c.text.strip():
            pending_space = True
            i += 1
        elif is_raised_digit(c, size, base):
            # a run of raised digits: a footnote reference (or an exponent such as m²)
            j = raised_run_end(units, i, size, base)
            before = out.add_marker(units[i:j])
            prev = units[j - 1][0]
            pending_space = pending_space or splits_words(before, units[j][0] if j < n else None)
            i = j
        elif prev is not None and c.text == prev.text and abs(c.x0 - prev.x0) < 0.3 and abs(c.top - prev.top) < 0.3:
            i += 1  # overprinted glyph (fake bold): keep one
        else:
            space = prev is not None and (pending_space or c.x0 - prev.x1 > 0.2 * min(size, c.size))
            out.add_glyph(units[i], space)
            prev = c
            pending_space = False
            i += 1
    out.flush()
    return out


def _merge_runs(runs: list[tuple[int, int, Font]], length: int) -> tuple[StyleRun, ...]:
    out: list[StyleRun] = []
    for s, e, f in runs:
        e = min(e, length)
        if e <= s:
            continue
        if out and out[-1].bold == f.bold and out[-1].italic == f.italic and out[-1].end >= s - 1:
            out[-1] = StyleRun(start=out[-1].start, end=e, bold=f.bold, italic=f.italic)
        else:
            out.append(StyleRun(start=s, end=e, bold=f.bold, italic=f.italic))
    return tuple(out)


def _stripped(read: _Text) -> tuple[str, list[tuple[int, int, Font]], list[LineMarker]]:
    """The text without its outer spaces, with runs and markers shifted to match."""
    text = "".join(read.parts)
    lead = len(text) - len(text.lstrip())
    text = text.strip()
    runs, markers = read.runs, read.markers
    if lead:
        runs = [(max(0, s - lead), max(0, e - lead), f) for s, e, f in runs]
        markers = [
            LineMarker(number=m.number, offset=max(0, m.offset - lead), bbox=m.bbox, exponent_like=m.exponent_like)
            for m in markers
        ]
    markers = [
        LineMarker(number=m.number, offset=min(m.offset, len(text)), bbox=m.bbox, exponent_like=m.exponent_like)
        for m in markers
    ]
    return text, runs, markers


def segment_to_line(units: list[list[Char]], page: int, seg: int, nseg: int, row: int = 0) -> Line | None:
    """One segment of a printed row (glyph units, left to right) to a Line; None when it holds no text."""
    visible = [u for u in units if u[0].text.strip()]
    if not visible:
        return None
    size = dominant((u[0].size, 1) for u in visible)
    base = dominant((u[0].bottom, 1) for u in visible if abs(u[0].size - size) < 0.6)
    text, runs, markers = _stripped(_read_units(units, size, base))
    if not text:
        return None
    letters = [u for u in visible if u[0].text.isalnum()] or visible
    bbox = BBox(
        x0=min(u[0].x0 for u in visible),
        top=min(p.top for u in visible for p in u),
        x1=max(p.x1 for u in visible for p in u),
        bottom=max(p.bottom for u in visible for p in u),
    )
    return Line(
        page=page,
        bbox=bbox,
        text=text,
        size=size,
        bold=sum(u[0].font.bold for u in letters) / len(letters),
        italic=sum(u[0].font.italic for u in letters) / len(letters),
        styles=_merge_runs(runs, len(text)),
        markers=tuple(markers),
        seg=seg,
        nseg=nseg,
        row=row,
        fonts=tuple(sorted({u[0].font.name for u in visible})),
        legacy=tuple(sorted({u[0].font.encoding for u in visible if u[0].font.encoding})),
    )
