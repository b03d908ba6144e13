"""A province's consolidation: Thai order in every sheet and in the JSON, the figures an office's
report states, and last year beside this year (``batch --previous``).

The agencies are generated (``area.py``): 40 over 33 provinces whose names code-point order
sorts wrong, one far below target; last year's are the same agencies three points lower, except
one that was above target and has fallen below it, one renamed, one new this year, and one
name given to two agencies of the same province last year.
"""
import json
from statistics import fmean

import openpyxl
import pytest
from area import FAR_BELOW, agencies, write_area
from area import PROVINCES as AREA_PROVINCES
from builders import copy_sample
from click.testing import CliRunner

from ita_xl import consolidate, convert, find_inputs
from ita_xl.analysis.consolidation import thai_order
from ita_xl.cli import cli
from ita_xl.errors import InputProblems
from ita_xl.reading.consolidated import load_consolidated
from ita_xl.reading.engines import ENGINES

COUNT = 40
PROVINCES = list(AREA_PROVINCES)
GENERATED = agencies(COUNT, PROVINCES)
FALLEN = next(n for n, (*_, ita) in enumerate(GENERATED) if 70 < ita < 85)     # 90 last year
RENAMED, NEW, TWIN, TWIN_OF = 2, 3, 34, 1     # last year: 2 had another name, 3 was absent, 34 bore 1's name


def run(*args):
    return CliRunner().invoke(cli, ["batch", *map(str, args), "--quiet"])


@pytest.fixture(scope="module")
def area(tmp_path_factory):
    """This year's and last year's consolidated workbooks (last year's beside this year's) and the JSON."""
    folder = tmp_path_factory.mktemp("area")
    now = write_area(folder / "2569", COUNT)
    assert GENERATED[TWIN][2] == GENERATED[TWIN_OF][2]                  # same province
    last = write_area(folder / "2568", COUNT, year=2568, shift=-3, scores={FALLEN: 90.0},
                      names={RENAMED: "เทศบาลตำบลชื่อเดิม", TWIN: GENERATED[TWIN_OF][0]}, leave_out=(NEW,))
    assert run(folder / "2568", "-o", folder / "last.xlsx").exit_code == 0
    done = run(folder / "2569", "-o", folder / "now.xlsx", "--previous", folder / "last.xlsx", "--json")
    assert done.exit_code == 0, done.output
    return {"folder": folder, "now": now, "last": last, "json": json.loads(done.stdout),
            "book": openpyxl.load_workbook(folder / "now.xlsx")}


def column(sheet, col: int, first: int = 3) -> list:
    return [row[0] for row in sheet.iter_rows(min_row=first, min_col=col, max_col=col, values_only=True)
            if row[0] is not None]


def in_dictionary_order(pairs) -> bool:
    return list(pairs) == sorted(pairs, key=lambda pair: (PROVINCES.index(pair[0]), thai_order(pair[1])))


def test_thai_order_in_every_sheet_and_in_the_json(area):
    data, book = area["json"], area["book"]
    listed = [(a["province"], a["name"]) for a in data["agencies"]]
    assert in_dictionary_order(listed) and listed != sorted(listed)     # code points would be wrong here
    assert sorted(listed) == sorted((a.province, a.name) for a in area["now"])
    for name in ("หน่วยงาน", "คะแนนรายตัวชี้วัด"):
        assert list(zip(column(book[name], 1), column(book[name], 2))) == listed, name
    provinces = [p["name"] for p in data["years"][0]["provinces"]]
    assert provinces == PROVINCES and column(book["สรุปรายจังหวัด"], 1) == PROVINCES
    blocks = [text for text in column(book["รายจังหวัด"], 1) if str(text).startswith("จังหวัด")]
    assert [text.split(":")[0].removeprefix("จังหวัด") for text in blocks] == PROVINCES
    kinds = [t["name"] for t in data["years"][0]["types"]]
    assert kinds == sorted(kinds, key=thai_order) and kinds != sorted(kinds)
    rows = [row[:2] for row in book["เทียบปีก่อน"].iter_rows(min_row=3, values_only=True)]
    start = next(n for n, (text, _) in enumerate(rows) if str(text).startswith("ทุกหน่วยงานที่พบทั้งสองปี"))
    matched = rows[start + 1:start + 1 + data["previous"]["matched"]]
    assert all(name for _, name in matched) and in_dictionary_order(matched)


