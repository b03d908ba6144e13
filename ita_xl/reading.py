"""Reading: an input workbook becomes an ``Assessment``, or a list of located problems.

Sheets and columns are found by their labels (Thai, or the English alias), with
header rows anywhere in the first ten rows. Every problem names the file, the
sheet and the cell, and reading goes on after a problem so that ``validate``
can list them all at once.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from .errors import FrameworkError, InputError, InputProblems
from .frameworks import Framework, load_framework
from .model import Agency, Assessment, ItemScore, Measure, Stated
from .text import aliases, t
from .thai import be_date, clean, parse_date, parse_number, parse_year

HEADER_SEARCH_ROWS = 10
EXCEL_CELL_LIMIT = 32_767           # characters an Excel cell holds
SCORE_MIN, SCORE_MAX = 0.0, 100.0
AGENCY_FIELDS = ("name", "type", "province", "fiscal_year", "stated_ita", "stated_level",
                 "stated_iit", "stated_eit", "stated_oit", "preparer", "position", "date",
                 "division", "document_no", "addressee")
INDICATOR_COLUMNS = ("indicator_no", "tool", "indicator", "score")
ITEM_COLUMNS = ("item_code", "indicator_no", "item_text", "score", "recommendation")
MEASURE_COLUMNS = ("measure", "steps", "responsible", "timeline", "result", "suggestion")
_EXCEL_ERRORS = {"#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!",
                 "#GETTING_DATA", "#SPILL!", "#CALC!"}


def shown(value) -> str:
    """A cell's value as quoted in a one-line message: whitespace folded, long text cut."""
    text = " ".join(str(value).split())
    return text if len(text) <= 40 else text[:40] + "…"


def _norm(value) -> str:
    """A label reduced to what matters: no spaces, Arabic digits, case-folded."""
    return "".join(clean(str(value)).split()).casefold() if value is not None else ""


def _matches(value, key: str) -> bool:
    return _norm(value) in {_norm(alias) for alias in aliases(key)}


def cell_name(row: int, col: int) -> str:
    """``D5`` for zero-based (4, 3)."""
    letters = ""
    col += 1
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return f"{letters}{row + 1}"


@dataclass
class Sheet:
    """One worksheet's cached values and raw cells, and the problems found in it so far."""
    path: str
    name: str
    values: list[tuple]
    raw: list[tuple]
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)
    problems: list[InputError] = field(default_factory=list)

    def problem(self, message: str, row: int | None = None, col: int | None = None) -> None:
        cell = cell_name(row, col) if row is not None and col is not None else None
        self.problems.append(InputError(self.path, message, self.name, cell))

    def get(self, row: int, col: int):
        """The cell's value; a formula whose result was never saved is a problem, not a blank."""
        value = self.values[row][col] if row < len(self.values) and col < len(self.values[row]) else None
        raw = self.raw[row][col] if row < len(self.raw) and col < len(self.raw[row]) else None
        formula = raw if isinstance(raw, str) and raw.startswith("=") else getattr(raw, "text", None)
        if value is None and formula:
            self.problem(t("error.formula_without_value", formula=shown(formula)), row, col)
        return value

    def text(self, row: int, col: int | None) -> str:
        if col is None:
            return ""
        value = self.get(row, col)
        if isinstance(value, (dt.date, dt.datetime)):
            return be_date(value.date() if isinstance(value, dt.datetime) else value, thai_digits=False)
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = "" if value is None else str(value).strip()
        if len(text) > EXCEL_CELL_LIMIT:
            self.problem(t("error.text_too_long", length=len(text), limit=EXCEL_CELL_LIMIT), row, col)
            return text[:EXCEL_CELL_LIMIT]
        return text

    def merged_rows(self, col: int, below: int) -> set[int]:
        """Rows below ``below`` whose cell in ``col`` is part of a merge spanning several rows;
        each such merge is reported once as a problem."""
        rows: set[int] = set()
        for r1, c1, r2, c2 in self.merged:
            if c1 <= col <= c2 and r2 > r1 and r2 > below:
                cells = f"{cell_name(r1, c1)}:{cell_name(r2, c2)}"
                self.problems.append(InputError(self.path, t("error.merged_scores"), self.name, cells))
                rows.update(range(max(r1, below + 1), r2 + 1))
        return rows

    def blank_row(self, row: int) -> bool:
        return all(v is None or (isinstance(v, str) and not v.strip()) for v in self.values[row])

    def find_header(self, columns: tuple[str, ...], required: tuple[str, ...]) -> tuple[int, dict[str, int]] | None:
        """The header row within the first rows and the column of each label found in it."""
        best: tuple[int, dict[str, int]] | None = None
        for row in range(min(HEADER_SEARCH_ROWS, len(self.values))):
            found = {}
            for col, value in enumerate(self.values[row]):
                key = next((k for k in columns if k not in found and _matches(value, f"column.{k}")), None)
                if key:
                    found[key] = col
            if all(k in found for k in required):
                return row, found
            if best is None or len(found) > len(best[1]):
                best = (row, found)
        missing = [k for k in required if not best or k not in best[1]]
        for key in missing:
            self.problem(t("error.missing_column", label=t(f"column.{key}", lang="th"),
                           alias=t(f"column.{key}", lang="en"), rows=HEADER_SEARCH_ROWS))
        return None

    def score(self, row: int, col: int, binary: bool = False) -> float | None:
        """A 0–100 score, or None for a blank cell; anything else is a problem."""
        value = self.get(row, col)
        if value is None or (isinstance(value, str) and not clean(value)):
            return None
        if isinstance(value, str) and clean(value).upper() in _EXCEL_ERRORS:
            self.problem(t("error.excel_error", value=shown(value)), row, col)
            return None
        if binary:
            return self._met(value, row, col)
        number = parse_number(value)
        if number is None:
            self.problem(t("error.not_a_score", value=shown(value)), row, col)
        elif not SCORE_MIN <= number <= SCORE_MAX:
            self.problem(t("error.score_out_of_range", value=shown(value)), row, col)
        else:
            return number
        return None

    def _met(self, value, row: int, col: int) -> float | None:
        words = {_norm(w): 100.0 for w in t("input.met").split("|")}
        words |= {_norm(w): 0.0 for w in t("input.not_met").split("|")}
        number = parse_number(value)
        if number in (0.0, 100.0):
            return number
        if number is None and _norm(value) in words:
            return words[_norm(value)]
        self.problem(t("error.not_met_value", value=shown(value)), row, col)
        return None


