"""One PDF, several documents (issue 18): each header block opens a part; footnotes restart in each
part and link to the markers of their own part; every stage's records carry their part."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest
from pdfgen import ReportPdf, official_header

from pipeline import run
from pipeline.parse import pdf_to_document

# Columns that name a place in the file (ids, pages, offsets into text.txt) rather than what was read:
# they differ between the two copies of a report by construction.
PLACE_COLUMNS = {
    "section_id", "parent_id", "order", "sentence_id", "anchor_sentence_id", "claim_id", "table_id", "cell_id",
    "check_id", "claim_ids", "table_cells", "char_start", "char_end", "page", "pages", "anchor_page", "bbox_page",
    "part",
}  # fmt: skip
TABLES = ("sections", "sentences", "footnotes", "claims", "tables", "table_rows", "checks")


def _resolution(b: ReportPdf, notes: dict[int, str]) -> None:
    """An attached draft resolution with its own header block, numbering its footnotes from 1."""
    b.page_break()
    b.two_columns(
        ["HĐND TỈNH LAI CHÂU", "Số: 15/NQ-HĐND"],
        ["**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**", "**Độc lập - Tự do - Hạnh phúc**",
         "//Lai Châu, ngày 10 tháng 7 năm 2024//"],
    )  # fmt: skip
    b.center("NGHỊ QUYẾT")
    b.center("Về nhiệm vụ phát triển kinh tế - xã hội 6 tháng cuối năm 2024")
    b.paragraph(
        "Điều 1. Thông qua chỉ tiêu trồng mới rừng sản xuất[^1] trong 6 tháng cuối năm.", footnotes={1: notes[1]}
    )
    b.paragraph(
        "Điều 2. Giao Ủy ban nhân dân tỉnh tổ chức thực hiện chương trình nước sạch[^2].", footnotes={2: notes[2]}
    )


def _report_with_resolution(path: Path, resolution_notes: dict[int, str]) -> Path:
    b = ReportPdf()
    official_header(b, "UBND TỈNH LAI CHÂU", "142/BC-UBND", "Lai Châu", (28, 6, 2024))
    b.heading("1. Sản xuất nông nghiệp")
    b.paragraph(
        "Tổng diện tích gieo trồng cây lương thực ước đạt 5.015,9 ha[^1], tăng 2,1% so với cùng kỳ năm trước.",
        footnotes={1: "Báo cáo: lúa 3.015,9 ha; ngô 2.000 ha."},
    )
    b.paragraph(
        "Tổng đàn gia súc ước đạt 125.000 con[^2], tăng 1,5% so với cùng kỳ.",
        footnotes={2: "Báo cáo: trâu 45.000 con; bò 80.000 con."},
    )
    b.paragraph(
        "Sản lượng thủy sản ước đạt 1.250 tấn[^3], bằng 52% kế hoạch năm.", footnotes={3: "Báo cáo: nuôi trồng."}
    )
    # the signature block on a page of its own (footnotes under a side-by-side block are not read yet)
    b.page_break()
    b.two_columns(["Nơi nhận:", "- Như trên;"], ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"])
    _resolution(b, resolution_notes)
    return b.save(path)


NOTES = {1: "Nghị quyết: 1.200 ha rừng trồng mới.", 2: "Nghị quyết: 95% dân số nông thôn."}


def test_attached_resolution_restarts_footnotes_and_links_each_to_its_own_part(tmp_path):
    pdf = _report_with_resolution(tmp_path / "bundle.pdf", NOTES)
    doc = pdf_to_document(pdf)
    assert [p.part for p in doc.parts] == [1, 2]
    report, resolution = doc.parts
    assert (report.metadata.number, report.metadata.doc_type) == ("142/BC-UBND", "BÁO CÁO")
    assert (resolution.metadata.number, resolution.metadata.doc_type) == ("15/NQ-HĐND", "NGHỊ QUYẾT")
    assert resolution.metadata.issuer == "HĐND TỈNH LAI CHÂU"
    assert resolution.metadata.date == "2024-07-10"
    assert doc.metadata == report.metadata  # the report's own metadata is the first part's
    assert (report.first_page, report.last_page, resolution.first_page) == (1, 2, 3)
    assert [(f.part, f.number) for f in doc.footnotes] == [(1, 1), (1, 2), (1, 3), (2, 1), (2, 2)]
    # every marker is linked to the footnote of its own part: the anchor paragraph is in the same part
    # and is the one that prints the footnote's subject
    subjects = {(1, 1): "lương thực", (1, 2): "gia súc", (1, 3): "thủy sản", (2, 1): "rừng", (2, 2): "nước sạch"}
    for fn in doc.footnotes:
        assert fn.anchor is not None, fn
        anchored = doc.paragraph(fn.anchor.paragraph)
        assert doc.part_of(anchored.page) == fn.part
        assert subjects[(fn.part, fn.number)] in anchored.text
    codes = {n.code for n in doc.notes}
    assert not codes & {
        "footnote-duplicate",
        "footnote-no-marker",
        "footnote-orphan-marker",
        "footnote-marker-repeated",
    }

    folder = run.extract_report(pdf, tmp_path / "out").folder
    footnotes = pd.read_csv(folder / "footnotes.csv")
    sentences = pd.read_csv(folder / "sentences.csv").set_index("sentence_id")
    assert list(zip(footnotes["part"], footnotes["footnote"], strict=True)) == [(1, 1), (1, 2), (1, 3), (2, 1), (2, 2)]
    for r in footnotes.itertuples(index=False):
        holder = sentences.loc[r.anchor_sentence_id]
        assert holder["part"] == r.part and subjects[(r.part, r.footnote)] in holder["text"]
    # footnote sentences carry their own part's footnote: the resolution's note 1 is its own
    notes = sentences[sentences["footnote"].notna()]
    assert set(notes[notes["part"] == 2]["text"]) == set(NOTES.values())
    document = json.loads((folder / "document.json").read_text(encoding="utf-8"))
    assert [(p["part"], p["number"], p["doc_type"]) for p in document["parts"]] == [
        (1, "142/BC-UBND", "BÁO CÁO"), (2, "15/NQ-HĐND", "NGHỊ QUYẾT"),
    ]  # fmt: skip
    assert document["metadata"]["number"] == "142/BC-UBND"
    assert not any("footnote-duplicate" in w for w in document["warnings"])
    checks = pd.read_csv(folder / "checks.csv")
    sequence = checks[checks["rule"] == "footnote_sequence"]
    assert sorted(sequence["part"]) == [1, 2] and set(sequence["status"]) == {"pass"}
    # the clean tables and the catalogue carry each part's own keys
    clean = pd.read_parquet(folder / "clean" / "claims.parquet")
    keys = set(
        zip(clean["part"], clean["report_number"], clean["issuer"], clean["report_date"].astype(str), strict=True)
    )
    assert keys == {
        (1, "142/BC-UBND", "UBND TỈNH LAI CHÂU", "2024-06-28"),
        (2, "15/NQ-HĐND", "HĐND TỈNH LAI CHÂU", "2024-07-10"),
    }
    from pipeline.publish import catalog

    db = catalog.update(tmp_path / "out", folder)
    rows = catalog.query(db, "SELECT part, number, checks FROM reports ORDER BY part")
    assert [r[:2] for r in rows] == [(1, "142/BC-UBND"), (2, "15/NQ-HĐND")]
    assert sum(r[2] for r in rows) == len(checks)


def test_a_duplicate_inside_one_part_is_still_a_warning(tmp_path):
    b = ReportPdf()
    official_header(b, "UBND TỈNH LAI CHÂU", "142/BC-UBND", "Lai Châu", (28, 6, 2024))
    b.paragraph("Diện tích lúa ước đạt 3.015,9 ha[^1].", footnotes={1: "Báo cáo: vụ Đông Xuân."})
    _resolution(b, NOTES)
    b.paragraph("Điều 3. Nghị quyết có hiệu lực từ ngày ký[^2].", footnotes={2: "Nghị quyết: hiệu lực."})
    doc = pdf_to_document(b.save(tmp_path / "dup.pdf"))
    dups = [n for n in doc.notes if n.code == "footnote-duplicate"]
    assert [n.message for n in dups] == ["footnote 2 is printed twice (pages 2 and 2)"]
    assert [(f.part, f.number) for f in doc.footnotes] == [(1, 1), (2, 1), (2, 2), (2, 2)]


def _without_places(frame: pd.DataFrame) -> pd.DataFrame:
    """A table minus the columns that say where in the file, in a canonical row order."""
    out = frame[[c for c in frame.columns if c not in PLACE_COLUMNS]]
    return out.sort_values(list(out.columns)).reset_index(drop=True)


def _relative(frame: pd.DataFrame, tables: pd.DataFrame, first_page: int) -> pd.DataFrame:
    """Check messages as the part reads them: table ids as their rank within the part (T3 of part 2 is
    its T1) and pages counted from the part's first page ('p. 58' of part 2 is its 'p. 7')."""
    if "message" not in frame.columns:
        return frame
    rank: dict[str, str] = {}
    for _part, ids in tables.groupby("part", sort=True)["table_id"]:
        for k, tid in enumerate(dict.fromkeys(ids), start=1):
            rank[tid] = f"T{k}"
    out = frame.copy()
    out["message"] = (
        out["message"]
        .map(lambda m: re.sub(r"\bT\d+\b", lambda t: rank.get(t.group(0), t.group(0)), m))
        .map(lambda m: re.sub(r"\bp\. (\d+)", lambda t: f"p. {int(t.group(1)) - first_page + 1}", m))
    )
    return out


