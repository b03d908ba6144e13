"""The fast reading engine: the cells of an .xlsx straight from its XML, several times faster than
openpyxl, which matters when a province reads thousands of files. Parts in the plain form every
spreadsheet program writes are matched whole by ``scan``; any other goes through the standard
library's C parser (expat). What a template's files share is parsed once for as long as its owner
keeps a ``Remembered`` (a batch worker), else once per file.

It reads only what ita_xl needs (cell values as shown, formulas saved without a result,
merged ranges) and only the sheets asked for, found through the package's relationships
(``package``). Safety, for files from anywhere (``safe_xml``): a DOCTYPE, and so any entity
declaration, is refused outright; every part is inflated as a stream against a budget shared by
the whole workbook, so a zip whose headers lie about its sizes stops at the limit; nesting
deeper than a workbook needs is refused, on the quick path as on expat's; only the cells
present are kept, never a grid.
"""
from __future__ import annotations

import contextlib
import zipfile
from collections.abc import Callable

from . import formats, package, safe_xml, scan
from .cells import SheetCells, UnsafeXml
from .number_format import VARIES
from .package import Remembered, remembered
from .safe_xml import MAX_DEPTH, Handler, NestedTooDeep, inflate, parse, parse_bytes

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
MAX_OUTSIDE = 256 * 1024    # bytes of a part outside what the quick path reads (a template's: 1-30 KB)

SHEET_DATA, ROW, CELL, VALUE, FORMULA = (MAIN + tag for tag in ("sheetData", "row", "c", "v", "f"))
INLINE, TEXT, RUN, MERGE_CELLS, MERGE_CELL = (MAIN + tag for tag in ("is", "t", "r", "mergeCells", "mergeCell"))
SHARED_ITEM, NUMBER_FORMATS, NUMBER_FORMAT, CELL_FORMATS, FORMAT = (
    MAIN + tag for tag in ("si", "numFmts", "numFmt", "cellXfs", "xf"))
_parse_bytes = parse_bytes     # the tests drive the callbacks as the engine does


def _scannable(archive: zipfile.ZipFile, name: str) -> bool:
    """Whether ``scan`` should try part ``name``: parts that say they are small (the zip cannot
    inflate a member beyond its stated size); a big one streams through expat in bounded memory."""
    return archive.getinfo(name).file_size <= scan.MAX_PART


class _Styles(Handler):
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

    def kinds(self) -> list:
        return [formats.format_kind(number, self.custom) for number in self.ids]


def _style_kinds(archive: zipfile.ZipFile, name: str | None, budget, memory: Remembered) -> list:
    """What the number format of each cell style makes of a number (see ``formats.format_kind``);
    a part ``memory`` holds byte for byte is not parsed again."""
    if name is None:
        return []
    data = inflate(archive, name, budget)

    def parsed() -> list:
        styles = _Styles()
        parse_bytes(data, (styles.start, styles.end))
        return styles.kinds()
    return memory.part(("styles", data), parsed)


def _shared_strings(archive, name: str, budget, memory: Remembered, plain: bool = True) -> list[str]:
    """Each shared string as shown: its text and its runs' text, without phonetic guides (``rPh``).
    A part in the plain form is matched whole by ``scan``; any other goes through expat."""
    if plain and _scannable(archive, name):
        data = inflate(archive, name, budget)
        try:
            return _scan_shared_strings(data, memory)
        except scan.NotPlain:
            strings: list[str] = []
            parse_bytes(data, _shared_strings_callbacks(strings))
            return strings
    strings = []
    parse(archive, name, budget, *_shared_strings_callbacks(strings))
    return strings


def _shared_strings_callbacks(strings: list[str]):
    """Expat's callbacks appending each shared string to ``strings``. They are closures over local
    state, not methods: expat calls them for every element of the part, and a closure's variables
    cost less to reach than an object's."""
    pieces: list[str] = []
    stack: list[str] = []
    push, pop, add = stack.append, stack.pop, pieces.append
    capturing = False

    def start(tag, attrs):
        nonlocal capturing
        push(tag)
        depth = len(stack)
        if depth > MAX_DEPTH:
            raise NestedTooDeep()
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

    return start, end, text


