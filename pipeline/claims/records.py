"""The claim stage's records: a number token, a claim row, the stage's result."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from ..records import BBox, Note

Kind = Literal[
    "level", "change_abs", "change_pct", "pp_change", "plan_pct", "share_pct", "rate_pct", "ratio", "rank", "multiple",
    "not_claim",
]  # fmt: skip
Form = Literal[
    "number", "ratio", "range", "year_range", "date", "date_range", "month_year", "quarter_year", "time", "docnum",
    "code", "list_marker", "ref_marker", "numbering",
]  # fmt: skip
Reason = Literal[
    "list_marker", "section_number", "date", "document_number", "name", "year_range", "category_bounds", "expression",
    "age", "reporting_period", "month", "day", "quarter", "year", "category", "ordinal", "anniversary", "unit",
    "footnote_marker", "footnote_label", "time", "counter", "duration",
]  # fmt: skip
Direction = Literal["up", "down"]
Cue = tuple[str, int, int, str]  # label, start, end, rule id (vi.nlp.cue_spans)

CHANGES: tuple[Kind, ...] = ("change_abs", "change_pct", "pp_change", "multiple")


@dataclass(frozen=True, slots=True, kw_only=True)
class NumberSpan:
    """One digit-bearing token of a sentence, as printed, and its form."""

    start: int
    end: int
    raw: str
    form: Form


@dataclass(frozen=True, slots=True, kw_only=True)
class Claim:
    """One number printed in the prose: a typed claim, or not_claim with the reason."""

    claim_id: str = ""  # set when the stage numbers its rows
    sentence_id: str
    page: int
    section_id: str | None
    footnote: int | None
    raw: str
    value: float | None
    value2: float | None = None
    unit: str | None = None
    kind: Kind
    direction: Direction | None = None
    comparison: str | None = None
    indicator: str | None = None
    period: str | None = None
    estimated: bool = False
    reason: Reason | None = None
    start: int  # offset of the number in its sentence (-1 for markers, which are not in the text)
    end: int
    decimals: int = 0
    flags: tuple[str, ...] = ()
    scale: float | None = None
    base_value: float | None = None
    base_unit: str | None = None
    bbox: BBox | None = None  # the printed line(s) holding the number, on `bbox_page`
    bbox_page: int | None = None
    part: int = 1  # the document part of its sentence (a footnote number means (part, footnote))


@dataclass(frozen=True, kw_only=True)
class Claims:
    """The claim stage's result: every row, the count of numbers seen, and notes."""

    claims: tuple[Claim, ...]
    numbers_seen: int
    notes: tuple[Note, ...] = field(default=())
