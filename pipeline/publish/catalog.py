"""extracted/catalog.duckdb: the clean tables of every extracted report, queryable across
provinces and periods (the only module importing duckdb).

    reports      one row per report: report_id, issuer, number, place, report_date, period, year,
                 title, file, sha256, pages, checks, checks_failed, updated_at
    indicators   clean/indicators of every report (report_id, issuer, report_date, period on each row)
    claims       clean/claims
    checks       clean/checks

`update` replaces one report's rows in one transaction (incremental: the other reports stay);
`rebuild` reads every report folder under the output directory. A table whose columns changed
(a newer baocao) is rebuilt from the folders.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path

import duckdb

FILE = "catalog.duckdb"
TABLES = {"indicators": "indicators", "claims": "claims", "checks": "checks"}  # catalog table -> clean/ file


def _report_row(folder: Path) -> dict[str, object]:
    doc = json.loads((folder / "document.json").read_text(encoding="utf-8"))
    meta = doc.get("metadata") or {}
    counts = doc.get("counts") or {}
    period = doc.get("period")
    years = re.findall(r"(?:19|20)\d{2}", period or "") or re.findall(r"^\d{4}", meta.get("date") or "")
    return {
        "report_id": doc["report_id"],
        "issuer": meta.get("issuer"),
        "number": meta.get("number"),
        "place": meta.get("place"),
        "report_date": meta.get("date"),
        "period": period,
        "year": int(years[-1]) if years else None,
        "title": meta.get("title"),
        "file": (doc.get("source") or {}).get("file"),
        "sha256": (doc.get("source") or {}).get("sha256"),
        "pages": (doc.get("source") or {}).get("pages"),
        "checks": counts.get("checks"),
        "checks_failed": counts.get("checks_failed"),
        "updated_at": datetime.now(UTC).replace(microsecond=0).isoformat(),
    }


REPORTS_DDL = """
CREATE TABLE IF NOT EXISTS reports (
    report_id VARCHAR PRIMARY KEY, issuer VARCHAR, number VARCHAR, place VARCHAR, report_date VARCHAR,
    period VARCHAR, year INTEGER, title VARCHAR, file VARCHAR, sha256 VARCHAR, pages INTEGER,
    checks INTEGER, checks_failed INTEGER, updated_at VARCHAR
)
"""


def _columns(con: duckdb.DuckDBPyConnection, table: str) -> list[str] | None:
    rows = con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position", [table]
    ).fetchall()
    return [r[0] for r in rows] or None


def _parquet(folder: Path, name: str) -> str:
    return str((folder / "clean" / f"{name}.parquet").resolve())


def _load(con: duckdb.DuckDBPyConnection, folder: Path) -> bool:
    """Replace one report's rows; False when a table's columns differ from the catalog's."""
    row = _report_row(folder)
    rid = row["report_id"]
    for table, name in TABLES.items():
        source = f"read_parquet('{_parquet(folder, name)}')"
        existing = _columns(con, table)
        incoming = [r[0] for r in con.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()]
        if existing is None:
            con.execute(f"CREATE TABLE {table} AS SELECT * FROM {source} LIMIT 0")
        elif existing != incoming:
            return False
        con.execute(f"DELETE FROM {table} WHERE report_id = ?", [rid])
        con.execute(f"INSERT INTO {table} SELECT * FROM {source}")
    con.execute("DELETE FROM reports WHERE report_id = ?", [rid])
    con.execute(f"INSERT INTO reports VALUES ({', '.join('?' for _ in row)})", list(row.values()))
    return True


def update(out_dir: Path, folder: Path) -> Path:
    """Add or replace one report in out_dir/catalog.duckdb."""
    path = out_dir / FILE
    con = duckdb.connect(str(path))
    try:
        con.execute(REPORTS_DDL)
        con.execute("BEGIN TRANSACTION")
        ok = _load(con, folder)
        if ok:
            con.execute("COMMIT")
        else:
            con.execute("ROLLBACK")
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
        con.execute(REPORTS_DDL)
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


__all__ = ["FILE", "query", "rebuild", "report_folders", "update"]
