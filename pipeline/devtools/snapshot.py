"""Output snapshots: prove that a change leaves every output file as it was.

    python -m pipeline.devtools.snapshot record MANIFEST PDF...   extract, hash every output, save
    python -m pipeline.devtools.snapshot compare MANIFEST PDF...  extract again, list what differs

Files are hashed as bytes, except where bytes legitimately change from run to run: the workbook is
compared cell by cell (openpyxl writes its own timestamps), the DuckDB catalogue table by table,
batch.json without its timings, and Data Docs' generated pages are left out.
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

SKIP_PARTS = ("data_docs",)
TIMING_KEYS = {"seconds", "started", "finished", "elapsed"}
# what legitimately differs between two runs of the same outputs: clock times, durations, where the
# input and output folders were, and the cache key (a hash of baocao's code and rule files)
_STAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d")
_DURATION = re.compile(r"\(\d+(?:\.\d+)? s\)")
_ABS_PATH = re.compile(r"(?<![\w.])(?:\.\.?/|/)(?:[^\s'\"/]+/)*")
PATH_KEYS = {"pdf", "folder", "path"}


def _neutral(value: object) -> object:
    if isinstance(value, str):
        if _STAMP.match(value):
            return "<time>"
        return _ABS_PATH.sub("<dir>/", _DURATION.sub("(<s>)", value))
    return value


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _xlsx_digest(path: Path) -> str:
    import openpyxl

    wb = openpyxl.load_workbook(path)
    rows = []
    for ws in wb.worksheets:
        rows.append(f"# {ws.title} freeze={ws.freeze_panes}")
        for row in ws.iter_rows():
            rows.append("\t".join(f"{c.data_type}:{c.value!r}:{c.number_format}" for c in row))
    return _digest("\n".join(rows).encode())


def _duckdb_digest(path: Path) -> str:
    import duckdb

    con = duckdb.connect(str(path), read_only=True)
    try:
        names = [r[0] for r in con.execute("select table_name from information_schema.tables order by 1").fetchall()]
        parts = []
        for name in names:
            cols = con.execute(f'describe "{name}"').fetchall()
            data = con.execute(f'select * from "{name}" order by all').fetchall()
            rows = [tuple(_neutral(v) for v in row) for row in data]
            parts.append(f"# {name} {cols!r}\n{rows!r}")
    finally:
        con.close()
    return _digest("\n".join(parts).encode())


def _strip_timings(value: object) -> object:
    if isinstance(value, dict):
        return {
            k: Path(v).name if k in PATH_KEYS and isinstance(v, str) else _strip_timings(v)
            for k, v in value.items()
            if k not in TIMING_KEYS and k != "cache_key"
        }
    if isinstance(value, list):
        return [_strip_timings(v) for v in value]
    return _neutral(value)


def file_digest(path: Path) -> str:
    """The digest of one output file, blind to what changes from run to run."""
    if path.suffix == ".xlsx":
        return _xlsx_digest(path)
    if path.suffix == ".duckdb":
        return _duckdb_digest(path)
    if path.suffix == ".json" and path.name in ("batch.json", "document.json"):
        return _digest(json.dumps(_strip_timings(json.loads(path.read_text("utf-8"))), sort_keys=True).encode())
    return _digest(path.read_bytes())


def folder_digests(root: Path) -> dict[str, str]:
    """Every output file under `root` -> its digest."""
    out: dict[str, str] = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if path.is_file() and not any(p in SKIP_PARTS for p in rel.parts):
            out[rel.as_posix()] = file_digest(path)
    return out


def extract_all(pdfs: list[Path], out: Path) -> dict[str, str]:
    """Extract each PDF in a fresh `baocao` process into `out` and digest the results."""
    for pdf in pdfs:
        subprocess.run(
            [sys.executable, "-m", "pipeline.cli", "extract", str(pdf), "--out", str(out), "--quiet"],
            check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip
    return folder_digests(out)


def compare(recorded: dict[str, str], now: dict[str, str]) -> list[str]:
    """Lines naming every file that is new, gone or different."""
    lines = [f"gone: {k}" for k in sorted(recorded.keys() - now.keys())]
    lines += [f"new: {k}" for k in sorted(now.keys() - recorded.keys())]
    lines += [f"differs: {k}" for k in sorted(recorded.keys() & now.keys()) if recorded[k] != now[k]]
    return lines


def main(argv: list[str] | None = None) -> int:
    """Command line: record or compare a manifest."""
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) < 3 or args[0] not in ("record", "compare"):
        print(__doc__)
        return 2
    mode, manifest, pdfs = args[0], Path(args[1]), [Path(p) for p in args[2:]]
    with tempfile.TemporaryDirectory() as tmp:
        now = extract_all(pdfs, Path(tmp))
    if mode == "record":
        manifest.write_text(json.dumps(now, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"recorded {len(now)} files -> {manifest}")
        return 0
    diff = compare(json.loads(manifest.read_text("utf-8")), now)
    print("\n".join(diff) if diff else f"identical: {len(now)} files")
    return 1 if diff else 0


if __name__ == "__main__":
    raise SystemExit(main())
