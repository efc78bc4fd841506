"""Token similarity of two Vietnamese phrases: the F1 of their syllables (stop words in schemas/rules/similarity.yaml).

Syllables are lower case, NFC, with old-style tone placement made modern (textnorm.modern_tones),
so 'Hoà Bình' and 'Hòa Bình' are the same two syllables.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from ..rules import Rules, default_rules
from .textnorm import modern_tones

_SYLLABLE = re.compile(r"\w+")


def syllables(text: str | None) -> list[str]:
    """Syllables, lower case, with old-style tone placement (hoà, thuỷ) made modern."""
    return _SYLLABLE.findall(modern_tones(unicodedata.normalize("NFC", (text or "").lower())))


def token_f1(a: Sequence[str], b: Sequence[str]) -> float:
    """F1 of two token lists (each token counted as often as both lists hold it); 0 when one is empty."""
    if not a or not b:
        return 0.0
    common = sum(min(a.count(w), b.count(w)) for w in set(a))
    if not common:
        return 0.0
    p, r = common / len(a), common / len(b)
    return 2 * p * r / (p + r)


@lru_cache(maxsize=1 << 16)
def _meaningful(text: str | None, stop_words: frozenset[str]) -> tuple[str, ...]:
    """Similarity.tokens, worked out once per phrase (a row name is compared with every figure)."""
    return tuple(w for w in syllables(text) if w not in stop_words and not w.isdigit())


@dataclass(frozen=True, kw_only=True)
class Similarity:
    """Phrase similarity with the stop words of one rule set."""

    stop_words: frozenset[str]

    def tokens(self, text: str | None) -> list[str]:
        """The syllables that carry meaning: stop words and numbers aside."""
        return list(_meaningful(text, self.stop_words))

    def similarity(self, a: str | None, b: str | None) -> float:
        """Token F1 of two phrases (syllables, stop words and numbers aside)."""
        return token_f1(self.tokens(a), self.tokens(b))


def build_similarity(rules: Rules) -> Similarity:
    """The similarity of schemas/rules/similarity.yaml."""
    data = rules.data("rules/similarity.yaml")
    return Similarity(stop_words=frozenset(str(w) for w in data["stop_words"]))


def phrase_similarity(rules: Rules | None = None) -> Similarity:
    """The similarity of a rule set (default: default_rules()), built once per Rules value."""
    return (rules or default_rules()).view("vi.similarity", build_similarity)


def similarity(a: str | None, b: str | None, *, rules: Rules | None = None) -> float:
    """Token F1 of two phrases, stop words and numbers aside: 'Hoà bình' and 'hòa bình' give 1."""
    return phrase_similarity(rules).similarity(a, b)


__all__ = ["Similarity", "build_similarity", "phrase_similarity", "similarity", "syllables", "token_f1"]
