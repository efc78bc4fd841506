"""Geometry of printed text: characters -> lines -> paragraphs.

Pure functions over plain records (no pdfplumber here), so that every rule can be tested on
hand-made characters as well as on real PDFs. Thresholds are relative to the font size and to
statistics measured on the document itself (body size, margins, line pitch), never absolute
coordinates of one layout.
"""

from __future__ import annotations

import contextlib
import itertools
import re
import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ..records import BBox, Marker, Paragraph, Span, StyleRun
from ..vi.textnorm import decode, is_combining, nfc

# --------------------------------------------------------------------------------------
# characters and fonts


@dataclass(frozen=True, slots=True)
class Font:
    name: str
    bold: bool
    italic: bool
    encoding: str | None = None  # legacy encoding to convert from, None for Unicode
    capital: bool = False


_BOLD_RE = re.compile(r"bold|black|heavy|semibold|demi|,b\b", re.IGNORECASE)
_ITALIC_RE = re.compile(r"italic|oblique|inclined|,i\b", re.IGNORECASE)


def font_style(name: str) -> tuple[bool, bool]:
    base = name.split("+", 1)[-1]
    return bool(_BOLD_RE.search(base)), bool(_ITALIC_RE.search(base))


@dataclass(slots=True)
class Char:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    font: Font


# --------------------------------------------------------------------------------------
# lines


@dataclass(frozen=True, slots=True)
class LineMarker:
    number: int
    offset: int
    bbox: BBox
    exponent_like: bool = False  # raised 2/3 right after m, km, cm...: may be m², not a marker


@dataclass(frozen=True, slots=True)
class Line:
    page: int
    bbox: BBox
    text: str
    size: float  # dominant font size
    bold: float  # share of letters in bold
    italic: float
    styles: tuple[StyleRun, ...]
    markers: tuple[LineMarker, ...]
    seg: int = 0  # position of this segment in its printed row (columns, tab stops)
    nseg: int = 1
    row: int = 0  # printed row on its page: segments of one row share it
    fonts: tuple[str, ...] = ()
    legacy: tuple[str, ...] = ()  # legacy encodings converted on this line

    @property
    def x0(self) -> float:
        return self.bbox.x0

    @property
    def x1(self) -> float:
        return self.bbox.x1

    @property
    def top(self) -> float:
        return self.bbox.top

    @property
    def bottom(self) -> float:
        return self.bbox.bottom


_DIGITS = frozenset("0123456789")
_M_UNIT_RE = re.compile(r"(?:^|[\s\d(/])(?:k|c|d|m)?m$")


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


def _dominant(values: Iterable[tuple[float, int]]) -> float:
    """The most common value (rounded to 0.1), weighted."""
    counts: dict[float, int] = {}
    for v, w in values:
        key = round(v, 1)
        counts[key] = counts.get(key, 0) + w
    return max(counts, key=counts.__getitem__) if counts else 0.0


def chars_to_lines(chars: Sequence[Char], page: int, column_gap: float = 1.6) -> list[Line]:
    """Characters of one page (or one table cell) to text lines, top to bottom.

    A printed row is split into segments where an empty horizontal stretch (no glyph, not even
    a space) wider than `column_gap` times the font size separates two runs of text: two-column
    header blocks, signature blocks, tab stops.
    """
    lines: list[Line] = []
    for row_no, row in enumerate(_cluster_rows(chars)):
        units = _units(row)
        size = _dominant((u[0].size, 1) for u in units if u[0].text.strip())
        if not size:
            continue
        segments: list[list[list[Char]]] = [[]]
        last_x1: float | None = None  # right edge of the previous char, spaces included
        for u in units:
            c = u[0]
            if last_x1 is not None and c.x0 - last_x1 > column_gap * size and segments[-1]:
                segments.append([])
            segments[-1].append(u)
            last_x1 = c.x1 if last_x1 is None else max(last_x1, c.x1)
        segments = [s for s in segments if any(u[0].text.strip() for u in s)]
        for k, seg in enumerate(segments):
            line = _segment_to_line(seg, page, k, len(segments), row_no)
            if line is not None:
                lines.append(line)
    return lines


