"""The office's memo (``batch --memo``, issue #21 part 3) read back as a person meets it: the PDF that
LibreOffice typeset from the Word memo (its text, its pages, its lines) and the Word memo itself.

The agencies are generated (``area.py`` names, kinds and provinces, among them provinces whose names
code-point order sorts wrong); each agency's indicators lie around its ITA, indicator 8 the weakest
everywhere; one agency is far below target. Last year's are the same agencies three points lower,
except one that met the target then and is below it now, and one that is new this year. Expected
figures are computed here from the scores written, by the ITA's own arithmetic.
"""
from __future__ import annotations

import json
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from statistics import fmean

import docx
import pytest
from area import KINDS, PROVINCES, agencies
from builders import agency_rows, write_input
from click.testing import CliRunner
from libreoffice import soffice
from PIL import Image
from test_typeset import SOFTWARE
from typeset import breaks_inside_words, letters, plain_paragraphs

from ita_xl import consolidate, find_inputs
from ita_xl.analysis.area import beside, leading
from ita_xl.analysis.consolidation import AgencyRow, thai_order
from ita_xl.cli import cli
from ita_xl.thai import to_thai
from ita_xl.writing.edition import Edition, score_text
from ita_xl.writing.line_breaks import unmark
from ita_xl.writing.memo.document import Chart, Paragraph, TableBlock
from ita_xl.writing.memo.office import Office, build_office_memo

COUNT = 43
OFFSETS = {1: 2.0, 2: 1.0, 3: 0.0, 4: 1.0, 5: 1.0, 6: -6.0, 7: -4.0, 8: -8.0, 9: 4.0, 10: 4.0}
WEIGHTS = {"IIT": (0.3, (1, 2, 3, 4, 5)), "EIT": (0.3, (6, 7, 8)), "OIT": (0.4, (9, 10))}
# below target this year, in provinces code-point order puts after ลำพูน: เพชรบุรี (12), แม่ฮ่องสอน (16), เลย (23)
FORCED = {12: 80.0, 16: 78.0, 23: 82.0, 22: 83.0}
FALLEN, NEW = 22, 3                      # 22 met the target last year; 3 is new this year
OFFICE = Office("ศูนย์ปฏิบัติการต่อต้านการทุจริตภาค ๕", "เลขาธิการคณะกรรมการ ป.ป.ช.", "นางสาวพรทิพย์ ศรีสุข",
                "นักวิเคราะห์นโยบายและแผนชำนาญการ")


def indicator_scores(ita: float) -> dict[int, float]:
    return {no: round(min(100.0, max(0.0, ita + offset)), 2) for no, offset in OFFSETS.items()}


def ita_of(scores: dict[int, float]) -> float:
    return sum(weight * fmean(scores[no] for no in numbers) for weight, numbers in WEIGHTS.values())


@dataclass(frozen=True)
class Written:
    name: str
    province: str
    scores: dict[int, float]

    @property
    def ita(self) -> float:
        return ita_of(self.scores)


def write_agencies(folder: Path, count: int, provinces, year: int, shift: float = 0.0, forced=None,
                   leave_out=()) -> list[Written]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for n, (name, kind, province, ita) in enumerate(agencies(count, provinces)):
        if n in leave_out:
            continue
        scores = indicator_scores((forced or {}).get(n, ita) + shift)
        agency = [(label, {"จังหวัด": province, "ประเภทหน่วยงาน": kind}.get(label, value))
                  for label, value in agency_rows(year=year, name=name)]
        write_input(folder / f"agency-{n:03d}.xlsx", agency=agency, indicators=scores)
        written.append(Written(name, province, scores))
    return written


def run(*args) -> CliRunner:
    result = CliRunner().invoke(cli, ["batch", *map(str, args), "--quiet"])
    assert result.exit_code == 0, result.output
    return result


