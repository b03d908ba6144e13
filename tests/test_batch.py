"""Many agencies at once: known answers, failures listed, per-agency reports, and a light --help."""
import json
import subprocess
import sys

import openpyxl
import pytest
from builders import agency_rows, copy_sample, write_input
from click.testing import CliRunner

from ita_xl import consolidate, find_inputs, summarise_years
from ita_xl.cli import cli

# every indicator at the same score s makes IIT = EIT = OIT = ITA = s
KNOWN = [("ก", "อ่างทอง", 95), ("ข", "อ่างทอง", 90), ("ค", "ลพบุรี", 86),
         ("ง", "ลพบุรี", 84), ("จ", "ลพบุรี", 70), ("ฉ", "อ่างทอง", 50)]


@pytest.fixture
def known_set(tmp_path):
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    for n, (name, province, score) in enumerate(KNOWN):
        agency = [(label, province if label == "จังหวัด" else value)
                  for label, value in agency_rows(name=f"หน่วยงาน{name}")]
        write_input(folder / ("sub" if n % 2 else ".") / f"{name}.xlsx", agency=agency,
                    indicators={no: score for no in range(1, 11)})
    return folder


def test_known_answers(known_set):
    result = consolidate(find_inputs([known_set]), jobs=1)
    frame = result.frame()
    # Thai order: ลพบุรี (ค ง จ) before อ่างทอง (ก ข ฉ); ranked by ITA within the year
    assert list(frame["name"]) == [f"หน่วยงาน{n}" for n in "คงจกขฉ"]
    assert list(frame["ita"]) == pytest.approx([86, 84, 70, 95, 90, 50])
    assert list(frame["level"]) == ["A", "B", "C", "AA", "A", "E"]
    assert list(frame["passed"]) == [True, False, False, True, True, False]
    assert [result.ranks[source] for source in frame["source"]] == [3, 4, 5, 1, 2, 6]
    (year,) = summarise_years(result.rows)
    assert (year.count, year.passed, year.pass_rate) == (6, 3, 50.0)
    assert year.mean == pytest.approx((95 + 90 + 86 + 84 + 70 + 50) / 6)      # 79.1667
    assert year.median == pytest.approx((86 + 84) / 2)
    assert (year.minimum, year.maximum) == (50, 95)
    assert dict(year.levels) == {"AA": 1, "A": 2, "B": 1, "C": 1, "D": 0, "E": 1, "F": 0}
    assert year.indicators[0].below == 3 and year.indicators[0].mean == pytest.approx(year.mean)
    assert year.national.mean == 87.57 and year.national.pass_rate == 70.52


def test_processes_give_the_same_rows(known_set):
    paths = find_inputs([known_set])
    assert consolidate(paths, jobs=2) == consolidate(paths, jobs=1)


def test_batch_cli_writes_the_workbook_and_exits_3_on_a_bad_file(known_set, tmp_path):
    (known_set / "broken.xlsx").write_text("not a workbook", encoding="utf-8")
    out = tmp_path / "all.xlsx"
    result = CliRunner().invoke(cli, ["batch", str(known_set), "-o", str(out), "--quiet", "--jobs", "2"])
    assert result.exit_code == 3, result.output
    assert result.stdout == f"เขียน {out} แล้ว: 6 หน่วยงาน ผ่านเกณฑ์ 3 หน่วยงาน อ่านไม่ได้ 1 ไฟล์ ไม่นับ 0 ไฟล์\n"
    assert "broken.xlsx: เป็นไฟล์ข้อความหรือ CSV ไม่ใช่ไฟล์ Excel" in result.stderr
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["สรุป", "หน่วยงาน", "คะแนนรายตัวชี้วัด", "สรุปรายจังหวัด", "รายจังหวัด",
                               "ไฟล์ที่อ่านไม่ได้"]
    agencies = book["หน่วยงาน"]
    assert [agencies.cell(r, 2).value for r in range(3, 9)] == [f"หน่วยงาน{n}" for n in "คงจกขฉ"]
    assert agencies.auto_filter.ref == "A2:L8" and agencies["L2"].value == "ไฟล์"
    assert agencies.print_area == "'หน่วยงาน'!$A$1:$K$8"             # the file is not printed
    gathered = [row[0] for row in book["รายจังหวัด"].iter_rows(min_row=3, values_only=True)]
    assert gathered[0].startswith("จังหวัดลพบุรี: 3 หน่วยงาน") and gathered[4].startswith("จังหวัดอ่างทอง")
    failures = book["ไฟล์ที่อ่านไม่ได้"]
    assert failures["A1"].value == "ไฟล์ที่อ่านไม่ได้ 1 ไฟล์" and failures["A3"].value.endswith("broken.xlsx")
    assert failures["B3"].value.startswith("เป็นไฟล์ข้อความหรือ CSV")     # the path is not repeated
    summary = {row[0]: row[1:] for row in book["สรุป"].iter_rows(values_only=True) if row[0]}
    assert summary["จำนวนหน่วยงาน"][:2] == (6, 8303)
    assert summary["ร้อยละที่ผ่านเกณฑ์"][:2] == (50, 70.52)


