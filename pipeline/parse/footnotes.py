"""Footnotes: the area at the bottom of a page, its notes, their continuation, their markers.

The area is found under a short horizontal rule with only smaller type below it, or, when a
report has no rule, as the smaller-type lines at the bottom of a page that open with a
footnote number. Each note starts with its number (raised, or printed plain in some layouts);
lines before the first number of a page continue the last note of an earlier page. Problems
(missing, duplicate or orphan numbers) are reported as notes, never silently fixed.
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from ..records import BBox, Footnote, FootnoteLink, Marker, Note, Paragraph, Span
from .paragraphs import join_texts
from .stats import Stats
from .textline import Line

_PLAIN_NUMBER_RE = re.compile(r"^(\d{1,3})(?:\s+|[.)]\s*)(?=\S)")


def is_separator(rule: BBox, stats: Stats) -> bool:
    """A horizontal rule starting near the left margin: Word's short footnote separator, or one as wide as
    the text column (Word's continuation separator; some templates print it on every page)."""
    return (
        rule.height <= 2.0
        and 0.08 * stats.width <= rule.width <= 1.05 * stats.width
        and abs(rule.x0 - stats.left) <= 0.1 * stats.width
    )


def _smaller(line: Line, stats: Stats, ref: float | None = None) -> bool:
    return line.size <= (ref or stats.body_size) - 0.4


def _starts_note(line: Line) -> bool:
    return bool(line.markers and line.markers[0].offset == 0)


_END_RE = re.compile(r"[.;:!?…)\]\"”'’]$")


def _note_like(area: Sequence[Line], stats: Stats, expected: int, previous: Sequence[Line], ruled: bool) -> bool:
    """The lines can be a footnote area: they open with a note, or carry on the last note of the page before
    (one column of text from the left margin; without a separator rule, only when the next note opens below
    them or that note stopped mid-sentence)."""
    if _starts_note(area[0]) or _plain_start(area[0], expected):
        return True
    if not previous or not all(ln.nseg == 1 for ln in area) or abs(area[0].x0 - stats.left) > stats.body_size:
        return False
    opens_next = any(_starts_note(ln) or _plain_start(ln, expected) for ln in area[1:])
    return ruled or opens_next or not _END_RE.search(previous[-1].text)


def split_footnote_area(
    lines: Sequence[Line], rules: Sequence[BBox], stats: Stats, expected: int, previous: Sequence[Line] = ()
) -> tuple[list[Line], list[Line]]:
    """Split a page's lines (top to bottom, furniture removed) into body and footnote area.

    `expected` is the next footnote number, `previous` the footnote area of the page before (its last note
    may carry on here, above this page's first number)."""
    if not lines:
        return [], []
    for rule in sorted((r for r in rules if is_separator(r, stats)), key=lambda r: r.top):
        below = [ln for ln in lines if ln.top >= rule.bottom - 1]
        above = [ln for ln in lines if ln.top < rule.bottom - 1]
        ref = min(max((ln.size for ln in above[-3:]), default=stats.body_size), stats.body_size)
        if not above or not below or not all(_smaller(ln, stats, ref) for ln in below):
            continue  # a rule over the whole page (under a running header), or over body text
        if _note_like(below, stats, expected, previous, True):
            return above, below
    # no rule: smaller lines at the bottom of the page opening with a footnote number
    k = len(lines)
    while k > 0 and _smaller(lines[k - 1], stats):
        k -= 1
    area = list(lines[k:])
    if area and k > 0 and _note_like(area, stats, expected, previous, False):
        return list(lines[:k]), area
    return list(lines), []


def _plain_start(line: Line, expected: int) -> bool:
    m = _PLAIN_NUMBER_RE.match(line.text)
    return bool(m and int(m.group(1)) == expected)


@dataclass(slots=True)
class _Draft:
    number: int
    lines: list[Line] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)


