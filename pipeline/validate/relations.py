"""Validation stage, part 1: find the relations a report states and compute them (pure Python).

    relations(doc, seg, tables, claims) -> [Check]
      table_sums            exhaustive breakdowns, 'Trong đó' lists, structure shares
      table_ratios          'So sánh (%)' columns against their value columns
      narrative_vs_table    text figures against the table row they name (value, unit/scale)
      repeated_figures      a figure stated twice agrees with itself
      prose_arithmetic      printed sums, component lists, footnote parts, shares, x/y → z%,
                            changes against a stated previous value, differences in points
      integrity             footnote numbering and markers, section numbering, caption number/date

Every check carries the interval computed from its operands and the interval of the printed
figure it is checked against (pipeline/intervals.py); `margin` >= 0 means they meet. The pass/fail
verdict is given by great-expectations (pipeline/gx.py) on a frame of these checks; skips (not
enough data) are decided here.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

import yaml

from ..claims import Claim, Claims, bracket_depths
from ..records import Document
from ..rules import schema_dir
from ..segment import Segmented, Sentence
from ..tables import Column, Table, TableCell, TableRow, Tables
from ..vi.units import rules as unit_rules
from .intervals import Iv, total

_TASK_PART = re.compile(r"nhiệm\s+vụ.{0,40}giải\s+pháp|phương\s+hướng", re.IGNORECASE)


@dataclass(frozen=True)
class Check:
    check_id: str
    rule: str
    family: str
    status: str  # pass | fail | skip ; pass/fail are confirmed by great-expectations
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


@lru_cache(maxsize=1)
def rule_book() -> dict[str, dict[str, Any]]:
    data = yaml.safe_load((schema_dir() / "checks.yaml").read_text(encoding="utf-8"))
    return {r["id"]: r for r in data["rules"]}


# --------------------------------------------------------------------------------------
# formatting and ids


def fmt(x: float | None, decimals: int = 2) -> str:
    """Vietnamese number format: 16.478,54."""
    if x is None:
        return "—"
    s = f"{abs(x):,.{decimals}f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    return ("-" if x < 0 else "") + s


def _digest(rule: str, parts: Iterable[str]) -> str:
    h = hashlib.sha1((rule + "|" + "|".join(sorted(parts))).encode("utf-8")).hexdigest()[:10]
    return f"{rule}-{h}"


class Ctx:
    """Lookups shared by the rules: cells, claims, their sentences and stable signatures."""

    def __init__(self, doc: Document, seg: Segmented, tables: Tables, claims: Claims) -> None:
        self.doc = doc
        self.seg = seg
        self.tables = tables.tables
        self.claims = claims.claims
        self.sentences: dict[str, Sentence] = {s.sentence_id: s for s in seg.sentences}
        self.cells: dict[tuple[str, int, int], TableCell] = {
            (t.table_id, c.row_order, c.col): c for t in self.tables for c in t.cells
        }
        self.by_sentence: dict[str, list[Claim]] = defaultdict(list)
        for c in self.claims:
            self.by_sentence[c.sentence_id].append(c)
        self._sections = {s.section_id: s for s in seg.sections}
        self._sig: dict[str, str] = {}
        seen: Counter[str] = Counter()
        for c in self.claims:
            s = self.sentences.get(c.sentence_id)
            base = f"{c.page}:{hashlib.sha1((s.text if s else '').encode()).hexdigest()[:8]}:{c.raw}:{c.reason or ''}"
            seen[base] += 1
            self._sig[c.claim_id] = f"{base}#{seen[base]}"

    def in_task_part(self, section_id: str | None) -> bool:
        """Inside a part whose title announces tasks and solutions (targets, not results)."""
        by_id = self._sections
        s = by_id.get(section_id or "")
        while s is not None:
            if s.level == 1:
                return bool(_TASK_PART.search(s.title or ""))
            s = by_id.get(s.parent_id or "")
        return False

    def sig(self, c: Claim) -> str:
        return self._sig.get(c.claim_id, c.claim_id)

    def check(
        self,
        rule: str,
        message: str,
        expected: Iv | None,
        actual: Iv | None,
        claims: Sequence[Claim] = (),
        cells: Sequence[str] = (),
        pages: Iterable[int] = (),
        basis: str | None = None,
        margin: float | None = None,
        skip: bool = False,
        exp_value: float | None = None,
        act_value: float | None = None,
        key: Iterable[str] = (),
    ) -> Check:
        book = rule_book()[rule]
        if margin is None and expected is not None and actual is not None:
            margin = expected.margin(actual)
        tol = (expected.half if expected else 0.0) + (actual.half if actual else 0.0) if expected or actual else None
        status = "skip" if skip else ("pass" if margin is not None and margin >= 0 else "fail")
        parts = [*(self.sig(c) for c in claims), *cells, *key]
        page_set = set(pages) | {c.page for c in claims}
        for ref in cells:
            tid, row, col = ref.split(":")
            cell = self.cells.get((tid, int(row), int(col)))
            if cell:
                page_set.add(cell.page)
        return Check(
            _digest(rule, parts), rule, book["family"], status, message,
            exp_value if exp_value is not None else (expected.value if expected else None),
            act_value if act_value is not None else (actual.value if actual else None),
            round(tol, 10) if tol is not None else None, margin,
            tuple(c.claim_id for c in claims), tuple(cells), tuple(sorted(page_set)), basis,
            expected.lo if expected else None, expected.hi if expected else None,
            actual.lo if actual else None, actual.hi if actual else None,
        )  # fmt: skip


def _cell_iv(cell: TableCell) -> Iv | None:
    return Iv.printed(cell.value, cell.decimals) if cell.value is not None else None


def _claim_iv(c: Claim, truncated_ok: bool = False) -> Iv | None:
    return Iv.printed(c.value, c.decimals, truncated_ok) if c.value is not None else None


def _signed_iv(c: Claim, truncated_ok: bool = False) -> Iv | None:
    iv = _claim_iv(c, truncated_ok)
    if iv is None:
        return None
    return -iv if c.direction == "down" and (c.value or 0) > 0 else iv


def _best(
    alternatives: Sequence[tuple[str, Iv | None, Iv | None]],
) -> tuple[str | None, Iv | None, Iv | None, float | None]:
    """The first alternative (in the order given: plainest reading first) whose intervals meet;
    when none meets, the one that comes closest (largest margin)."""
    best: tuple[str | None, Iv | None, Iv | None, float | None] = (None, None, None, None)
    for basis, exp, act in alternatives:
        if exp is None or act is None:
            continue
        m = exp.margin(act)
        if m >= 0:
            return basis, exp, act, m
        if best[3] is None or m > best[3]:
            best = (basis, exp, act, m)
    return best


def _alternatives(basis: str, computed: Iv, c: Claim, signed: bool = False) -> list[tuple[str, Iv | None, Iv | None]]:
    """A derived figure read as rounded, then as truncated (2,1857 printed 2,18)."""
    printed = _signed_iv if signed else _claim_iv
    return [(basis, computed, printed(c)), (f"{basis} (truncated)", computed, printed(c, True))]


def _against_printed(
    basis: str, computed: Iv, c: Claim, signed: bool = False
) -> tuple[str | None, Iv | None, Iv | None, float | None]:
    return _best(_alternatives(basis, computed, c, signed))


# --------------------------------------------------------------------------------------
# units of table rows


def unit_scale(text: str | None) -> tuple[float, str]:
    """('Tỷ đồng' -> 1e9, 'đồng'), ('nghìn lượt' -> 1e3, 'lượt'), ('Tr. Viên' -> 1e6, 'viên')."""
    if not text:
        return 1.0, ""
    r = unit_rules()
    low = re.sub(r"\s+", " ", text.strip().lower())
    low = low.replace("tr.", "triệu ").replace("triệu.", "triệu ")
    words = low.split()
    scale = 1.0
    while words and words[0] in r.scales:
        scale *= r.scales[words[0]]
        words = words[1:]
    base = " ".join(words)
    if base in r.measures:
        b, factor = r.measures[base]
        return scale * factor, b
    return scale, base


def _base_of(c: Claim) -> tuple[float, str]:
    return unit_scale(c.unit)


# --------------------------------------------------------------------------------------
# 1. table sums


def is_ratio_column(col: Column) -> bool:
    return bool(re.search(r"so\s*sánh|\(%\)|tỷ lệ %", col.name, re.IGNORECASE))


def _children(t: Table) -> dict[int, list[TableRow]]:
    out: dict[int, list[TableRow]] = defaultdict(list)
    for r in t.rows:
        if r.parent_row is not None:
            out[r.parent_row].append(r)
    return out


def table_sums(ctx: Ctx) -> list[Check]:
    checks: list[Check] = []
    for t in ctx.tables:
        kids = _children(t)
        level_cols = [c for c in t.value_columns() if not is_ratio_column(c)]
        for parent_order, children in kids.items():
            parent = t.row(parent_order)
            comps = [c for c in children if c.kind != "of_which"]
            if parent.unit.strip():
                comps = [c for c in comps if c.unit.strip().lower() == parent.unit.strip().lower()]
            else:
                units = Counter(c.unit.strip().lower() for c in comps if c.unit.strip())
                if units:
                    top = units.most_common(1)[0][0]
                    comps = [c for c in comps if c.unit.strip().lower() == top]
            if len(comps) < 2:
                continue
            partial = any(c.partial for c in comps)
            percent = all(c.unit.strip() == "%" for c in comps)
            sums: list[tuple[str, Check]] = []  # (column, check) of this parent's table_sum
            for col in level_cols:
                pcell = ctx.cells.get((t.table_id, parent.row_order, col.index))
                if pcell is None or pcell.value is None:
                    continue
                ccells = [ctx.cells.get((t.table_id, c.row_order, col.index)) for c in comps]
                refs = [f"{t.table_id}:{parent.row_order}:{col.index}"] + [
                    f"{t.table_id}:{c.row_order}:{col.index}" for c in comps
                ]
                label = f"{t.table_id} row {parent.row_order} ({parent.indicator[:50]}) — {col.name}"
                if percent:
                    if abs(pcell.value - 100) > 0.5:
                        continue  # growth rates and other percentages do not add up
                    rule = "table_structure_100"
                elif partial:
                    rule = "table_partial_sum"
                else:
                    rule = "table_sum"
                if any(c is None or c.value is None for c in ccells):
                    missing = [comps[k].row_order for k, c in enumerate(ccells) if c is None or c.value is None]
                    checks.append(
                        ctx.check(
                            rule, f"{label}: components {missing} have no value", None, None, cells=refs, skip=True
                        )
                    )
                    continue
                parts = total([_cell_iv(c) for c in ccells if c is not None])  # type: ignore[misc]
                printed = _cell_iv(pcell)
                assert printed is not None
                if rule == "table_partial_sum":
                    margin = printed.hi - parts.lo
                    msg = (
                        f"{label}: the 'trong đó' parts add up to {fmt(parts.mid)}, "
                        f"{'within' if margin >= 0 else 'more than'} the total {pcell.raw}"
                    )
                    checks.append(ctx.check(rule, msg, parts, printed, cells=refs, margin=margin))
                else:
                    msg = f"{label}: components add up to {fmt(parts.mid)}, printed total {pcell.raw}"
                    check = ctx.check(rule, msg, parts, printed, cells=refs)
                    if rule == "table_sum":
                        sums.append((col.name, check))
                    else:
                        checks.append(check)
            checks.extend(_hint_partial_columns(sums))
    return checks


def _hint_partial_columns(sums: list[tuple[str, Check]]) -> list[Check]:
    """A parent's column checks; when it adds up in some columns but not in another, the failing
    ones say so (a year plan that covers components the half-year rows do not list)."""
    ok = [col for col, c in sums if c.status == "pass"]
    hint = f" (the same rows add up in: {', '.join(ok)})" if ok else ""
    return [replace(c, message=c.message + hint) if c.status == "fail" and hint else c for _col, c in sums]


# --------------------------------------------------------------------------------------
# 2. ratio columns

_ABBREV = {"kh": "kế hoạch", "th": "thực hiện", "ước": "ước", "uớc": "ước"}


def _words(text: str) -> set[str]:
    words = re.findall(r"[\wĐđ]+", text.lower())
    out: set[str] = set()
    for w in words:
        out.update(_ABBREV.get(w, w).split())
    return out - {"với", "so", "sánh", "%"}


def compared_columns(t: Table, col: Column) -> tuple[Column | None, Column | None]:
    """(numerator, denominator) value columns of a 'So sánh A với (%) | B' column."""
    parts = col.name.split(" | ")
    group = parts[0]
    sub = parts[-1] if len(parts) > 1 else ""
    m = re.search(r"so\s*sánh\s+(.*?)\s+với", group, re.IGNORECASE)
    subject = m.group(1) if m else group
    levels = [c for c in t.value_columns() if not is_ratio_column(c)]
    if not levels or not sub:
        return None, None

    def score(a: str, b: Column) -> float:
        wa, wb = _words(a), _words(b.name)
        if "kịch" in wa and "kế" in wb:  # a scenario column is printed as the plan column
            wa = wa | {"kế", "hoạch"}
        return len(wa & wb) / max(1, len(wa | wb))

    num = max(levels, key=lambda c: score(subject, c))
    dens = [c for c in levels if c is not num]
    if not dens:
        return num, None
    den = max(dens, key=lambda c: score(sub, c))
    if score(sub, den) == 0:
        return num, None
    return num, den


def table_ratios(ctx: Ctx) -> list[Check]:
    checks: list[Check] = []
    for t in ctx.tables:
        for col in t.value_columns():
            if not is_ratio_column(col):
                continue
            num_col, den_col = compared_columns(t, col)
            if num_col is None or den_col is None:
                continue
            for r in t.rows:
                cell = ctx.cells.get((t.table_id, r.row_order, col.index))
                if cell is None or cell.value is None:
                    continue
                n = ctx.cells.get((t.table_id, r.row_order, num_col.index))
                d = ctx.cells.get((t.table_id, r.row_order, den_col.index))
                refs = [f"{t.table_id}:{r.row_order}:{k}" for k in (col.index, num_col.index, den_col.index)]
                label = f"{t.table_id} row {r.row_order} ({r.indicator[:50]}) — {col.name}"
                if n is None or d is None or n.value is None or d.value is None:
                    checks.append(ctx.check("table_ratio", f"{label}: a compared cell is empty", None, None,
                                            cells=refs, skip=True))  # fmt: skip
                    continue
                ni, di = _cell_iv(n), _cell_iv(d)
                assert ni is not None and di is not None
                q = ni / di
                alts: list[tuple[str, Iv | None, Iv | None]] = []
                for trunc in (False, True):
                    printed = Iv.printed(cell.value, cell.decimals, trunc)
                    suffix = " (truncated)" if trunc else ""
                    alts.append(("ratio" + suffix, q.scale(100) if q else None, printed))
                    if r.unit.strip() == "%" or "%" in (n.raw + d.raw) or r.unit.strip() == "":
                        alts.append(("difference in points" + suffix, ni - di, printed))
                basis, exp, act, margin = _best(alts)
                if exp is None:
                    checks.append(ctx.check("table_ratio", f"{label}: the denominator is zero", None, None,
                                            cells=refs, skip=True))  # fmt: skip
                    continue
                msg = (
                    f"{label}: printed {cell.raw}; {n.raw} vs {d.raw} gives {fmt(exp.mid)} as {basis}"
                    if margin is not None and margin >= 0
                    else f"{label}: printed {cell.raw} but {n.raw} / {d.raw} x 100 = {fmt((q.mid if q else 0) * 100)}"
                    + (f" and {n.raw} - {d.raw} = {fmt((ni - di).mid)}" if r.unit.strip() in ("%", "") else "")
                )
                checks.append(ctx.check("table_ratio", msg, exp, act, cells=refs, basis=basis, margin=margin))
    return checks


# --------------------------------------------------------------------------------------
# 3. narrative against the table

_STOP = frozenset(
    [
        "tổng",
        "số",
        "trên",
        "địa",
        "bàn",
        "tỉnh",
        "của",
        "các",
        "và",
        "trong",
        "đó",
        "đạt",
        "ước",
        "thực",
        "hiện",
        "6",
        "tháng",
        "đầu",
        "năm",
        "toàn",
        "giá",
    ]
)


def _tokens(text: str | None) -> list[str]:
    t = (text or "").lower()
    for old, new in (("oà", "òa"), ("oá", "óa"), ("uỷ", "ủy"), ("uý", "úy"), ("oạ", "ọa")):
        t = t.replace(old, new)
    return [w for w in re.findall(r"[\wĐđ]+", t) if w not in _STOP and not w.isdigit()]


def similarity(a: str | None, b: str | None) -> float:
    """Token F1 of two indicator phrases (syllables, stop words aside)."""
    ta, tb = _tokens(a), _tokens(b)
    if not ta or not tb:
        return 0.0
    common = sum(min(ta.count(w), tb.count(w)) for w in set(ta))
    if not common:
        return 0.0
    p, r = common / len(ta), common / len(tb)
    return 2 * p * r / (p + r)


_LEAD = re.compile(r"^[-+•]\s*")


def _row_name(t: Table, r: TableRow) -> str:
    """A row's indicator with the code and, for attribute rows, the parent's name."""
    name = _LEAD.sub("", r.indicator)
    if r.parent_row and not r.marker:
        parent = t.row(r.parent_row)
        name = f"{name} {_LEAD.sub('', parent.indicator)}"
    return name


@dataclass
class _Link:
    claim: Claim
    table: Table
    row: TableRow
    num_col: Column
    score: float


def _current_and_ratio_cols(t: Table) -> tuple[Column | None, dict[str, Column]]:
    """The column the text reports (the numerator of the 'So sánh' columns) and the 'So sánh'
    columns by what they compare with: 'prev' (same period last year) or 'plan'."""
    current = None
    ratios: dict[str, Column] = {}
    for col in t.value_columns():
        if not is_ratio_column(col):
            continue
        num, den = compared_columns(t, col)
        if num is None or den is None:
            continue
        current = current or num
        dw = _words(den.name)
        if dw & {"kế", "hoạch", "kịch"}:
            ratios.setdefault("plan", col)
        else:
            ratios.setdefault("prev", col)
    return current, ratios


def _den_col(t: Table, ratio_col: Column) -> Column | None:
    return compared_columns(t, ratio_col)[1]


@dataclass
class _Row:
    table: Table
    row: TableRow
    current: Column
    cell: TableCell
    name: str
    base: str
    measure: str  # the claim kind the row holds: level | change_pct | share_pct | rate_pct


def _row_measure(t: Table, r: TableRow) -> str:
    """What a row's figures are: levels, or for '%' rows growth rates ('Tốc độ tăng trưởng GRDP' and
    its sectors), shares ('Cơ cấu GRDP' and its sectors) or other rates ('Tỷ lệ …')."""
    if r.unit.strip() != "%":
        return "level"
    names = [r.indicator]
    parent = r.parent_row
    while parent is not None:
        pr = t.row(parent)
        names.append(pr.indicator)
        parent = pr.parent_row
    text = " ".join(names).lower()
    if re.search(r"tăng\s+trưởng|tốc\s+độ\s+tăng|tăng\s+bình\s+quân", text):
        return "change_pct"
    if re.search(r"cơ\s+cấu|tỷ\s+trọng", text):
        return "share_pct"
    return "rate_pct"


def _table_rows(ctx: Ctx) -> list[_Row]:
    out: list[_Row] = []
    for t in ctx.tables:
        current, _ratios = _current_and_ratio_cols(t)
        if current is None:
            continue
        for r in t.rows:
            cell = ctx.cells.get((t.table_id, r.row_order, current.index))
            if cell is not None and cell.value is not None:
                out.append(_Row(t, r, current, cell, _row_name(t, r), unit_scale(r.unit)[1], _row_measure(t, r)))
    return out


def _period_ok(period: str | None, column: str) -> bool:
    """A claim's period fits the column it is compared with: no other year, no other span of months."""
    if not period:
        return True
    years_p = set(re.findall(r"(?:19|20)\d{2}", period))
    years_c = set(re.findall(r"(?:19|20)\d{2}", column))
    if years_p and years_c and not years_p & years_c:
        return False
    months_p = re.findall(r"(\d+)\s*tháng", period)
    months_c = re.findall(r"(\d+)\s*tháng", column)
    return not (months_p and months_c and months_p[0].lstrip("0") != months_c[0].lstrip("0"))


