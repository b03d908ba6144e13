"""Invariants of the arithmetic on random valid assessments of every supported year (hypothesis)."""
import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ita_xl import Edition, analyse, load_framework, supported_years, write_report
from ita_xl.analysis.scoring import judged
from ita_xl.model import Agency, Assessment, Stated

scores = st.floats(min_value=0, max_value=100, allow_nan=False, allow_infinity=False)


@st.composite
def assessments(draw):
    year = draw(st.sampled_from(supported_years()))
    indicators = {no: draw(scores) for no in range(1, 11)}
    return Assessment("random.xlsx", load_framework(year), Agency("สุ่ม"), Stated(), indicators)


@given(assessments())
def test_a_tool_lies_between_its_lowest_and_highest_indicator(assessment):
    analysis = analyse(assessment)
    for tool in analysis.tools:
        own = [i.score for i in analysis.indicators if i.tool == tool.code]
        assert min(own) - 1e-9 <= tool.score <= max(own) + 1e-9


@given(assessments())
def test_the_ita_lies_between_the_lowest_and_highest_tool(assessment):
    analysis = analyse(assessment)
    tools = [tool.score for tool in analysis.tools]
    assert min(tools) - 1e-9 <= analysis.ita <= max(tools) + 1e-9


@given(assessments(), st.floats(min_value=0, max_value=100))
def test_the_level_never_drops_as_scores_rise(assessment, rise):
    before = analyse(assessment)
    raised = {no: min(100.0, score + rise) for no, score in assessment.indicator_scores.items()}
    after = analyse(Assessment(assessment.source, assessment.framework, assessment.agency, assessment.stated, raised))
    levels = assessment.framework.levels
    assert levels.index(after.level_band) <= levels.index(before.level_band)   # best level first


@given(assessments())
def test_strengths_and_weaknesses_split_the_ten_indicators(assessment):
    analysis = analyse(assessment)
    assert set(analysis.strengths).isdisjoint(analysis.weaknesses)
    assert sorted(analysis.strengths + analysis.weaknesses) == list(range(1, 11))


@given(assessments())
def test_ranks_are_a_competition_ranking(assessment):
    analysis = analyse(assessment)
    shown = {i.no: judged(i.score, 2) for i in analysis.indicators}
    for indicator in analysis.indicators:
        assert indicator.rank == 1 + sum(other > shown[indicator.no] for other in shown.values())
    assert min(i.rank for i in analysis.indicators) == 1


def excel_equal(cached: float, value: float) -> bool:
    """Equal as Excel keeps numbers: 15 significant digits (xlsxwriter writes 16)."""
    return cached == pytest.approx(value, rel=1e-15, abs=1e-13)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(assessments())
def test_every_cached_value_in_the_workbook_equals_the_analysis(tmp_path, assessment):
    analysis = analyse(assessment)
    path = write_report(analysis, tmp_path / "random-report.xlsx")
    book = openpyxl.load_workbook(path, data_only=True)
    summary = book["สรุปผล"]
    rows = {summary[f"A{r}"].value: r for r in range(1, 25)}
    for tool in analysis.tools:
        assert excel_equal(summary[f"D{rows[tool.code]}"].value, tool.score)
    assert excel_equal(summary[f"D{rows['ITA']}"].value, analysis.ita)
    assert summary[f"B{rows['ระดับผลการประเมิน']}"].value == Edition().level_name(analysis.framework, analysis.level)
    sheet = book["คะแนนตัวชี้วัด"]
    for n, indicator in enumerate(analysis.indicators, start=3):
        assert excel_equal(sheet[f"D{n}"].value, indicator.score)
        assert sheet[f"F{n}"].value == indicator.rank
        assert sheet[f"G{n}"].value == ("ผ่านเกณฑ์" if indicator.passed else "ต่ำกว่าเกณฑ์")
