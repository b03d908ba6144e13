"""Printing the memos and landing a run's outputs, whatever LibreOffice, the disk or a kill does.

Issue 20: a group of memos past its time limit is killed with its processes and profile, retried in
pieces, and what still fails is listed per agency while the consolidated workbook is written.
Issue 19 §1, §3, §5: no traceback on a full disk; a LibreOffice failure said in the user's words;
outputs written only over what ita_xl wrote, only to regular files, all of one run or none.
"""
import json
import os
import signal
import stat
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import openpyxl
import pytest
from builders import agency_rows, copy_sample, write_input
from click.testing import CliRunner

import ita_xl.writing.libreoffice as libreoffice
from ita_xl import OutputError, load
from ita_xl.catalogue import t
from ita_xl.cli import cli
from ita_xl.errors import ItaError
from ita_xl.writing.output_files import written_kind

AGENCY = "องค์การบริหารส่วนตำบลสายทอง"


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def run_process(*args, timeout=120, **options):
    return subprocess.run([sys.executable, "-m", "ita_xl", *map(str, args)], capture_output=True, text=True,
                          timeout=timeout, **options)


def agencies(folder: Path, count: int) -> Path:
    folder.mkdir()
    for n in range(count):
        write_input(folder / f"a{n}.xlsx", agency=agency_rows(name=f"หน่วยงานทดสอบ{n}"))
    return folder


def fake_soffice(folder: Path, monkeypatch, body: str) -> Path:
    """A program named soffice, first on PATH, that runs ``body`` (sh) instead of LibreOffice."""
    folder.mkdir(exist_ok=True)
    program = folder / "soffice"
    program.write_text("#!/bin/sh\n" + body + "\n", encoding="utf-8")
    program.chmod(0o755)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
    return program


def logging_soffice(folder: Path, monkeypatch, log: Path) -> Path:
    """The real LibreOffice behind a wrapper that writes each call's documents to ``log``."""
    real = libreoffice.find_soffice()
    if real is None:
        pytest.skip("LibreOffice is not installed")
    body = f'for a in "$@"; do case "$a" in *.docx) printf "%s " "$a" >> "{log}";; esac; done\n' \
           f'echo >> "{log}"\nexec "{real}" "$@"'
    return fake_soffice(folder, monkeypatch, body)