_STRONG = 0.8  # indicator similarity at which a row is linked whatever the value says


def narrative_vs_table(ctx: Ctx) -> list[Check]:
    """Link each reported figure of the text to the table row it speaks of, then compare.

    A level (or a growth rate against a '%' row) is linked to a row when (1) the indicator matches
    (token F1 >= 0.5) and the value meets the row's current cell, or (2) it prints the same
    distinctive figure ('1.368,19'), or (3) the indicator matches strongly (>= 0.8), the match is
    unambiguous and the period fits; only links of kind (3) can disagree in value. Changes, plan
    attainment and multiples stated after a linked figure are compared with the row's
    'So sánh (%)' columns."""
    checks: list[Check] = []
    rows = _table_rows(ctx)
    if not rows:
        return checks
    for c in ctx.claims:
        if c.value is None or c.kind not in ("level", "change_pct", "share_pct", "rate_pct"):
            continue
        if is_target(ctx, c) or previous_period_footnote(ctx, c.footnote):
            continue
        civ = _claim_iv(c)
        assert civ is not None
        pool = [
            (similarity(c.indicator, row.name), row) for row in rows
            if row.measure == c.kind and (c.kind != "change_pct" or c.comparison == "same_period_prev_year")
            and _compatible(c, row.base)
        ]  # fmt: skip
        meeting = [(sc, row) for sc, row in pool if sc >= 0.5 and civ.meets(_cell_iv(row.cell) or civ)]
        same = [(sc, row) for sc, row in pool if _same_print(c.raw, row.cell.raw)]
        strong = sorted(
            ((sc, row) for sc, row in pool if sc >= _STRONG and _period_ok(c.period, row.current.name)),
            key=lambda x: -x[0],
        )
        link: tuple[float, _Row] | None = None
        if meeting:
            link = max(meeting, key=lambda x: x[0])
        elif same:
            link = same[0]
        elif strong:
            tied = [x for x in strong if strong[0][0] - x[0] < 0.15]
            link = strong[0] if len(tied) == 1 else _by_context(ctx, c, tied)
        if link is None:
            continue
        checks.extend(_check_link(ctx, _Link(c, link[1].table, link[1].row, link[1].current, link[0])))
    return checks


