"""Sheet สรุปผล: agency, tool scores, ITA, level and result as live formulas, and the chart."""
from __future__ import annotations

from pathlib import Path

from xlsxwriter.utility import xl_rowcol_to_cell

from ...model import Analysis
from ..edition import Edition
from ..excel_rules import (
    TARGET,
    below_formula,
    column_ref,
    ita_formula,
    level_formula,
    tool_score_formula,
    verdict_formula,
    weight_total_formula,
)
from ..sheet_tables import Column, Formula, Table, banner, setup_page, write_value
from ..text_layout import row_height
from .chart import indicator_chart
from .context import Report, ScoreCells

AGENCY_ROW = 3                 # title and note above; name, type and province
YEAR_ROW = AGENCY_ROW + 3
TARGET_ROW = YEAR_ROW + 1
HEADER_ROW = TARGET_ROW + 2


def table(edition: Edition) -> Table:
    t = edition.t
    return Table([Column(t("column.tool"), 13, wrap=True, key="code"),
                  Column(t("report.tool_name"), 24, wrap=True, key="name"),
                  Column(t("report.weight"), 7, key="weight"), Column(t("report.computed"), 9, key="score"),
                  Column(t("report.target"), 8, key="target"), Column(t("report.status"), 10, key="status"),
                  Column(t("report.stated"), 8, key="stated")])


def positions(analysis: Analysis, edition: Edition) -> tuple[dict[str, str], str, str]:
    """The tool score cells, the ITA cell and the level cell, as references from other sheets."""
    name, tools = edition.t("report.sheet.summary"), table(edition)
    first = HEADER_ROW + 1
    rows = {tool.code: first + n for n, tool in enumerate(analysis.tools)}
    ita_row = first + len(analysis.tools)

    def ref(row: int, key: str) -> str:
        return f"'{name}'!{tools.cell(key, row, True, True)}"
    return {code: ref(row, "score") for code, row in rows.items()}, ref(ita_row, "score"), \
        f"'{name}'!{xl_rowcol_to_cell(ita_row + 1, tools.col('name'), True, True)}"


def write_summary_sheet(report: Report) -> None:
    analysis, styles, words, t = report.analysis, report.styles, report.words, report.t
    sheet = report.workbook.add_worksheet(t("report.sheet.summary"))
    tools = table(report.edition)
    span = (len(tools.columns), tools.width)
    banner(sheet, styles, "title_wrap", 0, span, report.title(), 20)
    banner(sheet, styles, "note", 1, span, words.say("report.generated", source=Path(analysis.assessment.source).name,
                                                     sheet=report.cells.indicator_sheet))
    _agency_rows(report, sheet, tools)
    tools.header(sheet, styles, HEADER_ROW, words.prose)
    first = HEADER_ROW + 1
    ita_row = first + len(analysis.tools)
    _tool_rows(report, sheet, tools, first)
    _ita_row(report, sheet, tools, first, ita_row)
    _level_rows(report, sheet, tools, first, ita_row)
    for key in ("score", "status"):
        score = tools.cell("score", first, col_abs=True)
        sheet.conditional_format(first, tools.col(key), ita_row, tools.col(key), {
            "type": "formula", "criteria": "=" + below_formula(score, analysis.framework.decimals),
            "format": styles.below_target})
    chart = indicator_chart(report.workbook, report.cells, report.edition, tools.width, styles.thai_digits)
    sheet.insert_chart(ita_row + 4, 0, chart, {"x_offset": 4, "y_offset": 8})
    setup_page(sheet, report.footer, pages_tall=1)


def _agency_rows(report: Report, sheet, tools: Table) -> None:
    styles, t = report.styles, report.t
    agency, assessment = report.analysis.assessment.agency, report.analysis.assessment
    label_width, rest = tools.columns[0].width, tools.width - tools.columns[0].width
    for row, (key, value) in enumerate((("name", agency.name), ("type", agency.type),
                                        ("province", agency.province)), start=AGENCY_ROW):
        sheet.write_string(row, 0, t(f"field.{key}"), styles.label)
        sheet.merge_range(row, 1, row, tools.last_col, value, styles.text)
        sheet.set_row(row, row_height([(t(f"field.{key}"), label_width), (value, rest)]))
    sheet.write_string(YEAR_ROW, 0, t("field.fiscal_year"), styles.label)
    sheet.write_number(YEAR_ROW, 1, assessment.fiscal_year, styles.integer)
    sheet.write_string(TARGET_ROW, 0, t("report.target"), styles.label)
    sheet.write_number(TARGET_ROW, 1, report.analysis.target, styles.score_bold)
    report.workbook.define_name(TARGET, f"='{sheet.name}'!{xl_rowcol_to_cell(TARGET_ROW, 1, True, True)}")


