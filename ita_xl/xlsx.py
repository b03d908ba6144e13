"""A small, strict reader of the cells of an .xlsx workbook: the fast reading engine.

It reads only what ita_xl needs (sheet names, cell values, which cells hold
formulas, which numbers are dates) straight from the workbook's XML, several
times faster than openpyxl, which matters when a province reads thousands of
files. The XML is parsed with defusedxml (no DTDs, no entities).
"""
from __future__ import annotations

import datetime as dt
import posixpath
import re
import zipfile

from defusedxml.ElementTree import fromstring

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
RELATIONSHIP = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
PACKAGE_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
DATE_FORMAT_IDS = set(range(14, 23)) | {45, 46, 47}
_DATE_CODE = re.compile(r"[dmyhs]", re.IGNORECASE)
_LITERALS = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.')
_REF = re.compile(r"([A-Z]+)(\d+)")


class Grid:
    """One sheet: ``values`` (cached results), ``raw`` (``"=..."`` where a cell holds a formula)
    and ``merged`` ranges as zero-based (first row, first column, last row, last column)."""

    def __init__(self, values: list[list], raw: list[list], merged: list[tuple[int, int, int, int]]):
        self.values, self.raw, self.merged = values, raw, merged


def _xml(archive: zipfile.ZipFile, name: str):
    return fromstring(archive.read(name), forbid_dtd=True)


def _is_date_format(code: str) -> bool:
    return bool(_DATE_CODE.search(_LITERALS.sub("", code)))


def _date_styles(archive: zipfile.ZipFile) -> set[int]:
    """Indexes of the cell styles whose number format shows a date."""
    if "xl/styles.xml" not in archive.namelist():
        return set()
    styles = _xml(archive, "xl/styles.xml")
    custom = {int(f.get("numFmtId")): f.get("formatCode", "") for f in styles.iter(f"{MAIN}numFmt")}
    xfs = styles.find(f"{MAIN}cellXfs")
    found = set()
    for index, xf in enumerate(xfs if xfs is not None else ()):
        number_format = int(xf.get("numFmtId", 0))
        if number_format in DATE_FORMAT_IDS or _is_date_format(custom.get(number_format, "")):
            found.add(index)
    return found


def _shared_strings(archive: zipfile.ZipFile) -> list[str]:
    if "xl/sharedStrings.xml" not in archive.namelist():
        return []
    strings = []
    for item in _xml(archive, "xl/sharedStrings.xml").iter(f"{MAIN}si"):
        runs = [item.find(f"{MAIN}t")] if item.find(f"{MAIN}t") is not None else \
            [run.find(f"{MAIN}t") for run in item.iter(f"{MAIN}r")]
        strings.append("".join(t.text or "" for t in runs if t is not None))
    return strings


def _sheet_paths(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> path of its XML inside the archive, in workbook order."""
    targets = {rel.get("Id"): rel.get("Target")
               for rel in _xml(archive, "xl/_rels/workbook.xml.rels").iter(f"{PACKAGE_RELS}Relationship")}
    paths = {}
    for sheet in _xml(archive, "xl/workbook.xml").iter(f"{MAIN}sheet"):
        target = targets.get(sheet.get(RELATIONSHIP), "")
        if target:
            paths[sheet.get("name")] = target.lstrip("/") if target.startswith("/") else \
                posixpath.normpath(posixpath.join("xl", target))
    return paths


def _epoch(archive: zipfile.ZipFile) -> dt.datetime:
    properties = _xml(archive, "xl/workbook.xml").find(f"{MAIN}workbookPr")
    date1904 = properties is not None and properties.get("date1904") in ("1", "true")
    return dt.datetime(1904, 1, 1) if date1904 else dt.datetime(1899, 12, 30)


def _merged(root) -> list[tuple[int, int, int, int]]:
    ranges = []
    for merge in root.iter(f"{MAIN}mergeCell"):
        corners = [_REF.fullmatch(part) for part in merge.get("ref", "").split(":")]
        if len(corners) == 2 and all(corners):
            (c1, r1), (c2, r2) = ((_column(m.group(1)), int(m.group(2)) - 1) for m in corners)
            ranges.append((r1, c1, r2, c2))
    return ranges


def read_merged(archive: zipfile.ZipFile) -> dict[str, list[tuple[int, int, int, int]]]:
    """Merged ranges of every sheet (the openpyxl engine's read-only mode does not report them)."""
    return {name: _merged(_xml(archive, path)) for name, path in _sheet_paths(archive).items()
            if path in archive.namelist()}


def _column(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number - 1


def _value(cell, strings: list[str], dates: set[int], epoch: dt.datetime):
    kind = cell.get("t", "n")
    if kind == "inlineStr":
        return "".join(t.text or "" for t in cell.iter(f"{MAIN}t"))
    text = cell.findtext(f"{MAIN}v")
    if not text:
        return None
    if kind == "s":
        return strings[int(text)]
    if kind == "b":
        return text == "1"
    if kind in ("str", "e"):
        return text
    if int(cell.get("s", 0)) in dates:
        return epoch + dt.timedelta(days=float(text))
    return float(text) if "." in text or "E" in text.upper() else int(text)


def _rows(cells: dict[int, dict[int, object]], height: int) -> list[list]:
    rows = []
    for number in range(height):
        row = cells.get(number, {})
        rows.append([row.get(col) for col in range(max(row, default=-1) + 1)])
    return rows


def _grid(root, strings: list[str], dates: set[int], epoch: dt.datetime) -> Grid:
    values: dict[int, dict[int, object]] = {}
    raw: dict[int, dict[int, object]] = {}
    for cell in root.iter(f"{MAIN}c"):
        match = _REF.fullmatch(cell.get("r", ""))
        if not match:
            continue
        row, col = int(match.group(2)) - 1, _column(match.group(1))
        value = _value(cell, strings, dates, epoch)
        formula = cell.find(f"{MAIN}f")
        if value is None and formula is None:
            continue
        values.setdefault(row, {})[col] = value
        raw.setdefault(row, {})[col] = "=" + (formula.text or "") if formula is not None else value
    height = max(values, default=-1) + 1
    return Grid(_rows(values, height), _rows(raw, height), _merged(root))


def read_grids(archive: zipfile.ZipFile) -> dict[str, Grid]:
    """Every sheet's grid, by name, in workbook order."""
    strings, dates, epoch = _shared_strings(archive), _date_styles(archive), _epoch(archive)
    return {name: _grid(_xml(archive, path), strings, dates, epoch)
            for name, path in _sheet_paths(archive).items() if path in archive.namelist()}
