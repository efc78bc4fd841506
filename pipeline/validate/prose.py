"""Arithmetic in a sentence: printed sums, component lists, shares, x/y → z%, changes against a bracket, points."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..claims import Claim, arithmetic_terms, bracket_depths
from ..segment import Sentence
from .checks import Check, fmt
from .context import Context
from .intervals import Iv, total
from .operands import against_printed, best, claim_iv

LIST_CUE = re.compile(r"(trong\s+đó|bao\s+gồm|gồm|cụ\s+thể|chia\s+ra)\s*:?", re.IGNORECASE)
_NEW_TOPIC = re.compile(r";\s*[^;:\d]{3,60}:(?!\s*[\d(])")
_ADDITIVE = frozenset(["đồng", "usd", "tấn", "kg", "tạ", "ha", "m2", "m3", "km", "kwh", "lít"])
_EXHAUSTIVE = ("gồm", "bao gồm", "cụ thể", "chia ra")


def sentence_arithmetic(ctx: Context) -> list[Check]:
    """Every relation printed inside one sentence."""
    checks: list[Check] = []
    for sid, rows in ctx.by_sentence.items():
        s = ctx.sentences.get(sid)
        if s is None:
            continue
        claims = [c for c in rows if c.kind != "not_claim" and c.value is not None and c.start >= 0]
        checks.extend(printed_sums(ctx, s, claims))
        checks.extend(components(ctx, s, claims))
        checks.extend(ratio_then_rate(ctx, s, claims))
        checks.extend(shares_sum(ctx, s, claims))
        checks.extend(shares_of_total(ctx, s, claims))
        checks.extend(change_vs_bracket(ctx, s, claims))
        checks.extend(points(ctx, s, claims))
    return checks


def printed_sums(ctx: Context, s: Sentence, claims: list[Claim]) -> list[Check]:
    """'a + b = c' printed in the text."""
    terms = arithmetic_terms(s.text)
    if not terms:
        return []
    out: list[Check] = []
    groups: list[list[Claim]] = []
    for c in (c for c in claims if c.start in terms):
        if groups and terms[c.start] != "=" and terms[groups[-1][-1].start] == "=":
            groups.append([c])
        elif groups:
            groups[-1].append(c)
        else:
            groups.append([c])
    for g in groups:
        result = [c for c in g if terms[c.start] == "="]
        parts = [c for c in g if terms[c.start] != "="]
        if len(result) != 1 or not parts:
            continue
        acc = Iv.exact(0.0)
        for p in parts:
            iv = claim_iv(p)
            assert iv is not None
            acc = acc - iv if terms[p.start] == "-" else acc + iv
        res = claim_iv(result[0])
        assert res is not None
        expr = " ".join(f"{terms[p.start]} {p.raw}" for p in parts)
        msg = f"printed sum ({expr} = {result[0].raw}): the terms give {fmt(acc.mid)}"
        out.append(ctx.check("prose_printed_sum", msg, expected=acc, actual=res, claims=[*parts, *result]))
    return out


def accepted_units(text: str, tot: Claim, parts: list[Claim], cue_at: int) -> set[str]:
    """The total's unit and the units it names beside it, before the list cue ('482 trường, trung
    tâm' takes parts in 'trường' and in 'trung tâm')."""
    units = {(tot.unit or "").lower()}
    tail = re.split(r"[\d;(]", text[tot.end : min(tot.end + 60, cue_at)], maxsplit=1)[0].lower()
    for p in parts:
        if p.unit and p.unit.strip() and p.unit.lower() in tail:
            units.add(p.unit.lower())
    return units


def may_overlap(ctx: Context, parts: Sequence[Claim]) -> bool:
    """Counted things described by attributes can overlap ('811 vị trí có phủ sóng 3G, 820 vị trí
    có phủ sóng 4G' of 910); amounts of money, mass or area broken down by category cannot."""
    return not any(ctx.unit_scale(p.unit)[1] in _ADDITIVE for p in parts)


def partial_margin(ctx: Context, tiv: Iv, parts: Sequence[Claim]) -> tuple[float, str]:
    """'trong đó' parts do not add up to more than the total; for counts that may overlap, each part
    must be within the total and whether the sum is within it too is only reported."""
    ivs = [iv for iv in (claim_iv(p) for p in parts) if iv is not None]
    sum_iv = total(ivs)
    if sum_iv.lo <= tiv.hi or not may_overlap(ctx, parts):
        return tiv.hi - sum_iv.lo, "parts within the total"
    return min(tiv.hi - iv.lo for iv in ivs), "each part within the total (counted parts overlap)"


def components(ctx: Context, s: Sentence, claims: list[Claim]) -> list[Check]:
    """'T …, trong đó: a …, b …' and '(gồm: a, b, c)': parts of the same unit after a total in the
    same statement (no ';' between the total and the cue); a part's own bracketed detail
    ('704 người (tiếp nhận mới 148 người)') is not a part."""
    depths = bracket_depths(s.text)
    out: list[Check] = []
    for m in LIST_CUE.finditer(s.text):
        check = list_check(ctx, s, claims, m, depths)
        if check is not None:
            out.append(check)
    return out


