"""The parts of a workbook package, found as Excel finds them: by following relationships.

The package's relationships (``_rels/.rels``) name the workbook part (``xl/workbook.xml`` in what
every program writes, but not necessarily); the workbook's relationships name its sheets, its
shared strings and its styles, wherever they are. Part names are compared as case-insensitive
ASCII (ECMA-376 Part 2, M1.12), so a relationship to ``worksheets/Sheet1.xml`` finds the member
``xl/worksheets/sheet1.xml``; a package holding two such names is damaged (``file_kind`` refuses it).
"""
from __future__ import annotations

import datetime as dt
import posixpath
import zipfile
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


def workbook_part(archive: zipfile.ZipFile, budget: list[int], names: Names | None = None) -> str | None:
    """The member holding the workbook: the package relationship of type officeDocument, else
    ``xl/workbook.xml``; None when there is none."""
    names = names if names is not None else Names(archive)
    rels = names.get(PACKAGE_RELATIONSHIPS)
    if rels is not None:
        with safe_xml.naming(rels):
            data = safe_xml.inflate(archive, rels, budget)
            found = recall(("package", data))
            if found is None:
                found = remember(("package", data), _office_document(data))
        if found:
            return names.get(found)
    return names.get(DEFAULT_WORKBOOK)


def _office_document(data: bytes) -> str:
    for rel in safe_xml.elements(data, RELATIONSHIP)[RELATIONSHIP]:
        if rel.get("Type", "").endswith("/officeDocument"):
            return target("", rel) or ""
    return ""


def book(archive: zipfile.ZipFile, budget: list[int]) -> Book | None:
    """The workbook of the package open in ``archive``, or None when it has none.

    The files of a batch come from one template: parts already seen in this process, byte for byte,
    are not parsed again."""
    names = Names(archive)
    workbook = workbook_part(archive, budget, names)
    if workbook is None:
        return None
    rels = names.get(relationships_of(workbook))
    parts = []
    for part in (rels, workbook):
        with safe_xml.naming(part or workbook):
            parts.append(safe_xml.inflate(archive, part, budget) if part else b"")
    key = ("workbook", workbook, *parts)
    found = recall(key)
    if found is None:
        with safe_xml.naming(workbook):
            found = remember(key, _book(workbook, *parts))
    sheets, epoch, strings, styles = found
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


# Small parts already parsed in this process (package, workbook, relationships, styles, what a sheet
# holds outside its cells), by their bytes: a province's files share them. Bounded, so that a batch of
# files all different cannot grow it.
_SEEN: dict[tuple, object] = {}
_MAX_SEEN = 64
_MAX_SEEN_BYTES = 1 << 16


def recall(key: tuple):
    return _SEEN.get(key)


def remember(key: tuple, value):
    if sum(len(part) for part in key[1:] if isinstance(part, bytes)) <= _MAX_SEEN_BYTES:
        if len(_SEEN) >= _MAX_SEEN:
            _SEEN.clear()
        _SEEN[key] = value
    return value
