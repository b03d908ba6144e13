"""Hardening (issue #9 §4, §5): outputs that behave like the user's own files, a disk that fails
in one line, nothing replaced that ita_xl did not write, a batch that survives hanging and dying
workers and duplicates, reproducible bytes, help in the user's language, and the template's
score rule checked by a real spreadsheet program."""
import csv
import errno
import json
import multiprocessing
import os
import resource
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter
from builders import SAMPLE, agency_rows, copy_sample, edit, write_input
from click.testing import CliRunner
from libreoffice import convert as lo_convert

import ita_xl.batch
import ita_xl.reading.assessment
from ita_xl.batch import consolidate, find_inputs
from ita_xl.catalogue import t
from ita_xl.cli import cli
from ita_xl.writing.output_files import written_kind
from ita_xl.writing.template import score_rule

LANGUAGE_VARIABLES = ("ITA_XL_LANG", "LC_ALL", "LC_MESSAGES", "LANG")
UNSET = dict.fromkeys(LANGUAGE_VARIABLES)          # CliRunner unsets a variable given as None: Thai


def run(*args, env=None, **extra):
    return CliRunner().invoke(cli, [str(a) for a in args], env=UNSET | (env or {}), **extra)


def run_process(*args, **kwargs):
    environment = {k: v for k, v in os.environ.items() if k not in LANGUAGE_VARIABLES}
    return subprocess.run([sys.executable, "-m", "ita_xl", *map(str, args)], check=False, capture_output=True,
                          text=True, env=environment, timeout=120, **kwargs)


def snapshot(folder: Path) -> dict:
    """Every file (with its bytes) and folder under ``folder``: equal snapshots mean nothing was written."""
    return {p.relative_to(folder): p.read_bytes() if p.is_file() else None for p in sorted(folder.rglob("*"))}


def assert_one_line(exit_code, stderr, path):
    """A problem reported as the README promises: exit 1, one line naming ``path``, no traceback."""
    assert exit_code == 1, stderr
    assert "Traceback" not in stderr and "Error:" not in stderr, stderr
    lines = stderr.splitlines()
    assert len(lines) == 1 and str(path) in lines[0], stderr


def assert_refused(result, path):
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert_one_line(result.exit_code, result.stderr, path)


def agencies(folder: Path, *names: str) -> list[Path]:
    """One distinct input per name (different agencies, so never duplicates of each other)."""
    folder.mkdir(parents=True, exist_ok=True)
    return [write_input(folder / f"{name}.xlsx", agency=agency_rows(name=f"หน่วยงาน{name}")) for name in names]


def holds(path: Path, text: str) -> bool:
    with zipfile.ZipFile(path) as archive:
        return any(text in archive.read(n).decode("utf-8") for n in archive.namelist() if n.endswith(".xml"))


def shows(output: str, text: str) -> bool:
    """Whether ``text`` is in ``output`` as whole words in order, however the lines were wrapped."""
    words, wanted = output.split(), text.split()
    return any(words[i:i + len(wanted)] == wanted for i in range(len(words) - len(wanted) + 1))


def loading_with(monkeypatch, name: str, action):
    """``ita_xl.reading.assessment.load`` that does ``action`` first for the file called ``name`` (inherited by forked workers)."""
    load = ita_xl.reading.assessment.load

    def patched(source, *args, **kwargs):
        if Path(source).name == name:
            action()
        return load(source, *args, **kwargs)
    monkeypatch.setattr(ita_xl.reading.assessment, "load", patched)


@pytest.fixture
def forked_workers():
    """Workers forked from this process, so that they inherit its monkeypatches (3.14 defaults to forkserver)."""
    previous = multiprocessing.get_start_method(allow_none=True)
    multiprocessing.set_start_method("fork", force=True)
    yield
    multiprocessing.set_start_method(previous, force=True)


@pytest.fixture
def umask_022():
    previous = os.umask(0o022)
    yield
    os.umask(previous)


# 1. outputs get the permissions of any file the user creates; a symlink is written through

def test_a_new_output_gets_the_permissions_the_umask_allows(tmp_path, sample, umask_022):
    assert run("convert", sample, "-o", tmp_path / "out.xlsx").exit_code == 0
    assert (tmp_path / "out.xlsx").stat().st_mode & 0o777 == 0o644


