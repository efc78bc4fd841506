"""Tables printed as running text: a header line of column names, then one line (or a wrapped paragraph)
per row, the cells one after the other with nothing but spaces between them.

    Stt Chỉ tiêu chủ yếu TH năm 2018 KH năm 2019 Ước TH năm 2019 Ghi chú     <- header: 3 figure columns
    1 Tốc độ tăng GRDP (%) 6,61 7,5-8,0 7,18 Không đạt                       <- TT, label, 3 figures, note
    - Dịch vụ (%) 6,78 6,9 7,39%                                               <- no note
    7 Tỷ lệ trẻ em dưới 5 tuổi bị suy dinh dưỡng:                              <- a label row
    -Theo cân nặng (%)                                                         <- two rows whose cells were
    -Theo chiều cao (%)                                                           printed one under the other,
    7,6 10,4 < 7,6 <10,4 7,6 10,4 Đạt                                          <- flattened cell by cell

A header is a line naming the indicator column ('Chỉ tiêu') and at least two figure columns by the words
of schemas/rules/tables.yaml (levels, comparisons; a note column 'Ghi chú'). A row is read from its end:
exactly as many figures as the header has figure columns (a figure may be a bound '< 7,6', a range
'7,5-8,0', or carry a remark '0,7% (còn 4,33%)'), then an optional note; the rest is the TT code and the
label. A line that continues the row above (it starts further left, or in lower case) joins it. Rows
without figures are label rows. The table ends at the first line that is neither; it needs several rows
of figures. Its lines leave the running text, and it becomes a TableRegion like a ruled table's.

    groups_to_text_tables(groups) -> (groups without the tables' lines, [TableRegion])
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..records import BBox, Cell, Note, TableRegion
from ..tables.meaning import Vocabulary, vocabulary
from ..tables.targets import TargetWords, target_words, verdict_of
from ..vi.numbers import MINUS, NUMBER_TOKEN
from ..vi.textnorm import nfc
from .roles import Group
from .textline import Line

MIN_DATA_ROWS = 3  # rows of figures: "several"
MIN_FIGURE_COLUMNS = 2
MAX_LABEL_WORDS = 30  # a longer line without figures is prose: the table has ended
MAX_LABEL_RUN = 8  # so many label rows in a row end the table (they are prose, or a new part)
MAX_NAME_WORDS = 12  # a column name is a short phrase ('So sánh Ước TH năm 2019 với KH năm 2019 (%)')
NOTE_WORDS = 6  # a note cell: a few words, no figure

_NUM = rf"[{MINUS}+]?(?:{NUMBER_TOKEN})"
_TT_HEAD = re.compile(r"^(?:s\.?\s*tt|stt|tt|số\s*tt)\.?\s+")
_INDICATOR = re.compile(
    r"^(?:(?:s\.?\s*tt|stt|tt|số\s*tt)\.?\s+)?(?:chỉ\s*tiêu|nội\s*dung|danh\s*mục)(?:\s+chủ\s+yếu)?\b"
)
_NOT_A_NAME = re.compile(r"[,;:]|\d\s*%|\d,\d")
_FIGURE_END = re.compile(rf"(?<![\w/]){_NUM}%?$|[<>≤≥]$")  # a label ends in words, a unit or a year, not a figure
_OPENS = re.compile(
    r"^(?:[-+–•]|[a-zđ]\)|\(?[a-zđ]\)|(?:trong\s+đó|tr\.\s*đó|chia\s+ra|bao\s+gồm)(?!\w))", re.IGNORECASE
)
_SHORT = re.compile(rf"[^\W\d_]\S*(?:\s+[-+]?(?:{NUMBER_TOKEN})%?)+(?:\s+\D{{1,30}})?$")  # a label, then figures
_UNIT_HEAD = re.compile(r"^(?:đơn\s*vị(?:\s*tính)?|đvt)\b")
_TT = re.compile(r"^(?P<tt>[IVXLC]+|\d{1,2}(?:\.\d{1,2})*)\.?\s+(?=\S)")
_CONNECTORS = frozenset({"ước", "uớc", "tính", "so", "sánh", "với", "và"})  # the next word carries on the column name


@dataclass(frozen=True, kw_only=True)
class Header:
    """A header line read: its column names (TT, indicator, figures …, note)."""

    names: tuple[str, ...]
    figures: int  # figure columns
    note: bool  # a last column of notes


@dataclass(kw_only=True)
class TextRow:
    """A row being read: its lines, TT code, label, figures and note."""

    lines: list[Line]
    tt: str = ""
    label: str = ""
    figures: list[str]
    note: str = ""

    @property
    def page(self) -> int:
        """The page of its first line."""
        return self.lines[0].page


def _words(text: str) -> list[str]:
    return re.sub(r"\s+", " ", nfc(text)).strip().split(" ")


def _column_phrases(v: Vocabulary, w: TargetWords) -> tuple[tuple[tuple[str, ...], bool], ...]:
    """The phrases that open a column name, as words, each with whether it opens a comparison."""
    levels = [(p, False) for _, ps in v.levels for p in ps] + [(p, False) for p in w.note_columns]
    comparisons = [(p, True) for p in v.comparison_words]
    return tuple((tuple(p.split()), cmp) for p, cmp in [*levels, *comparisons])


def _opens(words: Sequence[str], k: int, phrases: Sequence[tuple[tuple[str, ...], bool]]) -> bool | None:
    """None when no column phrase starts at word k, else whether it opens a comparison."""
    low = [x.lower() for x in words[k : k + 4]]
    found = [cmp for p, cmp in phrases if tuple(low[: len(p)]) == p]
    return None if not found else any(found)


def read_header(text: str, v: Vocabulary | None = None, w: TargetWords | None = None) -> Header | None:
    """The column names of a header line, or None when the line is not one: the indicator column's name,
    then column names that each open with a phrase of tables.yaml (a comparison runs on to its unit)."""
    v, w = v or vocabulary(), w or target_words()
    words = _words(text)
    if not words[0][:1].isupper():
        return None  # a header line starts with a capital ('Stt', 'Chỉ tiêu'), not mid-sentence
    low = " ".join(words).lower()
    m = _INDICATOR.match(low)
    if not m:
        return None
    lead = len(low[: m.end()].split())
    tt = _TT_HEAD.match(low)
    phrases = _column_phrases(v, w)
    names: list[list[str]] = []
    comparison = False
    for k in range(lead, len(words)):
        opened = _opens(words, k, phrases)
        closed = not comparison or words[k - 1].endswith(")")
        if opened is not None and closed and words[k - 1].lower() not in _CONNECTORS:
            names.append([words[k]])
            comparison = opened
        elif not names:
            return None  # words after 'Chỉ tiêu' that name no column: a sentence
        else:
            names[-1].append(words[k])
    cols = [" ".join(n) for n in names]
    note = bool(cols) and " ".join(_words(cols[-1].lower())) in w.note_columns
    figures = len(cols) - note
    if any(_NOT_A_NAME.search(c) or len(c.split()) > MAX_NAME_WORDS for c in cols):
        return None  # figures or clause punctuation: a sentence, not column names
    if figures < MIN_FIGURE_COLUMNS or any(_UNIT_HEAD.match(c.lower()) for c in cols):
        return None  # a unit column is not read from running text
    split = len(tt.group(0).split()) if tt else 0
    return Header(
        names=(" ".join(words[:split]) or "TT", " ".join(words[split:lead]), *cols), figures=figures, note=note
    )


def _figure(w: TargetWords) -> str:
    """One printed figure of a row: a bound, a range, a number (with a remark), or an empty mark."""
    return (
        rf"(?:(?:{w.bound_alt})\s*{_NUM}%?|{_NUM}%?\s*[-–÷]\s*{_NUM}%?|{_NUM}%?(?:\s*\([^()]{{1,40}}\))?"
        rf"|[-x…](?=\s|$))"
    )


def _row_re(h: Header, w: TargetWords) -> re.Pattern[str]:
    fig = _figure(w)
    figures = "".join(rf"\s+(?P<f{j}>{fig})" for j in range(h.figures))
    note = r"(?:\s+(?P<note>[^\d()\s][^\d()]{0,79}?))?" if h.note else ""  # one run: no nested repetition
    return re.compile(rf"^(?P<label>.*?\S){figures}{note}\s*$", re.IGNORECASE)


def _figures_only(text: str, fig: re.Pattern[str], note: bool) -> tuple[list[str], str] | None:
    """The figures of a line that holds figures only (and perhaps a note), or None (`fig`: one figure)."""
    pos, t = 0, text.strip()
    out: list[str] = []
    while pos < len(t):
        m = fig.match(t, pos)
        if not m:
            rest = t[pos:].strip()
            return (out, rest) if note and any(re.search(r"\d", f) for f in out) and verdict_of(rest) else None
        out.append(m.group(0))
        pos = m.end()
        while pos < len(t) and t[pos] == " ":
            pos += 1
    return (out, "") if any(re.search(r"\d", f) for f in out) else None


def _ends_in_figure(label: str) -> bool:
    """A label that ends in a figure (not a year): the figures were counted from too far left."""
    return bool(_FIGURE_END.search(label)) and not re.search(r"(?<!\d)(?:19|20)\d{2}$", label)


def _header_tail(text: str, v: Vocabulary, w: TargetWords) -> bool:
    """A line that carries on a header line: years, period words and column-name words only."""
    known = {x for p, _ in _column_phrases(v, w) for x in p} | {"năm", "tháng", "quý", "(%)", "%", "với", "so"}
    words = _words(text.lower())
    if is_number_row_text(text):
        return False  # the column-number row under the header
    return bool(words) and all(re.fullmatch(r"(?:19|20)\d{2}|\d{1,2}|[ivx]+", x) or x in known for x in words)


def is_number_row_text(text: str) -> bool:
    """A line '1 2 3 4 5 6' (or '(1) (2) …'): the column numbers printed under a header."""
    nums = [x.strip("()") for x in text.split()]
    return len(nums) >= 3 and all(x.isdigit() for x in nums) and [int(x) for x in nums] == list(range(1, len(nums) + 1))


def _split_tt(label: str) -> tuple[str, str]:
    m = _TT.match(label)
    return (m.group("tt"), label[m.end() :]) if m else ("", label)


def opens_row(text: str) -> bool:
    """A line that begins a row of its own: a TT code, a list marker, 'a)', or 'Trong đó' / 'Chia ra'."""
    t = text.lstrip()
    return bool(_TT.match(t) or _OPENS.match(t))


def _continues(line: Line, left: float) -> bool:
    """A wrapped line of a row's label: not a row's start, and printed left of the table's left edge
    (a hanging indent) or starting in lower case."""
    if opens_row(line.text):
        return False
    first = line.text.lstrip()[:1]
    return line.x0 < left - 2.0 or (first.isalpha() and first.islower())


@dataclass(frozen=True, kw_only=True)
class Reader:
    """What reading a table's rows needs: its header, the row pattern, the target words."""

    header: Header
    row_re: re.Pattern[str]
    figure_re: re.Pattern[str]  # one figure (_figure), compiled once per table
    words: TargetWords
    left: float  # the header's left edge: a row's wrapped line may start left of it (a hanging indent)

    def read(self, row: TextRow, text: str) -> str:
        """Fill `row` from its text: 'data', 'label', 'figures' (no label) or 'end'."""
        h = self.header
        m = self.row_re.match(text)
        if m and re.search(r"[^\W\d_]", m.group("label")) and not _ends_in_figure(m.group("label")):
            row.tt, row.label = _split_tt(m.group("label").strip())
            row.figures = [m.group(f"f{j}") for j in range(h.figures)]
            row.note = (m.group("note") or "").strip() if h.note else ""
            if len(row.note.split()) > NOTE_WORDS:
                return "label" if len(text.split()) <= MAX_LABEL_WORDS else "end"
            return "data"
        only = _figures_only(text, self.figure_re, h.note)
        if only is not None:
            row.figures, row.note = only
            return "figures"
        if len(text.split()) <= MAX_LABEL_WORDS:
            row.tt, row.label = _split_tt(text.strip())
            return "short" if _SHORT.search(text) else "label"
        return "end"


