"""The review page's items: every check with its operands (claims with their sentence, table cells
with their row and column, the caption a caption check cites) and the reviewer's decision."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Literal, cast

import pandas as pd

from ..records import BBox
from . import decisions
from .inputs import Inputs, split_refs
from .status import suggestions, text_or_empty

OperandKind = Literal["claim", "cell", "caption"]
CheckStatus = Literal["pass", "fail", "skip"]
CAPTION_RULES = ("caption_report_number", "caption_report_date")


@dataclass(frozen=True, kw_only=True)
class Operand:
    """One figure a check compares, and where it is printed."""

    ref: str  # claim id or cell id
    kind: OperandKind
    raw: str
    page: int
    where: str  # sentence text, or the table row and column
    bbox_page: int | None = None
    bbox: BBox | None = None
    unit: str | None = None
    start: int | None = None  # offset of the figure in `where` (claims)
    header: tuple[int, BBox] | None = None  # cells: where the table's column header is printed (page, box)


@dataclass(frozen=True, kw_only=True)
class Item:
    """One check as the review page shows it."""

    check_id: str
    rule: str
    status: CheckStatus
    message: str
    expected: float | None
    actual: float | None
    tolerance: float | None
    margin: float | None
    basis: str | None
    pages: str
    operands: tuple[Operand, ...] = ()
    decision: decisions.Decision | None = None
    pictures: tuple[tuple[int, str], ...] = ()  # (page, data URI)
    pdf_missing: bool = False
    diagnosis: str | None = None
    diagnosis_text: str | None = None
    suggestion: tuple[str, float] | None = None  # the operand judged wrong and the value the check implies


def number_or_none(v: Any) -> float | None:
    """A frame cell as a float, None when empty."""
    return None if v is None or pd.isna(v) else float(v)


def row_box(r: Any) -> BBox | None:
    """The x0/top/x1/bottom columns of a frame row as a box, None when empty."""
    if any(pd.isna(getattr(r, k)) for k in ("x0", "top", "x1", "bottom")):
        return None
    return BBox(x0=float(r.x0), top=float(r.top), x1=float(r.x1), bottom=float(r.bottom))


def caption_reference(tables_meta: list[dict[str, Any]], rule: str, page: int) -> str | None:
    """What to look for on the page of a caption check, as the caption prints it: the cited report
    number ('3015' of 'số 3015 /BC-UBND') or the cited date ('05/7/2024')."""
    for t in tables_meta:
        if (t.get("pages") or [None])[0] != page:
            continue
        caption = str(t.get("caption") or "")
        pattern = r"số\s*(\d+)" if rule == "caption_report_number" else r"ngày\s*(\d{1,2}/\d{1,2}/\d{4})"
        m = re.search(pattern, caption, re.IGNORECASE)
        if m:
            return m.group(1)
    return None


def page_size(document: dict[str, Any], page: int) -> tuple[float, float]:
    """A page's width and height from document.json (A4 when it is not listed)."""
    for p in document.get("pages") or []:
        if p.get("page") == page:
            return float(p["width"]), float(p["height"])
    return 595.0, 842.0


def claim_operands(r: Any, claims: dict[str, Any], sentences: dict[str, str]) -> list[Operand]:
    """The claims of check row `r`, each in its sentence."""
    out = []
    for ref in split_refs(r.claim_ids):
        c = claims.get(ref)
        if c is not None:
            out.append(
                Operand(ref=ref, kind="claim", raw=c.raw, page=int(c.page), where=sentences.get(c.sentence_id, ""),
                        bbox_page=None if pd.isna(c.bbox_page) else int(c.bbox_page), bbox=row_box(c),
                        unit=None if pd.isna(c.unit) else c.unit, start=None if pd.isna(c.start) else int(c.start))
            )  # fmt: skip
    return out


def caption_operands(r: Any, inp: Inputs) -> list[Operand]:
    """The cited report number or date of a caption check: searched on the page, whose caption line is boxed."""
    if r.rule not in CAPTION_RULES or pd.isna(r.pages):
        return []
    page = int(str(r.pages).split(";")[0])
    cited = caption_reference(inp.tables_meta, r.rule, page)
    width, height = page_size(inp.document, page)
    if not cited:
        return []
    return [Operand(ref="caption", kind="caption", raw=cited, page=page, where="the table's caption", bbox_page=page,
                    bbox=BBox(x0=0, top=0, x1=width, bottom=height))]  # fmt: skip


def header_boxes(tables_meta: list[dict[str, Any]]) -> dict[str, list[tuple[int, BBox]]]:
    """Table id -> where its column header is printed, page by page (tables.json header_boxes)."""
    return {
        str(t["table_id"]): [(int(h["page"]), BBox(x0=h["x0"], top=h["top"], x1=h["x1"], bottom=h["bottom"]))
                             for h in t.get("header_boxes") or []]
        for t in tables_meta
    }  # fmt: skip


def cell_operands(r: Any, cells: dict[str, Any], headers: dict[str, list[tuple[int, BBox]]]) -> list[Operand]:
    """The table cells of check row `r`, each with its row and column and the table's column header
    (on the cell's page, else the first page that prints it)."""
    out = []
    for ref in split_refs(r.table_cells):
        c = cells.get(ref)
        if c is not None:
            where = f"{c.table_id} row {c.row_order}: {c.indicator} ({'' if pd.isna(c.unit) else c.unit}) — {c.column}"
            boxes = headers.get(str(c.table_id)) or []
            header = next((h for h in boxes if h[0] == int(c.page)), boxes[0] if boxes else None)
            out.append(Operand(ref=ref, kind="cell", raw=c.raw, page=int(c.page), where=where, bbox_page=int(c.page),
                               bbox=row_box(c), header=header))  # fmt: skip
    return out


def inputs_to_items(inp: Inputs) -> list[Item]:
    """Every check of the report, in checks.csv's order, with its operands, diagnosis and decision."""
    claims = {r.claim_id: r for r in inp.claims.itertuples(index=False)}
    cells = {r.cell_id: r for r in inp.cells.itertuples(index=False)}
    sentences = dict(zip(inp.sentences["sentence_id"], inp.sentences["text"], strict=True))
    headers = header_boxes(inp.tables_meta)
    suggested = suggestions(inp)
    return [
        Item(
            check_id=r.check_id, rule=r.rule, status=cast(CheckStatus, r.status), message=r.message,
            expected=number_or_none(r.expected), actual=number_or_none(r.actual),
            tolerance=number_or_none(r.tolerance), margin=number_or_none(r.margin),
            basis=None if pd.isna(r.basis) else r.basis, pages="" if pd.isna(r.pages) else str(r.pages),
            operands=(*claim_operands(r, claims, sentences), *caption_operands(r, inp),
                      *cell_operands(r, cells, headers)),
            decision=inp.applied.by_check.get(r.check_id), diagnosis=text_or_empty(r.diagnosis) or None,
            diagnosis_text=text_or_empty(r.diagnosis_text) or None, suggestion=suggested.get(r.check_id),
        )
        for r in inp.checks.itertuples(index=False)
    ]  # fmt: skip


__all__ = ["Item", "Operand", "caption_reference", "header_boxes", "inputs_to_items", "page_size"]