def test_a_replaced_output_keeps_its_mode(tmp_path, sample, umask_022):
    out = tmp_path / "out.xlsx"
    run("convert", sample, "-o", out)
    out.chmod(0o664)                                # neither what the umask gives nor a mkstemp's 0600
    assert run("convert", sample, "-o", out).exit_code == 0
    assert out.stat().st_mode & 0o777 == 0o664


def test_an_output_that_is_a_symlink_is_written_through(tmp_path, sample):
    real, link = tmp_path / "real.xlsx", tmp_path / "link.xlsx"
    run("convert", agencies(tmp_path, "other")[0], "-o", real)
    link.symlink_to(real)
    assert run("convert", sample, "-o", link).exit_code == 0
    assert link.is_symlink() and link.resolve() == real
    assert holds(real, "องค์การบริหารส่วนตำบลสายทอง")


# 2. what a killed run left is tidied by the next run; a live process's temporary is not

def test_a_killed_runs_temporary_is_removed_and_a_live_ones_kept(tmp_path, sample):
    finished = subprocess.Popen([sys.executable, "-c", "pass"])
    finished.wait()
    dead = tmp_path / f".ita-xl-{finished.pid}-0badc0de-out.xlsx"
    live = tmp_path / f".ita-xl-{os.getpid()}-0badc0de-out.xlsx"
    for leftover in (dead, live):
        leftover.write_bytes(b"half a workbook")
    assert run("convert", sample, "-o", tmp_path / "out.xlsx").exit_code == 0
    assert not dead.exists() and live.exists()


# 3. a failing disk or an impossible place: one located line, exit 1, nothing left behind

def test_a_file_size_limit_is_one_line_and_leaves_nothing(tmp_path, sample):
    out = tmp_path / "out.xlsx"

    def limit():
        resource.setrlimit(resource.RLIMIT_FSIZE, (8192, 8192))     # the report is about 33 kB
    done = run_process("convert", sample, "-o", out, preexec_fn=limit)
    assert_one_line(done.returncode, done.stderr, out)
    assert snapshot(tmp_path) == {}


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EROFS], ids=["disk-full", "read-only"])
def test_a_disk_that_refuses_the_output_is_one_line_and_leaves_nothing(tmp_path, sample, monkeypatch, code):
    def refuse(*args):
        raise OSError(code, os.strerror(code))
    monkeypatch.setattr(os, "replace", refuse)
    out = tmp_path / "out.xlsx"
    assert_refused(run("convert", sample, "-o", out), out)
    assert snapshot(tmp_path) == {}


def test_a_reports_folder_under_a_file_is_one_line_and_writes_nothing(tmp_path, sample):
    (tmp_path / "file.txt").write_text("notes", encoding="utf-8")
    before = snapshot(tmp_path)
    reports = tmp_path / "file.txt" / "reports"
    assert_refused(run("batch", sample, "-o", tmp_path / "all.xlsx", "--reports", reports, "--quiet"), reports)
    assert snapshot(tmp_path) == before


def test_an_output_in_a_missing_folder_is_one_line_and_writes_nothing(tmp_path, sample):
    out = tmp_path / "missing" / "out.xlsx"
    assert_refused(run("convert", sample, "-o", out), out)
    assert snapshot(tmp_path) == {}


# 4. a template never replaces a filled workbook without --force

# "as-written": filled in Excel, which keeps ita_xl's mark (openpyxl rewrites it, so ita_xl no longer sees it)
@pytest.mark.parametrize("filled", [True, False], ids=["filled-by-openpyxl", "as-written"])
def test_template_refuses_to_replace_a_filled_workbook_without_force(tmp_path, filled):
    path = tmp_path / "scores.xlsx"
    run("template", path)
    if filled:
        edit(path, {("หน่วยงาน", "B2"): "องค์การบริหารส่วนตำบลทดสอบ"})
    before = path.read_bytes()
    assert_refused(run("template", path), path)
    assert path.read_bytes() == before
    assert run("template", path, "--force").exit_code == 0
    assert written_kind(path) == "template" and openpyxl.load_workbook(path)["หน่วยงาน"]["B2"].value is None


# 5. convert replaces its own report, and nothing else without --force

def test_convert_replaces_only_its_own_report_without_force(tmp_path, sample):
    out = copy_sample(tmp_path, "out.xlsx")           # somebody's workbook under the output's name
    assert_refused(run("convert", sample, "-o", out), out)
    assert out.read_bytes() == sample.read_bytes()
    assert run("convert", sample, "-o", out, "--force").exit_code == 0
    assert written_kind(out) == "report"
    assert run("convert", sample, "-o", out).exit_code == 0


