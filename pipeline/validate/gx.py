"""Validation stage, part 2: great-expectations gives the verdict (the only module importing it).

    checks_to_frame     one row per check instance: check_id, rule, margin and the two intervals
    suite_for_rules     one ExpectColumnValuesToBeBetween(margin >= 0) per rule of the rule book (checks.yaml),
                        restricted to the rule's rows, plus unique check ids
    run_checkpoint      a checkpoint over the frame; Data Docs written into the report folder
    results_to_status   GX's unexpected rows (by check_id) -> fail, the other rows of the rule -> pass
    make_offline        Data Docs without CDN-hosted CSS/JS: external tags removed, a small stylesheet
                        and collapse/tab script inlined, JS-built tables rendered as HTML

    Verdicts            where the verdict is given: in this process, or in a helper process forked
                        when the report starts, importing great-expectations while the report is read
                        (submit: the verdict is asked for and the report goes on; Pending.result waits)

great-expectations is imported once per process (≈3 s) on first use; each report gets a fresh
ephemeral context (≈0.05 s) so its Data Docs site points at its own folder. A process that has not
imported it yet (a single `baocao extract`) hands the verdict to a helper process forked at the start
of the report, so that the import runs on another CPU while the report is parsed; a warmed batch
worker, or a machine with one CPU, gives it in-process. The helper runs the same code on the same
checks: the verdict and Data Docs are the same either way.
"""

from __future__ import annotations

import ast
import contextlib
import html
import logging
import multiprocessing
import os
import re
import sys
import threading
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from types import ModuleType, TracebackType
from typing import Any

import pandas as pd

from ..rules import Rules
from ..sandbox import cpus
from .checks import Check, RuleBook, rule_book

SUITE = "baocao-relations"
FRAME_COLUMNS = ["check_id", "rule", "family", "margin", "expected_lo", "expected_hi", "actual_lo", "actual_hi"]


@lru_cache(maxsize=1)
def engine() -> ModuleType:
    """Import great-expectations once per process, without usage statistics or progress bars."""
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import great_expectations as gx
    logging.getLogger("great_expectations").setLevel(logging.ERROR)
    # its progress bars (tqdm) take a multiprocessing lock on first use: taken once here, so that the
    # report children a batch worker forks share it (each would otherwise leave one behind at exit,
    # which the resource tracker reports as "leaked semaphore objects")
    with contextlib.suppress(ImportError):
        from tqdm import tqdm

        tqdm.get_lock()
    return gx


@dataclass(frozen=True, kw_only=True)
class GxResult:
    """GX's verdict: a status by check id, and its summary for validation.json."""

    statuses: dict[str, str]  # check_id -> pass | fail
    summary: dict[str, Any]  # for validation.json


def checks_to_frame(checks: Sequence[Check]) -> pd.DataFrame:
    """One row per check with a margin (skips left out): id, rule, family, margin, the intervals."""
    rows = [
        {
            "check_id": c.check_id,
            "rule": c.rule,
            "family": c.family,
            "margin": c.margin,
            "expected_lo": c.expected_lo,
            "expected_hi": c.expected_hi,
            "actual_lo": c.actual_lo,
            "actual_hi": c.actual_hi,
        }
        for c in checks
        if c.status != "skip" and c.margin is not None
    ]
    frame = pd.DataFrame(rows, columns=FRAME_COLUMNS)
    for col in FRAME_COLUMNS[3:]:
        frame[col] = pd.to_numeric(frame[col], errors="coerce").astype("float64")
    return frame


def suite_for_rules(gx: ModuleType, book: RuleBook) -> Any:
    """One expectation per rule of the book (margin >= 0 on its rows), unique ids, no missing margin."""
    from great_expectations.expectations.row_conditions import Column

    suite = gx.ExpectationSuite(SUITE)
    for rule_id, rule in book.items():
        suite.add_expectation(
            gx.expectations.ExpectColumnValuesToBeBetween(
                column="margin",
                min_value=0,
                row_condition=Column("rule") == rule_id,
                description=f"{rule_id}: {rule['description']} (tolerance: {rule['tolerance']})",
                meta={"rule": rule_id, "family": rule["family"], "tolerance": rule["tolerance"]},
            )
        )
    suite.add_expectation(
        gx.expectations.ExpectColumnValuesToBeUnique(column="check_id", description="check ids are unique")
    )
    suite.add_expectation(
        gx.expectations.ExpectColumnValuesToNotBeNull(column="margin", description="every check has a margin")
    )
    return suite


