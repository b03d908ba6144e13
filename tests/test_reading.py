"""Reading the filled template: what clerks type is understood, and every problem is located."""
import datetime as dt

import pytest
from builders import Formula, agency_rows, copy_sample, edit, write_input

from ita_xl import InputProblems, inspect, load, supported_years
from ita_xl.reading.assessment import ENGINES


@pytest.fixture(params=ENGINES, autouse=True)
def engine(request, monkeypatch):
    """Every reading test runs against both engines: ita_xl's fast reader and openpyxl."""
    monkeypatch.setattr(inspect, "__defaults__", (None, request.param))
    monkeypatch.setattr(load, "__defaults__", (None, request.param))
    return request.param


def problems_of(path):
    assessment, problems = inspect(path)
    assert assessment is None
    return [str(p) for p in problems]


def only_problem(path):
    found = problems_of(path)
    assert len(found) == 1, found
    return found[0]


def test_sample_reads_every_part(sample):
    assessment = load(sample)
    assert assessment.agency.name == "องค์การบริหารส่วนตำบลสายทอง"
    assert assessment.agency.province == "อ่างทอง"
    assert assessment.agency.date == dt.date(2022, 9, 22)
    assert assessment.fiscal_year == 2565
    assert assessment.stated.ita == 91.50 and assessment.stated.level == "A"
    assert assessment.stated.tools == {"IIT": 93.04, "EIT": 83.15, "OIT": 97.32}
    assert assessment.indicator_scores[7] == 84.50
    assert {code for code, item in assessment.items.items() if item.score is not None} == {
        "E1", "E2", "E5", "E6", "E7", "E9", "E11", "E12", "E14", "E15"}
    assert len(assessment.measures) == 5


@pytest.mark.parametrize("typed", ["๙๑.๕๐", " 91.50 ", "91.5%", 91.5, "91.5"])
def test_scores_typed_as_text_or_thai_digits(tmp_path, typed):
    path = write_input(tmp_path / "in.xlsx", indicators={no: 91.5 for no in range(1, 10)} | {10: typed})
    assert load(path).indicator_scores[10] == 91.5


@pytest.mark.parametrize("typed", ["๒๕๖๕", "พ.ศ. 2565", 2565, "2565"])
def test_fiscal_year_spellings(tmp_path, typed):
    path = write_input(tmp_path / "in.xlsx", agency=agency_rows(year=typed))
    assert load(path).fiscal_year == 2565


def test_formula_cells_are_read_through_their_cached_values(tmp_path):
    path = write_input(tmp_path / "in.xlsx", indicators={no: 90 for no in range(1, 10)}
                       | {10: Formula("=AVERAGE(91,92)", 91.5)})
    assert load(path).indicator_scores[10] == 91.5


def test_header_rows_may_sit_lower_and_use_english_labels(tmp_path):
    path = write_input(tmp_path / "in.xlsx", header_row=6, english=True,
                       items={"E11": (76.07, "แนะนำ")}, measures=[("มาตรการ ก", "ขั้นตอน")])
    assessment = load(path)
    assert assessment.indicator_scores[8] == 80.18
    assert assessment.items["E11"].recommendation == "แนะนำ"
    assert assessment.measures[0].measure == "มาตรการ ก"


def test_item_codes_with_thai_digits_and_lower_case(tmp_path):
    path = write_input(tmp_path / "in.xlsx", items={"E๑๑": 76.07, "e12": 76.55})
    assert {"E11", "E12"} <= set(load(path).items)


def test_oit_items_take_met_words(tmp_path):
    path = write_input(tmp_path / "in.xlsx", items={"O1": "ผ่าน", "O2": "ไม่มี", "O3": 0, "O4": "มี"})
    items = load(path).items
    assert [items[c].score for c in ("O1", "O2", "O3", "O4")] == [100, 0, 0, 100]


def test_blank_indicator_with_every_item_scored_is_computed(tmp_path):
    items = {f"I{n}": score for n, score in zip(range(1, 7), (90, 80, 70, 100, 100, 100))}
    path = write_input(tmp_path / "in.xlsx", indicators={no: 90 for no in range(2, 11)} | {1: None},
                       items=items)
    assert load(path).indicator_scores[1] is None   # reading keeps it blank; the analysis computes it


