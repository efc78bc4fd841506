"""Hostile files: decompression bombs refused before the damage, and text a spreadsheet would run as
a formula kept text in every output people open (workbook and CSVs)."""

from __future__ import annotations

import csv
import inspect
import json
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from pdfgen import ReportPdf, official_header

from pipeline import batch, cli, errors, parse, run
from pipeline.parse import limits as limits_module
from pipeline.parse import pdf as pdf_module
from pipeline.publish import contract, decisions, safety
from pipeline.sandbox import ReportLimits

ROOT = Path(__file__).resolve().parent.parent
MB = 2**20

# --------------------------------------------------------------------------------------
# generated bombs: a hand-written PDF whose page content streams are Flate data


def _deflate_spaces(mb: float, text: bytes = b"BT /F1 12 Tf 72 720 Td (Hello) Tj ET\n") -> bytes:
    """`text` then `mb` MB of spaces, deflated 1 MB at a time (400 MB become ~400 KB)."""
    c = zlib.compressobj(9)
    parts = [c.compress(text)]
    whole, rest = int(mb), int((mb - int(mb)) * MB)
    chunk = b" " * MB
    parts += [c.compress(chunk) for _ in range(whole)]
    parts += [c.compress(b" " * rest), c.flush()]
    return b"".join(parts)


def _write_pdf(path: Path, objs: list[bytes]) -> Path:
    """Objects 1, 2, … (1 the catalogue) with a correct xref table."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, obj in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    path.write_bytes(bytes(out))
    return path


def _stream(data: bytes, attrs: bytes = b"/Filter /FlateDecode") -> bytes:
    return b"<< /Length %d %s >>\nstream\n" % (len(data), attrs) + data + b"\nendstream"


def _pdf_with_streams(path: Path, streams: list[bytes]) -> Path:
    """One page whose content is `streams` (Flate data), Helvetica as F1."""
    contents = " ".join(f"{5 + k} 0 R" for k in range(len(streams)))
    return _write_pdf(path, [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents [{contents}] "
        "/Resources << /Font << /F1 4 0 R >> >> >>".encode(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        *(_stream(s) for s in streams),
    ])  # fmt: skip


@pytest.fixture(scope="module")
def bomb(tmp_path_factory) -> Path:
    """One page, one content stream: 400 MB of spaces in ~400 KB."""
    return _pdf_with_streams(tmp_path_factory.mktemp("bomb") / "bomb.pdf", [_deflate_spaces(400)])


MEASURE = """
import json, re, resource, sys, time
from pathlib import Path
from pipeline import errors, parse

def status(key):  # kB
    return int(re.search(key + r":\\s+(\\d+)", Path("/proc/self/status").read_text()).group(1))

try:  # Linux: reset the peak resident size to the current one, so the peak is the extraction's
    Path("/proc/self/clear_refs").write_text("5")
    before, peak = status("VmRSS"), lambda: status("VmHWM")
except OSError:
    before, peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, lambda: resource.getrusage(
        resource.RUSAGE_SELF).ru_maxrss
t0 = time.perf_counter()
try:
    parse.pdf_to_document(sys.argv[1], ocr_options=parse.OcrOptions(enabled=False))
    message = None
except errors.LimitExceededError as exc:
    message = str(exc)
