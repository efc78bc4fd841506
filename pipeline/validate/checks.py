"""The check record: one relation found in a report, its intervals and status; ids, formatting, the rule book."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any, Literal, cast

from ..rules import Rules, default_rules

Status = Literal["pass", "fail", "skip"]  # pass/fail are confirmed by great-expectations
Family = Literal["sum", "ratio", "narrative", "arithmetic", "integrity", "identity", "verdict", "reference"]
RuleBook = dict[str, dict[str, Any]]


@dataclass(frozen=True, kw_only=True)
class Check:
    """One relation of a report, computed: the interval of its operands against the printed figure."""

    check_id: str
    rule: str
    family: Family
    status: Status
    message: str
    expected: float | None = None
    actual: float | None = None
    tolerance: float | None = None
    margin: float | None = None
    claim_ids: tuple[str, ...] = ()
    table_cells: tuple[str, ...] = ()
    pages: tuple[int, ...] = ()
    basis: str | None = None
    expected_lo: float | None = None
    expected_hi: float | None = None
    actual_lo: float | None = None
    actual_hi: float | None = None
    diagnosis: str | None = None  # failed checks: the most plausible cause (validate/diagnosis.py)
    suggested_value: float | None = None  # the value the relation implies for the figure judged wrong
    diagnosis_text: str | None = None  # the cause in one sentence
    part: int = 1  # the document part whose figures it relates (validation never mixes parts)


def build_rule_book(rules: Rules) -> RuleBook:
    """checks.yaml by rule id: family, tolerance, description, operands."""
    return {r["id"]: r for r in rules.data("checks.yaml")["rules"]}


def rule_book(rules: Rules | None = None) -> RuleBook:
    """The check rules of a rule set (default: default_rules()), by id."""
    return (rules or default_rules()).view("validate.rule_book", build_rule_book)


def rule_family(book: RuleBook, rule: str) -> Family:
    """The family a rule of the book belongs to."""
    return cast(Family, book[rule]["family"])


def fmt(x: float | None, decimals: int = 2) -> str:
    """Vietnamese number format: 16.478,54."""
    if x is None:
        return "—"
    s = f"{abs(x):,.{decimals}f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    return ("-" if x < 0 else "") + s


def check_id(rule: str, parts: Iterable[str]) -> str:
    """A stable id: the rule and a digest of the operands' signatures (in any order)."""
    h = hashlib.sha1((rule + "|" + "|".join(sorted(parts))).encode("utf-8")).hexdigest()[:10]
    return f"{rule}-{h}"


def one_per_id(checks: Iterable[Check]) -> list[Check]:
    """One instance per id, the first (a relation found twice is one check)."""
    seen: dict[str, Check] = {}
    for c in checks:
        seen.setdefault(c.check_id, c)
    return list(seen.values())


def with_status(checks: Sequence[Check], statuses: dict[str, str]) -> list[Check]:
    """The checks with the verdict of great-expectations (skips keep their status)."""
    return [
        replace(c, status=cast(Status, statuses.get(c.check_id, c.status))) if c.status != "skip" else c for c in checks
    ]


__all__ = [
    "Check", "Family", "RuleBook", "Status", "build_rule_book", "check_id", "fmt", "one_per_id", "rule_book",
    "rule_family", "with_status",
]  # fmt: skip
