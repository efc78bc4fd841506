"""Row structure: codes (A › I › 1 › - › +), parent rows, "Trong đó:" (partial) breakdowns."""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

PARTIAL_TAIL_RE = re.compile(r"\btrong\s+đó\s*:?\s*$", re.IGNORECASE)
MARK_RE = re.compile(r"^([-+•–*])\s*")
_ROMAN_RE = re.compile(r"^[IVXLC]+$")


_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}


def roman_value(code: str) -> int | None:
    """The value of a Roman numeral code (I, IV, XII), or None."""
    c = code.strip().rstrip(".)").upper()
    if not c or any(ch not in _ROMAN_VALUES for ch in c):
        return None
    total = 0
    for a, b in itertools.zip_longest(c, c[1:]):
        va, vb = _ROMAN_VALUES[a], _ROMAN_VALUES.get(b or "", 0)
        total += -va if va < vb else va
    return total


def marker_type(code: str, last: dict[str, str] | None = None) -> str:
    """The rank family of a TT code: capital letter, roman, arabic, dash, plus, bullet.

    A single letter that is also a roman numeral (C, D, I, V, X …) is read from context: it
    follows the capital letter before it (B → C) or the roman number before it (IV → V)."""
    c = code.strip().rstrip(".)")
    if not c:
        return ""
    last = last or {}
    if len(c) == 1 and c in "IVXLCDM":
        prev_cap = last.get("capital")
        prev_rom = roman_value(last.get("roman", "")) if last.get("roman") else None
        if prev_cap and ord(c) == ord(prev_cap) + 1:
            return "capital"
        if prev_rom is not None and roman_value(c) == prev_rom + 1:
            return "roman"
        return "roman" if c in "IVX" else "capital"
    if _ROMAN_RE.match(c):
        return "roman"
    if re.fullmatch(r"[A-ZĐ]", c):
        return "capital"
    if re.fullmatch(r"\d+(?:\.\d+)*", c):
        return "arabic" + str(c.count("."))
    if re.fullmatch(r"[a-zđ]", c):
        return "letter"
    if c in "-–":
        return "dash"
    if c == "+":
        return "plus"
    if c in "•*":
        return "bullet"
    return "other"


def link_parents(markers: Sequence[str], kinds: Sequence[str]) -> tuple[list[int | None], list[bool], list[int]]:
    """Parents (0-based row index), partial flags and depths from the rows' markers.

    A stack of open rows: a row whose marker family is already open closes that level and
    becomes its sibling; a new family opens a deeper level. Rows without a marker (attribute
    rows such as "Diện tích", "Sản lượng") are leaves of the row above, unless nothing is open.
    "Trong đó:" rows are labels: the rows after them are partial components of the row above.
    """
    parents: list[int | None] = []
    partial: list[bool] = []
    depth: list[int] = []
    stack: list[tuple[str, int]] = []  # (family, row index)
    partial_parent: set[int] = set()
    last: dict[str, str] = {}
    for i, (m, kind) in enumerate(zip(markers, kinds, strict=True)):
        fam = marker_type(m, last)
        if fam in ("capital", "roman"):
            last[fam] = m.strip().rstrip(".)")
        if kind == "of_which":
            top = stack[-1][1] if stack else None
            parents.append(top)
            partial.append(False)
            depth.append(len(stack))
            if top is not None:
                partial_parent.add(top)
            continue
        if not fam:
            top = stack[-1][1] if stack else None
            parents.append(top)
            partial.append(top in partial_parent)
            depth.append(len(stack))
            if top is None:
                stack.append(("", i))
            continue
        fams = [f for f, _ in stack]
        if fam in fams:
            k = len(fams) - 1 - fams[::-1].index(fam)
            del stack[k:]
        top = stack[-1][1] if stack else None
        parents.append(top)
        partial.append(top in partial_parent)
        depth.append(len(stack))
        stack.append((fam, i))
    return parents, partial, depth
