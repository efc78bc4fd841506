"""The parse stage over the layouts provincial templates use, one generated report per combination.

Factors: body font and size, footnote separator, footnote block size, running header, page numbers,
appendix table orientation and rules, header block. The combinations form a covering design (every
pair of factor values at least once, every triple of the footnote factors and the page numbers at least
once: the footnote area sits between the body and bottom page numbers), built here, not the full product.
Each report is checked against the data it was printed from: every footnote recovered and linked,
every paragraph once, every table cell right.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from pdfgen import Layout, ReportPdf, official_header, one_column_header, parse_markup, plain_text

from pipeline.parse import pdf_to_document
from pipeline.tables import regions_to_tables

FACTORS: dict[str, tuple[str, ...]] = {
    "family": ("dejavu-serif", "dejavu-sans", "liberation-serif", "liberation-sans"),
    "size": ("12", "13", "14"),
    "fn_rule": ("short", "full", "none"),
    "fn_block": ("line", "third", "continued"),
    "running": ("none", "plain", "ruled"),
    "numbers": ("top", "bottom", "trang"),
    "orientation": ("portrait", "landscape"),
    "table_rules": ("grid", "horizontal", "none"),
    "header": ("two", "one"),
}
STRONG = ("fn_rule", "fn_block", "numbers")  # every triple of these


def _tuples(names: Sequence[str], strength: int) -> set[tuple[tuple[str, str], ...]]:
    out: set[tuple[tuple[str, str], ...]] = set()
    for group in itertools.combinations(names, strength):
        for values in itertools.product(*(FACTORS[n] for n in group)):
            out.add(tuple(zip(group, values, strict=True)))
    return out


def _gain(row: dict[str, str], rows: Sequence[dict[str, str]], need: set[tuple[tuple[str, str], ...]], n: str, v: str):
    """What setting factor n to v in the row adds: tuples newly covered, then (ties) the value used least."""
    trial = {**row, n: v}
    new = sum(1 for t in need if all(trial.get(k) == val for k, val in t))
    return new, -sum(1 for r in rows if r[n] == v)


def covering_design() -> list[dict[str, str]]:
    """Rows covering every pair of factor values and every triple of STRONG, chosen greedily (deterministic)."""
    names = list(FACTORS)
    need = _tuples(names, 2) | _tuples(STRONG, 3)
    rows: list[dict[str, str]] = []
    while need:
        row = dict(min(need))
        for n in names:
            if n not in row:
                row[n] = max(FACTORS[n], key=lambda v, n=n, row=row: _gain(row, rows, need, n, v))
        rows.append(row)
        need = {t for t in need if not all(row[k] == v for k, v in t)}
    return rows


DESIGN = covering_design()


def _case_id(row: dict[str, str]) -> str:
    return "-".join(row[n] for n in FACTORS)


# ---------------------------------------------------------------------------------------------- the report


SENTENCES = (
    "Tổng sản phẩm trên địa bàn tỉnh ước đạt {a}.{b:03d},29 tỷ đồng, tăng {c},75% so với cùng kỳ năm trước; "
    "khu vực nông, lâm nghiệp và thủy sản tăng {d},12%, khu vực công nghiệp và xây dựng tăng {e},40%.",
    "Diện tích gieo trồng cây hằng năm ước đạt {a}.{b:03d} ha, bằng {c}{d},5% so với cùng kỳ; sản lượng lương "
    "thực có hạt ước đạt {e}{a}.{b:03d} tấn, đạt {c}{e},03% kế hoạch năm.",
    "Tổng đàn gia súc ước đạt {a}{b:03d}.{c}{d}3 con, tăng {e},49% so với cùng kỳ năm trước; công tác tiêm "
    "phòng được triển khai đúng kế hoạch tại {c}{d} xã, phường, thị trấn.",
    "Thu ngân sách nhà nước trên địa bàn ước đạt {a}.{b:03d},5 tỷ đồng, bằng {c}{d},1% dự toán; chi ngân sách "
    "địa phương ước đạt {e}.{b:03d},7 tỷ đồng, bằng {d}{c},9% dự toán năm.",
    "Giải quyết việc làm cho {a}.{b:03d} lao động, đạt {c}{d},2% kế hoạch; đào tạo nghề cho {e}.{a}{d}0 "
    "người, trong đó đào tạo nghề nông nghiệp {c}.{e}{a}0 người.",
)


PLACES = (
    "Thành phố", "Huyện Mường Tè", "Huyện Sìn Hồ", "Huyện Phong Thổ", "Huyện Tam Đường", "Huyện Tân Uyên",
    "Huyện Than Uyên", "Huyện Nậm Nhùn", "Khu vực biên giới", "Các xã vùng cao", "Vùng lòng hồ", "Khu kinh tế",
    "Các cụm công nghiệp", "Khu vực nông thôn", "Các phường nội thị", "Toàn tỉnh",
)  # fmt: skip


def sentence(k: int) -> str:
    """A body paragraph of its own: its words differ from the others', not only its figures (running headers
    are text repeated at one height, digits aside)."""
    text = SENTENCES[k % len(SENTENCES)].format(a=k % 9 + 1, b=37 * k % 1000, c=k % 7 + 1, d=k % 5 + 2, e=k % 4 + 3)
    return f"{PLACES[k % len(PLACES)]}: {text[0].lower()}{text[1:]}"


def short_note(n: int) -> str:
    """A one-line footnote."""
    return f"Số liệu sơ bộ của Cục Thống kê tỉnh, kỳ báo cáo thứ {n}."


def long_note(n: int, lines: int, b: ReportPdf) -> str:
    """A footnote that prints on `lines` lines at least, wrapped as the writer wraps it."""
    parts: list[str] = []
    width = b.right - b.lay.left
    while len(b._wrap(parse_markup(" ".join(parts)), width, b.lay.fn_indent, b.lay.fn_size)) < lines:
        k = len(parts) + 1
        parts.append(
            f"Huyện thứ {k} của chú thích {n} đạt {k * 3},{k % 10}% kế hoạch, tăng {k % 9},{k % 7}% so với cùng kỳ."
        )
    return " ".join(parts)


@dataclass
class Expected:
    """What the report printed: paragraphs in order, footnotes by number and the paragraph holding each marker,
    the table's grid, the texts of the page furniture."""

    paragraphs: list[str] = field(default_factory=list)
    footnotes: dict[int, str] = field(default_factory=dict)
    anchors: dict[int, str] = field(default_factory=dict)  # footnote -> paragraph text
    grid: list[list[str]] = field(default_factory=list)
    furniture: list[str] = field(default_factory=list)
    note_pages: dict[int, list[int]] = field(default_factory=dict)


