"""Reviewer decisions: `review.csv` in the report folder, a plain file people edit.

    check_id, decision, note, reviewer, date, operand, corrected_value

- `decision` is one of: confirmed error | false alarm | corrected value.
- `operand` and `corrected_value` are for `corrected value`: which figure of the check is wrong
  (a claim id or a table cell `T1:70:3`; may stay empty when the check has one claim) and its right
  value (`281.918,18` or `281918.18`).
- Decisions are matched to checks by the stable check id, so they survive re-runs; a decision
  whose check no longer exists is kept in the file and reported, never dropped. When a check has
  several rows, the last one counts.
- The file is the reviewer's: it is read as written (baocao writes only its header, so there is no
  quote prefix of publish.safety to undo); notes reach clean/ as text, never as formulas.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal, get_args

from ..vi.numbers import parse_number
from . import safety

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
        return f"review.csv line {self.line}: {self.check_id or '(no check id)'}: {self.message}"


def template(path: Path) -> None:
    """An empty review.csv (header only), unless one is there."""
    if not path.exists():
        with path.open("w", encoding="utf-8", newline="") as f:
            csv.writer(f).writerow([safety.neutralise(c) for c in COLUMNS])


def _value(text: str) -> float | None:
    text = text.strip()
    if not text:
        return None
    if re.fullmatch(r"-?\d+(?:\.\d+)?", text) and not re.fullmatch(r"-?\d{1,3}\.\d{3}", text):
        return float(text)  # a plain number (281918.18)
    num = parse_number(text.lstrip("-"))
    if num.value is None:
        raise ValueError(text)
    return -num.value if text.startswith("-") else num.value


def read(path: Path) -> tuple[list[Decision], list[Problem]]:
    """The decisions of a review.csv and the rows that cannot be used (with the reason)."""
    if not path.exists():
        return [], []
    decisions: list[Decision] = []
    problems: list[Problem] = []
    with path.open(encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        missing = [c for c in ("check_id", "decision") if c not in (reader.fieldnames or [])]
        if missing:
            return [], [Problem(1, "", f"the header lacks {', '.join(missing)} (expected: {', '.join(COLUMNS)})")]
        for k, row in enumerate(reader, start=2):
            cid = (row.get("check_id") or "").strip()
            decision = re.sub(r"\s+", " ", (row.get("decision") or "").strip().lower())
            if not cid and not decision:
                continue
            if decision not in DECISIONS:
                problems.append(Problem(k, cid, f"decision {decision!r} is not one of: {', '.join(DECISIONS)}"))
                continue
            try:
                value = _value(row.get("corrected_value") or "")
            except ValueError:
                problems.append(Problem(k, cid, f"corrected_value {row.get('corrected_value')!r} is not a number"))
                continue
            if decision == "corrected value" and value is None:
                problems.append(Problem(k, cid, "a 'corrected value' decision needs corrected_value"))
                continue
            decisions.append(
                Decision(
                    check_id=cid,
                    decision=decision,
                    note=(row.get("note") or "").strip(),
                    reviewer=(row.get("reviewer") or "").strip(),
                    date=(row.get("date") or "").strip(),
                    operand=(row.get("operand") or "").strip(),
                    corrected_value=value,
                    line=k,
                )
            )
    return decisions, problems


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


__all__ = ["COLUMNS", "DECISIONS", "FILE", "Applied", "Decision", "Problem", "match", "read", "template"]
