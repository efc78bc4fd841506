"""Diagnosis of failed relations: one realistic case per hypothesis, the order between hypotheses
that could both claim a figure, and properties over many generated figures."""

from __future__ import annotations

import math
import random
import typing

import pytest

from pipeline.validate.diagnosis import Diagnosis, Kind, Printed, diagnose_value, format_vi
from pipeline.validate.intervals import Iv, total

# Ninh Thuận GRDP by sector (tỷ đồng): they add up to 7.155,30, printed 7.155,29
SECTORS = (1203.14, 1375.25, 4253.67, 323.24)


def sectors() -> Iv:
    return total([Iv.printed(v, 2) for v in SECTORS])


def printed(value: float, decimals: int, **kw: typing.Any) -> Printed:
    return Printed(value=value, decimals=decimals, raw=format_vi(value, decimals), **kw)


# --------------------------------------------------------------------------------------
# one case per hypothesis


def test_scale_slip_grdp_printed_ten_times_its_sectors():
    d = diagnose_value(printed(71552.9, 1, label="GRDP"), sectors(), relation="sum")
    assert d.kind == "scale_slip"
    assert d.suggested_value == pytest.approx(7155.29)
    assert d.suspect == "result:GRDP"
    assert "71.552,9" in d.explanation and "7.155,29" in d.explanation and "10 times" in d.explanation


def test_scale_slip_thousand_times_too_small_tỷ_for_nghìn_tỷ():
    d = diagnose_value(printed(7.155, 3), sectors(), relation="sum")
    assert d.kind == "scale_slip"
    assert d.suggested_value == pytest.approx(7155.0)
    assert "1/1.000 times" in d.explanation


def test_growth_one_hundredth_off_is_rounding_not_truncation():
    # 1.408,19 against 881,596: +59,7319 %; rounding and truncation both give 59,73, printed 59,72
    implied = (Iv.printed(1408.19, 2) / Iv.printed(881.596, 3)).scale(100).shift(-100)
    d = diagnose_value(printed(59.72, 2), implied, relation="growth")
    assert d.kind == "rounding"
    assert d.suggested_value == pytest.approx(59.73)
    assert "59,73" in d.explanation


def test_nine_of_twenty_eight_printed_32_15_is_rounding():
    # 9/28 = 32,142857 %: truncation gives 32,14 as rounding does, so 32,15 is a rounding slip; one
    # digit differs too, but a one-unit miss is never called a wrong digit
    d = diagnose_value(printed(32.15, 2), Iv.exact(9 / 28 * 100), relation="share")
    assert d.kind == "rounding"
    assert d.suggested_value == pytest.approx(32.14)


def test_truncated_not_rounded():
    # 1.368,19 / 625,98 = 2,18566 times, printed 2,18
    implied = Iv.printed(1368.19, 2) / Iv.printed(625.98, 2)
    assert implied is not None
    d = diagnose_value(printed(2.18, 2), implied, relation="ratio_pct")
    assert d.kind == "truncated_not_rounded"
    assert d.suggested_value == pytest.approx(2.19)
    assert "2,1857" in d.explanation


def test_wrong_digit_in_a_total():
    d = diagnose_value(printed(7185.29, 2, role="total"), sectors(), relation="sum")
    assert d.kind == "wrong_digit"
    assert d.suggested_value == pytest.approx(7155.29)
    assert d.suspect == "total"
    assert "(8 for 5)" in d.explanation


def test_transposed_digits_in_a_share():
    # industry's share 1.375,25 / 11.064,0 = 12,43 %, printed 12,34
    implied = Iv.printed(1375.25, 2) / Iv.printed(11064.0, 1)
    assert implied is not None
    d = diagnose_value(printed(12.34, 2), implied.scale(100), relation="share")
    assert d.kind == "transposed_digits"
    assert d.suggested_value == pytest.approx(12.43)
    assert "(34 for 43)" in d.explanation
    # against a printed 12,43, which also allows 12,42 and 12,44 at its edges: the nearest decides
    d = diagnose_value(printed(12.34, 2), Iv.printed(12.43, 2), relation="restatement")
    assert d.kind == "transposed_digits" and d.suggested_value == pytest.approx(12.43)


def test_missing_component_product_taxes_left_out():
    # three sectors listed, the total also counts product taxes less subsidies (863,28)
    parts = total([Iv.printed(v, 2) for v in SECTORS[:3]])  # 6.832,06
    known = [
        printed(323.24, 2, role="part", label="Nông, lâm nghiệp và thủy sản (khác)"),
        printed(863.28, 2, role="part", label="Thuế sản phẩm trừ trợ cấp sản phẩm"),
    ]
    d = diagnose_value(printed(7695.34, 2, role="total"), parts, relation="sum", known_components=known)
    assert d.kind == "missing_component"
    assert d.suspect == "missing:Thuế sản phẩm trừ trợ cấp sản phẩm"
    assert d.suggested_value == pytest.approx(863.28)
    assert "6.832,06" in d.explanation and "863,28" in d.explanation


