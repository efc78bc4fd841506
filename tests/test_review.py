"""Review page, reviewer decisions, clean tables, Excel workbook and the DuckDB catalogue."""

from __future__ import annotations

import csv
import os
import re
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from pipeline import cli, publish, run
from pipeline.publish import catalog, contract, decisions, review
from pipeline.publish.clean import column_measure

CHROMIUM = next((shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome") if shutil.which(n)), None)


@pytest.fixture(scope="module")
def reviewed(sample_out: Path, tmp_path_factory) -> Path:
    """A copy of the sample's output folder to write decisions into."""
    out = tmp_path_factory.mktemp("reviewed")
    folder = out / sample_out.name
    shutil.copytree(sample_out, folder)
    return folder


def _failed(folder: Path) -> pd.DataFrame:
    checks = contract.read_csv(folder / "checks.csv", "checks")
    return checks[checks["status"] == "fail"].set_index("rule")


# --------------------------------------------------------------------------------------
# review.html


@pytest.mark.slow
def test_review_page_lists_every_failure_with_a_picture(sample_out: Path):
    page = (sample_out / review.FILE).read_text(encoding="utf-8")
    failed = _failed(sample_out)
    for check_id in failed["check_id"]:
        section = re.search(
            r'<section class="check fail" id="' + re.escape(check_id) + r'">(.*?)</section>', page, re.S
        )
        assert section, check_id
        assert "data:image/png;base64," in section.group(1), f"{check_id} has no picture"
    # failures come before the passes
    assert page.index('class="check fail"') < page.index('class="rulegroup"')
    # nothing is fetched from the network: no remote resources, and the page forbids them
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", page)
    assert "default-src 'none'" in page
    assert "review.csv" in page and "confirmed error" in page and "corrected value" in page


def test_review_text_is_escaped():
    operand = review.Operand(ref="c-00001", kind="claim", raw="5", page=3, where="a <b>bold</b> claim of 5 ha")
    item = review.Item(check_id="c1", rule="table_sum", status="fail", message="<script>alert(1)</script> & co",
                       expected=1.0, actual=2.0, tolerance=0.01, margin=-0.9, basis=None, pages="3",
                       operands=(operand,))  # fmt: skip
    page = review.render({"report_id": "r<x>", "metadata": {"title": "<i>t</i>"}}, [item],
                         decisions.Applied({}, [], []), pdf_found=False, book={})  # fmt: skip
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in page
    assert "a &lt;b&gt;bold&lt;/b&gt; claim of <mark>5</mark> ha" in page
    assert "&lt;i&gt;t&lt;/i&gt;" in page


@pytest.mark.slow
@pytest.mark.skipif(CHROMIUM is None and not os.environ.get("BAOCAO_REQUIRE_BROWSER"), reason="no Chromium here")
def test_review_page_in_headless_chromium(sample_out: Path, tmp_path: Path):
    assert CHROMIUM, "Chromium is required (BAOCAO_REQUIRE_BROWSER is set): apt-get install chromium"
    url = (sample_out / review.FILE).resolve().as_uri()
    base = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
            f"--user-data-dir={tmp_path / 'profile'}"]  # fmt: skip
    dom = subprocess.run([*base, "--virtual-time-budget=5000", "--dump-dom", url], capture_output=True, text=True,
                         timeout=120, check=True).stdout  # fmt: skip
    body = re.search(r"<body([^>]*)>", dom)
    assert body, dom[:500]
    attrs = dict(re.findall(r'(data-[\w-]+)="([^"]*)"', body.group(1)))
    n_failed = len(_failed(sample_out))
    assert int(attrs["data-failed-checks"]) == n_failed
    # every picture decoded in the browser (one or more per failed check)
    assert int(attrs["data-pictures"]) >= n_failed
    assert attrs["data-pictures-loaded"] == attrs["data-pictures"]
    shot = tmp_path / "review.png"
    subprocess.run([*base, "--window-size=1280,5000", f"--screenshot={shot}", url], capture_output=True,
                   timeout=120, check=True)  # fmt: skip
    import numpy as np
    from PIL import Image

    image = np.asarray(Image.open(shot).convert("RGB")).astype(int)
    assert image.shape[:2] == (5000, 1280)
    r, g, b = image[..., 0], image[..., 1], image[..., 2]
    # the boxes drawn around the figures in the pictures: pure red (214, 0, 0), a colour the page's
    # own styles do not use (failure bars are #b3261e)
    boxes = (r >= 200) & (g <= 30) & (b <= 30)
    assert boxes.sum() > 100 * n_failed, int(boxes.sum())
    rows_with_boxes = np.flatnonzero(boxes.any(axis=1))
    # the boxes sit in separate pictures down the page, not in one place
    assert rows_with_boxes.max() - rows_with_boxes.min() > 1500
    white = (r > 245) & (g > 245) & (b > 245)
    assert white.mean() < 0.95


# --------------------------------------------------------------------------------------
# decisions


def _write_review(folder: Path, rows: list[list[str]]) -> None:
    with (folder / decisions.FILE).open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(decisions.COLUMNS)
        w.writerows(rows)


@pytest.mark.slow
def test_decisions_are_applied_to_clean_tables(reviewed: Path):
    failed = _failed(reviewed)
    table_sum = failed.loc["table_sum", "check_id"]
    unit = failed.loc["narrative_table_unit", "check_id"]
    unit_claim = failed.loc["narrative_table_unit", "claim_ids"]
    ratio = failed.loc["prose_ratio_rate", "check_id"]
    rate_claim = failed.loc["prose_ratio_rate", "claim_ids"].split(";")[1]  # the printed 32,15
    _write_review(reviewed, [
        [table_sum, "false alarm", "the year plan covers the summer crop", "an", "2026-11-29", "", ""],
        [unit, "confirmed error", "nghìn lượt, as the appendix", "an", "2026-11-29", "", ""],
        [ratio, "corrected value", "9/28", "an", "2026-11-29", rate_claim, "32,14"],
        ["table_sum-0000000000", "false alarm", "from an earlier run", "an", "2026-11-01", "", ""],
        ["", "maybe", "", "", "", "", ""],
    ])  # fmt: skip
    result = CliRunner().invoke(cli.main, ["review", str(reviewed)])
    assert result.exit_code == 0, result.output
    assert "3 decided" in result.output and "1 decisions without a check" in result.output
    assert "1 unusable review.csv lines" in result.output

    checks = pd.read_parquet(reviewed / "clean" / "checks.parquet").set_index("check_id")
    assert checks.loc[table_sum, "decision"] == "false alarm"
    assert checks.loc[ratio, "decision"] == "corrected value"
    assert checks.loc[ratio, "corrected_value"] == pytest.approx(32.14)
    undecided = failed[~failed["check_id"].isin([table_sum, unit, ratio])]["check_id"]
    assert len(undecided) == 2 and (checks.loc[list(undecided), "decision"] == "not reviewed").all()

    indicators = pd.read_parquet(reviewed / "clean" / "indicators.parquet")
    plan = indicators[indicators["cell_id"] == "T1:70:3"].iloc[0]
    assert plan["status"] == "fail" and pd.isna(plan["flag"]) and plan["review"] == "false alarm"
    claims = pd.read_parquet(reviewed / "clean" / "claims.parquet").set_index("claim_id")
    fixed = claims.loc[rate_claim]
    assert fixed["flag"] == "corrected"
    assert fixed["value"] == pytest.approx(32.14) and fixed["printed_value"] == pytest.approx(32.15)
    assert claims.loc[unit_claim, "flag"] == "confirmed error"
    # the table row the text states stays disputed: its flag follows the confirmed error
    tourists = indicators[indicators["claim_ids"].fillna("").str.split(";").apply(lambda ids: unit_claim in ids)]
    assert len(tourists) == 1 and tourists.iloc[0]["flag"] == "confirmed error"
    fixed_row = indicators[indicators["claim_ids"] == rate_claim].iloc[0]
    assert fixed_row["value"] == pytest.approx(32.14) and fixed_row["flag"] == "corrected"
    # unreviewed failures stay, flagged; nothing is dropped
    change = failed.loc["prose_change_vs_previous", "claim_ids"].split(";")[0]
    assert claims.loc[change, "flag"] == "unreviewed failure"
    page = (reviewed / review.FILE).read_text(encoding="utf-8")
    assert "table_sum-0000000000" in page and "no longer exists" in page
    assert "maybe" in page  # the unusable line is shown with its reason
    assert page.count('class="badge decided"') == 3


@pytest.mark.slow
def test_decision_survives_a_rerun(sample_pdf: Path, tmp_path: Path, sample_out: Path):
    out = tmp_path / "out"
    shutil.copytree(sample_out, out / sample_out.name)
    failed = _failed(sample_out)
    table_sum = failed.loc["table_sum", "check_id"]
    _write_review(
        out / sample_out.name, [[table_sum, "false alarm", "plan covers more crops", "an", "2026-11-29", "", ""]]
    )
    result = run.extract_report(sample_pdf, out)
    kept = (result.folder / decisions.FILE).read_text(encoding="utf-8")
    assert table_sum in kept
    checks = pd.read_parquet(result.folder / "clean" / "checks.parquet").set_index("check_id")
    assert checks.loc[table_sum, "decision"] == "false alarm"


def test_review_csv_rows_are_validated(tmp_path: Path):
    path = tmp_path / decisions.FILE
    path.write_text(
        "check_id,decision,note,reviewer,date,operand,corrected_value\n"
        "a,Confirmed Error,,,,,\n"
        "b,corrected value,,,,,\n"
        "c,corrected value,,,,c-1,abc\n"
        'd,corrected value,,,,c-1,"1.234,5"\n'
        "e,corrected value,,,,,12.5\n",
        encoding="utf-8",
    )
    found, problems = decisions.read(path)
    assert [d.check_id for d in found] == ["a", "d", "e"]
    assert found[0].decision == "confirmed error"
    assert found[1].corrected_value == pytest.approx(1234.5)
    assert found[2].corrected_value == pytest.approx(12.5)
    assert len(problems) == 2
    applied = decisions.match(found, problems, {"a": ([], []), "d": (["c-1"], []), "e": (["c-7", "c-8"], [])})
    assert set(applied.by_check) == {"a", "d"}
    assert any("operand" in p.message for p in applied.problems)


# --------------------------------------------------------------------------------------
# clean tables, Excel, catalogue


@pytest.mark.slow
def test_clean_tables_follow_their_contract(sample_out: Path):
    for table, name in (("clean_indicators", "indicators"), ("clean_claims", "claims"), ("clean_checks", "checks")):
        frame = pd.read_parquet(sample_out / "clean" / f"{name}.parquet")
        assert not contract.validate(table, frame), table
        assert list(frame.columns) == [c.name for c in contract.columns(table)]
        again = contract.read_csv(sample_out / "clean" / f"{name}.csv", table)
        assert len(again) == len(frame)
    claims = pd.read_parquet(sample_out / "clean" / "claims.parquet")
    raw = pd.read_parquet(sample_out / "claims.parquet")
    assert len(claims) == int((raw["kind"] != "not_claim").sum())
    indicators = pd.read_parquet(sample_out / "clean" / "indicators.parquet")
    cells = pd.read_parquet(sample_out / "tables.parquet")
    assert int((indicators["source"] != "text").sum()) == int(cells["value"].notna().sum())
    # a text figure stated by the appendix is one row, not two
    assert (indicators["source"] == "table+text").sum() > 50
    linked = ";".join(indicators.loc[indicators["source"] == "table+text", "claim_ids"]).split(";")
    text_rows = set(indicators.loc[indicators["source"] == "text", "claim_ids"])
    assert not set(linked) & text_rows
    assert len(text_rows) + len(set(linked)) == len(claims[claims["value"].notna()])
    failing = indicators[indicators["status"] == "fail"]
    assert len(failing) >= 5 and (failing["flag"] == "unreviewed failure").all()


def test_column_measures():
    assert column_measure("Kế hoạch 2024") == ("plan", "2024")
    assert column_measure("Thực hiện 6 tháng 2023") == ("actual", "6 tháng 2023")
    assert column_measure("Ước TH 6 tháng 2024") == ("estimate", "6 tháng 2024")
    assert column_measure("So sánh Uớc TH 6 tháng 2024 với (%) | KH 2024") == ("pct_of_plan", "6 tháng 2024")
    assert column_measure("So sánh Ước TH 6 tháng 2024 với (%) | Thực hiện 6 tháng 2023") == (
        "pct_of_previous", "6 tháng 2024")  # fmt: skip
    assert column_measure("So sánh Ước TH 6 tháng 2024 với (%) | Kịch bản 6 tháng 2024")[0] == "pct_of_scenario"


@pytest.mark.slow
def test_excel_workbook(sample_out: Path):
    path = sample_out / "clean" / f"{sample_out.name}.xlsx"
    sheets = pd.read_excel(path, sheet_name=None)
    assert list(sheets) == ["indicators", "claims", "checks"]
    for name, table in (("indicators", "clean_indicators"), ("claims", "clean_claims"), ("checks", "clean_checks")):
        assert list(sheets[name].columns) == [c.name for c in contract.columns(table)]
    assert len(sheets["claims"]) == len(pd.read_parquet(sample_out / "clean" / "claims.parquet"))
    book = load_workbook(path, read_only=False)
    for ws in book.worksheets:
        assert ws.freeze_panes == "A2"
    ws = book["indicators"]
    header = [c.value for c in ws[1]]
    col = header.index("value") + 1
    values = [ws.cell(row=r, column=col).value for r in range(2, 40)]
    assert all(isinstance(v, int | float) for v in values if v is not None)
    assert pd.api.types.is_float_dtype(sheets["indicators"]["value"])


@pytest.mark.slow
def test_catalog_across_two_reports(sample_pdf: Path, sample_out: Path, tmp_path: Path):
    from test_validate import _mini_report

    out = tmp_path / "extracted"
    shutil.copytree(sample_out, out / sample_out.name)
    catalog.update(out, out / sample_out.name)
    runner = CliRunner()
    result = runner.invoke(cli.main, ["extract", str(_mini_report(tmp_path / "son-la-2024-h1.pdf")), "--out",
                                      str(out), "--quiet"])  # fmt: skip
    assert result.exit_code == 0, result.output
    db = out / catalog.FILE
    rows = catalog.query(
        db,
        "SELECT r.report_id, r.issuer, r.period, r.report_date, count(*) AS n "
        "FROM indicators i JOIN reports r USING (report_id) GROUP BY ALL ORDER BY r.report_id",
    )
    assert [r[0] for r in rows] == ["dienbien-2024-h1", "son-la-2024-h1"]
    assert rows[0][1] == "UBND TỈNH ĐIỆN BIÊN" and rows[1][1] == "UBND TỈNH SƠN LA"
    assert all(r[2] and "2024" in r[2] for r in rows) and all(r[4] > 0 for r in rows)
    # one indicator across provinces
    grdp = catalog.query(
        db,
        "SELECT report_id, value FROM indicators WHERE indicator ILIKE 'Tổng sản phẩm%' AND measure = 'estimate' "
        "ORDER BY report_id",
    )
    assert [r[0] for r in grdp] == ["dienbien-2024-h1", "son-la-2024-h1"]
    assert all(r[1] == pytest.approx(7155.29) for r in grdp)
    # incremental: re-running one report replaces its rows only
    before = catalog.query(db, "SELECT count(*) FROM claims")[0][0]
    result = runner.invoke(cli.main, ["review", str(out / "son-la-2024-h1")])
    assert result.exit_code == 0, result.output
    assert catalog.query(db, "SELECT count(*) FROM claims")[0][0] == before
    assert catalog.query(db, "SELECT count(*) FROM reports")[0][0] == 2
    # and the whole catalogue can be rebuilt from the folders
    result = runner.invoke(cli.main, ["catalog", str(out)])
    assert result.exit_code == 0 and "2 reports" in result.output
    assert catalog.query(db, "SELECT count(*) FROM claims")[0][0] == before


def test_review_command_errors(tmp_path: Path):
    result = CliRunner().invoke(cli.main, ["review", str(tmp_path)])
    assert result.exit_code == 1
    assert "not a baocao report folder" in result.output


def test_inputs_handed_over_in_memory_equal_the_folder_read_back(tmp_path: Path, monkeypatch):
    """clean/ and review.html are built from the frames in memory: the same value `baocao review`
    reads back from the folder, to the bit."""
    from test_validate import _mini_report

    seen = []
    in_memory = publish.memory_to_inputs

    def both(document, frames, meta, folder, *, rules=None):
        mem = in_memory(document, frames, meta, folder, rules=rules)
        seen.append((mem, publish.folder_to_inputs(folder, rules=rules)))
        return mem

    monkeypatch.setattr(publish, "memory_to_inputs", both)
    run.extract_report(_mini_report(tmp_path / "r.pdf"), tmp_path / "out")
    ((mem, disk),) = seen
    assert (mem.report_id, mem.document, mem.tables_meta, mem.applied) == (
        disk.report_id, disk.document, disk.tables_meta, disk.applied)  # fmt: skip
    for name in ("claims", "cells", "rows", "sentences", "checks"):
        pd.testing.assert_frame_equal(getattr(mem, name), getattr(disk, name), check_exact=True)
    assert len(mem.checks) and len(mem.claims) and len(mem.cells)
