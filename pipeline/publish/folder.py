"""Writing a report's output folder: atomically, per the output contract (staging, document.json, files)."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pandas as pd

from .. import __version__
from ..records import Document
from ..rules import Rules
from ..textlayout import document_text
from ..vi.periods import report_period
from . import contract

COUNT_KEYS = (
    "sections", "sentences", "footnotes", "numbers", "claims", "table_cells", "checks", "checks_failed",
    "checks_open", "checks_cleared", "checks_confirmed", "checks_corrected",
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


def parts_json(doc: Document) -> list[dict[str, Any]]:
    """document.json's `parts`: each document the PDF holds (one for a single report), with its
    pages, its header's facts and the period its title names."""
    return [
        {
            "part": p.part, "first_page": p.first_page, "last_page": p.last_page, **asdict(p.metadata),
            "period": report_period(p.metadata.title, p.metadata.date),
        }
        for p in doc.parts
    ]  # fmt: skip


def document_json(
    doc: Document,
    counts: dict[str, int | None],
    warnings: list[str] | None = None,
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """document.json: the source, metadata (the first part's), the parts, counts, warnings, pages,
    furniture and layout."""
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
        "parts": parts_json(doc),
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
    """Indented UTF-8 JSON with a final newline."""
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def update_counts(path: Path, counts: dict[str, int]) -> None:
    """Set some counts of an existing document.json (the review counts, after each review)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    data["counts"] = {**(data.get("counts") or {}), **counts}
    write_json(path, data)


def write_text(folder: Path, doc: Document) -> None:
    """text.txt: the document's text in reading order."""
    (folder / "text.txt").write_text(document_text(doc), encoding="utf-8")


def write_frames(folder: Path, frames: Mapping[str, pd.DataFrame], *, rules: Rules | None = None) -> None:
    """Each contract frame as `folder/<table>.csv` and `.parquet`."""
    for table, frame in frames.items():
        contract.write_table(folder, table, frame, rules=rules)
