"""The parts of a workbook package, found as Excel finds them: by following relationships.

The package's relationships (``_rels/.rels``) name the workbook part (``xl/workbook.xml`` in what
every program writes, but not necessarily); the workbook's relationships name its sheets, its
shared strings and its styles, wherever they are. Part names are compared as case-insensitive
ASCII (ECMA-376 Part 2, M1.12), so a relationship to ``worksheets/Sheet1.xml`` finds the member
``xl/worksheets/sheet1.xml``; a package holding two such names is damaged (``file_kind`` refuses it).
"""
from __future__ import annotations

import contextlib
import datetime as dt
import posixpath
import zipfile
from collections.abc import Callable
from contextvars import ContextVar
from typing import NamedTuple

from . import formats, safe_xml

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
RELATIONSHIP_ID = "http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
RELATIONSHIP = "http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
PACKAGE_RELATIONSHIPS = "_rels/.rels"
DEFAULT_WORKBOOK = "xl/workbook.xml"
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


class Book(NamedTuple):
    """What the workbook part and its relationships say: (name, part) of every worksheet in workbook
    order, the date epoch, and the shared strings and styles parts (None when there are none).
    Parts are the members' own names; a sheet whose part is missing has None."""
    sheets: list[tuple[str, str | None]]
    epoch: dt.datetime
    shared_strings: str | None
    styles: str | None


def folded(name: str) -> str:
    """A part name as compared: ASCII letters in lower case, no leading slash."""
    return name.lstrip("/").translate(_ASCII_LOWER)


def members(archive: zipfile.ZipFile) -> dict[str, str]:
    """Each member's compared name -> its own name."""
    return {folded(name): name for name in archive.NameToInfo}


class Names:
    """The members of an archive, looked up by part name: as spelt first (every writer spells a part
    as its relationship does), then compared without case."""

    def __init__(self, archive: zipfile.ZipFile):
        self.exact, self._folded = archive.NameToInfo, None

    def get(self, part: str) -> str | None:
        name = part.lstrip("/")
        if name in self.exact:
            return name
        if self._folded is None:
            self._folded = {folded(member): member for member in self.exact}
        return self._folded.get(folded(name))


def relationships_of(part: str) -> str:
    """``xl/_rels/workbook.xml.rels`` for ``xl/workbook.xml``."""
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", f"{name}.rels")


def target(source: str, rel: dict) -> str | None:
    """The part a relationship of ``source`` points at (None for an external one)."""
    if rel.get("TargetMode") == "External":
        return None
    to = rel.get("Target", "")
    if not to:
        return None
    return to.lstrip("/") if to.startswith("/") else posixpath.normpath(posixpath.join(posixpath.dirname(source), to))


def workbook_part(archive: zipfile.ZipFile, budget: list[int], names: Names | None = None,
                  memory: Remembered | None = None) -> str | None:
    """The member holding the workbook: the package relationship of type officeDocument, else
    ``xl/workbook.xml``; None when there is none."""
    names = names if names is not None else Names(archive)
    rels = names.get(PACKAGE_RELATIONSHIPS)
    if rels is not None:
        with safe_xml.naming(rels):
            data = safe_xml.inflate(archive, rels, budget)
            found = (memory or Remembered()).part(("package", data), lambda: _office_document(data))
        if found:
            return names.get(found)
    return names.get(DEFAULT_WORKBOOK)


def _office_document(data: bytes) -> str:
    for rel in safe_xml.elements(data, RELATIONSHIP)[RELATIONSHIP]:
        if rel.get("Type", "").endswith("/officeDocument"):
            return target("", rel) or ""
    return ""


def book(archive: zipfile.ZipFile, budget: list[int], memory: Remembered | None = None) -> Book | None:
    """The workbook of the package open in ``archive``, or None when it has none; parts ``memory``
    holds byte for byte (the files of one template) are not parsed again."""
    memory = memory or Remembered()
    names = Names(archive)
    workbook = workbook_part(archive, budget, names, memory)
    if workbook is None:
        return None
    rels = names.get(relationships_of(workbook))
    parts = []
    for part in (rels, workbook):
        with safe_xml.naming(part or workbook):
            parts.append(safe_xml.inflate(archive, part, budget) if part else b"")
    with safe_xml.naming(workbook):
        sheets, epoch, strings, styles = memory.part(("workbook", workbook, *parts), lambda: _book(workbook, *parts))
    return Book([(name, names.get(part) if part else None) for name, part in sheets], epoch,
                names.get(strings) if strings else None, names.get(styles) if styles else None)


