"""Link coverage of one report (issue 12): share of claims and table rows linked to the catalogue; -v lists misses."""

import sys, collections
from pathlib import Path
from pipeline.parse import pdf_to_document
from pipeline import segment, tables, claims
from pipeline.indicators.report import link_report

pdf = Path(sys.argv[1])
doc = pdf_to_document(pdf)
seg = segment.document_to_segments(doc)
tabs = tables.regions_to_tables(doc)
found = claims.sentences_to_claims(doc, seg)
links = link_report(seg, tabs, found)
kinds = ("level", "change_abs", "change_pct", "share_pct", "plan_pct", "pp_change")
byid = {c.claim_id: c for c in found.claims}
n = sum(1 for c in found.claims if c.kind in kinds)
ok = sum(1 for cid, lf in links.claims.items() if byid[cid].kind in kinds and lf.link.indicator_id)
print(f"claims level/change/share/plan linked: {ok}/{n} = {ok / max(n, 1):.3f}")
rows = [(k, lf) for k, lf in links.rows.items()]
data = [
    (k, lf) for k, lf in rows if any(c.row_order == k[1] for t in tabs.tables if t.table_id == k[0] for c in t.cells)
]
okr = sum(1 for k, lf in data if lf.link.indicator_id)
print(
    f"table rows with values linked: {okr}/{len(data)}; all rows {sum(1 for k, lf in rows if lf.link.indicator_id)}/{len(rows)}"
)
if "-v" in sys.argv:
    for k, lf in data:
        t = next(t for t in tabs.tables if t.table_id == k[0])
        r = t.row(k[1])
        print(
            "ROW",
            k,
            r.indicator[:60],
            "->",
            lf.link.indicator_id,
            lf.measure,
            lf.price_basis,
            lf.link.reason if not lf.link.indicator_id else "",
        )
    miss = collections.Counter()
    for cid, lf in links.claims.items():
        c = byid[cid]
        if c.kind in kinds and not lf.link.indicator_id:
            print("MISS", c.kind, c.raw, c.unit, "|", (c.indicator or "")[:60])
