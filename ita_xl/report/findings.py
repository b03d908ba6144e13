"""Sheets จุดแข็ง-จุดที่ต้องพัฒนา and ข้อที่ต่ำกว่าเกณฑ์: the ranked lists the memo writes out."""
from __future__ import annotations

from ..model import Analysis, Comparison
from ..sheets import Column, banner, fit_row, header, setup_page
from ..text import t


def write_findings_sheet(workbook, styles, analysis: Analysis) -> None:
    sheet = workbook.add_worksheet(t("report.sheet.findings"))
    columns = [Column(t("report.order"), 6), Column(t("column.indicator_no"), 7, wrap=True),
               Column(t("column.indicator"), 22, wrap=True), Column(t("column.tool"), 6),
               Column(t("column.score"), 7)]
    banner(sheet, styles, "title_wrap", 0, columns,
           styles.say("report.title", year=analysis.assessment.fiscal_year), font_size=20)
    row = 2
    for key, numbers in (("strengths_title", analysis.strengths), ("weaknesses_title", analysis.weaknesses)):
        text = styles.say(f"report.{key}", target=analysis.target, count=len(numbers))
        banner(sheet, styles, "subtitle", row, columns, text)
        header(sheet, styles, row + 1, columns)
        row += 2
        if not numbers:
            sheet.merge_range(row, 0, row, len(columns) - 1, t("report.none"), styles.text)
            row += 1
        for order, no in enumerate(numbers, start=1):
            indicator = analysis.indicator(no)
            sheet.write_number(row, 0, order, styles.integer)
            sheet.write_number(row, 1, no, styles.integer)
            sheet.write_string(row, 2, indicator.name, styles.text)
            sheet.write_string(row, 3, indicator.tool, styles.center)
            sheet.write_number(row, 4, indicator.score, styles.score_format(indicator.passed))
            fit_row(sheet, row, columns, [indicator.name] * len(columns))
            row += 1
        row += 1
    setup_page(sheet)


def write_weak_items_sheet(workbook, styles, analysis: Analysis, comparison: Comparison | None = None) -> None:
    sheet = workbook.add_worksheet(t("report.sheet.weak_items"))
    columns = [Column(t("report.order"), 5), Column(t("column.indicator_no"), 6, wrap=True),
               Column(t("column.indicator"), 12, wrap=True), Column(t("report.indicator_score"), 7, wrap=True),
               Column(t("column.item_code"), 5), Column(t("column.item_text"), 20, wrap=True),
               Column(t("column.score"), 6), Column(t("column.recommendation"), 24, wrap=True),
               Column(t("report.recommendation_source"), 9, wrap=True)]
    if comparison:
        columns.append(Column(t("report.new_weak_column"), 8, wrap=True))
    banner(sheet, styles, "title_wrap", 0, columns,
           styles.say("report.title", year=analysis.assessment.fiscal_year), font_size=20)
    banner(sheet, styles, "subtitle", 1, columns, _weak_items_heading(styles, analysis))
    header(sheet, styles, 2, columns)
    for row, weak in enumerate(analysis.weak_items, start=3):
        indicator = analysis.indicator(weak.indicator)
        source = t("report.recommendation_given" if weak.recommendation_given else "report.recommendation_default")
        texts = [str(row - 2), str(weak.indicator), indicator.name, "", weak.code, weak.text, "",
                 weak.recommendation, source]
        sheet.write_number(row, 0, row - 2, styles.integer)
        sheet.write_number(row, 1, weak.indicator, styles.integer)
        sheet.write_string(row, 2, indicator.name, styles.text)
        sheet.write_number(row, 3, indicator.score, styles.score_format(indicator.passed))
        sheet.write_string(row, 4, weak.code, styles.center)
        sheet.write_string(row, 5, weak.text, styles.text)
        sheet.write_number(row, 6, weak.score, styles.score_below)
        sheet.write_string(row, 7, weak.recommendation, styles.text)
        sheet.write_string(row, 8, source, styles.text)
        if comparison:
            new = weak.code in comparison.new_weak_items
            sheet.write_string(row, 9, t("report.new_weak") if new else "",
                               styles.status_below if new else styles.status)
        fit_row(sheet, row, columns, texts)
    if analysis.weak_items:
        sheet.autofilter(2, 0, 2 + len(analysis.weak_items), len(columns) - 1)
    setup_page(sheet, landscape=True, header_row=2)


def _weak_items_heading(styles, analysis: Analysis) -> str:
    """What the list holds, and which tools this year's framework cannot analyse item by item."""
    if not any(item.score is not None for item in analysis.assessment.items.values()):
        heading = t("report.no_item_scores")
    elif not analysis.weak_items:
        heading = t("report.no_weak_items")
    else:
        heading = styles.say("report.weak_items_title", target=analysis.target, count=len(analysis.weak_items))
    missing = analysis.framework.tools_without_items()
    if missing:
        heading += "\n" + styles.say("report.item_level_unavailable", year=analysis.assessment.fiscal_year,
                                      tools=", ".join(missing))
    return heading
