"""Target verdicts: a table's note column says a target was met ('Đạt'), exceeded ('Vượt') or not met
('Không đạt'); the row's figures must say the same.

The target is the row's cell in the plan column ('KH năm 2019'): one figure, a bound ('< 7,6',
'Tối thiểu 50%') or a range ('7,5-8,0'), read by tables/targets.py. The figure judged is the row's
cell in the first level column of the plan's period that is not a plan ('Ước TH năm 2019'; never a
'% of plan' or note column), else in the last level column printed after the plan. Which side of a
plain figure is good comes from the bound itself, else from the indicator the row is linked to
(schemas/indicators.yaml `better`; a row of a reduction, 'giảm', turns it round; a structure share
has no good side); where it is not known, only what holds either way is checked: a target printed
equal to the figure is met and not missed, a range holds its insides; 'Vượt' then cannot be judged
(a skip).

The comparison is on the printed figures, as the report's own verdict is: an estimate printed equal
to a strict bound ('7,6' against '< 7,6') does not meet it. The margin is in the figures' unit, the
smallest printed step counting as the strict difference.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..indicators.catalogue import Catalogue, catalogue
from ..indicators.report import Links
from ..rules import Rules
from ..tables import Column, Table, TableCell, TableRow
from ..tables.columns import is_ratio_header
from ..tables.targets import Target, Verdict, is_note_header, read_target, verdict_of
from .checks import Check
from .context import Context
from .intervals import Iv

# a row of the reduction itself ('Tỷ lệ hộ nghèo giảm (%)', 'Mức giảm tỷ suất sinh'), not of the level it
# comes down to ('… giảm còn 4,17%', 'giảm xuống', 'giảm dưới')
_REDUCTION = re.compile(r"(?<!\w)giảm(?!\w)(?!\s+(?:còn|xuống|dưới|về)(?!\w))", re.IGNORECASE)
_NO_SIDE = frozenset({"share_pct", "contribution_pp", "contribution_share"})  # a structure share: no good side


def _plan_and_subject(t: Table) -> tuple[Column, Column] | None:
    """The plan column and the column of the figure judged against it."""
    levels = [
        c for c in t.value_columns()
        if c.meaning is not None and c.meaning.kind == "level" and not is_note_header(c.name)
        and not is_ratio_header(c.name)
    ]  # fmt: skip
    plans = [c for c in levels if c.meaning is not None and c.meaning.measure == "plan"]
    if len(plans) != 1:
        return None
    plan = plans[0]
    others = [c for c in levels if c is not plan and c.meaning is not None and c.meaning.measure != "scenario"]
    period = plan.meaning.period if plan.meaning else None
    same = [c for c in others if c.meaning is not None and period is not None and c.meaning.period == period]
    if same:
        return plan, same[0]
    later = [c for c in others if c.index > plan.index]
    return (plan, later[-1]) if later else None


def _better(ctx_links: Links | None, cat: Catalogue, t: Table, r: TableRow) -> str | None:
    """'higher' | 'lower' | None: which side of its target the row's figure should be on."""
    if ctx_links is None:
        return None
    linked = ctx_links.rows.get((t.table_id, r.row_order))
    ind = linked.link.indicator_id if linked else None
    if linked is None or ind is None or ind not in cat.indicators or linked.measure in _NO_SIDE:
        return None
    better = cat.indicators[ind].better
    if better is None or not _REDUCTION.search(r.indicator):
        return better
    return "lower" if better == "higher" else "higher"


def met_margin(x: float, target: Target, better: str | None, step: float) -> float | None:
    """How far the figure is on the good side of the target (>= 0: met), or None when it cannot be told."""
    strict = step if target.strict else 0.0
    if target.lo is None and target.hi is not None:
        return target.hi - x - strict
    if target.hi is None and target.lo is not None:
        return x - target.lo - strict
    if target.lo is None or target.hi is None:
        return None
    if better == "higher":
        return x - target.lo
    if better == "lower":
        return target.hi - x
    inside = min(x - target.lo, target.hi - x)
    return inside if inside >= 0 else None


