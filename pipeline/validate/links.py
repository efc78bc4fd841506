"""Which table row a figure of the text speaks of: indicator similarity, value, period and context."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from ..claims import Claim
from ..tables import Column, Table, TableCell, TableRow
from ..tables.columns import (
    RowMeasure,
    comparison_operands,
    is_comparison_column,
    period_fits,
    read_header,
    row_measure,
)  # fmt: skip
from .context import Context
from .operands import cell_iv, claim_iv

Compared = Literal["plan", "prev"]
STRONG = 0.8  # indicator similarity at which a row is linked whatever the value says
_LEAD = re.compile(r"^[-+•]\s*")
_LINKED_KINDS = ("level", "change_pct", "share_pct", "rate_pct")


@dataclass(frozen=True, kw_only=True)
class RowFigure:
    """A table row's reported figure: its cell in the column the text reports."""

    table: Table
    row: TableRow
    current: Column
    cell: TableCell
    name: str
    base: str
    measure: RowMeasure  # the claim kind the row holds


def row_name(t: Table, r: TableRow) -> str:
    """A row's indicator with the code and, for attribute rows, the parent's name."""
    name = _LEAD.sub("", r.indicator)
    if r.parent_row and not r.marker:
        parent = t.row(r.parent_row)
        name = f"{name} {_LEAD.sub('', parent.indicator)}"
    return name


def current_and_ratio_cols(t: Table) -> tuple[Column | None, dict[Compared, Column]]:
    """The column the text reports (the numerator of the 'So sánh' columns) and the 'So sánh'
    columns by what they compare with: 'prev' (same period last year) or 'plan' (the plan, the
    budget or the scenario, as the header says)."""
    current = None
    ratios: dict[Compared, Column] = {}
    for col in t.value_columns():
        if not is_comparison_column(col):
            continue
        num, den = comparison_operands(t, col)
        if num is None or den is None:
            continue
        against = col.meaning.against if col.meaning is not None else read_header(col.name).against
        if against not in ("plan", "scenario", "previous"):
            continue  # last month, December, the base period: not what the text's comparisons name
        current = current or num
        if against in ("plan", "scenario"):
            ratios.setdefault("plan", col)
        else:
            ratios.setdefault("prev", col)
    return current, ratios


def table_rows(ctx: Context) -> list[RowFigure]:
    """Every row with a figure in its table's reported column."""
    out: list[RowFigure] = []
    for t in ctx.tables:
        current, _ratios = current_and_ratio_cols(t)
        if current is None:
            continue
        for r in t.rows:
            cell = ctx.cells.get((t.table_id, r.row_order, current.index))
            if cell is not None and cell.value is not None:
                out.append(
                    RowFigure(
                        table=t, row=r, current=current, cell=cell, name=row_name(t, r),
                        base=ctx.unit_scale(r.unit)[1], measure=row_measure(t, r),
                    )
                )  # fmt: skip
    return out


def linkable(ctx: Context, c: Claim) -> bool:
    """A reported figure of a kind a row holds (not a target, not an earlier period's)."""
    if c.value is None or c.kind not in _LINKED_KINDS:
        return False
    return not (ctx.is_target(c) or ctx.previous_period_footnote(c.footnote))


def link_for(ctx: Context, c: Claim, rows: list[RowFigure]) -> tuple[float, RowFigure] | None:
    """The row a figure speaks of, with the indicator similarity: (1) the indicator matches
    (token F1 >= 0.5) and the value meets the row's cell, or (2) the same distinctive figure is
    printed, or (3) the indicator matches strongly, unambiguously, and the period fits."""
    civ = claim_iv(c)
    assert civ is not None
    pool = [
        (ctx.words.similarity(c.indicator, row.name), row) for row in rows
        if row.measure == c.kind and (c.kind != "change_pct" or c.comparison == "same_period_prev_year")
        and compatible(ctx, c, row.base)
    ]  # fmt: skip
    meeting = [(sc, row) for sc, row in pool if sc >= 0.5 and civ.meets(cell_iv(row.cell) or civ)]
    if meeting:
        return max(meeting, key=lambda x: x[0])
    same = [(sc, row) for sc, row in pool if same_print(c.raw, row.cell.raw)]
    if same:
        return same[0]
    strong = sorted(
        ((sc, row) for sc, row in pool if sc >= STRONG and period_fits(c.period, row.current.name)),
        key=lambda x: -x[0],
    )
    if not strong:
        return None
    tied = [x for x in strong if strong[0][0] - x[0] < 0.15]
    return strong[0] if len(tied) == 1 else by_context(ctx, c, tied)


def chain_tokens(ctx: Context, t: Table, r: TableRow) -> set[str]:
    """The tokens of a row's parents' names."""
    out: set[str] = set()
    parent = r.parent_row
    while parent is not None:
        pr = t.row(parent)
        out.update(ctx.words.tokens(pr.indicator))
        parent = pr.parent_row
    return out


def by_context(ctx: Context, c: Claim, tied: list[tuple[float, RowFigure]]) -> tuple[float, RowFigure] | None:
    """Rows of the same name under different parents ('+ Nông, lâm nghiệp, thuỷ sản' under GRDP at
    constant and at current prices): the one whose parents' distinctive words the sentence uses."""
    sentence = ctx.sentences.get(c.sentence_id)
    if sentence is None:
        return None
    words = set(ctx.words.tokens(sentence.text))
    chains = [chain_tokens(ctx, row.table, row.row) for _sc, row in tied]
    scores = []
    for k, chain in enumerate(chains):
        others = set().union(*(ch for j, ch in enumerate(chains) if j != k))
        scores.append(len((chain - others) & words))
    top = max(scores)
    if top == 0 or scores.count(top) > 1:
        return None
    return tied[scores.index(top)]


def same_print(a: str, b: str | None) -> bool:
    """The same figure printed the same way, with at least 4 significant digits ('1.368,19')."""
    digits = re.sub(r"\D", "", a).lstrip("0")
    return b is not None and a.strip() == b.strip() and len(digits) >= 4


def compatible(ctx: Context, c: Claim, row_base: str) -> bool:
    """A claim's unit and a row's base unit may be the same measure."""
    _scale, base = ctx.unit_scale(c.unit)
    return not c.unit or not row_base or base == row_base or base in row_base or row_base in base


__all__ = [
    "STRONG", "Compared", "RowFigure", "by_context", "chain_tokens", "compatible", "current_and_ratio_cols",
    "link_for", "linkable", "row_name", "same_print", "table_rows",
]  # fmt: skip
