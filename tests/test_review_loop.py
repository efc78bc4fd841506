"""The review loop: review.csv read without losing a number, in the encodings and separators
spreadsheets write; `--pdf` checked; the page folds decided failures (issue 13)."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline import cli, errors, run
from pipeline.publish import decisions, review
from pipeline.publish.review_page import render

HEADER = "check_id,decision,note,reviewer,date,operand,corrected_value"
TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def cp1258(text: str) -> bytes:
    """Text in Windows-1258: letters the code page lacks precomposed are a base letter and a tone mark."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        try:
            out.append(ch.encode("cp1258"))
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONES))
            out.append((base + "".join(c for c in parts if c in TONES)).encode("cp1258"))
    return b"".join(out)


def _lines(sep: str, *rows: str) -> str:
    return "\n".join([HEADER.replace(",", sep), *rows]) + "\n"


NOTE = "nghìn lượt, không phải triệu lượt"
APPLIED = {  # each is read to exactly one decision with corrected value 32.14
    "quoted decimal comma": _lines(",", 'c1,corrected value,,an,,c-1,"32,14"').encode("utf-8"),
    "plain decimal point": _lines(",", "c1,corrected value,,an,,c-1,32.14").encode("utf-8"),
    "semicolons, cp1258": cp1258(_lines(";", f"c1;corrected value;{NOTE};Nguyễn Ấn;05/07/2024;c-1;32,14")),
    "tabs, UTF-16": _lines("\t", f"c1\tcorrected value\t{NOTE}\tan\t\tc-1\t32,14").encode("utf-16"),
    "BOM, semicolons": _lines(";", "c1;corrected value;;an;2024-07-05;c-1;32,14").encode("utf-8-sig"),
    "UTF-16 BE without BOM": _lines(",", 'c1,corrected value,,an,,c-1,"32,14"').encode("utf-16-be"),
}
REFUSED = {  # each is refused on line 2 with the reason
    "unquoted decimal comma": (_lines(",", "c1,corrected value,,an,,c-1,32,14"), "double quotes"),
    "ambiguous thousands dot": (_lines(",", "c1,corrected value,,an,,c-1,1.234"), "ambiguous"),
    "English grouping": (_lines(",", 'c1,corrected value,,an,,c-1,"1,234.5"'), "not a number"),
    "a word": (_lines(";", "c1;corrected value;;an;;c-1;ba mươi"), "not a number"),
    "a comma in a semicolon file's field": (_lines(";", "c1;false alarm;a;b;;;"), "fields"),
    "not a date": (_lines(",", "c1,false alarm,,an,tomorrow,,"), "not a date"),
}


@pytest.mark.parametrize("name", list(APPLIED))
def test_review_csv_values_are_applied_exactly(tmp_path: Path, name: str):
    path = tmp_path / decisions.FILE
    path.write_bytes(APPLIED[name])
    found, problems = decisions.read(path)
    assert problems == [], problems
    (d,) = found
    assert (d.check_id, d.decision, d.operand, d.line) == ("c1", "corrected value", "c-1", 2)
    assert d.corrected_value == 32.14  # exactly the float of 32.14, not 32.0
    assert d.reviewer in ("an", "Nguyễn Ấn")
    if name in ("semicolons, cp1258", "tabs, UTF-16"):
        assert d.note == NOTE
    assert d.date in ("", "2024-07-05")


@pytest.mark.parametrize("name", list(REFUSED))
def test_review_csv_values_are_refused_with_their_line(tmp_path: Path, name: str):
    text, reason = REFUSED[name]
    if name == "a comma in a semicolon file's field":
        text = text.replace("c1;false alarm;a;b;;;", "c1;false alarm;a;b;;;;x")
    path = tmp_path / decisions.FILE
    path.write_text(text, encoding="utf-8")
    found, problems = decisions.read(path)
    assert found == []
    (p,) = problems
    assert p.line == 2 and reason in p.message, str(p)
    assert str(p).startswith("review.csv line 2: c1: ")


def test_unquoted_comma_names_the_fix(tmp_path: Path):
    path = tmp_path / decisions.FILE
    path.write_text(_lines(",", "c1,false alarm,ok,an,,,", "c2,corrected value,,an,,c-1,32,14"), encoding="utf-8")
    found, problems = decisions.read(path)
    assert [d.check_id for d in found] == ["c1"]
    assert "line 3" in str(problems[0]) and "double quotes" in str(problems[0]) and "; as the separator" in str(
        problems[0])  # fmt: skip


