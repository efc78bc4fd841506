"""The stages' records as contract frames (sections, sentences, footnotes, tables, table_rows,
claims, checks) and tables.json's table list: what the folder writers write and clean/review read.

    segments_to_frames   sections, sentences and footnotes (with their anchors)
    tables_to_frames     the appendix cells ("tables") and rows ("table_rows")
    tables_meta          tables.json: title, caption, reference number and date, pages, columns
    claims_to_frame      the text's claims
    checks_to_frame      the checks, failures first, then by rule
    links_to_frame       every claim's and table row's link to the indicator catalogue
    report_frames        all of them, by table name
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from ..claims import Claims
from ..indicators import LinkedFigure, Links
from ..records import BBox, Document, TableRegion
from ..rules import Rules
from ..segment import Segmented
from ..tables import Table, TableCell, TableRow, Tables
from ..validate import Check
from . import contract

Frames = dict[str, pd.DataFrame]
CHECK_ORDER = {"fail": 0, "skip": 1, "pass": 2}


def pages_text(pages: Sequence[int]) -> str:
    """Pages as one ;-separated string."""
    return ";".join(str(p) for p in pages)


def box_columns(b: BBox | None) -> dict[str, float | None]:
    """A box as four columns, in PDF points from the page's top left."""
    if b is None:
        return {"x0": None, "top": None, "x1": None, "bottom": None}
    return {"x0": round(b.x0, 2), "top": round(b.top, 2), "x1": round(b.x1, 2), "bottom": round(b.bottom, 2)}


def segments_to_frames(doc: Document, seg: Segmented, *, rules: Rules | None = None) -> Frames:
    """sections, sentences and footnotes."""
    sections = [
        {
            "section_id": s.section_id, "order": s.order, "numbering": s.numbering or None, "title": s.title,
            "level": s.level, "parent_id": s.parent_id, "page": s.page, "path": s.path, "kind": s.kind,
            "part": s.part,
        }
        for s in seg.sections
    ]  # fmt: skip
    sentences = [
        {
            "sentence_id": s.sentence_id, "section_id": s.section_id, "page": s.page, "footnote": s.footnote,
            "text": s.text, "kind": s.kind, "pages": pages_text(s.pages), "char_start": s.doc_start,
            "char_end": s.doc_end, "part": s.part,
        }
        for s in seg.sentences
    ]  # fmt: skip
    anchors = {(a.part, a.footnote): a for a in seg.anchors}
    footnotes = []
    for fn in doc.footnotes:
        a = anchors.get((fn.part, fn.number))
        footnotes.append(
            {
                "footnote": fn.number, "text": fn.text, "page": fn.page,
                "anchor_sentence_id": a.sentence_id if a else None, "anchor_page": a.page if a else None,
                "anchor_context": (a.context or None) if a else None,
                "pages": pages_text(tuple(sorted({s.page for s in fn.spans}))), "part": fn.part,
            }
        )  # fmt: skip
    return {
        "sections": contract.to_frame("sections", sections, rules=rules),
        "sentences": contract.to_frame("sentences", sentences, rules=rules),
        "footnotes": contract.to_frame("footnotes", footnotes, rules=rules),
    }


def row_record(t: Table, r: TableRow) -> dict[str, Any]:
    """One appendix row of table_rows."""
    return {
        "table_id": t.table_id, "row_order": r.row_order, "page": r.page, "tt": r.tt or None,
        "indicator": r.indicator or None, "unit": r.unit or None, "parent_row": r.parent_row,
        "marker": r.marker or None, "kind": r.kind, "partial": r.partial, "depth": r.depth, "part": t.part,
    }  # fmt: skip


def cell_record(t: Table, c: TableCell, r: TableRow, numbers: dict[int, str | None]) -> dict[str, Any]:
    """One appendix cell of tables, with its row's indicator and unit."""
    return {
        "table_id": t.table_id, "title": t.title or None, "page": c.page, "row_order": c.row_order,
        "tt": r.tt or None, "indicator": r.indicator or None, "unit": r.unit or None, "parent_row": r.parent_row,
        "column": c.column, "raw": c.raw, "value": c.value, "col": c.col, "column_number": numbers.get(c.col),
        "decimals": c.decimals, "flags": ";".join(c.flags) or None, "cell_id": f"{t.table_id}:{c.row_order}:{c.col}",
        **box_columns(c.bbox), "part": t.part,
    }  # fmt: skip


def tables_to_frames(result: Tables, *, rules: Rules | None = None) -> Frames:
    """The appendix cells ("tables") and rows ("table_rows")."""
    cells: list[dict[str, Any]] = []
    rows: list[dict[str, Any]] = []
    for t in result.tables:
        by_order = {r.row_order: r for r in t.rows}
        numbers = {c.index: c.number for c in t.columns}
        rows += [row_record(t, r) for r in t.rows]
        cells += [cell_record(t, c, by_order[c.row_order], numbers) for c in t.cells]
    return {
        "tables": contract.to_frame("tables", cells, rules=rules),
        "table_rows": contract.to_frame("table_rows", rows, rules=rules),
    }