def _segment_to_line(units: list[list[Char]], page: int, seg: int, nseg: int, row: int = 0) -> Line | None:
    visible = [u for u in units if u[0].text.strip()]
    if not visible:
        return None
    size = _dominant((u[0].size, 1) for u in visible)
    base = _dominant((u[0].bottom, 1) for u in visible if abs(u[0].size - size) < 0.6)
    runs: list[tuple[int, int, Font]] = []
    markers: list[LineMarker] = []
    parts: list[str] = []
    length = 0
    prev: Char | None = None  # previous printed char, markers included
    pending_space = False
    run_text: list[str] = []
    run_font: Font | None = None

    def flush() -> None:
        nonlocal length, run_text
        if run_font is None or not run_text:
            run_text = []
            return
        raw = "".join(run_text)
        if run_font.encoding:
            with contextlib.suppress(ValueError):  # an encoding baocao cannot convert: parse refuses the document
                raw = decode(raw, run_font.encoding, run_font.capital)
        out = nfc(raw)
        runs.append((length, length + len(out), run_font))
        parts.append(out)
        length += len(out)
        run_text = []

    i, n = 0, len(units)
    while i < n:
        u = units[i]
        c = u[0]
        if not c.text.strip():
            pending_space = True
            i += 1
            continue
        if c.text in _DIGITS and _is_raised(c, size, base):
            # a run of raised digits: a footnote reference (or an exponent such as m²)
            j = i
            bbox = BBox(c.x0, c.top, c.x1, c.bottom)
            while j < n and units[j][0].text in _DIGITS and _is_raised(units[j][0], size, base):
                d = units[j][0]
                bbox = bbox.union(BBox(d.x0, d.top, d.x1, d.bottom))
                j += 1
            digits = "".join(units[k][0].text for k in range(i, j))
            flush()
            before = "".join(parts).rstrip()
            exponent = digits in ("2", "3") and bool(_M_UNIT_RE.search(before[-4:]))
            markers.append(LineMarker(int(digits), length, bbox, exponent))
            prev = units[j - 1][0]
            nxt = units[j][0] if j < n else None
            if nxt is not None and nxt.text.strip() and before[-1:].isalnum() and nxt.text[:1].isalnum():
                pending_space = True  # a marker glued between two words still separates them
            i = j
            continue
        if prev is not None and c.text == prev.text and abs(c.x0 - prev.x0) < 0.3 and abs(c.top - prev.top) < 0.3:
            i += 1  # overprinted glyph (fake bold): keep one
            continue
        need_space = prev is not None and (pending_space or c.x0 - prev.x1 > 0.2 * min(size, c.size))
        if run_font is not None and c.font != run_font:
            flush()
        if need_space:
            if run_text:
                run_text.append(" ")
            elif parts and not parts[-1].endswith(" "):
                parts.append(" ")
                length += 1
        run_font = c.font
        run_text.extend(p.text for p in u)
        prev = c
        pending_space = False
        i += 1
    flush()
    text = "".join(parts)
    lead = len(text) - len(text.lstrip())
    text = text.strip()
    if not text:
        return None
    if lead:
        runs = [(max(0, s - lead), max(0, e - lead), f) for s, e, f in runs]
        markers = [LineMarker(m.number, max(0, m.offset - lead), m.bbox, m.exponent_like) for m in markers]
    markers = [LineMarker(m.number, min(m.offset, len(text)), m.bbox, m.exponent_like) for m in markers]
    styles = _merge_runs(runs, len(text))
    letters = [u for u in visible if u[0].text.isalnum()] or visible
    bold = sum(u[0].font.bold for u in letters) / len(letters)
    italic = sum(u[0].font.italic for u in letters) / len(letters)
    bbox = BBox(
        min(u[0].x0 for u in visible),
        min(p.top for u in visible for p in u),
        max(p.x1 for u in visible for p in u),
        max(p.bottom for u in visible for p in u),
    )
    fonts = tuple(sorted({u[0].font.name for u in visible}))
    legacy = tuple(sorted({u[0].font.encoding for u in visible if u[0].font.encoding}))
    return Line(page, bbox, text, size, bold, italic, styles, tuple(markers), seg, nseg, row, fonts, legacy)


def _is_raised(c: Char, size: float, base: float) -> bool:
    lift = base - c.bottom
    return (c.size <= 0.85 * size and lift > 0.12 * size) or lift > 0.25 * size


