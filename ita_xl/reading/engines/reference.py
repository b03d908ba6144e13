"""The reference reading engine: openpyxl parses the workbook, its styles, its shared strings
and every cell, so that a differential test can hold ita_xl's own reader against it.

openpyxl's public readers cannot serve as they are: read-only mode trusts the sheet's
``<dimension>`` and silently drops rows that come out of order, the normal mode builds a
grid as large as the furthest reference, and one unreadable cell aborts the whole workbook.
So the structure is walked here (only ``worksheet/sheetData/row/c`` are cells) and each
row is handed to openpyxl's own row and cell parser, one bad cell at a time. This leans on
openpyxl's worksheet parser (``openpyxl.worksheet._reader``), which is internal: the
engine tests run on every install and would catch a change.

openpyxl is also handed the package as ita_xl reads it (``_Package``): only the parts a reading
needs are opened (not the properties, the theme, the charts of a chartsheet, external links),
each inflated against the workbook's budget whatever the zip's headers declare; part names are
compared as case-insensitive ASCII, as the package rules say; and the parts ita_xl's own engines
read are checked for a DTD and for deep nesting (``safe_xml``) before openpyxl parses them, so
that every engine refuses the same files for the same reason.
"""
from __future__ import annotations

import io
import math
import zipfile
from collections.abc import Callable

from . import formats, package, safe_xml
from .cells import SheetCells, UnsafeXml, WorkbookTooBig

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


class _Package(zipfile.ZipFile):
    """The workbook's zip as openpyxl is to see it: each member opened is inflated against one
    budget, names are found whatever their case, and the ``checked`` parts are refused for a DTD
    or deep nesting before openpyxl parses them."""

    def __init__(self, path, limit: int, checked: set[str]):
        super().__init__(path)
        self.budget, self.checked = [limit], checked
        self.folded = package.members(self)

    def getinfo(self, name):
        return super().getinfo(self.folded.get(package.folded(name), name))

    def open(self, name, mode="r", pwd=None, **options):
        if mode != "r" or isinstance(name, zipfile.ZipInfo):
            return super().open(name, mode, pwd, **options)
        info = self.getinfo(name)
        with super().open(info) as stream:
            data = stream.read(self.budget[0] + 1)
        self.budget[0] -= len(data)
        if self.budget[0] < 0:
            raise WorkbookTooBig()
        if info.filename in self.checked:
            with safe_xml.naming(info.filename):
                safe_xml.check(data)
        return io.BytesIO(data)


class _Names(list):
    """openpyxl's list of members, asked whether it holds a name whatever its case."""

    def __contains__(self, name) -> bool:
        return isinstance(name, str) and package.folded(name) in self.folded

    @classmethod
    def of(cls, archive: zipfile.ZipFile):
        names = cls(archive.namelist())
        names.folded = {package.folded(name) for name in names}
        return names


def _reader(archive: _Package, wanted: Callable[[str], bool]):
    """openpyxl's reader, reading only what a reading needs: no properties, theme or external links,
    only the ``wanted`` worksheets (openpyxl otherwise opens every sheet, a guide sheet damaged in
    the zip too) and no chartsheet (a chart has no cells; openpyxl fails on one without relationships)."""
    from openpyxl.reader.excel import ExcelReader
    from openpyxl.styles.stylesheet import apply_stylesheet
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    class Reader(ExcelReader):
        def __init__(self):
            self.archive, self.valid_files = archive, _Names.of(archive)
            self.read_only, self.keep_vba, self.data_only, self.keep_links, self.rich_text = True, False, True, False, \
                False
            self.shared_strings = []

        def read(self):
            self.read_manifest()
            self.read_strings()
            self.read_workbook()
            apply_stylesheet(self.archive, self.wb)
            self.read_worksheets()

        def read_worksheets(self):
            """openpyxl's own, in read-only mode, for the wanted worksheets alone."""
            for sheet, rel in self.parser.find_sheets():
                if rel.target in self.valid_files and "chartsheet" not in rel.Type and wanted(sheet.name):
                    worksheet = ReadOnlyWorksheet(self.wb, sheet.name, rel.target, self.shared_strings)
                    worksheet.sheet_state = sheet.state
                    self.wb._sheets.append(worksheet)

    return Reader()


def _needed(path, limit: int, wanted: Callable[[str], bool]) -> set[str]:
    """The parts ita_xl's own engines read for ``wanted`` sheets: the ones checked before openpyxl parses them."""
    with zipfile.ZipFile(path) as archive:
        found = package.book(archive, [limit])
        if found is None:
            return set()
        names = package.Names(archive)
        workbook = package.workbook_part(archive, [limit], names)
        rels = names.get(package.relationships_of(workbook))
        sheets = {part for name, part in found.sheets if part and wanted(name)}
        return {part for part in (workbook, rels, found.shared_strings, found.styles) if part} | sheets


def _style_kinds(book) -> list:
    """The number format of each cell style, as openpyxl indexed them (custom ids rebased to 164+)."""
    from openpyxl.styles.numbers import BUILTIN_FORMATS_MAX_SIZE
    kinds = []
    for style in book._cell_styles:
        number = style.numFmtId
        if number >= BUILTIN_FORMATS_MAX_SIZE:
            code = book._number_formats[number - BUILTIN_FORMATS_MAX_SIZE]
            kinds.append(formats.format_kind(-1, {-1: code}))
        else:
            kinds.append(formats.format_kind(number, {}))
    return kinds


