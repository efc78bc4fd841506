"""The one place where the stages are composed: PDF in, report folder out."""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import claims, convert, errors, indicators, parse, publish, segment, tables, validate
from .publish import clean, decisions, review, status, summary
from .records import Document
from .rules import Rules, default_rules
from .segment import Segmented
from .validate import gx


@dataclass(frozen=True)
class Options:
    """How to read a report: the size limits, OCR of scanned pages, whether it uses a second CPU."""

    limits: parse.Limits = field(default_factory=parse.Limits)
    ocr: parse.OcrOptions = field(default_factory=parse.OcrOptions)
    # a report uses a second CPU: a long report's second half of pages read by a forked child
    # (parse.pdf_to_document), the workbook written by another (clean.writing_clean); batches of
    # several workers switch it off (their workers keep the CPUs busy already)
    second_cpu: bool = True


@dataclass(frozen=True, kw_only=True)
class ReportResult:
    """What extracting one report gave, for the command line and the batch."""

    report_id: str
    folder: Path
    pages: int
    seconds: float
    counts: dict[str, int | None]
    warnings: int

    def summary(self) -> str:
        """One line: the counts and where the folder is."""
        c = self.counts
        parts = [f"{self.pages} pages"]
        for key, label in (
            ("sections", "sections"), ("sentences", "sentences"), ("footnotes", "footnotes"),
            ("claims", "claims"), ("table_cells", "table cells"), ("checks_failed", "failed checks"),
        ):  # fmt: skip
            if c.get(key) is not None:
                parts.append(f"{c[key]} {label}")
        parts.append(f"{self.warnings} warnings")
        return f"{self.report_id}: {', '.join(parts)} -> {self.folder} ({self.seconds:.1f} s)"


@dataclass(frozen=True, kw_only=True)
class Stages:
    """Every stage's result for one report."""

    doc: Document
    seg: Segmented
    tabs: tables.Tables
    found: claims.Claims
    links: indicators.Links
    own: list[validate.Check]  # the checks before great-expectations' verdict
    verdict: gx.GxResult
    checks: list[validate.Check]


@dataclass(frozen=True, kw_only=True)
class Checked:
    """Every stage's result up to the checks, before great-expectations' verdict."""

    doc: Document
    seg: Segmented
    tabs: tables.Tables
    found: claims.Claims
    links: indicators.Links
    own: list[validate.Check]


def pdf_to_checked(
    pdf: Path, report_id: str, options: Options, on_page: Callable[[int, int], None] | None, *, rules: Rules
) -> Checked:
    """Parse, segment, read the tables and claims, link them and work out the checks."""
    doc = parse.pdf_to_document(
        pdf, options.limits, on_page=on_page, report_id=report_id, ocr_options=options.ocr, split=options.second_cpu
    )
    seg = segment.document_to_segments(doc)
    tabs = tables.regions_to_tables(doc, rules=rules)
    found = claims.sentences_to_claims(doc, seg, rules=rules)
    links = indicators.link_report(seg, tabs, found, rules=rules)
    own = validate.relations(doc, seg, tabs, found, rules=rules, links=links, period=claims.default_period(doc))
    return Checked(doc=doc, seg=seg, tabs=tabs, found=found, links=links, own=own)


def with_verdict(ck: Checked, verdict: gx.GxResult) -> Stages:
    """The stages with great-expectations' verdict on the checks (and each failure's diagnosis)."""
    checks = validate.with_diagnoses(validate.with_status(ck.own, verdict.statuses))
    return Stages(
        doc=ck.doc, seg=ck.seg, tabs=ck.tabs, found=ck.found, links=ck.links, own=ck.own, verdict=verdict,
        checks=checks,
    )  # fmt: skip


# The checks' own statuses (interval arithmetic), standing in for great-expectations' verdict while
# it is given: the two agree by construction (tests/test_validate.py), and where they would not, the
# folder is written again with great-expectations' statuses.
PROVISIONAL = gx.GxResult(statuses={}, summary={})


def pdf_to_stages(
    pdf: Path,
    report_id: str,
    docs_dir: Path,
    options: Options,
    on_page: Callable[[int, int], None] | None,
    *,
    rules: Rules,
) -> Stages:
    """Parse, segment, read the tables and claims, and check them (Data Docs go to `docs_dir`)."""
    with gx.Verdicts() as verdicts:  # great-expectations imported meanwhile, in a helper process, if not yet
        ck = pdf_to_checked(pdf, report_id, options, on_page, rules=rules)
        return with_verdict(ck, verdicts.validate(ck.own, docs_dir, report_id, rules=rules))


