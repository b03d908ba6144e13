"""Every fiscal year 2563-2570 works end to end; a new year can be added without a release."""
import openpyxl
import pytest
from builders import agency_rows, write_input
from click.testing import CliRunner

from ita_xl import (
    analyse,
    convert,
    inspect,
    load,
    load_framework,
    supported_years,
    validate,
)
from ita_xl.cli import cli
from ita_xl.writing.line_breaks import unmark


@pytest.mark.parametrize("year", supported_years())
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


def test_an_item_list_that_is_not_published_takes_the_clerks_codes_and_wording(tmp_path):
    """2569's OIT list is carried forward: a code it does not have, with its indicator number and
    wording as the ITAS report shows them, is read, and the analysis works from that wording."""
    source = write_input(tmp_path / "in.xlsx", agency=agency_rows(year=2569),
                         items={"O25": (0, "นำผลการประเมินไปพัฒนาองค์กร"), "E11": 70})
    book = openpyxl.load_workbook(source)
    sheet = book["รายข้อ"]
    sheet["B2"], sheet["C2"] = 9, "การนำผลการประเมิน ITA ไปสู่การพัฒนาองค์กร"
    sheet.append(["O99", 10, "ข้อใหม่ของปี 2569", 0])
    book.save(source)
    analysis = analyse(load(source))
    weak = {w.code: w for w in analysis.weak_items}
    assert weak["O25"].text == "การนำผลการประเมิน ITA ไปสู่การพัฒนาองค์กร" and weak["O25"].indicator == 9
    assert weak["O99"].indicator == 10 and weak["E11"].text == ""        # E11: the carried wording, not retyped
    _, path, _ = convert(source)
    memo = unmark(" ".join(str(v) for row in openpyxl.load_workbook(path, data_only=True)["รายงาน"].iter_rows(
        values_only=True) for v in row if v))
    assert "การนำผลการประเมิน ITA ไปสู่การพัฒนาองค์กร" in memo and "ข้อใหม่ของปี 2569" in memo
    assert "E11*" not in memo and "ป.ป.ช." not in memo.replace("ของสำนักงาน ป.ป.ช.", "")  # no footnote to the clerk
    notes = [(n.key, n.values.get("codes")) for n in validate(source).notes]
    assert ("carried_wording", "E11") in notes                      # the carried wording goes to validate


def test_a_published_item_list_stays_strict(tmp_path):
    source = write_input(tmp_path / "in.xlsx", items={"O99": 0})
    book = openpyxl.load_workbook(source)
    book["รายข้อ"]["B2"] = 10
    book.save(source)
    _, problems = inspect(source)
    assert [str(p) for p in problems] == [f'{source}: รายข้อ!A2: "O99" ไม่ใช่รหัสข้อของปี 2565']


def test_a_template_whose_year_cell_was_changed_says_so_in_one_line(tmp_path):
    blank = tmp_path / "t.xlsx"
    CliRunner().invoke(cli, ["template", str(blank), "--year", "2565"])
    book = openpyxl.load_workbook(blank)
    book["หน่วยงาน"]["B2"], book["หน่วยงาน"]["B5"] = "หน่วยงานทดสอบ", 2568
    book.save(blank)
    _, problems = inspect(blank)
    assert [str(p) for p in problems] == [
        f"{blank}: หน่วยงาน!B5: แม่แบบนี้เป็นของปี 2565 แต่ช่องปีงบประมาณเป็น 2568: "
        "สร้างแม่แบบปี 2568 ด้วย ita-xl template แม่แบบ-2568.xlsx --year 2568 แล้วกรอกใหม่"]


@pytest.mark.parametrize("year", [2569, 2570])
def test_rating_words_need_every_tool_at_the_level(tmp_path, year):
    """94.64 with EIT below 85 is ผ่าน, not ผ่านดี (the State Audit Office's 2568 case)."""
    scores = {1: 96, 2: 96, 3: 96, 4: 96, 5: 96, 6: 84, 7: 84, 8: 84, 9: 100, 10: 100}
    analysis = analyse(load(write_input(tmp_path / "in.xlsx", agency=agency_rows(year=year), indicators=scores)))
    assert analysis.ita == pytest.approx(0.3 * 96 + 0.3 * 84 + 0.4 * 100)
    assert analysis.level == "passed"


