"""The memo as the agency publishes it: ``convert --pdf`` and ``batch --pdf`` through LibreOffice (the
Word memo typeset), ``--pdf all`` (every sheet of the workbook printed, the memo sheet among them),
pages a person would print, and a workbook memo whose figures follow an edited score.

LibreOffice takes seconds to start, so each PDF is made once per module and read by many tests.
Pages are measured from the PDF itself (``pdftotext -bbox-layout``): where each printed line is.
"""
import math
import os
import re
import shutil
import subprocess
import sys
import unicodedata
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest
from builders import agency_rows, copy_sample, edit, write_input
from click.testing import CliRunner
from libreoffice import RECALC_ALWAYS, soffice

import ita_xl.writing.libreoffice
from ita_xl import Edition, OutputError, analyse, build_memo, load
from ita_xl.catalogue import t
from ita_xl.cli import cli
from ita_xl.thai import to_thai
from ita_xl.writing.edition import score_text
from ita_xl.writing.line_breaks import unmark
from ita_xl.writing.memo.document import (
    Chart,
    HeadingLine,
    Pair,
    Paragraph,
    TableBlock,
    plain,
)
from ita_xl.writing.text_layout import LINE_HEIGHT, PAGE_HEIGHT
from ita_xl.writing.workbook.summary import score_cells

TOP = 2.5 / 2.54 * 72          # the memo's top margin in points: its rows start here
BOTTOM = (29.7 - 2.0) / 2.54 * 72   # and its bottom margin
FOOTER = re.compile(r"^หน้า\s*(\S+)$")
PAGE_NUMBER = re.compile(r"^-\s*([๐-๙0-9]+)\s*-$")
ITEM_CODE = re.compile(r"[IEO][0-9]+")
BODY_TEXT = 18                  # points: a printed line of the 16 pt text is ~21 tall, the chart's labels less
AGENCY = "องค์การบริหารส่วนตำบลสายทอง"


# -- reading a PDF ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Line:
    """A printed line: pdftotext's fragments of one baseline joined (it splits Thai at some marks)."""
    x0: float
    y0: float
    x1: float
    y1: float
    text: str

    @property
    def height(self) -> float:
        return self.y1 - self.y0


def pdf_lines(pdf: Path) -> list[list[Line]]:
    """Each page's printed lines, top to bottom."""
    xhtml = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], check=True, capture_output=True,
                           text=True).stdout
    ns = "{http://www.w3.org/1999/xhtml}"
    pages = []
    for page in ET.fromstring(xhtml).iter(f"{ns}page"):
        fragments = sorted((float(line.get("yMin")), float(line.get("xMin")), float(line.get("xMax")),
                            float(line.get("yMax")), " ".join(w.text or "" for w in line.iter(f"{ns}word")))
                           for line in page.iter(f"{ns}line"))
        lines: list[Line] = []
        for y0, x0, x1, y1, text in fragments:
            last = lines[-1] if lines else None
            if last and abs(last.y0 - y0) < 3 and x0 < last.x1 + 40 and x1 > last.x0 - 40 \
                    and last.height > BODY_TEXT and y1 - y0 > BODY_TEXT:
                lines[-1] = Line(min(last.x0, x0), min(last.y0, y0), max(last.x1, x1), max(last.y1, y1),
                                 last.text + text)
            else:
                lines.append(Line(x0, y0, x1, y1, text))
        pages.append(lines)
    return pages


def body(page: list[Line]) -> list[Line]:
    """The page's lines less its footer and its number."""
    return [line for line in page if not FOOTER.match(line.text.strip()) and not PAGE_NUMBER.match(line.text.strip())]


def footer(page: list[Line]) -> str | None:
    """A sheet's page number, as its footer prints it ("หน้า 2"), or None: the memo's pages have none."""
    found = [FOOTER.match(line.text.strip()).group(1) for line in page if FOOTER.match(line.text.strip())]
    return found[0] if found else None


def page_number(page: list[Line]) -> str | None:
    """The memo's page number at the top of its page ("- ๒ -"), or None."""
    found = [PAGE_NUMBER.match(line.text.strip()).group(1) for line in page if PAGE_NUMBER.match(line.text.strip())]
    return found[0] if found else None


