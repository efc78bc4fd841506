"""The one place where the stages are composed: PDF in, report folder out."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import claims, errors, parse, publish, segment, tables, validate
from .publish import clean, decisions, review
from .records import Document
from .segment import Segmented
from .validate import gx


@dataclass(frozen=True)
class Options:
    limits: parse.Limits = field(default_factory=parse.Limits)
    ocr: parse.OcrOptions = field(default_factory=parse.OcrOptions)


@dataclass(frozen=True)
class ReportResult:
    report_id: str
    folder: Path
    pages: int
    seconds: float
    counts: dict[str, int | None]
    warnings: int

    def summary(self) -> str:
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


def extract_report(
    pdf: Path,
    out_dir: Path,
    options: Options | None = None,
    on_page: Callable[[int, int], None] | None = None,
    cache_key: dict[str, str] | None = None,
) -> ReportResult:
    """Run every stage on one report and write its folder atomically. `cache_key` (batch.cache_key)
    is recorded in document.json so that a later batch can skip the unchanged report."""
    options = options or Options()
    t0 = time.perf_counter()
    report_id = parse.report_id_for(pdf)
    with publish.staged_folder(out_dir, report_id) as tmp:
        doc = parse.pdf_to_document(pdf, options.limits, on_page=on_page, report_id=report_id, ocr_options=options.ocr)
        seg = segment.document_to_segments(doc)
        tabs = tables.regions_to_tables(doc)
        found = claims.sentences_to_claims(doc, seg)
        own = validate.relations(doc, seg, tabs, found)
        verdict = gx.validate_checks(own, tmp / "data_docs", report_id)
        checks = validate.with_status(own, verdict.statuses)
        counts = document_counts(doc, seg, tabs, found, checks)
        warnings = [str(n) for n in (*doc.notes, *seg.notes, *tabs.notes, *found.notes)]
        extra: dict[str, object] = {"period": claims.default_period(doc), "cache_key": cache_key}
        publish.write_json(tmp / "document.json", publish.document_json(doc, counts, warnings=warnings, extra=extra))
        publish.write_text(tmp, doc)
        publish.write_segments(tmp, doc, seg)
        publish.write_tables(tmp, tabs)
        publish.write_claims(tmp, found)
        publish.write_checks(tmp, checks, validate.summary(report_id, checks, own, verdict.summary))
        # reviewer decisions survive re-runs: the previous folder's review.csv comes along
        publish.carry_over(out_dir / report_id, tmp, decisions.FILE)
        decisions.template(tmp / decisions.FILE)
        inputs = clean.folder_to_inputs(tmp)
        clean.write_clean(tmp, clean.build(inputs), report_id)
        review.build(tmp, pdf, inputs)
        review_notes = [str(p) for p in inputs.applied.problems] + [
            f"review.csv line {d.line}: decision for {d.check_id}, which no longer exists (kept)"
            for d in inputs.applied.orphans
        ]
        if review_notes:
            warnings += review_notes
            publish.write_json(
                tmp / "document.json", publish.document_json(doc, counts, warnings=warnings, extra=extra)
            )
    return ReportResult(
        report_id, out_dir / report_id, doc.source.pages, time.perf_counter() - t0, counts, len(warnings)
    )


@dataclass(frozen=True)
class ReviewResult:
    folder: Path
    failed: int
    decided: int
    orphans: int
    problems: list[str]
    pictures: bool

    def summary(self) -> str:
        parts = [f"{self.failed} failed checks, {self.decided} decided"]
        if self.orphans:
            parts.append(f"{self.orphans} decisions without a check (kept)")
        if self.problems:
            parts.append(f"{len(self.problems)} unusable review.csv lines")
        if not self.pictures:
            parts.append("no pictures (source PDF not found)")
        return f"{self.folder.name}: {', '.join(parts)} -> {self.folder / review.FILE}"


def review_folder(folder: Path, pdf: Path | None = None) -> ReviewResult:
    """Apply review.csv again: rebuild clean/ and review.html of an extracted report."""
    if not (folder / "checks.csv").is_file() or not (folder / "document.json").is_file():
        raise errors.NotAReportFolderError(str(folder), "not a baocao report folder (no checks.csv/document.json)")
    decisions.template(folder / decisions.FILE)
    inputs = clean.folder_to_inputs(folder)
    clean.write_clean(folder, clean.build(inputs), inputs.report_id)
    _path, pictures = review.build(folder, pdf, inputs)
    failed = set(inputs.checks.loc[inputs.checks["status"] == "fail", "check_id"])
    return ReviewResult(
        folder,
        len(failed),
        sum(1 for c in failed if c in inputs.applied.by_check),
        len(inputs.applied.orphans),
        [str(p) for p in inputs.applied.problems],
        pictures,
    )


def document_counts(
    doc: Document,
    seg: Segmented,
    tabs: tables.Tables,
    found: claims.Claims,
    checks: list[validate.Check] | None = None,
) -> dict[str, int | None]:
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
