"""Parse stage: a report PDF becomes a Document (characters, lines, paragraphs, footnotes, tables' regions).

document    pdf_to_document: check and open the file, read its pages, OCR scans, refuse unconvertible fonts
pdf         reading the file (the only pdfplumber user): checks, characters, rules, ruled tables; page pictures
scans, ocr  OCR of scanned pages: scheduling on a thread pool; Tesseract itself
chars, grid characters and their fonts' encodings; a ruled table's cells and characters made a grid
lines       characters -> text lines (rows, segments, converted text, styles); raised: markers and m²
assemble    raw pages -> Document: furniture, footnotes, stats, flows, paragraphs, roles, parts, links, metadata
parts       the documents one PDF holds: each header block opens a part; footnotes linked within their part
"""

from .document import pdf_to_document, report_id_for
from .limits import Limits
from .pdf import Crop, Highlight, check_file, load_chars, render_crops
from .scans import OcrOptions

__all__ = [
    "Crop", "Highlight", "Limits", "OcrOptions", "check_file", "load_chars",
    "pdf_to_document", "render_crops", "report_id_for",
]  # fmt: skip
