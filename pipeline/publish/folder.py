"""Writing a report's output folder: atomically, per the output contract."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import Any

from .. import __version__
from ..claims import Claims
from ..records import BBox, Document
from ..segment import Segmented
from ..tables import Tables
from ..textlayout import document_text
from ..validate import Check
from . import contract

COUNT_KEYS = (
    "sections", "sentences", "footnotes", "numbers", "claims", "table_cells", "checks", "checks_failed",
)  # fmt: skip


@contextmanager
def staged_folder(out_dir: Path, report_id: str) -> Iterator[Path]:
    """Yield a temporary folder that replaces `out_dir/report_id` only if the block succeeds.

    A report folder therefore appears complete or not at all; on error the staging folder is
    removed and an earlier complete output stays in place.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{report_id}.tmp-", dir=out_dir))
    umask = os.umask(0)
    os.umask(umask)
    tmp.chmod(0o777 & ~umask)
    try:
        yield tmp
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    final = out_dir / report_id
    old = None
    if final.exists():
        old = out_dir / f".{report_id}.old-{os.getpid()}"
        if old.exists():
            shutil.rmtree(old, ignore_errors=True)
        final.rename(old)
    tmp.rename(final)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def carry_over(previous: Path, staging: Path, name: str) -> None:
    """Copy a file people edit (review.csv) from the report's previous folder into the new one."""
    src = previous / name
    if src.is_file() and not (staging / name).exists():
        shutil.copy2(src, staging / name)