class Writer:
    """A ReportPdf that records what it prints."""

    def __init__(self, layout: Layout) -> None:
        self.b = ReportPdf(layout)
        self.lay = layout
        self.exp = Expected()
        self.next_note = 1

    def para(self, text: str, notes: Sequence[str] = (), **kw: object) -> None:
        markup = text
        fns: dict[int, str] = {}
        for note in notes:  # markers after the first figures' words, as reports place them
            n = self.next_note
            self.next_note += 1
            cut = markup.index(",") if "," in markup else len(markup) - 1
            cut = markup.index(" ", cut) if " " in markup[cut:] else cut
            markup = markup[:cut] + f"[^{n}]" + markup[cut:]
            fns[n] = note
            self.exp.footnotes[n] = note
        self.b.paragraph(markup, footnotes=fns, **kw)  # type: ignore[arg-type]
        self.exp.paragraphs.append(plain_text(markup))
        for n in fns:
            self.exp.anchors[n] = plain_text(markup)

    def center(self, text: str, **kw: object) -> None:
        self.b.center(text, **kw)  # type: ignore[arg-type]
        self.exp.paragraphs.append(plain_text(text))


TABLE_HEAD = {
    "portrait": ["TT", "Chỉ tiêu", "Đơn vị", "Kế hoạch năm 2024", "Ước thực hiện 6 tháng", "So với kế hoạch (%)"],
    "landscape": [
        "TT", "Chỉ tiêu", "Đơn vị", "Thực hiện 6 tháng 2023", "Kế hoạch năm 2024", "Ước thực hiện 6 tháng 2024",
        "So với cùng kỳ (%)", "So với kế hoạch (%)",
    ],
}  # fmt: skip
TABLE_WIDTHS = {"portrait": [28, 160, 56, 76, 76, 76], "landscape": [28, 220, 56, 80, 80, 80, 72, 72]}
ROWS = (
    ("I", "Kinh tế", ""),
    ("1", "Tổng sản phẩm trên địa bàn (GRDP) theo giá so sánh năm 2010", "Tỷ đồng"),
    ("2", "Tốc độ tăng trưởng GRDP", "%"),
    ("3", "Thu ngân sách nhà nước trên địa bàn", "Tỷ đồng"),
    ("-", "Trong đó: thu nội địa", "Tỷ đồng"),
    ("4", "Sản lượng lương thực có hạt", "Nghìn tấn"),
    ("5", "Tổng đàn gia súc", "Nghìn con"),
    ("II", "Xã hội", ""),
    ("6", "Số lao động được giải quyết việc làm", "Người"),
    ("7", "Tỷ lệ hộ nghèo", "%"),
)


