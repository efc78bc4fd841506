"""Tables printed as running text (a target table copied into a report as lines of text) read as tables,
and their verdict column ('Đạt', 'Vượt', 'Không đạt') checked against the figures: the vocabulary's
examples, header lines, and a generated report read and checked, unaltered and with one value altered."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
import yaml
from pdfgen import ReportPdf, official_header

from pipeline import run
from pipeline.parse.texttable import read_header
from pipeline.publish import contract
from pipeline.rules import schema_dir
from pipeline.tables.targets import read_target, verdict_of

EXAMPLES = yaml.safe_load((schema_dir() / "rules" / "tables.yaml").read_text(encoding="utf-8"))["examples"]


@pytest.mark.parametrize("ex", EXAMPLES["verdicts"], ids=lambda e: e["text"])
def test_verdict_examples(ex):
    assert verdict_of(ex["text"]) == ex["verdict"]


@pytest.mark.parametrize("ex", EXAMPLES["targets"], ids=lambda e: e["text"])
def test_target_examples(ex):
    t = read_target(ex["text"])
    if ex["strict"] is None:
        assert t is None
        return
    assert t is not None
    assert (t.lo, t.hi, t.strict, t.decimals) == (ex["lo"], ex["hi"], ex["strict"], ex["decimals"])


@pytest.mark.parametrize(
    "line, names",
    [
        (
            "Stt Chỉ tiêu chủ yếu TH năm 2018 KH năm 2019 Ước TH năm 2019 Ghi chú",
            ("Stt", "Chỉ tiêu chủ yếu", "TH năm 2018", "KH năm 2019", "Ước TH năm 2019", "Ghi chú"),
        ),
        (
            "TT Chỉ tiêu Kế hoạch Thực hiện So sánh ƯTH/KH (%)",
            ("TT", "Chỉ tiêu", "Kế hoạch", "Thực hiện", "So sánh ƯTH/KH (%)"),
        ),
        (
            "Chỉ tiêu Thực hiện cùng kỳ Ước thực hiện So sánh (%) Ghi chú",
            ("TT", "Chỉ tiêu", "Thực hiện cùng kỳ", "Ước thực hiện", "So sánh (%)", "Ghi chú"),
        ),
        ("Chỉ tiêu phát triển kinh tế của tỉnh năm 2024 đạt kết quả tốt", None),
        ("Chỉ tiêu Kế hoạch năm 2024 là 8%, thực hiện đạt 7,5%", None),
        ("Chỉ tiêu Ước thực hiện", None),  # one figure column: not a table header
    ],
)
def test_header_lines(line, names):
    h = read_header(line)
    assert (h.names if h else None) == names


ROWS = [
    "I Kinh tế",
    "1 Tốc độ tăng tổng sản phẩm trong tỉnh (GRDP) (%) 6,61 7,5-8,0 7,18 Không đạt",
    "Trong đó:",
    "- Nông, lâm nghiệp và thủy sản (%) 3,46 2,28 -4,13% Không đạt",
    "- Dịch vụ (%) 6,78 6,9 7,39%",
    "2 Tổng sản phẩm trong tỉnh bình quân đầu người (USD) 1.839 1.915 2.007 Đạt",
    "3 Giá trị xuất khẩu (triệu USD) 864 1.055 950 Không đạt",
    "4 Thu ngân sách nhà nước (tỷ đồng) 7.788 7.213,5 7.787 Vượt",
    "II Xã hội",
    "5 Tỷ lệ trẻ em dưới 5 tuổi bị suy dinh dưỡng:",
    "- Theo cân nặng (%)",
    "- Theo chiều cao (%)",
    "7,6 10,4 < 7,5 <10,4 7,4 10,2 Đạt",
    "6 Tỷ lệ hộ nghèo (%) 5,03 4,33 4,17 Đạt",
    "7 Tỷ lệ người dân tham gia bảo hiểm y tế (%) 95 98,07 98,5% Đạt",
    "III Môi trường",
    "8 Độ che phủ rừng (%) 57,3 57,3 57,3 Đạt",
]


def _report(path: Path, old: str = "", new: str = "") -> Path:
    rows = list(ROWS)
    if old:
        hits = [k for k, r in enumerate(rows) if old in r]
        assert hits, old
        rows[hits[0]] = rows[hits[0]].replace(old, new, 1)
    b = ReportPdf()
    official_header(b, "UBND TỈNH THỪA THIÊN HUẾ", "330/BC-UBND", "Huế", (6, 12, 2019))
    b.heading("I. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU")
    b.paragraph("Kết quả thực hiện các chỉ tiêu kinh tế - xã hội chủ yếu năm 2019 như sau.")
    b.paragraph("Stt Chỉ tiêu chủ yếu TH năm 2018 KH năm 2019 Ước TH năm 2019 Ghi chú", indent=False, align="left")
    for row in rows:
        b.paragraph(row, indent=False, align="left")
    b.paragraph("Nhìn chung, phần lớn các chỉ tiêu chủ yếu đạt kế hoạch đề ra.")
    return b.save(path)


def _extract(tmp: Path, old: str = "", new: str = "") -> Path:
    return run.extract_report(_report(tmp / "r.pdf", old, new), tmp / "out").folder


@pytest.fixture(scope="module")
def baseline(tmp_path_factory) -> Path:
    return _extract(tmp_path_factory.mktemp("texttable"))


def test_running_text_table_is_read_as_a_table(baseline):
    rows = contract.read_csv(baseline / "table_rows.csv", "table_rows")
    cells = pd.read_csv(baseline / "tables.csv", dtype=str)
    assert len(rows) == len(ROWS) - 1  # the line of stacked figures is the cells of the two rows above it
    weight = rows[rows["indicator"].str.contains("Theo cân nặng")].iloc[0]
    got = cells[cells["row_order"] == str(weight["row_order"])].set_index("column")["raw"].to_dict()
    # the flattened cells of two stacked rows are given back to each row, column by column
    assert got == {"TH năm 2018": "7,6", "KH năm 2019": "< 7,5", "Ước TH năm 2019": "7,4", "Ghi chú": "Đạt"}
    grdp = rows[rows["indicator"].str.startswith("Tốc độ tăng")].iloc[0]
    assert (grdp["tt"], grdp["unit"]) == ("1", "%")
    # a label row is not joined to the complete row under it
    assert list(rows["tt"].iloc[-2:]) == ["III", "8"] and list(rows["kind"].iloc[-2:]) == ["label", "data"]
    claims = contract.read_csv(baseline / "claims.csv", "claims")
    # the table's figures are table cells, not claims of the text around it
    assert not set(claims["raw"].dropna()) & {"6,61", "7,18", "1.915", "98,07"}


def test_every_verdict_is_checked_and_holds(baseline):
    checks = contract.read_csv(baseline / "checks.csv", "checks")
    verdicts = checks[checks["rule"] == "table_target_verdict"]
    # every row with a verdict and a plan: GRDP, agriculture, per capita, exports, budget, 2 × malnutrition,
    # poverty, insurance, forest cover
    assert len(verdicts) == 10
    assert (verdicts["status"] == "pass").all(), verdicts[verdicts["status"] != "pass"][["message"]]


CASES = {
    # name: (printed, altered, the diagnosis the one failed verdict must give)
    "not met called met": ("864 1.055 950 Không đạt", "864 1.055 950 Đạt", "wrong_verdict"),
    "met called not met": ("1.839 1.915 2.007 Đạt", "1.839 1.915 2.007 Không đạt", "wrong_verdict"),
    "exceeded, but equal": ("7.788 7.213,5 7.787 Vượt", "7.788 7.787 7.787 Vượt", "wrong_verdict"),
    "equal to a strict bound": ("7,6 10,4 < 7,5 <10,4 7,4 10,2", "7,6 10,4 < 7,5 <10,4 7,5 10,2", "bound_equal"),
    "a rate to keep low, above target": ("5,03 4,33 4,17 Đạt", "5,03 4,33 4,47 Đạt", "wrong_verdict"),
    "a growth range missed": ("6,61 7,5-8,0 7,18 Không đạt", "6,61 7,5-8,0 7,18 Đạt", "wrong_verdict"),
}


@pytest.mark.parametrize("name", list(CASES))
def test_one_altered_verdict_fails_with_its_cause(tmp_path: Path, name: str):
    old, new, diagnosis = CASES[name]
    checks = contract.read_csv(_extract(tmp_path, old, new) / "checks.csv", "checks")
    failed = checks[checks["status"] == "fail"]
    assert list(failed["rule"]) == ["table_target_verdict"], failed[["rule", "message"]]
    assert failed.iloc[0]["diagnosis"] == diagnosis


def _hard_report(path: Path) -> Path:
    """A target table with a column-number row, a lower-case 'trong đó' row, a row short of one figure,
    and a page break inside it."""
    b = ReportPdf()
    official_header(b, "UBND TỈNH HÀ NAM", "12/BC-UBND", "Hà Nam", (6, 12, 2024))
    b.heading("I. CÁC CHỈ TIÊU CHỦ YẾU")
    left = {"indent": False, "align": "left"}
    b.paragraph("TT Chỉ tiêu Thực hiện năm 2023 Kế hoạch năm 2024 Ước thực hiện năm 2024 Đánh giá", **left)
    b.paragraph("1 2 3 4 5 6", **left)
    b.paragraph("1 Thu ngân sách nhà nước (tỷ đồng) 15.000 16.000 16.500 Vượt", **left)
    b.paragraph("trong đó: thu nội địa (tỷ đồng) 6.000 5.500 6.100 Vượt", **left)
    b.paragraph("2 Giá trị xuất khẩu (triệu USD) 2.100 2.400 Đạt", **left)  # one figure not printed
    b.paragraph("3 Tỷ lệ hộ nghèo (%) 2,1 1,8 1,7 Đạt", **left)
    b.page_break()
    b.paragraph("4 Tỷ lệ thất nghiệp (%) 2,3 2,2 2,4 Không đạt", **left)
    b.paragraph("5 Độ che phủ rừng (%) 45,1 45,5 45,6 Đạt", **left)
    b.paragraph("Các chỉ tiêu còn lại đều đạt và vượt kế hoạch đề ra.")
    return b.save(path)


def test_a_harder_running_text_table(tmp_path: Path):
    folder = run.extract_report(_hard_report(tmp_path / "hard.pdf"), tmp_path / "out").folder
    rows = contract.read_csv(folder / "table_rows.csv", "table_rows")
    # one table over two pages: the column-number row is no row, 'trong đó' is a row of its own
    assert set(rows["table_id"]) == {"T1"}
    assert list(rows["tt"].fillna("")) == ["1", "", "2", "3", "4", "5"]
    assert rows["indicator"].iloc[1].startswith("trong đó: thu nội địa")
    checks = contract.read_csv(folder / "checks.csv", "checks")
    verdicts = checks[checks["rule"] == "table_target_verdict"]
    # revenue, domestic revenue, poverty, unemployment, forest: all right; the short row is not judged
    assert len(verdicts) == 5 and (verdicts["status"] == "pass").all(), verdicts[["message", "status"]]
    warnings = json.loads((folder / "document.json").read_text(encoding="utf-8"))["warnings"]
    assert any(w.startswith("text-table-row") and "2.100 2.400" in w for w in warnings)