def test_blank_indicator_with_items_missing_names_the_cell(tmp_path):
    path = write_input(tmp_path / "in.xlsx", indicators={no: 90 for no in range(2, 11)} | {1: None},
                       items={"I1": 90, "I2": 80})
    assert only_problem(path) == (f"{path}: ตัวชี้วัด!D11: ตัวชี้วัดที่ 1 ยังไม่มีคะแนน "
                                  "และคะแนนรายข้อไม่ครบ (มี 2 จาก 6 ข้อ)")


def test_score_that_is_not_a_number_gives_the_documented_line(tmp_path):
    indicators = {no: 90 for no in range(1, 11)} | {4: "9x.5"}
    path = write_input(tmp_path / "scores.xlsx", indicators=indicators)
    assert only_problem(path) == f'{path}: ตัวชี้วัด!D5: "9x.5" ไม่ใช่คะแนน (ต้องเป็นตัวเลข 0–100)'


@pytest.mark.parametrize("value", [120, -1, "100.01"])
def test_score_out_of_range(tmp_path, value):
    path = write_input(tmp_path / "in.xlsx", indicators={no: 90 for no in range(1, 10)} | {10: value})
    assert only_problem(path) == f"{path}: ตัวชี้วัด!D11: {value} อยู่นอกช่วงคะแนน (ต้องเป็นตัวเลข 0–100)"


def test_excel_error_value(tmp_path):
    path = write_input(tmp_path / "in.xlsx", indicators={no: 90 for no in range(1, 10)}
                       | {10: Formula("=1/0", "#DIV/0!")})
    assert only_problem(path) == f"{path}: ตัวชี้วัด!D11: เซลล์มีค่าผิดพลาดของสูตร #DIV/0!: แก้สูตรหรือพิมพ์คะแนนแทน"


def test_formula_without_cached_value(tmp_path):
    path = edit(copy_sample(tmp_path), {("ตัวชี้วัด", "D3"): "=AVERAGE(90,91)"})
    assert only_problem(path) == (f"{path}: ตัวชี้วัด!D3: สูตร =AVERAGE(90,91) ยังไม่มีค่าที่คำนวณไว้: "
                                  "เปิดไฟล์ใน Excel แล้วบันทึกอีกครั้ง")


def test_missing_sheet(tmp_path):
    path = write_input(tmp_path / "in.xlsx", omit_sheet="ตัวชี้วัด")
    assert only_problem(path) == f'{path}: ไม่พบชีต "ตัวชี้วัด" [Indicators]: ใช้แม่แบบจาก ita-xl template'


def test_missing_column(tmp_path):
    path = write_input(tmp_path / "in.xlsx", omit_column="คะแนน")
    found = problems_of(path)
    assert f'{path}: ตัวชี้วัด: ไม่พบหัวคอลัมน์ "คะแนน" [Score] ใน 10 แถวแรก' in found


def test_duplicated_indicator(tmp_path):
    path = write_input(tmp_path / "in.xlsx")
    edit(path, {("ตัวชี้วัด", "A12"): 3, ("ตัวชี้วัด", "D12"): 90})
    assert only_problem(path) == f"{path}: ตัวชี้วัด!A12: ตัวชี้วัดที่ 3 ซ้ำ"


def test_missing_indicator(tmp_path):
    path = write_input(tmp_path / "in.xlsx", indicators={no: 90 for no in range(1, 10)})
    assert only_problem(path) == f"{path}: ตัวชี้วัด: ไม่มีแถวของตัวชี้วัดที่ 10"


def test_unknown_indicator_number(tmp_path):
    path = write_input(tmp_path / "in.xlsx", indicators={no: 90 for no in range(1, 11)} | {11: 90})
    assert only_problem(path) == f'{path}: ตัวชี้วัด!A12: "11" ไม่ใช่ตัวชี้วัดของปี 2565 (ต้องเป็น 1–10)'


def test_unknown_item_code(tmp_path):
    path = write_input(tmp_path / "in.xlsx", items={"E99": 80})
    assert only_problem(path) == f'{path}: รายข้อ!A2: "E99" ไม่ใช่รหัสข้อของปี 2565'