def fill(page: list[Line]) -> float:
    """How far down the page's rows its lowest printed line reaches, as a share of the rows a page holds."""
    return (max(line.y1 for line in body(page)) - TOP) / PAGE_HEIGHT


def text_slots(pages: list[list[Line]]) -> int:
    """Printed lines of body text: the content, whatever the pages it takes."""
    return sum(len({round(line.y0) for line in body(page) if line.height > BODY_TEXT}) for page in pages)


def pdfinfo(pdf: Path) -> str:
    return subprocess.run(["pdfinfo", "-f", "1", "-l", "999", str(pdf)], check=True, capture_output=True,
                          text=True).stdout


def page_count(pdf: Path) -> int:
    return int(re.search(r"^Pages:\s+(\d+)$", pdfinfo(pdf), re.M).group(1))


def squeeze(text: str) -> str:
    """Text as a stream of letters: no spaces (Thai writes none between words, so lines wrap anywhere),
    no marks above or below the line (PDF text extraction splits and reorders them in Thai), no
    hyphens (pdftotext joins a word hyphenated at a line's end)."""
    return "".join(ch for ch in unmark(text) if not ch.isspace() and ch not in "-\u00ad"
                   and unicodedata.category(ch) != "Mn")


def page_texts(pdf: Path) -> list[str]:
    """Each page's text in reading order, squeezed; its number above the top margin and its footer left
    out (pdftotext's plain reading order joins the number to the first line)."""
    return [squeeze("\n".join(line for line in page.splitlines() if not FOOTER.match(line.strip())))
            for page in (_without_numbers(pdf, n) for n in range(1, page_count(pdf) + 1))]


def _without_numbers(pdf: Path, page: int) -> str:
    """One page's text, less what is printed above the top margin (the memo's page number)."""
    crop = ["-y", str(int(TOP) - 6), "-H", "2000", "-x", "0", "-W", "2000"]
    return subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), *crop, str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout


# -- making them ----------------------------------------------------------------------------------------
def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def needs_tools() -> None:
    soffice()                                              # skips without LibreOffice, fails in CI
    for tool in ("pdftotext", "pdfinfo", "pdffonts"):
        if shutil.which(tool) is None:
            pytest.fail(f"{tool} is missing: install poppler-utils")


def published(folder: Path, source: Path, *options) -> Path:
    result = run("convert", source, "-o", folder / "report.xlsx", *options)
    assert result.exit_code == 0, result.output
    return folder / "report.pdf"


def long_memo_input(path: Path) -> Path:
    """An agency with 30 items below target (some with long recommendations of its own) and 10
    measures of long text: the memo at its longest."""
    codes = [f"I{n}" for n in range(1, 11)] + [f"E{n}" for n in range(1, 16)] + [f"O{n}" for n in range(1, 6)]
    advice = ("ให้หัวหน้าส่วนราชการกำชับเจ้าหน้าที่ทุกกองปฏิบัติตามคู่มือการปฏิบัติงาน และรายงานผลการดำเนินงาน"
              " ต่อผู้บริหารทุกเดือน พร้อมเผยแพร่ผลการปรับปรุงให้ประชาชนทราบทางเว็บไซต์และเพจของหน่วยงาน")
    items = {code: (0 if code.startswith("O") else 60 + n % 24 + 0.25, advice if n % 3 == 0 else None)
             for n, code in enumerate(codes)}
    step = "จัดประชุมชี้แจงบุคลากรทุกกองให้ทราบแนวทางการปฏิบัติงานและบทบาทหน้าที่ของตนเอง และติดตามผลทุกไตรมาส"
    done = "ดำเนินการตามแผนแล้ว และเผยแพร่ผลการดำเนินงานผ่านเว็บไซต์ของหน่วยงานและบอร์ดประชาสัมพันธ์"
    measures = [(f"มาตรการปรับปรุงการทำงานเพื่อยกระดับความโปร่งใสของหน่วยงาน ข้อ {n}",
                 "\n".join(f"{k}. {step} รอบที่ {n}" for k in range(1, 5)),
                 "สำนักงานปลัด กองคลัง กองช่าง กองการศึกษา ศาสนาและวัฒนธรรม และกองสาธารณสุขและสิ่งแวดล้อม",
                 "ตั้งแต่ ตุลาคม ๒๕๖๕ ถึง กันยายน ๒๕๖๖ โดยรายงานผลทุกสามเดือน",
                 " ".join(f"{k}. {done} ครั้งที่ {k}" for k in range(1, 5)),
                 "ควรกำหนดตัวชี้วัดความสำเร็จที่วัดผลได้ชัดเจน และมอบหมายผู้รับผิดชอบติดตามผลเป็นรายไตรมาส")
                for n in range(1, 11)]
    return write_input(path, items=items, measures=measures)


