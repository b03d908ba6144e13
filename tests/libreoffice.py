"""LibreOffice headless, as a user's spreadsheet program: recalculate, convert, render."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

RECALC_ALWAYS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
<prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


def soffice() -> str:
    """The LibreOffice binary; CI installs it, so there its absence is a failure, not a skip."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice (soffice) is not installed: .ci/run must install libreoffice-calc-nogui")
        pytest.skip("LibreOffice is not installed")
    return found


def convert(source: Path, to: str, outdir: Path, recalculate: bool = True) -> Path:
    """``source`` converted by LibreOffice to ``to`` (``pdf``, ``xlsx``), recalculating every formula."""
    return convert_many([source], to, outdir, recalculate)[0]


def convert_many(sources: list[Path], to: str, outdir: Path, recalculate: bool = True) -> list[Path]:
    """``sources`` (each named differently) converted by one LibreOffice run, as ``convert`` does."""
    profile = outdir / "lo-profile"
    (profile / "user").mkdir(parents=True, exist_ok=True)
    if recalculate:
        (profile / "user" / "registrymodifications.xcu").write_text(RECALC_ALWAYS, encoding="utf-8")
    outdir.mkdir(parents=True, exist_ok=True)
    subprocess.run([soffice(), "--headless", f"-env:UserInstallation={profile.as_uri()}",
                    "--convert-to", to, "--outdir", str(outdir), *map(str, sources)],
                   check=True, capture_output=True, timeout=180 + 10 * len(sources))
    results = [outdir / f"{source.stem}.{to.split(':')[0]}" for source in sources]
    missing = [result.name for result in results if not result.exists()]
    assert not missing, f"LibreOffice wrote no {missing}"
    return results


def pdf_text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout


def pdf_pages(pdf: Path) -> list[str]:
    """The text of each page (pdftotext's reading order, which keeps a cell's lines together)."""
    text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    return [page for page in text.split("\f") if page.strip()]
