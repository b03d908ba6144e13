"""The reference reading engine: openpyxl parses the workbook, its styles, its shared strings
and every cell, so that a differential test can hold ita_xl's own reader against it.

openpyxl's public readers cannot serve as they are: read-only mode trusts the sheet's
``<dimension>`` and silently drops rows that come out of order, the normal mode builds a
grid as large as the furthest reference, and one unreadable cell aborts the whole workbook.
So the structure is walked here (only ``worksheet/sheetData/row/c`` are cells) and each
row is handed to openpyxl's own row and cell parser, one bad cell at a time. This leans on
openpyxl's worksheet parser (``openpyxl.worksheet._reader``), which is internal: the
engine tests run on every install and would catch a change.
"""
from __future__ import annotations

import math
import zipfile
from collections.abc import Callable

from . import formats
from .cells import SheetCells, UnsafeXml, WorkbookTooBig

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def _check_inflated(path, limit: int) -> None:
    """Inflate every member as a stream: openpyxl trusts the sizes the zip's headers declare."""
    left = limit
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            with archive.open(info) as stream:
                while chunk := stream.read(1 << 16):
                    left -= len(chunk)
                    if left < 0:
                        raise WorkbookTooBig()


def _style_kinds(book) -> list[str | None]:
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
            ref = element.get("r")
            if ref and formats.split_reference(ref):     # d5 and $D$5 name D5, as the fast engine reads them
                element.set("r", ref.replace("$", "").upper())
            try:
                cell = super().parse_cell(element)
                formula = self.parse_formula(element) if element.find(FORMULA_TAG) is not None else None
            except (ValueError, TypeError, IndexError, KeyError, AttributeError):
                return self._unreadable(element)
            value = cell["value"]
            if isinstance(value, float) and not math.isfinite(value):
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
        value = _shown(cell, kinds, epoch)
        cells.put(formats.cell_name(*position), position, value, cell.get("formula") if value is None else None)


def _shown(cell: dict, kinds: list[str | None], epoch):
    """A cell's value as shown: text unescaped, dates and percentages by the rules both engines share."""
    value = cell["value"]
    if isinstance(value, str):
        return formats.unescape(value) if cell["data_type"] == "s" else value
    if cell["data_type"] != "n" or value is None:
        return value
    style = cell.get("style_id") or 0
    kind = kinds[style] if style < len(kinds) else None
    if kind == "date":
        return formats.from_serial(value, epoch)
    return formats.percent_points(value) if kind == "percent" else value


def read_cells(path, wanted: Callable[[str], bool], limit: int) -> dict[str, SheetCells]:
    import openpyxl
    from defusedxml import DefusedXmlException

    _check_inflated(path, limit)
    try:
        with open(path, "rb") as file:
            book = openpyxl.load_workbook(file, read_only=True, data_only=True)
            try:
                kinds = _style_kinds(book)
                return {sheet.title: _read_sheet(book, sheet, kinds) for sheet in book.worksheets
                        if wanted(sheet.title)}
            finally:
                book.close()
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
