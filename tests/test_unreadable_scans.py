"""Scans OCR cannot read (another script, or too poor a scan): below OcrOptions.min_confidence a
page's OCR text is not used (a note says why), and a document made only of such pages is refused
with one line."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from pdfgen import ReportPdf, official_header, rasterise

from pipeline import errors, parse
from pipeline.parse import ocr

needs_tesseract = pytest.mark.skipif(
    ocr.missing() is not None and not os.environ.get("BAOCAO_REQUIRE_OCR"), reason=f"no OCR here: {ocr.missing()}"
)
# Georgian: Tesseract's Vietnamese model reads it at a mean word confidence of about 0.3
FOREIGN = "საქართველოს ეკონომიკა 2024 წლის პირველ ნახევარში გაიზარდა 7,5 პროცენტით, ხოლო ექსპორტი შემცირდა. " * 6
VIETNAMESE = "Tổng sản phẩm trên địa bàn (GRDP) ước đạt 7.155,29 tỷ đồng, tăng 6,12% so với cùng kỳ năm trước."


def _foreign_scan(tmp_path: Path) -> Path:
    b = ReportPdf()
    b.paragraph(FOREIGN)
    return rasterise(b.save(tmp_path / "foreign.pdf"), tmp_path / "foreign-scan.pdf", resolution=150)


@needs_tesseract
def test_a_scan_of_another_script_is_refused(tmp_path: Path):
    scan = _foreign_scan(tmp_path)
    with pytest.raises(errors.UnreadableScanError) as info:
        parse.pdf_to_document(scan)
    problem = info.value.problem
    assert "\n" not in problem and "below 0.50" in problem and "not Vietnamese text" in problem
    confidence = float(problem.split("mean word confidence ")[1].split()[0])
    assert confidence < 0.5
    # with the minimum off, the same page is read (as noise): the refusal is the threshold's doing
    doc = parse.pdf_to_document(scan, ocr_options=parse.OcrOptions(min_confidence=0.0))
    assert doc.pages[0].ocr_confidence == pytest.approx(confidence, abs=0.005) and doc.paragraphs


@needs_tesseract
def test_an_unreadable_scanned_page_of_a_report_is_left_out(tmp_path: Path):
    import pikepdf

    b = ReportPdf()
    official_header(b, "UBND TỈNH SƠN LA", "88/BC-UBND", "Sơn La", (10, 7, 2024))
    b.paragraph(VIETNAMESE)
    text_pdf = b.save(tmp_path / "text.pdf")
    joined = tmp_path / "joined.pdf"
    with pikepdf.open(text_pdf) as out, pikepdf.open(_foreign_scan(tmp_path)) as scan:
        out.pages.extend(scan.pages)
        out.save(joined)
    doc = parse.pdf_to_document(joined)
    assert [p.ocr for p in doc.pages] == [False, True]
    assert all(p.spans[0].page == 1 for p in doc.paragraphs)  # nothing read from the scanned page
    notes = [n for n in doc.notes if n.code == "ocr-unreadable"]
    assert len(notes) == 1 and notes[0].page == 2
    assert VIETNAMESE in " ".join(p.text for p in doc.paragraphs)
