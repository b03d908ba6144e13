"""The memo as a Word document (ita_xl.writing.memo.word): the memo document's sections and figures, a
Thai official memo's page and heading block, fonts Word shapes Thai with, its break opportunities."""
import re
import time
import unicodedata

import docx
import openpyxl
import pytest
from builders import SAITHONG_INDICATORS, copy_sample, write_input
from docx.oxml.ns import qn

from ita_xl import Edition, OutputError, analyse, build_memo, load, write_report
from ita_xl.thai import to_thai
from ita_xl.writing.edition import score_text
from ita_xl.writing.line_breaks import BREAK, JOIN, unmark
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

THAI = re.compile(r"[\u0E00-\u0E7F]+")
THAI_DIGIT = re.compile(r"\S*[๐-๙]\S*")
FONT = "TH SarabunPSK"


def squeeze(text: str) -> str:
    """Text without spaces, break marks and marks above or below the line."""
    return "".join(ch for ch in unmark(text) if not ch.isspace() and unicodedata.category(ch) != "Mn")


def th(score: float) -> str:
    return to_thai(score_text(score))


def texts(document) -> list[str]:
    """Every paragraph's text as it reads (break marks left out), in reading order, those in table
    cells included (a merged cell once), empty ones left out."""
    found = []
    for item in document.iter_inner_content():
        if isinstance(item, docx.table.Table):
            for row in item.rows:
                cells = list(dict.fromkeys(row.cells))       # a merged cell appears once per column it spans
                found += [p.text for cell in cells for p in cell.paragraphs]
        else:
            found.append(item.text)
    return [unmark(text) for text in found if text.strip()]


def all_runs(document):
    """Every run of the body and its tables."""
    paragraphs = list(document.paragraphs)
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


# -- the memo, section for section and figure for figure -------------------------------------------
def expected_texts(analysis, edition: Edition) -> list[str]:
    """What the document should read, block by block, from the memo model."""
    memo = build_memo(analysis, edition, edition.thai_digits(memo=True))
    found = []

    def add(block):
        if isinstance(block, Paragraph):
            found.append(block.text)
        elif isinstance(block, HeadingLine):
            found.append("\t".join(f"{label} {value}" if value else f"{label} \t" for label, value in block.fields))
        elif isinstance(block, TableBlock):
            found.extend(plain(p) for row in block.rows for cell in row.cells for p in cell.paragraphs)
        elif isinstance(block, Pair):
            found.extend(p.text for p in block.left + block.right)
        elif isinstance(block, Chart):
            found.append(block.caption)
    for section in memo.sections:
        for block in section.blocks:
            for member in block if isinstance(block, tuple) else (block,):
                add(member)
    return [unmark(text) for text in found if text.strip()]


def test_the_document_reads_as_the_memo_block_for_block(sample_docx):
    analysis, _, document = sample_docx
    expected = expected_texts(analysis, Edition())
    found = texts(document)
    assert len(found) == len(expected) > 100
    for got, want in zip(found, expected):
        if "วันที่" in want and "\t" in want:          # the date: a real date in the model, words here
            assert got.startswith("ที่") and got.endswith("๒๒ กันยายน ๒๕๖๕")
        else:
            assert got.strip() == want.strip()


