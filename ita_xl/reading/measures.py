"""The measures sheet: one measure a row, as the template lays it out, or as clerks lay it out.

A measure whose name is merged down several rows (its steps one a row, a common Thai layout) is
one measure, the text of those rows joined line by line; a column the table does not define (a
budget a clerk added) is kept with its header (``Measure.extra``), never dropped. Each function
takes the sheet as ``assessment.Sheet`` reads it (which imports this module, so it is not named here).
"""
from __future__ import annotations

from bisect import bisect_right

from .. import input_sheets
from ..model import Measure
from .engines.formats import cell_name


def read_measures(sheet, header: tuple[int, dict[str, int]] | None) -> tuple[Measure, ...]:
    """The measures under ``header`` (its row and the column of each label, None when the sheet has
    none), one a row; a measure whose name is merged down several rows (its steps one a row, a
    common Thai layout) is one measure, the text of those rows joined line by line. A column the
    table does not define (a budget a clerk added) is kept with its header, never dropped."""
    if header is None:
        return ()
    top, cols = header
    present = sheet.rows(top)                          # sorted once: a file may hold thousands of merges
    extra = _extra_columns(sheet, top, cols, present)
    continued = _merged_down(sheet, cols["measure"], top, present) if sheet.cells.merged else set()
    measures: list[dict] = []
    rows: list[int] = []                               # each measure's first row
    for row in present:
        if sheet.blank_row(row):
            continue
        fields = {key: sheet.text(row, cols.get(key)) for key in input_sheets.MEASURES.keys}
        more = tuple((label, sheet.text(row, col)) for col, label in extra)
        if row in continued and measures:
            _continue_measure(measures[-1], fields, more)
            continue
        if not fields["measure"]:
            sheet.problem("measure_without_name", row, cols["measure"])
            continue
        measures.append(fields | {"extra": more})
        rows.append(row)
    _note_what_to_fill(sheet, measures, rows, top, cols)
    return tuple(Measure(**fields) for fields in measures)


def _note_what_to_fill(sheet, measures: list[dict], rows: list[int], top: int, cols: dict[str, int]) -> None:
    """What the clerk must still fill in, located: a measure without a person responsible or a period
    (the memo prints the dotted line of a paper form), or no measure at all (the memo drafts them)."""
    for fields, row in zip(measures, rows):
        for key in ("responsible", "timeline"):
            if not fields[key]:
                sheet.note(f"measure_without_{key}", row, cols.get(key, cols["measure"]))
    if not measures:
        sheet.note("no_measures", top + 1, cols["measure"])


def _continue_measure(measure: dict, fields: dict[str, str], extra: tuple[tuple[str, str], ...]) -> None:
    for key, text in fields.items():
        if text and key != "measure":
            measure[key] = f"{measure[key]}\n{text}" if measure[key] else text
    measure["extra"] = tuple((label, f"{before}\n{text}" if before and text else before or text)
                             for (label, before), (_, text) in zip(measure["extra"], extra))


def _merged_down(sheet, col: int, top: int, present: list[int]) -> set[int]:
    """The rows below the first of a merge down column ``col`` (the header's row ``top`` excluded), of
    the rows ``present``."""
    return {row for r1, c1, r2, c2 in sheet.cells.merged if c1 <= col <= c2 and r2 > r1 > top
            for row in present[bisect_right(present, r1):bisect_right(present, r2)]}


def _extra_columns(sheet, top: int, cols: dict[str, int], present: list[int]) -> list[tuple[int, str]]:
    """(column, header) of each column holding anything besides the table's own, in column order;
    a column without a header is headed by its letter."""
    known = set(cols.values())
    found = {col for row in [top, *present] for col, value in sheet.row(row).items()
             if col not in known and value is not None and str(value).strip()}
    return [(col, sheet.text(top, col) or cell_name(0, col)[:-1]) for col in sorted(found)]
