"""Small Word files built by the tests: a flat OpenDocument text (.fodt) written by hand, turned
into .docx/.odt by LibreOffice, the way provincial offices' Word reports look: the two-column
header block, bold headings, justified paragraphs with real footnotes, and a ruled table."""

from __future__ import annotations

import subprocess
import tempfile
from html import escape
from pathlib import Path

_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.text">
<office:font-face-decls>
 <style:font-face style:name="DejaVu Serif" svg:font-family="'DejaVu Serif'"
  xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"/>
</office:font-face-decls>
<office:styles>
 <style:default-style style:family="paragraph">
  <style:paragraph-properties fo:margin-top="0.15cm" fo:margin-bottom="0.15cm"/>
  <style:text-properties style:font-name="DejaVu Serif" fo:font-size="13pt" fo:language="vi" fo:country="VN"/>
 </style:default-style>
 <style:style style:name="Footnote" style:family="paragraph">
  <style:text-properties fo:font-size="10pt"/>
 </style:style>
</office:styles>
<office:automatic-styles>
 <style:style style:name="C" style:family="paragraph"><style:paragraph-properties fo:text-align="center"/></style:style>
 <style:style style:name="CB" style:family="paragraph"><style:paragraph-properties fo:text-align="center"/>
  <style:text-properties fo:font-weight="bold"/></style:style>
 <style:style style:name="H" style:family="paragraph"><style:paragraph-properties fo:text-align="justify"
  fo:text-indent="1cm"/><style:text-properties fo:font-weight="bold"/></style:style>
 <style:style style:name="P" style:family="paragraph"><style:paragraph-properties fo:text-align="justify"
  fo:text-indent="1cm"/></style:style>
 <style:style style:name="PB" style:family="paragraph"><style:paragraph-properties fo:text-align="center"
  fo:break-before="page"/><style:text-properties fo:font-weight="bold"/></style:style>
 <style:style style:name="TB" style:family="table-cell"><style:table-cell-properties fo:border="0.5pt solid #000000"
  fo:padding="0.05cm"/></style:style>
 <style:style style:name="TN" style:family="table-cell"><style:table-cell-properties fo:border="none"/></style:style>
</office:automatic-styles>
<office:body><office:text>
"""
_TAIL = "</office:text></office:body></office:document>\n"


def _p(style: str, text: str) -> str:
    return f'<text:p text:style-name="{style}">{text}</text:p>\n'


def _with_notes(text: str, notes: dict[int, str]) -> str:
    """`[^n]` in the text becomes a real footnote with the text of notes[n]."""
    out = escape(text)
    for n, note in notes.items():
        out = out.replace(
            f"[^{n}]",
            f'<text:note text:id="ftn{n}" text:note-class="footnote"><text:note-citation>{n}</text:note-citation>'
            f'<text:note-body><text:p text:style-name="Footnote">{escape(note)}</text:p></text:note-body></text:note>',
        )
    return out


def _cell(style: str, text: str, para: str = "P") -> str:
    lines = "".join(_p(para, escape(t)) for t in text.split("\n"))
    return f'<table:table-cell table:style-name="{style}" office:value-type="string">{lines}</table:table-cell>'


def report_fodt(
    path: Path,
    *,
    issuer: str,
    number: str,
    place_date: str,
    title: str,
    body: list[tuple[str, str, dict[int, str]]],
    table: list[list[str]] | None = None,
    table_title: str = "",
) -> Path:
    """A report: header block, BÁO CÁO + title, then ('h'|'hc'|'p', text, footnotes) items (hc: a
    centred heading) and a ruled table."""
    parts = [_HEAD, '<table:table table:name="header"><table:table-column table:number-columns-repeated="2"/>']
    parts.append("<table:table-row>" + _cell("TN", f"{issuer}\nSố: {number}", "CB")
                 + _cell("TN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc", "CB")
                 + "</table:table-row>")  # fmt: skip
    parts.append("<table:table-row>" + _cell("TN", "", "C") + _cell("TN", place_date, "C") + "</table:table-row>")
    parts.append("</table:table>\n")
    parts += [_p("CB", "BÁO CÁO"), _p("CB", escape(title))]
    for kind, text, notes in body:
        parts.append(_p({"h": "H", "hc": "CB"}.get(kind, "P"), _with_notes(text, notes)))
    if table:
        parts.append(_p("PB", escape(table_title)))
        parts.append(
            f'<table:table table:name="t1"><table:table-column table:number-columns-repeated="{len(table[0])}"/>'
        )
        for row in table:
            parts.append("<table:table-row>" + "".join(_cell("TB", c, "C") for c in row) + "</table:table-row>")
        parts.append("</table:table>\n")
    parts.append(_TAIL)
    path.write_text("".join(parts), encoding="utf-8")
    return path


def convert(src: Path, fmt: str, outdir: Path) -> Path:
    """LibreOffice converts `src` to `fmt` (docx, odt, doc) in `outdir`."""
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            ["soffice", "--headless", "--norestore", f"-env:UserInstallation=file://{profile}", "--convert-to", fmt,
             "--outdir", str(outdir), str(src)],
            check=True, capture_output=True, timeout=300,
        )  # fmt: skip
    return outdir / f"{src.stem}.{fmt}"
