"""Column contracts (schemas/contract.yaml) as code: typed frames, validation, CSV + Parquet.

Every output table is built through `to_frame`, checked with `validate` (all problems, with a
machine-readable reason each, not the first one) and written by `write_table` as a UTF-8 CSV
(empty = null, booleans as true/false, dates ISO) with a Parquet twin holding the same typed columns.
The report folder's CSVs are for programs (the output contract) and have no BOM; the CSVs meant for
people (clean/, review.csv) have one, and clean/'s Parquet files carry each column's description
(`write_parquet`).
Text a spreadsheet would evaluate is quote-prefixed in CSVs (publish.safety); `read_csv` undoes it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Literal, cast

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from ..rules import Rules, default_rules
from . import safety

DATE = pd.ArrowDtype(pa.date32())
DTYPES = {"string": "string", "int": "Int64", "float": "Float64", "bool": "boolean", "date": str(DATE)}
ColumnType = Literal["string", "int", "float", "bool", "date"]
Reason = Literal["missing_column", "wrong_type", "null_in_required", "duplicate_key", "unknown_column"]


@dataclass(frozen=True, kw_only=True)
class Column:
    """One column of a contract table."""

    name: str
    type: ColumnType
    nullable: bool
    description: str


@dataclass(frozen=True, kw_only=True)
class Problem:
    """One way a frame breaks its contract."""

    table: str
    column: str | None
    reason: Reason
    detail: str

    def __str__(self) -> str:
        where = f"{self.table}.{self.column}" if self.column else self.table
        return f"{where}: {self.reason}: {self.detail}"


class ContractError(ValueError):
    """A frame that breaks its contract, with every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems))


def tables(rules: Rules | None = None) -> dict[str, Any]:
    """Table name -> its spec (key, columns) in contract.yaml."""
    return cast(dict[str, Any], (rules or default_rules()).data("contract.yaml")["tables"])


def columns(table: str, rules: Rules | None = None) -> list[Column]:
    """The contract's columns of one table, in order."""
    spec = tables(rules)[table]
    return [
        Column(name=c["name"], type=c["type"], nullable=bool(c.get("nullable", True)),
               description=c.get("description", ""))
        for c in spec["columns"]
    ]  # fmt: skip


def to_frame(table: str, rows: list[dict[str, Any]], *, rules: Rules | None = None) -> pd.DataFrame:
    """Rows (dicts) to a frame with exactly the contract's columns, in order, typed."""
    cols = columns(table, rules)
    names = [c.name for c in cols]
    if rows:
        unknown = sorted(set(rows[0]) - set(names))
        if unknown:
            raise ContractError(
                [Problem(table=table, column=u, reason="unknown_column", detail="not in schemas/contract.yaml")
                 for u in unknown]
            )  # fmt: skip
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
    if kind == "date":
        return series.map(_date).astype(object).astype(DATE)  # an empty column comes as float64
    return series.map(lambda v: None if _missing(v) else str(v)).astype("string")


def _date(v: Any) -> date | None:
    """A date, or an ISO date text, as a date (None when empty)."""
    if _missing(v):
        return None
    if isinstance(v, date):
        return v
    return date.fromisoformat(str(v)[:10])


def _missing(v: Any) -> bool:
    return v is None or v is pd.NA or (isinstance(v, float) and v != v)


def validate(table: str, df: pd.DataFrame, *, rules: Rules | None = None) -> list[Problem]:
    """Every way `df` breaks the contract of `table` (none: an empty list)."""
    problems: list[Problem] = []
    spec = tables(rules)[table]
    for c in columns(table, rules):
        if c.name not in df.columns:
            problems.append(Problem(table=table, column=c.name, reason="missing_column",
                                    detail="required by the contract"))  # fmt: skip
            continue
        if str(df[c.name].dtype) != DTYPES[c.type]:
            problems.append(Problem(table=table, column=c.name, reason="wrong_type",
                                    detail=f"{df[c.name].dtype} instead of {DTYPES[c.type]}"))  # fmt: skip
        if not c.nullable:
            n = int(df[c.name].isna().sum())
            if n:
                problems.append(Problem(table=table, column=c.name, reason="null_in_required",
                                        detail=f"{n} empty values"))  # fmt: skip
    key = spec.get("key")
    if key and key in df.columns:
        dup = df[key][df[key].duplicated()].dropna()
        if len(dup):
            problems.append(Problem(table=table, column=key, reason="duplicate_key",
                                    detail=f"{len(dup)} duplicates, e.g. {dup.iloc[0]!r}"))  # fmt: skip
    unique = [c for c in spec.get("unique") or [] if c in df.columns]
    if unique and len(df):
        dup_rows = df[df[unique].astype(object).where(df[unique].notna(), None).duplicated(keep=False)]
        if len(dup_rows):
            example = dup_rows.iloc[0][unique].to_dict()
            problems.append(Problem(table=table, column=",".join(unique), reason="duplicate_key",
                                    detail=f"{len(dup_rows)} rows share a key, e.g. {example!r}"))  # fmt: skip
    return problems


def write_table(folder: Path, table: str, df: pd.DataFrame, *, rules: Rules | None = None) -> None:
    """`folder/<table>.csv` and `.parquet`, after checking the contract."""
    problems = validate(table, df, rules=rules)
    if problems:
        raise ContractError(problems)
    csv = df.copy()
    for c in columns(table, rules):
        if c.type == "bool":
            csv[c.name] = csv[c.name].map(lambda v: "" if v is pd.NA else ("true" if v else "false")).astype("string")
    safety.csv_frame(csv).to_csv(folder / f"{table}.csv", index=False, encoding="utf-8")
    df.to_parquet(folder / f"{table}.parquet", index=False)


def write_parquet(df: pd.DataFrame, path: Path, table: str, *, rules: Rules | None = None) -> None:
    """A contract frame as Parquet, each column's contract description in its field metadata
    (`description`) and the table's name in the file's (`baocao.table`)."""
    arrow = pa.Table.from_pandas(df, preserve_index=False)
    described = {c.name: c.description for c in columns(table, rules)}
    fields = [
        f.with_metadata({b"description": described[f.name].encode()}) if described.get(f.name) else f
        for f in arrow.schema
    ]
    meta = {**(arrow.schema.metadata or {}), b"baocao.table": table.encode()}
    pq.write_table(pa.Table.from_arrays(arrow.columns, schema=pa.schema(fields, metadata=meta)), path)


def read_csv(path: Path, table: str, *, rules: Rules | None = None) -> pd.DataFrame:
    """Read a contract CSV back with its types (empty cells are nulls)."""
    raw = safety.restore_frame(pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig"))
    out = pd.DataFrame(index=raw.index)
    for c in columns(table, rules):
        if c.name not in raw.columns:
            continue
        col = raw[c.name].replace("", None)
        if c.type == "bool":
            col = col.map(lambda v: None if v is None else v.lower() in ("true", "1"))
        out[c.name] = _cast(col, c.type)
    extra = [c for c in raw.columns if c not in out.columns]
    for c in extra:
        out[c] = raw[c]
    return out


def as_read_back(table: str, df: pd.DataFrame, *, rules: Rules | None = None) -> pd.DataFrame:
    """`df` as `read_csv` returns it once `write_table` has written it: a CSV cannot tell an empty
    string from a null, so empty strings become nulls (every other value survives the round trip)."""
    out = df.copy()
    for c in columns(table, rules):
        if c.type == "string" and c.name in out.columns:
            out[c.name] = _cast(out[c.name].map(lambda v: None if _missing(v) or v == "" else v), "string")
    return out