def _chain_tokens(t: Table, r: TableRow) -> set[str]:
    out: set[str] = set()
    parent = r.parent_row
    while parent is not None:
        pr = t.row(parent)
        out.update(_tokens(pr.indicator))
        parent = pr.parent_row
    return out


def _by_context(ctx: Ctx, c: Claim, tied: list[tuple[float, _Row]]) -> tuple[float, _Row] | None:
    """Rows of the same name under different parents ('+ Nông, lâm nghiệp, thuỷ sản' under GRDP at
    constant and at current prices): the one whose parents' distinctive words the sentence uses."""
    sentence = ctx.sentences.get(c.sentence_id)
    if sentence is None:
        return None
    words = set(_tokens(sentence.text))
    chains = [_chain_tokens(row.table, row.row) for _sc, row in tied]
    scores = []
    for k, chain in enumerate(chains):
        others = set().union(*(ch for j, ch in enumerate(chains) if j != k))
        scores.append(len((chain - others) & words))
    best = max(scores)
    if best == 0 or scores.count(best) > 1:
        return None
    return tied[scores.index(best)]


def _same_print(a: str, b: str | None) -> bool:
    """The same figure printed the same way, with at least 4 significant digits ('1.368,19')."""
    digits = re.sub(r"\D", "", a).lstrip("0")
    return b is not None and a.strip() == b.strip() and len(digits) >= 4


