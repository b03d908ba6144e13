"""Year over year: last year's scores beside this year's, matched by indicator number."""
import json

import openpyxl
import pytest
from builders import agency_rows, copy_sample, write_input
from click.testing import CliRunner

from ita_xl import analyse, compare, load
from ita_xl.cli import cli

LAST_YEAR = {1: 95, 2: 90, 3: 91.11, 4: 85, 5: 88, 6: 86, 7: 80, 8: 82, 9: 90, 10: 95}


@pytest.fixture
def last_year(tmp_path):
    return write_input(tmp_path / "fy2564.xlsx", agency=agency_rows(year=2564), indicators=LAST_YEAR,
                       items={"E11": 86, "E15": 70})


def test_changes_match_hand_arithmetic(sample, last_year):
    comparison = compare(analyse(load(sample)), analyse(load(last_year)))
    changes = {(c.kind, c.key): c for c in comparison.changes}
    # last year: 0.3*89.822 + 0.3*82.6667 + 0.4*92.5 = 88.7466
    assert changes["ita", "ITA"].previous == pytest.approx(88.7466)
    assert changes["ita", "ITA"].change == pytest.approx(91.4106 - 88.7466)
    assert changes["ita", "ITA"].trend == "up"
    assert changes["indicator", "3"].trend == "same"
    assert changes["indicator", "8"].change == pytest.approx(80.18 - 82) and changes["indicator", "8"].trend == "down"
    assert changes["tool", "EIT"].previous == pytest.approx(248 / 3)


def test_items_that_fell_below_target_are_new(sample, last_year):
    comparison = compare(analyse(load(sample)), analyse(load(last_year)))
    assert comparison.new_weak_items == frozenset({"E11"})   # E15 was below target last year too


def test_items_are_matched_only_when_both_years_word_them_alike(tmp_path):
    # O34 is "No Gift Policy" in 2565 but "เจตจำนงสุจริตของผู้บริหาร" in 2564: not the same item
    this = write_input(tmp_path / "now.xlsx", items={"O34": 0, "E11": 70})
    then = write_input(tmp_path / "then.xlsx", agency=agency_rows(year=2564), items={"O34": 100, "E11": 90})
    comparison = compare(analyse(load(this)), analyse(load(then)))
    assert comparison.new_weak_items == frozenset({"E11"})


def test_convert_previous_writes_the_comparison(tmp_path, last_year):
    result = CliRunner().invoke(cli, ["convert", str(copy_sample(tmp_path)), "--previous", str(last_year),
                                      "--json", "-o", str(tmp_path / "out.xlsx")])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["previous"]["fiscal_year"] == 2564 and data["previous"]["new_weak_items"] == ["E11"]
    book = openpyxl.load_workbook(tmp_path / "out.xlsx")
    sheet = book["เทียบปีก่อน"]
    assert sheet["A1"].value == "เทียบกับปีงบประมาณ 2564: ITA +2.66 (▲ ดีขึ้น)"
    assert [sheet["B3"].value, sheet["C3"].value] == ["ปี 2564", "ปี 2565"]
    assert sheet["E4"].value == "▲ ดีขึ้น"
    weak = book["ข้อที่ต่ำกว่าเกณฑ์"]
    marks = {row[4].value: row[10].value for row in weak.iter_rows(min_row=4)}
    assert marks["E11"] == "ใหม่" and not marks["E15"]
    chart_data = book["คะแนนตัวชี้วัด"]
    assert chart_data["M2"].value == "ปี 2564" and chart_data["M3"].value == 95


def test_previous_file_problems_are_reported_with_its_name(tmp_path):
    bad = write_input(tmp_path / "last.xlsx", indicators={no: 90 for no in range(1, 10)})
    result = CliRunner().invoke(cli, ["convert", str(copy_sample(tmp_path)), "--previous", str(bad)])
    assert result.exit_code == 1
    assert result.stderr == f"{bad}: ตัวชี้วัด: ไม่มีแถวของตัวชี้วัดที่ 10\n"
    assert not (tmp_path / "scores-report.xlsx").exists()
