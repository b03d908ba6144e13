"""The analysis against hand-checked figures (sample figures from the seed memo's score tables)."""
import math

import pytest

from ita_xl import load, load_framework
from ita_xl.analysis import analyse
from ita_xl.analysis.scoring import competition_ranks, judged, level_of
from ita_xl.model import Agency, Assessment, ItemScore, Stated
from ita_xl.writing.edition import Edition
from ita_xl.writing.memo.document import measures_in_words


def assessment(indicators, items=None, year=2565, measures=()):
    return Assessment("test.xlsx", load_framework(year), Agency("ทดสอบ"), Stated(), dict(indicators),
                      {code: ItemScore(code, score, "") for code, score in (items or {}).items()},
                      tuple(measures))


def uniform(iit, eit, oit):
    """Every indicator of a tool at the same score."""
    return {no: iit if no <= 5 else eit if no <= 8 else oit for no in range(1, 11)}


def load_sample():
    from builders import SAMPLE
    return load(SAMPLE)


@pytest.fixture(scope="module")
def saithong():
    return analyse(load_sample())


def test_sample_tool_scores_match_hand_arithmetic(saithong):
    # IIT (97.36+89.33+91.11+90.08+90.93)/5; EIT (84.86+84.50+80.18)/3; OIT (94.64+100)/2
    assert saithong.tool("IIT").score == pytest.approx(91.762, abs=1e-9)
    assert saithong.tool("EIT").score == pytest.approx(83.18, abs=1e-9)
    assert saithong.tool("OIT").score == pytest.approx(97.32, abs=1e-9)


def test_sample_ita_is_weighted_30_30_40(saithong):
    # 0.3*91.762 + 0.3*83.18 + 0.4*97.32 = 27.5286 + 24.954 + 38.928
    assert saithong.ita == pytest.approx(91.4106, abs=1e-9)
    assert saithong.level == "A"
    assert saithong.passed


def test_sample_tool_status(saithong):
    assert [t.passed for t in saithong.tools] == [True, False, True]


def test_strengths_rank_highest_first(saithong):
    assert saithong.strengths == (10, 1, 9, 3, 5, 4, 2)


def test_weaknesses_rank_lowest_first(saithong):
    assert saithong.weaknesses == (8, 7, 6)


def test_sample_indicator_ranks(saithong):
    assert {i.no: i.rank for i in saithong.indicators} == {
        10: 1, 1: 2, 9: 3, 3: 4, 5: 5, 4: 6, 2: 7, 6: 8, 7: 9, 8: 10}


def test_weak_items_weakest_indicator_first_lowest_item_first(saithong):
    assert [w.code for w in saithong.weak_items] == [
        "E15", "E11", "E12", "E14", "E6", "E7", "E9", "E5", "E1", "E2"]


def test_weak_items_keep_the_inputs_recommendation(saithong):
    e15 = saithong.weak_items[0]
    assert e15.recommendation == "เห็นควรประชาสัมพันธ์การดำเนินงานผ่านช่องทางเพิ่มขึ้น"
    assert e15.recommendation_given


def test_measures_come_from_the_input_when_given(saithong):
    assert len(saithong.measures) == 5
    assert not saithong.measures_drafted


def test_ties_share_a_rank_and_skip_the_next():
    assert competition_ranks({1: 90.0, 2: 90.0, 3: 80.0, 4: 95.0}, 2) == {4: 1, 1: 2, 2: 2, 3: 4}


def test_ranks_compare_scores_as_published():
    # 90.004 and 89.996 are both published as 90.00
    assert competition_ranks({1: 90.004, 2: 89.996}, 2) == {1: 1, 2: 1}


@pytest.mark.parametrize("score, shown", [(84.995, 85.0), (84.994999, 84.99), (91.4106, 91.41),
                                          (2.675, 2.68), (0.0, 0.0)])
def test_judged_rounds_half_up_like_excel(score, shown):
    assert judged(score, 2) == shown


def test_a_score_published_as_85_meets_the_target():
    result = analyse(assessment(uniform(84.995, 84.995, 84.995)))
    assert all(i.passed for i in result.indicators)
    assert result.passed and result.level == "A"


def test_target_option_moves_the_split():
    result = analyse(load_sample(), target=90)
    assert result.strengths == (10, 1, 9, 3, 5, 4)
    assert result.weaknesses == (8, 7, 6, 2)
    assert result.passed   # 91.41 >= 90


@pytest.mark.parametrize("ita, level", [(100, "AA"), (95, "AA"), (94.99, "A"), (85, "A"), (84.99, "B"),
                                        (75, "B"), (74.99, "C"), (65, "C"), (55, "D"), (50, "E"),
                                        (49.99, "F"), (0, "F")])
