"""Word input: a .docx report is converted with LibreOffice and extracted end to end; without
LibreOffice it is refused with one line naming the package to install."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from wordgen import convert, report_fodt

from pipeline import convert as converter
from pipeline import run
from pipeline.cli import main

needs_soffice = pytest.mark.skipif(
    shutil.which("soffice") is None and not os.environ.get("BAOCAO_REQUIRE_SOFFICE"),
    reason="no LibreOffice here (CI installs it and sets BAOCAO_REQUIRE_SOFFICE)",
)

ISSUER = "ỦY BAN NHÂN DÂN\nTỈNH SƠN LA"
NUMBER = "215/BC-UBND"
TITLE = "Tình hình thực hiện nhiệm vụ phát triển kinh tế - xã hội, bảo đảm quốc phòng - an ninh 6 tháng đầu năm 2024"
NOTES = {
    1: "Theo giá so sánh năm 2010, số liệu của Cục Thống kê tỉnh.",
    2: "Không kể thu tiền sử dụng đất và thu xổ số kiến thiết.",
    3: "Trong đó lúa ruộng 24.510 tấn, ngô 180.900 tấn.",
}
BODY = [
    ("hc", "I. KẾT QUẢ ĐẠT ĐƯỢC", {}),
    ("h", "1. Tăng trưởng kinh tế", {}),
    ("p", "Tổng sản phẩm trên địa bàn (GRDP) ước đạt 7.155,29 tỷ đồng[^1], tăng 6,12% so với cùng kỳ năm "
          "trước, trong đó khu vực nông, lâm nghiệp và thủy sản tăng 3,85%, khu vực công nghiệp và xây "
          "dựng tăng 9,42%, khu vực dịch vụ tăng 6,31%.", {1: NOTES[1]}),
    ("h", "2. Thu, chi ngân sách", {}),
    ("p", "Thu ngân sách nhà nước trên địa bàn đạt 1.245,6 tỷ đồng[^2], bằng 52,3% dự toán năm, tăng 4,7% "
          "so với cùng kỳ; chi ngân sách địa phương đạt 6.980,4 tỷ đồng, bằng 48,9% dự toán.", {2: NOTES[2]}),
    ("h", "3. Sản xuất nông nghiệp", {}),
    ("p", "Tổng sản lượng lương thực có hạt ước đạt 315.420 tấn[^3], tăng 2,4% so với cùng kỳ; tổng đàn gia "
          "súc đạt 1.102.300 con, tăng 1,8%.", {3: NOTES[3]}),
    ("hc", "II. NHIỆM VỤ 6 THÁNG CUỐI NĂM", {}),
    ("p", "Tập trung chỉ đạo thực hiện hoàn thành các chỉ tiêu kế hoạch năm 2024 đã được Hội đồng nhân dân "
          "tỉnh giao.", {}),
]  # fmt: skip
TABLE = [
    ["TT", "Chỉ tiêu", "Đơn vị", "Kế hoạch 2024", "Thực hiện 6 tháng"],
    ["1", "Tổng sản phẩm (GRDP)", "Tỷ đồng", "15.200", "7.155,29"],
    ["2", "Thu ngân sách nhà nước", "Tỷ đồng", "2.380", "1.245,6"],
    ["3", "Chi ngân sách địa phương", "Tỷ đồng", "14.270", "6.980,4"],
    ["4", "Sản lượng lương thực", "Tấn", "650.000", "315.420"],
]


def _docx(folder: Path) -> Path:
    src = report_fodt(
        folder / "Báo cáo Sơn La 6 tháng.fodt", issuer=ISSUER, number=NUMBER,
        place_date="Sơn La, ngày 12 tháng 7 năm 2024", title=TITLE, body=BODY, table=TABLE,
        table_title="Biểu 01. MỘT SỐ CHỈ TIÊU KINH TẾ - XÃ HỘI CHỦ YẾU",
    )  # fmt: skip
    docx = convert(src, "docx", folder)
    src.unlink()
    return docx


@pytest.fixture(scope="module")
def word_report(tmp_path_factory) -> tuple[Path, Path]:
    """A Word report extracted through the CLI: (the .docx, its report folder)."""
    if shutil.which("soffice") is None:
        pytest.fail("LibreOffice is required here (CI): apt-get install libreoffice-writer-nogui")
    raw = tmp_path_factory.mktemp("raw")
    docx = _docx(raw)
    out = tmp_path_factory.mktemp("out")
    result = CliRunner().invoke(main, ["extract", str(raw), "--out", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    return docx, out / "bao-cao-son-la-6-thang"


@needs_soffice
def test_word_report_metadata_and_provenance(word_report):
    docx, folder = word_report
    document = json.loads((folder / "document.json").read_text(encoding="utf-8"))
    assert document["report_id"] == "bao-cao-son-la-6-thang"
    assert document["metadata"] == {
        "issuer": "ỦY BAN NHÂN DÂN TỈNH SƠN LA", "number": NUMBER, "place": "Sơn La", "date": "2024-07-12",
        "doc_type": "BÁO CÁO", "title": TITLE,
    }  # fmt: skip
    converted = document["converted_from"]
    assert converted["file"] == docx.name
    assert converted["sha256"] == hashlib.sha256(docx.read_bytes()).hexdigest()
    assert converted["converter"].startswith("LibreOffice")
    assert document["cache_key"]["pdf"] == converted["sha256"]  # the cache follows the Word file
    kept = Path(document["source"]["path"])
    assert kept.parent == folder.resolve() and kept.is_file()
    assert hashlib.sha256(kept.read_bytes()).hexdigest() == document["source"]["sha256"]
    sections = pd.read_csv(folder / "sections.csv")
    assert list(sections["numbering"]) == ["I.", "1.", "2.", "3.", "II."]
    again = CliRunner().invoke(main, ["extract", str(docx), "--out", str(folder.parent), "--quiet"])
    assert again.exit_code == 0 and "bao-cao-son-la-6-thang: unchanged, skipped" in again.stdout


@needs_soffice
def test_word_report_footnotes_linked_to_their_markers(word_report):
    _docx, folder = word_report
    notes = pd.read_csv(folder / "footnotes.csv").sort_values("footnote")
    assert list(notes["footnote"]) == sorted(NOTES)
    assert list(notes["text"]) == [NOTES[n] for n in sorted(NOTES)]
    sentences = pd.read_csv(folder / "sentences.csv").set_index("sentence_id")
    for n, row in zip(sorted(NOTES), notes.itertuples(index=False), strict=True):
        before = next(text for _k, text, notes_ in BODY if n in notes_).split(f"[^{n}]")[0]
        assert before.endswith(row.anchor_context), (n, row.anchor_context)
        assert row.anchor_context in sentences.loc[row.anchor_sentence_id, "text"]
    claims = pd.read_csv(folder / "claims.csv")
    markers = claims[claims["reason"] == "footnote_marker"]
    assert sorted(markers["value"].astype(int)) == sorted(NOTES)


@needs_soffice
def test_word_report_table_cells(word_report):
    _docx, folder = word_report
    cells = pd.read_csv(folder / "tables.csv", dtype=str)
    assert cells["page"].nunique() == 1 and cells["page"].iloc[0] != "1"  # the table on its own page
    got = {(r.tt, r.indicator, r.unit, r.column, r.raw) for r in cells.itertuples(index=False)}
    header, *rows = TABLE
    want = {(r[0], r[1], r[2], header[k], r[k]) for r in rows for k in (3, 4)}
    assert got == want
    assert set(cells["title"]) == {"Biểu 01. MỘT SỐ CHỈ TIÊU KINH TẾ - XÃ HỘI CHỦ YẾU"}


def test_word_input_without_libreoffice_says_what_to_install(tmp_path: Path, monkeypatch):
    doc = tmp_path / "bao-cao.docx"
    doc.write_bytes(b"PK\x03\x04 not really a docx")
    monkeypatch.setattr(converter, "soffice", lambda: None)
    result = CliRunner().invoke(main, ["extract", str(tmp_path), "--out", str(tmp_path / "out"), "--quiet"])
    assert result.exit_code == 1
    lines = [ln for ln in result.stderr.splitlines() if ln.startswith("error:")]
    assert len(lines) == 1
    assert lines[0].startswith(f"error: {doc}: .docx input needs LibreOffice")
    assert "apt-get install libreoffice-writer-nogui" in lines[0]
    with pytest.raises(converter.errors.ConversionError):
        run.extract_report(doc, tmp_path / "out2")


@pytest.mark.parametrize("title", ["Tình hình kinh tế - xã hội 6 tháng đầu năm 2024", TITLE])
def test_title_stops_at_a_numbered_heading(tmp_path: Path, title: str):
    """A centred block printed without paragraph spacing: the type line, the title (one line or
    wrapped) and a centred numbered heading; the title neither swallows the heading nor loses a line."""
    from pdfgen import Layout, ReportPdf

    from pipeline.parse import pdf_to_document
    from pipeline.segment import document_to_segments

    b = ReportPdf(Layout(para_space=0))
    b.two_columns(["UBND TỈNH SƠN LA", f"Số: {NUMBER}"],
                  ["**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**", "**Độc lập - Tự do - Hạnh phúc**",
                   "//Sơn La, ngày 12 tháng 7 năm 2024//"])  # fmt: skip
    b.center("BÁO CÁO")
    b.center(title)
    b.center("I. KẾT QUẢ ĐẠT ĐƯỢC")
    b.heading("1. Tăng trưởng kinh tế")
    for _kind, text, _notes in BODY[2:5]:
        b.paragraph(text.replace("[^1]", "").replace("[^2]", ""))
    doc = pdf_to_document(b.save(tmp_path / "r.pdf"))
    assert (doc.metadata.doc_type, doc.metadata.title) == ("BÁO CÁO", title)
    sections = document_to_segments(doc).sections
    assert [(s.numbering, s.title) for s in sections[:2]] == [("I.", "KẾT QUẢ ĐẠT ĐƯỢC"), ("1.", "Tăng trưởng kinh tế")]
