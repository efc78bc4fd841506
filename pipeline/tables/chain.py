"""A table continued over pages: regions chained when the header repeats or the columns match."""

from __future__ import annotations

from ..records import Document, Paragraph, TableRegion


def _same_columns(a: TableRegion, b: TableRegion) -> bool:
    if a.n_cols != b.n_cols or not a.col_edges or not b.col_edges:
        return False
    wa = [y - x for x, y in zip(a.col_edges, a.col_edges[1:], strict=False)]
    wb = [y - x for x, y in zip(b.col_edges, b.col_edges[1:], strict=False)]
    return all(abs(x - y) <= max(3.0, 0.05 * x) for x, y in zip(wa, wb, strict=True))


def _text_between(doc: Document, prev: TableRegion, region: TableRegion) -> list[Paragraph]:
    """Paragraphs printed after `prev` and before `region` (furniture is already gone)."""
    out = []
    for p in doc.paragraphs:
        for s in p.spans:
            after_prev = s.page > prev.page or (s.page == prev.page and s.bbox.top >= prev.bbox.bottom - 1)
            before_next = s.page < region.page or (s.page == region.page and s.bbox.bottom <= region.bbox.top + 1)
            if after_prev and before_next:
                out.append(p)
                break
    return out


def chain_regions(doc: Document) -> list[list[TableRegion]]:
    """Group regions into tables: a region continues the previous one when it sits on the next
    page (or right below it), has the same columns, and no text stands between them."""
    chains: list[list[TableRegion]] = []
    for region in doc.tables:
        if chains:
            prev = chains[-1][-1]
            near = region.page in (prev.page, prev.page + 1)
            if near and _same_columns(prev, region) and not _text_between(doc, prev, region):
                # the header is repeated, or the rows simply go on
                chains[-1].append(region)
                continue
        chains.append([region])
    return chains


# --------------------------------------------------------------------------------------
# rows and hierarchy
