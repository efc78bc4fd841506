"""Number tokens of a sentence: every digit-bearing token as printed, and the terms of printed sums.

Dates (with a time glued: 11/11/2022-09:13:00; ISO 2023-03; 29.12 after a day word), times of day,
quarters (I/2023), ranges, ratios, document numbers, codes and names (QL279, Covid-19) and reference
markers ([1]) stay whole; a sign printed in a bracket belongs to its number ((-1,01%)); a number with a
glued unit (`5,87ha`) is a number, not a code; digits no pattern takes still get a token, so every digit
of the prose is in exactly one token.
"""

from __future__ import annotations

import re
from typing import cast

from ..rules import Rules, default_rules
from ..vi.numbers import NUMBER_TOKEN as NUM
from ..vi.numbers import TIME_OF_DAY
from ..vi.units import glued_alternation
from ..vi.units import rules as unit_rules
from .lexicon import lexicon
from .records import Form, NumberSpan

YEAR = r"(?:19|20)\d{2}"
CLOCK = r"\d{1,2}:\d{2}(?::\d{2})?"


def after_words(words: tuple[str, ...]) -> str:
    """A lookbehind for 'one of these words and a space' (each word as listed and capitalised)."""
    forms = sorted({f for w in words for f in (w, w[:1].upper() + w[1:])})
    return "(?:" + "|".join(f"(?<=(?<![\\w]){re.escape(f)} )" for f in forms) + ")" if forms else "(?!)"


def number_scanner(rules: Rules) -> re.Pattern[str]:
    """The token pattern: one named group per form, tried in this order."""
    glued = glued_alternation(unit_rules(rules).glued) + r"(?![\w])"
    day = after_words(lexicon(rules).day_words)
    return re.compile(
        r"(?P<numbering>^\(?(?:[IVXLC]+\.)?\d{1,2}(?:\.\d{1,2})+(?=\.?\s)|^[IVXLC]+\.\d{1,2}(?=\.?\s)|^\d{1,2}(?=\.\s))"
        r"|(?P<list_marker>(?:(?<=^)|(?<=[;:]\s)|(?<=[;:]))\(?\d{1,2}\)(?=\s+\S))"
        r"|(?P<ref_marker>\[\d{1,3}\])"  # a reference marker glued to a word: (GRDP)[1]
        r"|(?P<date_range>(?<![\d/.,])\d{1,2}\s*[-–]\s*\d{1,2}/\d{1,2}/\d{4}(?![\d/]))"
        r"|(?P<date>(?<![\d/.,])\d{1,2}/\d{1,2}/\d{4}(?:[-–]" + CLOCK + r")?(?![\d/])"  # 11/11/2022-09:13:00
        r"|(?<![\d.,])\d{1,2}\.\d{1,2}\.\d{4}(?![\d.])"
        r"|(?<![\w/.,\-])" + YEAR + r"-(?:0[1-9]|1[0-2])(?:-[0-3]\d)?(?![\w/\-])"  # ISO: 2023-03, 2023-03-31
        r"|" + day + r"(?:[12]\d|3[01]|0?[1-9])\.(?:1[0-2]|0?[1-9])(?![\d.,]?\d))"  # Chiều 29.12
        r"|(?P<time>" + TIME_OF_DAY + r")"
        r"|(?P<docnum>(?<![\w/])\d+(?:/\d{4})?/[A-ZĐ][A-ZĐa-zđ0-9\-–]*|(?<![\w/])\d+-[A-ZĐ]{1,6}/[A-ZĐ][A-ZĐa-zđ0-9\-]*)"
        r"|(?P<quarter_year>(?<![\w/])[IV]{1,3}/" + YEAR + r"(?![\d/]))"  # quý I/2023
        r"|(?P<month_year>(?<![\d/.,])\d{1,2}/" + YEAR + r"(?![\d/]))"
        r"|(?P<numunit>(?<![\w.,])(?:" + NUM + r")(?=" + glued + r"))"
        r"|(?P<code>(?<![\w\-])(?:[A-Za-zĐđ]+\d+[\w\-()+]*|\d+[A-Za-zĐđ][\w\-]*|[A-Za-z]+(?:-[A-Za-z]+)*-\d+(?![.,]?\d)))"
        r"|(?P<year_range>(?<![\d.,])" + YEAR + r"\s*[-–]\s*" + YEAR + r"(?!\d|[.,]\d))"
        r"|(?P<range>(?<![\d.,/])(?:" + NUM + r")\s*[-–]\s*(?:" + NUM + r")(?![\d/])(?=\s*(?:%|[^\W\d])))"
        r"|(?P<ratio>(?<![\d.,/])(?:" + NUM + r")/(?:" + NUM + r")(?![\d/]))"
        # a sign printed in a bracket is the number's: (-1,01%); a number never stops before a digit
        # ('12.3456' is not 12.345 and a lost 6): a dot with four or more decimals is read whole
        r"|(?P<number>(?:(?<=\()[-−+](?=\d))?(?<![\d.,])(?:\d+\.\d{4,}(?![\d.,])|(?:" + NUM + r")(?!\d)))"
    )


def scan_numbers(text: str, *, rules: Rules | None = None) -> list[NumberSpan]:
    """Every digit-bearing token, once. Digits the patterns miss still get a span."""
    scanner = (rules or default_rules()).view("claims.scan", number_scanner)
    spans: list[NumberSpan] = []
    covered = [False] * len(text)
    for m in scanner.finditer(text):
        form = m.lastgroup or "number"
        if form == "numunit":
            form = "number"
        spans.append(NumberSpan(start=m.start(), end=m.end(), raw=m.group(0), form=cast(Form, form)))
        for k in range(m.start(), m.end()):
            covered[k] = True
    for m in re.finditer(r"\d+", text):
        for run in re.finditer(r"\d+", "".join(" " if covered[k] else text[k] for k in range(m.start(), m.end()))):
            start, end = m.start() + run.start(), m.start() + run.end()
            spans.append(NumberSpan(start=start, end=end, raw=text[start:end], form="number"))
    return sorted(spans, key=lambda s: s.start)


# arithmetic in prose: (+ 6 ha - 0,13 ha = 5,87 ha)
ARITHMETIC = re.compile(
    r"\(\s*[+\-−]?\s*(?:" + NUM + r")[^()=]*?[+\-−]\s*(?:" + NUM + r")[^()=]*=\s*(?:" + NUM + r")[^()]*\)"
)


def arithmetic_terms(text: str) -> dict[int, str]:
    """Start offset of each number inside a printed sum -> '+', '-' or '='."""
    out: dict[int, str] = {}
    for m in ARITHMETIC.finditer(text):
        for t in re.finditer(r"([+\-−=])?\s*(" + NUM + r")", m.group(0)):
            sign = t.group(1) or "+"
            out[m.start() + t.start(2)] = {"−": "-"}.get(sign, sign)
    return out
