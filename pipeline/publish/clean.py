"""Clean tables for analysts, built from a report's records (inputs.Inputs) and its reviewer decisions.

    claims_to_clean      every claim with its canonical keys (figures.figure_keys) and review status
    checks_to_clean      every check with its decision; `status` after review, `verdict` before
    build                clean_indicators (figures.indicators_of), clean_claims, clean_checks
    write_clean          clean/{indicators,claims,checks}.{csv,parquet} and clean/<report_id>.xlsx
    writing_clean        the same, the workbook written by a forked child while the caller goes on
    (text in CSVs and the workbook is never a formula: publish.safety)

Statuses and flags: status.py. CSVs are UTF-8 with BOM (spreadsheets read them right); Parquet
columns carry their contract descriptions; the workbook has a `columns` sheet (the data dictionary)
and one sheet per appendix table laid out as printed (workbook.py).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Any

import pandas as pd

from ..rules import Rules
from ..sandbox import Background
from . import contract, decisions, safety
from .figures import Context, claim_measure, column_measure, context, figure_keys, indicators_of
from .inputs import Inputs, folder_to_inputs, split_refs
from .keys import period_fields, row_part
from .status import FigureStatus, figure_fields, inputs_to_status, reviewed_status, suggestions

CLEAN = "clean"


def claims_to_clean(inp: Inputs, status: dict[str, FigureStatus], ctx: Context) -> list[dict[str, Any]]:
    """clean/claims: every claim (not the numbers that are no claims), with its keys, status and sentence."""
    sentences = dict(zip(inp.sentences["sentence_id"], inp.sentences["text"], strict=True))
    claim_rows = []
    for c in inp.claims.itertuples(index=False):
        if c.kind == "not_claim":
            continue
        fields = figure_fields([c.claim_id], status, None if pd.isna(c.value) else float(c.value))
        link = ctx.links.get(c.claim_id)
        measure = claim_measure(c, link, ctx.cat) if link is not None else {
            "measure": c.kind, "value_type": "estimate" if bool(c.estimated) else "actual",
            "comparison": None if pd.isna(c.comparison) else c.comparison}  # fmt: skip
        own = ctx.at(row_part(c))
        keys = figure_keys(link, {**measure, "figure_period": None if pd.isna(c.period) else c.period}, c.unit,
                           fields["value"], own)  # fmt: skip
        claim_rows.append(
            {
                **own.keys.fields,
                **{k: getattr(c, k) for k in ("claim_id", "sentence_id", "page", "section_id", "footnote", "raw")},
                **keys,
                **fields,
                **{k: getattr(c, k) for k in ("value2", "kind", "direction", "indicator", "estimated")},
                "suggested_value": ctx.suggested.get(c.claim_id),
                "sentence": sentences.get(c.sentence_id),
            }
        )
    return claim_rows


def _indicator_ids(r: Any, ctx: Context) -> str | None:
    refs = [*split_refs(r.claim_ids), *(":".join(c.split(":")[:2]) for c in split_refs(r.table_cells))]
    ids = [ctx.links[ref].indicator_id for ref in refs if ref in ctx.links]
    return ";".join(dict.fromkeys(i for i in ids if isinstance(i, str))) or None


def checks_to_clean(inp: Inputs, ctx: Context) -> list[dict[str, Any]]:
    """clean/checks: every check with the reviewer's decision ('not reviewed' for an undecided failure)."""
    check_rows = []
    for r in inp.checks.itertuples(index=False):
        d = inp.applied.by_check.get(r.check_id)
        own = ctx.at(row_part(r))
        check_rows.append(
            {
                **own.keys.fields, **period_fields(None, own.keys),
                **{k: getattr(r, k) for k in ("check_id", "rule", "family", "message", "expected", "actual",
                                              "tolerance", "margin", "basis", "claim_ids", "table_cells", "pages",
                                              "diagnosis", "suggested_value", "diagnosis_text")},
                "status": reviewed_status(r.status, d), "verdict": r.status, "indicator_ids": _indicator_ids(r, ctx),
                "decision": d.decision if d else ("not reviewed" if r.status == "fail" else None),
                "note": d.note if d else None,
                "reviewer": d.reviewer if d else None,
                "decision_date": (d.date or None) if d else None,
                "operand": d.operand or None if d else None,
                "corrected_value": d.corrected_value if d else None,
            }
        )  # fmt: skip
    return check_rows


def build(inp: Inputs, *, rules: Rules | None = None) -> dict[str, pd.DataFrame]:
    """The clean tables of one report: indicators, claims and checks."""
    status = inputs_to_status(inp)
    ctx = context(inp, {ref: value for ref, value in suggestions(inp).values()}, rules=rules)
    return {
        "clean_indicators": contract.to_frame(
            "clean_indicators", indicators_of(inp, status, ctx, rules=rules), rules=rules
        ),
        "clean_claims": contract.to_frame("clean_claims", claims_to_clean(inp, status, ctx), rules=rules),
        "clean_checks": contract.to_frame("clean_checks", checks_to_clean(inp, ctx), rules=rules),
    }


