"""Claim stage: every number in the prose becomes a typed claim (regex + spaCy rules).

    sentences_to_claims:
      scan_numbers      every digit-bearing token of a sentence, as printed (dates, ranges,
                        ratios, document numbers and codes stay whole)
      not_claim_reason  dates, years, months, periods, document numbers, names, list markers,
                        section numbers, anniversaries, categories: kind not_claim + reason
      classify          kind (level, change_abs, change_pct, pp_change, plan_pct, share_pct,
                        rate_pct, ratio, rank, multiple), unit, direction, comparison,
                        estimated, period
      indicator         the measured subject, carried across the clauses of a sentence

Footnote markers and the numbers that open footnotes get rows too (not_claim), so every number
printed in the prose has exactly one row.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from ..records import BBox, Document, Note, Span
from ..segment import Segmented, Sentence
from ..vi.numbers import parse_number
from ..vi.units import Unit, unit_after
from .indicator import Scope, indicator, tidy

SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")

# --------------------------------------------------------------------------------------
# records


@dataclass(frozen=True, slots=True)
class NumberSpan:
    start: int
    end: int
    raw: str
    form: str  # number | ratio | range | year_range | date | date_range | month_year | docnum | code | list_marker


@dataclass(frozen=True, slots=True)
class Claim:
    claim_id: str
    sentence_id: str
    page: int
    section_id: str | None
    footnote: int | None
    raw: str
    value: float | None
    value2: float | None
    unit: str | None
    kind: str
    direction: str | None
    comparison: str | None
    indicator: str | None
    period: str | None
    estimated: bool
    reason: str | None
    start: int  # offset of the number in its sentence (-1 for markers, which are not in the text)
    end: int
    decimals: int = 0
    flags: tuple[str, ...] = ()
    scale: float | None = None
    base_value: float | None = None
    base_unit: str | None = None
    bbox: BBox | None = None  # the printed line(s) holding the number, on `bbox_page`
    bbox_page: int | None = None


@dataclass(frozen=True)
class Claims:
    claims: tuple[Claim, ...]
    numbers_seen: int
    notes: tuple[Note, ...] = field(default=())


# --------------------------------------------------------------------------------------
# scanning

NUM = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
GLUED = r"(?:kWh|KWh|kwh|Kwh|MWh|ha|Ha|HA|MW|mw|Mw|kW|KW|kw|kg|Kg|km|Km|m3|m2|tấn)(?![\w])"
SCAN = re.compile(
    r"(?P<numbering>^\(?(?:[IVXLC]+\.)?\d{1,2}(?:\.\d{1,2})+(?=\.?\s)|^[IVXLC]+\.\d{1,2}(?=\.?\s)|^\d{1,2}(?=\.\s))"
    r"|(?P<list_marker>(?:(?<=^)|(?<=[;:]\s)|(?<=[;:]))\(?\d{1,2}\)(?=\s+\S))"
    r"|(?P<date_range>(?<![\d/.,])\d{1,2}\s*[-–]\s*\d{1,2}/\d{1,2}/\d{4}(?![\d/]))"
    r"|(?P<date>(?<![\d/.,])\d{1,2}/\d{1,2}/\d{4}(?![\d/])|(?<![\d.,])\d{1,2}\.\d{1,2}\.\d{4}(?![\d.]))"
    r"|(?P<docnum>(?<![\w/])\d+(?:/\d{4})?/[A-ZĐ][A-ZĐa-zđ0-9\-–]*|(?<![\w/])\d+-[A-ZĐ]{1,6}/[A-ZĐ][A-ZĐa-zđ0-9\-]*)"
    r"|(?P<month_year>(?<![\d/.,])\d{1,2}/(?:19|20)\d{2}(?![\d/]))"
    r"|(?P<numunit>(?<![\w.,])(?:" + NUM + r")(?=" + GLUED + r"))"
    r"|(?P<code>(?<![\w])(?:[A-Za-zĐđ]+\d+[\w\-()+]*|\d+[A-Za-zĐđ][\w\-]*))"
    r"|(?P<year_range>(?<![\d.,])(?:19|20)\d{2}\s*[-–]\s*(?:19|20)\d{2}(?!\d|[.,]\d))"
    r"|(?P<range>(?<![\d.,/])(?:" + NUM + r")\s*[-–]\s*(?:" + NUM + r")(?![\d/])(?=\s*(?:%|[^\W\d])))"
    r"|(?P<ratio>(?<![\d.,/])(?:" + NUM + r")/(?:" + NUM + r")(?![\d/]))"
    r"|(?P<number>(?<![\d.,])(?:" + NUM + r"))"
)


def scan_numbers(text: str) -> list[NumberSpan]:
    """Every digit-bearing token, once. Digits the patterns miss still get a span."""
    spans: list[NumberSpan] = []
    covered = [False] * len(text)
    for m in SCAN.finditer(text):
        form = m.lastgroup or "number"
        if form == "numunit":
            form = "number"
        spans.append(NumberSpan(m.start(), m.end(), m.group(0), form))
        for k in range(m.start(), m.end()):
            covered[k] = True
    for m in re.finditer(r"\d+", text):
        if not any(covered[k] for k in range(m.start(), m.end())):
            spans.append(NumberSpan(m.start(), m.end(), m.group(0), "number"))
    return sorted(spans, key=lambda s: s.start)


# --------------------------------------------------------------------------------------
# context helpers


def _words_before(text: str, pos: int, n: int) -> list[str]:
    return re.findall(r"[\wĐđ%]+", text[max(0, pos - 80) : pos])[-n:]


def _words_after(text: str, pos: int, n: int) -> list[str]:
    return re.findall(r"[\wĐđ%]+", text[pos : pos + 80])[:n]


def _lower(ws: Iterable[str]) -> list[str]:
    return [w.lower() for w in ws]


INSTITUTIONS = (
    "bệnh viện", "trường", "trung đoàn", "sư đoàn", "tiểu đoàn", "lữ đoàn", "đồn", "quốc lộ", "tỉnh lộ", "đường",
    "cầu", "lô", "khoảnh", "tiểu khu", "đội", "phường", "quận", "đề án", "kênh", "tổ", "khu", "đập", "tuyến",
    "ql", "tl", "đt", "đh",  # road names with a space: 'QL 279', 'ĐT 150'
)  # fmt: skip
DOC_WORDS = (
    "qđ",
    "quyết định",
    "nghị định",
    "nghị quyết",
    "thông tư",
    "chỉ thị",
    "công văn",
    "văn bản",
    "luật",
    "nđ",
    "nq",
    "tt",
)
ANNIVERSARY_AFTER = ("chiến", "ngày", "quốc", "giải", "thành", "truyền", "thống", "cách")


def not_claim_reason(text: str, s: NumberSpan, sentence: Sentence, heading_numbering: str | None) -> str | None:
    """Why a number is not a claim, or None for a claim."""
    before = _lower(_words_before(text, s.start, 3))
    after = _lower(_words_after(text, s.end, 3))
    b1 = before[-1] if before else ""
    b2 = " ".join(before[-2:])
    a1 = after[0] if after else ""
    a2 = " ".join(after[:2])
    if s.form == "list_marker":
        return "list_marker"
    if s.form == "numbering":
        return "section_number" if sentence.kind == "heading" or re.match(r"\d+\.\d", s.raw) else "list_marker"
    if heading_numbering and s.start <= 2 and text[: s.end + 1].strip("() .").replace(" ", "") in heading_numbering:
        return "section_number"
    if s.form in ("date", "date_range"):
        return "date"
    if s.form == "month_year":
        return "date"
    if s.form == "docnum":
        return "document_number"
    if s.form == "code":
        return "name"
    if s.form == "year_range":
        return "year_range"
    if s.form == "range" and (a1 in ("tiêu", "tuổi", "sao", "tháng") or a2 in ("tiêu chí",)):
        return "category_bounds"
    if s.form == "ratio":
        if s.raw in ("24/24", "24/7"):
            return "expression"
        if any(b2.endswith(inst) or b1 == inst for inst in INSTITUTIONS):
            return "name"
        if b1 == "ngày":
            return "date"
        return None
    if s.form != "number":
        return None
    digits = s.raw.replace(".", "").replace(",", "")
    value = parse_number(s.raw).value
    # the numbering of a list item opening a sentence: "1) Dự án …"
    if s.start <= 1 and text[s.end : s.end + 1] == ")":
        return "list_marker"
    if b1 in ("tháng", "ngày") and a1 == "tuổi":
        return "age"
    if a1 == "tuổi" or a2 == "tháng tuổi" or (b1 == "trẻ" and a1 == "tháng"):
        return "age"
    if a1 == "tháng" and (
        len(after) < 2 or after[1] in ("đầu", "cuối", "năm", "qua", "có", "đã", "tới", "còn", "trước")
    ):
        return "reporting_period"
    if (a1 == "tháng" and b1 in ("trong", "sau", "của", "là", "được", "trong")) or (a1 == "tháng" and not b1):
        return "reporting_period"
    if b1 == "tháng" and value is not None and 1 <= value <= 12 and "," not in s.raw:
        return "month"
    if b1 == "ngày" and a1 == "tháng":
        return "day"
    if b1 == "quý" and value is not None and 1 <= value <= 4:
        return "quarter"
    if re.fullmatch(r"(?:19|20)\d{2}", s.raw):
        u = unit_after(text, s.end)
        if b1 in ("năm", "đoạn", "kỳ", "từ", "đến", "quý", "tháng", "khóa", "khoá") or u is None or u.base is None:
            return "year"
    if (
        b1
        in ("mũi", "hạng", "loại", "cấp", "khóa", "khoá", "cột", "mục", "điểm", "khoản", "điều", "phụ", "lớp", "khối")
        or a1 == "sao"
    ):
        return "category"
    if b2 in ("lần thứ",) or (
        b1 == "thứ" and before[-2:-1] != ["xếp"] and "xếp" not in before and "đứng" not in before
    ):
        return "ordinal"
    if a1 == "năm" and ((len(after) > 1 and after[1] in ANNIVERSARY_AFTER) or "kỷ" in before or "niệm" in before):
        return "anniversary"
    if any(b2 == d or b1 == d for d in DOC_WORDS) and a1 not in _count_units():
        return "document_number"
    if (b2 in INSTITUTIONS or b1 in INSTITUTIONS) and len(digits) <= 3 and "," not in s.raw and not _unit_like(a1):
        return "name"
    prev = _words_before(text, s.start, 1)
    if prev and prev[0][:1].isupper() and not prev[0].isupper() and len(digits) <= 3 and "," not in s.raw:
        start_of_prev = text.rfind(prev[0], 0, s.start)
        sentence_start = text[:start_of_prev].strip() == ""
        if not sentence_start and not _unit_like(a1):
            return "name"
    return None


def _unit_like(word: str) -> bool:
    from ..vi.units import rules

    r = rules()
    w = word.lower()
    return bool(w) and (w in r.measures or w in r.scales or w in r.list_units or w in r.classifiers or w == "%")


def _count_units() -> frozenset[str]:
    from ..vi.units import rules

    r = rules()
    return frozenset([*r.measures, *r.scales, *r.list_units, "người", "hộ", "xã", "con", "tỷ", "triệu"])


# --------------------------------------------------------------------------------------
# kinds and attributes

Cue = tuple[str, int, int, str]  # label, start, end, rule id

COMPARE_LABELS = ("SAME_PERIOD", "PLAN", "BUDGET", "SCENARIO", "PREV_PERIOD")


@dataclass
class Context:
    text: str
    cues: list[Cue]
    sentence: Sentence
    label: str | None = None  # list-item or footnote topic label
    prev_kind: str | None = None  # the claim before in the sentence
    prev_value: float | None = None
    level_before: bool = False  # a level of the same subject came before the previous claim


def _cues_between(cues: Sequence[Cue], a: int, b: int, labels: Iterable[str] | None = None) -> list[Cue]:
    want = set(labels) if labels else None
    return [c for c in cues if a <= c[1] and c[2] <= b and (want is None or c[0] in want)]


def bracket_depths(text: str) -> list[int]:
    depth, out = 0, []
    for ch in text:
        if ch == "(":
            depth += 1
        out.append(depth)
        if ch == ")":
            depth = max(0, depth - 1)
    return out


def _clause_bounds(text: str, pos: int, depth: int | None = None) -> tuple[int, int]:
    """The clause around `pos`: between the nearest ; : or , boundaries at its own bracket depth
    (a comma inside brackets does not end the clause around the brackets)."""
    depths = bracket_depths(text)
    d = depth if depth is not None else (depths[pos] if pos < len(text) else 0)
    left = -1
    for k in range(min(pos, len(text)) - 1, -1, -1):
        if text[k] in ";:," and depths[k] <= d:
            left = k
            break
        if text[k] == "(" and depths[k] == d and d > 0:
            left = k
            break
    right = len(text)
    for k in range(pos, len(text)):
        if (text[k] in ";:" and depths[k] <= d) or (text[k] == "," and depths[k] <= d and text[k + 1 : k + 2] == " "):
            right = k
            break
        if text[k] == ")" and depths[k] == d and d > 0:
            right = k
            break
    return left + 1, right


def comparison_from(ctx: Context, start: int, end: int) -> str | None:
    """The comparison named by cues in [start, end) (the first one)."""
    found = _cues_between(ctx.cues, start, end, COMPARE_LABELS)
    if not found:
        # "so với 31/12/2023", "so với năm 2022"
        m = re.search(r"so\s+(?:với\s+)?(?:ngày\s+)?(\d{1,2})/(\d{1,2})/(\d{4})", ctx.text[start:end])
        if m:
            return f"date:{int(m.group(3)):04d}-{int(m.group(2)):02d}-{int(m.group(1)):02d}"
        if re.search(r"so\s+(?:với\s+)?(?:năm|tháng|quý)\s+\S+", ctx.text[start:end]):
            return "prev_period"
        return None
    label = found[0][0]
    if label == "PREV_PERIOD" and any(c[0] == "SAME_PERIOD" for c in found):
        label = "SAME_PERIOD"
    return {
        "SAME_PERIOD": "same_period_prev_year",
        "PLAN": "plan",
        "BUDGET": "budget",
        "SCENARIO": "scenario",
        "PREV_PERIOD": "prev_period",
    }[label]


def _governing_start(text: str, pos: int) -> int:
    """Clause start for a number; a number that opens a bracket ("Tuần Giáo (564,52ha)") is
    governed by the clause around the bracket."""
    c0, _c1 = _clause_bounds(text, pos)
    if c0 > 0 and text[c0 - 1] == "(" and not text[c0:pos].strip():
        d = bracket_depths(text)[c0 - 1] - 1
        return _clause_bounds(text, c0 - 1, depth=d)[0]
    return c0


def _direction_cue(ctx: Context, s: NumberSpan) -> Cue | None:
    """The UP/DOWN cue that governs a number: before it in its clause with no predicate between."""
    c0 = _governing_start(ctx.text, s.start)
    # a cue within the clause before the number; a REACH/SHARE/RATE cue after it resets
    best: Cue | None = None
    for c in ctx.cues:
        if c[2] > s.start or c[1] < c0:
            continue
        if c[0] in ("UP", "DOWN", "GROWTH"):
            best = c
        elif c[0] in ("REACH", "SHARE") and best is not None and c[1] > best[1]:
            best = None
    return best


def _right_direction(ctx: Context, s: NumberSpan, unit_end: int) -> Cue | None:
    """'5,87 ha diện tích cây cao su tăng thêm' — the cue after the noun phrase."""
    _c0, c1 = _clause_bounds(ctx.text, s.end)
    for c in ctx.cues:
        if unit_end <= c[1] < c1 and c[0] in ("UP", "DOWN"):
            nxt = ctx.text[c[2] : c[2] + 6]
            if nxt.strip().startswith("thêm") or c[2] >= c1 - 1 or not re.search(r"\d", ctx.text[c[2] : c1]):
                return c
        if unit_end <= c[1] < c1 and c[0] in ("REACH",):
            return None
    return None


def classify(ctx: Context, s: NumberSpan, unit: Unit | None) -> dict[str, Any]:
    text, cues = ctx.text, ctx.cues
    num = parse_number(s.raw.split("/")[0].split("-")[0].split("–")[0])
    out: dict[str, Any] = {"value": num.value, "value2": None, "decimals": num.decimals, "flags": num.flags}
    if s.form in ("ratio", "range"):
        a, b = re.split(r"\s*[/\-–]\s*", s.raw, maxsplit=1)
        na, nb = parse_number(a), parse_number(b)
        out.update(value=na.value, value2=nb.value, decimals=max(na.decimals, nb.decimals), flags=na.flags + nb.flags)
    uend = unit.end if unit else s.end
    u = unit.text if unit else None
    before_cues = [c for c in cues if c[2] <= s.start]
    near_before = [c for c in before_cues if s.start - c[2] <= 14]
    direction = None
    dcue = _direction_cue(ctx, s)
    if dcue is not None and dcue[0] in ("UP", "GROWTH"):
        direction = "up"
    elif dcue is not None:
        direction = "down"
    c0, c1 = _clause_bounds(text, s.start)
    after_cues = _cues_between(cues, uend, c1 + 1)
    kind = "level"
    comparison = None
    if s.form == "ratio":
        kind = "rank" if any(c[0] == "RANK" for c in near_before) else "ratio"
    elif any(c[0] == "RANK" for c in near_before):
        kind = "rank"
    elif u == "lần" or any(c[0] == "MULTIPLE" for c in near_before):
        kind = "multiple"
        direction = "up" if dcue is not None and dcue[0] == "UP" else direction
    elif u in ("%", "điểm %", "điểm phần trăm"):
        plan_after = [c for c in after_cues if c[0] in ("PLAN", "BUDGET", "SCENARIO") and c[1] - uend <= 12]
        if u != "%" or any(c[0] == "POINTS" for c in after_cues if c[1] - uend <= 2):
            kind = "pp_change"
        elif dcue is not None and not plan_after:
            kind = "change_pct"
            if (
                ctx.prev_kind in ("share_pct", "rate_pct")
                and ctx.prev_value is not None
                and num.value is not None
                and num.value < ctx.prev_value
                and not ctx.level_before
                and not _cues_between(cues, c0, s.start, ("SHARE", "RATE", "REACH"))
            ):
                # "Khu vực I chiếm 16,47%, giảm 1,12%": the change of a share is in points
                kind = "pp_change"
                out["flags"] = (*out["flags"], "points_printed_as_percent")
        elif dcue is not None and dcue[3] == "up-vuot":
            kind = "change_pct"
        elif plan_after:
            kind = "plan_pct"
            comparison = comparison_from(ctx, uend, plan_after[0][2])
        elif any(c[0] == "SHARE" for c in _cues_between(cues, c0, s.start)):
            kind = "share_pct"
        elif _cues_between(cues, _governing_start(text, s.start), s.start, ("GROWTH",)) or (
            re.search(r"tốc\s+độ\s+tăng(?:\s+trưởng)?", text[: s.start], re.IGNORECASE)
            and not _cues_between(cues, c0, s.start, ("SHARE", "RATE"))
        ):
            kind = "change_pct"  # a growth rate
            direction = "down" if (num.value or 0) < 0 else "up"
        else:
            kind = "rate_pct"
    elif dcue is not None:
        kind = "change_abs"
    else:
        rd = _right_direction(ctx, s, uend)
        if rd is not None:
            kind = "change_abs"
            direction = "up" if rd[0] == "UP" else "down"
    if kind == "pp_change" and direction is None:
        direction = "up" if dcue is not None and dcue[0] == "UP" else ("down" if dcue is not None else None)
    if kind in ("change_abs", "change_pct", "pp_change", "multiple") and comparison is None:
        comparison = comparison_from(ctx, uend, c1 + 1)
        if comparison is None and dcue is not None:
            comparison = comparison_from(ctx, dcue[2], s.start)
        g0 = _governing_start(text, s.start)
        if comparison is None and g0 < c0:  # "tăng cao so với cùng kỳ năm 2023 (tăng 63,64%)"
            comparison = comparison_from(ctx, g0, c0)
    if kind not in ("change_abs", "change_pct", "pp_change", "multiple"):
        direction = None
    out.update(kind=kind, direction=direction, comparison=comparison, unit=u)
    return out


# --------------------------------------------------------------------------------------
# labels

_LABEL_RE = re.compile(r"^[-+•]\s*([^:;,.]{2,60}?):\s")


def paragraph_label(text: str) -> str | None:
    """'- Lúa Đông xuân: Diện tích …' -> 'Lúa Đông xuân'; '- Cây ngô: …' -> 'ngô'."""
    m = _LABEL_RE.match(text)
    if not m:
        return None
    label = m.group(1).strip()
    label = re.sub(r"^(?:Cây|cây)\s+(?=\S)", "", label) if len(label.split()) > 1 else label
    return label


# --------------------------------------------------------------------------------------
# period

_PERIOD_RE = re.compile(
    r"(?P<p>(?:\d{1,2}|sáu|ba|chín)\s+tháng\s+(?:đầu|cuối)\s+năm(?:\s+(?:19|20)\d{2})?"
    r"|quý\s+[IVX1-4]+(?:\s*(?:năm\s+|/)\s*(?:19|20)\d{2})?"
    r"|tháng\s+\d{1,2}(?:/(?:19|20)\d{2}|\s+năm\s+(?:19|20)\d{2})"
    r"|(?:đến|tính\s+đến)\s+(?:ngày\s+)?\d{1,2}/\d{1,2}/\d{4})",
    re.IGNORECASE,
)


def period_in(text: str) -> str | None:
    for m in _PERIOD_RE.finditer(text):
        before = text[max(0, m.start() - 25) : m.start()].lower()
        if "cùng kỳ" in before or "so với" in before:
            continue
        return re.sub(r"\s+", " ", m.group("p")).strip()
    return None


def default_period(doc: Document) -> str | None:
    """The reporting period named in the report's title ("6 tháng đầu năm" + the year)."""
    return report_period(doc.metadata.title, doc.metadata.date)


