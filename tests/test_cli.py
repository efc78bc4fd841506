"""The command line: summaries, one-line errors, exit codes, atomic output folders."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from pdfgen import ReportPdf, encrypt

from pipeline.cli import main

TEXT = "Tổng sản phẩm trên địa bàn tỉnh (GRDP) ước đạt 7.155,29 tỷ đồng, tăng 8,75% so với cùng kỳ năm trước[^1]."


def _report(path: Path) -> Path:
    b = ReportPdf()
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
    b.paragraph(TEXT, footnotes={1: "Theo giá so sánh năm 2010."})
    return b.save(path)


def test_batch_with_bad_files_reports_each_and_exits_nonzero(tmp_path: Path):
    good = _report(tmp_path / "Báo cáo Lai Châu 6T.pdf")
    enc = encrypt(_report(tmp_path / "enc.pdf"))
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(good.read_bytes()[:2000])
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["extract", str(enc), str(good), str(cut), "--out", str(out), "--quiet"])
    assert result.exit_code == 2
    err = sorted(ln for ln in result.stderr.splitlines() if ln.startswith("error:"))  # in the order they finish
    assert len(err) == 2
    assert err[0].startswith(f"error: {cut}: truncated")
    assert err[1].startswith(f"error: {enc}: encrypted")
    folders = sorted(p.name for p in out.iterdir() if p.is_dir())
    assert folders == ["bao-cao-lai-chau-6t"]  # nothing half-written, no staging left over
    data = json.loads((out / "bao-cao-lai-chau-6t" / "document.json").read_text(encoding="utf-8"))
    assert data["metadata"]["number"] == "142/BC-UBND"
    assert data["counts"]["footnotes"] == 1
    assert "bao-cao-lai-chau-6t: 1 pages" in result.stdout
    text = (out / "bao-cao-lai-chau-6t" / "text.txt").read_text(encoding="utf-8")
    assert "7.155,29 tỷ đồng, tăng 8,75% so với cùng kỳ năm trước." in text


def test_failed_rerun_keeps_the_previous_complete_output(tmp_path: Path):
    pdf = _report(tmp_path / "r.pdf")
    out = tmp_path / "out"
    assert CliRunner().invoke(main, ["extract", str(pdf), "--out", str(out), "--quiet"]).exit_code == 0
    before = (out / "r" / "document.json").read_text(encoding="utf-8")
    pdf.write_bytes(b"%PDF-1.7\nbroken")
    result = CliRunner().invoke(main, ["extract", str(pdf), "--out", str(out), "--quiet"])
    assert result.exit_code == 1
    assert (out / "r" / "document.json").read_text(encoding="utf-8") == before
    assert sorted(p.name for p in out.iterdir()) == ["batch.json", "catalog.duckdb", "r"]


def test_folder_input_and_missing_file(tmp_path: Path):
    _report(tmp_path / "a.pdf")
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main, ["extract", str(tmp_path), str(tmp_path / "nope.pdf"), "--out", str(out), "--quiet"]
    )
    assert result.exit_code == 1
    assert f"error: {tmp_path / 'nope.pdf'}: no such file" in result.stderr
    assert (out / "a" / "document.json").exists()


def test_internal_errors_are_one_line_that_says_how_to_report_them(tmp_path: Path, monkeypatch):
    from pipeline import batch, run

    def boom(*args, **kwargs):
        raise ZeroDivisionError("float division by zero")

    pdf = _report(tmp_path / "r.pdf")
    out = tmp_path / "out"
    monkeypatch.setattr(run, "extract_report", boom)
    one = CliRunner().invoke(main, ["extract", str(pdf), "--out", str(out), "--quiet"])
    assert one.exit_code == 1
    assert one.stderr.splitlines()[0] == (
        f"error: {pdf}: internal error: ZeroDivisionError: float division by zero (this is a bug in baocao, "
        "not a problem with your file: please report it with the file and the output of `baocao --version` "
        "to the project's issue tracker)"
    )
    monkeypatch.setattr(run, "review_folder", boom)
    (out / "r").mkdir(parents=True, exist_ok=True)
    review = CliRunner().invoke(main, ["review", str(out / "r")])
    assert review.exit_code == 1
    assert (
        review.stderr.startswith(f"error: {out / 'r'}: internal error: ZeroDivisionError")
        and "please report it" in review.stderr
    )
    # a bug outside any one report (here: writing batch.json) is still one line, not a traceback
    monkeypatch.setattr(batch, "write_summary", boom)
    outside = CliRunner().invoke(main, ["extract", str(pdf), "--out", str(out), "--quiet"])
    assert outside.exit_code == 1
    assert outside.stderr.strip().splitlines()[-1].startswith("error: internal error: ZeroDivisionError")
    assert "Traceback" not in outside.stderr and "please report it" in outside.stderr
