"""Reporting periods as Vietnamese reports print them: the one home of the period grammar.

`6 tháng đầu năm 2024`, `sáu tháng cuối năm`, `quý II năm 2024`, `quý 1/2024`, `tháng 6/2024`,
`tháng 6 năm 2024`, `đến ngày 30/6/2024`, `9 tháng 2024`, `năm 2023`, `Kế hoạch 2024`, and the
comparison `cùng kỳ` (the same period a year earlier), which is not the period of a figure.

    period_in               the period a sentence (or a title) names for its figures
    report_period           the period of a report, from its title and date
    period_fits             a figure's period and a table column's header name no different span
    column_period           the period in a table column's header ('Ước TH 6 tháng 2024' → '6 tháng 2024')
    TIME_PHRASE             a time phrase around a subject ('cuối năm 2020', 'quý I/2023'), not part of it
    PREVIOUS_PERIOD_START   text opening with an earlier period ('Cùng kỳ năm 2023, …'); group 1 the year
    period_span             the dates a period names and a label ('6 tháng đầu năm 2024' → 2024-01-01..06-30, 2024-H1)
    year_earlier            the same span a year earlier (cùng kỳ)
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

YEAR = r"(?:19|20)\d{2}"

PERIOD_PHRASE = re.compile(
    r"(?P<p>(?:\d{1,2}|sáu|ba|chín)\s+tháng\s+(?:đầu|cuối)\s+năm(?:\s+" + YEAR + r")?"
    r"|quý\s+[IVX1-4]+(?:\s*(?:năm\s+|/)\s*" + YEAR + r")?"
    r"|tháng\s+\d{1,2}(?:/" + YEAR + r"|\s+năm\s+" + YEAR + r")"
    r"|(?:đến|tính\s+đến)\s+(?:ngày\s+)?\d{1,2}/\d{1,2}/\d{4})",
    re.IGNORECASE,
)
COMPARED = ("cùng kỳ", "so với")  # a period after these words is the one compared with


def period_in(text: str) -> str | None:
    """The first period named in text that is not the one compared with ('so với cùng kỳ …')."""
    for m in PERIOD_PHRASE.finditer(text):
        before = text[max(0, m.start() - 25) : m.start()].lower()
        if any(w in before for w in COMPARED):
            continue
        return re.sub(r"\s+", " ", m.group("p")).strip()
    return None


def report_period(title: str | None, date: str | None) -> str | None:
    """'… 6 tháng đầu năm; nhiệm vụ … 6 tháng cuối năm 2024', '2024-07-05' -> '6 tháng đầu năm 2024'."""
    title = title or ""
    p = period_in(title)
    year = (date or "")[:4]
    years = re.findall(YEAR, title)
    if p and not re.search(r"\d{4}", p) and years:
        p = f"{p} {years[-1]}"
    elif p and not re.search(r"\d{4}", p) and year:
        p = f"{p} {year}"
    return p


def period_fits(period: str | None, column: str) -> bool:
    """A figure's period fits the column it is compared with: no other year, no other span of months."""
    if not period:
        return True
    years_p = set(re.findall(YEAR, period))
    years_c = set(re.findall(YEAR, column))
    if years_p and years_c and not years_p & years_c:
        return False
    months_p = re.findall(r"(\d+)\s*tháng", period)
    months_c = re.findall(r"(\d+)\s*tháng", column)
    return not (months_p and months_c and months_p[0].lstrip("0") != months_c[0].lstrip("0"))


COLUMN_PERIOD = re.compile(
    r"((?:\d+\s*tháng(?:\s+đầu\s+năm|\s+cuối\s+năm)?|quý\s+[IVX]+|cả\s+năm|năm)\s*)?(" + YEAR + r")", re.I
)


def column_period(text: str) -> str | None:
    """The last period with a year in a column header ('So sánh Ước TH 6 tháng 2024 với …' → '6 tháng 2024')."""
    found = list(COLUMN_PERIOD.finditer(text))
    return re.sub(r"\s+", " ", found[-1].group(0)).strip() if found else None


# a time phrase that opens or closes a subject without being part of it: "cuối năm 2020", "năm 2019",
# "quý I/2023", "tháng 10 năm 2022" (a bare "năm" needs its year)
TIME_PHRASE = (
    r"(?:(?:cuối|hết|đầu|giữa)\s+năm(?:\s+"
    + YEAR
    + r")?|năm\s+"
    + YEAR
    + r"|(?:quý\s+[IVX]+|tháng\s+\d{1,2})(?:\s*/\s*"
    + YEAR
    + r"|\s+năm\s+"
    + YEAR
    + r")?)"
)

