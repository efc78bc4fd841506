"""Real-world PDFs that are not Vietnamese reports: each must be extracted or refused with a one-line
reason, never end in an internal error.

    python -m pipeline.devtools.peers DIR [--out OUT] [--timeout 180]

Every PDF (and Word file) in DIR runs in its own process (`baocao extract FILE --quiet`), one after
the other, within the timeout; the table printed has one row a file: outcome (extracted, refused,
internal_error, timeout), seconds and the CLI's last line. The exit code is the number of internal
errors and timeouts.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from ..convert import is_word

Outcome = Literal["extracted", "refused", "internal_error", "timeout"]
OUTCOMES: tuple[Outcome, ...] = ("extracted", "refused", "internal_error", "timeout")


@dataclass(frozen=True, kw_only=True)
class PeerRun:
    """One file's outcome."""

    file: str
    outcome: Outcome
    seconds: float
    message: str


def classify(returncode: int | None, output: str) -> Outcome:
    """The outcome of one CLI run from its exit code (None: killed at the timeout) and its output."""
    if returncode is None:
        return "timeout"
    if "internal error" in output or "Traceback (most recent call last)" in output:
        return "internal_error"
    return "extracted" if returncode == 0 else "refused"


def _last_line(text: str) -> str:
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    errs = [ln for ln in lines if ln.startswith("error:")]
    return (errs or lines or [""])[-1]


def run_one(path: Path, out: Path, timeout: float) -> PeerRun:
    """Extract one file in a fresh process."""
    cmd = [sys.executable, "-m", "pipeline.cli", "extract", str(path), "--out", str(out), "--quiet", "--force"]
    t0 = time.perf_counter()
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return PeerRun(file=path.name, outcome="timeout", seconds=timeout, message=f"killed after {timeout:.0f} s")
    seconds = time.perf_counter() - t0
    output = f"{proc.stdout}\n{proc.stderr}"
    outcome = classify(proc.returncode, output)
    return PeerRun(file=path.name, outcome=outcome, seconds=seconds, message=_last_line(output))


def inputs(folder: Path) -> list[Path]:
    """The PDFs and Word files of a folder, sorted by name."""
    return sorted(p for p in folder.iterdir() if p.is_file() and (p.suffix.lower() == ".pdf" or is_word(p)))


def table(runs: list[PeerRun]) -> str:
    """The printed table: a row a file, then the counts."""
    width = max((len(r.file) for r in runs), default=4)
    rows = [f"{'file':<{width}}  {'outcome':<14}  {'s':>6}  message"]
    rows += [f"{r.file:<{width}}  {r.outcome:<14}  {r.seconds:6.1f}  {r.message[:160]}" for r in runs]
    counts = Counter(r.outcome for r in runs)
    rows.append(f"{len(runs)} files: " + ", ".join(f"{counts[o]} {o.replace('_', ' ')}" for o in OUTCOMES))
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    """Run every file of DIR; print the table; the exit code counts internal errors and timeouts."""
    ap = argparse.ArgumentParser(
        prog="python -m pipeline.devtools.peers", description="Extract or refuse every real-world PDF of a folder."
    )
    ap.add_argument("folder", type=Path)
    ap.add_argument("--out", type=Path, default=None, help="where the report folders go [a temporary folder]")
    ap.add_argument("--timeout", type=float, default=180.0, help="seconds per file [180]")
    args = ap.parse_args(argv)
    files = inputs(args.folder)
    runs: list[PeerRun] = []
    with tempfile.TemporaryDirectory(prefix="baocao-peers-") as tmp:
        out = args.out or Path(tmp)
        for f in files:
            runs.append(run_one(f, out, args.timeout))
            print(f"[{len(runs)}/{len(files)}] {f.name}: {runs[-1].outcome}", file=sys.stderr, flush=True)
    print(table(runs))
    return sum(r.outcome in ("internal_error", "timeout") for r in runs)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
