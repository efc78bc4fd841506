"""Identities (schemas/identities.yaml): every worked example evaluates to its stated verdict."""

from __future__ import annotations

import pytest

from pipeline.rules import default_rules
from pipeline.validate.identities import Fact, evaluate, identities
from pipeline.validate.intervals import Iv

SUPPORTED = {"sum", "partial_sum", "shares_sum_100", "share", "growth", "ratio_pct", "abs_change", "plan_attainment",
             "contributions_sum", "contribution_share_sum", "not_additive", "product"}  # fmt: skip


def _printed(text: str) -> Iv:
    decimals = len(text.split(".")[1]) if "." in text else 0
    return Iv.printed(float(text), decimals)


def _examples():
    data = default_rules().data("identities.yaml")["identities"]
    for idn in data:
        for k, ex in enumerate(idn.get("examples") or []):
            if idn["kind"] in SUPPORTED:
                yield pytest.param(idn["id"], ex, id=f"{idn['id']}-{k}")


def _facts(values: dict[str, str]) -> list[Fact]:
    out = []
    for n, (key, text) in enumerate(values.items()):
        indicator, _, measure = key.partition(":")
        out.append(Fact(ref=key, indicator=indicator, measure=measure or "level", dims=(None, None),
                        iv=_printed(str(text)), where="table:c1", order=n, page=1))  # fmt: skip
    return out


@pytest.mark.parametrize(("identity_id", "example"), list(_examples()))
def test_identity_examples(identity_id, example):
    idn = next(i for i in identities() if i.id == identity_id)
    findings = [f for f in evaluate([idn], _facts(example["values"])) if f.identity == identity_id]
    assert findings, f"{identity_id}: no operands found in {example['values']}"
    holds = all(f.margin >= 0 for f in findings)
    assert holds == example["holds"], [(f.refs, f.expected, f.actual) for f in findings]
