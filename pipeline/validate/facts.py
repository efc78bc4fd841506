"""Facts for the identities: every linked claim and table cell as indicator × measure × dimensions.

    claim_fact        linked text figures (not targets, not tasks, strong links only)
    cells_to_facts    table cells: the row's indicator and measure, the column's measure and period
    resolve_bases     a money figure printed without a price basis takes the report's only basis
                      for that indicator (growth: the only constant basis)

Dimensions are (price basis, period, base unit). Every figure is placed relative to the report's
period: a level of the same period one year earlier is its `previous_level`, a plan column is its
`plan`; other periods keep their own label and relate only among themselves.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import replace

from ..claims import Claim
from ..indicators import Catalogue
from ..indicators.report import LinkedFigure, Links
from ..tables import Table, TableCell
from ..tables.columns import read_header
from ..tables.meaning import ColumnMeaning, read_period
from .context import Context
from .identities import Fact
from .intervals import Iv
from .operands import cell_iv

MIN_SCORE = 0.75  # links from the figure's own phrase, the words after it or its clause; not from headings alone
STRONG_SCORE = 0.85  # a link this strong names the figure itself: it may be compared with its restatements
SIGNED = frozenset(["change_pct", "change_abs", "pp_change", "contribution_pp"])
PLAIN_COMPARISONS = (None, "same_period_prev_year")
_TARGET_BEFORE = re.compile(
    r"(?:kịch\s+bản|kế\s+hoạch|\bKH\b|mục\s+tiêu|chỉ\s+tiêu|dự\s+toán|phê\s+duyệt|phấn\s+đấu)[^;,.()\d]{0,25}$", re.I
)
_BOUND_BEFORE = re.compile(r"(?:\bhơn|\btrên|\bgần|\bdưới|\bxấp\s+xỉ|\bngót|chưa\s+đến|\bkhoảng)\s*$", re.I)
_AREA_BEFORE = re.compile(
    r"\b(?:huyện|thị\s+xã|thành\s+phố|xã|phường|thị\s+trấn)\s+[A-ZĐ][^;:]{0,60}$|[A-ZĐ][^\s(),;]*(?:\s+[A-ZĐ][^\s(),;]*)*\s*\($"
)
_PREVIOUS_CLAUSE = re.compile(
    r"(?:^|[;(]\s*)(?:cùng\s+kỳ(?:\s+năm\s+(?:19|20)\d{2}|\s+năm\s+trước)?)[,:]?\s*[^;]*$", re.I
)
PERCENT_MEASURES = frozenset(
    ["change_pct", "ratio_pct", "share_pct", "plan_pct", "pp_change", "contribution_pp", "contribution_share"]
)
_YEAR = re.compile(r"(?:19|20)\d{2}")


def period_parts(text: str | None) -> tuple[str, str | None]:
    """A period label split into its span and year: '6 tháng đầu năm 2024' -> ('6 tháng', '2024')."""
    t = (text or "").lower()
    years = _YEAR.findall(t)
    span = re.sub(r"\s+", " ", re.sub(r"(?:19|20)\d{2}|đầu\s+năm|năm|của", " ", t)).strip()
    return span, years[-1] if years else None


def relative_period(period: str | None, report: str | None) -> tuple[str | None, bool]:
    """(the period a figure's dimensions name, whether it is the previous year's same span)."""
    if not period or not report:
        return report, False
    (span, year), (rspan, ryear) = period_parts(period), period_parts(report)
    if year and ryear and span == rspan and int(year) == int(ryear) - 1:
        return report, True
    if (span, year) == (rspan, ryear) or not year:
        return report, False
    return period, False


def _not_a_stated_value(text_before: str) -> bool:
    """A target ('kịch bản 13,64%', 'KH 9,5%'), a bound ('hơn 720', 'trên 85%') or a figure of one
    district ('huyện Tuần Giáo (564,52 ha)'): not the reported value of the report's area."""
    tail = text_before[-60:]
    return bool(_TARGET_BEFORE.search(tail) or _BOUND_BEFORE.search(tail) or _AREA_BEFORE.search(tail))


def _claim_measure(c: Claim, lf: LinkedFigure) -> str:
    measure = "level" if lf.measure in ("actual", "estimate") else lf.measure
    if measure in SIGNED | {"ratio_pct"} and c.comparison not in PLAIN_COMPARISONS:
        measure = f"{measure}@{c.comparison}"
    return measure