def test_the_summary_and_the_agency_far_below_target(area):
    (year,) = area["json"]["years"]
    itas = [a.ita for a in area["now"]]
    assert year["count"] == COUNT and year["mean"] == pytest.approx(fmean(itas))
    assert year["passed"] == sum(ita >= 85 for ita in itas) and year["minimum"] == FAR_BELOW
    lowest = next(b for b in year["below_target"] if b["ita"] == FAR_BELOW)
    assert lowest["weakest_indicators"] == list(range(1, 11))
    ranks = {a["name"]: a["rank"] for a in area["json"]["agencies"]}
    assert ranks[GENERATED[-1][0]] == COUNT
    summary = area["book"]["สรุป"]
    figures = {row[0]: row[1:] for row in summary.iter_rows(values_only=True) if row[0]}
    assert figures["คะแนน ITA เฉลี่ย"][:2] == pytest.approx((fmean(itas), fmean(a.ita for a in area["last"])))


def test_previous_gives_each_matched_agency_last_years_ita_and_the_change(area):
    data = area["json"]
    before = {(a.province, a.name): a.ita for a in area["last"]}
    unmatched = {GENERATED[n][0] for n in (TWIN_OF, RENAMED, NEW, TWIN)}
    for agency in data["agencies"]:
        previous = agency["previous"]
        if agency["name"] in unmatched:
            assert previous is None, agency["name"]
            continue
        assert previous["fiscal_year"] == 2568
        assert previous["ita"] == pytest.approx(before[agency["province"], agency["name"]])
        assert previous["change"] == pytest.approx(agency["ita"] - previous["ita"])
    assert data["previous"]["matched"] == COUNT - 4
    assert [a["name"] for a in data["previous"]["fell_below"]] == [GENERATED[FALLEN][0]]
    rose = {a["name"] for a in data["previous"]["rose_above"]}
    assert rose == {name for n, (name, _, _, ita) in enumerate(GENERATED)
                    if ita >= 85 > ita - 3 and n not in (TWIN_OF, RENAMED, NEW, TWIN, FALLEN)}


def test_agencies_without_a_match_are_listed_never_guessed(area):
    unmatched = area["json"]["previous"]["unmatched"]
    this_year = {u["name"]: u["reason"] for u in unmatched["this_year"]}
    assert this_year == {GENERATED[TWIN_OF][0]: "ambiguous", GENERATED[RENAMED][0]: "absent",
                         GENERATED[NEW][0]: "absent", GENERATED[TWIN][0]: "absent"}
    last_year = sorted((u["name"], u["reason"]) for u in unmatched["last_year"])
    assert last_year == sorted([("เทศบาลตำบลชื่อเดิม", "absent"), (GENERATED[TWIN_OF][0], "ambiguous"),
                                (GENERATED[TWIN_OF][0], "ambiguous")])
    listed = column(area["book"]["เทียบปีก่อน"], 2)
    assert "เทศบาลตำบลชื่อเดิม" in listed and GENERATED[NEW][0] in listed


def test_last_years_area_figures(area):
    (last,) = area["json"]["previous"]["years"]
    itas = [a.ita for a in area["last"]]
    assert (last["fiscal_year"], last["count"]) == (2568, COUNT - 1)
    assert last["mean"] == pytest.approx(fmean(itas))
    assert last["pass_rate"] == pytest.approx(100 * sum(ita >= 85 for ita in itas) / len(itas))


def test_the_library_gives_the_same_comparison(area):
    result = consolidate(find_inputs([area["folder"] / "2569"]), jobs=1, previous=area["folder"] / "last.xlsx")
    assert len(result.previous.matches) == COUNT - 4
    fallen = result.previous.fell_below[0]
    assert (fallen.previous.ita, fallen.change.trend) == (90.0, "down")
    assert result.previous.summary(2569).fiscal_year == 2568


@pytest.mark.parametrize("engine", ENGINES)
def test_last_years_workbook_reads_the_same_on_every_engine(area, engine):
    rows = load_consolidated(area["folder"] / "last.xlsx", engine=engine)
    assert rows == load_consolidated(area["folder"] / "last.xlsx")
    assert {(r.name, r.province, r.level, r.passed) for r in rows} >= {(GENERATED[FALLEN][0], GENERATED[FALLEN][2],
                                                                        "good", True)}


