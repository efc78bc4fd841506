"""Why a printed number is not a claim: dates, years, periods, document numbers, names, list
markers, section numbers, ages, ordinals, anniversaries, categories (or None for a claim)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..vi.numbers import TIME_OF_DAY, parse_number
from ..vi.units import dictionary, unit_after
from .clauses import clause_bounds
from .lexicon import Lexicon
from .records import NumberSpan, Reason

WORD = re.compile(r"[\wĐđ%]+")
YEAR_BEFORE = ("năm", "đoạn", "kỳ", "từ", "đến", "quý", "tháng", "khóa", "khoá")
FORM_REASONS: dict[str, Reason] = {
    "date": "date", "date_range": "date", "month_year": "date", "docnum": "document_number", "code": "name",
    "year_range": "year_range", "time": "time", "quarter_year": "quarter", "ref_marker": "footnote_marker",
}  # fmt: skip


def words_before(text: str, pos: int, n: int) -> list[str]:
    """The last n words before pos (within 80 characters)."""
    return WORD.findall(text[max(0, pos - 80) : pos])[-n:]


def words_after(text: str, pos: int, n: int) -> list[str]:
    """The first n words after pos (within 80 characters)."""
    return WORD.findall(text[pos : pos + 80])[:n]


@dataclass(frozen=True, kw_only=True)
class Around:
    """The words around a number (lowercase): up to three before and three after."""

    before: list[str]
    after: list[str]

    @property
    def b1(self) -> str:
        """The word right before."""
        return self.before[-1] if self.before else ""

    @property
    def b2(self) -> str:
        """The two words before."""
        return " ".join(self.before[-2:])

    @property
    def a1(self) -> str:
        """The word right after."""
        return self.after[0] if self.after else ""

    @property
    def a2(self) -> str:
        """The two words after."""
        return " ".join(self.after[:2])


def around(text: str, s: NumberSpan) -> Around:
    """The words around number s."""
    before = [w.lower() for w in words_before(text, s.start, 3)]
    after = [w.lower() for w in words_after(text, s.end, 3)]
    return Around(before=before, after=after)


def not_claim_reason(
    text: str, s: NumberSpan, sentence_kind: str, heading_numbering: str | None, lex: Lexicon
) -> Reason | None:
    """Why a number is not a claim, or None for a claim."""
    w = around(text, s)
    if s.form == "list_marker":
        return "list_marker"
    if s.form == "numbering":
        return "section_number" if sentence_kind == "heading" or re.match(r"\d+\.\d", s.raw) else "list_marker"
    if heading_numbering and s.start <= 2 and text[: s.end + 1].strip("() .").replace(" ", "") in heading_numbering:
        return "section_number"
    if s.form in FORM_REASONS:
        return FORM_REASONS[s.form]
    if s.form == "range":
        return "category_bounds" if w.a1 in ("tiêu", "tuổi", "sao", "tháng") or w.a2 in ("tiêu chí",) else None
    if s.form == "ratio":
        return ratio_reason(s, w, lex)
    if s.form != "number":
        return None
    return (
        list_item_reason(text, s)
        or counter_reason(text, s, w, lex)
        or age_or_period_reason(text, s, w, lex)
        or calendar_reason(text, s, w, lex)
        or category_reason(w, lex)
        or document_or_name_reason(text, s, w, lex)
    )


def ratio_reason(s: NumberSpan, w: Around, lex: Lexicon) -> Reason | None:
    """'24/7' is an expression, 'Trường 1/5' a name, 'ngày 5/6' a date; other ratios are claims."""
    if s.raw in ("24/24", "24/7"):
        return "expression"
    if any(w.b2.endswith(inst) or w.b1 == inst for inst in lex.institutions):
        return "name"
    if w.b1 == "ngày":
        return "date"
    return None


def list_item_reason(text: str, s: NumberSpan) -> Reason | None:
    """The numbering of a list item opening a sentence: "1) Dự án …"."""
    if s.start <= 1 and text[s.end : s.end + 1] == ")":
        return "list_marker"
    return None


# the lower end of an age range: "trẻ từ 3 tháng đến dưới 36 tháng tuổi", "từ 15 đến 60 tuổi"
AGE_RANGE = re.compile(r"\s*(?:tháng|năm)?\s*(?:đến|-|–)\s*(?:dưới\s+)?\d+\s*(?:tháng\s+)?tuổi")
DATELINE_COUNTERS = re.compile(TIME_OF_DAY + r"(?:\s+\d+)*\s+$")


def counter_reason(text: str, s: NumberSpan, w: Around, lex: Lexicon) -> Reason | None:
    """A web page's counters: after a counter label ("Lượt xem: 7690") or in the run of bare
    numbers that follows a dateline's time of day ("31/03/2023 09:31 280 0")."""
    label = text[max(0, s.start - 30) : s.start].lower().rstrip(" :")
    if any(label.endswith(c) for c in lex.counter_labels) or DATELINE_COUNTERS.search(text[: s.start]):
        return "counter"
    return None


