"""Sheet คะแนนตัวชี้วัด: the indicator score cells every formula in the workbook reads."""
from __future__ import annotations

from ...model import Analysis, IndicatorResult
from ..edition import Edition
from ..excel_rules import (
    TARGET,
    bar_formula,
    below_formula,
    rank_formula,
    verdict_formula,
)
from ..line_breaks import mark
from ..sheet_tables import Column, Formula, Table, banner, setup_page
from .context import Report

HEADER_ROW = 1                 # the title above it
GAP = 1                        # an empty column between the printed table and the chart's data


def table(analysis: Analysis, edition: Edition) -> Table:
    """The printed table; its score column is the one every formula reads."""
    words = edition.wording(edition.thai_digits())
    decimals = analysis.framework.decimals
    first, last = HEADER_ROW + 1, HEADER_ROW + len(analysis.indicators)
    t, passed, below = edition.t, edition.status(True), edition.status(False)

    def score_range(row) -> str:
        return f"{row.table.cell('score', first, True, True)}:{row.table.cell('score', last, True, True)}"

    return Table([
        Column(t("column.indicator_no"), 7, lambda i, row: i.no, "integer", key="no"),
        Column(t("column.tool"), 6, lambda i, row: i.tool, "center"),
        Column(t("column.indicator"), 18, lambda i, row: edition.indicator_name(analysis.framework, i.no),
               wrap=True),
        Column(t("column.score"), 7, lambda i, row: i.score, "score", key="score"),
        Column(t("report.source"), 12, lambda i, row: words.prose(_source(analysis, edition, i)), wrap=True),
        Column(t("report.rank"), 6, lambda i, row: Formula(
            "=" + rank_formula(score_range(row), row.cell("score"), decimals), i.rank), "integer"),
        Column(t("report.status"), 10, lambda i, row: Formula(
            "=" + verdict_formula(row.cell("score"), decimals, passed, below), passed if i.passed else below), "status",
            key="status"),
    ])


def chart_table(report: Report, first_col: int) -> Table:
    """Helper columns the chart plots: passing and below-target bars as two live series."""
    analysis, t = report.analysis, report.t
    decimals, score_col = analysis.framework.decimals, report.cells.score_col
    previous = {}
    if report.comparison:
        previous = {int(c.key): c.previous for c in report.comparison.changes if c.kind == "indicator"}

    def _score(row) -> str:
        from xlsxwriter.utility import xl_rowcol_to_cell
        return xl_rowcol_to_cell(row.index, score_col)

    columns = [
        Column(t("report.chart_label"), 20, lambda i, row: mark(report.words.prose(f"{i.no}. ")   # broken only
               + report.edition.indicator_name(analysis.framework, i.no)), key="label"),       # between words
        Column(t("report.chart_passed"), 9, lambda i, row: Formula("=" + bar_formula(_score(row), decimals, True),
                                                                     i.score if i.passed else 0), "score"),
        Column(t("report.chart_below"), 9, lambda i, row: Formula("=" + bar_formula(_score(row), decimals, False),
                                                                    0 if i.passed else i.score), "score"),
        Column(t("report.chart_target"), 9, lambda i, row: Formula("=" + TARGET, analysis.target), "score"),
    ]
    if report.comparison:
        year = report.comparison.previous.assessment.fiscal_year
        columns.append(Column(t("report.chart_previous", year=year), 9, lambda i, row: previous.get(i.no), "score"))
    return Table(columns, first_col)


def _source(analysis: Analysis, edition: Edition, indicator: IndicatorResult) -> str:
    """Where the score came from; a given score that its items contradict says what they give."""
    if indicator.items_used:
        return edition.t("report.source_items", count=indicator.items_used)
    differs = next((c for c in analysis.audit if c.check == "indicator_items"
                    and c.subject == str(indicator.no) and not c.matches), None)
    if differs:
        return edition.t("report.source_given_differs", score=f"{differs.computed:.2f}")
    return edition.t("report.source_given")


def write_indicator_sheet(report: Report) -> None:
    analysis, styles = report.analysis, report.styles
    sheet = report.workbook.add_worksheet(report.cells.indicator_sheet)
    printed = table(analysis, report.edition)
    banner(sheet, styles, "title_wrap", 0, (len(printed.columns), printed.width), report.title(), 20)
    printed.header(sheet, styles, HEADER_ROW, report.words.prose)
    last = printed.write_rows(sheet, styles, HEADER_ROW + 1, analysis.indicators) - 1
    chart = chart_table(report, report.cells.chart_col)
    sheet.set_column(printed.last_col + 1, printed.last_col + GAP, 2)
    chart.header(sheet, styles, HEADER_ROW, report.words.prose, fit=False)
    chart.write_rows(sheet, styles, HEADER_ROW + 1, analysis.indicators, fit=False)
    decimals = analysis.framework.decimals
    score = printed.cell("score", HEADER_ROW + 1, col_abs=True)
    sheet.conditional_format(HEADER_ROW + 1, printed.col("score"), last, printed.col("score"), {
        "type": "formula", "format": styles.below_target, "criteria": "=" + below_formula(score, decimals)})
    sheet.conditional_format(HEADER_ROW + 1, printed.col("status"), last, printed.col("status"), {
        "type": "cell", "criteria": "==", "value": f'"{report.edition.status(False)}"', "format": styles.below_target})
    setup_page(sheet, report.footer, header_row=HEADER_ROW)
    sheet.print_area(0, 0, last, printed.last_col)



def layout(analysis: Analysis, edition: Edition) -> dict:
    """Each indicator's row, the header row, the number and score columns and the chart data's first
    column: where the scores will be, known before the sheet is written."""
    printed = table(analysis, edition)
    return {"indicator_rows": {i.no: HEADER_ROW + 1 + n for n, i in enumerate(analysis.indicators)},
            "header_row": HEADER_ROW, "number_col": printed.col("no"), "score_col": printed.col("score"),
            "chart_col": printed.last_col + 1 + GAP}
