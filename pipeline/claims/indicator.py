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
    words = text.split(" ", 2)
    first = words[0]
    if (len(first) > 1 and first.isupper()) or any(ch.isdigit() for ch in first):
        return text
    if len(words) > 1 and all(w[:1].isupper() for w in words[:2]):
        return text  # a proper name: "Điện Biên xếp thứ 20/63"
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
    starts at the first short comma-separated item before it (no predicate, no number)."""
    start = clause_start
    for _ in range(3):
        if start < 2 or text[start - 1] != ",":
            break
        prev = max(text.rfind(ch, 0, start - 1) for ch in ",;:(") + 1
        seg = text[prev : start - 1]
        if len(seg.split()) > 3 or re.search(r"[\d()]", seg) or first_predicate(lex, seg) is not None:
            break
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
COUNTED_BASES = ("người", "con", "lượt")  # measures that count people, animals, visits: counted nouns
COUNT_BASES = frozenset(["%", "ha", "tấn", "kg", "m3", "m2", "km", "đồng", "usd", "kw", "kwh", "lần", "điểm %"])


@dataclass(frozen=True, kw_only=True)
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


@dataclass(frozen=True, kw_only=True)
class Near:
    """What sits right around the number: the 'X:' topic before it, the words after its unit, and
    whether its unit is a counted noun."""

    topic: str | None
    follow: str
    is_count: bool


Found = tuple[str | None, str | None]  # (indicator, subject to carry to later clauses)


def near(lex: Lexicon, sc: Scope) -> Near:
    """The topic, the words after the unit and whether the unit counts things."""
    is_count = (
        bool(sc.unit_text)
        and sc.unit_base not in COUNT_BASES
        and (sc.unit_base is None or sc.unit_base in COUNTED_BASES)
    )
    return Near(
        topic=topic_before(lex, sc.text, sc.start),
        follow=following(lex, sc.text, sc.unit_end) if sc.unit_text else "",
        is_count=is_count,
    )


def counted_noun(sc: Scope, nr: Near) -> Found | None:
    """Counted nouns: '04 xã đạt chuẩn …', '09/10 các huyện, thị xã, thành phố đã thực hiện …', '(191 trâu'."""
    if nr.is_count and nr.follow and not re.match(r"^(?:so|tăng|giảm|bằng)\b", nr.follow):
        ind = with_topic(f"{sc.unit_text} {nr.follow}".strip(), nr.topic)
        return ind, ind
    if nr.is_count and sc.governing_start < sc.clause_start and not sc.text[sc.clause_start : sc.start].strip():
        return with_topic(sc.unit_text or "", nr.topic or (lower_first(sc.label) if sc.label else None)), sc.carried
    return None


def bracketed(lex: Lexicon, sc: Scope) -> Found | None:
    """A bracketed follow-up: '… 39.330 ha (đạt tỷ lệ 41%)', 'huyện Tuần Giáo (564,52ha)'."""
    text = sc.text
    if not (sc.clause_start > 0 and text[sc.clause_start - 1] == "("):
        return None
    inner = re.sub(r"^(?:dự\s+)?ước\s+(?:tính\s+)?", "", text[sc.clause_start : sc.start].strip().lower())
    outer_subject = None
    if sc.governing_start < sc.clause_start - 1:
        outer = drop_brackets(text[sc.governing_start : sc.clause_start - 1])
        pred0 = first_predicate(lex, outer)
        outer_subject = tidy(lex, from_measure_head(lex, outer[:pred0])) if pred0 else None
    base = sc.previous or outer_subject or sc.carried or earlier_subject(lex, text, sc.governing_start)
    if base and re.match(r"^(?:đạt\s+)?(?:tỷ|tỉ)\s+lệ|^chiếm|^đạt|^bằng|^tăng|^giảm", inner):
        head = "tỷ lệ " if "lệ" in inner or (inner.startswith("chiếm") and sc.unit_text == "%") else ""
        head = "" if base.lower().startswith(head) else head
        return f"{head}{base}".strip(), sc.carried
    if base and inner and not first_predicate(lex, inner):
        return f"{base} - {tidy(lex, inner)}", sc.carried
    if not inner and sc.governing_start < sc.clause_start:
        return bracket_place(lex, sc)
    return None


def bracket_place(lex: Lexicon, sc: Scope) -> Found:
    """A number alone in a bracket after a place: 'huyện Tuần Giáo (564,52ha)' → subject - place."""
    outer = sc.text[sc.governing_start : sc.clause_start - 1]
    where = re.split(r"\s(?:ở|tại|và|của)\s", " " + drop_brackets(outer).strip() + " ")[-1].strip(" ,(")
    base = sc.carried or sc.previous
    pred = first_predicate(lex, outer)
    if pred is not None:
        base = tidy(lex, outer[:pred]) or base
    if base:
        base = specify(base, sc.label, sc.specifier)
    return (f"{base} - {where}" if base and where else base or where or None), sc.carried


def predicate_subject(lex: Lexicon, sc: Scope, lead: str, pred: int) -> Found:
    """Subject + predicate: 'Tổng sản lượng lương thực ước đạt 130.032,83 tấn'; a clause that opens
    with its predicate takes the subject carried or of an earlier clause."""
    subject = tidy(lex, from_measure_head(lex, lead[:pred]))
    measure, comparative = object_measure(lex, lead[pred:])
    if measure and comparative:
        return measure, sc.carried  # "… cao hơn tốc độ tăng 4,61% …": the number measures the object
    if not subject:
        found: str | None = (
            (comparative and sc.previous)
            or sc.carried
            or earlier_subject(lex, sc.text, sc.clause_start)
            or (sc.label and lower_first(sc.label))
            or sc.specifier
        )
        where = place_after(sc.text, sc.unit_end)
        if found and where and lead[:pred].strip() == "" and first_predicate(lex, lead[pred:]) == 0:
            found = f"{found} - {where}"  # "Tăng 6 ha tại hộ cá thể …"
        if measure and not (found or "").lower().startswith(measure.lower()):
            found = f"{measure} {found}" if found else measure  # "…, chiếm tỷ lệ 35,1%"
        return found, sc.carried
    measured = measure_subject(lex, lead[:pred])
    if measured and GENERIC.match(subject):
        subject = measured
    subject = specify(subject, sc.label, sc.specifier)
    return subject, subject


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


def noun_phrase(lex: Lexicon, sc: Scope, lead: str, nr: Near) -> Found | None:
    """A measure phrase right before the number ('Diện tích cà phê 2.758,56 ha'), or the noun
    phrase before it ('thiệt hại về tài sản khoảng 7.058,8 triệu đồng')."""
    stripped = tidy(lex, lead)
    measured = measure_subject(lex, lead) if stripped else None
    if measured:
        subject = specify(measured, sc.label, sc.specifier)
        return subject, subject
    if stripped and not nr.is_count and sc.unit_base not in lex.unit_measures and not nr.follow:
        words = stripped.split()
        while words and words[0].lower() in lex.function_words:
            words = words[1:]
        while words and words[-1].lower() in lex.function_words:
            words = words[:-1]
        if words and len(words) <= 10:
            subject = specify(" ".join(words), sc.label, sc.specifier)
            return subject, subject
    return None


def object_phrase(lex: Lexicon, sc: Scope, lead: str, nr: Near) -> Found:
    """An object: the measure word of the unit + the verb phrase before + the noun after
    ('chăm sóc 734 ha rừng trồng' → 'diện tích chăm sóc rừng trồng')."""
    measure = lex.unit_measures.get(sc.unit_base or "", "")
    verb = [w for w in re.findall(r"[\wĐđ]+", lead) if w.lower() not in lex.function_words][-4:]
    verb = [w if w.isupper() else w.lower() for w in verb]
    if nr.is_count:
        parts = [sc.unit_text or "", " ".join(verb) if not nr.follow else "", nr.follow]
    else:
        if measure and nr.follow.lower().startswith(measure):
            measure = ""
        parts = [measure, " ".join(verb) if measure or not nr.follow else "", nr.follow]
    ind = re.sub(r"\s+", " ", " ".join(p for p in parts if p)).strip()
    if not ind:
        fallback = sc.carried or (lower_first(sc.label) if sc.label else None) or sc.specifier or (sc.unit_text or None)
        return fallback, sc.carried
    ind = with_topic(lower_first(ind), nr.topic or (lower_first(sc.label) if sc.label and nr.is_count else None))
    return ind, ind


def indicator(lex: Lexicon, sc: Scope) -> Found:
    """(indicator, subject to carry to later clauses of the sentence), read in the order of the
    clause shapes in the module docstring."""
    nr = near(lex, sc)
    found = counted_noun(sc, nr) or bracketed(lex, sc)
    if found is not None:
        return found
    lead = drop_brackets(sc.text[extend_list(lex, sc.text, sc.clause_start) : sc.start])
    pred = first_predicate(lex, lead)
    if pred is not None and (found := predicate_subject(lex, sc, lead, pred))[0]:
        return found
    return noun_phrase(lex, sc, lead, nr) or object_phrase(lex, sc, lead, nr)
