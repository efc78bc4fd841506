"""Review page, reviewer decisions, clean tables, Excel workbook and the DuckDB catalogue."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from test_review_loop import cp1258

from pipeline import cli, publish, run
from pipeline.publish import catalog, contract, decisions, review, summary
from pipeline.publish.clean import column_measure
from pipeline.publish.ui_text import t as ui_text

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
            r'<section class="check fail open" id="' + re.escape(check_id) + r'">(.*?)</section>', page, re.S
        )
        assert section, check_id
        assert "data:image/png;base64," in section.group(1), f"{check_id} has no picture"
    # failures come before the passes
    assert page.index('class="check fail open"') < page.index('class="rulegroup"')
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


@pytest.mark.slow
@pytest.mark.skipif(CHROMIUM is None and not os.environ.get("BAOCAO_REQUIRE_BROWSER"), reason="no Chromium here")
def test_decided_failure_is_folded_with_its_decision_in_chromium(sample_out: Path, tmp_path: Path):
    assert CHROMIUM, "Chromium is required (BAOCAO_REQUIRE_BROWSER is set): apt-get install chromium"
    folder = tmp_path / sample_out.name
    shutil.copytree(sample_out, folder)
    table_sum = _failed(folder).loc["table_sum", "check_id"]
    _write_review(folder, [[table_sum, "false alarm", "kế hoạch năm gồm cả lúa mùa", "an", "2026-11-29", "", ""]])
    result = CliRunner().invoke(cli.main, ["review", str(folder)])
    assert result.exit_code == 0, result.output
    base = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
            f"--user-data-dir={tmp_path / 'profile'}"]  # fmt: skip
    dom = subprocess.run([*base, "--virtual-time-budget=5000", "--dump-dom", (folder / review.FILE).as_uri()],
                         capture_output=True, text=True, timeout=120, check=True).stdout  # fmt: skip
    body = re.search(r"<body([^>]*)>", dom)
    assert body, dom[:500]
    attrs = dict(re.findall(r'(data-[\w-]+)="([^"]*)"', body.group(1)))
    n_failed = len(_failed(folder))
    # the open count, the open failures shown, the decided one folded (a closed <details>) with its decision
    assert (attrs["data-open-failures"], attrs["data-open-shown"]) == (str(n_failed - 1), str(n_failed - 1))
    assert (attrs["data-decided-failures"], attrs["data-decided-folded"]) == ("1", "1")
    assert ui_text("open_heading", n=n_failed - 1) in dom
    folded = re.search(r'<details class="check fail decided" id="' + re.escape(table_sum) + r'">\s*<summary>(.*?)'
                       r"</summary>", dom, re.S)  # fmt: skip
    assert folded and ui_text("decided_heading", n=1) in dom
    assert "báo nhầm" in folded.group(1) and "kế hoạch năm gồm cả lúa mùa" in folded.group(1)
    assert dom.index('class="check fail open"') < dom.index('class="check fail decided"')


# --------------------------------------------------------------------------------------
# decisions


def _write_review(folder: Path, rows: list[list[str]], delimiter: str = ",", encoding: str = "utf-8") -> None:
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, lineterminator="\r\n")
    w.writerow(decisions.COLUMNS)
    w.writerows(rows)
    data = cp1258(buf.getvalue()) if encoding == "cp1258" else buf.getvalue().encode(encoding)
    (folder / decisions.FILE).write_bytes(data)


@pytest.mark.slow
def test_decisions_are_applied_to_clean_tables(reviewed: Path):
    failed = _failed(reviewed)
    table_sum = failed.loc["table_sum", "check_id"]
    unit = failed.loc["narrative_table_unit", "check_id"]
    unit_claim = failed.loc["narrative_table_unit", "claim_ids"]
    ratio = failed.loc["prose_ratio_rate", "check_id"]
    rate_claim = failed.loc["prose_ratio_rate", "claim_ids"].split(";")[1]  # the printed 32,15
    # as a Vietnamese Excel saves it: Windows-1258, semicolons, the decimal comma unquoted
    _write_review(reviewed, [
        [table_sum, "false alarm", "kế hoạch năm gồm cả lúa mùa", "Nguyễn Văn Ấn", "29/11/2026", "", ""],
        [unit, "confirmed error", "nghìn lượt, as the appendix", "an", "2026-11-29", "", ""],
        [ratio, "corrected value", "9/28", "an", "2026-11-29", rate_claim, "32,14"],
        ["table_sum-0000000000", "false alarm", "from an earlier run", "an", "2026-11-01", "", ""],
        ["", "maybe", "", "", "", "", ""],
    ], delimiter=";", encoding="cp1258")  # fmt: skip
    result = CliRunner().invoke(cli.main, ["review", str(reviewed)])
    assert result.exit_code == 0, result.output
    assert "3 decided" in result.output and "1 decisions without a check" in result.output
    assert "1 unusable review.csv lines" in result.output

    checks = pd.read_parquet(reviewed / "clean" / "checks.parquet").set_index("check_id")
    assert checks.loc[table_sum, "decision"] == "false alarm"
    assert checks.loc[table_sum, "note"] == "kế hoạch năm gồm cả lúa mùa"
    assert checks.loc[table_sum, "decision_date"] == date(2026, 11, 29)
    assert (checks.loc[table_sum, "status"], checks.loc[table_sum, "verdict"]) == ("cleared", "fail")
    assert (checks.loc[ratio, "status"], checks.loc[unit, "status"]) == ("corrected", "fail")
    assert checks.loc[ratio, "decision"] == "corrected value"
    assert checks.loc[ratio, "corrected_value"] == 32.14  # exactly: not cut to 32 by the decimal comma
    undecided = failed[~failed["check_id"].isin([table_sum, unit, ratio])]["check_id"]
    assert len(undecided) == 2 and (checks.loc[list(undecided), "decision"] == "not reviewed").all()

    indicators = pd.read_parquet(reviewed / "clean" / "indicators.parquet")
    plan = indicators[indicators["cell_id"] == "T1:70:3"].iloc[0]
    # cleared as a false alarm: no longer fail; the check's verdict is kept apart
    assert (plan["status"], plan["verdict"]) == ("cleared", "fail")
    assert pd.isna(plan["flag"]) and plan["review"] == "false alarm"
    counts = json.loads((reviewed / "document.json").read_text(encoding="utf-8"))["counts"]
    assert (counts["checks_failed"], counts["checks_open"], counts["checks_cleared"]) == (5, 2, 1)
    assert (counts["checks_confirmed"], counts["checks_corrected"]) == (1, 1)
    claims = pd.read_parquet(reviewed / "clean" / "claims.parquet").set_index("claim_id")
    fixed = claims.loc[rate_claim]
    assert fixed["flag"] == "corrected"
    assert fixed["value"] == pytest.approx(32.14) and fixed["printed_value"] == pytest.approx(32.15)
    assert claims.loc[unit_claim, "flag"] == "confirmed error"
    # the table row the text states stays disputed: its flag follows the confirmed error
    tourists = indicators[indicators["claim_ids"].fillna("").str.split(";").apply(lambda ids: unit_claim in ids)]
    assert len(tourists) == 1 and tourists.iloc[0]["flag"] == "confirmed error"
    fixed_rows = indicators[indicators["figure_id"] == rate_claim]  # there when the catalogue names the rate
    assert (fixed_rows["value"] == 32.14).all() and (fixed_rows["flag"] == "corrected").all()
    # unreviewed failures stay, flagged; nothing is dropped
    change = failed.loc["prose_change_vs_previous", "claim_ids"].split(";")[0]
    assert claims.loc[change, "flag"] == "unreviewed failure"
    page = (reviewed / review.FILE).read_text(encoding="utf-8")
    assert "table_sum-0000000000" in page and ui_text("orphans") in page
    assert "maybe" in page  # the unusable line is shown with its reason
    assert page.count('class="badge decided"') == 3
    assert page.count('<details class="check fail decided"') == 3 and 'data-open-failures="2"' in page


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
        pd.testing.assert_frame_equal(again, frame, check_dtype=True)
    claims = pd.read_parquet(sample_out / "clean" / "claims.parquet")
    raw = pd.read_parquet(sample_out / "claims.parquet")
    assert len(claims) == int((raw["kind"] != "not_claim").sum())
    indicators = pd.read_parquet(sample_out / "clean" / "indicators.parquet")
    cells = pd.read_parquet(sample_out / "tables.parquet")
    links = pd.read_parquet(sample_out / "links.parquet")
    linked_rows = set(links.loc[links["indicator_id"].notna() & links["table_id"].notna(), "ref"])
    named = cells[cells["value"].notna() & (cells["table_id"] + ":" + cells["row_order"].astype(str)).isin(linked_rows)]
    # every appendix value the catalogue names is a row, the first for its key
    assert set(indicators.loc[indicators["source"] != "text", "cell_id"]) == set(named["cell_id"])
    assert len(named) == int(cells["value"].notna().sum())  # on the sample, every valued row is named
    # a text figure stated by the appendix is one row, not two
    assert (indicators["source"] == "table+text").sum() > 50
    linked = ";".join(indicators.loc[indicators["source"] == "table+text", "claim_ids"]).split(";")
    text_rows = set(indicators.loc[indicators["source"] == "text", "figure_id"])
    assert not set(linked) & text_rows
    # every claim is in clean/claims with its link; the indicators hold the named ones, once a key
    with_value = claims[claims["value"].notna()]
    shown = set(linked) | set(";".join(indicators["claim_ids"].dropna()).split(";"))
    others = set(";".join(indicators["other_figures"].dropna()).split(";"))
    named_claims = set(with_value.loc[with_value["indicator_id"].notna(), "claim_id"])
    assert named_claims <= shown | others
    assert indicators["indicator_id"].notna().all() and indicators["measure"].notna().all()
    failing = indicators[indicators["status"] == "fail"]
    assert len(failing) >= 5 and (failing["flag"] == "unreviewed failure").all()
    assert (failing["verdict"] == "fail").all()


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
    assert list(sheets) == ["indicators", "claims", "checks", "columns", "T1", "T2"]
    for name, table in (("indicators", "clean_indicators"), ("claims", "clean_claims"), ("checks", "clean_checks")):
        assert list(sheets[name].columns) == [c.name for c in contract.columns(table)]
        documented = sheets["columns"][sheets["columns"]["sheet"] == name]
        assert list(documented["column"]) == list(sheets[name].columns)
        assert documented["description"].notna().all()
    assert len(sheets["claims"]) == len(pd.read_parquet(sample_out / "clean" / "claims.parquet"))
    book = load_workbook(path, read_only=False)
    for name in ("indicators", "claims", "checks", "columns"):
        assert book[name].freeze_panes == "A2"
    ws = book["indicators"]
    header = [c.value for c in ws[1]]
    col = header.index("value") + 1
    values = [ws.cell(row=r, column=col).value for r in range(2, 40)]
    assert all(isinstance(v, int | float) for v in values if v is not None)
    assert pd.api.types.is_float_dtype(sheets["indicators"]["value"])
    # the appendix table as printed: title, caption, two header rows (the merged 'So sánh' cell over
    # its two columns, one-row headers merged down), then each row's code, name, unit and values
    meta = json.loads((sample_out / "tables.json").read_text(encoding="utf-8"))[0]
    t1 = book["T1"]
    assert (t1["A1"].value, t1["A2"].value) == (meta["title"], meta["caption"])
    assert [c.value for c in t1[4]][:3] == ["TT", meta["columns"][1]["name"], "Đơn vị"]
    assert {"G4:H4", "A4:A5", "F4:F5"} <= {str(r) for r in t1.merged_cells.ranges}
    assert [c.value for c in t1[5]][6:8] == ["Thực hiện 6 tháng 2023", "KH 2024"]
    grdp = next(row for row in t1.iter_rows(min_row=6) if row[0].value == "I")
    assert [c.value for c in grdp[2:8]] == ["Tỷ đồng", 16478.54, 6579.83, 7155.29, 108.75, 43.42]


ANALYST = Path(__file__).resolve().parent.parent / "docs" / "analyst.md"


def _snippets(language: str) -> list[str]:
    return re.findall(r"```" + language + r"\n(.*?)```", ANALYST.read_text(encoding="utf-8"), re.S)


@pytest.fixture(scope="module")
def two_reports(sample_out: Path, tmp_path_factory) -> Path:
    """extracted/ with the sample (Điện Biên) and a generated report of Sơn La, and their catalogue."""
    from test_validate import _mini_report

    out = tmp_path_factory.mktemp("two") / "extracted"
    shutil.copytree(sample_out, out / sample_out.name)
    catalog.update(out, out / sample_out.name)
    pdf = _mini_report(out.parent / "son-la-2024-h1.pdf")
    result = CliRunner().invoke(cli.main, ["extract", str(pdf), "--out", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    return out


@pytest.mark.slow
def test_catalog_across_two_reports(two_reports: Path):
    out = two_reports
    db = out / catalog.FILE
    rows = catalog.query(
        db,
        "SELECT r.report_id, r.issuer, r.province, r.province_code, r.period_start, r.period_end, r.report_date, "
        "count(*) AS n FROM indicators i JOIN reports r USING (report_id) GROUP BY ALL ORDER BY r.report_id",
    )
    assert [r[0] for r in rows] == ["dienbien-2024-h1", "son-la-2024-h1"]
    assert [(r[1], r[2], r[3]) for r in rows] == [("UBND TỈNH ĐIỆN BIÊN", "Điện Biên", "11"),
                                                  ("UBND TỈNH SƠN LA", "Sơn La", "14")]  # fmt: skip
    assert all((r[4], r[5]) == (date(2024, 1, 1), date(2024, 6, 30)) for r in rows)  # dates, typed
    assert rows[0][6] == date(2024, 7, 5) and all(r[7] > 0 for r in rows)
    types = dict(
        catalog.query(db, "SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = 'indicators'")
    )
    assert (types["report_date"], types["period_start"], types["period_end"]) == ("DATE", "DATE", "DATE")
    comments = catalog.query(
        db, "SELECT table_name, column_name, comment FROM duckdb_columns() WHERE comment IS NOT NULL"
    )
    assert {t for t, _c, _x in comments} >= {"reports", "indicators", "claims", "checks", "catalogue"}
    assert ("indicators", "value_base") in {(t, c) for t, c, _x in comments}
    assert catalog.query(db, "SELECT count(*) FROM catalogue WHERE indicator_id = 'grdp'") == [(1,)]
    # incremental: re-running one report replaces its rows only
    before = catalog.query(db, "SELECT count(*) FROM claims")[0][0]
    runner = CliRunner()
    result = runner.invoke(cli.main, ["review", str(out / "son-la-2024-h1")])
    assert result.exit_code == 0, result.output
    assert catalog.query(db, "SELECT count(*) FROM claims")[0][0] == before
    assert catalog.query(db, "SELECT count(*) FROM reports")[0][0] == 2
    # and the whole catalogue can be rebuilt from the folders
    result = runner.invoke(cli.main, ["catalog", str(out)])
    assert result.exit_code == 0 and "2 reports" in result.output
    assert catalog.query(db, "SELECT count(*) FROM claims")[0][0] == before


@pytest.mark.slow
def test_the_analyst_guide_runs_on_two_reports(two_reports: Path):
    db = two_reports / catalog.FILE
    growth, across, one = (catalog.query(db, sql) for sql in _snippets("sql"))
    # GRDP growth by sector, in both reports: the total and its four parts
    by_province: dict[str, dict[str, float]] = {}
    for province, label, name, value in growth:
        assert label == "2024-H1"
        by_province.setdefault(province, {})[name] = value
    assert set(by_province) == {"Điện Biên", "Sơn La"}
    for sectors in by_province.values():
        assert sectors["Tổng sản phẩm trên địa bàn"] == pytest.approx(8.75)
        assert sectors["Dịch vụ (khu vực III)"] == pytest.approx(12.17) and len(sectors) == 5
    # one indicator across provinces
    assert sorted(across) == [("Sơn La", "14", "2024-H1", 8193.84, "tỷ đồng"),
                              ("Điện Biên", "11", "2024-H1", 8193.84, "tỷ đồng")]  # fmt: skip
    assert ("2024-H1", "level", "estimate", 7155.29, "tỷ đồng") in one
    # the pandas snippet, on the sample's folder
    (code,) = _snippets("python")
    scope: dict[str, object] = {}
    exec(code.replace('Path("extracted', f'Path("{two_reports}'), scope)
    table = scope["table"]
    assert isinstance(table, pd.DataFrame) and len(table) > 300


@pytest.mark.slow
def test_one_row_per_key_pivots(sample_out: Path):
    ind = pd.read_parquet(sample_out / "clean" / "indicators.parquet")
    key = [c for c in contract.tables()["clean_indicators"]["unique"] if c != "report_id"]
    wide = ind.pivot(index=["indicator_id", "price_basis", "comparison"], columns=["period_label", "value_type",
                     "measure"], values="value")  # fmt: skip
    grdp_rows = wide.loc["grdp"]
    at_constant = grdp_rows[grdp_rows.index.get_level_values(0) == "constant_2010"]
    assert at_constant[("2024-H1", "estimate", "level")].dropna().tolist() == [7155.29]
    assert not ind.astype(object).where(ind.notna(), None).duplicated(subset=key).any()
    grdp = ind[(ind["indicator_id"] == "grdp") & (ind["price_basis"] == "constant_2010")
               & (ind["measure"] == "level") & (ind["value_type"] == "estimate")].iloc[0]  # fmt: skip
    assert (grdp["name_vi"], grdp["name_en"], grdp["unit"], grdp["unit_base"]) == (
        "Tổng sản phẩm trên địa bàn", "Gross regional domestic product", "tỷ đồng", "đồng")  # fmt: skip
    assert grdp["value_base"] == 7.15529e12 and grdp["province_code"] == "11"
    period = (grdp["period_start"], grdp["period_end"], grdp["period_label"])
    assert period == (date(2024, 1, 1), date(2024, 6, 30), "2024-H1")
    assert {"ratio_pct", "pp_change", "plan_pct", "level", "change_pct", "share_pct"} <= set(ind["measure"])
    # a 'So sánh' column printed as a difference in points is pp_change, not a ratio
    shares = ind[(ind["table_id"] == "T1") & (ind["row_order"] == 15)]
    units = {m: set(g) for m, g in shares.groupby("measure")["unit"]}
    assert units == {"pp_change": {"điểm %"}, "share_pct": {"%"}}
    assert set(shares.loc[shares["measure"] == "pp_change", "comparison"]) == {"same_period_prev_year", "plan"}


@pytest.mark.slow
def test_dates_are_dates_in_parquet_workbook_and_catalogue(sample_out: Path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    for name in ("indicators", "claims", "checks"):
        schema = pq.read_schema(sample_out / "clean" / f"{name}.parquet")
        assert schema.field("report_date").type == pa.date32(), name
        assert schema.field("period_start").type == pa.date32(), name
        assert schema.field("report_date").metadata[b"description"] == b"date of the report"
    book = load_workbook(sample_out / "clean" / f"{sample_out.name}.xlsx", read_only=True)
    ws = book["indicators"]
    header = [c.value for c in next(ws.iter_rows(min_row=1, max_row=1))]
    first = [c.value for c in next(ws.iter_rows(min_row=2, max_row=2))]
    frame = pd.read_parquet(sample_out / "clean" / "indicators.parquet")
    assert first[header.index("report_date")].date() == date(2024, 7, 5)
    assert first[header.index("period_end")].date() == frame["period_end"].iloc[0]  # a date cell, not text


@pytest.mark.slow
def test_people_facing_csvs_have_a_bom(sample_out: Path):
    people = [*(sample_out / "clean").glob("*.csv"), sample_out / decisions.FILE]
    assert len(people) == 4
    for path in people:
        assert path.read_bytes().startswith(b"\xef\xbb\xbf"), path.name
    for path in sample_out.glob("*.csv"):  # the report folder's files are for programs: no BOM
        if path.name != decisions.FILE:
            assert not path.read_bytes().startswith(b"\xef\xbb\xbf"), path.name
    frame = pd.read_csv(sample_out / "clean" / "indicators.csv", encoding="utf-8")
    assert frame.columns[0] == "report_id"  # pandas reads the BOM away


@pytest.mark.slow
def test_summary_page_draws_the_report(sample_out: Path):
    page = (sample_out / summary.FILE).read_text(encoding="utf-8")
    assert "default-src 'none'" in page and not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", page)
    assert "<script" not in page
    for chart in ("growth_chart", "structure_chart", "plan_chart"):
        section = re.search(r'<section class="chart" id="' + chart + r'">(.*?)</section>', page, re.S)
        assert section and section.group(1).count("<rect") >= 4, chart
    assert "Dịch vụ (khu vực III)" in page and "12,17%" in page  # growth of services
    assert "61,25%" in page  # its share of GRDP
    assert "Tổng sản phẩm trên địa bàn" in page and "7.155,29" in page  # the headline table


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
    for name in ("claims", "cells", "rows", "sentences", "checks", "links"):
        pd.testing.assert_frame_equal(getattr(mem, name), getattr(disk, name), check_exact=True)
    assert len(mem.checks) and len(mem.claims) and len(mem.cells) and len(mem.links)
