"""Broken and hostile workbooks: one clear line each, exit 1, no traceback, nothing written, input untouched."""
import hashlib
import io
import subprocess
import sys
import zipfile

import openpyxl
import pytest
from broken_inputs import CASES, write_all
from builders import copy_sample, edit, write_input
from click.testing import CliRunner

from ita_xl import inspect, load
from ita_xl.cli import cli


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("broken")
    return dict(zip((c[0] for c in CASES), write_all(folder)))


def test_the_corpus_has_at_least_40_distinct_cases():
    assert len({name for name, *_ in CASES}) == len(CASES) >= 40


@pytest.mark.parametrize("name, where, says", [(c[0], c[2], c[3]) for c in CASES], ids=[c[0] for c in CASES])
def test_each_broken_input_gets_one_clear_line(corpus, tmp_path, name, where, says):
    source = corpus[name]
    before = hashlib.sha256(source.read_bytes()).hexdigest()
    output = tmp_path / "out.xlsx"
    result = CliRunner().invoke(cli, ["convert", str(source), "-o", str(output)])
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit)              # no traceback
    lines = result.stderr.splitlines()
    assert len(lines) == 1
    prefix = f"{source}: {where}: " if where else f"{source}: "
    assert lines[0].startswith(prefix) and says in lines[0], lines[0]
    assert list(tmp_path.iterdir()) == []                         # nothing written, no temporary file
    assert hashlib.sha256(source.read_bytes()).hexdigest() == before


@pytest.mark.parametrize("name", [c[0] for c in CASES])
def test_the_openpyxl_engine_finds_the_same_first_problem(corpus, name):
    fast = [str(p) for p in inspect(corpus[name], engine="fast")[1]]
    reference = [str(p) for p in inspect(corpus[name], engine="openpyxl")[1]]
    assert fast[:1] == reference[:1]


def test_a_real_process_prints_no_traceback(corpus, tmp_path):
    for name in ("truncated-zip", "billion-laughs", "score-div0", "merged-scores"):
        done = subprocess.run([sys.executable, "-m", "ita_xl", "convert", str(corpus[name]), "-o",
                               str(tmp_path / "out.xlsx")], capture_output=True, text=True, timeout=60)
        assert done.returncode == 1 and "Traceback" not in done.stderr and done.stderr.count("\n") == 1


def test_a_hidden_required_sheet_is_accepted(tmp_path):
    path = copy_sample(tmp_path)
    book = openpyxl.load_workbook(path)
    book["มาตรการ"].sheet_state = "hidden"
    book.save(path)
    assert len(load(path).measures) == 5


def test_100000_extra_blank_rows_are_accepted(tmp_path):
    path = write_input(tmp_path / "in.xlsx", items={"E11": 70})
    rows = "".join(f'<row r="{n}"><c r="A{n}" s="0"/><c r="D{n}" s="0"/></row>' for n in range(3, 100_003))
    data = path.read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            xml = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet3.xml":
                xml = xml.replace(b"</sheetData>", rows.encode() + b"</sheetData>")
            target.writestr(item, xml)
    assert load(path).items["E11"].score == 70


def test_text_up_to_the_excel_cell_limit_is_accepted(tmp_path):
    path = edit(copy_sample(tmp_path), {("มาตรการ", "B2"): "ก" * 32_767})
    assert len(load(path).measures[0].steps) == 32_767