ENGINES = ("fast", "openpyxl")


def _open(path: Path, engine: str) -> dict[str, Sheet]:
    """Every sheet of the workbook: its cached values, its raw cells (formulas as ``=...``), its merges."""
    from defusedxml import DefusedXmlException

    from .package import problem_with
    if not path.is_file():
        raise InputProblems([InputError(path, t("error.no_file"))])
    reason = problem_with(path)
    if reason:
        raise InputProblems([InputError(path, reason)])
    try:
        grids = _fast_grids(path) if engine == "fast" else _openpyxl_grids(path)
    except DefusedXmlException:
        raise InputProblems([InputError(path, t("error.unsafe_xml"))]) from None
    except Exception as error:  # any parser failure means "not a workbook we can read"
        raise InputProblems([InputError(path, t("error.not_xlsx", reason=type(error).__name__))]) from None
    return {name: Sheet(str(path), name, *grid) for name, grid in grids.items()}


def _fast_grids(path: Path) -> dict[str, tuple[list, list, list]]:
    import zipfile

    from .xlsx import read_grids
    with zipfile.ZipFile(path) as archive:
        return {name: (grid.values, grid.raw, grid.merged) for name, grid in read_grids(archive).items()}


def _openpyxl_grids(path: Path) -> dict[str, tuple[list, list, list]]:
    """The reference engine: openpyxl, read once for cached values and once for formulas."""
    import zipfile

    import openpyxl

    from .xlsx import read_merged
    with zipfile.ZipFile(path) as archive:
        merged = read_merged(archive)
    books = [openpyxl.load_workbook(path, read_only=True, data_only=flag) for flag in (True, False)]
    try:
        values, raw = books
        return {name: (_rows(values[name]), _rows(raw[name]), merged.get(name, [])) for name in values.sheetnames}
    finally:
        for book in books:
            book.close()


def _rows(worksheet) -> list[tuple]:
    rows = list(worksheet.iter_rows(values_only=True))
    while rows and all(v is None for v in rows[-1]):
        rows.pop()
    return rows