def claim_fact(
    ctx: Context, c: Claim, lf: LinkedFigure, report_period: str | None, family: str | None = None
) -> Fact | None:
    """One linked claim as a fact, or None when it is not a reported figure of the period."""
    if c.value is None or lf.link.indicator_id is None or lf.link.score < MIN_SCORE or ctx.is_target(c):
        return None
    sentence = ctx.sentences[c.sentence_id]
    before = sentence.text[: max(c.start, 0)]
    if _not_a_stated_value(before):
        return None
    measure = _claim_measure(c, lf)
    period, previous = relative_period(c.period, report_period)
    if ctx.previous_period_footnote(c.footnote) or _PREVIOUS_CLAUSE.search(before):
        period, previous = report_period, True
    if previous and measure == "level":
        measure = "previous_level"
    elif previous:
        return None
    if measure in ("level", "previous_level") and c.unit == "%" and family in AMOUNTS:
        return None  # a percentage is no level of an amount (a growth target read as its indicator)
    sign = -1.0 if c.direction == "down" and measure.split("@")[0] in SIGNED and c.value > 0 else 1.0
    if measure.split("@")[0] in PERCENT_MEASURES or c.unit == "%":
        scale, base, printed = 1.0, "%", Iv.printed(c.value, c.decimals, truncated_ok=True)
    else:
        scale, base, printed = c.scale or 1.0, c.base_unit or (c.unit or ""), Iv.printed(c.value, c.decimals)
    iv = printed.scale(scale * sign)
    return Fact(
        ref=c.claim_id,
        indicator=lf.link.indicator_id,
        measure=measure,
        dims=(lf.price_basis, period),
        unit=base,
        scale=scale * sign,  # the figure as printed, sign and all
        iv=iv,
        where=f"p{sentence.paragraph}" if c.footnote is None else f"fn{c.footnote}",
        order=_order(c.claim_id),
        page=c.page,
        section=c.section_id or "",
        comparison=c.comparison,
        strong=lf.link.score >= STRONG_SCORE,
    )


def _order(ref: str) -> int:
    digits = re.sub(r"\D", "", ref)
    return int(digits) if digits else 0


def cell_measure(t: Table, cell: TableCell, row: LinkedFigure, report_period: str | None = None) -> str | None:
    """What a cell measures: the row's measure read through its column's meaning (a level of the
    report's period, of the same period a year before, a plan; a comparison with the same period a
    year before or with the plan); a column of another period (last month, the month alone beside
    the cumulative figure, the base period) gives no fact. Without a meaning, its header's words."""
    col = t.columns[cell.col] if cell.col < len(t.columns) else None
    if col is not None and col.meaning is not None and report_period:
        return meaning_measure(t, col.meaning, row, report_period)
    reading = read_header(cell.column)
    if reading.measure == "ratio":
        if row.measure != "level":  # a comparison of two percentages: a difference in points
            return "pp_change" if row.measure == "share_pct" and reading.against == "previous" else None
        return {"previous": "ratio_pct", "plan": "plan_pct"}.get(reading.against or "")
    if reading.measure == "plan":
        return "plan" if row.measure == "level" else None
    if reading.measure in ("estimate", "actual", "value"):
        current = _current_period(t)
        if reading.period and current and reading.period != current:
            return "previous_level" if row.measure == "level" else f"previous_{row.measure}"
        return "level" if row.measure == "level" else row.measure
    return None


def meaning_measure(t: Table, m: ColumnMeaning, row: LinkedFigure, report_period: str) -> str | None:
    """cell_measure for a column whose meaning is read (tables/meaning.py)."""
    current = read_period(report_period)
    if current is None:
        return None
    if m.kind == "comparison":
        if m.subject is not None and m.subject != current:
            return None
        if t.index:  # an index table's figures are indices against their base: the same period last year only
            return "level" if m.against == "previous" and row.measure == "level" else None
        if row.measure != "level":
            return "pp_change" if row.measure == "share_pct" and m.against == "previous" else None
        return {"previous": "ratio_pct", "plan": "plan_pct"}.get(m.against or "")
    if t.index:
        return None
    if m.measure in ("plan", "scenario"):
        return "plan" if m.measure == "plan" and row.measure == "level" else None
    if m.period == current:
        return row.measure
    if m.period == current.shifted(years=1):
        return "previous_level" if row.measure == "level" else f"previous_{row.measure}"
    return None


def _current_period(t: Table) -> str | None:
    """The latest period among a table's level columns (the report's period in an appendix)."""
    periods = [read_header(c.name).period for c in t.columns if c.role == "value"]
    found = [p for p in periods if p and read_header(p).measure != "ratio"]
    return max(found, key=lambda p: (period_parts(p)[1] or "", len(p)), default=None)


AMOUNTS = frozenset({"money", "mass", "area", "count", "people"})


