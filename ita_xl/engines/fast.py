"""The fast reading engine: the cells of an .xlsx straight from its XML, on the standard library's
C parser (expat), several times faster than openpyxl, which matters when a province reads
thousands of files.

It reads only what ita_xl needs (cell values as shown, formulas saved without a result,
merged ranges) and only the sheets asked for. Safety, for files from anywhere: a DOCTYPE,
and so any entity declaration, is refused outright (defusedxml's ``forbid_dtd``); every
part is inflated as a stream against a budget shared by the whole workbook, so a zip whose
headers lie about its sizes stops at the limit; nesting deeper than a workbook needs is
refused; only the cells present are kept, never a grid.
"""
from __future__ import annotations

import posixpath
import zipfile
from collections.abc import Callable
from pyexpat import ParserCreate

from . import SheetCells, UnsafeXml, WorkbookTooBig, formats

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
RELATIONSHIP_ID = "http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
RELATIONSHIP = "http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
MAX_DEPTH = 128
CHUNK = 1 << 16

SHEET_DATA, ROW, CELL, VALUE, FORMULA = (MAIN + tag for tag in ("sheetData", "row", "c", "v", "f"))
INLINE, TEXT, RUN, MERGE_CELLS, MERGE_CELL = (MAIN + tag for tag in ("is", "t", "r", "mergeCells", "mergeCell"))
SHARED_ITEM, NUMBER_FORMATS, NUMBER_FORMAT, CELL_FORMATS, FORMAT = (
    MAIN + tag for tag in ("si", "numFmts", "numFmt", "cellXfs", "xf"))


def _refuse(*_) -> None:
    raise UnsafeXml()


class _Handler:
    """Expat callbacks that keep the path of open elements and refuse deep nesting."""

    def __init__(self):
        self.stack: list[str] = []

    def start(self, tag: str, attrs: dict) -> None:
        self.stack.append(tag)
        if len(self.stack) > MAX_DEPTH:
            raise UnsafeXml()

    def end(self, tag: str) -> None:
        self.stack.pop()

    text = None

    def parse(self, archive: zipfile.ZipFile, name: str, budget: list[int]) -> None:
        """Stream part ``name`` through expat, inflating no more than the budget left."""
        parser = ParserCreate(namespace_separator="}")
        parser.buffer_text = True
        parser.StartDoctypeDeclHandler = parser.EntityDeclHandler = _refuse
        parser.StartElementHandler, parser.EndElementHandler = self.start, self.end
        if self.text is not None:
            parser.CharacterDataHandler = self.text
        with archive.open(name) as stream:
            while chunk := stream.read(CHUNK):
                budget[0] -= len(chunk)
                if budget[0] < 0:
                    raise WorkbookTooBig()
                parser.Parse(chunk, False)
            parser.Parse(b"", True)


class _Elements(_Handler):
    """The attributes of every element with a given tag (the small parts: workbook, relationships)."""

    def __init__(self, tag: str):
        super().__init__()
        self.tag, self.found = tag, []

    def start(self, tag, attrs):
        super().start(tag, attrs)
        if tag == self.tag:
            self.found.append(attrs)


def _elements(archive, name: str, budget, tag: str) -> list[dict]:
    handler = _Elements(tag)
    handler.parse(archive, name, budget)
    return handler.found


def worksheets(archive: zipfile.ZipFile, budget) -> list[tuple[str, str]]:
    """(name, part) of every worksheet in workbook order; chartsheets and dialog sheets are not
    worksheets (openpyxl tells them apart by the relationship's type too)."""
    rels = {rel.get("Id"): rel for rel in _elements(archive, "xl/_rels/workbook.xml.rels", budget, RELATIONSHIP)}
    found = []
    for sheet in _elements(archive, "xl/workbook.xml", budget, MAIN + "sheet"):
        rel = rels.get(sheet.get(RELATIONSHIP_ID), {})
        target = rel.get("Target", "")
        if target and rel.get("Type", "").endswith("/worksheet"):
            part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
            found.append((sheet.get("name", ""), part))
    return found