def report_period(title: str | None, date: str | None) -> str | None:
    """'… 6 tháng đầu năm; nhiệm vụ … 6 tháng cuối năm 2024', '2024-07-05' -> '6 tháng đầu năm 2024'."""
    title = title or ""
    p = period_in(title)
    year = (date or "")[:4]
    years = re.findall(r"(?:19|20)\d{2}", title)
    if p and not re.search(r"\d{4}", p) and years:
        p = f"{p} {years[-1]}"
    elif p and not re.search(r"\d{4}", p) and year:
        p = f"{p} {year}"
    return p


# --------------------------------------------------------------------------------------
# arithmetic in prose: (+ 6 ha - 0,13 ha = 5,87 ha)

_ARITH_RE = re.compile(
    r"\(\s*[+\-−]?\s*(?:" + NUM + r")[^()=]*?[+\-−]\s*(?:" + NUM + r")[^()=]*=\s*(?:" + NUM + r")[^()]*\)"
)


def arithmetic_terms(text: str) -> dict[int, str]:
    """Start offset of each number inside a printed sum -> '+', '-' or '='."""
    out: dict[int, str] = {}
    for m in _ARITH_RE.finditer(text):
        for t in re.finditer(r"([+\-−=])?\s*(" + NUM + r")", m.group(0)):
            sign = t.group(1) or "+"
            out[m.start() + t.start(2)] = {"−": "-"}.get(sign, sign)
    return out


