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
    lines = score_text(report, gold)
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
