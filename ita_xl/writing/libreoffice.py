"""LibreOffice, headless, turning Word memos and workbooks into PDF.

LibreOffice is found on PATH or where its installers put it on Windows and macOS. Each call
converts a group of files in one LibreOffice process with a throwaway profile, so that calls can
run side by side (and beside a LibreOffice the user has open), and a batch starts LibreOffice once
per group of memos, not once per file.

Every call has a time limit that grows with what it converts (``TimeLimit``: a minute to start, and
more for each file and each megabyte of its content): a memo of eleven pages takes LibreOffice well
under a second, one of 250 pages some twenty seconds. A call that runs past its limit, or is interrupted, is
killed with every process it started (its process group) and its profile folder removed. The
folders of a run that was itself killed are named after its process and removed by a later run.
"""
from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import ItaError

WINDOWS = (r"C:\Program Files\LibreOffice\program\soffice.exe",
           r"C:\Program Files (x86)\LibreOffice\program\soffice.exe")
MACOS = ("/Applications/LibreOffice.app/Contents/MacOS/soffice",)
FOLDER_PREFIX = "ita-xl-"                # ita-xl-lo-<pid>-... (profiles), ita-xl-pdf-<pid>-... (work)
_FOLDER = re.compile(re.escape(FOLDER_PREFIX) + r"(?:lo|pdf|memos)-(\d+)-")
RETRY_PIECES = 8                         # a group that failed is tried again in up to this many pieces


@dataclass(frozen=True)
class TimeLimit:
    """Seconds a LibreOffice call may take: ``start`` for itself, and for each file it converts
    ``per_file`` plus ``per_mb`` for each megabyte of its content (a Word memo's parts unpacked).
    Measured here: the sample's memo (0.1 MB, 11 pages) takes about 0.5 s, a memo of 1,000 measures
    (1.8 MB, 257 pages) 18 s, so LibreOffice's own time is at most some 11 s a megabyte; the limit
    allows five times that, and a minute to start on a busy machine."""
    start: float = 60.0
    per_file: float = 1.0
    per_mb: float = 60.0

    def seconds(self, files: Sequence[Path]) -> float:
        return self.for_size(len(files), sum(map(content_size, files)) / 1024 ** 2)

    def for_size(self, count: int, megabytes: float) -> float:
        """The limit for ``count`` files of ``megabytes`` of content in all, before they are written."""
        return self.start + self.per_file * count + self.per_mb * megabytes


LIMIT = TimeLimit()


def content_size(path: Path) -> int:
    """What LibreOffice reads of ``path``: the parts of a Word document or workbook unpacked (their
    zip's own count; the file's size for anything else, or when the count cannot be had)."""
    import zipfile
    try:
        with zipfile.ZipFile(path) as archive:
            return sum(info.file_size for info in archive.infolist())
    except (OSError, zipfile.BadZipFile, ValueError):
        with contextlib.suppress(OSError):
            return path.stat().st_size
    return 0


