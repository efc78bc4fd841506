"""Gold claim records matched to the rows of a report folder: the one rule both gold sets
(../shared/gold-dev, ../shared/dev-realtexts) are scored with.

A gold record matches the unused row with its raw in the sentence that contains its quote
(normalised: superscript digits dropped, NFC, lower case, spaces collapsed), the row inside the
quote first; a quote that runs over our sentence boundaries is tried on 2, then 3 adjacent
sentences. When no row has the gold raw exactly, a row whose raw equals it up to a printed sign
or bracket ("1,01" for "-1,01") is taken (counted as `relaxed`).

A match is right when value, unit and kind are equal; two not_claims agree whatever their value
when gold gives none (dev-realtexts writes no value for a not_claim).
"""

from __future__ import annotations

import csv
import itertools
import json
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..publish.safety import restore
from ..vi.similarity import syllables, token_f1

Record = dict[str, Any]
NOT_CLAIM = "not_claim"
SUPERSCRIPTS = re.compile(r"[\u00b9\u00b2\u00b3\u2070-\u2079]")


def norm_quote(text: str) -> str:
    """The gold's matching rule: drop superscript digits, NFC, lower-case, collapse spaces."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", SUPERSCRIPTS.sub("", text)).lower()).strip()


def norm_map(text: str) -> tuple[str, list[int]]:
    """norm_quote(text) and, for each of its characters, the offset in `text` it came from."""
    out: list[str] = []
    index: list[int] = []
    prev_space = True
    for i, ch in enumerate(text):
        if SUPERSCRIPTS.match(ch):
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


def load_jsonl(path: Path) -> list[Record]:
    """One JSON record a line."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def read_csv(path: Path) -> list[dict[str, str]]:
    """The rows of a CSV file with a header; a cell baocao quote-prefixed (publish.safety) as it was."""
    with open(path, encoding="utf-8-sig", newline="") as f:
        return [{k: restore(v) if isinstance(v, str) else v for k, v in row.items()} for row in csv.DictReader(f)]


def indicator_match(got: str | None, want: str | None) -> bool:
    """Token F1 >= 0.5 between the predicted and the gold indicator (syllables, lower case)."""
    a, b = syllables(got), syllables(want)
    if not a or not b:
        return not a and not b
    return token_f1(a, b) >= 0.5


def same_value(a: float | None, b: float | None) -> bool:
    """Equal values (both missing, or equal within floating-point noise)."""
    return (a is None and b is None) or (a is not None and b is not None and abs(a - b) <= 1e-9 * max(1.0, abs(b)))


def bare_raw(raw: str) -> str:
    """A raw without its printed sign, brackets and percent sign."""
    return raw.strip().strip("()[]").lstrip("+-−–‑ ").rstrip("%‰ ")


def same_raw(ours: str, gold: str, loose: bool) -> bool:
    """The same raw, or (loose) the same up to a printed sign or bracket."""
    return ours == gold or (loose and bare_raw(ours) == bare_raw(gold))


def row_value(r: dict[str, str]) -> float | None:
    """The value of a claims.csv row."""
    return float(r["value"]) if r.get("value") else None


def row_unit(r: dict[str, str]) -> str | None:
    """The unit of a claims.csv row, lower case."""
    return (r.get("unit") or None) and r["unit"].lower()


def correct(it: Record, r: dict[str, str]) -> bool:
    """Value, unit and kind equal; two not_claims agree when gold gives no value."""
    if it["kind"] == NOT_CLAIM and r["kind"] == NOT_CLAIM and it["value"] is None:
        return True
    return same_value(row_value(r), it["value"]) and row_unit(r) == it["unit"] and r["kind"] == it["kind"]


@dataclass(frozen=True, kw_only=True)
class Matched:
    """Gold records matched to the rows of one report."""

    pairs: list[tuple[Record, dict[str, str]]]
    missing: list[Record]
    quote_not_found: list[Record]
    rows: list[dict[str, str]]
    unmatched_rows: list[dict[str, str]]
    covered_rows: int  # our rows in the sentences gold matched
    relaxed: int  # matches whose raw equals gold's only up to a sign or bracket


@dataclass(frozen=True, kw_only=True)
class Window:
    """One sentence, or 2-3 adjacent ones joined by a space, normalised, with each sentence's shift."""

    sids: list[str]
    text: str
    index: list[int]
    shifts: list[int]


def windows(sentences: dict[str, dict[str, str]]) -> list[Window]:
    """Every sentence, then every run of 2, then of 3 adjacent sentences."""
    order = list(sentences)
    out = []
    for n in (1, 2, 3):
        for k in range(len(order) - n + 1):
            sids = order[k : k + n]
            texts = [sentences[x]["text"] for x in sids]
            text, index = norm_map(" ".join(texts))
            shifts = list(itertools.accumulate([0] + [len(t) + 1 for t in texts[:-1]]))
            out.append(Window(sids=sids, text=text, index=index, shifts=shifts))
    return out


def find_row(it: Record, wins: Sequence[Window], by_sentence: dict[str, list[dict[str, str]]], used: set[str],
             loose: bool) -> tuple[dict[str, str] | None, bool]:  # fmt: skip
    """The row gold record `it` matches (or None), and whether its quote was found at all."""
    q = norm_quote(it["quote"])
    found = False
    for w in wins:
        pos = w.text.find(q)
        if pos < 0:
            continue
        found = True
        lo, hi = w.index[pos], w.index[pos + len(q) - 1] + 1
        cands = [
            (r, shift) for sid, shift in zip(w.sids, w.shifts, strict=True) for r in by_sentence.get(sid, [])
            if r["claim_id"] not in used and same_raw(r["raw"], it["raw"], loose)
        ]  # fmt: skip
        inside = [
            r for r, shift in cands if not r["start"] or int(r["start"]) < 0 or lo <= int(r["start"]) + shift < hi
        ]
        if inside:
            return inside[0], True
        if cands and len(w.sids) == 1:
            return cands[0][0], True
    return None, found


def match(items: Sequence[Record], sentences: dict[str, dict[str, str]], rows: list[dict[str, str]]) -> Matched:
    """Gold records matched to rows, in gold order (module docstring)."""
    wins = windows(sentences)
    by_sentence: dict[str, list[dict[str, str]]] = {}
    for r in rows:
        by_sentence.setdefault(r["sentence_id"], []).append(r)
    used: set[str] = set()
    covered: set[str] = set()
    pairs, missing, not_found, relaxed = [], [], [], 0
    for it in items:
        best, found = find_row(it, wins, by_sentence, used, loose=False)
        if best is None:
            best, found_loose = find_row(it, wins, by_sentence, used, loose=True)
            relaxed += best is not None
            found = found or found_loose
        if not found:
            not_found.append(it)
        if best is None:
            missing.append(it)
            continue
        used.add(best["claim_id"])
        covered.add(best["sentence_id"])
        pairs.append((it, best))
    return Matched(
        pairs=pairs, missing=missing, quote_not_found=not_found, rows=rows,
        unmatched_rows=[r for r in rows if r["claim_id"] not in used],
        covered_rows=sum(len(by_sentence.get(s, [])) for s in covered), relaxed=relaxed,
    )  # fmt: skip


def match_folder(items: Sequence[Record], folder: Path) -> Matched:
    """Gold records matched to the rows of a report folder (sentences.csv, claims.csv)."""
    sentences = {r["sentence_id"]: r for r in read_csv(folder / "sentences.csv")}
    return match(items, sentences, read_csv(folder / "claims.csv"))