def _tool_rows(report: Report, sheet, tools: Table, first: int) -> None:
    analysis, edition, cells = report.analysis, report.edition, report.cells
    decimals, stated = analysis.framework.decimals, analysis.assessment.stated.tools
    passed, below = edition.status(True), edition.status(False)
    values = {
        "code": lambda tool, row: tool.code,
        "name": lambda tool, row: edition.tool_name(analysis.framework, tool.code),
        "weight": lambda tool, row: tool.weight,
        "score": lambda tool, row: Formula("=" + tool_score_formula(column_ref(
            cells.indicator_sheet, cells.rows_of(i.no for i in analysis.framework.indicators_of(tool.code)),
            cells.score_col)), tool.score),
        "target": lambda tool, row: Formula("=" + TARGET, analysis.target),
        "status": lambda tool, row: Formula("=" + verdict_formula(row.cell("score"), decimals, passed, below),
                                            passed if tool.passed else below),
        "stated": lambda tool, row: stated.get(tool.code),
    }
    roles = {"code": "center", "weight": "integer", "score": "score", "target": "score", "status": "status",
             "stated": "score"}
    rows = Table([Column(c.header, c.width, values[c.key], roles.get(c.key, "text"), c.wrap, c.key)
                  for c in tools.columns])
    rows.write_rows(sheet, report.styles, first, analysis.tools)


def _ita_row(report: Report, sheet, tools: Table, first: int, row: int) -> None:
    analysis, styles, edition = report.analysis, report.styles, report.edition
    decimals, last = analysis.framework.decimals, row - 1
    weights = f"{tools.cell('weight', first)}:{tools.cell('weight', last)}"
    scores = f"{tools.cell('score', first)}:{tools.cell('score', last)}"
    cells = {
        "code": (edition.t("report.ita_row"), styles.label), "name": (edition.t("report.ita_name"), styles.label),
        "weight": (Formula("=" + weight_total_formula(weights), 100), styles.integer),
        "score": (Formula("=" + ita_formula(weights, scores), analysis.ita), styles.score_bold),
        "target": (Formula("=" + TARGET, analysis.target), styles.score),
        "status": (Formula("=" + verdict_formula(tools.cell("score", row), decimals, edition.status(True),
                                                  edition.status(False)), edition.status(analysis.passed)),
                   styles.status),
        "stated": (analysis.assessment.stated.ita, styles.score),
    }
    for key, (value, fmt) in cells.items():
        write_value(sheet, row, tools.col(key), value, fmt)


def _level_rows(report: Report, sheet, tools: Table, first: int, ita_row: int) -> None:
    analysis, styles, edition, framework = report.analysis, report.styles, report.edition, report.framework
    decimals = framework.decimals
    ita = tools.cell("score", ita_row, True, True)
    scores = f"{tools.cell('score', first, True, True)}:{tools.cell('score', ita_row - 1, True, True)}"
    names = [edition.pick(level.name_th, level.name_en) for level in framework.levels]
    level_row, result_row = ita_row + 1, ita_row + 2
    label_width = tools.columns[0].width
    sheet.write_string(level_row, 0, edition.t("report.level"), styles.label)
    sheet.write_formula(level_row, tools.col("name"),
                        "=" + level_formula(framework.levels, names, ita, scores, decimals),
                        styles.status, edition.level_name(framework, analysis.level))
    sheet.merge_range(level_row, tools.col("target"), level_row, tools.col("status"), edition.t("report.stated_level"),
                      styles.label)
    sheet.write_string(level_row, tools.col("stated"), analysis.assessment.stated.level or "", styles.center)
    yes, no = edition.result(True), edition.result(False)
    sheet.write_string(result_row, 0, edition.t("report.result"), styles.label)
    sheet.write_formula(result_row, tools.col("name"), "=" + verdict_formula(ita, decimals, yes, no),
                        styles.status, edition.result(analysis.passed))
    for row, label in ((level_row, edition.t("report.level")), (result_row, edition.t("report.result"))):
        sheet.set_row(row, row_height([(label, label_width), (edition.t("report.stated_level"), 18)]))
    sheet.conditional_format(result_row, tools.col("name"), result_row, tools.col("name"), {
        "type": "cell", "criteria": "==", "value": f'"{no}"', "format": styles.below_target})


def score_cells(analysis: Analysis, edition: Edition, comparison_year: int | None) -> ScoreCells:
    """Where every live figure of the report will be."""
    from .indicator_sheet import layout
    tools, ita, level = positions(analysis, edition)
    return ScoreCells(edition.t("report.sheet.indicators"), **layout(analysis, edition),
                      summary_sheet=edition.t("report.sheet.summary"), tools=tools, ita=ita, level=level,
                      previous_year=comparison_year)
