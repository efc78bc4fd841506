"""extracted/catalog.duckdb: the clean tables of every extracted report, queryable across
provinces and periods (the only module importing duckdb).

    reports      one row per report and document part (contract catalog_reports): ids, issuer, province and codes,
                 report date and period dates, title, file, counts of checks (failed, still open)
    indicators   clean/indicators of every report (report keys and province on each row)
    claims       clean/claims
    checks       clean/checks
    catalogue    the indicator catalogue (contract catalog_indicators): id, names, unit, type, parent

Every column carries its description from schemas/contract.yaml (COMMENT ON COLUMN; DuckDB shows
them in duckdb_columns()). `update` replaces one report's rows in one transaction (incremental: the
other reports stay); `rebuild` reads every report folder under the output directory. A table whose
columns changed (a newer baocao) is rebuilt from the folders.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

from ..indicators import catalogue
from ..rules import Rules
from . import contract
from .keys import as_date, part_header, report_keys

FILE = "catalog.duckdb"
TABLES = {"indicators": "indicators", "claims": "claims", "checks": "checks"}  # catalog table -> clean/ file
CONTRACTS = {
    "indicators": "clean_indicators", "claims": "clean_claims", "checks": "clean_checks",
    "reports": "catalog_reports", "catalogue": "catalog_indicators",
}  # fmt: skip
SQL_TYPES = {"string": "VARCHAR", "int": "BIGINT", "float": "DOUBLE", "bool": "BOOLEAN", "date": "DATE"}


def _part_counts(folder: Path, part: int) -> dict[str, int]:
    """The check counts of one document part, from clean/checks.parquet."""
    path = folder / "clean" / "checks.parquet"
    con = duckdb.connect()
    try:
        row = con.execute(
            "SELECT count(*), count(*) FILTER (verdict = 'fail'), "
            "count(*) FILTER (verdict = 'fail' AND decision = 'not reviewed') "
            f"FROM read_parquet('{path.resolve()}') WHERE part = ?",
            [part],
        ).fetchone()
    finally:
        con.close()
    total, failed, still_open = row if row else (0, 0, 0)
    return {"checks": total, "checks_failed": failed, "checks_open": still_open}


def _report_rows(folder: Path) -> list[dict[str, object]]:
    """The reports rows of one folder: one per document part (a bundle of reports gives each report
    its own row, with its own number, date, period and checks)."""
    doc = json.loads((folder / "document.json").read_text(encoding="utf-8"))
    parts = [int(p["part"]) for p in doc.get("parts") or [] if p.get("part")] or [1]
    return [_report_row(folder, doc, part, len(parts) > 1) for part in parts]


def _report_row(folder: Path, doc: dict[str, Any], part: int, several: bool) -> dict[str, object]:
    meta, period = part_header(doc, part)
    counts = _part_counts(folder, part) if several else (doc.get("counts") or {})
    keys = report_keys(doc, part)
    years = re.findall(r"(?:19|20)\d{2}", period or "") or re.findall(r"^\d{4}", meta.get("date") or "")
    source = doc.get("source") or {}
    return {
        "report_id": doc["report_id"], "issuer": meta.get("issuer"), "number": meta.get("number"),
        "place": meta.get("place"), "report_date": as_date(meta.get("date")), "period": period,
        "period_start": keys.span.start if keys.span else None, "period_end": keys.span.end if keys.span else None,
        "period_label": keys.span.label if keys.span else None, "year": int(years[-1]) if years else None,
        "province": keys.fields["province"], "province_code": keys.fields["province_code"],
        "province_code_2025": keys.fields["province_code_2025"], "title": meta.get("title"),
        "file": source.get("file"), "sha256": source.get("sha256"), "pages": source.get("pages"),
        "checks": counts.get("checks"), "checks_failed": counts.get("checks_failed"),
        "checks_open": counts.get("checks_open"),
        "updated_at": datetime.now(UTC).replace(microsecond=0).isoformat(), "part": part,
    }  # fmt: skip


def _ddl(table: str, rules: Rules | None = None) -> str:
    cols = ", ".join(f'"{c.name}" {SQL_TYPES[c.type]}' for c in contract.columns(CONTRACTS[table], rules))
    return f"CREATE TABLE IF NOT EXISTS {table} ({cols})"


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def comment(con: duckdb.DuckDBPyConnection, table: str, rules: Rules | None = None) -> None:
    """The contract's description of each column of `table` as its DuckDB comment."""
    present = set(_columns(con, table) or [])
    for c in contract.columns(CONTRACTS[table], rules):
        if c.name in present and c.description:
            con.execute(f'COMMENT ON COLUMN {table}."{c.name}" IS {_quote(c.description)}')


