"""review.html: one self-contained page for a reviewer, built from a report folder.

folder_to_items     every check with its operands: claims (sentence, page), table cells (row,
                    column, page), the reviewer's decision
items_to_crops      the PDF regions of the failed checks' operands, numbers boxed (parse.render_crops)
render              the page: failures first with pictures, skips, then passes collapsed by rule;
                    how to fill review.csv; decisions that match no check; text escaped;
                    no network (a Content-Security-Policy allows only inline CSS/JS and data: images)
"""

from __future__ import annotations

import base64
import html
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from .. import parse
from ..records import BBox
from ..validate import fmt, rule_book
from . import clean, decisions

FILE = "review.html"


@dataclass
class Operand:
    ref: str  # claim id or cell id
    kind: str  # claim | cell
    raw: str
    page: int
    where: str  # sentence text, or the table row and column
    bbox_page: int | None = None
    bbox: BBox | None = None
    unit: str | None = None
    start: int | None = None  # offset of the figure in `where` (claims)


@dataclass
class Item:
    check_id: str
    rule: str
    status: str
    message: str
    expected: float | None
    actual: float | None
    tolerance: float | None
    margin: float | None
    basis: str | None
    pages: str
    operands: list[Operand] = field(default_factory=list)
    decision: decisions.Decision | None = None
    pictures: list[tuple[int, str]] = field(default_factory=list)  # (page, data URI)
    pdf_missing: bool = False


def _num(v: Any) -> float | None:
    return None if v is None or pd.isna(v) else float(v)


def _box(r: Any) -> BBox | None:
    if any(pd.isna(getattr(r, k)) for k in ("x0", "top", "x1", "bottom")):
        return None
    return BBox(x0=float(r.x0), top=float(r.top), x1=float(r.x1), bottom=float(r.bottom))


def folder_to_items(inp: clean.Inputs) -> list[Item]:
    claims = {r.claim_id: r for r in inp.claims.itertuples(index=False)}
    cells = {r.cell_id: r for r in inp.cells.itertuples(index=False)}
    sentences = dict(zip(inp.sentences["sentence_id"], inp.sentences["text"], strict=True))
    items = []
    for r in inp.checks.itertuples(index=False):
        item = Item(
            r.check_id, r.rule, r.status, r.message, _num(r.expected), _num(r.actual), _num(r.tolerance),
            _num(r.margin), None if pd.isna(r.basis) else r.basis, "" if pd.isna(r.pages) else str(r.pages),
            decision=inp.applied.by_check.get(r.check_id),
        )  # fmt: skip
        for ref in clean._split(r.claim_ids):
            c = claims.get(ref)
            if c is not None:
                item.operands.append(
                    Operand(ref, "claim", c.raw, int(c.page), sentences.get(c.sentence_id, ""),
                            None if pd.isna(c.bbox_page) else int(c.bbox_page), _box(c),
                            None if pd.isna(c.unit) else c.unit, None if pd.isna(c.start) else int(c.start))
                )  # fmt: skip
        if r.rule in ("caption_report_number", "caption_report_date") and not pd.isna(r.pages):
            page = int(str(r.pages).split(";")[0])
            cited = _caption_reference(inp.tables_meta, r.rule, page)
            width, height = _page_size(inp.document, page)
            if cited:  # searched on the page: the caption line is boxed
                item.operands.append(Operand("caption", "caption", cited, page, "the table's caption", page,
                                             BBox(x0=0, top=0, x1=width, bottom=height)))  # fmt: skip
        for ref in clean._split(r.table_cells):
            c = cells.get(ref)
            if c is not None:
                where = (
                    f"{c.table_id} row {c.row_order}: {c.indicator} ({'' if pd.isna(c.unit) else c.unit}) — {c.column}"
                )
                item.operands.append(Operand(ref, "cell", c.raw, int(c.page), where, int(c.page), _box(c)))
        items.append(item)
    return items


GAP = 120.0  # points: operands further apart on a page get pictures of their own