@dataclass(frozen=True)
class Published:
    source: Path
    pdf: Path
    pages: list[list[Line]]

    @property
    def analysis(self):
        return analyse(load(self.source))


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Published:
    needs_tools()
    folder = tmp_path_factory.mktemp("sample")
    source = copy_sample(folder)
    pdf = published(folder, source, "--pdf")
    return Published(source, pdf, pdf_lines(pdf))


@pytest.fixture(scope="module")
def long_memo(tmp_path_factory) -> Published:
    needs_tools()
    folder = tmp_path_factory.mktemp("long")
    source = long_memo_input(folder / "long.xlsx")
    analysis = analyse(load(source))
    assert (len(analysis.weak_items), len(analysis.measures)) == (30, 10)
    pdf = published(folder, source, "--pdf")
    return Published(source, pdf, pdf_lines(pdf))


@pytest.fixture(params=["sample", "long_memo"])
def memo(request) -> Published:
    return request.getfixturevalue(request.param)


# -- §1 the PDF that gets posted -------------------------------------------------------------------------
def test_convert_pdf_writes_the_workbook_and_its_memo_as_a_pdf(sample):
    assert sample.pdf.exists() and sample.pdf.with_suffix(".xlsx").exists()
    assert sample.pdf.read_bytes().startswith(b"%PDF")


def test_the_sample_memo_prints_on_at_most_eleven_a4_pages(sample):
    info = pdfinfo(sample.pdf)
    sizes = re.findall(r"^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", info, re.M)
    assert len(sizes) == page_count(sample.pdf) == len(sample.pages) <= 11
    for width, height in sizes:                            # A4 portrait: 210 x 297 mm
        assert abs(float(width) - 595.28) < 1 and abs(float(height) - 841.89) < 1, (width, height)


def test_every_font_is_embedded(sample):
    rows = subprocess.run(["pdffonts", str(sample.pdf)], check=True, capture_output=True,
                          text=True).stdout.splitlines()[2:]
    assert rows                                            # the fonts that print the Thai text
    for row in rows:
        emb = row.split()[-5]                              # name type encoding emb sub uni object ID
        assert emb == "yes", row


def test_the_pdf_states_the_agency_and_its_figures_in_thai_digits(sample):
    text = "".join(page_texts(sample.pdf))
    analysis = sample.analysis
    for phrase in (AGENCY, "ITA", f"ผลการประเมินได้คะแนน {to_thai(score_text(analysis.ita))} คะแนน",
                   "๒๒ กันยายน ๒๕๖๕", *(f"({tool.code}) ได้คะแนนเฉลี่ย {to_thai(score_text(tool.score))}"
                                         for tool in analysis.tools)):
        assert squeeze(phrase) in text, phrase
    assert to_thai(score_text(analysis.ita)) == "๙๑.๔๑"
    assert re.findall(r"[0-9]", ITEM_CODE.sub("", text)) == []   # Arabic digits only in item codes (E15)


def test_the_memo_numbers_its_pages_from_the_second_in_thai_digits(sample):
    numbers = [page_number(page) for page in sample.pages]
    assert numbers == [None] + [to_thai(str(n)) for n in range(2, len(numbers) + 1)]
    assert all(footer(page) is None for page in sample.pages)


