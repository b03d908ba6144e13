"""The memo as a Word document (ita_xl.writing.memo.word): the workbook memo's sections and figures, a Thai
official memo's page, fonts Word shapes Thai with, and what LibreOffice prints of it."""
import re
import subprocess
import time
import unicodedata

import docx
import openpyxl
import pytest
from builders import SAITHONG_INDICATORS, copy_sample, write_input
from docx.oxml.ns import qn
from libreoffice import convert as lo_convert
from libreoffice import pdf_pages

from ita_xl import Edition, OutputError, analyse, build_memo, load, write_report
from ita_xl.thai import to_thai
from ita_xl.writing.edition import score_text
from ita_xl.writing.memo.document import (
    Chart,
    HeadingLine,
    Pair,
    Paragraph,
    TableBlock,
    plain,
)
from ita_xl.writing.memo.word import write_docx
from ita_xl.writing.output_files import MEMO_CATEGORY
from ita_xl.writing.workbook.summary import score_cells

THAI = re.compile(r"[\u0E00-\u0E7F]+")
THAI_DIGIT = re.compile(r"\S*[๐-๙]\S*")
FONT = "TH SarabunPSK"


def squeeze(text: str) -> str:
    """Text without spaces and without marks above or below the line (PDF text extraction splits
    and reorders them in Thai)."""
    return "".join(ch for ch in text if not ch.isspace() and unicodedata.category(ch) != "Mn")


def th(score: float) -> str:
    return to_thai(score_text(score))


def texts(document) -> list[str]:
    """Every paragraph's text in reading order, those in table cells included, empty ones left out."""
    found = []
    for item in document.iter_inner_content():
        if isinstance(item, docx.table.Table):
            found += [p.text for row in item.rows for cell in row.cells for p in cell.paragraphs]
        else:
            found.append(item.text)
    return [text for text in found if text.strip()]


def body_tables(document):
    return list(document.tables)


def all_runs(document):
    """Every run of the body, its tables and the footer."""
    section = document.sections[0]
    paragraphs = list(document.paragraphs) + section.footer.paragraphs
    paragraphs += [p for table in document.tables for row in table.rows for cell in row.cells for p in cell.paragraphs]
    return [run for p in paragraphs for run in p.runs]


def input_strings(source) -> str:
    book = openpyxl.load_workbook(source)
    return "|".join(squeeze(str(v)) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)
                    for v in row if isinstance(v, str))


@pytest.fixture(scope="module")
def sample_docx(tmp_path_factory):
    folder = tmp_path_factory.mktemp("docx")
    source = copy_sample(folder)
    analysis = analyse(load(source))
    path = write_docx(analysis, folder / "memo.docx")
    return analysis, path, docx.Document(str(path))


@pytest.fixture(scope="module")
def sample_pdf(sample_docx, tmp_path_factory):
    _, path, _ = sample_docx
    return lo_convert(path, "pdf", tmp_path_factory.mktemp("docx-pdf"), recalculate=False)


# -- the memo, section for section and figure for figure -------------------------------------------
def expected_texts(analysis, edition: Edition) -> list[str]:
    """What the document should read, block by block, from the memo model (the warning left out)."""
    memo = build_memo(analysis, edition, edition.thai_digits(memo=True), score_cells(analysis, edition, None))
    found = []

    def add(block):
        if isinstance(block, Paragraph):
            found.append(block.text)
        elif isinstance(block, HeadingLine):
            found.append("\t".join(f"{label} {value}" for label, value in block.fields))
        elif isinstance(block, TableBlock):
            found.extend(plain(cell) for row in block.rows for cell in row)
        elif isinstance(block, Pair):
            found.extend(p.text for p in block.left + block.right)
        elif isinstance(block, Chart):
            found.append(block.caption)
    for section in memo.sections:
        for block in section.blocks:
            for member in block if isinstance(block, tuple) else (block,):
                add(member)
    return [text for text in found if text.strip()]


def test_the_document_reads_as_the_memo_block_for_block(sample_docx):
    analysis, _, document = sample_docx
    expected = expected_texts(analysis, Edition())
    found = texts(document)
    assert len(found) == len(expected) > 100
    for got, want in zip(found, expected):
        if "วันที่" in want and "\t" in want:          # the date: a real date in the model, words here
            assert got.startswith(want.split("\t")[0]) and got.endswith("๒๒ กันยายน ๒๕๖๕")
        else:
            assert got == want


