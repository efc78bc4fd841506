"""The review page's pictures: the PDF regions of each failed check's operands, figures boxed
(rendered by parse.render_crops), and finding the report's PDF again."""

from __future__ import annotations

import base64
import hashlib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from .. import errors, parse
from ..records import BBox
from .review_items import Item

GAP = 120.0  # points: operands further apart on a page get pictures of their own


def page_groups(highlights: list[parse.Highlight]) -> list[tuple[parse.Highlight, ...]]:
    """The highlights of one page, top to bottom, in groups of nearby lines (GAP apart at most)."""
    groups: list[tuple[parse.Highlight, ...]] = []
    group: list[parse.Highlight] = []
    for h in sorted(highlights, key=lambda h: h.bbox.top):
        if group and h.bbox.top - max(g.bbox.bottom for g in group) > GAP:
            groups.append(tuple(group))
            group = []
        group.append(h)
    groups.append(tuple(group))
    return groups


def item_highlights(item: Item) -> dict[int, list[parse.Highlight]]:
    """Page -> the boxes of the item's operands on it (a figure boxed with its printed text)."""
    by_page: dict[int, list[parse.Highlight]] = defaultdict(list)
    for op in item.operands:
        if op.bbox is not None and op.bbox_page is not None:
            text = op.raw if op.raw[:1].isdigit() else None
            if not any(h.bbox == op.bbox and h.text == text for h in by_page[op.bbox_page]):
                by_page[op.bbox_page].append(parse.Highlight(op.bbox, text))
    return by_page


def item_headers(item: Item) -> dict[int, list[BBox]]:
    """Page -> the column headers of the tables whose cells the item compares."""
    out: dict[int, list[BBox]] = defaultdict(list)
    for op in item.operands:
        if op.header is not None and op.header[1] not in out[op.header[0]]:
            out[op.header[0]].append(op.header[1])
    return out


def _near(group: Sequence[parse.Highlight], box: BBox) -> bool:
    """A header belongs in the picture of a group of cells printed below it on the page."""
    return any(0 <= h.bbox.top - box.bottom < 600 for h in group)


def items_to_crops(items: Sequence[Item]) -> list[tuple[Item, parse.Crop]]:
    """Pictures of each failed check's operands, boxed: one per page, or per group of nearby lines
    (a figure in the body and its footnote at the page bottom are two pictures); a picture of table
    cells spans the table's column header too (a header printed on another page gets its own)."""
    out = []
    for item in items:
        if item.status != "fail":
            continue
        headers = item_headers(item)
        shown: set[tuple[int, BBox]] = set()
        for page, highlights in sorted(item_highlights(item).items()):
            for group in page_groups(highlights):
                keep = tuple(b for b in headers.get(page, []) if _near(group, b))
                shown.update((page, b) for b in keep)
                out.append((item, parse.Crop(page, group, keep=keep)))
        out += [
            (item, parse.Crop(page, (), keep=(b,), margin=6.0))
            for page, boxes in sorted(headers.items())
            for b in boxes
            if (page, b) not in shown
        ]
    return out


def items_with_pictures(items: Sequence[Item], pdf: Path) -> list[Item]:
    """The items, each failed one with its pictures (PNG data URIs) from `pdf`."""
    jobs = items_to_crops(items)
    images = parse.render_crops(pdf, [crop for _item, crop in jobs])
    pictures: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for (item, crop), png in zip(jobs, images, strict=True):
        if png:
            pictures[id(item)].append((crop.page, "data:image/png;base64," + base64.b64encode(png).decode("ascii")))
    return [replace(item, pictures=(*item.pictures, *pictures[id(item)])) for item in items]


def check_pdf(pdf: Path, document: dict[str, Any]) -> None:
    """Refuse a PDF given for a report folder that is not a PDF, or not the report's (another sha256
    than document.json records)."""
    data = pdf.read_bytes()
    if b"%PDF-" not in data[:1024]:
        raise errors.NotAPdfError(str(pdf), "not a PDF (no %PDF- header); give the report's PDF")
    source = document.get("source") or {}
    digest = hashlib.sha256(data).hexdigest()
    if source.get("sha256") and digest != source["sha256"]:
        raise errors.WrongPdfError(
            str(pdf),
            f"not this report's PDF: sha256 {digest[:12]}… differs from {source['sha256'][:12]}… of "
            f"{source.get('file') or 'the extracted file'} in document.json",
        )


def find_pdf(folder: Path, document: dict[str, Any], pdf: Path | None = None) -> Path | None:
    """The report's PDF: the one given, the path recorded at extraction, or raw/<file>; it must
    have the recorded content (sha256)."""
    source = document.get("source") or {}
    candidates = [pdf] if pdf else []
    if source.get("path"):
        candidates.append(Path(source["path"]))
    if source.get("file"):
        candidates += [Path("raw") / source["file"], folder.parent.parent / "raw" / source["file"]]
    for c in candidates:
        if c is not None and c.is_file():
            if pdf is not None and c == pdf:
                return c
            if hashlib.sha256(c.read_bytes()).hexdigest() == source.get("sha256"):
                return c
    return None


__all__ = ["check_pdf", "find_pdf", "items_to_crops", "items_with_pictures"]
