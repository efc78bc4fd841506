"""Units after a number: scale words, measurement units, count nouns (rules in schemas/rules/units.yaml).

`7.155,29 tỷ đồng` → unit `tỷ đồng`, scale 10^9, base unit `đồng`; `56 hộ` → `hộ`;
`27 thôn, bản` → `thôn, bản`; `09/10 các huyện, thị xã, thành phố` → `huyện, thị xã, thành phố`;
`14,12 tiêu chí/xã` → `tiêu chí/xã`; `10MW` → `mw`. Count nouns that are not in the rule file are
read as the longest word (up to three syllables) of underthesea's Vietnamese word list.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..rules import Rules, default_rules


@dataclass(frozen=True, slots=True, kw_only=True)
class Unit:
    """A unit as printed after a number, with its scale and base unit."""

    text: str  # lowercase, as printed ("tỷ đồng", "%", "thôn, bản")
    end: int  # offset in the sentence where the unit ends
    scale: float  # 1, 1e3, 1e6, 1e9
    base: str | None  # base unit for normalised values ("đồng", "ha"); None for count nouns


@dataclass(frozen=True, kw_only=True)
class UnitRules:
    """The unit rules of units.yaml, as typed tables."""

    scales: dict[str, float]
    measures: dict[str, tuple[str, float]]
    list_units: frozenset[str]
    skip: frozenset[str]
    not_units: frozenset[str]
    counted_heads: frozenset[str]  # the noun after them is part of the unit ("nghìn lượt khách")
    classifiers: frozenset[str]
    glued: tuple[str, ...]  # units printed glued to their number, as printed
    glued_re: re.Pattern[str]  # one of them at a position, not followed by a word character


def glued_alternation(glued: Iterable[str], exclude: Iterable[str] = ()) -> str:
    """`(?:kWh|ha|…)`: a regex alternation of the glued units (longest first), less `exclude`."""
    drop = set(exclude)
    units = sorted((u for u in glued if u not in drop), key=len, reverse=True)
    return "(?:" + "|".join(re.escape(u) for u in units) + ")"


def build_unit_rules(rules: Rules) -> UnitRules:
    """The typed view of rules/units.yaml."""
    data = rules.data("rules/units.yaml")
    glued = tuple(str(u) for u in data["glued"])
    return UnitRules(
        scales={str(k): float(v) for k, v in data["scales"].items()},
        measures={str(k): (str(v["base"]), float(v["factor"])) for k, v in data["measures"].items()},
        list_units=frozenset(data["list_units"]),
        skip=frozenset(data["skip"]),
        not_units=frozenset(data["not_units"]),
        counted_heads=frozenset(data.get("counted_heads", [])),
        classifiers=frozenset(data["classifiers"]),
        glued=glued,
        glued_re=re.compile(glued_alternation(glued) + r"(?![\w])"),
    )


def rules(r: Rules | None = None) -> UnitRules:
    """The unit rules of `r` (default: default_rules()), built once per Rules value."""
    return (r or default_rules()).view("vi.units", build_unit_rules)


@lru_cache(maxsize=1)
def dictionary() -> frozenset[str]:
    """Underthesea's Vietnamese word list (lowercase, multi-syllable words joined by spaces)."""
    import underthesea

    path = Path(underthesea.__file__).parent / "corpus" / "data" / "Viet74K.txt"
    if not path.exists():
        return frozenset()
    return frozenset(w.strip().lower() for w in path.read_text(encoding="utf-8").splitlines() if w.strip())


_WORD_RE = re.compile(r"[%‰]|[\wĐđ][\w.Đđ]*[\wĐđ]|[\wĐđ]")


def _words(text: str, start: int, limit: int = 8) -> list[tuple[str, int, int]]:
    """Words after `start` up to the first hard punctuation (, ; : . ( ) excluded inside words)."""
    out: list[tuple[str, int, int]] = []
    pos = start
    while len(out) < limit:
        m = re.compile(r"\s*").match(text, pos)
        pos = m.end() if m else pos
        if pos >= len(text):
            break
        ch = text[pos]
        if ch == ",":
            out.append((ch, pos, pos + 1))
            pos += 1
            continue
        if ch in ';:()[]"“”!?' or (ch == "." and not text[pos + 1 : pos + 2].isalnum()):
            out.append((ch, pos, pos + 1))
            break
        if ch == "/":
            out.append(("/", pos, pos + 1))
            pos += 1
            continue
        w = _WORD_RE.match(text, pos)
        if not w:
            break
        out.append((w.group(0), w.start(), w.end()))
        pos = w.end()
    return out