# --------------------------------------------------------------------------------------
# the stage


def sentence_rows(
    s: Sentence,
    cues: list[Cue],
    label: str | None = None,
    specifier: str | None = None,
    heading: str | None = None,
    period: str | None = None,
    in_change: bool = False,
) -> list[Claim]:
    """One row per number printed in a sentence (footnote markers aside)."""
    ctx = Context(s.text, cues, s, label)
    previous: str | None = None
    values_seen: dict[float, str] = {}
    rows: list[Claim] = []
    carried: str | None = None
    arith = arithmetic_terms(s.text)
    hedges = [c for c in cues if c[0] == "HEDGE"]
    unit_ends: dict[int, int] = {}
    for span in scan_numbers(s.text):
        reason = not_claim_reason(s.text, span, s, heading)
        if reason is not None:
            value = _not_claim_value(span, reason)
            v2 = None
            if span.form == "range" and reason == "category_bounds":
                parts = re.split(r"\s*[-–]\s*", span.raw)
                value, v2 = parse_number(parts[0]).value, parse_number(parts[1]).value
            rows.append(
                Claim(
                    "", s.sentence_id, s.page, s.section_id, s.footnote, span.raw, value, v2, None, "not_claim",
                    None, None, None, None, False, reason, span.start, span.end,
                )
            )  # fmt: skip
            continue
        unit = unit_after(s.text, span.end)
        if unit is not None:
            unit_ends[span.start] = unit.end
        c0, _c1 = _clause_bounds(s.text, span.start)
        scope = Scope(
            s.text, span.start, span.end, unit.text if unit else None, unit.base if unit else None,
            unit.end if unit else span.end, c0, _governing_start(s.text, span.start), label, specifier,
            previous, carried,
        )  # fmt: skip
        ind, carried_next = indicator(scope)
        ctx.level_before = (
            any(r.kind == "level" and r.indicator == ind for r in rows[:-1] if r.kind != "not_claim") if rows else False
        )
        info = classify(ctx, span, unit)
        ctx.prev_kind, ctx.prev_value = info["kind"], info["value"]
        carried = carried_next
        if span.start in arith and info["kind"] in ("level", "change_abs"):
            sign = arith[span.start]
            if in_change or info["kind"] == "change_abs" or any(r.kind == "change_abs" for r in rows):
                info["kind"] = "change_abs"
                info["direction"] = "down" if sign == "-" else "up"
        if span.start in arith and info["value"] is not None and info["value"] in values_seen:
            ind = values_seen[info["value"]]  # a term of a printed sum: the figure stated before
        if ind and info["value"] is not None:
            values_seen.setdefault(info["value"], ind)
        previous = ind or previous
        estimated = any(h[2] <= span.start for h in hedges)
        rows.append(
            Claim(
                "", s.sentence_id, s.page, s.section_id, s.footnote, span.raw, info["value"], info["value2"],
                info["unit"], info["kind"], info["direction"], info["comparison"], ind, period, estimated, None,
                span.start, span.end, info["decimals"], tuple(info["flags"]),
                unit.scale if unit else None,
                (info["value"] * unit.scale) if (unit and info["value"] is not None and unit.base) else None,
                unit.base if unit else None,
            )
        )  # fmt: skip
    rows = _numbers_inside_units(rows, unit_ends)
    rows.sort(key=lambda c: (c.start, c.end))
    return _distribute_comparisons(rows)