def _cells(cells: SheetCells, strings: list[str], kinds: list, epoch, memory: Remembered | None = None) -> scan.Sink:
    """How a row's start, a finished cell and a merged range become ``cells``, whichever path (expat
    callbacks or ``scan``) found them. Rows and cells without an ``r`` follow the previous one, as
    openpyxl places them; the positions of references come from ``memory``.

    ``add_cell(ref, style, kind, text, formula, formula_text, inline)``: the cell's ``r``, ``s`` and
    ``t`` ("n" when absent), the text of its ``<v>`` ("" when none), its ``<f>``'s attributes (None
    when none) and text, the text of its inline string (None when none), all with XML's own escapes
    already undone. A number shown otherwise than General keeps its format and stored number in
    ``cells.number_formats``, for the text a text field shows. The functions are closures, not
    methods: they run for every cell (see ``_shared_strings_callbacks``)."""
    values, unsaved, number_formats = cells.values, cells.unsaved_formulas, cells.number_formats
    memory = memory or Remembered()
    positions, position_of = memory.positions, memory.position
    cell_value, displayed = _cell_values(strings, kinds, epoch)
    cell_formula = _cell_formulas()
    row = col = -1

    def new_row(number: str | None) -> bool:
        """The row's number, or the next one; False (its cells are not read) for a number that is none,
        as openpyxl skips such a row."""
        nonlocal row, col
        col = -1
        if number is None:
            row += 1
            return True
        try:
            row = int(number) - 1
        except ValueError:
            try:
                value = float(number)
            except ValueError:
                value = 0.5
            if not value.is_integer():
                cells.bad_reference(f"row {number}")
                return False
            row = int(value) - 1
        return True

    def add_cell(ref: str | None, style: str | None, kind: str, text: str, formula: dict | None = None,
                 formula_text: str = "", inline: str | None = None) -> None:
        nonlocal col
        if ref is None:
            col += 1
            position = (row, col)
            ref = formats.cell_name(*position) if row >= 0 else f"#{col + 1}"
        else:
            position = positions.get(ref) or position_of(ref)
            if position is not None:
                col = position[1]
        if not text and inline is None and formula is None:     # an empty cell, only formatted
            if position is None or not formats.in_grid(*position):
                cells.bad_reference(ref)
            return
        value = cell_value(style, kind, text, inline)
        if displayed[0] is not None:
            if position is not None:
                number_formats[position] = displayed[0]
            displayed[0] = None
        shown = cell_formula(position, formula, formula_text) if formula is not None else None  # a master is kept
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

    return scan.Sink(new_row, add_cell, cells.merge)


def _cell_values(strings: list[str], kinds: list, epoch):
    """``cell_value(style, kind, text, inline)``: a cell's value as shown, from its ``s``, its ``t``,
    the text of its ``<v>`` and of its inline string; and ``displayed``, whose one item is the last
    number's (format, stored number) when its format is not General, until its cell takes it."""
    style_kinds: dict[str | None, object] = {}
    displayed: list = [None]

    def cell_value(style, kind, text, inline):
        if kind == "inlineStr":
            return None if inline is None else formats.unescape(inline)
        if not text:
            return None
        if kind == "s":
            try:
                return strings[int(text)]
            except (ValueError, IndexError):
                return formats.BadCell(text)
        if kind == "n":
            return numeric(style, text)
        if kind == "b":
            try:
                return bool(int(text))
            except ValueError:
                return formats.BadCell(text)
        if kind == "str" or kind == "e":
            return formats.unescape(text) if kind == "str" else text
        if kind == "d":
            return formats.from_iso(text)
        return numeric(style, text)            # any other type reads as a number, as openpyxl reads it

    def numeric(style, text):
        """A number as its style shows it: a date serial as a date, a percentage in points."""
        value = formats.number(text)
        if isinstance(value, formats.BadCell):
            return value
        try:
            shown = style_kinds[style]
        except KeyError:
            shown = style_kinds[style] = _style_kind(kinds, style)
        if shown is None:
            return value
        kind, number_format = shown
        if kind is VARIES:
            kind = number_format.kind_of(value)
        if kind == "date":
            return formats.from_serial(value, epoch)
        if number_format is not None:
            displayed[0] = (number_format, value)
        return formats.percent_points(value) if kind == "percent" else value

    return cell_value, displayed


def _cell_formulas():
    """``cell_formula(position, formula, text)``: ``=`` and the formula of a cell saved without a
    result; a shared formula's dependants are translated from its master, met earlier in the sheet."""
    masters: dict[str, tuple[str, str]] = {}

    def cell_formula(position, formula: dict, text: str) -> str:
        here = formats.cell_name(*position) if position else ""
        if formula.get("t") == "shared":
            index = formula.get("si")
            if text:
                masters[index] = ("=" + text, here)
            elif index in masters:
                return formats.translate(*masters[index], here)
        return "=" + text

    return cell_formula


def _sheet(archive, name: str, budget, strings: list[str], kinds: list, epoch, memory: Remembered,
           plain: bool = True) -> SheetCells:
    """One worksheet's cells: only ``worksheet/sheetData/row/c`` are cells, anywhere else is not.

    A part in the plain form every spreadsheet program writes is matched whole by ``scan``;
    any other (or every part, when not ``plain``) goes through expat's callbacks."""
    cells = SheetCells()
    sink = _cells(cells, strings, kinds, epoch, memory)
    if plain and _scannable(archive, name):
        data = inflate(archive, name, budget)
        try:
            _scan_sheet(data, sink, memory)
            return cells
        except scan.NotPlain:
            cells = SheetCells()
            parse_bytes(data, _sheet_callbacks(_cells(cells, strings, kinds, epoch, memory)))
            return cells
    parse(archive, name, budget, *_sheet_callbacks(sink))
    return cells


