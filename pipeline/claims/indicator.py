"""The measured subject of a number ("indicator"), in the report's own words.

Vietnamese report clauses come in a few shapes, read here in this order:

- bracketed follow-ups: `… 39.330 ha (đạt tỷ lệ 41%)` → tỷ lệ + the indicator before the bracket;
  `huyện Tuần Giáo (564,52ha)` → the governing indicator + " - huyện Tuần Giáo";
- counted nouns: `04 xã đạt chuẩn nông thôn mới nâng cao` → `xã đạt chuẩn nông thôn mới nâng cao`;
- subject + predicate: `Tổng sản lượng lương thực ước đạt 130.032,83 tấn` → `tổng sản lượng lương thực`;
- a measure phrase right before the number: `Diện tích cà phê 2.758,56 ha`;
- an object: `chăm sóc 734 ha rừng trồng` → `diện tích chăm sóc rừng trồng` (ha → diện tích);
- continuation clauses (`, tăng 8,75%`, `, đạt 46,12% kế hoạch`) carry the subject before them.

A generic subject ("Diện tích", "Sản lượng") takes the item label of its paragraph
(`- Lúa Đông xuân: …`) or, in a footnote, the indicator its marker stands on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

PREDICATES = (
    "ước đạt", "ước tính", "ước thực hiện", "dự ước", "đạt", "là", "chiếm", "tăng", "giảm", "bằng", "vượt",
    "thấp hơn", "cao hơn", "nhiều hơn", "ít hơn",
)  # fmt: skip
NOT_PREDICATE_AFTER = {"tăng": ("trưởng", "cường", "giá"), "giảm": ("nghèo", "thiểu")}
MEASURE_HEADS = (
    "tổng số", "tổng", "số lượng", "số", "diện tích", "sản lượng", "năng suất", "giá trị", "tỷ lệ", "tỉ lệ",
    "tỷ trọng", "doanh thu", "kim ngạch", "công suất", "khối lượng", "trọng lượng", "thu nhập", "tốc độ",
    "lượng", "vốn", "dư nợ", "nguồn vốn", "chỉ số", "mức",
)  # fmt: skip
CONNECTORS = ("với", "của", "thuộc", "tại", "gồm", "trong đó", "và", "do", "ở")
STOP_AFTER = re.compile(
    r"\s(?:so|với|và|cà|của|thuộc|gồm|trong|do|theo|tại|để|nhằm|bằng|từ|đến|cho|khi|nhưng|hoặc|như)(?=\s|$)"
)
FUNCTION_WORDS = frozenset(
    ["tại", "cho", "của", "với", "gồm", "thuộc", "trong", "có", "là", "được", "toàn", "tỉnh", "đã", "tốt", "các",
     "những", "về", "ở", "từ", "đến", "nay", "đó", "khoảng", "ước", "dự", "trên", "hơn", "gần"]
)  # fmt: skip
_LEAD_JUNK = re.compile(
    r"^(?:\(?\d{1,2}\)\s*|[a-zđ]\)\s*|[-+•]\s*|\d+(?:\.\d+)*\.\s+|trong\s+đó\s*:?\s*|cụ\s+thể\s*:?\s*|và\s+|còn\s+|"
    r"riêng\s+|đối\s+với\s+|về\s+|với\s+|tiếp\s+tục\s+|đến\s+nay,?\s*|hiện\s+nay,?\s*|hiện\s+|"
    r"toàn\s+tỉnh\s+(?:có\s+)?|từ\s+đầu\s+năm\s+đến\s+nay\s*|lũy\s+kế\s+|luỹ\s+kế\s+|"
    r"trong\s+\d+\s+tháng[^,]*?,\s*|dự\s+ước(?:\s+|$)|ước(?:\s+|$)|(?:tính\s+)?đến\s+(?:ngày\s+|hết\s+)?\d{1,2}/\d{1,2}/\d{4}\s*|"
    r"tại\s+|ở\s+)+",
    re.IGNORECASE,
)
_TAIL_JUNK = re.compile(
    r"(?:\s+(?:trên\s+địa\s+bàn(?:\s+tỉnh)?|toàn\s+tỉnh|của\s+tỉnh|lũy\s+kế|luỹ\s+kế|ước|dự\s+ước|khoảng|"
    r"(?:trong\s+)?\d+\s+tháng\s+(?:đầu|cuối)\s+năm(?:\s+\d{4})?|năm\s+\d{4}|hiện\s+có|đến\s+nay|tính\s+đến[^,]*|"
    r"\(theo\s+giá[^)]*\)|ước\s+thực\s+hiện|(?:tính\s+)?đến\s+(?:ngày\s+|hết\s+)?\d{1,2}/\d{1,2}/\d{4}))+\s*$",
    re.IGNORECASE,
)
GENERIC = re.compile(
    r"^(?:tổng\s+)?(?:diện\s+tích|sản\s+lượng|năng\s+suất|tổng\s+đàn|giá\s+trị|số\s+lượng|doanh\s+thu|tỷ\s+lệ|số)"
    r"(?:\s+(?:gieo\s+trồng|gieo\s+cấy|trồng\s+mới|thu\s+hoạch|nuôi\s+trồng|khai\s+thác|tăng|giảm))?$",
    re.IGNORECASE,
)
MEASURE_FOR_UNIT = {"ha": "diện tích", "m2": "diện tích", "tấn": "sản lượng", "kg": "khối lượng", "m3": "khối lượng"}


def tidy(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip(" ,;:.-")
    prev = None
    while prev != text:
        prev = text
        text = _LEAD_JUNK.sub("", text).strip(" ,;:.-")
        text = _TAIL_JUNK.sub("", text).strip(" ,;:.-")
    if text.count("(") > text.count(")"):
        text = text[: text.rfind("(")].strip()
    return lower_first(text)


def lower_first(text: str) -> str:
    if not text:
        return text
    first = text.split(" ", 1)[0]
    if (len(first) > 1 and first.isupper()) or any(ch.isdigit() for ch in first):
        return text
    return text[:1].lower() + text[1:]


def first_predicate(seg: str) -> int | None:
    """Where the first predicate starts; a hedge opening the clause ('Dự ước tổng thu … đạt')
    does not count when another predicate follows."""
    found = sorted(
        m.start()
        for p in PREDICATES
        for m in re.finditer(r"(?<![\wĐđ])" + re.escape(p) + r"(?![\wĐđ])", seg, re.IGNORECASE)
        if not seg[m.end() :].lower().lstrip().startswith(NOT_PREDICATE_AFTER.get(p, ("\0",)))
    )
    if not found:
        return None
    for pos in found:
        if seg[:pos].strip() or pos == found[-1]:
            return pos
        if not re.match(r"(?:dự\s+ước|ước\s+tính|ước)\b", seg[pos:], re.IGNORECASE):
            return pos
    return found[0]


def from_measure_head(text: str) -> str:
    """Cut a long subject at its last measure head: '… rừng diện tích bị ảnh hưởng do cháy'
    → 'diện tích bị ảnh hưởng do cháy'; cut before connectors ('… và thị xã Mường Lay với số
    gia súc …' → 'số gia súc …')."""
    low = text.lower()
    if any(low.startswith(h + " ") for h in MEASURE_HEADS):
        return text
    for c in CONNECTORS:
        hits = list(re.finditer(r"(?<![\wĐđ])" + re.escape(c) + r"\s", low))
        last = hits[-1] if hits else None
        if last and last.start() > 0 and any(low[last.end() :].startswith(h) for h in MEASURE_HEADS):
            return text[last.end() :]
    best = last_head(text)
    if best > 0 and len(text.split()) > 8 and len(text[best:].split()) > 2:
        return text[best:]
    words = text.split()
    return " ".join(words[-12:]) if len(words) > 12 else text


@dataclass
class Scope:
    """What the indicator of one number can draw on."""

    text: str  # the sentence
    start: int  # the number
    end: int
    unit_text: str | None
    unit_base: str | None
    unit_end: int
    clause_start: int
    governing_start: int  # clause start, or the clause around a bracket the number opens
    label: str | None  # paragraph item label or footnote topic
    specifier: str | None  # in a footnote: the indicator its marker stands on
    previous: str | None  # indicator of the previous claim in the sentence
    carried: str | None  # subject carried from earlier clauses


def _following(text: str, pos: int) -> str:
    """The words after a number's unit, up to punctuation or a connector ('xã đạt chuẩn nông thôn
    mới', 'xã đạt 15 - 18 tiêu chí', 'sản phẩm OCOP 3 sao')."""
    m = re.match(r"\s*((?:[^,;:.()\[\]]|(?<=\d)[.,](?=\d)){0,80})", text[pos:])
    if not m:
        return ""
    phrase = STOP_AFTER.split(" " + m.group(1) + " ")[0].strip()
    return phrase.rstrip(" -")


def _where(text: str, pos: int) -> str | None:
    """'6 ha tại hộ cá thể ông Phạm Văn Trinh ở xã …' -> 'hộ cá thể ông Phạm Văn Trinh'."""
    m = re.match(r"\s*(?:tại|ở|của|do)\s+([^,;:.()]{2,60})", text[pos:])
    if not m:
        return None
    return re.split(r"\s(?:ở|do|và|với|nên|để)\s", " " + m.group(1) + " ")[0].strip() or None


def _drop_brackets(text: str) -> str:
    """Remove bracketed remarks, keep bracketed acronyms ('(GRDP)', '(PCI)')."""
    prev = None
    while prev != text:
        prev = text
        text = re.sub(
            r"\(([^()]*)\)", lambda m: m.group(0) if re.fullmatch(r"[A-ZĐ&/\- ]{2,15}", m.group(1)) else " ", text
        )
    return re.sub(r"\s+", " ", text)


def measure_subject(lead: str) -> str | None:
    """The measure phrase in a lead ('… quyền sử dụng đất lâm nghiệp với diện tích' -> 'diện tích
    đất lâm nghiệp …'), or None when it names no measure."""
    best = last_head(lead)
    if best < 0:
        return None
    subject = tidy(lead[best:])
    if subject and GENERIC.match(subject) and best > 0:
        before = re.split(r"\s(?:với|của|có)\s*$", lead[:best].rstrip())[0]
        words = [w for w in re.findall(r"[\wĐđ]+", before) if w.lower() not in FUNCTION_WORDS][-5:]
        if words:
            subject = f"{subject} {' '.join(words)}"
    return subject or None


def last_head(text: str) -> int:
    """Start of the last measure head in text; of overlapping heads the longest wins
    ('sản lượng', not 'lượng'; 'tổng số', not 'số')."""
    low = text.lower()
    spans = [
        (m.start(), m.end())
        for h in MEASURE_HEADS
        for m in re.finditer(r"(?<![\wĐđ])" + re.escape(h) + r"(?![\wĐđ])", low)
    ]
    if not spans:
        return -1
    start, end = max(spans)
    for a, b in spans:
        if a < start and b >= end:
            start = min(start, a)
    return start


def _topic(text: str, pos: int) -> str | None:
    """The nearest 'X:' label before pos in the sentence ('Bệnh Lở mồm long móng: …')."""
    labels = [m for m in re.finditer(r"(?:^|[;:]\s*)([^;:\d]{3,60}?):\s", text[:pos])]
    for m in reversed(labels):
        lab = m.group(1).strip()
        if lab.lower().startswith(("trong đó", "cụ thể", "gồm", "bao gồm")) or len(lab.split()) > 10:
            continue
        return tidy(lab)
    return None


def extend_list(text: str, clause_start: int) -> int:
    """'khu vực nông, lâm nghiệp, thủy sản đạt …': a subject whose words are listed with commas
    starts at the first short comma-separated item before it (no predicate, no number)."""
    start = clause_start
    for _ in range(3):
        if start < 2 or text[start - 1] != ",":
            break
        prev = max(text.rfind(ch, 0, start - 1) for ch in ",;:(") + 1
        seg = text[prev : start - 1]
        if len(seg.split()) > 3 or re.search(r"\d", seg) or first_predicate(seg) is not None:
            break
        start = prev
    return start


def earlier_subject(text: str, clause_start: int) -> str | None:
    """The subject of the nearest earlier clause of the sentence that has one ('…, lượng khách du
    lịch đến Điện Biên tăng mạnh so với cùng kỳ năm trước, ước đạt 1.368,19 triệu lượt')."""
    end = clause_start - 1
    while end > 0:
        start = max(text.rfind(ch, 0, end) for ch in ",;:") + 1
        seg = _drop_brackets(text[start:end])
        pred = first_predicate(seg)
        if pred is not None and pred > 0:
            subject = tidy(from_measure_head(seg[:pred]))
            if subject:
                return subject
        end = start - 1
    return None


def _with_topic(ind: str, topic: str | None) -> str:
    if topic and topic.lower() not in ind.lower():
        return f"{ind} - {topic}"
    return ind


def _specify(ind: str, label: str | None, specifier: str | None) -> str:
    """A generic subject ('diện tích', 'sản lượng nuôi trồng') completed from its context."""
    if not GENERIC.match(ind):
        return ind
    if label:
        return f"{ind} {lower_first(label)}"
    if specifier:
        rest = GENERIC_HEAD.sub("", specifier).strip()
        if rest and rest.lower() not in ind.lower():
            return f"{ind} {rest}"
        return specifier if len(specifier) > len(ind) else ind
    return ind


GENERIC_HEAD = re.compile(
    r"^(?:tổng\s+)?(?:diện\s+tích|sản\s+lượng|năng\s+suất|tổng\s+đàn|giá\s+trị|số\s+lượng|doanh\s+thu|tỷ\s+lệ|số)"
    r"(?:\s+(?:gieo\s+trồng|gieo\s+cấy|trồng\s+mới|thu\s+hoạch|nuôi\s+trồng|khai\s+thác))?\s*",
    re.IGNORECASE,
)
COUNT_BASES = frozenset(["%", "ha", "tấn", "kg", "m3", "m2", "km", "đồng", "usd", "kw", "kwh", "lần", "điểm %"])


def indicator(sc: Scope) -> tuple[str | None, str | None]:
    """(indicator, subject to carry to later clauses of the sentence)."""
    text = sc.text
    topic = _topic(text, sc.start)
    follow = _following(text, sc.unit_end) if sc.unit_text else ""
    is_count = (
        bool(sc.unit_text)
        and sc.unit_base not in COUNT_BASES
        and (sc.unit_base is None or sc.unit_base in ("người", "con", "lượt"))
    )
    # counted nouns: "04 xã đạt chuẩn …", "09/10 các huyện, thị xã, thành phố đã thực hiện …", "(191 trâu"
    if is_count and follow and not re.match(r"^(?:so|tăng|giảm|bằng)\b", follow):
        ind = _with_topic(f"{sc.unit_text} {follow}".strip(), topic)
        return ind, ind
    if is_count and sc.governing_start < sc.clause_start and not text[sc.clause_start : sc.start].strip():
        return _with_topic(sc.unit_text or "", topic or (lower_first(sc.label) if sc.label else None)), sc.carried
    # bracketed follow-ups
    in_bracket = sc.clause_start > 0 and text[sc.clause_start - 1] == "("
    if in_bracket:
        inner = re.sub(r"^(?:dự\s+)?ước\s+(?:tính\s+)?", "", text[sc.clause_start : sc.start].strip().lower())
        outer_subject = None
        if sc.governing_start < sc.clause_start - 1:
            outer = _drop_brackets(text[sc.governing_start : sc.clause_start - 1])
            pred0 = first_predicate(outer)
            outer_subject = tidy(from_measure_head(outer[:pred0])) if pred0 else None
        base = sc.previous or outer_subject or sc.carried or earlier_subject(text, sc.governing_start)
        if base and re.match(r"^(?:đạt\s+)?(?:tỷ|tỉ)\s+lệ|^chiếm|^đạt|^bằng|^tăng|^giảm", inner):
            head = "tỷ lệ " if "lệ" in inner or (inner.startswith("chiếm") and sc.unit_text == "%") else ""
            return f"{head}{base}".strip(), sc.carried
        if base and inner and not first_predicate(inner):
            return f"{base} - {tidy(inner)}", sc.carried
        if not inner and sc.governing_start < sc.clause_start:
            outer = text[sc.governing_start : sc.clause_start - 1]
            where = re.split(r"\s(?:ở|tại|và|của)\s", " " + _drop_brackets(outer).strip() + " ")[-1].strip(" ,(")
            base = sc.carried or sc.previous
            pred = first_predicate(outer)
            if pred is not None:
                base = tidy(outer[:pred]) or base
            if base:
                base = _specify(base, sc.label, sc.specifier)
            return (f"{base} - {where}" if base and where else base or where or None), sc.carried
    lead = _drop_brackets(text[extend_list(text, sc.clause_start) : sc.start])
    where = _where(text, sc.unit_end)
    pred = first_predicate(lead)
    if pred is not None:
        subject = tidy(from_measure_head(lead[:pred]))
        if not subject:
            found: str | None = (
                sc.carried
                or earlier_subject(text, sc.clause_start)
                or (sc.label and lower_first(sc.label))
                or sc.specifier
            )
            if found and where and lead[:pred].strip() == "" and first_predicate(lead[pred:]) == 0:
                found = f"{found} - {where}"  # "Tăng 6 ha tại hộ cá thể …"
            return found, sc.carried
        measured = measure_subject(lead[:pred])
        if measured and GENERIC.match(subject):
            subject = measured
        subject = _specify(subject, sc.label, sc.specifier)
        return subject, subject
    stripped = tidy(lead)
    measured = measure_subject(lead) if stripped else None
    if measured:
        subject = _specify(measured, sc.label, sc.specifier)
        return subject, subject
    if stripped and not is_count and sc.unit_base not in MEASURE_FOR_UNIT and not follow:
        # "thiệt hại về tài sản khoảng 7.058,8 triệu đồng": the noun phrase before the number
        words = stripped.split()
        while words and words[0].lower() in FUNCTION_WORDS:
            words = words[1:]
        while words and words[-1].lower() in FUNCTION_WORDS:
            words = words[:-1]
        if words and len(words) <= 10:
            subject = _specify(" ".join(words), sc.label, sc.specifier)
            return subject, subject
    # an object: measure word for the unit + the verb phrase before + the noun after
    measure = MEASURE_FOR_UNIT.get(sc.unit_base or "", "")
    verb = [w for w in re.findall(r"[\wĐđ]+", lead) if w.lower() not in FUNCTION_WORDS][-4:]
    verb = [w if w.isupper() else w.lower() for w in verb]
    if is_count:
        parts = [sc.unit_text or "", " ".join(verb) if not follow else "", follow]
    else:
        if measure and follow.lower().startswith(measure):
            measure = ""
        parts = [measure, " ".join(verb) if measure or not follow else "", follow]
    ind = re.sub(r"\s+", " ", " ".join(p for p in parts if p)).strip()
    if not ind:
        fallback = sc.carried or (lower_first(sc.label) if sc.label else None) or sc.specifier or (sc.unit_text or None)
        return fallback, sc.carried
    ind = _with_topic(lower_first(ind), topic or (lower_first(sc.label) if sc.label and is_count else None))
    return ind, ind
