"""Command line: a thin layer over pipeline.run; named errors become one-line messages."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import __version__, catalog, errors, parse, run


def _expand(inputs: tuple[str, ...]) -> list[Path]:
    paths: list[Path] = []
    for item in inputs:
        p = Path(item)
        if p.is_dir():
            paths.extend(sorted(x for x in p.iterdir() if x.suffix.lower() == ".pdf" and x.is_file()))
        else:
            paths.append(p)
    return paths


@click.group()
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
def extract(inputs: tuple[str, ...], out_dir: str, quiet: bool, max_pages: int, max_chars: int) -> None:
    """Extract report PDFs (files or folders of PDFs) into OUT/<report_id>/."""
    pdfs = _expand(inputs)
    if not pdfs:
        raise click.UsageError("no PDF files found in the inputs")
    options = run.Options(limits=parse.Limits(max_pages=max_pages, max_chars=max_chars))
    failed = 0
    seen: dict[str, Path] = {}
    for pdf in pdfs:
        rid = parse.report_id_for(pdf)
        if rid in seen:
            click.echo(f"error: {pdf}: same report id {rid!r} as {seen[rid]}; rename one of them", err=True)
            failed += 1
            continue
        seen[rid] = pdf
        bar = None
        if not quiet and sys.stderr.isatty():
            from tqdm import tqdm

            bar = tqdm(desc=rid, unit="page", leave=False, file=sys.stderr)

        def on_page(done: int, total: int, bar=bar) -> None:
            if bar is not None:
                bar.total = total
                bar.update(done - bar.n)

        try:
            result = run.extract_report(pdf, Path(out_dir), options, on_page=on_page)
        except errors.BaocaoError as exc:
            failed += 1
            click.echo(f"error: {exc.path}: {exc.problem}", err=True)
            continue
        finally:
            if bar is not None:
                bar.close()
        click.echo(result.summary())
        _catalog(Path(out_dir), result.folder)
    if failed:
        click.echo(f"{failed} of {len(pdfs)} reports failed", err=True)
    sys.exit(min(failed, 100))


def _catalog(out_dir: Path, folder: Path) -> None:
    """Add the report to OUT/catalog.duckdb; a catalogue problem never fails the report."""
    try:
        catalog.update(out_dir, folder)
    except Exception as exc:  # a locked or damaged catalogue
        click.echo(f"warning: {out_dir / catalog.FILE}: not updated ({exc}); run 'baocao catalog {out_dir}'", err=True)


@main.command("review")
@click.argument("folders", nargs=-1, required=True, type=click.Path(file_okay=False))
@click.option("--pdf", type=click.Path(dir_okay=False, exists=True), help="The report's PDF, when it has moved.")
def review_cmd(folders: tuple[str, ...], pdf: str | None) -> None:
    """Apply REPORT_DIR/review.csv: rebuild review.html and clean/ (and the catalogue entry)."""
    failed = 0
    for item in folders:
        folder = Path(item)
        try:
            result = run.review_folder(folder, Path(pdf) if pdf else None)
        except errors.BaocaoError as exc:
            failed += 1
            click.echo(f"error: {exc.path}: {exc.problem}", err=True)
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