def test_pdf_all_prints_every_sheet_each_numbering_its_own_pages(tmp_path):
    """The memo sheet numbers its pages at their top in Thai digits, as the posted memo does; every
    other sheet in its footer, from 1."""
    needs_tools()
    pdf = published(tmp_path, copy_sample(tmp_path), "--pdf", "all")
    pages = pdf_lines(pdf)
    memo = [n for n, page in enumerate(pages) if footer(page) is None]
    assert memo == list(range(memo[0], memo[-1] + 1)) and len(memo) >= 8       # the memo's pages, together
    assert [page_number(pages[n]) for n in memo] == [None] + [to_thai(str(k)) for k in range(2, len(memo) + 1)]
    sheets = [footer(page) for page in pages if footer(page) is not None]
    assert sheets[0] == "1" and sheets.count("1") >= 7                          # each sheet starts again at 1
    assert all(re.fullmatch("[0-9]+", number) for number in sheets)


def test_digits_arabic_prints_arabic_digits(tmp_path):
    needs_tools()
    pdf = published(tmp_path, copy_sample(tmp_path), "--pdf", "--digits", "arabic")
    text = "".join(page_texts(pdf))
    for phrase in ("ผลการประเมินได้คะแนน 91.41 คะแนน", "91.76", "83.18", "97.32", "22 กันยายน 2565",
                   "แบบวัด 3 แบบวัด รวม 10 ตัวชี้วัด"):
        assert squeeze(phrase) in text, phrase
    assert "๙๑.๔๑" not in text and "๘๓.๑๘" not in text


# -- §1 batch ----------------------------------------------------------------------------------------------
BATCH = {"ก": 95.0, "ข": 88.0, "ค": 70.0}      # every indicator at s: the ITA is s


def test_batch_writes_one_pdf_per_agency_beside_its_report(tmp_path, monkeypatch):
    needs_tools()
    folder = tmp_path / "in"
    folder.mkdir()
    for name, score in BATCH.items():
        write_input(folder / f"{name}.xlsx", agency=agency_rows(name=f"หน่วยงาน{name}"),
                    indicators={no: score for no in range(1, 11)})
    log = tmp_path / "started.log"
    wrapper = tmp_path / "bin" / "soffice"                 # LibreOffice behind a program that counts its starts
    wrapper.parent.mkdir()
    wrapper.write_text(f'#!/bin/sh\necho started >> "{log}"\nexec "{soffice()}" "$@"\n', encoding="utf-8")
    wrapper.chmod(0o755)
    monkeypatch.setenv("PATH", f"{wrapper.parent}:{os.environ['PATH']}")
    result = run("batch", folder, "-o", tmp_path / "all.xlsx", "--reports", tmp_path / "reports", "--pdf",
                 "--jobs", "2", "--quiet")
    assert result.exit_code == 0, result.output
    assert len(log.read_text().splitlines()) == 2          # one LibreOffice per worker's group, not one per file
    assert sorted(p.name for p in (tmp_path / "reports").glob("*.pdf")) == [f"{n}-report.pdf" for n in BATCH]
    for name, score in BATCH.items():
        pdf = tmp_path / "reports" / f"{name}-report.pdf"
        assert pdf.with_suffix(".xlsx").exists()
        text = "".join(page_texts(pdf))
        assert squeeze(f"หน่วยงาน{name}") in text and squeeze(f"ได้คะแนน {to_thai(f'{score:.2f}')} คะแนน") in text


