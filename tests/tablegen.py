"""Table-style generator: the same figures printed in the house styles of several issuers.

Each style prints one `Data` (rows with their label, parent, unit, partial flag, price basis and one
figure per period) the way its issuer does, and returns the PDF with what the table stage must read
back: column names, row labels, parent rows, units of rows and cells, every cell as printed.

    ubnd        the sample's appendix: TT | Chỉ tiêu | Đơn vị | … with a two-row header, column numbers
    office      a statistics office (Cục Thống kê): no TT or unit column, 'Đơn vị tính: …' above the
                table, one header row whose cells wrap, group rows 'A. …', 'Chia ra:', 'Trong đó: …'
    office_h    the same with horizontal rules only (the unruled path)
    office_pages a long one, continued on the next page under its repeated header
    office_indented  levels shown by indentation only ('Trong đó:' on its own line, the part further right)
    yearbook    a statistical yearbook: bilingual row labels, years as columns
    index       an index table (CPI): unit %, comparisons only, groups under 'Chia ra:'
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from pdfgen import ReportPdf, official_header


@dataclass(frozen=True)
class Row:
    """One row: label, the 1-based order of its parent, unit, partial part, price basis, figures."""

    label: str
    parent: int | None = None
    unit: str = ""
    values: tuple[str, ...] = ()
    partial: bool = False
    basis: str | None = None
    tt: str = ""


@dataclass(frozen=True)
class Data:
    """What a table prints: its title, unit, column names (the value columns) and rows."""

    title: str
    unit: str
    columns: tuple[str, ...]
    rows: tuple[Row, ...]
    index: bool = False


@dataclass
class Printed:
    """A printed table and what must be read back."""

    pdf: Path
    columns: list[str]  # every column's name, as the table stage names it
    value_cols: list[int]  # the index of each of Data.columns
    rows: list[Row]
    table_unit: str
    cell_units: dict[int, str] = field(default_factory=dict)  # value column -> unit of its cells ('' = the row's)
    pages: int = 1  # pages the table is printed over


def _num(v: float, decimals: int = 1) -> str:
    s = f"{v:,.{decimals}f}"
    return s.replace(",", "X").replace(".", ",").replace("X", ".")


def grdp_data(alter: tuple[int, float] | None = None) -> Data:
    """GRDP at constant 2010 and current prices, first half of 2023 and 2024, and the ratio of the two
    (`alter`: (row order, new ratio) prints one ratio wrong)."""
    parts = {  # label -> (2023, 2024) at constant prices; current prices are 1.6 times
        "Nông, lâm nghiệp và thủy sản": (3000.0, 3150.0),
        "Công nghiệp và xây dựng": (4000.0, 4400.0),
        "Trong đó: Công nghiệp": (3000.0, 3330.0),
        "Dịch vụ": (3000.0, 3250.0),
    }
    rows: list[Row] = []
    for group, basis, k in (
        ("A. Theo giá so sánh 2010", "constant_2010", 1.0),
        ("B. Theo giá hiện hành", "current", 1.6),
    ):
        g = len(rows) + 1
        rows.append(Row(label=group, basis=basis))
        total = (
            sum(v[0] for n, v in parts.items() if "Trong đó" not in n) * k,
            sum(v[1] for n, v in parts.items() if "Trong đó" not in n) * k,
        )
        t = len(rows) + 1
        rows.append(Row(label="Tổng số", parent=g, unit="Tỷ đồng", basis=basis, values=_values(total)))
        rows.append(Row(label="Chia ra:", parent=t, basis=basis))
        for name, (a, b) in parts.items():
            partial = name.startswith("Trong đó")
            parent = len(rows) if partial else t  # 'Trong đó: Công nghiệp' is a part of the row above
            rows.append(
                Row(
                    label=name,
                    parent=parent,
                    unit="Tỷ đồng",
                    basis=basis,
                    partial=partial,
                    values=_values((a * k, b * k)),
                )
            )
    if alter is not None:
        order, ratio = alter
        r = rows[order - 1]
        rows[order - 1] = replace(r, values=(*r.values[:2], _num(ratio, 2)))
    return Data(
        title="TỔNG SẢN PHẨM TRÊN ĐỊA BÀN (GRDP) 6 THÁNG ĐẦU NĂM 2024",
        unit="Tỷ đồng",
        columns=(
            "Sơ bộ 6 tháng đầu năm 2023",
            "Ước tính 6 tháng đầu năm 2024",
            "6 tháng 2024 so với cùng kỳ năm trước (%)",
        ),
        rows=tuple(rows),
    )


def _values(pair: tuple[float, float]) -> tuple[str, ...]:
    a, b = pair
    return (_num(a), _num(b), _num(round(b / a * 100, 2), 2))


def retail_data(alter: float | None = None) -> Data:
    """Retail sales: last month, this month, the half year; this month against last month (%)."""
    groups = {
        "Bán lẻ hàng hóa": (3200.0, 3300.0),
        "Dịch vụ lưu trú, ăn uống": (500.0, 520.0),
        "Du lịch lữ hành": (30.0, 33.0),
        "Dịch vụ khác": (270.0, 280.0),
    }
    rows = [Row(label="Tổng mức bán lẻ hàng hóa và doanh thu dịch vụ", unit="Tỷ đồng")]
    tot = (sum(a for a, _ in groups.values()), sum(b for _, b in groups.values()))
    rows[0] = replace(
        rows[0], values=(_num(tot[0]), _num(tot[1]), _num(tot[1] * 5.9), _num(round(tot[1] / tot[0] * 100, 2), 2))
    )
    rows.append(Row(label="Chia ra:", parent=1))
    for name, (a, b) in groups.items():
        rows.append(
            Row(
                label=name,
                parent=1,
                unit="Tỷ đồng",
                values=(_num(a), _num(b), _num(b * 5.9), _num(round(b / a * 100, 2), 2)),
            )
        )
    if alter is not None:
        r = rows[2]
        rows[2] = replace(r, values=(*r.values[:3], _num(alter, 2)))
    return Data(
        title="TỔNG MỨC BÁN LẺ HÀNG HÓA VÀ DOANH THU DỊCH VỤ TIÊU DÙNG",
        unit="Tỷ đồng",
        columns=(
            "Thực hiện tháng 5/2024",
            "Ước tính tháng 6/2024",
            "Cộng dồn 6 tháng năm 2024",
            "Tháng 6/2024 so với tháng trước (%)",
        ),
        rows=tuple(rows),
    )


def cpi_data() -> Data:
    """Consumer prices: the overall index and its groups (the groups do not add up to it)."""
    groups = [
        ("Hàng ăn và dịch vụ ăn uống", "106,12", "104,02", "100,31"),
        ("Đồ uống và thuốc lá", "103,10", "102,35", "100,12"),
        ("May mặc, mũ nón, giày dép", "101,45", "101,02", "100,05"),
        ("Giáo dục", "109,80", "107,11", "100,00"),
    ]
    rows = [Row(label="Chỉ số giá tiêu dùng chung", unit="%", values=("114,35", "104,35", "100,25"))]
    rows.append(Row(label="Chia ra:", parent=1))
    rows += [Row(label=n, parent=1, unit="%", values=(a, b, c)) for n, a, b, c in groups]
    return Data(
        title="CHỈ SỐ GIÁ TIÊU DÙNG THÁNG 6 NĂM 2024",
        unit="%",
        columns=(
            "Tháng 6/2024 so với kỳ gốc 2019",
            "Tháng 6/2024 so với cùng kỳ năm trước",
            "Tháng 6/2024 so với tháng trước",
        ),
        rows=tuple(rows),
        index=True,
    )


# --------------------------------------------------------------------------------------
# house styles


def office(data: Data, path: Path, rules: str = "grid", b: ReportPdf | None = None) -> Printed:
    """A statistics office's table: the unit on a line above, no TT or unit column, one header row."""
    own = b is None
    b = b or ReportPdf()
    b.center(data.title, size=12)
    b.paragraph(f"Đơn vị tính: {data.unit}", align="right", italic=True, size=11, indent=False)
    widths = [170.0] + [70.0] * len(data.columns)
    header = [[("", 1, 1), *((c, 1, 1) for c in data.columns)]]
    b.table(
        header,
        [[r.label, *r.values] + [""] * (len(data.columns) - len(r.values)) for r in data.rows],
        widths,
        size=10,
        number_row=False,
        rules=rules,
    )
    if own:
        b.save(path)
    units = {k: "%" for k, c in enumerate(data.columns, start=1) if c.endswith("(%)")}
    return Printed(
        pdf=path,
        columns=["Cột 1", *data.columns],
        value_cols=list(range(1, len(data.columns) + 1)),
        rows=list(data.rows),
        table_unit=data.unit,
        cell_units=units,
    )


