"""The parse stage on the bundled sample report (Điện Biên, 6 months 2024)."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

import pdfplumber


def _norm(text: str) -> str:
    text = re.sub(r"[\u00b9\u00b2\u00b3\u2070-\u2079]", "", text)
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text).lower()).strip()


def test_metadata_exact(sample_doc):
    m = sample_doc.metadata
    assert m.issuer == "UBND TỈNH ĐIỆN BIÊN"
    assert m.number == "3013/BC-UBND"
    assert m.place == "Điện Biên"
    assert m.date == "2024-07-05"
    assert m.doc_type == "BÁO CÁO"
    assert m.title == (
        "Tình hình thực hiện kế hoạch phát triển kinh tế - xã hội, đảm bảo quốc phòng - an ninh "
        "6 tháng đầu năm; nhiệm vụ, giải pháp trọng tâm 6 tháng cuối năm 2024"
    )


def test_all_62_footnotes_linked_in_order(sample_doc):
    numbers = [fn.number for fn in sample_doc.footnotes]
    assert numbers == list(range(1, 63))
    assert all(fn.anchor is not None for fn in sample_doc.footnotes)
    # each marker is used once, and lies on the footnote's page or the page before it
    anchors = {(fn.anchor.paragraph, fn.anchor.offset) for fn in sample_doc.footnotes}
    assert len(anchors) == 62
    for fn in sample_doc.footnotes:
        assert fn.anchor.page in (fn.page, fn.page - 1)
    assert not [n for n in sample_doc.notes if n.code.startswith("footnote")]


def _before_marker(doc, number: int, width: int = 30) -> str:
    fn = doc.footnotes[number - 1]
    text = doc.paragraphs[fn.anchor.paragraph].text
    return text[max(0, fn.anchor.offset - width) : fn.anchor.offset]


def test_markers_never_glued_into_numbers(sample_doc):
    # "5,87ha²" is 5,87 ha with a reference to footnote 2, not 5,872
    assert _before_marker(sample_doc, 2).endswith("tăng 5,87ha")
    assert _before_marker(sample_doc, 28).endswith("khoảng 6.239")
    assert _before_marker(sample_doc, 17).endswith("cho 02")
    text = " ".join(p.text for p in sample_doc.paragraphs)
    assert "5,872" not in text and "6.23928" not in text and "0217 dự án" not in text
    assert "6.239 lao động" in text and "cho 02 dự án" in text


def test_footnotes_continued_on_next_page_are_joined(sample_doc):
    fn28 = sample_doc.footnotes[27]
    assert {s.page for s in fn28.spans} == {12, 13}
    assert "đưa người lao động đi làm việc ở nước ngoài là 109 lao động" in fn28.text
    assert fn28.text.endswith("2.323 lao động.")
    fn38 = sample_doc.footnotes[37]
    assert {s.page for s in fn38.spans} == {15, 16}
    assert fn38.text.endswith('"Điện Biên Phủ - Thiên sứ vàng" tại Cần Thơ;...')


def test_no_footnote_or_page_number_inside_body(sample_doc):
    body = [p for p in sample_doc.paragraphs]
    for fn in sample_doc.footnotes:
        probe = fn.text[:40]
        assert not any(probe in p.text for p in body), f"footnote {fn.number} text leaked into the body"
    numbers = {f.page for f in sample_doc.furniture if f.kind == "page_number"}
    assert numbers == set(range(2, 52))
    # a paragraph split by the page break 2 -> 3 (with footnotes 1-2 and the page number between)
    joined = [p for p in body if "Xử lý kịp thời, hiệu quả một số dịch bệnh" in p.text]
    assert len(joined) == 1 and joined[0].pages == (2, 3)


def test_body_text_reproduced_exactly_once(sample_doc, sample_pdf):
    """Independent read with pdfplumber's own word extraction: the body-size characters
    outside tables, in reading order, equal the body paragraphs' characters."""
    body_size = 14.0
    expected = []
    with pdfplumber.open(sample_pdf) as pdf:
        sizes = Counter(round(c["size"], 1) for p in pdf.pages for c in p.chars)
        assert sizes.most_common(1)[0][0] == body_size
        for page in pdf.pages:
            boxes = [t.bbox for t in page.find_tables()]

            def keep(o, boxes=boxes):
                if o.get("object_type") != "char":
                    return False
                if abs(o["size"] - body_size) > 0.5:
                    return False
                x, y = (o["x0"] + o["x1"]) / 2, (o["top"] + o["bottom"]) / 2
                return not any(b[0] <= x <= b[2] and b[1] <= y <= b[3] for b in boxes)

            text = page.filter(keep).extract_text()
            lines = text.splitlines()
            if lines and re.fullmatch(r"\d+", lines[0].strip()):
                lines = lines[1:]  # the page number
            expected.append("".join("".join(lines).split()))
    got = "".join(
        "".join(p.text.split()) for p in sample_doc.paragraphs if abs(p.size - body_size) <= 0.5 and p.role != "header"
    )
    # the two-column header/signature rows mix 13/14 pt; compare the main flow only
    exp = "".join(expected)
    assert Counter(got) == Counter(exp)
    assert got == exp


def test_gold_quotes_found_exactly_once(sample_doc, gold_claims):
    text = _norm(" \n ".join([p.text for p in sample_doc.paragraphs] + [fn.text for fn in sample_doc.footnotes]))
    missing, repeated = [], []
    for item in gold_claims:
        q = _norm(item["quote"])
        n = text.count(q)
        if n == 0:
            missing.append(item["quote"])
        elif n > 1:
            repeated.append(item["quote"])
    assert not missing, missing[:5]
    # quotes are unique in the printed report; without their superscript markers a few repeat
    assert len(repeated) <= 0.03 * len(gold_claims), repeated


def test_tables_kept_out_of_prose(sample_doc):
    assert {t.page for t in sample_doc.tables} == {38, 39, 40, 41, 42, 43, 44}
    text = " ".join(p.text for p in sample_doc.paragraphs)
    assert "16.478,54" not in text  # a cell of the GRDP row
    assert "(Kèm theo Báo cáo số 3013/BC-UBND ngày 05/7/2024 của UBND tỉnh Điện Biên)" in text


def test_bold_heading_candidates_kept_as_attributes(sample_doc):
    heads = [p for p in sample_doc.paragraphs if p.text.startswith("I.1. Lĩnh vực kinh tế")]
    assert len(heads) == 1 and heads[0].bold
    runin = next(p for p in sample_doc.paragraphs if p.text.startswith("1.1. Cây lương thực:"))
    assert not runin.bold