def table_rows(ncols: int) -> list[list[str]]:
    """The appendix table's data rows: label rows without figures, the others with Vietnamese numbers."""
    out = []
    for k, (tt, name, unit) in enumerate(ROWS):
        if not unit:
            out.append([tt, name, unit] + [""] * (ncols - 3))
            continue
        vals = [
            f"{(k + 3) * (j + 7) * 113 % 20000:,}".replace(",", ".") + f",{(k * 7 + j) % 100:02d}"
            for j in range(ncols - 3)
        ]
        out.append([tt, name, unit, *vals])
    return out


def build(row: dict[str, str], path: Path) -> Expected:
    """The report of one combination, and what it printed."""
    size = float(row["size"])
    lay = Layout(
        family=row["family"], size=size, pitch=round(size * 1.15, 1), fn_size=size - 2,
        fn_pitch=round((size - 2) * 1.15, 1), fn_rule=row["fn_rule"],
        running_header=None if row["running"] == "none" else "Báo cáo tình hình kinh tế - xã hội 6 tháng đầu năm 2024",
        header_rule=row["running"] == "ruled", page_numbers=row["numbers"],
    )  # fmt: skip
    w = Writer(lay)
    header = official_header if row["header"] == "two" else one_column_header
    header(w.b, "ỦY BAN NHÂN DÂN TỈNH LAI CHÂU", "142/BC-UBND", "Lai Châu", (28, 6, 2024))
    w.exp.paragraphs += ["BÁO CÁO", "Tình hình kinh tế - xã hội 6 tháng đầu năm 2024"]
    w.center("I. TÌNH HÌNH KINH TẾ", size=size)
    k = 0
    for _ in range(3):
        w.para(sentence(k), [short_note(w.next_note)])
        k += 1
    if row["fn_block"] == "third":  # a note filling more than a third of the page, on the page of its marker
        w.b.page_break()
        w.para(sentence(k), [long_note(w.next_note, int(lay.pagesize[1] / 3 / lay.fn_pitch) + 2, w.b)])
        k += 1
    elif row["fn_block"] == "continued":  # a note longer than the room left: it runs on to the next page
        w.para(sentence(k), [long_note(w.next_note, int(0.55 * lay.pagesize[1] / lay.fn_pitch), w.b)])
        w.para(sentence(k + 1), [short_note(w.next_note)])
        k += 2
    for _ in range(12):
        w.para(sentence(k), [short_note(w.next_note)] if k % 3 == 0 else [])
        k += 1
    w.para("Trên đây là báo cáo tình hình kinh tế - xã hội 6 tháng đầu năm 2024 của tỉnh.")
    orient = row["orientation"]
    w.b.page_break(landscape_page=orient == "landscape")
    w.center("Phụ lục 01", size=12)
    w.center("CÁC CHỈ TIÊU KINH TẾ - XÃ HỘI CHỦ YẾU 6 THÁNG ĐẦU NĂM 2024", size=12)
    head = TABLE_HEAD[orient]
    rows = table_rows(len(head))
    numbered = row["table_rules"] != "none"
    w.b.table(
        header=[[(h, 1, 1) for h in head]], rows=rows, widths=TABLE_WIDTHS[orient], size=size - 2,
        number_row=numbered, rules=row["table_rules"], pad=5.4,
    )  # fmt: skip
    w.exp.grid = [head] + ([[str(j + 1) for j in range(len(head))]] if numbered else []) + rows
    w.b.save(path)
    w.exp.note_pages = w.b.note_pages
    return w.exp


# ---------------------------------------------------------------------------------------------- the checks


def _norm(text: str | None) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def check(doc, exp: Expected, row: dict[str, str]) -> list[str]:  # type: ignore[no-untyped-def]
    """Every difference between the parsed document and what was printed."""
    problems: list[str] = []
    got = {fn.number: fn for fn in doc.footnotes}
    if sorted(got) != sorted(exp.footnotes):
        problems.append(f"footnotes {sorted(got)} != {sorted(exp.footnotes)}")
    for n, text in exp.footnotes.items():
        fn = got.get(n)
        if fn is None:
            continue
        if fn.text != plain_text(text):
            problems.append(f"footnote {n} text {fn.text[:60]!r}")
        if fn.anchor is None or doc.paragraphs[fn.anchor.paragraph].text != exp.anchors[n]:
            problems.append(f"footnote {n} not linked to its paragraph")
    texts = [p.text for p in doc.paragraphs]
    for t in exp.paragraphs:
        if texts.count(t) != 1:
            problems.append(f"paragraph printed once, read {texts.count(t)} times: {t[:50]!r}")
    doc_type = next((p.pid for p in doc.paragraphs if p.role == "doc_type"), None)
    if doc_type is None:
        problems.append("no document type")
    extra = [p.text for p in doc.paragraphs if p.text not in exp.paragraphs and (doc_type is None or p.pid > doc_type)]
    problems.extend(f"paragraph never printed: {t[:60]!r}" for t in extra)
    m = doc.metadata
    if (m.number, m.date, m.place, m.doc_type) != ("142/BC-UBND", "2024-06-28", "Lai Châu", "BÁO CÁO"):
        problems.append(f"metadata {m}")
    if len(doc.tables) != 1:
        problems.append(f"{len(doc.tables)} tables")
    else:
        grid = [[_norm(c) for c in r] for r in doc.tables[0].grid()]
        if grid != exp.grid:
            problems.append(f"table grid {grid} != {exp.grid}")
        problems.extend(table_stage_problems(doc, exp))
    problems.extend(str(n) for n in doc.notes if n.code.startswith("footnote"))
    return problems


