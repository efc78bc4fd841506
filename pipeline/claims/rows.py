"""The rows of one sentence: each number printed in it read, left to right, as a claim or not.

What one number passes to the next within the sentence is explicit (`Carry`): the indicator of
the claim before, the subject carried across clauses, the values already given an indicator
(terms of a printed sum take the indicator of the figure stated before) and the claim before.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from ..rules import Rules
from ..segment import Sentence
from ..vi.numbers import parse_number
from ..vi.units import Unit, unit_after
from .clauses import clause_bounds, governing_start
from .cued import Cued, Prior
from .indicator import COUNTED_BASES, Scope, indicator
from .kinds import Reading, classify
from .lexicon import Lexicon, lexicon
from .not_claims import not_claim_reason
from .records import CHANGES, Claim, Cue, NumberSpan, Reason
from .scan import arithmetic_terms, scan_numbers


@dataclass(frozen=True, kw_only=True)
class Setting:
    """What a sentence's rows draw on besides its text: its cues and what carries from around it."""

    sentence: Sentence
    cues: list[Cue]
    label: str | None = None  # list-item or footnote topic label
    specifier: str | None = None  # in a footnote: the indicator its marker stands on
    heading: str | None = None  # the numbering of the heading the sentence is
    period: str | None = None
    in_change: bool = False  # a footnote to a change: the terms of its sums are changes


@dataclass(frozen=True, kw_only=True)
class Carry:
    """What one number of a sentence passes to the next."""

    previous: str | None = None  # indicator of the claim before
    previous_end: int = -1  # where the claim before ends, its unit included
    carried: str | None = None  # subject carried across clauses
    values_seen: Mapping[float, str] = field(default_factory=dict)  # value -> its indicator
    prior: Prior = field(default_factory=Prior)  # the claim before, as the next number sees it


def not_claim_value(span: NumberSpan, reason: Reason) -> float | None:
    """The value a not_claim row shows: none for dates, codes and document numbers."""
    if reason in ("section_number", "date", "document_number", "year_range") or span.form in (
        "date", "date_range", "docnum", "month_year", "code", "year_range", "time", "quarter_year",
    ):  # fmt: skip
        return None
    if span.form in ("list_marker", "ref_marker"):
        return float(re.sub(r"\D", "", span.raw))
    return parse_number(span.raw.split("/")[0]).value


def not_claim_row(s: Sentence, span: NumberSpan, reason: Reason) -> Claim:
    """The row of a number that is not a claim."""
    value = not_claim_value(span, reason)
    v2 = None
    if span.form == "range" and reason == "category_bounds":
        parts = re.split(r"\s*[-–]\s*", span.raw)
        value, v2 = parse_number(parts[0]).value, parse_number(parts[1]).value
    return Claim(
        sentence_id=s.sentence_id, page=s.page, section_id=s.section_id, footnote=s.footnote, raw=span.raw,
        value=value, value2=v2, kind="not_claim", reason=reason, start=span.start, end=span.end,
    )  # fmt: skip


def scope_of(text: str, span: NumberSpan, unit: Unit | None, st: Setting, carry: Carry) -> Scope:
    """What the indicator of a number can draw on."""
    c0, _c1 = clause_bounds(text, span.start)
    return Scope(
        text=text, start=span.start, end=span.end, unit_text=unit.text if unit else None,
        unit_base=unit.base if unit else None, unit_end=unit.end if unit else span.end, clause_start=c0,
        governing_start=governing_start(text, span.start), label=st.label, specifier=st.specifier,
        previous=carry.previous, previous_end=carry.previous_end, carried=carry.carried,
    )  # fmt: skip


def as_sum_term(r: Reading, sign: str, st: Setting, rows: list[Claim]) -> Reading:
    """A term of a printed sum ('+ 6 ha - 0,13 ha = 5,87 ha') is a change where changes are summed."""
    summed = st.in_change or r.kind == "change_abs" or any(c.kind == "change_abs" for c in rows)
    if r.kind in ("level", "change_abs") and summed:
        return replace(r, kind="change_abs", direction="down" if sign == "-" else "up")
    return r