@pytest.fixture
def own_tmp(tmp_path, monkeypatch) -> Path:
    """A temporary folder of this test's own for every run it starts (profiles, work folders)."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    monkeypatch.setenv("TMPDIR", str(folder))
    return folder


def processes_mentioning(text: str) -> list[str]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                line = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            except OSError:
                continue
            if text in line and int(entry.name) != os.getpid() and _state(entry) != "Z":
                found.append(line)
    return found


def _state(entry: Path) -> str:
    """A process's state letter ("Z": a zombie, dead but not yet reaped by its parent)."""
    try:
        return (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return "Z"


def gone(pid: int) -> bool:
    return not Path(f"/proc/{pid}").exists() or _state(Path(f"/proc/{pid}")) == "Z"


# -- issue 20: the timeout path ------------------------------------------------------------------------
def test_a_group_past_its_time_limit_is_killed_retried_in_pieces_and_listed(tmp_path, monkeypatch, own_tmp):
    log = tmp_path / "calls.log"
    logging_soffice(tmp_path / "bin", monkeypatch, log)
    monkeypatch.setattr(libreoffice, "LIMIT", libreoffice.TimeLimit(start=0.5, per_file=0, per_mb=0))
    folder = agencies(tmp_path / "in", 3)
    out, reports = tmp_path / "all.xlsx", tmp_path / "reports"
    result = run("batch", folder, "-o", out, "--reports", reports, "--pdf", "--docx", "--jobs", "2", "--quiet",
                 "--json")
    assert result.exit_code == 3, result.output
    calls = [line.split() for line in log.read_text(encoding="utf-8").splitlines()]
    memos = [path for call in calls for path in call]
    assert len(set(memos)) == 3 and all(memos.count(path) == 2 for path in memos)   # each group, then again
    together = next(call for call in calls if len(call) == 2)                        # a group of two ...
    assert all([path] in calls for path in together)                                 # ... retried in pieces
    data = json.loads(result.stdout)
    assert sorted(Path(u["source"]).name for u in data["unprinted"]) == ["a0.xlsx", "a1.xlsx", "a2.xlsx"]
    seconds = t("error.lo_timeout", "th", seconds=1).split("1")[0]
    for line in data["unprinted"]:
        assert "หน่วยงานทดสอบ" in line["problem"] and seconds in line["problem"]
    book = openpyxl.load_workbook(out)                            # the consolidated workbook, listing them
    listed = " ".join(str(c.value) for row in book[t("batch.sheet_failures", "th")].iter_rows() for c in row)
    assert t("batch.unprinted_title", "th", count=3) in listed and "a1.xlsx" in listed
    assert sorted(p.name for p in reports.iterdir()) == sorted(f"a{n}-report.{kind}" for n in range(3)
                                                             for kind in ("xlsx", "docx"))
    assert list(own_tmp.iterdir()) == []                          # no profile or work folder left
    assert processes_mentioning(str(own_tmp)) == []               # and no LibreOffice


def test_a_time_limit_grows_with_the_documents(tmp_path):
    """By the content LibreOffice lays out: a Word document's parts unpacked, not its zipped size."""
    import zipfile
    small, large = tmp_path / "a.docx", tmp_path / "b.docx"
    for path, size in ((small, 1000), (large, 3 * 1024 ** 2)):
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("word/document.xml", b"<w:p/>" * (size // 6))
    assert large.stat().st_size < 100_000
    limit = libreoffice.TimeLimit()
    assert limit.seconds([small]) < limit.seconds([small, small]) < limit.seconds([large])
    assert limit.seconds([large]) > limit.start + 2.9 * limit.per_mb


def test_a_hung_libreoffice_is_killed_with_what_it_started(tmp_path, monkeypatch, sample):
    """The launcher's child (soffice.bin, here a sleep) dies with it, and the message says why."""
    started = tmp_path / "child.pid"
    fake_soffice(tmp_path / "bin", monkeypatch, f'sleep 300 &\necho $! > "{started}"\nwait')
    monkeypatch.setattr(libreoffice, "LIMIT", libreoffice.TimeLimit(start=1, per_file=0, per_mb=0))
    result = run("convert", sample, "-o", tmp_path / "report.xlsx", "--pdf")
    assert result.exit_code == 1
    assert t("error.lo_timeout", "th", seconds=1) in result.stderr
    child = int(started.read_text())
    time.sleep(0.2)
    assert gone(child)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bin", "child.pid"]


# -- issue 19 §3: LibreOffice failing, said in the user's words ----------------------------------------
def test_a_libreoffice_failure_names_the_memo_and_the_agency_and_writes_nothing(tmp_path, monkeypatch, sample,
                                                                                 own_tmp):
    fake_soffice(tmp_path / "bin", monkeypatch, "exit 1")
    out = tmp_path / "report.xlsx"
    result = run("convert", sample, "-o", out, "--pdf", "--docx")
    assert result.exit_code == 1
    [line] = result.stderr.splitlines()
    expected = OutputError("pdf_failed", path=out.with_suffix(".pdf"), agency=AGENCY,
                           reason=ItaError("lo_exit", code=1)).text("th")
    assert line == expected
    for word in ("CalledProcessError", ".ita-xl-", str(own_tmp), "Traceback"):
        assert word not in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bin", "tmp"]      # nothing written
    assert list(own_tmp.iterdir()) == []


# -- issue 19 §5: files written against their promise -----------------------------------------------
def foreign_pdf(path: Path) -> Path:
    from pypdf import PdfWriter
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    with open(path, "wb") as file:
        writer.write(file)
    return path


def test_an_unrelated_pdf_is_not_replaced_without_force(tmp_path, sample):
    libreoffice_needed()
    out = tmp_path / "report.xlsx"
    theirs = foreign_pdf(out.with_suffix(".pdf")).read_bytes()
    result = run("convert", sample, "-o", out, "--pdf")
    assert result.exit_code == 1
    assert result.stderr == OutputError("output_exists", path=out.with_suffix(".pdf")).text("th") + "\n"
    assert out.with_suffix(".pdf").read_bytes() == theirs and not out.exists()
    assert run("convert", sample, "-o", out, "--pdf", "--force").exit_code == 0
    assert written_kind(out.with_suffix(".pdf")) == "pdf"
    assert run("convert", sample, "-o", out, "--pdf").exit_code == 0      # its own PDF is replaced


def libreoffice_needed() -> None:
    if libreoffice.find_soffice() is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice is not installed")
        pytest.skip("LibreOffice is not installed")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX")
def test_an_output_that_is_a_pipe_is_refused_at_once_even_with_force(tmp_path, sample):
    pipe = tmp_path / "out.xlsx"
    os.mkfifo(pipe)
    for extra in ((), ("--force",)):
        done = run_process("convert", sample, "-o", pipe, *extra, timeout=60)     # must not block on the pipe
        assert done.returncode == 1
        assert done.stderr == OutputError("output_not_file", path=pipe).text("th") + "\n"
        assert stat.S_ISFIFO(pipe.stat().st_mode)
    docx_pipe = tmp_path / "other.docx"
    os.mkfifo(docx_pipe)
    done = run_process("convert", sample, "-o", tmp_path / "other.xlsx", "--docx", "--force", timeout=60)
    assert done.returncode == 1 and stat.S_ISFIFO(docx_pipe.stat().st_mode)
    assert not (tmp_path / "other.xlsx").exists()


def test_an_output_that_is_a_device_is_refused_even_with_force(tmp_path, sample):
    device = tmp_path / "null.xlsx"
    try:
        os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    except (OSError, AttributeError):
        pytest.skip("device nodes cannot be made here")
    result = run("convert", sample, "-o", device, "--force")
    assert result.exit_code == 1
    assert result.stderr == OutputError("output_not_file", path=device).text("th") + "\n"
    assert stat.S_ISCHR(device.stat().st_mode)


def other_agency(folder: Path) -> Path:
    return write_input(folder / "other.xlsx", agency=agency_rows(name="เทศบาลตำบลอื่น"))


def test_a_word_memo_that_cannot_be_written_leaves_the_previous_outputs(tmp_path, sample, monkeypatch):
    out = tmp_path / "report.xlsx"
    assert run("convert", sample, "-o", out, "--docx").exit_code == 0
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}

    write_bytes = Path.write_bytes

    def full(self, data):
        if self.name.endswith(".docx"):
            raise OSError(28, "No space left on device")
        return write_bytes(self, data)
    monkeypatch.setattr(Path, "write_bytes", full)
    result = run("convert", other_agency(tmp_path), "-o", out, "--docx")
    assert result.exit_code == 1
    assert result.stderr == OutputError("output_disk_full", path=out.with_suffix(".docx")).text("th") + "\n"
    after = {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.name != "other.xlsx"}
    assert after == before


SLOW_MEMO = """
import sys, time
import ita_xl.writing.memo.word as word
real = word.docx_bytes
def slow(*args, **kwargs):
    print("memo", flush=True)
    time.sleep(60)
    return real(*args, **kwargs)
word.docx_bytes = slow
from ita_xl.cli import main
sys.argv = ["ita-xl", "convert", sys.argv[1], "-o", sys.argv[2], "--docx"]
main()
"""


def test_a_run_killed_while_writing_its_memo_leaves_the_previous_set(tmp_path, sample):
    out = tmp_path / "report.xlsx"
    assert run("convert", sample, "-o", out, "--docx").exit_code == 0
    before = {name: (tmp_path / name).read_bytes() for name in ("report.xlsx", "report.docx")}
    process = subprocess.Popen([sys.executable, "-c", SLOW_MEMO, str(other_agency(tmp_path)), str(out)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert process.stdout.readline().strip() == "memo"
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert {name: (tmp_path / name).read_bytes() for name in before} == before


KILLED_BETWEEN_RENAMES = """
import os, sys
real = os.replace
def replace(source, target, *args, **kwargs):
    real(source, target, *args, **kwargs)
    if str(target).endswith("report.xlsx") and ".ita-xl-" in str(source):
        os._exit(9)                     # killed right after the workbook's rename
os.replace = replace
from ita_xl.cli import main
sys.argv = ["ita-xl", "convert", sys.argv[1], "-o", sys.argv[2], "--docx"]
main()
"""


def test_a_run_killed_between_its_renames_is_completed_by_the_next_run(tmp_path, sample):
    out = tmp_path / "report.xlsx"
    assert run("convert", sample, "-o", out, "--docx").exit_code == 0
    killed = subprocess.run([sys.executable, "-c", KILLED_BETWEEN_RENAMES, str(other_agency(tmp_path)), str(out)],
                            capture_output=True, text=True, timeout=120)
    assert killed.returncode == 9
    assert run("convert", sample, "-o", tmp_path / "another.xlsx").exit_code == 0    # tidies the folder
    assert load(out).agency.name == "เทศบาลตำบลอื่น"
    from docx import Document
    assert any("เทศบาลตำบลอื่น" in p.text.replace("\u200b", "").replace("\u2060", "")
               for p in Document(out.with_suffix(".docx")).paragraphs)
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".ita-xl-")]


def test_a_killed_pdf_runs_folders_are_removed_by_a_later_run(tmp_path, sample, own_tmp):
    libreoffice_needed()
    process = subprocess.Popen([sys.executable, "-m", "ita_xl", "convert", str(sample), "-o",
                                str(tmp_path / "report.xlsx"), "--pdf"], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, env=os.environ | {"TMPDIR": str(own_tmp)})
    deadline = time.monotonic() + 120
    while not any(p.name.startswith("ita-xl-lo-") for p in own_tmp.iterdir()):
        assert time.monotonic() < deadline and process.poll() is None
        time.sleep(0.05)
    process.kill()
    process.wait()
    left = sorted(p.name for p in own_tmp.iterdir())
    assert any(name.startswith(("ita-xl-lo-", "ita-xl-pdf-")) for name in left)
    done = run_process("convert", sample, "-o", tmp_path / "again.xlsx", "--pdf",
                       env=os.environ | {"TMPDIR": str(own_tmp)})
    assert done.returncode == 0, done.stderr
    assert list(own_tmp.iterdir()) == []
    assert processes_mentioning(str(own_tmp)) == []             # nor the LibreOffice it left working


def test_batch_with_libreoffice_failing_still_writes_the_consolidated_workbook(tmp_path, monkeypatch, own_tmp):
    fake_soffice(tmp_path / "bin", monkeypatch, "exit 1")
    folder = agencies(tmp_path / "in", 2)
    out, reports = tmp_path / "all.xlsx", tmp_path / "reports"
    result = run("batch", folder, "-o", out, "--reports", reports, "--pdf", "--jobs", "1", "--quiet")
    assert result.exit_code == 3
    assert written_kind(out) == "consolidated"
    lines = result.stderr.splitlines()
    assert len(lines) == 2 and all(t("error.lo_exit", "th", code=1) in line for line in lines)
    assert sorted(p.name for p in reports.iterdir()) == ["a0-report.xlsx", "a1-report.xlsx"]


def test_a_batch_memo_not_printed_takes_away_the_pdf_an_earlier_run_left(tmp_path, monkeypatch, own_tmp):
    """Its new report would otherwise sit beside last run's PDF of other figures."""
    libreoffice_needed()
    folder = agencies(tmp_path / "in", 1)
    out, reports = tmp_path / "all.xlsx", tmp_path / "reports"
    assert run("batch", folder, "-o", out, "--reports", reports, "--pdf", "--quiet").exit_code == 0
    assert (reports / "a0-report.pdf").exists()
    fake_soffice(tmp_path / "bin", monkeypatch, "exit 1")
    assert run("batch", folder, "-o", out, "--reports", reports, "--pdf", "--quiet").exit_code == 3
    assert sorted(p.name for p in reports.iterdir()) == ["a0-report.xlsx"]


# -- issue 19 §1: a full disk ---------------------------------------------------------------------
@pytest.fixture
def full_disk(tmp_path):
    """A folder on a file system of 24 kB (tmpfs; root only)."""
    folder = tmp_path / "small"
    folder.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=24k", "tmpfs", str(folder)], capture_output=True)
    if mounted.returncode:
        pytest.skip("cannot mount a small file system here")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], capture_output=True)


