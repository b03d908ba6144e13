"""The output workbook as a user's program reads it back (openpyxl), not the objects in memory."""
import zipfile

import openpyxl
import pytest
from builders import copy_sample, write_input

from ita_xl import Edition, analyse, convert, load
from ita_xl.writing.line_breaks import unmark

SHEETS = ["สรุปผล", "รายงาน", "คะแนนตัวชี้วัด", "จุดแข็ง-จุดที่ต้องพัฒนา", "ข้อที่ต่ำกว่าเกณฑ์", "มาตรการ",
          "แนวทางยกระดับ", "ตรวจสอบ"]


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    folder = tmp_path_factory.mktemp("report")
    analysis, path, _ = convert(copy_sample(folder))
    return analysis, openpyxl.load_workbook(path), openpyxl.load_workbook(path, data_only=True), path


def row_of(sheet, column, value):
    return next(row for row in range(1, sheet.max_row + 1) if sheet[f"{column}{row}"].value == value)


def test_sheets_in_order(report):
    book = report[1]
    assert [s.title for s in book.worksheets if s.sheet_state == "visible"] == SHEETS
    # the input itself, hidden: the report reads as last year's input
    assert [s.title for s in book.worksheets if s.sheet_state == "hidden"] == ["หน่วยงาน", "ตัวชี้วัด", "รายข้อ"]


def test_tool_scores_ita_and_level_are_formulas_with_the_analysis_values(report):
    analysis, formulas, values, _ = report
    sheet, cached = formulas["สรุปผล"], values["สรุปผล"]
    for code in ("IIT", "EIT", "OIT"):
        row = row_of(sheet, "A", code)
        assert sheet[f"D{row}"].value.startswith("=AVERAGE('คะแนนตัวชี้วัด'!")
        assert cached[f"D{row}"].value == pytest.approx(analysis.tool(code).score, abs=1e-12)
        assert sheet[f"F{row}"].value.startswith("=IF(ROUND(")
        assert cached[f"F{row}"].value == ("ผ่านเกณฑ์" if analysis.tool(code).passed else "ต่ำกว่าเกณฑ์")
    ita = row_of(sheet, "A", "ITA")
    assert sheet[f"D{ita}"].value.startswith("=SUMPRODUCT(")
    assert cached[f"D{ita}"].value == pytest.approx(91.4106, abs=1e-12)
    assert cached[f"G{ita}"].value == 91.50
    level = row_of(sheet, "A", "ระดับผลการประเมิน")
    assert sheet[f"B{level}"].value.startswith('=IF(ROUND(')
    assert cached[f"B{level}"].value == "A"
    result = row_of(sheet, "A", "ผลการประเมิน")
    assert cached[f"B{result}"].value == "ผ่าน"


def test_indicator_ranks_and_status_are_formulas(report):
    analysis, formulas, values, _ = report
    sheet, cached = formulas["คะแนนตัวชี้วัด"], values["คะแนนตัวชี้วัด"]
    for indicator in analysis.indicators:
        row = row_of(sheet, "A", indicator.no)
        assert cached[f"D{row}"].value == indicator.score
        assert sheet[f"F{row}"].value.startswith("=SUMPRODUCT(--(ROUND(")
        assert cached[f"F{row}"].value == indicator.rank
        assert cached[f"G{row}"].value == ("ผ่านเกณฑ์" if indicator.passed else "ต่ำกว่าเกณฑ์")


EMPTY_WARNINGS = {("รายงาน", "A1"), ("จุดแข็ง-จุดที่ต้องพัฒนา", "A2")}   # empty while nothing changed


def test_every_formula_carries_a_cached_value(report):
    _, formulas, values, _ = report
    count = 0
    for sheet in formulas.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                warning = (sheet.title, cell.coordinate) in EMPTY_WARNINGS
                if isinstance(cell.value, str) and cell.value.startswith("=") and not warning:
                    count += 1
                    assert values[sheet.title][cell.coordinate].value is not None, cell.coordinate
    assert count >= 10 * 4 + 3 * 3 + 6


def test_strengths_and_weaknesses_sheet_lists_the_ranked_indicators(report):
    sheet = report[2]["จุดแข็ง-จุดที่ต้องพัฒนา"]
    rows = [(r[1].value, r[4].value) for r in sheet.iter_rows(min_row=1) if isinstance(r[1].value, int)]
    assert [no for no, _ in rows] == [10, 1, 9, 3, 5, 4, 2, 8, 7, 6]
    texts = [unmark(r[0].value) for r in sheet.iter_rows() if isinstance(r[0].value, str)]
    assert "1. จุดแข็ง (ตัวชี้วัดที่ได้คะแนนตั้งแต่ร้อยละ 85 ขึ้นไป) มีจำนวน 7 ตัวชี้วัด" in texts
    assert "2. จุดที่ต้องพัฒนา (ตัวชี้วัดที่ได้คะแนนน้อยกว่าร้อยละ 85) มีจำนวน 3 ตัวชี้วัด" in texts