def _caption_reference(tables_meta: list[dict[str, Any]], rule: str, page: int) -> str | None:
    """What to look for on the page of a caption check, as the caption prints it: the cited report
    number ('3015' of 'số 3015 /BC-UBND') or the cited date ('05/7/2024')."""
    for t in tables_meta:
        if (t.get("pages") or [None])[0] != page:
            continue
        caption = str(t.get("caption") or "")
        pattern = r"số\s*(\d+)" if rule == "caption_report_number" else r"ngày\s*(\d{1,2}/\d{1,2}/\d{4})"
        m = re.search(pattern, caption, re.IGNORECASE)
        if m:
            return m.group(1)
    return None


def _page_size(document: dict[str, Any], page: int) -> tuple[float, float]:
    for p in document.get("pages") or []:
        if p.get("page") == page:
            return float(p["width"]), float(p["height"])
    return 595.0, 842.0


def items_to_crops(items: Sequence[Item]) -> list[tuple[Item, parse.Crop]]:
    """Pictures of each failed check's operands, boxed: one per page, or per group of nearby lines
    (a figure in the body and its footnote at the page bottom are two pictures)."""
    out = []
    for item in items:
        if item.status != "fail":
            continue
        by_page: dict[int, list[parse.Highlight]] = defaultdict(list)
        for op in item.operands:
            if op.bbox is not None and op.bbox_page is not None:
                text = op.raw if op.raw[:1].isdigit() else None
                if not any(h.bbox == op.bbox and h.text == text for h in by_page[op.bbox_page]):
                    by_page[op.bbox_page].append(parse.Highlight(op.bbox, text))
        for page, highlights in sorted(by_page.items()):
            group: list[parse.Highlight] = []
            for h in sorted(highlights, key=lambda h: h.bbox.top):
                if group and h.bbox.top - max(g.bbox.bottom for g in group) > GAP:
                    out.append((item, parse.Crop(page, tuple(group))))
                    group = []
                group.append(h)
            out.append((item, parse.Crop(page, tuple(group))))
    return out


def attach_pictures(items: Sequence[Item], pdf: Path) -> None:
    jobs = items_to_crops(items)
    images = parse.render_crops(pdf, [crop for _item, crop in jobs])
    for (item, crop), png in zip(jobs, images, strict=True):
        if png:
            item.pictures.append((crop.page, "data:image/png;base64," + base64.b64encode(png).decode("ascii")))


def find_pdf(folder: Path, document: dict[str, Any], pdf: Path | None = None) -> Path | None:
    """The report's PDF: the one given, the path recorded at extraction, or raw/<file>; it must
    have the recorded content (sha256)."""
    import hashlib

    source = document.get("source") or {}
    candidates = [pdf] if pdf else []
    if source.get("path"):
        candidates.append(Path(source["path"]))
    if source.get("file"):
        candidates += [Path("raw") / source["file"], folder.parent.parent / "raw" / source["file"]]
    for c in candidates:
        if c is not None and c.is_file():
            if pdf is not None and c == pdf:
                return c
            if hashlib.sha256(c.read_bytes()).hexdigest() == source.get("sha256"):
                return c
    return None


# --------------------------------------------------------------------------------------
# the page

