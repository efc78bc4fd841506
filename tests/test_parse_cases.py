"""The parse stage on small PDFs built here, one per hard case."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from legacy import to_tcvn3, to_vni
from pdfgen import Layout, Piece, ReportPdf, empty_pdf, encrypt, parse_markup, rename_fonts

from pipeline import errors
from pipeline.parse import Limits, pdf_to_document

LONG = (
    "Tổng diện tích cây cao su trên địa bàn tỉnh là 5.015,9 ha, tăng 5,87 ha so với cùng kỳ năm "
    "trước, đạt 100,12% kế hoạch, sản lượng mủ cao su ước đạt 1.520,15 tấn, giảm 155 tấn so với "
    "cùng kỳ năm trước, đạt 28,03% kế hoạch năm."
)


def header(b: ReportPdf) -> None:
    b.two_columns(
        ["UBND TỈNH LAI CHÂU", "Số: 142/BC-UBND"],
        [
            "**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**",
            "**Độc lập - Tự do - Hạnh phúc**",
            "//Lai Châu, ngày 28 tháng 6 năm 2024//",
        ],
    )
    b.center("BÁO CÁO")
    b.center("Tình hình kinh tế - xã hội 6 tháng đầu năm 2024")


def body_text(doc) -> str:
    return "\n".join(p.text for p in doc.paragraphs)


def test_marker_after_number_is_a_reference_not_a_digit(tmp_path: Path):
    b = ReportPdf()
    header(b)
    b.paragraph(
        "Tổng diện tích cây cao su là 5.015,9 ha, tăng 5,87ha[^1], so với cùng kỳ; giải quyết việc làm "
        "cho khoảng 6.239[^2] lao động, tăng 404 người; đạt 0,52%[^3].",
        footnotes={1: "Tăng 6 ha, giảm 0,13 ha.", 2: "Trong đó 1.356 lao động.", 3: "Tỷ lệ năm trước."},
    )
    doc = pdf_to_document(b.save(tmp_path / "m.pdf"))
    p = next(p for p in doc.paragraphs if "cao su" in p.text)
    assert "tăng 5,87ha, so với" in p.text
    assert "cho khoảng 6.239 lao động" in p.text
    assert "đạt 0,52%." in p.text
    assert [m.number for m in p.markers] == [1, 2, 3]
    assert p.text[: p.markers[0].offset].endswith("5,87ha")
    assert p.text[: p.markers[1].offset].endswith("6.239")
    assert [fn.number for fn in doc.footnotes] == [1, 2, 3]
    assert doc.footnotes[1].text == "Trong đó 1.356 lao động."
    assert all(fn.anchor is not None and fn.anchor.paragraph == p.pid for fn in doc.footnotes)


def test_footnote_continuing_on_next_page_is_joined(tmp_path: Path):
    b = ReportPdf()
    b.max_fn_lines = 2  # force the note to run over onto the next page, as Word does
    header(b)
    note = "Bệnh Dịch tả lợn Châu Phi xảy ra tại 56 hộ, 27 thôn, bản của 10 xã thuộc 05 huyện. " * 4
    b.paragraph("Tổng đàn gia súc ước đạt 562.293 con[^1], tăng 2,49% so với cùng kỳ năm trước.", footnotes={1: note})
    for _ in range(14):
        b.paragraph(LONG)
    b.paragraph("Đoạn cuối có chú thích thứ hai[^2].", footnotes={2: "Chú thích thứ hai."})
    doc = pdf_to_document(b.save(tmp_path / "fn.pdf"))
    assert [fn.number for fn in doc.footnotes] == [1, 2]
    fn1 = doc.footnotes[0]
    assert len({s.page for s in fn1.spans}) == 2
    assert fn1.text == note.strip()
    assert doc.footnotes[1].text == "Chú thích thứ hai."
    assert not any("Bệnh Dịch tả" in p.text for p in doc.paragraphs)


def test_running_header_footer_and_page_numbers_removed(tmp_path: Path):
    lay = Layout(
        running_header="Báo cáo KT-XH 6 tháng đầu năm 2024 - tỉnh Lai Châu",
        running_footer="Cục Thống kê tỉnh Lai Châu - trang {page}",
        page_numbers="top",
    )
    b = ReportPdf(lay)
    header(b)
    for k in range(30):
        b.paragraph(f"Đoạn {k + 1}. " + LONG)
    doc = pdf_to_document(b.save(tmp_path / "rh.pdf"))
    assert len(doc.pages) >= 3
    kinds = {f.kind for f in doc.furniture}
    assert kinds == {"page_number", "running_header", "running_footer"}
    text = body_text(doc)
    assert "Báo cáo KT-XH" not in text and "Cục Thống kê" not in text
    paras = [p for p in doc.paragraphs if p.text.startswith("Đoạn ")]
    assert [p.text for p in paras] == [f"Đoạn {k + 1}. " + LONG for k in range(30)]
    assert any(len(p.pages) == 2 for p in paras), "some paragraph should cross a page break"


def test_paragraph_across_page_break_with_footnotes_between(tmp_path: Path):
    b = ReportPdf()
    header(b)
    for k in range(1, 5):
        b.paragraph(f"Mục {k}: có chú thích[^{k}]. " + LONG, footnotes={k: f"Chú thích {k}."})
    long_text = "Đoạn dài. " + " ".join([LONG] * 4)
    b.paragraph(long_text + " Hết[^5].", footnotes={5: "Chú thích ở trang sau."})
    doc = pdf_to_document(b.save(tmp_path / "pb.pdf"))
    crossing = [p for p in doc.paragraphs if p.pages == (1, 2)]
    assert len(crossing) == 1
    assert crossing[0].text == long_text + " Hết."
    assert [fn.number for fn in doc.footnotes] == [1, 2, 3, 4, 5]
    assert doc.footnotes[-1].anchor.paragraph == crossing[0].pid
    assert doc.footnotes[-1].page == 2 and doc.footnotes[0].page == 1


def test_nfd_text_comes_out_identical_to_nfc(tmp_path: Path):
    text = "Tổng sản phẩm trên địa bàn tỉnh (GRDP) ước đạt 7.155,29 tỷ đồng, tăng 8,75% so với cùng kỳ năm trước."
    docs = []
    for form in ("NFC", "NFD"):
        b = ReportPdf()
        header(b)
        b.paragraph(unicodedata.normalize(form, text))
        docs.append(pdf_to_document(b.save(tmp_path / f"{form}.pdf")))
    assert unicodedata.normalize("NFD", text) != text
    nfc_text = [p.text for p in docs[0].paragraphs]
    nfd_text = [p.text for p in docs[1].paragraphs]
    assert text in nfc_text
    assert nfd_text == nfc_text


@pytest.mark.parametrize(
    ("encoder", "font_name", "encoding"),
    [(to_tcvn3, ".VnTime", "TCVN3"), (to_vni, "VNI-Times", "VNI")],
)
def test_legacy_font_encodings_converted(tmp_path: Path, encoder, font_name, encoding):
    text = (
        "Tổng sản phẩm trên địa bàn tỉnh ước đạt 7.155,29 tỷ đồng, tăng 8,75% so với cùng kỳ năm trước; "
        "khu vực dịch vụ tăng 12,17%."
    )
    b = ReportPdf()
    b.paragraph(encoder("Báo cáo tình hình kinh tế xã hội của tỉnh"), bold=True)
    b.paragraph(encoder(text))
    path = rename_fonts(b.save(tmp_path / "legacy.pdf"), font_name)
    doc = pdf_to_document(path)
    assert text in [p.text for p in doc.paragraphs]
    assert doc.encodings == (encoding,)
    assert any(n.code == "legacy-encoding" for n in doc.notes)


def test_legacy_encoding_that_cannot_be_converted_is_refused(tmp_path: Path):
    b = ReportPdf()
    b.paragraph("Tæng s¶n phÈm trªn ®Þa bµn tØnh −íc ®¹t 7.155,29 tû ®ång " * 3)
    path = rename_fonts(b.save(tmp_path / "vps.pdf"), "VPS-Times")
    with pytest.raises(errors.LegacyEncodingError, match="VPS"):
        pdf_to_document(path)


def test_legacy_text_sniffed_without_font_name(tmp_path: Path):
    text = "Tổng sản phẩm trên địa bàn tỉnh ước đạt 7.155,29 tỷ đồng, tăng 8,75% so với cùng kỳ năm trước."
    b = ReportPdf()
    b.paragraph(to_tcvn3(text) + " " + to_tcvn3(text))
    doc = pdf_to_document(b.save(tmp_path / "sniff.pdf"))
    assert doc.paragraphs[0].text == text + " " + text


def test_exponent_after_metre_is_not_a_marker(tmp_path: Path):
    b = ReportPdf()
    b.paragraph("Trồng dưa lê ngoài đồng với quy mô 500 m^{2}; khai thác gỗ 6.162 m^{3}.")
    doc = pdf_to_document(b.save(tmp_path / "m2.pdf"))
    assert "quy mô 500 m²; khai thác gỗ 6.162 m³." in body_text(doc)
    assert not doc.footnotes and not any(p.markers for p in doc.paragraphs)


def test_metadata_from_header_block(tmp_path: Path):
    b = ReportPdf()
    header(b)
    b.paragraph(LONG)
    doc = pdf_to_document(b.save(tmp_path / "meta.pdf"))
    m = doc.metadata
    assert (m.issuer, m.number, m.place, m.date, m.doc_type, m.title) == (
        "UBND TỈNH LAI CHÂU", "142/BC-UBND", "Lai Châu", "2024-06-28", "BÁO CÁO",
        "Tình hình kinh tế - xã hội 6 tháng đầu năm 2024",
    )  # fmt: skip
    roles = [p.role for p in doc.paragraphs]
    assert roles[-1] == "body" and "doc_type" in roles and "title" in roles


def test_table_regions_are_kept_out_of_prose(tmp_path: Path):
    b = ReportPdf()
    header(b)
    b.paragraph(LONG)
    b.table(
        header=[[("TT", 1, 1), ("Chỉ tiêu", 1, 1), ("Đơn vị", 1, 1), ("Kế hoạch 2024", 1, 1)]],
        rows=[["1", "Tổng sản phẩm", "Tỷ đồng", "16.478,54"], ["2", "Tốc độ tăng trưởng", "%", "10,50"]],
        widths=[30, 250, 70, 90],
    )
    b.paragraph("Sau bảng là một đoạn văn.")
    doc = pdf_to_document(b.save(tmp_path / "t.pdf"))
    assert len(doc.tables) == 1
    assert "16.478,54" not in body_text(doc)
    grid = doc.tables[0].grid()
    assert grid[-1] == ["2", "Tốc độ tăng trưởng", "%", "10,50"]
    assert doc.paragraphs[-1].text == "Sau bảng là một đoạn văn."


def test_image_only_page_reported(tmp_path: Path):
    b = ReportPdf()
    header(b)
    b.paragraph(LONG)
    b.image_page()
    doc = pdf_to_document(b.save(tmp_path / "img.pdf"))
    assert [p.text_layer for p in doc.pages] == [True, False]
    assert any(n.code == "no-text-layer" and n.page == 2 for n in doc.notes)


def test_scanned_report_without_any_text_layer_is_refused(tmp_path: Path):
    b = ReportPdf(Layout(page_numbers=None))
    b.image_page()
    path = b.save(tmp_path / "scan.pdf")
    with pytest.raises(errors.NoTextLayerError, match="no text layer"):
        pdf_to_document(path)


def _simple(tmp_path: Path, name: str = "ok.pdf") -> Path:
    b = ReportPdf()
    header(b)
    b.paragraph(LONG)
    return b.save(tmp_path / name)


def test_encrypted_pdf_is_refused(tmp_path: Path):
    path = encrypt(_simple(tmp_path, "enc.pdf"))
    with pytest.raises(errors.EncryptedPdfError, match="encrypted"):
        pdf_to_document(path)


def test_truncated_pdf_is_refused(tmp_path: Path):
    data = _simple(tmp_path).read_bytes()
    bad = tmp_path / "cut.pdf"
    bad.write_bytes(data[: len(data) // 2])
    with pytest.raises(errors.CorruptPdfError, match="truncated"):
        pdf_to_document(bad)


def test_garbage_after_header_is_refused(tmp_path: Path):
    bad = tmp_path / "garbage.pdf"
    bad.write_bytes(b"%PDF-1.7\n" + b"\x00garbage" * 100 + b"\n%%EOF\n")
    with pytest.raises(errors.CorruptPdfError):
        pdf_to_document(bad)


def test_zero_page_pdf_is_refused(tmp_path: Path):
    with pytest.raises(errors.EmptyPdfError, match="no pages"):
        pdf_to_document(empty_pdf(tmp_path / "zero.pdf"))


@pytest.mark.parametrize(("content", "kind"), [(b"", errors.EmptyPdfError), (b"hello, not a pdf", errors.NotAPdfError)])
def test_non_pdf_inputs_are_refused(tmp_path: Path, content: bytes, kind):
    bad = tmp_path / "x.pdf"
    bad.write_bytes(content)
    with pytest.raises(kind):
        pdf_to_document(bad)


def test_limits_protect_against_bombs(tmp_path: Path):
    b = ReportPdf()
    for _ in range(40):
        b.paragraph(LONG)
    path = b.save(tmp_path / "big.pdf")
    with pytest.raises(errors.LimitExceededError, match="page"):
        pdf_to_document(path, Limits(max_pages=1))
    with pytest.raises(errors.LimitExceededError, match="characters"):
        pdf_to_document(path, Limits(max_chars_per_page=500))
    with pytest.raises(errors.LimitExceededError, match="characters"):
        pdf_to_document(path, Limits(max_chars=1000))


def _appendix(tmp_path: Path, rules: str, header: bool = True) -> Path:
    b = ReportPdf()
    header_block = [
        [("TT", 1, 1), ("Chỉ tiêu", 1, 1), ("Đơn vị", 1, 1), ("Kế hoạch 2024", 1, 1), ("Ước 6 tháng", 1, 1)]
    ]
    rows = [
        ["1", "Tổng sản phẩm trên địa bàn (GRDP) theo giá so sánh", "Tỷ đồng", "16.478,54", "7.155,29"],
        ["2", "Tốc độ tăng trưởng", "%", "10,50", "8,75"],
        ["3", "Thu ngân sách nhà nước trên địa bàn", "Tỷ đồng", "1.650,00", "912,40"],
        ["4", "Sản lượng lương thực có hạt", "Nghìn tấn", "261,20", "98,31"],
    ]
    b.paragraph(LONG)
    b.table(header=header_block if header else [], rows=rows, widths=[30, 190, 60, 90, 90], rules=rules, pad=5.4,
            number_row=header)  # fmt: skip
    b.paragraph("Sau bảng là một đoạn văn.")
    return b.save(tmp_path / f"{rules}-{header}.pdf")


@pytest.mark.parametrize("rules", ["horizontal", "none"])
def test_table_without_vertical_rules_reads_like_the_ruled_one(tmp_path: Path, rules: str):
    ruled = pdf_to_document(_appendix(tmp_path, "grid")).tables
    found = pdf_to_document(_appendix(tmp_path, rules))
    assert len(ruled) == len(found.tables) == 1
    assert found.tables[0].grid() == ruled[0].grid()
    assert (found.tables[0].n_rows, found.tables[0].n_cols) == (ruled[0].n_rows, ruled[0].n_cols)
    assert "16.478,54" not in body_text(found) and found.paragraphs[-1].text == "Sau bảng là một đoạn văn."


def test_aligned_figures_without_a_header_row_are_not_a_table(tmp_path: Path):
    doc = pdf_to_document(_appendix(tmp_path, "none", header=False))
    assert doc.tables == ()


def test_number_under_a_line_of_text_is_not_a_page_number(tmp_path: Path):
    b = ReportPdf(Layout(page_numbers=None))
    words = ["Năm", "2023,", "GRDP", "tăng", "7,37%", "so", "với", "năm"]
    width = b.right - b.lay.left
    while len(b._wrap(parse_markup(" ".join([*words, "2022"])), width, 0.0, b.lay.size)) < 2:
        words.append("và")  # narrower than "2022": the year is the first word to go to line 2
    text = " ".join([*words, "2022"])
    assert b._wrap(parse_markup(text), width, 0.0, b.lay.size)[-1].words == [[Piece("2022")]]  # alone on line 2
    b.paragraph(text, indent=False)
    b.paragraph(LONG)
    doc = pdf_to_document(b.save(tmp_path / "year.pdf"))
    assert doc.furniture == ()
    assert doc.paragraphs[0].text == text