@pytest.mark.slow
def test_sample_twice_is_two_parts_equal_to_the_sample(sample_pdf, sample_out, tmp_path):
    import pikepdf

    twice = tmp_path / "twice.pdf"
    with pikepdf.new() as out, pikepdf.open(sample_pdf) as first, pikepdf.open(sample_pdf) as second:
        out.pages.extend(first.pages)
        out.pages.extend(second.pages)
        out.save(twice)
    folder = run.extract_report(twice, tmp_path / "out").folder
    document = json.loads((folder / "document.json").read_text(encoding="utf-8"))
    single = json.loads((sample_out / "document.json").read_text(encoding="utf-8"))
    assert [(p["part"], p["first_page"], p["last_page"]) for p in document["parts"]] == [(1, 1, 51), (2, 52, 102)]
    for p in document["parts"]:
        assert {k: p[k] for k in single["metadata"]} == single["metadata"]
    assert document["warnings"] == single["warnings"] == []
    tables_one = pd.read_csv(sample_out / "tables.csv", dtype=str, keep_default_na=False)
    tables_two = pd.read_csv(folder / "tables.csv", dtype=str, keep_default_na=False)
    for name in TABLES:
        one = _relative(pd.read_csv(sample_out / f"{name}.csv", dtype=str, keep_default_na=False), tables_one, 1)
        both = pd.read_csv(folder / f"{name}.csv", dtype=str, keep_default_na=False)
        assert set(one["part"]) == {"1"} and set(both["part"]) == {"1", "2"}, name
        for part, first_page in (("1", 1), ("2", 52)):
            mine = _relative(both[both["part"] == part], tables_two, first_page)
            assert len(mine) == len(one), (name, part)
            pd.testing.assert_frame_equal(_without_places(mine), _without_places(one), obj=f"{name} part {part}")
    checks = pd.read_csv(folder / "checks.csv")
    assert checks["check_id"].is_unique
    assert (checks["status"] == "fail").sum() == 2 * (pd.read_csv(sample_out / "checks.csv")["status"] == "fail").sum()
    # the clean tables carry each part's keys: the bundle gives two reports' rows
    indicators = pd.read_parquet(folder / "clean" / "indicators.parquet")
    one = pd.read_parquet(sample_out / "clean" / "indicators.parquet")
    assert sorted(indicators["part"].unique()) == [1, 2]
    assert (indicators["part"] == 2).sum() == len(one)
    assert set(indicators["report_number"]) == {"3013/BC-UBND"}