def _compatible(c: Claim, row_base: str) -> bool:
    _scale, base = _base_of(c)
    return not c.unit or not row_base or base == row_base or base in row_base or row_base in base


def _chain(ctx: Ctx, c: Claim) -> list[Claim]:
    """The claims after `c` in its sentence that speak of the same indicator."""
    rows = ctx.by_sentence.get(c.sentence_id, [])
    out: list[Claim] = []
    started = False
    for x in rows:
        if x.claim_id == c.claim_id:
            started = True
            continue
        if not started or x.kind == "not_claim":
            continue
        if x.kind == "level" or x.indicator != c.indicator:
            break
        out.append(x)
    return out


def _check_link(ctx: Ctx, link: _Link) -> list[Check]:
    c, t, r = link.claim, link.table, link.row
    out: list[Check] = []
    cell = ctx.cells[(t.table_id, r.row_order, link.num_col.index)]
    cref = f"{t.table_id}:{r.row_order}:{link.num_col.index}"
    cscale, cbase = _base_of(c)
    rscale, rbase = unit_scale(r.unit)
    label = f"'{c.indicator}' ({c.raw} {c.unit or ''}) vs {t.table_id} row {r.row_order} ({r.indicator[:50]})"
    civ, tiv = _claim_iv(c), _cell_iv(cell)
    assert civ is not None and tiv is not None
    unit_known = bool(c.unit) and bool(r.unit.strip())
    same_base = (not unit_known) or cbase == rbase or cbase in rbase or rbase in cbase
    if unit_known and same_base and cscale != rscale:
        out.append(
            ctx.check(
                "narrative_table_unit",
                f"{label}: the same figure printed as {c.unit} in the text and {r.unit} in the table "
                f"(a factor of {fmt(cscale / rscale, 0) if cscale > rscale else '1/' + fmt(rscale / cscale, 0)})",
                civ.scale(cscale),
                tiv.scale(rscale),
                claims=[c],
                cells=[cref],
            )
        )
    else:
        out.append(ctx.check("narrative_table_value", f"{label}: {c.raw} = {cell.raw}", tiv, civ, claims=[c],
                             cells=[cref]))  # fmt: skip
    _current, ratios = _current_and_ratio_cols(t)
    for x in _chain(ctx, c):
        check = _check_chain_claim(ctx, t, r, cell, x, ratios)
        if check is not None:
            out.append(check)
    return out


def _check_chain_claim(
    ctx: Ctx, t: Table, r: TableRow, cur: TableCell, x: Claim, ratios: dict[str, Column]
) -> Check | None:
    target = "plan" if x.comparison in ("plan", "budget", "scenario") else "prev" if x.comparison else None
    if x.kind == "plan_pct":
        target = "plan"
    if target is None or target not in ratios:
        return None
    rcol = ratios[target]
    rcell = ctx.cells.get((t.table_id, r.row_order, rcol.index))
    den_col = _den_col(t, rcol)
    dcell = ctx.cells.get((t.table_id, r.row_order, den_col.index)) if den_col else None
    refs = [f"{t.table_id}:{r.row_order}:{rcol.index}"]
    label = f"'{x.indicator}' {x.raw}{x.unit or ''} ({x.kind}) vs {t.table_id} row {r.row_order} {rcol.name}"
    if rcell is None or rcell.value is None:
        return None
    riv = _cell_iv(rcell)
    assert riv is not None
    pct_row = r.unit.strip() == "%"
    alts: list[tuple[str, Iv | None, Iv | None]] = []
    for trunc in (False, True):
        xs = _signed_iv(x, trunc)
        if xs is None:
            return None
        tag = " (truncated)" if trunc else ""
        if x.kind == "plan_pct":
            alts.append(("ratio" + tag, riv, _claim_iv(x, trunc)))
        elif x.kind == "change_pct":
            alts.append(("ratio - 100" + tag, riv.shift(-100), xs))
            if pct_row:
                alts.append(("difference in points" + tag, riv, xs))
        elif x.kind == "pp_change":
            alts.append(("difference in points" + tag, riv, xs))
            alts.append(("ratio - 100" + tag, riv.shift(-100), xs))
        elif x.kind == "multiple":
            alts.append(("ratio / 100" + tag, riv.scale(0.01), _claim_iv(x, trunc)))
        elif x.kind == "change_abs" and dcell is not None and dcell.value is not None:
            cur_iv, den_iv = _cell_iv(cur), _cell_iv(dcell)
            if cur_iv is not None and den_iv is not None:
                xscale, _ = _base_of(x)
                rscale, _ = unit_scale(r.unit)
                alts.append(("difference" + tag, (cur_iv - den_iv).scale(rscale), xs.scale(xscale)))
                refs = [f"{t.table_id}:{r.row_order}:{cur.col}", f"{t.table_id}:{r.row_order}:{dcell.col}"]
    basis, exp, act, margin = _best(alts)
    if exp is None:
        return None
    msg = f"{label}: the table gives {fmt(exp.mid)} ({basis}), the text {x.raw}"
    return ctx.check("narrative_table_value", msg, exp, act, claims=[x], cells=refs, basis=basis, margin=margin)


