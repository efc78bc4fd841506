"""The province a report is about, with its official codes, from the maintained list of Vietnam's
administrative units (the `vietnamadminunits` package: the 63 provinces before the 2025
reorganisation, the 34 after it, and the conversion between them).

The province is read from the issuer ("UBND TỈNH ĐIỆN BIÊN", "CỤC THỐNG KÊ TỈNH LẠNG SƠN"), or
from the place line ("Điện Biên, ngày …") when the issuer is unknown; a national body (a ministry)
names no province. `province_code` is the code in force on the report's date: the pre-2025 code
before 1 July 2025 (when the 34 provinces took office), the new one after; `province_code_2025` is
the code of the province it belongs to since then, for comparing across the reorganisation.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

REORGANISED = date(2025, 7, 1)  # the 34 provinces of Nghị quyết 202/2025/QH15 took office


@dataclass(frozen=True, kw_only=True)
class Province:
    """A report's province: its short name and code on the report's date, and its 2025 code."""

    name: str | None = None
    code: str | None = None
    code_2025: str | None = None


NONE = Province()


def _parse(text: str, mode: str) -> Any:
    from vietnamadminunits import parse_address

    try:
        unit = parse_address(text, mode=mode, level=1)
    except Exception:  # the package raises on text it cannot read at all
        return None
    return unit if getattr(unit, "province_code", None) else None


def _converted(legacy: Any) -> Any:
    """The 2025 province a pre-2025 one became part of."""
    from vietnamadminunits import convert_address

    try:
        unit = convert_address(legacy.province)
    except Exception:
        return None
    return unit if getattr(unit, "province_code", None) else None


@lru_cache(maxsize=512)
def province_of(issuer: str | None, place: str | None, when: date | None) -> Province:
    """The province of a report from its issuer (else its place), as on date `when` (None: before 2025)."""
    text = (issuer or "").strip() or (place or "").strip()
    if not text:
        return NONE
    if when is not None and when >= REORGANISED:
        new = _parse(text, "FROM_2025")
        if new is not None:
            return Province(name=new.short_province, code=new.province_code, code_2025=new.province_code)
    legacy = _parse(text, "LEGACY")
    if legacy is None:
        return NONE
    new = _converted(legacy)
    code_2025 = new.province_code if new is not None else None
    if when is not None and when >= REORGANISED:  # an old name in a new report: the new province
        return Province(name=new.short_province if new is not None else None, code=code_2025, code_2025=code_2025)
    return Province(name=legacy.short_province, code=legacy.province_code, code_2025=code_2025)


__all__ = ["NONE", "REORGANISED", "Province", "province_of"]
