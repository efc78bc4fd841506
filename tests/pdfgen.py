"""Small report PDFs built by the tests, laid out the way Word exports Vietnamese reports.

Justified paragraphs with a first-line indent and real space glyphs, bold headings, raised
footnote markers, footnotes under a short rule at the page bottom (continued on the next page
when they do not fit), page numbers, running headers and footers, two-column header and
signature blocks, ruled tables with merged header cells and a repeated header.

Markup inside paragraph text: ``**bold**``, ``//italic//``, ``[^7]`` a footnote marker (the
footnote text is given separately), ``^{2}`` any other raised text (m²).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

FONT_ROOT = Path("/usr/share/fonts/truetype")
FAMILIES: dict[str, tuple[str, str, tuple[str, str, str, str]]] = {
    # family -> (registered name, folder, files: regular, bold, italic, bold italic)
    "dejavu-serif": ("BcSerif", "dejavu",
                     ("DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf", "DejaVuSerif-Italic.ttf",
                      "DejaVuSerif-BoldItalic.ttf")),
    "dejavu-sans": ("BcSans", "dejavu",
                    ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf", "DejaVuSans-BoldOblique.ttf")),
    # Times New Roman and Arial metrics, with Vietnamese (Debian fonts-liberation2)
    "liberation-serif": ("BcTimes", "liberation2",
                         ("LiberationSerif-Regular.ttf", "LiberationSerif-Bold.ttf", "LiberationSerif-Italic.ttf",
                          "LiberationSerif-BoldItalic.ttf")),
    "liberation-sans": ("BcArial", "liberation2",
                        ("LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf", "LiberationSans-Italic.ttf",
                         "LiberationSans-BoldItalic.ttf")),
}  # fmt: skip
_STYLES = ((False, False, ""), (True, False, "-Bold"), (False, True, "-Italic"), (True, True, "-BoldItalic"))
_registered: set[str] = set()


def register_fonts(family: str = "dejavu-serif") -> None:
    if family in _registered:
        return
    name, folder, files = FAMILIES[family]
    for (_b, _i, suffix), file in zip(_STYLES, files, strict=True):
        pdfmetrics.registerFont(TTFont(name + suffix, str(FONT_ROOT / folder / file)))
    _registered.add(family)


def font(bold: bool = False, italic: bool = False, family: str = "dejavu-serif") -> str:
    name = FAMILIES[family][0]
    return name + next(sfx for b, i, sfx in _STYLES if (b, i) == (bold, italic))


@dataclass
class Piece:
    text: str
    bold: bool = False
    italic: bool = False
    sup: bool = False
    marker: int | None = None  # footnote number for markers


_TOKEN_RE = re.compile(r"\*\*|//|\[\^(\d+)\]|\^\{([^}]*)\}|\s+|[^\s*/\[\^]+|[*/\[\^]")


def plain_text(text: str) -> str:
    """The text a reader sees in a paragraph written with markup: styles and footnote markers gone, ^{2} raised."""
    out = re.sub(r"\[\^\d+\]", "", text.replace("**", "").replace("//", ""))
    out = out.replace("^{2}", "²").replace("^{3}", "³")
    return re.sub(r"\s+", " ", out).strip()


def parse_markup(text: str, bold: bool = False, italic: bool = False) -> list[list[Piece]]:
    """Text with markup -> words, each a list of styled pieces (no spaces inside a word)."""
    words: list[list[Piece]] = [[]]
    b, i = bold, italic
    for m in _TOKEN_RE.finditer(text):
        tok = m.group(0)
        if tok == "**":
            b = not b
        elif tok == "//":
            i = not i
        elif m.group(1):
            words[-1].append(Piece(m.group(1), b, i, sup=True, marker=int(m.group(1))))
        elif m.group(2) is not None:
            words[-1].append(Piece(m.group(2), b, i, sup=True))
        elif tok.isspace():
            if words[-1]:
                words.append([])
        else:
            words[-1].append(Piece(tok, b, i))
    return [w for w in words if w]


@dataclass
class Layout:
    pagesize: tuple[float, float] = A4
    left: float = 85.0
    right_margin: float = 43.0
    top: float = 56.0
    bottom: float = 56.0
    size: float = 14.0
    pitch: float = 16.1
    para_space: float = 6.0
    indent: float = 28.3
    fn_size: float = 12.0
    fn_pitch: float = 13.8
    fn_indent: float = 14.2
    sup_ratio: float = 0.58
    sup_rise: float = 0.33
    spaces: bool = True  # draw real space glyphs (Word/LibreOffice do)
    page_numbers: str | None = "top"  # top | bottom | "trang" ("Trang N/M" at the bottom) | None
    first_page_number: bool = False
    running_header: str | None = None
    header_rule: bool = False  # a rule under the running header
    running_footer: str | None = None
    justify: bool = True
    family: str = "dejavu-serif"  # a FAMILIES key
    fn_rule: str = "short"  # footnote separator: short (Word's) | full (text width) | none


_PAD = 2.0  # padding inside a table cell


@dataclass
class _Line:
    words: list[list[Piece]]
    x: float
    width: float  # available width
    size: float
    last: bool
    align: str = "justify"  # justify | left | center
    note: int | None = None  # the footnote a footnote-area line belongs to


@dataclass
class _PageState:
    y: float  # top of the next body line
    fn_lines: list[tuple[_Line, bool]] = field(default_factory=list)  # (line, starts a note)


class _NumberedCanvas(canvas.Canvas):
    """A canvas that holds its pages until save(), so that each can print the page count ("Trang N/M")."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.held: list[dict[str, object]] = []
        self.on_last_pass: object = None  # callable(canvas, page_no, total) drawing on each page

    def showPage(self) -> None:
        self.held.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        if self._code:
            self.showPage()
        total = len(self.held)
        for k, state in enumerate(self.held):
            self.__dict__.update(state)
            if callable(self.on_last_pass):
                self.on_last_pass(self, k + 1, total)
            canvas.Canvas.showPage(self)
        canvas.Canvas.save(self)


