"""Sheet คะแนนตัวชี้วัด: the ten score cells every formula in the workbook reads."""
from __future__ import annotations

from dataclasses import dataclass

from ..model import Analysis, Comparison
from ..sheets import Column, banner, fit_row, header, setup_page, write_score
from ..text import t
from .common import cell, judged

FIRST_ROW = 2          # header on row 1 (zero-based), indicators below it
SCORE_COL = 3
CHART_COL = 8          # chart data to the right of the printed table


@dataclass(frozen=True)
class IndicatorCells:
    """Where each indicator's score lives, for formulas on other sheets."""
    sheet: str
    rows: dict[int, int]
    previous_year: int | None = None    # last year's scores sit in the chart data too
    score_col: int = SCORE_COL
    chart_col: int = CHART_COL

    def rows_of(self, numbers) -> list[int]:
        return [self.rows[no] for no in numbers]


def status_formula(reference: str, decimals: int, passed: str, below: str) -> str:
    return f'=IF({judged(reference, decimals)}>=Target,"{passed}","{below}")'


def indicator_cells(analysis: Analysis, comparison: Comparison | None = None) -> IndicatorCells:
    """The layout of the indicator sheet, known before it is written (the summary comes first)."""
    rows = {indicator.no: FIRST_ROW + n for n, indicator in enumerate(analysis.indicators)}
    previous = comparison.previous.assessment.fiscal_year if comparison else None
    return IndicatorCells(t("report.sheet.indicators"), rows, previous)


def _source(analysis: Analysis, no: int, items_used: int) -> str:
    """Where the score came from; a given score that its items contradict says what they give."""
    if items_used:
        return t("report.source_items", count=items_used)
    differs = next((c for c in analysis.audit if c.check == "indicator_items" and c.subject == str(no)
                    and not c.matches), None)
    if differs:
        return t("report.source_given_differs", score=f"{differs.computed:.2f}")
    return t("report.source_given")


def write_indicator_sheet(workbook, styles, analysis: Analysis, cells: IndicatorCells,
                          comparison: Comparison | None = None) -> None:
    sheet = workbook.add_worksheet(cells.sheet)
    rows = cells.rows
    decimals = analysis.framework.decimals
    columns = [Column(t("column.indicator_no"), 7, wrap=True), Column(t("column.tool"), 6),
               Column(t("column.indicator"), 18, wrap=True), Column(t("column.score"), 7),
               Column(t("report.source"), 12, wrap=True), Column(t("report.rank"), 6),
               Column(t("report.status"), 10)]
    banner(sheet, styles, "title_wrap", 0, columns,
           styles.say("report.title", year=analysis.assessment.fiscal_year), font_size=20)
    header(sheet, styles, 1, columns)
    first, last = (cell(r, SCORE_COL, True, True) for r in (FIRST_ROW, FIRST_ROW + len(rows) - 1))
    passed, below = t("report.passed"), t("report.below")
    for indicator in analysis.indicators:
        row = rows[indicator.no]
        score = cell(row, SCORE_COL)
        source = styles.prose(_source(analysis, indicator.no, indicator.items_used))
        sheet.write_number(row, 0, indicator.no, styles.integer)
        sheet.write_string(row, 1, indicator.tool, styles.center)
        sheet.write_string(row, 2, indicator.name, styles.text)
        sheet.write_number(row, SCORE_COL, indicator.score, styles.score)
        sheet.write_string(row, 4, source, styles.text)
        sheet.write_formula(row, 5, f"=SUMPRODUCT(--({judged(f'{first}:{last}', decimals)}"
                                    f">{judged(score, decimals)}))+1", styles.integer, indicator.rank)
        sheet.write_formula(row, 6, status_formula(score, decimals, passed, below), styles.status,
                            passed if indicator.passed else below)
        fit_row(sheet, row, columns, [indicator.name, "", "", "", source])
    _chart_data(sheet, styles, analysis, rows, comparison)
    last_row = FIRST_ROW + len(rows) - 1
    below_rule = {"type": "formula", "format": styles.below_target,
                  "criteria": f"={judged(cell(FIRST_ROW, SCORE_COL, col_abs=True), decimals)}<Target"}
    sheet.conditional_format(FIRST_ROW, SCORE_COL, last_row, SCORE_COL, below_rule)
    sheet.conditional_format(FIRST_ROW, 6, last_row, 6, {
        "type": "cell", "criteria": "==", "value": f'"{below}"', "format": styles.below_target})
    setup_page(sheet, header_row=1)
    sheet.print_area(0, 0, last_row, len(columns) - 1)


def _chart_data(sheet, styles, analysis: Analysis, rows: dict[int, int],
                comparison: Comparison | None) -> None:
    """Helper columns the chart plots: passing and below-target bars as two live series."""
    decimals = analysis.framework.decimals
    labels = [t("report.chart_label"), t("report.chart_passed"), t("report.chart_below"),
              t("report.chart_target")]
    previous = {}
    if comparison:
        labels.append(t("report.chart_previous", year=comparison.previous.assessment.fiscal_year))
        previous = {int(c.key): c.previous for c in comparison.changes if c.kind == "indicator"}
    sheet.set_column(CHART_COL - 1, CHART_COL - 1, 2)
    sheet.set_column(CHART_COL, CHART_COL, 20)
    sheet.set_column(CHART_COL + 1, CHART_COL + len(labels) - 1, 9)
    for offset, label in enumerate(labels):
        sheet.write_string(1, CHART_COL + offset, label, styles.header)
    for indicator in analysis.indicators:
        row = rows[indicator.no]
        score = cell(row, SCORE_COL)
        meets = f"{judged(score, decimals)}>=Target"
        sheet.write_string(row, CHART_COL, styles.prose(f"{indicator.no}. ") + indicator.name, styles.text)
        sheet.write_formula(row, CHART_COL + 1, f"=IF({meets},{score},0)", styles.score,
                            indicator.score if indicator.passed else 0)
        sheet.write_formula(row, CHART_COL + 2, f"=IF({meets},0,{score})", styles.score,
                            0 if indicator.passed else indicator.score)
        sheet.write_formula(row, CHART_COL + 3, "=Target", styles.score, analysis.target)
        if comparison:
            write_score(sheet, row, CHART_COL + 4, previous.get(indicator.no), styles.score)
