"""Score the claim stage on ../shared/dev-realtexts: real passages of other provinces' reports.

The 24 passages' PDFs are extracted (into a temporary folder unless report folders are given) and
their claims scored against `claims.jsonl` (812 records, each with its `doc`), matched by the rule
of `matching`. Passages 07, 08, 09, 10, 12 and 17 are tables copied as text and are left out
unless `--all` (the folder's README).

Two scores:
  claims  the README's score: only gold claims count; recall = right / gold claims, precision =
          right / our claim rows in the passage (a claim row for a gold not_claim is an extra, a
          not_claim row for a gold claim a miss)
  all     evaluate.py's score on every gold token (not_claim included); precision over our rows in
          the sentences gold matched
Indicator agreement: token F1 >= 0.5, over the gold claims matched.

    python -m pipeline.devtools.realtexts [--gold ../shared/dev-realtexts] [--reports DIR] [--all] [--list]
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .matching import (
    NOT_CLAIM,
    Matched,
    Record,
    correct,
    indicator_match,
    load_jsonl,
    match_folder,
    row_unit,
    row_value,
)

TABLE_PASSAGES = frozenset({"07", "08", "09", "10", "12", "17"})  # tables copied as text (dev-realtexts/README.md)
AGREEMENT = ("direction", "comparison", "estimated", "indicator")  # keys of Score.counts too


@dataclass(frozen=True, kw_only=True)
class PRF:
    """Recall, precision and F1 of `tp` right out of `gold` gold items and `ours` rows."""

    tp: int
    gold: int
    ours: int

    @property
    def recall(self) -> float:
        """Right / gold."""
        return self.tp / self.gold if self.gold else 0.0

    @property
    def precision(self) -> float:
        """Right / ours."""
        return self.tp / self.ours if self.ours else 0.0

    @property
    def f1(self) -> float:
        """The harmonic mean of recall and precision."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def line(self, name: str) -> str:
        """One line: recall, precision, F1 and the counts."""
        return (
            f"{name}: recall {self.recall:.3f} precision {self.precision:.3f} F1 {self.f1:.3f} "
            f"(right {self.tp}, gold {self.gold}, ours {self.ours}, missed {self.gold - self.tp}, "
            f"extra {self.ours - self.tp})"
        )


@dataclass(frozen=True, kw_only=True)
class Score:
    """The scores of the passages scored, with every error. `counts` (claims_*, all_* as tp/gold/ours;
    matched, matched_claims, relaxed; one per agreement key) and `errors` fill as passages are scored."""

    passages: int
    counts: dict[str, int] = field(default_factory=dict)
    errors: list[dict[str, object]] = field(default_factory=list)
    missing_folders: list[str] = field(default_factory=list)

    def count(self, key: str, n: int = 1) -> None:
        """Add n to a count."""
        self.counts[key] = self.counts.get(key, 0) + int(n)

    def prf(self, which: str) -> PRF:
        """The claims or all-tokens score."""
        c = self.counts
        return PRF(tp=c.get(f"{which}_tp", 0), gold=c.get(f"{which}_gold", 0), ours=c.get(f"{which}_ours", 0))

    @property
    def claims(self) -> PRF:
        """The README's score: gold claims only."""
        return self.prf("claims")

    @property
    def all(self) -> PRF:
        """evaluate.py's score: every gold token."""
        return self.prf("all")

    @property
    def matched_claims(self) -> int:
        """Gold claims matched (the indicator's denominator)."""
        return self.counts.get("matched_claims", 0)

    @property
    def relaxed(self) -> int:
        """Matches whose raw equals gold's up to a sign or bracket."""
        return self.counts.get("relaxed", 0)

    def agreement(self, key: str) -> float:
        """Share of matched gold items whose `key` agrees (indicator: of matched gold claims)."""
        n = self.counts.get("matched_claims" if key == "indicator" else "matched", 0)
        return self.counts.get(key, 0) / n if n else 0.0


