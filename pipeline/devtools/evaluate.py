"""`make eval`: score a report folder against hand-checked gold (../shared/gold-dev).

Prints one block per output that gold covers; outputs not produced yet are named as such.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

from . import realtexts
from .matching import (
    NOT_CLAIM,
    Matched,
    correct,
    indicator_match,
    load_jsonl,
    match_folder,
    norm_quote,
    read_csv,
    row_unit,
    row_value,
)  # fmt: skip


def score_text(report: Path, gold: Path) -> list[str]:
    """How many gold quotes text.txt holds."""
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


@dataclass(frozen=True, kw_only=True)
class Ours:
    """The extracted tables, indexed: gold table -> our table, rows, cells, value columns."""

    table_map: dict[str, str]
    rows: dict[tuple[str, str], dict[str, str]]
    cells: dict[tuple[str, str, str], dict[str, str]]
    value_cols: dict[str, list[str]]


def index_tables(gold_rows: list[dict[str, str]], rows: list[dict[str, str]], cells: list[dict[str, str]]) -> Ours:
    """Gold tables matched to ours by order; each table's value columns in printed order."""
    gold_ids = list(dict.fromkeys(r["table_id"] for r in gold_rows))
    our_ids = list(dict.fromkeys(r["table_id"] for r in rows))
    value_cols: dict[str, list[str]] = {}
    for c in cells:
        cols = value_cols.setdefault(c["table_id"], [])
        if c["col"] not in cols:
            cols.append(c["col"])
    return Ours(
        table_map=dict(zip(gold_ids, our_ids, strict=False)),
        rows={(r["table_id"], r["row_order"]): r for r in rows},
        cells={(c["table_id"], c["row_order"], c["col"]): c for c in cells},
        value_cols={t: sorted(cols, key=int) for t, cols in value_cols.items()},
    )


def check_row(g: dict[str, str], ours: Ours) -> tuple[bool, bool, int, int, list[str]]:
    """One gold row: (parent link right, row fully right, text fields right, cells right, misses)."""
    tid = ours.table_map.get(g["table_id"])
    r = ours.rows.get((tid, g["row_order"])) if tid else None
    where = f"{g['table_id']} row {g['row_order']}"
    misses: list[str] = []
    link_ok = r is not None and (r["parent_row"] or "") == (g["parent_row_order"] or "")
    if not link_ok:
        misses.append(f"{where}: parent {r and r['parent_row']!r} != {g['parent_row_order']!r}")
    text_ok = 0
    for key in ("tt", "indicator", "unit"):
        if r is not None and (r[key] or "").strip() == (g[key] or "").strip():
            text_ok += 1
        else:
            misses.append(f"{where}: {key} {r and r[key]!r} != {g[key]!r}")
    cols = ours.value_cols.get(tid or "", [])
    cells_ok = 0
    for k, name in enumerate(GOLD_VALUE_COLUMNS):
        want = _num(g[name])
        cell = ours.cells.get((tid or "", g["row_order"], cols[k])) if k < len(cols) else None
        got = _num(cell["value"]) if cell else None
        if _same(got, want):
            cells_ok += 1
        else:
            misses.append(f"{where} {name}: {got} != {want}")
    return link_ok, r is not None and not misses, text_ok, cells_ok, misses


def score_tables(report: Path, gold: Path) -> list[str]:
    """Gold rows are matched to extracted tables by order (first gold table = T1) and row order;
    the gold's five value columns are the table's value columns in printed order."""
    gold_file, rows_file, cells_file = gold / "tables.csv", report / "table_rows.csv", report / "tables.csv"
    if not gold_file.exists():
        return ["tables: no gold"]
    if not rows_file.exists() or not cells_file.exists():
        return ["tables: tables.csv / table_rows.csv not produced"]
    gold_rows = read_csv(gold_file)
    ours = index_tables(gold_rows, read_csv(rows_file), read_csv(cells_file))
    checked = [check_row(g, ours) for g in gold_rows]
    n = len(gold_rows)
    ok_links, ok_rows = sum(c[0] for c in checked), sum(c[1] for c in checked)
    ok_text, ok_cells = sum(c[2] for c in checked), sum(c[3] for c in checked)
    misses = [m for c in checked for m in c[4]]
    lines = [
        f"tables: rows fully equal {ok_rows}/{n}; cell values {ok_cells}/{n * len(GOLD_VALUE_COLUMNS)}; "
        f"parent links {ok_links}/{n}; tt/indicator/unit {ok_text}/{n * 3}"
    ]
    lines += [f"  miss: {m}" for m in misses[:10]]
    return lines


