"""The memo the agency signs and posts (issue #17), read back as a person meets it: the PDF typeset from
the Word memo by LibreOffice (its text and its pages as pictures), the Word memo and the sheet, for the
sample, a FY 2569 workbook whose item rows were left as the template has them, and the English edition.

LibreOffice takes seconds to start: each memo is made once per module and read by many tests.
"""
from __future__ import annotations

import re
import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path

import docx
import openpyxl
import pytest
from builders import copy_sample, fill_template
from click.testing import CliRunner
from libreoffice import soffice
from PIL import Image
from typeset import PAGE_NUMBER_BAND as TOP_BAND
from typeset import (
    breaks_inside_words,
    docx_paragraphs,
    letters,
    pdf_lines,
    plain_paragraphs,
)

from ita_xl import validate
from ita_xl.catalogue import t
from ita_xl.cli import cli
from ita_xl.thai import to_thai
from ita_xl.writing.line_breaks import BREAK, unmark

SOFTWARE = {"th": ("ไฟล์", "ชีต", "แม่แบบ", "นำเข้า", "โปรแกรม", "ita-xl", "ita_xl", "โปรดระบุ", "ร่างมาตรการ",
                   "ยกมาจากปี", "ยังไม่ยืนยัน", "*", "ของแบบตรวจ OIT ปี"),
            "en": ("file", "sheet", "template", "import", "placeholder", "draft", "ita-xl", "*", "of the 2566 form")}
STEP_ALONE = re.compile(r"^[0-9๐-๙]{1,3}(?:\.[0-9๐-๙]{1,3})*[.)]$")   # "๒." or "๓)", not a score


@dataclass(frozen=True)
class Memo:
    lang: str
    source: Path
    workbook: Path
    pdf: Path
    docx: Path
    console: str

    @property
    def pdf_text(self) -> str:
        return subprocess.run(["pdftotext", str(self.pdf), "-"], check=True, capture_output=True, text=True).stdout

    @property
    def word_text(self) -> str:
        return "\n".join(plain_paragraphs(self.docx))

    @property
    def sheet_text(self) -> str:
        name = t("memo.sheet", self.lang)
        cells = openpyxl.load_workbook(self.workbook, data_only=True)[name].iter_rows(values_only=True)
        return unmark("\n".join(str(v) for row in cells for v in row if isinstance(v, str)))

    def pages(self) -> int:
        info = subprocess.run(["pdfinfo", str(self.pdf)], check=True, capture_output=True, text=True).stdout
        return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def make(folder: Path, source: Path, lang: str = "th") -> Memo:
    soffice()
    result = CliRunner().invoke(cli, ["convert", str(source), "-o", str(folder / "memo.xlsx"), "--pdf", "--docx",
                                      "--lang", lang])
    assert result.exit_code == 0, result.output
    return Memo(lang, source, folder / "memo.xlsx", folder / "memo.pdf", folder / "memo.docx", result.stderr)


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Memo:
    folder = tmp_path_factory.mktemp("sample")
    return make(folder, copy_sample(folder))


@pytest.fixture(scope="module")
def left_as_template(tmp_path_factory) -> Memo:
    folder = tmp_path_factory.mktemp("y2569")
    return make(folder, fill_template(folder / "scores-2569.xlsx"))


@pytest.fixture(scope="module")
def english(tmp_path_factory) -> Memo:
    folder = tmp_path_factory.mktemp("english")
    return make(folder, copy_sample(folder), "en")


@pytest.fixture(params=["sample", "left_as_template", "english"])
def memo(request) -> Memo:
    return request.getfixturevalue(request.param)


# -- it speaks only as the agency speaks ---------------------------------------------------------------
def test_no_word_of_software_in_any_edition(memo):
    for edition, text in (("pdf", memo.pdf_text), ("word", memo.word_text), ("sheet", memo.sheet_text)):
        lowered = text.lower()
        said = [word for word in SOFTWARE[memo.lang] if word.lower() in lowered]
        assert said == [], (edition, said)


