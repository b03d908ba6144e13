"""Faults of the second round (issue #19 §1, §2, §3, §6) that reach past reading one file: the zip's own
flags in convert, validate and batch; batch listing every file it found and did not read; an unreadable
file, a folder given as INPUT and a folder without write permission each named for what they are; a
legal long output name; a column the clerk added kept in the report. (How each engine reads the odd
workbooks themselves is ``test_engines_agree``'s, over ``odd_workbooks``.)"""
import errno
import json
import os
import pathlib
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from builders import SAMPLE, agency_rows, copy_sample, write_input
from click.testing import CliRunner
from odd_workbooks import CASES, header_field, patched, then

from ita_xl import consolidate
from ita_xl.catalogue import t
from ita_xl.cli import cli
from ita_xl.writing.output_files import remove_leftovers
from ita_xl.writing.staging import PREFIX, temporary_name

UNSET = dict.fromkeys(("ITA_XL_LANG", "LC_ALL", "LC_MESSAGES", "LANG"))     # Thai, whatever the machine's
CUSTOM = ('<?xml version="1.0" encoding="UTF-8"?><Properties xmlns="http://schemas.openxmlformats.org/'
          'officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/'
          '2006/docPropsVTypes"><property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="note">'
          "<vt:lpwstr>x</vt:lpwstr></property></Properties>")


def run(*args, env=None):
    return CliRunner().invoke(cli, [str(a) for a in args], env=UNSET | (env or {}))


def one_line(result, path, says: str) -> None:
    """Exit 1, one line on stderr naming ``path`` and saying ``says``, no traceback."""
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"{path}: ") and says in lines[0], result.stderr


def with_custom_properties(members: dict[str, bytes]) -> None:
    members["docProps/custom.xml"] = CUSTOM.encode()


def flagged(path: Path, member: str, field: str, value: int, custom: bool = False) -> Path:
    """The sample with one member's method or flags set in the zip's headers."""
    edits = (with_custom_properties,) if custom else ()
    then(patched(*edits), header_field(member, field, value))(path)
    return path


# §1 Deflate64 and encrypted members: one located line in convert and validate; batch goes on

@pytest.mark.parametrize(("field", "value", "says"), [("method", 9, "ถูกบีบอัดแบบ Deflate64"),
                                                      ("flags", 1, "ถูกเข้ารหัส")], ids=["deflate64", "encrypted"])
@pytest.mark.parametrize("command", ["convert", "validate"])
def test_a_member_no_reader_can_inflate_is_one_located_line(tmp_path, command, field, value, says):
    source = flagged(tmp_path / "scores.xlsx", "xl/workbook.xml", field, value)
    result = run(command, source) if command == "convert" else run(command, source, "--json")
    if command == "validate":
        assert result.exit_code == 1 and "Traceback" not in result.output
        (problem,) = json.loads(result.stdout)["problems"]
        assert "xl/workbook.xml" in problem["text"] and says in problem["text"]
    else:
        one_line(result, source, f"ส่วน xl/workbook.xml ในไฟล์ zip {says}")
    assert [p.name for p in tmp_path.iterdir()] == ["scores.xlsx"]


def test_a_real_process_names_a_deflate64_member_without_a_traceback(tmp_path):
    source = flagged(tmp_path / "scores.xlsx", "xl/workbook.xml", "method", 9)
    done = subprocess.run([sys.executable, "-m", "ita_xl", "validate", str(source)], capture_output=True,
                          text=True, timeout=60, env={k: v for k, v in os.environ.items() if k not in UNSET})
    assert done.returncode == 1 and "Traceback" not in done.stderr and "Deflate64" in done.stdout


