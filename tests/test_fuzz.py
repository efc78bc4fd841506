"""Property tests (hypothesis): the number grammar and the claim scanner never raise, and nothing
printed is lost: a parsed number keeps every digit it was printed with, and every digit of a
sentence lands in exactly one row (a claim or a not_claim)."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from pipeline.claims.scan import scan_numbers
from pipeline.claims.stage import claims_for_text
from pipeline.rules import default_rules
from pipeline.vi.numbers import MINUS, is_number_text, parse_number

NUMBERISH = "0123456789.,+-−– %\u00a0"
WORDS = [
    "tăng", "giảm", "đạt", "bằng", "so với cùng kỳ", "tỷ đồng", "triệu đồng", "ha", "tấn", "%", "người",
    "năm", "tháng", "ngày", "Số", "/BC-UBND", "Quyết định số", "khoảng", "từ", "đến", "-", "–", "(", ")",
    ";", ":", ",", ".", "/", "điểm %", "lần", "I.", "1.", "a)", "Biểu", "GRDP", "km2", "m²", "5,87ha",
]  # fmt: skip


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdecimal())


def _significant(digits: str) -> str:
    return digits.lstrip("0")


@st.composite
def vn_numbers(draw: st.DrawFn) -> tuple[str, int, str]:
    """A number printed the Vietnamese way: (text, integer part, decimal digits)."""
    whole = draw(st.integers(min_value=0, max_value=10**12))
    frac = draw(st.text(alphabet="0123456789", max_size=3))
    grouped = draw(st.booleans())
    body = f"{whole:,}".replace(",", ".") if grouped else str(whole)
    sign = draw(st.sampled_from(["", "-", "−", "+"]))
    return sign + body + ("," + frac if frac else ""), whole, frac


@given(st.text(max_size=30))
@example("٣٤,٥")  # digits of another script
@example("1" * 40)
def test_parse_number_never_raises(raw: str):
    n = parse_number(raw)
    assert (n.value is None) == ("malformed" in n.flags)
    assert n.decimals >= 0
    assert isinstance(is_number_text(raw), bool)


@given(st.text(alphabet=NUMBERISH, max_size=24))
@example("0,00")
@example("007.155,29")
def test_a_parsed_number_keeps_its_digits(raw: str):
    n = parse_number(raw)
    if n.value is None:
        return
    digits = _digits(raw)
    assume(len(_significant(digits)) <= 15)  # beyond that a float cannot hold every digit
    printed = f"{abs(n.value):.{n.decimals}f}"
    assert _significant(_digits(printed)) == _significant(digits), (raw, n)
    negative = raw.strip().replace("\u00a0", "")[:1] in MINUS
    assert n.value <= 0 if negative else n.value >= 0


@given(vn_numbers())
def test_vietnamese_numbers_read_back(case: tuple[str, int, str]):
    text, whole, frac = case
    n = parse_number(text)
    assert n.value is not None, text
    expected = float(f"{whole}.{frac or 0}")
    assert abs(n.value) == expected
    assert n.decimals == len(frac)
    assert (n.value < 0) == (text[0] in MINUS and expected != 0)
    assert not set(n.flags) - {"comma_3_decimals"}, (text, n.flags)


sentences = st.lists(
    st.one_of(
        st.sampled_from(WORDS),
        st.text(alphabet=NUMBERISH + "/", min_size=1, max_size=10),
        vn_numbers().map(lambda c: c[0]),
        st.text(max_size=6),
    ),
    max_size=14,
).map(" ".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sentences)
@example("Tổng thu ngân sách đạt 7.155,29 tỷ đồng, tăng 6,12% so với cùng kỳ (Quyết định số 12/QĐ-UBND ngày 5/7/2024).")
@example("(+ 6 ha - 0,13 ha = 5,87 ha); 86,8 thuê bao/100 dân; 2021-2025; 1,234.56")
@example("Tăng 12.3456 tấn; 0.0000")  # was read as 12.345 with the 6 dropped
def test_every_digit_of_a_sentence_is_in_one_row(text: str):
    rules = default_rules()
    spans = scan_numbers(text, rules=rules)
    rows = claims_for_text(text, rules=rules)
    owners = [0] * len(text)
    for r in rows:
        assert r.kind != "not_claim" or r.reason is not None, r
        assert text[r.start : r.end] == r.raw, r
        for k in range(r.start, r.end):
            owners[k] += 1
    for k, ch in enumerate(text):
        if ch.isdecimal():
            assert owners[k] == 1, (text, k, [(r.raw, r.kind) for r in rows])
    assert len(rows) == len(spans)
    assert [(r.start, r.end) for r in rows] == [(s.start, s.end) for s in spans]


@given(st.text(max_size=80))
def test_the_scanner_never_raises_on_any_text(text: str):
    spans = scan_numbers(text, rules=default_rules())
    covered = "".join(text[s.start : s.end] for s in spans)
    assert _digits(covered) == _digits(text) or re.search(r"\d", text) is None