@dataclass(frozen=True)
class OfficeMemo:
    folder: Path
    agencies: list[Written]
    last: list[Written]
    pdf: Path
    docx: Path
    lang: str

    @property
    def pdf_text(self) -> str:
        """The PDF's text in the order it was set (a table cell's lines together, as LibreOffice writes them)."""
        return subprocess.run(["pdftotext", "-raw", str(self.pdf), "-"], check=True, capture_output=True,
                              text=True).stdout

    @property
    def word_text(self) -> str:
        return "\n".join(plain_paragraphs(self.docx))

    def pages(self) -> int:
        info = subprocess.run(["pdfinfo", str(self.pdf)], check=True, capture_output=True, text=True).stdout
        return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))

    def number(self, text: str) -> str:
        return to_thai(text) if self.lang == "th" else text

    def table(self, header_word: str) -> list[list[str]]:
        """The Word memo's table whose header holds ``header_word``: its rows' texts."""
        for table in docx.Document(str(self.docx)).tables:
            rows = [[unmark(c.text) for c in row.cells] for row in table.rows]
            if rows and any(header_word in text for text in rows[0]):
                return rows
        raise AssertionError(header_word)


@pytest.fixture(scope="module")
def area(tmp_path_factory) -> OfficeMemo:
    """43 agencies over 33 provinces, FY 2569 beside FY 2568, the Thai memo."""
    soffice()
    folder = tmp_path_factory.mktemp("office")
    now = write_agencies(folder / "2569", COUNT, PROVINCES, 2569, forced=FORCED)
    last = write_agencies(folder / "2568", COUNT, PROVINCES, 2568, shift=-3, forced={**FORCED, FALLEN: 93.0},
                          leave_out=(NEW,))
    run(folder / "2568", "-o", folder / "last.xlsx")
    run(folder / "2569", "-o", folder / "area.xlsx", "--previous", folder / "last.xlsx", "--memo",
        "--office", OFFICE.name, "--addressee", OFFICE.addressee, "--preparer", OFFICE.preparer,
        "--position", OFFICE.position)
    return OfficeMemo(folder, now, last, folder / "area.pdf", folder / "area.docx", "th")


@pytest.fixture(scope="module")
def province(tmp_path_factory) -> OfficeMemo:
    """40 agencies of one province, the English edition, no last year."""
    soffice()
    folder = tmp_path_factory.mktemp("province")
    now = write_agencies(folder / "2569", 40, ("เชียงใหม่",), 2569)
    Image.new("RGB", (300, 330), "white").save(folder / "garuda.png")
    run(folder / "2569", "-o", folder / "province.xlsx", "--memo", "--lang", "en", "--emblem", folder / "garuda.png")
    return OfficeMemo(folder, now, [], folder / "province.pdf", folder / "province.docx", "en")


@pytest.fixture(params=["area", "province"])
def memo(request) -> OfficeMemo:
    return request.getfixturevalue(request.param)


