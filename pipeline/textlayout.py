"""The plain text of a Document (`text.txt`): paragraphs, a rule, then `[n] footnote`, with offsets.

Segment reads the offsets to map sentences back to paragraphs and footnotes; publish writes the text.
"""

from __future__ import annotations

from .records import Document

FOOTNOTE_RULE = "—" * 10


def text_layout(doc: Document) -> tuple[str, list[int], list[int]]:
    """The plain text (paragraphs, a rule, then `[n] footnote`), with the offset where each
    paragraph's text and each footnote's text starts in it."""
    out: list[str] = []
    pos = 0
    para_starts: list[int] = []
    fn_starts: list[int] = []

    def add(block: str) -> None:
        nonlocal pos
        if out:
            out.append("\n\n")
            pos += 2
        out.append(block)
        pos += len(block)

    for p in doc.paragraphs:
        para_starts.append(pos + (2 if out else 0))
        add(p.text)
    if doc.footnotes:
        add(FOOTNOTE_RULE)
        for fn in doc.footnotes:
            prefix = f"[{fn.number}] "
            fn_starts.append(pos + (2 if out else 0) + len(prefix))
            add(prefix + fn.text)
    return "".join(out) + "\n", para_starts, fn_starts


def document_text(doc: Document) -> str:
    """The plain text: paragraphs, then the footnotes, one block per paragraph."""
    return text_layout(doc)[0]
