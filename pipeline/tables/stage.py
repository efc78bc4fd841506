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
from dataclasses import dataclass, replace

from ..records import BBox, Cell, Document, Note, TableRegion
from ..rules import Rules
from ..vi.numbers import parse_number
from .captions import caption_for, paragraphs_above, reference_of
from .chain import chain_regions
from .header import column_roles, grid, is_number_row, owner_grid, region_header
from .meaning import (
    Vocabulary,
    breakdown_of,
    group_code,
    header_unit,
    is_index_text,
    operands,
    price_basis,
    read_column,
    unit_line,
    vocabulary,
)  # fmt: skip
from .records import Column, ColumnRole, RowKind, Table, TableCell, TableRow, Tables
from .rows import MARK_RE, PARTIAL_TAIL_RE, link_parents, marker_type
from .targets import is_target_text, main_figure, verdict_of


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
    basis: list[str | None]
    unit: str = ""  # the table's unit, printed in its header ('Đơn vị tính: …' above the row labels)


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


def _columns(chain: Sequence[TableRegion], raw: Sequence[RawRow], v: Vocabulary) -> tuple[tuple[Column, ...], str]:
    """The columns, each with its role and meaning; and the table's unit when a header cell prints it
    ('Đơn vị tính: Tỷ đồng' over the row labels: the cell is not a column name)."""
    _used, names, numbers = region_header(chain[0])
    ncols = chain[0].n_cols
    if not names:
        names = [f"Cột {k + 1}" for k in range(ncols)]
        numbers = [None] * ncols
    table_unit = ""
    for k, n in enumerate(names):
        found = unit_line(n.split(" | ")[0], v)
        if found:
            table_unit = table_unit or found
            names[k] = f"Cột {k + 1}"
    roles = column_roles(names, [r.texts for r in raw[:20]])
    meanings = [read_column(n, v) if roles[k] == "value" else None for k, n in enumerate(names)]
    columns = []
    for k in range(ncols):
        m = meanings[k]
        columns.append(
            Column(
                index=k, name=names[k], role=roles[k], number=numbers[k] if k < len(numbers) else None,
                meaning=m, operands=operands(meanings, k), unit=m.unit if m is not None else None,
            )
        )  # fmt: skip
    return tuple(columns), table_unit


def _indent(row: RawRow, k: int | None) -> float:
    """How far right of its cell's edge a row's label is printed."""
    cell = row.cells[k] if k is not None else None
    return cell.indent if cell is not None else 0.0


def _role_text(texts: Sequence[str], columns: Sequence[Column], role: ColumnRole) -> str:
    k = next((c.index for c in columns if c.role == role), None)
    return texts[k] if k is not None else ""


def raw_rows_to_structure(chain: Sequence[TableRegion], raw: Sequence[RawRow], v: Vocabulary) -> Structure:
    """Each row's code, kind (data, label, "Trong đó:") and parent row: from the TT codes when the table
    has a TT column, else from the row labels (codeless_structure)."""
    columns, table_unit = _columns(chain, raw, v)
    markers: list[str] = []
    kinds: list[RowKind] = []
    metas: list[tuple[str, str, str]] = []
    for row in raw:
        tt, ind = _role_text(row.texts, columns, "tt"), _role_text(row.texts, columns, "indicator")
        has_values = any(row.texts[c.index] for c in columns if c.role == "value")
        bd = breakdown_of(ind, v)
        kind: RowKind = "of_which" if bd and not bd[1] and not has_values else "data" if has_values else "label"
        mark = tt
        if not mark:
            m = MARK_RE.match(ind)
            mark = m.group(1) if m else ""
        markers.append(mark)
        kinds.append(kind)
        metas.append((tt, ind, _role_text(row.texts, columns, "unit")))
    if not any(c.role == "tt" for c in columns):
        k = next((c.index for c in columns if c.role == "indicator"), None)
        return codeless_structure(columns, metas, kinds, v, table_unit, [_indent(row, k) for row in raw])
    parents, partial, depth = link_parents(markers, kinds)
    # rows that end with "…, trong đó:" announce a partial breakdown too
    for i, (_tt, ind, _unit) in enumerate(metas):
        if PARTIAL_TAIL_RE.search(ind):
            for j in range(i + 1, len(metas)):
                if parents[j] == i:
                    partial[j] = True
    return Structure(
        columns=columns, metas=metas, markers=markers, kinds=kinds, parents=parents, partial=partial, depth=depth,
        basis=price_bases(metas, parents, v), unit=table_unit,
    )  # fmt: skip