def test_template_and_batch_on_a_full_disk_say_one_line(full_disk, tmp_path, sample):
    (tmp_path / "in").mkdir()
    copy_sample(tmp_path / "in")
    (full_disk / "filler").write_bytes(b"\0" * 16 * 1024)
    for args, target in ((("template", full_disk / "t.xlsx"), full_disk / "t.xlsx"),
                         (("batch", tmp_path / "in", "-o", full_disk / "all.xlsx", "--quiet"), full_disk / "all.xlsx")):
        done = run_process(*args)
        assert done.returncode == 1
        assert done.stderr == OutputError("output_disk_full", path=target).text("th") + "\n"
    assert sorted(p.name for p in full_disk.iterdir()) == ["filler"]


def test_a_file_that_kills_its_worker_costs_no_other_agency_its_pdf(tmp_path, monkeypatch, own_tmp):
    """The group lost with the worker is printed again by a worker of its own; the file that kills
    it fails alone."""
    import multiprocessing

    import ita_xl.batch
    import ita_xl.reading.assessment
    libreoffice_needed()
    previous = multiprocessing.get_start_method(allow_none=True)
    multiprocessing.set_start_method("fork", force=True)             # workers inherit the patch below
    monkeypatch.setattr(ita_xl.batch, "PRINT_GROUP", 2)
    load = ita_xl.reading.assessment.load

    def deadly(source, *args, **kwargs):
        if Path(source).name == "a1.xlsx":
            os.kill(os.getpid(), signal.SIGKILL)
        return load(source, *args, **kwargs)
    monkeypatch.setattr(ita_xl.reading.assessment, "load", deadly)
    try:
        folder = agencies(tmp_path / "in", 4)
        result = run("batch", folder, "-o", tmp_path / "all.xlsx", "--reports", tmp_path / "reports", "--pdf",
                     "--jobs", "2", "--quiet", "--json")
    finally:
        multiprocessing.set_start_method(previous, force=True)
    assert result.exit_code == 3
    assert written_kind(tmp_path / "all.xlsx") == "consolidated"
    assert sorted(p.name for p in (tmp_path / "reports").glob("*.pdf")) == ["a0-report.pdf", "a2-report.pdf",
                                                                          "a3-report.pdf"]
    data = json.loads(result.stdout)
    assert [Path(f["source"]).name for f in data["failures"]] == ["a1.xlsx"] and data["unprinted"] == []