def _epoch(archive, budget):
    properties = _elements(archive, "xl/workbook.xml", budget, MAIN + "workbookPr")
    date1904 = bool(properties) and properties[0].get("date1904", "").lower() in ("1", "true")
    return formats.MAC_EPOCH if date1904 else formats.WINDOWS_EPOCH


class _Styles(_Handler):
    """The number format of each cell style: ``numFmts/numFmt`` codes and ``cellXfs/xf`` ids only."""

    def __init__(self):
        super().__init__()
        self.custom: dict[int, str] = {}
        self.ids: list[int] = []

    def start(self, tag, attrs):
        parent = self.stack[-1] if self.stack else ""
        super().start(tag, attrs)
        try:
            if tag == NUMBER_FORMAT and parent == NUMBER_FORMATS:
                self.custom[int(attrs.get("numFmtId", ""))] = attrs.get("formatCode", "")
            elif tag == FORMAT and parent == CELL_FORMATS:
                self.ids.append(int(attrs.get("numFmtId", 0)))
        except ValueError:
            if tag == FORMAT:
                self.ids.append(0)

    def kinds(self) -> list[str | None]:
        return [formats.format_kind(number, self.custom) for number in self.ids]


class _SharedStrings(_Handler):
    """Each shared string as shown: its text and its runs' text, without phonetic guides (``rPh``)."""

    def __init__(self):
        super().__init__()
        self.strings: list[str] = []
        self.pieces: list[str] = []
        self.capturing = False

    def start(self, tag, attrs):
        super().start(tag, attrs)
        stack = self.stack
        if tag == TEXT and len(stack) >= 3 and (stack[-2] == SHARED_ITEM
                                                or (stack[-2] == RUN and stack[-3] == SHARED_ITEM)):
            self.capturing = True

    def end(self, tag):
        super().end(tag)
        if tag == TEXT:
            self.capturing = False
        elif tag == SHARED_ITEM:
            self.strings.append(formats.unescape("".join(self.pieces)))
            self.pieces.clear()

    def text(self, data):
        if self.capturing:
            self.pieces.append(data)