def run_checkpoint(frame: pd.DataFrame, docs_dir: Path | None, run_name: str, *, book: RuleBook) -> Any:
    """A checkpoint over the frame in a fresh ephemeral context; Data Docs into `docs_dir` when given."""
    gx = engine()
    from great_expectations.core.run_identifier import RunIdentifier
    from great_expectations.data_context.types.base import (
        DataContextConfig,
        InMemoryStoreBackendDefaults,
        ProgressBarsConfig,
    )

    config = DataContextConfig(store_backend_defaults=InMemoryStoreBackendDefaults(init_temp_docs_sites=False))
    ctx = gx.get_context(mode="ephemeral", project_config=config)
    ctx.variables.progress_bars = ProgressBarsConfig(globally=False, metric_calculations=False)
    batch = (
        ctx.data_sources.add_pandas("report").add_dataframe_asset("checks").add_batch_definition_whole_dataframe("all")
    )
    suite = ctx.suites.add(suite_for_rules(gx, book))
    definition = ctx.validation_definitions.add(gx.ValidationDefinition(name="relations", data=batch, suite=suite))
    actions = []
    if docs_dir is not None:
        site = {
            "class_name": "SiteBuilder",
            "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": str(docs_dir.resolve())},
            "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
        }
        ctx.add_data_docs_site(site_name="baocao", site_config=site)
        actions.append(gx.checkpoint.UpdateDataDocsAction(name="data_docs", site_names=["baocao"]))
    checkpoint = ctx.checkpoints.add(
        gx.Checkpoint(
            name="baocao",
            validation_definitions=[definition],
            actions=actions,
            result_format={"result_format": "COMPLETE", "unexpected_index_column_names": ["check_id"]},
        )
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return checkpoint.run(batch_parameters={"dataframe": frame}, run_id=RunIdentifier(run_name=run_name))


def results_to_status(frame: pd.DataFrame, result: Any) -> GxResult:
    """GX's unexpected rows (by check_id) fail, the other rows pass; the expectations' results."""
    failed: set[str] = set()
    expectations = []
    statistics: dict[str, Any] = {}
    for vr in result.run_results.values():
        statistics = dict(vr.statistics)
        for r in vr.results:
            cfg = r.expectation_config
            ids = [row["check_id"] for row in r.result.get("unexpected_index_list") or [] if "check_id" in row]
            rule = (cfg.meta or {}).get("rule")
            if rule:
                failed.update(ids)
            expectations.append(
                {
                    "expectation": cfg.type,
                    "rule": rule,
                    "column": cfg.kwargs.get("column"),
                    "success": bool(r.success),
                    "element_count": r.result.get("element_count"),
                    "unexpected_count": r.result.get("unexpected_count"),
                    "unexpected_check_ids": ids,
                }
            )
    statuses = {cid: ("fail" if cid in failed else "pass") for cid in frame["check_id"]}
    summary = {
        "engine": f"great_expectations {engine().__version__}",
        "suite": SUITE,
        "success": bool(result.success),
        "statistics": {k: (float(v) if isinstance(v, float) else v) for k, v in statistics.items()},
        "expectations": expectations,
    }
    return GxResult(statuses=statuses, summary=summary)


def validate_checks(
    checks: Sequence[Check], docs_dir: Path | None, run_name: str, *, rules: Rules | None = None
) -> GxResult:
    """GX's verdict on every check instance that has a margin (skips stay skips)."""
    return verdict(checks, docs_dir, run_name, rule_book(rules))


def verdict(checks: Sequence[Check], docs_dir: Path | None, run_name: str, book: RuleBook) -> GxResult:
    """validate_checks with the rule book given (what the helper process is sent)."""
    frame = checks_to_frame(checks)
    result = run_checkpoint(frame, docs_dir, run_name, book=book)
    out = results_to_status(frame, result)
    if docs_dir is not None and docs_dir.exists():
        make_offline(docs_dir)
        out.summary["data_docs"] = "data_docs/index.html"
    return out


# --------------------------------------------------------------------------------------
# the verdict in a helper process, great-expectations imported while the report is read


def _helper(conn: Any) -> None:
    """The helper process: import great-expectations, then give the verdict on the one job sent. It
    yields the CPU to the report's own work (its verdict is waited for last)."""
    with contextlib.suppress(OSError):
        os.nice(10)
    jobs: list[Any] = []

    def receive() -> None:
        with contextlib.suppress(EOFError, OSError):  # EOF: the report stopped before its checks
            jobs.append(conn.recv())

    # the job is taken as soon as it is sent, so that the report never waits on a full pipe
    reader = threading.Thread(target=receive, name="baocao-gx-job", daemon=True)
    reader.start()
    engine()
    reader.join()
    if not jobs:
        return
    job = jobs[0]
    try:
        conn.send(("ok", verdict(*job)))
    except Exception as exc:  # the report process gives the verdict itself, and meets the error itself
        conn.send(("error", f"{type(exc).__name__}: {exc}"))


class Verdicts:
    """Where great-expectations gives the verdict on a report's checks (a context manager around
    the report). `helper`: None decides (a helper when great-expectations is not imported in this
    process yet, the platform forks and there is a second CPU), True/False force it (tests)."""

    def __init__(self, helper: bool | None = None) -> None:
        if helper is None:
            helper = "great_expectations" not in sys.modules and hasattr(os, "fork") and cpus() > 1
        self.conn: Any = None
        self.proc: Any = None
        if helper:
            ctx = multiprocessing.get_context("fork")
            self.conn, child = ctx.Pipe()
            self.proc = ctx.Process(target=_helper, args=(child,), name="baocao-gx", daemon=True)
            self.proc.start()
            child.close()

    def __enter__(self) -> Verdicts:
        return self

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        """Stop the helper (at once: it may still be importing when the report failed)."""
        if self.proc is not None:
            self.conn.close()
            if self.proc.is_alive():
                self.proc.kill()
            self.proc.join()
            self.proc = self.conn = None

    def submit(
        self, checks: Sequence[Check], docs_dir: Path | None, run_name: str, *, rules: Rules | None = None
    ) -> Pending:
        """Ask for the verdict: the helper gives it while the caller goes on (without a helper, it is
        given now); Pending.result() waits for it."""
        job = (list(checks), docs_dir, run_name, rules)
        if self.proc is not None:
            try:
                self.conn.send((job[0], docs_dir, run_name, rule_book(rules)))
                return Pending(job, self)
            except OSError:  # the helper died
                self.close()
        return Pending(job, None)

    def validate(
        self, checks: Sequence[Check], docs_dir: Path | None, run_name: str, *, rules: Rules | None = None
    ) -> GxResult:
        """validate_checks, by the helper when there is one (in this process if the helper fails)."""
        return self.submit(checks, docs_dir, run_name, rules=rules).result()


class Pending:
    """A verdict asked for (Verdicts.submit): given by the helper meanwhile, or in this process when
    result() is first called (no helper, or the helper failed)."""

    def __init__(self, job: tuple[list[Check], Path | None, str, Rules | None], verdicts: Verdicts | None) -> None:
        self.job = job
        self.verdicts = verdicts
        self.given: GxResult | None = None

    def result(self) -> GxResult:
        """The verdict (waiting for the helper if it is still at work)."""
        if self.given is None and self.verdicts is not None and self.verdicts.conn is not None:
            try:
                kind, payload = self.verdicts.conn.recv()
                if kind == "ok":
                    self.given = payload
            except (EOFError, OSError):  # the helper died
                pass
            finally:
                self.verdicts.close()
                self.verdicts = None
        if self.given is None:
            checks, docs_dir, run_name, rules = self.job
            self.given = validate_checks(checks, docs_dir, run_name, rules=rules)
        return self.given


# --------------------------------------------------------------------------------------
# Data Docs that read offline

_EXTERNAL_LINK = re.compile(r"<link\b[^>]*href=\"https?://[^\"]*\"[^>]*/?>\s*", re.IGNORECASE)
_EXTERNAL_SCRIPT = re.compile(r"<script\b[^>]*src=\"https?://[^\"]*\"[^>]*>\s*</script>\s*", re.IGNORECASE)
_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>\s*", re.IGNORECASE | re.DOTALL)
_EXTERNAL_IMG = re.compile(r"<img\b[^>]*src=\"https?://[^\"]*\"[^>]*/?>", re.IGNORECASE | re.DOTALL)
_EXTERNAL_URL = re.compile(r"url\(['\"]?https?://[^)'\"]*['\"]?\)", re.IGNORECASE)
_TABLE_DATA = re.compile(
    r"\$\('#([\w-]+)'\)\.bootstrapTable\(\s*Object\.assign\(\s*\{\s*columns:\s*(\[.*?\]),\s*data:\s*(\[.*?\]),",
    re.DOTALL,
)


def _asset(name: str) -> str:
    return (resources.files("pipeline") / "assets" / name).read_text(encoding="utf-8")


def _static_table(columns: list[dict[str, Any]], data: list[dict[str, Any]]) -> str:
    """A bootstrap-table (built by JS from CDN) as a plain HTML table with links."""
    cols = [c for c in columns if c.get("field") and not str(c.get("field")).startswith("_")]
    head = "".join(f"<th>{html.escape(str(c.get('title', c['field'])))}</th>" for c in cols)
    body = []
    for row in data:
        link = row.get("_table_row_link_path")
        cells = []
        for k, c in enumerate(cols):
            value = row.get(c["field"], "")
            text = re.sub(r"<[^>]+>", "", str(value)) if "<" in str(value) else str(value)
            text = text.strip() or str(row.get(f"_{c['field']}_text", ""))  # icon-only cells have a text twin
            text = html.escape(text)
            if link and k == 0:
                text = f'<a href="{html.escape(link)}">{text or "open"}</a>'
            cells.append(f"<td>{text}</td>")
        body.append(f"<tr>{''.join(cells)}</tr>")
    rows = "".join(body)
    return f'<table class="table table-sm offline-table"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>'


def offline_html(text: str) -> str:
    """One Data Docs page without network: CDN tags out, JS-built tables in, own CSS/JS inlined."""
    tables: dict[str, str] = {}
    for m in _TABLE_DATA.finditer(text):
        try:
            columns = ast.literal_eval(m.group(2))
            data = ast.literal_eval(m.group(3))
        except (ValueError, SyntaxError):
            continue
        tables[m.group(1)] = _static_table(columns, data)
    text = _EXTERNAL_LINK.sub("", text)
    text = _EXTERNAL_SCRIPT.sub("", text)
    text = _INLINE_SCRIPT.sub(
        lambda m: "" if re.search(r"\$\(|bootstrapTable|vegaEmbed", m.group(1)) else m.group(0), text
    )
    text = _EXTERNAL_IMG.sub('<span class="offline-logo">Great Expectations</span>', text)
    text = _EXTERNAL_URL.sub("none", text)
    text = re.sub(r"<footer>.*?</footer>", "", text, flags=re.DOTALL)  # a newsletter invitation
    for table_id, static in tables.items():
        pattern = re.compile(r"<table\s+id=\"" + re.escape(table_id) + r"\".*?</table>", re.DOTALL)
        found = pattern.search(text)
        if found:
            text = text[: found.start()] + static + text[found.end() :]
    style = f"<style>\n{_asset('datadocs.css')}\n</style>\n"
    script = f"<script>\n{_asset('datadocs.js')}\n</script>\n"
    text = text.replace("</head>", style + "</head>", 1)
    return text.replace("</body>", script + "</body>", 1)


def make_offline(docs_dir: Path) -> None:
    """Every Data Docs page readable offline; static files no page refers to removed."""
    for page in docs_dir.rglob("*.html"):
        page.write_text(offline_html(page.read_text(encoding="utf-8")), encoding="utf-8")
    # the static folder carries GX's marketing images (3+ MB): keep only what a page refers to
    pages = " ".join(p.read_text(encoding="utf-8") for p in docs_dir.rglob("*.html"))
    pages += " ".join(p.read_text(encoding="utf-8") for p in docs_dir.rglob("*.css"))
    for f in (docs_dir / "static").rglob("*"):
        if f.is_file() and f.name not in pages:
            f.unlink()
    for d in sorted((docs_dir / "static").rglob("*"), reverse=True):
        if d.is_dir() and not any(d.iterdir()):
            d.rmdir()


def external_references(docs_dir: Path) -> list[str]:
    """Resources a Data Docs page would fetch from the network (links to click are not fetched)."""
    found = []
    pattern = re.compile(r"<(?:link|script|img|iframe)\b[^>]*(?:href|src)=\"(https?://[^\"]+)\"", re.IGNORECASE)
    for page in [*docs_dir.rglob("*.html"), *docs_dir.rglob("*.css")]:
        text = page.read_text(encoding="utf-8")
        found += [f"{page.name}: {m.group(1)}" for m in pattern.finditer(text)]
        found += [f"{page.name}: {u}" for u in re.findall(r"url\(['\"]?(https?://[^)'\"]+)", text)]
    return found


__all__ = ["GxResult", "Pending", "Verdicts", "engine", "external_references", "make_offline", "validate_checks"]