# 6. batch: never over an input, and every target checked before anything is written

@pytest.mark.parametrize("force", [[], ["--force"]], ids=["plain", "force"])
def test_batch_reports_never_replace_an_input(tmp_path, force):
    folder = tmp_path / "in"
    a, clash = agencies(folder, "a", "a-report")        # a's report would be in/a-report.xlsx, an input
    before = snapshot(tmp_path)
    result = run("batch", a, clash, "-o", tmp_path / "all.xlsx", "--reports", folder, "--quiet", *force)
    assert_refused(result, clash)
    assert snapshot(tmp_path) == before


def _foreign_output(tmp_path):
    output = copy_sample(tmp_path / "out", "all.xlsx")
    return output, output


def _foreign_report(tmp_path):
    return tmp_path / "out" / "all.xlsx", copy_sample(tmp_path / "reports", "b-report.xlsx")


def _output_on_a_report(tmp_path):
    output = tmp_path / "reports" / "a-report.xlsx"
    return output, output


@pytest.mark.parametrize("refused", [_foreign_output, _foreign_report, _output_on_a_report],
                         ids=["output-refused", "one-report-refused", "output-is-a-report"])
def test_batch_checks_every_target_before_writing_anything(tmp_path, refused):
    inputs = agencies(tmp_path / "in", "a", "b")
    (tmp_path / "out").mkdir()
    (tmp_path / "reports").mkdir(exist_ok=True)
    output, refused_path = refused(tmp_path)
    before = snapshot(tmp_path)
    result = run("batch", *inputs, "-o", output, "--reports", tmp_path / "reports", "--quiet")
    assert_refused(result, refused_path)
    assert snapshot(tmp_path) == before


# 7. nothing to read is one clear line; only broken files still give the workbook, exit 3

@pytest.mark.parametrize("given", ["empty", "mistyped", "mistyped.xlsx"])
def test_batch_with_nothing_to_read_is_one_line(tmp_path, given):
    (tmp_path / "empty").mkdir()
    assert_refused(run("batch", tmp_path / given, "-o", tmp_path / "all.xlsx", "--quiet"), tmp_path / given)
    assert not (tmp_path / "all.xlsx").exists()


def test_batch_of_only_broken_files_writes_the_failures_sheet_and_exits_3(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "text.xlsx").write_text("not a workbook", encoding="utf-8")
    (tmp_path / "in" / "empty.xlsx").write_bytes(b"")
    out = tmp_path / "all.xlsx"
    result = run("batch", tmp_path / "in", "-o", out, "--quiet")
    assert result.exit_code == 3, result.output
    failures = openpyxl.load_workbook(out)[t("batch.sheet_failures")]
    assert failures["A1"].value == t("batch.failures_title", count=2)
    assert sorted(Path(failures[f"A{row}"].value).name for row in (3, 4)) == ["empty.xlsx", "text.xlsx"]


# 8. a file that hangs or kills its worker fails alone

def test_a_file_that_hangs_fails_alone_as_too_slow(tmp_path, monkeypatch):
    paths = agencies(tmp_path, "a", "slow", "c")
    monkeypatch.setattr(ita_xl.batch, "TIME_LIMIT", 1)
    loading_with(monkeypatch, "slow.xlsx", lambda: time.sleep(30))
    started = time.monotonic()
    result = consolidate(paths, jobs=1)
    assert time.monotonic() - started < 20
    assert sorted(row.name for row in result.rows) == ["หน่วยงานa", "หน่วยงานc"]
    (failure,) = result.failures
    assert failure.source == str(paths[1]) and failure.error.key == "too_slow"
    assert "took longer" in failure.error.text("en")


def test_a_file_that_kills_its_worker_fails_alone(tmp_path, monkeypatch, forked_workers):
    paths = agencies(tmp_path, "a", "b", "deadly", "d", "e")
    loading_with(monkeypatch, "deadly.xlsx", lambda: os.kill(os.getpid(), signal.SIGKILL))
    result = consolidate(paths, jobs=2)
    assert sorted(row.name for row in result.rows) == ["หน่วยงานa", "หน่วยงานb", "หน่วยงานd", "หน่วยงานe"]
    (failure,) = result.failures
    assert failure.source == str(paths[2]) and failure.error.key == "worker_died"
    assert "died" in failure.error.text("en")