def ubnd(data: Data, path: Path) -> Printed:
    """The sample's appendix: TT | Chỉ tiêu | Đơn vị, the comparison under a merged 'So sánh … với (%)'."""
    b = ReportPdf()
    levels = list(data.columns[:-1])
    subject = levels[-1].replace("Ước tính", "Ước TH").replace(" đầu năm", "")
    group = f"So sánh {subject} với (%)"
    sub = levels[0].replace("Sơ bộ", "Thực hiện").replace(" đầu năm", "")
    names = ["TT", "Chỉ tiêu", "Đơn vị", *levels, f"{group} | {sub}"]
    header = [
        [("TT", 1, 2), ("Chỉ tiêu", 1, 2), ("Đơn vị", 1, 2), *((c, 1, 2) for c in levels), (group, 1, 1)],
        [None, None, None, *(None for _ in levels), (sub, 1, 1)],
    ]
    rows = []
    out_rows = []
    for r in data.rows:
        label, tt = r.label, r.tt
        if r.label.startswith(("A. ", "B. ")):
            tt, label = r.label[0], r.label[3:]
        elif r.label == "Tổng số":
            tt = "1"
        elif r.label == "Chia ra:":
            continue
        elif r.label.startswith("Trong đó: "):
            rows.append(["", "Trong đó:", "", "", "", ""])
            out_rows.append(Row(label="Trong đó:", parent=len(out_rows), basis=r.basis))
            tt, label = "+", r.label.removeprefix("Trong đó: ")
        else:
            tt = "-"
        rows.append([tt, label, r.unit, *r.values])
        out_rows.append(replace(r, label=label, tt=tt))
    parents = _ubnd_parents(out_rows)
    out_rows = [replace(r, parent=p) for r, p in zip(out_rows, parents, strict=True)]
    b.center(data.title, size=12)
    b.table(header, rows, [30, 160, 50, 75, 75, 75], size=10)
    b.save(path)
    return Printed(pdf=path, columns=names, value_cols=[3, 4, 5], rows=out_rows, table_unit="", cell_units={5: "%"})


