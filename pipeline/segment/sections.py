"""Segment stage: section tree, sentences and footnote anchors.

    document_to_sections  paragraphs -> headings (numbering grammar + typography), run-in
                          headings split from their body, attached parts (appendix tables,
                          resolutions) as level-1 parts
    sections_to_sentences underthesea's sent_tokenize on protected text, offsets mapped back
    anchor_footnotes      each footnote to the sentence holding its marker

Levels (output contract): 1 PHẦN / attached part, 2 I. / Điều, 3 I.1., 4 1., 5 1.1., 6 1.1.1. and
(a)/a). '-' and '+' lines and (1) … (8) are list items, never sections.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from ..parse.metadata import doc_type_of
from ..records import Document, Footnote, Note, Paragraph
from ..textlayout import text_layout
from ..vi.textnorm import strip_accents

# --------------------------------------------------------------------------------------
# records


@dataclass(frozen=True, slots=True)
class Section:
    section_id: str
    order: int
    numbering: str
    title: str
    level: int
    parent_id: str | None
    page: int
    paragraph: int  # pid of the heading paragraph
    path: str  # numberings from the top: "PHẦN THỨ NHẤT/I./I.1./1./1.1."
    kind: str = "heading"  # heading | part


@dataclass(frozen=True, slots=True)
class Sentence:
    sentence_id: str
    section_id: str | None
    page: int
    footnote: int | None
    text: str
    kind: str  # heading | body | footnote | front | signature
    paragraph: int | None  # pid, None for footnote sentences
    start: int  # offsets in the paragraph's (or footnote's) text
    end: int
    doc_start: int  # offsets in text.txt
    doc_end: int
    pages: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class Anchor:
    footnote: int
    sentence_id: str | None
    page: int | None
    context: str  # up to 8 words before the marker


@dataclass(frozen=True)
class Segmented:
    sections: tuple[Section, ...]
    sentences: tuple[Sentence, ...]
    anchors: tuple[Anchor, ...]
    notes: tuple[Note, ...] = ()
    heading_of: dict[int, tuple[str, int]] = field(default_factory=dict)  # pid -> (section_id, split)


# --------------------------------------------------------------------------------------
# headings

UPPER = "A-ZĐÀÁẢÃẠĂẮẰẲẴẶÂẤẦẨẪẬÈÉẺẼẸÊẾỀỂỄỆÌÍỈĨỊÒÓỎÕỌÔỐỒỔỖỘƠỚỜỞỠỢÙÚỦŨỤƯỨỪỬỮỰỲÝỶỸỴ"
_ORDINALS = r"(?:THỨ\s+(?:NHẤT|HAI|BA|BỐN|TƯ|NĂM|SÁU|BẢY|TÁM|CHÍN|MƯỜI)|[IVXLC]+|\d+)"
HEADING_PATTERNS: tuple[tuple[str, int, re.Pattern[str]], ...] = (
    ("part", 1, re.compile(r"^(PHẦN\s+" + _ORDINALS + r")\s*[:.\-–]?\s*", re.IGNORECASE)),
    ("roman_sub", 3, re.compile(r"^([IVXLC]+\.\d+)\.?\s+(?=\S)")),
    ("roman", 2, re.compile(r"^([IVXLC]+)[.\-–]\s+(?=\S)")),
    ("article", 2, re.compile(r"^(Điều\s+\d+\.?)\s*:?\s*(?=\S)")),
    ("num3", 6, re.compile(r"^(\d{1,2}\.\d{1,2}\.\d{1,2})\.?\s+(?=\D)")),
    ("num2", 5, re.compile(r"^(\d{1,2}\.\d{1,2})\.?\s+(?=\D)")),
    ("num1", 4, re.compile(r"^(\d{1,2})[.\-–]\s+(?=\D)")),
    ("letter", 6, re.compile(r"^(\([a-zđ]\)|[a-zđ]\))\s+(?=\S)")),
    ("capital", 1, re.compile(r"^([A-H])\.\s+(?=[" + UPPER + r"])")),
)
_RUNIN_RE = re.compile(r"^(?P<title>[^.;:!?]{2,140}?):\s+(?=\S)")
_LIST_RE = re.compile(r"^[-+•–]\s")
_APPENDIX_RE = re.compile(r"^PHỤ\s+LỤC\b.*|^Phụ\s+lục\b.*", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Heading:
    kind: str
    level: int
    numbering: str
    title: str
    split: int  # where the heading ends in the paragraph text (run-in headings have a body after)


def match_heading(p: Paragraph) -> Heading | None:
    """The heading a paragraph opens with, or None for body text and list items."""
    text = p.text.strip()
    if not text or _LIST_RE.match(text):
        return None
    for kind, level, rx in HEADING_PATTERNS:
        m = rx.match(text)
        if not m:
            continue
        numbering = re.sub(r"\s+", " ", m.group(1))
        if kind in ("num1", "num2", "num3", "roman", "roman_sub") and not numbering.endswith("."):
            numbering += "."
        rest = text[m.end() :]
        if kind == "part":
            return Heading(kind, level, numbering.upper(), rest.strip(" :.-–"), len(p.text))
        if kind == "capital" and not (p.bold and _mostly_upper(rest)):
            return None
        return _classify(p, kind, level, numbering, m.end(), rest)
    return None


def _mostly_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= 0.7 * len(letters)


def _classify(p: Paragraph, kind: str, level: int, numbering: str, start: int, rest: str) -> Heading | None:
    """Standalone heading, run-in heading ('1.1. Cây lương thực: Tổng …') or a numbered body item."""
    lead = p.styled_prefix()
    styled = (p.bold or p.italic) and not lead
    short = len(rest) <= 200 and not re.search(r"[.!?]\s+\S", rest)
    if styled and (short or _mostly_upper(rest) or (len(rest) <= 500 and not re.search(r"[.!?]\s+\S", rest))):
        return Heading(kind, level, numbering, _clean_title(rest), len(p.text))
    m = _RUNIN_RE.match(rest)
    if m and (styled or lead or len(m.group("title").split()) <= 30):
        return Heading(kind, level, numbering, m.group("title").strip(), start + m.end("title") + 1)
    if lead > start + 2:  # a bold or italic lead-in without a colon
        title = _clean_title(p.text[start:lead])
        if title and len(title.split()) <= 30:
            return Heading(kind, level, numbering, title, lead)
    if styled:
        return None
    if kind == "article":
        return Heading(kind, level, numbering, rest.strip(), len(p.text)) if short else None
    if short and len(rest) <= 160 and not rest.rstrip().endswith((".", ";", ",")):
        return Heading(kind, level, numbering, _clean_title(rest), len(p.text))
    return None


def _clean_title(text: str) -> str:
    return text.strip().rstrip(":").strip()


def _table_title(doc: Document, i: int) -> bool:
    """A bold title printed right above an appendix table (its caption may sit between)."""
    p = doc.paragraphs[i]
    if not (p.bold and (_mostly_upper(p.text) or _APPENDIX_RE.match(p.text))):
        return False
    last = p.spans[-1]
    tables = [t for t in doc.tables if t.page == last.page and t.bbox.top >= last.bbox.bottom - 1]
    if not tables:
        return False
    first = min(tables, key=lambda t: t.bbox.top)
    between = [
        q
        for q in doc.paragraphs[i + 1 :]
        if q.page == last.page and last.bbox.bottom <= q.spans[0].bbox.top < first.bbox.top
    ]
    return all(q.italic or q.text.startswith("(") for q in between) and len(between) <= 2


def document_to_sections(doc: Document) -> tuple[list[Section], dict[int, tuple[str | None, int, str]]]:
    """Sections of the report, and for each paragraph (pid) its section id, the length of its
    heading part (0 for body paragraphs) and its sentence kind."""
    sections: list[Section] = []
    stack: list[Section] = []
    where: dict[int, tuple[str | None, int, str]] = {}
    paragraphs = doc.paragraphs
    main_done = False  # the main document's signature block has been read
    i = 0

    def open_section(numbering: str, title: str, level: int, pid: int, kind: str = "heading") -> Section:
        while stack and stack[-1].level >= level:
            stack.pop()
        parent = stack[-1] if stack else None
        order = len(sections) + 1
        path = "/".join([*(s.numbering or _short(s.title) for s in stack), numbering or _short(title)])
        sec = Section(
            f"sec-{order:03d}", order, numbering, title, level,
            parent.section_id if parent else None, paragraphs[pid].page, pid, path, kind,
        )  # fmt: skip
        sections.append(sec)
        stack.append(sec)
        return sec

    front = True
    while i < len(paragraphs):
        p = paragraphs[i]
        if p.role == "header":
            where[p.pid] = (None, 0, "front")
            i += 1
            continue
        if p.role == "signature":
            where[p.pid] = (None, 0, "signature")
            main_done = True
            i += 1
            continue
        if p.role == "doc_type":
            if front and not sections:
                where[p.pid] = (None, 0, "front")
                i += 1
                while i < len(paragraphs) and paragraphs[i].role == "title":
                    where[paragraphs[i].pid] = (None, 0, "front")
                    i += 1
                continue
            # an attached document (resolution, decision): a level-1 part of its own
            kind = doc_type_of(p.text)
            j = i + 1
            titles = []
            while j < len(paragraphs) and paragraphs[j].role == "title":
                titles.append(paragraphs[j])
                j += 1
            title = (kind[1] if kind and kind[1] else "") or (titles[0].text if titles else "")
            sec = open_section(kind[0] if kind else p.text, title, 1, p.pid, "part")
            for q in (p, *titles):
                where[q.pid] = (sec.section_id, len(q.text), "heading")
            i = j
            continue
        front = False
        if _table_title(doc, i) and (main_done or _APPENDIX_RE.match(p.text) or _captioned(paragraphs, i)):
            m = _APPENDIX_RE.match(p.text)
            sec = open_section(m.group(0).strip() if m and len(p.text) < 40 else "", p.text, 1, p.pid, "part")
            where[p.pid] = (sec.section_id, len(p.text), "heading")
            i += 1
            continue
        h = match_heading(p)
        if h is None:
            where[p.pid] = (stack[-1].section_id if stack else None, 0, "body")
            i += 1
            continue
        title = h.title
        consumed = [p]
        if h.kind == "part" and not title and i + 1 < len(paragraphs):
            nxt = paragraphs[i + 1]
            if nxt.role == "body" and (nxt.bold or nxt.centered) and match_heading(nxt) is None:
                title = nxt.text.strip()
                consumed.append(nxt)
        sec = open_section(h.numbering, title, h.level, p.pid, "part" if h.kind == "part" else "heading")
        where[p.pid] = (sec.section_id, h.split, "heading")
        for q in consumed[1:]:
            where[q.pid] = (sec.section_id, len(q.text), "heading")
        i += len(consumed)
    return sections, where


def _short(title: str, width: int = 40) -> str:
    if len(title) <= width:
        return title
    cut = title[:width].rsplit(" ", 1)[0]
    return cut + "…"


def _captioned(paragraphs: Sequence[Paragraph], i: int) -> bool:
    nxt = paragraphs[i + 1] if i + 1 < len(paragraphs) else None
    return bool(nxt and re.match(r"^\(\s*Kèm\s+theo", nxt.text, re.IGNORECASE))


# --------------------------------------------------------------------------------------
# sentences

_PROTECT = [
    re.compile(r"(?:https?://|www\.)[^\s,;()]+[^\s,;().]", re.IGNORECASE),  # URLs
    re.compile(r"\b[\w-]+(?:\.[\w-]+)*\.(?:vn|com|net|org|gov|edu|int)\b(?:/[^\s,;()]*)?", re.IGNORECASE),
    re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"),  # e-mail
    # unit abbreviations written with a dot: tr.đồng, tấn.km, HK.Km, người.km, Triệu.Kwh, ng.đồng
    re.compile(r"\b\w+\.(?:km|Km|KM|kwh|Kwh|kWh|KWh|đồng|đ|người|lượt|tấn)\b"),
    # abbreviations that end with a dot: TP. Hồ Chí Minh, TX. Mường Lay, TM. Ủy ban, v.v.
    re.compile(
        r"(?<![\w.])(?:TP|Tp|TX|Tx|TT|Q|P|TM|KT|TL|TUQ|Tr|tr|ThS|TS|PGS|GS|BS|KS|CN|St|Th\.S|v\.v|Đ/c|đ/c|No|Nxb|NXB)\."
    ),
    # heading numbers and article numbers at the start of a paragraph: 2.1. | I.1. | Điều 1.
    re.compile(r"^(?:Điều\s+\d+|Khoản\s+\d+|[IVXLC]+(?:\.\d+)*|\d+(?:\.\d+)*)\.(?=\s)"),
    # initials in names: Nguyễn V. A.
    re.compile(r"\b[A-ZĐ]\.(?=\s*[A-ZĐ]\.)"),
]
_MASK = "\u00b7"


def protect(text: str) -> str:
    """Same-length copy of `text` in which dots that must not end a sentence are masked."""
    chars = list(text)
    for rx in _PROTECT:
        for m in rx.finditer(text):
            for k in range(m.start(), m.end()):
                if chars[k] in ".!?":
                    chars[k] = _MASK
    return "".join(chars)


@lru_cache(maxsize=1)
def word_tokenizer() -> Callable[[str], list[str]]:
    from underthesea import sent_tokenize

    return sent_tokenize


def _key(text: str) -> list[str]:
    """Characters that survive any rewriting the tokenizer may do: no spaces, no accents."""
    return [c for c in strip_accents(text).lower() if not c.isspace()]


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans [start, end) of `text`, from underthesea on a protected copy, mapped back
    onto the original characters (the tokenizer may move tone marks or spaces)."""
    if not text.strip():
        return []
    masked = protect(text)
    pieces = word_tokenizer()(masked)
    # positions in `text` of the non-space characters, in order
    nonspace = [k for k, c in enumerate(text) if not c.isspace()]
    spans: list[tuple[int, int]] = []
    pos = 0
    for piece in pieces:
        n = len(_key(piece))
        if n == 0:
            continue
        if pos + n > len(nonspace):
            n = len(nonspace) - pos
        if n <= 0:
            break
        start = nonspace[pos]
        end = nonspace[pos + n - 1] + 1
        spans.append((start, end))
        pos += n
    if pos < len(nonspace):  # whatever the tokenizer dropped stays in the last sentence
        if spans:
            spans[-1] = (spans[-1][0], nonspace[-1] + 1)
        else:
            spans.append((nonspace[0], nonspace[-1] + 1))
    return _merge_spans(text, spans)


