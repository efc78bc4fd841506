"""Linking rules that decide which figures become facts for the identities (issue 12)."""

from __future__ import annotations

from pipeline.indicators.catalogue import catalogue
from pipeline.indicators.link import Evidence, link_phrase
from pipeline.validate.facts import MIN_SCORE


def _evidence(phrase: str, clause: str, parent: str | None = None) -> list[Evidence]:
    return [
        Evidence(text=phrase, source="phrase", score=0.9, parent=parent),
        Evidence(text=clause, source="clause", score=0.75),
        Evidence(text=clause, source="sentence", score=0.65),
    ]


def test_a_measure_head_after_a_crop_and_season_is_that_crop_and_seasons_measure():
    cat = catalogue()
    link = link_phrase(_evidence("năng suất", "", parent="crop_area.rice.main_season"), cat)
    assert link.indicator_id == "crop_yield.rice.main_season"
    # without the season's figure before it, the label keeps its own indicator
    assert link_phrase(_evidence("năng suất", "", parent="grdp"), cat).indicator_id == "crop_yield.rice"


def test_a_clause_name_is_a_fact_only_when_the_figures_own_phrase_names_nothing_else():
    cat = catalogue()
    plain = link_phrase(_evidence("giá trị gia tăng", "Hoạt động thương mại, dịch vụ tiếp tục phục hồi, "), cat)
    assert plain.indicator_id == "grdp.services" and plain.score >= MIN_SCORE
    other = link_phrase(
        _evidence("tổng vốn đầu tư đăng ký thực hiện", "07 dự án về lĩnh vực du lịch, thương mại dịch vụ với "), cat
    )
    assert other.indicator_id == "grdp.services" and other.score < MIN_SCORE
    assert "its own phrase is a label of" in other.reason
