"""Every figure's checks and the outcome of their review (issue 13: a review loop that clears).

A check's `verdict` is great-expectations' (pass | fail | skip); its `status` after review is the
verdict, except for a failure with a decision: `cleared` for a false alarm, `corrected` for a
corrected value (a confirmed error stays `fail`). A figure's status is the worst of its checks'
statuses: fail > corrected > cleared > pass > unchecked (skipped checks say nothing); its verdict
the worst verdict (fail > pass > unchecked). A failed figure that no reviewer decided on keeps its
value and gets `flag` = 'unreviewed failure'; 'confirmed error' keeps it flagged; 'corrected value'
replaces the value of the operand it names and keeps the printed one. Nothing is dropped.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any, Literal

import pandas as pd

from . import decisions
from .inputs import Inputs, split_refs

Status = Literal["fail", "corrected", "cleared", "pass", "unchecked"]
Flag = Literal["unreviewed failure", "confirmed error", "corrected", ""]
FLAGS: tuple[Flag, ...] = ("unreviewed failure", "confirmed error", "corrected")  # the first one found counts
ORDER: tuple[Status, ...] = ("fail", "corrected", "cleared", "pass", "unchecked")
OPEN = "fail"


def reviewed_status(verdict: str, decision: decisions.Decision | None) -> str:
    """A check's status after review: its verdict, or cleared / corrected for a decided failure."""
    if verdict != "fail" or decision is None:
        return verdict
    return {"false alarm": "cleared", "corrected value": "corrected"}.get(decision.decision, "fail")


def worst(statuses: set[str]) -> Status:
    """The worst of some statuses (fail > corrected > cleared > pass > unchecked; skip is unchecked)."""
    return next((s for s in ORDER if s in statuses), "unchecked")


def worst_status(statuses: set[str]) -> Status:
    """The worst of some verdicts: fail > pass > unchecked."""
    return worst(statuses & {"fail", "pass"})


@dataclass(frozen=True, kw_only=True)
class FigureStatus:
    """One figure's checks and the outcome of their review."""

    status: Status = "unchecked"
    verdict: Status = "unchecked"
    check_ids: tuple[str, ...] = ()
    review: str = ""  # decisions on its failed checks, ; separated
    flag: Flag = ""
    corrected_value: float | None = None
    diagnosis: str = ""  # the diagnoses of its failed checks still open or confirmed, ; separated


def figure_status(ref: str, items: list[tuple[str, str, str]], applied: decisions.Applied) -> FigureStatus:
    """The status of operand `ref` from its (check id, verdict, diagnosis) triples and the decisions."""
    reviews: list[str] = []
    flags: list[Flag] = []
    diagnoses: list[str] = []
    corrected = None
    for cid, verdict, diagnosis in items:
        if verdict != "fail":
            continue
        d = applied.by_check.get(cid)
        if d is None or d.decision == "confirmed error":
            flags.append("unreviewed failure" if d is None else "confirmed error")
            diagnoses += [diagnosis] if diagnosis else []
        if d is None:
            continue
        reviews.append(d.decision)
        if d.decision == "corrected value" and d.operand == ref:
            flags.append("corrected")
            corrected = d.corrected_value
    return FigureStatus(
        status=worst({reviewed_status(v, applied.by_check.get(c)) for c, v, _d in items}),
        verdict=worst_status({v for _c, v, _d in items}),
        check_ids=tuple(c for c, _v, _d in items),
        review=";".join(dict.fromkeys(reviews)),
        flag=next((f for f in FLAGS if f in flags), ""),
        corrected_value=corrected,
        diagnosis=";".join(dict.fromkeys(diagnoses)),
    )


def text_or_empty(v: Any) -> str:
    """A frame cell as text, empty for a null."""
    return "" if v is None or v is pd.NA or (isinstance(v, float) and v != v) else str(v)


