"""Reviewer decisions: `review.csv` in the report folder, a plain file people edit.

    check_id, decision, note, reviewer, date, operand, corrected_value

- `decision` is one of: confirmed error | false alarm | corrected value.
- `operand` and `corrected_value` are for `corrected value`: which figure of the check is wrong
  (a claim id or a table cell `T1:70:3`; may stay empty when the check has one claim) and its right
  value (`281.918,18` or `281918.18`).
- Decisions are matched to checks by the stable check id, so they survive re-runs; a decision
  whose check no longer exists is kept in the file and reported, never dropped. When a check has
  several rows, the last one counts.
- The file may be UTF-8 (with or without BOM), UTF-16 or Windows-1258 (cp1258, the Windows
  Vietnamese code page), separated by `,` `;` or tab (read from the header line); anything else is
  one ReviewFileError. baocao writes it as UTF-8 with BOM, so that spreadsheets open it right.
- A value is never truncated or guessed: `corrected_value` is read with the Vietnamese number
  grammar (`32,14`, `1.234,5`) or as a plain number (`32.14`); `1.234` (a thousands dot or a decimal
  point) is ambiguous and refused; a line with more fields than the header (an unquoted `32,14` in a
  comma-separated file) is refused with its line number.
- The file is the reviewer's: it is read as written (baocao writes only its header, so there is no
  quote prefix of publish.safety to undo); notes reach clean/ as text, never as formulas.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Literal, get_args

from ..errors import ReviewFileError
from ..vi.numbers import parse_number

FILE = "review.csv"
COLUMNS = ["check_id", "decision", "note", "reviewer", "date", "operand", "corrected_value"]
DecisionKind = Literal["confirmed error", "false alarm", "corrected value"]
DECISIONS: tuple[DecisionKind, ...] = get_args(DecisionKind)


@dataclass(frozen=True, kw_only=True)
class Decision:
    """One usable row of review.csv."""

    check_id: str
    decision: DecisionKind
    note: str = ""
    reviewer: str = ""
    date: str = ""
    operand: str = ""
    corrected_value: float | None = None
    line: int = 0


@dataclass(frozen=True)
class Problem:
    """A review.csv row that cannot be used, and why."""

    line: int
    check_id: str
    message: str

    def __str__(self) -> str:
        if not self.line:
            return f"review.csv: {self.message}"
        return f"review.csv line {self.line}: {self.check_id or '(no check id)'}: {self.message}"


def template(path: Path) -> None:
    """An empty review.csv (header only), unless one is there: UTF-8 with BOM, for spreadsheets."""
    if not path.exists():
        with path.open("w", encoding="utf-8-sig", newline="") as f:
            csv.writer(f).writerow(COLUMNS)


ENCODINGS = "UTF-8, UTF-16 or Windows-1258 (cp1258)"
SEPARATORS = {",": "comma", ";": "semicolon", "\t": "tab"}


def decode(path: Path, data: bytes) -> str:
    """The text of review.csv in NFC: UTF-8 (BOM or not), UTF-16 (BOM, or NULs showing the byte
    order) or cp1258; anything else is a ReviewFileError."""
    if data.startswith(b"\xef\xbb\xbf"):
        candidates = ["utf-8-sig"]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates = ["utf-16"]
    elif b"\x00" in data:
        candidates = ["utf-16-le" if data[1:2] == b"\x00" else "utf-16-be"]
    else:
        candidates = ["utf-8", "cp1258"]
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", text):
            return unicodedata.normalize("NFC", text)
    raise ReviewFileError(str(path), f"not {ENCODINGS} text; save it as CSV UTF-8")


def separator(path: Path, text: str) -> str:
    """The separator of the header line (`,` `;` or tab): the one that splits it into a header
    naming check_id and decision; anything else is a ReviewFileError."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    best: tuple[int, str] | None = None
    for sep in SEPARATORS:
        fields = [f.strip().lower() for f in next(csv.reader([first], delimiter=sep), [])]
        if "check_id" in fields and "decision" in fields and (best is None or len(fields) > best[0]):
            best = (len(fields), sep)
    if best is None:
        raise ReviewFileError(
            str(path), f"the header line must name {', '.join(COLUMNS)} separated by , ; or tab (found {first[:80]!r})"
        )
    return best[1]


AMBIGUOUS = re.compile(r"[+-]?\d{1,3}\.\d{3}")


def number(text: str) -> float | None:
    """A reviewer's value: the Vietnamese grammar (32,14; 1.234,5; 1.234.567) or a plain number
    (32.14); None for an empty cell. ValueError (with the reason) for anything else, and for 1.234,
    which is a thousand and more with a thousands dot and a little more than one with a decimal point."""
    text = text.strip().replace("\u00a0", "")
    if not text:
        return None
    if AMBIGUOUS.fullmatch(text):
        raise ValueError(
            f"{text!r} is ambiguous (a thousands dot: {text.replace('.', '')}, or a decimal point); "
            f"write {text.replace('.', '')} or {text.replace('.', ',')}"
        )
    if re.fullmatch(r"[+-]?\d+(?:\.\d+)?", text):
        return float(text)  # a plain number (281918.18)
    num = parse_number(text)
    if num.value is None or {"english_format", "malformed"} & set(num.flags):
        raise ValueError(f"{text!r} is not a number as Vietnamese (1.234,5) or plain (1234.5) figures print it")
    return num.value


