"""Batches: parallel workers, failure isolation, the cache, OCR of scans, and the Dask path."""

from __future__ import annotations

import filecmp
import json
import os
import shutil
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from pdfgen import encrypt, rasterise

from pipeline import batch, errors, parse
from pipeline.cli import main
from pipeline.parse import ocr
from pipeline.rules import schema_dir

needs_tesseract = pytest.mark.skipif(
    ocr.missing() is not None and not os.environ.get("BAOCAO_REQUIRE_OCR"), reason=f"no OCR here: {ocr.missing()}"
)


def _mini(path: Path) -> Path:
    from test_validate import _mini_report

    return _mini_report(path)


def _claim_keys(claims: pd.DataFrame) -> Counter:
    real = claims[claims["kind"] != "not_claim"]
    pages = real["bbox_page"].fillna(real["page"]).astype(int)
    return Counter(zip(pages, real["raw"], strict=True))


@needs_tesseract
def test_batch_of_sample_encrypted_truncated_and_scanned(sample_pdf: Path, sample_out: Path, tmp_path: Path):
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copyfile(sample_pdf, raw / sample_pdf.name)
    encrypt(_mini(raw / "son-la-encrypted.pdf"))
    (raw / "truncated.pdf").write_bytes(sample_pdf.read_bytes()[: sample_pdf.stat().st_size // 2])
    rasterise(sample_pdf, raw / "dienbien-2024-h1-scan.pdf", resolution=150)
    out = tmp_path / "extracted"

    result = CliRunner().invoke(main, ["extract", str(raw), "--out", str(out), "--workers", "2", "--quiet"])
    assert result.exit_code == 2, result.output
    errors_ = sorted(ln for ln in result.stderr.splitlines() if ln.startswith("error:"))
    assert len(errors_) == 2
    assert "son-la-encrypted.pdf: encrypted" in errors_[0]
    assert "truncated.pdf: truncated PDF" in errors_[1]
    # two complete folders, nothing half-written, no staging left over
    assert sorted(p.name for p in out.iterdir()) == [
        "batch.json", "catalog.duckdb", "dienbien-2024-h1", "dienbien-2024-h1-scan",
    ]  # fmt: skip
    summary = json.loads((out / "batch.json").read_text(encoding="utf-8"))
    assert summary["counts"] == {"done": 2, "failed": 2, "skipped": 0}
    assert summary["workers"] == 2

    scan = out / "dienbien-2024-h1-scan"
    document = json.loads((scan / "document.json").read_text(encoding="utf-8"))
    assert all(p["ocr"] for p in document["pages"])
    assert all(0.8 < p["ocr_confidence"] <= 1.0 for p in document["pages"])
    scanned = pd.read_parquet(scan / "claims.parquet")
    assert scanned.loc[scanned["kind"] != "not_claim", "flags"].str.contains("ocr").all()
    # most of the sample's claims are found in its scan (same figure on the same page)
    original = _claim_keys(pd.read_parquet(sample_out / "claims.parquet"))
    found = sum((original & _claim_keys(scanned)).values()) / sum(original.values())
    assert found >= 0.9, found
    assert (scan / "review.html").exists() and (scan / "clean" / "indicators.parquet").exists()


def test_rerun_skips_unchanged_reports_and_reruns_after_a_rule_change(tmp_path: Path, monkeypatch):
    rules = tmp_path / "schemas"
    shutil.copytree(schema_dir(), rules)
    monkeypatch.setenv("BAOCAO_SCHEMAS", str(rules))
    raw = tmp_path / "raw"
    raw.mkdir()
    _mini(raw / "son-la-a.pdf")
    _mini(raw / "son-la-b.pdf")
    out = tmp_path / "out"
    args = ["extract", str(raw), "--out", str(out), "--workers", "2", "--quiet"]
    runner = CliRunner()

    first = runner.invoke(main, args)
    assert first.exit_code == 0, first.output
    stamp = {p: (out / p / "checks.csv").stat().st_mtime_ns for p in ("son-la-a", "son-la-b")}
    again = runner.invoke(main, args)
    assert again.exit_code == 0
    assert again.stdout.count("unchanged, skipped") == 2
    assert {p: (out / p / "checks.csv").stat().st_mtime_ns for p in stamp} == stamp
    assert json.loads((out / "batch.json").read_text())["counts"] == {"done": 0, "failed": 0, "skipped": 2}

    forced = runner.invoke(main, [*args, "--force"])
    assert forced.stdout.count("unchanged, skipped") == 0 and forced.exit_code == 0

    with (rules / "rules" / "units.yaml").open("a", encoding="utf-8") as f:
        f.write("\n# a reviewer's change\n")
    changed = runner.invoke(main, args)
    assert changed.exit_code == 0
    assert changed.stdout.count("unchanged, skipped") == 0
    assert json.loads((out / "batch.json").read_text())["counts"]["done"] == 2

    # a changed report re-runs too, the other one is skipped
    _mini(raw / "son-la-b.pdf").write_bytes((raw / "son-la-b.pdf").read_bytes() + b"\n% touched\n")
    last = runner.invoke(main, args)
    assert last.stdout.count("unchanged, skipped") == 1


@needs_tesseract
def test_scanned_pages_are_read_by_ocr(tmp_path: Path):
    scan = rasterise(_mini(tmp_path / "r.pdf"), tmp_path / "scan.pdf", resolution=150, pages=1)
    doc = parse.pdf_to_document(scan)
    page = doc.pages[0]
    assert page.ocr and not any(n.code == "no-text-layer" for n in doc.notes)
    assert page.ocr_confidence is not None and page.ocr_confidence > 0.8
    text = " ".join(p.text for p in doc.paragraphs)
    assert "7.155,29 tỷ đồng" in text and "Sơn La" in text


def test_scan_without_tesseract_says_how_to_install(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(ocr, "missing", lambda: "Tesseract is not installed: " + ocr.INSTALL)
    scan = rasterise(_mini(tmp_path / "r.pdf"), tmp_path / "scan.pdf", resolution=72, pages=1)
    with pytest.raises(errors.OcrUnavailableError, match="apt-get install tesseract-ocr tesseract-ocr-vie"):
        parse.pdf_to_document(scan)
    result = CliRunner().invoke(main, ["extract", str(scan), "--out", str(tmp_path / "out"), "--no-ocr", "--quiet"])
    assert result.exit_code == 1
    assert "OCR is turned off" in result.stderr


def _same_outputs(a: Path, b: Path) -> list[str]:
    """Files that differ between two report folders (Data Docs carry run times; workbooks their
    creation time, so they are compared as tables)."""
    diffs = []
    files_a = {p.relative_to(a) for p in a.rglob("*") if p.is_file() and "data_docs" not in p.parts}
    files_b = {p.relative_to(b) for p in b.rglob("*") if p.is_file() and "data_docs" not in p.parts}
    diffs += [f"only in one: {p}" for p in files_a ^ files_b]
    for rel in sorted(files_a & files_b):
        if rel.suffix == ".xlsx":
            sa, sb = pd.read_excel(a / rel, sheet_name=None), pd.read_excel(b / rel, sheet_name=None)
            if list(sa) != list(sb) or any(not sa[k].equals(sb[k]) for k in sa):
                diffs.append(str(rel))
        elif not filecmp.cmp(a / rel, b / rel, shallow=False):
            diffs.append(str(rel))
    return diffs


def test_dask_cluster_gives_the_same_output_as_local_workers(sample_pdf: Path, tmp_path: Path):
    from dask.distributed import LocalCluster

    pdfs = [str(sample_pdf), str(_mini(tmp_path / "son-la-2024-h1.pdf"))]
    local = batch.run_batch([batch.Task(p, str(tmp_path / "local")) for p in pdfs], workers=2)
    assert {o.status for o in local} == {"done"}
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        remote = batch.run_batch(
            [batch.Task(p, str(tmp_path / "dask")) for p in pdfs], scheduler=cluster.scheduler_address
        )
    assert {o.status for o in remote} == {"done"}
    for rid in ("dienbien-2024-h1", "son-la-2024-h1"):
        assert _same_outputs(tmp_path / "local" / rid, tmp_path / "dask" / rid) == [], rid


def test_cli_scheduler_option(tmp_path: Path):
    from dask.distributed import LocalCluster

    pdf = _mini(tmp_path / "son-la.pdf")
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        result = CliRunner().invoke(
            main, ["extract", str(pdf), "--out", str(tmp_path / "out"), "--scheduler", cluster.scheduler_address]
        )
    assert result.exit_code == 0, result.output
    assert json.loads((tmp_path / "out" / "batch.json").read_text())["scheduler"] == cluster.scheduler_address


# --------------------------------------------------------------------------------------
# per-report limits in workers (issue 16)


def test_report_over_its_time_limit_fails_alone_and_the_next_succeeds(sample_pdf: Path, tmp_path: Path):
    from pipeline.sandbox import ReportLimits

    out = tmp_path / "out"
    mini = _mini(tmp_path / "son-la.pdf")
    slow = batch.Task(str(sample_pdf), str(out), limits=ReportLimits(seconds=1.0))  # the sample takes far longer
    fine = batch.Task(str(mini), str(out))
    outcomes = batch.run_batch([slow, fine], workers=1)
    by_pdf = {o.pdf: o for o in outcomes}
    assert by_pdf[str(sample_pdf)].status == "failed"
    assert "over the time limit of 1 s per report" in by_pdf[str(sample_pdf)].message
    assert "--time-limit" in by_pdf[str(sample_pdf)].message
    assert by_pdf[str(mini)].status == "done", by_pdf[str(mini)].message
    # nothing half-written by the stopped report
    assert sorted(p.name for p in out.iterdir()) == ["son-la"]


def test_report_over_its_memory_limit_fails_with_the_limit_named(tmp_path: Path):
    from pipeline.sandbox import ReportLimits

    out = tmp_path / "out"
    mini = _mini(tmp_path / "son-la.pdf")
    # a worker holding the loaded libraries already uses more than 20 MB: the child is stopped at once
    outcome = batch.process(batch.Task(str(mini), str(out), limits=ReportLimits(memory_mb=20)))
    assert outcome.status == "failed"
    assert "over the memory limit of 20 MB per report" in outcome.message and "--memory-limit" in outcome.message
    assert not out.exists() or not any(out.iterdir())


def test_internal_errors_say_how_to_report_them(tmp_path: Path, monkeypatch):
    out = tmp_path / "out"
    mini = _mini(tmp_path / "son-la.pdf")

    def boom(*args, **kwargs):
        raise ZeroDivisionError("float division by zero")

    monkeypatch.setattr(batch.run, "extract_report", boom)
    outcome = batch.process(batch.Task(str(mini), str(out)))
    assert outcome.status == "failed"
    assert "internal error: ZeroDivisionError" in outcome.message and "please report it" in outcome.message


def test_a_batch_of_several_workers_leaves_nothing_behind(tmp_path: Path):
    """Each report child of a worker used to create great-expectations' progress-bar lock and leave
    it at exit: the resource tracker then printed 'leaked semaphore objects' after every batch."""
    import subprocess
    import sys

    raw = tmp_path / "raw"
    raw.mkdir()
    _mini(raw / "son-la-a.pdf")
    _mini(raw / "son-la-b.pdf")
    out = tmp_path / "extracted"
    done = subprocess.run(
        [sys.executable, "-m", "pipeline.cli", "extract", str(raw), "--out", str(out), "--workers", "2", "--quiet"],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "leaked" not in done.stderr and "Warning" not in done.stderr, done.stderr
    assert (out / "son-la-a" / "checks.csv").is_file() and (out / "son-la-b" / "checks.csv").is_file()