def _scan_sheet(data: bytes, sink: scan.Sink, memory: Remembered | None = None) -> None:
    """A worksheet through the quick path (see ``scan``), or ``scan.NotPlain``."""
    located = scan.locate(data, "sheetData")
    prefixes, merges = _outside(located, 2, memory or Remembered())
    for ref in merges:
        sink.merge(ref)
    scan.rows(located, sink, prefixes)


def _scan_shared_strings(data: bytes, memory: Remembered | None = None) -> list[str]:
    located = scan.locate(data, "sst")
    return scan.shared_strings(located, _outside(located, 1, memory or Remembered())[0])


def _outside(located: scan.Located, depth: int, memory: Remembered) -> tuple[dict[str, str], list[str]]:
    """What the part holds outside what ``scan`` reads: the prefixes its root declares and (for a
    worksheet) its merged ranges, once it is known to be well-formed and the element read the one
    expat would read. It is the same for the files of one template and year, so it is remembered."""
    outside = located.outside

    def parsed() -> tuple[dict[str, str], list[str]]:
        if len(outside) > MAX_OUTSIDE or not safe_xml.well_formed_within_depth(outside):
            raise scan.NotPlain()    # the whole part through expat then says what is wrong
        prefixes = scan.placed(located, depth)
        return prefixes, scan.merged_ranges(located, prefixes) if depth > 1 else []
    return memory.part(("outside", located.tag, outside), parsed)


def _sheet_callbacks(sink: scan.Sink):
    """Expat's callbacks for a worksheet. They are closures for speed (see ``_shared_strings``) and
    keep only the depth and the few open elements a cell's path is checked against; a cell is
    handed to ``add_cell`` when it ends."""
    new_row, add_cell, merge = sink.new_row, sink.add_cell, sink.merge
    parts: list[str] = []                   # the text of the cell's <v>
    depth = 0
    at_2 = at_3 = at_5 = at_6 = ""          # the open elements at depths 2, 3, 5 and 6: all the path a cell needs
    skip_row = False
    cell: dict | None = None                # the attributes of the open cell
    texts: list[str] | None = None          # the text of its inline string
    formula: dict | None = None             # the attributes of its <f>
    formula_text: list[str] = []
    capture: list[str] | None = None

    def start(tag, attrs):
        nonlocal depth, at_2, at_3, at_5, at_6, cell, texts, formula, formula_text, capture, skip_row
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
                skip_row = not new_row(attrs.get("r"))
            elif tag == MERGE_CELL and at_2 == MERGE_CELLS:
                merge(attrs.get("ref", ""))
        elif depth > 5:
            if depth > MAX_DEPTH:
                raise NestedTooDeep()
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
                add_cell(cell.get("r"), cell.get("s"), cell.get("t", "n"), "".join(parts), formula,
                         "".join(formula_text) if formula is not None else "",
                         None if texts is None else "".join(texts))
                cell = None
        elif ended == 3 and tag == ROW:
            skip_row = False
        capture = None

    def text(data):
        if capture is not None:
            capture.append(data)

    return start, end, text


def _style_kind(kinds: list, number: str | None) -> tuple | None:
    """What the number format of cell style ``number`` (the ``s`` attribute, 0 when absent) makes of a
    number: None for General, else (what every number is shown as, or ``VARIES``; the ``NumberFormat``
    or None). A style that is none (``s="eleven"``, a damaged file) is the default one, as Excel
    repairs it."""
    index = int(number) if number is not None and number.isascii() and number.isdigit() else 0
    shown = kinds[index] if 0 <= index < len(kinds) else None
    if shown is None:
        return None
    return (shown, None) if isinstance(shown, str) else (shown.fixed, shown)


def read_cells(source, wanted: Callable[[str], bool], limit: int, plain: bool = True) -> dict[str, SheetCells]:
    """The cells of every worksheet whose name ``wanted`` accepts, by name, in workbook order, from
    ``source`` (a path, or the workbook's archive already open); ``plain`` False reads every part
    through expat (the differential tests hold both ways alike). Parts are found by the package's
    relationships (``package``); a sheet whose part is missing has no cells."""
    budget = [limit]
    memory = remembered()
    with contextlib.nullcontext(source) if isinstance(source, zipfile.ZipFile) else zipfile.ZipFile(source) \
            as archive:
        book = package.book(archive, budget, memory)
        sheets = [(name, part) for name, part in (book.sheets if book else []) if wanted(name)]
        if not sheets:
            return {}
        part = book.shared_strings                      # the part being read, for a refusal to name
        try:
            strings = _shared_strings(archive, part, budget, memory, plain) if part else []
            part = book.styles
            kinds = _style_kinds(archive, part, budget, memory)
            found = {}
            for name, part in sheets:
                found[name] = _sheet(archive, part, budget, strings, kinds, book.epoch, memory, plain) \
                    if part else SheetCells()
            return found
        except UnsafeXml as error:
            error.part = error.part or part
            raise
