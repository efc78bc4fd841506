"""Raw pages become a Document.

find_furniture -> page infos -> measure -> split_footnote_area -> areas_to_footnotes
  -> line_with_exponents -> lines_to_flows -> flow_to_groups -> join_across_pages -> groups_to_text_tables
  -> assign_roles
  -> paragraphs_to_parts (each header block opens a part; its metadata) -> link_footnotes_by_part
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from .. import errors
from ..records import BBox, Document, Footnote, Metadata, Note, PageInfo, Source, TableRegion
from .flows import FlowKind, lines_to_flows
from .footnotes import areas_to_footnotes, split_footnote_area
from .furniture import find_furniture
from .pages import RawPage
from .paragraphs import continues_across_pages, flow_to_groups
from .parts import link_footnotes_by_part, paragraphs_to_parts
from .raised import line_with_exponents
from .roles import Group, assign_roles
from .stats import Stats, measure
from .textline import Line
from .texttable import groups_to_text_tables

PageGroup = tuple[list[Line], FlowKind, int, bool]
"""A paragraph's lines, its flow's kind and block, and whether it is the first on its page."""


def _page_infos(raws: Sequence[RawPage], furniture: set[tuple[int, BBox]]) -> tuple[list[PageInfo], list[Note]]:
    """What each page holds; a page of mostly unmapped glyphs has no usable text layer."""
    pages: list[PageInfo] = []
    notes: list[Note] = []
    for r in raws:
        has_text = any((ln.page, ln.bbox) not in furniture for ln in r.lines) or bool(r.tables)
        if r.unmapped and r.unmapped > 0.2 * r.chars:
            has_text = False
            notes.append(
                Note(code="unmapped-glyphs", message=f"{r.unmapped} characters have no Unicode mapping", page=r.number)
            )
        pages.append(
            PageInfo(
                number=r.number, width=r.width, height=r.height, chars=r.chars, text_layer=has_text,
                images=r.images, ocr=r.ocr, ocr_confidence=r.ocr_confidence,
            )
        )  # fmt: skip
    return pages, notes


def _split_areas(
    raws: Sequence[RawPage], furniture: set[tuple[int, BBox]], stats: Stats
) -> tuple[list[list[Line]], list[list[Line]]]:
    """Each page's body lines and footnote-area lines (furniture left out), top to bottom."""
    bodies: list[list[Line]] = []
    areas: list[list[Line]] = []
    expected = 1
    for r in raws:
        lines = sorted((ln for ln in r.lines if (ln.page, ln.bbox) not in furniture), key=lambda ln: (ln.top, ln.x0))
        body, area = split_footnote_area(lines, r.rules, stats, expected, areas[-1] if areas else ())
        starts = [ln.markers[0].number for ln in area if ln.markers and ln.markers[0].offset == 0]
        if starts:
            expected = starts[-1] + 1
        bodies.append(body)
        areas.append(area)
    return bodies, areas


def _footnote_numbers(footnotes: Sequence[Footnote]) -> dict[int, set[int]]:
    """Page -> the numbers of the footnotes printed on it."""
    numbers_by_page: dict[int, set[int]] = {}
    for fn in footnotes:
        for s in fn.spans:
            numbers_by_page.setdefault(s.page, set()).add(fn.number)
    return numbers_by_page


def _page_groups(
    raws: Sequence[RawPage], bodies: Sequence[list[Line]], numbers: dict[int, set[int]], stats: Stats
) -> list[PageGroup]:
    """Paragraph groups, page by page (raised 2/3 after a metre unit become ²/³ unless a footnote has the number)."""
    groups: list[PageGroup] = []
    for r, body in zip(raws, bodies, strict=True):
        keep = numbers.get(r.number, set())
        first = True
        for flow in lines_to_flows([line_with_exponents(ln, keep) for ln in body], stats):
            for g in flow_to_groups(flow, stats):
                groups.append((g, flow.kind if flow.block >= 0 else "main", flow.block, first))
                first = False
    return groups