def claims_for_text(text: str, kind: str = "body", heading: str | None = None, label: str | None = None) -> list[Claim]:
    """Claims of one free-standing sentence (rule examples and tests)."""
    from ..vi.nlp import cue_spans, get_nlp

    s = Sentence("sen-test", None, 1, None, text, kind, None, 0, len(text), 0, len(text), (1,))
    return sentence_rows(s, cue_spans(get_nlp()(text)), label=label, heading=heading)


def sentences_to_claims(doc: Document, seg: Segmented, nlp: Any | None = None) -> Claims:
    if nlp is None:
        from ..vi.nlp import get_nlp

        nlp = get_nlp()
    from ..vi.nlp import cue_spans

    sections = {s.section_id: s for s in seg.sections}
    default = default_period(doc)
    claims: list[Claim] = []
    notes: list[Note] = []
    numbers_seen = 0
    sentences = list(seg.sentences)
    docs = nlp.pipe([s.text for s in sentences], batch_size=256)
    anchor_comparison: dict[int, str | None] = {}
    anchor_indicator: dict[int, str | None] = {}
    anchor_sentence = {a.footnote: a.sentence_id for a in seg.anchors}
    by_id: dict[str, Sentence] = {s.sentence_id: s for s in sentences}
    para_label: dict[int, str | None] = {}
    para_period: dict[int, str | None] = {}
    fn_label: dict[int, str | None] = {}
    first_of_footnote: set[str] = set()
    seen_fn: set[int] = set()
    for s in sentences:
        if s.footnote is not None and s.footnote not in seen_fn:
            seen_fn.add(s.footnote)
            first_of_footnote.add(s.sentence_id)
    results: dict[str, list[Claim]] = {}

    for s, sdoc in zip(sentences, docs, strict=True):
        cues = cue_spans(sdoc)
        label = None
        if s.paragraph is not None:
            if s.paragraph not in para_label:
                para_label[s.paragraph] = paragraph_label(doc.paragraphs[s.paragraph].text)
                para_period[s.paragraph] = period_in(doc.paragraphs[s.paragraph].text)
            label = para_label[s.paragraph]
        elif s.footnote is not None:
            if s.footnote not in fn_label:
                m = re.match(r"^([^:;]{3,60}):\s", s.text)
                lab = tidy(re.sub(NUM + r"\s*\w*", "", m.group(1))) if m else None
                if lab and re.match(r"^(?:trong đó|cụ thể|gồm|bao gồm)$", lab, re.IGNORECASE):
                    lab = None
                fn_label[s.footnote] = lab if m and s.sentence_id in first_of_footnote else None
            label = fn_label[s.footnote]
        specifier = anchor_indicator.get(s.footnote) if s.footnote is not None else None
        heading = None
        if s.kind == "heading" and s.section_id in sections:
            heading = sections[s.section_id].numbering.replace(" ", "").rstrip(".") or None
        period = period_in(s.text) or (para_period.get(s.paragraph) if s.paragraph is not None else None) or default
        in_change = s.footnote is not None and anchor_comparison.get(s.footnote) is not None
        keyed = [(c.start, 1, c) for c in sentence_rows(s, cues, label, specifier, heading, period, in_change)]
        keyed += [(at, 0 if at == 0 else 2, c) for at, c in _marker_rows(doc, s)]
        rows = [c for _at, _k, c in sorted(keyed, key=lambda t: (t[0], t[1]))]
        results[s.sentence_id] = rows
        if s.footnote is None and s.paragraph is not None:
            for marker in doc.paragraphs[s.paragraph].markers:
                if anchor_sentence.get(marker.number) != s.sentence_id:
                    continue
                comps = [c.comparison for c in rows if c.kind in ("change_abs", "change_pct") and c.comparison]
                anchor_comparison[marker.number] = comps[0] if comps else None
                at = marker.offset - s.start
                before = [c for c in rows if c.kind != "not_claim" and 0 <= c.end <= at + 1 and c.indicator]
                anchor_indicator[marker.number] = before[-1].indicator if before else None

    # footnote changes without a comparison take the one of their anchor sentence
    for sid, rows in results.items():
        s = by_id[sid]
        if s.footnote is None:
            continue
        inherited = anchor_comparison.get(s.footnote)
        fixed = []
        for c in rows:
            if c.kind in ("change_abs", "change_pct", "pp_change") and c.comparison is None and inherited:
                c = replace(c, comparison=inherited)
            fixed.append(c)
        results[sid] = fixed

    ocr_pages = {p.number for p in doc.pages if p.ocr}
    n = 0
    for s in sentences:
        for c in results[s.sentence_id]:
            n += 1
            where = locate(doc, s, c)
            page, box = where if where else (None, None)
            flags = (*c.flags, "ocr") if (page or c.page) in ocr_pages else c.flags
            claims.append(replace(c, claim_id=f"c-{n:05d}", bbox=box, bbox_page=page, flags=flags))
        numbers_seen += len(scan_numbers(s.text)) + _marker_count(doc, s)
    if numbers_seen != len(claims):
        notes.append(Note(code="claims-count", message=f"{numbers_seen} numbers seen but {len(claims)} rows written"))
    return Claims(tuple(claims), numbers_seen, tuple(notes))