def stages_to_folder(folder: Path, st: Stages, document: dict[str, Any], *, rules: Rules) -> publish.Frames:
    """Write the stages' records into the report folder (validation.json apart: write_validation);
    the contract frames written."""
    publish.write_json(folder / "document.json", document)
    publish.write_text(folder, st.doc)
    frames = publish.report_frames(st.doc, st.seg, st.tabs, st.found, st.checks, rules=rules, links=st.links)
    publish.write_frames(folder, frames, rules=rules)
    publish.write_json(folder / "tables.json", publish.tables_meta(st.tabs, st.doc))
    return frames


def write_validation(folder: Path, st: Stages) -> None:
    """validation.json: the checks' counts and failures, and great-expectations' own summary."""
    publish.write_json(
        folder / "validation.json", validate.summary(st.doc.report_id, st.checks, st.own, st.verdict.summary)
    )


def inputs_to_reviewed(
    folder: Path, pdf: Path | None, inputs: publish.Inputs, *, rules: Rules, lang: str = "vi", second_cpu: bool = True
) -> bool:
    """Write clean/, summary.html and review.html from the inputs, and the review counts into
    document.json; whether the source PDF was found for the pictures."""
    frames = clean.build(inputs, rules=rules)
    with clean.writing_clean(folder, frames, inputs.report_id, rules=rules, inputs=inputs, background=second_cpu):
        summary.build(folder, frames, inputs, rules=rules, lang=lang)
        _path, pictures = review.build(folder, pdf, inputs, rules=rules, lang=lang)
    publish.update_counts(folder / "document.json", status.review_counts(inputs))
    return pictures


def review_warnings(applied: decisions.Applied) -> list[str]:
    """document.json's warnings about review.csv: unusable lines and decisions without a check."""
    return [str(p) for p in applied.problems] + [
        f"review.csv line {d.line}: decision for {d.check_id}, which no longer exists (kept)" for d in applied.orphans
    ]


def extract_report(
    pdf: Path,
    out_dir: Path,
    options: Options | None = None,
    on_page: Callable[[int, int], None] | None = None,
    cache_key: dict[str, str] | None = None,
    *,
    rules: Rules | None = None,
) -> ReportResult:
    """Run every stage on one report and write its folder atomically. A Word/ODT file is converted
    to PDF first (in a temporary folder; the report id is the original's). `cache_key`
    (batch.cache_key) is recorded in document.json so that a later batch can skip the unchanged
    report; `rules` (default: the rule files, loaded now) go to every stage."""
    options = options or Options()
    rules = rules if rules is not None else default_rules()
    if not convert.is_word(pdf):
        return _extract_pdf(pdf, out_dir, options, on_page, cache_key, rules=rules)
    with tempfile.TemporaryDirectory(prefix="baocao-convert-") as work:
        conversion = convert.to_pdf(pdf, Path(work))
        return _extract_pdf(conversion.pdf, out_dir, options, on_page, cache_key, rules=rules, conversion=conversion)


def _extract_pdf(
    pdf: Path,
    out_dir: Path,
    options: Options,
    on_page: Callable[[int, int], None] | None,
    cache_key: dict[str, str] | None,
    *,
    rules: Rules,
    conversion: convert.Conversion | None = None,
) -> ReportResult:
    """extract_report on a PDF (`conversion`: the Word file it was made from)."""
    t0 = time.perf_counter()
    report_id = parse.report_id_for(conversion.original if conversion else pdf)
    with publish.staged_folder(out_dir, report_id) as tmp, gx.Verdicts() as verdicts:
        ck = pdf_to_checked(pdf, report_id, options, on_page, rules=rules)
        pending = verdicts.submit(ck.own, tmp / "data_docs", report_id, rules=rules)
        # the folder is written while great-expectations gives its verdict, with the checks' own statuses
        guess = with_verdict(ck, PROVISIONAL)
        counts, warnings = stages_to_reviewed(
            tmp, out_dir, pdf, guess, cache_key, conversion, rules=rules, second_cpu=options.second_cpu
        )
        st = with_verdict(ck, pending.result())
        if [c.status for c in st.checks] != [c.status for c in guess.checks]:
            counts, warnings = stages_to_reviewed(
                tmp, out_dir, pdf, st, cache_key, conversion, rules=rules, second_cpu=options.second_cpu
            )
        write_validation(tmp, st)
    return ReportResult(
        report_id=report_id, folder=out_dir / report_id, pages=st.doc.source.pages,
        seconds=time.perf_counter() - t0, counts=counts, warnings=len(warnings),
    )  # fmt: skip


