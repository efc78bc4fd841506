"""The period grammar (pipeline/vi/periods.py): what each reader finds in the reports' own phrasing."""

from __future__ import annotations

import pytest

from pipeline.vi.periods import PREVIOUS_PERIOD_START, column_period, period_fits, period_in, report_period


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("Tổng sản phẩm 6 tháng đầu năm 2024 ước đạt 7.155,29 tỷ đồng", "6 tháng đầu năm 2024"),
        ("Sáu tháng cuối năm, tỉnh tập trung", "Sáu tháng cuối năm"),
        ("Quý II năm 2024 thu ngân sách", "Quý II năm 2024"),
        ("trong quý 1/2024", "quý 1/2024"),
        ("tháng 6/2024 tăng", "tháng 6/2024"),
        ("Tính đến ngày 30/6/2024 dư nợ", "Tính đến ngày 30/6/2024"),
        ("tăng 8,75% so với cùng kỳ 6 tháng đầu năm 2023", None),
        ("tăng 31 bậc so với năm 2022", None),
    ],
)
def test_period_in(text, period):
    assert period_in(text) == period


def test_report_period_takes_the_year_of_the_title_or_the_date():
    title = "Báo cáo tình hình kinh tế - xã hội 6 tháng đầu năm; nhiệm vụ 6 tháng cuối năm 2024"
    assert report_period(title, "2024-07-05") == "6 tháng đầu năm 2024"
    assert report_period("Báo cáo 6 tháng đầu năm", "2023-07-01") == "6 tháng đầu năm 2023"
    assert report_period(None, None) is None


@pytest.mark.parametrize(
    ("period", "column", "fits"),
    [
        ("6 tháng đầu năm 2024", "Ước TH 6 tháng 2024", True),
        ("6 tháng đầu năm 2024", "Thực hiện 6 tháng 2023", False),
        ("9 tháng năm 2024", "Ước TH 6 tháng 2024", False),
        (None, "Kế hoạch 2024", True),
    ],
)
def test_period_fits(period, column, fits):
    assert period_fits(period, column) is fits


@pytest.mark.parametrize(
    ("header", "period"),
    [
        ("Kế hoạch 2024", "2024"),
        ("So sánh Ước TH 6 tháng 2024 với KH 2024 (%)", "2024"),
        ("Ước TH 6 tháng 2024", "6 tháng 2024"),
        ("Quý II 2024", "Quý II 2024"),
        ("Đơn vị tính", None),
    ],
)
def test_column_period(header, period):
    assert column_period(header) == period


@pytest.mark.parametrize(
    ("text", "year"),
    [("Cùng kỳ năm 2023, có 10 doanh nghiệp giải thể", None), ("5 tháng đầu năm 2023 có 12 dự án", "2023")],
)
def test_previous_period_start(text, year):
    m = PREVIOUS_PERIOD_START.match(text)
    assert m is not None and m.group(1) == year