def document_json(
    doc: Document,
    counts: dict[str, int | None],
    warnings: list[str] | None = None,
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    full_counts: dict[str, int | None] = {k: None for k in COUNT_KEYS}
    full_counts.update(counts)
    data: dict[str, Any] = {
        "report_id": doc.report_id,
        "source": {
            "file": doc.source.file,
            "path": str(Path(doc.source.path).resolve()),
            "sha256": doc.source.sha256,
            "pages": doc.source.pages,
        },
        "metadata": asdict(doc.metadata),
        "counts": full_counts,
        "warnings": warnings if warnings is not None else [str(n) for n in doc.notes],
        "baocao_version": __version__,
        "pages": [
            {
                "page": p.number,
                "width": round(p.width, 2),
                "height": round(p.height, 2),
                "chars": p.chars,
                "text_layer": p.text_layer,
                "images": p.images,
                "ocr": p.ocr,
                "ocr_confidence": p.ocr_confidence,
            }
            for p in doc.pages
        ],
        "furniture": [
            {"page": f.page, "kind": f.kind, "text": f.text, "bbox": f.bbox.as_list()} for f in doc.furniture
        ],
        "encodings": list(doc.encodings),
        "layout": {
            "paragraphs": len(doc.paragraphs),
            "table_regions": len(doc.tables),
            "roles": _role_counts(doc),
        },
    }
    if extra:
        data.update(extra)
    return data


def _role_counts(doc: Document) -> dict[str, int]:
    out: dict[str, int] = {}
    for p in doc.paragraphs:
        out[p.role] = out.get(p.role, 0) + 1
    return out


def write_json(path: Path, data: Any) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def write_text(folder: Path, doc: Document) -> None:
    (folder / "text.txt").write_text(document_text(doc), encoding="utf-8")


def _pages(pages: tuple[int, ...]) -> str:
    return ";".join(str(p) for p in pages)


def write_segments(folder: Path, doc: Document, seg: Segmented) -> None:
    sections = [
        {
            "section_id": s.section_id,
            "order": s.order,
            "numbering": s.numbering or None,
            "title": s.title,
            "level": s.level,
            "parent_id": s.parent_id,
            "page": s.page,
            "path": s.path,
            "kind": s.kind,
        }
        for s in seg.sections
    ]
    sentences = [
        {
            "sentence_id": s.sentence_id,
            "section_id": s.section_id,
            "page": s.page,
            "footnote": s.footnote,
            "text": s.text,
            "kind": s.kind,
            "pages": _pages(s.pages),
            "char_start": s.doc_start,
            "char_end": s.doc_end,
        }
        for s in seg.sentences
    ]
    anchors = {a.footnote: a for a in seg.anchors}
    footnotes = []
    for fn in doc.footnotes:
        a = anchors.get(fn.number)
        footnotes.append(
            {
                "footnote": fn.number,
                "text": fn.text,
                "page": fn.page,
                "anchor_sentence_id": a.sentence_id if a else None,
                "anchor_page": a.page if a else None,
                "anchor_context": (a.context or None) if a else None,
                "pages": _pages(tuple(sorted({s.page for s in fn.spans}))),
            }
        )
    contract.write_table(folder, "sections", contract.to_frame("sections", sections))
    contract.write_table(folder, "sentences", contract.to_frame("sentences", sentences))
    contract.write_table(folder, "footnotes", contract.to_frame("footnotes", footnotes))


def _box(b: BBox | None) -> dict[str, float | None]:
    """A box as four columns, in PDF points from the page's top left."""
    if b is None:
        return {"x0": None, "top": None, "x1": None, "bottom": None}
    return {"x0": round(b.x0, 2), "top": round(b.top, 2), "x1": round(b.x1, 2), "bottom": round(b.bottom, 2)}


def write_tables(folder: Path, result: Tables) -> None:
    cells: list[dict[str, Any]] = []
    rows: list[dict[str, Any]] = []
    meta: list[dict[str, Any]] = []
    for t in result.tables:
        by_order = {r.row_order: r for r in t.rows}
        numbers = {c.index: c.number for c in t.columns}
        for r in t.rows:
            rows.append(
                {
                    "table_id": t.table_id,
                    "row_order": r.row_order,
                    "page": r.page,
                    "tt": r.tt or None,
                    "indicator": r.indicator or None,
                    "unit": r.unit or None,
                    "parent_row": r.parent_row,
                    "marker": r.marker or None,
                    "kind": r.kind,
                    "partial": r.partial,
                    "depth": r.depth,
                }
            )
        for c in t.cells:
            r = by_order[c.row_order]
            cells.append(
                {
                    "table_id": t.table_id,
                    "title": t.title or None,
                    "page": c.page,
                    "row_order": c.row_order,
                    "tt": r.tt or None,
                    "indicator": r.indicator or None,
                    "unit": r.unit or None,
                    "parent_row": r.parent_row,
                    "column": c.column,
                    "raw": c.raw,
                    "value": c.value,
                    "col": c.col,
                    "column_number": numbers.get(c.col),
                    "decimals": c.decimals,
                    "flags": ";".join(c.flags) or None,
                    "cell_id": f"{t.table_id}:{c.row_order}:{c.col}",
                    **_box(c.bbox),
                }
            )
        meta.append(
            {
                "table_id": t.table_id,
                "title": t.title,
                "caption": t.caption,
                "reference_number": t.reference_number,
                "reference_date": t.reference_date,
                "pages": list(t.pages),
                "rows": len(t.rows),
                "cells": len(t.cells),
                "columns": [{"index": c.index, "name": c.name, "role": c.role, "number": c.number} for c in t.columns],
            }
        )
    contract.write_table(folder, "tables", contract.to_frame("tables", cells))
    contract.write_table(folder, "table_rows", contract.to_frame("table_rows", rows))
    write_json(folder / "tables.json", meta)


def write_claims(folder: Path, result: Claims) -> None:
    rows = [
        {
            "claim_id": c.claim_id,
            "sentence_id": c.sentence_id,
            "page": c.page,
            "section_id": c.section_id,
            "footnote": c.footnote,
            "raw": c.raw,
            "value": c.value,
            "value2": c.value2,
            "unit": c.unit,
            "kind": c.kind,
            "direction": c.direction,
            "comparison": c.comparison,
            "indicator": c.indicator,
            "period": c.period,
            "estimated": c.estimated,
            "reason": c.reason,
            "start": c.start if c.start >= 0 else None,
            "end": c.end if c.end >= 0 else None,
            "decimals": c.decimals,
            "flags": ";".join(c.flags) or None,
            "scale": c.scale,
            "base_value": c.base_value,
            "base_unit": c.base_unit,
            "bbox_page": c.bbox_page,
            **_box(c.bbox),
        }
        for c in result.claims
    ]
    contract.write_table(folder, "claims", contract.to_frame("claims", rows))


def write_checks(folder: Path, checks: Sequence[Check], summary: dict[str, Any]) -> None:
    """checks.csv/.parquet (failures first, then by rule) and validation.json."""
    order = {"fail": 0, "skip": 1, "pass": 2}
    rows = [
        {
            "check_id": c.check_id,
            "rule": c.rule,
            "status": c.status,
            "message": c.message,
            "expected": c.expected,
            "actual": c.actual,
            "tolerance": c.tolerance,
            "claim_ids": ";".join(c.claim_ids) or None,
            "table_cells": ";".join(c.table_cells) or None,
            "pages": ";".join(str(p) for p in c.pages) or None,
            "family": c.family,
            "margin": c.margin,
            "basis": c.basis,
            "expected_lo": c.expected_lo,
            "expected_hi": c.expected_hi,
            "actual_lo": c.actual_lo,
            "actual_hi": c.actual_hi,
        }
        for c in sorted(checks, key=lambda c: (order.get(c.status, 3), c.rule, c.pages[:1], c.check_id))
    ]
    contract.write_table(folder, "checks", contract.to_frame("checks", rows))
    write_json(folder / "validation.json", summary)