@pytest.mark.parametrize(
    ("data", "reason"),
    [(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not UTF-8, UTF-16 or Windows-1258"),
     (b"check_id|decision|note\nc1|false alarm|\n", "separated by , ; or tab"),
     (b"", "separated by , ; or tab")],
)  # fmt: skip
def test_an_unreadable_review_csv_is_one_error(tmp_path: Path, data: bytes, reason: str):
    path = tmp_path / decisions.FILE
    path.write_bytes(data)
    with pytest.raises(errors.ReviewFileError) as exc:
        decisions.read(path)
    assert reason in exc.value.problem and "\n" not in str(exc.value)


def test_the_template_is_utf8_with_bom(tmp_path: Path):
    decisions.template(tmp_path / decisions.FILE)
    data = (tmp_path / decisions.FILE).read_bytes()
    assert data.startswith(b"\xef\xbb\xbf" + b"check_id,decision")


# --------------------------------------------------------------------------------------
# the page


def _item(check_id: str, decision: decisions.Decision | None = None) -> review.Item:
    op = review.Operand(ref="c-00620", kind="claim", raw="32,15", page=20, where="09/28 đơn, đạt 32,15%")
    return review.Item(check_id=check_id, rule="prose_ratio_rate", status="fail", message="9/28 vs 32,15",
                       expected=32.1429, actual=32.15, tolerance=0.005, margin=-0.002, basis="ratio", pages="20",
                       operands=(op,), decision=decision, diagnosis="rounding",
                       diagnosis_text="Printed 32,15 is one unit of its last decimal away from 32,14.",
                       suggestion=("c-00620", 32.14))  # fmt: skip


def test_page_folds_decided_failures_and_counts_the_open_ones():
    decided = decisions.Decision(check_id="b", decision="false alarm", note="rounded up", reviewer="an")
    items = [_item("a"), _item("b", decided), _item("c")]
    page = render({"report_id": "r"}, items, decisions.Applied({"b": decided}, [], []), False, {})
    assert 'data-open-failures="2"' in page and 'data-decided-failures="1"' in page
    assert "Chưa quyết định: 2" in page  # the count heading, Vietnamese by default
    assert page.index('id="a"') < page.index('id="c"') < page.index('id="b"')  # undecided first
    folded = page[page.index('<details class="check fail decided" id="b">') :]
    assert folded.index("báo nhầm") < folded.index("</summary>")  # the decision shows while folded
    assert '<details class="check fail decided" id="b" open' not in page
    # the diagnosis and the suggested value, pre-filled in the form and the review.csv line
    assert "rounding" in page and 'name="corrected_value" size="12" value="32,14"' in page
    assert "a,confirmed error,,,,c-00620,&quot;32,14&quot;" in page
    assert 'href="data_docs/index.html"' in page and 'href="summary.html"' in page
    english = render({"report_id": "r"}, items, decisions.Applied({"b": decided}, [], []), False, {}, lang="en")
    assert "Open failures: 2" in english and 'lang="en"' in english and "false alarm" in english


# --------------------------------------------------------------------------------------
# baocao review on a report folder


@pytest.fixture(scope="module")
def mini_folder(tmp_path_factory) -> Path:
    from test_validate import _mini_report

    tmp = tmp_path_factory.mktemp("loop")
    return run.extract_report(_mini_report(tmp / "son-la.pdf"), tmp / "out").folder


def test_pdf_of_another_report_is_refused(mini_folder: Path, sample_pdf: Path, tmp_path: Path):
    runner = CliRunner()
    result = runner.invoke(cli.main, ["review", str(mini_folder), "--pdf", str(sample_pdf)])
    assert result.exit_code == 1
    (line,) = [x for x in result.output.splitlines() if x.startswith("error:")]
    assert str(sample_pdf) in line and "not this report's PDF" in line and "sha256" in line
    fake = tmp_path / "report.pdf"
    fake.write_text("check_id,decision\n", encoding="utf-8")
    result = runner.invoke(cli.main, ["review", str(mini_folder), "--pdf", str(fake)])
    assert result.exit_code == 1 and "not a PDF" in result.output
    ok = runner.invoke(cli.main, ["review", str(mini_folder), "--lang", "en"])
    assert ok.exit_code == 0, ok.output
    assert 'lang="en"' in (mini_folder / review.FILE).read_text(encoding="utf-8")


def test_an_unreadable_review_csv_stops_the_review_with_one_line(mini_folder: Path, tmp_path: Path):
    import shutil

    folder = tmp_path / mini_folder.name
    shutil.copytree(mini_folder, folder)
    (folder / decisions.FILE).write_bytes(b"\x00\x01\x02binary")
    result = CliRunner().invoke(cli.main, ["review", str(folder)])
    assert result.exit_code == 1
    assert [x for x in result.output.splitlines() if x.startswith("error:")] == [
        f"error: {folder / decisions.FILE}: not UTF-8, UTF-16 or Windows-1258 (cp1258) text; save it as CSV UTF-8"
    ]