def codeless_structure(
    columns: tuple[Column, ...],
    metas: list[tuple[str, str, str]],
    kinds: list[RowKind],
    v: Vocabulary,
    unit: str,
    indents: Sequence[float] = (),
) -> Structure:
    """Rows of a table without a TT column (statistics offices, yearbooks), from their labels:
    group rows ('A. Theo giá so sánh 2010', or a row without values) hold the rows under them;
    'Chia ra:' ('Phân theo …') opens an exhaustive breakdown of the row above it, 'Trong đó:' a partial
    one (the rows after it, until the next group row); 'Trong đó: Công nghiệp' with figures is one partial
    part of the row above. When the labels are printed at several indents, a row's parent is the nearest
    row above printed further left (a 'Trong đó:' between them makes it a partial part).
    A group row's price basis is a dimension of every row under it."""
    n = len(metas)
    parents: list[int | None] = [None] * n
    partial = [False] * n
    markers = [""] * n
    out_kinds = list(kinds)
    groups: list[tuple[str, int]] = []  # (code family, row)
    scope: tuple[int, bool] | None = None  # (owner row, partial) of an open breakdown
    last: dict[str, str] = {}
    for i, (_tt, label, _unit) in enumerate(metas):
        code = group_code(label, v)
        bd = breakdown_of(label, v)
        if bd is None and (code is not None or kinds[i] == "label"):
            fam = marker_type(code, last) if code else "label"
            if code and fam in ("capital", "roman"):
                last[fam] = code
            fams = [f for f, _ in groups]
            if fam in fams:
                del groups[fams.index(fam) :]
            parents[i] = groups[-1][1] if groups else None
            markers[i] = code or ""
            groups.append((fam, i))
            scope = None
            continue
        owner = _owner_above(metas, kinds, i, v)
        if bd is not None and (not bd[1] or kinds[i] != "data"):  # 'Chia ra:', 'Phân theo …' without figures
            parents[i] = owner
            out_kinds[i] = "of_which" if kinds[i] != "data" else "data"
            scope = (owner, bd[0] == "partial") if owner is not None else None
            continue
        if bd is not None:  # 'Trong đó: Công nghiệp': one part of the row above
            parents[i] = owner
            partial[i] = bd[0] == "partial"
            continue
        if scope is not None:
            parents[i], partial[i] = scope
        else:
            parents[i] = groups[-1][1] if groups else None
    if indents and _indented(indents, metas, kinds, v):
        _parents_by_indent(indents, metas, kinds, v, parents, partial)
    basis = price_bases(metas, parents, v)
    return Structure(
        columns=columns, metas=metas, markers=markers, kinds=out_kinds, parents=parents, partial=partial,
        depth=depths(parents), basis=basis, unit=unit,
    )  # fmt: skip


def depths(parents: Sequence[int | None]) -> list[int]:
    """Each row's depth in the hierarchy (0 for a top row), parents being above their rows."""
    depth = [0] * len(parents)
    for i, p in enumerate(parents):
        depth[i] = depth[p] + 1 if p is not None else 0
    return depth


def price_bases(
    metas: Sequence[tuple[str, str, str]], parents: Sequence[int | None], v: Vocabulary
) -> list[str | None]:
    """Each row's price basis: named in its label ('Theo giá so sánh 2010'), else its parent's."""
    out: list[str | None] = []
    for i, (_tt, label, _unit) in enumerate(metas):
        p = parents[i]
        out.append(price_basis(label, v) or (out[p] if p is not None and p < i else None))
    return out


INDENT_STEP = 3.0  # points: a label printed this much further right is one level deeper


def _is_group(label: str, kind: RowKind, v: Vocabulary) -> bool:
    return breakdown_of(label, v) is None and (group_code(label, v) is not None or kind == "label")


def _indented(
    indents: Sequence[float], metas: Sequence[tuple[str, str, str]], kinds: Sequence[RowKind], v: Vocabulary
) -> bool:
    """The data rows' labels are printed at more than one indent."""
    found = sorted(
        {round(x) for x, m, k in zip(indents, metas, kinds, strict=True) if k == "data" and not _is_group(m[1], k, v)}
    )
    return len(found) >= 2 and found[-1] - found[0] >= INDENT_STEP


def _parents_by_indent(
    indents: Sequence[float],
    metas: Sequence[tuple[str, str, str]],
    kinds: Sequence[RowKind],
    v: Vocabulary,
    parents: list[int | None],
    partial: list[bool],
) -> None:
    """Each row's parent: the nearest row above printed further left (not a group row, not a
    'Chia ra:' / 'Trong đó:' line); partial when a 'Trong đó' line of that parent stands between."""
    for i, (_tt, label, _u) in enumerate(metas):
        if _is_group(label, kinds[i], v) or (breakdown_of(label, v) is not None and kinds[i] != "data"):
            continue
        for j in range(i - 1, -1, -1):
            if _is_group(metas[j][1], kinds[j], v):
                break
            if breakdown_of(metas[j][1], v) is not None and kinds[j] != "data":
                continue
            if indents[j] <= indents[i] - INDENT_STEP:
                parents[i] = j
                between = [
                    breakdown_of(metas[m][1], v) for m in range(j + 1, i) if parents[m] == j and kinds[m] != "data"
                ]
                inline = breakdown_of(label, v)
                partial[i] = any(b is not None and b[0] == "partial" for b in between) or (
                    inline is not None and inline[0] == "partial"
                )
                break