def _sheet(sheets: dict[str, Sheet], key: str, path: Path, problems: list) -> Sheet | None:
    sheet = next((s for name, s in sheets.items() if _matches(name, f"sheet.{key}")), None)
    if sheet is None:
        problems.append(InputError(path, t("error.missing_sheet", sheet=t(f"sheet.{key}", lang="th"),
                                            alias=t(f"sheet.{key}", lang="en"))))
    return sheet


def _agency_rows(sheet: Sheet) -> dict[str, int]:
    """The row of each agency label in column A."""
    rows = {}
    for row, values in enumerate(sheet.values):
        label = values[0] if values else None
        key = next((k for k in AGENCY_FIELDS if k not in rows and _matches(label, f"field.{k}")), None)
        if key:
            rows[key] = row
    return rows


def _read_agency(sheet: Sheet, override: Framework | None) -> tuple[Agency, Stated, Framework | None]:
    rows = _agency_rows(sheet)
    for key in ("name", "fiscal_year"):
        if key not in rows:
            sheet.problem(t("error.missing_field", label=t(f"field.{key}")))
        elif not sheet.text(rows[key], 1):
            sheet.problem(t("error.blank_field", label=t(f"field.{key}")), rows[key], 1)

    def text(key: str) -> str:
        return sheet.text(rows[key], 1) if key in rows else ""

    def stated(key: str) -> float | None:
        return sheet.score(rows[key], 1) if key in rows else None

    date = None
    if text("date"):
        date = parse_date(sheet.get(rows["date"], 1))
        if date is None:
            sheet.problem(t("error.bad_date", value=shown(text("date"))), rows["date"], 1)
    agency = Agency(name=text("name"), type=text("type"), province=text("province"),
                    preparer=text("preparer"), position=text("position"), date=date,
                    division=text("division"), document_no=text("document_no"), addressee=text("addressee"))
    stated_figures = Stated(ita=stated("stated_ita"), level=text("stated_level") or None,
                            tools={code: stated(f"stated_{code.lower()}") for code in ("IIT", "EIT", "OIT")})
    framework = _framework(sheet, rows.get("fiscal_year"), override) if text("fiscal_year") else None
    return agency, stated_figures, framework


def _framework(sheet: Sheet, row: int, override: Framework | None) -> Framework | None:
    value = sheet.get(row, 1)
    year = parse_year(value)
    if year is None:
        sheet.problem(t("error.bad_year", value=shown(value)), row, 1)
    elif 1900 <= year <= 2100:
        sheet.problem(t("error.christian_year", value=year, year=year + 543), row, 1)
    elif override is not None:
        if override.fiscal_year == year:
            return override
        sheet.problem(t("error.framework_year", year=year, framework=override.fiscal_year), row, 1)
    else:
        try:
            return load_framework(year)
        except FrameworkError as error:
            sheet.problem(str(error), row, 1)
    return None


def _read_indicators(sheet: Sheet, framework: Framework) -> tuple[dict[int, float | None], dict[int, tuple[int, int]]]:
    """Indicator scores by number, and the cells left blank (their items must make up the score)."""
    header = sheet.find_header(INDICATOR_COLUMNS, ("indicator_no", "score"))
    if header is None:
        return {}, {}
    top, cols = header
    known = {i.no for i in framework.indicators}
    scores: dict[int, float | None] = {}
    blanks: dict[int, tuple[int, int]] = {}
    merged = sheet.merged_rows(cols["score"], top)
    for row in range(top + 1, len(sheet.values)):
        if sheet.blank_row(row) and row not in merged:
            continue
        raw_no = sheet.get(row, cols["indicator_no"])
        number = parse_number(raw_no)
        if number is None or not number.is_integer() or int(number) not in known:
            sheet.problem(t("error.unknown_indicator", value=shown(raw_no), year=framework.fiscal_year),
                          row, cols["indicator_no"])
            continue
        no = int(number)
        if no in scores:
            sheet.problem(t("error.duplicate_indicator", no=no), row, cols["indicator_no"])
            continue
        before = len(sheet.problems)
        scores[no] = sheet.score(row, cols["score"])
        if scores[no] is None and len(sheet.problems) == before and row not in merged:
            blanks[no] = (row, cols["score"])
    for no in sorted(known - scores.keys()):
        sheet.problem(t("error.missing_indicator", no=no))
    return scores, blanks


def _item_code(value) -> str:
    return "".join(clean(str(value)).split()).upper() if value is not None else ""


