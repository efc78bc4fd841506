"""What the rule families read: one immutable index of a report's claims, cells, sentences and rules.

Built once per report by `build_context`; each family reads it and returns its checks, built with
`Context.check` (stable id, pages, tolerance and status from the two intervals).
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from ..claims import Claim, Claims
from ..records import Document
from ..rules import Rules
from ..segment import Section, Segmented, Sentence
from ..tables import Table, TableCell, Tables
from ..vi.similarity import Similarity, phrase_similarity
from ..vi.units import UnitRules
from ..vi.units import rules as unit_rules
from .checks import Check, RuleBook, Status, check_id, rule_book, rule_family
from .intervals import Iv
from .operands import unit_scale

CellKey = tuple[str, int, int]  # table_id, row_order, col

_TASK_PART = re.compile(r"nhiệm\s+vụ.{0,40}giải\s+pháp|phương\s+hướng", re.IGNORECASE)
_TARGET = re.compile(r"phấn\s+đấu|mục\s+tiêu\s+(?:đến|đạt|là|năm)|chỉ\s+tiêu\s+đề\s+ra", re.IGNORECASE)
_PREVIOUS_START = re.compile(
    r"^(?:cùng\s+kỳ|(?:\d+\s+tháng(?:\s+đầu)?\s+năm|quý\s+[IVX]+(?:\s+năm)?|năm)\s+((?:19|20)\d{2}))",
    re.IGNORECASE,
)


@dataclass(frozen=True, kw_only=True)
class Context:
    """Lookups shared by the rule families: cells, claims, their sentences and stable signatures."""

    doc: Document
    seg: Segmented
    tables: tuple[Table, ...]
    claims: tuple[Claim, ...]
    sentences: Mapping[str, Sentence]
    sections: Mapping[str, Section]
    cells: Mapping[CellKey, TableCell]
    by_sentence: Mapping[str, tuple[Claim, ...]]
    signatures: Mapping[str, str]
    book: RuleBook
    units: UnitRules
    words: Similarity
    part: int = 1  # the document part this view holds (Document.parts); its checks carry it
    _scales: dict[str | None, tuple[float, str]] = field(default_factory=dict, repr=False, compare=False)

    def sig(self, c: Claim) -> str:
        """A claim's signature: page, sentence digest, printed form, reason and occurrence."""
        return self.signatures.get(c.claim_id, c.claim_id)

    def unit_scale(self, text: str | None) -> tuple[float, str]:
        """Scale and base unit of a unit as printed ('Tỷ đồng' -> 1e9, 'đồng'), worked out once per text."""
        if text not in self._scales:
            self._scales[text] = unit_scale(text, self.units)
        return self._scales[text]

    def check(
        self,
        rule: str,
        message: str,
        *,
        expected: Iv | None = None,
        actual: Iv | None = None,
        claims: Sequence[Claim] = (),
        cells: Sequence[str] = (),
        pages: Iterable[int] = (),
        basis: str | None = None,
        margin: float | None = None,
        skip: bool = False,
        key: Iterable[str] = (),
    ) -> Check:
        """One check instance of `rule`: expected (computed) against actual (printed)."""
        if margin is None and expected is not None and actual is not None:
            margin = expected.margin(actual)
        tol = (expected.half if expected else 0.0) + (actual.half if actual else 0.0) if expected or actual else None
        status: Status = "skip" if skip else ("pass" if margin is not None and margin >= 0 else "fail")
        # a later part's id differs even where only a key names the check (the footnote sequence)
        own = [f"part {self.part}"] if self.part > 1 else []
        return Check(
            check_id=check_id(rule, [*(self.sig(c) for c in claims), *cells, *key, *own]),
            rule=rule,
            family=rule_family(self.book, rule),
            status=status,
            message=message,
            expected=expected.value if expected else None,
            actual=actual.value if actual else None,
            tolerance=round(tol, 10) if tol is not None else None,
            margin=margin,
            claim_ids=tuple(c.claim_id for c in claims),
            table_cells=tuple(cells),
            pages=self.pages_of(claims, cells, pages),
            basis=basis,
            expected_lo=expected.lo if expected else None,
            expected_hi=expected.hi if expected else None,
            actual_lo=actual.lo if actual else None,
            actual_hi=actual.hi if actual else None,
            part=self.part,
        )

    def pages_of(self, claims: Sequence[Claim], cells: Sequence[str], pages: Iterable[int]) -> tuple[int, ...]:
        """The pages of a check's operands, sorted."""
        page_set = set(pages) | {c.page for c in claims}
        for ref in cells:
            tid, row, col = ref.split(":")
            cell = self.cells.get((tid, int(row), int(col)))
            if cell:
                page_set.add(cell.page)
        return tuple(sorted(page_set))

    def in_task_part(self, section_id: str | None) -> bool:
        """Inside a part whose title announces tasks and solutions (targets, not results)."""
        s = self.sections.get(section_id or "")
        while s is not None:
            if s.level == 1:
                return bool(_TASK_PART.search(s.title or ""))
            s = self.sections.get(s.parent_id or "")
        return False

    def is_target(self, c: Claim) -> bool:
        """A figure aimed at, not reported: in a part on tasks and solutions ('PHẦN THỨ HAI Nhiệm vụ,
        giải pháp …', an attached resolution on them), or after 'phấn đấu', 'mục tiêu đến …' in its
        statement (from the last ';')."""
        if self.in_task_part(c.section_id):
            return True
        s = self.sentences.get(c.sentence_id)
        if s is None or c.start < 0:
            return False
        head = s.text[: c.start]
        return bool(_TARGET.search(head[head.rfind(";") + 1 :]))

    def previous_period_footnote(self, number: int | None) -> bool:
        """A footnote that gives the figures of an earlier period ('Cùng kỳ năm 2023, có 10 …',
        '5 tháng đầu năm 2023 …')."""
        if number is None:
            return False
        fn = next((f for f in self.doc.footnotes if f.number == number), None)
        if fn is None:
            return False
        m = _PREVIOUS_START.match(fn.text.strip())
        if not m:
            return False
        year = m.group(1)
        report_year = (self.doc.metadata.date or "")[:4]
        return year is None or not report_year or year < report_year


