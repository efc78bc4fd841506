"""The claim stage's word lists (schemas/rules/lexicons.yaml) and unit tables, as one typed view of the rules."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..rules import Rules, default_rules
from ..vi.nlp import glued_words
from ..vi.periods import TIME_PHRASE
from ..vi.units import UnitRules
from ..vi.units import rules as unit_rules

LEXICONS = "rules/lexicons.yaml"

# clause openers that are patterns, not word lists; removed before the listed ones
LEAD_PATTERNS = (
    r"\(?\d{1,2}\)\s*",  # list markers: 1) (2)
    r"[a-zđ]\)\s*",  # a) b)
    r"[-+•]\s*",  # bullets
    r"\d+(?:\.\d+)*\.\s+",  # numbering: 1.2.
    r"toàn\s+tỉnh\s+(?:có\s+)?",
    r"từ\s+đầu\s+năm\s+đến\s+nay\s*",
    r"trong\s+\d+\s+tháng[^,]*?,\s*",
    r"dự\s+ước(?:\s+|$)",
    r"ước(?:\s+|$)",
    r"(?:tính\s+)?đến\s+(?:ngày\s+|hết\s+)?\d{1,2}/\d{1,2}/\d{4}\s*",
    TIME_PHRASE + r"\s*,?\s*",
)
# clause closers that are patterns
TAIL_PATTERNS = (
    r"(?:trong\s+)?\d+\s+tháng\s+(?:đầu|cuối)\s+năm(?:\s+\d{4})?",
    r"năm\s+\d{4}",
    r"tính\s+đến[^,]*",
    r"\(theo\s+giá[^)]*\)",
    r"(?:tính\s+)?đến\s+(?:ngày\s+|hết\s+)?\d{1,2}/\d{1,2}/\d{4}",
    r"(?:trong\s+)?" + TIME_PHRASE,
    r"(?:của\s+)?(?:tỉnh|huyện|thị\s+xã|thành\s+phố)(?:\s+(?-i:[A-ZĐ])[\wĐđ]*)+",  # a place: của tỉnh Đắk Nông
)


@dataclass(frozen=True, kw_only=True)
class Lexicon:
    """The word lists the claim stage decides with, and the unit tables."""

    institutions: tuple[str, ...]
    document_words: tuple[str, ...]
    count_words: frozenset[str]  # units and count words: a number after a document word is a figure
    anniversary_after: tuple[str, ...]
    category_before: frozenset[str]
    predicates: tuple[str, ...]
    glued: tuple[str, ...]  # predicates real text prints glued to the word before ("chế tạotăng1,36%")
    comparatives: tuple[str, ...]
    not_labels: tuple[str, ...]  # "X:" openers that are discourse, not the topic of what follows
    not_predicate_after: dict[str, tuple[str, ...]]
    not_predicate_before: dict[str, tuple[str, ...]]
    measure_heads: tuple[str, ...]
    connectors: tuple[str, ...]
    stop_after: re.Pattern[str]
    function_words: frozenset[str]
    lead_junk: re.Pattern[str]
    tail_junk: re.Pattern[str]
    unit_measures: dict[str, str]
    day_words: tuple[str, ...]  # a day.month after them is a date ("Chiều 29.12")
    counter_labels: tuple[str, ...]  # a number after them counts a web page's views
    period_units: frozenset[str]  # "N tháng": a span of time when period_before/period_after say so
    period_before: frozenset[str]
    period_after: frozenset[str]
    units: UnitRules

    def unit_like(self, word: str) -> bool:
        """A word that is a unit, a scale, a listed count noun, a classifier or %."""
        r, w = self.units, word.lower()
        return bool(w) and (w in r.measures or w in r.scales or w in r.list_units or w in r.classifiers or w == "%")


def phrase_pattern(phrase: str) -> str:
    """A lowercase phrase as a regex: words escaped, spaces as runs of whitespace."""
    return r"\s+".join(re.escape(w) for w in phrase.split())


def opener_pattern(phrase: str) -> str:
    """A clause opener: 'trong đó:' (optional colon), 'đến nay,' (optional comma), else a space (or the end) after."""
    if phrase.endswith(":"):
        return phrase_pattern(phrase[:-1]) + r"\s*:?\s*"
    if phrase.endswith(","):
        return phrase_pattern(phrase[:-1]) + r",?\s*"
    return phrase_pattern(phrase) + r"(?:\s+|$)"


def _words(data: dict[str, Any], name: str) -> Any:
    entry = data.get(name)
    if not isinstance(entry, dict) or "words" not in entry or "examples" not in entry:
        raise ValueError(f"{LEXICONS}: {name} needs words and examples")
    return entry["words"]


def _strings(items: Iterable[Any]) -> tuple[str, ...]:
    return tuple(str(w) for w in items)


def build_lexicon(rules: Rules) -> Lexicon:
    """The typed view of rules/lexicons.yaml (with the unit tables of rules/units.yaml)."""
    data = rules.data(LEXICONS)
    units = unit_rules(rules)
    openers = [opener_pattern(p) for p in _strings(_words(data, "clause_openers"))]
    closers = [phrase_pattern(p) for p in _strings(_words(data, "clause_closers"))]
    stops = "|".join(re.escape(w) for w in _strings(_words(data, "stop_after")))
    return Lexicon(
        institutions=_strings(_words(data, "institutions")),
        document_words=_strings(_words(data, "document_words")),
        count_words=frozenset([*units.measures, *units.scales, *units.list_units, *_words(data, "count_words")]),
        anniversary_after=_strings(_words(data, "anniversary_after")),
        category_before=frozenset(_strings(_words(data, "category_before"))),
        predicates=_strings(_words(data, "predicates")),
        glued=glued_words(rules),
        comparatives=_strings(_words(data, "comparatives")),
        not_labels=_strings(_words(data, "not_labels")),
        not_predicate_after={str(k): _strings(v) for k, v in _words(data, "not_predicate_after").items()},
        not_predicate_before={str(k): _strings(v) for k, v in _words(data, "not_predicate_before").items()},
        measure_heads=_strings(_words(data, "measure_heads")),
        connectors=_strings(_words(data, "connectors")),
        stop_after=re.compile(r"\s(?:" + stops + r")(?=\s|$)"),
        function_words=frozenset(_strings(_words(data, "function_words"))),
        lead_junk=re.compile(r"^(?:" + "|".join([*LEAD_PATTERNS, *openers]) + r")+", re.IGNORECASE),
        tail_junk=re.compile(r"(?:\s+(?:" + "|".join([*closers, *TAIL_PATTERNS]) + r"))+\s*$", re.IGNORECASE),
        unit_measures={str(k): str(v) for k, v in _words(data, "unit_measures").items()},
        day_words=_strings(_words(data, "day_words")),
        counter_labels=_strings(_words(data, "counter_labels")),
        period_units=frozenset(_strings(_words(data, "period_units"))),
        period_before=frozenset(_strings(_words(data, "period_before"))),
        period_after=frozenset(_strings(_words(data, "period_after"))),
        units=units,
    )


def lexicon(rules: Rules | None = None) -> Lexicon:
    """The lexicon of `rules` (default: default_rules()), built once per Rules value."""
    return (rules or default_rules()).view("claims.lexicon", build_lexicon)
