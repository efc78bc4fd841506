"""Tables of other issuers read as printed: the same figures in several house styles, every column name,
cell, unit and parent row checked against the data they were printed from; the vocabulary's examples;
ratio columns checked by meaning on a generated statistics-office report."""

from __future__ import annotations

from pathlib import Path

import pytest
import tablegen
import yaml

from pipeline import claims as claims_stage
from pipeline import segment, validate
from pipeline.parse import pdf_to_document
from pipeline.rules import default_rules, schema_dir
from pipeline.tables import regions_to_tables
from pipeline.tables.columns import comparison_operands
from pipeline.tables.meaning import (
    breakdown_of,
    group_code,
    operands,
    price_basis,
    read_column,
    unit_line,
    vocabulary,
)  # fmt: skip

EXAMPLES = yaml.safe_load((schema_dir() / "rules" / "tables.yaml").read_text(encoding="utf-8"))["examples"]


@pytest.mark.parametrize("ex", EXAMPLES["columns"], ids=lambda e: e["header"])
def test_column_vocabulary_examples(ex):
    m = read_column(ex["header"], vocabulary())
    assert m.kind == ex["kind"]
    for key in ("measure", "against", "unit"):
        if key in ex:
            assert getattr(m, key) == ex[key], key
    for key in ("period", "subject", "reference"):
        if key in ex:
            got = getattr(m, key)
            assert (str(got) if got is not None else None) == ex[key], key


@pytest.mark.parametrize("ex", EXAMPLES["units"], ids=lambda e: e["text"])
def test_unit_line_examples(ex):
    assert unit_line(ex["text"], vocabulary()) == ex["unit"]


@pytest.mark.parametrize("ex", EXAMPLES["rows"], ids=lambda e: e["label"])
def test_row_label_examples(ex):
    v = vocabulary()
    if "breakdown" in ex:
        found = breakdown_of(ex["label"], v)
        assert (found[0] if found else None) == ex["breakdown"]
    if "group" in ex:
        assert group_code(ex["label"], v) == ex["group"]
    if "price_basis" in ex:
        assert price_basis(ex["label"], v) == ex["price_basis"]


def test_comparison_divides_by_period_not_position():
    v = vocabulary()
    # the later period printed first: the operands follow the periods
    names = ["Ước tính 6 tháng đầu năm 2024", "Sơ bộ 6 tháng đầu năm 2023", "6 tháng 2024 so với cùng kỳ năm trước (%)"]
    assert operands([read_column(n, v) for n in names], 2) == (0, 1)
    month = ["Thực hiện tháng 5/2024", "Ước tính tháng 6/2024", "Tháng 6/2024 so với cùng kỳ năm trước (%)"]
    assert operands([read_column(n, v) for n in month], 2) is None  # June 2023 is not printed


@pytest.mark.parametrize("style", sorted(tablegen.STYLES))
def test_style_reads_as_printed(tmp_path: Path, style: str):
    printed = tablegen.STYLES[style](tmp_path / f"{style}.pdf")
    tabs = regions_to_tables(pdf_to_document(printed.pdf))
    assert len(tabs.tables) == 1
    t = tabs.tables[0]
    assert [c.name for c in t.columns] == printed.columns
    assert t.unit == printed.table_unit
    assert [r.indicator for r in t.rows] == [r.label for r in printed.rows]
    assert [r.parent_row for r in t.rows] == [r.parent for r in printed.rows]
    assert [r.partial for r in t.rows] == [r.partial for r in printed.rows]
    assert [r.unit for r in t.rows] == [r.unit for r in printed.rows]
    assert [r.price_basis for r in t.rows] == [r.basis for r in printed.rows]
    got = {(c.row_order, c.col): c for c in t.cells}
    expected = {
        (i, col): (raw, printed.cell_units.get(col) or r.unit)
        for i, r in enumerate(printed.rows, start=1)
        for col, raw in zip(printed.value_cols, r.values, strict=False)
        if raw
    }
    assert {key: (c.raw, c.unit) for key, c in got.items()} == expected
    assert t.index == (style == "index")
    assert len(t.pages) == printed.pages


