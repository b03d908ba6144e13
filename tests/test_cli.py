"""The ita-xl command, driven through click's CliRunner and, once, as a real process."""
import hashlib
import json
import subprocess
import sys

import openpyxl
import pytest
from builders import copy_sample, write_input
from click.testing import CliRunner

from ita_xl import load_framework, supported_years
from ita_xl.catalogue import t
from ita_xl.cli import cli


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_template_writes_the_fixed_layout(tmp_path):
    result = run("template", tmp_path / "t.xlsx")
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(tmp_path / "t.xlsx")
    assert book.sheetnames == ["หน่วยงาน", "ตัวชี้วัด", "รายข้อ", "มาตรการ", "คำอธิบาย"]
    assert [c.value for c in book["ตัวชี้วัด"][1]] == ["ตัวชี้วัดที่", "แบบวัด", "ตัวชี้วัด", "คะแนน"]
    assert [c.value for c in book["รายข้อ"][1]] == ["รหัส", "ตัวชี้วัดที่", "ประเด็น", "คะแนน", "ข้อเสนอแนะ",
                                                   "ที่มาของถ้อยคำ"]
    assert [c.value for c in book["มาตรการ"][1]] == ["มาตรการ", "ขั้นตอนหรือวิธีการ", "ผู้รับผิดชอบ",
                                                    "ระยะเวลาการดำเนินการ", "ผลการดำเนินการ", "ข้อเสนอแนะ"]
    assert [row[0].value for row in book["หน่วยงาน"].iter_rows(min_row=2)] == [
        "ชื่อหน่วยงาน", "ประเภทหน่วยงาน", "จังหวัด", "ปีงบประมาณ", "คะแนน ITA ที่ประกาศ",
        "ระดับผลการประเมินที่ประกาศ", "คะแนน IIT ที่ประกาศ", "คะแนน EIT ที่ประกาศ", "คะแนน OIT ที่ประกาศ",
        "ผู้จัดทำ", "ตำแหน่ง", "วันที่", "ส่วนราชการ", "ที่", "เรียน"]
    assert book["หน่วยงาน"]["B5"].value == supported_years()[-1]       # the latest year by default
    assert book["รายข้อ"].max_row == 1 + len(load_framework(supported_years()[-1]).items)
    assert book["ตัวชี้วัด"].freeze_panes == "A2"


def test_template_for_a_later_year(tmp_path):
    result = run("template", tmp_path / "t.xlsx", "--year", 2568)
    assert result.exit_code == 0
    assert openpyxl.load_workbook(tmp_path / "t.xlsx")["หน่วยงาน"]["B5"].value == 2568


def test_template_for_an_unknown_year_is_a_usage_error(tmp_path):
    result = run("template", tmp_path / "t.xlsx", "--year", 2599)
    assert result.exit_code == 2                        # a wrong option, as the README says
    assert "2599" in result.stderr and "2565" in result.stderr
    assert not (tmp_path / "t.xlsx").exists()


def test_the_blank_template_is_reported_as_unfilled(tmp_path):
    run("template", tmp_path / "t.xlsx", "--year", 2565)
    result = run("validate", tmp_path / "t.xlsx")
    assert result.exit_code == 1
    assert f'{tmp_path / "t.xlsx"}: หน่วยงาน!B2: ยังไม่ได้กรอก "ชื่อหน่วยงาน"' in result.stdout
    assert result.stderr == "พบปัญหา 11 รายการ\n"


def test_convert_writes_the_report_beside_the_input(tmp_path):
    source = copy_sample(tmp_path)
    before = digest(source)
    result = run("convert", source)
    assert result.exit_code == 0, result.output
    assert result.stdout == f"เขียน {tmp_path / 'scores-report.xlsx'} แล้ว: ITA 91.41 ระดับ A ผ่าน\n"
    assert (tmp_path / "scores-report.xlsx").exists()
    assert digest(source) == before


