"""Identities: relations that hold by definition between indicators (schemas/identities.yaml),
evaluated wherever their operands are printed, whatever the wording.

A Fact is one printed figure linked to the catalogue: indicator × measure × dimensions (price basis,
period, base unit), with its printed interval. Identities are evaluated on the facts that share
their dimensions:

    sum / partial_sum        total = Σ parts (exhaustive) or Σ parts ≤ total
    shares_sum_100           shares of an exhaustive breakdown add up to 100
    share                    share_pct(part) = part / whole × 100
    growth / ratio_pct       change_pct = level / previous − 1; ratio_pct = level / previous × 100
    abs_change               change = level − previous (pp_change for rates)
    plan_attainment          plan_pct = level / plan × 100
    contributions_sum        Σ contribution_pp of the parts = change_pct of the total
    contribution_share_sum   Σ contribution_share = 100
    not_additive             an index aggregate lies within its components (never summed)
    restatement              one indicator × measure × dimensions printed twice agrees

Growth, ratio, change, attainment and restatement apply to every indicator; the others to the
totals and parts the file names. Each evaluation is a Finding with both intervals; the caller
turns findings into checks.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, Literal

from ..rules import Rules, default_rules
from .intervals import Iv, total

IdentityKind = Literal[
    "sum",
    "partial_sum",
    "shares_sum_100",
    "share",
    "growth",
    "ratio_pct",
    "abs_change",
    "plan_attainment",
    "contributions_sum",
    "contribution_share_sum",
    "contribution_pp",
    "per_capita",
    "not_additive",
    "product",
    "restatement",
]
GENERIC: frozenset[str] = frozenset(["growth", "ratio_pct", "abs_change", "plan_attainment", "restatement"])
LEVELS: frozenset[str] = frozenset(["level", "actual", "estimate"])


@dataclass(frozen=True, kw_only=True)
class Identity:
    """One relation of schemas/identities.yaml."""

    id: str
    kind: IdentityKind
    total: str | None
    parts: tuple[str, ...]
    exhaustive: bool
    signs: tuple[int, ...] = ()
    scale: float = 1.0  # product: the unit factor (tạ/ha × ha = 0,1 tấn)
    min_share: float | None = None  # partial_sum: the listed parts make at least this share of the total


@dataclass(frozen=True, kw_only=True)
class Fact:
    """One printed figure linked to an indicator, with its dimensions."""

    ref: str  # claim id, or table cell id
    indicator: str
    measure: str  # level | actual | estimate | previous_level | plan | change_pct | ratio_pct | share_pct | …
    dims: tuple[str | None, ...]  # (price basis, period)
    iv: Iv
    where: str  # where it is printed: a table column, a sentence, a paragraph
    order: int  # reading order
    page: int
    section: str | None = None  # the section a text figure is printed in
    comparison: str | None = None  # what a change compares with, as stated
    strong: bool = True  # linked by its own phrase or row: may be compared as a restatement
    unit: str = ""  # base unit of `iv` ("đồng", "ha", "%"); operands of one relation share it
    scale: float = 1.0  # `iv` is the printed figure times this (tỷ đồng: 1e9)


@dataclass(frozen=True, kw_only=True)
class Finding:
    """One identity evaluated on printed operands."""

    identity: str
    kind: IdentityKind
    refs: tuple[str, ...]  # the printed figure checked first, then its operands
    expected: Iv  # computed from the operands
    actual: Iv  # the printed figure
    subject: str  # indicator id of the printed figure
    measure: str
    dims: tuple[str | None, ...]
    operands: tuple[Iv, ...] = ()  # the operands' printed intervals, in the order of refs[1:]
    scale: float = 1.0  # the printed figure's scale to base units (its Fact.scale)
    min_share: float | None = None  # partial_sum: the listed parts are at least this share of the total

    @property
    def margin(self) -> float:
        """>= 0 when the identity holds within the printed precision."""
        return self.expected.margin(self.actual)


def _identity(e: Mapping[str, Any]) -> Identity:
    return Identity(
        id=e["id"],
        kind=e["kind"],
        total=e.get("total"),
        parts=tuple(e.get("parts") or ()),
        exhaustive=bool(e.get("exhaustive")),
        signs=tuple(e.get("signs") or ()),
        scale=float(e.get("scale") or 1.0),
        min_share=float(e["min_share"]) if e.get("min_share") is not None else None,
    )


def identities(rules: Rules | None = None) -> list[Identity]:
    """The identities of a Rules value."""
    rules = rules or default_rules()
    return rules.view("identities", lambda r: [_identity(e) for e in r.data("identities.yaml")["identities"]])


# --------------------------------------------------------------------------------------
# choosing operands


class Slice:
    """The facts of one set of dimensions, by (indicator, measure), in reading order."""

    def __init__(self, facts: Iterable[Fact]) -> None:
        self.by: dict[tuple[str, str], list[Fact]] = defaultdict(list)
        for f in sorted(facts, key=lambda f: f.order):
            self.by[(f.indicator, _measure_key(f.measure))].append(f)

    def pick(self, indicator: str, measure: str, near: Fact | None = None, unit: str | None = None) -> Fact | None:
        """The fact printed with `near` (same place) if any, else the nearest in reading order; in
        `unit` when one is given."""
        cands = [f for f in self.by.get((indicator, _measure_key(measure)), []) if unit is None or f.unit == unit]
        if not cands:
            return None
        if near is None:
            return cands[0]
        same = [f for f in cands if f.where == near.where and f.ref != near.ref]
        pool = same or [f for f in cands if f.ref != near.ref]
        return min(pool, key=lambda f: abs(f.order - near.order)) if pool else None

    def all(self, indicator: str, measure: str) -> list[Fact]:
        """Every printing of one indicator and measure."""
        return self.by.get((indicator, _measure_key(measure)), [])

    def indicators(self) -> set[str]:
        """Indicators present in the slice."""
        return {i for i, _m in self.by}


def _measure_key(measure: str) -> str:
    return "level" if measure in LEVELS else measure


def _finding(idn: Identity, printed: Fact, expected: Iv, operands: Sequence[Fact]) -> Finding:
    return Finding(
        identity=idn.id,
        kind=idn.kind,
        refs=(printed.ref, *(f.ref for f in operands)),
        operands=tuple(f.iv for f in operands),
        expected=expected,
        actual=printed.iv,
        subject=printed.indicator,
        measure=printed.measure,
        dims=printed.dims,
        scale=printed.scale,
    )


# --------------------------------------------------------------------------------------
# the kinds


def _sum(idn: Identity, sl: Slice, measure: str) -> list[Finding]:
    out = []
    for tot in sl.all(idn.total or "", measure):
        parts = [sl.pick(p, measure, near=tot, unit=tot.unit) for p in idn.parts]
        found = [p for p in parts if p is not None]
        if idn.kind == "sum" and len(found) == len(idn.parts):
            signs = idn.signs or (1,) * len(found)
            exp = total([p.iv if s > 0 else -p.iv for p, s in zip(found, signs, strict=True)])
            out.append(_finding(idn, tot, exp, found))
        elif idn.kind == "partial_sum" and idn.min_share and len(found) == len(idn.parts):
            s = total([p.iv for p in found])  # all the listed parts: the total is at most Σ / min_share
            f = _finding(idn, tot, Iv(s.lo, s.hi / idn.min_share, s.mid), found)
            out.append(replace(f, min_share=idn.min_share))
        elif idn.kind == "partial_sum" and found:
            s = total([p.iv for p in found])
            # the parts may add up to anything up to the total: [Σ lo, +inf) meets the total when Σ lo <= total
            out.append(_finding(idn, tot, Iv(s.lo, max(s.hi, tot.iv.hi, s.lo), s.mid), found))
    return out


def _shares_sum(idn: Identity, sl: Slice, measure: str) -> list[Finding]:
    ms = {"shares_sum_100": "share_pct", "contribution_share_sum": "contribution_share"}[idn.kind]
    firsts = sl.all(idn.parts[0], ms) if idn.parts else []
    out = []
    for first in firsts:
        parts = [first, *(sl.pick(p, ms, near=first) for p in idn.parts[1:])]
        found = [p for p in parts if p is not None]
        if len(found) == len(idn.parts):
            hundred = Fact(
                ref=f"{first.ref}#100",
                indicator=idn.total or "",
                measure=ms,
                dims=first.dims,
                iv=Iv.exact(100.0),
                where=first.where,
                order=first.order,
                page=first.page,
            )
            f = _finding(idn, hundred, total([p.iv for p in found]), found)
            out.append(Finding(**{**f.__dict__, "refs": tuple(p.ref for p in found)}))
    return out


def _contributions(idn: Identity, sl: Slice, measure: str) -> list[Finding]:
    out = []
    for growth in sl.all(idn.total or "", "change_pct"):
        parts = [sl.pick(p, "contribution_pp", near=growth) for p in idn.parts]
        found = [p for p in parts if p is not None]
        if len(found) == len(idn.parts):
            out.append(_finding(idn, growth, total([p.iv for p in found]), found))
    return out


def _share(idn: Identity, sl: Slice, measure: str) -> list[Finding]:
    out = []
    for part_id in idn.parts:
        for share in sl.all(part_id, "share_pct"):
            part = sl.pick(part_id, measure, near=share)
            whole = sl.pick(idn.total or "", measure, near=share, unit=part.unit) if part else None
            q = (part.iv / whole.iv) if part and whole else None
            if part and whole and q is not None:
                out.append(_finding(idn, share, q.scale(100.0), [part, whole]))
    return out


def _not_additive(idn: Identity, sl: Slice, measure: str) -> list[Finding]:
    out = []
    for tot in sl.all(idn.total or "", measure):
        found = [f for f in (sl.pick(p, measure, near=tot, unit=tot.unit) for p in idn.parts) if f is not None]
        found = [f for f in found if f.where == tot.where]  # an index's components: one column or one list
        if len(found) >= 2:
            exp = Iv(min(f.iv.lo for f in found), max(f.iv.hi for f in found))
            out.append(_finding(idn, tot, exp, found))
    return out


def _ratio_of(
    printed_measure: str, base_measure: str, fn: Callable[[Iv, Iv], Iv | None], level_measure: str = "level"
) -> Callable[..., list[Finding]]:
    """An evaluator of `printed = fn(level, base)` for one indicator. A difference (`fn` keeps the unit:
    change_abs, pp_change) takes a level in the printed figure's own unit."""
    same_unit = printed_measure in ("change_abs", "pp_change")

    def evaluate(idn: Identity, sl: Slice, indicator: str) -> list[Finding]:
        out = []
        for printed in sl.all(indicator, printed_measure):
            level = sl.pick(indicator, level_measure, near=printed, unit=printed.unit if same_unit else None)
            base = sl.pick(indicator, base_measure, near=printed, unit=level.unit) if level else None
            exp = fn(level.iv, base.iv) if level and base else None
            if level and base and exp is not None:
                out.append(_finding(idn, printed, exp, [level, base]))
        return out

    return evaluate


