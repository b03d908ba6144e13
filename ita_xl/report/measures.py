"""Sheet มาตรการ: the plan of measures, the input's own or a draft from the weak indicators."""
from __future__ import annotations

from ..model import Analysis
from ..sheets import Column, banner, fit_row, header, setup_page
from ..text import t

FIELDS = ("measure", "steps", "responsible", "timeline", "result", "suggestion")
WIDTHS = (16, 26, 11, 11, 18, 10)


def write_measures_sheet(workbook, styles, analysis: Analysis) -> None:
    sheet = workbook.add_worksheet(t("report.sheet.measures"))
    columns = [Column(t(f"column.{key}"), width, wrap=True) for key, width in zip(FIELDS, WIDTHS)]
    agency = analysis.assessment.agency
    banner(sheet, styles, "title_wrap", 0, columns,
           styles.say("report.measures_title", agency=agency.name, year=analysis.assessment.fiscal_year), 20)
    note = ""
    if analysis.measures_drafted:
        note = styles.say("report.measures_drafted")
    elif not analysis.measures:
        note = t("report.no_measures")
    banner(sheet, styles, "note", 1, columns, note)
    header(sheet, styles, 2, columns)
    for row, measure in enumerate(analysis.measures, start=3):
        texts = [getattr(measure, key) for key in FIELDS]
        if analysis.measures_drafted:
            texts = [styles.prose(text) for text in texts]
        for col, text in enumerate(texts):
            blank_to_fill = analysis.measures_drafted and FIELDS[col] in ("responsible", "timeline")
            sheet.write_string(row, col, text, styles.input if blank_to_fill else styles.text)
        fit_row(sheet, row, columns, texts)
    setup_page(sheet, landscape=True, header_row=2)
