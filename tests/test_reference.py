"""National figures quoted in a report against the statistics office's published series: the period
printed with a figure, and a generated report whose national GDP growth is quoted right, altered, and
labelled with the wrong period."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from pdfgen import ReportPdf, official_header

from pipeline import run
from pipeline.claims.records import Claim
from pipeline.publish import contract
from pipeline.validate.reference import printed_period, series


def _claim(sentence: str, raw: str) -> Claim:
    start = sentence.index(raw)
    return Claim(sentence_id="s", page=1, section_id=None, footnote=None, raw=raw, value=None, kind="change_pct",
                 start=start, end=start + len(raw))  # fmt: skip


@pytest.mark.parametrize(
    "sentence, raw, period",
    [
        ("GDP quý IV tăng 5,22%, cao hơn tốc độ tăng 4,61% của năm 2020.", "4,61", "2020"),
        ("Tổng sản phẩm trong nước (GDP) năm 2021 ước tính tăng 2,58% so với cùng kỳ năm trước.", "2,58", "2021"),
        ("GDP quý IV/2021 ước tăng 5,22% so với cùng kỳ năm trước.", "5,22", "2021-Q4"),
        ("GDP ước tăng 5,22% so với cùng kỳ năm trước.", "5,22", None),  # no period printed with it
        ("Năm 2022, xuất khẩu tăng mạnh, GDP tăng 8,02%.", "8,02", None),  # the year is in another clause
        ("GDP 6 tháng đầu năm 2020 tăng 1,81%.", "1,81", None),  # part of a year
        ("So với cùng kỳ năm 2019, GDP tăng 2,91%.", "2,91", None),  # the year compared with
        ("GDP quý 4 năm 2020 tăng 4,48%.", "4,48", "2020-Q4"),
    ],
)
def test_the_period_printed_with_a_figure(sentence, raw, period):
    assert printed_period(sentence, _claim(sentence, raw)) == period


def test_every_published_value_names_its_source():
    for period, vintages in series().items():
        assert vintages, period
        assert all(v.source.startswith("http") and v.release for v in vintages), period


NATIONAL = (
    "Theo Tổng cục Thống kê, tổng sản phẩm trong nước (GDP) năm 2022 tăng 8,02% so với năm trước, "
    "cao hơn tốc độ tăng 2,58% của năm 2021. GDP cả nước quý III/2021 giảm 6,17% so với cùng kỳ. "
    "Quỹ Tiền tệ Quốc tế (IMF) dự báo GDP Việt Nam năm 2023 tăng 5,8%. GDP cả nước 6 tháng đầu năm 2022 "
    "tăng 6,42%."
)
PROVINCIAL = "Tổng sản phẩm trên địa bàn tỉnh (GRDP) năm 2022 tăng 9,15% so với năm 2021."


def _report(path: Path, old: str = "", new: str = "") -> Path:
    b = ReportPdf()
    official_header(b, "UBND TỈNH ĐIỆN BIÊN", "12/BC-UBND", "Điện Biên", (10, 1, 2023))
    b.heading("I. BỐI CẢNH CHUNG")
    b.paragraph(NATIONAL.replace(old, new, 1) if old else NATIONAL)
    b.heading("II. TĂNG TRƯỞNG KINH TẾ CỦA TỈNH")
    b.paragraph(PROVINCIAL)
    return b.save(path)


def _checks(tmp: Path, old: str = "", new: str = "") -> pd.DataFrame:
    folder = run.extract_report(_report(tmp / "r.pdf", old, new), tmp / "out").folder
    checks = contract.read_csv(folder / "checks.csv", "checks")
    return checks[checks["rule"] == "reference_national"]


def test_national_growth_quoted_right_passes(tmp_path: Path):
    checks = _checks(tmp_path)
    # 8,02 (2022), 2,58 (2021) and a fall of 6,17 (quarter III/2021) are compared; not the forecast, the
    # six months, nor the province's 9,15
    assert len(checks) == 3 and (checks["status"] == "pass").all(), checks[["message"]]


def test_national_growth_altered_fails(tmp_path: Path):
    checks = _checks(tmp_path, "8,02%", "9,02%")
    failed = checks[checks["status"] == "fail"]
    assert len(failed) == 1 and "2022" in failed.iloc[0]["message"]
    assert failed.iloc[0]["suggested_value"] == pytest.approx(8.02)


def test_a_figure_within_the_series_revisions_is_not_called_wrong(tmp_path: Path):
    # 8,20 is no value held for 2022, but revisions of the series reach 0,71 points: it may be a later vintage
    checks = _checks(tmp_path, "8,02%", "8,20%")
    assert (checks["status"] == "pass").all()
    assert checks["basis"].str.contains("largest revision").any()


def test_national_growth_of_another_period_is_named(tmp_path: Path):
    # 4,61 is the published growth of quarter IV/2020, printed as the growth of the year 2020
    checks = _checks(tmp_path, "2,58% của năm 2021", "4,61% của năm 2020")
    failed = checks[checks["status"] == "fail"]
    assert len(failed) == 1
    assert failed.iloc[0]["diagnosis"] == "wrong_base_period"
    assert "2020-Q4" in failed.iloc[0]["diagnosis_text"]
