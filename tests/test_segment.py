"""Segment stage: section tree, sentences with offsets, footnote anchors."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from pdfgen import ReportPdf, official_header

import pipeline.segment.sentences as segment_sentences
from pipeline.parse import pdf_to_document
from pipeline.segment import document_to_segments, split_sentences
from pipeline.textlayout import document_text

GOLDEN = Path(__file__).parent / "golden"


@pytest.fixture(scope="module")
def sample_seg(sample_doc):
    return document_to_segments(sample_doc)


def test_sample_section_tree_equals_the_report(sample_seg):
    """Hand-checked heading structure of the sample: every heading, level and parent."""
    with open(GOLDEN / "dienbien-2024-h1.sections.csv", encoding="utf-8") as f:
        expected = list(csv.DictReader(f))
    got = [
        {
            "order": str(s.order),
            "numbering": s.numbering,
            "level": str(s.level),
            "title": s.title,
            "page": str(s.page),
            "path": s.path,
        }
        for s in sample_seg.sections
    ]
    assert got == expected
    by_id = {s.section_id: s for s in sample_seg.sections}
    for s in sample_seg.sections:
        parent = by_id.get(s.parent_id) if s.parent_id else None
        assert (parent.path + "/" if parent else "") + s.path.split("/")[-1] == s.path
        assert parent is None or parent.level < s.level


def test_sample_footnote_anchors(sample_doc, sample_seg):
    sentences = {s.sentence_id: s for s in sample_seg.sentences}
    assert len(sample_seg.anchors) == 62
    for a in sample_seg.anchors:
        s = sentences[a.sentence_id]
        fn = sample_doc.footnotes[a.footnote - 1]
        assert s.paragraph == fn.anchor.paragraph
        assert s.start <= fn.anchor.offset <= s.end
        assert s.text.replace(" ", "").find(a.context.split()[-1]) >= 0
        assert len(a.context.split()) <= 8
    a2 = next(a for a in sample_seg.anchors if a.footnote == 2)
    assert "tăng 5,87ha so với" in sentences[a2.sentence_id].text
    assert a2.context.endswith("tăng 5,87ha")
    fn_sents = [s for s in sample_seg.sentences if s.footnote == 28]
    assert fn_sents and fn_sents[-1].text.endswith("2.323 lao động.")
    assert all(s.kind == "footnote" for s in fn_sents)


def test_sentence_offsets_point_back_into_the_text(sample_doc, sample_seg):
    text = document_text(sample_doc)
    for s in sample_seg.sentences:
        assert text[s.doc_start : s.doc_end].strip() == s.text
        if s.paragraph is not None:
            assert sample_doc.paragraphs[s.paragraph].text[s.start : s.end].strip() == s.text


def test_run_in_headings_split_from_their_body(sample_seg):
    texts = [(s.kind, s.text) for s in sample_seg.sentences]
    i = texts.index(("heading", "1.1. Cây lương thực:"))
    assert texts[i + 1][0] == "body"
    assert texts[i + 1][1].startswith("Tổng sản lượng lương thực ước đạt 130.032,83 tấn")


def test_no_body_sentence_taken_for_heading(sample_seg):
    titles = [s.title for s in sample_seg.sections]
    assert not any(t.startswith(("Giao Uỷ ban", "Tốc độ tăng trưởng GRDP trong")) for t in titles)
    assert not any(s.numbering.startswith(("(1)", "-", "+")) for s in sample_seg.sections)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Thu nhập bình quân 3,5 tr.đồng/người/tháng. Khối lượng đạt 198,111 triệu tấn.km, tăng 14,37%.",
            ["Thu nhập bình quân 3,5 tr.đồng/người/tháng.", "Khối lượng đạt 198,111 triệu tấn.km, tăng 14,37%."],
        ),
        (
            "Khối lượng hành khách luân chuyển đạt 338,587 triệu HK.Km, tăng 61,71%. Điện sản xuất 180,32 Triệu.Kwh.",
            [
                "Khối lượng hành khách luân chuyển đạt 338,587 triệu HK.Km, tăng 61,71%.",
                "Điện sản xuất 180,32 Triệu.Kwh.",
            ],
        ),
        (
            "HĐND tỉnh và UBND tỉnh đã họp. Tại TP. Hồ Chí Minh tăng 5%.",
            ["HĐND tỉnh và UBND tỉnh đã họp.", "Tại TP. Hồ Chí Minh tăng 5%."],
        ),
        (
            "Chương trình SMEdx https://smedx.mic.gov.vn đạt 84%. Tiếp tục triển khai.",
            ["Chương trình SMEdx https://smedx.mic.gov.vn đạt 84%.", "Tiếp tục triển khai."],
        ),
        (
            "2.1. Công nghiệp: Giá trị sản xuất ước đạt 1.733,82 tỷ đồng. Tăng 12,71%.",
            ["2.1. Công nghiệp: Giá trị sản xuất ước đạt 1.733,82 tỷ đồng.", "Tăng 12,71%."],
        ),
        ("I.1. Lĩnh vực kinh tế", ["I.1. Lĩnh vực kinh tế"]),
        (
            "Điều 1. Nhiệm vụ và giải pháp trọng tâm 6 tháng cuối năm 2024",
            ["Điều 1. Nhiệm vụ và giải pháp trọng tâm 6 tháng cuối năm 2024"],
        ),
        (
            "Ngày 05/5/2024 theo Quyết định số 142/QĐ-UBND ngày 26/01/2024. Sau đó đạt 7.155,29 tỷ đồng.",
            ["Ngày 05/5/2024 theo Quyết định số 142/QĐ-UBND ngày 26/01/2024.", "Sau đó đạt 7.155,29 tỷ đồng."],
        ),
        (
            "Các hoạt động văn hóa, thể thao, v.v. được tổ chức. Kết quả tốt.",
            ["Các hoạt động văn hóa, thể thao, v.v. được tổ chức.", "Kết quả tốt."],
        ),
        ("UBND tỉnh Điện Biên báo cáo HĐND tỉnh./.", ["UBND tỉnh Điện Biên báo cáo HĐND tỉnh./."]),
        (
            "phát triển dịch vụ du lịch,... lượng khách tăng mạnh. Doanh thu tăng.",
            ["phát triển dịch vụ du lịch,... lượng khách tăng mạnh.", "Doanh thu tăng."],
        ),
        (
            "Đại hội Đảng toàn quốc lần thứ XIV... Tiếp tục tăng cường.",
            ["Đại hội Đảng toàn quốc lần thứ XIV...", "Tiếp tục tăng cường."],
        ),
        ("TM. ỦY BAN NHÂN DÂN CHỦ TỊCH", ["TM. ỦY BAN NHÂN DÂN CHỦ TỊCH"]),
    ],
)
def test_protected_forms_never_split(text, expected):
    assert [text[s:e] for s, e in split_sentences(text)] == expected


def test_offsets_survive_tone_marks_moved_by_the_tokenizer(monkeypatch):
    """underthesea may rewrite 'hoà' as 'hòa'; sentences still map onto the original text."""
    text = "Hoà bình được giữ vững.  Thuỷ lợi đạt 100% kế hoạch. Tình hình ổn định."

    def rewriting(t):  # what a tone-normalising tokenizer returns
        out = t.replace("oà", "òa").replace("uỷ", "ủy").replace("  ", " ")
        return [s + "." for s in out.split(".") if s.strip()]

    monkeypatch.setattr(segment_sentences, "word_tokenizer", lambda: rewriting)
    spans = split_sentences(text)
    assert [text[s:e] for s, e in spans] == [
        "Hoà bình được giữ vững.", "Thuỷ lợi đạt 100% kế hoạch.", "Tình hình ổn định.",
    ]  # fmt: skip


def _heading_report(path: Path) -> Path:
    b = ReportPdf()
    official_header(b, "UBND TỈNH SƠN LA", "88/BC-UBND", "Sơn La", (10, 7, 2024))
    b.center("PHẦN THỨ NHẤT")
    b.center("ĐÁNH GIÁ TÌNH HÌNH 6 THÁNG ĐẦU NĂM")
    b.paragraph("Tỉnh Sơn La thực hiện các mục tiêu trong bối cảnh nhiều khó khăn.")
    b.heading("I. KẾT QUẢ ĐẠT ĐƯỢC")
    b.heading("I.1. Lĩnh vực kinh tế")
    b.heading("1. Sản xuất nông nghiệp; xây dựng nông thôn mới")
    b.paragraph("1.1. Cây lương thực: Tổng sản lượng lương thực ước đạt 130.032,83 tấn, tăng 996,29 tấn.")
    b.paragraph("- Lúa đông xuân: Diện tích gieo cấy đạt 9.831,17 ha, giảm 82,51 ha.")
    b.paragraph("+ Ngô: Diện tích gieo trồng đạt 23.530,49 ha.")
    b.heading("1.2. Chăn nuôi")
    b.paragraph("//(a) Trâu bò:// Tổng đàn trâu bò ước đạt 241.498 con, tăng 2,1% so với cùng kỳ năm trước.")
    b.paragraph("b) Gia cầm", bold=True)
    b.paragraph("Tổng đàn gia cầm ước đạt 4.553,58 nghìn con.")
    b.heading("2. Công nghiệp, xây dựng")
    b.paragraph("Giá trị sản xuất công nghiệp ước đạt 1.733,82 tỷ đồng, tăng 12,71% so với cùng kỳ năm trước.")
    b.heading("II. ĐÁNH GIÁ CHUNG")
    b.paragraph("(1) Tốc độ tăng trưởng GRDP trong 6 tháng đầu năm tiếp tục duy trì ở mức khá cao, đạt 8,75%.")
    b.paragraph("(2) Các ngành sản xuất khu vực nông nghiệp phát triển tương đối ổn định.")
    b.center("PHẦN THỨ HAI")
    b.center("NHIỆM VỤ, GIẢI PHÁP 6 THÁNG CUỐI NĂM")
    b.heading("1. Về công tác quy hoạch")
    b.paragraph("Tập trung rà soát, hoàn thiện hồ sơ quy hoạch tỉnh.")
    b.two_columns(
        ["//**Nơi nhận:**//", "- Như trên;", "- Lưu: VT."],
        ["**TM. ỦY BAN NHÂN DÂN**", "**CHỦ TỊCH**", "", "**Nguyễn Văn A**"],
    )
    b.page_break()
    b.table(
        title="MỘT SỐ CHỈ TIÊU KINH TẾ - XÃ HỘI CHỦ YẾU 6 THÁNG NĂM 2024",
        caption="(Kèm theo Báo cáo số 88/BC-UBND ngày 10/7/2024 của UBND tỉnh Sơn La)",
        header=[[("TT", 1, 1), ("Chỉ tiêu", 1, 1), ("Đơn vị", 1, 1), ("Kế hoạch 2024", 1, 1)]],
        rows=[["1", "Tổng sản phẩm (GRDP)", "Tỷ đồng", "16.478,54"], ["2", "Tốc độ tăng trưởng", "%", "10,50"]],
        widths=[30, 250, 70, 90],
    )
    b.page_break()
    b.center("NGHỊ QUYẾT")
    b.center("Nhiệm vụ, giải pháp trọng tâm 6 tháng cuối năm 2024")
    b.paragraph("Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;")
    b.heading("Điều 1. Nhiệm vụ và giải pháp trọng tâm")
    b.heading("1. Về công tác quy hoạch, kế hoạch")
    b.paragraph("Tập trung rà soát quy hoạch.")
    b.heading("Điều 2. Tổ chức thực hiện")
    b.paragraph(
        "1. Giao Uỷ ban nhân dân tỉnh, Toà án nhân dân tỉnh, Viện kiểm sát nhân dân tỉnh chịu trách nhiệm tổ "
        "chức thực hiện thắng lợi các nhiệm vụ, giải pháp đã được Hội đồng nhân dân tỉnh thông qua."
    )
    return b.save(path)


def test_each_heading_form_in_a_generated_report(tmp_path: Path):
    doc = pdf_to_document(_heading_report(tmp_path / "h.pdf"))
    seg = document_to_segments(doc)
    got = [(s.level, s.path, s.title) for s in seg.sections]
    assert got == [
        (1, "PHẦN THỨ NHẤT", "ĐÁNH GIÁ TÌNH HÌNH 6 THÁNG ĐẦU NĂM"),
        (2, "PHẦN THỨ NHẤT/I.", "KẾT QUẢ ĐẠT ĐƯỢC"),
        (3, "PHẦN THỨ NHẤT/I./I.1.", "Lĩnh vực kinh tế"),
        (4, "PHẦN THỨ NHẤT/I./I.1./1.", "Sản xuất nông nghiệp; xây dựng nông thôn mới"),
        (5, "PHẦN THỨ NHẤT/I./I.1./1./1.1.", "Cây lương thực"),
        (5, "PHẦN THỨ NHẤT/I./I.1./1./1.2.", "Chăn nuôi"),
        (6, "PHẦN THỨ NHẤT/I./I.1./1./1.2./(a)", "Trâu bò"),
        (6, "PHẦN THỨ NHẤT/I./I.1./1./1.2./b)", "Gia cầm"),
        (4, "PHẦN THỨ NHẤT/I./I.1./2.", "Công nghiệp, xây dựng"),
        (2, "PHẦN THỨ NHẤT/II.", "ĐÁNH GIÁ CHUNG"),
        (1, "PHẦN THỨ HAI", "NHIỆM VỤ, GIẢI PHÁP 6 THÁNG CUỐI NĂM"),
        (4, "PHẦN THỨ HAI/1.", "Về công tác quy hoạch"),
        (1, "MỘT SỐ CHỈ TIÊU KINH TẾ - XÃ HỘI CHỦ…", "MỘT SỐ CHỈ TIÊU KINH TẾ - XÃ HỘI CHỦ YẾU 6 THÁNG NĂM 2024"),
        (1, "NGHỊ QUYẾT", "Nhiệm vụ, giải pháp trọng tâm 6 tháng cuối năm 2024"),
        (2, "NGHỊ QUYẾT/Điều 1.", "Nhiệm vụ và giải pháp trọng tâm"),
        (4, "NGHỊ QUYẾT/Điều 1./1.", "Về công tác quy hoạch, kế hoạch"),
        (2, "NGHỊ QUYẾT/Điều 2.", "Tổ chức thực hiện"),
    ]
    kinds = {s.text: s.kind for s in seg.sentences}
    assert kinds["(a) Trâu bò:"] == "heading"
    assert kinds["- Lúa đông xuân: Diện tích gieo cấy đạt 9.831,17 ha, giảm 82,51 ha."] == "body"
    assert kinds["Nguyễn Văn A"] == "signature"
    assert kinds["UBND TỈNH SƠN LA"] == "front"
    body = [s for s in seg.sentences if s.text.startswith("1. Giao Uỷ ban")]
    assert len(body) == 1 and body[0].kind == "body"


def test_sentence_across_a_page_break(tmp_path: Path):
    b = ReportPdf()
    filler = "Tổng diện tích cây cao su trên địa bàn tỉnh là 5.015,9 ha, tăng 5,87 ha so với cùng kỳ năm trước. "
    while b.page_no == 1:
        b.paragraph(filler * 3)
    b.paragraph("Câu cuối cùng ở trang hai.")
    doc = pdf_to_document(b.save(tmp_path / "pb.pdf"))
    seg = document_to_segments(doc)
    crossing = [s for s in seg.sentences if s.pages == (1, 2)]
    assert len(crossing) >= 1
    assert all(s.text in filler for s in crossing)