def _percent_of_amount(cat: Catalogue, t: Table, cell: TableCell, indicator: str) -> bool:
    """A cell printed in % for an indicator that is an amount (money, mass, area, a count)."""
    entry = cat.indicators.get(indicator)
    unit = (cell.unit or t.row(cell.row_order).unit or "").strip()
    return unit == "%" and entry is not None and entry.unit_family in AMOUNTS


def cells_to_facts(ctx: Context, links: Links, report_period: str | None, cat: Catalogue) -> list[Fact]:
    """Facts of every linked table cell."""
    out = []
    for t in ctx.tables:
        for cell in t.cells:
            row = links.rows.get((t.table_id, cell.row_order))
            iv = cell_iv(cell)
            if row is None or row.link.indicator_id is None or iv is None:
                continue
            measure = cell_measure(t, cell, row, report_period)
            if measure is None or (measure.startswith("previous_") and measure != "previous_level"):
                continue
            if measure in ("level", "previous_level") and _percent_of_amount(cat, t, cell, row.link.indicator_id):
                continue  # a percentage is no level of an amount (a growth rate row under GRDP's name)
            scale = 1.0
            if measure in PERCENT_MEASURES or measure.endswith("_pct"):
                base = "%"
            else:
                scale, base = ctx.unit_scale(t.row(cell.row_order).unit)
                iv = iv.scale(scale)
            out.append(
                Fact(
                    ref=f"{t.table_id}:{cell.row_order}:{cell.col}",
                    indicator=row.link.indicator_id,
                    measure=measure,
                    dims=(row.price_basis, report_period),
                    unit=base,
                    scale=scale,
                    iv=iv,
                    where=f"{t.table_id}:c{cell.col}",
                    order=10**7 + cell.row_order,
                    page=cell.page,
                )
            )
    return out


def _from_whole(f: Fact, facts: Sequence[Fact], cat: Catalogue) -> str | None:
    """The price basis of the nearest whole printed before a part in its section: a list of sectors
    continues the statement of GRDP 'theo giá so sánh 2010' that it breaks down."""
    entry = cat.indicators.get(f.indicator)
    wholes = set(entry.ancestors(cat)) if entry else set()
    earlier = [g for g in facts if g.indicator in wholes and g.dims[0] and g.section == f.section and g.order < f.order]
    same = [g for g in earlier if _measure_class(g.measure) == _measure_class(f.measure)]
    nearest = max(same, key=lambda g: g.order, default=None)
    return nearest.dims[0] if nearest and f.section is not None else None


def resolve_bases(facts: Iterable[Fact], cat: Catalogue) -> list[Fact]:
    """Money figures without a price basis take the basis of the whole whose breakdown they continue,
    else the only basis printed for their indicator and measure (growth and contributions: the only
    constant basis; shares: current prices); others keep None."""
    facts = list(facts)
    bases: dict[tuple[str, str], set[str]] = defaultdict(set)
    for f in facts:
        if f.dims[0]:
            bases[(f.indicator, _measure_class(f.measure))].add(f.dims[0])
    out = []
    for f in facts:
        entry = cat.indicators.get(f.indicator)
        if f.dims[0] is None and entry is not None and entry.unit_family == "money":
            pool = _basis_pool(f.measure, bases.get((f.indicator, _measure_class(f.measure)), set()))
            basis = _from_whole(f, facts, cat) or (next(iter(pool)) if len(pool) == 1 else None)
            f = replace(f, dims=(basis, *f.dims[1:]))
        out.append(f)
    return out


def _measure_class(measure: str) -> str:
    """Levels, shares or changes: a price basis seen on one class says nothing of another."""
    kind = measure.split("@")[0]
    return "share" if kind in ("share_pct", "previous_share_pct") else "change" if kind in PERCENT_MEASURES else "level"


def _basis_pool(measure: str, seen: set[str]) -> set[str]:
    """Price bases a money figure without one may take: growth and contributions are computed at
    constant prices, the economic structure (shares) at current prices."""
    kind = measure.split("@")[0]
    if kind == "share_pct":
        return {"current"} if "current" in seen else seen
    if kind in PERCENT_MEASURES:
        return {b for b in seen if b.startswith("constant")}
    return seen


def report_facts(ctx: Context, links: Links, cat: Catalogue, report_period: str | None) -> list[Fact]:
    """All facts of a report."""
    claims = []
    for c in ctx.claims:
        lf = links.claims.get(c.claim_id)
        if lf is not None:
            entry = cat.indicators.get(lf.link.indicator_id or "")
            claims.append(claim_fact(ctx, c, lf, report_period, entry.unit_family if entry else None))
    return resolve_bases([*(f for f in claims if f is not None), *cells_to_facts(ctx, links, report_period, cat)], cat)
