"""Linking a printed name to the catalogue: the strongest evidence that names an indicator wins.

Evidence comes in order of strength: the claim's own phrase (or a table row's label), its clause,
its sentence, the list it belongs to, the footnote's anchor sentence, the headings above it (or a
row's parent rows and the table's title). The value is never used. Within one piece of evidence
the last catalogue name before the number is the one that governs it. A row label ("Dịch vụ",
"Trâu") links only under a known whole; two equally good readings are recorded as ambiguous,
not guessed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal

from .catalogue import Catalogue, find, words

_ORIGINAL_WORD = re.compile(r"\w+")
LinkSource = Literal[
    "phrase", "clause", "sentence", "list", "footnote_anchor", "heading", "row", "parent_row", "table_title", "none"
]
# which unit families a level may carry for an indicator of a given family
_UNIT_FAMILIES = {
    "đồng": "money",
    "usd": "money",
    "tấn": "mass",
    "kg": "mass",
    "ha": "area",
    "m2": "area",
    "người": "people",
    "lao động": "people",
    "hộ": "households",
    "kwh": "energy",
    "m3": "volume",
    "km": "length",
}
_BEYOND_PHRASE = frozenset(["clause", "sentence", "list", "footnote_anchor", "heading"])
SENTENCE_SCORE = 0.65  # the strength of a link from the figure's sentence (pipeline/indicators/report.py)
_COMPATIBLE = {"people": {"people", "count"}, "count": {"count", "people", "households"}, "households": {"households"}}


@dataclass(frozen=True, kw_only=True)
class Evidence:
    """One piece of text that may name the indicator, with how strong a link from it is."""

    text: str
    source: LinkSource
    score: float
    parent: str | None = None  # a whole known from context, under which row labels are read


@dataclass(frozen=True, kw_only=True)
class Link:
    """A printed figure's indicator, or None with the reason."""

    indicator_id: str | None
    score: float
    source: LinkSource
    reason: str
    candidates: tuple[str, ...] = ()
    price_basis: str | None = None


NONE = Link(indicator_id=None, score=0.0, source="none", reason="no catalogue name in its phrase, sentence or headings")


def unit_family(base_unit: str | None) -> str | None:
    """The unit family of a base unit ("đồng" → money), None when it says nothing."""
    return _UNIT_FAMILIES.get((base_unit or "").lower())


def compatible(cat: Catalogue, indicator_id: str, family: str | None) -> bool:
    """A level in `family` can be a figure of this indicator (percent and unknown units always can)."""
    if family is None:
        return True
    own = cat.indicators[indicator_id].unit_family
    return own == family or family in _COMPATIBLE.get(own, set()) or own in ("other", "ratio")


def _label_ids(ws: Sequence[str], parent: str | None, cat: Catalogue) -> list[str]:
    """Indicators whose row label the words are (or open with), under `parent` when one is known."""
    for n in range(len(ws), 0, -1):
        ids = list(dict.fromkeys(cat.row_labels.get(tuple(ws[:n]), ())))
        if not ids:
            continue
        under = [i for i in ids if parent is not None and cat.is_within(i, parent) and i != parent]
        if under:
            return under
        return [_parallel(ids[0], parent, cat)] if len(ids) == 1 else []
    return []


def _parallel(label_id: str, parent: str | None, cat: Catalogue) -> str:
    """A measure head read after a figure of a narrower subject is that subject's measure:
    "năng suất" (crop_yield.rice) after "diện tích lúa Mùa" (crop_area.rice.main_season) is the yield
    of the same crop and season (crop_yield.rice.main_season) when the catalogue has it."""
    if parent is None:
        return label_id
    head, _, qualifiers = parent.partition(".")
    own_head = label_id.split(".", 1)[0]
    parallel = f"{own_head}.{qualifiers}" if qualifiers and own_head != head else ""
    if parallel in cat.indicators and cat.is_within(parallel, label_id) and parallel != label_id:
        return parallel
    return label_id