def _growth(level: Iv, prev: Iv) -> Iv | None:
    q = level / prev
    return q.scale(100.0).shift(-100.0) if q else None


def _ratio(level: Iv, base: Iv) -> Iv | None:
    q = level / base
    return q.scale(100.0) if q else None


GENERIC_KINDS: dict[str, list[Callable[..., list[Finding]]]] = {
    "growth": [_ratio_of("change_pct", "previous_level", _growth)],
    "ratio_pct": [_ratio_of("ratio_pct", "previous_level", _ratio)],
    "abs_change": [
        _ratio_of("change_abs", "previous_level", lambda a, b: a - b),
        _ratio_of("pp_change", "previous_level", lambda a, b: a - b),
        _ratio_of("pp_change", "previous_share_pct", lambda a, b: a - b, level_measure="share_pct"),
    ],
    "plan_attainment": [_ratio_of("plan_pct", "plan", _ratio)],
}


def _growth_from_parts(idn: Identity, sl: Slice, measure: str) -> list[Finding]:
    """Growth of an exhaustive total implied by its parts: previous = Σ level_i / (1 + g_i)."""
    out = []
    for growth in sl.all(idn.total or "", "change_pct"):
        level = sl.pick(idn.total or "", "level", near=growth)
        parts = [(sl.pick(p, "level", near=growth), sl.pick(p, "change_pct", near=growth)) for p in idn.parts]
        if level is None or any(a is None or g is None for a, g in parts):
            continue
        prevs = [a.iv / g.iv.scale(0.01).shift(1.0) for a, g in parts if a and g]
        if any(q is None for q in prevs):
            continue
        exp = _growth(level.iv, total([q for q in prevs if q is not None]))
        if exp is not None:
            used = [f for pair in parts for f in pair if f is not None]
            out.append(_finding(idn, growth, exp, [level, *used]))
    return out


