"""Sheet มาตรการ: the plan of measures, the input's own or a draft from the weak indicators.

Its columns are the input's measures columns (``input_sheets.MEASURES``), copied as they are defined,
then any column the input added to them (a budget), under the input's own header.
"""
from __future__ import annotations

from ... import input_sheets
from ..memo.document import measures_in_words
from ..memo.sections import measures_year
from ..sheet_tables import Column, Table, banner, setup_page
from .context import Report

TO_FILL = ("responsible", "timeline")     # what a drafted measure leaves for the clerk


def write_measures_sheet(report: Report) -> None:
    analysis, styles, words, t = report.analysis, report.styles, report.words, report.t
    sheet = report.workbook.add_worksheet(t("report.sheet.measures"))
    draft = analysis.measures_drafted
    table = Table([Column(t(f"column.{c.key}"), c.width, lambda m, row, key=c.key: getattr(m, key),
                          "input" if draft and c.key in TO_FILL else "text", wrap=True)
                   for c in input_sheets.MEASURES.columns] + _extra_columns(analysis.measures))
    span = (len(table.columns), table.width)
    title = words.say("report.measures_title", agency=analysis.assessment.agency.name, year=measures_year(analysis))
    banner(sheet, styles, "title_wrap", 0, span, title, 20)
    note = words.say("report.measures_drafted") if draft else "" if analysis.measures else t("report.no_measures")
    banner(sheet, styles, "note", 1, span, note)
    table.header(sheet, styles, 2, words.prose)
    table.write_rows(sheet, styles, 3, measures_in_words(analysis, report.edition, words))
    setup_page(sheet, report.footer, landscape=True, header_row=2)


EXTRA_WIDTH = 14        # a column the input added to its measures (a budget): as wide as the narrower ones


def _extra_columns(measures) -> list[Column]:
    """The columns the input added to its measures table, kept under their own headers."""
    headers = [header for header, _ in measures[0].extra] if measures else []
    return [Column(header, EXTRA_WIDTH, lambda m, row, n=n: m.extra[n][1] if n < len(m.extra) else "", "text",
                   wrap=True) for n, header in enumerate(headers)]