def list_check(ctx: Context, s: Sentence, claims: list[Claim], m: re.Match[str], depths: Sequence[int]) -> Check | None:
    """The list after one cue against the nearest total before it whose unit its parts share."""
    if re.search(r"không\s*$", s.text[: m.start()]):
        return None  # 'không bao gồm' (not including)
    before = totals_before(s.text, claims, m)
    if not before:
        return None
    candidates = list_items(s.text, claims, m, depths)
    for tot in reversed(before):  # the nearest total whose unit the parts share
        units = accepted_units(s.text, tot, candidates, m.start())
        parts = [c for c in candidates if (c.unit or "").lower() in units]
        if len(parts) >= 2:
            break
    else:
        return None
    cue = re.sub(r"\s+", " ", m.group(1).lower())
    parts_iv = total([iv for iv in (claim_iv(p) for p in parts) if iv is not None])
    tiv = claim_iv(tot)
    assert tiv is not None
    listing = " + ".join(p.raw for p in parts)
    if cue in _EXHAUSTIVE:
        msg = f"'{cue}' list of {tot.raw} {tot.unit}: {listing} = {fmt(parts_iv.mid)}"
        return ctx.check("prose_components", msg, expected=parts_iv, actual=tiv, claims=[tot, *parts], basis="sum")
    margin, basis = partial_margin(ctx, tiv, parts)
    msg = f"'trong đó' parts of {tot.raw} {tot.unit}: {listing} (sum {fmt(parts_iv.mid)}); {basis}"
    return ctx.check("prose_components", msg, expected=parts_iv, actual=tiv, claims=[tot, *parts], margin=margin,
                     basis=basis)  # fmt: skip


def totals_before(text: str, claims: list[Claim], m: re.Match[str]) -> list[Claim]:
    """The levels a list may break down: in the cue's statement, or in the one before when the cue
    opens its own ('…, tăng 8,75%; trong đó: …')."""
    head = text[: m.start()]
    floor = head.rfind(";")
    if floor >= 0 and not head[floor + 1 :].strip():
        floor = head.rfind(";", 0, floor)
    return [c for c in claims if floor < c.start and c.end <= m.start() and c.kind == "level" and c.unit]


def list_items(text: str, claims: list[Claim], m: re.Match[str], depths: Sequence[int]) -> list[Claim]:
    """The levels of a list at the cue's bracket depth: over ';' and item labels ('…; BHXH tự
    nguyện: 13.800 người') up to a new topic ('…; Bệnh Lở mồm long móng: dịch bệnh xảy ra …'),
    the closing bracket of a bracketed list, or the sentence end."""
    level = depths[min(m.end(), len(text) - 1)]
    topic = _NEW_TOPIC.search(text, m.end())
    end = topic.start() if topic else len(text)
    if text[: m.start()].rstrip().endswith("("):
        close = text.find(")", m.end())
        end = min(end, close) if close > 0 else end
    return [c for c in claims if m.end() <= c.start < end and c.kind == "level" and depths[c.start] <= level]


def ratio_parts(c: Claim) -> tuple[Iv, Iv]:
    """The two sides of an 'a/b' claim. Whole numbers in this form count items ('09/28 đơn',
    '(971/855 đơn)'), so they are exact; a side printed with decimals stands for its interval."""

    def side(raw: str, value: float) -> Iv:
        if "," in raw:
            return Iv.printed(value, len(raw.split(",")[-1]))
        return Iv.exact(value)

    left, _, right = c.raw.partition("/")
    return side(left, c.value or 0.0), side(right, c.value2 or 0.0)


def ratio_then_rate(ctx: Context, s: Sentence, claims: list[Claim]) -> list[Check]:
    """'09/28 đơn, đạt 32,15%', 'phân bổ a/b triệu đồng, bằng z% kế hoạch': the ratio against the rate
    (or the plan attainment, a/b being done/planned) printed after it, whatever the verb."""
    out: list[Check] = []
    for i, c in enumerate(claims):
        if c.kind != "ratio" or c.value is None or c.value2 in (None, 0):
            continue
        nxt = claims[i + 1] if i + 1 < len(claims) else None
        if nxt is None or nxt.kind not in ("rate_pct", "share_pct", "plan_pct") or nxt.start - c.end > 90:
            continue
        if ";" in s.text[c.end : nxt.start]:
            continue
        a, b = ratio_parts(c)
        q = a / b
        if q is None:
            continue
        basis, exp, act, margin = against_printed("ratio", q.scale(100), nxt)
        msg = f"{c.raw} {c.unit or ''} gives {fmt(q.mid * 100)}%, printed {nxt.raw}%"
        out.append(ctx.check("prose_ratio_rate", msg, expected=exp, actual=act, claims=[c, nxt], basis=basis,
                             margin=margin))  # fmt: skip
    return out