CSS = """
:root { --fail: #b3261e; --pass: #1b6e3a; --skip: #8a6d00; --line: #d9dde3; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif;
       color: #1d2329; background: #f5f6f8; }
header { background: #1d2329; color: #fff; padding: 16px 28px; }
header h1 { margin: 0; font-size: 1.3rem; } header p { margin: 4px 0 0; color: #c9d1d9; }
main { max-width: 1180px; margin: 0 auto; padding: 18px 24px 60px; }
.summary { display: flex; gap: 12px; flex-wrap: wrap; margin: 0 0 16px; }
.summary div { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 8px 14px; }
.summary b { font-size: 1.25rem; display: block; }
.help, .orphans, .problems { background: #fff; border: 1px solid var(--line); border-left: 4px solid #3b6fd8;
       border-radius: 6px; padding: 10px 16px; margin: 0 0 16px; }
.orphans, .problems { border-left-color: var(--skip); }
code, pre, .csvline { font-family: "DejaVu Sans Mono", Menlo, monospace; font-size: 0.85rem; }
.check { background: #fff; border: 1px solid var(--line); border-radius: 6px; margin: 0 0 14px; padding: 12px 16px; }
.check.fail { border-left: 5px solid var(--fail); }
.check h3 { margin: 0 0 4px; font-size: 1rem; }
.badge { display: inline-block; border-radius: 4px; padding: 0 6px; font-size: 0.8rem; font-weight: 700; color: #fff; }
.badge.fail { background: var(--fail); } .badge.pass { background: var(--pass); }
.badge.skip { background: var(--skip); }
.badge.decided { background: #3b6fd8; }
.rule { color: #57606a; font-size: 0.85rem; }
.message { margin: 6px 0; }
table.numbers { border-collapse: collapse; margin: 6px 0; }
table.numbers td, table.numbers th { border: 1px solid var(--line); padding: 3px 8px; text-align: left; }
table.numbers th { background: #f0f2f5; font-weight: 600; }
ul.operands { margin: 6px 0; padding-left: 20px; }
ul.operands li { margin: 3px 0; }
mark { background: #ffe066; padding: 0 2px; }
.pictures figure { margin: 8px 0; }
.pictures img { max-width: 100%; border: 1px solid var(--line); display: block; }
.pictures figcaption { font-size: 0.8rem; color: #57606a; }
.csvline { display: flex; gap: 8px; align-items: center; background: #f0f2f5; border-radius: 4px; padding: 4px 8px; }
.csvline input { flex: 1; font: inherit; border: 0; background: transparent; }
button { font: inherit; font-size: 0.8rem; padding: 2px 10px; border: 1px solid #8c959f; border-radius: 4px;
         background: #fff; cursor: pointer; }
details.rulegroup { background: #fff; border: 1px solid var(--line); border-radius: 6px; margin: 0 0 8px;
                    padding: 6px 14px; }
details.rulegroup summary { cursor: pointer; font-weight: 600; }
details.rulegroup ol { margin: 6px 0; padding-left: 22px; font-size: 0.9rem; }
details.rulegroup li { margin: 4px 0; }
.muted { color: #57606a; }
"""

JS = """
function copyLine(id) {
  var input = document.getElementById('csv-' + id);
  input.select();
  try { navigator.clipboard.writeText(input.value); } catch (e) { document.execCommand('copy'); }
}
document.addEventListener('DOMContentLoaded', function () {
  // facts a browser test reads back: how many failures are listed and how many pictures decoded
  var imgs = Array.prototype.slice.call(document.querySelectorAll('.check.fail img'));
  function count() {
    var ok = imgs.filter(function (i) { return i.complete && i.naturalWidth > 0; }).length;
    document.body.setAttribute('data-pictures-loaded', String(ok));
  }
  document.body.setAttribute('data-failed-checks', String(document.querySelectorAll('.check.fail').length));
  document.body.setAttribute('data-pictures', String(imgs.length));
  imgs.forEach(function (i) { i.addEventListener('load', count); });
  count();
});
window.addEventListener('load', function () {
  var imgs = Array.prototype.slice.call(document.querySelectorAll('.check.fail img'));
  var ok = imgs.filter(function (i) { return i.complete && i.naturalWidth > 0; }).length;
  document.body.setAttribute('data-pictures-loaded', String(ok));
});
"""

CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src 'unsafe-inline'"


def e(text: Any) -> str:
    return html.escape("" if text is None else str(text), quote=True)


def _mark(sentence: str, raw: str, start: int | None = None) -> str:
    """The sentence, escaped, with the figure highlighted (at its offset, else its first occurrence)."""
    at = start if start is not None and sentence[start : start + len(raw)] == raw else sentence.find(raw) if raw else -1
    if at < 0:
        return e(sentence)
    return e(sentence[:at]) + "<mark>" + e(raw) + "</mark>" + e(sentence[at + len(raw) :])


def _numbers(item: Item) -> str:
    if item.expected is None and item.actual is None:
        return ""
    cells = [
        (
            "expected (from the operands)",
            fmt(item.expected, 4).rstrip("0").rstrip(",") if item.expected is not None else "—",
        ),
        ("actual (printed)", fmt(item.actual, 4).rstrip("0").rstrip(",") if item.actual is not None else "—"),
        ("tolerance ±", fmt(item.tolerance, 4).rstrip("0").rstrip(",") if item.tolerance is not None else "—"),
        ("margin", fmt(item.margin, 4).rstrip("0").rstrip(",") if item.margin is not None else "—"),
    ]
    if item.basis:
        cells.append(("reading", item.basis))
    head = "".join(f"<th>{e(k)}</th>" for k, _v in cells)
    row = "".join(f"<td>{e(v)}</td>" for _k, v in cells)
    return f'<table class="numbers"><tr>{head}</tr><tr>{row}</tr></table>'