def _stages(pdf: Path):
    doc = pdf_to_document(pdf)
    seg = segment.document_to_segments(doc)
    tabs = regions_to_tables(doc)
    found = claims_stage.sentences_to_claims(doc, seg)
    return validate.relations(doc, seg, tabs, found, rules=default_rules()), tabs


def test_statistics_office_report_ratio_columns(tmp_path: Path):
    checks, tabs = _stages(tablegen.statistics_office_report(tmp_path / "ok.pdf"))
    assert len(tabs.tables) == 3
    ratios = [c for c in checks if c.rule == "table_ratio"]
    # every GRDP row with figures (2 price bases x 5 rows) and every retail row (5) is checked, all pass
    assert len([c for c in ratios if c.status != "skip"]) == 15
    assert all(c.status == "pass" for c in ratios), [c.message for c in ratios if c.status != "pass"]
    cpi = tabs.tables[2]
    assert cpi.index
    assert not [
        c
        for c in checks
        if c.rule.startswith("table_") and any(r.startswith(f"{cpi.table_id}:") for r in c.table_cells)
    ]
    sums = [c for c in checks if c.rule == "table_sum"]
    assert sums and all(c.status == "pass" for c in sums), [c.message for c in sums if c.status != "pass"]


@pytest.mark.parametrize(
    ("grdp", "retail", "where"),
    [((5, 109.0), None, ("T1", 5, 3)), (None, 105.0, ("T2", 3, 4))],
    ids=["grdp ratio", "retail month on month"],
)
def test_statistics_office_report_one_altered_ratio_fails(tmp_path: Path, grdp, retail, where):
    checks, _tabs = _stages(tablegen.statistics_office_report(tmp_path / "bad.pdf", grdp, retail))
    failed = [c for c in checks if c.rule == "table_ratio" and c.status == "fail"]
    assert len(failed) == 1
    t, row, col = where
    assert failed[0].table_cells[0] == f"{t}:{row}:{col}"


def _extracted_failures(pdf: Path, out: Path) -> list[tuple[str, str]]:
    import pandas as pd

    from pipeline import run

    res = run.extract_report(pdf, out)
    checks = pd.read_csv(res.folder / "checks.csv")
    return [(r["rule"], str(r["message"])) for _, r in checks[checks["status"] == "fail"].iterrows()]


def test_statistics_office_report_extracted_without_false_alarms(tmp_path: Path):
    """The whole pipeline (identities of the catalogue included): a consistent report raises nothing."""
    assert _extracted_failures(tablegen.statistics_office_report(tmp_path / "ok.pdf"), tmp_path / "out") == []


@pytest.mark.parametrize(
    ("grdp", "retail", "printed"),
    [((5, 109.0), None, "printed 109,00 but 4.400,0 / 4.000,0"), (None, 105.0, "105,00")],
    ids=["grdp ratio", "retail month on month"],
)
def test_statistics_office_report_extracted_one_alarm(tmp_path: Path, grdp, retail, printed):
    """One altered ratio raises that one cell, and nothing else, through the whole pipeline."""
    bad = _extracted_failures(tablegen.statistics_office_report(tmp_path / "bad.pdf", grdp, retail), tmp_path / "out")
    assert [rule for rule, _ in bad] == ["table_ratio"]
    assert printed in bad[0][1]


def test_two_header_rows_comparisons_by_meaning(tmp_path: Path):
    """'Tháng 6/2024 so với (%) | Tháng trước' divides June by May; '| Cùng kỳ năm trước' has no
    operands in this table (June 2023 is not printed), so it is never paired with the wrong columns."""
    printed = tablegen.office_two_rows(tmp_path / "t.pdf")
    t = regions_to_tables(pdf_to_document(printed.pdf)).tables[0]
    assert t.columns[4].operands == (2, 1)
    assert t.columns[5].meaning is not None and t.columns[5].meaning.against == "previous"
    assert t.columns[5].operands is None
    assert comparison_operands(t, t.columns[5]) == (None, None)  # not paired by shared words either
    assert t.columns[3].meaning is not None and t.columns[3].meaning.measure == "cumulative"
