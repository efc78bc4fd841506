"""review.html as text: the failures without a decision first (with their count), each with its
pictures, diagnosis and a form that writes its review.csv line (the suggested value pre-filled); the
decided failures folded away with their decision; then skips and passes collapsed by rule. Links to
the summary page and the Data Docs; decisions that match no check; text escaped; Vietnamese
interface text, English with lang="en" (ui_text.py); no network (a Content-Security-Policy allows
only inline CSS/JS and data: images)."""

from __future__ import annotations

import csv
import html
import io
from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

from ..validate import fmt
from . import decisions
from .review_items import Item
from .ui_text import decision_label, t

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
.links { margin: 0 0 16px; }
details.check.decided { border-left: 5px solid #3b6fd8; }
details.check.decided > summary { cursor: pointer; font-weight: 600; }
.diagnosis { background: #fff8e6; border-radius: 4px; padding: 4px 10px; margin: 6px 0; }
form.decide { display: flex; flex-wrap: wrap; gap: 6px 10px; align-items: center; margin: 8px 0 4px;
              font-size: 0.85rem; }
form.decide label { display: flex; gap: 4px; align-items: center; }
form.decide input, form.decide select { font: inherit; padding: 1px 4px; }
"""

JS = """
function csvField(v) { return /[",;\\n]/.test(v) ? '"' + v.replace(/"/g, '""') + '"' : v; }
function csvLine(id) {
  var f = document.getElementById('form-' + id);
  var get = function (n) { return f.elements[n] ? f.elements[n].value.trim() : ''; };
  var today = new Date().toISOString().slice(0, 10);
  return [id, get('decision'), get('note'), get('reviewer'), today, get('operand'), get('corrected_value')]
    .map(csvField).join(',');
}
function update(id) { document.getElementById('csv-' + id).value = csvLine(id); }
function copyLine(id) {
  update(id);
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
  document.body.setAttribute('data-open-shown', String(document.querySelectorAll('section.check.fail.open').length));
  document.body.setAttribute('data-decided-folded',
    String(document.querySelectorAll('details.check.fail.decided:not([open])').length));
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


def page_head(lang: str, title: str, css: str) -> str:
    """The start of a self-contained page up to <body>: no request may leave it (CSP)."""
    return f"""<!DOCTYPE html>
<html lang="{e(lang)}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e(title)}</title>
<style>{css}</style>
</head>"""


def e(text: Any) -> str:
    """Text escaped for HTML (None is empty)."""
    return html.escape("" if text is None else str(text), quote=True)


def num(x: float | None) -> str:
    """A number as the report prints it (1.234,5), trailing zeros dropped."""
    return "—" if x is None else fmt(x, 4).rstrip("0").rstrip(",")


def _mark(sentence: str, raw: str, start: int | None = None) -> str:
    """The sentence, escaped, with the figure highlighted (at its offset, else its first occurrence)."""
    at = start if start is not None and sentence[start : start + len(raw)] == raw else sentence.find(raw) if raw else -1
    if at < 0:
        return e(sentence)
    return e(sentence[:at]) + "<mark>" + e(raw) + "</mark>" + e(sentence[at + len(raw) :])


def _numbers(item: Item, lang: str) -> str:
    if item.expected is None and item.actual is None:
        return ""
    cells = [(t("expected", lang), num(item.expected)), (t("actual", lang), num(item.actual)),
             (t("tolerance", lang), num(item.tolerance)), (t("margin", lang), num(item.margin))]  # fmt: skip
    if item.basis:
        cells.append((t("reading", lang), item.basis))
    head = "".join(f"<th>{e(k)}</th>" for k, _v in cells)
    row = "".join(f"<td>{e(v)}</td>" for _k, v in cells)
    return f'<table class="numbers"><tr>{head}</tr><tr>{row}</tr></table>'


def _diagnosis(item: Item, lang: str) -> str:
    if not item.diagnosis:
        return ""
    suggested = ""
    if item.suggestion is not None:
        ref, value = item.suggestion
        suggested = f" · {e(t('suggested', lang, value=num(value), ref=ref))}"
    return (
        f'<p class="diagnosis"><b>{e(t("diagnosis", lang))}:</b> <code>{e(item.diagnosis)}</code> '
        f"{e(item.diagnosis_text)}{suggested}</p>"
    )


def _operands(item: Item, lang: str) -> str:
    lines = []
    for op in item.operands:
        page = e(t("page", lang, page=op.page))
        if op.kind == "claim":
            lines.append(f"<li><code>{e(op.ref)}</code> {page}: “{_mark(op.where, op.raw, op.start)}”</li>")
        else:
            lines.append(
                f"<li><code>{e(op.ref)}</code> {page}: <mark>{e(op.raw)}</mark> {e(t('in', lang))} {e(op.where)}</li>"
            )
    return f'<ul class="operands">{"".join(lines)}</ul>' if lines else ""


def csv_line(fields: list[str]) -> str:
    """One review.csv line, values with a comma, semicolon or quote in double quotes."""
    buf = io.StringIO()
    csv.writer(buf, lineterminator="").writerow(fields)
    return buf.getvalue()


def _form(item: Item, lang: str) -> str:
    """The decision form: its fields make the review.csv line the copy button gives."""
    cid = e(item.check_id)
    operand, value = item.suggestion if item.suggestion is not None else ("", None)
    corrected = num(value) if value is not None else ""
    options = "".join(
        f'<option value="{e(d)}">{e(d if lang == "en" else f"{decision_label(d, lang)} ({d})")}</option>'
        for d in decisions.DECISIONS
    )
    line = csv_line([item.check_id, decisions.DECISIONS[0], "", "", "", operand, corrected])
    fields = (
        f'<label>{e(t("form_decision", lang))} <select name="decision" onchange="update(\'{cid}\')">{options}'
        f"</select></label>"
        f'<label>{e(t("form_operand", lang))} <input name="operand" size="12" value="{e(operand)}" '
        f"oninput=\"update('{cid}')\"></label>"
        f'<label>{e(t("form_value", lang))} <input name="corrected_value" size="12" value="{e(corrected)}" '
        f"oninput=\"update('{cid}')\"></label>"
        f'<label>{e(t("form_note", lang))} <input name="note" size="24" oninput="update(\'{cid}\')"></label>'
        f'<label>{e(t("form_reviewer", lang))} <input name="reviewer" size="10" oninput="update(\'{cid}\')"></label>'
    )
    return (
        f'<form class="decide" id="form-{cid}" onsubmit="return false">{fields}</form>'
        f'<div class="csvline"><span class="muted">review.csv</span>'
        f'<input id="csv-{cid}" value="{e(line)}" readonly aria-label="{e(t("csv_line", lang))}">'
        f'<button type="button" onclick="copyLine(\'{cid}\')">{e(t("copy", lang))}</button></div>'
    )


def _decision(item: Item, lang: str) -> str:
    d = item.decision
    if d is None:
        return ""
    extra = (
        f" → {num(d.corrected_value)} ({e(d.operand)})"
        if (d.decision == "corrected value" and d.corrected_value is not None)
        else ""
    )
    who = ", ".join(x for x in (d.reviewer, d.date) if x)
    return (
        f'<span class="badge decided">{e(decision_label(d.decision, lang))}</span>{extra} '
        f'<span class="muted">{e(who)}</span> {e(d.note)}'
    )


def _pictures(item: Item, lang: str) -> str:
    pictures = "".join(
        f'<figure><img src="{src}" alt="{e(t("picture_alt", lang, page=page, check=item.check_id))}">'
        f"<figcaption>{e(t('page', lang, page=page))}</figcaption></figure>"
        for page, src in item.pictures
    )
    if not item.pictures:
        key = "no_picture_pdf" if item.pdf_missing else "no_picture"
        pictures = f'<p class="muted">{e(t(key, lang, pages=item.pages))}</p>'
    return f'<div class="pictures">{pictures}</div>'


def _failed(item: Item, book: Mapping[str, dict[str, Any]], lang: str) -> str:
    """A failed check: open (shown, with the decision form) or decided (folded, its decision in the summary)."""
    rule = book.get(item.rule, {})
    title = f'{e(item.rule)} <code class="muted">{e(item.check_id)}</code>'
    body = (
        f'<div class="rule">{e(rule.get("description", ""))} '
        f"{e(t('rule_tolerance', lang, tol=rule.get('tolerance', '')))}</div>"
        f'<p class="message">{e(item.message)}</p>{_numbers(item, lang)}{_diagnosis(item, lang)}'
        f"{_operands(item, lang)}{_pictures(item, lang)}"
    )
    if item.decision is not None:
        return (
            f'<details class="check fail decided" id="{e(item.check_id)}"><summary>{_decision(item, lang)} {title}'
            f"</summary>{body}{_form(item, lang)}</details>"
        )
    return (
        f'<section class="check fail open" id="{e(item.check_id)}"><h3><span class="badge fail">'
        f"{e(t('failed', lang))}</span> {title}</h3>{body}{_form(item, lang)}</section>"
    )


def _short(item: Item, lang: str) -> str:
    pages = (
        f' <span class="muted">{e(t("page", lang, page=item.pages.replace(";", ", ")))}</span>' if item.pages else ""
    )
    refs = ", ".join(f"{op.ref} ({op.raw})" for op in item.operands)
    tol = f" ± {num(item.tolerance)}" if item.tolerance is not None else ""
    return (
        f'<li id="{e(item.check_id)}"><code>{e(item.check_id)}</code> {e(item.message)}{tol}{pages}'
        f'<br><span class="muted">{e(refs)}</span></li>'
    )


def counts(items: Sequence[Item]) -> dict[str, int]:
    """checks, failed, open (failed without a decision), decided, skipped, passed."""
    failed = [i for i in items if i.status == "fail"]
    decided = sum(1 for i in failed if i.decision is not None)
    return {
        "checks": len(items), "failed": len(failed), "open": len(failed) - decided, "decided": decided,
        "skipped": sum(1 for i in items if i.status == "skip"), "passed": sum(1 for i in items if i.status == "pass"),
    }  # fmt: skip


def _summary(n: dict[str, int], lang: str) -> str:
    boxes = "".join(f"<div><b>{n[k]}</b>{e(t(k, lang))}</div>" for k in n)
    return f'<div class="summary">{boxes}</div>'


def _help(document: dict[str, Any], lang: str) -> str:
    report = e(document.get("report_id", "REPORT_DIR"))
    return (
        f'<div class="help">{t("help", lang, columns=", ".join(decisions.COLUMNS), report=report)}</div>'
        f'<p class="links">{t("links", lang)}</p>'
    )


def _orphans(applied: decisions.Applied, lang: str) -> str:
    if not applied.orphans:
        return ""
    rows = "".join(
        f"<li>{e(t('line', lang, line=d.line))}: <code>{e(d.check_id)}</code> {e(d.decision)} {e(d.note)}</li>"
        for d in applied.orphans
    )
    return f'<div class="orphans">{t("orphans", lang)} <ul>{rows}</ul></div>'


def _problems(applied: decisions.Applied, lang: str) -> str:
    if not applied.problems:
        return ""
    rows = "".join(f"<li>{e(p)}</li>" for p in applied.problems)
    return f'<div class="problems">{t("problems", lang)}<ul>{rows}</ul></div>'


def _passes(items: Sequence[Item], book: Mapping[str, dict[str, Any]], lang: str) -> str:
    groups: dict[str, list[Item]] = defaultdict(list)
    for i in items:
        if i.status == "pass":
            groups[i.rule].append(i)
    return "".join(
        f'<details class="rulegroup"><summary>{e(t("group_passed", lang, rule=rule, n=len(group)))}</summary>'
        f'<div class="rule">{e(book.get(rule, {}).get("description", ""))}</div>'
        f"<ol>{''.join(_short(i, lang) for i in group)}</ol></details>"
        for rule, group in sorted(groups.items())
    )


def _skips(items: Sequence[Item], lang: str) -> str:
    skipped = [i for i in items if i.status == "skip"]
    if not skipped:
        return ""
    return (
        f'<details class="rulegroup"><summary>{e(t("group_skipped", lang, n=len(skipped)))}</summary>'
        f"<ol>{''.join(_short(i, lang) for i in skipped)}</ol></details>"
    )


def _failures(items: Sequence[Item], book: Mapping[str, dict[str, Any]], n: dict[str, int], lang: str) -> str:
    """The open failures (with their count), then the decided ones, folded."""
    if not n["failed"]:
        return f'<p class="muted">{e(t("none_failed", lang))}</p>'
    open_ = "".join(_failed(i, book, lang) for i in items if i.status == "fail" and i.decision is None)
    decided = "".join(_failed(i, book, lang) for i in items if i.status == "fail" and i.decision is not None)
    out = f'<h2 id="open">{e(t("open_heading", lang, n=n["open"]))}</h2>'
    out += open_ or f'<p class="muted">{e(t("none_open", lang))}</p>'
    if decided:
        out += f'<h2 id="decided">{e(t("decided_heading", lang, n=n["decided"]))}</h2>{decided}'
    return out


def render(
    document: dict[str, Any],
    items: Sequence[Item],
    applied: decisions.Applied,
    pdf_found: bool,
    book: Mapping[str, dict[str, Any]],
    lang: str = "vi",
) -> str:
    """The whole page; `book` is the rule book (validate.rule_book) that describes each rule."""
    meta = document.get("metadata") or {}
    title = f"{meta.get('doc_type') or 'Báo cáo'} {meta.get('number') or ''} — {meta.get('issuer') or ''}"
    picture_note = "" if pdf_found else f'<p class="muted">{e(t("pdf_missing", lang))}</p>'
    n = counts(items)
    head = page_head(lang, f"{document.get('report_id')}: {t('review', lang)}", CSS)
    return f"""{head}
<body data-open-failures="{n["open"]}" data-decided-failures="{n["decided"]}">
<header><h1>{e(title)}</h1>
<p>{e(meta.get("title"))} · {e(meta.get("place"))} {e(meta.get("date"))} · {e(document.get("report_id"))}</p></header>
<main>
{_summary(n, lang)}{_help(document, lang)}{_orphans(applied, lang)}{_problems(applied, lang)}{picture_note}
{_failures(items, book, n, lang)}
<h2>{e(t("rest_heading", lang))}</h2>
{_skips(items, lang)}{_passes(items, book, lang)}
</main>
<script>{JS}</script>
</body>
</html>
"""


__all__ = ["CSP", "CSS", "JS", "counts", "csv_line", "e", "num", "page_head", "render"]