def _table_between(prev: Line, line: Line, tables: dict[int, list[TableRegion]]) -> bool:
    below_prev = any(t.bbox.top > prev.bottom for t in tables.get(prev.page, []))
    above_next = any(t.bbox.bottom < line.top for t in tables.get(line.page, []))
    return below_prev or above_next


def join_across_pages(groups: Sequence[PageGroup], raws: Sequence[RawPage], stats: Stats) -> list[Group]:
    """Rejoin a paragraph split by a page break (its footnotes sit in between)."""
    tables_by_page = {r.number: r.tables for r in raws}
    out: list[Group] = []
    last_main: int | None = None  # index in `out` of the last main-flow group
    for lines, kind, block, first_of_page in groups:
        if (
            first_of_page
            and kind == "main"
            and last_main is not None
            and last_main == len(out) - 1
            and out[last_main][0][-1].page == lines[0].page - 1
            and not _table_between(out[last_main][0][-1], lines[0], tables_by_page)
            and continues_across_pages(out[last_main][0][-1], lines[0], stats)
        ):
            out[last_main][0].extend(lines)
            continue
        out.append((list(lines), kind, block))
        if kind == "main":
            last_main = len(out) - 1
    return out


def _numbered_regions(raws: Sequence[RawPage], text_tables: Sequence[TableRegion] = ()) -> list[TableRegion]:
    """Every page's table regions (ruled, unruled, printed as running text), numbered in document order."""
    regions = [t for r in raws for t in r.tables]
    if text_tables:
        regions = sorted([*regions, *text_tables], key=lambda t: (t.page, t.bbox.top))
    return [replace(t, region_id=rid) for rid, t in enumerate(regions)]


def raw_pages_to_document(raws: Sequence[RawPage], report_id: str, source: Source) -> Document:
    """Compose the pages: furniture out, footnotes apart, paragraphs with roles, footnotes linked, metadata."""
    notes: list[Note] = [n for r in raws for n in r.notes]
    furniture = find_furniture([r.lines for r in raws], [r.height for r in raws])
    furn_ids = {(f.page, f.bbox) for f in furniture}
    pages, page_notes = _page_infos(raws, furn_ids)
    notes.extend(page_notes)
    if not any(p.text_layer for p in pages):
        ocred = " (OCR found no text)" if any(r.ocr for r in raws) else ""
        raise errors.NoTextLayerError(source.path, f"no text layer on any of its {len(pages)} pages{ocred}")
    all_lines = [ln for r in raws for ln in r.lines]
    stats = measure(all_lines)
    # footnote areas first: their numbers decide raised 2/3 after "m" (m² or marker)
    bodies, areas = _split_areas(raws, furn_ids, stats)
    footnotes, fn_notes = areas_to_footnotes(areas)
    notes.extend(fn_notes)
    # paragraphs, page by page, then rejoined across page breaks
    groups = _page_groups(raws, bodies, _footnote_numbers(footnotes), stats)
    joined, text_tables, table_notes = groups_to_text_tables(join_across_pages(groups, raws, stats))
    notes.extend(table_notes)
    paragraphs = assign_roles(joined, stats)
    parts, meta_notes = paragraphs_to_parts(paragraphs, raws[-1].number, raws[0].width)
    footnotes_linked, link_notes = link_footnotes_by_part(footnotes, paragraphs, parts)
    notes.extend(link_notes)
    notes.extend(meta_notes)
    encodings = tuple(sorted({e for ln in all_lines for e in ln.legacy}))
    notes.extend(Note(code="legacy-encoding", message=f"text in {e} fonts converted to Unicode") for e in encodings)
    return Document(
        report_id=report_id,
        source=source,
        metadata=parts[0].metadata if parts else Metadata(),
        pages=tuple(pages),
        paragraphs=tuple(paragraphs),
        footnotes=tuple(footnotes_linked),
        tables=tuple(_numbered_regions(raws, text_tables)),
        furniture=tuple(furniture),
        notes=tuple(notes),
        encodings=encodings,
        parts=tuple(parts),
    )
