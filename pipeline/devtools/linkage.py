"""Link coverage of one report (issue 12): the share of measurable claims and of table rows that the
indicator model links to the catalogue.

    python -m pipeline.devtools.linkage REPORT.pdf [-v]     -v lists every row and every unlinked claim
"""

from __future__ import annotations

import sys
from pathlib import Path

from .. import claims, segment, tables
from ..indicators.report import link_report
from ..parse import pdf_to_document

KINDS = ("level", "change_abs", "change_pct", "share_pct", "plan_pct", "pp_change")


def coverage(pdf: Path, verbose: bool = False) -> tuple[float, float]:
    """(share of level/change/share/plan claims linked, share of table rows with values linked)."""
    doc = pdf_to_document(pdf)
    seg = segment.document_to_segments(doc)
    tabs = tables.regions_to_tables(doc)
    found = claims.sentences_to_claims(doc, seg)
    links = link_report(seg, tabs, found)
    by_id = {c.claim_id: c for c in found.claims}
    wanted = [cid for cid in links.claims if by_id[cid].kind in KINDS]
    linked = [cid for cid in wanted if links.claims[cid].link.indicator_id]
    valued = {(t.table_id, c.row_order) for t in tabs.tables for c in t.cells}
    rows = [k for k in links.rows if k in valued]
    rows_linked = [k for k in rows if links.rows[k].link.indicator_id]
    share = len(linked) / max(len(wanted), 1)
    print(f"claims level/change/share/plan linked: {len(linked)}/{len(wanted)} = {share:.3f}")
    print(f"table rows with values linked: {len(rows_linked)}/{len(rows)}")
    if verbose:
        for k in rows:
            lf = links.rows[k]
            label = next(t for t in tabs.tables if t.table_id == k[0]).row(k[1]).indicator
            print("ROW", k, label[:60], "->", lf.link.indicator_id, lf.measure, lf.price_basis, lf.link.reason)
        for cid in sorted(set(wanted) - set(linked)):
            c = by_id[cid]
            print("MISS", c.kind, c.raw, c.unit, "|", (c.indicator or "")[:60])
    return len(linked) / max(len(wanted), 1), len(rows_linked) / max(len(rows), 1)


if __name__ == "__main__":
    coverage(Path(sys.argv[1]), "-v" in sys.argv)