def locate(doc: Document, s: Sentence, c: Claim) -> tuple[int, BBox] | None:
    """(page, box) of the printed line(s) that hold a number (provenance for review pictures): the
    lines of its paragraph or footnote covering its characters; a marker's or a footnote label's
    own line."""
    fn = next((f for f in doc.footnotes if f.number == s.footnote), None) if s.footnote is not None else None
    if c.start < 0:
        if c.reason == "footnote_label" and fn is not None and fn.spans:
            return fn.spans[0].page, fn.spans[0].bbox
        owners = [doc.paragraphs[s.paragraph].markers] if s.paragraph is not None else []
        owners += [fn.markers] if fn is not None else []
        for markers in owners:
            for m in markers:
                if m.number == c.value and m.page == c.page:
                    return m.page, m.bbox
        return None
    spans: tuple[Span, ...] = ()
    if s.paragraph is not None:
        spans = doc.paragraphs[s.paragraph].spans
    elif fn is not None:
        spans = fn.spans
    lo, hi = s.start + c.start, s.start + c.end
    hits = [span for span in spans if span.start < hi and lo < span.end]
    if not hits:
        return None
    page = hits[0].page
    box = hits[0].bbox
    for span in hits[1:]:
        if span.page == page:
            box = box.union(span.bbox)
    return page, box


