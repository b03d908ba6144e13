"""The fast reading engine: the cells of an .xlsx straight from its XML, several times faster than
openpyxl, which matters when a province reads thousands of files. Parts in the plain form every
spreadsheet program writes are matched whole by ``scan``; any other goes through the standard
library's C parser (expat). What a template's files share is parsed once for as long as its owner
keeps a ``Remembered`` (a batch worker), else once per file.

It reads only what ita_xl needs (cell values as shown, formulas saved without a result,
merged ranges) and only the sheets asked for. Safety, for files from anywhere: a DOCTYPE,
and so any entity declaration, is refused outright (defusedxml's ``forbid_dtd``); every
part is inflated as a stream against a budget shared by the whole workbook, so a zip whose
headers lie about its sizes stops at the limit; nesting deeper than a workbook needs is
refused; only the cells present are kept, never a grid.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import posixpath
import zipfile
from collections.abc import Callable
from contextvars import ContextVar
from pyexpat import ExpatError, ParserCreate

from . import formats, scan
from .cells import SheetCells, UnsafeXml, WorkbookTooBig

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
RELATIONSHIP_ID = "http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
RELATIONSHIP = "http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
MAX_DEPTH = 128
MAX_OUTSIDE = 256 * 1024    # bytes of a part outside what the quick path reads (a template's: 1-30 KB)
CHUNK = 1 << 16

SHEET_DATA, ROW, CELL, VALUE, FORMULA = (MAIN + tag for tag in ("sheetData", "row", "c", "v", "f"))
INLINE, TEXT, RUN, MERGE_CELLS, MERGE_CELL = (MAIN + tag for tag in ("is", "t", "r", "mergeCells", "mergeCell"))
SHARED_ITEM, NUMBER_FORMATS, NUMBER_FORMAT, CELL_FORMATS, FORMAT = (
    MAIN + tag for tag in ("si", "numFmts", "numFmt", "cellXfs", "xf"))


class Remembered:
    """What a reader remembers from one file to the next: small parts already parsed (workbook,
    relationships, styles, what a part holds outside what ``scan`` reads), by their bytes, and the
    position of each cell reference met ("D5" -> (4, 3)). The files of a province come from one
    template and share them, so a batch worker reading thousands keeps one for all of them
    (``remembered_across_files``); any other reading has its own, gone when the file is read.
    Bounded, so that files all different, or a hostile one, cannot grow it."""

    MAX_PARTS = 64                  # parts remembered; the oldest are forgotten all at once
    MAX_PART_BYTES = 1 << 16        # a bigger part is parsed each time
    MAX_POSITIONS = 1 << 16         # references remembered (only those inside the grid)

    def __init__(self):
        self.parts: dict[tuple, object] = {}
        self.positions: dict[str, tuple[int, int]] = {}

    def part(self, key: tuple, make: Callable[[], object]):
        """The value parsed from the parts in ``key[1:]`` (bytes), made by ``make`` when not remembered."""
        found = self.parts.get(key)
        if found is None:
            found = make()
            if sum(len(part) for part in key[1:]) <= self.MAX_PART_BYTES:
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


def _parser(start, end, text=None):
    parser = ParserCreate(namespace_separator="}")
    parser.buffer_text = True
    parser.StartDoctypeDeclHandler = parser.EntityDeclHandler = _refuse
    parser.StartElementHandler, parser.EndElementHandler = start, end
    if text is not None:
        parser.CharacterDataHandler = text
    return parser


def _parse(archive: zipfile.ZipFile, name: str, budget: list[int], start, end, text=None) -> None:
    """Stream part ``name`` through expat, inflating no more than the budget left."""
    parser = _parser(start, end, text)
    with archive.open(name) as stream:
        while chunk := stream.read(CHUNK):
            budget[0] -= len(chunk)
            if budget[0] < 0:
                raise WorkbookTooBig()
            parser.Parse(chunk, False)
        parser.Parse(b"", True)


def _parse_bytes(data: bytes, callbacks) -> None:
    _parser(*callbacks).Parse(data, True)


def _inflate(archive: zipfile.ZipFile, name: str, budget: list[int]) -> bytes:
    """Part ``name`` whole, inflating no more than the budget left."""
    chunks = []
    with archive.open(name) as stream:
        while chunk := stream.read(CHUNK):
            budget[0] -= len(chunk)
            if budget[0] < 0:
                raise WorkbookTooBig()
            chunks.append(chunk)
    return b"".join(chunks)


def _scannable(archive: zipfile.ZipFile, name: str) -> bool:
    """Whether ``scan`` should try part ``name``: parts that say they are small (the zip cannot
    inflate a member beyond its stated size); a big one streams through expat in bounded memory."""
    return archive.getinfo(name).file_size <= scan.MAX_PART


class _Elements(_Handler):
    """The attributes of every element with one of the given tags (the small parts: workbook, relationships)."""

    def __init__(self, tags: tuple[str, ...]):
        super().__init__()
        self.found: dict[str, list[dict]] = {tag: [] for tag in tags}

    def start(self, tag, attrs):
        super().start(tag, attrs)
        if tag in self.found:
            self.found[tag].append(attrs)


def _elements(data: bytes, *tags: str) -> dict[str, list[dict]]:
    handler = _Elements(tags)
    _parse_bytes(data, (handler.start, handler.end))
    return handler.found


def worksheets(archive: zipfile.ZipFile, budget, remembered: Remembered) -> tuple[list[tuple[str, str]], dt.datetime]:
    """(name, part) of every worksheet in workbook order, and the workbook's date epoch; chartsheets
    and dialog sheets are not worksheets (openpyxl tells them apart by the relationship's type too).
    Parts ``remembered`` byte for byte are not parsed again."""
    parts = tuple(_inflate(archive, name, budget) for name in ("xl/_rels/workbook.xml.rels", "xl/workbook.xml"))
    found = remembered.part(("workbook", *parts), lambda: _worksheets(*parts))
    return found[0][:], found[1]


def _worksheets(rels_part: bytes, workbook_part: bytes) -> tuple[list[tuple[str, str]], dt.datetime]:
    rels = {rel.get("Id"): rel for rel in _elements(rels_part, RELATIONSHIP)[RELATIONSHIP]}
    workbook = _elements(workbook_part, MAIN + "sheet", MAIN + "workbookPr")
    found = []
    for sheet in workbook[MAIN + "sheet"]:
        rel = rels.get(sheet.get(RELATIONSHIP_ID), {})
        target = rel.get("Target", "")
        if target and rel.get("Type", "").endswith("/worksheet"):
            part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
            found.append((sheet.get("name", ""), part))
    properties = workbook[MAIN + "workbookPr"]
    date1904 = bool(properties) and properties[0].get("date1904", "").lower() in ("1", "true")
    return found, formats.MAC_EPOCH if date1904 else formats.WINDOWS_EPOCH


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


def _style_kinds(archive: zipfile.ZipFile, budget, remembered: Remembered) -> list[str | None]:
    """The kind of number format of each cell style."""
    if "xl/styles.xml" not in archive.NameToInfo:
        return []
    data = _inflate(archive, "xl/styles.xml", budget)

    def parsed() -> list[str | None]:
        styles = _Styles()
        _parse_bytes(data, (styles.start, styles.end))
        return styles.kinds()
    return remembered.part(("styles", data), parsed)


def _shared_strings(archive, name: str, budget, remembered: Remembered, plain: bool = True) -> list[str]:
    """Each shared string as shown: its text and its runs' text, without phonetic guides (``rPh``).
    A part in the plain form is matched whole by ``scan``; any other goes through expat."""
    if plain and _scannable(archive, name):
        data = _inflate(archive, name, budget)
        try:
            return _scan_shared_strings(data, remembered)
        except scan.NotPlain:
            strings: list[str] = []
            _parse_bytes(data, _shared_strings_callbacks(strings))
            return strings
    strings = []
    _parse(archive, name, budget, *_shared_strings_callbacks(strings))
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

    return start, end, text


def _cells(cells: SheetCells, strings: list[str], kinds: list[str | None], epoch,
           remembered: Remembered | None = None) -> scan.Sink:
    """How a row's start, a finished cell and a merged range become ``cells``, whichever path (expat
    callbacks or ``scan``) found them. Rows and cells without an ``r`` follow the previous one, as
    openpyxl places them.

    ``add_cell(ref, style, kind, text, formula, formula_text, inline)``: the cell's ``r``, ``s`` and
    ``t`` ("n" when absent), the text of its ``<v>`` ("" when none), its ``<f>``'s attributes (None
    when none) and text, the text of its inline string (None when none), all with XML's own escapes
    already undone. The functions are closures, not methods: they run for every cell (see
    ``_shared_strings_callbacks``)."""
    values, unsaved = cells.values, cells.unsaved_formulas
    remembered = remembered or Remembered()
    positions, position_of = remembered.positions, remembered.position
    cell_value, cell_formula = _cell_values(strings, kinds, epoch), _cell_formulas()
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


def _cell_values(strings: list[str], kinds: list[str | None], epoch):
    """``cell_value(style, kind, text, inline)``: a cell's value as shown, from its ``s``, its ``t``,
    the text of its ``<v>`` and of its inline string."""
    style_kinds: dict[str | None, str | None] = {}

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
        if shown == "date":
            return formats.from_serial(value, epoch)
        return formats.percent_points(value) if shown == "percent" else value

    return cell_value


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


def _sheet(archive, name: str, budget, strings: list[str], kinds: list[str | None], epoch,
           remembered: Remembered, plain: bool = True) -> SheetCells:
    """One worksheet's cells: only ``worksheet/sheetData/row/c`` are cells, anywhere else is not.

    A part in the plain form every spreadsheet program writes is matched whole by ``scan``;
    any other (or every part, when not ``plain``) goes through expat's callbacks."""
    cells = SheetCells()
    sink = _cells(cells, strings, kinds, epoch, remembered)
    if plain and _scannable(archive, name):
        data = _inflate(archive, name, budget)
        try:
            _scan_sheet(data, sink, remembered)
            return cells
        except scan.NotPlain:
            cells = SheetCells()
            _parse_bytes(data, _sheet_callbacks(_cells(cells, strings, kinds, epoch, remembered)))
            return cells
    _parse(archive, name, budget, *_sheet_callbacks(sink))
    return cells


