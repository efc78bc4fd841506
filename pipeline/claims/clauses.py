"""Clauses of a sentence: bracket depth, the clause around a number, the clause that governs it."""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=64)
def bracket_depths(text: str) -> tuple[int, ...]:
    """The bracket depth of each character ('(' counts inside its own bracket, ')' too); a sentence's
    numbers ask for the same text in turn, so the last ones are kept."""
    depth, out = 0, []
    for ch in text:
        if ch == "(":
            depth += 1
        out.append(depth)
        if ch == ")":
            depth = max(0, depth - 1)
    return tuple(out)


def decimal_mark(text: str, k: int) -> bool:
    """The comma at k sits between two digits: a decimal comma (0,3), not a clause break."""
    return text[k] == "," and text[k - 1 : k].isdigit() and text[k + 1 : k + 2].isdigit()


def clause_bounds(text: str, pos: int, depth: int | None = None) -> tuple[int, int]:
    """The clause around `pos`: between the nearest ; : or , boundaries at its own bracket depth
    (a comma inside brackets does not end the clause around the brackets)."""
    depths = bracket_depths(text)
    d = depth if depth is not None else (depths[pos] if pos < len(text) else 0)
    left = -1
    for k in range(min(pos, len(text)) - 1, -1, -1):
        if text[k] in ";:," and depths[k] <= d and not decimal_mark(text, k):
            left = k
            break
        if text[k] == "(" and depths[k] == d and d > 0:
            left = k
            break
    right = len(text)
    for k in range(pos, len(text)):
        if (text[k] in ";:" and depths[k] <= d) or (text[k] == "," and depths[k] <= d and text[k + 1 : k + 2] == " "):
            right = k
            break
        if text[k] == ")" and depths[k] == d and d > 0:
            right = k
            break
    return left + 1, right


def governing_start(text: str, pos: int) -> int:
    """Clause start for a number; a number that opens a bracket ("Tuần Giáo (564,52ha)") is
    governed by the clause around the bracket."""
    c0, _c1 = clause_bounds(text, pos)
    if c0 > 0 and text[c0 - 1] == "(" and not text[c0:pos].strip():
        d = bracket_depths(text)[c0 - 1] - 1
        return clause_bounds(text, c0 - 1, depth=d)[0]
    return c0
