"""Reading: an input workbook becomes an ``Assessment``, or a list of located problems.

Sheets and columns are found by their labels (Thai, or the English alias, compared
after normalising what other programs do to Thai text), with header rows anywhere
in the first ten rows. Cells are read as the spreadsheet shows them. Every problem
names the file, the sheet and the cell, and reading goes on after a problem so that
``validate`` can list them all at once; what reads but looks wrong (a score typed as
a fraction, a Buddhist year in a Christian calendar) becomes a located note.
"""
from __future__ import annotations

import datetime as dt
import re
import zipfile
import zlib
from bisect import bisect_left, bisect_right
from collections.abc import Mapping
from functools import cache, lru_cache
from pathlib import Path

from .. import input_sheets
from ..catalogue import aliases, t
from ..errors import FrameworkError, InputError, InputProblems
from ..frameworks import Framework
from ..frameworks.resolve import resolve_framework
from ..model import Agency, Assessment, ItemScore, Measure, ReadingNote, Stated
from ..thai import (
    BE_OFFSET,
    BUDDHIST_YEARS_FROM,
    be_date,
    clean,
    parse_date,
    parse_number,
    parse_year,
    squeezed,
)
from .engines import (
    ENGINES,
    NestedTooDeep,
    SheetCells,
    UnsafeXml,
    WorkbookTooBig,
    read_cells,
)
from .engines.formats import MAX_ROWS, BadCell, cell_name
from .engines.number_format import general
from .engines.safe_xml import MAX_DEPTH
from .file_kind import MAX_EXPANDED, custom_properties, open_workbook
from .measures import read_measures

HEADER_SEARCH_ROWS = 10
# the stand-in wording earlier templates gave an item whose wording was not known
PLACEHOLDER = re.compile(r"ข้อ\s*\S+\s*ของแบบตรวจ\s*\S+\s*ปี\s*[0-9๐-๙]{4}|\S+ item \S+ of the [0-9]{4} form")
TEMPLATE_YEAR = "ita_xl_year"   # set by ita-xl template: the year whose items the template holds
MAX_PROBLEMS = 500          # a hostile file may have millions; validate lists this many and counts the rest
SCORE_MIN, SCORE_MAX = 0.0, 100.0
_EXCEL_ERRORS = {"#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!",
                 "#GETTING_DATA", "#SPILL!", "#CALC!"}


def shown(value) -> str:
    """A cell's value as quoted in a one-line message: whitespace folded, long text cut."""
    text = " ".join(str(value).split())
    return text if len(text) <= 40 else text[:40] + "…"


def utf16_length(text: str) -> int:
    """Length as Excel counts it: characters beyond the Basic Multilingual Plane take two units."""
    return len(text) if len(text) <= input_sheets.EXCEL_CELL_LIMIT // 2 else len(text.encode("utf-16-le")) // 2


def _norm(value) -> str:
    """A label reduced to what matters: normalised Thai, no spaces, Arabic digits, case-folded."""
    if value is None:
        return ""
    text = str(value)
    return _norm_short(text) if len(text) <= _CACHED_LENGTH else squeezed(text)


_CACHED_LENGTH = 200        # labels and codes repeat from file to file; long text is rarely met twice


_norm_short = lru_cache(maxsize=4096)(squeezed)


@cache
def _spellings(key: str) -> frozenset[str]:
    return frozenset(_norm(alias) for alias in aliases(key))


def _matches(value, key: str) -> bool:
    return value is not None and _norm(value) in _spellings(key)


def _label_key(value, kind: str, keys, taken) -> str | None:
    """The first of ``keys`` not yet ``taken`` whose label (``<kind>.<key>``) ``value`` spells."""
    if value is None:
        return None
    label = _norm(value)
    return next((key for key in keys if key not in taken and label in _spellings(f"{kind}.{key}")), None)


class Problems:
    """The problems of one input, up to ``MAX_PROBLEMS``; beyond that only counted."""

    def __init__(self):
        self.found: list[InputError] = []
        self.dropped = 0

    def add(self, problem: InputError) -> None:
        if len(self.found) < MAX_PROBLEMS:
            self.found.append(problem)
        else:
            self.dropped += 1

    def __len__(self) -> int:
        return len(self.found) + self.dropped

    def listed(self, path: Path) -> list[InputError]:
        more = [InputError(path, "problems_not_listed", count=self.dropped)] if self.dropped else []
        return self.found + more