def _stack(rows: list[TextRow], kinds: list[str], figures: TextRow, n: int) -> bool:
    """Give a line of figures to the label rows above it: its own row's figures when it holds one row's
    (a label whose figures wrapped), or, flattened cell by cell, the figures of the m rows above it."""
    count = len(figures.figures)
    if count % n or not rows or kinds[-1] not in ("label", "short"):
        return False
    m = count // n
    run = 0
    while run < len(kinds) and kinds[-1 - run] in ("label", "short"):
        run += 1
    if m > run:
        return False
    for i in range(m):
        target = rows[len(rows) - m + i]
        target.figures = [figures.figures[j * m + i] for j in range(n)]
        target.note = figures.note
        kinds[len(rows) - m + i] = "data"
    rows[-1].lines.extend(figures.lines)
    return True


def _completes(reader: Reader, row: TextRow, line: Line) -> bool:
    """A line that ends a row whose figures wrapped (the row alone is not a row of figures, with it it is),
    or the row's note alone on the next line."""
    probe = TextRow(lines=list(row.lines), figures=[])
    alone = reader.read(probe, " ".join(ln.text.strip() for ln in row.lines))
    if alone == "data":  # its note wrapped: 'Không' / 'đạt', or the note alone under the figures
        note = f"{probe.note} {line.text.strip()}".strip()
        return reader.header.note and verdict_of(note) is not None and not opens_row(line.text)
    if alone not in ("label", "short") or _figures_only(line.text, reader.figure_re, reader.header.note) is None:
        return False  # a new row (a code, a marker or a label first), not the row's figures carried over
    probe = TextRow(lines=[*row.lines, line], figures=[])
    return reader.read(probe, " ".join(ln.text.strip() for ln in probe.lines)) == "data"


