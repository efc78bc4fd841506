"""make bench's measuring tools: a child's peak memory, the repeated report, the stage timer."""

from __future__ import annotations

import sys
from pathlib import Path

from pipeline.devtools import bench

GOLDEN = Path(__file__).parent / "golden" / "snapshot" / "mini-sonla.pdf"


def test_a_childs_peak_memory_and_output_are_its_own():
    small = bench.timed_child([sys.executable, "-c", "print('ok')"])
    touch = "b = bytearray(150 * 2**20); b[::4096] = b'x' * len(b[::4096]); print('ok')"  # pages really used
    big = bench.timed_child([sys.executable, "-c", touch])
    assert small[2].strip() == big[2].strip() == "ok"
    assert big[1] >= 150 > small[1]  # MB, from the child's own rusage


def test_a_failing_child_is_an_error():
    try:
        bench.timed_child([sys.executable, "-c", "import sys; sys.exit('broken')"])
    except RuntimeError as exc:
        assert "broken" in str(exc)
    else:
        raise AssertionError("a failing child must raise")


def test_the_repeated_report_has_the_pages_times_over(tmp_path: Path):
    from pipeline.parse import pdf as pdfmod

    once = len(pdfmod.open_pdf(GOLDEN, GOLDEN.read_bytes()).pages)
    pages = bench.repeat_pdf(GOLDEN, 3, tmp_path / "x3.pdf")
    assert pages == 3 * once
    again = pdfmod.open_pdf(tmp_path / "x3.pdf", (tmp_path / "x3.pdf").read_bytes())
    assert len(again.pages) == 3 * once
    first, last = again.pages[0].extract_text(), again.pages[2 * once].extract_text()
    assert first and first == last  # the same page, printed again


def test_the_stage_timer_adds_up_and_keeps_results():
    times: dict[str, float] = {}
    timed = bench._timed(lambda x: x * 2, "double", times)
    assert timed(21) == 42 and timed(1) == 2
    assert times["double"] >= 0.0 and list(times) == ["double"]