def _merge_runs(runs: list[tuple[int, int, Font]], length: int) -> tuple[StyleRun, ...]:
    out: list[StyleRun] = []
    for s, e, f in runs:
        e = min(e, length)
        if e <= s:
            continue
        if out and out[-1].bold == f.bold and out[-1].italic == f.italic and out[-1].end >= s - 1:
            out[-1] = StyleRun(out[-1].start, e, f.bold, f.italic)
        else:
            out.append(StyleRun(s, e, f.bold, f.italic))
    return tuple(out)


def line_with_exponents(line: Line, keep_markers: set[int]) -> Line:
    """Turn raised 2/3 after a metre unit into ²/³ unless a footnote with that number exists."""
    if not any(m.exponent_like and m.number not in keep_markers for m in line.markers):
        return line
    text = line.text
    shift = 0
    markers: list[LineMarker] = []
    inserts: list[int] = []
    for m in line.markers:
        if m.exponent_like and m.number not in keep_markers:
            pos = m.offset + shift
            text = text[:pos] + ("²" if m.number == 2 else "³") + text[pos:]
            inserts.append(m.offset)
            shift += 1
        else:
            markers.append(LineMarker(m.number, m.offset + shift, m.bbox, False))
    styles = []
    for r in line.styles:
        ds = sum(1 for p in inserts if p < r.start)
        de = sum(1 for p in inserts if p <= r.end)
        styles.append(StyleRun(r.start + ds, r.end + de, r.bold, r.italic))
    return Line(
        line.page, line.bbox, text, line.size, line.bold, line.italic, tuple(styles), tuple(markers),
        line.seg, line.nseg, line.row, line.fonts, line.legacy,
    )  # fmt: skip


# --------------------------------------------------------------------------------------
# document statistics


@dataclass(frozen=True, slots=True)
class Stats:
    body_size: float
    left: float
    right: float
    pitch: float
    indent: float
    justified: bool

    @property
    def center(self) -> float:
        return (self.left + self.right) / 2

    @property
    def width(self) -> float:
        return self.right - self.left


def _smallest_common(counts: Counter[float], share: float = 0.2) -> float | None:
    """The smallest value seen at least `share` times as often as the most common one: the
    left margin among first-line indents, the line pitch among paragraph gaps."""
    if not counts:
        return None
    top = max(counts.values())
    return min(v for v, n in counts.items() if n >= share * top)


def measure(lines: Sequence[Line]) -> Stats:
    """Body font size, margins, line pitch and first-line indent, measured on the document."""
    widest = max((ln.x1 - ln.x0 for ln in lines), default=0.0)
    long_rows = [ln for ln in lines if ln.x1 - ln.x0 >= 0.6 * widest and ln.nseg == 1]
    body_size = _dominant((ln.size, len(ln.text)) for ln in long_rows or lines) or 12.0
    body = [ln for ln in lines if abs(ln.size - body_size) < 0.6 and ln.nseg == 1]
    if not body:
        body = list(lines)
    widest = max(x.x1 - x.x0 for x in body)
    lefts: Counter[float] = Counter(round(ln.x0) for ln in body if ln.x1 - ln.x0 > 0.7 * widest)
    left = _smallest_common(lefts) or min(ln.x0 for ln in body)
    span = max(x.x1 for x in body) - left
    long_lines = [ln for ln in body if ln.x1 - ln.x0 > 0.5 * span] or body
    right = _dominant((round(ln.x1), 1) for ln in long_lines)
    pitches: Counter[float] = Counter()
    indents: Counter[float] = Counter()
    for a, b in itertools.pairwise(body):
        if a.page == b.page and 0.8 * body_size < b.top - a.top < 3 * body_size:
            pitches[round(b.top - a.top, 0)] += 1
    for ln in body:
        d = round(ln.x0 - left)
        if 0.8 * body_size <= d <= 6 * body_size:
            indents[d] += 1
    pitch = _smallest_common(pitches) or 1.2 * body_size
    indent = indents.most_common(1)[0][0] if indents else 0.0
    full = sum(1 for ln in long_lines if abs(ln.x1 - right) <= 2.5)
    justified = full >= 0.5 * len(long_lines)
    return Stats(body_size, left, right, pitch, indent, justified)


# --------------------------------------------------------------------------------------
# paragraphs

