"""Table stage: small tables of each hard shape, checked exactly; the sample against gold."""

from __future__ import annotations

from pathlib import Path

import pytest
from pdfgen import ReportPdf

from pipeline.parse import pdf_to_document
from pipeline.tables import is_number_row, link_parents, marker_type, regions_to_tables

HEADER = [
    [("TT", 1, 2), ("Chỉ tiêu", 1, 2), ("Đơn vị", 1, 2), ("Kế hoạch 2024", 1, 2), ("Ước TH 6 tháng 2024", 1, 2),
     ("So sánh Ước TH 6 tháng 2024 với (%)", 2, 1)],
    [None, None, None, None, None, ("Thực hiện 6 tháng 2023", 1, 1), ("KH 2024", 1, 1)],
]  # fmt: skip
WIDTHS = [30, 190, 55, 70, 70, 70, 55]
NAMES = [
    "TT", "Chỉ tiêu", "Đơn vị", "Kế hoạch 2024", "Ước TH 6 tháng 2024",
    "So sánh Ước TH 6 tháng 2024 với (%) | Thực hiện 6 tháng 2023", "So sánh Ước TH 6 tháng 2024 với (%) | KH 2024",
]  # fmt: skip
ROWS = [
    ["A", "Chỉ tiêu kinh tế", "", "", "", "", ""],
    ["I", "Tổng sản phẩm trên địa bàn tỉnh (GRDP) theo giá so sánh năm 2010", "Tỷ đồng", "16.478,54", "7.155,29",
     "108,75", "43,42"],
    ["", "Tốc độ tăng trưởng", "%", "10,50", "8,75", "", ""],
    ["", "+ Nông, lâm nghiệp, thuỷ sản", "Tỷ đồng", "2.540,20", "1.203,14", "101,72", "47,36"],
    ["", "+ Dịch vụ", "Tỷ đồng", "9.461,58", "4.253,67", "112,17", "44,96"],
    ["II", "Thu ngân sách nhà nước trên địa bàn", "Tỷ đồng", "1.924,60", "631,60", "90,96", "32,82"],
    ["", "Trong đó:", "", "", "", "", ""],
    ["-", "Thu nội địa", "Tỷ đồng", "1.909,60", "562,20", "85,37", "29,44"],
    ["B", "Chỉ tiêu xã hội", "", "", "", "", ""],
    ["1", "Tổng số lượt khách du lịch, trong đó:", "nghìn lượt", "1.300,00", "1.368,19", "218,57", "105,25"],
    ["", "+ Khách quốc tế", "nghìn lượt", "200,00", "6,434", "132,66", "3,22"],
    ["C", "Một số chỉ tiêu sản xuất", "", "", "", "", ""],
    ["I", "Nông nghiệp", "", "", "", "", ""],
    ["1", "Trồng trọt", "", "", "", "", ""],
    ["-", "Cây lâu năm", "", "", "", "", ""],
    ["+", "Cây cà phê", "", "", "", "", ""],
    ["", "Diện tích", "Ha", "2.755,76", "2.758,56", "104,52", "100,10"],
    ["", "Sản lượng cà phê nhân", "Tấn", "4.100,00", "", "", ""],
    ["+", "Cây chè búp", "", "", "", "", ""],
    ["", "Diện tích", "Ha", "612,89", "612,89", "0,00", "100,00"],
    ["2", "Chăn nuôi", "", "583.088,00", "562.293,00", "102,49", "96,43"],
    ["", "Trâu", "Con", "144.137,00", "139.895,00", "101,98", "97,06"],
]  # fmt: skip
PARENTS = [None, 1, 2, 2, 2, 1, 6, 6, None, 9, 10, None, 12, 13, 14, 15, 16, 16, 15, 19, 13, 21]


def _table_pdf(tmp_path: Path, rows=ROWS, landscape=False, repeat=True, size=11.0) -> Path:
    b = ReportPdf()
    if landscape:
        b.page_break(landscape_page=True)
    b.table(
        HEADER, rows, WIDTHS, size=size, repeat_header=repeat,
        title="MỘT SỐ CHỈ TIÊU KINH TẾ - XÃ HỘI CHỦ YẾU 6 THÁNG NĂM 2024",
        caption="(Kèm theo Báo cáo số 88/BC-UBND ngày 10/7/2024 của UBND tỉnh Sơn La)",
    )  # fmt: skip
    return b.save(tmp_path / "t.pdf")


def _one_table(path: Path):
    doc = pdf_to_document(path)
    result = regions_to_tables(doc)
    assert len(result.tables) == 1
    return doc, result.tables[0]


def _check(t, rows=ROWS, parents=PARENTS):
    assert [c.name for c in t.columns] == NAMES
    assert [c.role for c in t.columns] == ["tt", "indicator", "unit", "value", "value", "value", "value"]
    assert [c.number for c in t.columns] == [str(k) for k in range(1, 8)]
    assert [r.tt for r in t.rows] == [r[0] for r in rows]
    assert [r.indicator for r in t.rows] == [r[1] for r in rows]
    assert [r.unit for r in t.rows] == [r[2] for r in rows]
    assert [r.parent_row for r in t.rows] == parents
    got = {(c.row_order, c.col): (c.raw, c.value) for c in t.cells}
    for i, row in enumerate(rows, start=1):
        for k in range(3, 7):
            if row[k]:
                assert got[(i, k)][0] == row[k]
            else:
                assert (i, k) not in got, "an empty cell is null, never 0"


