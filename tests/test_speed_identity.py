"""The speed-ups read the same things: pdfplumber's objects, the lines of a page and great-expectations'
verdict are the same by the faster path as by the plain one (issue 15: every output identical).

- parse/pdf.page_objects against pdfplumber's own page.parse_objects(), on the sample and on every
  report of the layout matrix (fonts, sizes, orientations, rules): every character's CHAR_KEYS
  fields equal (value and type), every other object equal whole;
- lines.Reading shared by the unruled-table finder and the text lines against reading the page
  twice, at both column gaps;
- the verdict given by gx.Verdicts' helper process against the one given in this process.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from test_layout_matrix import DESIGN, _case_id, build

from pipeline.parse import pdf as pdfmod
from pipeline.parse.chars import FontBook
from pipeline.parse.lines import Reading, chars_to_lines
from pipeline.parse.unruled import CELL_GAP
from pipeline.sandbox import cpus


def _pages(path: Path) -> Any:
    doc = pdfmod.open_pdf(path, path.read_bytes())
    try:
        yield from pdfmod.iter_pages(doc)
    finally:
        doc.close()


def _differences(path: Path) -> tuple[int, list[str]]:
    """Characters compared, and every difference between page_objects and pdfplumber's objects."""
    problems: list[str] = []
    n = 0
    for page in _pages(path):
        ref = page.parse_objects()
        fast = pdfmod.page_objects(page)
        if list(ref) != list(fast):
            problems.append(f"page {page.page_number}: kinds {list(ref)} != {list(fast)}")
            continue
        for kind, objs in ref.items():
            if len(objs) != len(fast[kind]):
                problems.append(f"page {page.page_number}: {len(objs)} {kind} != {len(fast[kind])}")
                continue
            for a, b in zip(objs, fast[kind], strict=True):
                if kind != "char":
                    if a != b:
                        problems.append(f"page {page.page_number}: {kind} {a} != {b}")
                    continue
                n += 1
                for key in pdfmod.CHAR_KEYS:
                    if a[key] != b[key] or type(a[key]) is not type(b[key]):
                        problems.append(f"page {page.page_number}: char {a['text']!r} {key} {a[key]!r} != {b[key]!r}")
    return n, problems


def _line_differences(path: Path) -> list[str]:
    """Pages whose lines differ when the unruled-table finder and the text share one Reading."""
    problems = []
    book = FontBook()
    for page in _pages(path):
        chars, _unmapped, _rotated = pdfmod._page_chars(page.chars, book)
        number = page.page_number
        plain = (chars_to_lines(chars, number, column_gap=CELL_GAP), chars_to_lines(chars, number))
        reading = Reading.of(chars)
        shared = (
            chars_to_lines(chars, number, CELL_GAP, reading=reading),
            chars_to_lines(chars, number, reading=reading),
        )
        if plain != shared:
            problems.append(f"page {number}")
    return problems


def test_page_objects_are_pdfplumbers_on_the_sample(sample_pdf: Path):
    n, problems = _differences(sample_pdf)
    assert n > 100_000  # every character of the 51 pages was compared
    assert problems == []


@pytest.mark.parametrize("row", DESIGN, ids=[_case_id(r) for r in DESIGN])
def test_page_objects_are_pdfplumbers_on_the_layout_matrix(tmp_path: Path, row: dict[str, str]):
    build(row, tmp_path / "report.pdf")
    n, problems = _differences(tmp_path / "report.pdf")
    assert n > 1000
    assert problems == []
    assert _line_differences(tmp_path / "report.pdf") == []


def test_a_shared_reading_gives_the_same_lines_on_the_sample(sample_pdf: Path):
    assert _line_differences(sample_pdf) == []