# --------------------------------------------------------------------------------------
# 4. repeated figures

_GENERIC_INDICATORS = re.compile(
    r"^(?:tổng\s+)?(?:số\s+)?(?:tiền|vốn|kinh\s+phí|giá\s+trị|diện\s+tích|sản\s+lượng)"
    r"(?:\s+(?:đăng\s+ký|điều\s+lệ|đầu\s+tư|thực\s+hiện|giải\s+ngân))*(?:\s+(?:là|trên|khoảng))?$|^(?:số|tổng)$"
)


_TARGET = re.compile(r"phấn\s+đấu|mục\s+tiêu\s+(?:đến|đạt|là|năm)|chỉ\s+tiêu\s+đề\s+ra", re.IGNORECASE)
_PREVIOUS_START = re.compile(
    r"^(?:cùng\s+kỳ|(?:\d+\s+tháng(?:\s+đầu)?\s+năm|quý\s+[IVX]+(?:\s+năm)?|năm)\s+((?:19|20)\d{2}))",
    re.IGNORECASE,
)


def is_target(ctx: Ctx, c: Claim) -> bool:
    """A figure aimed at, not reported: in a part on tasks and solutions ('PHẦN THỨ HAI Nhiệm vụ,
    giải pháp …', an attached resolution on them), or after 'phấn đấu', 'mục tiêu đến …' in its
    statement (from the last ';')."""
    if ctx.in_task_part(c.section_id):
        return True
    s = ctx.sentences.get(c.sentence_id)
    if s is None or c.start < 0:
        return False
    head = s.text[: c.start]
    return bool(_TARGET.search(head[head.rfind(";") + 1 :]))


def previous_period_footnote(ctx: Ctx, number: int | None) -> bool:
    """A footnote that gives the figures of an earlier period ('Cùng kỳ năm 2023, có 10 …',
    '5 tháng đầu năm 2023 …')."""
    if number is None:
        return False
    fn = next((f for f in ctx.doc.footnotes if f.number == number), None)
    if fn is None:
        return False
    m = _PREVIOUS_START.match(fn.text.strip())
    if not m:
        return False
    year = m.group(1)
    report_year = (ctx.doc.metadata.date or "")[:4]
    return year is None or not report_year or year < report_year


def repeated_figures(ctx: Ctx) -> list[Check]:
    """The same indicator, measure, unit, comparison and period stated in two places: two sections,
    or the text and a footnote. Two statements inside one section (or one footnote) usually speak of
    different things the indicator phrase does not tell apart, so they are not paired; neither are
    targets and figures of an earlier period."""
    groups: dict[tuple[str, str, str, str | None, str | None, str | None], list[Claim]] = defaultdict(list)
    for c in ctx.claims:
        if c.kind == "not_claim" or c.value is None or not c.indicator or c.kind in ("ratio", "rank"):
            continue
        toks = _tokens(c.indicator)
        if len(toks) < 3 or _GENERIC_INDICATORS.match(c.indicator.lower()):
            continue
        if is_target(ctx, c) or previous_period_footnote(ctx, c.footnote):
            continue
        key = (" ".join(toks), c.kind, (c.unit or "").lower(), c.comparison, c.direction, c.period)
        groups[key].append(c)
    checks: list[Check] = []
    for members in groups.values():
        first = members[0]
        for other in members[1:]:
            if other.sentence_id == first.sentence_id:
                continue
            if other.footnote == first.footnote and (
                other.footnote is not None or other.section_id == first.section_id
            ):
                continue
            a, b = _claim_iv(first), _claim_iv(other)
            if a is None or b is None:
                continue
            where = "a footnote" if (first.footnote is None) != (other.footnote is None) else "another section"
            msg = (
                f"'{first.indicator}' stated as {first.raw} (p. {first.page}) and {other.raw} "
                f"(p. {other.page}, {where})"
            )
            checks.append(ctx.check("repeated_figure", msg, a, b, claims=[first, other]))
    return checks


# --------------------------------------------------------------------------------------
# 5. arithmetic in the prose


def prose_arithmetic(ctx: Ctx) -> list[Check]:
    checks: list[Check] = []
    for sid, rows in ctx.by_sentence.items():
        s = ctx.sentences.get(sid)
        if s is None:
            continue
        claims = [c for c in rows if c.kind != "not_claim" and c.value is not None and c.start >= 0]
        checks.extend(_printed_sums(ctx, s, claims))
        checks.extend(_components(ctx, s, claims))
        checks.extend(_ratio_then_rate(ctx, s, claims))
        checks.extend(_shares(ctx, s, claims))
        checks.extend(_change_vs_bracket(ctx, s, claims))
        checks.extend(_points(ctx, s, claims))
    checks.extend(_footnote_parts(ctx))
    checks.extend(_footnote_previous(ctx))
    return checks


def _printed_sums(ctx: Ctx, s: Sentence, claims: list[Claim]) -> list[Check]:
    from ..claims import arithmetic_terms

    terms = arithmetic_terms(s.text)
    if not terms:
        return []
    out: list[Check] = []
    members = [c for c in claims if c.start in terms]
    groups: list[list[Claim]] = []
    for c in members:
        if groups and terms[c.start] != "=" and terms[groups[-1][-1].start] == "=":
            groups.append([c])
        elif groups:
            groups[-1].append(c)
        else:
            groups.append([c])
    for g in groups:
        result = [c for c in g if terms[c.start] == "="]
        parts = [c for c in g if terms[c.start] != "="]
        if len(result) != 1 or not parts:
            continue
        acc = Iv.exact(0.0)
        for p in parts:
            iv = _claim_iv(p)
            assert iv is not None
            acc = acc - iv if terms[p.start] == "-" else acc + iv
        res = _claim_iv(result[0])
        assert res is not None
        expr = " ".join(f"{terms[p.start]} {p.raw}" for p in parts)
        msg = f"printed sum ({expr} = {result[0].raw}): the terms give {fmt(acc.mid)}"
        out.append(ctx.check("prose_printed_sum", msg, acc, res, claims=[*parts, *result]))
    return out


_LIST_CUE = re.compile(r"(trong\s+đó|bao\s+gồm|gồm|cụ\s+thể|chia\s+ra)\s*:?", re.IGNORECASE)


_NEW_TOPIC = re.compile(r";\s*[^;:\d]{3,60}:(?!\s*[\d(])")


def _accepted_units(text: str, tot: Claim, parts: list[Claim], cue_at: int) -> set[str]:
    """The total's unit and the units it names beside it, before the list cue ('482 trường, trung
    tâm' takes parts in 'trường' and in 'trung tâm')."""
    units = {(tot.unit or "").lower()}
    tail = re.split(r"[\d;(]", text[tot.end : min(tot.end + 60, cue_at)], maxsplit=1)[0].lower()
    for p in parts:
        if p.unit and p.unit.strip() and p.unit.lower() in tail:
            units.add(p.unit.lower())
    return units


_ADDITIVE = frozenset(["đồng", "usd", "tấn", "kg", "tạ", "ha", "m2", "m3", "km", "kwh", "lít"])


