"""What moves the score, checked by hand from the weights 30/30/40 and the indicator counts 5/3/2."""
import pytest
from builders import SAMPLE

from ita_xl import analyse, load, load_framework
from ita_xl.model import Agency, Assessment, ItemScore, Stated


def assessment(indicators, items=None, year=2565):
    return Assessment("t.xlsx", load_framework(year), Agency("ทดสอบ"), Stated(), dict(indicators),
                      {c: ItemScore(c, s) for c, s in (items or {}).items()})


@pytest.fixture(scope="module")
def sample_uplift():
    return analyse(load(SAMPLE)).uplift


def test_sample_top_improvements(sample_uplift):
    # OIT point: 0.40/2 = 0.20 ITA; EIT point: 0.30/3 = 0.10; IIT point: 0.30/5 = 0.06.
    # Indicator 10 is at 100 and offers nothing; equal gains list the weakest indicator first.
    top = [(i.kind, i.indicator, i.gain_ita, i.units) for i in sample_uplift.improvements]
    expected = [("points", 9, 0.2, 100 - 94.64), ("points", 8, 0.1, 100 - 80.18),
                ("points", 7, 0.1, 100 - 84.50), ("points", 6, 0.1, 100 - 84.86),
                ("points", 2, 0.06, 100 - 89.33), ("points", 4, 0.06, 100 - 90.08),
                ("points", 5, 0.06, 100 - 90.93), ("points", 3, 0.06, 100 - 91.11),
                ("points", 1, 0.06, 100 - 97.36)]
    assert len(top) == len(expected)
    for got, want in zip(top, expected):
        assert got[:2] == want[:2]
        assert got[2:] == pytest.approx(want[2:])
    assert sample_uplift.improvements[0].max_gain == pytest.approx(0.2 * 5.36)


def test_sample_plans(sample_uplift):
    target, next_level = sample_uplift.plans
    assert target.kind == "target" and target.reached
    # AA needs 95 - 91.4106 = 3.5894: indicator 9 +5.36 (+1.072), 8 +19.82 (+1.982), 7 +5.354 (+0.5354)
    assert (next_level.kind, next_level.goal, next_level.feasible) == ("level", "AA", True)
    steps = [(s.improvement.indicator, s.units, s.ita_after) for s in next_level.steps]
    assert [s[0] for s in steps] == [9, 8, 7]
    assert [s[1] for s in steps] == pytest.approx([5.36, 19.82, 5.354])
    assert [s[2] for s in steps] == pytest.approx([92.4826, 94.4646, 95.0])


def test_unmet_oit_items_are_worth_their_share_of_the_chain():
    items = {f"O{n}": 100 for n in range(1, 44)} | {"O10": 0, "O18": 0}
    indicators = {no: 90 for no in range(1, 9)} | {9: None, 10: None}
    uplift = analyse(assessment(indicators, items)).uplift
    o18, o10 = uplift.improvements[:2]
    # O18 in 9.3 (7 items): 100/7 to 9.3, /5 sub-indicators to 9, /2 to OIT, x0.40 to the ITA
    assert (o18.code, o18.group) == ("O18", "9.3")
    assert o18.gain_group == pytest.approx(100 / 7)
    assert o18.gain_indicator == pytest.approx(100 / 7 / 5)
    assert o18.gain_tool == pytest.approx(100 / 7 / 5 / 2)
    assert o18.gain_ita == pytest.approx(100 / 7 / 5 / 2 * 0.4)      # 0.5714
    # O10 in 9.2 (8 items): 12.5, 2.5, 1.25, 0.5
    assert (o10.code, o10.gain_group, o10.gain_indicator, o10.gain_tool, o10.gain_ita) == (
        "O10", 12.5, 2.5, 1.25, 0.5)


def test_plan_below_target_takes_oit_items_first():
    items = {f"O{n}": 100 for n in range(1, 44)} | {"O10": 0, "O18": 0}
    indicators = {no: 84 for no in range(1, 9)} | {9: None, 10: None}
    analysis = analyse(assessment(indicators, items))
    # ITA = 0.3*84 + 0.3*84 + 0.4*(94.6428.../2 + 50) = 50.4 + 0.4*97.3214 = 89.33: already passes
    assert analysis.uplift.plans[0].reached


def test_rating_words_next_level_needs_every_tool_at_85():
    # IIT 95, EIT 80, OIT 95: ITA 90.5 is only "ผ่าน"; "ผ่านดี" needs EIT +5, i.e. 15 points on EIT
    indicators = {no: 95 if no <= 5 else 80 if no <= 8 else 95 for no in range(1, 11)}
    analysis = analyse(assessment(indicators, year=2566))
    assert analysis.level == "passed"
    target, better = analysis.uplift.plans
    assert target.reached
    assert (better.goal, better.tools_min, better.feasible) == ("good", 85, True)
    assert [(s.improvement.indicator, s.units) for s in better.steps] == [(6, pytest.approx(15))]
    assert better.steps[-1].ita_after == pytest.approx(92.0)


def test_below_target_plan_reaches_85():
    indicators = {no: 80 for no in range(1, 11)}
    analysis = analyse(assessment(indicators))
    target = analysis.uplift.plans[0]
    # 5 ITA points: OIT indicator 9 first (0.2/pt, 20 pts = 4.0), then 10 (0.2/pt, 5 pts = 1.0)
    assert [(s.improvement.indicator, s.units) for s in target.steps] == [
        (9, pytest.approx(20)), (10, pytest.approx(5))]
    assert target.steps[-1].ita_after == pytest.approx(85)
