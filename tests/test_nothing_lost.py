"""Hostile text stays text, outputs appear whole or not at all, inputs are never touched."""
import html
import os
import re
import signal
import subprocess
import sys
import time
import zipfile

import pytest
from builders import agency_rows, copy_sample, write_input
from click.testing import CliRunner

from ita_xl import OutputError, analyse, convert, load, write_report
from ita_xl.cli import cli

INJECTIONS = ['=HYPERLINK("http://evil.example","x")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(1,2)",
              "=1+1", '=WEBSERVICE("http://evil.example")']
OUR_FUNCTIONS = {"AVERAGE", "SUMPRODUCT", "ROUND", "IF", "AND", "OR", "MIN", "SUM", "TEXT"}


def formulas(path) -> list[str]:
    with zipfile.ZipFile(path) as archive:
        return [f for name in archive.namelist() if name.startswith("xl/worksheets/")
                for f in re.findall(r"<f>(.*?)</f>", archive.read(name).decode())]


def test_text_that_looks_like_a_formula_is_written_as_text(tmp_path):
    agency = [(label, INJECTIONS[0] if label == "ชื่อหน่วยงาน" else value) for label, value in agency_rows()]
    agency += [("ส่วนราชการ", INJECTIONS[1]), ("เรียน", INJECTIONS[2])]
    measures = [tuple(INJECTIONS[n % len(INJECTIONS)] for n in range(k, k + 6)) for k in range(3)]
    items = {"E11": (70, INJECTIONS[3]), "E12": (71, INJECTIONS[4])}
    source = write_input(tmp_path / "in.xlsx", agency=agency, measures=measures, items=items)
    _, path, _ = convert(source)
    found = formulas(path)
    assert found, "the report's own formulas are missing"
    for formula in found:
        code = re.sub(r'"(?:[^"]|"")*"', '""', html.unescape(formula))    # the input's text only ever in a literal
        assert set(re.findall(r"([A-Z][A-Z.]*)\(", code)) <= OUR_FUNCTIONS, formula
        assert "evil" not in code and "cmd" not in code
    with zipfile.ZipFile(path) as archive:
        text = "".join(archive.read(n).decode() for n in archive.namelist() if n.endswith(".xml"))
    for injection in INJECTIONS:
        escaped = injection.replace("&", "&amp;").replace('"', "&quot;").replace("'", "&apos;")
        assert injection in text or escaped in text or injection.replace('"', "&quot;") in text


def test_the_consolidated_workbook_keeps_text_as_text(tmp_path):
    agency = [(label, INJECTIONS[5] if label == "ชื่อหน่วยงาน" else value) for label, value in agency_rows()]
    (tmp_path / "in").mkdir()
    write_input(tmp_path / "in" / "a.xlsx", agency=agency)
    out = tmp_path / "all.xlsx"
    assert CliRunner().invoke(cli, ["batch", str(tmp_path / "in"), "-o", str(out), "--quiet"]).exit_code == 0
    assert formulas(out) == []


def test_an_existing_non_workbook_output_needs_force(tmp_path, sample):
    notes = tmp_path / "notes.xlsx"
    notes.write_text("my notes", encoding="utf-8")
    result = CliRunner().invoke(cli, ["convert", str(sample), "-o", str(notes)])
    assert result.exit_code == 1
    assert result.stderr == (f"{notes} มีอยู่แล้วและไม่ใช่สมุดงาน .xlsx: เลือกชื่อไฟล์อื่น "
                             "หรือใช้ --force เพื่อเขียนทับ\n")
    assert notes.read_text(encoding="utf-8") == "my notes"
    assert CliRunner().invoke(cli, ["convert", str(sample), "-o", str(notes), "--force"]).exit_code == 0
    assert zipfile.is_zipfile(notes)


def test_an_existing_report_is_replaced(tmp_path, sample):
    out = tmp_path / "out.xlsx"
    for _ in range(2):
        assert CliRunner().invoke(cli, ["convert", str(sample), "-o", str(out)]).exit_code == 0


def test_an_output_held_open_gets_a_message_to_close_it(tmp_path, sample, monkeypatch):
    analysis = analyse(load(sample))

    def locked(*args):
        raise PermissionError(13, "Permission denied")
    monkeypatch.setattr(os, "replace", locked)
    with pytest.raises(OutputError, match="ปิดไฟล์ใน Excel แล้วลองอีกครั้ง"):
        write_report(analysis, tmp_path / "out.xlsx")
    assert list(tmp_path.iterdir()) == []


SLOW_WRITER = """
import sys, time, xlsxwriter
from ita_xl.cli import main
close = xlsxwriter.Workbook.close
def slow_close(self):
    print("writing", flush=True)
    time.sleep(30)
    return close(self)
xlsxwriter.Workbook.close = slow_close
sys.argv = ["ita-xl", "convert", sys.argv[1], "-o", sys.argv[2]]
main()
"""


@pytest.mark.parametrize("how", [signal.SIGINT, signal.SIGKILL], ids=["ctrl-c", "kill"])
def test_a_write_interrupted_midway_leaves_the_previous_output(tmp_path, sample, how):
    out = tmp_path / "out.xlsx"
    CliRunner().invoke(cli, ["convert", str(sample), "-o", str(out)])
    previous = out.read_bytes()
    process = subprocess.Popen([sys.executable, "-c", SLOW_WRITER, str(sample), str(out)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert process.stdout.readline().strip() == "writing"
    time.sleep(0.2)
    process.send_signal(how)
    process.wait(timeout=30)
    assert out.read_bytes() == previous
    assert "Traceback" not in process.stderr.read()
    leftovers = [p.name for p in tmp_path.iterdir() if p.name != "out.xlsx"]
    if how == signal.SIGINT:
        assert leftovers == []
    else:   # a killed process cannot tidy up; what it leaves is marked as ita_xl's unfinished output
        assert all(name.startswith(".ita-xl-") for name in leftovers)


def test_the_input_is_never_written(tmp_path):
    source = copy_sample(tmp_path)
    stamp = source.stat().st_mtime_ns
    content = source.read_bytes()
    CliRunner().invoke(cli, ["convert", str(source)])
    CliRunner().invoke(cli, ["validate", str(source)])
    CliRunner().invoke(cli, ["batch", str(tmp_path), "-o", str(tmp_path / "all.xlsx"), "--quiet"])
    assert source.read_bytes() == content and source.stat().st_mtime_ns == stamp