def iso_date(text: str) -> str:
    """A decision date as ISO (2024-07-05 or 05/07/2024 as written); ValueError when it is not a date."""
    text = text.strip()
    if not text:
        return ""
    m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text) or re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text)
    if m is None:
        raise ValueError(f"date {text!r} is not a date (write 2024-07-05 or 05/07/2024)")
    y, mo, d = (m.group(1), m.group(2), m.group(3)) if "-" in text else (m.group(3), m.group(2), m.group(1))
    try:
        return date(int(y), int(mo), int(d)).isoformat()
    except ValueError:
        raise ValueError(f"date {text!r} is not a date (write 2024-07-05 or 05/07/2024)") from None


def read(path: Path) -> tuple[list[Decision], list[Problem]]:
    """The decisions of a review.csv and the rows that cannot be used (with the reason); a
    ReviewFileError when the file is not text in a known encoding or has no usable header."""
    if not path.exists():
        return [], []
    text = decode(path, path.read_bytes())
    sep = separator(path, text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep)
    header: list[str] | None = None
    decisions: list[Decision] = []
    problems: list[Problem] = []
    line = 1
    for fields in reader:
        start, line = line, reader.line_num + 1
        if header is None:
            if any(f.strip() for f in fields):
                header = [f.strip().lower() for f in fields]
            continue
        if not any(f.strip() for f in fields):
            continue
        result = _row(header, fields, start, sep)
        if isinstance(result, Problem):
            problems.append(result)
        elif result is not None:
            decisions.append(result)
    return decisions, problems


def _row(header: list[str], fields: list[str], line: int, sep: str) -> Decision | Problem | None:
    """One line of review.csv as a decision, or the problem that refuses it."""
    row = dict(zip(header, fields, strict=False))
    cid = (row.get("check_id") or "").strip()
    extra = [f for f in fields[len(header) :] if f.strip()]
    if extra:
        hint = "put values with a comma (32,14) or notes in double quotes, or use ; as the separator"
        if sep != ",":
            hint = f"a value holds the {SEPARATORS[sep]} separator: put it in double quotes"
        return Problem(line, cid, f"{len(fields)} fields for the header's {len(header)} ({hint}); nothing applied")
    decision = re.sub(r"\s+", " ", (row.get("decision") or "").strip().lower())
    if not cid and not decision:
        return None
    if decision not in DECISIONS:
        return Problem(line, cid, f"decision {decision!r} is not one of: {', '.join(DECISIONS)}")
    try:
        value = number(row.get("corrected_value") or "")
        when = iso_date(row.get("date") or "")
    except ValueError as exc:
        return Problem(line, cid, f"{exc}; nothing applied")
    if decision == "corrected value" and value is None:
        return Problem(line, cid, "a 'corrected value' decision needs corrected_value")
    return Decision(
        check_id=cid,
        decision=decision,
        note=(row.get("note") or "").strip(),
        reviewer=(row.get("reviewer") or "").strip(),
        date=when,
        operand=(row.get("operand") or "").strip(),
        corrected_value=value,
        line=line,
    )


@dataclass(frozen=True)
class Applied:
    """The decisions matched to the report's checks."""

    by_check: dict[str, Decision]  # check id -> the decision that counts
    orphans: list[Decision]  # decisions whose check does not exist (any more)
    problems: list[Problem]


def match(
    decisions: Iterable[Decision], problems: list[Problem], checks: dict[str, tuple[list[str], list[str]]]
) -> Applied:
    """Match decisions to checks (check id -> (claim ids, table cells)); the last row of a check
    counts; a correction's operand must be one of its check's operands."""
    by_check: dict[str, Decision] = {}
    orphans: list[Decision] = []
    problems = list(problems)
    for d in decisions:
        if d.check_id not in checks:
            orphans.append(d)
            continue
        if d.decision == "corrected value":
            claim_ids, cells = checks[d.check_id]
            operands = [*claim_ids, *cells]
            operand = d.operand or (operands[0] if len(operands) == 1 else "")
            if operand not in operands:
                problems.append(
                    Problem(
                        d.line, d.check_id, f"operand {d.operand or '(empty)'} must be one of: {', '.join(operands)}"
                    )
                )
                continue
            d = replace(d, operand=operand)
        by_check[d.check_id] = d
    return Applied(by_check, orphans, problems)


__all__ = [
    "COLUMNS", "DECISIONS", "FILE", "Applied", "Decision", "Problem", "decode", "iso_date", "match", "number", "read",
    "separator", "template",
]  # fmt: skip
