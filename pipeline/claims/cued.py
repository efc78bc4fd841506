"""The cue phrases of a sentence read around one number: the cues in a span, the comparison a
clause names, and the direction cue (tăng, giảm, cao hơn …) that governs the number."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .clauses import bracket_depths, clause_bounds, governing_start
from .lexicon import Lexicon
from .phrases import tidy
from .records import Cue, Direction, Kind, NumberSpan

COMPARE_LABELS = ("SAME_PERIOD", "PLAN", "BUDGET", "SCENARIO", "PREV_PERIOD")
COMPARISONS = {
    "SAME_PERIOD": "same_period_prev_year",
    "PLAN": "plan",
    "BUDGET": "budget",
    "SCENARIO": "scenario",
    "PREV_PERIOD": "prev_period",
}
COMPARATIVES = ("up-cao-hon", "down-thap-hon")  # rule ids: they compare the quantity just stated with another
SKIPPED = ("OVER", "HEDGE")  # cue labels that may stand between a LEVEL word and its number ("giảm còn khoảng 3%")


@dataclass(frozen=True, kw_only=True)
class Cued:
    """A sentence, its cue spans (vi.nlp.cue_spans) and the word lists of the claim stage."""

    text: str
    cues: list[Cue]
    lex: Lexicon


@dataclass(frozen=True, kw_only=True)
class Prior:
    """What the claims before a number in its sentence tell about it."""

    kind: Kind | None = None  # the claim before
    value: float | None = None
    direction: Direction | None = None
    base: str | None = None  # the base unit of the claim before (None for a count noun or no unit)
    level_before: bool = False  # a level of the same subject came before the claim before


def cues_between(cues: Sequence[Cue], a: int, b: int, labels: Iterable[str] | None = None) -> list[Cue]:
    """The cues inside [a, b), of the given labels (default: all)."""
    want = set(labels) if labels else None
    return [c for c in cues if a <= c[1] and c[2] <= b and (want is None or c[0] in want)]


def comparison_from(ct: Cued, start: int, end: int) -> str | None:
    """The comparison named by cues in [start, end) (the first one)."""
    found = cues_between(ct.cues, start, end, COMPARE_LABELS)
    if not found:
        # "so với 31/12/2023", "so với năm 2022"
        m = re.search(r"so\s+(?:với\s+)?(?:ngày\s+)?(\d{1,2})/(\d{1,2})/(\d{4})", ct.text[start:end])
        if m:
            return f"date:{int(m.group(3)):04d}-{int(m.group(2)):02d}-{int(m.group(1)):02d}"
        if re.search(r"so\s+(?:với\s+)?(?:năm|tháng|quý)\s+\S+", ct.text[start:end]):
            return "prev_period"
        return None
    label = found[0][0]
    if label == "PREV_PERIOD" and any(c[0] == "SAME_PERIOD" for c in found):
        label = "SAME_PERIOD"
    return COMPARISONS[label]


def direction_cue(ct: Cued, s: NumberSpan) -> Cue | None:
    """The UP/DOWN cue that governs a number: before it in its clause with no predicate between,
    unless a LEVEL word makes the number a level the change runs from or to, or the number, in
    brackets, is the value of what the change is compared with."""
    c0 = governing_start(ct.text, s.start)
    # a cue within the clause before the number; a REACH/SHARE/RATE cue after it resets
    best: Cue | None = None
    for c in ct.cues:
        if c[2] > s.start or c[1] < c0:
            continue
        if c[0] in ("UP", "DOWN", "GROWTH"):
            best = c
        elif c[0] in ("REACH", "SHARE") and best is not None and c[1] > best[1]:
            best = None
    if best is None or level_mark(ct, best, s) or value_of_compared(ct, best, s):
        return None
    return best


def level_mark(ct: Cued, cue: Cue, s: NumberSpan) -> bool:
    """'giảm từ 68% … xuống còn 60,8%', 'tăng lên 54,2%', 'giảm trên cả 3 mặt': a LEVEL word right
    before the number (hedges and 'trên/hơn' aside) makes it a level, not the amount of the change."""
    for c in cues_between(ct.cues, cue[2], s.start, ("LEVEL",)):
        gap = list(ct.text[c[2] : s.start])
        for o in cues_between(ct.cues, c[2], s.start, SKIPPED):
            gap[o[1] - c[2] : o[2] - c[2]] = " " * (o[2] - o[1])
        if not "".join(gap).strip():
            return True
    return False


def value_of_compared(ct: Cued, cue: Cue, s: NumberSpan) -> bool:
    """'thấp hơn 0,4% so với chỉ tiêu UBND tỉnh giao (35,5%)': a number alone in brackets after
    the comparison of a change is the value of what is compared with, not a change."""
    c0, _c1 = clause_bounds(ct.text, s.start)
    if governing_start(ct.text, s.start) >= c0 or cue[2] > c0:
        return False
    between = ct.text[cue[2] : c0 - 1]
    last = max((m.end() for m in re.finditer(r"\d", between)), default=-1)
    return last >= 0 and bool(cues_between(ct.cues, cue[2] + last, c0, ("COMPARE", *COMPARE_LABELS)))


def cue_direction(cue: Cue | None) -> Direction | None:
    """Up for an UP or GROWTH cue, down for any other, None for none."""
    if cue is None:
        return None
    return "up" if cue[0] in ("UP", "GROWTH") else "down"


def own_subject(ct: Cued, start: int, end: int) -> bool:
    """The span names a subject of its own: words other than clause openers, hedges and periods."""
    return bool(tidy(ct.lex, ct.text[start:end]))


def same_depth(text: str, a: int, b: int) -> bool:
    """Positions a and b are at the same bracket depth."""
    depths = bracket_depths(text)
    return a < len(text) and b < len(text) and depths[a] == depths[b]