def test_a_reading_of_other_characters_is_not_used(sample_pdf: Path):
    pages = _pages(sample_pdf)
    page = next(pages)
    chars, _u, _r = pdfmod._page_chars(page.chars, FontBook())
    pages.close()
    reading = Reading.of(chars[: len(chars) // 2])
    assert chars_to_lines(chars, 1, reading=reading) == chars_to_lines(chars, 1)
    assert reading.chars is not chars and len(reading.rows) < len(Reading.of(chars).rows)


# --------------------------------------------------------------------------------------
# great-expectations' verdict by the helper process


@pytest.fixture(scope="module")
def altered_checks(sample_doc):
    from test_validate import ALTERATIONS

    from pipeline import claims, segment, tables, validate

    seg = segment.document_to_segments(sample_doc)
    stages = (sample_doc, seg, tables.regions_to_tables(sample_doc), claims.sentences_to_claims(sample_doc, seg))
    return validate.relations(*ALTERATIONS["sector value in the table"][0](*stages))


def test_the_helper_gives_the_verdict_given_in_process(altered_checks, tmp_path: Path):
    from pipeline.validate import gx

    here = gx.validate_checks(altered_checks, tmp_path / "here", "altered")
    with gx.Verdicts(helper=True) as verdicts:
        assert verdicts.proc is not None and verdicts.proc.pid != os.getpid()
        there = verdicts.validate(altered_checks, tmp_path / "there", "altered")
        assert verdicts.proc is None  # the helper is done once it has given the verdict
    assert there.statuses == here.statuses and "fail" in there.statuses.values()
    assert there.summary == here.summary
    assert (tmp_path / "there" / "index.html").is_file()  # Data Docs written by the helper


def test_a_helper_that_died_leaves_the_verdict_to_this_process(altered_checks):
    from pipeline.validate import gx

    verdicts = gx.Verdicts(helper=True)
    verdicts.proc.kill()
    verdicts.proc.join()
    got = verdicts.validate(altered_checks, None, "altered")
    assert got.statuses == gx.validate_checks(altered_checks, None, "altered").statuses


def test_no_helper_where_great_expectations_is_already_imported():
    from pipeline.validate import gx

    gx.engine()
    with gx.Verdicts() as verdicts:
        assert verdicts.proc is None


def test_a_report_that_fails_stops_its_helper_at_once():
    from pipeline.validate import gx

    with pytest.raises(ValueError), gx.Verdicts(helper=True) as verdicts:
        proc = verdicts.proc
        raise ValueError("the report failed before its checks")
    assert proc is not None and not proc.is_alive() and verdicts.proc is None


# --------------------------------------------------------------------------------------
# the report folder is written while great-expectations gives its verdict


MINI = Path(__file__).parent / "golden" / "snapshot" / "mini-sonla.pdf"


def _statuses(folder: Path) -> dict[str, str]:
    import csv

    with (folder / "checks.csv").open(encoding="utf-8") as f:
        return {row["check_id"]: row["status"] for row in csv.DictReader(f)}


def test_the_folder_follows_the_verdict_where_it_differs_from_the_checks_own(tmp_path: Path, monkeypatch):
    """The folder is written with the checks' own statuses while great-expectations works; a verdict
    that differs (forced here: one passing check failed) has the folder written again with it."""
    import json

    from pipeline import run
    from pipeline.validate import gx

    run.extract_report(MINI, tmp_path / "plain")
    plain = _statuses(tmp_path / "plain" / "mini-sonla")
    flipped = sorted(c for c, s in plain.items() if s == "pass")[0]
    real = gx.verdict

    def dissenting(*args: Any) -> gx.GxResult:
        got = real(*args)
        return gx.GxResult(statuses={**got.statuses, flipped: "fail"}, summary=got.summary)

    monkeypatch.setattr(gx, "verdict", dissenting)  # before the helper is forked: it runs this too
    run.extract_report(MINI, tmp_path / "dissent")
    folder = tmp_path / "dissent" / "mini-sonla"
    got = _statuses(folder)
    assert got == {**plain, flipped: "fail"}
    failed = sum(s == "fail" for s in got.values())
    assert json.loads((folder / "document.json").read_text("utf-8"))["counts"]["checks_failed"] == failed
    assert flipped in (folder / "review.html").read_text("utf-8")
    summary = json.loads((folder / "validation.json").read_text("utf-8"))
    assert flipped in json.dumps(summary)


# --------------------------------------------------------------------------------------
# a long report's second half of pages read by a forked child

two_cpus = pytest.mark.skipif(cpus() < 2, reason="work is forked to a second CPU only where there is one")


def _read(path: Path, split: bool) -> tuple[Any, FontBook]:
    from pipeline import parse
    from pipeline.parse.document import read_raw_pages

    book = FontBook()
    raws = read_raw_pages(path, path.read_bytes(), book, parse.Limits(), parse.OcrOptions(), split=split)
    return raws, book


def _watch_takes(monkeypatch: Any) -> list[bool]:
    """What each merge of the child's pages answered (True: taken, False: read here instead)."""
    from pipeline.parse import document

    taken: list[bool] = []
    real = document._take_tail
    monkeypatch.setattr(document, "_take_tail", lambda *a: taken.append(real(*a)) or taken[-1])
    return taken


def _same_reading(path: Path) -> None:
    (one, book1), (two, book2) = _read(path, False), _read(path, True)
    assert len(one) >= 2
    assert two == one
    assert list(book2.fonts.items()) == list(book1.fonts.items()) and book2.refused == book1.refused


@two_cpus
def test_pages_read_on_two_cpus_are_the_pages_read_on_one(sample_pdf: Path, monkeypatch):
    from pipeline.parse import document

    taken = _watch_takes(monkeypatch)
    _same_reading(sample_pdf)
    assert taken == [True]  # the second half did come from the child
    progress: list[tuple[int, int]] = []
    raws = document.read_raw_pages(
        sample_pdf, sample_pdf.read_bytes(), FontBook(), document.Limits(), document.OcrOptions(),
        lambda done, total: progress.append((done, total)), split=True,
    )  # fmt: skip
    assert progress == [(k, len(raws)) for k in range(1, len(raws) + 1)]  # every page reported, in order


@two_cpus
@pytest.mark.parametrize("row", DESIGN[::3], ids=[_case_id(r) for r in DESIGN[::3]])
def test_split_reading_is_the_same_on_the_layout_matrix(tmp_path: Path, row: dict[str, str], monkeypatch):
    from pipeline.parse import document

    monkeypatch.setattr(document, "MIN_SPLIT_PAGES", 2)
    build(row, tmp_path / "report.pdf")
    taken = _watch_takes(monkeypatch)
    _same_reading(tmp_path / "report.pdf")
    assert taken == [True]


@two_cpus
def test_a_font_the_child_decides_otherwise_has_its_pages_read_here(sample_pdf: Path, monkeypatch):
    """The child's fonts must be decided as this process decided them; where one is not, the child's
    pages are read again here (the same result as without the child)."""
    from pipeline.parse import chars

    real = chars.FontBook.get
    parent = os.getpid()

    def child_sees_legacy(self: Any, name: str, sample: str) -> Any:
        font = real(self, name, sample)
        if os.getpid() != parent:  # in the forked child only: every font's decision differs
            from dataclasses import replace

            font = self.fonts[name] = replace(font, bold=not font.bold)
        return font

    monkeypatch.setattr(chars.FontBook, "get", child_sees_legacy)
    taken = _watch_takes(monkeypatch)
    _same_reading(sample_pdf)
    assert taken == [False]


@two_cpus
def test_a_scanned_page_in_the_second_half_is_read_here(tmp_path: Path, monkeypatch):
    import pikepdf
    from pdfgen import ReportPdf, official_header, rasterise

    from pipeline.parse import document

    b = ReportPdf()
    official_header(b, "UBND TỈNH SƠN LA", "88/BC-UBND", "Sơn La", (10, 7, 2024))
    for k in range(3):
        b.paragraph(f"Tổng sản phẩm trên địa bàn ước đạt {k + 7}.155,29 tỷ đồng, tăng 6,12% so với cùng kỳ. " * 40)
    text_pdf = b.save(tmp_path / "text.pdf")
    scan = ReportPdf()
    scan.paragraph("Kim ngạch xuất khẩu ước đạt 338,5 triệu USD, tăng 12,4% so với cùng kỳ năm trước.")
    scanned = rasterise(scan.save(tmp_path / "scan-text.pdf"), tmp_path / "scan.pdf", resolution=150)
    joined = tmp_path / "joined.pdf"
    with pikepdf.open(text_pdf) as out, pikepdf.open(scanned) as other:
        out.pages.extend(other.pages)  # a page without a text layer: OCR's, in this process
        out.save(joined)
    monkeypatch.setattr(document, "MIN_SPLIT_PAGES", 2)
    taken = _watch_takes(monkeypatch)
    _same_reading(joined)
    assert taken == [False]


# --------------------------------------------------------------------------------------
# work done in a forked child: its result, or this process does it


@two_cpus
def test_forked_work_gives_its_result_and_a_failure_is_redone_here(tmp_path: Path):
    from pipeline.sandbox import Background, Forked

    with Forked(lambda: (os.getpid(), [1, 2])) as child:
        done, got = child.result()
    assert done and got is not None and got[0] != os.getpid() and got[1] == [1, 2]

    def fail() -> None:
        raise ValueError(f"failed in {os.getpid()}")

    with Forked(fail) as child:
        assert child.result() == (False, None)
    with pytest.raises(ValueError, match=f"failed in {os.getpid()}$"), Background(fail):
        pass  # the child failed: the work is done again here, and its error raised here
    mark = tmp_path / "written"
    with Background(lambda: mark.write_text(str(os.getpid()))):
        pass
    assert mark.read_text() != str(os.getpid())  # written by the child


@two_cpus
def test_leaving_on_an_error_stops_the_child(tmp_path: Path):
    import time

    from pipeline.sandbox import Background

    pid = tmp_path / "pid"
    with pytest.raises(KeyError), Background(lambda: (pid.write_text(str(os.getpid())), time.sleep(60))):
        for _ in range(100):
            if pid.exists() and pid.read_text():
                break
            time.sleep(0.05)
        raise KeyError("the report failed")
    child = int(pid.read_text())
    assert child != os.getpid()
    with pytest.raises(ProcessLookupError):
        os.kill(child, 0)  # stopped and reaped


def test_batch_workers_do_their_reports_on_one_cpu_each():
    from pipeline import batch, run

    tasks = [batch.Task("a.pdf", "out"), batch.Task("b.pdf", "out", options=run.Options(second_cpu=True))]
    assert run.Options().second_cpu
    assert [t.options.second_cpu for t in batch.one_reader(tasks)] == [False, False]
    assert [t.pdf for t in batch.one_reader(tasks)] == ["a.pdf", "b.pdf"]


@two_cpus
def test_a_reports_own_children_count_their_own_memory_only():
    """The memory limit watches the report child and its children; forked, they share the child's
    pages, which must not be counted twice."""
    import time

    import psutil

    from pipeline import sandbox

    ballast = bytearray(300 * 2**20)  # resident in this process, and shared with a child forked now
    for k in range(0, len(ballast), 4096):
        ballast[k] = 1
    me = psutil.Process(os.getpid())
    own = me.memory_info().rss / 2**20
    with sandbox.Forked(lambda: time.sleep(2)):
        time.sleep(0.3)
        counted = sandbox._rss_mb(me)
    assert own > 300 and counted < own + 100  # not own twice
    del ballast


def test_a_report_stopped_at_its_time_limit_is_stopped_with_its_helpers(tmp_path: Path):
    import subprocess
    import time

    import psutil

    from pipeline import sandbox

    pid = tmp_path / "helper-pid"

    def report(_on_page: Any) -> None:
        helper = subprocess.Popen(["sleep", "60"])  # a process the report started
        pid.write_text(str(helper.pid))
        time.sleep(60)

    got = sandbox.run_limited(report, sandbox.ReportLimits(seconds=1.0, memory_mb=None))
    assert isinstance(got, sandbox.Exceeded) and got.limit == "time"
    helper = int(pid.read_text())
    time.sleep(0.2)
    assert not psutil.pid_exists(helper) or psutil.Process(helper).status() == psutil.STATUS_ZOMBIE


def test_a_review_that_fails_leaves_the_workbook_whole(sample_out: Path, tmp_path: Path, monkeypatch):
    import shutil

    from openpyxl import load_workbook

    from pipeline import run
    from pipeline.publish import summary

    folder = tmp_path / sample_out.name
    shutil.copytree(sample_out, folder)
    book = next((folder / "clean").glob("*.xlsx"))
    before = book.read_bytes()

    def broken(*_a: Any, **_k: Any) -> None:
        raise RuntimeError("summary failed")

    monkeypatch.setattr(summary, "build", broken)
    with pytest.raises(RuntimeError, match="summary failed"):
        run.review_folder(folder)
    assert book.read_bytes() == before and load_workbook(book).sheetnames
    assert not list((folder / "clean").glob(".partial-*"))


@two_cpus
def test_the_character_limit_stops_a_split_reading_at_the_same_page(sample_pdf: Path):
    from pipeline import errors, parse
    from pipeline.parse.document import read_raw_pages

    raws, _book = _read(sample_pdf, False)
    limit = sum(r.chars for r in raws[:40]) - 1  # reached on page 40, in the half the child reads
    messages = []
    for split in (False, True):
        with pytest.raises(errors.LimitExceededError) as info:
            read_raw_pages(
                sample_pdf, sample_pdf.read_bytes(), FontBook(), parse.Limits(max_chars=limit), parse.OcrOptions(),
                split=split,
            )  # fmt: skip
        messages.append(str(info.value))
    assert messages[0] == messages[1] and "limit reached on page 40" in messages[0]
