"""``ita-xl serve`` used as a clerk uses it: Debian's chromium, headless, driven by Playwright, on a real
server. Each test does what a person does on the page and opens the files they would open."""
import os
import shutil
import subprocess
from pathlib import Path

import docx
import openpyxl
import pytest
from builders import SAITHONG_INDICATORS, agency_rows, write_input
from serve_helpers import running
from typeset import pdf_lines

import ita_xl
from ita_xl.reading.assessment import TEMPLATE_YEAR
from ita_xl.writing.edition import score_text
from ita_xl.writing.output_files import written_kind

playwright_api = pytest.importorskip("playwright.sync_api")
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]
SLOW = 120_000          # milliseconds a conversion may take on a loaded machine

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists() and not os.environ.get("CI"),
                                reason="needs Debian's chromium (.ci/run installs it; in CI its absence fails)")


@pytest.fixture(scope="module")
def browser():
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with running(tmp_path_factory.mktemp("browser") / "tmp") as server:
        yield server


@pytest.fixture
def page(browser, server):
    context = browser.new_context(accept_downloads=True, locale="th-TH")
    page = context.new_page()
    page.set_default_timeout(SLOW)
    page.goto(server.url)
    yield page
    context.close()


def download(page, selector: str, folder: Path) -> Path:
    with page.expect_download() as started:
        page.click(selector)
    saved = folder / started.value.suggested_filename
    started.value.save_as(saved)
    return saved


def convert(page, *files: Path) -> None:
    page.set_input_files("#files", [str(f) for f in files])
    page.click("#convert")


def test_a_clerk_uploads_the_sample_reads_the_result_and_opens_the_three_files(page, sample, tmp_path):
    named = tmp_path / "คะแนน สายทอง.xlsx"
    shutil.copyfile(sample, named)
    convert(page, named)
    page.wait_for_selector("#ita")
    analysis = ita_xl.analyse(ita_xl.load(sample))
    assert page.inner_text("#ita") == score_text(analysis.ita) == "91.41"
    assert page.inner_text("#level") == "A" and page.inner_text("#result") == "ผ่าน"
    assert page.inner_text("#agency") == "องค์การบริหารส่วนตำบลสายทอง"
    assert "ที่ประกาศ 91.50 แต่คะแนนที่กรอกให้ 91.41" in page.inner_text("#warnings")
    assert page.locator("#indicators tbody tr").count() == 10
    assert page.locator("svg.chart rect").count() == 10

    workbook = download(page, "#download-xlsx", tmp_path / "got")
    assert workbook.name == "คะแนน สายทอง-report.xlsx"
    assert "รายงาน" in openpyxl.load_workbook(workbook).sheetnames
    memo = download(page, "#download-pdf", tmp_path / "got")
    assert memo.name == "คะแนน สายทอง-report.pdf"
    text = subprocess.run(["pdftotext", str(memo), "-"], capture_output=True, text=True, check=True).stdout
    assert "บันทึกข้อความ" in text and "องค์การบริหารส่วนตำบลสายทอง" in text
    assert any(line.page == 2 and line.text.replace(" ", "") == "-๒-" for line in pdf_lines(memo))  # as convert --pdf
    assert written_kind(memo) == "pdf"
    word = download(page, "#download-docx", tmp_path / "got")
    assert word.name == "คะแนน สายทอง-report.docx"
    assert "บันทึกข้อความ" in "\n".join(p.text for p in docx.Document(word).paragraphs)


def test_three_files_at_once_give_the_consolidated_workbook(page, tmp_path):
    files = [write_input(tmp_path / f"{name}.xlsx", agency=agency_rows(name=f"เทศบาลตำบลที่ {n}"),
                         indicators=SAITHONG_INDICATORS | {1: 80 + n}) for n, name in enumerate(("ก", "ข", "ค"), 1)]
    convert(page, *files)
    page.wait_for_selector("#many")
    assert page.inner_text("#many") == "รวมผล 3 หน่วยงาน"
    assert page.locator("#agencies tbody tr").count() == 3
    consolidated = download(page, "#download-all", tmp_path / "got")
    assert consolidated.name == "รวมผล-ITA-3-หน่วยงาน.xlsx"
    sheet = openpyxl.load_workbook(consolidated)["หน่วยงาน"]
    names = {cell.value for row in sheet.iter_rows() for cell in row}
    assert {"เทศบาลตำบลที่ 1", "เทศบาลตำบลที่ 2", "เทศบาลตำบลที่ 3", "ก.xlsx", "ข.xlsx", "ค.xlsx"} <= names
    reports = download(page, "#download-zip", tmp_path / "got")
    import zipfile
    assert {"ก-report.xlsx", "ข-report.docx", "ค-report.pdf"} <= set(zipfile.ZipFile(reports).namelist())


