"""Interval arithmetic of printed figures: the tolerance every check uses."""

from __future__ import annotations

import pytest

from pipeline.validate.intervals import Iv, total


def test_printed_figure_is_half_a_unit_of_its_last_decimal():
    iv = Iv.printed(7155.29, 2)
    assert iv.lo == pytest.approx(7155.285) and iv.hi == pytest.approx(7155.295)
    assert Iv.printed(91, 0).half == pytest.approx(0.5)
    assert Iv.printed(881.596, 3).half == pytest.approx(0.0005)


def test_rounded_components_meet_their_rounded_total():
    # 1.203,14 + 1.375,25 + 4.253,67 + 323,24 = 7.155,30, printed 7.155,29: within rounding
    parts = total([Iv.printed(v, 2) for v in (1203.14, 1375.25, 4253.67, 323.24)])
    assert parts.meets(Iv.printed(7155.29, 2))
    # one hundredth more than four roundings allow
    assert not parts.meets(Iv.printed(7155.24, 2))


def test_ratio_interval_and_truncation():
    q = Iv.printed(1368.19, 2) / Iv.printed(625.98, 2)
    assert q is not None
    assert q.scale(100).meets(Iv.printed(218.57, 2))
    # 2,1857 printed 2,18: only the truncated reading meets
    assert not q.meets(Iv.printed(2.18, 2))
    assert q.meets(Iv.printed(2.18, 2, truncated_ok=True))


def test_exact_counts_do_not_widen():
    q = Iv.exact(9) / Iv.exact(28)
    assert q is not None
    assert not q.scale(100).meets(Iv.printed(32.15, 2, truncated_ok=True))
    assert q.scale(100).meets(Iv.printed(32.14, 2))


def test_division_by_an_interval_holding_zero_has_no_answer():
    assert Iv.printed(5, 0) / Iv.printed(0, 0) is None
    assert Iv.printed(5, 0) / Iv.printed(0.2, 1) is not None


def test_float_noise_counts_as_touching():
    a = Iv.exact(0.1) + Iv.exact(0.2)
    assert a.margin(Iv.exact(0.3)) == 0.0
    assert Iv.exact(1.0).margin(Iv.exact(1.001)) < 0


def test_printed_value_travels_through_scale_and_shift():
    iv = Iv.printed(108.75, 2).shift(-100)
    assert iv.value == pytest.approx(8.75)
    assert (-iv).value == pytest.approx(-8.75)
    assert (Iv.printed(1, 0) + Iv.printed(2, 0)).at is None
