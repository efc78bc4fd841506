"""Clean tables for analysts, built from a report's records (inputs.Inputs) and its reviewer decisions.

    inputs_to_status     every figure (claim or table cell) -> the checks it takes part in
    cells_to_indicators  appendix cells, with the text claims that state the same figure
    claims_to_indicators the text's claims the appendix does not hold
    write_clean          clean/{indicators,claims,checks}.{csv,parquet} and clean/<report_id>.xlsx

A figure's `status` is the worst of its checks (fail > pass > unchecked). A failed figure that no
reviewer decided on keeps its value and gets `flag` = 'unreviewed failure'; a decision changes the
flag ('false alarm' clears it, 'confirmed error' keeps it flagged, 'corrected value' replaces the
value of the operand it names and keeps the printed one). Nothing is dropped.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import pandas as pd

from ..rules import Rules
from ..tables.columns import read_header
from . import contract, decisions
from .inputs import Inputs, folder_to_inputs, split_refs

CLEAN = "clean"
NARRATIVE_RULES = ("narrative_table_value", "narrative_table_unit")
Status = Literal["pass", "fail", "unchecked"]
Flag = Literal["unreviewed failure", "confirmed error", "corrected", ""]
FLAGS: tuple[Flag, ...] = ("unreviewed failure", "confirmed error", "corrected")  # the first one found counts


# --------------------------------------------------------------------------------------
# status of every figure


@dataclass(frozen=True, kw_only=True)
class FigureStatus:
    """One figure's checks and the outcome of their review."""

    status: Status = "unchecked"
    check_ids: tuple[str, ...] = ()
    failed: tuple[str, ...] = ()
    review: str = ""  # decisions on its failed checks, ; separated
    flag: Flag = ""
    corrected_value: float | None = None


def worst_status(statuses: set[str]) -> Status:
    """The worst of some check statuses: fail > pass > unchecked."""
    return "fail" if "fail" in statuses else "pass" if "pass" in statuses else "unchecked"


def figure_status(ref: str, items: list[tuple[str, str]], applied: decisions.Applied) -> FigureStatus:
    """The status of operand `ref` from its (check id, status) pairs and the decisions."""
    failed = tuple(c for c, s in items if s == "fail")
    reviews: list[str] = []
    flags: list[Flag] = []
    corrected = None
    for cid in failed:
        d = applied.by_check.get(cid)
        if d is None:
            flags.append("unreviewed failure")
            continue
        reviews.append(d.decision)
        if d.decision == "confirmed error":
            flags.append("confirmed error")
        elif d.decision == "corrected value" and d.operand == ref:
            flags.append("corrected")
            corrected = d.corrected_value
    return FigureStatus(
        status=worst_status({s for _c, s in items}),
        check_ids=tuple(c for c, _s in items),
        failed=failed,
        review=";".join(dict.fromkeys(reviews)),
        flag=next((f for f in FLAGS if f in flags), ""),
        corrected_value=corrected,
    )


def inputs_to_status(inp: Inputs) -> dict[str, FigureStatus]:
    """Operand (claim id or cell id) -> its status, checks and review outcome."""
    involved: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for r in inp.checks.itertuples(index=False):
        for ref in [*split_refs(r.claim_ids), *split_refs(r.table_cells)]:
            involved[ref].append((r.check_id, r.status))
    return {ref: figure_status(ref, items, inp.applied) for ref, items in involved.items()}


# --------------------------------------------------------------------------------------
# indicators


def column_measure(name: str) -> tuple[str, str | None]:
    """('plan' | 'estimate' | 'actual' | 'scenario' | 'pct_of_previous' | 'pct_of_plan' | 'value',
    period) of a value column: 'Kế hoạch 2024' -> ('plan', '2024'); 'So sánh Ước TH 6 tháng 2024 với
    (%) | KH 2024' -> ('pct_of_plan', '6 tháng 2024')."""
    reading = read_header(name)
    if reading.measure == "ratio":
        return f"pct_of_{reading.against}", reading.period
    return reading.measure, reading.period


def _report_keys(inp: Inputs) -> dict[str, Any]:
    meta = inp.document.get("metadata") or {}
    return {
        "report_id": inp.report_id,
        "issuer": meta.get("issuer"),
        "report_date": meta.get("date"),
        "period": inp.document.get("period"),
    }


def _linked_claims(inp: Inputs) -> dict[str, list[str]]:
    """Cell id -> the text claims that state the same figure (from the narrative checks)."""
    out: dict[str, list[str]] = defaultdict(list)
    for r in inp.checks.itertuples(index=False):
        if r.rule not in NARRATIVE_RULES:
            continue
        cells, claim_ids = split_refs(r.table_cells), split_refs(r.claim_ids)
        if cells and claim_ids:
            for cid in claim_ids:
                if cid not in out[cells[0]]:
                    out[cells[0]].append(cid)
    return out


