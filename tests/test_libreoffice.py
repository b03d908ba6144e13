"""The output opened by a real spreadsheet program: LibreOffice recalculates and prints it."""
import openpyxl
import pytest
from builders import copy_sample, edit
from libreoffice import convert as lo_convert
from libreoffice import pdf_text

from ita_xl import convert


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    folder = tmp_path_factory.mktemp("lo")
    _, path, _ = convert(copy_sample(folder))
    return path, folder


def formula_cells(path):
    formulas = openpyxl.load_workbook(path)
    for sheet in formulas.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    yield sheet.title, cell.coordinate


def test_recalculated_values_equal_the_cached_ones(report):
    path, folder = report
    recalculated = openpyxl.load_workbook(lo_convert(path, "xlsx", folder / "recalc"), data_only=True)
    cached = openpyxl.load_workbook(path, data_only=True)
    cells = list(formula_cells(path))
    assert len(cells) > 50
    for sheet, address in cells:
        mine, theirs = cached[sheet][address].value, recalculated[sheet][address].value
        if isinstance(mine, float):
            assert theirs == pytest.approx(mine, abs=1e-9), (sheet, address)
        else:
            assert theirs == mine, (sheet, address)


def test_editing_a_score_recalculates_the_analysis(report, tmp_path):
    path, _ = report
    edited = edit(_copy(path, tmp_path), {("คะแนนตัวชี้วัด", "D10"): 100})
    book = openpyxl.load_workbook(lo_convert(edited, "xlsx", tmp_path / "out"), data_only=True)
    summary = book["สรุปผล"]
    rows = {summary[f"A{r}"].value: r for r in range(1, 30)}
    # indicator 8 from 80.18 to 100: EIT (84.86+84.50+100)/3, ITA 0.3*91.762 + 0.3*EIT + 0.4*97.32
    eit = (84.86 + 84.50 + 100) / 3
    assert summary[f"D{rows['EIT']}"].value == pytest.approx(eit)
    assert summary[f"F{rows['EIT']}"].value == "ผ่านเกณฑ์"
    assert summary[f"D{rows['ITA']}"].value == pytest.approx(0.3 * 91.762 + 0.3 * eit + 0.4 * 97.32)
    assert book["คะแนนตัวชี้วัด"]["F10"].value == 1      # now tied first with indicator 10
    assert book["คะแนนตัวชี้วัด"]["F12"].value == 1


def _copy(path, folder):
    import shutil
    target = folder / "edited.xlsx"
    shutil.copy(path, target)
    return target


def test_the_report_prints_to_pdf_with_its_thai_text(report):
    path, folder = report
    text = pdf_text(lo_convert(path, "pdf", folder / "pdf"))
    for expected in ("องค์การบริหารส่วนตำบลสายทอง", "91.41", "83.18", "ต่ำกว่าเกณฑ์",
                     "แผนภาพที่ 1", "E15", "74.13", "มาตรการ"):
        assert expected in text, expected