def test_the_memo_opening_reads_naturally_with_rating_words(tmp_path):
    source = write_input(tmp_path / "in.xlsx", agency=agency_rows(year=2569),
                         indicators={no: 90 for no in range(1, 11)})
    _, path, _ = convert(source)
    memo = unmark(" ".join(str(v) for row in openpyxl.load_workbook(path, data_only=True)["รายงาน"].iter_rows(
        values_only=True) for v in row if v))
    assert 'อยู่ในระดับ "ผ่านดี" และผ่านเกณฑ์เป้าหมาย (๘๕ คะแนนขึ้นไป)' in memo


def test_years_lists_each_year_with_what_it_rests_on():
    result = CliRunner().invoke(cli, ["years"])
    lines = result.stdout.splitlines()
    assert [line.split()[0] for line in lines] == [str(y) for y in supported_years()]
    assert "ระดับตัวอักษร AA–F" in lines[0] and "ระดับเป็นคำ" in lines[-1]
    assert "ยกมาจากปี 2568" in lines[-1] and "ยกมาจากปี 2566" in lines[-1]


def test_the_default_template_is_the_latest_year_and_says_so(tmp_path):
    result = CliRunner().invoke(cli, ["template", str(tmp_path / "t.xlsx")])
    assert result.stdout == f"เขียนแม่แบบปีงบประมาณ {supported_years()[-1]} ที่ {tmp_path / 't.xlsx'} แล้ว\n"
    guide = [c.value for c in openpyxl.load_workbook(tmp_path / "t.xlsx")["คำอธิบาย"]["A"] if c.value]
    assert any("รายการข้อ OIT: ยกมาจากปี 2566" in line for line in guide)


def test_every_output_names_what_its_year_rests_on(tmp_path):
    source = write_input(tmp_path / "in.xlsx", agency=agency_rows(year=2569), indicators={n: 90 for n in range(1, 11)})
    result = CliRunner().invoke(cli, ["convert", str(source), "--json"])
    status = __import__("json").loads(result.stdout)["framework"]["status"]
    assert status["levels"] == {"kind": "carried", "source": None, "from": 2568, "note": None,
                                "text": "ยกมาจากปี 2568 (ยังไม่พบฉบับของปีนี้)"}
    audit = [c.value for c in openpyxl.load_workbook(tmp_path / "in-report.xlsx")["ตรวจสอบ"]["B"] if c.value]
    assert "ยกมาจากปี 2568 (ยังไม่พบฉบับของปีนี้)" in audit


def test_a_new_year_without_a_release(tmp_path):
    """ita-xl framework --year 2570 > fy2571.toml, edit, then template, fill, convert and batch with it."""
    runner = CliRunner()
    text = runner.invoke(cli, ["framework", "--year", "2570"]).stdout
    framework = tmp_path / "fy2571.toml"
    framework.write_text(text.replace("fiscal_year = 2570", "fiscal_year = 2571"), encoding="utf-8")
    blank = tmp_path / "in" / "t.xlsx"
    blank.parent.mkdir()
    assert runner.invoke(cli, ["template", str(blank), "--framework", str(framework)]).exit_code == 0
    book = openpyxl.load_workbook(blank)
    assert book["หน่วยงาน"]["B5"].value == 2571
    book["หน่วยงาน"]["B2"] = "หน่วยงานปี 2571"
    for row in range(2, 12):
        book["ตัวชี้วัด"].cell(row, 4).value = 91
    book.save(blank)
    converted = runner.invoke(cli, ["convert", str(blank), "--framework", str(framework)])
    assert converted.exit_code == 0, converted.output
    assert converted.stdout.endswith("ITA 91.00 ระดับ ผ่านดี ผ่าน\n")
    batch = runner.invoke(cli, ["batch", str(blank.parent), "-o", str(tmp_path / "all.xlsx"), "--quiet",
                                "--framework", str(framework)])
    assert batch.exit_code == 0, batch.output
    agencies = openpyxl.load_workbook(tmp_path / "all.xlsx")["หน่วยงาน"]
    assert (agencies["B3"].value, agencies["D3"].value) == ("หน่วยงานปี 2571", 2571)


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
