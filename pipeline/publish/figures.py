"""clean/indicators: one row per (report, indicator, dimensions, period, measure) — every printed
figure the catalogue names, with canonical keys (issue 13).

    Context              what the rows of one report are built with: report keys, catalogue, links
    cell_measure         a table column's reading: measure, value type, comparison (So sánh (%) columns are
                         ratio_pct / plan_pct, or pp_change where the table prints a difference in points)
    claim_measure        a text claim's measure, value type and comparison
    figure_keys          the keys a figure (cell or claim) carries: indicator, measure, period, unit, link
    indicators_of        the rows: appendix cells first (with the text claims that state them), then the
                         text's other figures by link strength; a figure whose key is taken is folded into
                         the row that holds it (same value: claim_ids; another value: other_figures)

The unique key is contract.yaml's `unique` of clean_indicators. Figures the catalogue does not name
are left out here; they are in clean/claims and the workbook's table sheets.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, replace
from typing import Any, cast

import pandas as pd

from ..indicators import Catalogue, catalogue
from ..rules import Rules
from ..tables.columns import is_ratio_header, read_header
from ..vi.periods import period_span, year_earlier
from . import contract
from .inputs import Inputs, split_refs
from .keys import (
    ReportKeys,
    UnitBook,
    base_value,
    indicator_fields,
    part_keys,
    period_fields,
    report_keys,
    row_part,
    unit_book,
    unit_reading,
)
from .status import FigureStatus, figure_fields, text_or_empty

NARRATIVE_RULES = ("narrative_table_value", "narrative_table_unit")
RATE_FAMILIES = ("percent", "ratio")
VALUE_TYPES = ("plan", "estimate", "actual", "scenario")


@dataclass(frozen=True, kw_only=True)
class Context:
    """What the clean rows of one report are built with."""

    keys: ReportKeys  # the report's (its first part's), or the part's in a view from `at`
    parts: dict[int, ReportKeys]  # document part -> its keys (a bundle of reports: each report's own)
    cat: Catalogue
    units: UnitBook
    links: dict[str, Any]  # ref (claim id, or table_id:row_order) -> its links row
    ratio_basis: dict[str, str]  # cell id of a printed 'So sánh (%)' figure -> the reading its check used
    suggested: dict[str, float]  # operand -> the value a failed check implies for it, in its printed unit

    def at(self, part: int) -> Context:
        """The context of one document part: its own report keys."""
        keys = self.parts.get(part, self.keys)
        return self if keys is self.keys else replace(self, keys=keys)


def context(inp: Inputs, suggested: dict[str, float], *, rules: Rules | None = None) -> Context:
    """The context of a report's inputs."""
    basis = {}
    for r in inp.checks.itertuples(index=False):
        cells = split_refs(r.table_cells)
        if r.rule == "table_ratio" and cells and isinstance(r.basis, str):
            basis[cells[0]] = r.basis
    parts = part_keys(inp.document)
    return Context(
        keys=parts.get(1) or report_keys(inp.document),
        parts=parts,
        cat=catalogue(rules),
        units=unit_book(rules),
        links={r.ref: r for r in inp.links.itertuples(index=False)},
        ratio_basis=basis,
        suggested=suggested,
    )


def column_measure(name: str) -> tuple[str, str | None]:
    """('plan' | 'estimate' | 'actual' | 'scenario' | 'pct_of_previous' | 'pct_of_plan' | 'value',
    period) of a value column: 'Kế hoạch 2024' -> ('plan', '2024'); 'So sánh Ước TH 6 tháng 2024 với
    (%) | KH 2024' -> ('pct_of_plan', '6 tháng 2024')."""
    reading = read_header(name)
    if reading.measure == "ratio":
        return f"pct_of_{reading.against}", reading.period
    return reading.measure, reading.period


def _previous_kind(column: str, period: str | None, year: int | None) -> str:
    """same_period_prev_year when the column compares with the same span a year earlier, else prev_period."""
    against = read_header(column.partition(" | ")[2]).period
    now, then = period_span(period, year), period_span(against, year)
    if now is None or then is None or year_earlier(now) == then:
        return "same_period_prev_year"
    return "prev_period"


