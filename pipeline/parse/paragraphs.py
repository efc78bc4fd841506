"""Lines become paragraphs: where a paragraph starts, whether it carries on across a page break, its text and styles."""

from __future__ import annotations

import re
import statistics
from collections.abc import Sequence

from ..records import Marker, Paragraph, Role, Span, StyleRun
from .flows import Flow
from .metadata import is_doc_type_line, opens_section
from .stats import Stats, is_centered, is_full, is_indented
from .textline import Line

_LIST_START_RE = re.compile(r"^[-+•–*]\s")
_HEADING_START_RE = re.compile(
    r"^(?:PHẦN\s+THỨ\s+\S+|Phần\s+thứ\s+\S+|[IVXLC]+\.\s|[IVXLC]+\.\d+\.|\d{1,2}(?:\.\d{1,2})*\.\s|\(?[a-zđ]\)\s"
    r"|\(\d+\)\s|Điều\s+\d+)"
)
_END_PUNCT = tuple(".:;!?")


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
    if p_center and l_center:  # a centred block: the type line and a numbered heading stand apart from the title
        return abs(prev.bold - line.bold) > 0.5 or is_doc_type_line(prev.text) or opens_section(line.text)
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


def lines_to_paragraph(lines: Sequence[Line], pid: int, role: Role, stats: Stats) -> Paragraph:
    """The paragraph printed on `lines`: joined text, a span per line, markers and style runs at their offsets."""
    text, starts = join_texts([ln.text for ln in lines])
    spans = []
    markers: list[Marker] = []
    styles: list[StyleRun] = []
    for ln, st in zip(lines, starts, strict=True):
        spans.append(Span(page=ln.page, bbox=ln.bbox, start=st, end=st + len(ln.text)))
        markers.extend(Marker(number=m.number, page=ln.page, bbox=m.bbox, offset=st + m.offset) for m in ln.markers)
        for r in ln.styles:
            if (
                styles
                and styles[-1].bold == r.bold
                and styles[-1].italic == r.italic
                and styles[-1].end >= st + r.start - 1
            ):
                styles[-1] = StyleRun(start=styles[-1].start, end=st + r.end, bold=r.bold, italic=r.italic)
            else:
                styles.append(StyleRun(start=st + r.start, end=st + r.end, bold=r.bold, italic=r.italic))
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


def flow_to_groups(flow: Flow, stats: Stats) -> list[list[Line]]:
    """The lines of a flow grouped into paragraphs."""
    groups: list[list[Line]] = []
    column = flow.kind != "main"
    for ln in flow.lines:
        if groups and not starts_paragraph(groups[-1][-1], ln, stats, column):
            groups[-1].append(ln)
        else:
            groups.append([ln])
    return groups