def _ubnd_parents(rows: list[Row]) -> list[int | None]:
    """The parents the TT codes give: A › 1 › - › +; 'Trong đó:' under the row above it."""
    out: list[int | None] = []
    group = one = dash = None
    for i, r in enumerate(rows, start=1):
        if r.tt in ("A", "B"):
            out.append(None)
            group = i
        elif r.tt == "1":
            out.append(group)
            one = i
        elif r.tt == "-":
            out.append(one)
            dash = i
        else:  # 'Trong đó:' and its '+' row
            out.append(dash)
    return out


def yearbook(path: Path) -> Printed:
    """A yearbook table: bilingual row labels, years as columns, 'Phân theo …' opens the breakdown."""
    b = ReportPdf()
    years = ("2020", "2021", "2022", "Sơ bộ - Prel. 2023")
    parts = {
        "Nông, lâm nghiệp và thủy sản - Agriculture, forestry and fishing": (5100, 5230, 5402, 5611),
        "Công nghiệp và xây dựng - Industry and construction": (7010, 7533, 8120, 8802),
        "Dịch vụ - Service": (6200, 6417, 6933, 7390),
    }
    total = tuple(sum(v[k] for v in parts.values()) for k in range(4))
    rows = [Row(label="TỔNG SỐ - TOTAL", unit="Tỷ đồng", values=tuple(_num(x) for x in total))]
    growth = tuple(_num(total[k] / total[k - 1] * 100, 2) for k in range(1, 4))
    rows.append(Row(label="Chỉ số phát triển (%) - Index (%)", unit="%", values=("", *growth)))
    rows.append(Row(label="Phân theo khu vực kinh tế - By economic sector", parent=1))
    rows += [Row(label=n, parent=1, unit="Tỷ đồng", values=tuple(_num(x) for x in v)) for n, v in parts.items()]
    data = Data(
        title="TỔNG SẢN PHẨM TRÊN ĐỊA BÀN THEO GIÁ HIỆN HÀNH - GROSS DOMESTIC PRODUCT AT CURRENT PRICES",
        unit="Tỷ đồng",
        columns=years,
        rows=tuple(rows),
    )
    b.center(data.title, size=11)
    b.paragraph("Đơn vị tính: Tỷ đồng - Unit: Bill. dongs", align="right", italic=True, size=10, indent=False)
    header = [[("", 1, 1), *((y, 1, 1) for y in years)]]
    b.table(
        header,
        [[r.label, *r.values] + [""] * (4 - len(r.values)) for r in rows],
        [190, 65, 65, 65, 65],
        size=10,
        number_row=False,
    )
    b.save(path)
    return Printed(pdf=path, columns=["Cột 1", *years], value_cols=[1, 2, 3, 4], rows=rows, table_unit="Tỷ đồng")


