"""The audit of stated figures: the seed memo's copying errors are caught, rounding is forgiven."""
import openpyxl
import pytest
from builders import agency_rows, copy_sample, write_input

from ita_xl import analyse, convert, load
from ita_xl.model import Stated


@pytest.fixture(scope="module")
def sample_audit():
    from builders import SAMPLE
    return {(c.check, c.subject): c for c in analyse(load(SAMPLE)).audit}


def test_sample_flags_the_stated_iit_eit_and_ita(sample_audit):
    assert not sample_audit["tool", "IIT"].matches      # 93.04 stated, 91.762 computed
    assert not sample_audit["tool", "EIT"].matches      # 83.15 stated, 83.18 computed
    assert not sample_audit["ita", "ITA"].matches       # 91.50 stated, 91.4106 computed
    assert sample_audit["tool", "IIT"].difference == pytest.approx(91.762 - 93.04)
    assert sample_audit["ita", "ITA"].difference == pytest.approx(91.4106 - 91.50)


def test_sample_accepts_the_stated_oit_and_level(sample_audit):
    assert sample_audit["tool", "OIT"].matches
    assert sample_audit["level", "ITA"].matches


def test_sample_pass_fail_claims_agree(sample_audit):
    statuses = {subject: check for (kind, subject), check in sample_audit.items() if kind == "status"}
    assert {s: c.matches for s, c in statuses.items()} == {"IIT": True, "EIT": True, "OIT": True, "ITA": True}
    assert statuses["EIT"].stated == "below_target"


def with_stated(**stated):
    from builders import SAMPLE
    assessment = load(SAMPLE)
    tools = {"IIT": None, "EIT": None, "OIT": None} | stated.pop("tools", {})
    from dataclasses import replace
    return analyse(replace(assessment, stated=Stated(tools=tools, **stated)))


@pytest.mark.parametrize("stated, matches", [(91.77, True), (91.76, True), (91.75, False), (91.78, False)])
def test_a_tool_within_one_rounding_step_matches(stated, matches):
    # computed IIT 91.762: |91.77 - 91.762| = 0.008 <= 0.01; 91.75 is 0.012 away, 91.78 is 0.018
    check = next(c for c in with_stated(tools={"IIT": stated}).audit if c.check == "tool")
    assert check.matches is matches


@pytest.mark.parametrize("stated, matches", [(91.41, True), (91.43, True), (91.39, False), (91.44, False)])
def test_the_ita_within_two_rounding_steps_matches(stated, matches):
    # computed 91.4106: 91.43 is 0.0194 away (<= 0.02), 91.39 is 0.0206 and 91.44 is 0.0294
    check = next(c for c in with_stated(ita=stated).audit if c.check == "ita")
    assert check.matches is matches


def test_a_stated_level_that_disagrees_is_flagged():
    check = next(c for c in with_stated(level="AA").audit if c.check == "level")
    assert not check.matches and check.computed == "A"


def test_a_stated_pass_that_the_scores_deny_is_flagged():
    status = next(c for c in with_stated(tools={"EIT": 85.10}).audit if c.check == "status")
    assert (status.stated, status.computed, status.matches) == ("passed", "below_target", False)


def test_given_indicator_against_the_mean_of_its_items(tmp_path):
    items = {"E11": 80, "E12": 80, "E13": 80, "E14": 80, "E15": 77.5}   # mean 79.5
    source = write_input(tmp_path / "in.xlsx", items=items)               # indicator 8 given as 80.18
    analysis = analyse(load(source))
    check = next(c for c in analysis.audit if c.check == "indicator_items")
    assert check.subject == "8" and check.computed == pytest.approx(79.5) and not check.matches
    assert analysis.indicator(8).score == 80.18 and analysis.indicator(8).items_used == 0
    _, path, _ = convert(source)
    sheet = openpyxl.load_workbook(path)["คะแนนตัวชี้วัด"]
    assert sheet["E10"].value == "กรอกในไฟล์ (รายข้อให้ 79.50)"


def test_audit_sheet_and_json(tmp_path):
    analysis, path, _ = convert(copy_sample(tmp_path))
    sheet = openpyxl.load_workbook(path, data_only=True)["ตรวจสอบ"]       # the values saved with the formulas
    assert sheet["A1"].value == "ตรวจสอบตัวเลขที่ประกาศกับค่าที่คำนวณจากคะแนน: ไม่ตรงกัน 3 รายการ จาก 9 รายการ"
    rows = {r[0].value: r for r in sheet.iter_rows(min_row=4)}
    assert rows["คะแนน IIT"][1].value == 93.04
    assert rows["คะแนน IIT"][2].value == pytest.approx(91.762)
    assert rows["คะแนน IIT"][5].value == "ไม่ตรงกัน"
    assert rows["คะแนน OIT"][5].value == "ตรงกัน"
    assert rows["ระดับผลการประเมิน"][1].value == "A"
    from ita_xl import to_json
    audit = to_json(analysis)["audit"]
    assert {(a["check"], a["subject"]): a["matches"] for a in audit}[("tool", "EIT")] is False


def test_no_stated_figures_no_checks(tmp_path):
    analysis = analyse(load(write_input(tmp_path / "in.xlsx", agency=agency_rows())))
    assert analysis.audit == ()


def test_a_rating_word_level_is_shown_as_its_name_not_as_a_status(tmp_path):
    """2568: ITA 91.41 but EIT 83.18 < 85, so the level is ผ่าน (code "passed", which is also a status code)."""
    source = write_input(tmp_path / "in.xlsx", agency=agency_rows(year=2568, **{"ระดับผลการประเมินที่ประกาศ": "ผ่านดี"}))
    _, path, _ = convert(source)
    rows = {r[0].value: r for r in openpyxl.load_workbook(path, data_only=True)["ตรวจสอบ"].iter_rows(min_row=4)}
    level = next(row for label, row in rows.items() if label and "ระดับ" in label)
    assert (level[1].value, level[2].value, level[5].value) == ("ผ่านดี", "ผ่าน", "ไม่ตรงกัน")