def _label_goes_on(reader: Reader, row: TextRow, line: Line) -> bool:
    """A wrapped line of a row that has no figures yet."""
    if not _continues(line, reader.left):
        return False
    probe = TextRow(lines=list(row.lines), figures=[])
    return reader.read(probe, " ".join(ln.text.strip() for ln in row.lines)) != "data"


def read_rows(lines: Sequence[Line], reader: Reader) -> tuple[list[TextRow], list[str]]:
    """The rows under a header line, up to the first line that is not one; trailing label rows left out."""
    rows: list[TextRow] = []
    kinds: list[str] = []
    current: TextRow | None = None

    def close(row: TextRow) -> bool:
        kind = reader.read(row, " ".join(ln.text.strip() for ln in row.lines))
        if kind == "end":
            return False
        if kind == "figures":
            return _stack(rows, kinds, row, reader.header.figures)
        rows.append(row)
        kinds.append(kind)
        return sum(1 for k in kinds[-MAX_LABEL_RUN:] if k != "data") < MAX_LABEL_RUN

    for line in lines:
        if current is not None and (_label_goes_on(reader, current, line) or _completes(reader, current, line)):
            current.lines.append(line)
            continue
        if current is not None and not close(current):
            current = None
            break
        current = TextRow(lines=[line], figures=[])
    if current is not None:
        close(current)
    while kinds and kinds[-1] != "data":
        rows.pop()
        kinds.pop()
    return rows, kinds