def subject_type(column: str) -> str | None:
    """What a 'So sánh <subject> với (%)' column compares, read as a header of its own: 'So sánh Ước TH 6
    tháng 2024 với (%) | KH 2024' -> estimate."""
    words = column.partition(" | ")[0].split(" với")[0].split()
    for k in range(len(words)):
        text = " ".join(words[k:])
        if not is_ratio_header(text):
            measure = read_header(text).measure
            return measure if measure in VALUE_TYPES else None
    return None


def cell_measure(column: str, row_measure: str, basis: str | None, year: int | None) -> dict[str, Any]:
    """measure, value_type, comparison, figure_period (and unit, for So sánh (%) columns) of a cell."""
    kind, period = column_measure(column)
    if not kind.startswith("pct_of_"):
        value_type = kind if kind in VALUE_TYPES else None
        comparison = "same_period_prev_year" if row_measure == "change_pct" else None
        return {"measure": row_measure, "value_type": value_type, "comparison": comparison,
                "figure_period": period, "unit": None}  # fmt: skip
    against = kind.removeprefix("pct_of_")
    points = basis == "difference in points"
    comparison = {"plan": "plan", "scenario": "scenario"}.get(against) or _previous_kind(column, period, year)
    return {
        "measure": "pp_change" if points else "ratio_pct" if against == "previous" else "plan_pct",
        "value_type": subject_type(column),
        "comparison": comparison,
        "figure_period": period,
        "unit": "điểm %" if points else "%",
    }


def claim_measure(c: Any, link: Any, cat: Catalogue) -> dict[str, Any]:
    """measure, value_type and comparison of a text claim: a level or the rate of a rate indicator
    is `level` (another percentage is `rate_pct`); ước … makes it an estimate."""
    measure = str(link.measure)
    estimate = measure == "estimate" or bool(c.estimated)
    if measure in ("estimate", "actual"):
        entry = cat.indicators.get(str(link.indicator_id)) if isinstance(link.indicator_id, str) else None
        rate = entry is not None and (entry.type in ("rate", "share") or entry.unit_family in RATE_FAMILIES)
        measure = "level" if c.kind == "level" or rate else "rate_pct"
    comparison = text_or_empty(c.comparison) or ("plan" if measure == "plan_pct" else "")
    return {"measure": measure, "value_type": "estimate" if estimate else "actual", "comparison": comparison or None}


def figure_keys(
    link: Any, measure: dict[str, Any], printed_unit: Any, value: float | None, ctx: Context
) -> dict[str, Any]:
    """The canonical keys of a figure: indicator, measure, price basis, period, unit, link strength."""
    unit = unit_reading(measure.get("unit") or printed_unit, ctx.units)
    return {
        **indicator_fields(None if link is None else link.indicator_id, ctx.cat),
        "measure": measure["measure"],
        "value_type": measure["value_type"],
        "comparison": measure["comparison"],
        "price_basis": None if link is None else (text_or_empty(link.price_basis) or None),
        "figure_period": measure.get("figure_period"),
        **period_fields(measure.get("figure_period"), ctx.keys),
        "unit": unit.unit,
        "value_base": base_value(value, unit),
        "unit_base": unit.base,
        "link_score": None if link is None else float(link.score),
        "link_source": None if link is None else link.source,
    }


def _linked_claims(inp: Inputs) -> dict[str, list[str]]:
    """Cell id -> the text claims that state the same figure (from the narrative checks)."""
    out: dict[str, list[str]] = defaultdict(list)
    for r in inp.checks.itertuples(index=False):
        cells, claim_ids = split_refs(r.table_cells), split_refs(r.claim_ids)
        if r.rule in NARRATIVE_RULES and cells and claim_ids:
            out[cells[0]] += [cid for cid in claim_ids if cid not in out[cells[0]]]
    return out


def _label(text: Any) -> str | None:
    return re.sub(r"^[-+•]\s*", "", text_or_empty(text)).strip() or None