def _read_items(sheet: Sheet, framework: Framework) -> dict[str, ItemScore]:
    header = sheet.find_header(ITEM_COLUMNS, ("item_code", "score"))
    if header is None:
        return {}
    top, cols = header
    items: dict[str, ItemScore] = {}
    sheet.merged_rows(cols["score"], top)
    for row in range(top + 1, len(sheet.values)):
        if sheet.blank_row(row):
            continue
        code = _item_code(sheet.get(row, cols["item_code"]))
        spec = framework.item(code)
        if spec is None:
            sheet.problem(t("error.unknown_item", value=shown(code), year=framework.fiscal_year),
                          row, cols["item_code"])
            continue
        if code in items:
            sheet.problem(t("error.duplicate_item", code=code), row, cols["item_code"])
            continue
        if "indicator_no" in cols:
            stated_no = parse_number(sheet.get(row, cols["indicator_no"]))
            if stated_no is not None and stated_no != spec.indicator:
                sheet.problem(t("error.item_indicator", code=code, no=spec.indicator,
                                given=shown(sheet.text(row, cols["indicator_no"]))), row, cols["indicator_no"])
        score = sheet.score(row, cols["score"], binary=framework.is_binary(code))
        items[code] = ItemScore(code, score, sheet.text(row, cols.get("recommendation")))
    return items


def _read_measures(sheet: Sheet) -> tuple[Measure, ...]:
    header = sheet.find_header(MEASURE_COLUMNS, ("measure",))
    if header is None:
        return ()
    top, cols = header
    measures = []
    for row in range(top + 1, len(sheet.values)):
        if sheet.blank_row(row):
            continue
        fields = {key: sheet.text(row, cols.get(key)) for key in MEASURE_COLUMNS}
        if not fields["measure"]:
            sheet.problem(t("error.measure_without_name"), row, cols["measure"])
            continue
        measures.append(Measure(**fields))
    return tuple(measures)


def _check_blank_indicators(sheet: Sheet, framework: Framework, blanks: dict[int, tuple[int, int]],
                            items: dict[str, ItemScore]) -> None:
    """A blank indicator needs every one of its items scored."""
    for no, (row, col) in blanks.items():
        if not framework.computable_from_items(no):
            sheet.problem(t("error.blank_indicator_no_items", no=no, year=framework.fiscal_year), row, col)
            continue
        codes = [item.code for item in framework.items_of(no)]
        scored = sum(1 for c in codes if c in items and items[c].score is not None)
        if scored < len(codes):
            sheet.problem(t("error.blank_indicator", no=no, scored=scored, total=len(codes)), row, col)


def inspect(path: str | Path, framework: Framework | None = None,
            engine: str = "fast") -> tuple[Assessment | None, list[InputError]]:
    """The assessment in ``path`` and every problem found; the assessment is None if any problem.

    ``engine``: "fast" (ita_xl's own XML reader) or "openpyxl" (the slower reference).
    """
    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {ENGINES}, not {engine!r}")
    path = Path(path)
    try:
        sheets = _open(path, engine)
    except InputProblems as error:
        return None, error.problems
    problems: list[InputError] = []
    parts = {key: _sheet(sheets, key, path, problems) for key in ("agency", "indicators", "items", "measures")}
    if parts["agency"] is None:
        return None, problems
    agency, stated, framework = _read_agency(parts["agency"], framework)
    scores, blanks, items, measures = {}, {}, {}, ()
    if framework is not None:
        if parts["indicators"] is not None:
            scores, blanks = _read_indicators(parts["indicators"], framework)
        if parts["items"] is not None:
            items = _read_items(parts["items"], framework)
        if parts["indicators"] is not None:
            _check_blank_indicators(parts["indicators"], framework, blanks, items)
    if parts["measures"] is not None:
        measures = _read_measures(parts["measures"])
    problems += [p for sheet in sheets.values() for p in sheet.problems]
    if problems or framework is None:
        return None, problems
    return Assessment(str(path), framework, agency, stated, scores, items, measures), []


def load(path: str | Path, framework: Framework | None = None, engine: str = "fast") -> Assessment:
    """The assessment in ``path``; raises ``InputProblems`` naming the first problem (and counting the rest)."""
    assessment, problems = inspect(path, framework, engine)
    if problems:
        raise InputProblems(problems, t("error.more_problems", count=len(problems) - 1))
    return assessment
