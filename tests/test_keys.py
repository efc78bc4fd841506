"""Canonical keys of the clean tables: unit spellings, periods as dates, provinces, measures (issue 13)."""

from __future__ import annotations

from datetime import date

import pytest

from pipeline.publish.figures import cell_measure
from pipeline.publish.keys import ReportKeys, period_fields, report_keys, unit_book, unit_reading
from pipeline.publish.places import province_of
from pipeline.rules import default_rules
from pipeline.vi.periods import period_span, year_earlier


def test_unit_spellings_examples_of_the_rule_file():
    examples = default_rules().data("rules/unit_spellings.yaml")["examples"]
    assert len(examples) >= 10
    book = unit_book()
    for ex in examples:
        r = unit_reading(ex["printed"], book)
        assert (r.unit, r.base) == (ex["unit"], ex["base"]), ex
        assert r.scale == pytest.approx(float(ex["scale"])), ex


def test_one_spelling_per_unit():
    book = unit_book()
    spellings = {unit_reading(u, book).unit for u in ("Tỷ đồng", "tỷ đồng", "TỶ ĐỒNG", "tỉ đồng", "Tỷ  đồng")}
    assert spellings == {"tỷ đồng"}
    assert unit_reading(None, book).unit is None and unit_reading(None, book).scale == 1


@pytest.mark.parametrize(
    ("text", "start", "end", "label"),
    [
        ("6 tháng đầu năm 2024", date(2024, 1, 1), date(2024, 6, 30), "2024-H1"),
        ("6 tháng cuối năm", date(2024, 7, 1), date(2024, 12, 31), "2024-H2"),
        ("quý II", date(2024, 4, 1), date(2024, 6, 30), "2024-Q2"),
        ("quý IV năm 2023", date(2023, 10, 1), date(2023, 12, 31), "2023-Q4"),
        ("9 tháng 2024", date(2024, 1, 1), date(2024, 9, 30), "2024-9M"),
        ("năm 2023", date(2023, 1, 1), date(2023, 12, 31), "2023"),
        ("Kế hoạch 2024", date(2024, 1, 1), date(2024, 12, 31), "2024"),
        ("tháng 10/2023", date(2023, 10, 1), date(2023, 10, 31), "2023-10"),
        ("tháng 2 năm 2024", date(2024, 2, 1), date(2024, 2, 29), "2024-02"),
        ("tính đến ngày 30/6/2024", date(2024, 6, 30), date(2024, 6, 30), "2024-06-30"),
        ("sáu tháng đầu năm", date(2024, 1, 1), date(2024, 6, 30), "2024-H1"),
    ],
)
def test_periods_as_dates(text, start, end, label):
    span = period_span(text, 2024)
    assert span is not None, text
    assert (span.start, span.end, span.label) == (start, end, label)


def test_same_period_a_year_earlier():
    span = year_earlier(period_span("6 tháng đầu năm 2024"))
    assert (span.start, span.end, span.label) == (date(2023, 1, 1), date(2023, 6, 30), "2023-H1")
    leap = year_earlier(period_span("tháng 2/2024"))
    assert leap.end == date(2023, 2, 28)
    assert period_span("cùng kỳ", 2024) is None and period_span("đến 31/2/2024") is None


def test_a_figure_without_a_period_has_the_reports():
    keys = report_keys({"report_id": "r", "period": "6 tháng đầu năm 2024", "metadata": {"date": "2024-07-05"}})
    assert period_fields(None, keys)["period_label"] == "2024-H1"
    assert period_fields("quý II", keys)["period_start"] == date(2024, 4, 1)
    assert period_fields("x", ReportKeys(fields={}, span=None, year=None))["period_start"] is None


def test_province_codes_before_and_after_the_2025_reorganisation():
    dien_bien = province_of("UBND TỈNH ĐIỆN BIÊN", "Điện Biên", date(2024, 7, 5))
    assert (dien_bien.name, dien_bien.code, dien_bien.code_2025) == ("Điện Biên", "11", "11")
    ha_giang = province_of("UBND TỈNH HÀ GIANG", None, date(2024, 7, 5))
    assert (ha_giang.code, ha_giang.code_2025) == ("02", "08")  # merged into Tuyên Quang
    after = province_of("UBND TỈNH TUYÊN QUANG", None, date(2025, 10, 5))
    assert (after.name, after.code) == ("Tuyên Quang", "08")
    assert province_of(None, "Sơn La", None).code == "14"  # no issuer: the place line
    assert province_of("BỘ KẾ HOẠCH VÀ ĐẦU TƯ", "Hà Nội", date(2024, 7, 5)).code is None  # a national body


def test_a_ratio_column_is_a_ratio_or_a_difference_in_points():
    col = "So sánh Ước TH 6 tháng 2024 với (%) | Thực hiện 6 tháng 2023"
    ratio = cell_measure(col, "level", "ratio", 2024)
    assert (ratio["measure"], ratio["value_type"], ratio["comparison"], ratio["unit"]) == (
        "ratio_pct", "estimate", "same_period_prev_year", "%")  # fmt: skip
    points = cell_measure(col, "share_pct", "difference in points", 2024)
    assert (points["measure"], points["unit"]) == ("pp_change", "điểm %")
    plan = cell_measure("So sánh Ước TH 6 tháng 2024 với (%) | KH 2024", "level", None, 2024)
    assert (plan["measure"], plan["comparison"]) == ("plan_pct", "plan")
    level = cell_measure("Kế hoạch 2024", "level", None, 2024)
    assert (level["measure"], level["value_type"], level["figure_period"]) == ("level", "plan", "2024")