def cell_candidates(inp: Inputs, ctx: Context) -> list[dict[str, Any]]:
    """Indicator rows of the appendix cells that hold a value and whose row the catalogue names."""
    linked = _linked_claims(inp)
    rows = {(r.table_id, r.row_order): r for r in inp.rows.itertuples(index=False)}
    out = []
    for c in inp.cells.itertuples(index=False):
        link = ctx.links.get(f"{c.table_id}:{c.row_order}")
        if pd.isna(c.value) or link is None or pd.isna(link.indicator_id):
            continue
        row = rows.get((c.table_id, c.row_order))
        parent = rows.get((c.table_id, row.parent_row)) if row is not None and not pd.isna(row.parent_row) else None
        own = ctx.at(row_part(c))
        measure = cell_measure(c.column, str(link.measure), own.ratio_basis.get(c.cell_id), own.keys.year)
        claim_ids = linked.get(c.cell_id, [])
        out.append({
            **own.keys.fields, "figure_id": c.cell_id, "indicator": _label(c.indicator),
            "parent_indicator": _label(parent.indicator) if parent is not None else None,
            **figure_keys(link, measure, c.unit, float(c.value), own), "raw": c.raw,
            "source": "table+text" if claim_ids else "table", "page": int(c.page), "table_id": c.table_id,
            "row_order": int(c.row_order), "column": c.column, "cell_id": c.cell_id,
            "_refs": [c.cell_id, *claim_ids], "_value": float(c.value),
        })  # fmt: skip
    return out


def claim_candidates(inp: Inputs, ctx: Context, taken: set[str]) -> list[dict[str, Any]]:
    """Indicator rows of the text's linked claims that no appendix cell states (`taken`), strongest
    link first."""
    out = []
    for k, c in enumerate(inp.claims.itertuples(index=False)):
        link = ctx.links.get(c.claim_id)
        if c.claim_id in taken or pd.isna(c.value) or link is None or pd.isna(link.indicator_id):
            continue
        measure = {**claim_measure(c, link, ctx.cat), "figure_period": None if pd.isna(c.period) else c.period}
        own = ctx.at(row_part(c))
        out.append({
            **own.keys.fields, "figure_id": c.claim_id, "indicator": text_or_empty(c.indicator) or None,
            "parent_indicator": None, **figure_keys(link, measure, c.unit, float(c.value), own), "raw": c.raw,
            "source": "text",
            "page": int(c.page), "table_id": None, "row_order": None, "column": None, "cell_id": None,
            "_refs": [c.claim_id], "_value": float(c.value), "_order": k,
        })  # fmt: skip
    return sorted(out, key=lambda r: (-(r["link_score"] or 0.0), r["_order"]))


def unique_columns(rules: Rules | None = None) -> list[str]:
    """The columns that together identify a clean/indicators row (contract.yaml `unique`)."""
    return cast(list[str], contract.tables(rules)["clean_indicators"]["unique"])


def fold(candidates: list[dict[str, Any]], key: list[str]) -> list[dict[str, Any]]:
    """One row per key: the first candidate holds it; a later text figure with the same value and
    unit joins its claims (source table+text), any other goes to its other_figures."""
    held: dict[tuple[Any, ...], dict[str, Any]] = {}
    out = []
    for r in candidates:
        k = tuple(r.get(c) for c in key)  # a bundle's parts differ in `part`
        first = held.get(k)
        if first is None:
            held[k] = {**r, "_refs": list(r["_refs"]), "_others": []}
            out.append(held[k])
            continue
        if r["source"] == "text" and r["_value"] == first["_value"] and r["unit"] == first["unit"]:
            first["_refs"].append(r["figure_id"])
            first["source"] = "text" if first["source"] == "text" else "table+text"
        else:
            first["_others"].append(r["figure_id"])
    return out


def indicators_of(
    inp: Inputs, status: dict[str, FigureStatus], ctx: Context, *, rules: Rules | None = None
) -> list[dict[str, Any]]:
    """Every figure the catalogue names, once per key: appendix cells (with the claims stating
    them), then the text's other figures."""
    cells = cell_candidates(inp, ctx)
    taken = {cid for r in cells for cid in r["_refs"][1:]}
    rows = []
    for r in fold(cells + claim_candidates(inp, ctx, taken), unique_columns(rules)):
        refs, value = r["_refs"], r["_value"]
        fields = figure_fields(refs, status, value)
        unit = unit_reading(r["unit"], ctx.units)
        rows.append({
            **ctx.keys.fields, **{k: v for k, v in r.items() if not k.startswith("_")}, **fields,
            "value_base": base_value(fields["value"], unit),
            "suggested_value": ctx.suggested.get(refs[0]),
            "claim_ids": ";".join(refs[1:] if r["cell_id"] else refs) or None,
            "other_figures": ";".join(r["_others"]) or None,
        })  # fmt: skip
    return rows


__all__ = [
    "Context", "cell_measure", "claim_measure", "column_measure", "context", "figure_keys", "fold", "indicators_of",
    "unique_columns",
]  # fmt: skip
