"""`make bench`: speed as ratios measured in one run (never absolute seconds in tests).

Each round times the floor (pdfplumber loading every character of the file) and then the
stages on the same file; rounds alternate so that machine noise hits both sides alike, and
the median ratio is reported.
"""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .. import claims, parse, segment, tables, validate
from ..validate import gx
from ..vi.nlp import get_nlp


def _time(fn: Callable[..., Any], *args: Any) -> tuple[float, Any]:
    t = time.perf_counter()
    out = fn(*args)
    return time.perf_counter() - t, out


def bench(pdf: Path, rounds: int = 3) -> dict[str, float]:
    """Best-of-`rounds` seconds of the character floor and of each stage, measured alternately."""
    floor_s: list[float] = []
    parse_s: list[float] = []
    seg_s: list[float] = []
    pages = chars = 0
    t_import, _ = _time(segment.sentences.word_tokenizer)  # one-time model/library load, reported apart
    t_nlp, _ = _time(get_nlp)
    t_gx, _ = _time(gx.engine)  # great-expectations import: once per process
    claim_s: list[float] = []
    rel_s: list[float] = []
    gx_s: list[float] = []
    n_claims = n_checks = 0
    docs_root = Path(tempfile.mkdtemp(prefix="baocao-bench-"))
    for k in range(rounds):
        t, chars = _time(parse.load_chars, pdf)
        floor_s.append(t)
        t, doc = _time(parse.pdf_to_document, pdf)
        parse_s.append(t)
        t, seg = _time(segment.document_to_segments, doc)
        seg_s.append(t)
        t, found = _time(claims.sentences_to_claims, doc, seg)
        claim_s.append(t)
        n_claims = len(found.claims)
        tabs = tables.regions_to_tables(doc)
        t, checks = _time(validate.relations, doc, seg, tabs, found)
        rel_s.append(t)
        t, _verdict = _time(gx.validate_checks, checks, docs_root / f"round-{k}", doc.report_id)
        gx_s.append(t)
        n_checks = len(checks)
        pages = doc.source.pages
    shutil.rmtree(docs_root, ignore_errors=True)
    ratios = [p / f for p, f in zip(parse_s, floor_s, strict=True)]
    return {
        "pages": pages,
        "chars": chars,
        "floor_s_per_page": statistics.median(floor_s) / pages,
        "parse_s_per_page": statistics.median(parse_s) / pages,
        "parse_ratio": statistics.median(ratios),
        "segment_s": statistics.median(seg_s),
        "segment_share": statistics.median(s / p for s, p in zip(seg_s, parse_s, strict=True)),
        "segment_import_s": t_import,
        "claims": n_claims,
        "claims_per_s": n_claims / statistics.median(claim_s),
        "claims_share": statistics.median(c / p for c, p in zip(claim_s, parse_s, strict=True)),
        "nlp_load_s": t_nlp,
        "checks": n_checks,
        "relations_s": statistics.median(rel_s),
        "gx_s": statistics.median(gx_s),
        "gx_first_s": gx_s[0],
        "validation_share": statistics.median((r + g) / p for r, g, p in zip(rel_s, gx_s, parse_s, strict=True)),
        "gx_import_s": t_gx,
    }


def scaling(pdf: Path, copies: int = 4) -> dict[str, float]:
    """Reports per minute on `copies` copies of the report with 1 and with 2 worker processes."""
    from .. import batch

    root = Path(tempfile.mkdtemp(prefix="baocao-scaling-"))
    try:
        pdfs = []
        for k in range(copies):
            target = root / f"copy-{k + 1}.pdf"
            shutil.copyfile(pdf, target)
            pdfs.append(target)
        out: dict[str, float] = {}
        for workers in (1, 2):
            tasks = [batch.Task(str(p), str(root / f"out-{workers}"), force=True) for p in pdfs]
            out[f"workers_{workers}"] = batch.throughput(tasks, workers)
        out["ratio"] = out["workers_2"] / out["workers_1"]
        return out
    finally:
        shutil.rmtree(root, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    """Print the ratios."""
    args = argv if argv is not None else sys.argv[1:]
    pdf = Path(args[0]) if args else Path("raw/dienbien-2024-h1.pdf")
    r = bench(pdf)
    print(f"baocao bench: {pdf.name} ({r['pages']} pages, {r['chars']} chars), median of 3 alternating rounds")
    print(f"  floor  pdfplumber loads the chars   {r['floor_s_per_page']:.3f} s/page")
    print(f"  parse  pdf_to_document               {r['parse_s_per_page']:.3f} s/page")
    print(f"  parse / floor ratio                  {r['parse_ratio']:.2f}   (target <= 1.5)")
    print(
        f"  segment                              {r['segment_s']:.2f} s per report = {r['segment_share']:.0%} of parse"
        f" (+ {r['segment_import_s']:.1f} s once to load underthesea)"
    )
    print(
        f"  claims                               {r['claims_per_s']:.0f} claims/s ({r['claims']} rows)"
        f" = {r['claims_share']:.0%} of parse (+ {r['nlp_load_s']:.1f} s once to build the spaCy pipeline)"
    )
    print(
        f"  validate                             {r['relations_s']:.2f} s relations ({r['checks']} checks)"
        f" + {r['gx_s']:.2f} s great-expectations verdict and Data Docs per report"
        f" = {r['validation_share']:.0%} of parse (+ {r['gx_import_s']:.1f} s once to import great-expectations;"
        f" first report {r['gx_first_s']:.2f} s)"
    )
    copies = 4
    sc = scaling(pdf, copies)
    print(f"  batch  {copies} copies, warmed local worker processes (cpus: {os.cpu_count()})")
    print(f"         1 worker   {sc['workers_1']:.2f} reports/min")
    print(f"         2 workers  {sc['workers_2']:.2f} reports/min   scaling {sc['ratio']:.2f}x (target >= 1.7)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