def _product(idn: Identity, sl: Slice, measure: str) -> list[Finding]:
    """total = part₁ × part₂ × scale (output = area × yield)."""
    out = []
    for tot in sl.all(idn.total or "", measure):
        found = [f for f in (sl.pick(p, measure, near=tot) for p in idn.parts) if f is not None]
        if len(found) == len(idn.parts) == 2:
            out.append(_finding(idn, tot, (found[0].iv * found[1].iv).scale(idn.scale), found))
    return out


NAMED_KINDS: dict[str, Callable[[Identity, Slice, str], list[Finding]]] = {
    "sum": _sum,
    "partial_sum": _sum,
    "shares_sum_100": _shares_sum,
    "contribution_share_sum": _shares_sum,
    "contributions_sum": _contributions,
    "share": _share,
    "not_additive": _not_additive,
    "product": _product,
}


def restatements(sl: Slice) -> list[Finding]:
    """Every later printing of an indicator × measure × dimensions against its first printing."""
    idn = Identity(id="restatement", kind="restatement", total=None, parts=(), exhaustive=False)
    out = []
    for facts in sl.by.values():
        strong = [f for f in facts if f.strong]
        if not strong:
            continue
        first = strong[0]
        out += [_finding(idn, f, first.iv, [first]) for f in strong[1:] if _restates(first, f)]
    return out


