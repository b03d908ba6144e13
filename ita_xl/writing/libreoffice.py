"""LibreOffice, headless, turning Word memos and workbooks into PDF.

LibreOffice is found on PATH or where its installers put it on Windows and macOS. Each
conversion gets a throwaway profile, so that conversions can run side by side (and beside a
LibreOffice the user has open); one LibreOffice process converts a whole group of files, so a
batch starts it once per worker, not once per file.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from ..errors import OutputError

WINDOWS = (r"C:\Program Files\LibreOffice\program\soffice.exe",
           r"C:\Program Files (x86)\LibreOffice\program\soffice.exe")
MACOS = ("/Applications/LibreOffice.app/Contents/MacOS/soffice",)
TIMEOUT = 600          # seconds for one LibreOffice run


def find_soffice() -> str | None:
    """The LibreOffice program, or None when it is not installed."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found:
        return found
    places = WINDOWS if sys.platform == "win32" else MACOS if sys.platform == "darwin" else ()
    places += tuple(os.path.join(os.environ.get(var, ""), "LibreOffice", "program", "soffice.exe")
                    for var in ("PROGRAMFILES", "PROGRAMFILES(X86)") if os.environ.get(var))
    return next((place for place in places if Path(place).is_file()), None)


def to_pdf(workbooks: Sequence[Path], folder: Path, soffice: str | None = None, jobs: int = 1) -> list[Path]:
    """Each file (a Word memo or a workbook) converted to ``<its name>.pdf`` in ``folder`` by
    LibreOffice (``jobs`` at once)."""
    soffice = soffice or find_soffice()
    if soffice is None:
        raise OutputError("no_libreoffice")
    groups = [list(workbooks[n::jobs]) for n in range(max(1, min(jobs, len(workbooks))))]
    with ThreadPoolExecutor(max_workers=len(groups)) as pool:
        list(pool.map(lambda group: _convert(soffice, group, folder), groups))
    made = [folder / f"{path.stem}.pdf" for path in workbooks]
    missing = [path for path in made if not path.exists()]
    if missing:
        raise OutputError("pdf_failed", path=missing[0], reason="LibreOffice wrote no PDF")
    return made


def _convert(soffice: str, workbooks: list[Path], folder: Path) -> None:
    """One LibreOffice process, its own profile, for a group of files."""
    if not workbooks:
        return
    with tempfile.TemporaryDirectory(prefix="ita-xl-lo-") as profile:
        command = [soffice, "--headless", "--norestore", "--nologo", f"-env:UserInstallation={Path(profile).as_uri()}",
                   "--convert-to", "pdf", "--outdir", str(folder), *map(str, workbooks)]
        try:
            subprocess.run(command, check=True, capture_output=True, timeout=TIMEOUT)
        except (subprocess.SubprocessError, OSError) as error:
            raise OutputError("pdf_failed", path=workbooks[0], reason=type(error).__name__) from None
