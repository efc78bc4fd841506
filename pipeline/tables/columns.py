"""What an appendix header says: a column's measure, period and comparison; a '%' row's measure.

One reading of the headers for every stage: validation pairs a 'So sánh (%)' column with the value
columns it compares and links text figures to rows; the clean tables name each figure's measure.

    'Kế hoạch 2024'                                       plan, 2024
    'Ước TH 6 tháng 2024'                                 estimate, 6 tháng 2024
    'So sánh Ước TH 6 tháng 2024 với (%) | KH 2024'       ratio against the plan, 6 tháng 2024
    'So sánh … với (%) | Kịch bản 6 tháng 2024'           ratio against the scenario
    'So sánh … với (%) | Thực hiện 6 tháng 2023'          ratio against the previous period
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from .records import Column, Table, TableRow

Measure = Literal["plan", "scenario", "estimate", "actual", "value", "ratio"]
Against = Literal["plan", "scenario", "previous"]
RowMeasure = Literal["level", "change_pct", "share_pct", "rate_pct"]

_RATIO = re.compile(r"so\s*sánh|\(%\)|tỷ lệ %", re.IGNORECASE)
_SUBJECT = re.compile(r"so\s*sánh\s+(.*?)\s+với", re.IGNORECASE)
_PLAN = re.compile(r"kế\s*hoạch|\bkh\b|dự\s*toán")
_PLAN_START = re.compile(r"kế\s*hoạch|^kh\b|dự\s*toán")
_ESTIMATE = re.compile(r"\bước\b|\buớc\b")
_ACTUAL = re.compile(r"thực\s*hiện|\bth\b|cùng\s*kỳ")
_PERIOD = re.compile(
    r"((?:\d+\s*tháng(?:\s+đầu\s+năm|\s+cuối\s+năm)?|quý\s+[IVX]+|cả\s+năm|năm)\s*)?((?:19|20)\d{2})", re.I
)
_ABBREV = {"kh": "kế hoạch", "th": "thực hiện", "ước": "ước", "uớc": "ước"}
_NOT_WORDS = frozenset(["với", "so", "sánh", "%"])


@dataclass(frozen=True, kw_only=True)
class ColumnReading:
    """What a column header says: its measure, the period of its figures, and for a comparison
    column ('So sánh … (%)') what its denominator is."""

    measure: Measure
    period: str | None
    against: Against | None = None


def header_period(text: str) -> str | None:
    """The last period a header names: '6 tháng 2024', 'quý II 2024', '2023'."""
    found = list(_PERIOD.finditer(text))
    return re.sub(r"\s+", " ", found[-1].group(0)).strip() if found else None


def is_ratio_header(name: str) -> bool:
    """A comparison column: 'So sánh … (%)', '… (%)', 'Tỷ lệ %'."""
    return bool(_RATIO.search(name))


def is_ratio_column(col: Column) -> bool:
    """A comparison column of a table (see is_ratio_header)."""
    return is_ratio_header(col.name)


def read_header(name: str) -> ColumnReading:
    """The reading of one flattened header ('group | sub'): 'Kế hoạch 2024' -> plan, 2024;
    'So sánh Ước TH 6 tháng 2024 với (%) | KH 2024' -> ratio against plan, 6 tháng 2024."""
    group, _, sub = name.partition(" | ")
    low, sub_low = group.lower(), sub.lower()
    if is_ratio_header(name):
        subject = _SUBJECT.search(group)
        period = header_period(subject.group(1)) if subject else None
        if _PLAN.search(sub_low):
            return ColumnReading(measure="ratio", period=period, against="plan")
        if "kịch bản" in sub_low:
            return ColumnReading(measure="ratio", period=period, against="scenario")
        return ColumnReading(measure="ratio", period=period, against="previous")
    text = f"{low} {sub_low}"
    measure: Measure = "value"
    if _PLAN_START.search(text):
        measure = "plan"
    elif "kịch bản" in text:
        measure = "scenario"
    elif _ESTIMATE.search(text):
        measure = "estimate"
    elif _ACTUAL.search(text):
        measure = "actual"
    return ColumnReading(measure=measure, period=header_period(name))


def header_words(text: str) -> set[str]:
    """The words of a header with abbreviations spelled out ('KH' -> kế hoạch), 'so sánh với %' aside."""
    out: set[str] = set()
    for w in re.findall(r"[\wĐđ]+", text.lower()):
        out.update(_ABBREV.get(w, w).split())
    return out - _NOT_WORDS


def _overlap(a: str, b: Column) -> float:
    """How much a header part and a column name share (a scenario column is printed as the plan column)."""
    wa, wb = header_words(a), header_words(b.name)
    if "kịch" in wa and "kế" in wb:
        wa = wa | {"kế", "hoạch"}
    return len(wa & wb) / max(1, len(wa | wb))


def compared_columns(t: Table, col: Column) -> tuple[Column | None, Column | None]:
    """(numerator, denominator) value columns of a 'So sánh A với (%) | B' column."""
    parts = col.name.split(" | ")
    group = parts[0]
    sub = parts[-1] if len(parts) > 1 else ""
    m = _SUBJECT.search(group)
    subject = m.group(1) if m else group
    levels = [c for c in t.value_columns() if not is_ratio_column(c)]
    if not levels or not sub:
        return None, None
    num = max(levels, key=lambda c: _overlap(subject, c))
    dens = [c for c in levels if c is not num]
    if not dens:
        return num, None
    den = max(dens, key=lambda c: _overlap(sub, c))
    if _overlap(sub, den) == 0:
        return num, None
    return num, den


def is_comparison_column(col: Column) -> bool:
    """A comparison column: by its meaning ('… so với cùng kỳ', 'so với tháng trước') or its header's
    words ('So sánh … (%)')."""
    return is_ratio_column(col) or (col.meaning is not None and col.meaning.kind == "comparison")


def comparison_operands(t: Table, col: Column) -> tuple[Column | None, Column | None]:
    """(numerator, denominator) of a comparison column, by the columns' meanings (tables/meaning.py);
    a column read without a meaning is paired by the words its header shares with the others."""
    if col.meaning is None:
        return compared_columns(t, col)
    if col.operands is None:
        return None, None
    return t.columns[col.operands[0]], t.columns[col.operands[1]]


def period_fits(period: str | None, header: str) -> bool:
    """A figure's period fits a column header: no other year, no other span of months."""
    if not period:
        return True
    years_p = set(re.findall(r"(?:19|20)\d{2}", period))
    years_c = set(re.findall(r"(?:19|20)\d{2}", header))
    if years_p and years_c and not years_p & years_c:
        return False
    months_p = re.findall(r"(\d+)\s*tháng", period)
    months_c = re.findall(r"(\d+)\s*tháng", header)
    return not (months_p and months_c and months_p[0].lstrip("0") != months_c[0].lstrip("0"))


def row_measure(t: Table, r: TableRow) -> RowMeasure:
    """What a row's figures are: levels, or for '%' rows growth rates ('Tốc độ tăng trưởng GRDP' and
    its sectors), shares ('Cơ cấu GRDP' and its sectors) or other rates ('Tỷ lệ …')."""
    if r.unit.strip() != "%":
        return "level"
    names = [r.indicator]
    parent = r.parent_row
    while parent is not None:
        pr = t.row(parent)
        names.append(pr.indicator)
        parent = pr.parent_row
    text = " ".join(names).lower()
    if re.search(r"tăng\s+trưởng|tốc\s+độ\s+tăng|tăng\s+bình\s+quân", text):
        return "change_pct"
    if re.search(r"cơ\s+cấu|tỷ\s+trọng", text):
        return "share_pct"
    return "rate_pct"


__all__ = [
    "Against", "ColumnReading", "Measure", "RowMeasure", "compared_columns", "comparison_operands", "header_period",
    "header_words", "is_comparison_column", "is_ratio_column", "is_ratio_header", "period_fits", "read_header",
    "row_measure",
]  # fmt: skip
