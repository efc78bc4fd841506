"""The table stage composed: ruled table regions (from the parse stage) become tidy, typed tables.

regions_to_tables: chain_regions (a table continued over pages, header repeated or not)
                   -> chain_to_raw_rows (region_header: merged header cells, column-number row)
                   -> raw_rows_to_structure (TT code, indicator, unit; link_parents: A › I › 1 › - › +
                      › attribute rows; "Trong đó:")
                   -> structure_to_rows_and_cells (typed values)
                   -> caption_for (title and "(Kèm theo Báo cáo số … ngày …)")
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..records import BBox, Cell, Document, Note, TableRegion
from ..vi.numbers import parse_number
from .captions import caption_for, reference_of
from .chain import chain_regions
from .header import column_roles, grid, is_number_row, owner_grid, region_header
from .records import Column, ColumnRole, RowKind, Table, TableCell, TableRow, Tables
from .rows import MARK_RE, OF_WHICH_RE, PARTIAL_TAIL_RE, link_parents


@dataclass(frozen=True, kw_only=True)
class RawRow:
    """One printed row of a chained table: its cell texts, cells and page."""

    texts: list[str]
    cells: list[Cell | None]
    page: int


@dataclass(frozen=True, kw_only=True)
class Structure:
    """Rows with their code, kind and parent, before values are typed."""

    columns: tuple[Column, ...]
    metas: list[tuple[str, str, str]]  # (tt, indicator, unit) per row
    markers: list[str]
    kinds: list[RowKind]
    parents: list[int | None]
    partial: list[bool]
    depth: list[int]


def chain_to_raw_rows(chain: Sequence[TableRegion]) -> list[RawRow]:
    """Data rows of a chain of regions: repeated headers, empty and column-number rows dropped."""
    _used0, names, _numbers = region_header(chain[0])
    out: list[RawRow] = []
    for region in chain:
        used, head, _ = region_header(region)
        start = used if (region is chain[0] or head == names) else 0
        own = grid(region)
        owner = owner_grid(region)
        for r in range(start, region.n_rows):
            cells = [own[r][k] for k in range(region.n_cols)]
            texts = [re.sub(r"\s+", " ", c.text).strip() if c else "" for c in cells]
            # a merged data cell (TT spanning rows) belongs to its first row only
            if not any(texts) and not any(owner[r][k] and owner[r][k] is not own[r][k] for k in range(region.n_cols)):
                continue
            if is_number_row(texts) or all(c is None for c in cells):  # a gap in the grid has no box
                continue
            out.append(RawRow(texts=texts, cells=cells, page=region.page))
    return out


def _columns(chain: Sequence[TableRegion], raw: Sequence[RawRow]) -> tuple[Column, ...]:
    _used, names, numbers = region_header(chain[0])
    ncols = chain[0].n_cols
    if not names:
        names = [f"Cột {k + 1}" for k in range(ncols)]
        numbers = [None] * ncols
    roles = column_roles(names, [r.texts for r in raw[:20]])
    return tuple(
        Column(index=k, name=names[k], role=roles[k], number=numbers[k] if k < len(numbers) else None)
        for k in range(ncols)
    )


def _role_text(texts: Sequence[str], columns: Sequence[Column], role: ColumnRole) -> str:
    k = next((c.index for c in columns if c.role == role), None)
    return texts[k] if k is not None else ""


def raw_rows_to_structure(chain: Sequence[TableRegion], raw: Sequence[RawRow]) -> Structure:
    """Each row's code, kind (data, label, "Trong đó:") and parent row."""
    columns = _columns(chain, raw)
    markers: list[str] = []
    kinds: list[RowKind] = []
    metas: list[tuple[str, str, str]] = []
    for row in raw:
        tt, ind = _role_text(row.texts, columns, "tt"), _role_text(row.texts, columns, "indicator")
        has_values = any(row.texts[c.index] for c in columns if c.role == "value")
        kind: RowKind = "of_which" if OF_WHICH_RE.match(ind) and not has_values else "data" if has_values else "label"
        mark = tt
        if not mark:
            m = MARK_RE.match(ind)
            mark = m.group(1) if m else ""
        markers.append(mark)
        kinds.append(kind)
        metas.append((tt, ind, _role_text(row.texts, columns, "unit")))
    parents, partial, depth = link_parents(markers, kinds)
    # rows that end with "…, trong đó:" announce a partial breakdown too
    for i, (_tt, ind, _unit) in enumerate(metas):
        if PARTIAL_TAIL_RE.search(ind):
            for j in range(i + 1, len(metas)):
                if parents[j] == i:
                    partial[j] = True
    return Structure(
        columns=columns, metas=metas, markers=markers, kinds=kinds, parents=parents, partial=partial, depth=depth
    )