def test_letter_levels_up_to_2565(ita, level):
    framework = load_framework(2565)
    assert level_of(framework, ita, {"IIT": ita, "EIT": ita, "OIT": ita}).name_th == level


@pytest.mark.parametrize("iit, eit, oit, level, words", [
    (96, 96, 96, "excellent", "ผ่านดีเยี่ยม"),
    (96, 94, 96, "good", "ผ่านดี"),          # ITA 95.4 but EIT below 95
    (90, 90, 90, "good", "ผ่านดี"),
    (95, 80, 95, "passed", "ผ่าน"),          # ITA 90.5 >= 85 but EIT below 85
    (75, 75, 75, "improve", "ต้องปรับปรุง"),
    (60, 60, 60, "urgent", "ต้องปรับปรุงโดยด่วน"),
])
def test_rating_words_from_2566_look_at_every_tool(iit, eit, oit, level, words):
    result = analyse(assessment(uniform(iit, eit, oit), year=2566))
    assert result.level == level
    assert Edition().level_name(result.framework, result.level) == words


def test_blank_iit_indicator_is_the_mean_of_its_items():
    scores = uniform(90, 90, 90) | {1: None}
    items = {"I1": 90, "I2": 80, "I3": 70, "I4": 100, "I5": 100, "I6": 100}
    result = analyse(assessment(scores, items))
    assert result.indicator(1).score == pytest.approx(90.0)
    assert result.indicator(1).items_used == 6


def test_blank_oit_indicator_is_the_mean_of_its_sub_indicators():
    # one item missing in 9.2 (7/8) and one in 9.3 (6/7): (100 + 87.5 + 85.714 + 100 + 100) / 5
    items = {f"O{n}": 100 for n in range(1, 34)} | {"O10": 0, "O18": 0}
    result = analyse(assessment(uniform(90, 90, 90) | {9: None}, items))
    assert result.indicator(9).score == pytest.approx((100 + 87.5 + 600 / 7 + 100 + 100) / 5)
    assert judged(result.indicator(9).score, 2) == 94.64


def test_unmet_oit_items_are_weak_items_with_default_recommendations():
    items = {f"O{n}": 100 for n in range(1, 34)} | {"O10": 0, "O18": 0}
    result = analyse(assessment(uniform(90, 90, 90) | {9: None}, items))
    assert [w.code for w in result.weak_items] == ["O10", "O18"]
    assert not result.weak_items[0].recommendation_given and result.weak_items[0].recommendation == ""
    assert Edition().item_recommendation(result.framework, "O10") == load_framework(2565).item("O10").recommendation


def test_empty_measures_sheet_gets_one_draft_measure_per_weak_indicator():
    items = {"E11": 70, "E12": 75, "E6": 80}
    result = analyse(assessment(uniform(90, 82, 90) | {8: 80, 7: 84}, items))
    assert result.measures_drafted and result.measures == ()
    assert [(d.indicator, [w.code for w in d.advice]) for d in result.drafts] == [(8, ["E11", "E12"]), (6, []),
                                                                                 (7, ["E6"])]
    edition = Edition()
    drafted = measures_in_words(result, edition, edition.wording(False))
    assert [m.measure for m in drafted] == [
        "ยกระดับด้านการปรับปรุงระบบการทำงาน (ตัวชี้วัดที่ 8)",
        "ยกระดับด้านคุณภาพการดำเนินงาน (ตัวชี้วัดที่ 6)",
        "ยกระดับด้านประสิทธิภาพการสื่อสาร (ตัวชี้วัดที่ 7)",
    ]
    framework = load_framework(2565)
    assert drafted[0].steps == (f"1. {framework.item('E11').recommendation}\n"
                                f"2. {framework.item('E12').recommendation}")
    assert drafted[0].responsible == "" and drafted[0].timeline == ""


def test_no_weak_indicator_means_no_draft():
    result = analyse(assessment(uniform(90, 90, 90)))
    assert result.measures == () and result.drafts == () and not result.measures_drafted


def test_scores_are_not_rounded_before_the_ita():
    # tools of 1/3-ish means: rounding tools first would give 86.67*0.3+... != exact
    scores = {1: 90, 2: 90, 3: 90, 4: 90, 5: 91, 6: 85, 7: 85, 8: 86, 9: 90, 10: 91}
    result = analyse(assessment(scores))
    exact = 0.3 * (451 / 5) + 0.3 * (256 / 3) + 0.4 * (181 / 2)
    assert math.isclose(result.ita, exact, rel_tol=0, abs_tol=1e-12)