def doc_slug(doc: str) -> str:
    """The report_id baocao derives from a file stem: lower case, runs of non-alphanumerics -> '-'."""
    return re.sub(r"[^0-9a-z]+", "-", unicodedata.normalize("NFC", doc).lower()).strip("-")


def folders_by_doc(docs: Iterable[str], folders: Iterable[Path]) -> dict[str, Path]:
    """Gold doc -> its report folder (by report id, else by passage number)."""
    folders = list(folders)
    by_name = {f.name: f for f in folders}
    out: dict[str, Path] = {}
    for d in docs:
        f = by_name.get(d) or by_name.get(doc_slug(d))
        if f is None:
            same = [g for g in folders if g.name.split("-")[0] == d.split("-")[0]]
            f = same[0] if len(same) == 1 else None
        if f is not None:
            out[d] = f
    return out


def error(doc: str, typ: str, it: Record | None, r: dict[str, str] | None, why: str = "") -> dict[str, object]:
    """One error: what gold says and what we wrote."""
    out: dict[str, object] = {"doc": doc, "type": typ, "why": why}
    if it is not None:
        out |= {"raw": it["raw"], "quote": it["quote"], "gold": (it["value"], it["unit"], it["kind"]),
                "gold_indicator": it.get("indicator")}  # fmt: skip
    if r is not None:
        out |= {"got_raw": r["raw"], "got": (row_value(r), row_unit(r), r["kind"]), "got_indicator": r["indicator"]}
    return out


def score_pairs(doc: str, m: Matched, sc: Score) -> None:
    """Counts, agreement and errors of the matched pairs of one passage."""
    for it, r in m.pairs:
        ok, claim = correct(it, r), it["kind"] != NOT_CLAIM
        sc.count("all_tp", ok)
        sc.count("claims_tp", ok and claim)
        sc.count("matched")
        sc.count("direction", (r["direction"] or None) == it["direction"])
        sc.count("comparison", (r["comparison"] or None) == it["comparison"])
        sc.count("estimated", (r["estimated"] == "true") == bool(it["estimated"]))
        if claim:
            sc.count("matched_claims")
            same = indicator_match(r["indicator"], it["indicator"])
            sc.count("indicator", same)
            if not same:
                sc.errors.append(error(doc, "indicator", it, r))
        if not ok:
            ours = r["kind"] != NOT_CLAIM
            typ = "mismatch" if claim and ours else "miss" if claim else "extra" if ours else "mismatch_nc"
            sc.errors.append(error(doc, typ, it, r))


def score_passage(doc: str, items: list[Record], folder: Path | None, sc: Score) -> None:
    """Add one passage's counts and errors to `sc` (a passage without a report folder: all missed)."""
    sc.count("claims_gold", sum(it["kind"] != NOT_CLAIM for it in items))
    sc.count("all_gold", len(items))
    if folder is None:
        return
    m = match_folder(items, folder)
    sc.count("relaxed", m.relaxed)
    sc.count("claims_ours", sum(r["kind"] != NOT_CLAIM for r in m.rows))
    sc.count("all_ours", m.covered_rows)
    score_pairs(doc, m, sc)
    for it in m.missing:
        why = "quote not in any sentence" if it in m.quote_not_found else "no row with this raw"
        sc.errors.append(error(doc, "miss" if it["kind"] != NOT_CLAIM else "miss_nc", it, None, why))
    for r in m.unmatched_rows:
        sc.errors.append(error(doc, "extra" if r["kind"] != NOT_CLAIM else "extra_nc", None, r))


def score(gold: Sequence[Record], folders: Iterable[Path], exclude: Iterable[str] = TABLE_PASSAGES) -> Score:
    """Score report folders against dev-realtexts gold records; `exclude` holds passage numbers left out."""
    left_out = set(exclude)
    by_doc: dict[str, list[Record]] = {}
    for g in gold:
        if g["doc"].split("-")[0] not in left_out:
            by_doc.setdefault(g["doc"], []).append(g)
    found = folders_by_doc(by_doc, folders)
    sc = Score(passages=len(by_doc), missing_folders=sorted(d for d in by_doc if d not in found))
    for doc, items in sorted(by_doc.items()):
        score_passage(doc, items, found.get(doc), sc)
    return sc