def test_an_item_left_as_the_template_has_it_is_named_by_its_code_not_its_placeholder(left_as_template):
    text = left_as_template.word_text
    assert "ข้อ O3 ยังไม่ผ่าน" in text and "ข้อ O35" in text
    assert not re.search(r"ข้อ O\d+ ของ", text)
    assert "  " not in text                                   # an empty wording leaves no double space


def test_validate_names_the_wording_to_check_and_strict_fails(left_as_template):
    report = validate(left_as_template.source)
    notes = {(n.key, n.cell, n.values.get("codes")) for n in report.notes}
    assert ("carried_wording", "C2:C46", "I1–E15") in notes
    assert ("item_without_wording", "C47:C55", "O1–O9") in notes
    assert ("no_measures", "A2", None) in notes
    result = CliRunner().invoke(cli, ["validate", "--strict", str(left_as_template.source)])
    assert result.exit_code == 1 and "Traceback" not in result.output


def test_convert_says_on_the_console_what_the_clerk_must_still_check(left_as_template):
    console = left_as_template.console
    assert "รายข้อ!C2:C46" in console and "ยกมาจากปี 2565" in console
    assert "มาตรการ!A2" in console


def test_convert_warns_of_each_stated_figure_the_scores_contradict(sample):
    lines = [line for line in sample.console.splitlines() if "ที่ประกาศ" in line]
    assert len(lines) == 3
    ita = next(line for line in lines if "หน่วยงาน!B6" in line)
    assert "91.50" in ita and "บันทึกข้อความระบุ 91.41" in ita
    assert "91.50" not in sample.pdf_text and "๙๑.๕๐" not in sample.pdf_text and "๙๑.๔๑" in sample.pdf_text


# -- no broken words ---------------------------------------------------------------------------------------
def test_no_printed_line_ends_inside_a_word_or_a_name(memo):
    assert breaks_inside_words(memo.docx, memo.pdf) == []


def test_the_check_finds_a_word_broken_where_the_marks_are_left_out(sample, tmp_path):
    """The same Word memo without its break marks: LibreOffice breaks inside words, and the check says so."""
    bare = tmp_path / "bare.docx"
    with zipfile.ZipFile(sample.docx) as source, zipfile.ZipFile(bare, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "word/document.xml":
                data = data.decode().replace("\u200b", "").replace("\u2060", "").encode()
            target.writestr(info, data)
    subprocess.run([soffice(), "--headless", f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}", "--convert-to",
                    "pdf", "--outdir", str(tmp_path), str(bare)], check=True, capture_output=True, timeout=180)
    assert breaks_inside_words(sample.docx, tmp_path / "bare.pdf")


def test_no_line_holds_only_a_step_number(memo):
    alone = [line.text for line in pdf_lines(memo.pdf) if STEP_ALONE.fullmatch(line.text.strip())
             and line.y0 > TOP_BAND]
    assert alone == []


def test_the_last_words_of_every_paragraph_are_printed(memo):
    """A line lost at the foot of a paragraph (a row too short for its text) loses its last words."""
    printed = letters(memo.pdf_text)
    for paragraph in docx_paragraphs(memo.docx):
        words = [letters(word) for word in re.split(f"[ {BREAK}\t]", paragraph) if letters(word)]
        if words:
            assert words[-1] in printed, unmark(paragraph)[-60:]


# -- the page -------------------------------------------------------------------------------------------------
def test_pages_are_numbered_from_the_second_at_the_top_centre_in_the_memos_digits(memo):
    lines = pdf_lines(memo.pdf)
    pages = memo.pages()
    tops = {page: [line for line in lines if line.page == page and line.y0 < TOP_BAND] for page in range(1, pages + 1)}
    assert tops[1] == []
    for page in range(2, pages + 1):
        [number] = tops[page]
        digits = to_thai(str(page)) if memo.lang == "th" else str(page)
        assert number.text.replace(" ", "") == f"-{digits}-", (page, number.text)
        assert abs((number.x0 + number.x1) / 2 - (3 + 8) / 2.54 * 72) < 6     # the centre of the text's width