def _owner_above(metas: Sequence[tuple[str, str, str]], kinds: Sequence[RowKind], i: int, v: Vocabulary) -> int | None:
    """The row a breakdown opened at row i divides: the nearest row above with figures that is not a
    percentage ('Chỉ số phát triển (%)' between a total and its 'Phân theo …' is not what is divided)."""
    for j in range(i - 1, -1, -1):
        if kinds[j] != "data" and breakdown_of(metas[j][1], v) is None:
            return j  # a group row: the breakdown is of the group
        if kinds[j] == "data" and (header_unit(metas[j][1], v) or metas[j][2]).strip() != "%":
            return j
    return i - 1 if i > 0 else None


def _textual(text: str) -> tuple[str, ...]:
    """The flag of a value cell that holds no single number: a verdict ('Đạt'), a target ('< 7,6',
    '7,5-8,0'), or not a number."""
    if verdict_of(text):
        return ("verdict",)
    return ("target",) if is_target_text(text) else ("not_a_number",)


def _row_cells(order: int, row: RawRow, columns: Sequence[Column], bbox: BBox, unit: str) -> list[TableCell]:
    out = []
    for col in columns:
        text = row.texts[col.index]
        if col.role != "value" or not text:
            continue
        num = parse_number(text.rstrip("%").strip())
        if num.value is None and main_figure(text) != text.strip():  # '0,7% (còn 4,33%)'
            num = parse_number(main_figure(text).rstrip("%").strip())
            num = replace(num, flags=(*num.flags, "remark"))
        flags = num.flags if num.value is not None else _textual(text)
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
                unit=col.unit or unit,
            )
        )
    return out


def structure_to_rows_and_cells(
    raw: Sequence[RawRow], st: Structure, v: Vocabulary, table_unit: str = ""
) -> tuple[list[TableRow], list[TableCell]]:
    """Typed rows and value cells; a row's unit is its unit column's, else the one its label prints
    ('Tỷ lệ hộ nghèo (%)'), else the table's ('Đơn vị tính: …')."""
    rows: list[TableRow] = []
    cells: list[TableCell] = []
    for i, (row, (tt, ind, unit)) in enumerate(zip(raw, st.metas, strict=True)):
        order = i + 1
        boxes = [c.bbox for c in row.cells if c is not None]
        bbox = boxes[0]
        for b in boxes[1:]:
            bbox = bbox.union(b)
        parent = st.parents[i]
        if not unit and not any(c.role == "unit" for c in st.columns):
            unit = header_unit(ind, v) or (table_unit if st.kinds[i] == "data" else "")
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
                price_basis=st.basis[i],
            )
        )
        cells.extend(_row_cells(order, row, st.columns, bbox, unit))
    return rows, cells


def table_unit_above(doc: Document, first: TableRegion, prev_end: tuple[int, float] | None, v: Vocabulary) -> str:
    """The unit printed on a line above the table ('Đơn vị tính: Tỷ đồng', 'ĐVT: %'), or ''."""
    for p in reversed(paragraphs_above(doc, first, prev_end)[-3:]):
        found = unit_line(p.text, v)
        if found:
            return found
    return ""


def chain_to_table(
    doc: Document, chain: Sequence[TableRegion], n: int, prev_end: tuple[int, float] | None, v: Vocabulary
) -> tuple[Table | None, list[Note]]:
    """One table from a chain of regions, and the notes about it (no title, a cell not a number)."""
    raw = chain_to_raw_rows(chain)
    if not raw:
        return None, []
    st = raw_rows_to_structure(chain, raw, v)
    title, caption = caption_for(doc, chain[0], prev_end)
    unit = table_unit_above(doc, chain[0], prev_end, v) or st.unit
    rows, cells = structure_to_rows_and_cells(raw, st, v, unit)
    table_id = f"T{n}"
    index = (
        unit.strip() == "%"
        or is_index_text(title, v)
        or any(is_index_text(c.name, v) for c in st.columns if c.role != "indicator")
    )
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
        unit=unit,
        index=index,
        part=doc.part_of(chain[0].page),
    )
    return table, notes


def regions_to_tables(doc: Document, *, rules: Rules | None = None) -> Tables:
    """Every table of a document (rules: the table vocabulary's; default: default_rules())."""
    v = vocabulary(rules)
    tables: list[Table] = []
    notes: list[Note] = []
    prev_end: tuple[int, float] | None = None
    for chain in chain_regions(doc):
        t, t_notes = chain_to_table(doc, chain, len(tables) + 1, prev_end, v)
        notes.extend(t_notes)
        prev_end = (chain[-1].page, chain[-1].bbox.bottom)
        if t is not None:
            tables.append(t)
    return Tables(tables=tuple(tables), notes=tuple(notes))
