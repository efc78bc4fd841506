"""The Vietnamese number grammar, traps included."""

from __future__ import annotations

import pytest

from pipeline.vi.numbers import is_number_text, parse_number


@pytest.mark.parametrize(
    ("raw", "value", "decimals", "flags"),
    [
        ("7.155,29", 7155.29, 2, ()),
        ("4.065.284", 4065284.0, 0, ()),
        ("338,587", 338.587, 3, ("comma_3_decimals",)),
        ("126,484", 126.484, 3, ("comma_3_decimals",)),  # could be 126.484 written the English way
        ("0,52", 0.52, 2, ()),
        ("1.368,19", 1368.19, 2, ()),
        ("16.478,54", 16478.54, 2, ()),
        ("656.670,00", 656670.0, 2, ()),
        ("09", 9.0, 0, ()),
        ("2024", 2024.0, 0, ()),
        ("-1,12", -1.12, 2, ()),
        ("−0,61", -0.61, 2, ()),
        ("+6", 6.0, 0, ()),
        ("45,2", 45.2, 1, ()),
        ("1,234.56", 1234.56, 2, ("english_format",)),
        ("4.5", 4.5, 1, ("dot_decimal",)),
        ("12.34", 12.34, 2, ("dot_decimal",)),
        ("7.155.29", None, 0, ("malformed",)),
        ("1.23,4", None, 0, ("malformed",)),
        ("abc", None, 0, ("malformed",)),
    ],
)
def test_parse_number(raw, value, decimals, flags):
    n = parse_number(raw)
    assert n.value == pytest.approx(value) if value is not None else n.value is None
    assert n.decimals == decimals
    assert n.flags == flags


def test_half_unit_is_the_printed_precision():
    assert parse_number("7.155,29").half_unit == pytest.approx(0.005)
    assert parse_number("562.293").half_unit == pytest.approx(0.5)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("16.478,54", True), ("-0,15", True), ("100,00", True), ("45,2%", True), ("Tỷ đồng", False), ("", False),
     ("1300/QĐ-BYT", False)],
)  # fmt: skip
def test_is_number_text(raw, expected):
    assert is_number_text(raw) is expected


@pytest.mark.parametrize(
    ("text", "found"),
    [("31/03/2023 09:31 280", "09:31"), ("Ngày 11/11/2022-09:13:00 AM", "09:13:00"), ("lúc 23:59", "23:59"),
     ("tỷ lệ 1:2", None), ("lúc 25:10", None), ("3:5:7", None)],
)  # fmt: skip
def test_time_of_day(text, found):
    import re

    from pipeline.vi.numbers import TIME_OF_DAY

    m = re.search(TIME_OF_DAY, text)
    assert (m.group(0) if m else None) == found