def test_weak_items_sheet(report):
    sheet = report[2]["ข้อที่ต่ำกว่าเกณฑ์"]
    codes = [r[4].value for r in sheet.iter_rows(min_row=4)]
    assert codes == ["E15", "E11", "E12", "E14", "E6", "E7", "E9", "E5", "E1", "E2"]
    assert sheet["G4"].value == 74.13
    assert sheet.auto_filter.ref is not None


def test_measures_sheet_holds_the_inputs_measures(report):
    sheet = report[2]["มาตรการ"]
    assert [c.value for c in sheet[3]] == ["มาตรการ", "ขั้นตอนหรือวิธีการ", "ผู้รับผิดชอบ",
                                          "ระยะเวลาการดำเนินการ", "ผลการดำเนินการ", "ข้อเสนอแนะ"]
    assert sheet["A4"].value.startswith("๑. การจัดทำข้อตกลง")
    assert sheet["A8"].value.startswith("๕. มาตรการภายใน")


def test_formatting_to_hand_over(report):
    _, formulas, _, path = report
    indicators = formulas["คะแนนตัวชี้วัด"]
    assert indicators["D3"].number_format == "0.00"
    assert indicators["D3"].font.name == "TH SarabunPSK" and indicators["D3"].font.sz == 16
    assert indicators.freeze_panes == "A3"
    assert indicators.print_title_rows == "$2:$2"
    assert indicators.page_setup.paperSize == 9
    assert indicators.sheet_properties.pageSetUpPr.fitToPage
    rules = [rule for rules in indicators.conditional_formatting for rule in rules.rules]
    assert any("<Target" in rule.formula[0] for rule in rules if rule.formula)
    with zipfile.ZipFile(path) as archive:
        assert "xl/charts/chart1.xml" in archive.namelist()


def test_font_option(tmp_path):
    _, path, _ = convert(copy_sample(tmp_path), edition=Edition(font="TH Sarabun New"))
    assert openpyxl.load_workbook(path)["สรุปผล"]["A4"].font.name == "TH Sarabun New"


def test_a_user_formula_like_text_stays_text(tmp_path):
    source = write_input(tmp_path / "in.xlsx", measures=[("=HYPERLINK(\"http://x\")", "+1", "-", "@me")])
    _, path, _ = convert(source)
    sheet = openpyxl.load_workbook(path)["มาตรการ"]
    assert sheet["A4"].value == '=HYPERLINK("http://x")'
    assert sheet["A4"].data_type == "s"


def test_empty_measures_sheet_gives_a_marked_draft(tmp_path):
    source = write_input(tmp_path / "in.xlsx", items={"E11": 70})
    analysis, path, _ = convert(source)
    sheet = openpyxl.load_workbook(path)["มาตรการ"]
    assert sheet["A2"].value.startswith("ร่างมาตรการ")
    assert sheet["A4"].value == "ยกระดับด้านการปรับปรุงระบบการทำงาน (ตัวชี้วัดที่ 8)"
    assert sheet["B4"].value.startswith("1. ประเมินความพึงพอใจ")
    assert len(analysis.drafts) == 3 and analysis.measures == ()


def test_without_item_scores_the_weak_item_sheet_says_so(tmp_path):
    _, path, _ = convert(write_input(tmp_path / "in.xlsx"))
    sheet = openpyxl.load_workbook(path, data_only=True)["ข้อที่ต่ำกว่าเกณฑ์"]
    assert sheet["A2"].value == "ไฟล์นำเข้าไม่มีคะแนนรายข้อ จึงไม่สามารถระบุข้อที่ต่ำกว่าเกณฑ์ได้"


def test_rating_word_year_writes_its_levels_formula(tmp_path):
    from builders import agency_rows
    source = write_input(tmp_path / "in.xlsx", agency=agency_rows(year=2566),
                         indicators={no: 95 if no <= 5 else 80 if no <= 8 else 95 for no in range(1, 11)})
    analysis = analyse(load(source))
    _, path, _ = convert(source)
    sheet = openpyxl.load_workbook(path, data_only=True)["สรุปผล"]
    level = row_of(sheet, "A", "ระดับผลการประเมิน")
    assert analysis.level == "passed" and sheet[f"B{level}"].value == "ผ่าน"
    formula = openpyxl.load_workbook(path)["สรุปผล"][f"B{level}"].value
    assert "AND(ROUND(" in formula and "MIN(" in formula
