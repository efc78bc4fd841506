"""The phrases of a clause the indicator is read from: its subject before a predicate, the measure
head that starts a subject, the words after a number's unit, an "X:" topic, an earlier clause's
subject, and the words that open or close a clause without belonging to its subject."""

from __future__ import annotations

import re

from ..vi.units import dictionary
from .lexicon import Lexicon

GENERIC = re.compile(
    r"^(?:tổng\s+)?(?:diện\s+tích|sản\s+lượng|năng\s+suất|tổng\s+đàn|giá\s+trị|số\s+lượng|doanh\s+thu|tỷ\s+lệ|số)"
    r"(?:\s+(?:gieo\s+trồng|gieo\s+cấy|trồng\s+mới|thu\s+hoạch|nuôi\s+trồng|khai\s+thác|tăng|giảm))?$",
    re.IGNORECASE,
)


def tidy(lex: Lexicon, text: str) -> str:
    """A subject without the words that open or close a clause, first letter lowered."""
    text = re.sub(r"\s+", " ", text).strip(" ,;:.-")
    prev = None
    while prev != text:
        prev = text
        text = lex.lead_junk.sub("", text).strip(" ,;:.-")
        text = lex.tail_junk.sub("", text).strip(" ,;:.-")
    if text.count("(") > text.count(")"):
        text = text[: text.rfind("(")].strip()
    return lower_first(text)


def lower_first(text: str) -> str:
    """The first letter lowered, unless the first word is an acronym or holds a digit."""
    if not text:
        return text
    first = text.split(" ", 1)[0]
    if (len(first) > 1 and first.isupper()) or any(ch.isdigit() for ch in first):
        return text
    return text[:1].lower() + text[1:]


def in_compound(low: str, start: int, end: int) -> bool:
    """The word low[start:end] is the last syllable of a longer word of the dictionary ('lực lượng',
    'gia tăng', 'dân số'): not a measure head or a predicate on its own."""
    prev = re.search(r"([\wĐđ]+)\s+$", low[:start])
    return bool(prev) and f"{prev.group(1) if prev else ''} {low[start:end]}" in dictionary()


def predicate_pattern(lex: Lexicon, p: str) -> str:
    """A predicate as a whole word; one printed glued to the word before may follow letters."""
    before = r"(?<!\d)" if p in lex.glued else r"(?<![\wĐđ])"
    return before + re.escape(p) + r"(?![^\W\d_])"


def first_predicate(lex: Lexicon, seg: str) -> int | None:
    """Where the first predicate starts; a hedge opening the clause ('Dự ước tổng thu … đạt')
    does not count when another predicate follows."""
    low = seg.lower()
    found = sorted(
        m.start()
        for p in lex.predicates
        for m in re.finditer(predicate_pattern(lex, p), low)
        if not low[m.end() :].lstrip().startswith(lex.not_predicate_after.get(p, ("\0",)))
        and not low[: m.start()].rstrip().endswith(lex.not_predicate_before.get(p, ("\0",)))
    )
    if not found:
        return None
    for pos in found:
        if seg[:pos].strip() or pos == found[-1]:
            return pos
        if not re.match(r"(?:dự\s+ước|ước\s+tính|ước)\b", seg[pos:], re.IGNORECASE):
            return pos
    return found[0]


def from_measure_head(lex: Lexicon, text: str) -> str:
    """Cut a long subject at its last measure head: '… rừng diện tích bị ảnh hưởng do cháy'
    → 'diện tích bị ảnh hưởng do cháy'; cut before connectors ('… và thị xã Mường Lay với số
    gia súc …' → 'số gia súc …')."""
    low = text.lower()
    if any(low.startswith(h + " ") for h in lex.measure_heads):
        return text
    for c in lex.connectors:
        hits = list(re.finditer(r"(?<![\wĐđ])" + re.escape(c) + r"\s", low))
        last = hits[-1] if hits else None
        if last and last.start() > 0 and any(low[last.end() :].startswith(h) for h in lex.measure_heads):
            return text[last.end() :]
    best = last_head(lex, text)
    if best > 0 and len(text.split()) > 8 and len(text[best:].split()) > 2:
        return text[best:]
    words = tidy(lex, text).split()  # the cap counts words of the subject, not of the periods around it
    return " ".join(words[-12:]) if len(words) > 12 else text


def following(lex: Lexicon, text: str, pos: int) -> str:
    """The words after a number's unit, up to punctuation or a connector ('xã đạt chuẩn nông thôn
    mới', 'xã đạt 15 - 18 tiêu chí', 'sản phẩm OCOP 3 sao')."""
    m = re.match(r"\s*((?:[^,;:.()\[\]]|(?<=\d)[.,](?=\d)){0,80})", text[pos:])
    if not m:
        return ""
    phrase = lex.stop_after.split(" " + m.group(1) + " ")[0].strip()
    return phrase.rstrip(" -")


def place_after(text: str, pos: int) -> str | None:
    """'6 ha tại hộ cá thể ông Phạm Văn Trinh ở xã …' -> 'hộ cá thể ông Phạm Văn Trinh'."""
    m = re.match(r"\s*(?:tại|ở|của|do)\s+([^,;:.()]{2,60})", text[pos:])
    if not m:
        return None
    return re.split(r"\s(?:ở|do|và|với|nên|để)\s", " " + m.group(1) + " ")[0].strip() or None