# -- §1 without LibreOffice ------------------------------------------------------------------------------
def test_find_soffice_looks_on_the_path(tmp_path, monkeypatch):
    program = tmp_path / "soffice"
    program.write_text("#!/bin/sh\n")
    program.chmod(0o755)
    monkeypatch.setattr(sys, "platform", "linux")           # no install places to look at besides PATH
    for variable in ("PROGRAMFILES", "PROGRAMFILES(X86)"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    assert ita_xl.writing.libreoffice.find_soffice() == str(program)
    program.unlink()
    assert ita_xl.writing.libreoffice.find_soffice() is None


def test_convert_without_libreoffice_says_how_to_install_it_and_writes_the_rest(tmp_path, monkeypatch):
    monkeypatch.setattr(ita_xl.writing.libreoffice, "find_soffice", lambda: None)
    result = run("convert", copy_sample(tmp_path), "-o", tmp_path / "report.xlsx", "--pdf", "--docx")
    assert result.exit_code == 4
    assert result.stderr == OutputError("no_libreoffice").text("th") + "\n"
    assert len(result.stderr.splitlines()) == 1 and "Traceback" not in result.output
    assert "libreoffice" in result.stderr.lower() and "install" in result.stderr
    assert (tmp_path / "report.xlsx").exists() and (tmp_path / "report.docx").exists()
    assert not (tmp_path / "report.pdf").exists()
    assert load(tmp_path / "report.xlsx").agency.name == AGENCY          # the workbook is whole


def test_batch_without_libreoffice_writes_every_report_and_exits_4(tmp_path, monkeypatch):
    monkeypatch.setattr(ita_xl.writing.libreoffice, "find_soffice", lambda: None)
    (tmp_path / "in").mkdir()
    copy_sample(tmp_path / "in")
    result = run("batch", tmp_path / "in", "-o", tmp_path / "all.xlsx", "--reports", tmp_path / "reports",
                 "--pdf", "--jobs", "1", "--quiet")
    assert result.exit_code == 4
    assert result.stderr.splitlines()[-1] == OutputError("no_libreoffice").text("th")
    assert "Traceback" not in result.output
    assert (tmp_path / "all.xlsx").exists() and (tmp_path / "reports" / "scores-report.xlsx").exists()
    assert list((tmp_path / "reports").glob("*.pdf")) == []


# -- §3 pages a person would print --------------------------------------------------------------------------
def test_every_page_but_the_last_is_at_least_45_percent_full(memo):
    """No row is split over two pages: a tall one (a measure's steps) may send the rest of a page
    over, never much more than half of it."""
    fills = [fill(page) for page in memo.pages]
    assert min(fills[:-1]) >= 0.45, [round(f, 2) for f in fills]


def test_a_long_memo_grows_by_its_content_not_by_blank_space(sample, long_memo):
    """Each page but a memo's last is two-thirds full, so the extra text lines of the long memo may
    add at most one page per two-thirds of a page of them (and one for the last page's rest)."""
    grown = len(long_memo.pages) - len(sample.pages)
    extra_lines = text_slots(long_memo.pages) - text_slots(sample.pages)
    bound = math.ceil(extra_lines * LINE_HEIGHT / (PAGE_HEIGHT * 2 / 3)) + 1
    assert extra_lines > 250                               # 20 more weak items, 5 more (long) measures
    assert 0 < grown <= bound, (grown, extra_lines, bound)
    assert grown >= math.floor(extra_lines * LINE_HEIGHT / PAGE_HEIGHT)   # and it does take the pages it needs


def test_tables_the_chart_and_signature_blocks_are_never_split(memo):
    analysis = memo.analysis
    pages = page_texts(memo.pdf)

    def on_one_page(*phrases):
        found = [n for n, page in enumerate(pages) if all(squeeze(p) in page for p in phrases)]
        assert found, phrases
        return found[0]
    framework = analysis.framework
    edition = Edition()
    for tool in analysis.tools:                            # each score table: its header and every row
        rows = [f"{to_thai(str(i.no))}. {edition.indicator_name(framework, i.no)}"
                for i in framework.indicators_of(tool.code)]
        on_one_page(*rows)
    preparer = analysis.assessment.agency
    on_one_page("จึงเรียนมาเพื่อโปรดทราบ", "(ลงชื่อ)", f"({preparer.preparer})", preparer.position)
    comments = on_one_page("ความเห็นผู้บังคับบัญชา", "ความเห็นหัวหน้าหน่วยงาน")
    assert pages[comments].count(squeeze("(ลงชื่อ)")) >= 2 and pages[comments].count(squeeze("ตำแหน่ง")) >= 2
    for n, measure in enumerate(analysis.measures, start=1):  # a measure's name stays with its first field
        title = measure.measure if measure.measure[:1].isdigit() else f"{to_thai(str(n))}. {measure.measure}"
        page = pages[on_one_page(title[:30])]
        assert page.find(squeeze("ขั้นตอน"), page.find(squeeze(title[:30]))) > 0, title
    on_one_page("แผนภาพที่ ๑")                                # the chart is a picture, kept with its caption


# -- nothing clipped ---------------------------------------------------------------------------------------
def memo_texts(analysis, edition: Edition) -> list[str]:
    """Everything the memo says, block by block (the heading's date is printed by a number format)."""
    memo = build_memo(analysis, edition, edition.thai_digits(memo=True))
    found = []
    for section in memo.sections:
        for block in section.blocks:
            for member in block if isinstance(block, tuple) else (block,):
                if isinstance(member, Paragraph):
                    found.append(member.text)
                elif isinstance(member, HeadingLine):
                    found += [f"{label} {value}" if isinstance(value, str) else label for label, value in member.fields]
                elif isinstance(member, TableBlock):
                    found += [plain(p) for row in member.rows for cell in row.cells for p in cell.paragraphs]
                elif isinstance(member, Pair):
                    found += [p.text for p in member.left + member.right]
                elif isinstance(member, Chart):
                    found.append(member.caption)
    return [text for text in found if text.strip() and "." * 10 not in text]


def test_every_word_of_the_memo_is_printed(memo):
    """Each piece of the memo's text between two break opportunities is printed whole somewhere (a line
    breaks only between pieces; a table's cells may be read in any order)."""
    printed = "".join(page_texts(memo.pdf))
    texts = memo_texts(memo.analysis, Edition())
    assert len(texts) > 100
    missing = [piece for text in texts for piece in re.split("[ \u200b\n]", text)
               if squeeze(piece) and squeeze(piece) not in printed]
    assert missing == []


def test_no_line_is_printed_over_another_nor_below_the_page(memo):
    """A row too short for its text prints the rest over the row below (LibreOffice clips it on
    screen, but the lines are still in the PDF where they would have gone)."""
    for number, page in enumerate(memo.pages, start=1):
        lines = [line for line in body(page) if line.height > BODY_TEXT]
        for n, a in enumerate(lines):
            for b in lines[n + 1:]:
                over = min(a.y1, b.y1) - max(a.y0, b.y0)
                beside = min(a.x1, b.x1) - max(a.x0, b.x0)
                assert not (abs(a.y0 - b.y0) > 3 and over > 3 and beside > 2), (number, a.text, b.text)
        assert max(line.y1 for line in lines) <= BOTTOM, number


# -- the memo sheet printed (--pdf all): no line lost in Thai or English ----------------------------------
@pytest.fixture(scope="module", params=["th", "en"])
def sheet_print(request, tmp_path_factory) -> tuple[str, Path, list[list[Line]]]:
    """The sample's workbook printed whole, in each language: the memo sheet's pages (no footer)."""
    needs_tools()
    folder = tmp_path_factory.mktemp(f"sheet-{request.param}")
    source = copy_sample(folder)
    pdf = published(folder, source, "--pdf", "all", "--lang", request.param)
    pages = pdf_lines(pdf)
    memo = [page for page in pages if not any(FOOTER.match(line.text.strip()) or line.text.strip().startswith("Page ")
                                              for line in page)]
    return request.param, source, memo


def test_the_memo_sheet_prints_every_word(sheet_print):
    lang, source, pages = sheet_print
    printed = squeeze("".join(line.text for page in pages for line in page))
    texts = memo_texts(analyse(load(source)), Edition(lang))
    missing = [piece for text in texts for piece in re.split("[ \u200b\n]", text)
               if squeeze(piece) and squeeze(piece) not in printed]
    assert missing == []


def test_the_memo_sheet_prints_no_line_over_another(sheet_print):
    """A row too short for its text prints its last line over the row below (or clips it)."""
    _, _, pages = sheet_print
    for number, page in enumerate(pages, start=1):
        lines = [line for line in page if line.height > BODY_TEXT]
        for n, a in enumerate(lines):
            for b in lines[n + 1:]:
                over = min(a.y1, b.y1) - max(a.y0, b.y0)
                beside = min(a.x1, b.x1) - max(a.x0, b.x0)
                assert not (abs(a.y0 - b.y0) > 3 and over > 3 and beside > 2), (number, a.text, b.text)


# -- §4 a memo that cannot disagree with its numbers --------------------------------------------------------
def reference(cell: str) -> tuple[str, str]:
    """``'สรุปผล'!$D$11`` -> ("สรุปผล", "D11")."""
    sheet, address = cell.rsplit("!", 1)
    return sheet.strip("'"), address.replace("$", "")


def recalculate(paths: list[Path], folder: Path) -> list[Path]:
    """The workbooks as LibreOffice recalculates them, in one LibreOffice run."""
    profile = folder / "lo-profile"
    (profile / "user").mkdir(parents=True)
    (profile / "user" / "registrymodifications.xcu").write_text(RECALC_ALWAYS, encoding="utf-8")
    out = folder / "recalculated"
    subprocess.run([soffice(), "--headless", f"-env:UserInstallation={profile.as_uri()}", "--convert-to", "xlsx",
                    "--outdir", str(out), *map(str, paths)], check=True, capture_output=True, timeout=180)
    return [out / path.name for path in paths]


@dataclass(frozen=True)
class Recalculated:
    book: object                # openpyxl, values as LibreOffice computed them
    cells: object               # ScoreCells: where the memo's figures point

    def value(self, cell: str):
        sheet, address = reference(cell)
        return self.book[sheet][address].value

    def memo_text(self) -> str:
        """The memo sheet's text in row order, a paragraph cut over several rows joined again."""
        sheet = self.book[t("memo.sheet", "th")]
        return " ".join(unmark(str(v)).strip() for row in sheet.iter_rows(values_only=True)
                        for v in row if isinstance(v, str) and v.strip())


@pytest.fixture(scope="module")
def edited(tmp_path_factory) -> dict[str, Recalculated]:
    """The sample's report with indicator 8 edited in its score cell, where every formula reads it:
    to 100 (EIT passes, the strengths change) and to 80.184 (published as 80.18, as written)."""
    soffice()
    folder = tmp_path_factory.mktemp("edited")
    source = copy_sample(folder)
    analysis = analyse(load(source))
    result = run("convert", source, "-o", folder / "report.xlsx")
    assert result.exit_code == 0, result.output
    cells = score_cells(analysis, Edition(), None)
    sheet, address = reference(cells.indicator(8))
    written = openpyxl.load_workbook(folder / "report.xlsx")
    assert written[sheet][address].value == pytest.approx(80.18)
    paths = []
    for name, value in (("raised", 100), ("same", 80.184)):
        target = folder / f"{name}.xlsx"
        target.write_bytes((folder / "report.xlsx").read_bytes())
        paths.append(edit(target, {(sheet, address): value}))
    raised, same = recalculate(paths, folder)
    return {"raised": Recalculated(openpyxl.load_workbook(raised, data_only=True), cells),
            "same": Recalculated(openpyxl.load_workbook(same, data_only=True), cells)}


def column(sheet, header: str, key):
    """The value under ``header`` in the row whose first cell is ``key``."""
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    heading = next(row for row in rows if header in row)
    return next(row[heading.index(header)] for row in rows if row[0] == key)


def warning(recalculated: Recalculated):
    return recalculated.book[t("memo.sheet", "th")]["A1"].value


def test_an_edited_score_shows_the_warning_at_the_memos_top(edited):
    assert warning(edited["raised"]) == t("memo.stale", "th")


def test_no_warning_while_the_published_scores_are_those_it_was_written_from(edited):
    assert warning(edited["same"]) in (None, "")


def test_the_memos_figures_follow_the_edit(edited):
    book = edited["raised"]
    text = book.memo_text()
    eit = (84.86 + 84.50 + 100) / 3
    ita = 0.3 * 91.762 + 0.3 * eit + 0.4 * 97.32
    assert book.value(book.cells.ita) == pytest.approx(ita)
    assert f"ผลการประเมินได้คะแนน {to_thai(score_text(ita))} คะแนน ระดับผลการประเมิน A ผ่านเกณฑ์เป้าหมาย" in text
    assert f"(EIT) ได้คะแนนเฉลี่ย {to_thai(score_text(eit))} คะแนน ถือว่าผ่านเกณฑ์เป้าหมาย" in text
    assert "มีจำนวน ๘ ตัวชี้วัด ดังนี้" in text and "มีจำนวน ๒ ตัวชี้วัด ดังนี้" in text   # was 7 and 3


def test_no_sheet_states_a_figure_the_memo_contradicts(edited):
    """After the edit, every figure of the memo is the summary's or the indicator sheet's."""
    book = edited["raised"]
    cells, text = book.cells, book.memo_text()
    th = t("memo.verdict_passed", "th"), t("memo.verdict_below", "th")
    ita = book.value(cells.ita)
    level = book.value(cells.level)
    assert f"ผลการประเมินได้คะแนน {to_thai(score_text(ita))} คะแนน ระดับผลการประเมิน {level} " in text
    summary = book.book[cells.summary_sheet]
    for code, cell in cells.tools.items():
        score = to_thai(score_text(book.value(cell)))
        verdict = th[0] if column(summary, "สถานะ", code) == "ผ่านเกณฑ์" else th[1]
        assert f"({code}) ได้คะแนนเฉลี่ย {score} คะแนน ถือว่า{verdict}" in text, code
        assert f"({code}) ได้คะแนนเท่ากับร้อยละ {score}" in text, code
    memo = book.book[t("memo.sheet", "th")]
    table_scores = [c.value for row in memo.iter_rows() for c in row if isinstance(c.value, (int, float))]
    indicators = [book.value(cells.indicator(no)) for no in sorted(cells.indicator_rows)]
    assert sorted(table_scores) == sorted(indicators)
    statuses = [column(book.book[cells.indicator_sheet], "สถานะ", no) for no in cells.indicator_rows]
    assert f"มีจำนวน {to_thai(str(statuses.count('ผ่านเกณฑ์')))} ตัวชี้วัด ดังนี้" in text
    assert f"น้อยกว่าร้อยละ ๘๕) มีจำนวน {to_thai(str(statuses.count('ต่ำกว่าเกณฑ์')))} ตัวชี้วัด" in text
    result = next(row[1].value for row in summary.iter_rows() if row[0].value == "ผลการประเมิน")
    assert ("ผ่านเกณฑ์เป้าหมาย (๘๕ คะแนนขึ้นไป)" in text) == (result == "ผ่าน")


def test_no_other_sheet_keeps_a_figure_the_edit_changed(edited):
    book = edited["raised"]
    cells = book.cells
    raised = book.value(cells.indicator(8))
    findings = book.book[t("report.sheet.findings", "th")]
    assert [row[4].value for row in findings.iter_rows() if row[1].value == 8] == [raised]
    weak = book.book[t("report.sheet.weak_items", "th")]
    assert {row[3].value for row in weak.iter_rows() if row[1].value == 8} <= {raised}
    audit = {row[0].value: row[2].value for row in book.book[t("report.sheet.audit", "th")].iter_rows()}
    assert audit["คะแนน ITA"] == pytest.approx(book.value(cells.ita))


DERIVED_SHEETS = ("findings", "weak_items", "audit", "uplift")


@pytest.mark.parametrize("key", DERIVED_SHEETS)
def test_each_sheet_whose_lists_follow_the_scores_warns_when_they_changed(edited, key):
    """Which indicators are listed, in what order, what an improvement is worth: formulas cannot
    follow those, so the sheet's second line turns into the warning."""
    name = t(f"report.sheet.{key}", "th")
    assert edited["raised"].book[name]["A2"].value == t("report.stale", "th")
    assert edited["same"].book[name]["A2"].value != t("report.stale", "th")


def test_the_findings_counts_follow_the_edit(edited):
    findings = edited["raised"].book[t("report.sheet.findings", "th")]
    texts = [unmark(c.value) for row in findings.iter_rows() for c in row if isinstance(c.value, str)]
    assert any("จุดแข็ง" in text and "มีจำนวน 8 ตัวชี้วัด" in text for text in texts)
    assert any("จุดที่ต้องพัฒนา" in text and "มีจำนวน 2 ตัวชี้วัด" in text for text in texts)
