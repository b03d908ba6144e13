"""The output printed by LibreOffice: every page whole, the memo readable, the English edition English."""
import re
import unicodedata

import openpyxl
import pytest
from builders import copy_sample
from libreoffice import convert as lo_convert
from libreoffice import pdf_pages
from openpyxl.utils import column_index_from_string

from ita_xl import Edition, convert
from ita_xl.writing.line_breaks import unmark

FOOTER = re.compile(r"^(?:หน้า|Page) \d+$")
MEMO = {"รายงาน", "Report"}          # the memo numbers its pages at their top ("- ๒ -") and has no footer
THAI = re.compile(r"[\u0E00-\u0E7F]+")
SHEETS = ["สรุปผล", "รายงาน", "คะแนนตัวชี้วัด", "จุดแข็ง-จุดที่ต้องพัฒนา", "ข้อที่ต่ำกว่าเกณฑ์", "มาตรการ",
          "แนวทางยกระดับ", "ตรวจสอบ"]


def squeeze(text: str) -> str:
    """Text without spaces and without marks above or below the line, which PDF text extraction
    splits and reorders in Thai."""
    return "".join(ch for ch in unmark(text) if not ch.isspace() and unicodedata.category(ch) != "Mn")


def pages_by_sheet(pdf, names) -> dict[str, list[str]]:
    """Each sheet's pages, found by the footer that names the sheet on the page-number line."""
    by_text = {squeeze(name): name for name in names}
    sheets: dict[str, list[str]] = {}
    memo = next(name for name in names if name in MEMO)
    for page in pdf_pages(pdf):
        lines = [unmark(line).strip() for line in page.splitlines() if line.strip()]
        footers = [n for n, line in enumerate(lines) if FOOTER.match(line)]
        name = next((by_text[squeeze(line)] for line in reversed(lines[:footers[-1]]) if squeeze(line) in by_text),
                    memo) if footers else memo
        sheets.setdefault(name, []).append(page)
    return sheets


def shows(label: str, page: str) -> bool:
    """Whether ``label`` is printed on the page: a wrapped header keeps its start on its first
    line and its end on its last, though other cells' lines may come between them."""
    label = squeeze(label)
    return label[:4] in page and label[-4:] in page


def header_labels(sheet) -> list[str]:
    """The printed labels of the first row styled as a table header (white bold text on blue)."""
    last = sheet.max_column
    if sheet.print_area:
        last = column_index_from_string(re.findall(r"\$([A-Z]+)\$\d+", sheet.print_area)[-1])
    for row in sheet.iter_rows(max_col=last):
        labels = [c.value for c in row if c.fill.fgColor.rgb == "FF1F4E79" and isinstance(c.value, str)]
        if len(labels) >= 2:
            return labels
    return []


@pytest.fixture(scope="module")
def thai_pdf(tmp_path_factory):
    folder = tmp_path_factory.mktemp("print")
    _, path, _ = convert(copy_sample(folder))
    return path, lo_convert(path, "pdf", folder / "pdf")


def test_every_column_of_every_sheet_is_on_its_pages(thai_pdf):
    path, pdf = thai_pdf
    book = openpyxl.load_workbook(path)
    visible = [s for s in book.worksheets if s.sheet_state == "visible"]
    pages = pages_by_sheet(pdf, [s.title for s in visible])
    assert set(pages) == {s.title for s in visible}
    for sheet in visible:
        labels = header_labels(sheet)
        if not labels:
            continue
        repeated = bool(sheet.print_title_rows)
        for page in pages[sheet.title] if repeated else pages[sheet.title][:1]:
            text = squeeze(page)
            assert shows(labels[0], text) and shows(labels[-1], text), (sheet.title, labels)


def test_the_memo_prints_its_figures_in_thai_digits(thai_pdf):
    _, pdf = thai_pdf
    memo = "\n".join(pages_by_sheet(pdf, SHEETS)["รายงาน"])
    for phrase in ("บันทึกข้อความ", "๙๑.๔๑", "๙๑.๗๖", "๘๓.๑๘", "๙๗.๓๒", "๒๒ กันยายน ๒๕๖๕", "ระดับผลการประเมิน A"):
        assert squeeze(phrase) in squeeze(memo), phrase
    assert "91.41" not in memo


def test_the_memo_chart_is_whole_on_one_page(thai_pdf):
    _, pdf = thai_pdf
    with_caption = [p for p in pages_by_sheet(pdf, SHEETS)["รายงาน"] if squeeze("แผนภาพที่ ๑") in squeeze(p)]
    assert len(with_caption) == 1
    page = squeeze(with_caption[0])
    for part in ("ตัวชี้วัดที่", "ผ่านเกณฑ์", "ต่ำกว่าเกณฑ์", "เกณฑ์เป้าหมาย", "๑๐๐"):   # axis, legend, labels
        assert squeeze(part) in page, part


def test_the_english_edition_has_no_thai_but_the_inputs(tmp_path, sample):
    _, path, _ = convert(copy_sample(tmp_path), edition=Edition("en"))
    book = openpyxl.load_workbook(path)
    assert book.sheetnames[:3] == ["Summary", "Report", "Indicator scores"]
    given = openpyxl.load_workbook(sample)
    inputs = "|".join(squeeze(str(v)) for sheet in given.worksheets for row in sheet.iter_rows(values_only=True)
                      for v in row if isinstance(v, str))
    text = "\n".join(pdf_pages(lo_convert(path, "pdf", tmp_path / "pdf")))
    assert "MEMORANDUM" in text and "91.41" in text
    strays = {run for run in (squeeze(token) for token in THAI.findall(text)) if run and run not in inputs}
    assert strays == set()