_LIST_START_RE = re.compile(r"^[-+•–*]\s")
_HEADING_START_RE = re.compile(
    r"^(?:PHẦN\s+THỨ\s+\S+|Phần\s+thứ\s+\S+|[IVXLC]+\.\s|[IVXLC]+\.\d+\.|\d{1,2}(?:\.\d{1,2})*\.\s|\(?[a-zđ]\)\s"
    r"|\(\d+\)\s|Điều\s+\d+)"
)
_END_PUNCT = tuple(".:;!?")


def is_centered(line: Line, stats: Stats) -> bool:
    mid = (line.x0 + line.x1) / 2
    return (
        abs(mid - stats.center) < max(6.0, 0.02 * stats.width)
        and line.x0 > stats.left + 1
        and line.x1 < stats.right - 1
        and not (stats.indent and abs(line.x0 - stats.left - stats.indent) < 1.0)
    )


def is_indented(line: Line, stats: Stats) -> bool:
    return line.x0 - stats.left >= max(0.6 * stats.body_size, 0.5 * stats.indent) and not is_centered(line, stats)


def is_full(line: Line, stats: Stats) -> bool:
    return line.x1 >= stats.right - max(2.5, 0.25 * stats.body_size)


def starts_paragraph(prev: Line, line: Line, stats: Stats, column: bool = False) -> bool:
    """True when `line` begins a new paragraph after `prev` (same page, same column).

    In the columns of a side-by-side block (`column`), margins and justification of the page
    say nothing: only spacing, size, weight and list markers count.
    """
    size = max(prev.size, line.size)
    if abs(prev.size - line.size) > 0.9:
        return True
    gap = line.top - prev.bottom
    normal_gap = max(stats.pitch - stats.body_size, 0.0) * (size / stats.body_size)
    if gap > normal_gap + 0.35 * size:
        return True
    if gap < -0.5 * size:  # went back up: a new column or a float
        return True
    if column:
        if abs(prev.bold - line.bold) > 0.7 or abs(prev.italic - line.italic) > 0.7:
            return True
        return bool(
            _LIST_START_RE.match(line.text) and (prev.text.endswith(_END_PUNCT) or _LIST_START_RE.match(prev.text))
        )
    p_center, l_center = is_centered(prev, stats), is_centered(line, stats)
    if p_center and l_center:
        return abs(prev.bold - line.bold) > 0.5
    if p_center != l_center and (prev.x1 - prev.x0 < 0.9 * stats.width or line.x1 - line.x0 < 0.9 * stats.width):
        return True
    if abs(prev.bold - line.bold) > 0.7 and (prev.bold > 0.9 or line.bold > 0.9):
        return True
    if is_indented(line, stats) and (not is_indented(prev, stats) or prev.x0 < line.x0 - 2):
        return True
    if stats.justified and not is_full(prev, stats) and not p_center:
        return True
    if _LIST_START_RE.match(line.text) and prev.text.endswith(_END_PUNCT):
        return True
    if _HEADING_START_RE.match(line.text) or _LIST_START_RE.match(line.text):
        # a numbered or listed line after a line that stops well short of the margin
        return prev.x1 < stats.right - 0.15 * stats.width or prev.text.endswith(_END_PUNCT)
    return False


def continues_across_pages(prev: Line, line: Line, stats: Stats) -> bool:
    """True when the first line of a page carries on the paragraph that ended the last page."""
    if abs(prev.size - line.size) > 0.9 or abs(prev.bold - line.bold) > 0.7:
        return False
    if is_centered(line, stats) or is_centered(prev, stats):
        return False
    if stats.indent and is_indented(line, stats):
        return False
    if _LIST_START_RE.match(line.text) or _HEADING_START_RE.match(line.text):
        return False
    if stats.justified:
        return is_full(prev, stats)
    return not prev.text.endswith(_END_PUNCT)


def join_texts(parts: Sequence[str]) -> tuple[str, list[int]]:
    """Join line texts into one paragraph text; returns the text and each part's start offset."""
    out = ""
    starts: list[int] = []
    for p in parts:
        if not out:
            starts.append(0)
            out = p
            continue
        glue = "" if re.search(r"[\w)]-$", out) and p[:1].isalnum() else " "
        starts.append(len(out) + len(glue))
        out = out + glue + p
    return out, starts


