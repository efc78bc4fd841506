"""Narrative against the table: a text figure against the row it names (value, unit, its 'So sánh' cells)."""

from __future__ import annotations

from dataclasses import dataclass

from ..claims import Claim
from ..tables import Column, Table, TableCell, TableRow
from ..tables.columns import comparison_operands
from .checks import Check, fmt
from .context import Context
from .intervals import Iv
from .links import Compared, current_and_ratio_cols, link_for, linkable, table_rows
from .operands import Alternative, best, cell_iv, claim_iv, signed_iv


@dataclass(frozen=True, kw_only=True)
class Link:
    """A text figure and the table row (and reported column) it speaks of."""

    claim: Claim
    table: Table
    row: TableRow
    num_col: Column
    score: float


def narrative_vs_table(ctx: Context) -> list[Check]:
    """Link each reported figure of the text to the table row it speaks of, then compare.

    A level (or a growth rate against a '%' row) is linked to a row when (1) the indicator matches
    (token F1 >= 0.5) and the value meets the row's current cell, or (2) it prints the same
    distinctive figure ('1.368,19'), or (3) the indicator matches strongly (>= 0.8), the match is
    unambiguous and the period fits; only links of kind (3) can disagree in value. Changes, plan
    attainment and multiples stated after a linked figure are compared with the row's
    'So sánh (%)' columns."""
    checks: list[Check] = []
    rows = table_rows(ctx)
    if not rows:
        return checks
    for c in ctx.claims:
        if not linkable(ctx, c):
            continue
        found = link_for(ctx, c, rows)
        if found is None:
            continue
        score, row = found
        checks.extend(check_link(ctx, Link(claim=c, table=row.table, row=row.row, num_col=row.current, score=score)))
    return checks


def chain(ctx: Context, c: Claim) -> list[Claim]:
    """The claims after `c` in its sentence that speak of the same indicator."""
    out: list[Claim] = []
    started = False
    for x in ctx.by_sentence.get(c.sentence_id, ()):
        if x.claim_id == c.claim_id:
            started = True
            continue
        if not started or x.kind == "not_claim":
            continue
        if x.kind == "level" or x.indicator != c.indicator:
            break
        out.append(x)
    return out


def check_link(ctx: Context, link: Link) -> list[Check]:
    """The linked figure against its cell (value, or unit and scale), then the figures after it."""
    c, t, r = link.claim, link.table, link.row
    cell = ctx.cells[(t.table_id, r.row_order, link.num_col.index)]
    cref = f"{t.table_id}:{r.row_order}:{link.num_col.index}"
    cscale, cbase = ctx.unit_scale(c.unit)
    rscale, rbase = ctx.unit_scale(r.unit)
    label = f"'{c.indicator}' ({c.raw} {c.unit or ''}) vs {t.table_id} row {r.row_order} ({r.indicator[:50]})"
    civ, tiv = claim_iv(c), cell_iv(cell)
    assert civ is not None and tiv is not None
    unit_known = bool(c.unit) and bool(r.unit.strip())
    same_base = (not unit_known) or cbase == rbase or cbase in rbase or rbase in cbase
    out: list[Check] = []
    if unit_known and same_base and cscale != rscale:
        factor = fmt(cscale / rscale, 0) if cscale > rscale else "1/" + fmt(rscale / cscale, 0)
        msg = (
            f"{label}: the same figure printed as {c.unit} in the text and {r.unit} in the table (a factor of {factor})"
        )
        out.append(ctx.check("narrative_table_unit", msg, expected=civ.scale(cscale), actual=tiv.scale(rscale),
                             claims=[c], cells=[cref]))  # fmt: skip
    else:
        out.append(ctx.check("narrative_table_value", f"{label}: {c.raw} = {cell.raw}", expected=tiv, actual=civ,
                             claims=[c], cells=[cref]))  # fmt: skip
    _current, ratios = current_and_ratio_cols(t)
    for x in chain(ctx, c):
        check = check_chain_claim(ctx, t, r, cell, x, ratios)
        if check is not None:
            out.append(check)
    return out


def chain_target(x: Claim) -> Compared | None:
    """The comparison column a change or attainment speaks of."""
    if x.kind == "plan_pct":
        return "plan"
    return "plan" if x.comparison in ("plan", "budget", "scenario") else "prev" if x.comparison else None


def check_chain_claim(
    ctx: Context, t: Table, r: TableRow, cur: TableCell, x: Claim, ratios: dict[Compared, Column]
) -> Check | None:
    """A change, attainment or multiple stated after a linked figure against the row's 'So sánh' cell."""
    target = chain_target(x)
    if target is None or target not in ratios:
        return None
    rcol = ratios[target]
    rcell = ctx.cells.get((t.table_id, r.row_order, rcol.index))
    if rcell is None or rcell.value is None:
        return None
    den_col = comparison_operands(t, rcol)[1]
    dcell = ctx.cells.get((t.table_id, r.row_order, den_col.index)) if den_col else None
    refs = [f"{t.table_id}:{r.row_order}:{rcol.index}"]
    label = f"'{x.indicator}' {x.raw}{x.unit or ''} ({x.kind}) vs {t.table_id} row {r.row_order} {rcol.name}"
    riv = cell_iv(rcell)
    assert riv is not None
    alts: list[Alternative] = []
    for trunc in (False, True):
        xs = signed_iv(x, trunc)
        if xs is None:
            return None
        tag = " (truncated)" if trunc else ""
        alts.extend(chain_alternatives(x, riv, xs, tag, trunc, pct_row=r.unit.strip() == "%"))
        if x.kind == "change_abs" and dcell is not None and dcell.value is not None:
            cur_iv, den_iv = cell_iv(cur), cell_iv(dcell)
            if cur_iv is not None and den_iv is not None:
                xscale, _ = ctx.unit_scale(x.unit)
                rscale, _ = ctx.unit_scale(r.unit)
                alts.append(("difference" + tag, (cur_iv - den_iv).scale(rscale), xs.scale(xscale)))
                refs = [f"{t.table_id}:{r.row_order}:{cur.col}", f"{t.table_id}:{r.row_order}:{dcell.col}"]
    basis, exp, act, margin = best(alts)
    if exp is None:
        return None
    msg = f"{label}: the table gives {fmt(exp.mid)} ({basis}), the text {x.raw}"
    return ctx.check("narrative_table_value", msg, expected=exp, actual=act, claims=[x], cells=refs, basis=basis,
                     margin=margin)  # fmt: skip


def chain_alternatives(x: Claim, riv: Iv, xs: Iv, tag: str, trunc: bool, *, pct_row: bool) -> list[Alternative]:
    """The readings of a 'So sánh' cell for a claim of kind plan_pct, change_pct, pp_change or multiple."""
    if x.kind == "plan_pct":
        return [("ratio" + tag, riv, claim_iv(x, trunc))]
    if x.kind == "change_pct":
        out: list[Alternative] = [("ratio - 100" + tag, riv.shift(-100), xs)]
        if pct_row:
            out.append(("difference in points" + tag, riv, xs))
        return out
    if x.kind == "pp_change":
        return [("difference in points" + tag, riv, xs), ("ratio - 100" + tag, riv.shift(-100), xs)]
    if x.kind == "multiple":
        return [("ratio / 100" + tag, riv.scale(0.01), claim_iv(x, trunc))]
    return []


__all__ = ["Link", "check_link", "narrative_vs_table"]