def extract(pdfs: Sequence[Path], out: Path, workers: int | None = None) -> list[Path]:
    """Extract the passages' PDFs into `out` (worker processes); the report folders made."""
    import os

    from .. import batch

    tasks = [batch.Task(str(p), str(out)) for p in pdfs]
    outcomes = batch.run_batch(tasks, workers or min(len(tasks), os.cpu_count() or 1))
    return [Path(o.folder) for o in outcomes if o.folder]


def report_folders(root: Path) -> list[Path]:
    """The report folders under root (those holding claims.csv)."""
    return [p for p in sorted(root.iterdir()) if p.is_dir() and (p / "claims.csv").exists()] if root.exists() else []


def extract_and_score(gold_dir: Path, reports: Path | None = None, *, every: bool = False) -> Score:
    """Score the report folders under `reports`, or the passages' PDFs extracted into a temporary folder."""
    gold = load_jsonl(gold_dir / "claims.jsonl")
    exclude = () if every else TABLE_PASSAGES
    if reports is not None:
        return score(gold, report_folders(reports), exclude)
    with tempfile.TemporaryDirectory(prefix="realtexts-") as tmp:
        wanted = [p for p in sorted((gold_dir / "pdfs").glob("*.pdf")) if every or p.name[:2] not in TABLE_PASSAGES]
        return score(gold, extract(wanted, Path(tmp)), exclude)


def summary(sc: Score, every: bool = False) -> list[str]:
    """The report's lines: both scores, the agreement, the count of each kind of error."""
    kept = "all 24" if every else "prose; tables " + " ".join(sorted(TABLE_PASSAGES)) + " left out"
    agree = ", ".join(f"{k} {sc.agreement(k):.3f}" for k in AGREEMENT)
    counts: dict[str, int] = {}
    for e in sc.errors:
        counts[str(e["type"])] = counts.get(str(e["type"]), 0) + 1
    lines = [
        f"realtexts: {sc.passages} passages ({kept}), {sc.all.gold} gold tokens",
        sc.claims.line("realtexts claims"),
        sc.all.line("realtexts all tokens"),
        f"realtexts agreement: {agree} (indicator of {sc.matched_claims} gold claims); raw up to sign {sc.relaxed}",
        "realtexts errors: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())),
    ]
    if sc.missing_folders:
        lines.append(f"realtexts: no report folder for {', '.join(sc.missing_folders)}")
    return lines


def error_lines(sc: Score) -> list[str]:
    """Every error, one line each."""
    return [
        f"  {e['type']:<9} {str(e['doc'])[:2]} raw={e.get('raw', e.get('got_raw'))!r} gold={e.get('gold', '-')} "
        f"got={e.get('got', '-')} ind={e.get('gold_indicator')!r}->{e.get('got_indicator')!r} "
        f"quote={e.get('quote')!r} {e['why']}"
        for e in sc.errors
    ]


def main(argv: list[str] | None = None) -> int:
    """Score the realtexts passages; print the scores (and every error with --list)."""
    ap = argparse.ArgumentParser(prog="realtexts")
    ap.add_argument("--gold", default="../shared/dev-realtexts", help="folder with claims.jsonl and pdfs/")
    ap.add_argument("--reports", help="score these report folders instead of extracting the PDFs")
    ap.add_argument("--all", action="store_true", help="also score the six table passages")
    ap.add_argument("--list", action="store_true", help="print every error")
    args = ap.parse_args(argv)
    gold = Path(args.gold)
    if not (gold / "claims.jsonl").exists():
        print(f"realtexts: no gold at {gold}; nothing to score")
        return 0
    sc = extract_and_score(gold, Path(args.reports) if args.reports else None, every=args.all)
    print("\n".join(summary(sc, args.all) + (error_lines(sc) if args.list else [])))
    return 1 if sc.missing_folders and args.reports is None else 0


if __name__ == "__main__":
    sys.exit(main())
