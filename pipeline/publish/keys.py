"""Canonical keys of the clean tables (issue 13): the report's keys on every row (province, report
date, period), a figure's period as dates, its unit spelled one way with its value in base units,
and its indicator's canonical names.

    report_keys      report_id, issuer, report_date, period, province, province_code, province_code_2025,
                     part, report_number (of one document part: a bundle of reports gives each its own keys)
    part_keys        the keys of every document part of a report folder
    period_fields    period_start, period_end, period_label of a printed period (the report's year completes it)
    unit_reading     'Tỷ đồng' -> unit 'tỷ đồng', scale 1e9, base 'đồng' (rules/unit_spellings.yaml, rules/units.yaml)
    indicator_fields indicator_id, name_vi, name_en from the catalogue ('hoá' spelled 'hóa')
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd

from ..indicators import Catalogue
from ..rules import Rules, default_rules
from ..vi import units as vi_units
from ..vi.periods import Span, period_span
from ..vi.textnorm import modern_tones
from .places import province_of


def as_date(text: Any) -> date | None:
    """An ISO date string (or a date) as a date; None when empty or not a date."""
    if isinstance(text, date):
        return text
    if text is None or (isinstance(text, float) and pd.isna(text)) or text is pd.NA:
        return None
    try:
        return date.fromisoformat(str(text)[:10])
    except ValueError:
        return None


@dataclass(frozen=True, kw_only=True)
class ReportKeys:
    """What every clean row of a report carries, and the report's period to complete figures' periods."""

    fields: dict[str, Any]
    span: Span | None
    year: int | None


def part_header(document: dict[str, Any], part: int = 1) -> tuple[dict[str, Any], str | None]:
    """The header facts and period of one document part from document.json (part 1: the report's own
    `metadata` and `period`; a later part: its entry in `parts`)."""
    entry = next((p for p in document.get("parts") or [] if p.get("part") == part), None)
    if part == 1 or entry is None:
        return document.get("metadata") or {}, document.get("period")
    return entry, entry.get("period")


def report_keys(document: dict[str, Any], part: int = 1) -> ReportKeys:
    """The report's keys from document.json: the ids, the province (places.province_of) and the period;
    of one document part when the PDF holds several (its own number, issuer, date and period)."""
    meta, period = part_header(document, part)
    when = as_date(meta.get("date"))
    span = period_span(period, when.year if when else None)
    province = province_of(meta.get("issuer"), meta.get("place"), when or (span.end if span else None))
    fields = {
        "report_id": document["report_id"],
        "issuer": meta.get("issuer"),
        "report_date": when,
        "period": period,
        "province": province.name,
        "province_code": province.code,
        "province_code_2025": province.code_2025,
        "part": part,
        "report_number": meta.get("number"),
    }
    year = span.end.year if span else (when.year if when else None)
    return ReportKeys(fields=fields, span=span, year=year)


def part_keys(document: dict[str, Any]) -> dict[int, ReportKeys]:
    """Document part -> its keys (part 1 alone for a folder written before parts were read)."""
    parts = [int(p["part"]) for p in document.get("parts") or [] if p.get("part")]
    return {k: report_keys(document, k) for k in parts or [1]}


def row_part(row: Any) -> int:
    """The document part of a frame row (1 where the column is missing or empty)."""
    value = getattr(row, "part", 1)
    return 1 if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)) else int(value)


def period_fields(text: Any, keys: ReportKeys) -> dict[str, Any]:
    """period_start, period_end and period_label of a printed period ('6 tháng 2024', 'quý II');
    an empty one is the report's period."""
    printed = None if text is None or (isinstance(text, float) and pd.isna(text)) or text is pd.NA else str(text)
    span = period_span(printed, keys.year) if printed else keys.span
    if span is None:
        return {"period_start": None, "period_end": None, "period_label": None}
    return {"period_start": span.start, "period_end": span.end, "period_label": span.label}


