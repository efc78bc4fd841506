"""`make bench`: the whole extract as a user waits for it, as ratios measured in one run.

    python -m pipeline.devtools.bench [PDF] [--rounds N] [--copies N] [--no-whole] [--no-long] [--no-batch]

- floor: a fresh Python process that opens the PDF with pdfplumber and loads every page's
  characters (what any pdfplumber-based parser pays at least);
- extract: a fresh `baocao extract` process on the same file (imports, every stage, every output);
  floor and extract alternate, best of `--rounds` each, and the ratio is extract / floor; the
  peak memory (ru_maxrss) of each child is read from os.wait4;
- stages: one more fresh process running pipeline.run.extract_report with each stage timed (the
  stages' own first-use imports fall in the stage that pays them; great-expectations' verdict is the
  wait for it at the end: its import runs in a helper process while the report is read, its
  checkpoint while the folder is written, see validate/gx.py and run._extract_pdf);
- long: the report repeated `--copies` times into one PDF (pypdfium2, installed with pdfplumber),
  extracted fresh: its time over the sample's (linear growth: <= 1.1 x copies);
- batch: `--copies` copies of the sample through warmed local pools of 1 and 2 worker processes,
  reports per minute, and each pool's largest worker peak memory.

Absolute seconds depend on the machine and its load; the ratios are what `make bench` is for.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

FLOOR_CODE = """
import sys, pdfplumber
n = 0
with pdfplumber.open(sys.argv[1]) as pdf:
    for page in pdf.pages:
        n += len(page.chars)
        page.close()
print(n)
"""

# (module, attribute, label): the stages as pipeline.run calls them, in order
STAGES = (
    ("pipeline.parse", "pdf_to_document", "parse"),
    ("pipeline.segment", "document_to_segments", "segment"),
    ("pipeline.tables", "regions_to_tables", "tables"),
    ("pipeline.claims", "sentences_to_claims", "claims"),
    ("pipeline.indicators", "link_report", "indicators"),
    ("pipeline.validate", "relations", "relations"),
    ("pipeline.run", "stages_to_folder", "report folder"),
    ("pipeline.run", "inputs_to_reviewed", "clean tables, review"),
    ("pipeline.validate.gx", "Pending.result", "great-expectations"),
)


# Linux counts the memory of the process a child was forked from in the child's ru_maxrss (the
# address space it replaced at exec), so a child of a large process (pytest, a batch) would report
# that process's size: a small launcher starts the measured child and reports its wait4 figures.
_LAUNCHER = """
import os, subprocess, sys, time
t0 = time.perf_counter()
proc = subprocess.Popen(sys.argv[2:])
_pid, status, usage = os.wait4(proc.pid, 0)
with open(sys.argv[1], "w") as f:
    f.write(f"{time.perf_counter() - t0} {usage.ru_maxrss}")
