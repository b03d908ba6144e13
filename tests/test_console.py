"""Never crash on the console (#19 §1): with stdout and stderr in cp1252 (Windows with output
redirected), cp874 (Thai Windows), ascii, or a pipe whose reader has gone, ``validate``, ``convert``
and ``batch`` finish their work, exit as they would anywhere, and print no traceback; what they
print stays readable (UTF-8 where the encoding cannot write Thai). Real processes, with
PYTHONIOENCODING set as a redirected Windows console sets it."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from builders import copy_sample, write_input


def env(encoding: str) -> dict:
    return dict(os.environ, PYTHONIOENCODING=encoding, ITA_XL_LANG="th")


def commands(folder: Path) -> dict[str, tuple[list[str], int, str]]:
    """Each command, its exit code and Thai it prints (on stdout, and for a bad input on stderr)."""
    sample = copy_sample(folder)
    broken = write_input(folder / "broken.xlsx", indicators={1: "เก้าสิบ"})
    return {
        "validate": (["validate", str(sample)], 0, "สายทอง"),
        "validate-broken": (["validate", str(broken)], 1, "เก้าสิบ"),
        "convert": (["convert", str(sample), "-o", str(folder / "report.xlsx"), "--force"], 0, "ผ่าน"),
        "batch": (["batch", str(sample), str(broken), "-o", str(folder / "all.xlsx"), "--jobs", "1", "--force"], 3,
                  "เก้าสิบ"),
    }


def ita_xl(args: list[str], encoding: str, **popen) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "ita_xl", *args], env=env(encoding), **popen)


@pytest.mark.parametrize("encoding", ["cp1252", "cp874", "ascii"])
def test_a_console_that_cannot_write_thai_gets_readable_output_and_no_traceback(tmp_path, encoding):
    written_in = "cp874" if encoding == "cp874" else "utf-8"        # cp874 writes Thai itself
    for name, (args, code, thai) in commands(tmp_path).items():
        process = ita_xl(args, encoding, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        out, err = process.communicate(timeout=120)
        assert b"Traceback" not in err and b"Error" not in err, (name, err.decode("utf-8", "replace"))
        assert process.returncode == code, (name, err.decode("utf-8", "replace"))
        assert thai in out.decode(written_in) + err.decode(written_in), name


@pytest.mark.parametrize("stream", ["stdout", "stderr"])
def test_a_pipe_closed_by_its_reader_ends_nothing_half_way(tmp_path, stream):
    """``ita-xl validate ... | head -0``: the reader has gone before anything is written."""
    for name, (args, code, _) in commands(tmp_path).items():
        process = ita_xl(args, "utf-8", stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        getattr(process, stream).close()
        left = process.stderr if stream == "stdout" else process.stdout
        said = left.read()
        process.wait(timeout=120)
        assert b"Traceback" not in said and b"BrokenPipe" not in said, (name, said.decode("utf-8", "replace"))
        assert process.returncode == code, (name, said.decode("utf-8", "replace"))
    assert (tmp_path / "report.xlsx").exists() and (tmp_path / "all.xlsx").exists()