def test_every_figure_is_the_analysis(sample_docx):
    analysis, _, document = sample_docx
    text = "\n".join(texts(document))
    assert f"ผลการประเมินได้คะแนน {th(analysis.ita)} คะแนน ระดับผลการประเมิน A ผ่านเกณฑ์เป้าหมาย" in text
    assert th(analysis.ita) == "๙๑.๔๑"
    for tool in analysis.tools:
        verdict = "ผ่านเกณฑ์เป้าหมาย" if tool.passed else "ต่ำกว่าเกณฑ์เป้าหมาย"
        assert f"({tool.code}) ได้คะแนนเฉลี่ย {th(tool.score)} คะแนน ถือว่า{verdict}" in text
        assert f"({tool.code}) ได้คะแนนเท่ากับร้อยละ {th(tool.score)}" in text
    assert f"มีจำนวน {to_thai(str(len(analysis.strengths)))} ตัวชี้วัด ดังนี้" in text
    assert f"น้อยกว่าร้อยละ ๘๕) มีจำนวน {to_thai(str(len(analysis.weaknesses)))} ตัวชี้วัด" in text
    assert (len(analysis.strengths), len(analysis.weaknesses)) == (7, 3)
    paragraphs = texts(document)
    for item in analysis.weak_items:
        line = next(p for p in paragraphs if f" ข้อ {item.code} " in p)
        assert f"คะแนนเฉลี่ย {th(item.score)}" in line
    assert [w.code for w in analysis.weak_items][:2] == ["E15", "E11"]


