"""The consolidated workbook printed by LibreOffice, for one province of 40 agencies and for 40
agencies over 33 provinces (with last year beside them): text large enough, every agency name
and level word whole, no text running into its neighbour, each table and chart on one page, and
no page for unreadable files when every file was read.

Text sizes come from the PDF: the height of each word's box, over the height the same font's box
has per point (measured here, in the same LibreOffice, on text of a known size).
"""
import html
import re
import subprocess
import unicodedata

import pytest
import xlsxwriter
from area import PROVINCES, write_area
from click.testing import CliRunner
from libreoffice import convert, pdf_pages

from ita_xl.cli import cli

WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')
FOOTER = re.compile(r"หน้า \d+")
LEVELS = ("ผ่านดีเยี่ยม", "ผ่านดี", "ต้องปรับปรุง", "ต้องปรับปรุงโดยด่วน")
TABLE_SHEETS = ("หน่วยงาน", "คะแนนรายตัวชี้วัด", "รายจังหวัด", "เทียบปีก่อน")


def squeeze(text: str) -> str:
    """Without spaces and marks above or below the line, which PDF text extraction moves about."""
    return "".join(ch for ch in text if not ch.isspace() and unicodedata.category(ch) != "Mn")


def pages(pdf) -> list[list[tuple[float, float, float, float, str]]]:
    """Each page's words with their boxes."""
    out = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], check=True, capture_output=True,
                         text=True).stdout
    return [[(float(a), float(b), float(c), float(d), html.unescape(w)) for a, b, c, d, w in WORD.findall(page)]
            for page in out.split("<page ")[1:]]


def sheet_of(words) -> str:
    """The sheet a page belongs to: the footer names it left of the page number."""
    footer = max(y for _, y, _, _, text in words if text == "หน้า")
    return squeeze("".join(text for x, y, _, _, text in sorted(words) if abs(y - footer) < 1 and x < 200))


@pytest.fixture(scope="module")
def points_per_box(tmp_path_factory):
    """The height of a word's box per point of font size, in this LibreOffice with its Thai fonts."""
    folder = tmp_path_factory.mktemp("calibrate")
    book = xlsxwriter.Workbook(folder / "size.xlsx")
    book.add_worksheet().write(0, 0, "องค์การบริหารส่วนตำบล 91.50",
                               book.add_format({"font_name": "TH SarabunPSK", "font_size": 20}))
    book.close()
    (words,) = pages(convert(folder / "size.xlsx", "pdf", folder))
    return (words[0][3] - words[0][1]) / 20


@pytest.fixture(scope="module", params=["one-province", "33-provinces"])
def printed(request, tmp_path_factory):
    folder = tmp_path_factory.mktemp(request.param)
    provinces = ("เชียงใหม่",) if request.param == "one-province" else PROVINCES
    agencies = write_area(folder / "2569", 40, provinces)
    args = []
    if request.param == "33-provinces":
        write_area(folder / "2568", 40, provinces, year=2568, shift=-3)
        assert CliRunner().invoke(cli, ["batch", str(folder / "2568"), "-o", str(folder / "last.xlsx")]).exit_code == 0
        args = ["--previous", str(folder / "last.xlsx")]
    done = CliRunner().invoke(cli, ["batch", str(folder / "2569"), "-o", str(folder / "all.xlsx"), "--quiet", *args])
    assert done.exit_code == 0, done.output
    pdf = convert(folder / "all.xlsx", "pdf", folder / "pdf")
    boxes, texts = pages(pdf), pdf_pages(pdf)
    assert len(boxes) == len(texts)
    return agencies, boxes, texts


def test_at_most_a_tenth_of_the_text_is_below_9_pt(printed, points_per_box):
    _, printed_pages, _ = printed
    sizes = [(bottom - top) / points_per_box for words in printed_pages for _, top, _, bottom, _ in words]
    assert sum(size < 9 for size in sizes) <= len(sizes) / 10
    agency_pages = [words for words in printed_pages if sheet_of(words) == squeeze("หน่วยงาน")]
    assert min((bottom - top) / points_per_box for words in agency_pages for _, top, _, bottom, _ in words) >= 9.9


def column_text(words, left: float, right: float) -> str:
    """The text printed between ``left`` and ``right``, line by line, top to bottom: a column's cells,
    each wrapped cell's lines one after the other."""
    inside = sorted((round(y0), x0, text) for x0, y0, _, _, text in words if left - 1 <= x0 < right - 1)
    return "".join(squeeze(text) for _, _, text in inside)


def test_every_agency_name_and_level_word_is_printed_whole(printed):
    """Each name is found whole in its column, read line by line (a cut name would lose its end)."""
    agencies, printed_pages, texts = printed
    starts = tuple(squeeze(a.name)[:4] for a in agencies)
    for sheet in ("หน่วยงาน", "คะแนนรายตัวชี้วัด"):
        found = ""
        on_sheet = [words for words in printed_pages if sheet_of(words) == squeeze(sheet)]
        assert on_sheet, sheet
        for words in on_sheet:
            left = min(x0 for x0, _, _, _, text in words if squeeze(text).startswith(starts))
            right = min(x0 for x0, _, _, _, text in words if x0 > left + 20                # the next column
                        and (squeeze(text).startswith(starts) or re.fullmatch(r"\d+\.\d\d", text)))
            found += column_text(words, left, right)
        missing = [a.name for a in agencies if squeeze(a.name) not in found]
        assert not missing, (sheet, missing)
    listing = [squeeze(page) for words, page in zip(printed_pages, texts) if sheet_of(words) == squeeze("หน่วยงาน")]
    for level in LEVELS:
        assert any(squeeze(level) in page for page in listing), level


def test_no_text_runs_into_its_neighbour(printed):
    """Text cut by its cell is drawn past the cell's edge, over the next cell's text: no two words
    of a table page may overlap."""
    _, printed_pages, _ = printed
    for n, words in enumerate(printed_pages, 1):
        if sheet_of(words) not in map(squeeze, TABLE_SHEETS):
            continue
        boxes = sorted(w for w in words if squeeze(w[4]))        # a mark alone sits over its letter
        for i, (x0, y0, x1, y1, text) in enumerate(boxes):
            for a0, b0, a1, b1, other in boxes[i + 1:]:
                if a0 >= x1 - 1:
                    break
                assert min(y1, b1) - max(y0, b0) <= 1, f"page {n}: {text!r} over {other!r}"


def test_each_chart_is_on_the_page_of_its_table(printed):
    _, _, texts = printed
    text = [squeeze(page) for page in texts]
    for title, first, last in (("จำนวนหน่วยงานในแต่ละระดับ", "ผ่านดีเยี่ยม", "ต้องปรับปรุงโดยด่วน"),
                               ("คะแนนเฉลี่ยรายตัวชี้วัด", "1.การปฏิบัติหน้าที่", "10.การป้องกันการทุจริต")):
        (page,) = [page for page in text if squeeze(title) in page]
        assert squeeze(first) in page and squeeze(last) in page, title


def test_no_page_for_unreadable_files_when_every_file_was_read(printed):
    _, printed_pages, _ = printed
    assert not [words for words in printed_pages if sheet_of(words) == squeeze("ไฟล์ที่อ่านไม่ได้")]
    assert all(FOOTER.search(" ".join(w[4] for w in words)) for words in printed_pages)
