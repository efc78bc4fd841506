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