def score_claims(report: Path, gold: Path) -> list[str]:
    """Quote-anchored (devtools.matching): value+unit+kind recall and precision over our rows in
    the sentences gold matched; agreement on direction, comparison, estimated and indicator."""
    gold_file, claims_file, sentences_file = gold / "claims.jsonl", report / "claims.csv", report / "sentences.csv"
    if not gold_file.exists():
        return ["claims: no gold"]
    if not claims_file.exists() or not sentences_file.exists():
        return ["claims: claims.csv not produced"]
    items = load_jsonl(gold_file)
    m = match_folder(items, report)
    tp = sum(correct(it, r) for it, r in m.pairs)
    wrong = [
        f"{it['id']} {it['raw']!r}: got {row_value(r)} {row_unit(r)!r} {r['kind']} "
        f"want {it['value']} {it['unit']!r} {it['kind']}"
        for it, r in m.pairs
        if not correct(it, r)
    ]
    recall = tp / len(items) if items else 0.0
    precision = tp / m.covered_rows if m.covered_rows else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    lines = [
        f"claims: value+unit+kind recall {recall:.3f} precision {precision:.3f} F1 {f1:.3f} "
        f"(gold {len(items)}, matched {len(m.pairs)}, correct {tp}, our rows in those sentences {m.covered_rows})",
        agreement_line(m),
    ]
    lines += [f"  unmatched gold: {it['id']} {it['raw']!r} in {it['quote']!r}" for it in m.missing[:8]]
    lines += [f"  wrong: {w}" for w in wrong[:12]]
    return lines


def agreement_line(m: Matched) -> str:
    """Direction, comparison and estimated over the matched pairs; indicator over the matched gold claims."""
    n = len(m.pairs) or 1
    direction = sum((r["direction"] or None) == it["direction"] for it, r in m.pairs) / n
    comparison = sum((r["comparison"] or None) == it["comparison"] for it, r in m.pairs) / n
    estimated = sum((r["estimated"] == "true") == bool(it["estimated"]) for it, r in m.pairs) / n
    claims = [(it, r) for it, r in m.pairs if it["kind"] != NOT_CLAIM]
    indicator = sum(indicator_match(r["indicator"], it["indicator"]) for it, r in claims) / max(1, len(claims))
    return (
        f"claims: direction {direction:.3f}, comparison {comparison:.3f}, "
        f"estimated {estimated:.3f}, indicator {indicator:.3f}"
    )


def main(argv: list[str] | None = None) -> int:
    """Score the sample's report folder against gold-dev, then the realtexts passages (extracted into
    a temporary folder) against dev-realtexts."""
    ap = argparse.ArgumentParser(prog="baocao-eval")
    ap.add_argument("--gold", default="../shared/gold-dev")
    ap.add_argument("--report", default="extracted/dienbien-2024-h1")
    ap.add_argument("--realtexts", default="", help="dev-realtexts folder to score too (its PDFs are extracted)")
    ap.add_argument("--realtexts-reports", default=None, help="score these realtexts report folders instead")
    args = ap.parse_args(argv)
    gold, report = Path(args.gold), Path(args.report)
    status = 0
    if not gold.exists():
        print(f"eval: no gold at {gold}; nothing to score")
    elif not report.exists():
        print(f"eval: no report folder at {report}; run `make extract` first", file=sys.stderr)
        status = 1
    else:
        print("\n".join(score_text(report, gold) + score_tables(report, gold) + score_claims(report, gold)))
    if args.realtexts:
        reports = Path(args.realtexts_reports) if args.realtexts_reports else None
        status = max(
            status, realtexts.main(["--gold", args.realtexts] + (["--reports", str(reports)] if reports else []))
        )
    return status


if __name__ == "__main__":
    raise SystemExit(main())
