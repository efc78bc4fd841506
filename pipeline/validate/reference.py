"""National figures quoted in a report, against the statistics office's published series.

Reports quote the country's GDP growth next to their own ('cao hơn tốc độ tăng 4,61% của năm 2020').
A figure linked to the national indicator (`gdp`, never a province's GRDP), with its own period printed
right by it ('của năm 2020', 'quý IV/2020', 'GDP năm 2021 … tăng 2,58%'; not a year after '6 tháng',
'so với' or 'cùng kỳ'), is compared with every published vintage of that period in
schemas/reference/gdp_growth.yaml (first estimates and later revisions, each with its release and
source). It holds when one vintage lies within the printed figure's rounding, or within the largest
revision the series shows (a vintage not held here); otherwise the failure names the period whose
published value the figure matches (a wrong period label) when there is one.

Left alone: a sentence about a province (GRDP, 'tỉnh', 'trên địa bàn'), a target, a forecast or another
economy ('mục tiêu', 'dự báo', 'thế giới', 'của Trung Quốc') in the figure's clause, and, in a report of
a province (its issuer), any sentence that does not name the country ('cả nước', 'trong nước',
'Tổng cục Thống kê'). Only where the period is printed with the figure: never guessed from the report's.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from ..claims.records import Claim
from ..indicators.report import Links
from ..rules import Rules, default_rules
from .checks import Check, fmt
from .context import Context
from .intervals import Iv

INDICATOR = "gdp"
MEASURE = "change_pct"
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_PERIOD = r"(?:quý\s+(?P<q>iv|iii|ii|i|[1-4])\s*(?:/|năm|-)\s*|năm\s+)(?P<y>(?:19|20)\d{2})(?!\d)"
_AFTER = re.compile(rf"^\s*(?:%\s*)?(?:(?:của|trong|vào|cả)\s+)?{_PERIOD}", re.IGNORECASE)
_BEFORE = re.compile(rf"{_PERIOD}[^.;:%\d]{{0,60}}$", re.IGNORECASE)
# a part of a year, or the period compared with, printed before the year: not the figure's period
_NOT_OWN = re.compile(
    r"(?:\d+\s+tháng(?:\s+đầu)?|đầu|cuối|so\s+với(?:\s+cùng\s+kỳ)?|cùng\s+kỳ|bằng|như)\s*$", re.IGNORECASE
)
_PROVINCE = re.compile(r"\bGRDP\b|(?<!\w)(?:tỉnh|thành phố|trên địa bàn|địa phương)(?!\w)", re.IGNORECASE)
# a target or a forecast in the sentence, or another economy in the figure's clause: not the published figure
_FORECAST = re.compile(
    r"(?<!\w)(?:mục tiêu|kế hoạch|kịch bản|dự báo|dự kiến|phấn đấu|chỉ tiêu|thế giới|toàn cầu|IMF|WB|ADB|OECD)(?!\w)",
    re.IGNORECASE,
)
_OTHER_ECONOMY = re.compile(r"(?<!\w)(?:khu vực|ASEAN)(?!\w)|(?<!\w)(?:của|tại)\s+(?!Việt\s+Nam)[A-ZĐ]\w+")
# the country named: a report of a province (it has an issuer) must name it in the sentence of the figure
NATIONAL = re.compile(
    r"(?<!\w)(?:cả nước|toàn quốc|Việt Nam|trong nước|Tổng cục Thống kê|nền kinh tế)(?!\w)", re.IGNORECASE
)


@dataclass(frozen=True, kw_only=True)
class Vintage:
    """One published value of a period: the value, the release it came in, where it was read."""

    value: float
    release: str
    source: str


Series = Mapping[str, tuple[Vintage, ...]]  # "2020" | "2020-Q4" -> its vintages


def build_series(rules: Rules) -> dict[str, tuple[Vintage, ...]]:
    """schemas/reference/gdp_growth.yaml by period."""
    data = rules.data("reference/gdp_growth.yaml")
    return {
        str(e["period"]): tuple(
            Vintage(value=float(v["value"]), release=str(v["release"]), source=str(v["source"])) for v in e["values"]
        )
        for e in data["series"]
    }


def series(rules: Rules | None = None) -> Series:
    """The published series of `rules` (default: default_rules()), built once per Rules value."""
    return (rules or default_rules()).view("validate.gdp_growth", build_series)


def _period(m: re.Match[str]) -> str:
    q = m.group("q")
    if not q:
        return m.group("y")
    return f"{m.group('y')}-Q{_ROMAN.get(q.lower(), q)}"


def printed_period(sentence: str, c: Claim) -> str | None:
    """The period printed with a figure: right after it ('4,61% của năm 2020'), else just before it in
    its clause ('GDP quý IV/2021 ước tăng 5,22%'); a year after '6 tháng', 'so với' or 'cùng kỳ' is
    not the figure's own period (None: never guessed)."""
    after = _AFTER.match(sentence[c.end :])
    if after:
        return _period(after)
    clause = re.split(r"[,;:]", sentence[: max(c.start, 0)])[-1]
    own = [m for m in _BEFORE.finditer(clause) if not _NOT_OWN.search(clause[: m.start()])]
    if not own or len({_period(m) for m in own}) > 1:
        return None
    return _period(own[0])


