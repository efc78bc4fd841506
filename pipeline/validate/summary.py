"""validation.json: counts by rule and status, every failure, and great-expectations' own summary."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import Any

from .checks import Check

TOLERANCE = (
    "each printed figure stands for value ± half a unit in its last printed decimal; "
    "intervals propagate through sums and ratios; a check fails only when the intervals cannot meet"
)


def failure(c: Check) -> dict[str, Any]:
    """One failing check as validation.json lists it."""
    return {
        "check_id": c.check_id,
        "rule": c.rule,
        "message": c.message,
        "pages": list(c.pages),
        "expected": c.expected,
        "actual": c.actual,
        "tolerance": c.tolerance,
    }


def summary(report_id: str, checks: Sequence[Check], own: Sequence[Check], engine: dict[str, Any]) -> dict[str, Any]:
    """validation.json: counts by rule and status, every failure, and the engine's own summary.
    `own` are the checks before the verdict; a check where GX and the interval arithmetic
    disagree is listed (it should never happen)."""
    by_rule: dict[str, Counter[str]] = defaultdict(Counter)
    for c in checks:
        by_rule[c.rule][c.status] += 1
    before = {c.check_id: c.status for c in own}
    totals = Counter(c.status for c in checks)
    return {
        "report_id": report_id,
        "checks": len(checks),
        "passed": totals.get("pass", 0),
        "failed": totals.get("fail", 0),
        "skipped": totals.get("skip", 0),
        "tolerance": TOLERANCE,
        "by_rule": {rule: dict(counts) for rule, counts in sorted(by_rule.items())},
        "failures": [failure(c) for c in checks if c.status == "fail"],
        "disagreements": [c.check_id for c in checks if before.get(c.check_id) not in (None, c.status)],
        "great_expectations": engine,
    }


__all__ = ["summary"]