class Sheet:
    """One worksheet's cells as shown, and the problems and notes found in it."""

    def __init__(self, path: str, name: str, cells: SheetCells, problems: Problems, notes: list[ReadingNote]):
        self.path, self.name, self.cells = path, name, cells
        self.problems, self.notes = problems, notes
        self._hiding: dict[int, list[tuple[int, int, int, int]]] = {}     # by column: merges hiding its cells
        for ref in cells.bad_references:
            problems.add(InputError(path, "cell_outside_grid", name, ref))

    def problem(self, key: str, row: int | None = None, col: int | None = None, **values) -> None:
        cell = cell_name(row, col) if row is not None and col is not None else None
        self.problems.add(InputError(self.path, key, self.name, cell, **values))

    def note(self, key: str, row: int, col: int, last_row: int | None = None, **values) -> None:
        """A note on a cell (or, with ``last_row``, on the cells of a column from ``row`` to it)."""
        cell = cell_name(row, col) + (f":{cell_name(last_row, col)}" if last_row not in (None, row) else "")
        self.notes.append(ReadingNote(self.name, cell, key, values))

    def rows(self, after: int = -1) -> list[int]:
        """Rows holding anything below row ``after``, top to bottom."""
        present = set(self.cells.values) | {row for row, _ in self.cells.unsaved_formulas}
        return sorted(row for row in present if row > after)

    def row(self, row: int) -> dict[int, object]:
        return self.cells.values.get(row, {})

    def get(self, row: int, col: int):
        """The cell's value; a formula whose result was never saved is a problem, not a blank."""
        value = self.cells.values.get(row, {}).get(col)
        if isinstance(value, BadCell):
            self.problem(f"bad_cell_{value.kind}", row, col, value=shown(value.raw))
            return None
        if value is None and (row, col) in self.cells.unsaved_formulas:
            self.problem("formula_without_value", row, col, formula=shown(self.cells.unsaved_formulas[row, col]))
        return value

    def text(self, row: int, col: int | None, limit: int = input_sheets.EXCEL_CELL_LIMIT) -> str:
        """The cell as text; longer than ``limit`` (as Excel counts) is a problem, never a cut."""
        if col is None:
            return ""
        value = self.get(row, col)
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, dt.date):
            return be_date(value, thai_digits=False)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = self.shown_number(row, col, value)
        text = "" if value is None else str(value).strip()
        length = utf16_length(text)
        if length > limit:
            self.problem("text_too_long", row, col, length=length, limit=limit)
        return text

    def shown_number(self, row: int, col: int, value: int | float) -> str:
        """A number as Excel shows it in its cell: its number format applied ("85%", "1,500,000"), else
        as General shows it."""
        displayed = self.cells.number_formats.get((row, col))
        text = displayed[0].text(displayed[1]) if displayed else None
        return general(value) if text is None else text

    def blank_row(self, row: int) -> bool:
        return all(v is None or (isinstance(v, str) and not v.strip()) for v in self.row(row).values())

    def score(self, row: int, col: int, binary: bool = False) -> float | None:
        """A 0–100 score, or None for a blank cell; anything else is a problem."""
        value = self.get(row, col)
        if value is None or (isinstance(value, str) and not clean(value)):
            return None
        if isinstance(value, str) and clean(value).upper() in _EXCEL_ERRORS:
            self.problem("excel_error", row, col, value=shown(value))
            return None
        if binary:
            number = self._met(value, row, col)
        else:
            number = parse_number(value)
            if number is None:
                self.problem("not_a_score", row, col, value=shown(value))
            elif not SCORE_MIN <= number <= SCORE_MAX:
                self.problem("score_out_of_range", row, col, value=shown(value))
                number = None
            elif 0 < number <= 1:
                self.note("looks_like_fraction", row, col, value=shown(value), meant=f"{number * 100:.2f}")
        if number is not None and self.cells.merged:
            self._check_hidden(row, col, value)
        return number

    def _check_hidden(self, row: int, col: int, value) -> None:
        """A note for a score under a merge whose first cell lies to its left (``C5:D5`` hides ``D5``):
        Excel shows that cell's content there, not the score. (A merge down the score column is a
        problem: see ``merged_rows``.)"""
        spans = self._hiding.get(col)
        if spans is None:
            spans = self._hiding[col] = sorted((r1, r2, c1, c2) for r1, c1, r2, c2 in self.cells.merged
                                               if c1 < col <= c2)
        at = bisect_right(spans, (row, MAX_ROWS)) - 1
        if at >= 0 and spans[at][0] <= row <= spans[at][1]:
            r1, r2, c1, c2 = spans[at]
            self.note("hidden_under_merge", row, col, value=shown(value),
                      cells=f"{cell_name(r1, c1)}:{cell_name(r2, c2)}", shown=cell_name(r1, c1))

    def _met(self, value, row: int, col: int) -> float | None:
        number = parse_number(value)
        if number in (0.0, 100.0):
            return number
        word = _norm(value)
        if number is None and word in _met_words():
            return _met_words()[word]
        self.problem("not_met_value", row, col, value=shown(value))
        return None

    def date(self, row: int, col: int) -> dt.date | None:
        """A date cell or text; a real date in a Buddhist year was typed into a Christian calendar."""
        value = self.get(row, col)
        if isinstance(value, (dt.datetime, dt.date)):
            day = value.date() if isinstance(value, dt.datetime) else value
            if day.year < BUDDHIST_YEARS_FROM:     # else a Buddhist year typed into a Christian calendar
                return day
            try:
                meant = day.replace(year=day.year - BE_OFFSET)
            except ValueError:
                self.problem("bad_date", row, col, value=be_date(day, thai_digits=False))
                return None
            self.note("buddhist_year_in_date", row, col, year=day.year, date=be_date(meant, thai_digits=False))
            return meant
        date = parse_date(value)
        if date is None and value is not None:
            self.problem("bad_date", row, col, value=shown(self.text(row, col)))
        return date


