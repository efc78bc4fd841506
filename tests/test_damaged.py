"""Damaged inputs: truncated, bit-flipped, zeroed and xref-less variants of a generated report and
of the sample each either extract or fail with one line naming the file and the problem, never an
internal error. The variants are seeded, so a failure names a case that can be run again."""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from pdfgen import ReportPdf, official_header

from pipeline import batch
from pipeline.cli import main
from pipeline.sandbox import ReportLimits

Damage = Callable[[bytes, random.Random], bytes]


def truncate(data: bytes, rng: random.Random) -> bytes:
    """Cut at a random offset."""
    return data[: rng.randrange(16, len(data))]


def truncate_marked(data: bytes, rng: random.Random) -> bytes:
    """Cut at a random offset, then an end marker, so that the cheap checks pass and pdfminer reads it."""
    return truncate(data, rng) + b"\n%%EOF\n"


def flip(data: bytes, rng: random.Random) -> bytes:
    """Eight random bits flipped."""
    out = bytearray(data)
    for _ in range(8):
        out[rng.randrange(len(out))] ^= 1 << rng.randrange(8)
    return bytes(out)


def zero(data: bytes, rng: random.Random) -> bytes:
    """Up to 4 KB zeroed somewhere after the header."""
    start = rng.randrange(1024, len(data) - 64)
    n = min(rng.randrange(1, 4096), len(data) - 64 - start)
    return data[:start] + b"\0" * n + data[start + n :]


def drop_xref(data: bytes, _rng: random.Random) -> bytes:
    """The cross-reference table removed (the trailer and startxref stay, pointing nowhere)."""
    start = data.rfind(b"\nxref") + 1
    end = data.find(b"trailer", start)
    assert 0 < start < end
    return data[:start] + data[end:]


def _report(path: Path) -> Path:
    b = ReportPdf()
    official_header(b, "UBND TỈNH SƠN LA", "88/BC-UBND", "Sơn La", (10, 7, 2024))
    b.heading("1. Tăng trưởng kinh tế")
    b.paragraph(
        "Tổng sản phẩm trên địa bàn (GRDP) ước đạt 7.155,29 tỷ đồng[^1], tăng 6,12% so với cùng kỳ năm trước.",
        footnotes={1: "Theo giá so sánh năm 2010."},
    )
    b.page_break()
    header: list[list[tuple[str, int, int] | None]] = [[(t, 1, 1) for t in ("TT", "Chỉ tiêu", "Đơn vị", "Thực hiện")]]
    rows = [["1", "Tổng sản phẩm (GRDP)", "Tỷ đồng", "7.155,29"], ["2", "Thu ngân sách", "Tỷ đồng", "1.245,6"]]
    b.table(header, rows, [30, 250, 80, 100], title="MỘT SỐ CHỈ TIÊU CHỦ YẾU")
    return b.save(path)


def _outcome(path: Path, out: Path) -> batch.Outcome:
    task = batch.Task(str(path), str(out), force=True, limits=ReportLimits(seconds=120, memory_mb=None))
    return batch.process(task)


def _assert_clean(o: batch.Outcome, path: Path) -> None:
    assert o.status in ("done", "failed"), o
    if o.status == "failed":
        assert "internal error" not in o.message, o.detail
        assert "\n" not in o.message and o.message.startswith(f"{path}: "), o.message
    else:
        assert o.folder is not None and (Path(o.folder) / "document.json").is_file()


@pytest.fixture(scope="module")
def report_bytes(tmp_path_factory) -> bytes:
    return _report(tmp_path_factory.mktemp("gen") / "r.pdf").read_bytes()


# flip-30 breaks a page's MediaBox: pdfplumber then fails again while closing the file (was an internal error)
QUICK: list[tuple[Damage, int]] = [
    (truncate, 1), (truncate, 2), (truncate_marked, 1), (truncate_marked, 2), (flip, 30), (drop_xref, 0),
]  # fmt: skip
SLOW: list[tuple[Damage, int]] = [
    *((kind, seed) for seed in range(3, 8) for kind in (truncate_marked, flip, zero)),
    (flip, 12),
    (flip, 17),
]


@pytest.mark.parametrize(("damage", "seed"), QUICK, ids=[f"{d.__name__}-{s}" for d, s in QUICK])
def test_damaged_generated_report(report_bytes: bytes, tmp_path: Path, damage: Damage, seed: int):
    path = tmp_path / f"{damage.__name__}-{seed}.pdf"
    path.write_bytes(damage(report_bytes, random.Random(seed)))
    o = _outcome(path, tmp_path / "out")
    _assert_clean(o, path)
    if damage is truncate:
        assert o.status == "failed" and "truncated PDF" in o.message
    if damage is drop_xref:  # pdfminer finds the objects without the table
        assert o.status == "done", o.message