def _matches(x: Iv, values: Sequence[Vintage]) -> Vintage | None:
    return next((v for v in values if x.lo <= v.value <= x.hi), None)


def _other_period(x: Iv, own: str, published: Series) -> tuple[str, Vintage] | None:
    """The period of the same series whose published value the figure matches, nearest in time."""
    year = own[:4]
    found = [(p, v) for p, vs in published.items() if p != own for v in vs if x.lo <= v.value <= x.hi]
    found.sort(key=lambda pv: (pv[0][:4] != year, abs(int(pv[0][:4]) - int(year)), pv[0]))
    return found[0] if found else None


def revision_allowance(published: Series) -> float:
    """The largest revision the series shows (last vintage against first, any period): a printed figure
    this close to a published value may be a vintage not held here, so it is not called wrong."""
    return max((max(v.value for v in vs) - min(v.value for v in vs) for vs in published.values()), default=0.0)


def _check(ctx: Context, c: Claim, period: str, published: Series) -> Check:
    assert c.value is not None
    value = -c.value if c.direction == "down" and c.value > 0 else c.value  # 'giảm 6,17%'
    x = Iv.printed(value, c.decimals)
    vintages = published[period]
    hit = _matches(x, vintages)
    nearest = hit or min(vintages, key=lambda v: abs(v.value - value))
    allowance = 0.0 if hit else revision_allowance(published)
    margin = round(x.half + allowance - abs(nearest.value - value), 10)
    firsts: dict[float, Vintage] = {}
    for v in vintages:
        firsts.setdefault(v.value, v)
    said = "; ".join(f"{fmt(v.value, 2)} ({v.release})" for v in firsts.values())
    label = f"national GDP growth of {period}"
    msg = f"{label}: printed {c.raw}%; published {said}"
    basis = f"{nearest.release}: {nearest.source}" + (
        f"; within the series' largest revision ({fmt(allowance)} points)" if allowance and margin >= 0 else ""
    )
    check = ctx.check(
        "reference_national", msg, expected=Iv.exact(nearest.value), actual=x, claims=[c], basis=basis, margin=margin
    )
    if margin >= 0:
        return check
    other = _other_period(x, period, published)
    if other is None:
        text = f"{c.raw}% is not the published growth of {period} ({said}) nor of another period of the series"
        return replace(check, diagnosis="unexplained", suggested_value=nearest.value, diagnosis_text=text)
    p, v = other
    text = f"{c.raw}% is the published growth of {p} ({v.release}); {period} grew {fmt(nearest.value, 2)}%"
    return replace(check, diagnosis="wrong_base_period", suggested_value=nearest.value, diagnosis_text=text)


def _clause(sentence: str, c: Claim) -> str:
    """The clause holding a figure: from the last ',', ';' or ':' before it to the next one after it."""
    start = max(sentence.rfind(p, 0, max(c.start, 0)) for p in ",;:") + 1
    ends = [i for i in (sentence.find(p, c.end) for p in ",;:") if i >= 0]
    return sentence[start : min(ends) if ends else len(sentence)]


def national_references(ctx: Context, links: Links | None, rules: Rules | None = None) -> list[Check]:
    """Every national GDP growth figure printed with its period, against the published series."""
    if links is None:
        return []
    published = series(rules)
    provincial = bool(ctx.doc.metadata.issuer) and not NATIONAL.search(ctx.doc.metadata.issuer or "")
    out: list[Check] = []
    for c in ctx.claims:
        linked = links.claims.get(c.claim_id)
        if linked is None or linked.link.indicator_id != INDICATOR or linked.measure != MEASURE or c.value is None:
            continue
        sentence = ctx.sentences[c.sentence_id].text
        if _PROVINCE.search(sentence) or _FORECAST.search(sentence) or _OTHER_ECONOMY.search(_clause(sentence, c)):
            continue
        if provincial and not NATIONAL.search(sentence):
            continue
        period = printed_period(sentence, c)
        if period is not None and period in published:
            out.append(_check(ctx, c, period, published))
    return out


__all__ = ["Vintage", "build_series", "national_references", "printed_period", "series"]