def index(path: Path) -> Printed:
    """An index table (CPI): every figure is an index in %, the groups under 'Chia ra:'."""
    data = cpi_data()
    p = office(data, path)
    p.cell_units = {k: "%" for k in p.value_cols}
    return p


def statistics_office_report(
    path: Path, grdp_alter: tuple[int, float] | None = None, retail_alter: float | None = None
) -> Path:
    """A statistics office's monthly report: a paragraph, then the GRDP, retail and CPI tables."""
    b = ReportPdf()
    official_header(b, "CỤC THỐNG KÊ TỈNH SƠN LA", "125/BC-CTK", "Sơn La", (28, 6, 2024))
    b.paragraph("Số liệu chủ yếu được trình bày trong các biểu dưới đây.")
    for data in (grdp_data(grdp_alter), retail_data(retail_alter), cpi_data()):
        office(data, path, b=b)
        b.paragraph("Nguồn: Cục Thống kê tỉnh.", size=10)
    b.save(path)
    return path


STYLES = {
    "ubnd": lambda p: ubnd(grdp_data(), p),
    "office": lambda p: office(grdp_data(), p),
    "office_h": lambda p: office(grdp_data(), p, rules="horizontal"),
    "yearbook": yearbook,
    "index": index,
}


def districts_data(n: int = 44) -> Data:
    """A long table over two pages: the province and its districts, two years and their ratio."""
    parts = [(f"Huyện số {k}", 100.0 + 7 * k, 104.0 + 7.5 * k) for k in range(1, n + 1)]
    total = (sum(a for _, a, _ in parts), sum(b for _, _, b in parts))
    rows = [Row(label="Toàn tỉnh", unit="Tỷ đồng", values=_values(total)), Row(label="Chia ra:", parent=1)]
    rows += [Row(label=name, parent=1, unit="Tỷ đồng", values=_values((a, b))) for name, a, b in parts]
    return Data(
        title="VỐN ĐẦU TƯ THỰC HIỆN TỪ NGUỒN NGÂN SÁCH NHÀ NƯỚC PHÂN THEO HUYỆN",
        unit="Tỷ đồng",
        columns=(
            "Thực hiện 6 tháng năm 2023",
            "Ước tính 6 tháng năm 2024",
            "6 tháng 2024 so với cùng kỳ năm trước (%)",
        ),
        rows=tuple(rows),
    )


