"""Many reports: worker processes, a content-hash cache, failure isolation, Dask for scale.

    cache_key       what an output folder was made from: the PDF's sha256, a hash of the rule files
                    (schemas/), a hash of baocao's code and library versions, the options
    process         one report in a worker: skipped when its folder has the same key (unless
                    forced), else extracted; never raises: a bad report becomes a failed Outcome
    run_batch       reports on a local process pool (workers keep spaCy, underthesea, the rules and
                    great-expectations loaded), or on a Dask cluster (`scheduler` address); outcomes
                    come back as they finish; the caller updates the catalogue and batch.json

Every report folder is written atomically (publish.staged_folder), so a crash or a kill leaves
either the previous complete folder or the new complete one.
"""

from __future__ import annotations

import hashlib
import json
import os
import resource
import time
import traceback
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from functools import lru_cache
from importlib import metadata
from multiprocessing import get_context
from pathlib import Path

from . import __version__, errors, parse, run
from .convert import is_word
from .rules import schema_dir
from .sandbox import Exceeded, ReportLimits, run_limited

PACKAGE = Path(__file__).resolve().parent
LIBRARIES = ("pdfplumber", "pdfminer.six", "spacy", "underthesea", "great-expectations", "pandas", "pytesseract")
REQUIRED = ("document.json", "checks.csv", "claims.csv", "tables.csv", "review.html")


def _hash_files(root: Path, patterns: Iterable[str]) -> str:
    h = hashlib.sha256()
    for pattern in patterns:
        for f in sorted(root.rglob(pattern)):
            if f.is_file() and "__pycache__" not in f.parts:
                h.update(str(f.relative_to(root)).encode())
                h.update(f.read_bytes())
    return h.hexdigest()[:16]


def rules_hash() -> str:
    """The rule and contract files (schemas/, or BAOCAO_SCHEMAS)."""
    return _hash_files(schema_dir(), ["*"])


