"""What a table's words mean, read with the vocabulary of schemas/rules/tables.yaml.

    'Ước tính 6 tháng đầu năm 2024'               level, estimate, 6 tháng 2024
    '6 tháng 2024 so với cùng kỳ năm trước (%)'    comparison against the same period a year before:
                                                   6 tháng 2024 / 6 tháng 2023, unit %
    'Tháng 6/2024 so với tháng trước (%)'          comparison: tháng 6 2024 / tháng 5 2024
    'Đơn vị tính: Tỷ đồng'                         the table's unit
    'Chia ra:' / 'Trong đó:'                       an exhaustive / a partial breakdown of the row above
    'A. Theo giá so sánh 2010'                     a group row setting the price basis of the rows under it

A comparison column divides the level column of its subject period by the level column of its
reference period (found by period, then measure), never by position.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from ..rules import Rules, default_rules
from ..vi.textnorm import nfc

ColumnKind = Literal["level", "comparison", "other"]
Breakdown = Literal["exhaustive", "partial"]

_YEAR = re.compile(r"\b((?:19|20)\d{2})\b")
_MONTH_YEAR = re.compile(r"tháng\s+(\d{1,2})\s*(?:/|năm|-)\s*((?:19|20)\d{2})")
_SPAN = re.compile(r"(\d{1,2})\s+tháng|quý\s+([ivx]+|\d)|(cả\s+năm|năm)")


@dataclass(frozen=True, slots=True, kw_only=True)
class Period:
    """A reporting period read from a header: a span ('6 tháng', 'tháng 5', 'quý ii', 'năm') and a year."""

    span: str
    year: int

    def shifted(self, *, years: int = 0, months: int = 0) -> Period:
        """The same span a number of years back, or the month before ('tháng 1 2024' -> 'tháng 12 2023')."""
        if months and self.span.startswith("tháng "):
            m = int(self.span.split()[1]) - months
            y = self.year
            while m < 1:
                m, y = m + 12, y - 1
            return Period(span=f"tháng {m}", year=y)
        return Period(span=self.span, year=self.year - years)

    def __str__(self) -> str:
        return f"{self.span} {self.year}"


@dataclass(frozen=True, slots=True, kw_only=True)
class ColumnMeaning:
    """A column header read: a level of some measure and period, or a comparison of a subject period
    against a reference (previous year, plan, previous month, base period); the unit it prints."""

    kind: ColumnKind
    measure: str | None = None
    period: Period | None = None
    against: str | None = None
    subject: Period | None = None
    reference: Period | None = None
    unit: str | None = None


@dataclass(frozen=True, kw_only=True)
class Vocabulary:
    """The typed view of rules/tables.yaml."""

    levels: tuple[tuple[str, tuple[str, ...]], ...]
    comparison_words: tuple[str, ...]
    against: tuple[tuple[str, tuple[str, ...]], ...]
    unit_line: re.Pattern[str]
    unit_in_parens: re.Pattern[str]
    index_words: tuple[str, ...]
    breakdown: tuple[tuple[Breakdown, tuple[str, ...]], ...]
    group_code: re.Pattern[str]
    price_basis: tuple[tuple[str, re.Pattern[str]], ...]


def build_vocabulary(rules: Rules) -> Vocabulary:
    """The typed view of rules/tables.yaml."""
    d = rules.data("rules/tables.yaml")
    exhaustive = tuple(str(p) for p in d["breakdown"]["exhaustive"])
    partial = tuple(str(p) for p in d["breakdown"]["partial"])
    return Vocabulary(
        levels=tuple((str(e["measure"]), tuple(str(p) for p in e["phrases"])) for e in d["levels"]),
        comparison_words=tuple(str(p) for p in d["comparison_words"]),
        against=tuple((str(e["against"]), tuple(str(p) for p in e["phrases"])) for e in d["against"]),
        unit_line=re.compile(d["unit_line"], re.IGNORECASE),
        unit_in_parens=re.compile(d["unit_in_parens"]),
        index_words=tuple(str(p) for p in d["index_words"]),
        breakdown=(("exhaustive", exhaustive), ("partial", partial)),
        group_code=re.compile(d["group_code"]),
        price_basis=tuple((str(e["basis"]), re.compile(e["pattern"], re.IGNORECASE)) for e in d["price_basis"]),
    )


def vocabulary(rules: Rules | None = None) -> Vocabulary:
    """The table vocabulary of `rules` (default: default_rules()), built once per Rules value."""
    return (rules or default_rules()).view("tables.vocabulary", build_vocabulary)


def _low(text: str) -> str:
    return re.sub(r"\s+", " ", nfc(text).lower()).strip()


def _has(text: str, phrase: str) -> bool:
    return re.search(rf"(?<![\w]){re.escape(phrase)}(?![\w])", text) is not None


def _first(text: str, table: Sequence[tuple[str, tuple[str, ...]]]) -> str | None:
    """The name of the first entry with a phrase in `text`."""
    return next((name for name, phrases in table if any(_has(text, p) for p in phrases)), None)


def read_period(text: str) -> Period | None:
    """The last period a header names: 'tháng 6/2024' -> tháng 6 2024, '6 tháng đầu năm 2023' ->
    6 tháng 2023, 'quý II/2024' -> quý ii 2024, '2022' -> năm 2022."""
    low = _low(text)
    best: tuple[int, Period] | None = None
    for m in _MONTH_YEAR.finditer(low):
        best = (m.start(), Period(span=f"tháng {int(m.group(1))}", year=int(m.group(2))))
    prev_end = 0
    for y in _YEAR.finditer(low):
        before = low[max(prev_end, y.start() - 30) : y.start()]
        prev_end = y.end()
        if best is not None and y.start() <= best[0] + 20 and y.group(1) == str(best[1].year):
            continue
        spans = list(_SPAN.finditer(before))
        months = [m for m in spans if m.group(1)]
        quarters = [m for m in spans if m.group(2)]
        if months:
            span = f"{int(months[-1].group(1))} tháng"
        elif quarters:
            span = f"quý {quarters[-1].group(2)}"
        else:
            span = "năm"
        if best is None or y.start() > best[0]:
            best = (y.start(), Period(span=span, year=int(y.group(1))))
    return best[1] if best else None


def header_unit(text: str, v: Vocabulary) -> str | None:
    """The unit a header or a row label prints in parentheses at its end: '(%)', '(Tỷ đồng)'."""
    m = v.unit_in_parens.search(nfc(text).strip())
    if not m:
        return None
    unit = m.group("unit").strip()
    return unit if not _YEAR.search(unit) and len(unit.split()) <= 3 else None


def unit_line(text: str, v: Vocabulary) -> str | None:
    """The unit of a line 'Đơn vị tính: Tỷ đồng' / 'ĐVT: %' (an English tail cut off), or None."""
    m = v.unit_line.match(nfc(text).strip())
    return m.group("unit").strip() if m else None


def read_column(name: str, v: Vocabulary) -> ColumnMeaning:
    """A column's meaning from its flattened header ('group | sub')."""
    low = _low(name)
    unit = header_unit(name.split(" | ")[-1], v) or header_unit(name.split(" | ")[0], v)
    if any(_has(low, w) for w in v.comparison_words):
        group, _, sub = low.partition(" | ")
        left, _, right = group.partition("so với") if "so với" in group else group.partition(" với")
        left = re.sub(r"^so sánh", "", left)
        ref_text = f"{right} {sub}".strip()
        against = _first(ref_text, v.against) or _first(low, v.against) or "previous"
        subject = read_period(left) or read_period(group)
        reference = read_period(ref_text) if against not in ("base", "plan", "scenario") else None
        if reference is None and subject is not None:
            if against == "previous":
                reference = subject.shifted(years=1)
            elif against == "previous_month":
                reference = subject.shifted(months=1)
        return ColumnMeaning(kind="comparison", against=against, subject=subject, reference=reference, unit=unit or "%")
    measure = _first(low, v.levels) or "actual"
    return ColumnMeaning(kind="level", measure=measure, period=read_period(name), unit=unit)