def find_header(sheet: Sheet, table: input_sheets.InputTable) -> tuple[int, dict[str, int]] | None:
    """The header row within the sheet's first rows and the column of each label found in it; a
    required column found in none is a problem."""
    best: tuple[int, dict[str, int]] | None = None
    for row in (r for r in sheet.rows() if r < HEADER_SEARCH_ROWS):
        found: dict[str, int] = {}
        for col, value in sorted(sheet.row(row).items()):
            key = _label_key(value, "column", table.keys, found)
            if key:
                found[key] = col
        if all(k in found for k in table.required):
            return row, found
        if best is None or len(found) > len(best[1]):
            best = (row, found)
    for key in (k for k in table.required if not best or k not in best[1]):
        sheet.problem("missing_column", label=t(f"column.{key}", "th"), alias=t(f"column.{key}", "en"),
                      rows=HEADER_SEARCH_ROWS)
    return None


def merged_rows(sheet: Sheet, col: int, below: int) -> set[int]:
    """Rows below ``below`` whose cell in ``col`` is part of a merge spanning several rows;
    each such merge is reported once as a problem."""
    rows: set[int] = set()
    present = sheet.rows(below)                       # sorted once: a file may hold thousands of merges
    for r1, c1, r2, c2 in sheet.cells.merged:
        if c1 <= col <= c2 and r2 > r1 and r2 > below:
            sheet.problems.add(InputError(sheet.path, "merged_scores", sheet.name,
                                          f"{cell_name(r1, c1)}:{cell_name(r2, c2)}"))
            rows.update(present[bisect_left(present, max(r1, below + 1)):bisect_right(present, r2)])
    return rows


@cache
def _met_words() -> dict[str, float]:
    words = {_norm(w): 100.0 for lang in ("th", "en") for w in t("input.met", lang).split("|")}
    return words | {_norm(w): 0.0 for lang in ("th", "en") for w in t("input.not_met", lang).split("|")}


def _wanted_sheet(name: str) -> bool:
    return any(_matches(name, f"sheet.{key}") for key in input_sheets.SHEETS)


def _open(path: Path, engine: str, problems: Problems, notes: list) -> tuple[dict[str, Sheet], dict[str, str]]:
    """The sheets ita_xl reads and the workbook's custom properties, or ``InputProblems`` naming why
    the file cannot be read at all. The archive is opened once for both."""
    if path.is_dir():
        raise InputProblems([InputError(path, "input_is_folder")])
    if not path.is_file():
        raise InputProblems([InputError(path, "no_file")])
    try:
        with open_workbook(path) as archive:
            cells = read_cells(path, _wanted_sheet, engine, MAX_EXPANDED, archive)
            properties = custom_properties(archive)
    except InputProblems:
        raise
    except Exception as error:  # noqa: BLE001 - every failure is named: see unreadable
        raise InputProblems([unreadable(path, error)]) from None
    return {name: Sheet(str(path), name, sheet, problems, notes) for name, sheet in cells.items()}, properties


