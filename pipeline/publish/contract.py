"""Column contracts (schemas/contract.yaml) as code: typed frames, validation, CSV + Parquet.

Every output table is built through `to_frame`, checked with `validate` (all problems, with a
machine-readable reason each, not the first one) and written by `write_table` as a UTF-8 CSV
(empty = null, booleans as true/false) with a Parquet twin holding the same typed columns.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from ..rules import schema_dir

DTYPES = {"string": "string", "int": "Int64", "float": "Float64", "bool": "boolean"}


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    nullable: bool
    description: str


@dataclass(frozen=True)
class Problem:
    table: str
    column: str | None
    reason: str  # missing_column | wrong_type | null_in_required | duplicate_key | unknown_column
    detail: str

    def __str__(self) -> str:
        where = f"{self.table}.{self.column}" if self.column else self.table
        return f"{where}: {self.reason}: {self.detail}"


class ContractError(ValueError):
    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems))


@lru_cache(maxsize=4)
def _load(path: str) -> dict[str, Any]:
    with open(path, encoding="utf-8") as f:
        return dict(yaml.safe_load(f)["tables"])


def tables() -> dict[str, Any]:
    return _load(str(schema_dir() / "contract.yaml"))


def columns(table: str) -> list[Column]:
    spec = tables()[table]
    return [
        Column(c["name"], c["type"], bool(c.get("nullable", True)), c.get("description", "")) for c in spec["columns"]
    ]


def to_frame(table: str, rows: list[dict[str, Any]]) -> pd.DataFrame:
    """Rows (dicts) to a frame with exactly the contract's columns, in order, typed."""
    cols = columns(table)
    names = [c.name for c in cols]
    if rows:
        unknown = sorted(set(rows[0]) - set(names))
        if unknown:
            raise ContractError([Problem(table, u, "unknown_column", "not in schemas/contract.yaml") for u in unknown])
    data = {c.name: [r.get(c.name) for r in rows] for c in cols}
    df = pd.DataFrame(data, columns=names)
    for c in cols:
        df[c.name] = _cast(df[c.name], c.type)
    return df


def _cast(series: pd.Series, kind: str) -> pd.Series:
    if kind == "float":
        return pd.to_numeric(series, errors="raise").astype("Float64")
    if kind == "int":
        return pd.to_numeric(series, errors="raise").astype("Int64")
    if kind == "bool":
        return series.map(lambda v: None if _missing(v) else bool(v)).astype("boolean")
    return series.map(lambda v: None if _missing(v) else str(v)).astype("string")


def _missing(v: Any) -> bool:
    return v is None or v is pd.NA or (isinstance(v, float) and v != v)


def validate(table: str, df: pd.DataFrame) -> list[Problem]:
    problems: list[Problem] = []
    spec = tables()[table]
    for c in columns(table):
        if c.name not in df.columns:
            problems.append(Problem(table, c.name, "missing_column", "required by the contract"))
            continue
        if str(df[c.name].dtype) != DTYPES[c.type]:
            problems.append(Problem(table, c.name, "wrong_type", f"{df[c.name].dtype} instead of {DTYPES[c.type]}"))
        if not c.nullable:
            n = int(df[c.name].isna().sum())
            if n:
                problems.append(Problem(table, c.name, "null_in_required", f"{n} empty values"))
    key = spec.get("key")
    if key and key in df.columns:
        dup = df[key][df[key].duplicated()].dropna()
        if len(dup):
            problems.append(Problem(table, key, "duplicate_key", f"{len(dup)} duplicates, e.g. {dup.iloc[0]!r}"))
    return problems


def write_table(folder: Path, table: str, df: pd.DataFrame) -> None:
    problems = validate(table, df)
    if problems:
        raise ContractError(problems)
    csv = df.copy()
    for c in columns(table):
        if c.type == "bool":
            csv[c.name] = csv[c.name].map(lambda v: "" if v is pd.NA else ("true" if v else "false")).astype("string")
    csv.to_csv(folder / f"{table}.csv", index=False, encoding="utf-8")
    df.to_parquet(folder / f"{table}.parquet", index=False)


def read_csv(path: Path, table: str) -> pd.DataFrame:
    """Read a contract CSV back with its types (empty cells are nulls)."""
    raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    out = pd.DataFrame(index=raw.index)
    for c in columns(table):
        if c.name not in raw.columns:
            continue
        col = raw[c.name].replace("", None)
        if c.type == "bool":
            col = col.map(lambda v: None if v is None else v == "true")
        out[c.name] = _cast(col, c.type)
    extra = [c for c in raw.columns if c not in out.columns]
    for c in extra:
        out[c] = raw[c]
    return out