def short_rows(rows: Sequence[TextRow], kinds: Sequence[str], n: int) -> list[Note]:
    """A note for each row that ends in fewer figures than the table has figure columns: which column
    each belongs to is not printed, so they stay in its label."""
    return [
        Note(
            code="text-table-row",
            message=f"a row of a table printed as text ends in fewer figures than its {n} columns; they stay in "
            f"its label: {' '.join(ln.text.strip() for ln in row.lines)[:80]!r}",
            page=row.page,
        )
        for row, kind in zip(rows, kinds, strict=True)
        if kind == "short"
    ]


def _box(lines: Sequence[Line], text: str, start: int, end: int) -> BBox:
    """Where text[start:end] of the lines joined by spaces is printed (x in proportion to the characters)."""
    pos = 0
    boxes: list[BBox] = []
    for ln in lines:
        t = ln.text.strip()
        lo, hi = max(start, pos), min(end, pos + len(t))
        if lo < hi and t:
            w = (ln.x1 - ln.x0) / len(t)
            boxes.append(BBox(x0=ln.x0 + (lo - pos) * w, top=ln.top, x1=ln.x0 + (hi - pos) * w, bottom=ln.bottom))
        pos += len(t) + 1
    if not boxes:
        b0 = lines[0].bbox
        return BBox(x0=b0.x0, top=b0.top, x1=b0.x1, bottom=b0.bottom)
    box = boxes[0]
    for other in boxes[1:]:
        box = box.union(other)
    return box