def _scan_sheet(data: bytes, sink: scan.Sink, remembered: Remembered | None = None) -> None:
    """A worksheet through the quick path (see ``scan``), or ``scan.NotPlain``."""
    located = scan.locate(data, "sheetData")
    prefixes, merges = _outside(located, 2, remembered or Remembered())
    for ref in merges:
        sink.merge(ref)
    scan.rows(located, sink, prefixes)


def _scan_shared_strings(data: bytes, remembered: Remembered | None = None) -> list[str]:
    located = scan.locate(data, "sst")
    return scan.shared_strings(located, _outside(located, 1, remembered or Remembered())[0])


def _outside(located: scan.Located, depth: int, remembered: Remembered) -> tuple[dict[str, str], list[str]]:
    """What the part holds outside what ``scan`` reads: the prefixes its root declares and (for a
    worksheet) its merged ranges, once it is known to be well-formed and the element read the one
    expat would read. It is the same for the files of one template and year, so it is remembered."""
    def parsed() -> tuple[dict[str, str], list[str]]:
        _well_formed(located.outside)
        prefixes = scan.placed(located, depth)
        return prefixes, scan.merged_ranges(located, prefixes) if depth > 1 else []
    return remembered.part(("outside", located.tag, located.outside), parsed)


def _well_formed(outside: bytes) -> None:
    """``scan.NotPlain`` unless expat reads the part outside what ``scan`` reads, refusing nothing. No
    Python runs per element, so nesting is not counted here: what ``scan`` reads cannot nest, and
    ``MAX_OUTSIDE`` keeps expat's own stack of open elements small. (The expat path refuses nesting
    deeper than ``MAX_DEPTH`` because it streams parts of any size: a deeply nested but otherwise
    plain small part is read here, as openpyxl reads it, and refused there.)"""
    if len(outside) > MAX_OUTSIDE:
        raise scan.NotPlain()
    parser = ParserCreate(namespace_separator="}")
    parser.StartDoctypeDeclHandler = parser.EntityDeclHandler = _refuse
    try:
        parser.Parse(outside, True)
    except (ExpatError, UnsafeXml):
        raise scan.NotPlain() from None      # the whole part through expat then says what is wrong


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