def test_an_english_workbook_reads_back(area, tmp_path):
    out = tmp_path / "en.xlsx"
    assert run(area["folder"] / "2568", "-o", out, "--lang", "en").exit_code == 0
    assert load_consolidated(out) == load_consolidated(area["folder"] / "last.xlsx")


def test_previous_refuses_what_is_not_a_consolidated_workbook(area, tmp_path):
    report = convert(copy_sample(tmp_path))[1]
    now = area["folder"] / "now.xlsx"
    cases = [(copy_sample(tmp_path, "scores.xlsx"), "ไม่ใช่สมุดงานรวมที่ ita-xl batch เขียน"),
             (report, "ไม่ใช่สมุดงานรวมที่ ita-xl batch เขียน"),
             (tmp_path / "missing.xlsx", "ไม่พบไฟล์"),
             (now, "ไม่มีหน่วยงานของปีงบประมาณ 2568 (ปีก่อนปี 2569)")]
    for previous, message in cases:
        out = tmp_path / "out.xlsx"
        done = run(area["folder"] / "2569", "-o", out, "--previous", previous)
        assert done.exit_code == 1, (previous, done.output)
        assert done.stderr == f"{previous}: {message}" + done.stderr.split(message, 1)[1], done.stderr
        assert "Traceback" not in done.output and len(done.stderr.splitlines()) == 1
        assert not out.exists()


def test_a_broken_cell_of_last_years_workbook_is_located(area, tmp_path):
    last = tmp_path / "last.xlsx"
    book = openpyxl.load_workbook(area["folder"] / "last.xlsx")
    sheet = book["หน่วยงาน"]
    level = next(c for c in sheet[2] if c.value == "ระดับผลการประเมิน").column_letter
    sheet[f"{level}5"] = "ดีมาก"
    book.save(last)                        # openpyxl keeps the custom property that marks it
    with pytest.raises(InputProblems) as raised:
        load_consolidated(last)
    assert raised.value.text() == f"{last}: หน่วยงาน!{level}5: \"ดีมาก\" ไม่ใช่ระดับผลการประเมินของปี 2568"


def test_a_province_with_many_agencies_has_its_own_sheet(tmp_path):
    write_area(tmp_path / "in", 23, provinces=["ลำพูน"] * 20 + ["เพชรบุรี", "แม่ฮ่องสอน", "กระบี่"])
    assert run(tmp_path / "in", "-o", tmp_path / "all.xlsx").exit_code == 0
    book = openpyxl.load_workbook(tmp_path / "all.xlsx")
    assert book.sheetnames == ["สรุป", "หน่วยงาน", "คะแนนรายตัวชี้วัด", "สรุปรายจังหวัด", "รายจังหวัด", "ลำพูน"]
    assert len(column(book["ลำพูน"], 1)) == 20
    blocks = [text for text in column(book["รายจังหวัด"], 1) if str(text).startswith("จังหวัด")]
    assert [text.split(":")[0] for text in blocks] == ["จังหวัดกระบี่", "จังหวัดเพชรบุรี", "จังหวัดแม่ฮ่องสอน"]


def test_count_axes_tick_at_whole_numbers(area):
    import re
    import zipfile
    with zipfile.ZipFile(area["folder"] / "now.xlsx") as archive:
        charts = [archive.read(name).decode() for name in archive.namelist() if name.startswith("xl/charts/chart")]
    levels = [chart for chart in charts if '<c:barDir val="col"/>' in chart]
    assert levels
    for chart in levels:
        value_axis = re.search(r"<c:valAx>.*?</c:valAx>", chart, re.S).group()
        unit = float(re.search(r'<c:majorUnit val="([\d.]+)"/>', value_axis).group(1))
        assert unit >= 1 and unit.is_integer()
        assert '<c:numFmt formatCode="0"' in value_axis and '<c:min val="0"/>' in value_axis


def test_a_count_axis_ticks_at_whole_numbers_for_any_count():
    """1, 2 or 5 times a power of ten, at most ten steps, reaching the count: never 0.2 of an agency."""
    from ita_xl.writing.axes import MOST_TICKS, count_axis
    for most in range(1, 20_001):
        axis = count_axis(most)
        assert isinstance(axis.step, int) and str(axis.step).rstrip("0") in ("1", "2", "5")
        assert axis.top >= most and axis.top - axis.step < most and axis.top // axis.step <= MOST_TICKS
        assert list(axis.ticks())[-1] == axis.top