def _may_overlap(parts: list[Claim]) -> bool:
    """Counted things described by attributes can overlap ('811 vị trí có phủ sóng 3G, 820 vị trí
    có phủ sóng 4G' of 910); amounts of money, mass or area broken down by category cannot."""
    return not any(unit_scale(p.unit)[1] in _ADDITIVE for p in parts)


def _partial_margin(tiv: Iv, parts: list[Claim]) -> tuple[float, str]:
    """'trong đó' parts do not add up to more than the total; for counts that may overlap, each part
    must be within the total and whether the sum is within it too is only reported."""
    ivs = [iv for iv in (_claim_iv(p) for p in parts) if iv is not None]
    sum_iv = total(ivs)
    if sum_iv.lo <= tiv.hi or not _may_overlap(parts):
        return tiv.hi - sum_iv.lo, "parts within the total"
    return min(tiv.hi - iv.lo for iv in ivs), "each part within the total (counted parts overlap)"


def _components(ctx: Ctx, s: Sentence, claims: list[Claim]) -> list[Check]:
    """'T …, trong đó: a …, b …' and '(gồm: a, b, c)': parts of the same unit after a total in the
    same statement (no ';' between the total and the cue); a part's own bracketed detail
    ('704 người (tiếp nhận mới 148 người)') is not a part."""
    out: list[Check] = []
    depths = bracket_depths(s.text)
    for m in _LIST_CUE.finditer(s.text):
        cue = re.sub(r"\s+", " ", m.group(1).lower())
        if re.search(r"không\s*$", s.text[: m.start()]):
            continue  # 'không bao gồm' (not including)
        # the total is in the cue's statement, or in the one before when the cue opens its own
        # ('…, tăng 8,75%; trong đó: …')
        head = s.text[: m.start()]
        floor = head.rfind(";")
        if floor >= 0 and not head[floor + 1 :].strip():
            floor = head.rfind(";", 0, floor)
        before = [c for c in claims if floor < c.start and c.end <= m.start() and c.kind == "level" and c.unit]
        if not before:
            continue
        level = depths[min(m.end(), len(s.text) - 1)]
        # the list runs over ';' and item labels ('…; BHXH tự nguyện: 13.800 người') up to a new
        # topic ('…; Bệnh Lở mồm long móng: dịch bệnh xảy ra …') or the sentence end
        topic = _NEW_TOPIC.search(s.text, m.end())
        end = topic.start() if topic else len(s.text)
        if s.text[: m.start()].rstrip().endswith("("):
            close = s.text.find(")", m.end())
            end = min(end, close) if close > 0 else end
        candidates = [
            c for c in claims
            if m.end() <= c.start < end and c.kind == "level" and depths[c.start] <= level
        ]  # fmt: skip
        for tot in reversed(before):  # the nearest total whose unit the parts share
            units = _accepted_units(s.text, tot, candidates, m.start())
            parts = [c for c in candidates if (c.unit or "").lower() in units]
            if len(parts) >= 2:
                break
        else:
            continue
        exhaustive = cue in ("gồm", "bao gồm", "cụ thể", "chia ra")
        parts_iv = total([_claim_iv(p) for p in parts])  # type: ignore[misc]
        tiv = _claim_iv(tot)
        assert tiv is not None
        listing = " + ".join(p.raw for p in parts)
        if exhaustive:
            msg = f"'{cue}' list of {tot.raw} {tot.unit}: {listing} = {fmt(parts_iv.mid)}"
            out.append(ctx.check("prose_components", msg, parts_iv, tiv, claims=[tot, *parts], basis="sum"))
            continue
        margin, basis = _partial_margin(tiv, parts)
        msg = f"'trong đó' parts of {tot.raw} {tot.unit}: {listing} (sum {fmt(parts_iv.mid)}); {basis}"
        out.append(ctx.check("prose_components", msg, parts_iv, tiv, claims=[tot, *parts], margin=margin, basis=basis))
    return out


def _ratio_parts(c: Claim) -> tuple[Iv, Iv]:
    """The two sides of an 'a/b' claim. Whole numbers in this form count items ('09/28 đơn',
    '(971/855 đơn)'), so they are exact; a side printed with decimals stands for its interval."""

    def side(raw: str, value: float) -> Iv:
        if "," in raw:
            return Iv.printed(value, len(raw.split(",")[-1]))
        return Iv.exact(value)

    left, _, right = c.raw.partition("/")
    return side(left, c.value or 0.0), side(right, c.value2 or 0.0)


def _ratio_then_rate(ctx: Ctx, s: Sentence, claims: list[Claim]) -> list[Check]:
    out: list[Check] = []
    for i, c in enumerate(claims):
        if c.kind != "ratio" or c.value is None or c.value2 in (None, 0):
            continue
        nxt = claims[i + 1] if i + 1 < len(claims) else None
        if nxt is None or nxt.kind not in ("rate_pct", "share_pct") or nxt.start - c.end > 90:
            continue
        between = s.text[c.end : nxt.start]
        if ";" in between:
            continue
        a, b = _ratio_parts(c)
        q = a / b
        if q is None:
            continue
        basis, exp, act, margin = _against_printed("ratio", q.scale(100), nxt)
        msg = f"{c.raw} {c.unit or ''} gives {fmt(q.mid * 100)}%, printed {nxt.raw}%"
        out.append(ctx.check("prose_ratio_rate", msg, exp, act, claims=[c, nxt], basis=basis, margin=margin))
    return out


def _shares(ctx: Ctx, s: Sentence, claims: list[Claim]) -> list[Check]:
    out: list[Check] = []
    # a share that restates its own 'x/y' ('362/464 trường (chiếm 78,02%) đạt chuẩn; 363/464 trường
    # (chiếm 78,23%) đạt kiểm định') measures an attribute, and attributes overlap: such shares are
    # checked against their ratio (prose_ratio_rate), not summed
    shares = [
        c for i, c in enumerate(claims)
        if c.kind == "share_pct"
        and not (i and claims[i - 1].kind == "ratio" and ";" not in s.text[claims[i - 1].end : c.start])
    ]  # fmt: skip
    if len(shares) >= 2:
        siv = total([_claim_iv(c) for c in shares])  # type: ignore[misc]
        structure = bool(re.search(r"cơ\s+cấu", s.text, re.IGNORECASE))
        listing = " + ".join(c.raw for c in shares)
        if structure:
            msg = f"structure shares {listing} = {fmt(siv.mid)} (should make 100)"
            out.append(ctx.check("prose_shares_sum", msg, siv, Iv.exact(100.0), claims=shares))
        else:
            margin = 100.0 - siv.lo
            msg = f"shares {listing} = {fmt(siv.mid)} (may not exceed 100)"
            out.append(ctx.check("prose_shares_sum", msg, siv, Iv.exact(100.0), claims=shares, margin=margin))
    # a share of the total stated before "trong đó"
    m = _LIST_CUE.search(s.text)
    if m:
        before = [c for c in claims if c.end <= m.start() and c.kind == "level" and c.unit]
        tot = before[-1] if before else None
        if tot is not None:
            for i, c in enumerate(claims):
                if c.kind != "share_pct" or c.start < m.end():
                    continue
                part = next((p for p in reversed(claims[:i]) if p.kind == "level"), None)
                if part is None or part.unit != tot.unit or part is tot:
                    continue
                tiv, piv = _claim_iv(tot), _claim_iv(part)
                assert tiv is not None and piv is not None
                q = piv / tiv
                if q is None:
                    continue
                basis, exp, act, share_margin = _against_printed("share", q.scale(100), c)
                msg = f"{part.raw} of {tot.raw} {tot.unit} is {fmt(q.mid * 100)}%, printed {c.raw}%"
                out.append(ctx.check("prose_share_of_total", msg, exp, act, claims=[tot, part, c], basis=basis,
                                     margin=share_margin))  # fmt: skip
    return out