def stages_to_reviewed(
    tmp: Path,
    out_dir: Path,
    pdf: Path,
    st: Stages,
    cache_key: dict[str, str] | None,
    conversion: convert.Conversion | None,
    *,
    rules: Rules,
    second_cpu: bool = True,
) -> tuple[dict[str, int | None], list[str]]:
    """Write the staged report folder `tmp` (all but validation.json): records, clean tables, review
    page; document.json's counts and warnings."""
    counts = document_counts(st.doc, st.seg, st.tabs, st.found, st.checks)
    warnings = [str(n) for n in (*st.doc.notes, *st.seg.notes, *st.tabs.notes, *st.found.notes)]
    extra: dict[str, object] = {"period": claims.default_period(st.doc), "cache_key": cache_key}
    if conversion is not None:
        extra.update(converted_source(conversion, tmp, out_dir / st.doc.report_id, st.doc))
    document = publish.document_json(st.doc, counts, warnings=warnings, extra=extra)
    frames = stages_to_folder(tmp, st, document, rules=rules)
    # reviewer decisions survive re-runs: the previous folder's review.csv comes along
    publish.carry_over(out_dir / st.doc.report_id, tmp, decisions.FILE)
    decisions.template(tmp / decisions.FILE)
    inputs = publish.memory_to_inputs(document, frames, publish.tables_meta(st.tabs, st.doc), tmp, rules=rules)
    if notes := review_warnings(inputs.applied):
        warnings = [*warnings, *notes]
        publish.write_json(tmp / "document.json", publish.document_json(st.doc, counts, warnings=warnings, extra=extra))
    inputs_to_reviewed(tmp, pdf, inputs, rules=rules, second_cpu=second_cpu)
    return counts, warnings


def converted_source(conversion: convert.Conversion, staging: Path, final: Path, doc: Document) -> dict[str, object]:
    """document.json's `converted_from`, and its `source`: the converted PDF, kept in the report
    folder so that the review page can draw its pictures after the temporary one is gone."""
    name = conversion.pdf.name
    shutil.copyfile(conversion.pdf, staging / name)
    source = {"file": name, "path": str((final / name).resolve()), "sha256": doc.source.sha256,
              "pages": doc.source.pages}  # fmt: skip
    return {"source": source, "converted_from": conversion.provenance()}


@dataclass(frozen=True, kw_only=True)
class ReviewResult:
    """What applying review.csv again gave."""

    folder: Path
    failed: int
    decided: int
    open: int
    orphans: int
    problems: list[str]
    pictures: bool

    def summary(self) -> str:
        """One line: failures, decisions, problems and where the page is."""
        parts = [f"{self.failed} failed checks, {self.decided} decided, {self.open} open"]
        if self.orphans:
            parts.append(f"{self.orphans} decisions without a check (kept)")
        if self.problems:
            parts.append(f"{len(self.problems)} unusable review.csv lines")
        if not self.pictures:
            parts.append("no pictures (source PDF not found)")
        return f"{self.folder.name}: {', '.join(parts)} -> {self.folder / review.FILE}"


def review_folder(
    folder: Path, pdf: Path | None = None, *, rules: Rules | None = None, lang: str = "vi"
) -> ReviewResult:
    """Apply review.csv again: rebuild what depends on the decisions (clean/, summary.html,
    review.html, document.json's counts) of an extracted report. A `pdf` that is not the report's
    (another sha256) or not a PDF, and a review.csv that cannot be read, are refused."""
    if not (folder / "checks.csv").is_file() or not (folder / "document.json").is_file():
        raise errors.NotAReportFolderError(str(folder), "not a baocao report folder (no checks.csv/document.json)")
    rules = rules if rules is not None else default_rules()
    decisions.template(folder / decisions.FILE)
    decisions.read(folder / decisions.FILE)  # a file in an unknown encoding or layout stops here
    inputs = publish.folder_to_inputs(folder, rules=rules)
    if pdf is not None:
        review.check_pdf(pdf, inputs.document)
    pictures = inputs_to_reviewed(folder, pdf, inputs, rules=rules, lang=lang)
    failed = set(inputs.checks.loc[inputs.checks["status"] == "fail", "check_id"])
    return ReviewResult(
        folder=folder,
        failed=len(failed),
        open=sum(1 for c in failed if c not in inputs.applied.by_check),
        decided=sum(1 for c in failed if c in inputs.applied.by_check),
        orphans=len(inputs.applied.orphans),
        problems=[str(p) for p in inputs.applied.problems],
        pictures=pictures,
    )


def document_counts(
    doc: Document,
    seg: Segmented,
    tabs: tables.Tables,
    found: claims.Claims,
    checks: list[validate.Check] | None = None,
) -> dict[str, int | None]:
    """document.json's counts."""
    return {
        "checks": len(checks) if checks is not None else None,
        "checks_failed": sum(c.status == "fail" for c in checks) if checks is not None else None,
        "footnotes": len(doc.footnotes),
        "sections": len(seg.sections),
        "sentences": len(seg.sentences),
        "numbers": found.numbers_seen,
        "claims": len(found.claims),
        "table_cells": sum(len(t.cells) for t in tabs.tables),
    }
