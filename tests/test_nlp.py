"""The spaCy pipeline: tokenizer and the cue rules, each rule checked on its own examples."""

from __future__ import annotations

import pytest

from pipeline.vi.nlp import cue_spans, get_nlp, load_cue_rules

RULES = load_cue_rules()


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("ước đạt 7.155,29 tỷ đồng", ["ước", "đạt", "7.155,29", "tỷ", "đồng"]),
        ("tăng 8,75%;", ["tăng", "8,75", "%", ";"]),
        ("ngày 05/5/2024, số 142/QĐ-UBND", ["ngày", "05/5/2024", ",", "số", "142/QĐ-UBND"]),
        ("09/10 huyện", ["09/10", "huyện"]),
        ("từ 19-21/01/2024.", ["từ", "19-21/01/2024", "."]),
        ("tăng 5,87ha²", ["tăng", "5,87", "ha", "²"]),
        ("công suất 10MW.", ["công", "suất", "10", "MW", "."]),
        ("Nghị định 29/2023/NĐ-CP", ["Nghị", "định", "29/2023/NĐ-CP"]),
        ("QL279 và 3G", ["QL279", "và", "3G"]),
        ("giai đoạn 2021- 2025", ["giai", "đoạn", "2021", "-", "2025"]),
    ],
)
def test_tokenizer_keeps_numbers_dates_and_document_numbers_whole(text, tokens):
    assert [t.text for t in get_nlp()(text)] == tokens


def test_rule_files_are_well_formed():
    ids = [r["id"] for r in RULES]
    assert len(ids) == len(set(ids))
    assert all(r["examples"] for r in RULES)


@pytest.mark.parametrize("rule", RULES, ids=[r["id"] for r in RULES])
def test_every_rule_matches_its_examples(rule):
    nlp = get_nlp()
    for example in rule["examples"]:
        doc = nlp(example)
        spans = [s for s in doc.spans["cues"] if s.id_ == rule["id"]]
        assert spans, f"{rule['id']} does not match its example {example!r}"
        if rule["label"] != "BLOCK":
            assert any(c[3] == rule["id"] for c in cue_spans(doc)) or rule["label"] in ("UP", "DOWN")


def test_block_rules_silence_false_directions():
    doc = get_nlp()("Tăng cường công tác quản lý; giảm nghèo bền vững")
    assert [c for c in cue_spans(doc) if c[0] in ("UP", "DOWN")] == []
