"""Every fiscal year 2563-2568 works end to end: template, filled, converted."""
import openpyxl
import pytest
from builders import agency_rows, write_input
from click.testing import CliRunner

from ita_xl import analyse, load, load_framework
from ita_xl.cli import cli


@pytest.mark.parametrize("year", [2563, 2564, 2565, 2566, 2567, 2568])
def test_template_of_each_year_fills_and_converts(tmp_path, year):
    blank = tmp_path / "t.xlsx"
    assert CliRunner().invoke(cli, ["template", str(blank), "--year", str(year)]).exit_code == 0
    book = openpyxl.load_workbook(blank)
    book["หน่วยงาน"]["B2"] = "หน่วยงานทดสอบ"
    for row in range(2, 12):
        book["ตัวชี้วัด"].cell(row, 4).value = 88
    assert book["รายข้อ"].max_row - 1 == len(load_framework(year).items)
    book.save(blank)
    result = CliRunner().invoke(cli, ["convert", str(blank)])
    assert result.exit_code == 0, result.output
    level = "A" if year <= 2565 else "ผ่านดี"
    assert result.stdout.endswith(f"ITA 88.00 ระดับ {level} ผ่าน\n")


def test_year_without_oit_items_says_item_analysis_is_unavailable(tmp_path):
    from ita_xl import convert
    source = write_input(tmp_path / "in.xlsx", agency=agency_rows(year=2567), items={"E11": 70})
    _, path, _ = convert(source)
    heading = openpyxl.load_workbook(path)["ข้อที่ต่ำกว่าเกณฑ์"]["A2"].value
    assert heading.endswith("กรอบการประเมินปี 2567 ไม่มีรายการข้อของ OIT: วิเคราะห์รายข้อของแบบวัดนี้ไม่ได้")


def test_oit_indicator_of_2566_cannot_come_from_items(tmp_path):
    items = {f"O{n}": 100 for n in range(1, 44)}
    source = write_input(tmp_path / "in.xlsx", agency=agency_rows(year=2566), items=items,
                         indicators={no: 90 for no in range(1, 9)} | {9: None, 10: 95})
    from ita_xl import inspect
    _, problems = inspect(source)
    assert [str(p) for p in problems] == [
        f"{source}: ตัวชี้วัด!D10: ตัวชี้วัดที่ 9 ยังไม่มีคะแนน และกรอบการประเมินปี 2566 "
        "คำนวณตัวชี้วัดนี้จากรายข้อไม่ได้: กรอกคะแนนตัวชี้วัด"]


def test_2563_oit_indicator_from_items_uses_its_sub_indicators(tmp_path):
    items = {f"O{n}": 100 for n in range(1, 44)} | {"O10": "ไม่ผ่าน", "O18": "ไม่มี"}
    source = write_input(tmp_path / "in.xlsx", agency=agency_rows(year=2563), items=items,
                         indicators={no: 90 for no in range(1, 9)} | {9: None, 10: None})
    analysis = analyse(load(source))
    assert analysis.indicator(9).score == pytest.approx((100 + 87.5 + 600 / 7 + 100 + 100) / 5)
    assert analysis.indicator(10).score == 100 and analysis.indicator(10).items_used == 10


def test_english_template_round_trip(tmp_path):
    blank = tmp_path / "t.xlsx"
    assert CliRunner().invoke(cli, ["template", str(blank), "--lang", "en"]).exit_code == 0
    book = openpyxl.load_workbook(blank)
    assert book.sheetnames == ["Agency", "Indicators", "Items", "Measures", "Guide"]
    book["Agency"]["B2"] = "Test agency"
    for row in range(2, 12):
        book["Indicators"].cell(row, 4).value = 80
    book.save(blank)
    result = CliRunner().invoke(cli, ["convert", str(blank), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith("ITA 80.00, level Needs improvement, Not passed\n")   # the latest year's words
