"""The spaCy pipeline, built once from the rule files.

A blank Vietnamese pipeline (`use_pyvi=False`) whose whitespace tokenizer is replaced by a
rule-based one: punctuation and % are split off, Vietnamese numbers (7.155,29), dates
(05/5/2024, 19-21/01/2024), document numbers (142/QĐ-UBND, 29/2023/NĐ-CP) and ratios (09/10)
stay whole, a unit glued to a number (5,87ha, 10MW) is split from it, and so is a cue word that real
text prints glued to its neighbours ("chế tạotăng1,36%": rules marked `glued`). A SpanRuler loaded
from `schemas/rules/cues.jsonl` marks the cue phrases the claim stage reads (hedges, directions,
comparisons, kinds); every rule carries examples that tests/test_nlp.py runs.
"""

from __future__ import annotations

import re
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

from ..rules import Rules, default_rules
from .numbers import NUMBER_TOKEN
from .units import glued_alternation
from .units import rules as unit_rules


def token_match(glued: tuple[str, ...]) -> re.Pattern[str]:
    """Tokens kept whole; a number with a glued unit (`glued`) is not a code and is split later."""
    return re.compile(
        r"^(?:"
        r"\d+(?:[-–]\d+)?/\d{1,2}/\d{2,4}"  # dates and date ranges: 05/5/2024, 19-21/01/2024
        r"|\d+(?:/\d{4})?/[A-ZĐ][A-ZĐa-zđ0-9\-–]*"  # document numbers: 142/QĐ-UBND, 29/2023/NĐ-CP
        r"|\d+-[A-ZĐ]+/[A-ZĐ][A-ZĐa-zđ0-9\-]*"  # 69-HD/BTGTW, 116-KH/TU
        r"|(?:" + NUMBER_TOKEN + r")/(?:" + NUMBER_TOKEN + r")"  # ratios: 09/10, 3.611/3.620
        r"|\d{4}[-–]\d{4}"  # year ranges: 2021-2030
        r"|(?!\d+" + glued_alternation(glued) + r"$)"
        r"(?:[A-Za-zĐđ]+\d+[\w\-]*|\d+[A-Za-zĐđ]+[\w\-]*)"  # codes: QL279, VH6, 3G, X78, TMDV-01
        r"|[+\-−]?(?:" + NUMBER_TOKEN + r")"  # numbers
        r")$"
    )


def load_cue_rules(rules: Rules | None = None) -> list[dict[str, Any]]:
    """The cue rules of rules/cues.jsonl (default: default_rules()), each with id, label, pattern, examples."""
    found: list[dict[str, Any]] = (rules or default_rules()).data("rules/cues.jsonl")
    for n, rule in enumerate(found, start=1):
        for key in ("id", "label", "pattern", "examples"):
            if key not in rule:
                raise ValueError(f"rules/cues.jsonl: rule {n} without {key!r}")
    return found


def glued_words(rules: Rules | None = None) -> tuple[str, ...]:
    """The cue words of rules marked `glued` (one-token patterns): printed glued to the word or
    number beside them, they are split off as tokens of their own ("chế tạotăng1,36%")."""
    out = []
    for rule in load_cue_rules(rules):
        if rule.get("glued"):
            pattern = rule["pattern"]
            if len(pattern) != 1 or not isinstance(pattern[0].get("LOWER"), str):
                raise ValueError(f"rules/cues.jsonl: glued rule {rule['id']!r} must be one word (LOWER)")
            out.append(pattern[0]["LOWER"])
    return tuple(out)


def make_tokenizer(nlp: Language, glued: tuple[str, ...], words: tuple[str, ...] = ()) -> Tokenizer:
    """The rule-based tokenizer: numbers, dates and document numbers whole, glued units and glued
    cue `words` split off."""
    base = spacy.blank("xx").Defaults
    base_prefixes = list(base.prefixes or [])
    base_suffixes = list(base.suffixes or [])
    base_infixes = list(base.infixes or [])
    cue = "(?i:" + "|".join(re.escape(w) for w in words) + ")" if words else "(?!)"
    prefixes = [*base_prefixes, r"[+\-−–](?=\d)", cue + r"(?=[^\W_])"]
    units = glued_alternation(glued)
    suffixes = [
        r"(?<=\d)" + units + r"(?=$|[^\w])",
        r"(?<=\d)" + units + r"$",
        r"[\u00b9\u00b2\u00b3\u2070-\u2079]+$",
        r"%$",
        r"(?<=\d)[-–]$",
        *[s for s in base_suffixes if s not in ("%",)],
    ]
    infixes = [*base_infixes, r"(?<=[%])/", r"(?<=\d)%(?=\w)", r"%(?=/)", r"(?<=[^\W\d_])" + cue]
    return Tokenizer(
        nlp.vocab,
        prefix_search=compile_prefix_regex(prefixes).search,
        suffix_search=compile_suffix_regex(suffixes).search,
        infix_finditer=compile_infix_regex(infixes).finditer,
        token_match=token_match(glued).match,
    )


def build_nlp(rules: Rules) -> Language:
    """The blank Vietnamese pipeline with our tokenizer and the cue SpanRuler of `rules`."""
    nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}})
    nlp.tokenizer = make_tokenizer(nlp, unit_rules(rules).glued, glued_words(rules))
    ruler: Any = nlp.add_pipe("span_ruler", name="cues", config={"spans_key": "cues", "overwrite": True})
    ruler.add_patterns([{"id": r["id"], "label": r["label"], "pattern": r["pattern"]} for r in load_cue_rules(rules)])
    return nlp


def get_nlp(rules: Rules | None = None) -> Language:
    """The spaCy pipeline of `rules` (default: default_rules()), built once per Rules value."""
    return (rules or default_rules()).view("vi.nlp", build_nlp)


def cue_spans(doc: Any) -> list[tuple[str, int, int, str]]:
    """(label, char start, char end, rule id) of the cues in a doc, BLOCK spans applied."""
    spans = list(doc.spans["cues"])
    blocks = [(s.start_char, s.end_char) for s in spans if s.label_ == "BLOCK"]
    out = []
    for s in spans:
        if s.label_ == "BLOCK":
            continue
        if any(b0 <= s.start_char and s.end_char <= b1 for b0, b1 in blocks):
            continue
        out.append((s.label_, s.start_char, s.end_char, s.id_))
    return sorted(out, key=lambda x: (x[1], x[2]))