def test_oit_item_neither_met_nor_unmet(tmp_path):
    path = write_input(tmp_path / "in.xlsx", items={"O5": 50})
    assert only_problem(path) == (f'{path}: รายข้อ!D2: "50" ใช้ไม่ได้กับข้อ OIT '
                                  "(ใส่ 100 หรือ 0, ผ่าน หรือ ไม่ผ่าน, มี หรือ ไม่มี)")


def test_item_under_the_wrong_indicator(tmp_path):
    path = write_input(tmp_path / "in.xlsx", items={"E11": 80})
    edit(path, {("รายข้อ", "B2"): 7})
    assert only_problem(path) == f"{path}: รายข้อ!B2: ข้อ E11 เป็นของตัวชี้วัดที่ 8 ไม่ใช่ 7"


def test_duplicated_item(tmp_path):
    path = write_input(tmp_path / "in.xlsx", items={"E11": 80})
    edit(path, {("รายข้อ", "A3"): "E11", ("รายข้อ", "D3"): 81})
    assert only_problem(path) == f"{path}: รายข้อ!A3: ข้อ E11 ซ้ำ"


def test_unknown_fiscal_year(tmp_path):
    path = write_input(tmp_path / "in.xlsx", agency=agency_rows(year=2571))
    years = ", ".join(map(str, supported_years()))
    assert only_problem(path) == f"{path}: หน่วยงาน!B4: ยังไม่รองรับปีงบประมาณ 2571 (รองรับ {years})"


def test_christian_era_year_suggests_the_buddhist_year(tmp_path):
    path = write_input(tmp_path / "in.xlsx", agency=agency_rows(year=2022))
    assert only_problem(path) == f"{path}: หน่วยงาน!B4: 2022 เป็นปี ค.ศ.: ใช้ปีงบประมาณแบบ พ.ศ. เช่น 2565"


def test_agency_name_is_required(tmp_path):
    path = write_input(tmp_path / "in.xlsx", agency=agency_rows(name=None))
    assert only_problem(path) == f'{path}: หน่วยงาน!B1: ยังไม่ได้กรอก "ชื่อหน่วยงาน"'


def test_bad_date(tmp_path):
    path = write_input(tmp_path / "in.xlsx", agency=agency_rows()[:-1] + [("วันที่", "เมื่อวาน")])
    assert only_problem(path) == f'{path}: หน่วยงาน!B7: "เมื่อวาน" ไม่ใช่วันที่ (เช่น 22 กันยายน 2565 หรือ 22/9/2565)'


def test_measure_row_without_a_name(tmp_path):
    path = write_input(tmp_path / "in.xlsx", measures=[("", "ขั้นตอนที่ไม่มีชื่อมาตรการ")])
    assert only_problem(path) == f"{path}: มาตรการ!A2: แถวนี้มีข้อมูลแต่ไม่มีชื่อมาตรการ"


def test_not_a_workbook(tmp_path):
    path = tmp_path / "scores.xlsx"
    path.write_text("ชื่อ,คะแนน\n", encoding="utf-8")
    assert only_problem(path).startswith(f"{path}: เป็นไฟล์ข้อความหรือ CSV ไม่ใช่ไฟล์ Excel")


def test_missing_file(tmp_path):
    assert only_problem(tmp_path / "none.xlsx") == f"{tmp_path / 'none.xlsx'}: ไม่พบไฟล์"


def test_every_problem_is_listed_and_load_reports_the_first_with_a_count(tmp_path):
    indicators = {no: 90 for no in range(1, 11)} | {2: "abc", 3: 150}
    path = write_input(tmp_path / "in.xlsx", indicators=indicators, items={"X1": 1})
    assert len(problems_of(path)) == 3
    with pytest.raises(InputProblems) as error:
        load(path)
    assert str(error.value) == (f'{path}: ตัวชี้วัด!D3: "abc" ไม่ใช่คะแนน (ต้องเป็นตัวเลข 0–100) '
                                "(พบปัญหาอีก 2 รายการ: ดูทั้งหมดด้วย ita-xl validate)")


def test_an_unknown_engine_is_refused(sample):
    with pytest.raises(ValueError, match="engine must be one of"):
        inspect(sample, engine="xlrd")
