"""Sheet สรุปผล: agency, tool scores, ITA, level and result as live formulas, and the chart."""
from __future__ import annotations

from ..frameworks import Level
from ..layout import row_height
from ..model import Analysis
from ..sheets import Column, banner, fit_row, header, setup_page, write_score
from ..text import pick, t
from .chart import indicator_chart
from .common import cell, column_ref, judged
from .indicator_sheet import IndicatorCells, status_formula

AGENCY_ROW = 3
TARGET_ROW = 7
TABLE_ROW = 9
SCORE_COL = 3


def level_formula(levels: tuple[Level, ...], ita: str, tools: str, decimals: int) -> str:
    """The framework's level bands as one nested IF, the Excel twin of ``analysis.level_of``."""
    formula = f'"{pick(levels[-1].name_th, levels[-1].name_en)}"'
    for level in reversed(levels[:-1]):
        condition = f"{judged(ita, decimals)}>={level.min:g}"
        if level.tools_min is not None:
            condition = f"AND({condition},{judged(f'MIN({tools})', decimals)}>={level.tools_min:g})"
        formula = f'IF({condition},"{pick(level.name_th, level.name_en)}",{formula})'
    return "=" + formula


def write_summary_sheet(workbook, styles, analysis: Analysis, cells: IndicatorCells, font: str) -> None:
    name = t("report.sheet.summary")
    sheet = workbook.add_worksheet(name)
    assessment = analysis.assessment
    columns = [Column(t("column.tool"), 13, wrap=True), Column(t("report.tool_name"), 24, wrap=True),
               Column(t("report.weight"), 7), Column(t("report.computed"), 9),
               Column(t("report.target"), 8), Column(t("report.status"), 10),
               Column(t("report.stated"), 8)]
    banner(sheet, styles, "title_wrap", 0, columns, styles.say("report.title", year=assessment.fiscal_year), 20)
    banner(sheet, styles, "note", 1, columns, styles.say("report.generated", source=assessment.source,
                                             sheet=cells.sheet))
    agency = assessment.agency
    for row, (label, value) in enumerate(((t("field.name"), agency.name), (t("field.type"), agency.type),
                                          (t("field.province"), agency.province)), start=AGENCY_ROW):
        sheet.write_string(row, 0, label, styles.label)
        sheet.merge_range(row, 1, row, len(columns) - 1, value, styles.text)
        sheet.set_row(row, row_height([(label, columns[0].width), (value, sum(c.width for c in columns[1:]))]))
    sheet.write_string(TARGET_ROW - 1, 0, t("field.fiscal_year"), styles.label)
    sheet.write_number(TARGET_ROW - 1, 1, assessment.fiscal_year, styles.integer)
    sheet.write_string(TARGET_ROW, 0, t("report.target"), styles.label)
    sheet.write_number(TARGET_ROW, 1, analysis.target, styles.score_bold)
    workbook.define_name("Target", f"='{name}'!{cell(TARGET_ROW, 1, True, True)}")
    header(sheet, styles, TABLE_ROW, columns)
    tool_rows = _tool_rows(sheet, styles, analysis, cells, columns)
    ita_row = _ita_row(sheet, styles, analysis, tool_rows)
    _level_rows(sheet, styles, analysis, tool_rows, ita_row)
    chart_row = ita_row + 4
    chart = indicator_chart(workbook, cells, font, sum(c.width for c in columns), styles.thai_digits)
    sheet.insert_chart(chart_row, 0, chart, {"x_offset": 4, "y_offset": 8})
    setup_page(sheet, pages_tall=1)


