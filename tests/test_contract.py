"""Every output table of the sample matches schemas/contract.yaml, as CSV and as Parquet."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from pipeline.publish import contract

TABLES = ["sections", "sentences", "footnotes", "tables", "table_rows", "claims", "checks", "links"]


@pytest.mark.slow
@pytest.mark.parametrize("table", TABLES)
def test_csv_and_parquet_follow_the_contract(sample_out, table):
    cols = [c.name for c in contract.columns(table)]
    csv = contract.read_csv(sample_out / f"{table}.csv", table)
    pq = pd.read_parquet(sample_out / f"{table}.parquet")
    assert list(pd.read_csv(sample_out / f"{table}.csv", nrows=0).columns)[: len(cols)] == cols
    assert list(pq.columns)[: len(cols)] == cols
    assert contract.validate(table, pq[cols]) == []
    assert contract.validate(table, csv[cols]) == []
    pd.testing.assert_frame_equal(csv[cols], pq[cols], check_dtype=True)
    assert len(pq) > 0


@pytest.mark.slow
def test_document_json_counts_match_the_tables(sample_out):
    data = json.loads((sample_out / "document.json").read_text(encoding="utf-8"))
    assert data["counts"]["sections"] == len(pd.read_parquet(sample_out / "sections.parquet"))
    assert data["counts"]["sentences"] == len(pd.read_parquet(sample_out / "sentences.parquet"))
    assert data["counts"]["footnotes"] == 62


def test_contract_collects_every_problem():
    df = contract.to_frame("footnotes", [{"footnote": 1, "text": "a", "page": 1, "pages": "1", "part": 1}])
    df = pd.concat([df, df])  # duplicate key (part, footnote)
    df["page"] = df["page"].astype("Float64")  # wrong type
    df.loc[:, "text"] = pd.NA  # nulls in a required column
    reasons = sorted(p.reason for p in contract.validate("footnotes", df.drop(columns=["pages"])))
    assert reasons == ["duplicate_key", "missing_column", "null_in_required", "wrong_type"]


def test_contract_is_read_from_the_rules_given(tmp_path):
    import copy

    from pipeline.rules import Rules, default_rules

    files = copy.deepcopy(default_rules().files)
    files["contract.yaml"]["tables"]["footnotes"]["columns"][0]["name"] = "footnote_no"
    rules = Rules(folder=tmp_path, files=files)
    assert contract.columns("footnotes", rules)[0].name == "footnote_no"
    assert contract.columns("footnotes")[0].name == "footnote"


def test_read_back_frame_has_no_empty_strings():
    df = contract.to_frame("footnotes", [{"footnote": 1, "text": "", "page": 1, "pages": "1"}])
    assert df.loc[0, "text"] == ""
    assert df["text"].dtype == contract.as_read_back("footnotes", df)["text"].dtype
    assert pd.isna(contract.as_read_back("footnotes", df).loc[0, "text"])


def test_unique_columns_together_are_a_key():
    rows = [
        {"report_id": "r", "figure_id": f"c-{k}", "indicator_id": "grdp", "measure": "level", "raw": "1",
         "source": "text", "status": "pass", "verdict": "pass", "page": 1, "price_basis": None,
         "period_label": "2024-H1", "part": 1}
        for k in range(2)
    ]  # fmt: skip
    df = contract.to_frame("clean_indicators", rows)
    (problem,) = contract.validate("clean_indicators", df)
    assert problem.reason == "duplicate_key" and "indicator_id" in str(problem.column)
    rows[1]["price_basis"] = "current"  # another dimension: another key (nulls count as equal)
    assert contract.validate("clean_indicators", contract.to_frame("clean_indicators", rows)) == []


def test_dates_are_typed_and_read_back(tmp_path):
    df = contract.to_frame("clean_checks", [{"report_id": "r", "report_date": "2024-07-05", "check_id": "a",
                                             "rule": "x", "family": "sum", "status": "pass", "verdict": "pass",
                                             "message": "m"}])  # fmt: skip
    assert str(df["report_date"].dtype) == contract.DTYPES["date"]
    df.to_csv(tmp_path / "c.csv", index=False, encoding="utf-8-sig")  # as clean/ writes it: with a BOM
    back = contract.read_csv(tmp_path / "c.csv", "clean_checks")
    pd.testing.assert_frame_equal(back, df)


def test_every_column_is_described():
    for table in contract.tables():
        for c in contract.columns(table):
            assert c.description, f"{table}.{c.name}"