def exceeded_margin(x: float, target: Target, better: str | None, step: float) -> float | None:
    """How far the figure is beyond the whole target on its good side (>= 0: exceeded), or None."""
    if target.lo is None or target.hi is None:  # a bound: beyond it is exceeding it
        met = met_margin(x, target, better, step)
        return None if met is None else met - (0.0 if target.strict else step)
    if better == "higher":
        return x - target.hi - step
    if better == "lower":
        return target.lo - x - step
    return None


def verdict_margin(verdict: Verdict, x: float, target: Target, better: str | None, step: float) -> float | None:
    """The check's margin (>= 0 when the printed figures agree with the verdict), or None when the
    side that is good is needed and not known."""
    met = met_margin(x, target, better, step)
    if verdict == "exceeded":
        return exceeded_margin(x, target, better, step)
    if met is None:
        return None
    return met if verdict == "met" else -met - step


def _row_check(
    ctx: Context, t: Table, r: TableRow, cols: tuple[Column, Column], note: TableCell, better: str | None
) -> Check | None:
    plan_col, subject_col = cols
    plan = ctx.cells.get((t.table_id, r.row_order, plan_col.index))
    subject = ctx.cells.get((t.table_id, r.row_order, subject_col.index))
    verdict = verdict_of(note.raw)
    if plan is None or subject is None or subject.value is None or verdict is None:
        return None
    target = read_target(plan.raw)
    if target is None:
        return None
    if target.bounded and (target.lo is None or target.hi is None):
        better = "lower" if target.lo is None else "higher"
    step = 10.0 ** -max(subject.decimals, target.decimals)
    refs = [f"{t.table_id}:{r.row_order}:{k}" for k in (note.col, plan_col.index, subject_col.index)]
    label = f"{t.table_id} row {r.row_order} ({r.indicator[:50]})"
    margin = verdict_margin(verdict, subject.value, target, better, step)
    if margin is None:
        msg = f"{label}: '{note.raw}': which side of {plan.raw} is good is not known"
        return ctx.check("table_target_verdict", msg, cells=refs, skip=True)
    margin = round(margin, 10)
    met = met_margin(subject.value, target, better, step)
    said = "not known" if met is None else "met" if round(met, 10) >= 0 else "not met"
    basis = f"printed figures; better {better or 'unknown'}"
    msg = (
        f"{label}: '{note.raw}' ({verdict.replace('_', ' ')}); {subject_col.name} {subject.raw} against "
        f"{plan_col.name} {plan.raw}: {said}"
    )
    check = ctx.check(
        "table_target_verdict", msg, expected=Iv.exact(target.hi if target.hi is not None else target.lo or 0.0),
        actual=Iv.printed(subject.value, subject.decimals), cells=refs, basis=basis, margin=margin,
    )  # fmt: skip
    if margin >= 0:
        return check
    return _diagnosed(check, subject, plan, target, note, said)


def _diagnosed(check: Check, subject: TableCell, plan: TableCell, target: Target, note: TableCell, said: str) -> Check:
    """A failed verdict with its cause: a figure equal to a strict bound, or a verdict the figures contradict."""
    bound = target.hi if target.lo is None else target.lo
    if target.strict and bound is not None and subject.value == bound:
        text = (
            f"the figure {subject.raw} equals the bound of the strict target '{plan.raw}': '{note.raw}' holds only "
            f"if the unrounded figure is beyond it, or if the target meant ≤"
        )
        return replace(check, diagnosis="bound_equal", suggested_value=None, diagnosis_text=text)
    text = f"the printed figures say the target was {said} ({subject.raw} against '{plan.raw}'); the note: '{note.raw}'"
    return replace(check, diagnosis="wrong_verdict", suggested_value=None, diagnosis_text=text)


def target_verdicts(ctx: Context, links: Links | None, rules: Rules | None = None) -> list[Check]:
    """Every row of a table with a verdict column whose plan and judged figure are printed."""
    cat = catalogue(rules)
    out: list[Check] = []
    for t in ctx.tables:
        cols = _plan_and_subject(t)
        if cols is None:
            continue
        notes = {c.row_order: c for c in t.cells if "verdict" in c.flags}
        for r in t.rows:
            note = notes.get(r.row_order)
            if note is None:
                continue
            check = _row_check(ctx, t, r, cols, note, _better(links, cat, t, r))
            if check is not None:
                out.append(check)
    return out


__all__ = ["exceeded_margin", "met_margin", "target_verdicts", "verdict_margin"]
