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

from . import formats
from .cells import SheetCells, UnsafeXml, WorkbookTooBig

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

    def parse(self, archive: zipfile.ZipFile, name: str, budget: list[int]) -> None:
        _parse(archive, name, budget, self.start, self.end)


def _parse(archive: zipfile.ZipFile, name: str, budget: list[int], start, end, text=None) -> None:
    """Stream part ``name`` through expat, inflating no more than the budget left."""
    parser = ParserCreate(namespace_separator="}")
    parser.buffer_text = True
    parser.StartDoctypeDeclHandler = parser.EntityDeclHandler = _refuse
    parser.StartElementHandler, parser.EndElementHandler = start, end
    if text is not None:
        parser.CharacterDataHandler = text
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


def _shared_strings(archive, name: str, budget) -> list[str]:
    """Each shared string as shown: its text and its runs' text, without phonetic guides (``rPh``).

    The callbacks are closures over local state, not methods: expat calls them for every
    element of the part, and a closure's variables cost less to reach than an object's."""
    strings: list[str] = []
    pieces: list[str] = []
    stack: list[str] = []
    push, pop, add = stack.append, stack.pop, pieces.append
    capturing = False

    def start(tag, attrs):
        nonlocal capturing
        push(tag)
        depth = len(stack)
        if depth > MAX_DEPTH:
            raise UnsafeXml()
        if tag == TEXT and depth >= 3 and (stack[-2] == SHARED_ITEM or (stack[-2] == RUN and stack[-3] == SHARED_ITEM)):
            capturing = True

    def end(tag):
        nonlocal capturing
        pop()
        if tag == TEXT:
            capturing = False
        elif tag == SHARED_ITEM:
            strings.append(formats.unescape("".join(pieces)))
            pieces.clear()

    def text(data):
        if capturing:
            add(data)

    _parse(archive, name, budget, start, end, text)
    return strings


# Positions of the references met so far ("D5" -> (4, 3)), shared by every sheet a process reads:
# the files of a batch name the same few hundred cells. Only references inside the grid are kept,
# and only so many, so that a hostile file cannot grow it without bound.
_POSITIONS: dict[str, tuple[int, int]] = {}
_MAX_POSITIONS = 1 << 16


def _position(ref: str) -> tuple[int, int] | None:
    position = _POSITIONS.get(ref)
    if position is None:
        position = formats.split_reference(ref)
        if position is not None and formats.in_grid(*position) and len(_POSITIONS) < _MAX_POSITIONS:
            _POSITIONS[ref] = position
    return position