def age_or_period_reason(text: str, s: NumberSpan, w: Around, lex: Lexicon) -> Reason | None:
    """Ages ("trẻ 6 tháng", "60 tuổi") and spans of time ("6 tháng đầu năm", "trong 5 năm qua",
    "bình quân 9 tháng tăng", a clause that opens with "10 tháng")."""
    if w.b1 in ("tháng", "ngày") and w.a1 == "tuổi":
        return "age"
    if w.a1 == "tuổi" or w.a2 == "tháng tuổi" or (w.b1 == "trẻ" and w.a1 == "tháng") or AGE_RANGE.match(text, s.end):
        return "age"
    if w.a1 not in lex.period_units or (len(w.after) > 1 and w.after[1] in lex.anniversary_after):
        return None  # "70 năm Chiến thắng …" is an anniversary
    reason: Reason = "reporting_period" if w.a1 == "tháng" else "duration"
    nxt = w.after[1] if len(w.after) > 1 else ""
    if w.a1 == "tháng" and (not nxt or not w.b1):
        return reason
    opens_clause = not text[clause_bounds(text, s.start)[0] : s.start].strip()
    if nxt in lex.period_after or w.b1 in lex.period_before or w.b2 in lex.period_before or opens_clause:
        return reason
    return None


def calendar_reason(text: str, s: NumberSpan, w: Around, lex: Lexicon) -> Reason | None:
    """Months, days, quarters and years ("tháng 6", "ngày 5 tháng", "quý 2", "năm 2024")."""
    value = parse_number(s.raw).value
    if w.b1 == "tháng" and value is not None and 1 <= value <= 12 and "," not in s.raw:
        return "month"
    if w.b1 == "ngày" and w.a1 == "tháng":
        return "day"
    if w.b1 == "quý" and value is not None and 1 <= value <= 4:
        return "quarter"
    if re.fullmatch(r"(?:19|20)\d{2}", s.raw):
        u = unit_after(text, s.end, lex.units)
        if w.b1 in YEAR_BEFORE or u is None or u.base is None:
            return "year"
    return None


def category_reason(w: Around, lex: Lexicon) -> Reason | None:
    """Categories ("hạng 3", "3 sao"), ordinals ("lần thứ 2") and anniversaries ("70 năm Chiến thắng")."""
    compound = len(w.before) > 1 and w.b2 in dictionary()
    if (w.b1 in lex.category_before and not compound) or w.a1 == "sao":
        return "category"  # "hạng 3", but not "sơ cấp 31.026 người" (a word of which cấp is a syllable)
    ranked = w.before[-2:-1] == ["xếp"] or "xếp" in w.before or "đứng" in w.before  # "xếp thứ 3" is a rank
    if w.b2 in ("lần thứ",) or (w.b1 == "thứ" and not ranked):
        return "ordinal"
    after_year = len(w.after) > 1 and w.after[1] in lex.anniversary_after
    if w.a1 == "năm" and (after_year or "kỷ" in w.before or "niệm" in w.before):
        return "anniversary"
    return None


def document_or_name_reason(text: str, s: NumberSpan, w: Around, lex: Lexicon) -> Reason | None:
    """Document numbers ("Nghị quyết 12") and names ("Trường 1", "Đội 3", a capitalised word before)."""
    digits = s.raw.replace(".", "").replace(",", "")
    if any(w.b2 == d or w.b1 == d for d in lex.document_words) and w.a1 not in lex.count_words:
        return "document_number"
    short = len(digits) <= 3 and "," not in s.raw
    if (w.b2 in lex.institutions or w.b1 in lex.institutions) and short and not lex.unit_like(w.a1):
        return "name"
    prev = words_before(text, s.start, 1)
    if prev and prev[0][:1].isupper() and not prev[0].isupper() and short:
        start_of_prev = text.rfind(prev[0], 0, s.start)
        sentence_start = text[:start_of_prev].strip() == ""
        if not sentence_start and not lex.unit_like(w.a1):
            return "name"
    return None
