"""Command line: a thin layer over pipeline.run; named errors become one-line messages."""

from __future__ import annotations

import glob
import sys
import time
from pathlib import Path
from typing import Any

import click

from . import __version__, batch, errors, parse, run
from .convert import is_word
from .publish import catalog
from .sandbox import ReportLimits, cpus


def _expand(inputs: tuple[str, ...]) -> list[Path]:
    """Files, folders (their PDFs and Word files) and globs ('raw/*.pdf', also when the shell left it quoted)."""
    paths: list[Path] = []
    for item in inputs:
        p = Path(item)
        if p.is_dir():
            paths.extend(sorted(x for x in p.iterdir() if (x.suffix.lower() == ".pdf" or is_word(x)) and x.is_file()))
        elif any(ch in item for ch in "*?[") and not p.exists():
            paths.extend(sorted(Path(x) for x in glob.glob(item) if Path(x).is_file()))
        else:
            paths.append(p)
    return paths


class _Guarded(click.Group):
    """A command group whose unexpected exceptions (bugs) end in one line saying how to report them,
    not a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command; a bug becomes `error: internal error: ...` and exit code 1."""
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except Exception as exc:
            click.echo(f"error: {errors.internal_message(exc)}", err=True)
            ctx.exit(1)


@click.group(cls=_Guarded)
@click.version_option(__version__, prog_name="baocao")
def main() -> None:
    """baocao: Vietnamese socio-economic report PDFs into checked, analysis-ready tables."""


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option(
    "--out",
    "out_dir",
    default="extracted",
    show_default=True,
    type=click.Path(file_okay=False),
    help="Folder that receives one sub-folder per report.",
)
@click.option("--quiet", is_flag=True, help="No progress bar.")
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes for a batch [default: one per CPU, at most one per report].",
)
@click.option("--force", is_flag=True, help="Re-extract reports whose folder is up to date.")
@click.option("--scheduler", metavar="ADDRESS", help="Run on a Dask distributed cluster (tcp://host:8786).")
@click.option("--no-ocr", is_flag=True, help="Do not OCR scanned pages (a scanned report then fails).")
@click.option(
    "--max-pages",
    type=int,
    default=parse.Limits.max_pages,
    show_default=True,
    help="Refuse reports with more pages (PDF bomb protection).",
)
@click.option(
    "--max-chars",
    type=int,
    default=parse.Limits.max_chars,
    show_default=True,
    help="Refuse reports with more characters in all.",
)
@click.option(
    "--max-stream-mb",
    type=click.IntRange(min=1),
    default=parse.Limits.max_stream_mb,
    show_default=True,
    help="Refuse reports with a stream that decodes to more MB (decompression bomb protection).",
)
@click.option(
    "--max-page-mb",
    type=click.IntRange(min=1),
    default=parse.Limits.max_page_mb,
    show_default=True,
    help="Refuse reports with a page whose streams decode to more MB in all.",
)
@click.option(
    "--time-limit",
    type=click.FloatRange(min=0),
    default=ReportLimits.seconds,
    show_default=True,
    help="Stop a report after this many seconds (0 = no limit).",
)
@click.option(
    "--memory-limit",
    type=click.IntRange(min=0),
    default=ReportLimits.memory_mb,
    show_default=True,
    help="Stop a report whose process uses more MB of memory (0 = no limit).",
)
def extract(
    inputs: tuple[str, ...],
    out_dir: str,
    quiet: bool,
    workers: int | None,
    force: bool,
    scheduler: str | None,
    no_ocr: bool,
    max_pages: int,
    max_chars: int,
    max_stream_mb: int,
    max_page_mb: int,
    time_limit: float,
    memory_limit: int,
) -> None:
    """Extract report PDFs (files, folders of PDFs, globs) into OUT/<report_id>/.

    Word and OpenDocument files (.docx, .doc, .odt, .rtf) are converted to PDF with LibreOffice first.

    Reports run in parallel worker processes; a report whose folder was made from the same PDF,
    rules and code is skipped (--force re-extracts); one bad report never stops the others. The
    exit code is the number of reports that failed; OUT/batch.json records every outcome."""
    pdfs = _expand(inputs)
    if not pdfs:
        raise click.UsageError("no PDF or Word files found in the inputs")
    out = Path(out_dir)
    limits = parse.Limits(max_pages=max_pages, max_chars=max_chars, max_stream_mb=max_stream_mb,
                          max_page_mb=max_page_mb)  # fmt: skip
    options = run.Options(limits=limits, ocr=parse.OcrOptions(enabled=not no_ocr))
    report_limits = ReportLimits(seconds=time_limit or None, memory_mb=memory_limit or None)
    started = time.time()
    tasks, outcomes = _plan(pdfs, out, options, force, report_limits)
    n_workers = workers or min(len(tasks), cpus()) or 1
    progress = _Progress(show=not quiet and sys.stderr.isatty(), total=len(tasks), started=started)

    def on_outcome(o: batch.Outcome) -> None:
        outcomes.append(o)
        click.echo(o.line(), err=o.status == "failed")
        if o.status == "done" and o.folder:
            _catalog(out, Path(o.folder))
        progress.outcome(o, outcomes)

    try:
        batch.run_batch(tasks, n_workers, scheduler, on_outcome, progress.page)
    finally:
        progress.close()
    batch.write_summary(out, outcomes, started, n_workers, scheduler)
    failed = sum(o.status == "failed" for o in outcomes)
    _totals(outcomes, started, out)
    sys.exit(min(failed, 100))