def _restates(a: Fact, b: Fact) -> bool:
    """Two printings that state the same figure: printed in different places, with the same
    comparison, and for two text figures in different sections (a section's list names parts)."""
    if a.where == b.where or a.comparison != b.comparison or a.unit != b.unit:
        return False
    both_text = a.section is not None and b.section is not None
    return not both_text or a.section != b.section


LEVEL_ONLY = frozenset(["shares_sum_100", "contribution_share_sum", "contributions_sum", "share"])


def _named(idns: Sequence[Identity], sl: Slice) -> list[Finding]:
    out: list[Finding] = []
    for idn in idns:
        if idn.kind == "growth" and idn.parts:
            out += _growth_from_parts(idn, sl, "level")
        if idn.kind in NAMED_KINDS:
            for measure in ("level",) if idn.kind in LEVEL_ONLY else ("level", "previous_level", "plan"):
                out += NAMED_KINDS[idn.kind](idn, sl, measure)
    return out


def _generic(idns: Sequence[Identity], sl: Slice) -> list[Finding]:
    generic = {i.kind: i for i in idns if i.kind in GENERIC and not i.parts}
    out: list[Finding] = []
    for kind, fns in GENERIC_KINDS.items():
        if kind in generic:
            for indicator in sorted(sl.indicators()):
                for fn in fns:
                    out += fn(generic[kind], sl, indicator)
    if "restatement" in generic:
        out += restatements(sl)
    return out


def evaluate(idns: Sequence[Identity], facts: Iterable[Fact]) -> list[Finding]:
    """Every identity evaluated on every set of facts sharing their dimensions."""
    slices: dict[tuple[str | None, ...], list[Fact]] = defaultdict(list)
    for f in facts:
        slices[f.dims].append(f)
    out: list[Finding] = []
    for group in slices.values():
        sl = Slice(group)
        out += _named(idns, sl) + _generic(idns, sl)
    return out
