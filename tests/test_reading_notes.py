"""What the reader notices and says (issue #9 §1): a score typed as a fraction, a Buddhist year typed into a
Christian-era date, and text that is never cut on the way out, whatever its length."""
import datetime as dt
import warnings

import openpyxl
import pytest
from builders import SAITHONG_INDICATORS, agency_rows, write_input
from click.testing import CliRunner

from ita_xl import analyse, convert, load, validate
from ita_xl.cli import cli
from ita_xl.writing.line_breaks import unmark

LONG_STEPS = "ขั้นตอนที่ยาวมาก " * 1_900            # 32,300 UTF-16 units: near a cell's limit, not over it


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], env={"ITA_XL_LANG": "th"})


def cell_texts(path, sheet_name=None) -> list[str]:
    book = openpyxl.load_workbook(path)
    sheets = [book[sheet_name]] if sheet_name else book.worksheets
    return [unmark(str(c.value)) for s in sheets for row in s.iter_rows() for c in row if c.value is not None]


@pytest.fixture
def fraction_input(tmp_path):
    """Indicator 7 typed as 0.845, a fraction without a percent format (the row is ตัวชี้วัด!D8)."""
    return write_input(tmp_path / "fraction.xlsx", indicators=SAITHONG_INDICATORS | {7: 0.845})


def test_a_fraction_is_read_as_typed_and_validate_names_the_cell(fraction_input):
    assert load(fraction_input).indicator_scores[7] == 0.845           # as Excel shows it: not silently × 100
    result = run("validate", fraction_input)
    assert result.exit_code == 0, result.output
    line = next(line for line in result.output.splitlines() if "ตัวชี้วัด!D8" in line)
    assert "0.845" in line and "84.50" in line


def test_a_fraction_fails_validate_strict(fraction_input):
    assert run("validate", fraction_input, "--strict").exit_code != 0


def test_a_fraction_is_in_the_reports_audit_with_its_cell(fraction_input, tmp_path):
    output = tmp_path / "out.xlsx"
    convert(fraction_input, output)
    texts = cell_texts(output)
    assert any("ตัวชี้วัด!D8" in text for text in texts)
    assert any("84.50" in text and "0.845" in text for text in texts)


def test_a_percent_formatted_score_is_read_as_excel_shows_it(tmp_path):
    path = tmp_path / "percent.xlsx"
    write_input(path, indicators=SAITHONG_INDICATORS | {7: 0.845})
    book = openpyxl.load_workbook(path)
    book["ตัวชี้วัด"]["D8"].number_format = "0.00%"
    book.save(path)
    for engine in ("fast", "openpyxl"):
        assessment = load(path, engine=engine)
        assert assessment.indicator_scores[7] == pytest.approx(84.5)
        assert [note.key for note in assessment.notes] == ["no_measures"]      # no note on the score
    assert analyse(load(path)).ita == pytest.approx(analyse(load(write_input(tmp_path / "plain.xlsx"))).ita)


def test_a_buddhist_year_in_a_real_date_is_read_and_said(tmp_path):
    path = tmp_path / "be-date.xlsx"
    agency = [(label, dt.datetime(2565, 9, 22) if label == "วันที่" else value) for label, value in agency_rows()]
    write_input(path, agency=agency)
    assert load(path).agency.date == dt.date(2022, 9, 22)
    report = validate(path)
    assert [note.key for note in report.notes] == ["buddhist_year_in_date", "no_measures"]
    result = run("validate", path)
    assert result.exit_code == 0 and "2565" in result.output and "หน่วยงาน!B7" in result.output
    output = tmp_path / "out.xlsx"
    convert(path, output)
    dates = [c for row in openpyxl.load_workbook(output)["รายงาน"].iter_rows() for c in row
             if isinstance(c.value, dt.datetime)]
    assert [c.value for c in dates] == [dt.datetime(2022, 9, 22)]     # a real date, shown in BE by its format
    assert dates[0].number_format.startswith("[$-")


def test_long_text_reaches_the_report_whole_without_a_writer_warning(tmp_path):
    path = write_input(tmp_path / "long.xlsx",
                       measures=[("มาตรการที่ยาว", LONG_STEPS, "สำนักปลัด", "ตลอดปี", "ผล", "")])
    output = tmp_path / "out.xlsx"
    with warnings.catch_warnings():
        warnings.simplefilter("error")              # xlsxwriter warns, then cuts, a string over 32,767
        convert(path, output)
    assert any(LONG_STEPS.strip() in text for text in cell_texts(output))


def test_an_addressee_longer_than_a_memo_line_is_a_located_problem_and_no_output(tmp_path):
    path = write_input(tmp_path / "addressee.xlsx", agency=agency_rows(**{"เรียน": "ก" * 32_767}))
    result = run("convert", path, "-o", tmp_path / "out.xlsx")
    assert result.exit_code == 1 and "หน่วยงาน!B8" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "out.xlsx").exists()


def test_an_addressee_at_the_memo_line_limit_is_in_the_memo_whole(tmp_path):
    addressee = "นายอำเภอ" * 125                        # 1,000 characters
    path = write_input(tmp_path / "addressee.xlsx", agency=agency_rows(**{"เรียน": addressee}))
    output = tmp_path / "out.xlsx"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        convert(path, output)
    assert addressee in "".join(cell_texts(output, "รายงาน"))        # whole, over as many rows as it takes



def test_a_stated_score_of_a_tool_the_year_lacks_is_a_located_problem(tmp_path):
    path = write_input(tmp_path / "tool.xlsx", agency=agency_rows(**{"คะแนน PIT ที่ประกาศ": 90}))
    result = run("validate", path)
    assert result.exit_code == 1 and "หน่วยงาน!A8" in result.output and "PIT" in result.output


def test_stated_tool_scores_are_read_whichever_language_labels_them(tmp_path):
    path = write_input(tmp_path / "tools.xlsx", agency=agency_rows(**{"Stated IIT score": 93.04,
                                                                       "คะแนน EIT ที่ประกาศ [Stated EIT score]": 83.15}))
    assert load(path).stated.tools == {"IIT": 93.04, "EIT": 83.15}
