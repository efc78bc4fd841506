"""Parse stage: a report PDF becomes a Document (characters, lines, paragraphs, footnotes, tables' regions)."""

from .pdf import (
    Crop,
    Highlight,
    Limits,
    OcrOptions,
    check_file,
    document_text,
    load_chars,
    pdf_to_document,
    render_crops,
    report_id_for,
    text_layout,
)

__all__ = [
    "Crop", "Highlight", "Limits", "OcrOptions", "check_file", "document_text", "load_chars",
    "pdf_to_document", "render_crops", "report_id_for", "text_layout",
]  # fmt: skip
