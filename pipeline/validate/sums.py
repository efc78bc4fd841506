"""Table sums: exhaustive breakdowns, 'Trong đó' lists and structure shares add up to their parent row."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import replace

from ..tables import Column, Table, TableRow
from ..tables.columns import is_ratio_column
from .checks import Check, fmt
from .context import Context
from .intervals import Iv, total
from .operands import cell_iv


def table_sums(ctx: Context) -> list[Check]:
    """Every parent row with two or more components of its unit, column by column."""
    checks: list[Check] = []
    for t in ctx.tables:
        if t.index:  # index numbers (CPI, IIP) are not parts of their overall index
            continue
        level_cols = [
            c for c in t.value_columns()
            if not is_ratio_column(c) and (c.meaning is None or c.meaning.kind != "comparison")
        ]  # fmt: skip
        for parent_order, children in children_of(t).items():
            parent = t.row(parent_order)
            comps = same_unit_components(parent, children)
            if len(comps) >= 2:
                checks.extend(parent_sums(ctx, t, parent, comps, level_cols))
    return checks


def children_of(t: Table) -> dict[int, list[TableRow]]:
    """Parent row order -> its child rows, in order."""
    out: dict[int, list[TableRow]] = defaultdict(list)
    for r in t.rows:
        if r.parent_row is not None:
            out[r.parent_row].append(r)
    return out


def same_unit_components(parent: TableRow, children: Sequence[TableRow]) -> list[TableRow]:
    """The children that add up to the parent: not 'Trong đó' labels, in the parent's unit (or, for a
    parent without a unit, the children's most common unit)."""
    comps = [c for c in children if c.kind != "of_which"]
    if parent.unit.strip():
        return [c for c in comps if c.unit.strip().lower() == parent.unit.strip().lower()]
    units = Counter(c.unit.strip().lower() for c in comps if c.unit.strip())
    if units:
        top = units.most_common(1)[0][0]
        comps = [c for c in comps if c.unit.strip().lower() == top]
    return comps


def parent_sums(
    ctx: Context, t: Table, parent: TableRow, comps: list[TableRow], level_cols: list[Column]
) -> list[Check]:
    """One parent's checks, column by column; its table_sum checks last, with the hint of
    hint_partial_columns."""
    partial = any(c.partial for c in comps)
    percent = all(c.unit.strip() == "%" for c in comps)
    out: list[Check] = []
    sums: list[tuple[str, Check]] = []
    for col in level_cols:
        check = column_sum(ctx, t, parent, comps, col, partial=partial, percent=percent)
        if check is None:
            continue
        if check.rule == "table_sum" and check.status != "skip":
            sums.append((col.name, check))
        else:
            out.append(check)
    return [*out, *hint_partial_columns(sums)]


def column_sum(
    ctx: Context, t: Table, parent: TableRow, comps: list[TableRow], col: Column, *, partial: bool, percent: bool
) -> Check | None:
    """The parent's cell in one column against its components' cells (None: nothing to check)."""
    pcell = ctx.cells.get((t.table_id, parent.row_order, col.index))
    if pcell is None or pcell.value is None:
        return None
    if percent and abs(pcell.value - 100) > 0.5:
        return None  # growth rates and other percentages do not add up
    rule = "table_structure_100" if percent else "table_partial_sum" if partial else "table_sum"
    ccells = [ctx.cells.get((t.table_id, c.row_order, col.index)) for c in comps]
    refs = [f"{t.table_id}:{parent.row_order}:{col.index}"] + [f"{t.table_id}:{c.row_order}:{col.index}" for c in comps]
    label = f"{t.table_id} row {parent.row_order} ({parent.indicator[:50]}) — {col.name}"
    parts_ivs = [cell_iv(c) if c is not None else None for c in ccells]
    if any(iv is None for iv in parts_ivs):
        missing = [comps[k].row_order for k, iv in enumerate(parts_ivs) if iv is None]
        return ctx.check(rule, f"{label}: components {missing} have no value", cells=refs, skip=True)
    parts = total([iv for iv in parts_ivs if iv is not None])
    printed = cell_iv(pcell)
    assert printed is not None
    if rule == "table_partial_sum":
        return partial_sum(ctx, label, parts, printed, pcell.raw, refs)
    msg = f"{label}: components add up to {fmt(parts.mid)}, printed total {pcell.raw}"
    return ctx.check(rule, msg, expected=parts, actual=printed, cells=refs)


def partial_sum(ctx: Context, label: str, parts: Iv, printed: Iv, raw: str, refs: list[str]) -> Check:
    """'Trong đó' parts are within their total."""
    margin = printed.hi - parts.lo
    msg = (
        f"{label}: the 'trong đó' parts add up to {fmt(parts.mid)}, "
        f"{'within' if margin >= 0 else 'more than'} the total {raw}"
    )
    return ctx.check("table_partial_sum", msg, expected=parts, actual=printed, cells=refs, margin=margin)


def hint_partial_columns(sums: list[tuple[str, Check]]) -> list[Check]:
    """A parent's column checks; when it adds up in some columns but not in another, the failing
    ones say so (a year plan that covers components the half-year rows do not list)."""
    ok = [col for col, c in sums if c.status == "pass"]
    hint = f" (the same rows add up in: {', '.join(ok)})" if ok else ""
    return [replace(c, message=c.message + hint) if c.status == "fail" and hint else c for _col, c in sums]


__all__ = ["children_of", "hint_partial_columns", "same_unit_components", "table_sums"]