def _operands(item: Item) -> str:
    lines = []
    for op in item.operands:
        if op.kind == "claim":
            lines.append(f"<li><code>{e(op.ref)}</code> p. {op.page}: “{_mark(op.where, op.raw, op.start)}”</li>")
        else:
            lines.append(f"<li><code>{e(op.ref)}</code> p. {op.page}: <mark>{e(op.raw)}</mark> in {e(op.where)}</li>")
    return f'<ul class="operands">{"".join(lines)}</ul>' if lines else ""


def _csv_line(item: Item) -> str:
    value = f"{item.check_id},confirmed error,,,,,"
    return (
        f'<div class="csvline"><span class="muted">review.csv</span>'
        f'<input id="csv-{e(item.check_id)}" value="{e(value)}" readonly aria-label="review.csv line">'
        f'<button type="button" onclick="copyLine(\'{e(item.check_id)}\')">copy</button></div>'
    )


def _decision(item: Item) -> str:
    d = item.decision
    if d is None:
        return ""
    extra = (
        f" → {fmt(d.corrected_value, 4).rstrip('0').rstrip(',')} for <code>{e(d.operand)}</code>"
        if (d.decision == "corrected value" and d.corrected_value is not None)
        else ""
    )
    who = ", ".join(x for x in (d.reviewer, d.date) if x)
    return (
        f'<p><span class="badge decided">{e(d.decision)}</span>{extra} '
        f'<span class="muted">{e(who)}</span> {e(d.note)}</p>'
    )


def _failed(item: Item) -> str:
    book = rule_book().get(item.rule, {})
    pictures = "".join(
        f'<figure><img src="{src}" alt="page {page}, the figures of {e(item.check_id)} boxed">'
        f"<figcaption>page {page}</figcaption></figure>"
        for page, src in item.pictures
    )
    if not item.pictures:
        pictures = (
            '<p class="muted">No picture: the source PDF was not found (baocao review REPORT_DIR --pdf FILE).</p>'
            if item.pdf_missing
            else f'<p class="muted">No picture: this check has no printed figures to show (page {e(item.pages)}).</p>'
        )
    return (
        f'<section class="check fail" id="{e(item.check_id)}">'
        f'<h3><span class="badge fail">fail</span> {e(item.rule)} <code class="muted">{e(item.check_id)}</code></h3>'
        f'<div class="rule">{e(book.get("description", ""))} Tolerance: {e(book.get("tolerance", ""))}.</div>'
        f'<p class="message">{e(item.message)}</p>{_numbers(item)}{_operands(item)}{_decision(item)}'
        f'<div class="pictures">{pictures}</div>{_csv_line(item)}</section>'
    )


def _short(item: Item) -> str:
    pages = f' <span class="muted">p. {e(item.pages.replace(";", ", "))}</span>' if item.pages else ""
    refs = ", ".join(f"{op.ref} ({op.raw})" for op in item.operands)
    tol = f" ± {fmt(item.tolerance, 4).rstrip('0').rstrip(',')}" if item.tolerance is not None else ""
    return (
        f'<li id="{e(item.check_id)}"><code>{e(item.check_id)}</code> {e(item.message)}{tol}{pages}'
        f'<br><span class="muted">{e(refs)}</span></li>'
    )