def test_the_sample_memo_prints_on_at_most_eleven_a4_pages(sample):
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "99", str(sample.pdf)], check=True, capture_output=True,
                          text=True).stdout
    sizes = re.findall(r"^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", info, re.M)
    assert 0 < len(sizes) == sample.pages() <= 11
    for width, height in sizes:
        assert abs(float(width) - 595.28) < 1 and abs(float(height) - 841.89) < 1


def test_the_measures_are_for_the_same_year_on_the_sheet_and_in_the_memo(memo):
    analysis_year = openpyxl.load_workbook(memo.workbook)[t("report.sheet.summary", memo.lang)]
    del analysis_year
    book = openpyxl.load_workbook(memo.workbook, data_only=True)
    title = unmark(book[t("report.sheet.measures", memo.lang)]["A1"].value)
    year = re.findall(r"[0-9๐-๙]{4}", title)[-1]
    sheet_year = int(year.translate(str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")))
    memo_years = {int(y) for y in re.findall(r"(?:พ\.ศ\.|fiscal year) ([0-9]{4})", memo.word_text.translate(
        str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")))}
    assert sheet_year in memo_years and sheet_year == max(memo_years)   # the year after the results


def test_tables_and_signature_blocks_are_never_split(sample):
    pages = [letters(page) for page in sample.pdf_text.split("\f")]

    def on_one_page(*phrases):
        found = [n for n, page in enumerate(pages) if all(letters(p) in page for p in phrases)]
        assert found, phrases
        return found[0]
    on_one_page("๑. การปฏิบัติหน้าที่", "๕. การแก้ไขปัญหาการทุจริต")
    on_one_page("๖. คุณภาพการดำเนินงาน", "๘. การปรับปรุงระบบการทำงาน")
    on_one_page("จึงเรียนมาเพื่อโปรดทราบ", "(กมลชนก แก่นเพชร)", "ผู้ช่วยนักทรัพยากรบุคคล")
    on_one_page("ความเห็นผู้บังคับบัญชา", "ความเห็นหัวหน้าหน่วยงาน")
    for measure in ("๑. การจัดทำข้อตกลง", "๒. ลดขั้นตอน", "๓. ผู้บริหารควรแสดง", "๔. การมีส่วนร่วม", "๕. มาตรการภายใน"):
        page = pages[on_one_page(measure)]
        assert page.find(letters("ขั้นตอน"), page.find(letters(measure))) > 0, measure   # its first field


# -- the chart -------------------------------------------------------------------------------------------------
def test_the_word_memos_chart_is_at_least_7_cm_tall(memo):
    [shape] = [s for s in docx.Document(str(memo.docx)).inline_shapes]
    assert shape.height.cm >= 7


def test_the_charts_labels_are_upright_and_clear_of_the_target_line(memo):
    """The Word memo's picture: the labels at the foot of the bars, white on the bar, far below the target
    line; the sheets' charts: labels inside the base of each bar, not turned, at least 7 cm tall."""
    document = docx.Document(str(memo.docx))
    image_part = document.part.related_parts[document.inline_shapes[0]._inline.graphic.graphicData.pic.blipFill.blip.embed]
    picture = Image.open(__import__("io").BytesIO(image_part.blob)).convert("RGB")
    width, height = picture.size
    assert height / width * 16 >= 7
    with zipfile.ZipFile(memo.workbook) as archive:
        charts = [archive.read(n).decode() for n in archive.namelist() if n.startswith("xl/charts/chart")]
        drawings = [archive.read(n).decode() for n in archive.namelist() if n.startswith("xl/drawings/drawing")]
    assert charts
    for chart in charts:
        assert 'dLblPos val="inBase"' in chart and 'rot="-5400000"' not in chart
    for drawing in drawings:
        for cy in re.findall(r'<xdr:ext cx="\d+" cy="(\d+)"', drawing):
            assert int(cy) / 360000 >= 7                    # EMU to cm