def table_stage_problems(doc, exp: Expected) -> list[str]:  # type: ignore[no-untyped-def]
    """The table stage reads the region as printed: column names, and every figure under its row and column."""
    tables = regions_to_tables(doc).tables
    if len(tables) != 1:
        return [f"table stage made {len(tables)} tables"]
    t = tables[0]
    head = exp.grid[0]
    problems = [] if [c.name for c in t.columns] == head else [f"columns {[c.name for c in t.columns]}"]
    got = sorted((t.row(c.row_order).indicator, c.column, c.raw) for c in t.cells)
    data = exp.grid[-len(ROWS) :]
    want = sorted((r[1], head[k], v) for r in data for k, v in enumerate(r) if k >= 3 and v)
    if got != want:
        problems.append(f"table cells {got[:3]}... != {want[:3]}...")
    return problems


@pytest.mark.parametrize("row", DESIGN, ids=[_case_id(r) for r in DESIGN])
def test_layout_combination(tmp_path: Path, row: dict[str, str]):
    exp = build(row, tmp_path / "report.pdf")
    if row["fn_block"] == "continued":  # the premise: the long note did run on to the next page
        assert any(len(set(pages)) > 1 for pages in exp.note_pages.values())
    if row["fn_block"] == "third":
        longest = max(exp.note_pages.values(), key=len)
        assert len(set(longest)) == 1 and len(longest) * round((float(row["size"]) - 2) * 1.15, 1) > 842 / 3
    doc = pdf_to_document(tmp_path / "report.pdf")
    assert check(doc, exp, row) == []


@pytest.mark.slow
def test_sample_reexported_with_another_template(tmp_path: Path, sample_doc):
    """The sample's prose and footnotes printed again with a running header, "Trang N/M" at the bottom, a
    full-width footnote rule and footnote blocks of up to 16 lines (longer notes run on to the next page):
    every footnote comes back, linked, with no warning."""
    lay = Layout(running_header="Báo cáo tình hình kinh tế - xã hội 6 tháng đầu năm 2024", page_numbers="trang",
                 fn_rule="full")  # fmt: skip
    b = ReportPdf(lay)
    b.max_fn_lines = 16
    notes = {fn.number: fn.text.replace("//", "/ /").replace("**", "* *") for fn in sample_doc.footnotes}
    for p in sample_doc.paragraphs:
        if p.role in ("header", "signature"):
            continue
        text = p.text.replace("//", "/ /").replace("**", "* *")
        for m in sorted(p.markers, key=lambda m: -m.offset):
            text = text[: m.offset] + f"[^{m.number}]" + text[m.offset :]
        b.paragraph(text, indent=p.indented, bold=p.bold, footnotes={m.number: notes[m.number] for m in p.markers})
    doc = pdf_to_document(b.save(tmp_path / "reexport.pdf"))
    assert any(len(set(pages)) > 1 for pages in b.note_pages.values())  # some notes did run on
    assert [fn.number for fn in doc.footnotes] == [fn.number for fn in sample_doc.footnotes]
    assert [fn.text for fn in doc.footnotes] == [plain_text(notes[fn.number]) for fn in sample_doc.footnotes]
    assert all(fn.anchor is not None for fn in doc.footnotes)
    assert [str(n) for n in doc.notes if n.code.startswith("footnote")] == []


def test_design_covers_pairs_and_footnote_triples():
    covered = {tuple((k, r[k]) for k in group) for r in DESIGN for group in itertools.combinations(FACTORS, 2)}
    assert _tuples(list(FACTORS), 2) <= covered
    covered3 = {tuple((k, r[k]) for k in STRONG) for r in DESIGN}
    assert len(covered3) == 27
    assert 24 <= len(DESIGN) <= 40
