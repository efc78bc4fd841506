"""Vietnamese number grammar, shared by the table and claim stages.

'.' groups thousands and ',' marks decimals: 7.155,29 = 7155.29, 4.065.284 = 4065284,
338,587 = 338.587, 0,52 = 0.52. Scale words (nghìn/ngàn 10^3, triệu 10^6, tỷ/tỉ 10^9) and units
follow the number. Forms that another convention would read differently are parsed the
Vietnamese way and flagged, never silently guessed:

- `comma_3_decimals`  126,484 (exactly three decimals: could be an English thousands group)
- `dot_decimal`       4.5 / 12.34 (a dot that cannot be a thousands group)
- `english_format`    1,234.56 (comma groups then a dot: read as English, flagged)
- `malformed`         7.155.29, 1.23,4 (no reading)
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

MINUS = "-−–‑"  # hyphen-minus, minus sign, en dash, non-breaking hyphen

_VN_GROUPED = re.compile(r"^\d{1,3}(?:\.\d{3})+(?:,\d+)?$")
_VN_PLAIN = re.compile(r"^\d+(?:,\d+)?$")
_EN_GROUPED = re.compile(r"^\d{1,3}(?:,\d{3})+\.\d+$")
_DOT_DECIMAL = re.compile(r"^\d+\.\d{1,2}$|^\d+\.\d{4,}$|^0\.\d+$")


@dataclass(frozen=True, slots=True)
class VNNumber:
    """A printed number read the Vietnamese way: value, printed decimals, flags on doubtful forms."""

    raw: str
    value: float | None
    decimals: int  # digits printed after the decimal mark (precision of the figure)
    flags: tuple[str, ...] = ()

    @property
    def half_unit(self) -> float:
        """Half a unit in the last printed decimal: the rounding interval of the figure."""
        return 0.5 * 10.0 ** (-self.decimals)


def clean(raw: str) -> str:
    """NFC, trimmed, non-breaking spaces as spaces."""
    text = unicodedata.normalize("NFC", raw).strip()
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def parse_number(raw: str) -> VNNumber:
    """Parse one printed number (sign allowed, no unit)."""
    text = clean(raw).replace(" ", "")
    sign = 1.0
    if text[:1] in MINUS:
        sign, text = -1.0, text[1:]
    elif text[:1] == "+":
        text = text[1:]
    if not text or not text[0].isdigit():
        return VNNumber(raw, None, 0, ("malformed",))
    if _VN_GROUPED.match(text) or _VN_PLAIN.match(text):
        body, _, frac = text.replace(".", "").partition(",")
        value = float(body + ("." + frac if frac else ""))
        flags: tuple[str, ...] = ()
        if re.fullmatch(r"\d{1,3},\d{3}", text):
            flags = ("comma_3_decimals",)
        return VNNumber(raw, sign * value, len(frac), flags)
    if _EN_GROUPED.match(text):
        body, _, frac = text.replace(",", "").partition(".")
        return VNNumber(raw, sign * float(body + "." + frac), len(frac), ("english_format",))
    if _DOT_DECIMAL.match(text):
        frac = text.split(".", 1)[1]
        return VNNumber(raw, sign * float(text), len(frac), ("dot_decimal",))
    return VNNumber(raw, None, 0, ("malformed",))


# a printed Vietnamese number (7.155,29 / 4.065.284 / 0,52 / 12): the one pattern every stage scans with
NUMBER_TOKEN = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
# a time of day as datelines print it (09:31, 09:13:00): hours and minutes, never a figure
TIME_OF_DAY = r"(?<![\d:])(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?(?![\d:])"


def is_number_text(raw: str) -> bool:
    """True for a table cell that holds just a number (optionally signed, optionally with %)."""
    text = clean(raw).replace(" ", "").rstrip("%")
    return bool(re.fullmatch(rf"[{MINUS}+]?(?:{NUMBER_TOKEN}|\d{{1,3}}(?:,\d{{3}})+\.\d+|\d+\.\d+)", text))