def test_convert_json_has_unrounded_scores(tmp_path):
    result = run("convert", copy_sample(tmp_path), "-o", tmp_path / "out.xlsx", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["ita"] == {"score": pytest.approx(91.4106, abs=1e-9), "level": "A", "level_code": "A",
                           "passed": True}
    assert data["ita"]["score"] != 91.41
    assert data["tools"]["IIT"]["score"] == pytest.approx(91.762)
    assert data["tools"]["EIT"] == {"score": pytest.approx(83.18), "passed": False, "weight": 30,
                                    "name": "แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายนอก"}
    assert data["strengths"] == [10, 1, 9, 3, 5, 4, 2]
    assert data["weaknesses"] == [8, 7, 6]
    assert data["indicators"][6] | {"name": None} == {
        "no": 7, "tool": "EIT", "name": None, "score": 84.5, "rank": 9, "status": "below_target",
        "items_used": 0}
    assert [w["code"] for w in data["weak_items"]][:3] == ["E15", "E11", "E12"]
    assert data["measures"][0]["measure"].startswith("๑. การจัดทำข้อตกลง")
    assert data["agency"]["name"] == "องค์การบริหารส่วนตำบลสายทอง"
    assert data["fiscal_year"] == 2565 and data["target"] == 85


def test_convert_target_option(tmp_path):
    result = run("convert", copy_sample(tmp_path), "-o", tmp_path / "out.xlsx", "--json", "--target", 90)
    data = json.loads(result.stdout)
    assert data["target"] == 90 and data["weaknesses"] == [8, 7, 6, 2]


def test_bad_input_is_one_line_exit_1_and_no_output(tmp_path):
    indicators = {no: 90 for no in range(1, 11)} | {4: "9x.5"}
    source = write_input(tmp_path / "scores.xlsx", indicators=indicators)
    result = run("convert", source)
    assert result.exit_code == 1
    assert result.stderr == f'{source}: ตัวชี้วัด!D5: "9x.5" ไม่ใช่คะแนน (ต้องเป็นตัวเลข 0–100)\n'
    assert "Traceback" not in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["scores.xlsx"]


def test_output_may_not_be_the_input(tmp_path):
    source = copy_sample(tmp_path)
    before = digest(source)
    result = run("convert", source, "-o", source)
    assert result.exit_code == 1
    assert result.stderr == f"ไฟล์ผลลัพธ์ต้องไม่ใช่ไฟล์นำเข้า: {source}\n"
    assert digest(source) == before


def test_validate_accepts_the_sample_and_warns_of_its_stated_figures(sample):
    result = run("validate", sample)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[:2] == [f"คำเตือน: {sample}: มาตรการ!D{row}: มาตรการในแถวนี้ยังไม่ระบุระยะเวลาการดำเนินการ: "
                         "บันทึกข้อความจะพิมพ์เส้นประให้เติม" for row in (5, 6)]
    for stated, computed, cell in (("93.04", "91.76", "B8"), ("83.15", "83.18", "B9"), ("91.50", "91.41", "B6")):
        [line] = [line for line in lines if f"หน่วยงาน!{cell}:" in line]
        assert f"ที่ประกาศ {stated} แต่คะแนนที่กรอกให้ {computed}" in line and f"บันทึกข้อความระบุ {computed}" in line
    assert lines[-1] == f"{sample}: ไม่พบปัญหา (องค์การบริหารส่วนตำบลสายทอง ปีงบประมาณ 2565)"
    assert len(lines) == 6


def test_validate_strict_makes_audit_mismatches_errors(sample):
    result = run("validate", "--strict", sample)
    assert result.exit_code == 1
    assert result.stderr == t("cli.warnings", count=5) + "\n"   # three stated figures, two measures without a period


def test_validate_lists_every_problem(tmp_path):
    indicators = {no: 90 for no in range(1, 11)} | {2: "abc", 3: 150}
    source = write_input(tmp_path / "in.xlsx", indicators=indicators, items={"X1": 1})
    result = run("validate", source)
    assert result.exit_code == 1
    assert len(result.stdout.splitlines()) == 3


def test_target_outside_0_to_100_is_refused(tmp_path):
    result = run("convert", copy_sample(tmp_path), "--target", 120)
    assert result.exit_code == 2


def test_version_and_short_help():
    assert run("--version").stdout.startswith("ita-xl, version ")
    assert "convert" in run("-h").stdout


def test_python_dash_m_runs_the_cli(sample, tmp_path):
    done = subprocess.run([sys.executable, "-m", "ita_xl", "convert", str(sample), "-o",
                           str(tmp_path / "out.xlsx")], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "ITA 91.41" in done.stdout