def claim_row(
    lex: Lexicon, st: Setting, span: NumberSpan, unit: Unit | None, carry: Carry, rows: list[Claim]
) -> tuple[Claim, Carry]:
    """The row of a number that is a claim, and what it passes to the next number."""
    text = st.sentence.text
    ind, carried_next = indicator(lex, scope_of(text, span, unit, st, carry))
    level_before = any(r.kind == "level" and r.indicator == ind for r in rows[:-1] if r.kind != "not_claim")
    prior = replace(carry.prior, level_before=level_before)
    read = classify(Cued(text=text, cues=st.cues, lex=lex), span, unit, prior)
    info = read
    sums = arithmetic_terms(text)
    if span.start in sums:
        info = as_sum_term(info, sums[span.start], st, rows)
        if info.value is not None and info.value in carry.values_seen:
            ind = carry.values_seen[info.value]  # a term of a printed sum: the figure stated before
    seen = carry.values_seen
    if ind and info.value is not None and info.value not in seen:
        seen = {**seen, info.value: ind}
    after = Carry(
        previous=ind or carry.previous, previous_end=unit.end if unit else span.end, carried=carried_next,
        values_seen=seen,
        prior=Prior(
            kind=read.kind, value=read.value, direction=read.direction,
            base=unit.base if unit and unit.base not in COUNTED_BASES else None,
        ),
    )  # fmt: skip
    s = st.sentence
    row = Claim(
        sentence_id=s.sentence_id, page=s.page, section_id=s.section_id, footnote=s.footnote, raw=span.raw,
        value=info.value, value2=info.value2, unit=info.unit, kind=info.kind, direction=info.direction,
        comparison=info.comparison, indicator=ind, period=st.period,
        estimated=any(c[2] <= span.start for c in st.cues if c[0] == "HEDGE"), start=span.start, end=span.end,
        decimals=info.decimals, flags=tuple(info.flags), scale=unit.scale if unit else None,
        base_value=(info.value * unit.scale) if (unit and info.value is not None and unit.base) else None,
        base_unit=unit.base if unit else None,
    )  # fmt: skip
    return row, after


def sentence_rows(st: Setting, rules: Rules) -> list[Claim]:
    """One row per number printed in a sentence (footnote markers aside), in print order."""
    lex = lexicon(rules)
    s = st.sentence
    rows: list[Claim] = []
    carry = Carry()
    unit_ends: dict[int, int] = {}
    for span in scan_numbers(s.text, rules=rules):
        reason = not_claim_reason(s.text, span, s.kind, st.heading, lex)
        if reason is not None:
            rows.append(not_claim_row(s, span, reason))
            continue
        unit = unit_after(s.text, span.end, lex.units)
        if unit is not None:
            unit_ends[span.start] = unit.end
        row, carry = claim_row(lex, st, span, unit, carry, rows)
        rows.append(row)
    rows = numbers_inside_units(rows, unit_ends)
    rows.sort(key=lambda c: (c.start, c.end))
    return distribute_comparisons(rows)


def numbers_inside_units(rows: list[Claim], unit_ends: dict[int, int]) -> list[Claim]:
    """'86,8 thuê bao/100 dân': the 100 belongs to the unit of the number before it."""
    spans = [(c.start, unit_ends[c.start]) for c in rows if c.start in unit_ends]
    out = []
    for c in rows:
        if c.start >= 0 and any(a < c.start and c.end <= b for a, b in spans):
            c = replace(
                c, kind="not_claim", reason="unit", unit=None, direction=None, comparison=None, indicator=None,
                period=None, estimated=False, value2=None, base_value=None, base_unit=None, scale=None,
            )  # fmt: skip
        out.append(c)
    return out


def distribute_comparisons(rows: list[Claim]) -> list[Claim]:
    """'…, tăng 1,72%; …, tăng 5,9%; … tăng 5,56% so với cùng kỳ năm trước': a trailing
    comparison applies to the changes before it in the sentence that name none."""
    changes = [i for i, c in enumerate(rows) if c.kind in CHANGES]
    out = list(rows)
    spread = ("same_period_prev_year", "prev_period")  # a plan comparison ('vượt … kế hoạch') stays put
    for k, i in enumerate(changes):
        if out[i].comparison is not None:
            continue
        later = [out[j].comparison for j in changes[k + 1 :] if out[j].comparison in spread]
        earlier = [out[j].comparison for j in changes[:k] if out[j].comparison in spread]
        comp = later[0] if later else (earlier[-1] if earlier else None)
        if comp:
            out[i] = replace(out[i], comparison=comp)
    return out