def _from_evidence(ev: Evidence, cat: Catalogue, family: str | None) -> Link | None:
    ws = words(ev.text)
    hits = [h for h in find(ws, cat.aliases) if compatible(cat, h[2], family)]
    if hits:
        _s, _e, iid = hits[-1]
        # a name that is all of the figure's own phrase is stronger than one inside a longer phrase
        # ('ngành công nghiệp' inside 'giá trị sản xuất toàn ngành công nghiệp')
        spans = [(a, b) for a, b, i in hits if i == iid]
        cover = coverage(ev.text, ws, spans, cat) if ev.source in ("phrase", "row") else 1.0
        score = round(ev.score * (0.5 + 0.5 * cover), 3)
        return Link(indicator_id=iid, score=score, source=ev.source, reason=f"name in its {ev.source}")
    if ev.source not in ("phrase", "row") or (ev.parent is None and ev.source != "row"):
        return None
    ids = [i for i in _label_ids(ws, ev.parent, cat) if compatible(cat, i, family)]
    if len(ids) == 1:
        return Link(indicator_id=ids[0], score=ev.score * 0.95, source=ev.source, reason="row label under its whole")
    if len(ids) > 1:
        return Link(
            indicator_id=None,
            score=0.0,
            source=ev.source,
            reason="ambiguous: " + " | ".join(ids),
            candidates=tuple(ids),
        )
    return None


def coverage(text: str, ws: Sequence[str], spans: Sequence[tuple[int, int]], cat: Catalogue) -> float:
    """Share of a phrase's content words that the matched name covers (place names, numbers and
    filler words such as 'trên địa bàn tỉnh', 'năm' aside)."""
    original = _ORIGINAL_WORD.findall(unicodedata.normalize("NFC", text))
    if len(original) != len(ws):
        original = list(ws)
    covered = {i for a, b in spans for i in range(a, b)}
    rest = [
        i for i in range(len(ws))
        if i not in covered and ws[i] not in cat.filler and not ws[i].isdigit()
        and not (i > 0 and original[i][:1].isupper())
    ]  # fmt: skip
    named = len(covered)
    return named / (named + len(rest)) if named else 0.0


def _phrase_names_other(link: Link, phrase: Evidence | None, cat: Catalogue) -> tuple[str, ...]:
    """Indicators whose row label the figure's own phrase opens with, none of them related to the
    link's (the phrase "tổng vốn đầu tư đăng ký" names a capital, whatever its clause names)."""
    if phrase is None or link.indicator_id is None:
        return ()
    ws = words(phrase.text)
    for n in range(len(ws), 0, -1):
        ids = tuple(dict.fromkeys(cat.row_labels.get(tuple(ws[:n]), ())))
        if ids:
            own = link.indicator_id
            related = [i for i in ids if cat.is_within(i, own) or cat.is_within(own, i)]
            return () if related else ids
    return ()


def link_phrase(evidence: Sequence[Evidence], cat: Catalogue, family: str | None = None) -> Link:
    """The link from the strongest evidence that names an indicator. A link from beyond the
    figure's own phrase whose phrase is another indicator's label is kept, as weak as a link from
    the sentence (never strong enough for a fact)."""
    phrase = next((ev for ev in evidence if ev.source == "phrase"), None)
    for ev in evidence:
        link = _from_evidence(ev, cat, family)
        if link is None:
            continue
        if ev.source in _BEYOND_PHRASE and (other := _phrase_names_other(link, phrase, cat)):
            return replace(
                link,
                score=min(link.score, SENTENCE_SCORE),
                reason=f"name in its {ev.source}; its own phrase is a label of {' | '.join(other)}",
            )
        return link
    return NONE


def last_alias(text: str, cat: Catalogue) -> str | None:
    """The last catalogue name in a text (the whole a following list is about)."""
    hits = find(words(text), cat.aliases)
    return hits[-1][2] if hits else None


def price_basis_of(texts: Sequence[str], cat: Catalogue) -> str | None:
    """The price basis named in the first text that names one (the last phrase in it wins)."""
    for text in texts:
        hits = find(words(text), cat.price_bases)
        if hits:
            return hits[-1][2]
    return None