def test_a_text_file_gets_the_thai_one_line_message(page, tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("ITA 91.5\n", "utf-8")
    convert(page, notes)
    page.wait_for_selector("#problems")
    lines = page.locator("#problems li").all_inner_texts()
    assert lines == ["notes.txt: เป็นไฟล์ข้อความหรือ CSV ไม่ใช่ไฟล์ Excel: ใส่ข้อมูลลงแม่แบบจาก ita-xl template แล้ว"
                     "บันทึกเป็น .xlsx"]


def test_switching_to_english_gives_an_english_page_and_english_files(page, sample, tmp_path):
    page.click("#switch")
    assert page.get_attribute("html", "lang") == "en"
    assert page.inner_text("h1") == "Analyse an agency's ITA results"
    convert(page, sample)
    page.wait_for_selector("#ita")
    assert page.inner_text("#result") == "Passed" and "91.41" == page.inner_text("#ita")
    workbook = download(page, "#download-xlsx", tmp_path)
    assert "Report" in openpyxl.load_workbook(workbook).sheetnames
    page.click("#switch")
    assert page.inner_text("#result") == "ผ่าน"


def test_the_template_of_the_year_chosen(page, tmp_path):
    page.select_option("#year", "2569")
    template = download(page, "#template", tmp_path)
    assert template.name == "แม่แบบคะแนน-ITA-2569.xlsx"
    assert openpyxl.load_workbook(template).custom_doc_props[TEMPLATE_YEAR].value == "2569"


def test_the_form_works_without_javascript(browser, server, sample):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(server.url)
    page.set_input_files("#files", str(sample))
    page.click("#convert", timeout=SLOW)
    page.wait_for_selector("#ita", timeout=SLOW)
    assert page.inner_text("#ita") == "91.41" and "/result/" in page.url
    context.close()


def test_dropping_a_file_on_the_box_chooses_it_and_shows_progress(page, sample):
    data = sample.read_bytes()
    transfer = page.evaluate_handle("""([bytes, name]) => {
        const transfer = new DataTransfer();
        transfer.items.add(new File([new Uint8Array(bytes)], name));
        return transfer;
    }""", [list(data), "สายทอง.xlsx"])
    page.dispatch_event("#drop", "drop", {"dataTransfer": transfer})
    assert page.inner_text("#chosen") == "สายทอง.xlsx (0.02 MB)"
    page.click("#convert")
    page.wait_for_selector("#progress:not([hidden])")
    page.wait_for_selector("#ita")
    assert page.inner_text("#ita") == "91.41"


def test_without_libreoffice_the_workbook_and_word_memo_come_and_the_page_says_why_no_pdf(browser, sample,
                                                                                           tmp_path):
    python_only = str(Path(os.__file__).parent)      # a PATH without soffice
    with running(tmp_path / "tmp", path=python_only) as server:
        context = browser.new_context(accept_downloads=True)
        page = context.new_page()
        page.set_default_timeout(SLOW)
        page.goto(server.url)
        convert(page, sample)
        page.wait_for_selector("#ita")
        assert page.locator("#download-xlsx").count() == 1 and page.locator("#download-docx").count() == 1
        assert page.locator("#download-pdf").count() == 0
        assert "LibreOffice" in page.inner_text("#pdf-problem")
        assert download(page, "#download-docx", tmp_path).stat().st_size > 0
        context.close()


def test_with_an_access_code_the_page_asks_for_it_once(browser, tmp_path):
    with running(tmp_path / "tmp", code="รหัส-2569") as server:
        context = browser.new_context()
        page = context.new_page()
        page.goto(server.url)
        assert page.locator("#files").count() == 0
        page.fill("#code", "ผิด")
        page.click("#access button")
        assert "รหัสเข้าใช้งานไม่ถูกต้อง" in page.inner_text("#problems")
        page.fill("#code", "รหัส-2569")
        page.click("#access button")
        page.wait_for_selector("#files")
        [cookie] = context.cookies()
        assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
        page.goto(server.url)
        assert page.locator("#files").count() == 1
        context.close()
