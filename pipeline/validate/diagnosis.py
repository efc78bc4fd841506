"""Why a relation between printed figures fails: the most plausible slip and the value it implies.

A failed check (pipeline/validate/relations.py) knows the interval its operands imply for a printed
figure (pipeline/validate/intervals.py) and that the printed figure's own interval does not meet it.
`diagnose_value` says what most plausibly went wrong and which value the relation implies instead:

    diagnose_value(Printed(value=71552.9, decimals=1), Iv.printed(7155.29, 2), relation="sum")
      -> Diagnosis(kind="scale_slip", suggested_value=7155.29, suspect="result", ...)

Every hypothesis must match exactly, i.e. within the printed-precision intervals. They are tried in
this order (the first that matches wins):

 0. the figures agree                    -> "rounding", nothing to change (confidence 1)
 1. a miss of at most one unit in the last printed decimal: "truncated_not_rounded" when cutting
    the implied value off (2,1857 -> 2,18) gives the printed figure, else "rounding". A one-unit
    miss is what rounding produces by itself, so no other hypothesis may claim it (59,72 printed
    for 59,7319: truncation gives 59,73 too, so this is rounding; 9/28 = 32,1429 printed 32,15 is
    rounding, not a wrong digit and not truncation, which gives 32,14).
 2. "scale_slip"        printed = implied x 10^k, k in ±1, ±2, ±3 (separator or tỷ/nghìn tỷ slip)
 3. "sign_slip"         printed = -implied
 4. "points_as_percent" / "percent_as_points": printed = implied ∓ 100 for growth, index and plan
    relations (8,75 printed where the index 108,75 % is meant, or the reverse), or printed matches
    the caller's alternatives["points"] / alternatives["ratio"] reading
 5. "wrong_base_period" printed matches alternatives["previous_period"] or ["same_period"]
 6. "missing_component" (sum relations) the gap equals one figure of `known_components`
 7. "wrong_digit"       printed and implied (as printed) differ in exactly one digit, or
 8. "transposed_digits" they differ by two adjacent digits swapped (12,34 for 12,43); when the
    implied interval allows several values at the printed precision, the one nearest the implied
    value is compared first, for both patterns
 9. "partial_column"    (sum relations) the parts fall short here but add up in the other columns
10. "unexplained"

Transforms of the whole figure (2-4) and matches with another named figure (5-6) come before digit
patterns, which a gap of the form m x 10^j produces by chance (index 250 printed as growth 150 also
differs in one digit); the column hint (9) is context, not arithmetic, so it comes last.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Literal

from .intervals import Iv

Kind = Literal[
    "scale_slip",
    "wrong_digit",
    "transposed_digits",
    "truncated_not_rounded",
    "missing_component",
    "partial_column",
    "points_as_percent",
    "percent_as_points",
    "wrong_base_period",
    "sign_slip",
    "rounding",
    "unexplained",
]
"""The diagnoses, from a misplaced separator to nothing that fits."""

Relation = Literal[
    "sum",
    "partial_sum",
    "share",
    "shares_sum_100",
    "growth",
    "abs_change",
    "plan_attainment",
    "contributions_sum",
    "contribution_pp",
    "per_capita",
    "ratio_pct",
    "restatement",
]
"""The identity families a check belongs to (what the implied interval was computed by)."""

_SUMS = frozenset({"sum", "contributions_sum", "shares_sum_100"})  # a total made of all its parts
_INDEXED = frozenset({"growth", "ratio_pct", "plan_attainment"})  # figures read as % of a base (or less 100)
_BASES = {"previous_period": "the previous period", "same_period": "the same period of the previous year"}
_SCALES = (1, -1, 2, -2, 3, -3)
_MAX_CANDIDATES = 25  # beyond that the implied interval is too wide for digit-level evidence
_MAX_DECIMALS = 12


@dataclass(frozen=True, kw_only=True)
class Printed:
    """One printed figure as the report shows it: `value` with `decimals` printed decimals, its text
    `raw` ('7.155,29'), its `role` in the relation (result | part | total | previous | plan ...) and
    `label` (the indicator it belongs to, e.g. 'Thuế sản phẩm trừ trợ cấp sản phẩm')."""

    value: float
    decimals: int
    raw: str | None = None
    role: str = "result"
    label: str | None = None


@dataclass(frozen=True, kw_only=True)
class Diagnosis:
    """The most plausible cause of a failed relation.

    `suspect` names the figure judged wrong: the printed figure's role (with its label, 'part:Lúa'),
    'missing:<label>' for a component the list leaves out, 'breakdown' for a column's incomplete
    parts. `suggested_value` is the value the relation implies for the suspect, rounded to its
    printed decimals (for a scale slip, the printed digits at the right scale; for missing_component
    and partial_column, the amount the parts lack). `explanation` is one sentence for a reviewer
    with numbers in Vietnamese notation; `confidence` (0..1) is how specific the evidence is.
    """

    kind: Kind
    suggested_value: float | None
    suspect: str
    explanation: str
    confidence: float


def format_vi(value: float, decimals: int) -> str:
    """Vietnamese notation, as relations.fmt: 7155.29, 2 -> '7.155,29'; -1234.5, 1 -> '-1.234,5'.
    Unlike fmt, a value that rounds to zero has no minus sign, and negative `decimals` round to
    tens, hundreds ... (71552.9, -3 -> '72.000')."""
    if not math.isfinite(value):
        return str(value)
    d = max(decimals, 0)
    x = _round(value, decimals)
    s = f"{abs(x):,.{d}f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    return ("-" if x < 0 and s.strip("0.,") else "") + s


def _round(x: float, decimals: int) -> float:
    """Half away from zero, on the decimal digits as printed (round() is half-even on binary floats)."""
    try:
        q = Decimal(repr(x)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    except (InvalidOperation, ValueError):
        return x
    return float(q)


@dataclass(frozen=True, kw_only=True)
class _Case:
    printed: Printed
    implied: Iv
    relation: str
    known_components: tuple[Printed, ...]
    other_columns_hold: bool | None
    alternatives: Mapping[str, Iv]

    @property
    def d(self) -> int:
        return self.printed.decimals

    @property
    def unit(self) -> float:
        return 10.0 ** (-self.d)

    @property
    def iv(self) -> Iv:
        return Iv.printed(self.printed.value, self.d)

    @property
    def shown(self) -> str:
        return self.printed.raw or format_vi(self.printed.value, self.d)

    @property
    def suspect(self) -> str:
        p = self.printed
        return f"{p.role}:{p.label}" if p.label else p.role

    @property
    def expected(self) -> float:
        """The implied value rounded to the printed decimals."""
        return _round(self.implied.value, self.d)

    def vi(self, value: float, decimals: int | None = None) -> str:
        return format_vi(value, self.d if decimals is None else decimals)

    def gap(self) -> Iv:
        """What the parts lack: printed total - implied sum, or implied part - printed part."""
        return self.implied - self.iv if self.printed.role == "part" else self.iv - self.implied

    def result(self, kind: Kind, suggested: float | None, text: str, confidence: float, suspect: str = "") -> Diagnosis:
        return Diagnosis(
            kind=kind,
            suggested_value=suggested,
            suspect=suspect or self.suspect,
            explanation=text,
            confidence=round(min(max(confidence, 0.0), 1.0), 2),
        )


def _excludes_zero(iv: Iv) -> bool:
    return iv.lo > 0 or iv.hi < 0


def _weight(c: _Case) -> float:
    """Fewer printed significant digits, more room for coincidence: 1 digit 0.4 ... 4 digits and more 1."""
    digits = len(str(abs(round(c.printed.value / c.unit))).lstrip("0")) or 1
    return min(1.0, 0.25 + 0.1875 * digits)


def _allowed(c: _Case) -> tuple[int, int]:
    """The range of values (in units of the last printed decimal) whose printed interval meets the
    implied one."""
    lo = math.ceil(c.implied.lo / c.unit - 0.5 - 1e-9)
    hi = math.floor(c.implied.hi / c.unit + 0.5 + 1e-9)
    return lo, max(lo, hi)


def _candidates(c: _Case) -> list[int]:
    """The allowed values nearest the implied value first; none when there are too many for a digit
    pattern to be evidence."""
    lo, hi = _allowed(c)
    if hi - lo >= _MAX_CANDIDATES:
        return []
    centre = c.implied.value / c.unit
    return sorted(range(lo, hi + 1), key=lambda n: abs(n - centre))


# --------------------------------------------------------------------------------------
# the hypotheses, in the order they are tried


def _near_miss(c: _Case) -> Diagnosis | None:
    p, u = c.printed.value, c.unit
    if not Iv(p - u * 1.5, p + u * 1.5).meets(c.implied):
        return None
    lo, hi = _allowed(c)
    value = _round(min(max(round(p / u), lo), hi) * u, c.d)
    if Iv.printed(p, c.d, truncated_ok=True).meets(c.implied):
        text = (
            f"Printed {c.shown} is the implied {c.vi(c.implied.value, c.d + 2)} cut off after "
            f"{c.d} decimals instead of rounded ({c.vi(value)})."
        )
        return c.result("truncated_not_rounded", value, text, 0.7)
    text = f"Printed {c.shown} is one unit of its last decimal away from the {c.vi(value)} the relation implies."
    return c.result("rounding", value, text, 0.9)


def _scale_slip(c: _Case) -> Diagnosis | None:
    if not _excludes_zero(c.implied) or c.printed.value == 0:
        return None
    for k in _SCALES:
        if c.implied.scale(10.0**k).meets(c.iv):
            decimals = max(c.d + k, 0)
            value = _round(c.printed.value / 10.0**k, decimals)
            times = f"{10**k:,}".replace(",", ".") if k > 0 else f"1/{10**-k:,}".replace(",", ".")
            text = (
                f"Printed {c.shown} is {times} times the {c.vi(value, decimals)} the relation implies "
                "(a misplaced separator or a unit slip such as tỷ for nghìn tỷ)."
            )
            return c.result("scale_slip", value, text, 0.85 * _weight(c) + 0.1)
    return None


def _sign_slip(c: _Case) -> Diagnosis | None:
    if not _excludes_zero(c.implied) or not (-c.implied).meets(c.iv):
        return None
    text = (
        f"Printed {c.shown} has the opposite sign of the {c.vi(c.expected)} the relation implies "
        "(a decrease written as an increase, or a dropped minus)."
    )
    return c.result("sign_slip", c.expected, text, 0.85)


def _points_percent(c: _Case) -> Diagnosis | None:
    readings: list[tuple[Kind, Iv, str]] = []
    if c.relation in _INDEXED:
        readings.append(("points_as_percent", c.implied.shift(-100), "the change above 100 (points)"))
        readings.append(("percent_as_points", c.implied.shift(100), "the index (percent of the base)"))
    if "points" in c.alternatives:
        readings.append(("points_as_percent", c.alternatives["points"], "the difference in percentage points"))
    if "ratio" in c.alternatives:
        readings.append(("percent_as_points", c.alternatives["ratio"], "the relative change in percent"))
    for kind, alt, what in readings:
        if alt.meets(c.iv) and not c.implied.meets(alt):
            meant = "the index or ratio" if kind == "points_as_percent" else "a difference in points"
            text = f"Printed {c.shown} is {what} where {meant} was meant: the relation implies {c.vi(c.expected)}."
            return c.result(kind, c.expected, text, 0.8)
    return None


def _wrong_base(c: _Case) -> Diagnosis | None:
    for key, base in _BASES.items():
        alt = c.alternatives.get(key)
        if alt is not None and alt.meets(c.iv) and not c.implied.meets(alt):
            text = (
                f"Printed {c.shown} is the figure computed against {base}, not the "
                f"{c.vi(c.expected)} the relation implies against its stated base."
            )
            return c.result("wrong_base_period", c.expected, text, 0.75)
    return None


def _missing_component(c: _Case) -> Diagnosis | None:
    if c.relation not in _SUMS:
        return None
    gap = c.gap()
    if gap.hi <= 0:
        return None
    hits = [k for k in c.known_components if Iv.printed(k.value, k.decimals).meets(gap)]
    if not hits:
        return None
    k = hits[0]
    name = k.label or k.raw or format_vi(k.value, k.decimals)
    shown = k.raw or format_vi(k.value, k.decimals)
    text = (
        f"The parts add up to {c.vi(c.implied.value, max(c.d, k.decimals))}, short of the printed {c.shown} "
        f"by exactly '{name}' ({shown}), which the list leaves out."
    )
    return c.result("missing_component", k.value, text, 0.8 / len(hits), suspect=f"missing:{name}")


def _digits(n: int, decimals: int) -> str:
    return str(abs(n)).zfill(max(decimals, 0) + 1)


def _one_digit(a: str, b: str) -> str | None:
    diff = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
    return f"{a[diff[0]]} for {b[diff[0]]}" if len(diff) == 1 else None


def _swapped(a: str, b: str) -> str | None:
    diff = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
    if len(diff) != 2 or diff[1] != diff[0] + 1:
        return None
    i = diff[0]
    return f"{a[i : i + 2]} for {b[i : i + 2]}" if a[i] == b[i + 1] and a[i + 1] == b[i] else None


def _digit_slip(c: _Case) -> Diagnosis | None:
    """One wrong digit, else two adjacent digits swapped, between the printed digits and those of a
    value the relation allows; the values are tried nearest the implied value first, so that the
    plainest reading decides (12,34 against 12,43 ± 0,005 is a swap, not 12,44 with one digit off)."""
    pn = round(c.printed.value / c.unit)
    a = _digits(pn, c.d)
    for n in _candidates(c):
        b = _digits(n, c.d)
        if abs(n - pn) <= 1 or len(a) != len(b) or (pn >= 0) != (n >= 0):
            continue
        value = _round(n * c.unit, c.d)
        one = _one_digit(a, b)
        if one is not None:
            text = f"Printed {c.shown} differs in one digit ({one}) from the {c.vi(value)} the relation implies."
            return c.result("wrong_digit", value, text, 0.6 * _weight(c))
        swap = _swapped(a, b)
        if swap is not None:
            text = f"Printed {c.shown} is the {c.vi(value)} the relation implies with adjacent digits swapped ({swap})."
            return c.result("transposed_digits", value, text, 0.7 * _weight(c))
    return None


def _partial_column(c: _Case) -> Diagnosis | None:
    if c.relation not in _SUMS or c.other_columns_hold is not True or c.gap().lo <= 0:
        return None
    lack = _round(c.gap().mid, c.d)
    text = (
        f"The rows add up in the other columns but here only to {c.vi(c.implied.value)} of the printed "
        f"{c.shown}: this column's total covers {c.vi(lack)} the listed rows do not."
    )
    return c.result("partial_column", lack, text, 0.5, suspect="breakdown")


_HYPOTHESES: tuple[Callable[[_Case], Diagnosis | None], ...] = (
    _near_miss,
    _scale_slip,
    _sign_slip,
    _points_percent,
    _wrong_base,
    _missing_component,
    _digit_slip,
    _partial_column,
)


def _finite(c: _Case) -> bool:
    ivs = [c.implied, *c.alternatives.values()]
    numbers = [c.printed.value, *(x for iv in ivs for x in (iv.lo, iv.hi)), *(k.value for k in c.known_components)]
    return all(math.isfinite(x) for x in numbers) and abs(c.d) <= _MAX_DECIMALS


def diagnose_value(
    printed: Printed,
    implied: Iv,
    *,
    relation: Relation,
    known_components: Sequence[Printed] = (),
    other_columns_hold: bool | None = None,
    alternatives: Mapping[str, Iv] | None = None,
) -> Diagnosis:
    """The most plausible reason why `printed` is not the `implied` value of its relation.

    `relation` is the identity family (see `Relation`); `known_components` are figures printed
    elsewhere that a sum may have left out; `other_columns_hold` is True when the same breakdown
    adds up in the table's other columns; `alternatives` are the intervals other readings imply:
    'points' / 'ratio' (difference in points, relative change) and 'previous_period' /
    'same_period' (the change against another base). Pure; never raises on finite or odd input
    (non-finite numbers give 'unexplained' without a suggestion).
    """
    c = _Case(
        printed=printed,
        implied=implied,
        relation=relation,
        known_components=tuple(known_components),
        other_columns_hold=other_columns_hold,
        alternatives=alternatives or {},
    )
    if not _finite(c):
        return c.result("unexplained", None, f"Printed {printed.raw or printed.value} cannot be compared.", 0.0)
    if c.iv.meets(implied):
        text = f"Printed {c.shown} agrees with the {c.vi(c.expected)} the relation implies, within rounding."
        return c.result("rounding", _round(printed.value, c.d), text, 1.0)
    for hypothesis in _HYPOTHESES:
        found = hypothesis(c)
        if found is not None:
            return found
    text = (
        f"Printed {c.shown} does not match the {c.vi(c.expected)} the relation implies, and no known slip explains it."
    )
    return c.result("unexplained", c.expected, text, 0.0)