def _style_kind(kinds: list[str | None], number: str | None) -> str | None:
    """The kind of number format of cell style ``number`` (the ``s`` attribute, 0 when absent)."""
    try:
        return kinds[int(number if number is not None else 0)]
    except (ValueError, IndexError):
        return None


def read_cells(source, wanted: Callable[[str], bool], limit: int, plain: bool = True) -> dict[str, SheetCells]:
    """The cells of every worksheet whose name ``wanted`` accepts, by name, in workbook order, from
    ``source`` (a path, or the workbook's archive already open); ``plain`` False reads every part
    through expat (the differential tests hold both ways alike)."""
    budget = [limit]
    remembered = _ACROSS_FILES.get() or Remembered()
    with contextlib.nullcontext(source) if isinstance(source, zipfile.ZipFile) else zipfile.ZipFile(source) \
            as archive:
        every, epoch = worksheets(archive, budget, remembered)
        sheets = [(name, part) for name, part in every if wanted(name)]
        if not sheets:
            return {}
        strings = []
        if "xl/sharedStrings.xml" in archive.NameToInfo:
            strings = _shared_strings(archive, "xl/sharedStrings.xml", budget, remembered, plain)
        kinds = _style_kinds(archive, budget, remembered)
        found = {}
        for name, part in sheets:
            found[name] = _sheet(archive, part, budget, strings, kinds, epoch, remembered, plain) \
                if part in archive.NameToInfo else SheetCells()
        return found