def _tool_rows(sheet, styles, analysis: Analysis, cells: IndicatorCells, columns) -> list[int]:
    decimals = analysis.framework.decimals
    stated = analysis.assessment.stated.tools
    passed, below = t("report.passed"), t("report.below")
    rows = []
    for row, tool in enumerate(analysis.tools, start=TABLE_ROW + 1):
        numbers = [i.no for i in analysis.framework.indicators_of(tool.code)]
        indicator_range = column_ref(cells.sheet, cells.rows_of(numbers), cells.score_col)
        score = cell(row, SCORE_COL)
        sheet.write_string(row, 0, tool.code, styles.center)
        sheet.write_string(row, 1, tool.name, styles.text)
        sheet.write_number(row, 2, tool.weight, styles.integer)
        sheet.write_formula(row, SCORE_COL, f"=AVERAGE({indicator_range})", styles.score, tool.score)
        sheet.write_formula(row, 4, "=Target", styles.score, analysis.target)
        sheet.write_formula(row, 5, status_formula(score, decimals, passed, below), styles.status,
                            passed if tool.passed else below)
        write_score(sheet, row, 6, stated.get(tool.code), styles.score)
        fit_row(sheet, row, columns, ["", tool.name])
        rows.append(row)
    return rows


def _ita_row(sheet, styles, analysis: Analysis, tool_rows: list[int]) -> int:
    decimals = analysis.framework.decimals
    row = tool_rows[-1] + 1
    weights = f"{cell(tool_rows[0], 2)}:{cell(tool_rows[-1], 2)}"
    scores = f"{cell(tool_rows[0], SCORE_COL)}:{cell(tool_rows[-1], SCORE_COL)}"
    passed, below = t("report.passed"), t("report.below")
    sheet.write_string(row, 0, t("report.ita_row"), styles.label)
    sheet.write_string(row, 1, t("report.ita_name"), styles.label)
    sheet.write_formula(row, 2, f"=SUM({weights})", styles.integer, 100)
    sheet.write_formula(row, SCORE_COL, f"=SUMPRODUCT({weights},{scores})/100", styles.score_bold,
                        analysis.ita)
    sheet.write_formula(row, 4, "=Target", styles.score, analysis.target)
    sheet.write_formula(row, 5, status_formula(cell(row, SCORE_COL), decimals, passed, below),
                        styles.status, passed if analysis.passed else below)
    write_score(sheet, row, 6, analysis.assessment.stated.ita, styles.score)
    last = row
    for col in (3, 5):
        sheet.conditional_format(TABLE_ROW + 1, col, last, col, _below_rule(styles, col, decimals))
    return row


def _below_rule(styles, col: int, decimals: int) -> dict:
    score = cell(TABLE_ROW + 1, SCORE_COL, col_abs=True)
    return {"type": "formula", "criteria": f"={judged(score, decimals)}<Target", "format": styles.below_target}


def _level_rows(sheet, styles, analysis: Analysis, tool_rows: list[int], ita_row: int) -> None:
    framework = analysis.framework
    decimals = framework.decimals
    ita = cell(ita_row, SCORE_COL, True, True)
    tools = f"{cell(tool_rows[0], SCORE_COL, True, True)}:{cell(tool_rows[-1], SCORE_COL, True, True)}"
    level_row, result_row = ita_row + 1, ita_row + 2
    sheet.write_string(level_row, 0, t("report.level"), styles.label)
    sheet.write_formula(level_row, 1, level_formula(framework.levels, ita, tools, decimals),
                        styles.status, analysis.level)
    sheet.merge_range(level_row, 4, level_row, 5, t("report.stated_level"), styles.label)
    sheet.write_string(level_row, 6, analysis.assessment.stated.level or "", styles.center)
    yes, no = t("report.ita_passed"), t("report.ita_failed")
    sheet.write_string(result_row, 0, t("report.result"), styles.label)
    for row, label in ((level_row, t("report.level")), (result_row, t("report.result"))):
        sheet.set_row(row, row_height([(label, 13), (t("report.stated_level"), 18)]))
    sheet.write_formula(result_row, 1, f'=IF({judged(ita, decimals)}>=Target,"{yes}","{no}")',
                        styles.status, yes if analysis.passed else no)
    sheet.conditional_format(result_row, 1, result_row, 1, {
        "type": "cell", "criteria": "==", "value": f'"{no}"', "format": styles.below_target})

