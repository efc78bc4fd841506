"""What clean tables and the review page are made from: one report's frames, its document.json,
tables.json and the reviewer decisions, either handed over in memory by the run or read back from
an existing report folder (`baocao review DIR`) — the same `Inputs` value either way.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from ..errors import ReviewFileError
from ..rules import Rules
from . import contract, decisions

TABLES = ("claims", "tables", "table_rows", "sentences", "checks", "links")  # the frames clean and review read


@dataclass(frozen=True, kw_only=True)
class Inputs:
    """One report's records for clean tables and the review page."""

    report_id: str
    document: dict[str, Any]
    claims: pd.DataFrame
    cells: pd.DataFrame
    rows: pd.DataFrame
    sentences: pd.DataFrame
    checks: pd.DataFrame
    links: pd.DataFrame  # every claim's and table row's link to the indicator catalogue
    applied: decisions.Applied
    tables_meta: list[dict[str, Any]]  # tables.json: caption, reference number and date, pages


def split_refs(value: Any) -> list[str]:
    """The ids of a ;-separated cell (claim_ids, table_cells); none for an empty one."""
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return []
    return [v for v in str(value).split(";") if v]


def records_to_inputs(
    document: dict[str, Any],
    frames: Mapping[str, pd.DataFrame],
    tables_meta: list[dict[str, Any]],
    review_csv: Path,
) -> Inputs:
    """The inputs from the report's frames (as `contract.read_csv` gives them) and its review.csv."""
    checks = frames["checks"]
    try:
        found, problems = decisions.read(review_csv)
    except ReviewFileError as exc:  # the run goes on; `baocao review` refuses such a file (run.review_folder)
        found, problems = [], [decisions.Problem(0, "", exc.problem)]
    operands = {
        r.check_id: (split_refs(r.claim_ids), split_refs(r.table_cells)) for r in checks.itertuples(index=False)
    }  # fmt: skip
    return Inputs(
        report_id=document["report_id"],
        document=document,
        claims=frames["claims"],
        cells=frames["tables"],
        rows=frames["table_rows"],
        sentences=frames["sentences"],
        checks=checks,
        links=frames["links"],
        applied=decisions.match(found, problems, operands),
        tables_meta=tables_meta,
    )


def memory_to_inputs(
    document: dict[str, Any],
    frames: Mapping[str, pd.DataFrame],
    tables_meta: list[dict[str, Any]],
    folder: Path,
    *,
    rules: Rules | None = None,
) -> Inputs:
    """The inputs from the frames just written to `folder`, exactly as reading them back would give:
    the frames pass through `contract.as_read_back` (empty strings are nulls) and the JSON files'
    values through a JSON round trip (tuples are lists)."""
    return records_to_inputs(
        json.loads(json.dumps(document)),
        {t: contract.as_read_back(t, frames[t], rules=rules) for t in TABLES},
        json.loads(json.dumps(tables_meta)),
        folder / decisions.FILE,
    )


def _read(folder: Path, table: str, rules: Rules | None) -> pd.DataFrame:
    """A contract table of the folder; an empty one when a folder of an older baocao lacks it (links)."""
    path = folder / f"{table}.csv"
    if not path.is_file() and table == "links":
        return contract.to_frame(table, [], rules=rules)
    return contract.read_csv(path, table, rules=rules)


def folder_to_inputs(folder: Path, *, rules: Rules | None = None) -> Inputs:
    """The inputs read from an existing report folder."""
    return records_to_inputs(
        json.loads((folder / "document.json").read_text(encoding="utf-8")),
        {t: _read(folder, t, rules) for t in TABLES},
        json.loads((folder / "tables.json").read_text(encoding="utf-8")),
        folder / decisions.FILE,
    )


__all__ = ["TABLES", "Inputs", "folder_to_inputs", "memory_to_inputs", "records_to_inputs", "split_refs"]
