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

from .lexicon import Lexicon
from .phrases import (
    GENERIC,
    drop_brackets,
    earlier_subject,
    extend_list,
    first_predicate,
    following,
    from_measure_head,
    last_head,
    lower_first,
    measure_subject,
    object_measure,
    place_after,
    specify,
    tidy,
    topic_before,
    with_topic,
)  # fmt: skip

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
    previous_end: int = -1  # where the previous claim (with its unit) ends in the sentence
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


COMPARED = re.compile(r"(?<![\wĐđ])so(?:\s+với)?\s+(?P<what>[^\d()]+?)\s*$", re.IGNORECASE)  # "… so với chỉ tiêu giao"


def bracket_place(lex: Lexicon, sc: Scope) -> Found:
    """A number alone in a bracket after a place: 'huyện Tuần Giáo (564,52ha)' → subject - place;
    after a figure ('giảm 1.006 ha (-1,32%)') it restates that figure, of the same subject; after
    what a figure is compared with ('thấp hơn 0,4% so với chỉ tiêu giao (35,5%)') it is that value."""
    outer = sc.text[sc.governing_start : sc.clause_start - 1]
    compared = COMPARED.search(outer)
    if compared and re.search(r"\d", outer[: compared.start()]) and (base := sc.previous or sc.carried):
        return f"{tidy(lex, compared.group('what'))} - {base}", sc.carried  # "… so với chỉ tiêu giao (35,5%)"
    where = re.split(r"\s(?:ở|tại|và|của)\s", " " + drop_brackets(outer).strip() + " ")[-1].strip(" ,(")
    where = "" if re.search(r"\d", where) else where
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
    if subject and holds_previous(lex, sc):
        subject = ""  # "… đã thu hoạch 64.070 ha lúa mùa đạt trên 85% …": what reaches 85% is the figure before
        comparative = True
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
    subject = completed(specify(subject, sc.label, sc.specifier), sc.carried)
    return subject, subject


def holds_previous(lex: Lexicon, sc: Scope) -> bool:
    """The claim before stands in this clause's subject: its number ends inside the clause and a
    predicate follows it before this number, with no measure named between."""
    if not sc.previous or not sc.clause_start <= sc.previous_end < sc.start:
        return False
    between = sc.text[sc.previous_end : sc.start]
    pred = first_predicate(lex, between)
    return pred is not None and last_head(lex, between[:pred]) < 0  # no measure of its own before the predicate


def completed(subject: str, carried: str | None) -> str:
    """A subject that is the first word(s) of the subject carried is that subject ('Thu ngân sách
    ước đạt 2.700 tỷ đồng, lũy kế quý I thu trên 4.500 tỷ đồng': thu → thu ngân sách)."""
    if carried and carried.lower().startswith(subject.lower() + " "):
        return carried
    return subject


def noun_phrase(lex: Lexicon, sc: Scope, lead: str, nr: Near) -> Found | None:
    """A measure phrase right before the number ('Diện tích cà phê 2.758,56 ha'), or the noun
    phrase before it ('thiệt hại về tài sản khoảng 7.058,8 triệu đồng')."""
    stripped = tidy(lex, lead)
    measured = measure_subject(lex, lead) if stripped else None
    if measured:
        subject = completed(specify(measured, sc.label, sc.specifier), sc.carried)
        return subject, subject
    if stripped and not nr.is_count and sc.unit_base not in lex.unit_measures and not nr.follow:
        words = stripped.split()
        while words and words[0].lower() in lex.function_words:
            words = words[1:]
        while words and words[-1].lower() in lex.function_words:
            words = words[:-1]
        if words and len(words) <= 10:
            subject = completed(specify(" ".join(words), sc.label, sc.specifier), sc.carried)
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
