"""Sheet เทียบปีก่อน: every figure beside last year's, the change and its direction."""
from __future__ import annotations

from ..model import Analysis, Comparison
from ..sheets import Column, banner, fit_row, header, setup_page, write_score
from ..text import t
from ..wording import trend_label


def write_comparison_sheet(workbook, styles, analysis: Analysis, comparison: Comparison) -> None:
    sheet = workbook.add_worksheet(t("report.sheet.comparison"))
    previous = comparison.previous
    columns = [Column(t("report.comparison_item"), 26, wrap=True),
               Column(t("report.comparison_previous", year=previous.assessment.fiscal_year), 8),
               Column(t("report.comparison_current", year=analysis.assessment.fiscal_year), 8),
               Column(t("report.comparison_change"), 9), Column(t("report.comparison_trend"), 11)]
    ita = comparison.changes[0]
    banner(sheet, styles, "title_wrap", 0, columns,
           styles.say("report.comparison_title", previous=previous.assessment.fiscal_year,
             change=styles.prose(f"{ita.change:+.2f}"), trend=trend_label(ita.trend)), font_size=20)
    banner(sheet, styles, "note", 1, columns, styles.say("report.comparison_source", source=previous.assessment.source))
    header(sheet, styles, 2, columns)
    row = 3
    for change in comparison.changes:
        name = change.name if change.kind != "indicator" else \
            f"{t('column.indicator_no')} {styles.prose(change.key)} {change.name}"
        sheet.write_string(row, 0, name, styles.label if change.kind != "indicator" else styles.text)
        write_score(sheet, row, 1, change.previous, styles.score)
        write_score(sheet, row, 2, change.current, styles.score)
        write_score(sheet, row, 3, change.change, styles.change)
        trend_format = {"up": styles.trend_up, "down": styles.trend_down}.get(change.trend, styles.status)
        sheet.write_string(row, 4, trend_label(change.trend), trend_format)
        fit_row(sheet, row, columns, [name, "", "", "", ""])
        row += 1
        if change.kind == "ita":
            sheet.write_string(row, 0, t("report.level"), styles.label)
            sheet.write_string(row, 1, previous.level, styles.center)
            sheet.write_string(row, 2, analysis.level, styles.center)
            sheet.write_blank(row, 3, None, styles.text)
            sheet.write_blank(row, 4, None, styles.text)
            row += 1
    setup_page(sheet, header_row=2)