def test_missing_component_seen_from_a_part():
    # the part the relation implies (total less the other parts) is the printed part plus 863,28
    implied = Iv.printed(7695.34, 2) - total([Iv.printed(v, 2) for v in SECTORS[1:3]])
    known = [printed(863.28, 2, label="Thuế sản phẩm trừ trợ cấp sản phẩm")]
    d = diagnose_value(printed(1203.14, 2, role="part"), implied, relation="sum", known_components=known)
    assert d.kind == "missing_component"


def test_partial_column_dien_bien_food_output_plan():
    # Điện Biên, food output, plan column: Lúa + Ngô = 132.954,30 against a total of 281.918,18 while
    # the same rows add up in the other columns
    parts = total([Iv.printed(96412.6, 2), Iv.printed(36541.7, 2)])
    total_ = printed(281918.18, 2, role="total", label="Tổng sản lượng lương thực có hạt")
    d = diagnose_value(total_, parts, relation="sum", other_columns_hold=True)
    assert d.kind == "partial_column"
    assert d.suspect == "breakdown"
    assert d.suggested_value == pytest.approx(148963.88)
    assert "132.954,30" in d.explanation and "281.918,18" in d.explanation
    # without the other columns' evidence nothing explains it
    assert diagnose_value(total_, parts, relation="sum").kind == "unexplained"


def test_points_as_percent_growth_printed_without_the_base():
    # the levels give an index of 108,75 %, the report prints 8,75
    d = diagnose_value(printed(8.75, 2), Iv.printed(108.75, 2), relation="growth")
    assert d.kind == "points_as_percent"
    assert d.suggested_value == pytest.approx(108.75)


def test_percent_as_points_index_printed_as_growth():
    d = diagnose_value(printed(108.75, 2), Iv.printed(8.75, 2), relation="growth")
    assert d.kind == "percent_as_points"
    assert d.suggested_value == pytest.approx(8.75)


def test_points_as_percent_from_the_callers_alternatives():
    # a share from 35,2 % to 37,7 %: 'tăng 2,5%' printed where the relative change (7,10 %) is meant
    ratio = Iv.printed(37.7, 1) / Iv.printed(35.2, 1)
    assert ratio is not None
    rel = ratio.scale(100).shift(-100)
    points = Iv.printed(37.7, 1) - Iv.printed(35.2, 1)
    d = diagnose_value(printed(2.5, 1), rel, relation="share", alternatives={"points": points, "ratio": rel})
    assert d.kind == "points_as_percent"
    assert d.suggested_value == pytest.approx(7.1)
    # and the reverse: points meant, the relative change printed
    d = diagnose_value(printed(7.1, 1), points, relation="contribution_pp", alternatives={"ratio": rel})
    assert d.kind == "percent_as_points"
    assert d.suggested_value == pytest.approx(2.5)


def test_wrong_base_period():
    # against the same period last year +12,3 %; against the previous quarter +4,6 %, as printed
    alts = {"previous_period": Iv.printed(4.6, 1), "same_period": Iv.printed(12.3, 1)}
    d = diagnose_value(printed(4.6, 1), Iv.printed(12.3, 1), relation="growth", alternatives=alts)
    assert d.kind == "wrong_base_period"
    assert d.suggested_value == pytest.approx(12.3)
    assert "previous period" in d.explanation


def test_sign_slip():
    # export turnover fell by 125,4 million USD, printed as a rise
    implied = Iv.printed(1087.6, 1) - Iv.printed(1213.0, 1)
    d = diagnose_value(printed(125.4, 1), implied, relation="abs_change")
    assert d.kind == "sign_slip"
    assert d.suggested_value == pytest.approx(-125.4)


def test_unexplained():
    d = diagnose_value(printed(500.0, 1), Iv.printed(731.6, 1), relation="per_capita")
    assert d.kind == "unexplained"
    assert d.suggested_value == pytest.approx(731.6)
    assert d.confidence == 0.0


def test_agreement_is_rounding_with_nothing_to_change():
    d = diagnose_value(printed(7155.29, 2), sectors(), relation="sum")
    assert d.kind == "rounding" and d.confidence == 1.0
    assert d.suggested_value == pytest.approx(7155.29)


# --------------------------------------------------------------------------------------
# order between hypotheses that both fit


def test_index_printed_as_growth_beats_a_one_digit_difference():
    # index 250 printed as 150: one digit differs, but it is exactly the index less 100
    assert diagnose_value(printed(150.0, 0), Iv.exact(250.0), relation="ratio_pct").kind == "points_as_percent"
    # the same digits in a plain sum are a wrong digit
    assert diagnose_value(printed(150.0, 0), Iv.exact(250.0), relation="sum").kind == "wrong_digit"


def test_missing_component_beats_a_one_digit_difference():
    # parts 6.000,00, total 6.300,00: one digit, or the 300,00 component left out
    known = [printed(300.0, 2, label="Thuế sản phẩm")]
    d = diagnose_value(printed(6300.0, 2), Iv.printed(6000.0, 2), relation="sum", known_components=known)
    assert d.kind == "missing_component"
    assert diagnose_value(printed(6300.0, 2), Iv.printed(6000.0, 2), relation="sum").kind == "wrong_digit"