def header_boxes(t: Table, regions: Sequence[TableRegion]) -> list[dict[str, Any]]:
    """Where the table's column header is printed, page by page: from the top of each of its ruled
    regions down to its first row (none on a page whose region opens with a row)."""
    out = []
    by_id = {r.region_id: r for r in regions}
    for rid in t.region_ids:
        region = by_id.get(rid)
        rows = [r.bbox.top for r in t.rows if r.page == (region.page if region else -1)]
        if region is None or not rows or min(rows) - region.bbox.top < 4:
            continue
        out.append({"page": region.page, "x0": round(region.bbox.x0, 2), "top": round(region.bbox.top, 2),
                    "x1": round(region.bbox.x1, 2), "bottom": round(min(rows), 2)})  # fmt: skip
    return out


def tables_meta(result: Tables, doc: Document | None = None) -> list[dict[str, Any]]:
    """tables.json: one entry a table (with `header_boxes` when the document's regions are given)."""
    regions = doc.tables if doc is not None else ()
    return [
        {
            "table_id": t.table_id,
            "title": t.title,
            "caption": t.caption,
            "reference_number": t.reference_number,
            "reference_date": t.reference_date,
            "pages": list(t.pages),
            "part": t.part,
            "rows": len(t.rows),
            "cells": len(t.cells),
            "columns": [{"index": c.index, "name": c.name, "role": c.role, "number": c.number} for c in t.columns],
            "header_boxes": header_boxes(t, regions),
        }
        for t in result.tables
    ]


def claims_to_frame(result: Claims, *, rules: Rules | None = None) -> pd.DataFrame:
    """The text's claims."""
    rows = [
        {
            "claim_id": c.claim_id, "sentence_id": c.sentence_id, "page": c.page, "section_id": c.section_id,
            "footnote": c.footnote, "raw": c.raw, "value": c.value, "value2": c.value2, "unit": c.unit,
            "kind": c.kind, "direction": c.direction, "comparison": c.comparison, "indicator": c.indicator,
            "period": c.period, "estimated": c.estimated, "reason": c.reason,
            "start": c.start if c.start >= 0 else None, "end": c.end if c.end >= 0 else None,
            "decimals": c.decimals, "flags": ";".join(c.flags) or None, "scale": c.scale,
            "base_value": c.base_value, "base_unit": c.base_unit, "bbox_page": c.bbox_page, **box_columns(c.bbox),
            "part": c.part,
        }
        for c in result.claims
    ]  # fmt: skip
    return contract.to_frame("claims", rows, rules=rules)


def checks_to_frame(checks: Sequence[Check], *, rules: Rules | None = None) -> pd.DataFrame:
    """The checks: failures first, then skips and passes, each by rule, first page and id."""
    rows = [
        {
            "check_id": c.check_id, "rule": c.rule, "status": c.status, "message": c.message,
            "expected": c.expected, "actual": c.actual, "tolerance": c.tolerance,
            "claim_ids": ";".join(c.claim_ids) or None, "table_cells": ";".join(c.table_cells) or None,
            "pages": pages_text(c.pages) or None, "family": c.family, "margin": c.margin, "basis": c.basis,
            "expected_lo": c.expected_lo, "expected_hi": c.expected_hi, "actual_lo": c.actual_lo,
            "actual_hi": c.actual_hi, "diagnosis": c.diagnosis, "suggested_value": c.suggested_value,
            "diagnosis_text": c.diagnosis_text, "part": c.part,
        }
        for c in sorted(checks, key=lambda c: (CHECK_ORDER.get(c.status, 3), c.rule, c.pages[:1], c.check_id))
    ]  # fmt: skip
    return contract.to_frame("checks", rows, rules=rules)


def _link_record(lf: LinkedFigure) -> dict[str, Any]:
    link = lf.link
    return {
        "indicator_id": link.indicator_id, "score": round(link.score, 4), "source": link.source,
        "reason": link.reason or None, "candidates": ";".join(link.candidates) or None, "measure": lf.measure,
        "price_basis": lf.price_basis,
    }  # fmt: skip


def links_to_frame(links: Links | None, *, rules: Rules | None = None) -> pd.DataFrame:
    """links: every measurable claim and every table row with its catalogue link, measure and price basis."""
    rows: list[dict[str, Any]] = []
    if links is not None:
        rows += [{"ref": cid, "claim_id": cid, **_link_record(lf)} for cid, lf in links.claims.items()]
        rows += [
            {"ref": f"{tid}:{order}", "table_id": tid, "row_order": order, **_link_record(lf)}
            for (tid, order), lf in links.rows.items()
        ]
    return contract.to_frame("links", rows, rules=rules)


def report_frames(
    doc: Document,
    seg: Segmented,
    tabs: Tables,
    found: Claims,
    checks: Sequence[Check],
    *,
    rules: Rules | None = None,
    links: Links | None = None,
) -> Frames:
    """Every contract frame of one report, by table name, in the order they are written."""
    return {
        **segments_to_frames(doc, seg, rules=rules),
        **tables_to_frames(tabs, rules=rules),
        "claims": claims_to_frame(found, rules=rules),
        "checks": checks_to_frame(checks, rules=rules),
        "links": links_to_frame(links, rules=rules),
    }