PREVIOUS_PERIOD_START = re.compile(
    r"^(?:cùng\s+kỳ|(?:\d+\s+tháng(?:\s+đầu)?\s+năm|quý\s+[IVX]+(?:\s+năm)?|năm)\s+(" + YEAR + r"))",
    re.IGNORECASE,
)


# --------------------------------------------------------------------------------------
# periods as dates (issue 13): the span a period phrase names, and a label to sort and pivot by

_NUMBER_WORDS = {"ba": 3, "sáu": 6, "chín": 9}
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_Y = r"(?P<y>" + YEAR + r")"
_SPAN_FORMS = (
    ("date", re.compile(r"đến\s+(?:ngày\s+)?(?P<d>\d{1,2})/(?P<m>\d{1,2})/" + _Y, re.I)),
    (
        "months",
        re.compile(r"(?P<n>\d{1,2}|ba|sáu|chín)\s+tháng(?:\s+(?P<part>đầu|cuối))?(?:\s+năm)?(?:\s+" + _Y + ")?", re.I),
    ),
    ("quarter", re.compile(r"quý\s+(?P<q>[IV]+|[1-4])\b(?:(?:\s*(?:năm\s+|/)\s*|\s+)" + _Y + ")?", re.I)),
    ("month", re.compile(r"tháng\s+(?P<m>\d{1,2})(?:\s*/\s*|\s+năm\s+)" + _Y, re.I)),
    ("year", re.compile(r"(?:năm\s+)?" + _Y + r"\b", re.I)),
)


@dataclass(frozen=True, kw_only=True)
class Span:
    """The dates a period covers (a point in time: start = end) and a label to sort by: 2024, 2024-H1,
    2024-H2, 2024-Q2, 2024-9M (the first nine months), 2024-10 (a month), 2024-06-30 (a date)."""

    start: date
    end: date
    label: str


def _months(year: int, first: int, last: int) -> Span:
    n = last - first + 1
    end = date(year, last, calendar.monthrange(year, last)[1])
    if n == 12:
        label = str(year)
    elif n == 1:
        label = f"{year}-{first:02d}"
    elif n == 3 and first % 3 == 1:
        label = f"{year}-Q{(first + 2) // 3}"
    elif n == 6 and first in (1, 7):
        label = f"{year}-H{(first + 5) // 6}"
    elif first == 1:
        label = f"{year}-{n}M"
    else:
        label = f"{year}-{first:02d}..{last:02d}"
    return Span(start=date(year, first, 1), end=end, label=label)


def period_span(text: str | None, year: int | None = None) -> Span | None:
    """The dates of a period phrase; `year` completes a phrase without one. '6 tháng đầu năm 2024' →
    2024-01-01..2024-06-30 (2024-H1); 'quý II' (2024) → 2024-04-01..2024-06-30; 'tháng 10/2023';
    '9 tháng 2024'; 'năm 2023'; 'đến 30/6/2024' → that day; 'cùng kỳ' → None (see `year_earlier`)."""
    text = (text or "").strip()
    for form, pattern in _SPAN_FORMS:
        m = pattern.search(text)
        if m is None:
            continue
        try:
            return _span_of(form, m, year)
        except ValueError:  # 31/2, month 13
            return None
    return None


def _span_of(form: str, m: re.Match[str], year: int | None) -> Span | None:
    y = int(m.group("y")) if m.group("y") else year
    if y is None:
        return None
    if form == "date":
        day = date(y, int(m.group("m")), int(m.group("d")))
        return Span(start=day, end=day, label=day.isoformat())
    if form == "year":
        return _months(y, 1, 12)
    if form == "months":
        n = _NUMBER_WORDS.get(m.group("n").lower()) or int(m.group("n"))
        if not 1 <= n <= 12:
            return None
        return _months(y, 13 - n, 12) if (m.group("part") or "").lower() == "cuối" else _months(y, 1, n)
    if form == "quarter":
        q = _ROMAN.get(m.group("q").lower())
        return _months(y, 3 * q - 2, 3 * q) if q else None
    month = int(m.group("m"))
    return _months(y, month, month)


def year_earlier(span: Span) -> Span:
    """The same period a year earlier ('cùng kỳ năm trước')."""
    start = span.start.replace(year=span.start.year - 1)
    end_year = span.end.year - 1
    end = span.end.replace(year=end_year, day=min(span.end.day, calendar.monthrange(end_year, span.end.month)[1]))
    label = re.sub(r"^\d{4}", str(int(span.label[:4]) - 1), span.label)
    if span.start == span.end:
        label = end.isoformat()
    return Span(start=start if span.start != span.end else end, end=end, label=label)