def _change_vs_bracket(ctx: Ctx, s: Sentence, claims: list[Claim]) -> list[Check]:
    """'tăng 13,6% so với cùng kỳ năm 2023 (971/855 đơn)': current/previous given in a bracket."""
    out: list[Check] = []
    for i, c in enumerate(claims):
        if c.kind != "change_pct" or c.value is None:
            continue
        nxt = claims[i + 1] if i + 1 < len(claims) else None
        if nxt is None or nxt.kind != "ratio" or nxt.value2 in (None, 0):
            continue
        if "(" not in s.text[c.end : nxt.start]:
            continue
        cur, prev = _ratio_parts(nxt)
        q = cur / prev
        if q is None:
            continue
        growth = q.scale(100).shift(-100)
        basis, exp, act, margin = _against_printed("growth", growth, c, signed=True)
        msg = f"{nxt.raw} gives a change of {fmt(growth.mid)}%, printed {'-' if c.direction == 'down' else ''}{c.raw}%"
        out.append(ctx.check("prose_change_vs_previous", msg, exp, act, claims=[c, nxt], basis=basis, margin=margin))
    return out


def _points(ctx: Ctx, s: Sentence, claims: list[Claim]) -> list[Check]:
    """'thấp hơn kịch bản 2,19 điểm % (kịch bản 3,91%, thực hiện 1,72%)'."""
    out: list[Check] = []
    for i, c in enumerate(claims):
        if c.kind != "pp_change" or c.value is None:
            continue
        close = s.text.find(")", c.end)
        opened = s.text.find("(", c.end)
        if opened < 0 or close < 0 or opened - c.end > 12:
            continue
        inside = [x for x in claims[i + 1 :] if opened < x.start < close and x.unit == "%"]
        if len(inside) != 2:
            continue
        a, b = _claim_iv(inside[0]), _claim_iv(inside[1])
        assert a is not None and b is not None
        diff = a - b
        target = _claim_iv(c)
        assert target is not None
        basis, exp, act, margin = _best([("difference", diff, target), ("difference", -diff, target)])
        msg = f"{inside[0].raw}% and {inside[1].raw}% differ by {fmt(abs(diff.mid))} points, printed {c.raw}"
        out.append(ctx.check("prose_points_difference", msg, exp, act, claims=[c, *inside], basis=basis,
                             margin=margin))  # fmt: skip
    return out


def _anchor_claims(ctx: Ctx, number: int) -> list[Claim]:
    anchor = next((a for a in ctx.seg.anchors if a.footnote == number), None)
    if anchor is None or anchor.sentence_id is None:
        return []
    return [c for c in ctx.by_sentence.get(anchor.sentence_id, []) if c.kind != "not_claim" and c.value is not None]


def _footnote_claims(ctx: Ctx, number: int) -> list[Claim]:
    return [c for c in ctx.claims if c.footnote == number and c.kind != "not_claim" and c.value is not None]


def _marker_position(ctx: Ctx, number: int) -> int | None:
    for c in ctx.claims:
        if c.reason == "footnote_marker" and c.value == number and c.footnote is None:
            rows = ctx.by_sentence.get(c.sentence_id, [])
            idx = rows.index(c)
            before = [r for r in rows[:idx] if r.end >= 0]
            return before[-1].end if before else 0
    return None


def _footnote_parts(ctx: Ctx) -> list[Check]:
    out: list[Check] = []
    for fn in ctx.doc.footnotes:
        parts = [c for c in _footnote_claims(ctx, fn.number) if c.kind == "level" and c.unit]
        if len(parts) < 2:
            continue
        text = fn.text.strip().lower()
        if re.match(r"^(?:cùng\s+kỳ|\d+\s+tháng\s+đầu\s+năm\s+\d{4})", text):
            continue  # previous-period figures, not parts
        at = _marker_position(ctx, fn.number)
        anchors = [c for c in _anchor_claims(ctx, fn.number) if c.kind == "level" and c.unit]
        if at is not None:
            anchors = [c for c in anchors if c.end <= at] or anchors
        for unit in dict.fromkeys(p.unit for p in parts):
            same = [p for p in parts if p.unit == unit]
            anchor = next((a for a in reversed(anchors) if a.unit == unit), None)
            if anchor is None or len(same) < 2:
                continue
            piv = total([_claim_iv(p) for p in same])  # type: ignore[misc]
            aiv = _claim_iv(anchor)
            assert aiv is not None
            listing = " + ".join(p.raw for p in same)
            partial = text.startswith("trong đó")
            exhaustive = bool(re.match(r"^(?:gồm|bao\s+gồm)\b", text))
            if partial:
                margin, basis = _partial_margin(aiv, same)
                msg = (
                    f"footnote {fn.number} ('trong đó') parts of {anchor.raw} {unit}: {listing} = {fmt(piv.mid)}; "
                    f"{basis}"
                )
                out.append(ctx.check("footnote_parts", msg, piv, aiv, claims=[anchor, *same], margin=margin,
                                     basis=basis))  # fmt: skip
            elif exhaustive or piv.meets(aiv):
                msg = f"footnote {fn.number} breaks {anchor.raw} {unit} into {listing} = {fmt(piv.mid)}"
                out.append(ctx.check("footnote_parts", msg, piv, aiv, claims=[anchor, *same]))
    return out


def _footnote_previous(ctx: Ctx) -> list[Check]:
    """A footnote giving the previous period ('Cùng kỳ năm 2023, có 10 doanh nghiệp giải thể')
    against the change stated at its marker ('03 doanh nghiệp giải thể, giảm 70% …')."""
    out: list[Check] = []
    for fn in ctx.doc.footnotes:
        if not previous_period_footnote(ctx, fn.number):
            continue
        prev_levels = [c for c in _footnote_claims(ctx, fn.number) if c.kind == "level" and c.unit]
        rows = _anchor_claims(ctx, fn.number)
        at = _marker_position(ctx, fn.number)
        for i, ch in enumerate(rows):
            if ch.kind not in ("change_pct", "change_abs") or (at is not None and ch.start > at + 2):
                continue
            level = next((r for r in reversed(rows[:i]) if r.kind == "level" and r.unit), None)
            if level is None:
                continue
            prev = next((p for p in prev_levels if p.unit == level.unit), None)
            if prev is None:
                continue
            cur, pre = _claim_iv(level), _claim_iv(prev)
            assert cur is not None and pre is not None
            if ch.kind == "change_pct":
                q = cur / pre
                if q is None:
                    continue
                growth = q.scale(100).shift(-100)
                alts = _alternatives("growth", growth, ch, signed=True)
            else:
                alts = [("difference", cur - pre, _signed_iv(ch))]
            basis, exp, act, margin = _best(alts)
            if exp is None:
                continue
            msg = (
                f"{level.raw} {level.unit} now and {prev.raw} {prev.unit} in footnote {fn.number} give "
                f"{fmt(exp.mid)}{'%' if ch.kind == 'change_pct' else ''}, printed "
                f"{'-' if ch.direction == 'down' else ''}{ch.raw}{'%' if ch.kind == 'change_pct' else ''}"
            )
            out.append(ctx.check("prose_change_vs_previous", msg, exp, act, claims=[level, prev, ch], basis=basis,
                                 margin=margin))  # fmt: skip
    return out