def _cell_parser(shared_strings, epoch):
    from openpyxl.worksheet._reader import FORMULA_TAG, VALUE_TAG, WorkSheetParser

    class CellParser(WorkSheetParser):
        """openpyxl's cell parser, one cell at a time: an unreadable cell becomes a ``BadCell``
        (or a reference naming no cell) instead of ending the whole workbook; the text of a
        formula saved without a result is kept for the reader's message."""

        def parse_cell(self, element):
            if element.tag != MAIN + "c":
                return None
            ref, style = element.get("r"), element.get("s")
            if ref and formats.split_reference(ref):     # d5 and $D$5 name D5, as the fast engine reads them
                element.set("r", ref.replace("$", "").upper())
            if style is not None and not (style.isascii() and style.isdigit()):
                element.set("s", "0")                   # a style that is none is the default one
            try:
                cell = super().parse_cell(element)
                formula = self.parse_formula(element) if element.find(FORMULA_TAG) is not None else None
            except (ValueError, TypeError, IndexError, KeyError, AttributeError):
                return self._unreadable(element)
            value = cell["value"]
            if isinstance(value, (int, float)) and cell["data_type"] == "n" and not isinstance(value, bool):
                stored = formats.number(element.findtext(VALUE_TAG) or "")     # 9_0 is no number
                if isinstance(stored, formats.BadCell) or not math.isfinite(value):
                    cell["value"] = formats.BadCell(element.findtext(VALUE_TAG))
            if cell["value"] is None and formula is not None:
                cell["formula"] = str(getattr(formula, "text", formula))
            return cell

        def _unreadable(self, element):
            ref = element.get("r")
            if ref is not None:
                position = formats.split_reference(ref)
                if position is None:
                    return {"bad_reference": ref}
            else:
                position = (self.row_counter - 1, self.col_counter - 1)
            kind = "date" if element.get("t") == "d" else "value"
            return {"row": position[0] + 1, "column": position[1] + 1, "data_type": "e", "style_id": 0,
                    "value": formats.BadCell(element.findtext(VALUE_TAG) or "", kind)}

    return CellParser(None, shared_strings, data_only=True, epoch=epoch)


def _read_sheet(book, worksheet, kinds) -> SheetCells:
    from defusedxml.ElementTree import iterparse
    from openpyxl.worksheet.merge import MergeCells

    cells = SheetCells()
    parser = _cell_parser(worksheet._shared_strings, book.epoch)
    path: list[str] = []
    with worksheet._get_source() as source:
        for event, element in iterparse(source, events=("start", "end"), forbid_dtd=True):
            if event == "start":
                path.append(element.tag)
                continue
            path.pop()
            if element.tag == MAIN + "row" and path[1:] == [MAIN + "sheetData"]:
                _read_row(parser, element, cells, kinds, book.epoch)
                element.clear()
            elif element.tag == MAIN + "mergeCells" and len(path) == 1:
                for merge in MergeCells.from_tree(element).mergeCell:
                    cells.merge(str(merge.ref))
            if len(path) <= 1:
                element.clear()
    return cells


def _read_row(parser, element, cells: SheetCells, kinds, epoch) -> None:
    try:
        _, parsed = parser.parse_row(element)
    except ValueError:
        cells.bad_reference(f"row {element.get('r')}")
        return
    for cell in parsed:
        if cell is None:
            continue
        if "bad_reference" in cell:
            cells.bad_reference(cell["bad_reference"])
            continue
        position = (cell["row"] - 1, cell["column"] - 1)
        value = _shown(cell, kinds, epoch, cells.number_formats, position)
        cells.put(formats.cell_name(*position), position, value, cell.get("formula") if value is None else None)


def _shown(cell: dict, kinds: list, epoch, number_formats: dict, position: tuple[int, int]):
    """A cell's value as shown: text unescaped, dates and percentages by the rules every engine shares;
    a number shown otherwise than General keeps its format and stored number in ``number_formats``."""
    value = cell["value"]
    if isinstance(value, str):
        return formats.unescape(value) if cell["data_type"] == "s" else value
    if cell["data_type"] != "n" or value is None or isinstance(value, formats.BadCell):
        return value
    style = cell.get("style_id") or 0
    shown = kinds[style] if 0 <= style < len(kinds) else None
    if shown is None:
        return value
    kind = shown if shown == "date" else shown.kind_of(value)
    if kind == "date":
        return formats.from_serial(value, epoch)
    number_formats[position] = (shown, value)
    return formats.percent_points(value) if kind == "percent" else value



def read_cells(path, wanted: Callable[[str], bool], limit: int) -> dict[str, SheetCells]:
    from defusedxml import DefusedXmlException

    try:
        with _Package(path, limit, _needed(path, limit, wanted)) as archive:
            reader = _reader(archive, wanted)
            reader.read()
            book = reader.wb
            kinds = _style_kinds(book)
            return {sheet.title: _read_sheet(book, sheet, kinds) for sheet in book.worksheets if wanted(sheet.title)}
    except UnsafeXml:
        raise
    except Exception as error:
        if _caused_by(error, DefusedXmlException):
            raise UnsafeXml() from None
        raise


def _caused_by(error: BaseException | None, kind: type) -> bool:
    """openpyxl wraps a part's parse error in its own: look down the chain."""
    while error is not None:
        if isinstance(error, kind):
            return True
        error = error.__cause__ or error.__context__
    return False