class ReportPdf:
    """Flowing report writer. Call methods in reading order, then save()."""

    def __init__(self, layout: Layout | None = None) -> None:
        self.lay = layout or Layout()
        register_fonts(self.lay.family)
        self.buf = io.BytesIO()
        self.c = _NumberedCanvas(self.buf, pagesize=self.lay.pagesize)
        self.c.on_last_pass = self._page_of_total
        self.page_no = 0
        self.pagesize = self.lay.pagesize
        self.footnotes: dict[int, str] = {}
        self.carry: list[tuple[_Line, bool]] = []  # footnote lines continued on the next page
        self.max_fn_lines: int | None = None
        self.table_rules = "grid"
        self.table_pad = _PAD  # left and right padding inside a cell (Word's default: 5.4 pt)
        self.note_pages: dict[int, list[int]] = {}  # footnote -> the page of each of its lines
        self.state = _PageState(0)
        self._new_page()

    def _font(self, bold: bool = False, italic: bool = False) -> str:
        return font(bold, italic, self.lay.family)

    # ---------------------------------------------------------------- geometry helpers
    @property
    def height(self) -> float:
        return self.pagesize[1]

    @property
    def right(self) -> float:
        return self.pagesize[0] - self.lay.right_margin

    def _width(self, words: list[list[Piece]], size: float) -> float:
        w = 0.0
        for k, word in enumerate(words):
            if k:
                w += pdfmetrics.stringWidth(" ", self._font(), size)
            w += sum(self._piece_w(p, size) for p in word)
        return w

    def _piece_w(self, p: Piece, size: float) -> float:
        s = size * self.lay.sup_ratio if p.sup else size
        return pdfmetrics.stringWidth(p.text, self._font(p.bold, p.italic), s)

    def _wrap(self, words: list[list[Piece]], width: float, first_indent: float, size: float) -> list[_Line]:
        lines: list[_Line] = []
        cur: list[list[Piece]] = []
        x0 = self.lay.left + first_indent
        avail = width - first_indent
        for w in words:
            if cur and self._width([*cur, w], size) > avail:
                lines.append(_Line(cur, x0, avail, size, False))
                cur, x0, avail = [], self.lay.left, width
            cur.append(w)
        if cur:
            lines.append(_Line(cur, x0, avail, size, True))
        return lines

    # ---------------------------------------------------------------- drawing
    def _draw_line(self, ln: _Line, top: float) -> None:
        c = self.c
        base = self.height - top - ln.size * 0.8
        natural = self._width(ln.words, ln.size)
        space_w = pdfmetrics.stringWidth(" ", self._font(), ln.size)
        extra = 0.0
        x = ln.x
        if ln.align == "center":
            x = ln.x + (ln.width - natural) / 2
        elif ln.align == "justify" and not ln.last and self.lay.justify and len(ln.words) > 1:
            extra = (ln.width - natural) / (len(ln.words) - 1)
        for k, word in enumerate(ln.words):
            if k:
                if self.lay.spaces:
                    c.setFont(self._font(), ln.size)
                    c.drawString(x, base, " ")
                x += space_w + extra
            for p in word:
                size = ln.size * self.lay.sup_ratio if p.sup else ln.size
                rise = ln.size * self.lay.sup_rise if p.sup else 0.0
                c.setFont(self._font(p.bold, p.italic), size)
                c.drawString(x, base + rise, p.text)
                x += self._piece_w(p, ln.size)

    def _furniture(self) -> None:
        lay = self.lay
        c = self.c
        if lay.page_numbers in ("top", "bottom") and (self.page_no > 1 or lay.first_page_number):
            c.setFont(self._font(), lay.size)
            y = self.height - 38 if lay.page_numbers == "top" else 30
            c.drawCentredString(self.pagesize[0] / 2, y, str(self.page_no))
        if lay.running_header and self.page_no > 1:
            c.setFont(self._font(False, True), 10)
            c.drawString(lay.left, self.height - 26, lay.running_header)
            if lay.header_rule:
                c.setLineWidth(0.75)
                c.line(lay.left, self.height - 30, self.right, self.height - 30)
        if lay.running_footer:
            c.setFont(self._font(False, True), 10)
            c.drawRightString(self.right, 18, lay.running_footer.replace("{page}", str(self.page_no)))

    def _page_of_total(self, c: canvas.Canvas, page_no: int, total: int) -> None:
        """ "Trang N/M" centred at the page bottom, drawn once the page count is known."""
        if self.lay.page_numbers == "trang":
            c.setFont(self._font(), 10)
            c.drawCentredString(c._pagesize[0] / 2, 24, f"Trang {page_no}/{total}")

    def _flush_footnotes(self) -> None:
        lines = self.state.fn_lines
        if not lines:
            return
        lay = self.lay
        top = self.height - lay.bottom - len(lines) * lay.fn_pitch
        if lay.fn_rule != "none":
            width = 117 if lay.fn_rule == "short" else self.right - lay.left
            self.c.rect(lay.left, self.height - (top - 4), width, 0.5, stroke=0, fill=1)
        for ln, _starts in lines:
            if ln.note is not None:
                self.note_pages.setdefault(ln.note, []).append(self.page_no)
            self._draw_line(ln, top)
            top += lay.fn_pitch

    def _new_page(self, pagesize: tuple[float, float] | None = None) -> None:
        if self.page_no:
            self._flush_footnotes()
            self.c.showPage()
        if pagesize:
            self.pagesize = pagesize
            self.c.setPageSize(pagesize)
        self.page_no += 1
        self.state = _PageState(self.lay.top)
        self._furniture()
        if self.carry:
            self.state.fn_lines.extend(self.carry)
            self.carry = []

    def page_break(self, landscape_page: bool | None = None) -> None:
        size = None
        if landscape_page is not None:
            size = landscape(A4) if landscape_page else A4
        self._new_page(size)

    def _fn_room(self) -> float:
        n = len(self.state.fn_lines)
        return self.height - self.lay.bottom - n * self.lay.fn_pitch - (8 if n else 0)

    def _place(self, ln: _Line, pitch: float) -> None:
        """Place one body line, with the footnotes its markers call for."""
        markers = [p.marker for w in ln.words for p in w if p.marker is not None]
        fn_new: list[tuple[_Line, bool]] = []
        for n in markers:
            text = self.footnotes.get(n, "")
            words = [[Piece(str(n), sup=True)], *parse_markup(text)] if text else [[Piece(str(n), sup=True)]]
            # the number is glued to the first word, as Word prints it
            if len(words) > 1:
                words = [words[0] + [Piece("\u00a0")] + words[1], *words[2:]]
            fl = self._wrap(words, self.right - self.lay.left, self.lay.fn_indent, self.lay.fn_size)
            for k, f in enumerate(fl):
                f.note = n
                fn_new.append((f, k == 0))
        while True:
            fresh = self.state.y <= self.lay.top + self.lay.para_space + 0.1
            n_old = len(self.state.fn_lines)
            k = len(fn_new)
            if self.max_fn_lines is not None:
                k = max(0, min(k, self.max_fn_lines - n_old))
            while k >= 0:
                total = n_old + k
                limit = self.height - self.lay.bottom - total * self.lay.fn_pitch - (8 if total else 0)
                if self.state.y + ln.size <= limit:
                    break
                k -= 1
            if (k < 0 or (fn_new and k == 0)) and not fresh:
                self._new_page()
                continue
            k = max(k, 0)
            self._draw_line(ln, self.state.y)
            self.state.y += pitch
            self.state.fn_lines.extend(fn_new[:k])
            self.carry.extend(fn_new[k:])
            return

    # ---------------------------------------------------------------- public API
    def paragraph(
        self,
        text: str,
        indent: bool = True,
        bold: bool = False,
        italic: bool = False,
        align: str = "justify",
        size: float | None = None,
        footnotes: dict[int, str] | None = None,
        space_before: float | None = None,
    ) -> None:
        if footnotes:
            self.footnotes.update(footnotes)
        size = size or self.lay.size
        pitch = self.lay.pitch * size / self.lay.size
        self.state.y += self.lay.para_space if space_before is None else space_before
        words = parse_markup(text, bold, italic)
        width = self.right - self.lay.left
        lines = self._wrap(words, width, self.lay.indent if indent and align != "center" else 0.0, size)
        for ln in lines:
            ln.align = align
            if align == "center":
                ln.x, ln.width = self.lay.left, width
            self._place(ln, pitch)

    def heading(self, text: str, indent: bool = True, center: bool = False) -> None:
        self.paragraph(text, indent=indent and not center, bold=True, align="center" if center else "left")

    def center(self, text: str, bold: bool = True, size: float | None = None, italic: bool = False) -> None:
        self.paragraph(text, bold=bold, italic=italic, align="center", size=size)

    def two_columns(self, left: list[str], right: list[str], size: float = 12.0, bold_first: bool = True) -> None:
        """Side-by-side block (header block, signature block): each column centred in its box."""
        mid = self.lay.left + 0.38 * (self.right - self.lay.left)
        boxes = [(self.lay.left - 20, mid), (mid + 24, self.right + 10)]
        self.state.y += self.lay.para_space
        top = self.state.y
        for (x0, x1), items in zip(boxes, (left, right), strict=True):
            y = top
            for k, text in enumerate(items):
                words = parse_markup(text, bold=bold_first and k == 0)
                ln = _Line(words, x0, x1 - x0, size, True, align="center")
                self._draw_line(ln, y)
                y += size * 1.15
        self.state.y = top + max(len(left), len(right)) * size * 1.15

    def image_page(self, seed: int = 1) -> None:
        """A page that holds only a picture (a scanned page without a text layer)."""
        from PIL import Image, ImageDraw
        from reportlab.lib.utils import ImageReader

        self._new_page()
        img = Image.new("L", (400, 560), 255)
        d = ImageDraw.Draw(img)
        for k in range(0, 560, 14):
            d.line([(40, k), (360 - (k * seed) % 90, k)], fill=0, width=3)
        self.c.drawImage(ImageReader(img), 40, 40, self.pagesize[0] - 80, self.height - 80)

    def table(
        self,
        header: list[list[tuple[str, int, int] | None]],
        rows: list[list[str]],
        widths: list[float],
        size: float = 11.0,
        repeat_header: bool = True,
        number_row: bool = True,
        title: str | None = None,
        caption: str | None = None,
        x0: float | None = None,
        rules: str = "grid",
        pad: float = _PAD,
    ) -> None:
        """A table. `header` rows hold (text, colspan, rowspan) or None under a span. `rules`: grid (every
        cell boxed), horizontal (rules above and below each cell, no vertical ones) or none (aligned columns)."""
        self.table_rules = rules
        self.table_pad = pad
        if title:
            self.center(title, size=12)
        if caption:
            self.center(caption, bold=False, italic=True, size=12)
        self.state.y += 6
        x0 = self.lay.left - 10 if x0 is None else x0
        xs = [x0]
        for w in widths:
            xs.append(xs[-1] + w)
        lh = size * 1.2
        hrows = list(header)
        if number_row:
            hrows = [*hrows, [(str(k + 1), 1, 1) for k in range(len(widths))]]
        self._table_header(hrows, xs, size, number_row)
        for row in rows:
            cells = [self._cell_lines(text, xs[k + 1] - xs[k], size, bold=False) for k, text in enumerate(row)]
            h = max(1, *(len(c) for c in cells)) * lh + 2 * _PAD
            if self.state.y + h > self.height - self.lay.bottom:
                self._new_page()
                if repeat_header:
                    self._table_header(hrows, xs, size, number_row)
            self._table_row(row, cells, xs, h, size)

    def _frame(self, x: float, top: float, w: float, h: float) -> None:
        """A cell's borders as the table's rule style draws them."""
        if self.table_rules == "grid":
            self.c.rect(x, self.height - top - h, w, h, stroke=1, fill=0)
        elif self.table_rules == "horizontal":
            self.c.line(x, self.height - top, x + w, self.height - top)
            self.c.line(x, self.height - top - h, x + w, self.height - top - h)

    def _cell_lines(self, text: str, width: float, size: float, bold: bool = False) -> list[_Line]:
        words = parse_markup(text, bold)
        out: list[_Line] = []
        cur: list[list[Piece]] = []
        for w in words:
            if cur and self._width([*cur, w], size) > width - 2 * self.table_pad:
                out.append(_Line(cur, 0, width - 2 * self.table_pad, size, True, "left"))
                cur = []
            cur.append(w)
        if cur:
            out.append(_Line(cur, 0, width - 2 * self.table_pad, size, True, "left"))
        return out

    def _table_header(
        self, hrows: list[list[tuple[str, int, int] | None]], xs: list[float], size: float, number_row: bool
    ) -> None:
        lh = size * 1.2
        heights = []
        for r in hrows:
            h = lh + 2 * _PAD
            for k, cell in enumerate(r):
                if cell and cell[2] == 1:
                    w = xs[k + cell[1]] - xs[k]
                    h = max(h, len(self._cell_lines(cell[0], w, size, True)) * lh + 2 * _PAD)
            heights.append(h)
        top = self.state.y
        for ri, r in enumerate(hrows):
            for k, cell in enumerate(r):
                if cell is None:
                    continue
                text, cs, rs = cell
                w = xs[k + cs] - xs[k]
                h = sum(heights[ri : ri + rs])
                cy = top + sum(heights[:ri])
                self._frame(xs[k], cy, w, h)
                lines = self._cell_lines(text, w, size, bold=not (number_row and ri == len(hrows) - 1))
                ty = cy + (h - len(lines) * lh) / 2
                for ln in lines:
                    ln.x, ln.align = xs[k] + self.table_pad, "center"
                    self._draw_line(ln, ty)
                    ty += lh
        self.state.y = top + sum(heights)

    def _table_row(self, row: list[str], cells: list[list[_Line]], xs: list[float], h: float, size: float) -> None:
        lh = size * 1.2
        top = self.state.y
        for k, lines in enumerate(cells):
            self._frame(xs[k], top, xs[k + 1] - xs[k], h)
            ty = top + _PAD
            for ln in lines:
                numeric = bool(re.fullmatch(r"[-+]?[\d.,]+", row[k].strip()))
                ln.x = xs[k] + self.table_pad
                if numeric:
                    ln.align, ln.width = "right", xs[k + 1] - xs[k] - 2 * self.table_pad
                    ln.x = xs[k + 1] - self.table_pad - self._width(ln.words, size)
                self._draw_line(ln, ty)
                ty += lh
        self.state.y = top + h

    def save(self, path: Path) -> Path:
        self._flush_footnotes()
        if self.carry:  # footnote text that never found room: a last page for it
            self.c.showPage()
            self.page_no += 1
            self.state = _PageState(self.lay.top, list(self.carry))
            self.carry = []
            self._furniture()
            self._flush_footnotes()
        self.c.save()
        path.write_bytes(self.buf.getvalue())
        return path