# --------------------------------------------------------------------------------------
# units


@dataclass(frozen=True, kw_only=True)
class UnitReading:
    """A unit in its one spelling, the factor to its base unit and the base unit."""

    unit: str | None
    scale: float
    base: str | None


@dataclass(frozen=True, kw_only=True)
class UnitBook:
    """The spellings (rules/unit_spellings.yaml) and the scales and measures (rules/units.yaml)."""

    spellings: tuple[tuple[re.Pattern[str], str], ...]
    scales: dict[str, float]
    measures: dict[str, tuple[str, float]]


def build_unit_book(rules: Rules) -> UnitBook:
    """The typed view of the unit spellings."""
    spell = {str(k).lower(): str(v) for k, v in rules.data("rules/unit_spellings.yaml")["spellings"].items()}
    patterns = tuple(
        (re.compile(r"(?<![\w.])" + re.escape(k) + (r"(?!\w)" if k[-1].isalnum() else "")), v)
        for k, v in sorted(spell.items(), key=lambda kv: -len(kv[0]))
    )
    u = vi_units.rules(rules)
    return UnitBook(spellings=patterns, scales=u.scales, measures=u.measures)


def unit_book(rules: Rules | None = None) -> UnitBook:
    """The unit spellings of `rules` (default: the schemas folder), built once per Rules value."""
    return (rules or default_rules()).view("publish.unit_book", build_unit_book)


def unit_reading(printed: Any, book: UnitBook) -> UnitReading:
    """'Tỷ đồng' -> ('tỷ đồng', 1e9, 'đồng'); 'Tr. Viên' -> ('triệu viên', 1e6, 'viên'); a count noun
    is its own base ('xã', 1, 'xã'); no unit -> (None, 1, None)."""
    if printed is None or printed is pd.NA or (isinstance(printed, float) and pd.isna(printed)):
        return UnitReading(unit=None, scale=1.0, base=None)
    text = re.sub(r"\s+", " ", unicodedata.normalize("NFC", str(printed)).lower()).strip()
    if not text:
        return UnitReading(unit=None, scale=1.0, base=None)
    words = "|".join(re.escape(w.rstrip(".")) for w in book.scales)
    text = re.sub(rf"^({words})\.(?=\w)", r"\1 ", text)  # "triệu.kwh"
    for pattern, spelling in book.spellings:
        text = pattern.sub(spelling, text)
    spelled = text
    first, _, rest = text.partition(" ")
    scale = 1.0
    if first in book.scales and rest:
        scale, text = book.scales[first], rest
    head, slash, per = text.partition("/")
    base, factor = book.measures.get(head, (head, 1.0))
    return UnitReading(unit=spelled, scale=scale * factor, base=base + slash + per)


def base_value(value: float | None, reading: UnitReading) -> float | None:
    """A value in its unit's base unit (7.155,29 tỷ đồng -> 7.15529e12), to 12 significant digits
    (2.171,59 x 1e9 is 2171590000000, not 2171590000000.0002)."""
    return None if value is None else float(f"{value * reading.scale:.12g}")


# --------------------------------------------------------------------------------------
# indicators


def indicator_fields(indicator_id: Any, cat: Catalogue) -> dict[str, Any]:
    """indicator_id with the catalogue's Vietnamese (modern tone placement) and English names."""
    entry = cat.indicators.get(str(indicator_id)) if isinstance(indicator_id, str) else None
    if entry is None:
        return {"indicator_id": None, "name_vi": None, "name_en": None}
    return {"indicator_id": entry.id, "name_vi": modern_tones(entry.name_vi), "name_en": entry.name_en}


__all__ = [
    "ReportKeys", "UnitBook", "UnitReading", "as_date", "base_value", "indicator_fields", "part_header", "part_keys",
    "period_fields", "report_keys", "row_part", "unit_book", "unit_reading",
]  # fmt: skip
