"""Table ratios: each comparison cell against the value columns it compares (ratio or points).

The compared columns come from the columns' meanings (tables/meaning.py): '6 tháng 2024 so với cùng
kỳ' divides the 6 tháng 2024 column by the 6 tháng 2023 one, whatever their order. A comparison
whose operands are not both printed (against the base period, a month of last year) is not checked.
A column without a meaning (a table built by hand) is paired by its header's words."""

from __future__ import annotations

from ..tables import Column, Table, TableCell, TableRow
from ..tables.columns import comparison_operands, is_comparison_column
from .checks import Check, fmt
from .context import Context
from .intervals import Iv
from .operands import Alternative, best, cell_iv


def table_ratios(ctx: Context) -> list[Check]:
    """Every filled cell of every comparison column whose compared columns are found."""
    checks: list[Check] = []
    for t in ctx.tables:
        for col in t.value_columns():
            if not is_comparison_column(col):
                continue
            num_col, den_col = comparison_operands(t, col)
            if num_col is None or den_col is None:
                continue
            for r in t.rows:
                check = ratio_cell(ctx, t, r, col, num_col, den_col)
                if check is not None:
                    checks.append(check)
    return checks


def ratio_cell(ctx: Context, t: Table, r: TableRow, col: Column, num_col: Column, den_col: Column) -> Check | None:
    """One comparison cell: its numerator / denominator x 100, or their difference in points."""
    cell = ctx.cells.get((t.table_id, r.row_order, col.index))
    if cell is None or cell.value is None:
        return None
    n = ctx.cells.get((t.table_id, r.row_order, num_col.index))
    d = ctx.cells.get((t.table_id, r.row_order, den_col.index))
    refs = [f"{t.table_id}:{r.row_order}:{k}" for k in (col.index, num_col.index, den_col.index)]
    label = f"{t.table_id} row {r.row_order} ({r.indicator[:50]}) — {col.name}"
    if n is None or d is None or n.value is None or d.value is None:
        return ctx.check("table_ratio", f"{label}: a compared cell is empty", cells=refs, skip=True)
    ni, di = cell_iv(n), cell_iv(d)
    assert ni is not None and di is not None
    q = ni / di
    basis, exp, act, margin = best(ratio_alternatives(r, cell, n, d, ni, di, q))
    if exp is None:
        return ctx.check("table_ratio", f"{label}: the denominator is zero", cells=refs, skip=True)
    msg = (
        f"{label}: printed {cell.raw}; {n.raw} vs {d.raw} gives {fmt(exp.mid)} as {basis}"
        if margin is not None and margin >= 0
        else f"{label}: printed {cell.raw} but {n.raw} / {d.raw} x 100 = {fmt((q.mid if q else 0) * 100)}"
        + (f" and {n.raw} - {d.raw} = {fmt((ni - di).mid)}" if r.unit.strip() in ("%", "") else "")
    )
    return ctx.check("table_ratio", msg, expected=exp, actual=act, cells=refs, basis=basis, margin=margin)


def ratio_alternatives(
    r: TableRow, cell: TableCell, n: TableCell, d: TableCell, ni: Iv, di: Iv, q: Iv | None
) -> list[Alternative]:
    """The readings of a comparison cell: a ratio, and for '%' rows a difference in points; each
    rounded, then truncated."""
    alts: list[Alternative] = []
    for trunc in (False, True):
        assert cell.value is not None
        printed = Iv.printed(cell.value, cell.decimals, trunc)
        suffix = " (truncated)" if trunc else ""
        alts.append(("ratio" + suffix, q.scale(100) if q else None, printed))
        if r.unit.strip() == "%" or "%" in (n.raw + d.raw) or r.unit.strip() == "":
            alts.append(("difference in points" + suffix, ni - di, printed))
    return alts


__all__ = ["table_ratios"]
