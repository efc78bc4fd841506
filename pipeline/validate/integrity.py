"""Integrity: footnote numbering and markers, section numbering, the report number and date in captions."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable

from .checks import Check
from .context import Context

_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9, "X": 10, "XI": 11,
          "XII": 12, "XIII": 13, "XIV": 14, "XV": 15}  # fmt: skip
_LETTERS = "abcdđefghiklmnopqrstuvxy"
_MARKER_NOTES = ("footnote-no-marker", "footnote-orphan-marker", "footnote-marker-repeated")


def verdict(
    ctx: Context, rule: str, ok: bool, message: str, key: Iterable[str] = (), pages: Iterable[int] = ()
) -> Check:
    """A yes/no check: margin 0 when it holds, -1 when not."""
    return ctx.check(rule, message, margin=0.0 if ok else -1.0, key=key, pages=pages)


def integrity(ctx: Context) -> list[Check]:
    """Footnotes, section numbering, captions."""
    return [*footnote_numbering(ctx), *section_numbering(ctx), *captions(ctx)]


def footnote_numbering(ctx: Context) -> list[Check]:
    """Footnotes numbered 1..n, each linked to one marker."""
    out: list[Check] = []
    numbers = [fn.number for fn in ctx.doc.footnotes]
    if numbers:
        dup = sorted(n for n, k in Counter(numbers).items() if k > 1)
        missing = sorted(set(range(1, max(numbers) + 1)) - set(numbers))
        ok = numbers == list(range(1, len(numbers) + 1))
        msg = (
            f"{len(numbers)} footnotes numbered 1-{max(numbers)}"
            + (f"; missing {missing}" if missing else "")
            + (f"; repeated {dup}" if dup else "")
            + ("" if ok or missing or dup else "; out of order")
        )
        out.append(verdict(ctx, "footnote_sequence", ok, msg, key=["footnotes"]))
    for note in ctx.doc.notes:
        if note.code in _MARKER_NOTES:
            out.append(verdict(ctx, "footnote_markers", False, note.message, key=[note.message],
                               pages=[note.page] if note.page else []))  # fmt: skip
    if numbers and not any(c.rule == "footnote_markers" for c in out):
        out.append(verdict(ctx, "footnote_markers", True, f"all {len(numbers)} footnotes linked to one marker each",
                           key=["markers"]))  # fmt: skip
    return out


def captions(ctx: Context) -> list[Check]:
    """A table caption citing a report number or date cites this report's."""
    out: list[Check] = []
    meta = ctx.doc.metadata
    for t in ctx.tables:
        if t.reference_number:
            own = (meta.number or "").replace(" ", "")
            ok = t.reference_number.replace(" ", "") == own
            msg = f"{t.table_id} caption cites report {t.reference_number}; this report is {own or '(no number)'}"
            out.append(verdict(ctx, "caption_report_number", ok, msg, key=[t.table_id], pages=t.pages[:1]))
        if t.reference_date and meta.date:
            ok = t.reference_date == meta.date
            msg = f"{t.table_id} caption dated {t.reference_date}; this report is dated {meta.date}"
            out.append(verdict(ctx, "caption_report_date", ok, msg, key=[t.table_id], pages=t.pages[:1]))
    return out


def ordinal(numbering: str) -> tuple[str, int] | None:
    """(family, position) of a heading number: ('arabic', 3) for '3.', ('sub:2', 4) for '2.4.'."""
    n = numbering.strip().rstrip(".").strip("()")
    if re.fullmatch(r"\d+", n):
        return "arabic", int(n)
    m = re.fullmatch(r"(\d+(?:\.\d+)*)\.(\d+)", n) or re.fullmatch(r"([IVXLC]+)\.(\d+)", n)
    if m:
        return f"sub:{m.group(1)}", int(m.group(2))
    if n in _ROMAN:
        return "roman", _ROMAN[n]
    if re.fullmatch(r"[a-zđ]", n):
        return "letter", _LETTERS.index(n) + 1 if n in _LETTERS else 0
    m = re.fullmatch(r"Điều\s+(\d+)", n)
    if m:
        return "article", int(m.group(1))
    return None


def section_numbering(ctx: Context) -> list[Check]:
    """Sibling headings of one kind numbered without gaps or repeats (letters may skip 'đ')."""
    siblings: dict[tuple[str | None, str], list[tuple[int, str, int]]] = defaultdict(list)
    for s in ctx.seg.sections:
        o = ordinal(s.numbering or "")
        if o is not None:
            siblings[(s.parent_id, o[0])].append((o[1], s.numbering, s.page))
    problems = []
    for (parent, family), items in siblings.items():
        positions = [p for p, _n, _pg in items]
        if family == "letter":  # a, b, c, d, đ, e … : đ may be skipped
            seq_ok = positions == sorted(positions) and len(set(positions)) == len(positions)
        else:
            seq_ok = positions == list(range(1, 1 + len(positions)))
        if not seq_ok:
            where = next((s.title for s in ctx.seg.sections if s.section_id == parent), "the top level")
            names = " ".join(n for _p, n, _pg in items)
            problems.append((f"under '{where[:50]}': {names}", [pg for _p, _n, pg in items]))
    if not problems:
        msg = f"{len(ctx.seg.sections)} sections numbered without gaps"
        return [verdict(ctx, "section_numbering", True, msg, key=["sections"])]
    return [
        verdict(ctx, "section_numbering", False, f"numbering with a gap or repeat {msg}", key=[msg], pages=pages[:1])
        for msg, pages in problems
    ]


__all__ = ["integrity", "ordinal"]
