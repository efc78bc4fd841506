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
"""

from __future__ import annotations

import re

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