def test_merged_header_number_row_hierarchy_and_values(tmp_path: Path):
    _doc, t = _one_table(_table_pdf(tmp_path))
    _check(t)
    cells = {(c.row_order, c.col): c for c in t.cells}
    assert cells[(2, 3)].value == 16478.54
    assert cells[(11, 4)].value == 6.434 and "comma_3_decimals" in cells[(11, 4)].flags
    assert cells[(20, 5)].value == 0.0
    assert t.rows[6].kind == "of_which" and t.rows[7].partial
    assert t.rows[10].partial  # "…, trong đó:" announces a partial list too
    assert not t.rows[3].partial
    assert t.title == "MỘT SỐ CHỈ TIÊU KINH TẾ - XÃ HỘI CHỦ YẾU 6 THÁNG NĂM 2024"
    assert (t.reference_number, t.reference_date) == ("88/BC-UBND", "2024-07-10")


def test_table_split_over_pages_with_repeated_header(tmp_path: Path):
    rows = ROWS * 3
    doc, t = _one_table(_table_pdf(tmp_path, rows=rows))
    assert len({r.page for r in doc.tables}) >= 2
    assert len(t.rows) == len(rows)
    assert [r.indicator for r in t.rows] == [r[1] for r in rows]
    assert t.pages == tuple(sorted({r.page for r in doc.tables}))


def test_table_split_over_pages_without_repeated_header(tmp_path: Path):
    rows = ROWS * 3
    doc, t = _one_table(_table_pdf(tmp_path, rows=rows, repeat=False))
    assert len(doc.tables) >= 2
    assert [r.indicator for r in t.rows] == [r[1] for r in rows]
    assert [c.name for c in t.columns] == NAMES


def test_landscape_page_table(tmp_path: Path):
    doc, t = _one_table(_table_pdf(tmp_path, landscape=True))
    assert doc.tables[0].landscape
    _check(t)


def test_small_print_portrait_table(tmp_path: Path):
    _doc, t = _one_table(_table_pdf(tmp_path, size=6.5))
    _check(t)


def test_wrapped_cell_text_stays_one_row(tmp_path: Path):
    rows = [
        ["1", "Tỷ lệ xã, phường, thị trấn đạt Tiêu chí Quốc gia về y tế xã (theo Quyết định 1300/QĐ-BYT) "
         "trên địa bàn toàn tỉnh", "%", "63,60", "57,23", "", "89,98"],
        ["2", "Số thuê bao điện thoại/100 dân", "Thuê bao/100 dân", "86,50", "86,80", "103,33", "100,35"],
    ]  # fmt: skip
    _doc, t = _one_table(_table_pdf(tmp_path, rows=rows))
    assert len(t.rows) == 2
    assert t.rows[0].indicator == rows[0][1]
    assert t.rows[1].unit == "Thuê bao/100 dân"


def test_two_tables_on_one_page_stay_apart(tmp_path: Path):
    b = ReportPdf()
    b.table(HEADER, ROWS[:3], WIDTHS, title="BẢNG MỘT", caption="(Kèm theo Báo cáo số 1/BC-UBND ngày 01/7/2024)")
    b.table(HEADER, ROWS[3:6], WIDTHS, title="BẢNG HAI", caption="(Kèm theo Báo cáo số 2/BC-UBND ngày 02/7/2024)")
    result = regions_to_tables(pdf_to_document(b.save(tmp_path / "two.pdf")))
    assert [t.title for t in result.tables] == ["BẢNG MỘT", "BẢNG HAI"]
    assert [len(t.rows) for t in result.tables] == [3, 3]
    assert [t.reference_number for t in result.tables] == ["1/BC-UBND", "2/BC-UBND"]


@pytest.mark.parametrize(
    ("texts", "expected"),
    [(["1", "2", "3", "4"], True), (["1", "2", "3", "", "5"], True), (["(1)", "(2)", "(3)"], True),
     (["1", "Tổng", "3"], False), (["4", "5", "6"], False), (["", "", "7"], False)],
)  # fmt: skip
def test_column_number_row(texts, expected):
    assert is_number_row(texts) is expected


def test_roman_or_letter_read_from_context():
    last = {"capital": "B"}
    assert marker_type("C", last) == "capital"
    assert marker_type("I", {"capital": "D"}) == "roman"
    assert marker_type("V", {"roman": "IV"}) == "roman"
    assert marker_type("X", {}) == "roman"
    parents, _partial, _depth = link_parents(["A", "I", "II", "B", "C", "I", "1"], ["label"] * 7)
    assert parents == [None, 0, 0, None, None, 4, 5]


def test_sample_tables_against_gold(sample_out):
    from conftest import GOLD

    from pipeline.devtools.evaluate import score_tables

    if not (GOLD / "tables.csv").exists():
        pytest.skip("gold-dev is not beside the repository")
    line = score_tables(sample_out, GOLD)[0]
    assert (
        line == "tables: rows fully equal 115/115; cell values 575/575; parent links 115/115; tt/indicator/unit 345/345"
    )


def test_sample_tables_shape(sample_out):
    import json

    meta = json.loads((sample_out / "tables.json").read_text(encoding="utf-8"))
    assert [(m["table_id"], m["rows"], tuple(m["pages"])) for m in meta] == [
        ("T1", 111, (38, 39, 40, 41, 42, 43)), ("T2", 4, (43, 44)),
    ]  # fmt: skip
    assert meta[0]["columns"][6]["name"] == "So sánh Uớc TH 6 tháng 2024 với (%) | Thực hiện 6 tháng 2023"
    assert meta[1]["reference_number"] == "3015/BC-UBND"