def _figure_fields(refs: list[str], status: dict[str, FigureStatus], value: float | None) -> dict[str, Any]:
    """status/check ids/review/flag of a figure stated by several operands: its own (the cell, or
    the claim), then the text claims stating the same figure. A correction counts only for the
    figure's own operand: a corrected text claim means the table figure was right."""
    parts = [status[r] for r in refs if r in status]
    st = worst_status({p.status for p in parts})
    own = status.get(refs[0]) if refs else None
    flags = [p.flag for p in parts if p.flag and (p is own or p.flag != "corrected")]
    flag = next((f for f in FLAGS if f in flags), "")
    corrected = own.corrected_value if own is not None else None
    return {
        "value": corrected if corrected is not None else value,
        "printed_value": value,
        "status": st,
        "check_ids": ";".join(dict.fromkeys(c for p in parts for c in p.check_ids)) or None,
        "review": ";".join(dict.fromkeys(p.review for p in parts if p.review)) or None,
        "flag": flag or None,
    }


def cells_to_indicators(inp: Inputs, status: dict[str, FigureStatus]) -> list[dict[str, Any]]:
    """Indicator rows of the appendix cells that hold a value."""
    keys = _report_keys(inp)
    linked = _linked_claims(inp)
    rows = {(r.table_id, r.row_order): r for r in inp.rows.itertuples(index=False)}
    out = []
    for c in inp.cells.itertuples(index=False):
        if pd.isna(c.value):
            continue
        row = rows.get((c.table_id, c.row_order))
        parent = rows.get((c.table_id, row.parent_row)) if row is not None and not pd.isna(row.parent_row) else None
        measure, period = column_measure(c.column)
        unit = "%" if measure.startswith("pct_of") else (c.unit if not pd.isna(c.unit) else None)
        claim_ids = linked.get(c.cell_id, [])
        out.append(
            {
                **keys,
                "source": "table+text" if claim_ids else "table",
                "indicator": re.sub(r"^[-+•]\s*", "", "" if pd.isna(c.indicator) else str(c.indicator)).strip() or None,
                "parent_indicator": re.sub(r"^[-+•]\s*", "", str(parent.indicator)).strip()
                if parent is not None and not pd.isna(parent.indicator)
                else None,
                "measure": measure,
                "comparison": None,
                "figure_period": period or keys["period"],
                "unit": unit,
                "raw": c.raw,
                **_figure_fields([c.cell_id, *claim_ids], status, float(c.value)),
                "page": int(c.page),
                "table_id": c.table_id,
                "row_order": int(c.row_order),
                "column": c.column,
                "cell_id": c.cell_id,
                "claim_ids": ";".join(claim_ids) or None,
            }
        )
    return out


def claims_to_indicators(inp: Inputs, status: dict[str, FigureStatus], taken: set[str]) -> list[dict[str, Any]]:
    """Indicator rows of the text's claims that no appendix cell states (`taken`)."""
    keys = _report_keys(inp)
    out = []
    for c in inp.claims.itertuples(index=False):
        if c.kind == "not_claim" or c.claim_id in taken or pd.isna(c.value):
            continue
        measure = "estimate" if c.kind == "level" and bool(c.estimated) else c.kind
        out.append(
            {
                **keys,
                "source": "text",
                "indicator": None if pd.isna(c.indicator) else c.indicator,
                "parent_indicator": None,
                "measure": measure,
                "comparison": None if pd.isna(c.comparison) else c.comparison,
                "figure_period": None if pd.isna(c.period) else c.period,
                "unit": None if pd.isna(c.unit) else c.unit,
                "raw": c.raw,
                **_figure_fields([c.claim_id], status, float(c.value)),
                "page": int(c.page),
                "table_id": None,
                "row_order": None,
                "column": None,
                "cell_id": None,
                "claim_ids": c.claim_id,
            }
        )
    return out


def indicators_of(inp: Inputs, status: dict[str, FigureStatus]) -> list[dict[str, Any]]:
    """Every figure once: the appendix cells (with the claims stating them), then the other claims."""
    table_rows = cells_to_indicators(inp, status)
    taken = {cid for r in table_rows for cid in split_refs(r["claim_ids"])}
    indicators = table_rows + claims_to_indicators(inp, status, taken)
    return [{**r, "indicator_id": f"i-{k:05d}"} for k, r in enumerate(indicators, start=1)]