def _merge_spans(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Undo splits a reader would not make: before a lowercase word, after a bare number."""
    out: list[tuple[int, int]] = []
    for s, e in spans:
        if out:
            prev = text[out[-1][0] : out[-1][1]]
            head = text[s:e].lstrip()
            if (
                not any(c.isalnum() for c in head)
                or head[:1].islower()
                or re.fullmatch(r"[\dIVXLC.()]+", prev.strip())
                or prev.rstrip().endswith(("TP.", "TM.", "Tp.", "TX."))
            ):
                out[-1] = (out[-1][0], e)
                continue
        out.append((s, e))
    return out


# --------------------------------------------------------------------------------------
# the stage


def document_to_segments(doc: Document) -> Segmented:
    sections, where = document_to_sections(doc)
    _text, para_starts, fn_starts = text_layout(doc)
    sentences: list[Sentence] = []
    notes: list[Note] = []
    by_para: dict[int, list[Sentence]] = {}

    def add(
        sec_id: str | None, page: int, fn: int | None, text: str, kind: str, pid: int | None,
        start: int, end: int, doc_base: int, pages: tuple[int, ...],
    ) -> Sentence:  # fmt: skip
        sid = f"sen-{len(sentences) + 1:05d}"
        s = Sentence(sid, sec_id, page, fn, text, kind, pid, start, end, doc_base + start, doc_base + end, pages)
        sentences.append(s)
        if pid is not None:
            by_para.setdefault(pid, []).append(s)
        return s

    for p in doc.paragraphs:
        sec_id, split, kind = where.get(p.pid, (None, 0, "body"))
        base = para_starts[p.pid]
        pieces: list[tuple[int, int, str]] = []
        if split:
            head_end = min(split, len(p.text))
            pieces.append((0, head_end, "heading"))
            rest_start = head_end + (len(p.text[head_end:]) - len(p.text[head_end:].lstrip()))
            if rest_start < len(p.text):
                pieces.extend((s + rest_start, e + rest_start, "body") for s, e in split_sentences(p.text[rest_start:]))
        elif kind in ("front", "signature"):
            pieces.append((0, len(p.text), kind))
        else:
            pieces.extend((s, e, kind) for s, e in split_sentences(p.text))
        for s, e, k in pieces:
            text = p.text[s:e].strip()
            if not text:
                continue
            pages = tuple(sorted({sp.page for sp in p.spans if sp.start < e and sp.end > s}))
            add(sec_id, p.page_at(s), None, text, k, p.pid, s, e, base, pages or (p.page,))

    anchors: list[Anchor] = []
    anchor_section: dict[int, str | None] = {}
    for fn in doc.footnotes:
        if fn.anchor is None:
            anchors.append(Anchor(fn.number, None, None, ""))
            continue
        link = fn.anchor
        para = doc.paragraphs[link.paragraph]
        cands = by_para.get(para.pid, [])
        hit = next((s for s in cands if s.start <= link.offset <= s.end), None)
        if hit is None and cands:
            hit = min(cands, key=lambda s: min(abs(s.start - link.offset), abs(s.end - link.offset)))
        words = para.text[: link.offset].split()[-8:]
        anchors.append(Anchor(fn.number, hit.sentence_id if hit else None, link.page, " ".join(words)))
        anchor_section[fn.number] = hit.section_id if hit else None
        if hit is None:
            notes.append(
                Note(
                    code="footnote-anchor",
                    message=f"no sentence holds the marker of footnote {fn.number}",
                    page=fn.page,
                )
            )

    for fn, base in zip(doc.footnotes, fn_starts, strict=True):
        for s, e in split_sentences(fn.text):
            text = fn.text[s:e].strip()
            if not text:
                continue
            page = _footnote_page(fn, s)
            add(anchor_section.get(fn.number), page, fn.number, text, "footnote", None, s, e, base, (page,))

    heading_of = {sec.paragraph: (sec.section_id, where[sec.paragraph][1]) for sec in sections}
    return Segmented(tuple(sections), tuple(sentences), tuple(anchors), tuple(notes), heading_of)


def _footnote_page(fn: Footnote, offset: int) -> int:
    for s in fn.spans:
        if offset < s.end:
            return int(s.page)
    return int(fn.spans[-1].page)
