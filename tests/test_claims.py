"""Claim stage: phrasing cases (tests/golden/claim_cases.yaml), every number accounted for, gold."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
import yaml

from pipeline.claims import claims_for_text, scan_numbers
from pipeline.rules import Rules, default_rules
from pipeline.vi.units import rules as unit_rules
from pipeline.vi.units import unit_after

CASES = yaml.safe_load((Path(__file__).parent / "golden" / "claim_cases.yaml").read_text(encoding="utf-8"))
LEXICONS = default_rules().data("rules/lexicons.yaml")
LEXICON_EXAMPLES = [(name, ex) for name, entry in LEXICONS.items() for ex in entry["examples"]]


@pytest.mark.parametrize("case", CASES, ids=[c["text"][:40] for c in CASES])
def test_phrasing_cases(case):
    rows = claims_for_text(case["text"], kind=case.get("kind", "body"), heading=case.get("heading"))
    assert [r.raw for r in rows] == [e["raw"] for e in case["rows"]]
    for row, want in zip(rows, case["rows"], strict=True):
        for key, value in want.items():
            got = getattr(row, key)
            if key == "flags":
                assert set(value) <= set(got), (row.raw, key)
            elif key == "indicator":
                assert got is not None and got.lower() == value.lower(), (row.raw, got, value)
            elif isinstance(value, float | int) and not isinstance(value, bool) and got is not None:
                assert got == pytest.approx(value), (row.raw, key)
            else:
                assert got == value, (row.raw, key, got, value)


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("7.155,29 tỷ đồng,", "tỷ đồng"), ("45,09 triệu USD", "triệu usd"),
        ("338,587 triệu HK.Km, tăng", "triệu hk.km"), ("198,111 triệu tấn.km", "triệu tấn.km"),
        ("4.357,139 nghìn tấn", "nghìn tấn"), ("5,87ha so", "ha"), ("10MW.", "mw"), ("27 thôn, bản của", "thôn, bản"),
        ("09/10 các huyện, thị xã, thành phố đã", "huyện, thị xã, thành phố"),
        ("14,12 tiêu chí/xã;", "tiêu chí/xã"), ("860 triệu đồng/năm", "triệu đồng/năm"), ("1,39 điểm %", "điểm %"),
        ("8,75% so", "%"), ("91 doanh nghiệp thành lập", "doanh nghiệp"), ("13 con bê", "con"), ("2,18 lần so", "lần"),
        ("12 nghìn người", "nghìn người"), ("15 so với", None),
        ("3.768 nghìn lượt khách, tăng", "nghìn lượt khách"),
        ("730,5 nghìn lượt khách du lịch, đạt", "nghìn lượt khách du lịch"), ("44 nhóm nghề cho", "nhóm nghề"),
        ("9 nhóm giải pháp chủ yếu", "nhóm giải pháp"), ("1.557 nghìn lượt (trong", "nghìn lượt"),
        ("404.114 đối tượng ,đạt", "đối tượng"), ("5 đối với", None),
    ],
)  # fmt: skip
def test_units(text, unit):
    first = scan_numbers(text)[0]
    u = unit_after(text, first.end)
    assert (u.text if u else None) == unit


def _shown(example: dict, rules: Rules) -> dict:
    row = next((r for r in claims_for_text(example["text"], rules=rules) if r.raw == example["raw"]), None)
    if row is None:  # the list decides how the number is cut ("29.12" a date, else "29" and "12")
        return {"no row with raw": example["raw"]}
    return {key: getattr(row, key) for key in example if key not in ("text", "raw")}


def test_every_word_list_has_examples():
    assert all(entry["examples"] and entry["doc"] for entry in LEXICONS.values())


@pytest.mark.parametrize(("name", "example"), LEXICON_EXAMPLES, ids=[f"{n}-{e['raw']}" for n, e in LEXICON_EXAMPLES])
def test_every_word_list_decides_its_examples(name, example):
    rules = default_rules()
    want = {key: value for key, value in example.items() if key not in ("text", "raw")}
    assert _shown(example, rules) == want
    empty = {**LEXICONS, name: {**LEXICONS[name], "words": type(LEXICONS[name]["words"])()}}
    without = Rules(folder=rules.folder, files={**rules.files, "rules/lexicons.yaml": empty})
    assert _shown(example, without) != want, f"{name} does not decide {example['text']!r}"


@pytest.mark.parametrize("unit", unit_rules().glued)
def test_every_glued_unit_is_split_from_its_number(unit):
    from pipeline.vi.nlp import get_nlp

    text = f"tăng 12,5{unit} so với"
    spans = scan_numbers(text)
    assert (spans[0].raw, spans[0].form) == ("12,5", "number")  # the digit of m2, m3 is a token of its own
    u = unit_after(text, spans[0].end)
    assert u is not None and u.text == unit.lower()
    assert [t.text for t in get_nlp()(text)][:3] == ["tăng", "12,5", unit]


def test_every_digit_is_in_one_span():
    text = "Ngày 05/5/2024 QL279 đạt 7.155,29 tỷ đồng (09/10 huyện; 2021- 2025; 3G; 19-21/01/2024) x12y"
    spans = scan_numbers(text)
    covered = [k for s in spans for k in range(s.start, s.end)]
    assert len(covered) == len(set(covered))
    assert all(k in covered for k, ch in enumerate(text) if ch.isdigit())


def test_sample_numbers_all_accounted_for(sample_out):
    data = json.loads((sample_out / "document.json").read_text(encoding="utf-8"))
    claims = pd.read_parquet(sample_out / "claims.parquet")
    sentences = pd.read_parquet(sample_out / "sentences.parquet")
    assert data["counts"]["numbers"] == data["counts"]["claims"] == len(claims)
    assert set(claims["sentence_id"]) <= set(sentences["sentence_id"])
    assert claims.loc[claims["kind"] == "not_claim", "reason"].notna().all()
    assert claims.loc[claims["kind"] != "not_claim", "reason"].isna().all()
    markers = claims[claims["reason"] == "footnote_marker"]
    labels = claims[claims["reason"] == "footnote_label"]
    assert len(markers) == 62 and len(labels) == 62
    digits = sum(ch.isdigit() for t in sentences["text"] for ch in t)
    covered = 0
    for t in sentences["text"]:
        covered += sum(ch.isdigit() for s in scan_numbers(t) for ch in s.raw)
    assert covered == digits


def test_sample_against_gold(sample_out):
    from conftest import GOLD

    from pipeline.devtools.evaluate import score_claims

    if not (GOLD / "claims.jsonl").exists():
        pytest.skip("gold-dev is not beside the repository")
    lines = score_claims(sample_out, GOLD)
    head = lines[0]
    f1 = float(head.split("F1 ")[1].split()[0])
    assert f1 >= 0.98, head
    attrs = dict(part.strip().split(" ") for part in lines[1].removeprefix("claims: ").split(","))
    assert float(attrs["direction"]) >= 0.95
    assert float(attrs["comparison"]) >= 0.95
    assert float(attrs["indicator"]) >= 0.9


def test_generated_report_claims_end_to_end(tmp_path):
    from pdfgen import ReportPdf, official_header

    from pipeline import run

    b = ReportPdf()
    official_header(b, "UBND TỈNH LAI CHÂU", "142/BC-UBND", "Lai Châu", (28, 6, 2024))
    b.heading("1.2. Cây công nghiệp dài ngày")
    b.paragraph(
        "Tổng diện tích cây cao su trên địa bàn tỉnh là 5.015,9 ha, tăng 5,87ha[^2] so với cùng kỳ năm trước, "
        "đạt 100,12% kế hoạch.",
        footnotes={2: "Tăng 6 ha tại hộ cá thể và giảm 0,13 ha do công ty thanh lý (+ 6 ha - 0,13 ha = 5,87 ha)."},
    )
    result = run.extract_report(b.save(tmp_path / "r.pdf"), tmp_path / "out")
    claims = pd.read_parquet(result.folder / "claims.parquet")
    plain = claims.astype(object).where(claims.notna(), None)
    rows = list(plain[["raw", "kind", "unit", "reason", "footnote"]].itertuples(index=False, name=None))
    assert ("5,87", "change_abs", "ha", None, None) in rows
    assert ("²", "not_claim", None, "footnote_marker", None) in rows
    assert ("²", "not_claim", None, "footnote_label", 2) in rows
    assert ("1.2", "not_claim", None, "section_number", None) in rows
    in_note = claims[claims["footnote"] == 2]
    assert list(in_note["raw"]) == ["²", "6", "0,13", "6", "0,13", "5,87"]
    assert list(in_note["kind"])[1:] == ["change_abs"] * 5
    assert set(in_note["comparison"].dropna()) == {"same_period_prev_year"}
    assert not any("5,872" in r for r in claims["raw"])


REALTEXTS = Path(__file__).resolve().parent.parent.parent / "shared" / "dev-realtexts"


@pytest.mark.slow
def test_realtexts_against_gold():
    """Real passages of other provinces (../shared/dev-realtexts), extracted and scored like `make eval`."""
    from pipeline.devtools import realtexts

    if not (REALTEXTS / "claims.jsonl").exists():
        pytest.skip("dev-realtexts is not beside the repository")
    sc = realtexts.extract_and_score(REALTEXTS)
    assert not sc.missing_folders
    assert sc.claims.f1 >= 0.95, sc.claims.line("claims")
    assert sc.agreement("indicator") >= 0.85, realtexts.summary(sc)


def test_realtexts_scorer_counts_claims_and_signs(tmp_path):
    """The scorer on a made-up passage: a right claim, a claim read as another kind, a raw that
    differs only by its printed sign, a not_claim row and an extra claim row."""
    from pipeline.devtools import realtexts

    folder = tmp_path / "01-x"
    folder.mkdir()
    (folder / "sentences.csv").write_text(
        'sentence_id,text\ns1,"Diện tích đạt 925 ha (-1,01%) năm 2023 và 5 xã."\n', encoding="utf-8"
    )
    head = "claim_id,sentence_id,raw,value,unit,kind,direction,comparison,indicator,estimated,start\n"
    rows = [
        "c1,s1,925,925,ha,level,,,diện tích,false,14",
        'c2,s1,"1,01",1.01,%,rate_pct,,,diện tích,false,23',
        "c3,s1,2023,2023,,not_claim,,,,false,34",
        "c4,s1,5,5,xã,level,,,xã,false,42",
    ]
    (folder / "claims.csv").write_text(head + "\n".join(rows) + "\n", encoding="utf-8")

    def gold(raw, value, unit, kind, indicator):
        quote = {"925": "đạt 925 ha", "-1,01": "(-1,01%) năm", "2023": "năm 2023 và"}[raw]
        return {"doc": "01-x", "quote": quote, "raw": raw, "value": value, "unit": unit, "kind": kind,
                "indicator": indicator, "direction": None, "comparison": None, "estimated": False}  # fmt: skip

    items = [
        gold("925", 925.0, "ha", "level", "diện tích"),
        gold("-1,01", -1.01, "%", "change_pct", "diện tích"),
        gold("2023", None, None, "not_claim", None),
    ]
    sc = realtexts.score(items, [folder])
    assert (sc.claims.tp, sc.claims.gold, sc.claims.ours) == (1, 2, 3)  # 925 right; -1,01 wrong; 5 xã extra
    assert (sc.all.tp, sc.all.gold, sc.all.ours) == (2, 3, 4)
    assert sc.relaxed == 1 and sc.agreement("indicator") == 1.0
    assert sorted(str(e["type"]) for e in sc.errors) == ["extra", "mismatch"]