def claims_to_clean(inp: Inputs, status: dict[str, FigureStatus]) -> list[dict[str, Any]]:
    """clean/claims: every claim (not the numbers that are no claims), with its status and sentence."""
    keys = _report_keys(inp)
    sentences = dict(zip(inp.sentences["sentence_id"], inp.sentences["text"], strict=True))
    claim_rows = []
    for c in inp.claims.itertuples(index=False):
        if c.kind == "not_claim":
            continue
        fields = _figure_fields([c.claim_id], status, None if pd.isna(c.value) else float(c.value))
        claim_rows.append(
            {
                **keys,
                **{k: getattr(c, k) for k in ("claim_id", "sentence_id", "page", "section_id", "footnote", "raw")},
                "value": fields["value"],
                "printed_value": fields["printed_value"],
                **{k: getattr(c, k) for k in ("value2", "unit", "kind", "direction", "comparison", "indicator")},
                "figure_period": c.period,
                "estimated": c.estimated,
                "base_value": c.base_value if fields["value"] == fields["printed_value"] else None,
                "base_unit": c.base_unit,
                "status": fields["status"],
                "check_ids": fields["check_ids"],
                "review": fields["review"],
                "flag": fields["flag"],
                "sentence": sentences.get(c.sentence_id),
            }
        )
    return claim_rows


def checks_to_clean(inp: Inputs) -> list[dict[str, Any]]:
    """clean/checks: every check with the reviewer's decision ('not reviewed' for an undecided failure)."""
    keys = _report_keys(inp)
    check_rows = []
    for r in inp.checks.itertuples(index=False):
        d = inp.applied.by_check.get(r.check_id)
        check_rows.append(
            {
                **keys,
                **{k: getattr(r, k) for k in ("check_id", "rule", "family", "status", "message", "expected", "actual",
                                              "tolerance", "margin", "basis", "claim_ids", "table_cells", "pages")},
                "decision": d.decision if d else ("not reviewed" if r.status == "fail" else None),
                "note": d.note if d else None,
                "reviewer": d.reviewer if d else None,
                "decision_date": d.date if d else None,
                "operand": d.operand or None if d else None,
                "corrected_value": d.corrected_value if d else None,
            }
        )  # fmt: skip
    return check_rows


def build(inp: Inputs, *, rules: Rules | None = None) -> dict[str, pd.DataFrame]:
    """The clean tables of one report: indicators, claims and checks."""
    status = inputs_to_status(inp)
    return {
        "clean_indicators": contract.to_frame("clean_indicators", indicators_of(inp, status), rules=rules),
        "clean_claims": contract.to_frame("clean_claims", claims_to_clean(inp, status), rules=rules),
        "clean_checks": contract.to_frame("clean_checks", checks_to_clean(inp), rules=rules),
    }


SHEETS = {"clean_indicators": "indicators", "clean_claims": "claims", "clean_checks": "checks"}


def write_clean(folder: Path, frames: dict[str, pd.DataFrame], report_id: str, *, rules: Rules | None = None) -> Path:
    """clean/<name>.csv + .parquet for each table and one workbook clean/<report_id>.xlsx."""
    out = folder / CLEAN
    out.mkdir(exist_ok=True)
    for table, frame in frames.items():
        problems = contract.validate(table, frame, rules=rules)
        if problems:
            raise contract.ContractError(problems)
        name = SHEETS[table]
        frame.to_csv(out / f"{name}.csv", index=False, encoding="utf-8")
        frame.to_parquet(out / f"{name}.parquet", index=False)
    workbook = out / f"{report_id}.xlsx"
    with pd.ExcelWriter(workbook, engine="openpyxl") as xl:
        for table, frame in frames.items():
            name = SHEETS[table]
            _excel_frame(frame).to_excel(xl, sheet_name=name, index=False, freeze_panes=(1, 0))
            sheet = xl.sheets[name]
            for k, col in enumerate(frame.columns, start=1):
                width = min(60, max(len(col), *(len(str(v)) for v in frame[col].head(200).tolist()), 6) + 2)
                sheet.column_dimensions[sheet.cell(row=1, column=k).column_letter].width = width
            sheet.auto_filter.ref = sheet.dimensions
    return workbook


def _excel_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Excel cells hold plain Python values: nullable pandas types become object columns with None,
    numbers stay numbers; control characters (from a damaged text layer) that a workbook cannot hold are dropped."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    out = frame.copy()
    for col in out.columns:
        if str(out[col].dtype) in ("Int64", "boolean", "string", "str"):
            out[col] = out[col].astype(object).where(out[col].notna(), None)
        if out[col].dtype == object:
            out[col] = out[col].map(lambda v: ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v)
    return out


def folder_to_clean(folder: Path, *, rules: Rules | None = None) -> tuple[dict[str, pd.DataFrame], decisions.Applied]:
    """Rebuild clean/ of an existing report folder."""
    inp = folder_to_inputs(folder, rules=rules)
    frames = build(inp, rules=rules)
    write_clean(folder, frames, inp.report_id, rules=rules)
    return frames, inp.applied


__all__ = ["SHEETS", "build", "column_measure", "folder_to_clean", "write_clean"]