def _row_cells(r: int, row: TextRow, n_cols: int, note: bool) -> list[Cell]:
    text = " ".join(ln.text.strip() for ln in row.lines)
    texts = [row.tt, row.label, *(row.figures or [""] * (n_cols - 2 - note)), *([row.note] if note else [])]
    cells, pos = [], 0
    for k, t in enumerate(texts):
        if not t:
            continue
        start = text.find(t, pos)
        if start < 0:  # a figure given by the line of figures under it
            bbox = _box(row.lines, text, 0, len(text))
        else:
            bbox = _box(row.lines, text, start, start + len(t))
            pos = start + len(t)
        cells.append(Cell(row=r, col=k, text=t, bbox=bbox))
    return cells


def _regions(head: Sequence[Line], h: Header, rows: Sequence[TextRow]) -> list[TableRegion]:
    """One region per page the table's rows are printed on, each with the header row (as a table
    whose header repeats on every page) and the same column edges, so the table stage chains them."""
    n_cols = len(h.names)
    out: list[TableRegion] = []
    pages = sorted({row.page for row in rows})
    text = " ".join(ln.text.strip() for ln in head)
    x0, x1 = min(ln.x0 for ln in head), max(ln.x1 for ln in head)
    edges = tuple(x0 + (x1 - x0) * k / n_cols for k in range(n_cols + 1))
    for page in pages:
        cells: list[Cell] = []
        boxes: list[BBox] = [ln.bbox for ln in head if ln.page == page]
        first = next(row for row in rows if row.page == page).lines[0]
        where = head if boxes else [first]
        cells += [
            Cell(row=0, col=k, text=name, bbox=_box(where, text if boxes else first.text.strip(), 0, len(text)))
            for k, name in enumerate(h.names)
        ]
        for row in (row for row in rows if row.page == page):
            r = 1 + max((c.row for c in cells), default=-1)
            cells += _row_cells(r, row, n_cols, h.note)
            boxes += [ln.bbox for ln in row.lines if ln.page == page]
        bbox = boxes[0]
        for b in boxes[1:]:
            bbox = bbox.union(b)
        out.append(
            TableRegion(
                region_id=0,
                page=page,
                bbox=bbox,
                n_rows=1 + max(c.row for c in cells),
                n_cols=n_cols,
                cells=tuple(cells),
                col_edges=edges,
            )
        )
    return out


def groups_to_text_tables(groups: Sequence[Group]) -> tuple[list[Group], list[TableRegion], list[Note]]:
    """The tables printed as running text, the groups without their lines, and notes on rows whose
    figures could not be placed."""
    v, w = vocabulary(), target_words()
    flat = [ln for lines, _k, _b in groups for ln in lines]
    used: set[int] = set()
    regions: list[TableRegion] = []
    notes: list[Note] = []
    i = 0
    while i < len(flat):
        h = read_header(flat[i].text, v, w)
        head = flat[i : i + 1]
        if h is not None and i + 1 < len(flat) and _header_tail(flat[i + 1].text, v, w):
            longer = read_header(f"{flat[i].text} {flat[i + 1].text}", v, w)
            h, head = (longer, flat[i : i + 2]) if longer is not None else (h, head)
        if h is None:
            i += 1
            continue
        numbers = flat[i + len(head) : i + len(head) + 1]
        numbers = numbers if numbers and is_number_row_text(numbers[0].text) else []
        reader = Reader(
            header=h, row_re=_row_re(h, w), figure_re=re.compile(_figure(w), re.IGNORECASE), words=w,
            left=min(ln.x0 for ln in head),
        )  # fmt: skip
        rows, kinds = read_rows(flat[i + len(head) + len(numbers) :], reader)
        if kinds.count("data") < MIN_DATA_ROWS:
            i += 1
            continue
        regions += _regions(head, h, rows)
        notes += short_rows(rows, kinds, h.figures)
        taken = [*head, *numbers, *(ln for row in rows for ln in row.lines)]
        used |= {id(ln) for ln in taken}
        i += len(taken)
    if not regions:
        return list(groups), [], []
    out: list[Group] = []
    for lines, kind, block in groups:
        run: list[Line] = []
        for ln in lines:
            if id(ln) in used:
                if run:
                    out.append((run, kind, block))
                run = []
            else:
                run.append(ln)
        if run:
            out.append((run, kind, block))
    return out, regions, notes


__all__ = [
    "Header", "Reader", "TextRow", "groups_to_text_tables", "is_number_row_text", "opens_row", "read_header",
    "read_rows", "short_rows",
]  # fmt: skip