# 9. the same workbook twice is counted once; ita_xl's own consolidated workbook is left out

def test_the_same_workbook_twice_is_counted_once(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    copy_sample(folder, "x.xlsx")
    copy_sample(folder, "x (1).xlsx")
    result = consolidate(find_inputs([folder]), jobs=1)
    assert len(result.rows) == 1 and result.failures == ()
    assert [s.kind for s in result.skipped] == ["duplicate"]
    assert {result.skipped[0].source, result.skipped[0].same_as} == {str(folder / "x.xlsx"), str(folder / "x (1).xlsx")}
    out = tmp_path / "all.xlsx"
    assert run("batch", folder, "-o", out, "--quiet").exit_code == 0
    listed = [c for row in openpyxl.load_workbook(out)[t("batch.sheet_failures")].iter_rows(values_only=True)
              for c in row if c]
    assert t("batch.skipped_title", count=1) in listed
    assert t("batch.skipped_duplicate", same_as=result.skipped[0].same_as) in listed


def test_a_duplicate_is_not_read_and_gets_no_report_of_its_own(tmp_path):
    """Left out before reading: the library's defaults (no edition given) write the one report."""
    folder = tmp_path / "in"
    folder.mkdir()
    copy_sample(folder, "x.xlsx")
    copy_sample(folder, "y.xlsx")
    result = consolidate(find_inputs([folder]), jobs=1, reports=tmp_path / "reports")
    assert (len(result.rows), result.failures) == (1, ())
    assert [p.name for p in (tmp_path / "reports").iterdir()] == ["x-report.xlsx"]


def test_pdf_without_reports_is_ignored_by_the_library(tmp_path):
    result = consolidate([copy_sample(tmp_path)], jobs=1, pdf=True)
    assert len(result.rows) == 1


def test_a_consolidated_workbook_in_the_input_folder_is_skipped(tmp_path):
    folder = tmp_path / "in"
    agencies(folder, "a")
    assert run("batch", folder, "-o", folder / "all.xlsx", "--quiet").exit_code == 0
    result = run("batch", folder, "-o", tmp_path / "again.xlsx", "--quiet", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["failures"] == []
    assert data["skipped"] == [{"source": str(folder / "all.xlsx"), "kind": "consolidated", "same_as": ""}]


# 10. the same input gives the same bytes

@pytest.mark.parametrize("command", [lambda out: ["convert", SAMPLE, "-o", out], lambda out: ["template", out]],
                         ids=["convert", "template"])
def test_the_same_input_gives_a_byte_identical_workbook(tmp_path, command):
    first, second = tmp_path / "first.xlsx", tmp_path / "second.xlsx"
    assert run(*command(first)).exit_code == 0
    time.sleep(1.1)                                 # a clock that leaks into the file shows across a second
    assert run(*command(second)).exit_code == 0
    assert first.read_bytes() == second.read_bytes()


# 11. help follows the language, and Thai help is never cut inside a word

@pytest.mark.parametrize(("args", "env", "lang", "key"), [
    (["--help"], {"LANG": "en_US.UTF-8"}, "en", "help"),
    (["convert", "--lang", "en", "--help"], {}, "en", "convert_help"),
    (["--help"], {}, "th", "help"),
    (["--help"], {"LANG": "th_TH.UTF-8"}, "th", "help"),
], ids=["LANG-en", "lang-option-en", "default-th", "LANG-th"])
def test_help_follows_the_language(args, env, lang, key):
    result = run(*args, env=env)
    assert result.exit_code == 0
    assert shows(result.stdout, t(f"cli.{key}", lang))
    assert not shows(result.stdout, t(f"cli.{key}", "en" if lang == "th" else "th"))


BATCH_HELP = ["batch_help", "output_help", "reports_help", "jobs_help", "target_help", "batch_json_help",
              "quiet_help", "digits_help", "font_help", "force_help", "lang_help"]


@pytest.mark.parametrize("width", [None, 50], ids=["default", "narrowest"])   # click never goes below 50
def test_thai_help_is_wrapped_between_words_only(width):
    result = run("batch", "--help", **({"terminal_width": width} if width else {}))
    assert result.exit_code == 0
    assert [key for key in BATCH_HELP if not shows(result.stdout, t(f"cli.{key}", "th"))] == []


# 12. OpenDocument files are named for what they are

@pytest.mark.parametrize(("name", "key"), [("scores.ods", "ods"), ("scores.xlsx", "ods_renamed")])
def test_an_opendocument_file_is_named_as_such(tmp_path, name, key):
    path = tmp_path / name
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", '<?xml version="1.0" encoding="UTF-8"?><office:document-content/>')
    result = run("convert", path)
    assert result.exit_code == 1
    assert result.stderr == f"{path}: {t(f'error.{key}')}\n"


# 13. validate --json

def test_validate_json_of_the_sample_is_valid_with_three_stated_figure_warnings(sample):
    result = run("validate", "--json", sample)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["valid"] is True and data["problems"] == []
    assert sorted(w["stated"] for w in data["warnings"] if "stated" in w) == [83.15, 91.5, 93.04]
    assert [(w["cell"], w["code"]) for w in data["warnings"] if "cell" in w] == \
        [("D5", "measure_without_timeline"), ("D6", "measure_without_timeline")]


def test_validate_json_locates_a_bad_score_and_exits_1(tmp_path):
    source = write_input(tmp_path / "scores.xlsx", indicators={no: 90 for no in range(1, 11)} | {4: "9x.5"})
    result = run("validate", "--json", source)
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["valid"] is False
    (problem,) = data["problems"]
    assert set(problem) == {"sheet", "cell", "code", "text"}
    assert (problem["sheet"], problem["cell"]) == ("ตัวชี้วัด", "D5") and "9x.5" in problem["text"]


# 14. the template's score rule, evaluated by LibreOffice

SCORE_RULE_CASES = [(91.5, None, True), ("๙๑.๕๐", None, True), (0.915, "0.00%", True), (0.915, None, False),
                    (150, None, False), (0, None, True), (100, None, True), (1.5, "0.00%", False)]


def test_the_template_score_rule_accepts_what_the_reader_reads_right(tmp_path):
    path = tmp_path / "rule.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet()
    for row, (value, number_format, _) in enumerate(SCORE_RULE_CASES):
        sheet.write(row, 0, value, book.add_format({"num_format": number_format}) if number_format else None)
        sheet.write_formula(row, 1, score_rule("A1").replace("A1", f"A{row + 1}"))
    book.close()
    values = lo_convert(path, "csv:Text - txt - csv (StarCalc):44,34,76", tmp_path / "lo")
    with values.open(encoding="utf-8", newline="") as file:
        verdicts = [row[1] for row in csv.reader(file)]
    assert verdicts == [str(accepted).upper() for _, _, accepted in SCORE_RULE_CASES]


# 15. clashing report names are told apart by their folders

def test_clashing_report_names_take_their_folders_names(tmp_path):
    for tambon in ("ตำบลก", "ตำบลข"):
        (tmp_path / "in" / tambon).mkdir(parents=True)
        write_input(tmp_path / "in" / tambon / "scores.xlsx", agency=agency_rows(name=f"อบต.{tambon}"))
    reports = tmp_path / "reports"
    result = run("batch", tmp_path / "in", "-o", tmp_path / "all.xlsx", "--reports", reports, "--quiet")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in reports.iterdir()) == ["ตำบลก-scores-report.xlsx", "ตำบลข-scores-report.xlsx"]


def test_a_word_file_that_is_not_ours_stops_convert_before_anything_is_written(tmp_path, sample):
    foreign = tmp_path / "out.docx"
    foreign.write_bytes(b"someone's own notes")
    result = run("convert", sample, "-o", tmp_path / "out.xlsx", "--docx")
    assert_refused(result, foreign)
    assert not (tmp_path / "out.xlsx").exists() and foreign.read_bytes() == b"someone's own notes"


def test_batch_checks_each_reports_word_file_before_writing_anything(tmp_path):
    agencies(tmp_path / "in", "ก")
    (tmp_path / "reports").mkdir()
    foreign = tmp_path / "reports" / "ก-report.docx"
    foreign.write_bytes(b"someone's own notes")
    result = run("batch", tmp_path / "in", "-o", tmp_path / "all.xlsx", "--reports", tmp_path / "reports", "--docx",
                 "--quiet")
    assert_refused(result, foreign)
    assert not (tmp_path / "reports" / "ก-report.xlsx").exists() and not (tmp_path / "all.xlsx").exists()
