"""Last year's consolidated workbook (``batch --previous``): its agencies back as plain rows.

Only a workbook that ``ita-xl batch`` wrote is accepted (it says so in a custom document
property); anything else is refused with one located line. The agencies sheet is read with
ita_xl's own engines and found, like its columns, by its labels in Thai or English, so last
year's workbook may be of either edition and of an earlier version of ita_xl (with or without
the indicator columns). Each level and result is read back from its words into its code.
"""
from __future__ import annotations

from functools import cache
from pathlib import Path

from ..analysis.consolidation import AgencyRow
from ..catalogue import aliases, t
from ..errors import FrameworkError, InputError, InputProblems
from ..frameworks import Framework, load_framework
from ..frameworks.resolve import resolve_framework
from ..thai import parse_year, squeezed
from .assessment import HEADER_SEARCH_ROWS, Problems, Sheet, unreadable
from .engines import read_cells
from .file_kind import KIND_PROPERTY, MAX_EXPANDED, custom_properties, open_workbook

REQUIRED = ("name", "province", "fiscal_year", "ita", "level", "result")
LABELS = {"name": "field.name", "type": "field.type", "province": "field.province",
          "fiscal_year": "field.fiscal_year", "level": "batch.level", "result": "report.result",
          "source": "batch.file"}
MAX_INDICATORS = 20                  # indicator columns looked for ("ตัวชี้วัด 1" ...)


def load_consolidated(path: str | Path, frameworks: dict[int, Framework] | None = None,
                      engine: str = "fast") -> tuple[AgencyRow, ...]:
    """Every agency of the consolidated workbook at ``path``, as ``AgencyRow``s.

    Raises ``InputProblems`` (each problem located to the sheet and cell) for a file that is not
    a consolidated workbook written by ita_xl, or whose agencies cannot be read back.
    """
    path = Path(path)
    sheet = _agencies_sheet(path, engine, Problems())
    found = sheet.header_labels()
    problems = sheet.problems
    if found is None:
        raise InputProblems(problems.listed(path))
    header, columns = found
    rows = []
    for row in sheet.rows(header):
        if sheet.blank_row(row):
            continue
        agency = _agency(sheet, row, columns, frameworks or {})
        if agency is not None:
            rows.append(agency)
    if not rows and not len(problems):
        problems.add(InputError(path, "previous_no_agencies", sheet.name))
    if len(problems):
        raise InputProblems(problems.listed(path))
    return tuple(rows)


def _agencies_sheet(path: Path, engine: str, problems: Problems) -> _AgencySheet:
    if path.is_dir():
        raise InputProblems([InputError(path, "input_is_folder")])
    if not path.is_file():
        raise InputProblems([InputError(path, "no_file")])
    names = {squeezed(spelling) for spelling in aliases("batch.sheet_agencies")}
    try:
        with open_workbook(path) as archive:
            if custom_properties(archive).get(KIND_PROPERTY) != "consolidated":
                raise InputProblems([InputError(path, "not_consolidated")])
            cells = read_cells(path, lambda name: squeezed(name) in names, engine, MAX_EXPANDED, archive)
    except InputProblems:
        raise
    except Exception as error:  # noqa: BLE001 - every failure is named, as the reader names it
        raise InputProblems([unreadable(path, error)]) from None
    if not cells:
        raise InputProblems([InputError(path, "missing_sheet", name=aliases("batch.sheet_agencies")[0],
                                        alias=aliases("batch.sheet_agencies")[1])])
    name, first = next(iter(cells.items()))
    return _AgencySheet(str(path), name, first, problems, [])