@lru_cache(maxsize=1)
def code_hash() -> str:
    """Baocao's code and the versions of the libraries that shape its output."""
    h = hashlib.sha256(_hash_files(PACKAGE, ["*.py", "assets/*"]).encode())
    h.update(__version__.encode())
    for lib in LIBRARIES:
        try:
            h.update(f"{lib}={metadata.version(lib)}".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{lib}=none".encode())
    return h.hexdigest()[:16]


def cache_key(pdf_sha256: str, options: run.Options) -> dict[str, str]:
    """What an output folder is made from: PDF, rules, code and options."""
    opts = hashlib.sha256(repr((options.limits, options.ocr)).encode()).hexdigest()[:16]
    return {"pdf": pdf_sha256, "rules": rules_hash(), "code": code_hash(), "options": opts}


def cached(folder: Path, key: dict[str, str]) -> bool:
    """The folder is complete and was made from the same PDF, rules, code and options."""
    if not all((folder / name).is_file() for name in REQUIRED):
        return False
    try:
        document = json.loads((folder / "document.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return bool(document.get("cache_key") == key)


# --------------------------------------------------------------------------------------
# one report, in a worker


@dataclass(frozen=True)
class Task:
    """One report to extract: the PDF, the output folder, options and limits."""

    pdf: str
    out_dir: str
    options: run.Options = field(default_factory=run.Options)
    force: bool = False
    limits: ReportLimits = field(default_factory=ReportLimits)


@dataclass(frozen=True)
class Outcome:
    """What became of one report: done, failed (with a one-line reason) or skipped."""

    pdf: str
    report_id: str
    status: str  # done | failed | skipped
    message: str
    pages: int = 0
    seconds: float = 0.0
    folder: str | None = None
    detail: str | None = None  # traceback of an unexpected error

    def line(self) -> str:
        """The line the CLI prints."""
        if self.status == "failed":
            return f"error: {self.message}"
        return self.message


def process(task: Task, on_page: Callable[[int, int], None] | None = None) -> Outcome:
    """Extract one report within its time and memory limits, or skip it when its folder is up to
    date; never raises."""
    t0 = time.perf_counter()
    rid = parse.report_id_for(Path(task.pdf))
    try:
        result = run_limited(lambda progress: _process(task, progress), task.limits, on_page)
    except Exception as exc:  # the child's own handler failed: still only this report
        return _internal_error(task, rid, exc, t0)
    if isinstance(result, Exceeded):
        restore_staging(Path(task.out_dir), rid)
        return Outcome(task.pdf, rid, "failed", f"{task.pdf}: {result.message}", 0, time.perf_counter() - t0)
    return result


def _process(task: Task, on_page: Callable[[int, int], None] | None) -> Outcome:
    pdf = Path(task.pdf)
    rid = parse.report_id_for(pdf)
    t0 = time.perf_counter()
    try:
        data = check_input(pdf, task.options.limits)
        key = cache_key(hashlib.sha256(data).hexdigest(), task.options)
        folder = Path(task.out_dir) / rid
        if not task.force and cached(folder, key):
            return Outcome(task.pdf, rid, "skipped", f"{rid}: unchanged, skipped (--force re-extracts)", 0,
                           time.perf_counter() - t0, str(folder))  # fmt: skip
        result = run.extract_report(pdf, Path(task.out_dir), task.options, on_page=on_page, cache_key=key)
        return Outcome(task.pdf, rid, "done", result.summary(), result.pages, result.seconds, str(result.folder))
    except errors.BaocaoError as exc:
        return Outcome(task.pdf, rid, "failed", f"{exc.path}: {exc.problem}", 0, time.perf_counter() - t0)
    except Exception as exc:  # a bug or an unforeseen input: this report fails, the batch goes on
        return _internal_error(task, rid, exc, t0)


def check_input(path: Path, limits: parse.Limits) -> bytes:
    """The input's bytes (the cache key hashes them): a PDF passes parse's cheap checks, a Word file
    only the size limit (LibreOffice judges the rest)."""
    if not is_word(path) or not path.is_file():
        return parse.check_file(path, limits)
    if path.stat().st_size > limits.max_bytes:
        raise errors.LimitExceededError(str(path), f"file is over the {limits.max_bytes / 2**20:.0f} MB limit")
    return path.read_bytes()


def _internal_error(task: Task, rid: str, exc: Exception, t0: float) -> Outcome:
    return Outcome(
        task.pdf, rid, "failed", f"{task.pdf}: {errors.internal_message(exc)}", 0, time.perf_counter() - t0,
        None, traceback.format_exc(),
    )  # fmt: skip


def restore_staging(out_dir: Path, report_id: str) -> None:
    """After a killed extraction: remove its staging folder, and put back a previous complete folder
    that was moved aside but not yet replaced."""
    import shutil

    final = out_dir / report_id
    for tmp in out_dir.glob(f".{report_id}.tmp-*"):
        shutil.rmtree(tmp, ignore_errors=True)
    for old in out_dir.glob(f".{report_id}.old-*"):
        if not final.exists():
            old.rename(final)
        else:
            shutil.rmtree(old, ignore_errors=True)


def warm() -> None:
    """Load what every report needs once per worker process."""
    from .segment.sentences import word_tokenizer
    from .validate import gx, rule_book
    from .vi.nlp import get_nlp
    from .vi.units import rules as unit_rules

    get_nlp()
    word_tokenizer()
    unit_rules()
    rule_book()
    gx.engine()


# --------------------------------------------------------------------------------------
# many reports


def _local(tasks: Sequence[Task], workers: int) -> Iterable[Outcome]:
    """A process pool; a worker that dies (a crash in a native library) costs only the reports it
    was running: the others are resubmitted once to a fresh pool."""
    pending = list(tasks)
    attempts: dict[str, int] = {}
    while pending:
        ctx = get_context("spawn")
        with ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=warm) as pool:
            futures: dict[Future[Outcome], Task] = {pool.submit(process, t): t for t in pending}
            pending = []
            for fut in as_completed(futures):
                task = futures[fut]
                try:
                    yield fut.result()
                except BrokenProcessPool:
                    attempts[task.pdf] = attempts.get(task.pdf, 0) + 1
                    if attempts[task.pdf] >= 2:
                        yield Outcome(task.pdf, parse.report_id_for(Path(task.pdf)), "failed",
                                      f"{task.pdf}: the worker process died while extracting it")  # fmt: skip
                    else:
                        pending.append(task)


def _dask(tasks: Sequence[Task], scheduler: str) -> Iterable[Outcome]:
    from dask.distributed import Client
    from dask.distributed import as_completed as dask_completed

    with Client(scheduler, set_as_default=False) as client:  # type: ignore[no-untyped-call]
        client.run(warm)
        futures = client.map(process, list(tasks), pure=False, key=[f"baocao-{Path(t.pdf).name}" for t in tasks])
        for fut in dask_completed(futures, loop=client.loop):  # type: ignore[no-untyped-call]
            yield fut.result()


def run_batch(
    tasks: Sequence[Task],
    workers: int = 1,
    scheduler: str | None = None,
    on_outcome: Callable[[Outcome], None] | None = None,
    on_page: Callable[[Task, int, int], None] | None = None,
) -> list[Outcome]:
    """Outcomes in the order they finish. One worker (or one report) runs in this process, with
    page progress through `on_page`."""
    if scheduler or (workers > 1 and len(tasks) > 1):
        tasks = one_reader(tasks)
    if scheduler:
        source: Iterable[Outcome] = _dask(tasks, scheduler)
    elif workers <= 1 or len(tasks) <= 1:

        def one(t: Task) -> Outcome:
            return process(t, (lambda done, total: on_page(t, done, total)) if on_page else None)

        source = (one(t) for t in tasks)
    else:
        source = _local(tasks, min(workers, len(tasks)))
    outcomes = []
    for outcome in source:
        outcomes.append(outcome)
        if on_outcome:
            on_outcome(outcome)
    return outcomes


def one_reader(tasks: Sequence[Task]) -> list[Task]:
    """The tasks with each report done by its worker alone (run.Options.second_cpu off): several
    workers keep the CPUs busy already."""
    return [replace(t, options=replace(t.options, second_cpu=False)) for t in tasks]


def throughput(tasks: Sequence[Task], workers: int) -> tuple[float, float]:
    """Reports per minute of a warmed local pool of `workers` processes (for make bench: a long
    batch pays the workers' start-up once, so it is left out), and the largest peak resident
    memory of a worker (MB). Each report is read by its worker alone, whatever the pool's size,
    so that pools of 1 and 2 workers compare workers."""
    tasks = one_reader(tasks)
    ctx = get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=warm) as pool:
        list(pool.map(_noop, range(workers * 4)))  # every worker started and warmed
        t0 = time.perf_counter()
        outcomes = list(pool.map(process, tasks))
        seconds = time.perf_counter() - t0
        peak_mb = max(pool.map(_peak_mb, range(workers * 4)))
    bad = [o for o in outcomes if o.status != "done"]
    if bad:
        raise RuntimeError(f"bench report failed: {bad[0].message}")
    return 60.0 * len(tasks) / seconds, peak_mb


def _noop(_k: int) -> None:
    time.sleep(0.2)


def _peak_mb(_k: int) -> float:
    """The worker's peak resident memory, or its largest report child's (sandbox.py forks one a report)."""
    time.sleep(0.2)  # long enough for every worker to take one
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return max(own, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024  # KB on Linux


def write_summary(
    out_dir: Path, outcomes: Sequence[Outcome], started: float, workers: int, scheduler: str | None
) -> Path:
    """out_dir/batch.json: every report's outcome, written atomically."""
    counts = {s: sum(o.status == s for o in outcomes) for s in ("done", "failed", "skipped")}
    data = {
        "started": datetime.fromtimestamp(started, UTC).isoformat(timespec="seconds"),
        "finished": datetime.now(UTC).isoformat(timespec="seconds"),
        "seconds": round(time.time() - started, 2),
        "workers": workers,
        "scheduler": scheduler,
        "counts": counts,
        "reports": [asdict(o) for o in outcomes],
    }
    out_dir.mkdir(parents=True, exist_ok=True)
    tmp = out_dir / f".batch.json.tmp-{os.getpid()}"
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    tmp.replace(out_dir / "batch.json")
    return out_dir / "batch.json"


__all__ = ["Outcome", "Task", "cache_key", "cached", "process", "run_batch", "throughput", "warm", "write_summary"]