def _not_claim_value(span: NumberSpan, reason: str) -> float | None:
    if reason in ("section_number", "date", "document_number", "year_range") or span.form in (
        "date", "date_range", "docnum", "month_year", "code", "year_range",
    ):  # fmt: skip
        return None
    if span.form == "list_marker":
        return float(re.sub(r"\D", "", span.raw))
    return parse_number(span.raw.split("/")[0]).value


def _marker_rows(doc: Document, s: Sentence) -> list[tuple[int, Claim]]:
    """(position in the sentence, row) for the footnote markers a sentence carries, and for the
    number that opens a footnote. Markers are not in the text: their rows have no offsets."""
    rows: list[tuple[int, Claim]] = []
    if s.paragraph is not None:
        p = doc.paragraphs[s.paragraph]
        for m in p.markers:
            if s.start <= m.offset <= s.end and not (m.offset == s.start and s.start > 0):
                raw = str(m.number).translate(SUPERSCRIPT)
                row = Claim(
                    "", s.sentence_id, m.page, s.section_id, None, raw, float(m.number), None, None, "not_claim",
                    None, None, None, None, False, "footnote_marker", -1, -1,
                )  # fmt: skip
                rows.append((m.offset - s.start, row))
    elif s.footnote is not None and s.start == 0:
        raw = str(s.footnote).translate(SUPERSCRIPT)
        row = Claim(
            "", s.sentence_id, s.page, s.section_id, s.footnote, raw, float(s.footnote), None, None, "not_claim",
            None, None, None, None, False, "footnote_label", -1, -1,
        )  # fmt: skip
        rows.append((0, row))
    return rows


