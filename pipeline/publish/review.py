"""review.html: one self-contained page for a reviewer, from a report's inputs.

inputs_to_items      every check with its operands and decision (review_items)
items_with_pictures  the failed checks' operands as boxed PDF pictures (review_pictures)
render               the page itself (review_page)
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from ..rules import Rules
from ..validate import rule_book
from .inputs import Inputs
from .review_items import Item, Operand, inputs_to_items
from .review_page import render
from .review_pictures import check_pdf, find_pdf, items_with_pictures

FILE = "review.html"


def build(
    folder: Path, pdf: Path | None, inp: Inputs, *, rules: Rules | None = None, lang: str = "vi"
) -> tuple[Path, bool]:
    """Write review.html into the report folder (in `lang`: vi or en); (path, whether the source PDF was found)."""
    items = inputs_to_items(inp)
    source = find_pdf(folder, inp.document, pdf)
    if source is not None:
        items = items_with_pictures(items, source)
    else:
        items = [replace(item, pdf_missing=True) for item in items]
    book = rule_book(rules)
    page = render(inp.document, items, inp.applied, source is not None, book, lang)
    out = folder / FILE
    out.write_text(page, encoding="utf-8")
    return out, source is not None


__all__ = ["FILE", "Item", "Operand", "build", "check_pdf", "find_pdf", "inputs_to_items", "render"]