sys.exit(os.waitstatus_to_exitcode(status))
"""


def timed_child(args: Sequence[str]) -> tuple[float, float, str]:
    """Wall seconds, peak resident memory (MB, from os.wait4) and stdout of one fresh child process."""
    with (
        tempfile.TemporaryFile("w+") as out,
        tempfile.TemporaryFile("w+") as err,
        tempfile.TemporaryDirectory(prefix="bench-") as tmp,
    ):
        figures = Path(tmp) / "figures"
        code = subprocess.run([sys.executable, "-c", _LAUNCHER, str(figures), *args], stdout=out, stderr=err).returncode
        out.seek(0)
        err.seek(0)
        if code != 0:
            raise RuntimeError(f"bench child failed ({' '.join(args)}): {err.read().strip()[-800:]}")
        seconds, maxrss = figures.read_text(encoding="utf-8").split()
        return float(seconds), int(maxrss) / 1024, out.read()  # ru_maxrss: KB on Linux


def floor_child(pdf: Path) -> tuple[float, float, str]:
    """pdfplumber loading every character of `pdf`, in a fresh process."""
    return timed_child([sys.executable, "-c", FLOOR_CODE, str(pdf)])


def extract_child(pdf: Path, out: Path) -> tuple[float, float, str]:
    """`baocao extract` on `pdf`, in a fresh process (this checkout's code)."""
    return timed_child([sys.executable, "-m", "pipeline.cli", "extract", str(pdf), "--out", str(out), "--quiet"])


def whole(pdf: Path, work: Path, rounds: int) -> dict[str, Any]:
    """Floor and whole extract, alternating, best of `rounds` each; their ratio and peak memory."""
    floors, extracts, floor_mb, extract_mb = [], [], [], []
    chars = 0
    for k in range(rounds):
        t, mb, out = floor_child(pdf)
        floors.append(t)
        floor_mb.append(mb)
        chars = int(out.split()[-1])
        t, mb, _ = extract_child(pdf, work / f"whole-{k}")
        extracts.append(t)
        extract_mb.append(mb)
    return {
        "chars": chars,
        "floor_s": min(floors),
        "extract_s": min(extracts),
        "ratio": min(extracts) / min(floors),
        "floor_mb": max(floor_mb),
        "extract_mb": max(extract_mb),
    }


# --------------------------------------------------------------------------------------
# the stages, timed inside one fresh process


def _timed(fn: Callable[..., Any], label: str, times: dict[str, float]) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        t0 = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            times[label] = times.get(label, 0.0) + time.perf_counter() - t0

    return wrapper


def stage_times(pdf: Path, out: Path, folder: bool = True) -> dict[str, float]:
    """In this process: seconds to import baocao, of each stage of one extract_report (`folder`:
    False stops before the report folder, at pipeline.run.pdf_to_stages), and in all."""
    import importlib

    times: dict[str, float] = {}
    t0 = time.perf_counter()
    run = importlib.import_module("pipeline.run")
    times["import baocao"] = time.perf_counter() - t0
    for module, name, label in STAGES:
        owner: Any = importlib.import_module(module)
        *path, attr = name.split(".")
        for part in path:
            owner = getattr(owner, part)
        setattr(owner, attr, _timed(getattr(owner, attr), label, times))
    if folder:
        run.extract_report(pdf, out)
    else:
        from ..rules import default_rules

        run.pdf_to_stages(pdf, pdf.stem, out / "data_docs", run.Options(), None, rules=default_rules())
    times["total"] = time.perf_counter() - t0
    return times


def stages_child(pdf: Path, out: Path, folder: bool = True) -> tuple[dict[str, float], float]:
    """stage_times in a fresh process, and that process's peak memory (MB)."""
    args = [sys.executable, "-m", "pipeline.devtools.bench", "--stages-child", str(pdf), str(out)]
    _t, mb, text = timed_child([*args, *([] if folder else ["--no-folder"])])
    return json.loads(text.strip().splitlines()[-1]), mb


# --------------------------------------------------------------------------------------
# a longer report, and a batch


def repeat_pdf(pdf: Path, copies: int, target: Path) -> int:
    """`pdf`'s pages `copies` times over, one PDF at `target` (pypdfium2); its page count."""
    import pypdfium2

    src = pypdfium2.PdfDocument(str(pdf))
    dst = pypdfium2.PdfDocument.new()
    try:
        for _ in range(copies):
            dst.import_pages(src)
        dst.save(str(target))
        return len(dst)
    finally:
        dst.close()
        src.close()


def long_report(pdf: Path, work: Path, copies: int, rounds: int) -> dict[str, Any]:
    """Fresh processes through every stage up to the verdict (pdf_to_stages: the repeated report
    repeats its footnote numbers, which the report folder's contract refuses) on the report and on it
    repeated `copies` times, alternating, best of `rounds`; the stages' times of the best runs."""
    longer = work / f"{pdf.stem}-x{copies}.pdf"
    pages = repeat_pdf(pdf, copies, longer)
    short: list[dict[str, float]] = []
    long: list[tuple[dict[str, float], float]] = []
    for k in range(rounds):
        short.append(stages_child(pdf, work / f"short-{k}", folder=False)[0])
        long.append(stages_child(longer, work / f"long-{k}", folder=False))
    best_short = min(short, key=lambda t: t["total"])
    best_long, long_mb = min(long, key=lambda t: t[0]["total"])
    return {"pages": pages, "short": best_short, "long": best_long, "long_mb": long_mb,
            "ratio": best_long["total"] / best_short["total"]}  # fmt: skip


def batch_scaling(pdf: Path, work: Path, copies: int) -> dict[str, float]:
    """Reports per minute on `copies` copies of the report with 1 and with 2 warmed worker
    processes, and each pool's largest worker peak memory (MB)."""
    from .. import batch

    pdfs = []
    for k in range(copies):
        target = work / f"copy-{k + 1}.pdf"
        shutil.copyfile(pdf, target)
        pdfs.append(target)
    out: dict[str, float] = {}
    for workers in (1, 2):
        tasks = [batch.Task(str(p), str(work / f"out-{workers}"), force=True) for p in pdfs]
        out[f"workers_{workers}"], out[f"worker_mb_{workers}"] = batch.throughput(tasks, workers)
    out["ratio"] = out["workers_2"] / out["workers_1"]
    return out


# --------------------------------------------------------------------------------------


def _load() -> str:
    try:
        one, five, _fifteen = os.getloadavg()
    except OSError:
        return "load unknown"
    return f"load {one:.2f} {five:.2f}, {os.cpu_count()} cpus"


def main(argv: list[str] | None = None) -> int:
    """Measure and print the ratios."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["--stages-child"]:
        print(json.dumps(stage_times(Path(args[1]), Path(args[2]), folder="--no-folder" not in args)))
        return 0
    ap = argparse.ArgumentParser(prog="python -m pipeline.devtools.bench", description=__doc__.splitlines()[0])
    ap.add_argument("pdf", nargs="?", default="raw/dienbien-2024-h1.pdf", type=Path)
    ap.add_argument("--rounds", type=int, default=3, help="fresh processes per side; the best counts (3)")
    ap.add_argument("--copies", type=int, default=4, help="pages repeated / reports in the batch (4)")
    ap.add_argument("--no-whole", action="store_true", help="skip the floor, the whole extract and the stages")
    ap.add_argument("--no-long", action="store_true", help="skip the longer generated report")
    ap.add_argument("--no-batch", action="store_true", help="skip the batch throughput")
    opts = ap.parse_args(args)
    pdf: Path = opts.pdf
    with tempfile.TemporaryDirectory(prefix="baocao-bench-") as tmp:
        work = Path(tmp)
        print(f"baocao bench: {pdf.name}, fresh processes, best of {opts.rounds} ({_load()})")
        if not opts.no_whole:
            w = whole(pdf, work, opts.rounds)
            floor = f"pdfplumber loads the {w['chars']} chars"
            print(f"  floor    {floor:<34} {w['floor_s']:6.2f} s   peak {w['floor_mb']:4.0f} MB")
            what = "baocao extract, every output"
            print(f"  extract  {what:<34} {w['extract_s']:6.2f} s   peak {w['extract_mb']:4.0f} MB")
            print(f"  extract / floor {'':<27} {w['ratio']:6.2f}x  (target <= 1.5)")
            times, mb = stages_child(pdf, work / "stages")
            print(f"  stages   one fresh process ({_load()}), peak {mb:.0f} MB")
            staged = 0.0
            for label in ("import baocao", *(s[2] for s in STAGES)):
                t = times.get(label, 0.0)
                staged += t
                print(f"           {label:<24} {t:6.2f} s  {t / times['total']:4.0%}")
            other = times["total"] - staged
            print(f"           {'other':<24} {other:6.2f} s  {other / times['total']:4.0%}")
        if not opts.no_long:
            lg = long_report(pdf, work, opts.copies, max(1, opts.rounds - 1))
            print(
                f"  long     {opts.copies}x the report ({lg['pages']} pages), every stage to the verdict, fresh "
                f"process: {lg['long']['total']:.2f} s against {lg['short']['total']:.2f} s = {lg['ratio']:.2f}x "
                f"(target <= {1.1 * opts.copies:.1f}), peak {lg['long_mb']:.0f} MB  ({_load()})"
            )
            for label in ("import baocao", *(s[2] for s in STAGES[:7])):
                a, b = lg["short"].get(label, 0.0), lg["long"].get(label, 0.0)
                print(f"           {label:<24} {a:6.2f} s -> {b:6.2f} s  {b / a if a else 0.0:5.2f}x")
        if not opts.no_batch:
            sc = batch_scaling(pdf, work, opts.copies)
            print(f"  batch    {opts.copies} copies, warmed local worker processes ({_load()})")
            print(f"           1 worker   {sc['workers_1']:6.2f} reports/min, worker peak {sc['worker_mb_1']:4.0f} MB")
            print(f"           2 workers  {sc['workers_2']:6.2f} reports/min, worker peak {sc['worker_mb_2']:4.0f} MB")
            print(f"           2 / 1 workers                  {sc['ratio']:6.2f}x  (target >= 1.8)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