def shares_sum(ctx: Context, s: Sentence, claims: list[Claim]) -> list[Check]:
    """The shares of one sentence make 100 (a structure) or do not exceed it.

    A share that restates its own 'x/y' ('362/464 trường (chiếm 78,02%) đạt chuẩn; 363/464 trường
    (chiếm 78,23%) đạt kiểm định') measures an attribute, and attributes overlap: such shares are
    checked against their ratio (prose_ratio_rate), not summed."""
    shares = [
        c for i, c in enumerate(claims)
        if c.kind == "share_pct"
        and not (i and claims[i - 1].kind == "ratio" and ";" not in s.text[claims[i - 1].end : c.start])
    ]  # fmt: skip
    if len(shares) < 2:
        return []
    subjects = [(c.indicator or "").strip().lower() for c in shares]
    if len(set(subjects)) < len(subjects):  # one share at several dates ('giảm từ 68% xuống 60,8%'): no parts
        return []
    siv = total([iv for iv in (claim_iv(c) for c in shares) if iv is not None])
    listing = " + ".join(c.raw for c in shares)
    if re.search(r"cơ\s+cấu", s.text, re.IGNORECASE):
        msg = f"structure shares {listing} = {fmt(siv.mid)} (should make 100)"
        return [ctx.check("prose_shares_sum", msg, expected=siv, actual=Iv.exact(100.0), claims=shares)]
    msg = f"shares {listing} = {fmt(siv.mid)} (may not exceed 100)"
    return [ctx.check("prose_shares_sum", msg, expected=siv, actual=Iv.exact(100.0), claims=shares,
                      margin=100.0 - siv.lo)]  # fmt: skip


def shares_of_total(ctx: Context, s: Sentence, claims: list[Claim]) -> list[Check]:
    """A share of the total stated before 'trong đó': the part before the share, over the total."""
    m = LIST_CUE.search(s.text)
    if not m:
        return []
    before = [c for c in claims if c.end <= m.start() and c.kind == "level" and c.unit]
    if not before:
        return []
    tot = before[-1]
    out: list[Check] = []
    for i, c in enumerate(claims):
        if c.kind != "share_pct" or c.start < m.end():
            continue
        part = next((p for p in reversed(claims[:i]) if p.kind == "level"), None)
        if part is None or part.unit != tot.unit or part is tot:
            continue
        tiv, piv = claim_iv(tot), claim_iv(part)
        assert tiv is not None and piv is not None
        q = piv / tiv
        if q is None:
            continue
        basis, exp, act, margin = against_printed("share", q.scale(100), c)
        msg = f"{part.raw} of {tot.raw} {tot.unit} is {fmt(q.mid * 100)}%, printed {c.raw}%"
        out.append(ctx.check("prose_share_of_total", msg, expected=exp, actual=act, claims=[tot, part, c],
                             basis=basis, margin=margin))  # fmt: skip
    return out


def change_vs_bracket(ctx: Context, s: Sentence, claims: list[Claim]) -> list[Check]:
    """'tăng 13,6% so với cùng kỳ năm 2023 (971/855 đơn)': current/previous given in a bracket."""
    out: list[Check] = []
    for i, c in enumerate(claims):
        if c.kind != "change_pct" or c.value is None:
            continue
        nxt = claims[i + 1] if i + 1 < len(claims) else None
        if nxt is None or nxt.kind != "ratio" or nxt.value2 in (None, 0):
            continue
        if "(" not in s.text[c.end : nxt.start]:
            continue
        cur, prev = ratio_parts(nxt)
        q = cur / prev
        if q is None:
            continue
        growth = q.scale(100).shift(-100)
        basis, exp, act, margin = against_printed("growth", growth, c, signed=True)
        msg = f"{nxt.raw} gives a change of {fmt(growth.mid)}%, printed {'-' if c.direction == 'down' else ''}{c.raw}%"
        out.append(ctx.check("prose_change_vs_previous", msg, expected=exp, actual=act, claims=[c, nxt], basis=basis,
                             margin=margin))  # fmt: skip
    return out


def points(ctx: Context, s: Sentence, claims: list[Claim]) -> list[Check]:
    """'thấp hơn kịch bản 2,19 điểm % (kịch bản 3,91%, thực hiện 1,72%)'."""
    out: list[Check] = []
    for i, c in enumerate(claims):
        if c.kind != "pp_change" or c.value is None:
            continue
        close = s.text.find(")", c.end)
        opened = s.text.find("(", c.end)
        if opened < 0 or close < 0 or opened - c.end > 12:
            continue
        inside = [x for x in claims[i + 1 :] if opened < x.start < close and x.unit == "%"]
        if len(inside) != 2:
            continue
        a, b = claim_iv(inside[0]), claim_iv(inside[1])
        target = claim_iv(c)
        assert a is not None and b is not None and target is not None
        diff = a - b
        basis, exp, act, margin = best([("difference", diff, target), ("difference", -diff, target)])
        msg = f"{inside[0].raw}% and {inside[1].raw}% differ by {fmt(abs(diff.mid))} points, printed {c.raw}"
        out.append(ctx.check("prose_points_difference", msg, expected=exp, actual=act, claims=[c, *inside],
                             basis=basis, margin=margin))  # fmt: skip
    return out


__all__ = ["LIST_CUE", "partial_margin", "ratio_parts", "sentence_arithmetic"]
