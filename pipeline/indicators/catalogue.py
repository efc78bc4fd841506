"""The indicator catalogue as a typed view of schemas/indicators.yaml, indexed for phrase matching.

Names are matched on words: NFC, lower case, old-style tone placement made modern (hoà → hòa),
punctuation dropped. An alias identifies its indicator on its own; a row label only under a known
parent (a table's parent row, the whole named before a list).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from ..rules import Rules, default_rules

IndicatorType = Literal["stock", "flow", "rate", "index", "share"]
_OLD_TONES = {
    "oà": "òa",
    "oá": "óa",
    "oả": "ỏa",
    "oã": "õa",
    "oạ": "ọa",
    "oè": "òe",
    "oé": "óe",
    "oẻ": "ỏe",
    "oẽ": "õe",
    "oẹ": "ọe",
    "uỳ": "ùy",
    "uý": "úy",
    "uỷ": "ủy",
    "uỹ": "ũy",
    "uỵ": "ụy",
}
_WORD = re.compile(r"\w+")


def normalize(text: str | None) -> str:
    """NFC, lower case, modern tone placement."""
    t = unicodedata.normalize("NFC", (text or "").lower())
    for old, new in _OLD_TONES.items():
        t = t.replace(old, new)
    return t


def words(text: str | None) -> list[str]:
    """The words of a phrase as matched against the catalogue."""
    return _WORD.findall(normalize(text))


@dataclass(frozen=True, kw_only=True)
class Indicator:
    """One catalogue entry."""

    id: str
    code: str | None
    code_system: str | None
    name_vi: str
    name_en: str
    aliases: tuple[str, ...]
    row_labels: tuple[str, ...]
    unit_family: str
    default_unit: str
    type: IndicatorType
    parent: str | None
    better: str | None = "higher"  # higher | lower | None: which side of a target is good (a verdict's reading)

    def ancestors(self, cat: Catalogue) -> list[str]:
        """Ids of the wholes this indicator is part of, nearest first."""
        out, parent = [], self.parent
        while parent and parent in cat.indicators and parent not in out:
            out.append(parent)
            parent = cat.indicators[parent].parent
        return out


Phrase = tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class Catalogue:
    """Indicators by id, with word indexes of their aliases, row labels and price-basis phrases."""

    indicators: dict[str, Indicator]
    aliases: dict[str, list[tuple[Phrase, str]]]  # first word -> (words, id), longest first
    row_labels: dict[Phrase, list[str]]  # label words -> ids
    price_bases: dict[str, list[tuple[Phrase, str]]]  # first word -> (words, price basis id), longest first
    filler: frozenset[str] = frozenset()  # words that do not name what a figure measures

    def is_within(self, child: str, whole: str) -> bool:
        """`child` is `whole` or one of its parts, at any depth."""
        return child == whole or whole in self.indicators[child].ancestors(self)


def _index(pairs: Sequence[tuple[str, str]]) -> dict[str, list[tuple[Phrase, str]]]:
    out: dict[str, list[tuple[Phrase, str]]] = {}
    for text, target in pairs:
        w = tuple(words(text))
        if w:
            out.setdefault(w[0], []).append((w, target))
    for lst in out.values():
        lst.sort(key=lambda p: -len(p[0]))
    return out


def _better(e: dict[str, Any]) -> str | None:
    """An entry's `better` (higher | lower | none); indexes have none, others are higher unless they say."""
    value = e.get("better", "none" if e.get("type") == "index" else "higher")
    return None if value in (None, "none") else str(value)


def _indicator(e: dict[str, Any]) -> Indicator:
    return Indicator(
        id=e["id"],
        code=e.get("code"),
        code_system=e.get("code_system"),
        name_vi=e["name_vi"],
        name_en=e["name_en"],
        aliases=tuple(e.get("aliases") or ()),
        row_labels=tuple(e.get("row_labels") or ()),
        unit_family=e.get("unit_family") or "other",
        default_unit=e.get("default_unit") or "",
        type=e.get("type") or "flow",
        parent=e.get("parent"),
        better=_better(e),
    )


def build_catalogue(rules: Rules) -> Catalogue:
    """The typed, indexed catalogue of a Rules value."""
    data = rules.data("indicators.yaml")
    entries = [_indicator(e) for e in data["indicators"]]
    aliases = [(a, e.id) for e in entries for a in (e.name_vi, *e.aliases)]
    labels: dict[Phrase, list[str]] = {}
    for e in entries:
        for lab in e.row_labels:
            labels.setdefault(tuple(words(lab)), []).append(e.id)
    bases = [(p, b["id"]) for b in data.get("price_bases", []) for p in (b.get("phrases") or ())]
    return Catalogue(
        indicators={e.id: e for e in entries},
        aliases=_index(aliases),
        row_labels=labels,
        price_bases=_index(bases),
        filler=frozenset(words(" ".join(data.get("filler_words", [])))),
    )


def catalogue(rules: Rules | None = None) -> Catalogue:
    """The catalogue of `rules` (default: the schemas folder), built once per Rules value."""
    return (rules or default_rules()).view("indicators.catalogue", build_catalogue)


def find(ws: Sequence[str], index: dict[str, list[tuple[Phrase, str]]]) -> list[tuple[int, int, str]]:
    """Non-overlapping matches (start word, end word, target) of an index in a word list, longest first
    at each position, left to right."""
    out = []
    i = 0
    while i < len(ws):
        hit = next(((len(p), t) for p, t in index.get(ws[i], ()) if tuple(ws[i : i + len(p)]) == p), None)
        if hit:
            out.append((i, i + hit[0], hit[1]))
            i += hit[0]
        else:
            i += 1
    return out
