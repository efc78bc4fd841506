"""`make eval`: score a report folder against hand-checked gold (../shared/gold-dev).

Prints one block per output that gold covers; outputs not produced yet are named as such.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from pathlib import Path


def norm_quote(text: str) -> str:
    """The gold's matching rule: drop superscript digits, NFC, lower-case, collapse spaces."""
    text = re.sub(r"[\u00b9\u00b2\u00b3\u2070-\u2079]", "", text)
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text).lower()).strip()


def load_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def score_text(report: Path, gold: Path) -> list[str]:
    claims = gold / "claims.jsonl"
    text_file = report / "text.txt"
    if not claims.exists() or not text_file.exists():
        return ["text: nothing to score"]
    text = norm_quote(text_file.read_text(encoding="utf-8"))
    items = load_jsonl(claims)
    found = sum(1 for it in items if norm_quote(it["quote"]) in text)
    return [f"text: gold quotes found in text.txt {found}/{len(items)}"]


GOLD_VALUE_COLUMNS = ["plan_2024", "actual_h1_2023", "estimate_h1_2024", "vs_h1_2023_pct", "vs_plan_pct"]


def _num(v: str) -> float | None:
    v = (v or "").strip()
    return float(v) if v else None


def _same(a: float | None, b: float | None) -> bool:
    return (a is None and b is None) or (a is not None and b is not None and abs(a - b) <= 1e-9 * max(1.0, abs(a)))


def score_tables(report: Path, gold: Path) -> list[str]:
    """Gold rows are matched to extracted tables by order (first gold table = T1) and row order;
    the gold's five value columns are the table's value columns in printed order."""
    import csv

    gold_file, rows_file, cells_file = gold / "tables.csv", report / "table_rows.csv", report / "tables.csv"
    if not gold_file.exists():
        return ["tables: no gold"]
    if not rows_file.exists() or not cells_file.exists():
        return ["tables: tables.csv / table_rows.csv not produced"]
    with open(gold_file, encoding="utf-8") as f:
        gold_rows = list(csv.DictReader(f))
    with open(rows_file, encoding="utf-8") as f:
        ours = list(csv.DictReader(f))
    with open(cells_file, encoding="utf-8") as f:
        cells = list(csv.DictReader(f))
    gold_ids = list(dict.fromkeys(r["table_id"] for r in gold_rows))
    our_ids = list(dict.fromkeys(r["table_id"] for r in ours))
    table_map = dict(zip(gold_ids, our_ids, strict=False))
    value_cols: dict[str, list[str]] = {}
    for c in cells:
        cols = value_cols.setdefault(c["table_id"], [])
        if c["col"] not in cols:
            cols.append(c["col"])
    for tid_key in value_cols:
        value_cols[tid_key].sort(key=int)
    row_index = {(r["table_id"], r["row_order"]): r for r in ours}
    cell_index = {(c["table_id"], c["row_order"], c["col"]): c for c in cells}
    n_rows = ok_rows = n_cells = ok_cells = n_links = ok_links = n_text = ok_text = 0
    misses: list[str] = []
    for g in gold_rows:
        n_rows += 1
        tid = table_map.get(g["table_id"])
        r = row_index.get((tid, g["row_order"])) if tid else None
        row_ok = r is not None
        n_links += 1
        if r is not None and (r["parent_row"] or "") == (g["parent_row_order"] or ""):
            ok_links += 1
        else:
            row_ok = False
            misses.append(
                f"{g['table_id']} row {g['row_order']}: parent {r and r['parent_row']!r} != {g['parent_row_order']!r}"
            )
        for key in ("tt", "indicator", "unit"):
            n_text += 1
            if r is not None and (r[key] or "").strip() == (g[key] or "").strip():
                ok_text += 1
            else:
                row_ok = False
                misses.append(f"{g['table_id']} row {g['row_order']}: {key} {r and r[key]!r} != {g[key]!r}")
        cols = value_cols.get(tid or "", [])
        for k, name in enumerate(GOLD_VALUE_COLUMNS):
            n_cells += 1
            want = _num(g[name])
            cell = cell_index.get((tid, g["row_order"], cols[k])) if k < len(cols) else None
            got = _num(cell["value"]) if cell else None
            if _same(got, want):
                ok_cells += 1
            else:
                row_ok = False
                misses.append(f"{g['table_id']} row {g['row_order']} {name}: {got} != {want}")
        ok_rows += row_ok
    lines = [
        f"tables: rows fully equal {ok_rows}/{n_rows}; cell values {ok_cells}/{n_cells}; "
        f"parent links {ok_links}/{n_links}; tt/indicator/unit {ok_text}/{n_text}"
    ]
    lines += [f"  miss: {m}" for m in misses[:10]]
    return lines


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="baocao-eval")
    ap.add_argument("--gold", default="../shared/gold-dev")
    ap.add_argument("--report", default="extracted/dienbien-2024-h1")
    args = ap.parse_args(argv)
    gold, report = Path(args.gold), Path(args.report)
    if not gold.exists():
        print(f"eval: no gold at {gold}; nothing to score")
        return 0
    if not report.exists():
        print(f"eval: no report folder at {report}; run `make extract` first", file=sys.stderr)
        return 1
    lines = score_text(report, gold) + score_tables(report, gold)
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