class _AgencySheet(Sheet):
    """The agencies sheet of a consolidated workbook: a title, then a header row, then one row an agency."""

    def header_labels(self) -> tuple[int, dict[str, int]] | None:
        """The header row and the column of each label, or None (with the missing labels as problems)."""
        spellings = _spellings()
        best: tuple[int, dict[str, int]] = (-1, {})
        for row in (r for r in self.rows() if r < HEADER_SEARCH_ROWS):
            found: dict[str, int] = {}
            for col, value in sorted(self.row(row).items()):
                key = spellings.get(squeezed(str(value))) if value is not None else None
                if key and key not in found:
                    found[key] = col
            if all(key in found for key in REQUIRED):
                return row, found
            if len(found) > len(best[1]):
                best = (row, found)
        for key in (k for k in REQUIRED if k not in best[1]):
            label = LABELS.get(key)
            th, en = (aliases(label)[:2] if label else (key.upper(), key.upper()))
            self.problem("missing_column", label=th, alias=en, rows=HEADER_SEARCH_ROWS)
        return None


@cache
def _tool_codes() -> frozenset[str]:
    """The tools of every built-in year: a tool's score column is headed by its code."""
    from ..framework_years import supported_years
    return frozenset(tool.code for year in supported_years() for tool in load_framework(year).tools)


@cache
def _spellings() -> dict[str, str]:
    """Each accepted spelling of a header (normalised) -> the column's key: ``indicator:N`` and ``tool:CODE``
    for scores."""
    found = {squeezed(spelling): key for key, label in LABELS.items() for spelling in aliases(label)}
    found |= {squeezed(spelling): "fiscal_year" for spelling in aliases("batch.year_column")}
    found[squeezed("ITA")] = "ita"
    for code in _tool_codes():
        found[squeezed(code)] = f"tool:{code}"
    for no in range(1, MAX_INDICATORS + 1):
        for lang in ("th", "en"):
            found[squeezed(t("batch.indicator_column", lang, no=no))] = f"indicator:{no}"
    return found


def _agency(sheet: _AgencySheet, row: int, columns: dict[str, int], frameworks) -> AgencyRow | None:
    """One agency's row; None (with the problems noted) when a figure cannot be read back."""
    before = len(sheet.problems)
    name = sheet.text(row, columns["name"])
    if not name:
        sheet.problem("previous_blank", row, columns["name"], label=aliases(LABELS["name"])[0])
    year = parse_year(sheet.get(row, columns["fiscal_year"]))
    framework = None
    if year is None:
        sheet.problem("bad_year", row, columns["fiscal_year"], value=sheet.text(row, columns["fiscal_year"]))
    else:
        try:
            framework = resolve_framework(year, frameworks)
        except FrameworkError as error:
            sheet.problem(error.key, row, columns["fiscal_year"], **error.values)
    ita = sheet.score(row, columns["ita"])
    if ita is None:
        sheet.problem("previous_blank", row, columns["ita"], label="ITA")
    level = _level(sheet, row, columns["level"], framework)
    passed = _passed(sheet, row, columns["result"])
    scores = {key: sheet.score(row, col) for key, col in columns.items() if ":" in key}
    if len(sheet.problems) > before:
        return None
    return AgencyRow(name, sheet.text(row, columns.get("type")), sheet.text(row, columns["province"]), year,
                     {int(key[10:]): s for key, s in scores.items() if key.startswith("indicator:") and s is not None},
                     {key[5:]: s for key, s in scores.items() if key.startswith("tool:") and s is not None},
                     ita, level, passed, sheet.text(row, columns.get("source")) or sheet.path)


def _level(sheet: _AgencySheet, row: int, col: int, framework: Framework | None) -> str:
    """The level's code from its name in either language; "" (and a problem) for another word."""
    word = sheet.text(row, col)
    if framework is None:
        return ""
    codes = {squeezed(name): level.code for level in framework.levels for name in (level.name_th, level.name_en)}
    code = codes.get(squeezed(word))
    if code is None:
        sheet.problem("previous_level", row, col, value=word, year=framework.fiscal_year)
        return ""
    return code


def _passed(sheet: _AgencySheet, row: int, col: int) -> bool:
    word = squeezed(sheet.text(row, col))
    passed = {squeezed(s) for s in aliases("report.ita_passed")}
    failed = {squeezed(s) for s in aliases("report.ita_failed")}
    if word not in passed | failed:
        sheet.problem("previous_result", row, col, value=sheet.text(row, col))
    return word in passed