@pytest.mark.slow
@pytest.mark.parametrize(("damage", "seed"), SLOW, ids=[f"{d.__name__}-{s}" for d, s in SLOW])
def test_damaged_generated_report_more(report_bytes: bytes, tmp_path: Path, damage: Damage, seed: int):
    path = tmp_path / f"{damage.__name__}-{seed}.pdf"
    path.write_bytes(damage(report_bytes, random.Random(seed)))
    _assert_clean(_outcome(path, tmp_path / "out"), path)


@pytest.mark.slow
@pytest.mark.parametrize("damage", [truncate_marked, flip, zero, drop_xref])
def test_damaged_sample(sample_pdf: Path, tmp_path: Path, damage: Damage):
    path = tmp_path / f"sample-{damage.__name__}.pdf"
    path.write_bytes(damage(sample_pdf.read_bytes(), random.Random(11)))
    _assert_clean(_outcome(path, tmp_path / "out"), path)


def test_damaged_file_through_the_cli_is_one_line(report_bytes: bytes, tmp_path: Path):
    path = tmp_path / "cut.pdf"
    path.write_bytes(truncate_marked(report_bytes, random.Random(1)))
    result = CliRunner().invoke(main, ["extract", str(path), "--out", str(tmp_path / "out"), "--quiet"])
    assert result.exit_code == 1
    errors_ = [ln for ln in result.stderr.splitlines() if ln.startswith("error:")]
    assert len(errors_) == 1 and errors_[0].startswith(f"error: {path}: damaged PDF"), result.stderr
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr


def test_control_characters_in_the_text_layer(tmp_path: Path):
    """A text layer with control characters (a damaged font map): the workbook cannot hold them,
    so they are left out of it; the report is extracted."""
    b = ReportPdf()
    official_header(b, "UBND TỈNH SƠN LA", "88/BC-UBND", "Sơn La", (10, 7, 2024))
    b.paragraph("Tổng sản phẩm\x01 trên địa bàn ước đạt 7.155,29 tỷ đồng\x07, tăng 6,12% so với cùng kỳ.")
    path = b.save(tmp_path / "ctrl.pdf")
    o = _outcome(path, tmp_path / "out")
    assert o.status == "done", o.message
    book = openpyxl.load_workbook(Path(o.folder or "") / "clean" / "ctrl.xlsx")
    texts = [str(c.value) for row in book["claims"].iter_rows() for c in row if isinstance(c.value, str)]
    assert any("7.155,29" in t for t in texts)
    assert not any(ch in t for t in texts for ch in "\x00\x01\x07")


def test_lost_page_tree_is_a_damaged_pdf_not_an_empty_one(report_bytes: bytes, tmp_path: Path):
    """The catalogue's page tree gone and no page object findable (pdfplumber's issue-297 file): the
    file is damaged, not empty. Same-length edits keep the cross-reference offsets right."""
    data, n = re.subn(rb"/Pages (\d+ 0 R /Type /Catalog)", rb"/Pagez \1", report_bytes)
    assert n == 1
    data = data.replace(b"/Type /Page\n", b"/Type /Pagx\n")
    path = tmp_path / "no-page-tree.pdf"
    path.write_bytes(data)
    o = _outcome(path, tmp_path / "out")
    assert o.status == "failed"
    assert o.message == f"{path}: damaged PDF: its page tree cannot be found (broken cross-reference table)"


def test_peers_runner_classifies_outcomes():
    from pipeline.devtools.peers import PeerRun, classify, table

    assert classify(0, "r: 1 pages -> out/r") == "extracted"
    assert classify(1, "error: x.pdf: encrypted: a password is needed to open it") == "refused"
    assert classify(1, "error: x.pdf: internal error: KeyError: 'a' (this is a bug …)") == "internal_error"
    assert classify(0, "Traceback (most recent call last):\n  ...") == "internal_error"
    assert classify(None, "") == "timeout"
    runs = [PeerRun(file="a.pdf", outcome="extracted", seconds=1.0, message="a"),
            PeerRun(file="b.pdf", outcome="refused", seconds=0.5, message="error: b.pdf: empty file")]  # fmt: skip
    assert table(runs).splitlines()[-1] == "2 files: 1 extracted, 1 refused, 0 internal error, 0 timeout"