def _columns(con: duckdb.DuckDBPyConnection, table: str) -> list[str] | None:
    rows = con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position", [table]
    ).fetchall()
    return [r[0] for r in rows] or None


def _parquet(folder: Path, name: str) -> str:
    return str((folder / "clean" / f"{name}.parquet").resolve())


def _load(con: duckdb.DuckDBPyConnection, folder: Path) -> bool:
    """Replace one report's rows; False when a table's columns differ from the catalog's."""
    rows = _report_rows(folder)
    rid = rows[0]["report_id"]
    if _columns(con, "reports") != list(rows[0]):
        return False
    for table, name in TABLES.items():
        source = f"read_parquet('{_parquet(folder, name)}')"
        existing = _columns(con, table)
        incoming = [r[0] for r in con.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()]
        if existing is None:
            con.execute(f"CREATE TABLE {table} AS SELECT * FROM {source} LIMIT 0")
            comment(con, table)
        elif existing != incoming:
            return False
        con.execute(f"DELETE FROM {table} WHERE report_id = ?", [rid])
        con.execute(f"INSERT INTO {table} SELECT * FROM {source}")
    con.execute("DELETE FROM reports WHERE report_id = ?", [rid])
    for row in rows:
        con.execute(f"INSERT INTO reports VALUES ({', '.join('?' for _ in row)})", list(row.values()))
    return True


def _prepare(con: duckdb.DuckDBPyConnection, rules: Rules | None = None) -> None:
    """The reports and catalogue tables (created with their comments); the catalogue's rows anew."""
    for table in ("reports", "catalogue"):
        if _columns(con, table) is None:
            con.execute(_ddl(table, rules))
            comment(con, table, rules)
    if _columns(con, "catalogue") != [c.name for c in contract.columns("catalog_indicators", rules)]:
        return
    con.execute("DELETE FROM catalogue")
    con.executemany("INSERT INTO catalogue VALUES (?, ?, ?, ?, ?, ?, ?, ?)", catalogue_rows(rules))


def catalogue_rows(rules: Rules | None = None) -> list[tuple[Any, ...]]:
    """The indicator catalogue as rows of the catalogue table."""
    cat = catalogue(rules)
    return [(i.id, i.name_vi, i.name_en, i.code, i.unit_family, i.default_unit, i.type, i.parent)
            for i in cat.indicators.values()]  # fmt: skip


def update(out_dir: Path, folder: Path) -> Path:
    """Add or replace one report in out_dir/catalog.duckdb."""
    path = out_dir / FILE
    con = duckdb.connect(str(path))
    try:
        con.execute("BEGIN TRANSACTION")
        _prepare(con)
        ok = _load(con, folder)
        con.execute("COMMIT" if ok else "ROLLBACK")
    finally:
        con.close()
    if not ok:
        rebuild(out_dir)
    return path


def report_folders(out_dir: Path) -> list[Path]:
    """The complete report folders under out_dir (with document.json and clean/)."""
    return sorted(
        p for p in out_dir.iterdir()
        if p.is_dir() and not p.name.startswith(".") and (p / "document.json").exists() and (p / "clean").is_dir()
    )  # fmt: skip


def rebuild(out_dir: Path) -> Path:
    """The catalog from every report folder under out_dir (written aside, then swapped in)."""
    path = out_dir / FILE
    tmp = out_dir / f".{FILE}.tmp"
    tmp.unlink(missing_ok=True)
    con = duckdb.connect(str(tmp))
    try:
        _prepare(con)
        for folder in report_folders(out_dir):
            if not _load(con, folder):  # a report written by another baocao version: skip it
                continue
    finally:
        con.close()
    tmp.replace(path)
    return path


def query(path: Path, sql: str) -> list[tuple[object, ...]]:
    """The rows of one SQL query on the catalogue, read-only."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


__all__ = ["FILE", "catalogue_rows", "comment", "query", "rebuild", "report_folders", "update"]