def _marker_count(doc: Document, s: Sentence) -> int:
    if s.paragraph is not None:
        p = doc.paragraphs[s.paragraph]
        return sum(1 for m in p.markers if s.start <= m.offset <= s.end and not (m.offset == s.start and s.start > 0))
    return 1 if s.footnote is not None and s.start == 0 else 0


def _numbers_inside_units(rows: list[Claim], unit_ends: dict[int, int]) -> list[Claim]:
    """'86,8 thuê bao/100 dân': the 100 belongs to the unit of the number before it."""
    spans = [(c.start, unit_ends[c.start]) for c in rows if c.start in unit_ends]
    out = []
    for c in rows:
        if c.start >= 0 and any(a < c.start and c.end <= b for a, b in spans):
            c = replace(
                c, kind="not_claim", reason="unit", unit=None, direction=None, comparison=None, indicator=None,
                period=None, estimated=False, value2=None, base_value=None, base_unit=None, scale=None,
            )  # fmt: skip
        out.append(c)
    return out


def _distribute_comparisons(rows: list[Claim]) -> list[Claim]:
    """'…, tăng 1,72%; …, tăng 5,9%; … tăng 5,56% so với cùng kỳ năm trước': a trailing
    comparison applies to the changes before it in the sentence that name none."""
    changes = [i for i, c in enumerate(rows) if c.kind in ("change_abs", "change_pct", "pp_change", "multiple")]
    out = list(rows)
    spread = ("same_period_prev_year", "prev_period")  # a plan comparison ('vượt … kế hoạch') stays put
    for k, i in enumerate(changes):
        if out[i].comparison is not None:
            continue
        later = [out[j].comparison for j in changes[k + 1 :] if out[j].comparison in spread]
        earlier = [out[j].comparison for j in changes[:k] if out[j].comparison in spread]
        comp = later[0] if later else (earlier[-1] if earlier else None)
        if comp:
            out[i] = replace(out[i], comparison=comp)
    return out