def test_two_matching_components_halve_the_confidence():
    known = [printed(863.28, 2, label="A"), printed(863.28, 2, label="B")]
    parts = total([Iv.printed(v, 2) for v in SECTORS[:3]])
    d = diagnose_value(printed(7695.34, 2), parts, relation="sum", known_components=known)
    assert d.kind == "missing_component" and d.confidence == pytest.approx(0.4)


def test_records_are_keyword_only():
    with pytest.raises(TypeError):
        Printed(7155.29, 2)  # type: ignore[misc]
    with pytest.raises(TypeError):
        Diagnosis("rounding", None, "result", "", 1.0)  # type: ignore[misc]


# --------------------------------------------------------------------------------------
# Vietnamese notation


@pytest.mark.parametrize(
    ("value", "decimals", "text"),
    [
        (7155.29, 2, "7.155,29"),
        (71552.9, 1, "71.552,9"),
        (-1234.5, 1, "-1.234,5"),
        (881.596, 3, "881,596"),
        (91.0, 0, "91"),
        (0.005, 2, "0,01"),  # half away from zero, on the decimal digits
        (-0.001, 2, "0,00"),
        (71552.9, -3, "72.000"),
    ],
)
def test_format_vi(value: float, decimals: int, text: str):
    assert format_vi(value, decimals) == text


def test_format_vi_mirrors_relations_fmt():
    from pipeline.validate import fmt

    # away from exact halves, where format_vi rounds half away from zero and fmt half to even
    for value in (7155.29, 1234567.891, -42.56, 0.0, 132954.3, -5.0):
        for decimals in (0, 1, 2, 3):
            assert format_vi(value, decimals) == fmt(value, decimals)


# --------------------------------------------------------------------------------------
# properties over generated figures (hypothesis is not installed: seeded random cases)

KINDS = set(typing.get_args(Kind))
RELATIONS = ["sum", "partial_sum", "share", "shares_sum_100", "growth", "abs_change", "plan_attainment"]
RELATIONS += ["contributions_sum", "contribution_pp", "per_capita", "ratio_pct", "restatement", "other"]


def _random_value(rng: random.Random) -> float:
    pick = rng.random()
    if pick < 0.05:
        return rng.choice([0.0, -0.0, math.inf, -math.inf, math.nan, 1e300, -1e-300])
    return round(rng.uniform(-1, 1) * 10 ** rng.randint(-3, 9), rng.randint(0, 4))


def _random_iv(rng: random.Random) -> Iv:
    a, b = _random_value(rng), _random_value(rng)
    return Iv(min(a, b), max(a, b)) if rng.random() < 0.5 else Iv.printed(a, rng.randint(-2, 4))


@pytest.mark.parametrize("seed", range(40))
def test_never_raises(seed: int):
    rng = random.Random(seed)
    for _ in range(100):
        p = Printed(value=_random_value(rng), decimals=rng.randint(-3, 6), role=rng.choice(["result", "part"]))
        known = [Printed(value=_random_value(rng), decimals=rng.randint(0, 3)) for _ in range(rng.randint(0, 3))]
        keys = rng.sample(["points", "ratio", "previous_period", "same_period", "other"], rng.randint(0, 3))
        d = diagnose_value(
            p,
            _random_iv(rng),
            relation=rng.choice(RELATIONS),  # type: ignore[arg-type]
            known_components=known,
            other_columns_hold=rng.choice([None, True, False]),
            alternatives={k: _random_iv(rng) for k in keys},
        )
        assert d.kind in KINDS and 0.0 <= d.confidence <= 1.0 and d.explanation


@pytest.mark.parametrize("seed", range(40))
def test_a_figure_equal_to_the_implied_value_is_never_a_slip(seed: int):
    rng = random.Random(seed)
    for _ in range(100):
        decimals = rng.randint(0, 4)
        exact = rng.uniform(-1, 1) * 10 ** rng.randint(-2, 8)
        value = round(exact, decimals)
        implied = rng.choice([Iv.exact(exact), Iv.printed(value, decimals), Iv.printed(exact, decimals + 2)])
        known = [Printed(value=abs(value), decimals=decimals)]
        d = diagnose_value(
            Printed(value=value, decimals=decimals),
            implied,
            relation=rng.choice(RELATIONS),  # type: ignore[arg-type]
            known_components=known,
            other_columns_hold=True,
            alternatives={"points": Iv.exact(-exact), "previous_period": Iv.exact(exact * 10)},
        )
        assert d.kind == "rounding", (value, decimals, implied, d)


def test_one_unit_beyond_a_wide_sum_suggests_the_nearest_allowed_value():
    # 40 parts printed to whole units: the sum allows 980..1020, printed 1021 is one unit out
    parts = total([Iv.printed(25.0, 0)] * 40)
    d = diagnose_value(printed(1021.0, 0), parts, relation="sum")
    assert d.kind == "rounding" and d.suggested_value == pytest.approx(1020.0)