def unit_after(text: str, end: int, r: UnitRules | None = None) -> Unit | None:
    """The unit printed right after a number that ends at `end` in `text` (r: default rules())."""
    r = r or rules()
    g = r.glued_re.match(text, end)
    if g:
        u = g.group(0).lower()
        glued_base, factor = r.measures.get(u, (u, 1.0))
        return Unit(text=u, end=g.end(), scale=factor, base=glued_base)
    words = _words(text, end)
    i = 0
    while i < len(words) and words[i][0].lower() in r.skip:
        i += 1
    if i >= len(words):
        return None
    scale = 1.0
    parts: list[str] = []
    stop = end
    w0 = words[i][0].lower()
    percent = percent_unit(words, i)
    if percent is not None:
        return percent
    if w0 in r.scales or (w0.rstrip(".") + "." in r.scales and w0.endswith(".")):
        scale = r.scales.get(w0, r.scales.get(w0.rstrip(".") + ".", 1.0))
        parts.append(words[i][0])
        stop = words[i][2]
        i += 1
    unit, j, base = _noun(words, i, r)
    if unit is None:
        if not parts:
            return None
        return Unit(text=" ".join(parts).lower(), end=stop, scale=scale, base=None)
    if unit.lower() in r.counted_heads:
        unit, j = counted_noun(words, unit, j, r)
    parts.append(unit)
    stop = words[j - 1][2]
    # list of count nouns: "thôn, bản", "huyện, thị xã, thành phố"
    if unit.lower() in r.list_units:
        while j + 1 < len(words) and words[j][0] == ",":
            nxt, k, _b = _noun(words, j + 1, r)
            if nxt is None or nxt.lower() not in r.list_units:
                break
            parts[-1] = parts[-1] + ", " + nxt
            stop = words[k - 1][2]
            j = k
    # per-unit compounds: "tiêu chí/xã", "triệu đồng/năm", "thuê bao/100 dân"
    if text[stop : stop + 1] == "/" and (unit != "%"):
        m = re.match(r"/(?:\d+\s+)?[\wĐđ]+(?:/[\wĐđ]+)*", text[stop:])
        if m:
            parts[-1] = parts[-1] + m.group(0)
            stop += m.end()
    text_unit = " ".join(parts).lower()
    if base is None and scale != 1.0:
        base = unit.lower()
    return Unit(text=text_unit, end=stop, scale=scale, base=base)


def counted_noun(words: list[tuple[str, int, int]], head: str, j: int, r: UnitRules) -> tuple[str, int]:
    """'lượt' + the noun it counts ('lượt khách du lịch', 'nhóm giải pháp'): whole words of the word
    list, lowercase, none of not_units, three syllables in all at most."""
    k = j
    while k < len(words):
        n = next((n for n in (3, 2, 1) if counted_word(words, k, n, r)), 0)
        if not n or k + n - j > 3:  # "nhóm giải pháp chủ yếu": "chủ yếu" does not fit
            break
        k += n
    return " ".join([head, *(x[0] for x in words[j:k])]), k


def counted_word(words: list[tuple[str, int, int]], k: int, n: int, r: UnitRules) -> bool:
    """Words k..k+n are one lowercase word of the word list, not a word that is never a unit."""
    part = [x[0] for x in words[k : k + n]]
    if len(part) < n or not all(re.fullmatch(r"[^\W\d_]+", w) and w.islower() for w in part):
        return False
    return " ".join(part) in dictionary() and not is_not_unit(words, k, r)


def is_not_unit(words: list[tuple[str, int, int]], i: int, r: UnitRules) -> bool:
    """Word i is, or opens a phrase that is, never a unit ("so", "đối với")."""
    return any(" ".join(x[0] for x in words[i : i + n]).lower() in r.not_units for n in (1, 2, 3))


def percent_unit(words: list[tuple[str, int, int]], i: int) -> Unit | None:
    """'%', 'điểm %' or 'điểm phần trăm' starting at word i."""
    w0 = words[i][0].lower()
    if w0 == "%":
        return Unit(text="%", end=words[i][2], scale=1.0, base="%")
    if w0 == "điểm" and i + 1 < len(words) and words[i + 1][0] == "%":
        return Unit(text="điểm %", end=words[i + 1][2], scale=1.0, base="điểm %")
    if w0 == "điểm" and i + 2 < len(words) and f"{words[i + 1][0]} {words[i + 2][0]}".lower() == "phần trăm":
        return Unit(text="điểm phần trăm", end=words[i + 2][2], scale=1.0, base="điểm %")
    return None


def _noun(words: list[tuple[str, int, int]], i: int, r: UnitRules) -> tuple[str | None, int, str | None]:
    """The unit noun starting at word i: measure units first, then count nouns of the word list."""
    if i >= len(words):
        return None, i, None
    w = words[i][0]
    low = w.lower()
    if not re.match(r"[\wĐđ%]", w) or is_not_unit(words, i, r) or low.isdigit():
        return None, i, None
    if low in r.measures:
        return w, i + 1, r.measures[low][0]
    if low in r.classifiers:
        return w, i + 1, None
    if w[:1].isupper() and not w.isupper() and low not in dictionary():
        return None, i, None  # a proper name after a number
    vocab = dictionary()
    best = 1
    for n in (3, 2):
        if i + n <= len(words):
            cand = " ".join(x[0] for x in words[i : i + n]).lower()
            if all(re.match(r"[\wĐđ]", x[0]) for x in words[i : i + n]) and cand in vocab:
                best = n
                break
    if best == 1 and low not in vocab and not w.isupper() and len(low) > 12:
        return None, i, None  # an unknown long token is not a unit
    return " ".join(x[0] for x in words[i : i + best]), i + best, None
