"""What kind of file this is, checked before any XML is parsed.

Files passed around by e-mail and LINE arrive empty, truncated, as old .xls,
as CSV or ODS renamed .xlsx, password-protected, or built to exhaust memory.
Each gets a message that says what it is and what to do; a zip that would
expand beyond ``MAX_EXPANDED`` bytes is refused from its declared sizes alone.
"""
from __future__ import annotations

import zipfile
from pathlib import Path

from .text import t

MAX_EXPANDED = 50 * 1024 * 1024     # bytes a workbook may expand to; the ITA template needs under 1 MB
MAX_MEMBERS = 10_000
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"   # old .xls files and password-protected workbooks
ZIP = b"PK\x03\x04"
ENCRYPTED = "EncryptedPackage".encode("utf-16-le")


def problem_with(path: Path) -> str | None:
    """Why ``path`` cannot be an .xlsx workbook, or None when it may be one."""
    size = path.stat().st_size
    if size == 0:
        return t("error.empty_file")
    with path.open("rb") as file:
        head = file.read(8)
        if head.startswith(OLE2):
            return t("error.password") if ENCRYPTED in head + file.read() else t("error.old_xls")
    if not head.startswith(ZIP):
        return t("error.text_file") if _looks_like_text(path) else t("error.not_zip")
    try:
        with zipfile.ZipFile(path) as archive:
            return _archive_problem(archive)
    except (zipfile.BadZipFile, OSError, EOFError):
        return t("error.broken_zip")


def _archive_problem(archive: zipfile.ZipFile) -> str | None:
    members = archive.infolist()
    if len(members) > MAX_MEMBERS or sum(m.file_size for m in members) > MAX_EXPANDED:
        return t("error.too_big", limit=MAX_EXPANDED // (1024 * 1024))
    names = {m.filename for m in members}
    if "mimetype" in names and b"opendocument" in archive.read("mimetype"):
        return t("error.ods")
    if "xl/workbook.xml" not in names:
        return t("error.not_a_workbook")
    return None


def _looks_like_text(path: Path) -> bool:
    with path.open("rb") as file:
        sample = file.read(4096)
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return b"\x00" not in sample
