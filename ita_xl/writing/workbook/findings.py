"""Sheets จุดแข็ง-จุดที่ต้องพัฒนา and ข้อที่ต่ำกว่าเกณฑ์: the ranked lists the memo writes out."""
from __future__ import annotations

from ..sheet_tables import Column, Formula, Table, banner, setup_page
from .context import Report
from .live_text import count, live_banner, warned_banner


def write_findings_sheet(report: Report) -> None:
    analysis, styles, words, t = report.analysis, report.styles, report.words, report.t
    framework = analysis.framework
    sheet = report.workbook.add_worksheet(t("report.sheet.findings"))
    indicators = Table([
        Column(t("report.order"), 6, lambda pair, row: pair[0], "integer"),
        Column(t("column.indicator_no"), 7, lambda pair, row: pair[1].no, "integer", wrap=True),
        Column(t("column.indicator"), 22, lambda pair, row: report.edition.indicator_name(framework, pair[1].no),
               wrap=True),
        Column(t("column.tool"), 6, lambda pair, row: pair[1].tool, "center"),
        Column(t("column.score"), 7, lambda pair, row: Formula(f"={report.cells.indicator(pair[1].no)}", pair[1].score),
               lambda pair: "score" if pair[1].passed else "score_below"),
    ])
    span = (len(indicators.columns), indicators.width)
    banner(sheet, styles, "title_wrap", 0, span, report.title(), 20)
    warned_banner(report, sheet, 1, span)
    row = 2
    for key, numbers, meets in (("strengths_title", analysis.strengths, True),
                                ("weaknesses_title", analysis.weaknesses, False)):
        live_banner(report, sheet, row, span, f"report.{key}", target=analysis.target,
                    count=count(report, numbers, meets))
        indicators.header(sheet, styles, row + 1, words.prose)
        row += 2
        if not numbers:
            sheet.merge_range(row, 0, row, indicators.last_col, t("report.none"), styles.text)
            row += 1
        row = indicators.write_rows(sheet, styles, row,
                                    [(order, analysis.indicator(no)) for order, no in enumerate(numbers, 1)]) + 1
    setup_page(sheet, report.footer, pages_tall=1)      # two short tables: one page, never a stray row


def write_weak_items_sheet(report: Report) -> None:
    analysis, styles, words, t, edition = report.analysis, report.styles, report.words, report.t, report.edition
    framework, comparison = analysis.framework, report.comparison
    sheet = report.workbook.add_worksheet(t("report.sheet.weak_items"))
    columns = [
        Column(t("report.order"), 5, lambda pair, row: pair[0], "integer"),
        Column(t("column.indicator_no"), 6, lambda pair, row: pair[1].indicator, "integer", wrap=True),
        Column(t("column.indicator"), 12, lambda pair, row: edition.indicator_name(framework, pair[1].indicator),
               wrap=True),
        Column(t("report.indicator_score"), 7, lambda pair, row: Formula(
            f"={report.cells.indicator(pair[1].indicator)}", analysis.indicator(pair[1].indicator).score),
               lambda pair: "score" if analysis.indicator(pair[1].indicator).passed else "score_below", wrap=True),
        Column(t("column.item_code"), 5, lambda pair, row: pair[1].code, "center"),
        Column(t("column.item_text"), 20, lambda pair, row: edition.item_text(framework, pair[1].code, pair[1].text),
               wrap=True),
        Column(t("column.score"), 6, lambda pair, row: pair[1].score, "score_below"),
        Column(t("column.recommendation"), 24, lambda pair, row: edition.item_recommendation(
            framework, pair[1].code, pair[1].recommendation), wrap=True),
        Column(t("report.recommendation_source"), 9, lambda pair, row: t(
            "report.recommendation_given" if pair[1].recommendation_given else "report.recommendation_default"),
            wrap=True),
        Column(t("column.item_source"), 9, lambda pair, row: edition.item_wording_source(
            framework, pair[1].code, pair[1].text), lambda pair: "status_below" if edition.wording_is_assumed(
            framework, pair[1].code, pair[1].text) else "text", wrap=True),
    ]
    if comparison:
        new = comparison.new_weak_items
        columns.append(Column(t("report.new_weak_column"), 8,
                              lambda pair, row: t("report.new_weak") if pair[1].code in new else "",
                              lambda pair: "status_below" if pair[1].code in new else "status", wrap=True))
    items = Table(columns)
    span = (len(items.columns), items.width)
    banner(sheet, styles, "title_wrap", 0, span, report.title(), 20)
    warned_banner(report, sheet, 1, span, _heading(report), "subtitle")
    items.header(sheet, styles, 2, words.prose)
    items.write_rows(sheet, styles, 3, list(enumerate(analysis.weak_items, 1)))
    if analysis.weak_items:
        sheet.autofilter(2, 0, 2 + len(analysis.weak_items), items.last_col)
    setup_page(sheet, report.footer, landscape=True, header_row=2)


def _heading(report: Report) -> str:
    """What the list holds, and which tools this year's framework cannot analyse item by item."""
    analysis, words = report.analysis, report.words
    if not any(item.score is not None for item in analysis.assessment.items.values()):
        heading = report.t("report.no_item_scores")
    elif not analysis.weak_items:
        heading = report.t("report.no_weak_items")
    else:
        heading = words.say("report.weak_items_title", target=analysis.target, count=len(analysis.weak_items))
    missing = analysis.framework.tools_without_items()
    if missing:
        heading += "\n" + words.say("report.item_level_unavailable", year=analysis.assessment.fiscal_year,
                                    tools=", ".join(missing))
    return heading