def rename_fonts(path: Path, new_name: str) -> Path:
    """Give every embedded font a new name (e.g. '.VnTime'), as a legacy-font PDF has."""
    import pikepdf

    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        for page in pdf.pages:
            for _key, f in page.Resources.Font.items():
                base = str(f.get("/BaseFont", ""))
                if "+" not in base:
                    continue
                prefix, family = base.lstrip("/").split("+", 1)
                style = family.split("-", 1)[1] if "-" in family else ""
                name = f"{prefix}+{new_name}" + (f",{style}" if style else "")
                f.BaseFont = pikepdf.Name("/" + name)
                if "/FontDescriptor" in f:
                    f.FontDescriptor.FontName = pikepdf.Name("/" + name)
        pdf.save(path)
    return path


def encrypt(path: Path, user_password: str = "secret") -> Path:
    import pikepdf

    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        pdf.save(path, encryption=pikepdf.Encryption(user=user_password, owner="owner"))
    return path


def empty_pdf(path: Path) -> Path:
    import pikepdf

    pdf = pikepdf.new()
    pdf.save(path)
    return path


def rasterise(src: Path, dst: Path, resolution: int = 150, pages: int | None = None) -> Path:
    """A scanned copy: every page becomes a grey picture (no text layer), as a scanner makes it."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(src))
    images = []
    for i in range(len(pdf) if pages is None else min(pages, len(pdf))):
        images.append(pdf[i].render(scale=resolution / 72).to_pil().convert("L"))
    pdf.close()
    images[0].save(dst, "PDF", resolution=float(resolution), save_all=True, append_images=images[1:])
    return dst


def one_column_header(b: ReportPdf, issuer: str, number: str, place: str, date: tuple[int, int, int]) -> None:
    """The header block printed in one column: issuer and number, then the motto, place and date, all centred."""
    day, month, year = date
    b.center(issuer, size=12)
    b.center(f"Số: {number}", bold=False, size=12)
    b.center("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=12)
    b.center("Độc lập - Tự do - Hạnh phúc", size=12)
    b.center(f"{place}, ngày {day} tháng {month} năm {year}", bold=False, italic=True, size=12)
    b.center("BÁO CÁO")
    b.center(f"Tình hình kinh tế - xã hội 6 tháng đầu năm {year}")


def official_header(b: ReportPdf, issuer: str, number: str, place: str, date: tuple[int, int, int]) -> None:
    """The header block, document type and title of a report (Nghị định 30/2020 layout)."""
    day, month, year = date
    b.two_columns([issuer, f"Số: {number}"],
                  ["**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**", "**Độc lập - Tự do - Hạnh phúc**",
                   f"//{place}, ngày {day} tháng {month} năm {year}//"])  # fmt: skip
    b.center("BÁO CÁO")
    b.center(f"Tình hình kinh tế - xã hội 6 tháng đầu năm {year}")