def operands(meanings: Sequence[ColumnMeaning | None], k: int) -> tuple[int, int] | None:
    """(numerator, denominator) column indexes of comparison column `k`: the level column of its subject
    period and the one of its reference (by period; a plan by measure), or None when either is not printed
    or not unique."""
    m = meanings[k]
    if m is None or m.kind != "comparison" or m.against == "base":
        return None
    levels = [(j, c) for j, c in enumerate(meanings) if c is not None and c.kind == "level"]

    def of(period: Period | None, plan: bool) -> int | None:
        found = [
            j for j, c in levels
            if (c.measure in ("plan", "scenario")) == plan and (period is None or c.period == period)
        ]  # fmt: skip
        if not found and period is not None and not plan:  # '6 tháng 2024' printed as 'năm 2024' is not it
            return None
        return found[0] if len(found) == 1 else None

    subject = m.subject
    if subject is None:  # no period named: the latest level column that is not a plan
        dated = [c.period for _, c in levels if c.period is not None and c.measure not in ("plan", "scenario")]
        subject = max(dated, key=lambda p: p.year) if dated else None
    num = of(subject, plan=False)
    if m.against in ("plan", "scenario"):  # a scenario may be printed as the plan column ('Kế hoạch 6 tháng')
        plans = [j for j, c in levels if c.measure == m.against] or [
            j for j, c in levels if c.measure in ("plan", "scenario")
        ]
        den = plans[0] if len(plans) == 1 else None
    else:
        ref = m.reference or (subject.shifted(years=1) if subject and m.against == "previous" else None)
        den = of(ref, plan=False) if ref is not None else None
    if num is None or den is None or num == den:
        return None
    return num, den


def is_index_text(text: str, v: Vocabulary) -> bool:
    """A title or header naming index numbers ('Chỉ số giá tiêu dùng', 'Chỉ số sản xuất công nghiệp')."""
    low = _low(text)
    return any(_has(low, w) for w in v.index_words)


def breakdown_of(label: str, v: Vocabulary) -> tuple[Breakdown, str] | None:
    """('exhaustive' | 'partial', the rest of the label) when a row label opens a breakdown."""
    low = _low(label)
    for kind, phrases in v.breakdown:
        for p in phrases:
            if re.match(rf"{re.escape(p)}(?![\w])\s*:?", low):
                rest = re.sub(rf"^{re.escape(p)}\s*:?\s*", "", low)
                return kind, rest
    return None


def group_code(label: str, v: Vocabulary) -> str | None:
    """The code of a group row label ('A. Theo giá so sánh 2010' -> 'A')."""
    m = v.group_code.match(nfc(label).strip())
    return m.group("code") if m else None


def price_basis(label: str, v: Vocabulary) -> str | None:
    """The price basis a label names: constant_2010, constant_2020, current."""
    return next((b for b, rx in v.price_basis if rx.search(nfc(label))), None)


__all__ = [
    "Breakdown", "ColumnKind", "ColumnMeaning", "Period", "Vocabulary", "breakdown_of", "build_vocabulary",
    "group_code", "header_unit", "is_index_text", "operands", "price_basis", "read_column", "read_period",
    "unit_line", "vocabulary",
]  # fmt: skip