def areas_to_footnotes(areas: Sequence[Sequence[Line]]) -> tuple[list[Footnote], list[Note]]:
    """Footnote areas of every page, in page order, to footnotes joined across pages."""
    drafts: list[_Draft] = []
    notes: list[Note] = []
    raised = any(_starts_note(ln) for area in areas for ln in area)
    expected = 1
    for area in areas:
        for ln in area:
            if raised and _starts_note(ln):
                d = _Draft(ln.markers[0].number)
                d.lines.append(ln)
                d.texts.append(ln.text)
                drafts.append(d)
                expected = d.number + 1
                continue
            m = None if raised else _PLAIN_NUMBER_RE.match(ln.text)
            if (m and int(m.group(1)) in (expected, expected + 1)) or (m and not drafts):
                d = _Draft(int(m.group(1)))
                d.lines.append(ln)
                d.texts.append(ln.text[m.end() :])
                drafts.append(d)
                expected = d.number + 1
                continue
            if not drafts:
                notes.append(
                    Note(code="footnote-orphan-text", message=f"footnote text without a number: {ln.text[:60]!r}",
                         page=ln.page)
                )  # fmt: skip
                continue
            drafts[-1].lines.append(ln)
            drafts[-1].texts.append(ln.text)
    footnotes: list[Footnote] = []
    for d in drafts:
        text, starts = join_texts(d.texts)
        spans: list[Span] = []
        own: list[Marker] = []
        for ln, st, t in zip(d.lines, starts, d.texts, strict=True):
            spans.append(Span(page=ln.page, bbox=ln.bbox, start=st, end=st + len(t)))
            cut = len(ln.text) - len(t)
            own.extend(
                Marker(number=m.number, page=ln.page, bbox=m.bbox, offset=st + m.offset - cut)
                for m in ln.markers
                if not (m.offset == 0 and ln is d.lines[0] and raised)
            )
        footnotes.append(
            Footnote(number=d.number, text=text.strip(), spans=tuple(spans), anchor=None, markers=tuple(own))
        )
    return footnotes, notes


def link_footnotes(footnotes: Sequence[Footnote], paragraphs: Sequence[Paragraph]) -> tuple[list[Footnote], list[Note]]:
    """Link each footnote to the body marker with its number; report every mismatch."""
    notes: list[Note] = []
    by_number: dict[int, list[tuple[Paragraph, Marker]]] = defaultdict(list)
    for p in paragraphs:
        for m in p.markers:
            by_number[m.number].append((p, m))
    seen: dict[int, int] = {}
    out: list[Footnote] = []
    used: set[tuple[int, int]] = set()
    for fn in footnotes:
        if fn.number in seen:
            notes.append(
                Note(
                    code="footnote-duplicate",
                    message=f"footnote {fn.number} is printed twice (pages {seen[fn.number]} and {fn.page})",
                    page=fn.page,
                )
            )
        seen.setdefault(fn.number, fn.page)
        cands = [(p, m) for p, m in by_number.get(fn.number, []) if (p.pid, m.offset) not in used]
        if not cands:
            notes.append(
                Note(code="footnote-no-marker", message=f"footnote {fn.number} has no marker in the text", page=fn.page)
            )
            out.append(fn)
            continue
        # prefer the marker on the footnote's own page, then the nearest earlier one
        cands.sort(key=lambda pm: (pm[1].page != fn.page, abs(fn.page - pm[1].page)))
        p, m = cands[0]
        used.add((p.pid, m.offset))
        out.append(replace(fn, anchor=FootnoteLink(paragraph=p.pid, offset=m.offset, page=m.page, bbox=m.bbox)))
    numbers = {fn.number for fn in footnotes}
    for number, refs in sorted(by_number.items()):
        if number not in numbers:  # one warning per number, however often its marker is printed
            times = f" (printed {len(refs)} times, pages {', '.join(str(m.page) for _p, m in refs)})"
            notes.append(
                Note(code="footnote-orphan-marker", message=f"marker {number} has no footnote"
                     + (times if len(refs) > 1 else ""), page=refs[0][1].page)
            )  # fmt: skip
        elif len(refs) > 1:
            pages = ", ".join(str(m.page) for _p, m in refs)
            notes.append(
                Note(
                    code="footnote-marker-repeated",
                    message=f"marker {number} appears {len(refs)} times (pages {pages})",
                    page=refs[0][1].page,
                )
            )
    if numbers:
        missing = sorted(set(range(1, max(numbers) + 1)) - numbers)
        if missing:
            notes.append(
                Note(code="footnote-missing", message=f"footnote numbers missing from the sequence: {_ranges(missing)}")
            )
        order = [fn.number for fn in footnotes]
        for a, b in itertools.pairwise(order):
            if b < a:
                notes.append(Note(code="footnote-out-of-order", message=f"footnote {b} follows footnote {a}"))
    return out, notes


def _ranges(values: Sequence[int]) -> str:
    out: list[str] = []
    start = prev = values[0]
    for v in [*values[1:], None]:
        if v is not None and v == prev + 1:
            prev = v
            continue
        out.append(str(start) if start == prev else f"{start}-{prev}")
        if v is not None:
            start = prev = v
    return ", ".join(out)