def find_soffice() -> str | None:
    """The LibreOffice program, or None when it is not installed."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found:
        return found
    places = WINDOWS if sys.platform == "win32" else MACOS if sys.platform == "darwin" else ()
    places += tuple(os.path.join(os.environ.get(var, ""), "LibreOffice", "program", "soffice.exe")
                    for var in ("PROGRAMFILES", "PROGRAMFILES(X86)") if os.environ.get(var))
    return next((place for place in places if Path(place).is_file()), None)


def work_folder(kind: str) -> tempfile.TemporaryDirectory:
    """A temporary folder named after this process (``kind``: "lo" for a profile, "pdf" for work),
    so that a later run can tell it from the folder of a run still going."""
    return tempfile.TemporaryDirectory(prefix=f"{FOLDER_PREFIX}{kind}-{os.getpid()}-", ignore_cleanup_errors=True)


def remove_leftovers() -> None:
    """The profile and work folders of runs that were killed (their process is gone), and any
    LibreOffice such a run left working in one of them (Linux: found by its command line)."""
    from .output_files import _alive
    with contextlib.suppress(OSError):
        for folder in Path(tempfile.gettempdir()).iterdir():
            found = _FOLDER.match(folder.name)
            if found and folder.is_dir() and not folder.is_symlink() and not _alive(int(found.group(1))):
                _stop_orphans(folder)
                shutil.rmtree(folder, ignore_errors=True)


def _stop_orphans(folder: Path) -> None:
    """Kill the processes started with ``folder`` on their command line (a LibreOffice whose run
    was killed, working in its profile), where /proc tells."""
    needle = str(folder).encode()
    for entry in Path("/proc").glob("[0-9]*") if Path("/proc/self/cmdline").exists() else ():
        with contextlib.suppress(OSError, ValueError):
            if needle in (entry / "cmdline").read_bytes() and int(entry.name) != os.getpid():
                os.kill(int(entry.name), signal.SIGKILL)


def convert(files: Sequence[Path], folder: Path, soffice: str, limit: TimeLimit | None = None) -> None:
    """``files`` converted to ``<name>.pdf`` in ``folder`` by one LibreOffice, within the time limit;
    ``ItaError`` (``lo_*``: what went wrong, in words) when it fails or writes no PDF for one of them."""
    seconds = (limit or LIMIT).seconds(files)
    with work_folder("lo") as profile:
        command = [soffice, "--headless", "--norestore", "--nologo", f"-env:UserInstallation={Path(profile).as_uri()}",
                   "--convert-to", "pdf", "--outdir", str(folder), *map(str, files)]
        scratch = Path(profile) / "tmp"           # LibreOffice's own temporary files, removed with the profile
        scratch.mkdir()
        code = _run(command, seconds, os.environ | {name: str(scratch) for name in ("TMPDIR", "TMP", "TEMP")})
    if code:
        raise ItaError("lo_exit", code=code)
    if not all((folder / f"{path.stem}.pdf").exists() for path in files):
        raise ItaError("lo_no_pdf")


def _run(command: list[str], seconds: float, environment: dict) -> int:
    """Run LibreOffice in a process group of its own; past ``seconds`` (or on Ctrl-C), the whole
    group is killed: LibreOffice's launcher starts the program that does the work as its child."""
    group = {"start_new_session": True, "preexec_fn": _lifted()} if os.name == "posix" else \
        {"creationflags": subprocess.CREATE_NEW_PROCESS_GROUP}
    try:
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL, env=environment, **group)
    except OSError as error:
        raise ItaError("lo_not_started", reason=error.strerror or error) from None
    try:
        return process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        _kill(process)
        raise ItaError("lo_timeout", seconds=round(seconds)) from None
    except BaseException:
        _kill(process)
        raise


def _lifted():
    """In a batch worker, whose memory is capped for reading a file, LibreOffice gets the memory the
    system allows (the cap is a soft limit; None when there is none)."""
    import resource
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if soft == hard:
        return None
    return lambda: resource.setrlimit(resource.RLIMIT_AS, (hard, hard))


def _kill(process: subprocess.Popen) -> None:
    if os.name == "posix":
        with contextlib.suppress(OSError):
            os.killpg(process.pid, signal.SIGKILL)
    else:
        subprocess.run(["taskkill", "/F", "/T", "/PID", str(process.pid)], capture_output=True)
        process.kill()
    process.wait()


def print_group(files: Sequence[Path], folder: Path, soffice: str,
                limit: TimeLimit | None = None) -> dict[Path, ItaError]:
    """``files`` converted by one LibreOffice; when that fails, the files it left without a PDF are
    tried once more in up to ``RETRY_PIECES`` smaller groups, each with its own time limit. Returns
    the files that still have no PDF, with what went wrong."""
    try:
        convert(files, folder, soffice, limit)
        return {}
    except ItaError:
        pass
    left = [path for path in files if not (folder / f"{path.stem}.pdf").exists()]
    size = -(-len(left) // RETRY_PIECES)
    failed: dict[Path, ItaError] = {}
    for start in range(0, len(left), size or 1):
        piece = left[start:start + size]
        try:
            convert(piece, folder, soffice, limit)
        except ItaError as error:
            failed.update((path, error) for path in piece if not (folder / f"{path.stem}.pdf").exists())
    return failed