def unreadable(path: Path, error: Exception) -> InputError:
    """Why the file cannot be read at all, said for what the file holds."""
    if isinstance(error, NestedTooDeep):
        return InputError(path, "nested_too_deep", part=error.part or "XML", depth=MAX_DEPTH)
    if isinstance(error, UnsafeXml):
        return InputError(path, "unsafe_xml", part=error.part or "XML")
    if isinstance(error, WorkbookTooBig):
        return InputError(path, "too_big", limit=MAX_EXPANDED // (1024 * 1024))
    if isinstance(error, PermissionError):
        return InputError(path, "no_permission")
    if isinstance(error, (zipfile.BadZipFile, zlib.error, EOFError)):
        return InputError(path, "broken_zip")
    if isinstance(error, OSError):
        return InputError(path, "unreadable_file", reason=error.strerror or type(error).__name__)
    return InputError(path, "not_xlsx", reason=type(error).__name__)   # any other parser failure


def _sheet(sheets: dict[str, Sheet], key: str, path: Path, problems: Problems) -> Sheet | None:
    """The one sheet of role ``key``; two that claim it (a hidden stale copy, a Thai and an English
    name) are a problem, since which one Excel's user means cannot be told."""
    found = [sheet for name, sheet in sheets.items() if _matches(name, f"sheet.{key}")]
    if not found:
        problems.add(InputError(path, "missing_sheet", name=t(f"sheet.{key}", "th"), alias=t(f"sheet.{key}", "en")))
        return None
    if len(found) > 1:
        problems.add(InputError(path, "two_sheets", found[1].name, name=found[1].name, other=found[0].name,
                                role=t(f"sheet.{key}", "th"), alias=t(f"sheet.{key}", "en")))
        return None
    return found[0]


def _agency_rows(sheet: Sheet) -> tuple[dict[str, int], dict[str, int]]:
    """The row of each agency label in column A, and of each tool's stated score by tool code
    (the labels name the tool: which tools a year has, its framework says)."""
    rows: dict[str, int] = {}
    tools: dict[str, int] = {}
    keys = [field.key for field in input_sheets.AGENCY_FIELDS]
    for row in sheet.rows():
        label = sheet.row(row).get(0)
        key = _label_key(label, "field", keys, rows)
        if key:
            rows[key] = row
        elif label is not None:
            code = _stated_tool(label)
            if code and code not in tools:
                tools[code] = row
    return rows, tools


def _stated_tool(label) -> str | None:
    """The tool a label "คะแนน IIT ที่ประกาศ" (any spelling of ``field.stated_tool``) names."""
    text = _norm(label)
    found = next((m for m in map(lambda p: p.fullmatch(text), _stated_tool_labels()) if m), None)
    return found.group(1).upper() if found else None


@cache
def _stated_tool_labels() -> tuple[re.Pattern, ...]:
    """Each spelling of ``field.stated_tool``, normalised, the tool's code captured (and repeated
    where a spelling names it twice, as "คะแนน IIT ที่ประกาศ [Stated IIT score]")."""
    patterns = []
    for alias in aliases("field.stated_tool"):
        first, *rest = [re.escape(squeezed(piece)) for piece in alias.split("{tool}")]
        patterns.append(re.compile(first + "".join(("([a-z0-9]+)" if n == 0 else r"\1") + piece
                                                   for n, piece in enumerate(rest))))
    return tuple(patterns)


def _field_value(sheet: Sheet, field: input_sheets.Field, row: int):
    if field.kind == "score":
        return sheet.score(row, 1)
    if field.kind == "date":
        return sheet.date(row, 1)
    if field.kind == "year":
        value = sheet.get(row, 1)
        return None if value is None or (isinstance(value, str) and not value.strip()) else value
    return sheet.text(row, 1, field.max_length)


def _stated_tools(sheet: Sheet, rows: dict[str, int], framework: Framework | None) -> dict[str, float | None]:
    """Each tool's stated score; a label naming a tool the year does not have is a problem."""
    codes = [tool.code for tool in framework.tools] if framework else list(rows)
    for code, row in rows.items():
        if code not in codes:
            sheet.problem("unknown_stated_tool", row, 0, tool=code, tools=", ".join(codes))
    return {code: sheet.score(rows[code], 1) for code in codes if code in rows}


def _read_agency(sheet: Sheet, override, template_year: int | None) -> tuple[Agency, Stated, Framework | None]:
    rows, tool_rows = _agency_rows(sheet)
    values: dict[str, object] = {}
    for field in input_sheets.AGENCY_FIELDS:
        row = rows.get(field.key)
        if row is None:
            if field.required:
                sheet.problem("missing_field", label=t(f"field.{field.key}"))
            continue
        values[field.key] = _field_value(sheet, field, row)
        if field.required and values[field.key] in (None, ""):
            sheet.problem("blank_field", row, 1, label=t(f"field.{field.key}"))
    agency = Agency(**{key: values.get(key) or "" for key in ("name", "type", "province", "preparer", "position",
                                                              "division", "document_no", "addressee")},
                    date=values.get("date"))
    year = values.get("fiscal_year")
    framework = _framework(sheet, rows["fiscal_year"], year, override, template_year) if year is not None else None
    places = {"ITA": rows.get("stated_ita"), "level": rows.get("stated_level")} | tool_rows
    stated = Stated(ita=values.get("stated_ita"), level=values.get("stated_level") or None,
                    tools=_stated_tools(sheet, tool_rows, framework),
                    cells={key: f"{sheet.name}!{cell_name(row, 1)}" for key, row in places.items() if row is not None})
    return agency, stated, framework


def _framework(sheet: Sheet, row: int, value, override, template_year: int | None) -> Framework | None:
    """The framework of the year in the fiscal-year cell, through ``resolve_framework`` (with the
    framework given, a ``Framework`` or frameworks by year, and the template's year); a cell that
    holds no Buddhist-era year, or a year the other sources contradict, is a problem at the cell."""
    year = parse_year(value)
    if year is None:
        sheet.problem("bad_year", row, 1, value=shown(value))
    elif 1900 <= year <= 2100:
        sheet.problem("christian_year", row, 1, value=year, year=year + BE_OFFSET)
    else:
        try:
            return resolve_framework(year, override, template_year)
        except FrameworkError as error:
            sheet.problem(error.key, row, 1, **error.values)
    return None


def _read_indicators(sheet: Sheet, framework: Framework) -> tuple[dict[int, float | None], dict[int, tuple[int, int]]]:
    """Indicator scores by number, and the cells left blank (their items must make up the score)."""
    header = find_header(sheet, input_sheets.INDICATORS)
    if header is None:
        return {}, {}
    top, cols = header
    known = {i.no for i in framework.indicators}
    scores: dict[int, float | None] = {}
    blanks: dict[int, tuple[int, int]] = {}
    merged = merged_rows(sheet, cols["score"], top)
    for row in sorted(set(sheet.rows(top)) | merged):
        if sheet.blank_row(row) and row not in merged:
            continue
        raw_no = sheet.get(row, cols["indicator_no"])
        number = parse_number(raw_no)
        if number is None or not number.is_integer() or int(number) not in known:
            sheet.problem("unknown_indicator", row, cols["indicator_no"], value=shown(raw_no),
                          year=framework.fiscal_year, numbers=_number_list(known))
            continue
        no = int(number)
        if no in scores:
            sheet.problem("duplicate_indicator", row, cols["indicator_no"], no=no)
            continue
        before = len(sheet.problems)
        scores[no] = sheet.score(row, cols["score"])
        if scores[no] is None and len(sheet.problems) == before and row not in merged:
            blanks[no] = (row, cols["score"])
    for no in sorted(known - scores.keys()):
        sheet.problem("missing_indicator", no=no)
    return scores, blanks


def _number_list(numbers) -> str:
    ordered = sorted(numbers)
    return f"{ordered[0]}–{ordered[-1]}" if ordered == list(range(ordered[0], ordered[-1] + 1)) else \
        ", ".join(map(str, ordered))


def _item_code(value) -> str:
    if value is None:
        return ""
    text = str(value)
    return _item_code_short(text) if len(text) <= _CACHED_LENGTH else _code(text)


def _code(text: str) -> str:
    return "".join(clean(text).split()).upper()


_item_code_short = lru_cache(maxsize=4096)(_code)


def _read_items(sheet: Sheet, framework: Framework) -> dict[str, ItemScore]:
    """Item scores by code. An item of a published list is checked against it strictly; an item
    of a list the framework only carries forward or assumes may be any code the clerk copies from
    the ITAS report, with its indicator number and its wording as typed."""
    header = find_header(sheet, input_sheets.ITEMS)
    if header is None:
        return {}
    top, cols = header
    items: dict[str, ItemScore] = {}
    merged_rows(sheet, cols["score"], top)
    pinned = {i.no: framework.pinned(i.tool) for i in framework.indicators}     # by indicator, once per sheet
    unworded: dict[tuple[str, int], list[tuple[int, str]]] = {}
    met = {i.no: framework.met_scale(i.no) for i in framework.indicators}
    for row in sheet.rows(top):
        if sheet.blank_row(row):
            continue
        code = _item_code(sheet.get(row, cols["item_code"]))
        if code in items:
            sheet.problem("duplicate_item", row, cols["item_code"], code=code)
            continue
        place = _item_place(sheet, framework, pinned, row, cols, code)
        if place is None:
            continue
        indicator, text = place
        score = sheet.score(row, cols["score"], binary=met[indicator])
        if PLACEHOLDER.fullmatch(text):          # an earlier template's stand-in for an unknown wording
            text = ""
        items[code] = ItemScore(code, score, sheet.text(row, cols.get("recommendation")), indicator, text)
        if score is not None and not text and not pinned[indicator]:
            unworded.setdefault(_wording_kind(framework, code, indicator), []).append((row, code))
    col = cols.get("item_text", cols["item_code"])
    for (key, year), found in unworded.items():
        _note_rows(sheet, key, found, col, year=year, current=framework.fiscal_year)
    return items


def _wording_kind(framework: Framework, code: str, indicator: int) -> tuple[str, int]:
    """A scored item of a list the year only carries forward, its wording left as the template gives
    it: "carried_wording" (and the year it comes from), or "item_without_wording" where none is known."""
    spec = framework.item(code)
    if spec is None or not spec.text:
        return "item_without_wording", 0
    status = framework.status_of(f"items.{framework.indicator(indicator).tool}")
    return "carried_wording", status.origin or framework.fiscal_year


def _note_rows(sheet: Sheet, key: str, found: list[tuple[int, str]], col: int, **values) -> None:
    """One note per run of consecutive rows (``รายข้อ!C2:C31``, items I1–I30): a template left as it
    came would otherwise give a line per item."""
    runs: list[list[tuple[int, str]]] = []
    for row, code in found:
        if runs and runs[-1][-1][0] == row - 1:
            runs[-1].append((row, code))
        else:
            runs.append([(row, code)])
    for run in runs:
        (first, code), (last, last_code) = run[0], run[-1]
        codes = code if len(run) == 1 else f"{code}–{last_code}"
        sheet.note(key, first, col, last_row=last, codes=codes, count=len(run), **values)


def _item_place(sheet: Sheet, framework: Framework, pinned: dict[int, bool], row: int, cols: dict[str, int],
                code: str):
    """The item's indicator and its own wording ("" when the framework's), or None after a problem;
    ``pinned``: whether each of the year's indicators (its keys) has a published list of items."""
    spec = framework.item(code)
    raw_no = sheet.get(row, cols["indicator_no"]) if "indicator_no" in cols else None
    stated_no = parse_number(raw_no)
    if spec is not None and pinned[spec.indicator]:
        if stated_no is not None and stated_no != spec.indicator:
            sheet.problem("item_indicator", row, cols["indicator_no"], code=code, no=spec.indicator,
                          given=shown(sheet.text(row, cols["indicator_no"])))
        return spec.indicator, ""
    if stated_no is not None and stated_no.is_integer() and int(stated_no) in pinned:
        indicator = int(stated_no)
    elif spec is not None and stated_no is None:
        indicator = spec.indicator
    else:
        sheet.problem("unknown_item", row, cols["item_code"], value=shown(code), year=framework.fiscal_year)
        return None
    if pinned[indicator]:
        sheet.problem("unknown_item", row, cols["item_code"], value=shown(code), year=framework.fiscal_year)
        return None
    text = sheet.text(row, cols.get("item_text"))
    return indicator, "" if spec is not None and text in (spec.text, spec.text_en) else text


MEMO_MEASURES = 1_000          # measures a memo holds at most (some 250 printed pages of short ones)
MEMO_CHARACTERS = 2_000_000    # characters of the input's text a memo sets at most
MEMO_WORDS = 300_000           # characters of different Thai text it cuts into words at most
_THAI = re.compile("[\u0e01-\u0e4f]{3,}")


def _check_memo_size(sheet: Sheet, agency, items: dict, measures: tuple[Measure, ...]) -> None:
    """A plan no memo can hold is refused: beyond these, the report and its memos could not be
    written within the time and memory promised for any input. Every word of the memo is cut and
    laid out: cutting Thai text into words (``writing.line_breaks``) takes some 10 µs a character of
    text not seen before in the memo, laying it out much less; LibreOffice's time then grows with
    the pages, under its own limit."""
    if len(measures) > MEMO_MEASURES:
        sheet.problem("memo_too_many_measures", count=len(measures), limit=MEMO_MEASURES)
        return
    texts = [value for record in (agency, *items.values(), *measures) if record is not None
             for value in vars(record).values() if isinstance(value, str)]
    length = sum(map(len, texts))
    different = sum(map(len, {run for text in texts for run in _THAI.findall(text)}))
    if length > MEMO_CHARACTERS:
        sheet.problem("memo_too_long", count=length, limit=MEMO_CHARACTERS)
    elif different > MEMO_WORDS:
        sheet.problem("memo_too_varied", count=different, limit=MEMO_WORDS)


def _check_blank_indicators(sheet: Sheet, framework: Framework, blanks: dict[int, tuple[int, int]],
                            items: dict[str, ItemScore]) -> None:
    """A blank indicator needs every one of its items scored."""
    for no, (row, col) in blanks.items():
        if not framework.computable_from_items(no):
            sheet.problem("blank_indicator_no_items", row, col, no=no, year=framework.fiscal_year)
            continue
        codes = [item.code for item in framework.items_of(no)]
        scored = sum(1 for c in codes if c in items and items[c].score is not None)
        if scored < len(codes):
            sheet.problem("blank_indicator", row, col, no=no, scored=scored, total=len(codes))


def inspect(path: str | Path, framework: Framework | Mapping[int, Framework] | None = None,
            engine: str = "fast") -> tuple[Assessment | None, list[InputError]]:
    """The assessment in ``path`` and every problem found; the assessment is None if any problem.

    ``framework``: the year's framework to use instead of the built-in one (or frameworks by year);
    ``engine``: "fast" (ita_xl's own XML reader), "expat" (the same with every part through expat)
    or "openpyxl" (the slower reference).
    """
    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {ENGINES}, not {engine!r}")
    path = Path(path)
    problems, notes = Problems(), []
    try:
        sheets, properties = _open(path, engine, problems, notes)
    except InputProblems as error:
        return None, error.problems
    parts = {key: _sheet(sheets, key, path, problems) for key in input_sheets.SHEETS}
    if parts["agency"] is None:
        return None, problems.listed(path)
    year_property = properties.get(TEMPLATE_YEAR, "")
    template_year = int(year_property) if year_property.isascii() and year_property.isdecimal() else None
    agency, stated, framework = _read_agency(parts["agency"], framework, template_year)
    scores, blanks, items, measures = {}, {}, {}, ()
    if framework is not None:
        if parts["indicators"] is not None:
            scores, blanks = _read_indicators(parts["indicators"], framework)
        if parts["items"] is not None:
            items = _read_items(parts["items"], framework)
        if parts["indicators"] is not None:
            _check_blank_indicators(parts["indicators"], framework, blanks, items)
    if parts["measures"] is not None:
        measures = read_measures(parts["measures"], find_header(parts["measures"], input_sheets.MEASURES))
        _check_memo_size(parts["measures"], agency, items, measures)
    if len(problems) or framework is None:
        return None, problems.listed(path)
    return Assessment(str(path), framework, agency, stated, scores, items, measures, tuple(notes)), []


def load(path: str | Path, framework: Framework | Mapping[int, Framework] | None = None,
         engine: str = "fast") -> Assessment:
    """The assessment in ``path``; raises ``InputProblems`` naming the first problem (and counting the rest)."""
    assessment, problems = inspect(path, framework, engine)
    if problems:
        raise InputProblems(problems)
    return assessment