def test_each_indicator_score_is_in_its_table_coloured_by_the_target(sample_docx):
    analysis, _, document = sample_docx
    scores = {}
    for table in body_tables(document)[:3]:                  # one table of indicators per tool
        header = table.rows[0].cells
        assert header[0]._tc.tcPr.find(qn("w:shd")).get(qn("w:fill")) == "1F4E79"
        assert all(run.bold and run.font.color.rgb == docx.shared.RGBColor(0xFF, 0xFF, 0xFF)
                   for cell in header for run in cell.paragraphs[0].runs)
        for row in table.rows[1:]:
            name, score = row.cells
            no = int(name.text.split(".")[0].translate(str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")))
            scores[no] = score.text
            assert score.paragraphs[0].alignment == docx.enum.text.WD_ALIGN_PARAGRAPH.RIGHT
            shade = score._tc.tcPr.find(qn("w:shd"))
            if analysis.indicator(no).passed:
                assert shade is None and score.paragraphs[0].runs[0].font.color.rgb is None
            else:
                assert shade.get(qn("w:fill")) == "F8CBAD"
                assert str(score.paragraphs[0].runs[0].font.color.rgb) == "9C0006"
    assert scores == {i.no: th(i.score) for i in analysis.indicators}
    assert {no: float(score_text(v)) for no, v in SAITHONG_INDICATORS.items()} == \
        {i.no: float(score_text(i.score)) for i in analysis.indicators}


def test_the_document_says_what_the_workbook_memo_says(sample_docx, tmp_path):
    analysis, _, document = sample_docx
    report = write_report(analysis, tmp_path / "report.xlsx")
    sheet = openpyxl.load_workbook(report, data_only=True)["รายงาน"]
    values = [v for row in sheet.iter_rows(values_only=True) for v in row if v is not None]
    sheet_text = squeeze(" ".join(str(v) for v in values if isinstance(v, str)))
    numbers = {round(v, 2) for v in values if isinstance(v, float)}
    for text in texts(document):
        if "\t" in text or re.fullmatch(r"[๐-๙.]+", text):   # the date and table scores: numbers on the sheet
            continue
        assert squeeze(text) in sheet_text, text
    assert {round(i.score, 2) for i in analysis.indicators} <= numbers


# -- the page --------------------------------------------------------------------------------------
def test_a4_portrait_with_the_margins_of_a_thai_letter(sample_docx):
    _, _, document = sample_docx
    section = document.sections[0]
    for got, want in ((section.page_width, 21), (section.page_height, 29.7), (section.left_margin, 3),
                      (section.right_margin, 2), (section.top_margin, 2.5), (section.bottom_margin, 2)):
        assert abs(got.cm - want) < 0.01


def test_every_run_has_the_font_for_latin_and_thai(sample_docx):
    _, _, document = sample_docx
    normal = document.styles["Normal"].element.rPr
    assert normal.find(qn("w:rFonts")).get(qn("w:cs")) == FONT and normal.find(qn("w:szCs")).get(qn("w:val")) == "32"
    runs = all_runs(document)
    assert len(runs) > 100
    for run in runs:
        rpr = run._r.rPr
        fonts = rpr.find(qn("w:rFonts"))
        assert fonts.get(qn("w:cs")) == fonts.get(qn("w:ascii")) == FONT
        assert rpr.find(qn("w:szCs")).get(qn("w:val")) == rpr.find(qn("w:sz")).get(qn("w:val"))
        assert rpr.find(qn("w:sz")).get(qn("w:val")) in ("32", "58")     # 16 pt; the title 29 pt
        assert (rpr.find(qn("w:b")) is None) == (rpr.find(qn("w:bCs")) is None)   # Thai bold is bCs
    title = document.paragraphs[0]
    assert title.text == "บันทึกข้อความ" and title.runs[0].bold and title.runs[0].font.size.pt == 29


def test_heading_labels_bold_and_paragraphs_indented(sample_docx):
    _, _, document = sample_docx
    heading = document.paragraphs[1]
    assert heading.runs[0].text == "ส่วนราชการ" and heading.runs[0].bold and not heading.runs[1].bold
    opening = next(p for p in document.paragraphs if p.text.startswith("ตามที่"))
    assert abs(opening.paragraph_format.first_line_indent.cm - 2.5) < 0.01
    assert not opening.text.startswith(" ") and "\u00a0" not in opening.text


def test_tables_charts_and_signatures_are_kept_whole(sample_docx):
    _, _, document = sample_docx
    tables = document.tables
    assert len(tables) == 3 + 5 + 1                       # indicators per tool, measures, the comment blocks
    for table in tables[:3] + tables[-1:]:                # a score table, the comment blocks: whole on a page
        for row in table.rows:
            assert row._tr.trPr.find(qn("w:cantSplit")) is not None
    for table in tables[:3]:
        for row in table.rows[:-1]:
            assert all(p.paragraph_format.keep_with_next for cell in row.cells for p in cell.paragraphs)
    for measure in tables[3:-1]:                         # may go on over a page, its heading repeated there
        heading = measure.rows[0]
        assert heading._tr.trPr.find(qn("w:tblHeader")) is not None
        assert all(p.paragraph_format.keep_with_next for p in heading.cells[0].paragraphs)
    comments = tables[-1]
    assert comments._tbl.tblPr.find(qn("w:tblBorders")).find(qn("w:top")).get(qn("w:val")) == "nil"
    left, right = comments.rows[0].cells
    assert left.paragraphs[0].text == "ความเห็นผู้บังคับบัญชา" and right.paragraphs[0].text == "ความเห็นหัวหน้าหน่วยงาน"
    signed = [p for p in document.paragraphs if p.text.startswith("(ลงชื่อ)")]
    assert len(signed) == 1 and signed[0].paragraph_format.keep_with_next


def test_the_chart_is_a_picture_under_its_caption(sample_docx):
    _, _, document = sample_docx
    shapes = document.inline_shapes
    assert len(shapes) == 1
    assert abs(shapes[0].width.cm - 16) < 0.01
    paragraphs = document.paragraphs
    at = next(n for n, p in enumerate(paragraphs) if p._p.xpath(".//pic:pic"))
    caption = paragraphs[at - 1]
    assert caption.text == "แผนภาพที่ ๑ คะแนนร้อยละในแต่ละตัวชี้วัด" and caption.paragraph_format.keep_with_next
    image = document.part.related_parts[shapes[0]._inline.graphic.graphicData.pic.blipFill.blip.embed]
    assert image.content_type == "image/png"
    width = int.from_bytes(image.blob[16:20], "big")
    assert width >= 1200                                   # about 200 dpi at 16 cm


def test_the_footer_numbers_the_pages(sample_docx):
    _, _, document = sample_docx
    footer = document.sections[0].footer.paragraphs[0]
    instructions = [t.text.strip() for t in footer._p.iter(qn("w:instrText"))]
    assert instructions == ["PAGE", "NUMPAGES"]
    assert footer.text.startswith("หน้า ") and " จาก " in footer.text
    assert footer.alignment == docx.enum.text.WD_ALIGN_PARAGRAPH.RIGHT


def test_the_file_is_marked_and_dated_from_the_input(sample_docx):
    _, _, document = sample_docx
    core = document.core_properties
    assert core.category == MEMO_CATEGORY
    assert (core.created.date().isoformat(), core.modified.date().isoformat()) == ("2022-09-22",) * 2


# -- editions ---------------------------------------------------------------------------------------
def test_the_english_edition_has_no_thai_but_the_inputs(tmp_path, sample):
    source = copy_sample(tmp_path)
    document = docx.Document(str(write_docx(analyse(load(source)), tmp_path / "memo.docx", Edition("en"))))
    text = "\n".join(texts(document) + [p.text for p in document.sections[0].footer.paragraphs])
    assert "MEMORANDUM" in text and "91.41" in text and "Page " in text
    inputs = input_strings(sample)
    strays = {run for run in (squeeze(token) for token in THAI.findall(text)) if run and run not in inputs}
    assert strays == set()


def test_arabic_digits_when_asked(tmp_path, sample):
    source = copy_sample(tmp_path)
    analysis = analyse(load(source))
    document = docx.Document(str(write_docx(analysis, tmp_path / "memo.docx", Edition(digits="arabic"))))
    paragraphs = texts(document)
    text = "\n".join(paragraphs)
    for figure in ("91.41", "91.76", "83.18", "97.32", "22 กันยายน 2565", "มีจำนวน 7 ตัวชี้วัด"):
        assert figure in text, figure
    inputs = input_strings(sample)                         # Thai digits only where the input typed them
    for paragraph in paragraphs:
        for token in THAI_DIGIT.findall(paragraph):
            assert squeeze(token) in inputs, token


def test_a_failing_agency_reads_as_failing(tmp_path):
    failing = {1: 80, 2: 80, 3: 80, 4: 80, 5: 80, 6: 70, 7: 70, 8: 70, 9: 90, 10: 90}
    source = write_input(tmp_path / "in.xlsx", indicators=failing)
    analysis = analyse(load(source))
    text = "\n".join(texts(docx.Document(str(write_docx(analysis, tmp_path / "memo.docx")))))
    assert f"ผลการประเมินได้คะแนน {th(analysis.ita)} คะแนน" in text and "ไม่ผ่านเกณฑ์เป้าหมาย" in text
    assert "มีจำนวน ๒ ตัวชี้วัด ดังนี้" in text and "มีจำนวน ๘ ตัวชี้วัด ดังนี้" in text


# -- writing ---------------------------------------------------------------------------------------
def test_the_same_input_gives_the_same_document(tmp_path, sample):
    source = copy_sample(tmp_path)
    analysis = analyse(load(source))
    first = write_docx(analysis, tmp_path / "a.docx")
    time.sleep(2.1)                                        # a zip entry's date has a two-second step
    second = write_docx(analysis, tmp_path / "b.docx")
    assert first.read_bytes() == second.read_bytes()


def test_a_memo_it_wrote_is_replaced_anything_else_needs_force(tmp_path):
    source = copy_sample(tmp_path)
    analysis = analyse(load(source))
    path = write_docx(analysis, tmp_path / "memo.docx")
    write_docx(analysis, path)                             # its own memo: replaced
    other = tmp_path / "letter.docx"
    docx.Document().save(str(other))
    with pytest.raises(OutputError):
        write_docx(analysis, other)
    write_docx(analysis, other, force=True)
    with pytest.raises(OutputError):
        write_docx(analysis, source, force=True)           # never over the input
    assert load(source).agency.name == analysis.assessment.agency.name


# -- printed by LibreOffice --------------------------------------------------------------------------
def test_libreoffice_prints_the_memo_on_at_most_eleven_pages(sample_pdf):
    pages = pdf_pages(sample_pdf)
    count = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", str(sample_pdf)], check=True,
                                                            capture_output=True, text=True).stdout).group(1))
    assert len(pages) == count <= 11
    for n, page in enumerate(pages, start=1):
        assert page.strip().splitlines()[-1].strip() == f"หน้า {n} จาก {count}"


