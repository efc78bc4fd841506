"""`make eval`: score a report folder against hand-checked gold (../shared/gold-dev).

Prints one block per output that gold covers; outputs not produced yet are named as such.
"""

from __future__ import annotations

import argparse
import itertools
import json
import re
import sys
import unicodedata
from pathlib import Path

from ..publish.safety import read_rows
from ..vi.similarity import syllables, token_f1


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
    ours, cells = read_rows(rows_file), read_rows(cells_file)  # our CSVs: quote prefixes undone
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
            cell = cell_index.get((tid or "", g["row_order"], cols[k])) if k < len(cols) else None
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


def _norm_map(text: str) -> tuple[str, list[int]]:
    """norm_quote(text) and, for each of its characters, the offset in `text` it came from."""
    out: list[str] = []
    index: list[int] = []
    prev_space = True
    for i, ch in enumerate(text):
        if ch in "\u00b9\u00b2\u00b3" or "\u2070" <= ch <= "\u2079":
            continue
        if ch.isspace():
            if not prev_space:
                out.append(" ")
                index.append(i)
            prev_space = True
            continue
        for c in unicodedata.normalize("NFC", ch).lower():
            out.append(c)
            index.append(i)
        prev_space = False
    while out and out[-1] == " ":
        out.pop()
        index.pop()
    return "".join(out), index


def indicator_match(got: str | None, want: str | None) -> bool:
    """Token F1 >= 0.5 between the predicted and the gold indicator (syllables, lower case)."""
    a, b = syllables(got), syllables(want)
    if not a or not b:
        return not a and not b
    return token_f1(a, b) >= 0.5


def _same_value(a: float | None, b: float | None) -> bool:
    return (a is None and b is None) or (a is not None and b is not None and abs(a - b) <= 1e-9 * max(1.0, abs(b)))


def score_claims(report: Path, gold: Path) -> list[str]:
    """Quote-anchored: a gold item matches the row with the same raw whose sentence contains the
    quote (and, when the raw occurs more than once there, the row inside the quote)."""
    gold_file, claims_file, sentences_file = gold / "claims.jsonl", report / "claims.csv", report / "sentences.csv"
    if not gold_file.exists():
        return ["claims: no gold"]
    if not claims_file.exists() or not sentences_file.exists():
        return ["claims: claims.csv not produced"]
    items = load_jsonl(gold_file)
    sentences = {r["sentence_id"]: r for r in read_rows(sentences_file)}
    rows = read_rows(claims_file)
    normed = {sid: _norm_map(r["text"]) for sid, r in sentences.items()}
    order = list(sentences)
    pairs = {a: _norm_map(sentences[a]["text"] + " " + sentences[b]["text"]) for a, b in itertools.pairwise(order)}
    by_sentence: dict[str, list[dict]] = {}
    for r in rows:
        by_sentence.setdefault(r["sentence_id"], []).append(r)
    used: set[str] = set()
    covered: set[str] = set()
    matches: list[tuple[dict, dict]] = []
    missing: list[dict] = []
    for it in items:
        q = norm_quote(it["quote"])
        best = None
        for sid, (text, index) in normed.items():
            pos = text.find(q)
            if pos < 0:
                continue
            lo, hi = index[pos], index[pos + len(q) - 1] + 1
            cands = [r for r in by_sentence.get(sid, []) if r["raw"] == it["raw"] and r["claim_id"] not in used]
            inside = [r for r in cands if (not r["start"]) or lo <= int(r["start"]) < hi]
            if inside or cands:
                best = (inside or cands)[0]
                break
        if best is None:  # a quote that runs over our sentence boundary
            for k, (sid, (text, index)) in enumerate(pairs.items()):
                pos = text.find(q)
                if pos < 0:
                    continue
                lo, hi = index[pos], index[pos + len(q) - 1] + 1
                first_len = len(sentences[sid]["text"]) + 1
                nxt = order[k + 1]
                shifted = [(r, 0) for r in by_sentence.get(sid, [])] + [
                    (r, first_len) for r in by_sentence.get(nxt, [])
                ]
                inside = [
                    r for r, shift in shifted
                    if r["raw"] == it["raw"] and r["claim_id"] not in used
                    and ((not r["start"]) or lo <= int(r["start"]) + shift < hi)
                ]  # fmt: skip
                if inside:
                    best = inside[0]
                    break
        if best is not None:
            covered.add(best["sentence_id"])
        if best is None:
            missing.append(it)
            continue
        used.add(best["claim_id"])
        matches.append((it, best))
    tp = 0
    wrong: list[str] = []
    agree = {"direction": 0, "comparison": 0, "estimated": 0, "indicator": 0}
    n_ind = 0
    for it, r in matches:
        value = float(r["value"]) if r["value"] else None
        unit = (r["unit"] or None) and r["unit"].lower()
        ok = _same_value(value, it["value"]) and unit == it["unit"] and r["kind"] == it["kind"]
        tp += ok
        if not ok:
            got = f"{value} {unit!r} {r['kind']}"
            want = f"{it['value']} {it['unit']!r} {it['kind']}"
            wrong.append(f"{it['id']} {it['raw']!r}: got {got} want {want}")
        agree["direction"] += (r["direction"] or None) == it["direction"]
        agree["comparison"] += (r["comparison"] or None) == it["comparison"]
        agree["estimated"] += (r["estimated"] == "true") == bool(it["estimated"])
        if it["kind"] != "not_claim":
            n_ind += 1
            agree["indicator"] += indicator_match(r["indicator"], it["indicator"])
    ours = sum(len(by_sentence.get(sid, [])) for sid in covered)
    recall = tp / len(items) if items else 0.0
    precision = tp / ours if ours else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    n = len(matches) or 1
    lines = [
        f"claims: value+unit+kind recall {recall:.3f} precision {precision:.3f} F1 {f1:.3f} "
        f"(gold {len(items)}, matched {len(matches)}, correct {tp}, our rows in those sentences {ours})",
        f"claims: direction {agree['direction'] / n:.3f}, comparison {agree['comparison'] / n:.3f}, "
        f"estimated {agree['estimated'] / n:.3f}, indicator {agree['indicator'] / max(1, n_ind):.3f}",
    ]
    lines += [f"  unmatched gold: {it['id']} {it['raw']!r} in {it['quote']!r}" for it in missing[:8]]
    lines += [f"  wrong: {w}" for w in wrong[:12]]
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
    lines = score_text(report, gold) + score_tables(report, gold) + score_claims(report, gold)
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