def lines_to_paragraph(lines: Sequence[Line], pid: int, role: str, stats: Stats) -> Paragraph:
    text, starts = join_texts([ln.text for ln in lines])
    spans = []
    markers: list[Marker] = []
    styles: list[StyleRun] = []
    for ln, st in zip(lines, starts, strict=True):
        spans.append(Span(ln.page, ln.bbox, st, st + len(ln.text)))
        markers.extend(Marker(m.number, ln.page, m.bbox, st + m.offset) for m in ln.markers)
        for r in ln.styles:
            if (
                styles
                and styles[-1].bold == r.bold
                and styles[-1].italic == r.italic
                and styles[-1].end >= st + r.start - 1
            ):
                styles[-1] = StyleRun(styles[-1].start, st + r.end, r.bold, r.italic)
            else:
                styles.append(StyleRun(st + r.start, st + r.end, r.bold, r.italic))
    nchar = max(1, sum(len(ln.text) for ln in lines))
    bold = sum(ln.bold * len(ln.text) for ln in lines) / nchar
    italic = sum(ln.italic * len(ln.text) for ln in lines) / nchar
    size = statistics.median(ln.size for ln in lines)
    return Paragraph(
        pid=pid,
        text=text,
        role=role,
        spans=tuple(spans),
        markers=tuple(markers),
        styles=tuple(styles),
        size=float(size),
        bold=bold > 0.5,
        italic=italic > 0.5,
        indented=is_indented(lines[0], stats),
        centered=all(is_centered(ln, stats) for ln in lines),
    )


@dataclass(slots=True)
class Flow:
    """Lines read in order: the main flow of a page or one column of a multi-column block."""

    lines: list[Line] = field(default_factory=list)
    kind: str = "main"  # main | left | right
    block: int = -1  # index of the multi-column block on its page, -1 for the main flow


def lines_to_flows(lines: Sequence[Line], stats: Stats) -> list[Flow]:
    """Split a page's lines into the main flow and the columns of side-by-side blocks.

    A block starts at a printed row split into segments (header block, signature block) and
    goes on while the following rows stay on one side of the column boundary.
    """
    flows: list[Flow] = []
    by_row: dict[int, list[Line]] = {}
    for ln in lines:
        by_row.setdefault(ln.row, []).append(ln)
    rows = sorted(by_row.values(), key=lambda r: min(x.top for x in r))
    i = 0
    nblock = 0
    main = Flow()
    while i < len(rows):
        row = rows[i]
        if len(row) < 2:
            main.lines.extend(row)
            i += 1
            continue
        row.sort(key=lambda x: x.x0)
        left, right = Flow(kind="left", block=nblock), Flow(kind="right", block=nblock)
        left.lines.append(row[0])
        right.lines.extend(row[1:])
        right_x0 = min(s.x0 for s in row[1:])  # where the right column starts
        bottom = max(s.bottom for s in row)
        top_size = max(s.size for s in row)
        j = i + 1
        while j < len(rows):
            nxt = sorted(rows[j], key=lambda x: x.x0)
            size = max(s.size for s in nxt)
            if min(s.top for s in nxt) - bottom > 1.5 * size:
                break
            if len(nxt) == 1 and is_centered(nxt[0], stats) and abs(nxt[0].size - stats.body_size) < 0.6:
                break
            if size > top_size + 0.5:  # larger type than the block: the title after a header block
                break
            top_size = max(top_size, size)
            if len(nxt) == 1 and nxt[0].x0 >= right_x0 - 2 * size:
                right.lines.append(nxt[0])
                right_x0 = min(right_x0, nxt[0].x0)
            elif nxt[0].x1 > right_x0 + size:
                break  # a line across both columns: the block is over
            else:
                left.lines.append(nxt[0])
                right.lines.extend(nxt[1:])
                if nxt[1:]:
                    right_x0 = min([right_x0, *(s.x0 for s in nxt[1:])])
            bottom = max(s.bottom for s in nxt)
            j += 1
        if main.lines:
            flows.append(main)
            main = Flow()
        flows.extend(f for f in (left, right) if f.lines)
        nblock += 1
        i = j
    if main.lines:
        flows.append(main)
    return flows


def flow_to_groups(flow: Flow, stats: Stats) -> list[list[Line]]:
    groups: list[list[Line]] = []
    column = flow.kind != "main"
    for ln in flow.lines:
        if groups and not starts_paragraph(groups[-1][-1], ln, stats, column):
            groups[-1].append(ln)
        else:
            groups.append([ln])
    return groups