def _plan(
    pdfs: list[Path], out: Path, options: run.Options, force: bool, limits: ReportLimits
) -> tuple[list[batch.Task], list[batch.Outcome]]:
    """One task a report, and a failed outcome (reported now) for each PDF whose report id is taken."""
    outcomes: list[batch.Outcome] = []
    tasks: list[batch.Task] = []
    seen: dict[str, Path] = {}
    for pdf in pdfs:
        rid = parse.report_id_for(pdf)
        if rid in seen:
            o = batch.Outcome(pdf=str(pdf), report_id=rid, status="failed",
                              message=f"{pdf}: same report id {rid!r} as {seen[rid]}; rename one")  # fmt: skip
            outcomes.append(o)
            click.echo(o.line(), err=True)
            continue
        seen[rid] = pdf
        tasks.append(batch.Task(pdf=str(pdf), out_dir=str(out), options=options, force=force, limits=limits))
    return tasks, outcomes


class _Progress:
    """The progress bars of a batch on stderr: reports, and the pages of the report at hand."""

    def __init__(self, *, show: bool, total: int, started: float) -> None:
        self.show = show
        self.started = started
        self.pages = 0
        self.bar: Any = None
        self.page_bar: Any = None
        if show:
            from tqdm import tqdm

            self.bar = tqdm(total=total, unit="report", file=sys.stderr, dynamic_ncols=True)

    def page(self, task: batch.Task, done: int, total: int) -> None:
        """A page of `task` is read."""
        if not self.show:
            return
        from tqdm import tqdm

        name = parse.report_id_for(Path(task.pdf))
        if self.page_bar is None or self.page_bar.desc != name:
            if self.page_bar is not None:
                self.page_bar.close()
            self.page_bar = tqdm(desc=name, total=total, unit="page", leave=False, file=sys.stderr, position=1)
        self.page_bar.update(done - self.page_bar.n)

    def outcome(self, o: batch.Outcome, outcomes: list[batch.Outcome]) -> None:
        """A report is finished (`outcomes`: all so far)."""
        self.pages += o.pages
        if self.bar is None:
            return
        counts = {s: sum(x.status == s for x in outcomes) for s in ("done", "failed", "skipped")}
        rate = self.pages / max(1e-6, time.time() - self.started)
        self.bar.set_postfix(done=counts["done"], failed=counts["failed"], skipped=counts["skipped"],
                             pages_per_s=f"{rate:.1f}")  # fmt: skip
        self.bar.update(1)

    def close(self) -> None:
        """Remove the bars."""
        for b in (self.page_bar, self.bar):
            if b is not None:
                b.close()


def _totals(outcomes: list[batch.Outcome], started: float, out: Path) -> None:
    """The last line of a batch of several reports, or of one that failed."""
    failed = sum(o.status == "failed" for o in outcomes)
    skipped = sum(o.status == "skipped" for o in outcomes)
    if len(outcomes) > 1 or failed:
        click.echo(
            f"{len(outcomes)} reports: {len(outcomes) - failed - skipped} extracted, {skipped} skipped, "
            f"{failed} failed ({time.time() - started:.1f} s) -> {out / 'batch.json'}",
            err=bool(failed),
        )


def _catalog(out_dir: Path, folder: Path) -> None:
    """Add the report to OUT/catalog.duckdb; a catalogue problem never fails the report."""
    try:
        catalog.update(out_dir, folder)
    except Exception as exc:  # a locked or damaged catalogue
        click.echo(f"warning: {out_dir / catalog.FILE}: not updated ({exc}); run 'baocao catalog {out_dir}'", err=True)


@main.command("review")
@click.argument("folders", nargs=-1, required=True, type=click.Path(file_okay=False))
@click.option(
    "--pdf",
    type=click.Path(dir_okay=False, exists=True),
    help="The report's PDF, when it has moved (checked against document.json's sha256).",
)
@click.option(
    "--lang",
    type=click.Choice(["vi", "en"]),
    default="vi",
    show_default=True,
    help="Language of the review and summary pages.",
)
def review_cmd(folders: tuple[str, ...], pdf: str | None, lang: str) -> None:
    """Apply REPORT_DIR/review.csv: rebuild what depends on the decisions (clean/, review.html,
    summary.html, document.json's counts, the catalogue entry)."""
    failed = 0
    for item in folders:
        folder = Path(item)
        try:
            result = run.review_folder(folder, Path(pdf) if pdf else None, lang=lang)
        except errors.BaocaoError as exc:
            failed += 1
            click.echo(f"error: {exc.path}: {exc.problem}", err=True)
            continue
        except Exception as exc:  # a bug: this folder fails, the others go on
            failed += 1
            click.echo(f"error: {folder}: {errors.internal_message(exc)}", err=True)
            continue
        for problem in result.problems:
            click.echo(f"warning: {folder / 'review.csv'}: {problem}", err=True)
        click.echo(result.summary())
        _catalog(folder.resolve().parent, folder.resolve())
    sys.exit(min(failed, 100))


@main.command("catalog")
@click.argument("out_dir", default="extracted", type=click.Path(file_okay=False, exists=True))
def catalog_cmd(out_dir: str) -> None:
    """Rebuild OUT_DIR/catalog.duckdb from every report folder in OUT_DIR."""
    path = catalog.rebuild(Path(out_dir))
    n = len(catalog.report_folders(Path(out_dir)))
    click.echo(f"{path}: {n} reports")


if __name__ == "__main__":  # pragma: no cover
    main()