def test_every_figure_is_the_analysis(sample_docx):
    analysis, _, document = sample_docx
    text = "\n".join(texts(document))
    assert f"ผลการประเมินได้คะแนน {th(analysis.ita)} คะแนน ระดับผลการประเมิน A ผ่านเกณฑ์เป้าหมาย" in text
    assert th(analysis.ita) == "๙๑.๔๑" and "๙๑.๕๐" not in text          # the figure the scores give
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
    for table in document.tables[:3]:                  # one table of indicators per tool
        header = table.rows[0].cells
        assert header[0]._tc.tcPr.find(qn("w:shd")).get(qn("w:fill")) == "1F4E79"
        assert all(run.bold and run.font.color.rgb == docx.shared.RGBColor(0xFF, 0xFF, 0xFF)
                   for cell in header for run in cell.paragraphs[0].runs)
        assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
        for row in table.rows[1:]:
            name, score = row.cells
            no = int(unmark(name.text).split(".")[0].translate(str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")))
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
        if "\t" in text or re.fullmatch(r"[๐-๙.]+", text) or text.startswith(("ที่", "เรียน")):
            continue                                   # the heading's dots and date, the table scores: numbers
        assert squeeze(text) in sheet_text, text
    assert {round(i.score, 2) for i in analysis.indicators} <= numbers


# -- the page and the heading block --------------------------------------------------------------------
def test_a4_portrait_with_the_margins_of_a_thai_letter(sample_docx):
    _, _, document = sample_docx
    for section in document.sections:
        for got, want in ((section.page_width, 21), (section.page_height, 29.7), (section.left_margin, 3),
                          (section.right_margin, 2), (section.top_margin, 2.5), (section.bottom_margin, 2)):
            assert abs(got.cm - want) < 0.01


def test_the_font_is_the_documents_for_latin_and_thai(sample_docx):
    _, _, document = sample_docx
    normal = document.styles["Normal"].element.rPr
    fonts = normal.find(qn("w:rFonts"))
    assert fonts.get(qn("w:cs")) == fonts.get(qn("w:ascii")) == FONT
    assert normal.find(qn("w:szCs")).get(qn("w:val")) == normal.find(qn("w:sz")).get(qn("w:val")) == "32"
    defaults = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    assert defaults.find(qn("w:rFonts")).get(qn("w:cs")) == FONT
    runs = all_runs(document)
    assert len(runs) > 100
    for run in runs:                               # what a run sets, it sets for Latin and Thai alike
        rpr = run._r.rPr
        if rpr is None:
            continue
        if rpr.find(qn("w:sz")) is not None:
            assert rpr.find(qn("w:szCs")).get(qn("w:val")) == rpr.find(qn("w:sz")).get(qn("w:val"))
            assert rpr.find(qn("w:sz")).get(qn("w:val")) in ("40", "58")     # the labels 20 pt, the title 29 pt
        assert (rpr.find(qn("w:b")) is None) == (rpr.find(qn("w:bCs")) is None)   # Thai bold is bCs
    title = document.paragraphs[0]
    assert title.text == "บันทึกข้อความ" and title.runs[0].bold and title.runs[0].font.size.pt == 29


def test_heading_labels_bold_20_pt_and_the_forms_dotted_line(sample_docx):
    _, _, document = sample_docx
    division, number = document.paragraphs[1], document.paragraphs[2]
    label = division.runs[0]
    assert unmark(label.text) == "ส่วนราชการ" and label.bold and label.font.size.pt == 20
    assert not division.runs[1].bold
    assert unmark(number.runs[0].text) == "ที่"                 # no document number: a dotted leader to วันที่
    stops = number.paragraph_format.tab_stops
    assert any(stop.leader == docx.enum.text.WD_TAB_LEADER.DOTS for stop in stops)
    opening = next(p for p in document.paragraphs if unmark(p.text).startswith("ตามที่"))
    assert abs(opening.paragraph_format.first_line_indent.cm - 2.5) < 0.01


def test_pages_numbered_from_the_second_at_the_top_in_thai_digits(sample_docx):
    _, _, document = sample_docx
    section = document.sections[0]
    assert section.different_first_page_header_footer           # page 1 carries no number
    header = section.header.paragraphs[0]
    instructions = [t.text.strip() for t in header._p.iter(qn("w:instrText"))]
    assert instructions == ["PAGE \\* ThaiArabic"]              # Word's own switch for Thai digits
    assert header.text == "- ๒ -" and header.alignment == docx.enum.text.WD_ALIGN_PARAGRAPH.CENTER
    assert not "".join(p.text for p in section.first_page_header.paragraphs).strip()
    assert not "".join(p.text for p in section.footer.paragraphs).strip()


def test_tables_signatures_and_measures_are_kept_whole(sample_docx):
    _, _, document = sample_docx
    tables = document.tables
    assert len(tables) == 3 + 1 + 1                       # indicators per tool, the measures, the opinions
    for table in tables:                                  # no row is ever split over two pages
        for row in table.rows:
            assert row._tr.trPr.find(qn("w:cantSplit")) is not None
    for table in tables[:3]:
        for row in table.rows[:-1]:
            assert all(p.paragraph_format.keep_with_next for cell in row.cells for p in cell.paragraphs)
    measures = tables[3]
    rows = list(measures.rows)
    bands = [row for row in rows if len(set(row.cells)) == 1]
    assert [unmark(row.cells[0].text)[:4] for row in bands] == ["๑. ก", "๒. ล", "๓. ผ", "๔. ก", "๕. ม"]
    for band in bands:                                    # a measure's name stays with its first field
        assert all(p.paragraph_format.keep_with_next for p in band.cells[0].paragraphs)
    labels = {unmark(row.cells[0].text) for row in rows if len(set(row.cells)) == 2}
    assert labels == {"ขั้นตอนหรือวิธีการ", "ผู้รับผิดชอบ", "ระยะเวลาการดำเนินการ", "ผลการดำเนินการ"}
    opinions = tables[-1]
    assert opinions._tbl.tblPr.find(qn("w:tblBorders")).find(qn("w:top")).get(qn("w:val")) == "nil"
    left, right = opinions.rows[0].cells
    assert left.paragraphs[0].text == "ความเห็นผู้บังคับบัญชา" and right.paragraphs[0].text == "ความเห็นหัวหน้าหน่วยงาน"
    closing = next(p for p in document.paragraphs if p.text.startswith("จึงเรียน"))
    assert closing.paragraph_format.keep_with_next


def test_an_empty_owner_or_period_is_a_dotted_line_and_no_request(sample_docx):
    _, _, document = sample_docx
    measures = document.tables[3]
    periods = [unmark(row.cells[1].text) for row in measures.rows if unmark(row.cells[0].text) == "ระยะเวลาการดำเนินการ"]
    assert periods[-2:] == ["." * 50] * 2                 # the sample's measures 4 and 5 give none
    text = "\n".join(texts(document))
    assert "โปรดระบุ" not in text and "ร่าง" not in text


def test_the_chart_is_a_picture_to_read_under_its_caption(sample_docx):
    _, _, document = sample_docx
    shapes = document.inline_shapes
    assert len(shapes) == 1
    assert abs(shapes[0].width.cm - 16) < 0.01 and shapes[0].height.cm >= 7
    paragraphs = document.paragraphs
    at = next(n for n, p in enumerate(paragraphs) if p._p.xpath(".//pic:pic"))
    caption = paragraphs[at - 1]
    assert unmark(caption.text) == "แผนภาพที่ ๑ คะแนนร้อยละในแต่ละตัวชี้วัด" and caption.paragraph_format.keep_with_next
    image = document.part.related_parts[shapes[0]._inline.graphic.graphicData.pic.blipFill.blip.embed]
    assert image.content_type == "image/png"
    width = int.from_bytes(image.blob[16:20], "big")
    assert width >= 1200                                   # about 200 dpi at 16 cm


def test_the_emblem_is_the_agencys_own_image_or_none(tmp_path, sample_docx):
    analysis, _, document = sample_docx
    assert len(document.inline_shapes) == 1                # the chart only: no emblem drawn in its place
    from PIL import Image
    Image.new("RGB", (300, 320), (180, 140, 40)).save(tmp_path / "garuda.png")
    with_emblem = docx.Document(str(write_docx(analysis, tmp_path / "memo.docx", emblem=tmp_path / "garuda.png")))
    shapes = with_emblem.inline_shapes
    assert len(shapes) == 2 and abs(shapes[0].height.cm - 1.5) < 0.01
    assert with_emblem.paragraphs[0]._p.xpath(".//pic:pic") and unmark(with_emblem.paragraphs[0].text).strip() == \
        "บันทึกข้อความ"


def test_thai_text_carries_its_break_opportunities(sample_docx):
    """Between two words a zero-width space, inside one word joiners: Word and LibreOffice break a
    line only where the memo says. Names are kept whole."""
    analysis, _, document = sample_docx
    raw = "\n".join(p.text for p in document.paragraphs)
    assert BREAK in raw and JOIN in raw
    agency = analysis.assessment.agency.name
    for marked in re.findall(f"[{BREAK} ]?[^ {BREAK}]*สายทอง[^ {BREAK}]*", raw):
        assert unmark(marked.strip(BREAK + " ")).endswith(agency[-6:])   # never broken inside the name
    assert "ราย" + JOIN + "ละ" in raw or "รา" + JOIN in raw                  # รายละเอียด is one word


def test_the_file_is_marked_and_dated_from_the_input(sample_docx):
    _, _, document = sample_docx
    core = document.core_properties
    assert core.category == MEMO_CATEGORY
    assert (core.created.date().isoformat(), core.modified.date().isoformat()) == ("2022-09-22",) * 2


# -- editions ---------------------------------------------------------------------------------------
def test_the_english_edition_has_no_thai_but_the_inputs(tmp_path, sample):
    source = copy_sample(tmp_path)
    document = docx.Document(str(write_docx(analyse(load(source)), tmp_path / "memo.docx", Edition("en"))))
    text = "\n".join(texts(document) + [unmark(p.text) for p in document.sections[0].header.paragraphs])
    assert "MEMORANDUM" in text and "91.41" in text and "- 2 -" in text
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
    assert [t.text.strip() for t in document.sections[0].header.paragraphs[0]._p.iter(qn("w:instrText"))] == ["PAGE"]
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