# --------------------------------------------------------------------------------------
# 6. integrity


def _ok(ctx: Ctx, rule: str, ok: bool, message: str, key: Iterable[str] = (), pages: Iterable[int] = ()) -> Check:
    return ctx.check(rule, message, None, None, margin=0.0 if ok else -1.0, key=key, pages=pages)


def integrity(ctx: Ctx) -> list[Check]:
    out: list[Check] = []
    doc = ctx.doc
    numbers = [fn.number for fn in doc.footnotes]
    if numbers:
        expected = list(range(1, len(numbers) + 1))
        dup = sorted(n for n, k in Counter(numbers).items() if k > 1)
        missing = sorted(set(range(1, max(numbers) + 1)) - set(numbers))
        ok = numbers == expected
        msg = (
            f"{len(numbers)} footnotes numbered 1-{max(numbers)}"
            + (f"; missing {missing}" if missing else "")
            + (f"; repeated {dup}" if dup else "")
            + ("" if ok or missing or dup else "; out of order")
        )
        out.append(_ok(ctx, "footnote_sequence", ok, msg, key=["footnotes"]))
    for note in doc.notes:
        if note.code in ("footnote-no-marker", "footnote-orphan-marker", "footnote-marker-repeated"):
            out.append(_ok(ctx, "footnote_markers", False, note.message, key=[note.message],
                           pages=[note.page] if note.page else []))  # fmt: skip
    if numbers and not any(c.rule == "footnote_markers" for c in out):
        out.append(_ok(ctx, "footnote_markers", True, f"all {len(numbers)} footnotes linked to one marker each",
                       key=["markers"]))  # fmt: skip
    out.extend(_section_numbering(ctx))
    for t in ctx.tables:
        if t.reference_number:
            own = (doc.metadata.number or "").replace(" ", "")
            ok = t.reference_number.replace(" ", "") == own
            msg = f"{t.table_id} caption cites report {t.reference_number}; this report is {own or '(no number)'}"
            out.append(_ok(ctx, "caption_report_number", ok, msg, key=[t.table_id], pages=t.pages[:1]))
        if t.reference_date and doc.metadata.date:
            ok = t.reference_date == doc.metadata.date
            msg = f"{t.table_id} caption dated {t.reference_date}; this report is dated {doc.metadata.date}"
            out.append(_ok(ctx, "caption_report_date", ok, msg, key=[t.table_id], pages=t.pages[:1]))
    return out


_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9, "X": 10, "XI": 11,
          "XII": 12, "XIII": 13, "XIV": 14, "XV": 15}  # fmt: skip


def _ordinal(numbering: str) -> tuple[str, int] | None:
    """(family, position) of a heading number: ('arabic', 3) for '3.', ('sub:2', 4) for '2.4.'."""
    n = numbering.strip().rstrip(".").strip("()")
    if re.fullmatch(r"\d+", n):
        return "arabic", int(n)
    m = re.fullmatch(r"(\d+(?:\.\d+)*)\.(\d+)", n)
    if m:
        return f"sub:{m.group(1)}", int(m.group(2))
    m = re.fullmatch(r"([IVXLC]+)\.(\d+)", n)
    if m:
        return f"sub:{m.group(1)}", int(m.group(2))
    if n in _ROMAN:
        return "roman", _ROMAN[n]
    if re.fullmatch(r"[a-zđ]", n):
        return "letter", "abcdđefghiklmnopqrstuvxy".index(n) + 1 if n in "abcdđefghiklmnopqrstuvxy" else 0
    m = re.fullmatch(r"Điều\s+(\d+)", n)
    if m:
        return "article", int(m.group(1))
    return None


def _section_numbering(ctx: Ctx) -> list[Check]:
    out: list[Check] = []
    siblings: dict[tuple[str | None, str], list[tuple[int, str, int]]] = defaultdict(list)
    for s in ctx.seg.sections:
        o = _ordinal(s.numbering or "")
        if o is None:
            continue
        family, pos = o
        siblings[(s.parent_id, family)].append((pos, s.numbering, s.page))
    problems = []
    for (parent, _family), items in siblings.items():
        positions = [p for p, _n, _pg in items]
        names = [n for _p, n, _pg in items]
        letters = _family == "letter"
        expected_start = 1
        seq_ok = positions == list(range(expected_start, expected_start + len(positions)))
        if letters:  # a, b, c, d, đ, e … : đ may be skipped
            seq_ok = positions == sorted(positions) and len(set(positions)) == len(positions)
        if not seq_ok:
            where = next((s.title for s in ctx.seg.sections if s.section_id == parent), "the top level")
            problems.append((f"under '{where[:50]}': {' '.join(names)}", [pg for _p, _n, pg in items]))
    if problems:
        for msg, pages in problems:
            out.append(_ok(ctx, "section_numbering", False, f"numbering with a gap or repeat {msg}", key=[msg],
                           pages=pages[:1]))  # fmt: skip
    else:
        out.append(_ok(ctx, "section_numbering", True, f"{len(ctx.seg.sections)} sections numbered without gaps",
                       key=["sections"]))  # fmt: skip
    return out


# --------------------------------------------------------------------------------------
# the stage


def relations(doc: Document, seg: Segmented, tables: Tables, claims: Claims) -> list[Check]:
    ctx = Ctx(doc, seg, tables, claims)
    checks = [
        *table_sums(ctx),
        *table_ratios(ctx),
        *narrative_vs_table(ctx),
        *repeated_figures(ctx),
        *prose_arithmetic(ctx),
        *integrity(ctx),
    ]
    # one instance per id (a relation found twice is one check)
    seen: dict[str, Check] = {}
    for c in checks:
        seen.setdefault(c.check_id, c)
    return list(seen.values())


def with_status(checks: Sequence[Check], statuses: dict[str, str]) -> list[Check]:
    """The checks with the verdict of great-expectations (skips keep their status)."""
    return [replace(c, status=statuses.get(c.check_id, c.status)) if c.status != "skip" else c for c in checks]


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
        "tolerance": "each printed figure stands for value ± half a unit in its last printed decimal; "
        "intervals propagate through sums and ratios; a check fails only when the intervals cannot meet",
        "by_rule": {rule: dict(counts) for rule, counts in sorted(by_rule.items())},
        "failures": [
            {
                "check_id": c.check_id,
                "rule": c.rule,
                "message": c.message,
                "pages": list(c.pages),
                "expected": c.expected,
                "actual": c.actual,
                "tolerance": c.tolerance,
            }
            for c in checks
            if c.status == "fail"
        ],
        "disagreements": [c.check_id for c in checks if before.get(c.check_id) not in (None, c.status)],
        "great_expectations": engine,
    }


__all__ = ["Check", "relations", "rule_book", "summary", "with_status"]