def _row_cells(order: int, row: RawRow, columns: Sequence[Column], bbox: BBox) -> list[TableCell]:
    out = []
    for col in columns:
        text = row.texts[col.index]
        if col.role != "value" or not text:
            continue
        num = parse_number(text.rstrip("%").strip())
        flags = num.flags if num.value is not None else ("not_a_number",)
        cell = row.cells[col.index]
        out.append(
            TableCell(
                row_order=order,
                col=col.index,
                column=col.name,
                raw=text,
                value=num.value,
                decimals=num.decimals,
                flags=flags,
                page=row.page,
                bbox=cell.bbox if cell else bbox,
            )
        )
    return out


def structure_to_rows_and_cells(raw: Sequence[RawRow], st: Structure) -> tuple[list[TableRow], list[TableCell]]:
    """Typed rows and value cells."""
    rows: list[TableRow] = []
    cells: list[TableCell] = []
    for i, (row, (tt, ind, unit)) in enumerate(zip(raw, st.metas, strict=True)):
        order = i + 1
        boxes = [c.bbox for c in row.cells if c is not None]
        bbox = boxes[0]
        for b in boxes[1:]:
            bbox = bbox.union(b)
        parent = st.parents[i]
        rows.append(
            TableRow(
                row_order=order,
                tt=tt,
                indicator=ind,
                unit=unit,
                parent_row=parent + 1 if parent is not None else None,
                page=row.page,
                marker=st.markers[i],
                kind=st.kinds[i],
                partial=st.partial[i],
                depth=st.depth[i],
                bbox=bbox,
            )
        )
        cells.extend(_row_cells(order, row, st.columns, bbox))
    return rows, cells


def chain_to_table(
    doc: Document, chain: Sequence[TableRegion], n: int, prev_end: tuple[int, float] | None
) -> tuple[Table | None, list[Note]]:
    """One table from a chain of regions, and the notes about it (no title, a cell not a number)."""
    raw = chain_to_raw_rows(chain)
    if not raw:
        return None, []
    st = raw_rows_to_structure(chain, raw)
    rows, cells = structure_to_rows_and_cells(raw, st)
    table_id = f"T{n}"
    title, caption = caption_for(doc, chain[0], prev_end)
    ref_num, ref_date = reference_of(caption)
    notes = (
        []
        if title
        else [Note(code="table-title", message=f"table {table_id} has no title above it", page=chain[0].page)]
    )
    notes += [
        Note(
            code="table-cell",
            message=f"{table_id} row {c.row_order} '{c.column}': {c.raw!r} is not a number",
            page=c.page,
        )
        for c in cells
        if "not_a_number" in c.flags
    ]
    table = Table(
        table_id=table_id,
        title=title,
        caption=caption,
        reference_number=ref_num,
        reference_date=ref_date,
        pages=tuple(sorted({r.page for r in chain})),
        columns=st.columns,
        rows=tuple(rows),
        cells=tuple(cells),
        region_ids=tuple(r.region_id for r in chain),
        part=doc.part_of(chain[0].page),
    )
    return table, notes


def regions_to_tables(doc: Document) -> Tables:
    """Every table of a document."""
    tables: list[Table] = []
    notes: list[Note] = []
    prev_end: tuple[int, float] | None = None
    for chain in chain_regions(doc):
        t, t_notes = chain_to_table(doc, chain, len(tables) + 1, prev_end)
        notes.extend(t_notes)
        prev_end = (chain[-1].page, chain[-1].bbox.bottom)
        if t is not None:
            tables.append(t)
    return Tables(tables=tuple(tables), notes=tuple(notes))