SHEETS = {"clean_indicators": "indicators", "clean_claims": "claims", "clean_checks": "checks"}


def write_clean(
    folder: Path,
    frames: dict[str, pd.DataFrame],
    report_id: str,
    *,
    rules: Rules | None = None,
    inputs: Inputs | None = None,
) -> Path:
    """clean/<name>.csv (UTF-8 with BOM) + .parquet for each table and one workbook clean/<report_id>.xlsx
    (with the `columns` sheet, and a sheet per appendix table when the report's inputs are given)."""
    with writing_clean(folder, frames, report_id, rules=rules, inputs=inputs) as workbook:
        return workbook


@contextmanager
def writing_clean(
    folder: Path,
    frames: dict[str, pd.DataFrame],
    report_id: str,
    *,
    rules: Rules | None = None,
    inputs: Inputs | None = None,
    background: bool = True,
) -> Iterator[Path]:
    """write_clean, the workbook written by a forked child (sandbox.Background; `background` False:
    by this process) while the CSV and Parquet files are, and while the caller does what it does
    inside; done on leaving. The frames are checked against the contract first: nothing is written
    for frames that break it."""
    for table, frame in frames.items():
        problems = contract.validate(table, frame, rules=rules)
        if problems:
            raise contract.ContractError(problems)
    out = folder / CLEAN
    out.mkdir(exist_ok=True)
    workbook = out / f"{report_id}.xlsx"
    try:
        with Background(partial(write_workbook, workbook, frames, rules=rules, inputs=inputs), enabled=background):
            for table, frame in frames.items():
                name = SHEETS[table]
                safety.csv_frame(frame).to_csv(out / f"{name}.csv", index=False, encoding="utf-8-sig")
                contract.write_parquet(frame, out / f"{name}.parquet", table, rules=rules)
            yield workbook
    except BaseException:  # the workbook's writer was stopped: the one in place stays whole
        _partial(workbook).unlink(missing_ok=True)
        raise


def _partial(workbook: Path) -> Path:
    return workbook.with_name(f".partial-{workbook.name}")


def write_workbook(
    workbook: Path, frames: dict[str, pd.DataFrame], *, rules: Rules | None = None, inputs: Inputs | None = None
) -> None:
    """clean/<report_id>.xlsx: a sheet per clean table (frozen header, filter, widths), the `columns`
    sheet and the appendix tables as printed; every text cell a string cell, never a formula. Written
    whole under another name first, then put in place (a workbook already there is never half-written)."""
    from .workbook import add_sheets  # openpyxl: imported where the workbook is written (a child, mostly)

    partial = _partial(workbook)
    with pd.ExcelWriter(partial, engine="openpyxl") as xl:
        for table, frame in frames.items():
            name = SHEETS[table]
            _excel_frame(frame).to_excel(xl, sheet_name=name, index=False, freeze_panes=(1, 0))
            sheet = xl.sheets[name]
            for k, col in enumerate(frame.columns, start=1):
                width = min(60, max(len(col), *(len(str(v)) for v in frame[col].head(200).tolist()), 6) + 2)
                sheet.column_dimensions[sheet.cell(row=1, column=k).column_letter].width = width
            sheet.auto_filter.ref = sheet.dimensions
        add_sheets(xl, list(frames), inputs, rules=rules)
        for sheet in xl.book.worksheets:  # every sheet, once: text is never a formula
            safety.string_cells(sheet)
    os.replace(partial, workbook)


def _excel_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Excel cells hold plain Python values: nullable pandas types become object columns with None,
    numbers stay numbers; control characters (from a damaged text layer) that a workbook cannot hold are dropped."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    out = frame.copy()
    for col in out.columns:
        if str(out[col].dtype) in ("Int64", "boolean", "string", "str", str(contract.DATE)):
            out[col] = out[col].astype(object).where(out[col].notna(), None)
        if out[col].dtype == object:
            out[col] = out[col].map(lambda v: ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v)
    return out


def folder_to_clean(folder: Path, *, rules: Rules | None = None) -> tuple[dict[str, pd.DataFrame], decisions.Applied]:
    """Rebuild clean/ of an existing report folder."""
    inp = folder_to_inputs(folder, rules=rules)
    frames = build(inp, rules=rules)
    write_clean(folder, frames, inp.report_id, rules=rules, inputs=inp)
    return frames, inp.applied


__all__ = [
    "SHEETS",
    "build",
    "checks_to_clean",
    "claims_to_clean",
    "column_measure",
    "folder_to_clean",
    "write_clean",
    "write_workbook",
    "writing_clean",
]