def claim_signatures(claims: Sequence[Claim], sentences: Mapping[str, Sentence]) -> dict[str, str]:
    """Claim id -> a signature that survives re-extraction: page, sentence digest, printed form,
    reason, and the occurrence among claims with the same."""
    out: dict[str, str] = {}
    seen: Counter[str] = Counter()
    for c in claims:
        s = sentences.get(c.sentence_id)
        base = f"{c.page}:{hashlib.sha1((s.text if s else '').encode()).hexdigest()[:8]}:{c.raw}:{c.reason or ''}"
        seen[base] += 1
        out[c.claim_id] = f"{base}#{seen[base]}"
    return out


def build_context(
    doc: Document, seg: Segmented, tables: Tables, claims: Claims, *, rules: Rules, part: int = 1
) -> Context:
    """The index the rule families read, built once per report (once per part of a PDF holding
    several documents: the view of that part)."""
    sentences = {s.sentence_id: s for s in seg.sentences}
    by_sentence: dict[str, list[Claim]] = defaultdict(list)
    for c in claims.claims:
        by_sentence[c.sentence_id].append(c)
    return Context(
        doc=doc,
        seg=seg,
        tables=tuple(tables.tables),
        claims=tuple(claims.claims),
        sentences=sentences,
        sections={s.section_id: s for s in seg.sections},
        cells={(t.table_id, c.row_order, c.col): c for t in tables.tables for c in t.cells},
        by_sentence={sid: tuple(rows) for sid, rows in by_sentence.items()},
        signatures=claim_signatures(claims.claims, sentences),
        book=rule_book(rules),
        units=unit_rules(),
        words=phrase_similarity(rules),
        part=part,
    )


__all__ = ["CellKey", "Context", "build_context", "claim_signatures"]