def test_all_files_read_exits_0_and_json(known_set, tmp_path):
    result = CliRunner().invoke(cli, ["batch", str(known_set), "-o", str(tmp_path / "all.xlsx"), "--json",
                                      "--quiet"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert [a["ita"] for a in data["agencies"]] == pytest.approx([86, 84, 70, 95, 90, 50])
    assert [a["rank"] for a in data["agencies"]] == [3, 4, 5, 1, 2, 6]
    assert data["failures"] == [] and data["previous"] is None
    (year,) = data["years"]
    assert (year["count"], year["passed"], year["pass_rate"]) == (6, 3, 50.0)
    assert [p["name"] for p in year["provinces"]] == ["ลพบุรี", "อ่างทอง"]
    assert [b["name"] for b in year["below_target"]] == ["หน่วยงานง", "หน่วยงานจ", "หน่วยงานฉ"]
    assert year["below_target"][2]["weakest_indicators"] == list(range(1, 11))


def test_no_failures_sheet_when_every_file_was_read(known_set, tmp_path):
    out = tmp_path / "all.xlsx"
    assert CliRunner().invoke(cli, ["batch", str(known_set), "-o", str(out), "--quiet"]).exit_code == 0
    assert "ไฟล์ที่อ่านไม่ได้" not in openpyxl.load_workbook(out, read_only=True).sheetnames


def test_reports_folder_gets_one_report_per_agency(known_set, tmp_path):
    reports = tmp_path / "reports"
    result = CliRunner().invoke(cli, ["batch", str(known_set), "-o", str(tmp_path / "all.xlsx"),
                                      "--reports", str(reports), "--quiet"])
    assert result.exit_code == 0
    written = sorted(p.name for p in reports.iterdir())
    assert written == sorted(f"{name}-report.xlsx" for name, _, _ in KNOWN)
    assert openpyxl.load_workbook(reports / "ก-report.xlsx").sheetnames[0] == "สรุปผล"


def test_inputs_files_folders_and_patterns(tmp_path, sample):
    (tmp_path / "a").mkdir()
    first = copy_sample(tmp_path / "a", "one.xlsx")
    named = copy_sample(tmp_path / "a", "one-report.xlsx")  # a clerk's input, whatever its name
    lock = copy_sample(tmp_path / "a", "~$one.xlsx")        # Excel's lock file: found, then listed as such
    second = copy_sample(tmp_path, "two.xlsx")
    found = find_inputs([tmp_path / "a", str(tmp_path / "*.xlsx"), second, tmp_path / "missing.xlsx"])
    assert found == [named, first, lock, second, tmp_path / "missing.xlsx"]


def test_missing_named_file_is_a_failure_not_a_crash(tmp_path, sample):
    result = consolidate([sample, tmp_path / "missing.xlsx"], jobs=1)
    assert len(result.rows) == 1
    assert [f.error.text() for f in result.failures] == [f"{tmp_path / 'missing.xlsx'}: ไม่พบไฟล์"]


def test_help_imports_neither_pandas_nor_openpyxl():
    code = ("import sys\nfrom ita_xl.cli import cli\ntry:\n    cli(['--help'])\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in ('pandas', 'openpyxl', 'xlsxwriter') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip().splitlines()[-1] == "[]"