def test_libreoffice_prints_the_title_figures_and_signatures(sample_pdf):
    text = squeeze("\n".join(pdf_pages(sample_pdf)))
    for phrase in ("บันทึกข้อความ", "ส่วนราชการ", "๒๒ กันยายน ๒๕๖๕", "ผลการประเมินได้คะแนน ๙๑.๔๑ คะแนน",
                   "๙๑.๗๖", "๘๓.๑๘", "๙๗.๓๒", "แผนภาพที่ ๑", "จึงเรียนมาเพื่อโปรดทราบ", "(ลงชื่อ)",
                   "(กมลชนก แก่นเพชร)", "ผู้ช่วยนักทรัพยากรบุคคล", "ความเห็นผู้บังคับบัญชา", "ความเห็นหัวหน้าหน่วยงาน"):
        assert squeeze(phrase) in text, phrase
    assert "91.41" not in text


def test_libreoffice_keeps_the_chart_with_its_caption(sample_pdf, tmp_path):
    pages = pdf_pages(sample_pdf)
    at = next(n for n, page in enumerate(pages, start=1) if squeeze("แผนภาพที่ ๑") in squeeze(page))
    subprocess.run(["pdftoppm", "-png", "-r", "30", "-f", str(at), "-l", str(at), "-singlefile", str(sample_pdf),
                    str(tmp_path / "chart")], check=True)
    from PIL import Image  # the picture is on the caption's page: blue and red bars
    colours = {colour for _, colour in Image.open(tmp_path / "chart.png").convert("RGB").getcolors(1 << 24)}
    for bar in ((0x2E, 0x75, 0xB6), (0xC0, 0x00, 0x00)):
        assert any(all(abs(a - b) < 40 for a, b in zip(bar, colour)) for colour in colours), bar
