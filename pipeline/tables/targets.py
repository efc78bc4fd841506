"""Target tables: a plan cell that states a bound or a range, and a note column's verdict on the row.

    '< 7,6'        a bound: below 7,6 (strict)          'Tối thiểu 50%'  at least 50
    '7,5-8,0'      a range: from 7,5 to 8,0             '1.915'          the figure itself
    'Đạt' / 'Vượt' / 'Không đạt'   the report's verdict: met / exceeded / not met

The phrases are schemas/rules/tables.yaml's (`verdicts`, `bounds`, `note_columns`); its examples are
run by tests/test_texttable.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from ..rules import Rules, default_rules
from ..vi.numbers import MINUS, NUMBER_TOKEN, parse_number
from ..vi.textnorm import nfc

Verdict = Literal["met", "exceeded", "not_met"]
Bound = Literal["<", "<=", ">", ">="]


@dataclass(frozen=True, slots=True, kw_only=True)
class Target:
    """What a plan cell asks for: lo ≤ (or <) value ≤ (or <) hi; a plain figure is lo = hi."""

    lo: float | None
    hi: float | None
    strict: bool  # a bound that excludes itself: '< 7,6' is not met by 7,6
    decimals: int  # printed decimals (the smallest difference two printed figures can show)
    bounded: bool = False  # printed as a bound or a range, not as one figure


@dataclass(frozen=True, kw_only=True)
class TargetWords:
    """The typed view of tables.yaml's verdicts, note columns and bounds."""

    verdicts: tuple[tuple[Verdict, tuple[str, ...]], ...]
    note_columns: tuple[str, ...]
    bounds: tuple[tuple[Bound, tuple[str, ...]], ...]
    bound_re: re.Pattern[str]
    bound_alt: str  # the bound phrases as one regex alternation, longest first (texttable's figures use it too)


_SIGNED = rf"[{MINUS}+]?(?:{NUMBER_TOKEN})"
_REMARK = re.compile(r"\s*\([^()]{1,40}\)\s*$")  # '0,7% (còn 4,33%)': a remark after the figure
_RANGE = re.compile(rf"^(?:từ\s+)?(?P<a>{_SIGNED})\s*%?\s*(?:[-–÷]|đến)\s*(?P<b>{_SIGNED})\s*%?$", re.IGNORECASE)


def _low(text: str) -> str:
    return re.sub(r"\s+", " ", nfc(text).lower()).strip().rstrip(".")


def build_target_words(rules: Rules) -> TargetWords:
    """tables.yaml's target words, typed."""
    d = rules.data("rules/tables.yaml")
    bounds = tuple((e["bound"], tuple(str(p) for p in e["phrases"])) for e in d["bounds"])
    phrases = sorted((p for _, ps in bounds for p in ps), key=len, reverse=True)
    alt = "|".join(re.escape(p) + (r"(?![\w])" if p[-1].isalpha() else "") for p in phrases)
    return TargetWords(
        verdicts=tuple((e["verdict"], tuple(_low(p) for p in e["phrases"])) for e in d["verdicts"]),
        note_columns=tuple(_low(p) for p in d["note_columns"]),
        bounds=bounds,
        bound_re=re.compile(rf"^(?P<bound>{alt})\s*(?P<n>{_SIGNED})\s*%?$", re.IGNORECASE),
        bound_alt=alt,
    )


def target_words(rules: Rules | None = None) -> TargetWords:
    """The target words of `rules` (default: default_rules()), built once per Rules value."""
    return (rules or default_rules()).view("tables.target_words", build_target_words)


def verdict_of(text: str, w: TargetWords | None = None) -> Verdict | None:
    """The verdict a whole cell states ('Không đạt' -> not_met), or None."""
    low = _low(text)
    for verdict, phrases in (w or target_words()).verdicts:
        if low in phrases:
            return verdict
    return None


def is_note_header(name: str, w: TargetWords | None = None) -> bool:
    """A column header naming remarks or verdicts ('Ghi chú', 'Đánh giá')."""
    low = _low(name.split(" | ")[0])
    return low in (w or target_words()).note_columns


def read_target(text: str, w: TargetWords | None = None) -> Target | None:
    """What a plan cell asks for: a bound ('< 7,6'), a range ('7,5-8,0') or one figure ('1.915')."""
    w = w or target_words()
    t = main_figure(text)
    m = w.bound_re.match(t)
    if m:
        num = parse_number(m.group("n"))
        if num.value is None:
            return None
        kind = next(b for b, ps in w.bounds if any(m.group("bound").lower() == p.lower() for p in ps))
        below = kind in ("<", "<=")
        return Target(
            lo=None if below else num.value,
            hi=num.value if below else None,
            strict=kind in ("<", ">"),
            decimals=num.decimals,
            bounded=True,
        )
    r = _RANGE.match(t)
    if r:
        a, b = parse_number(r.group("a")), parse_number(r.group("b"))
        if a.value is not None and b.value is not None and a.value < b.value:
            return Target(lo=a.value, hi=b.value, strict=False, decimals=max(a.decimals, b.decimals), bounded=True)
    num = parse_number(t.rstrip("%").strip())
    if num.value is None:
        return None
    return Target(lo=num.value, hi=num.value, strict=False, decimals=num.decimals)


def main_figure(text: str) -> str:
    """A cell's text without a remark in parentheses after its figure ('0,7% (còn 4,33%)' -> '0,7%')."""
    t = re.sub(r"\s+", " ", nfc(text)).strip()
    return _REMARK.sub("", t) if re.search(r"\d", _REMARK.sub("", t)) else t


def is_target_text(text: str, w: TargetWords | None = None) -> bool:
    """A cell printed as a bound or a range ('< 7,6', '7,5-8,0')."""
    t = read_target(text, w)
    return t is not None and t.bounded


__all__ = [
    "Bound", "Target", "TargetWords", "Verdict", "build_target_words", "is_note_header", "is_target_text",
    "main_figure", "read_target", "target_words", "verdict_of",
]  # fmt: skip
