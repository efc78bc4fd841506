"""summary.html: a picture of the report from its clean tables — the headline indicators as a table
and three charts (growth by sector, economic structure, plan attainment), drawn as inline SVG.
Self-contained and offline like the review page (no script, no network; the same
Content-Security-Policy); interface text in Vietnamese or English (ui_text.py).

Figures are the report's own period (its title's period), estimates before actual figures: appendix
figures, and text figures linked with a score of at least 0.75 (the figure's own phrase or clause
names the indicator); GRDP's sectors are the catalogue's children of `grdp`; the headline indicators
are the catalogue's top-level indicators (no parent, no dotted family) the report prints a level of —
in its appendix when it has one — in catalogue order.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from ..indicators import Catalogue, catalogue
from ..rules import Rules
from .inputs import Inputs
from .keys import report_keys
from .review_page import e, num, page_head
from .ui_text import t

FILE = "summary.html"
STRONG = 0.75  # link_score from which a figure is drawn: its own phrase or clause names the indicator
WIDTH, BAR, GAP, LABEL = 760, 22, 8, 300
COLOURS = ("#3b6fd8", "#1b6e3a", "#b36b00", "#8a3fb3", "#b3261e", "#2a8c8c", "#6b6b6b")
CSS = """
body { margin: 0; font: 15px/1.5 system-ui, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: #1d2329;
       background: #f5f6f8; }
header { background: #1d2329; color: #fff; padding: 16px 28px; } header h1 { margin: 0; font-size: 1.3rem; }
header p { margin: 4px 0 0; color: #c9d1d9; }
main { max-width: 1000px; margin: 0 auto; padding: 18px 24px 60px; }
section { background: #fff; border: 1px solid #d9dde3; border-radius: 6px; padding: 10px 16px; margin: 0 0 16px; }
table { border-collapse: collapse; width: 100%; font-size: 0.9rem; }
td, th { border-bottom: 1px solid #d9dde3; padding: 4px 8px; text-align: left; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
.flag { color: #b3261e; font-size: 0.8rem; } .muted { color: #57606a; }
svg text { font: 12px system-ui, "DejaVu Sans", sans-serif; fill: #1d2329; }
"""


Row = dict[str, Any]


def _current(ind: pd.DataFrame, label: str | None) -> list[Row]:
    """The strongly linked rows of the report's period as records (nulls None), estimates first, then
    actual figures."""
    strong = (ind["source"] != "text") | (ind["link_score"] >= STRONG)
    rows = ind[(ind["period_label"] == label) & strong] if label else ind.iloc[0:0]
    records = [{k: (None if v is pd.NA or (isinstance(v, float) and v != v) else v) for k, v in r.items()}
               for r in rows.astype(object).to_dict("records")]  # fmt: skip
    order = {"estimate": 0, "actual": 1}
    return sorted(records, key=lambda r: order.get(r["value_type"], 2))


def _name(row: Row, lang: str) -> str:
    return str(row["name_en"] if lang == "en" else row["name_vi"])


def _first_each(rows: list[Row], key: str) -> list[Row]:
    seen: set[Any] = set()
    out = []
    for r in rows:
        if r[key] not in seen:
            seen.add(r[key])
            out.append(r)
    return out


def bar_chart(bars: list[tuple[str, float]], unit: str, reference: float | None = None) -> str:
    """Horizontal bars with their values, zero (or `reference`) marked; negative values to the left."""
    if not bars:
        return ""
    lo, hi = min(0.0, *(v for _l, v in bars)), max(0.0, *(v for _l, v in bars), reference or 0.0)
    span = (hi - lo) or 1.0
    plot = WIDTH - LABEL - 70

    def x(v: float) -> float:
        return LABEL + (v - lo) / span * plot

    height = len(bars) * (BAR + GAP) + GAP
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" role="img">']
    for k, (label, value) in enumerate(bars):
        y = GAP + k * (BAR + GAP)
        x0, x1 = sorted((x(0.0), x(value)))
        parts.append(f'<text x="{LABEL - 8}" y="{y + 15}" text-anchor="end">{e(label[:48])}</text>')
        parts.append(
            f'<rect x="{x0:.1f}" y="{y}" width="{max(x1 - x0, 1):.1f}" height="{BAR}" '
            f'fill="{COLOURS[0] if value >= 0 else COLOURS[4]}"><title>{e(label)}: {num(value)}</title></rect>'
        )
        parts.append(f'<text x="{x1 + 4:.1f}" y="{y + 15}">{e(num(value))}{e(unit)}</text>')
    for v, dash in ((0.0, ""), *(((reference, ' stroke-dasharray="4 3"'),) if reference is not None else ())):
        parts.append(f'<line x1="{x(v):.1f}" x2="{x(v):.1f}" y1="0" y2="{height}" stroke="#57606a"{dash}/>')
    return "".join(parts) + "</svg>"


def stacked_bar(parts: list[tuple[str, float]]) -> str:
    """One bar split into the parts' shares, with a legend."""
    if not parts:
        return ""
    total = sum(max(v, 0.0) for _l, v in parts) or 1.0
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{40 + 20 * len(parts)}" role="img">']
    x = 0.0
    for k, (label, value) in enumerate(parts):
        w = max(value, 0.0) / total * WIDTH
        colour = COLOURS[k % len(COLOURS)]
        out.append(
            f'<rect x="{x:.1f}" y="0" width="{w:.1f}" height="28" fill="{colour}">'
            f"<title>{e(label)}: {num(value)}%</title></rect>"
        )
        out.append(
            f'<rect x="0" y="{38 + 20 * k}" width="12" height="12" fill="{colour}"/>'
            f'<text x="18" y="{48 + 20 * k}">{e(label)}: {e(num(value))}%</text>'
        )
        x += w
    return "".join(out) + "</svg>"


def _top(indicator_id: str, cat: Catalogue) -> bool:
    """A top-level indicator of the catalogue (no parent, no dotted family: not industrial_product.coal)."""
    return cat.indicators[indicator_id].parent is None and "." not in indicator_id


def _sector_bars(rows: list[Row], measure: str, cat: Catalogue, lang: str) -> list[tuple[str, float]]:
    """GRDP and its sectors' figures of one measure, one a sector (the first: estimates first)."""
    sectors = ["grdp", *(i for i, ind in cat.indicators.items() if ind.parent == "grdp")]
    if measure == "share_pct":
        sectors = sectors[1:]
    picked = _first_each([r for r in rows if r["measure"] == measure and r["indicator_id"] in sectors
                          and r["value"] is not None], "indicator_id")  # fmt: skip
    picked.sort(key=lambda r: sectors.index(r["indicator_id"]))
    return [(_name(r, lang), float(r["value"])) for r in picked]


def _plan_bars(rows: list[Row], cat: Catalogue, lang: str) -> list[tuple[str, float]]:
    """Plan attainment of the top-level indicators, highest first."""
    picked = _first_each([r for r in rows if r["measure"] == "plan_pct" and r["comparison"] == "plan"
                          and _top(r["indicator_id"], cat) and r["value"] is not None],
                         "indicator_id")  # fmt: skip
    picked.sort(key=lambda r: -float(r["value"]))
    return [(_name(r, lang), float(r["value"])) for r in picked[:20]]


def _headline_row(r: Row, rows: list[Row], lang: str) -> str:
    same = [x for x in rows if x["indicator_id"] == r["indicator_id"] and x["price_basis"] == r["price_basis"]]
    growth = [x["value"] for x in same if x["measure"] == "ratio_pct" and x["comparison"] == "same_period_prev_year"]
    plan = [x["value"] for x in same if x["measure"] == "plan_pct" and x["comparison"] == "plan"]
    shown = f' <span class="muted">({e(r["price_basis"])})</span>' if r["price_basis"] else ""
    flag = f' <span class="flag">{e(r["flag"])}</span>' if r["flag"] else ""
    return (
        f'<tr><td>{e(_name(r, lang))}{shown}</td><td class="n">{e(num(r["value"]))}</td><td>{e(r["unit"])}</td>'
        f'<td class="n">{e(num(growth[0]) if growth and growth[0] is not None else "")}</td>'
        f'<td class="n">{e(num(plan[0]) if plan and plan[0] is not None else "")}</td>'
        f"<td>{e(r['status'])}{flag}</td></tr>"
    )


def headline_table(rows: list[Row], cat: Catalogue, lang: str) -> str:
    """Top-level indicators with a level in the report's period: value, unit, vs same period, vs plan."""
    order = {i: k for k, i in enumerate(cat.indicators)}
    levels = [r for r in rows if r["measure"] == "level" and _top(r["indicator_id"], cat)]
    if any(r["source"] != "text" for r in levels):  # the appendix's list when it has one
        levels = [r for r in levels if r["source"] != "text"]
    levels = _first_each([{**r, "_k": (r["indicator_id"], r["price_basis"])} for r in levels], "_k")
    levels.sort(key=lambda r: order[r["indicator_id"]])
    body = "".join(_headline_row(r, rows, lang) for r in levels)
    head = "".join(f"<th>{e(t(k, lang))}</th>" for k in ("col_indicator", "col_value", "col_unit", "col_growth",
                                                           "col_plan", "col_status"))  # fmt: skip
    return f"<table><tr>{head}</tr>{body}</table>" if body else f'<p class="muted">{e(t("no_data", lang))}</p>'


def render(frames: dict[str, pd.DataFrame], inp: Inputs, cat: Catalogue, lang: str = "vi") -> str:
    """The summary page."""
    keys = report_keys(inp.document)
    rows = _current(frames["clean_indicators"], keys.span.label if keys.span else None)
    meta = inp.document.get("metadata") or {}
    open_ = int((frames["clean_checks"]["decision"] == "not reviewed").sum())
    charts = [
        ("growth_chart", bar_chart(_sector_bars(rows, "change_pct", cat, lang), "%")),
        ("structure_chart", stacked_bar(_sector_bars(rows, "share_pct", cat, lang))),
        ("plan_chart", bar_chart(_plan_bars(rows, cat, lang), "%", reference=100.0)),
    ]
    empty = f'<p class="muted">{e(t("no_data", lang))}</p>'
    sections = "".join(
        f'<section class="chart" id="{key}"><h2>{e(t(key, lang))}</h2>{svg or empty}</section>' for key, svg in charts
    )
    note = f'<p class="flag">{e(t("open_note", lang, n=open_))}</p>' if open_ else ""
    head = page_head(lang, f"{inp.report_id}: {t('summary', lang)}", CSS)
    return f"""{head}
<body>
<header><h1>{e(meta.get("issuer"))} — {e(inp.document.get("period"))}</h1>
<p>{e(meta.get("title"))} · {e(meta.get("number"))} · {e(meta.get("date"))}</p></header>
<main>
<p>{t("summary_links", lang)}</p>{note}
<section id="headline"><h2>{e(t("headline", lang))}</h2>{headline_table(rows, cat, lang)}</section>
{sections}
</main>
</body>
</html>
"""


def build(folder: Path, frames: dict[str, pd.DataFrame], inp: Inputs, *, rules: Rules | None = None,
          lang: str = "vi") -> Path:  # fmt: skip
    """Write summary.html into the report folder."""
    out = folder / FILE
    out.write_text(render(frames, inp, catalogue(rules), lang), encoding="utf-8")
    return out


__all__ = ["FILE", "bar_chart", "build", "headline_table", "render", "stacked_bar"]
