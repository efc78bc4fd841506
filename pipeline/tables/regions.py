"""Table stage: ruled table regions (from the parse stage) become tidy, typed tables.

regions_to_tables: region_header (merged header cells, column-number row)
                   -> chain_regions (a table continued over pages, header repeated or not)
                   -> region_rows (TT code, indicator, unit; wrapped text stays one row)
                   -> link_parents (A › I › 1 › - › + › attribute rows; "Trong đó:")
                   -> caption (title and "(Kèm theo Báo cáo số … ngày …)")
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..records import BBox, Cell, Document, Note, Paragraph, TableRegion
from ..vi.numbers import is_number_text, parse_number

# --------------------------------------------------------------------------------------
# records


@dataclass(frozen=True, slots=True)
class Column:
    index: int
    name: str  # flattened header: "So sánh Ước TH 6 tháng 2024 với (%) | Thực hiện 6 tháng 2023"
    role: str  # tt | indicator | unit | value
    number: str | None = None  # as printed in the column-number row


@dataclass(frozen=True, slots=True)
class TableCell:
    row_order: int
    col: int
    column: str
    raw: str
    value: float | None
    decimals: int
    flags: tuple[str, ...]
    page: int
    bbox: BBox


@dataclass(frozen=True, slots=True)
class TableRow:
    row_order: int
    tt: str
    indicator: str
    unit: str
    parent_row: int | None
    page: int
    marker: str  # the code the hierarchy reads: A, I, 1, -, +, or "" for attribute rows
    kind: str  # data | label (no values) | of_which ("Trong đó:")
    partial: bool  # one of an "of which" (Trong đó) list: need not add up to its parent
    depth: int
    bbox: BBox


@dataclass(frozen=True)
class Table:
    table_id: str
    title: str
    caption: str
    reference_number: str | None
    reference_date: str | None
    pages: tuple[int, ...]
    columns: tuple[Column, ...]
    rows: tuple[TableRow, ...]
    cells: tuple[TableCell, ...]
    region_ids: tuple[int, ...] = ()

    def row(self, order: int) -> TableRow:
        return self.rows[order - 1]

    def value_columns(self) -> list[Column]:
        return [c for c in self.columns if c.role == "value"]


@dataclass(frozen=True)
class Tables:
    tables: tuple[Table, ...]
    notes: tuple[Note, ...] = field(default=())


# --------------------------------------------------------------------------------------
# header

_TT_RE = re.compile(r"^(?:S\.?\s*TT|STT|TT|Số\s*TT|Stt)\.?$", re.IGNORECASE)
_INDICATOR_RE = re.compile(
    r"chỉ\s*tiêu|chi\s*tiêu|nội\s*dung|danh\s*mục|tên|hạng\s*mục|ngành|lĩnh\s*vực", re.IGNORECASE
)
_UNIT_RE = re.compile(r"^(?:đơn\s*vị(?:\s*tính)?|đvt|đv)\.?$", re.IGNORECASE)


def _grid(region: TableRegion) -> list[list[Cell | None]]:
    grid: list[list[Cell | None]] = [[None] * region.n_cols for _ in range(region.n_rows)]
    for c in region.cells:
        if 0 <= c.row < region.n_rows and 0 <= c.col < region.n_cols:
            grid[c.row][c.col] = c
    return grid


def _owner(region: TableRegion) -> list[list[Cell | None]]:
    """Each grid position -> the (possibly merged) cell that covers it."""
    own: list[list[Cell | None]] = [[None] * region.n_cols for _ in range(region.n_rows)]
    for c in region.cells:
        for r in range(c.row, min(region.n_rows, c.row + c.row_span)):
            for k in range(c.col, min(region.n_cols, c.col + c.col_span)):
                own[r][k] = c
    return own


def _text(cell: Cell | None) -> str:
    return cell.text if cell is not None else ""


def is_number_row(texts: Sequence[str]) -> bool:
    """The column-number row under a header: 1 2 3 … (a blank or two allowed)."""
    filled = [(k, t.strip()) for k, t in enumerate(texts) if t.strip()]
    if len(filled) < max(2, len(texts) // 2):
        return False
    if not all(re.fullmatch(r"\(?\d{1,2}\)?", t) for _, t in filled):
        return False
    nums = [int(t.strip("()")) for _, t in filled]
    return nums == sorted(nums) and len(set(nums)) == len(nums) and nums[0] <= 2


def region_header(region: TableRegion) -> tuple[int, list[str], list[str | None]]:
    """(rows used by the header and column-number row, flattened column names, column numbers).

    The header spans as many rows as the tallest merged cell of the first row; a merged
    header cell names every column it covers; parts are joined with ' | '."""
    own = _owner(region)
    texts = [[_text(own[r][k]) for k in range(region.n_cols)] for r in range(region.n_rows)]
    if not region.cells:
        return 0, [], []
    first = [c for c in region.cells if c.row == 0]
    height = max((c.row_span for c in first), default=1)
    if is_number_row(texts[0]):
        return (
            1,
            [f"Cột {t.strip()}" if t.strip() else f"Cột {k + 1}" for k, t in enumerate(texts[0])],
            [t.strip() or None for t in texts[0]],
        )
    looks_data = any(is_number_text(t) for t in texts[0][2:]) and not is_number_row(texts[0])
    if looks_data:
        return 0, [], []
    names: list[str] = []
    for k in range(region.n_cols):
        parts: list[str] = []
        for r in range(height):
            c = own[r][k]
            t = re.sub(r"\s+", " ", c.text).strip() if c else ""
            if t and (not parts or parts[-1] != t):
                parts.append(t)
        names.append(" | ".join(parts))
    used = height
    numbers: list[str | None] = [None] * region.n_cols
    if used < region.n_rows and is_number_row(texts[used]):
        numbers = [t.strip() or None for t in texts[used]]
        used += 1
    return used, names, numbers


def column_roles(names: Sequence[str], sample_rows: Sequence[Sequence[str]]) -> list[str]:
    roles = ["value"] * len(names)
    for k, n in enumerate(names):
        head = n.split(" | ")[0].strip()
        if _TT_RE.match(head):
            roles[k] = "tt"
        elif _UNIT_RE.match(head):
            roles[k] = "unit"
        elif _INDICATOR_RE.search(head) and "indicator" not in roles:
            roles[k] = "indicator"
    if "indicator" not in roles:  # no header words: the column with the most letters
        letters = [sum(sum(ch.isalpha() for ch in row[k]) for row in sample_rows) for k in range(len(names))]
        cands = [k for k in range(len(names)) if roles[k] == "value"]
        if cands:
            roles[max(cands, key=lambda k: letters[k])] = "indicator"
    return roles


# --------------------------------------------------------------------------------------
# chaining regions into tables


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

_OF_WHICH_RE = re.compile(r"^(?:trong\s+đó|chia\s+ra|bao\s+gồm|gồm|cụ\s+thể)\s*:?\s*$", re.IGNORECASE)
_PARTIAL_TAIL_RE = re.compile(r"\btrong\s+đó\s*:?\s*$", re.IGNORECASE)
_MARK_RE = re.compile(r"^([-+•–*])\s*")
_ROMAN_RE = re.compile(r"^[IVXLC]+$")


_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}


def roman_value(code: str) -> int | None:
    c = code.strip().rstrip(".)").upper()
    if not c or any(ch not in _ROMAN_VALUES for ch in c):
        return None
    total = 0
    for a, b in itertools.zip_longest(c, c[1:]):
        va, vb = _ROMAN_VALUES[a], _ROMAN_VALUES.get(b or "", 0)
        total += -va if va < vb else va
    return total


def marker_type(code: str, last: dict[str, str] | None = None) -> str:
    """The rank family of a TT code: capital letter, roman, arabic, dash, plus, bullet.

    A single letter that is also a roman numeral (C, D, I, V, X …) is read from context: it
    follows the capital letter before it (B → C) or the roman number before it (IV → V)."""
    c = code.strip().rstrip(".)")
    if not c:
        return ""
    last = last or {}
    if len(c) == 1 and c in "IVXLCDM":
        prev_cap = last.get("capital")
        prev_rom = roman_value(last.get("roman", "")) if last.get("roman") else None
        if prev_cap and ord(c) == ord(prev_cap) + 1:
            return "capital"
        if prev_rom is not None and roman_value(c) == prev_rom + 1:
            return "roman"
        return "roman" if c in "IVX" else "capital"
    if _ROMAN_RE.match(c):
        return "roman"
    if re.fullmatch(r"[A-ZĐ]", c):
        return "capital"
    if re.fullmatch(r"\d+(?:\.\d+)*", c):
        return "arabic" + str(c.count("."))
    if re.fullmatch(r"[a-zđ]", c):
        return "letter"
    if c in "-–":
        return "dash"
    if c == "+":
        return "plus"
    if c in "•*":
        return "bullet"
    return "other"


def link_parents(markers: Sequence[str], kinds: Sequence[str]) -> tuple[list[int | None], list[bool], list[int]]:
    """Parents (0-based row index), partial flags and depths from the rows' markers.

    A stack of open rows: a row whose marker family is already open closes that level and
    becomes its sibling; a new family opens a deeper level. Rows without a marker (attribute
    rows such as "Diện tích", "Sản lượng") are leaves of the row above, unless nothing is open.
    "Trong đó:" rows are labels: the rows after them are partial components of the row above.
    """
    parents: list[int | None] = []
    partial: list[bool] = []
    depth: list[int] = []
    stack: list[tuple[str, int]] = []  # (family, row index)
    partial_parent: set[int] = set()
    last: dict[str, str] = {}
    for i, (m, kind) in enumerate(zip(markers, kinds, strict=True)):
        fam = marker_type(m, last)
        if fam in ("capital", "roman"):
            last[fam] = m.strip().rstrip(".)")
        if kind == "of_which":
            top = stack[-1][1] if stack else None
            parents.append(top)
            partial.append(False)
            depth.append(len(stack))
            if top is not None:
                partial_parent.add(top)
            continue
        if not fam:
            top = stack[-1][1] if stack else None
            parents.append(top)
            partial.append(top in partial_parent)
            depth.append(len(stack))
            if top is None:
                stack.append(("", i))
            continue
        fams = [f for f, _ in stack]
        if fam in fams:
            k = len(fams) - 1 - fams[::-1].index(fam)
            del stack[k:]
        top = stack[-1][1] if stack else None
        parents.append(top)
        partial.append(top in partial_parent)
        depth.append(len(stack))
        stack.append((fam, i))
    return parents, partial, depth


# --------------------------------------------------------------------------------------
# caption

_REF_RE = re.compile(
    r"Kèm\s+theo\s+(?:Báo\s+cáo|Tờ\s+trình|Nghị\s+quyết|Quyết\s+định|Kế\s+hoạch|Công\s+văn)?\s*(?:số\s*)?"
    r"(?P<num>\d*\s*/\s*[A-ZĐ][A-ZĐ0-9\-–]*)?.*?ngày\s+(?P<d>\d{1,2})\s*/\s*(?P<m>\d{1,2})\s*/\s*(?P<y>\d{4})",
    re.IGNORECASE,
)


def caption_for(doc: Document, first: TableRegion, prev_end: tuple[int, float] | None) -> tuple[str, str]:
    """Title and caption lines printed above a table (after the previous table, same page)."""
    above = []
    for p in doc.paragraphs:
        s = p.spans[-1]
        if s.page != first.page or s.bbox.bottom > first.bbox.top + 1:
            continue
        if prev_end and prev_end[0] == first.page and p.spans[0].bbox.top < prev_end[1]:
            continue
        above.append(p)
    above = above[-3:]
    caption = next((p.text for p in reversed(above) if re.match(r"^\(?\s*Kèm\s+theo", p.text, re.IGNORECASE)), "")
    titles = [p.text for p in above if p.text != caption and (p.bold or p.centered or p.text.isupper())]
    return (" ".join(titles[-2:]).strip(), caption)


def _reference(caption: str) -> tuple[str | None, str | None]:
    m = _REF_RE.search(caption)
    if not m:
        return None, None
    num = re.sub(r"\s+", "", m.group("num")) if m.group("num") else None
    date = f"{int(m.group('y')):04d}-{int(m.group('m')):02d}-{int(m.group('d')):02d}"
    return num, date


# --------------------------------------------------------------------------------------
# the stage


def regions_to_tables(doc: Document) -> Tables:
    tables: list[Table] = []
    notes: list[Note] = []
    prev_end: tuple[int, float] | None = None
    for chain in chain_regions(doc):
        t = _chain_to_table(doc, chain, len(tables) + 1, prev_end, notes)
        prev_end = (chain[-1].page, chain[-1].bbox.bottom)
        if t is not None:
            tables.append(t)
    return Tables(tuple(tables), tuple(notes))


def _chain_to_table(
    doc: Document, chain: list[TableRegion], n: int, prev_end: tuple[int, float] | None, notes: list[Note]
) -> Table | None:
    used0, names, numbers = region_header(chain[0])
    raw_rows: list[tuple[list[str], list[Cell | None], int]] = []
    for region in chain:
        used, head, _ = region_header(region)
        start = used if (region is chain[0] or head == names) else 0
        own = _grid(region)
        owner = _owner(region)
        for r in range(start, region.n_rows):
            cells = [own[r][k] for k in range(region.n_cols)]
            texts = [re.sub(r"\s+", " ", c.text).strip() if c else "" for c in cells]
            # a merged data cell (TT spanning rows) belongs to its first row only
            if not any(texts) and not any(owner[r][k] and owner[r][k] is not own[r][k] for k in range(region.n_cols)):
                continue
            if is_number_row(texts):
                continue
            raw_rows.append((texts, cells, region.page))
    if not raw_rows:
        return None
    ncols = chain[0].n_cols
    if not names:
        names = [f"Cột {k + 1}" for k in range(ncols)]
        numbers = [None] * ncols
    roles = column_roles(names, [r[0] for r in raw_rows[:20]])
    columns = tuple(Column(k, names[k], roles[k], numbers[k] if k < len(numbers) else None) for k in range(ncols))
    k_tt = roles.index("tt") if "tt" in roles else None
    k_ind = roles.index("indicator") if "indicator" in roles else None
    k_unit = roles.index("unit") if "unit" in roles else None

    markers: list[str] = []
    kinds: list[str] = []
    metas: list[tuple[str, str, str]] = []
    for texts, _cells, _page in raw_rows:
        tt = texts[k_tt] if k_tt is not None else ""
        ind = texts[k_ind] if k_ind is not None else ""
        unit = texts[k_unit] if k_unit is not None else ""
        has_values = any(texts[k] for k, role in enumerate(roles) if role == "value")
        kind = "of_which" if _OF_WHICH_RE.match(ind) and not has_values else "data" if has_values else "label"
        mark = tt
        if not mark:
            m = _MARK_RE.match(ind)
            mark = m.group(1) if m else ""
        markers.append(mark)
        kinds.append(kind)
        metas.append((tt, ind, unit))
    parents, partial, depth = link_parents(markers, kinds)
    # rows that end with "…, trong đó:" announce a partial breakdown too
    for i, (_tt, ind, _unit) in enumerate(metas):
        if _PARTIAL_TAIL_RE.search(ind):
            for j in range(i + 1, len(metas)):
                if parents[j] == i:
                    partial[j] = True

    table_id = f"T{n}"
    rows: list[TableRow] = []
    cells_out: list[TableCell] = []
    for i, ((texts, cells, page), (tt, ind, unit)) in enumerate(zip(raw_rows, metas, strict=True)):
        order = i + 1
        boxes = [c.bbox for c in cells if c is not None]
        bbox = boxes[0]
        for b in boxes[1:]:
            bbox = bbox.union(b)
        parent = parents[i]
        rows.append(
            TableRow(
                order,
                tt,
                ind,
                unit,
                parent + 1 if parent is not None else None,
                page,
                markers[i],
                kinds[i],
                partial[i],
                depth[i],
                bbox,
            )
        )
        for k, role in enumerate(roles):
            if role != "value" or not texts[k]:
                continue
            num = parse_number(texts[k].rstrip("%").strip())
            flags = num.flags
            if num.value is None:
                flags = ("not_a_number",)
            cell = cells[k]
            cells_out.append(
                TableCell(
                    order, k, names[k], texts[k], num.value, num.decimals, flags, page, cell.bbox if cell else bbox
                )
            )
    title, caption = caption_for(doc, chain[0], prev_end)
    ref_num, ref_date = _reference(caption)
    if not title:
        notes.append(Note(code="table-title", message=f"table {table_id} has no title above it", page=chain[0].page))
    for c in cells_out:
        if "not_a_number" in c.flags:
            notes.append(
                Note(
                    code="table-cell",
                    message=f"{table_id} row {c.row_order} '{c.column}': {c.raw!r} is not a number",
                    page=c.page,
                )
            )
    pages = tuple(sorted({r.page for r in chain}))
    _ = used0
    return Table(
        table_id, title, caption, ref_num, ref_date, pages, columns, tuple(rows), tuple(cells_out),
        tuple(r.region_id for r in chain),
    )  # fmt: skip