def drop_brackets(text: str) -> str:
    """Remove bracketed remarks, keep bracketed acronyms ('(GRDP)', '(PCI)')."""
    prev = None
    while prev != text:
        prev = text
        text = re.sub(
            r"\(([^()]*)\)", lambda m: m.group(0) if re.fullmatch(r"[A-ZĐ&/\- ]{2,15}", m.group(1)) else " ", text
        )
    return re.sub(r"\s+", " ", text)


def measure_subject(lex: Lexicon, lead: str) -> str | None:
    """The measure phrase in a lead ('… quyền sử dụng đất lâm nghiệp với diện tích' -> 'diện tích
    đất lâm nghiệp …'), or None when it names no measure."""
    best = last_head(lex, lead)
    if best < 0:
        return None
    subject = tidy(lex, lead[best:])
    if subject and GENERIC.match(subject) and best > 0:
        before = re.split(r"\s(?:với|của|có)\s*$", lead[:best].rstrip())[0]
        words = [w for w in re.findall(r"[\wĐđ]+", before) if w.lower() not in lex.function_words][-5:]
        if words:
            subject = f"{subject} {' '.join(words)}"
    return subject or None


def last_head(lex: Lexicon, text: str) -> int:
    """Start of the last measure head in text; of overlapping heads the longest wins
    ('sản lượng', not 'lượng'; 'tổng số', not 'số')."""
    low = text.lower()
    spans = [
        (m.start(), m.end())
        for h in lex.measure_heads
        for m in re.finditer(r"(?<![\wĐđ])" + re.escape(h) + r"(?![\wĐđ])", low)
        if not in_compound(low, m.start(), m.end())
    ]
    if not spans:
        return -1
    start, end = max(spans)
    for a, b in spans:
        if a < start and b >= end:
            start = min(start, a)
    return start


def topic_before(lex: Lexicon, text: str, pos: int) -> str | None:
    """The nearest 'X:' label before pos in the sentence ('Bệnh Lở mồm long móng: …')."""
    region = max(text.rfind(";", 0, pos), text.rfind(")", 0, pos)) + 1  # not across a clause or a closed bracket
    labels = [m for m in re.finditer(r"(?:^|[;:,(]\s*)([^;:,()\d]{3,60}?):\s", text[region:pos])]
    for m in reversed(labels):
        lab = m.group(1).strip()
        if lab.lower().startswith(lex.not_labels) or len(lab.split()) > 10:
            continue
        return tidy(lex, lab)
    return None


def extend_list(lex: Lexicon, text: str, clause_start: int) -> int:
    """'khu vực nông, lâm nghiệp, thủy sản đạt …': a subject whose words are listed with commas
    starts at the first short comma-separated item before it (no predicate, no number); an item
    that opens with a measure head may be longer ('Tổng mức bán lẻ hàng hóa, dịch vụ đạt …')."""
    start = clause_start
    for _ in range(3):
        if start < 2 or text[start - 1] != ",":
            break
        prev = max(text.rfind(ch, 0, start - 1) for ch in ",;:(") + 1
        seg = tidy(lex, text[prev : start - 1])
        longest = 8 if re.match(r"(?:" + "|".join(map(re.escape, lex.measure_heads)) + r")(?![\wĐđ])", seg) else 3
        if (
            not [w for w in seg.split() if w.lower() not in lex.function_words]
            or len(seg.split()) > longest
            or re.search(r"[\d()]", seg)
            or first_predicate(lex, seg) is not None
        ):
            break  # (an empty item was a clause opener: "Trong 06 tháng đầu năm, toàn tỉnh trồng …")
        start = prev
    return start


def earlier_subject(lex: Lexicon, text: str, clause_start: int) -> str | None:
    """The subject of the nearest earlier clause of the sentence that has one ('…, lượng khách du
    lịch đến Điện Biên tăng mạnh so với cùng kỳ năm trước, ước đạt 1.368,19 triệu lượt')."""
    end = clause_start - 1
    while end > 0:
        start = max(text.rfind(ch, 0, end) for ch in ",;:") + 1
        seg = drop_brackets(text[start:end])
        pred = first_predicate(lex, seg)
        if pred is not None and pred > 0:
            subject = tidy(lex, from_measure_head(lex, seg[:pred]))
            if subject:
                return subject
        end = start - 1
    return None


def with_topic(ind: str, topic: str | None) -> str:
    """'ind - topic' unless the indicator names its topic already."""
    if topic and topic.lower() not in ind.lower():
        return f"{ind} - {topic}"
    return ind


def specify(ind: str, label: str | None, specifier: str | None) -> str:
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


def object_measure(lex: Lexicon, rest: str) -> tuple[str | None, bool]:
    """What follows a clause's predicates up to the number: a measure phrase ('chiếm tỷ lệ',
    'đạt tỷ lệ bao phủ', 'cao hơn tốc độ tăng') or None, and whether a predicate is a comparative
    (it compares the quantity just stated: 'thấp hơn 0,4% so với chỉ tiêu')."""
    preds = "|".join(predicate_pattern(lex, p) for p in sorted(lex.predicates, key=len, reverse=True))
    m = re.match(r"\s*(?:(?:" + preds + r")\s*)+", rest, re.IGNORECASE)
    if not m:
        return None, False
    said = m.group(0).lower()
    comparative = any(re.search(predicate_pattern(lex, c), said) for c in lex.comparatives)
    obj = rest[m.end() :].strip()
    low = obj.lower()
    if not any(re.match(re.escape(h) + r"(?![\wĐđ])", low) for h in lex.measure_heads) or len(obj.split()) > 6:
        return None, comparative
    return tidy(lex, obj) or None, comparative
