"""Interval arithmetic for printed figures (the XBRL Calculations 1.1 view of rounded facts).

A figure printed with d decimals stands for the interval value ± half a unit in its last printed
decimal. Sums, differences, products and ratios of such figures are intervals too; a relation
between printed figures fails only when the interval computed from the operands cannot meet the
interval of the printed result.

Derived figures (percentages, ratios, multiples) are sometimes truncated rather than rounded by
report authors (2,1857 printed 2,18): `printed(..., truncated_ok=True)` widens the printed
interval to cover both readings, and the check reports which one it needed.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Iv:
    """A closed interval [lo, hi], with the printed value it stands for when there is one."""

    lo: float
    hi: float
    at: float | None = None  # the printed value, for intervals that stand for one printed figure

    @staticmethod
    def printed(value: float, decimals: int, truncated_ok: bool = False) -> Iv:
        """A figure printed with `decimals` decimals (or, with truncated_ok, possibly truncated)."""
        h = 0.5 * 10.0 ** (-decimals)
        if not truncated_ok:
            return Iv(value - h, value + h, value)
        u = 2 * h
        return Iv(value - h, value + u, value) if value >= 0 else Iv(value - u, value + h, value)

    @staticmethod
    def exact(value: float) -> Iv:
        """An exact value (a count, a constant)."""
        return Iv(value, value, value)

    @property
    def mid(self) -> float:
        """The midpoint."""
        return (self.lo + self.hi) / 2

    @property
    def value(self) -> float:
        """The printed value when there is one, else the midpoint."""
        return self.at if self.at is not None else self.mid

    @property
    def half(self) -> float:
        """Half the width: the tolerance the interval stands for."""
        return (self.hi - self.lo) / 2

    def __add__(self, other: Iv) -> Iv:
        return Iv(self.lo + other.lo, self.hi + other.hi)

    def __sub__(self, other: Iv) -> Iv:
        return Iv(self.lo - other.hi, self.hi - other.lo)

    def __neg__(self) -> Iv:
        return Iv(-self.hi, -self.lo, None if self.at is None else -self.at)

    def __mul__(self, other: Iv) -> Iv:
        p = (self.lo * other.lo, self.lo * other.hi, self.hi * other.lo, self.hi * other.hi)
        return Iv(min(p), max(p))

    def scale(self, k: float) -> Iv:
        """The interval times a constant."""
        a, b = self.lo * k, self.hi * k
        return Iv(min(a, b), max(a, b), None if self.at is None else self.at * k)

    def shift(self, k: float) -> Iv:
        """The interval plus a constant."""
        return Iv(self.lo + k, self.hi + k, None if self.at is None else self.at + k)

    def __truediv__(self, other: Iv) -> Iv | None:
        if other.lo <= 0 <= other.hi:
            return None  # the divisor may be zero: no interval
        q = (self.lo / other.lo, self.lo / other.hi, self.hi / other.lo, self.hi / other.hi)
        return Iv(min(q), max(q))

    def margin(self, other: Iv) -> float:
        """>= 0 when the two intervals meet; the distance between them (negative) otherwise.
        Float noise (1e-9 of the magnitudes) counts as touching: 0,1 + 0,2 meets 0,3."""
        m = min(self.hi - other.lo, other.hi - self.lo)
        noise = 1e-9 * max(1.0, abs(self.lo), abs(self.hi), abs(other.lo), abs(other.hi))
        return 0.0 if -noise < m < 0 else m

    def meets(self, other: Iv) -> bool:
        """The two intervals meet (margin >= 0)."""
        return self.margin(other) >= 0


def total(items: list[Iv]) -> Iv:
    """The sum of intervals (an empty sum is exactly 0)."""
    out = Iv(0.0, 0.0)
    for iv in items:
        out = out + iv
    return out