def office_pages(path: Path) -> Printed:
    """A statistics office's table continued on the next page under its repeated header."""
    b = ReportPdf()
    for _ in range(6):
        b.paragraph("Vốn đầu tư thực hiện từ nguồn ngân sách nhà nước do địa phương quản lý tăng so với cùng kỳ.")
    p = office(districts_data(), path, b=b)
    b.save(path)
    p.pages = 2
    return p


STYLES["office_pages"] = office_pages


class IndentedPdf(ReportPdf):
    """Table rows whose first cell is printed at an indent (points), one per row, in order."""

    def __init__(self) -> None:
        super().__init__()
        self.indents: list[float] = []

    def _table_row(self, row: list[str], cells: list[list[Any]], xs: list[float], h: float, size: float) -> None:
        indent = self.indents.pop(0) if self.indents else 0.0
        top = self.state.y
        for k, lines in enumerate(cells):
            self._frame(xs[k], top, xs[k + 1] - xs[k], h)
            ty = top + 2.0
            for ln in lines:
                if k == 0:
                    ln.x = xs[0] + self.table_pad + indent
                else:  # figures flush right
                    ln.align, ln.width = "right", xs[k + 1] - xs[k] - 2 * self.table_pad
                    ln.x = xs[k + 1] - self.table_pad - self._width(ln.words, size)
                self._draw_line(ln, ty)
                ty += size * 1.2
        self.state.y = top + h


def office_indented(path: Path) -> Printed:
    """A statistics office's table whose levels are shown by indentation only: 'Trong đó:' on a line of its
    own, the part printed further right than its whole."""
    data = grdp_data()
    rows: list[Row] = []
    indents: list[float] = []
    new_order: dict[int, int] = {}
    for k, r in enumerate(data.rows, start=1):
        parent = new_order.get(r.parent) if r.parent else None
        if r.label.startswith("Trong đó: "):
            rows.append(Row(label="Trong đó:", parent=parent, basis=r.basis))
            indents.append(12.0)
            rows.append(replace(r, label=r.label.removeprefix("Trong đó: "), parent=parent))
            indents.append(24.0)
        else:
            rows.append(replace(r, parent=parent))
            indents.append(12.0 if r.label in ("Chia ra:",) or (r.parent and not r.label.startswith("Tổng")) else 0.0)
        new_order[k] = len(rows)
    b = IndentedPdf()
    b.indents = list(indents)
    printed = office(replace(data, rows=tuple(rows)), path, b=b)
    b.save(path)
    return printed


STYLES["office_indented"] = office_indented


def office_two_rows(path: Path) -> Printed:
    """A statistics office's table with two header rows: 'Tháng 6/2024 so với (%)' merged over 'Tháng
    trước' and 'Cùng kỳ năm trước' (June 2023 is not printed: that comparison has no operands here)."""
    data = retail_data()
    yoy = ["108,12", "107,95", "109,40", "115,79", "104,10"]
    rows = [replace(r, values=(*r.values, yoy.pop(0)) if r.values else ()) for r in data.rows]
    b = ReportPdf()
    b.center(data.title, size=12)
    b.paragraph(f"ĐVT: {data.unit}", align="right", italic=True, size=11, indent=False)
    group = "Tháng 6/2024 so với (%)"
    header = [
        [("Chỉ tiêu", 1, 2), *((c, 1, 2) for c in data.columns[:3]), (group, 2, 1)],
        [None, None, None, None, ("Tháng trước", 1, 1), ("Cùng kỳ năm trước", 1, 1)],
    ]
    body = [[r.label, *r.values] + [""] * (5 - len(r.values)) for r in rows]
    b.table(header, body, [170.0, 62.0, 62.0, 62.0, 62.0, 62.0], size=10, number_row=False)
    b.save(path)
    return Printed(
        pdf=path,
        columns=["Chỉ tiêu", *data.columns[:3], f"{group} | Tháng trước", f"{group} | Cùng kỳ năm trước"],
        value_cols=[1, 2, 3, 4, 5],
        rows=rows,
        table_unit=data.unit,
        cell_units={4: "%", 5: "%"},
    )


STYLES["office_two_rows"] = office_two_rows