def _book(workbook: str, rels_part: bytes, workbook_part: bytes) -> tuple:
    """Sheets, epoch and the shared strings and styles parts as the relationships name them;
    chartsheets and dialog sheets are not worksheets (openpyxl tells them apart by the relationship's
    type too)."""
    rels = {rel.get("Id"): rel for rel in safe_xml.elements(rels_part, RELATIONSHIP)[RELATIONSHIP]} \
        if rels_part else {}
    elements = safe_xml.elements(workbook_part, MAIN + "sheet", MAIN + "workbookPr")
    sheets = []
    for sheet in elements[MAIN + "sheet"]:
        rel = rels.get(sheet.get(RELATIONSHIP_ID), {})
        if rel.get("Type", "").endswith("/worksheet"):
            sheets.append((sheet.get("name", ""), target(workbook, rel)))
    by_type = {rel.get("Type", "").rpartition("/")[2]: target(workbook, rel) for rel in reversed(rels.values())}
    properties = elements[MAIN + "workbookPr"]
    date1904 = bool(properties) and properties[0].get("date1904", "").lower() in ("1", "true")
    return sheets, formats.MAC_EPOCH if date1904 else formats.WINDOWS_EPOCH, by_type.get("sharedStrings"), \
        by_type.get("styles")


class Remembered:
    """What a reader remembers from one file to the next: small parts already parsed (the package,
    workbook and relationships, styles, what a part holds outside what ``scan`` reads), by their
    bytes, and the position of each cell reference met ("D5" -> (4, 3)). The files of a province
    come from one template and share them, so a batch worker reading thousands keeps one for all of
    them (``remembered_across_files``); any other reading has its own, gone when the file is read.
    Bounded, so that files all different, or a hostile one, cannot grow it."""

    MAX_PARTS = 64                  # parts remembered; the oldest are forgotten all at once
    MAX_PART_BYTES = 1 << 16        # a bigger part is parsed each time
    MAX_POSITIONS = 1 << 16         # references remembered (only those inside the grid)

    def __init__(self):
        self.parts: dict[tuple, object] = {}
        self.positions: dict[str, tuple[int, int]] = {}

    def part(self, key: tuple, make: Callable[[], object]):
        """The value parsed from the bytes in ``key``, made by ``make`` when not remembered."""
        found = self.parts.get(key)
        if found is None:
            found = make()
            if sum(len(part) for part in key if isinstance(part, bytes)) <= self.MAX_PART_BYTES:
                if len(self.parts) >= self.MAX_PARTS:
                    self.parts.clear()
                self.parts[key] = found
        return found

    def position(self, ref: str) -> tuple[int, int] | None:
        position = self.positions.get(ref)
        if position is None:
            position = formats.split_reference(ref)
            if position is not None and formats.in_grid(*position) and len(self.positions) < self.MAX_POSITIONS:
                self.positions[ref] = position
        return position


_ACROSS_FILES: ContextVar[Remembered | None] = ContextVar("ita_xl_remembered_across_files", default=None)


def remembered() -> Remembered:
    """What this reading may remember: the one files share (see below), else its own."""
    return _ACROSS_FILES.get() or Remembered()


@contextlib.contextmanager
def remembered_across_files():
    """Within this block every file read shares one ``Remembered`` (a batch run in one process)."""
    token = _ACROSS_FILES.set(Remembered())
    try:
        yield
    finally:
        _ACROSS_FILES.reset(token)


def remember_across_files() -> None:
    """From now on, for the life of this process, the files read share one ``Remembered``: a batch
    worker's start, as its files all come from one province's template."""
    _ACROSS_FILES.set(Remembered())