class _Sheet(_Handler):
    """One worksheet's cells: only ``worksheet/sheetData/row/c`` are cells, anywhere else is not.

    Rows and cells without an ``r`` follow the previous one, as openpyxl places them."""

    def __init__(self, strings: list[str], kinds: list[str | None], epoch):
        super().__init__()
        self.strings, self.kinds, self.epoch = strings, kinds, epoch
        self.cells = SheetCells()
        self.row = -1
        self.col = -1
        self.skip_row = False
        self.cell: dict | None = None
        self.values: list[str] = []
        self.texts: list[str] | None = None
        self.formula: dict | None = None
        self.formula_text: list[str] = []
        self.capture: list[str] | None = None
        self.masters: dict[str, tuple[str, str]] = {}

    def start(self, tag, attrs):
        stack = self.stack
        stack.append(tag)
        depth = len(stack)
        if depth > MAX_DEPTH:
            raise UnsafeXml()
        if depth == 3:
            if tag == ROW and stack[1] == SHEET_DATA:
                self._row(attrs.get("r"))
            elif tag == MERGE_CELL and stack[1] == MERGE_CELLS:
                self.cells.merge(attrs.get("ref", ""))
        elif depth == 4:
            if tag == CELL and stack[2] == ROW and stack[1] == SHEET_DATA and not self.skip_row:
                self.cell, self.texts, self.formula = attrs, None, None
                self.values.clear()
        elif self.cell is not None:
            if depth == 5:
                if tag == VALUE:
                    self.capture = self.values
                elif tag == FORMULA:
                    self.formula = attrs
                    self.formula_text = self.capture = []
                elif tag == INLINE:
                    self.texts = []
            elif tag == TEXT and stack[4] == INLINE and (depth == 6 or (depth == 7 and stack[5] == RUN)):
                self.capture = self.texts

    def end(self, tag):
        depth = len(self.stack)
        self.stack.pop()
        if depth == 4 and self.cell is not None:
            self._cell()
            self.cell = None
        elif depth == 3 and tag == ROW:
            self.skip_row = False
        self.capture = None

    def text(self, data):
        if self.capture is not None:
            self.capture.append(data)

    def _row(self, number: str | None) -> None:
        """The row's number, or the next one; a number that is none skips the row, as openpyxl does."""
        self.col = -1
        if number is None:
            self.row += 1
            return
        try:
            self.row = int(number) - 1
        except ValueError:
            try:
                value = float(number)
            except ValueError:
                value = 0.5
            if value.is_integer():
                self.row = int(value) - 1
            else:
                self.skip_row = True
                self.cells.bad_reference(f"row {number}")

    def _cell(self) -> None:
        attrs = self.cell
        ref = attrs.get("r")
        if ref is None:
            self.col += 1
            position = (self.row, self.col)
            ref = formats.cell_name(*position) if self.row >= 0 else f"#{self.col + 1}"
        else:
            position = formats.split_reference(ref)
            if position is not None:
                self.col = position[1]
        value = self._value(attrs)
        formula = None
        if self.formula is not None:
            formula = self._formula(position)
        self.cells.put(ref, position, value, formula if value is None else None)

    def _value(self, attrs):
        kind = attrs.get("t", "n")
        if kind == "inlineStr":
            return None if self.texts is None else formats.unescape("".join(self.texts))
        text = "".join(self.values)
        if not text:
            return None
        if kind == "s":
            try:
                return self.strings[int(text)]
            except (ValueError, IndexError):
                return formats.BadCell(text)
        if kind == "b":
            try:
                return bool(int(text))
            except ValueError:
                return formats.BadCell(text)
        if kind == "str" or kind == "e":
            return formats.unescape(text) if kind == "str" else text
        if kind == "d":
            return formats.from_iso(text)
        value = formats.number(text)
        if isinstance(value, formats.BadCell):
            return value
        try:
            style = self.kinds[int(attrs.get("s", 0))]
        except (ValueError, IndexError):
            style = None
        if style == "date":
            return formats.from_serial(value, self.epoch)
        return formats.percent_points(value) if style == "percent" else value

    def _formula(self, position) -> str:
        """``=`` and the formula; a shared formula's dependants are translated from its master."""
        text = "".join(self.formula_text)
        here = formats.cell_name(*position) if position else ""
        if self.formula.get("t") == "shared":
            index = self.formula.get("si")
            if text:
                self.masters[index] = ("=" + text, here)
            elif index in self.masters:
                return formats.translate(*self.masters[index], here)
        return "=" + text


def read_cells(path, wanted: Callable[[str], bool], limit: int) -> dict[str, SheetCells]:
    """The cells of every worksheet whose name ``wanted`` accepts, by name, in workbook order."""
    budget = [limit]
    with zipfile.ZipFile(path) as archive:
        sheets = [(name, part) for name, part in worksheets(archive, budget) if wanted(name)]
        if not sheets:
            return {}
        strings = _SharedStrings()
        if "xl/sharedStrings.xml" in archive.NameToInfo:
            strings.parse(archive, "xl/sharedStrings.xml", budget)
        styles = _Styles()
        if "xl/styles.xml" in archive.NameToInfo:
            styles.parse(archive, "xl/styles.xml", budget)
        kinds, epoch = styles.kinds(), _epoch(archive, budget)
        found = {}
        for name, part in sheets:
            sheet = _Sheet(strings.strings, kinds, epoch)
            if part in archive.NameToInfo:
                sheet.parse(archive, part, budget)
            found[name] = sheet.cells
        return found