def inputs_to_status(inp: Inputs) -> dict[str, FigureStatus]:
    """Operand (claim id or cell id) -> its status, checks and review outcome."""
    involved: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for r in inp.checks.itertuples(index=False):
        for ref in [*split_refs(r.claim_ids), *split_refs(r.table_cells)]:
            involved[ref].append((r.check_id, r.status, text_or_empty(r.diagnosis)))
    return {ref: figure_status(ref, items, inp.applied) for ref, items in involved.items()}


def figure_fields(refs: list[str], status: dict[str, FigureStatus], value: float | None) -> dict[str, Any]:
    """status/verdict/check ids/review/flag of a figure stated by several operands: its own (the
    cell, or the claim), then the text claims stating the same figure. A correction counts only for
    the figure's own operand: a corrected text claim means the table figure was right."""
    parts = [status[r] for r in refs if r in status]
    own = status.get(refs[0]) if refs else None
    flags = [p.flag for p in parts if p.flag and (p is own or p.flag != "corrected")]
    corrected = own.corrected_value if own is not None else None
    return {
        "value": corrected if corrected is not None else value,
        "printed_value": value,
        "status": worst({p.status for p in parts}),
        "verdict": worst_status({p.verdict for p in parts}),
        "check_ids": ";".join(dict.fromkeys(c for p in parts for c in p.check_ids)) or None,
        "review": ";".join(dict.fromkeys(p.review for p in parts if p.review)) or None,
        "flag": next((f for f in FLAGS if f in flags), "") or None,
        "diagnosis": ";".join(dict.fromkeys(p.diagnosis for p in parts if p.diagnosis)) or None,
    }


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


def _scale(op: Any, actual: float) -> float | None:
    """How the check's printed figure relates to the operand: 1 when it is its value, the unit's scale
    when it is its value in base units, None when it is another figure."""
    if _close(float(op.value), actual):
        return 1.0
    base = getattr(op, "base_value", None)
    if base is not None and not pd.isna(base) and _close(float(base), actual):
        return float(base) / float(op.value)
    return None


def suggestions(inp: Inputs) -> dict[str, tuple[str, float]]:
    """Failed check id -> (the operand judged wrong, the value the check implies for it, in the
    operand's printed unit): the operand printed as the check's `actual` (its value, or its value in
    base units); none when that value is what is printed already (a unit slip, not a wrong figure)."""
    claims = {r.claim_id: r for r in inp.claims.itertuples(index=False)}
    cells = {r.cell_id: r for r in inp.cells.itertuples(index=False)}
    out: dict[str, tuple[str, float]] = {}
    for r in inp.checks.itertuples(index=False):
        if r.status != "fail" or pd.isna(r.suggested_value) or pd.isna(r.actual):
            continue
        for ref in [*split_refs(r.claim_ids), *split_refs(r.table_cells)]:
            op = claims.get(ref) or cells.get(ref)
            if op is None or pd.isna(op.value) or not op.value:
                continue
            scale = _scale(op, float(r.actual))
            if scale is None:
                continue
            value = float(r.suggested_value) / scale
            if not _close(value, float(op.value)):
                out[r.check_id] = (ref, round(value, 9))
            break
    return out


def review_counts(inp: Inputs) -> dict[str, int]:
    """document.json's review counts: failed checks still open (no decision), cleared as false
    alarms, confirmed, corrected."""
    counts = {"checks_open": 0, "checks_cleared": 0, "checks_confirmed": 0, "checks_corrected": 0}
    for r in inp.checks.itertuples(index=False):
        if r.status != "fail":
            continue
        d = inp.applied.by_check.get(r.check_id)
        kind = {
            "confirmed error": "checks_confirmed",
            "false alarm": "checks_cleared",
            "corrected value": "checks_corrected",
        }
        counts[kind[d.decision] if d else "checks_open"] += 1
    return counts


__all__ = [
    "FLAGS", "ORDER", "FigureStatus", "Flag", "Status", "figure_fields", "figure_status", "inputs_to_status",
    "review_counts", "reviewed_status", "suggestions", "text_or_empty", "worst", "worst_status",
]  # fmt: skip