def render(document: dict[str, Any], items: Sequence[Item], applied: decisions.Applied, pdf_found: bool) -> str:
    meta = document.get("metadata") or {}
    title = f"{meta.get('doc_type') or 'Báo cáo'} {meta.get('number') or ''} — {meta.get('issuer') or ''}"
    failed = [i for i in items if i.status == "fail"]
    skipped = [i for i in items if i.status == "skip"]
    passed = [i for i in items if i.status == "pass"]
    decided = sum(1 for i in failed if i.decision is not None)
    summary = (
        f'<div class="summary"><div><b>{len(items)}</b>checks</div><div><b>{len(failed)}</b>failed</div>'
        f"<div><b>{decided}</b>failures decided</div><div><b>{len(skipped)}</b>skipped</div>"
        f"<div><b>{len(passed)}</b>passed</div></div>"
    )
    helptext = (
        '<div class="help"><b>How to review.</b> For each failed check, look at the picture and the '
        "numbers, then add a line to <code>review.csv</code> in this folder (UTF-8, comma separated; a "
        "spreadsheet can edit it): <code>check_id, decision, note, reviewer, date, operand, corrected_value</code>. "
        "<code>decision</code> is <code>confirmed error</code>, <code>false alarm</code> or "
        "<code>corrected value</code>; "
        "for a corrected value give the figure's id in <code>operand</code> (a claim id <code>c-…</code> or a cell "
        "<code>T1:70:3</code>, listed under each check; optional when the check has one claim) and the right value "
        "in <code>corrected_value</code> (<code>281.918,18</code> or <code>281918.18</code>). The copy button gives a "
        "line to start from. Decisions follow check ids, so they survive re-runs; run "
        "<code>baocao review " + e(document.get("report_id", "REPORT_DIR")) + "</code> (or extract again) "
        "to apply them to <code>clean/</code> and this page.</div>"
    )
    orphans = ""
    if applied.orphans:
        rows = "".join(
            f"<li>line {d.line}: <code>{e(d.check_id)}</code> {e(d.decision)} {e(d.note)}</li>" for d in applied.orphans
        )
        orphans = (
            '<div class="orphans"><b>Decisions whose check no longer exists</b> (kept in review.csv; the report or '
            f"the rules changed): <ul>{rows}</ul></div>"
        )
    problems = ""
    if applied.problems:
        rows = "".join(f"<li>{e(p)}</li>" for p in applied.problems)
        problems = f'<div class="problems"><b>review.csv lines that could not be used</b><ul>{rows}</ul></div>'
    picture_note = "" if pdf_found else '<p class="muted">The source PDF was not found: pictures are missing.</p>'
    groups: dict[str, list[Item]] = defaultdict(list)
    for i in passed:
        groups[i.rule].append(i)
    passes = "".join(
        f'<details class="rulegroup"><summary>{e(rule)} — {len(group)} passed</summary>'
        f'<div class="rule">{e(rule_book().get(rule, {}).get("description", ""))}</div>'
        f"<ol>{''.join(_short(i) for i in group)}</ol></details>"
        for rule, group in sorted(groups.items())
    )
    skips = (
        f'<details class="rulegroup"><summary>skipped — {len(skipped)}</summary>'
        f"<ol>{''.join(_short(i) for i in skipped)}</ol></details>"
        if skipped
        else ""
    )
    body = "".join(_failed(i) for i in failed) or '<p class="muted">No check failed.</p>'
    return f"""<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e(document.get("report_id"))}: review</title>
<style>{CSS}</style>
</head>
<body>
<header><h1>{e(title)}</h1>
<p>{e(meta.get("title"))} · {e(meta.get("place"))} {e(meta.get("date"))} · {e(document.get("report_id"))}</p></header>
<main>
{summary}{helptext}{orphans}{problems}{picture_note}
<h2>Failed checks</h2>
{body}
<h2>Skipped and passed checks</h2>
{skips}{passes}
</main>
<script>{JS}</script>
</body>
</html>
"""


def build(folder: Path, pdf: Path | None = None, inp: clean.Inputs | None = None) -> tuple[Path, bool]:
    """Write review.html into the report folder; (path, whether the source PDF was found)."""
    inp = inp or clean.folder_to_inputs(folder)
    items = folder_to_items(inp)
    source = find_pdf(folder, inp.document, pdf)
    if source is not None:
        attach_pictures(items, source)
    else:
        for item in items:
            item.pdf_missing = True
    page = render(inp.document, items, inp.applied, source is not None)
    out = folder / FILE
    out.write_text(page, encoding="utf-8")
    return out, source is not None


__all__ = ["FILE", "build", "find_pdf", "folder_to_items", "render"]