@pytest.mark.parametrize(("field", "value"), [("method", 9), ("flags", 1)], ids=["deflate64", "encrypted"])
def test_batch_lists_a_file_whose_kind_check_fails_and_goes_on(tmp_path, field, value):
    """The kind check (is this ita_xl's own report?) reads the custom properties: inside the worker."""
    folder = tmp_path / "in"
    folder.mkdir()
    good = write_input(folder / "good.xlsx")
    odd = flagged(folder / "odd.xlsx", "docProps/custom.xml", field, value, custom=True)
    out = tmp_path / "all.xlsx"
    result = run("batch", folder, "-o", out, "--quiet", "--json")
    assert result.exit_code == 3, result.output
    data = json.loads(result.stdout)
    assert [row["source"] for row in data["agencies"]] == [str(good)]
    (failure,) = data["failures"]
    assert failure["source"] == str(odd) and "docProps/custom.xml" in failure["problem"]
    listed = [c for row in openpyxl.load_workbook(out)[t("batch.sheet_failures")].iter_rows(values_only=True)
              for c in row if c]
    assert str(odd) in listed


# §2 every file found and not read is listed, with its reason, in the workbook, the JSON and the console

def test_batch_lists_every_file_it_found_and_did_not_read(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    mine = write_input(folder / "ita-2569-report.xlsx", agency=agency_rows(name="หน่วยงานที่ตั้งชื่อไฟล์แบบนี้"))
    first = copy_sample(folder, "a.xlsx")
    copy = copy_sample(folder, "a (1).xlsx")
    lock = folder / "~$a.xlsx"
    lock.write_bytes(b"\x05ita-xl" + b" " * 100)                   # what Excel leaves while a.xlsx is open
    temporary = folder / f"{PREFIX}999999-0badc0de-a.xlsx"
    temporary.write_bytes(b"half a workbook")
    assert run("convert", first, "-o", folder / "a-report.xlsx").exit_code == 0
    out = tmp_path / "all.xlsx"
    result = run("batch", folder, "-o", out, "--quiet", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert sorted(row["name"] for row in data["agencies"]) == ["หน่วยงานที่ตั้งชื่อไฟล์แบบนี้", "องค์การบริหารส่วนตำบลสายทอง"]
    assert mine.exists() and data["failures"] == []
    kinds = {Path(s["source"]).name: s["kind"] for s in data["skipped"]}
    (twin,) = {copy.name, first.name} & set(kinds)                  # one of the two, the other is read
    assert kinds == {"~$a.xlsx": "lock", temporary.name: "temporary", "a-report.xlsx": "report",
                     twin: "duplicate"}
    same_as = {s["source"]: s["same_as"] for s in data["skipped"]}
    for name, kind in kinds.items():
        reason = t(f"batch.skipped_{kind}", same_as=same_as[str(folder / name)])
        assert t("cli.skipped_line", path=folder / name, reason=reason) in result.stderr.splitlines()
    listed = [c for row in openpyxl.load_workbook(out)[t("batch.sheet_failures")].iter_rows(values_only=True)
              for c in row if c]
    assert {str(folder / name) for name in kinds} <= set(listed)
    assert t("batch.skipped_lock") in listed and t("batch.skipped_temporary") in listed


def test_batch_run_again_over_its_own_reports_folder_takes_no_report_for_an_input(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    write_input(folder / "a.xlsx", agency=agency_rows(name="ก"))
    for _ in range(2):
        result = run("batch", folder, "-o", tmp_path / "all.xlsx", "--reports", folder, "--quiet")
        assert result.exit_code == 0, result.output
    assert sorted(p.name for p in folder.iterdir()) == ["a-report.xlsx", "a.xlsx"]


# §3 an unreadable file in a batch, and a folder without write permission, named for what they are

def refusing(monkeypatch, name: str):
    """Reading the file called ``name`` is refused, as for a file without read permission (the tests
    run as root, whom the file system never refuses)."""
    opened = pathlib.Path.open

    def open_(self, *args, **kwargs):
        if self.name == name:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(self))
        return opened(self, *args, **kwargs)
    monkeypatch.setattr(pathlib.Path, "open", open_)
    monkeypatch.setattr(os, "access", lambda path, mode, **kw: Path(path).name != name)


def test_an_unreadable_file_in_a_batch_is_named_as_such(tmp_path, monkeypatch):
    good = write_input(tmp_path / "good.xlsx")
    locked = copy_sample(tmp_path, "locked.xlsx")
    refusing(monkeypatch, "locked.xlsx")
    result = consolidate([good, locked], jobs=1)
    (failure,) = result.failures
    assert failure.error.text() == f"{locked}: {t('error.no_permission')}"
    assert len(result.rows) == 1


def test_a_folder_without_write_permission_is_not_blamed_on_excel(tmp_path, monkeypatch):
    written = pathlib.Path.write_bytes

    def write_bytes(self, data):
        if self.name.startswith(PREFIX):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(self))
        return written(self, data)
    monkeypatch.setattr(pathlib.Path, "write_bytes", write_bytes)
    out = tmp_path / "out.xlsx"
    result = run("convert", SAMPLE, "-o", out)
    one_line(result, out, t("error.output_folder_denied", path="", folder=tmp_path).lstrip(": "))
    assert "Excel" not in result.stderr and not out.exists()


# §6 INPUT as the README says: exit 1 and one line in the edition's language; a legal long output name

@pytest.mark.parametrize("lang", ["th", "en"])
def test_a_folder_given_as_input_is_one_line_in_the_editions_language(tmp_path, lang):
    for command in ("convert", "validate"):
        result = run(command, tmp_path, "--lang", lang)
        assert result.exit_code == 1, result.output
        lines = [line for line in result.output.splitlines() if str(tmp_path) in line]   # validate: stdout
        assert lines == [f"{tmp_path}: {t('error.input_is_folder', lang)}"], result.output


def test_an_unreadable_input_is_one_line_not_clicks(tmp_path, monkeypatch):
    source = copy_sample(tmp_path, "scores.xlsx")
    refusing(monkeypatch, "scores.xlsx")
    one_line(run("convert", source), source, t("error.no_permission"))


def test_a_legal_245_byte_output_name_is_written(tmp_path):
    out = tmp_path / ("ก" * 80 + ".xlsx")                       # 240 + 5 bytes: legal, and near the limit
    assert len(os.fsencode(out.name)) == 245
    result = run("convert", SAMPLE, "-o", out)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == [out.name]
    assert len(os.fsencode(temporary_name(out).name)) <= 255


def test_a_killed_runs_shortened_temporary_is_removed(tmp_path):
    finished = subprocess.Popen([sys.executable, "-c", "pass"])
    finished.wait()
    out = tmp_path / ("ก" * 80 + ".xlsx")
    leftover = tmp_path / temporary_name(out).name.replace(f"-{os.getpid()}-", f"-{finished.pid}-", 1)
    leftover.write_bytes(b"half a workbook")
    remove_leftovers(tmp_path, out.name)
    assert not leftover.exists()


# §2 a column the clerk added to the measures is kept in the report, and in the JSON

def test_an_added_measures_column_is_kept_in_the_report(tmp_path):
    (_, make, _), = [case for case in CASES if case[0] == "extra-measure-column"]
    source = tmp_path / "scores.xlsx"
    make(source)
    out = tmp_path / "out.xlsx"
    result = run("convert", source, "-o", out, "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["measures"][0]["extra"] == [["งบประมาณ (บาท)", "50,000"]]
    sheet = openpyxl.load_workbook(out)[t("report.sheet.measures")]
    rows = [[c for c in row if c is not None] for row in sheet.iter_rows(values_only=True)]
    header = next(row for row in rows if t("column.measure") in row)
    assert header[-1] == "งบประมาณ (บาท)"
    assert "50,000" in rows[rows.index(header) + 1]


def test_a_score_under_a_merge_is_a_warning_in_validate(tmp_path):
    (_, make, _), = [case for case in CASES if case[0] == "score-under-merge"]
    source = tmp_path / "scores.xlsx"
    make(source)
    result = run("validate", source, "--json")
    assert result.exit_code == 0, result.output
    (note,) = [w for w in json.loads(result.stdout)["warnings"] if w.get("code") == "hidden_under_merge"]
    assert (note["sheet"], note["cell"]) == ("ตัวชี้วัด", "D8") and "C8:D8" in note["text"]