seconds = time.perf_counter() - t0
print(json.dumps({"seconds": seconds, "grown_mb": (peak() - before) / 1024, "message": message}))
"""


def test_bomb_is_refused_quickly_with_little_memory(bomb: Path):
    assert bomb.stat().st_size < 600 * 1024
    # a fresh process, so that its peak resident memory is the extraction's alone
    done = subprocess.run([sys.executable, "-c", MEASURE, str(bomb)], capture_output=True, text=True, cwd=ROOT,
                          env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}, timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    print(f"bomb refused in {result['seconds']:.2f} s, peak RSS grew {result['grown_mb']:.1f} MB")
    assert result["message"] == (
        f"{bomb}: content stream (object 5) of page 1 inflates past 64 MB (the stream limit; raise it with "
        "--max-stream-mb MB)"
    )
    assert result["grown_mb"] < 400 / 8  # the stream inflates to 400 MB; the limit alone would be 64
    assert result["seconds"] < 2.5


def test_the_streams_of_a_page_are_bounded_together(tmp_path: Path):
    pdf = _pdf_with_streams(tmp_path / "three.pdf", [_deflate_spaces(0.9) for _ in range(3)])
    assert parse.pdf_to_document(pdf, parse.Limits(max_stream_mb=1, max_page_mb=3)).source.pages == 1
    with pytest.raises(errors.LimitExceededError) as exc:
        parse.pdf_to_document(pdf, parse.Limits(max_stream_mb=1, max_page_mb=2))
    assert exc.value.problem == (
        "the streams of page 1 decode to more than 2 MB (content stream (object 7) passes the page limit; "
        "raise it with --max-page-mb MB)"
    )


def test_a_scan_whose_picture_would_decode_past_the_page_limit_is_not_rendered(tmp_path: Path):
    """The renderer (pdfium, for OCR) decodes pictures itself: their declared size is checked first."""
    pdf = _write_pdf(tmp_path / "scan.pdf", [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /XObject << /Im0 5 0 R >> >> >>",
        _stream(b"q 500 0 0 700 50 50 cm /Im0 Do Q", b""),
        _stream(zlib.compress(b"\x00" * 1000), b"/Type /XObject /Subtype /Image /Width 50000 /Height 50000 "
                b"/ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /FlateDecode"),
    ])  # fmt: skip
    with pytest.raises(errors.LimitExceededError) as exc:
        parse.pdf_to_document(pdf)
    assert exc.value.problem == (
        "the streams of page 1 decode to more than 256 MB (image Im0 of 50000x50000 pixels passes the page "
        "limit; raise it with --max-page-mb MB)"
    )


def test_flate_data_within_the_limits_decodes_as_pdfminer_would():
    """The measuring step changes nothing for a stream within the limits, even a damaged one."""
    from pdfminer.psparser import LIT

    good = _deflate_spaces(3, b"BT /F1 12 Tf 72 720 Td (Xin chao) Tj ET\n")
    cases = {
        "good": good,
        "truncated": good[: len(good) // 2],
        "bad checksum": good[:-1] + bytes([good[-1] ^ 0xFF]),
        "damaged": good[:20] + b"\xff" * 8 + good[28:],
    }
    for name, data in cases.items():
        ours, theirs = (pdf_module.PDFStream({"Filter": LIT("FlateDecode")}, data) for _ in range(2))
        pdf_module._decode(ours)
        pdf_module._pdfminer_decode(theirs)
        assert ours.data == theirs.data, name
        assert limits_module.inflated_size(data, 10 * MB) >= len(theirs.data or b""), name
    assert limits_module.inflated_size(good, 10 * MB) == len(zlib.decompress(good)) > 3 * MB


def _lzw_spaces() -> tuple[bytes, int]:
    """LZW data (PDF flavour, early change) for a run of spaces: one table's worth, ~7 MB from ~5 KB."""
    codes, nbits, size = [(256, 9), (32, 9)], 9, 1
    for table in range(258, 4094):
        codes.append((table, nbits))
        size += table - 256
        if table + 1 in (511, 1023, 2047):
            nbits += 1
    codes.append((257, nbits))
    bits = "".join(format(code, f"0{width}b") for code, width in codes)
    bits += "0" * (-len(bits) % 8)
    return int(bits, 2).to_bytes(len(bits) // 8, "big"), size


def test_lzw_output_is_bounded_while_it_is_decoded():
    from pdfminer.lzw import lzwdecode

    data, size = _lzw_spaces()
    assert size > 7 * MB and len(data) < 8 * 1024
    assert pdf_module._lzwdecode(data) == lzwdecode(data) == b" " * size  # same output within the limits
    with pytest.raises(errors.LimitExceededError, match="inflates past 1 MB"):  # noqa: SIM117
        with limits_module.decoding_limits("x.pdf", parse.Limits(max_stream_mb=1)):
            pdf_module._lzwdecode(data)


def test_pdfminer_still_decodes_through_the_measured_steps():
    """The limits hook into pdfminer's internals: this fails when pdfminer changes how it inflates."""
    from pdfminer import pdftypes

    source = inspect.getsource(pdf_module._pdfminer_decode)
    assert "zlib.decompress(data)" in source and "lzwdecode(data)" in source
    assert isinstance(pdftypes.zlib, pdf_module._MeasuredZlib)
    assert pdftypes.lzwdecode is pdf_module._lzwdecode
    assert pdftypes.PDFStream.decode is pdf_module._decode


def test_cli_limits_reach_the_reader_and_the_batch_workers(tmp_path: Path, monkeypatch):
    pdf = _pdf_with_streams(tmp_path / "two.pdf", [_deflate_spaces(2)])
    result = CliRunner().invoke(cli.main, ["extract", str(pdf), "--out", str(tmp_path / "out"), "--quiet",
                                           "--max-stream-mb", "1"])  # fmt: skip
    assert result.exit_code == 1
    assert "inflates past 1 MB (the stream limit; raise it with --max-stream-mb MB)" in result.output
    seen: list[batch.Task] = []
    monkeypatch.setattr(batch, "run_batch", lambda tasks, *a, **k: seen.extend(tasks) or [])
    args = ["extract", str(pdf), "--out", str(tmp_path / "o2"), "--quiet", "--max-page-mb", "300",
            "--time-limit", "60", "--memory-limit", "0"]  # fmt: skip
    CliRunner().invoke(cli.main, args)
    (task,) = seen
    assert task.limits == ReportLimits(seconds=60.0, memory_mb=None)
    assert task.options.limits == parse.Limits(max_page_mb=300)


# --------------------------------------------------------------------------------------
# formula injection

HOSTILE = ['=HYPERLINK("http:x","y")', "+1+1", "-cmd", "@SUM(A1)"]  # (pdfgen's markup reads // as italics)
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def test_neutralise_and_restore():
    for text in [*HOSTILE, "\tx", "\rx", "'=x", "''-y", "'-", "=", "- Lúa Đông xuân"]:
        cell = safety.neutralise(text)
        assert cell == "'" + text, text
        assert safety.restore(cell) == text
    for text in ["-4,13", "-1.5", "+2,5%", "-7.155,29", "-", "+", "'", "Tổng", "'quoted'", "", "1=1", " =x"]:
        assert safety.neutralise(text) == text
        assert safety.restore(text) == text


def _hostile_report(path: Path) -> Path:
    b = ReportPdf()
    official_header(b, "UBND TỈNH SƠN LA", "88/BC-UBND", "Sơn La", (10, 7, 2024))
    b.heading("I. KẾT QUẢ ĐẠT ĐƯỢC")
    b.paragraph("Giá trị sản xuất công nghiệp ước đạt 1.733,82 tỷ đồng[^1], tăng 12,71% so với cùng kỳ năm trước.",
                footnotes={1: f"{HOSTILE[0]} trong đó khai khoáng ước đạt 40,96 tỷ đồng."})  # fmt: skip
    b.page_break()
    header = [[("TT", 1, 1), ("Chỉ tiêu", 1, 1), ("Đơn vị", 1, 1), ("6 tháng 2023", 1, 1), ("6 tháng 2024", 1, 1)]]
    rows = [
        ["1", HOSTILE[0], "Tỷ đồng", "6.579,83", "7.155,29"],
        ["2", "+1+1", "@SUM(A1)", "1.182,83", "1.203,14"],
        ["3", "-cmd", "Tỷ đồng", "-4,13", "-1.5"],
        ["4", "@SUM(A1)", "Tỷ đồng", "306,22", "323,24"],
    ]
    b.table(header, rows, [30, 200, 80, 75, 75], title="MỘT SỐ CHỈ TIÊU KINH TẾ - XÃ HỘI CHỦ YẾU")
    return b.save(path)


def _csv_cells(path: Path) -> list[str]:
    with path.open(encoding="utf-8", newline="") as f:
        return [cell for row in csv.reader(f) for cell in row]


def _assert_safe(folder: Path) -> list[str]:
    """No CSV cell baocao wrote (review.csv is the reviewer's) a spreadsheet would evaluate; no formula
    cell in the workbook; the CSV cells."""
    cells: list[str] = []
    for path in [*folder.glob("*.csv"), *(folder / "clean").glob("*.csv")]:
        if path.name == decisions.FILE:
            continue
        for cell in _csv_cells(path):
            # starting like a formula, it is a figure or a lone sign (which neutralise leaves alone)
            assert not cell.startswith(TRIGGERS) or safety.neutralise(cell) == cell, f"{path.name}: {cell!r}"
            cells.append(cell)
    (book,) = (folder / "clean").glob("*.xlsx")
    for sheet in load_workbook(book).worksheets:
        for row in sheet.iter_rows():
            for c in row:
                assert c.data_type != "f", f"{sheet.title}!{c.coordinate}: {c.value!r}"
    return cells


def test_hostile_text_stays_text(tmp_path: Path):
    result = run.extract_report(_hostile_report(tmp_path / "hostile.pdf"), tmp_path / "out")
    folder = result.folder
    cells = _assert_safe(folder)
    for text in HOSTILE:
        assert "'" + text in cells, text  # as an indicator name / a table cell, neutralised
    assert any(c.startswith("'=HYPERLINK") and "khai khoáng" in c for c in _csv_cells(folder / "footnotes.csv"))
    assert "-4,13" in _csv_cells(folder / "tables.csv")  # a negative figure stays a figure
    # reading our CSVs back undoes the quote exactly
    table = contract.read_csv(folder / "tables.csv", "tables")
    assert set(HOSTILE) <= set(table["indicator"].dropna()) | set(table["unit"].dropna())
    workbook = load_workbook(next((folder / "clean").glob("*.xlsx")))
    texts = {c.value for s in workbook.worksheets for row in s.iter_rows() for c in row if c.data_type == "s"}
    assert HOSTILE[0] in texts and "@SUM(A1)" in texts

    # a reviewer's note: read as written, neutralised in clean/checks.csv, a string cell in the workbook
    check_id = contract.read_csv(folder / "checks.csv", "checks")["check_id"].iloc[0]
    note = '=HYPERLINK("http://evil","click")'
    with (folder / decisions.FILE).open("a", encoding="utf-8", newline="") as f:
        csv.writer(f).writerow([check_id, "false alarm", note, "-an", "2026-12-01", "", ""])
    found, problems = decisions.read(folder / decisions.FILE)
    assert not problems and (found[0].note, found[0].reviewer) == (note, "-an")
    run.review_folder(folder)
    _assert_safe(folder)
    clean_checks = list(csv.DictReader((folder / "clean" / "checks.csv").open(encoding="utf-8")))
    (row,) = [r for r in clean_checks if r["check_id"] == check_id]
    assert (row["note"], row["reviewer"]) == ("'" + note, "'-an")
    sheet = load_workbook(next((folder / "clean").glob("*.xlsx")))["checks"]
    noted = [c for row in sheet.iter_rows() for c in row if c.value == note]
    assert noted and all(c.data_type == "s" and c.quotePrefix for c in noted)
