"""Arithmetic across a footnote and its marker: parts of the figure marked, and an earlier period's figure."""

from __future__ import annotations

import re

from ..claims import Claim
from ..records import Footnote
from .checks import Check, fmt
from .context import Context
from .intervals import total
from .operands import Alternative, alternatives, best, claim_iv, signed_iv
from .prose import partial_margin


def footnote_arithmetic(ctx: Context) -> list[Check]:
    """Footnote parts, then footnotes giving an earlier period's figure."""
    return [*footnote_parts(ctx), *footnote_previous(ctx)]


def anchor_claims(ctx: Context, number: int) -> list[Claim]:
    """The figures of the sentence carrying footnote `number`'s marker."""
    anchor = next((a for a in ctx.seg.anchors if a.footnote == number), None)
    if anchor is None or anchor.sentence_id is None:
        return []
    return [c for c in ctx.by_sentence.get(anchor.sentence_id, ()) if c.kind != "not_claim" and c.value is not None]


def footnote_claims(ctx: Context, number: int) -> list[Claim]:
    """The figures of footnote `number`."""
    return [c for c in ctx.claims if c.footnote == number and c.kind != "not_claim" and c.value is not None]


def marker_position(ctx: Context, number: int) -> int | None:
    """Where footnote `number`'s marker stands in its sentence: the end of the figure before it."""
    for c in ctx.claims:
        if c.reason == "footnote_marker" and c.value == number and c.footnote is None:
            rows = ctx.by_sentence.get(c.sentence_id, ())
            idx = rows.index(c)
            before = [r for r in rows[:idx] if r.end >= 0]
            return before[-1].end if before else 0
    return None


def footnote_parts(ctx: Context) -> list[Check]:
    """A footnote listing the parts of the figure it is attached to ('gồm …', 'trong đó …', or
    parts that add up)."""
    out: list[Check] = []
    for fn in ctx.doc.footnotes:
        parts = [c for c in footnote_claims(ctx, fn.number) if c.kind == "level" and c.unit]
        if len(parts) < 2:
            continue
        text = fn.text.strip().lower()
        if re.match(r"^(?:cùng\s+kỳ|\d+\s+tháng\s+đầu\s+năm\s+\d{4})", text):
            continue  # previous-period figures, not parts
        at = marker_position(ctx, fn.number)
        anchors = [c for c in anchor_claims(ctx, fn.number) if c.kind == "level" and c.unit]
        if at is not None:
            anchors = [c for c in anchors if c.end <= at] or anchors
        for unit in dict.fromkeys(p.unit for p in parts):
            same = [p for p in parts if p.unit == unit]
            anchor = next((a for a in reversed(anchors) if a.unit == unit), None)
            if anchor is None or len(same) < 2:
                continue
            check = parts_check(ctx, fn, text, anchor, same)
            if check is not None:
                out.append(check)
    return out


def parts_check(ctx: Context, fn: Footnote, text: str, anchor: Claim, same: list[Claim]) -> Check | None:
    """The footnote's parts of one unit against the marked figure."""
    piv = total([iv for iv in (claim_iv(p) for p in same) if iv is not None])
    aiv = claim_iv(anchor)
    assert aiv is not None
    listing = " + ".join(p.raw for p in same)
    unit = anchor.unit
    if text.startswith("trong đó"):
        margin, basis = partial_margin(ctx, aiv, same)
        msg = f"footnote {fn.number} ('trong đó') parts of {anchor.raw} {unit}: {listing} = {fmt(piv.mid)}; {basis}"
        return ctx.check("footnote_parts", msg, expected=piv, actual=aiv, claims=[anchor, *same], margin=margin,
                         basis=basis)  # fmt: skip
    if re.match(r"^(?:gồm|bao\s+gồm)\b", text) or piv.meets(aiv):
        msg = f"footnote {fn.number} breaks {anchor.raw} {unit} into {listing} = {fmt(piv.mid)}"
        return ctx.check("footnote_parts", msg, expected=piv, actual=aiv, claims=[anchor, *same])
    return None


def footnote_previous(ctx: Context) -> list[Check]:
    """A footnote giving the previous period ('Cùng kỳ năm 2023, có 10 doanh nghiệp giải thể')
    against the change stated at its marker ('03 doanh nghiệp giải thể, giảm 70% …')."""
    out: list[Check] = []
    for fn in ctx.doc.footnotes:
        if not ctx.previous_period_footnote(fn.number):
            continue
        prev_levels = [c for c in footnote_claims(ctx, fn.number) if c.kind == "level" and c.unit]
        rows = anchor_claims(ctx, fn.number)
        at = marker_position(ctx, fn.number)
        for i, ch in enumerate(rows):
            if ch.kind not in ("change_pct", "change_abs") or (at is not None and ch.start > at + 2):
                continue
            level = next((r for r in reversed(rows[:i]) if r.kind == "level" and r.unit), None)
            if level is None:
                continue
            prev = next((p for p in prev_levels if p.unit == level.unit), None)
            if prev is None:
                continue
            check = previous_check(ctx, fn, level, prev, ch)
            if check is not None:
                out.append(check)
    return out


def previous_check(ctx: Context, fn: Footnote, level: Claim, prev: Claim, ch: Claim) -> Check | None:
    """The change printed at the marker against the figure now and the footnote's earlier one."""
    cur, pre = claim_iv(level), claim_iv(prev)
    assert cur is not None and pre is not None
    pct = ch.kind == "change_pct"
    if pct:
        q = cur / pre
        if q is None:
            return None
        alts = alternatives("growth", q.scale(100).shift(-100), ch, signed=True)
    else:
        alts = [("difference", cur - pre, signed_iv(ch))]
    return previous_reading(ctx, fn, level, prev, ch, alts)


def previous_reading(
    ctx: Context, fn: Footnote, level: Claim, prev: Claim, ch: Claim, alts: list[Alternative]
) -> Check | None:
    """The best reading of a change against the two levels (None when none can be computed)."""
    basis, exp, act, margin = best(alts)
    if exp is None:
        return None
    pct = "%" if ch.kind == "change_pct" else ""
    msg = (
        f"{level.raw} {level.unit} now and {prev.raw} {prev.unit} in footnote {fn.number} give "
        f"{fmt(exp.mid)}{pct}, printed {'-' if ch.direction == 'down' else ''}{ch.raw}{pct}"
    )
    return ctx.check("prose_change_vs_previous", msg, expected=exp, actual=act, claims=[level, prev, ch],
                     basis=basis, margin=margin)  # fmt: skip


__all__ = ["footnote_arithmetic", "footnote_parts", "footnote_previous"]