def arabic(text: str) -> str:
    return text.translate(str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789"))


def below(agencies: list[Written]) -> list[Written]:
    return [a for a in agencies if float(score_text(a.ita)) < 85]


# -- what it states ----------------------------------------------------------------------------------------
def test_it_states_the_count_the_mean_and_every_agency_below_target(memo):
    count, mean = len(memo.agencies), fmean(a.ita for a in memo.agencies)
    for text in (memo.pdf_text, memo.word_text):
        flat = letters(text)
        assert letters(memo.number(f"{count}")) in flat
        assert letters(memo.number(score_text(mean))) in flat
        for agency in below(memo.agencies):
            assert letters(agency.name) in flat, agency.name
    assert len(below(memo.agencies)) >= 4


def test_the_agencies_below_target_are_in_thai_order_with_their_weakest_indicators(area):
    rows = area.table("ตัวชี้วัดที่ต่ำกว่าเกณฑ์")[1:]
    expected = sorted(below(area.agencies), key=lambda a: (thai_order(a.province), thai_order(a.name)))
    assert [row[1] for row in rows] == [f"{a.name} ({a.province})" for a in expected]
    assert [a.province for a in expected] != sorted(a.province for a in expected)     # code-point order differs
    by_name = {f"{a.name} ({a.province})": a for a in expected}
    for row in rows:
        agency = by_name[row[1]]
        weak = sorted((score, no) for no, score in agency.scores.items() if score < 85)
        stated = "ทุกตัวชี้วัด" if len(weak) == 10 else ", ".join(to_thai(str(no)) for _, no in weak)
        assert row[2] == to_thai(score_text(agency.ita)) and row[3] == stated
    far = min(area.agencies, key=lambda a: a.ita)
    assert "ทุกตัวชี้วัด" in next(row for row in rows if row[1].startswith(far.name))


def test_the_pdf_lists_them_in_the_same_order(area):
    flat = letters(area.pdf_text)
    start = flat.find(letters("ตัวชี้วัดที่ต่ำกว่าเกณฑ์ของแต่ละหน่วยงาน"))
    expected = sorted(below(area.agencies), key=lambda a: (thai_order(a.province), thai_order(a.name)))
    places = [flat.find(letters(f"{a.name} ({a.province})"), start) for a in expected]
    assert -1 not in places and places == sorted(places)


def test_the_weakest_indicators_and_how_many_agencies_are_below_target_on_each(area):
    rows = area.table("หน่วยงานที่ต่ำกว่าเกณฑ์")[1:]
    means = {no: fmean(a.scores[no] for a in area.agencies) for no in OFFSETS}
    counts = {no: sum(a.scores[no] < 85 for a in area.agencies) for no in OFFSETS}
    order = sorted(OFFSETS, key=lambda no: (means[no], no))
    assert [row[0].split(".")[0] for row in rows] == [to_thai(str(no)) for no in order]
    assert [row[1] for row in rows] == [to_thai(score_text(means[no])) for no in order]
    assert [row[2] for row in rows] == [to_thai(str(counts[no])) for no in order]
    text = area.word_text
    assert f"ตัวชี้วัดที่ ๘ การปรับปรุงระบบการทำงาน (คะแนนเฉลี่ย {to_thai(score_text(means[8]))}" in text


def test_the_kinds_the_median_the_range_and_the_pass_rate(area):
    itas = sorted(a.ita for a in area.agencies)
    passed = len(itas) - len(below(area.agencies))
    text = area.word_text
    for figure in (sorted(itas)[len(itas) // 2], itas[0], itas[-1], 100 * passed / len(itas)):
        assert to_thai(score_text(figure)) in text
    kinds = area.table("ประเภทหน่วยงาน")
    assert kinds[-1][:2] == ["รวม", to_thai(str(COUNT))]
    names = [row[0] for row in kinds[1:-1]]
    assert names == sorted(names, key=thai_order)


def test_the_leading_agencies_highest_first(area):
    rows = area.table("อันดับ")[1:]
    best = max(area.agencies, key=lambda a: round(a.ita, 2))
    assert rows[0][0] == "๑" and rows[0][2] == to_thai(score_text(best.ita))
    scores = [float(arabic(row[2])) for row in rows]
    assert scores == sorted(scores, reverse=True) and len(rows) >= 5


def test_last_year_beside_this_year(area):
    text = area.word_text
    then = fmean(a.ita for a in area.last)
    assert to_thai(score_text(then)) in text and to_thai(score_text(fmean(a.ita for a in area.agencies))) in text
    fallen = area.agencies[FALLEN]
    fell = area.table("เปลี่ยนแปลง")
    assert [row[1] for row in fell[1:]] == [f"{fallen.name} ({fallen.province})"]
    assert "หน่วยงานที่ไม่พบผลการประเมินของปีงบประมาณ พ.ศ. ๒๕๖๘" in text and area.agencies[NEW].name in text


def test_the_heading_and_the_signature(area):
    text = area.word_text
    for said in (f"ส่วนราชการ {OFFICE.name}", f"เรียน {OFFICE.addressee}", f"({OFFICE.preparer})", OFFICE.position,
                 "หน่วยงานใน ๓๓ จังหวัด ประจำปีงบประมาณ พ.ศ. ๒๕๖๙", "จึงเรียนมาเพื่อโปรดทราบ"):
        assert said in text, said


def test_the_national_figures_of_the_year_are_not_yet_known_and_it_says_so(area):
    assert "ยังไม่ปรากฏผลการประเมินในภาพรวมระดับประเทศของปีงบประมาณ พ.ศ. ๒๕๖๙" in area.word_text


# -- as printed --------------------------------------------------------------------------------------------
def test_at_most_12_pages_for_43_agencies(area):
    assert area.pages() <= 12


def test_no_printed_line_ends_inside_a_word_or_a_name(memo):
    assert breaks_inside_words(memo.docx, memo.pdf) == []


def test_no_word_of_software(memo):
    for text in (memo.pdf_text, memo.word_text):
        said = [word for word in SOFTWARE[memo.lang] if word.lower() in text.lower()]
        assert said == []


def test_digits_are_the_editions(memo):
    text = memo.pdf_text
    if memo.lang == "th":                  # Arabic digits only in the names of agencies, as typed (เขต 1)
        assert [line for line in text.splitlines() if re.search("[0-9]", line) and "เขต" not in line] == []
    else:
        assert not re.search("[๐-๙]", text)


def test_two_charts_at_least_7_cm_tall(memo):
    charts = [shape for shape in docx.Document(str(memo.docx)).inline_shapes if shape.width.cm > 10]
    assert len(charts) == 2 and all(shape.height.cm >= 7 for shape in charts)


def test_the_offices_emblem_heads_page_one_only_when_given(area, province):
    assert len(docx.Document(str(area.docx)).inline_shapes) == 2
    first = docx.Document(str(province.docx)).inline_shapes[0]
    assert round(first.height.cm, 1) == 1.5


def test_the_english_edition_speaks_english(province):
    text = province.word_text
    assert "MEMORANDUM" in text and "agencies of เชียงใหม่ province" in text
    assert "Agencies whose ITA is below the target (85)" in text
    assert "The national results of fiscal year 2569 are not yet available" in text
    typed = {a.name for a in province.agencies} | {kind for pair in KINDS for kind in pair} | {"เชียงใหม่"}
    typed = sorted(typed, key=len, reverse=True)              # what the input typed in Thai, left as typed
    assert not re.search("[\u0e01-\u0e2e]{3}", re.sub("|".join(map(re.escape, typed)), "", text))


# -- the command -------------------------------------------------------------------------------------------
def test_the_memo_is_never_written_over_a_file_ita_xl_did_not_write(area, tmp_path):
    (tmp_path / "area.docx").write_bytes(b"mine")
    result = CliRunner().invoke(cli, ["batch", str(area.folder / "2569"), "-o", str(tmp_path / "area.xlsx"),
                                      "--memo", "--quiet"])
    assert result.exit_code == 1 and "area.docx" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "area.xlsx").exists() and (tmp_path / "area.docx").read_bytes() == b"mine"


def test_without_libreoffice_the_word_memo_is_written_and_the_exit_code_says_so(area, tmp_path, monkeypatch):
    import ita_xl.writing.libreoffice as libreoffice
    monkeypatch.setattr(libreoffice, "find_soffice", lambda: None)
    result = CliRunner().invoke(cli, ["batch", str(area.folder / "2569"), "-o", str(tmp_path / "area.xlsx"),
                                      "--memo", "--quiet"])
    assert result.exit_code == 4
    assert (tmp_path / "area.docx").exists() and not (tmp_path / "area.pdf").exists()


def test_when_libreoffice_fails_the_word_memo_lands_an_old_pdf_goes_and_one_line_says_so(area, tmp_path,
                                                                                           monkeypatch):
    from test_printing import fake_soffice
    out = tmp_path / "area.xlsx"
    result = CliRunner().invoke(cli, ["batch", str(area.folder / "2569"), "-o", str(out), "--memo", "--quiet"])
    assert result.exit_code == 0 and (tmp_path / "area.pdf").exists()
    fake_soffice(tmp_path / "bin", monkeypatch, "exit 1")
    result = CliRunner().invoke(cli, ["batch", str(area.folder / "2569"), "-o", str(out), "--memo", "--quiet",
                                      "--json"])
    assert result.exit_code == 3 and "Traceback" not in result.output
    [line] = [line for line in result.stderr.splitlines() if "area.pdf" in line]
    assert line.startswith(f"{tmp_path / 'area.pdf'}: พิมพ์บันทึกข้อความของสำนักงานเป็น PDF ไม่สำเร็จ")
    assert json.loads(result.stdout)["memo"] == [str(tmp_path / "area.docx")]
    assert out.exists() and (tmp_path / "area.docx").exists() and not (tmp_path / "area.pdf").exists()


def test_no_memo_when_no_agency_was_read(tmp_path):
    (tmp_path / "broken.xlsx").write_bytes(b"not a workbook")
    result = CliRunner().invoke(cli, ["batch", str(tmp_path / "broken.xlsx"), "-o", str(tmp_path / "all.xlsx"),
                                      "--memo", "--quiet"])
    assert result.exit_code == 3 and "ไม่ได้เขียนบันทึกข้อความ" in result.output
    assert not (tmp_path / "all.docx").exists()


# -- the document, without printing ---------------------------------------------------------------------------
def memo_text(memo) -> list[str]:
    found = []
    for block in memo.blocks():
        for item in block if isinstance(block, tuple) else (block,):
            if isinstance(item, Paragraph):
                found.append(unmark(item.text))
            elif isinstance(item, Chart):
                found.append(unmark(item.caption))
            elif isinstance(item, TableBlock):
                found += [" | ".join(unmark(c.text) for c in row.cells) for row in item.rows]
    return found


def test_several_fiscal_years_make_one_memo_with_a_part_per_year(area):
    result = consolidate(find_inputs([area.folder / "2568", area.folder / "2569"]), jobs=1)
    text = memo_text(build_office_memo(result, Edition(), True, OFFICE))
    parts = [line for line in text if line.startswith("ปีงบประมาณ พ.ศ. ")]
    assert parts == ["ปีงบประมาณ พ.ศ. ๒๕๖๘", "ปีงบประมาณ พ.ศ. ๒๕๖๙"]
    assert any("ประจำปีงบประมาณ พ.ศ. ๒๕๖๘ และ ๒๕๖๙" in line for line in text)
    assert sum(line.startswith("แผนภาพที่") for line in text) == 4


def test_a_year_whose_national_figures_are_known_is_set_beside_them(area):
    result = consolidate(find_inputs([area.folder / "2568"]), jobs=1)
    text = "\n".join(memo_text(build_office_memo(result, Edition(), True, OFFICE)))
    mean = fmean(a.ita for a in area.last)
    found = beside(mean, 93.82, 2)
    assert found.trend == "down"
    assert (f"คะแนนเฉลี่ยต่ำกว่าค่าเฉลี่ยระดับประเทศ (๙๓.๘๒ คะแนน) อยู่ {to_thai(score_text(-found.difference))} คะแนน"
            in text)
    assert "ระดับประเทศ ปี ๒๕๖๘" in text and "(ร้อยละ ๙๔.๑๗)" in text


def test_without_an_office_the_heading_keeps_the_forms_dotted_lines(area):
    result = consolidate(find_inputs([area.folder / "2569"]), jobs=1)
    memo = build_office_memo(result, Edition(), True)
    text = memo_text(memo)
    assert any(line.startswith("เรียน ....") for line in text)
    assert any("ผ่านระบบ ITAS นั้น ได้รวบรวมผลการประเมินของหน่วยงานใน ๓๓ จังหวัด" in line for line in text)


# -- the figures set beside others ----------------------------------------------------------------------------
def test_a_difference_is_taken_between_the_figures_as_published():
    found = beside(87.495, 93.82, 2)                  # printed 87.50 and 93.82: 6.32 apart, not 6.325
    assert (found.difference, found.trend) == (-6.32, "down")
    assert beside(85.004, 84.996, 2).trend == "same" and beside(1.0, None, 2) is None


def test_the_leading_agencies_include_every_tie_of_the_last_place():
    rows = tuple(AgencyRow(f"a{n}", "", "", 2569, {}, {}, ita, "good", True, f"{n}.xlsx")
                 for n, ita in enumerate((99.0, 98.0, 98.0, 97.0, 96.0, 96.004, 95.0)))
    assert [(rank, row.name) for rank, row in leading(rows, 2, 5)] == \
        [(1, "a0"), (2, "a1"), (2, "a2"), (4, "a3"), (5, "a4"), (5, "a5")]


@pytest.mark.parametrize("name, kind, kept", [
    ("องค์การบริหารส่วนตำบลโนนสูง", "องค์การบริหารส่วนตำบล", "โนนสูง"),
    ("องค์การบริหารส่วนตำบลโนนสูง", "เทศบาลตำบล", "โนนสูง"),        # the kind typed is not the one the name has
    ("องค์การบริหารส่วนตำบลโนนสูง", "", "โนนสูง"),
    ("เทศบาลนครขอนแก่น", "เทศบาลนคร", ""),                           # one word: no line breaks inside it
    ("สำนักงานเขตพื้นที่การศึกษาประถมศึกษาเพชรบุรีเขต 1", "", ""),     # too long to keep whole: may break
])
def test_the_place_an_agencys_name_ends_with_is_kept_whole(name, kind, kept):
    from ita_xl.writing.memo.office_parts import kept_place
    assert kept_place(name, kind) == kept