def _sheet(archive, name: str, budget, strings: list[str], kinds: list[str | None], epoch) -> SheetCells:
    """One worksheet's cells: only ``worksheet/sheetData/row/c`` are cells, anywhere else is not.

    Rows and cells without an ``r`` follow the previous one, as openpyxl places them. The
    callbacks are closures for speed (see ``_shared_strings``) and keep only the depth and the
    few open elements a cell's path is checked against; a cell is decoded when it ends."""
    cells = SheetCells()
    values, unsaved = cells.values, cells.unsaved_formulas
    parts: list[str] = []                   # the text of the cell's <v>
    style_kinds: dict[str | None, str | None] = {}
    masters: dict[str, tuple[str, str]] = {}
    depth = 0
    at_2 = at_3 = at_5 = at_6 = ""          # the open elements at depths 2, 3, 5 and 6: all the path a cell needs
    row = col = -1
    skip_row = False
    cell: dict | None = None                # the attributes of the open cell
    texts: list[str] | None = None          # the text of its inline string
    formula: dict | None = None             # the attributes of its <f>
    formula_text: list[str] = []
    capture: list[str] | None = None

    def start(tag, attrs):
        nonlocal depth, at_2, at_3, at_5, at_6, cell, texts, formula, formula_text, capture
        depth += 1
        if depth == 5:
            at_5 = tag
            if cell is not None:
                if tag == VALUE:
                    capture = parts
                elif tag == FORMULA:
                    formula = attrs
                    formula_text = capture = []
                elif tag == INLINE:
                    texts = []
        elif depth == 4:
            if tag == CELL and not skip_row and at_3 == ROW and at_2 == SHEET_DATA:
                cell, texts, formula = attrs, None, None
                parts.clear()
        elif depth == 3:
            at_3 = tag
            if tag == ROW and at_2 == SHEET_DATA:
                new_row(attrs.get("r"))
            elif tag == MERGE_CELL and at_2 == MERGE_CELLS:
                cells.merge(attrs.get("ref", ""))
        elif depth > 5:
            if depth > MAX_DEPTH:
                raise UnsafeXml()
            if depth == 6:
                at_6 = tag
            if cell is not None and tag == TEXT and at_5 == INLINE and (depth == 6 or (depth == 7 and at_6 == RUN)):
                capture = texts
        elif depth == 2:
            at_2 = tag

    def end(tag):
        nonlocal depth, cell, skip_row, capture
        ended = depth
        depth -= 1
        if ended == 4:
            if cell is not None:
                end_cell()
                cell = None
        elif ended == 3 and tag == ROW:
            skip_row = False
        capture = None

    def text(data):
        if capture is not None:
            capture.append(data)

    def new_row(number: str | None) -> None:
        """The row's number, or the next one; a number that is none skips the row, as openpyxl does."""
        nonlocal row, col, skip_row
        col = -1
        if number is None:
            row += 1
            return
        try:
            row = int(number) - 1
        except ValueError:
            try:
                value = float(number)
            except ValueError:
                value = 0.5
            if value.is_integer():
                row = int(value) - 1
            else:
                skip_row = True
                cells.bad_reference(f"row {number}")

    def end_cell() -> None:
        nonlocal col
        attrs = cell
        ref = attrs.get("r")
        if ref is None:
            col += 1
            position = (row, col)
            ref = formats.cell_name(*position) if row >= 0 else f"#{col + 1}"
        else:
            position = _position(ref)
            if position is not None:
                col = position[1]
        value = cell_value(attrs)
        shown = cell_formula(position) if formula is not None else None     # a master is kept even with a value
        if value is not None and position is not None:
            number, column = position
            if 0 <= number < formats.MAX_ROWS and 0 <= column < formats.MAX_COLUMNS:   # the common case, inline
                here = values.get(number)
                if here is None:
                    here = values[number] = {}
                if column not in here and position not in unsaved:
                    here[column] = value
                    return
        cells.put(ref, position, value, shown if value is None else None)

    def cell_value(attrs):
        kind = attrs.get("t", "n")
        if kind == "inlineStr":
            return None if texts is None else formats.unescape("".join(texts))
        text = "".join(parts)
        if not text:
            return None
        if kind == "s":
            try:
                return strings[int(text)]
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
        number = attrs.get("s")
        try:
            style = style_kinds[number]
        except KeyError:
            style = style_kinds[number] = _style_kind(kinds, number)
        if style == "date":
            return formats.from_serial(value, epoch)
        return formats.percent_points(value) if style == "percent" else value

    def cell_formula(position) -> str:
        """``=`` and the formula; a shared formula's dependants are translated from its master."""
        text = "".join(formula_text)
        here = formats.cell_name(*position) if position else ""
        if formula.get("t") == "shared":
            index = formula.get("si")
            if text:
                masters[index] = ("=" + text, here)
            elif index in masters:
                return formats.translate(*masters[index], here)
        return "=" + text

    _parse(archive, name, budget, start, end, text)
    return cells


def _style_kind(kinds: list[str | None], number: str | None) -> str | None:
    """The kind of number format of cell style ``number`` (the ``s`` attribute, 0 when absent)."""
    try:
        return kinds[int(number if number is not None else 0)]
    except (ValueError, IndexError):
        return None


def read_cells(path, wanted: Callable[[str], bool], limit: int) -> dict[str, SheetCells]:
    """The cells of every worksheet whose name ``wanted`` accepts, by name, in workbook order."""
    budget = [limit]
    with zipfile.ZipFile(path) as archive:
        sheets = [(name, part) for name, part in worksheets(archive, budget) if wanted(name)]
        if not sheets:
            return {}
        strings = []
        if "xl/sharedStrings.xml" in archive.NameToInfo:
            strings = _shared_strings(archive, "xl/sharedStrings.xml", budget)
        styles = _Styles()
        if "xl/styles.xml" in archive.NameToInfo:
            styles.parse(archive, "xl/styles.xml", budget)
        kinds, epoch = styles.kinds(), _epoch(archive, budget)
        found = {}
        for name, part in sheets:
            found[name] = _sheet(archive, part, budget, strings, kinds, epoch) if part in archive.NameToInfo \
                else SheetCells()
        return found
