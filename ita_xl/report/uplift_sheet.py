"""Sheet แนวทางยกระดับ: what each improvement is worth, and the shortest paths to the target and next level."""
from __future__ import annotations

from ..model import Analysis, Plan
from ..sheets import Column, banner, fit_row, header, setup_page, write_score
from ..text import t
from ..wording import improvement_label, score_text, unit_label


def _columns() -> list[Column]:
    return [Column(t("report.order"), 5), Column(t("report.uplift_improvement"), 30, wrap=True),
            Column(t("column.tool"), 6), Column(t("report.uplift_unit"), 6),
            Column(t("report.uplift_units"), 8, wrap=True), Column(t("report.uplift_gain_group"), 8, wrap=True),
            Column(t("report.uplift_gain_indicator"), 8, wrap=True), Column(t("report.uplift_gain_tool"), 8, wrap=True),
            Column(t("report.uplift_gain_ita"), 8, wrap=True), Column(t("report.uplift_max"), 8, wrap=True)]


def write_uplift_sheet(workbook, styles, analysis: Analysis) -> None:
    sheet = workbook.add_worksheet(t("report.sheet.uplift"))
    columns = _columns()
    framework = analysis.framework
    banner(sheet, styles, "title_wrap", 0, columns, styles.say("report.uplift_title"), font_size=20)
    banner(sheet, styles, "note", 1, columns, styles.say("report.uplift_note", year=framework.fiscal_year))
    header(sheet, styles, 2, columns)
    row = 3
    options = analysis.uplift.improvements
    if not options:
        sheet.merge_range(row, 0, row, len(columns) - 1, t("report.uplift_none"), styles.text)
        row += 1
    for order, option in enumerate(options, start=1):
        label = styles.prose(improvement_label(option, framework))
        sheet.write_number(row, 0, order, styles.integer)
        sheet.write_string(row, 1, label, styles.text)
        sheet.write_string(row, 2, option.tool, styles.center)
        sheet.write_string(row, 3, unit_label(option), styles.center)
        sheet.write_number(row, 4, option.units, styles.score)
        gains = (option.gain_group if option.kind == "item" else None, option.gain_indicator,
                 option.gain_tool, option.gain_ita, option.max_gain)
        for col, gain in enumerate(gains, start=5):
            write_score(sheet, row, col, gain, styles.gain)
        fit_row(sheet, row, columns, ["", label] + [""] * 8)
        row += 1
    for plan in analysis.uplift.plans:
        row = _write_plan(sheet, styles, analysis, plan, columns, row + 1)
    setup_page(sheet, landscape=True, header_row=2)


def _plan_title(styles, plan: Plan) -> str:
    if plan.kind == "target":
        return styles.say("report.plan_title_target", goal=plan.min_ita)
    tools = styles.say("report.plan_tools_min", min=plan.tools_min) if plan.tools_min is not None else ""
    return styles.say("report.plan_title_level", goal=plan.goal, min=plan.min_ita, tools=tools)


def _write_plan(sheet, styles, analysis: Analysis, plan: Plan, columns: list[Column], row: int) -> int:
    banner(sheet, styles, "subtitle", row, columns, _plan_title(styles, plan))
    row += 1
    if plan.reached:
        reached = styles.say("report.plan_reached", ita=styles.prose(score_text(analysis.ita)))
        banner(sheet, styles, "text", row, columns, reached)
        return row + 1
    labels = {0: t("report.plan_step"), 1: t("report.uplift_improvement"), 2: t("column.tool"),
              3: t("report.uplift_unit"), 4: t("report.plan_amount"), 9: t("report.plan_ita_after")}
    for col in range(len(columns)):
        sheet.write_string(row, col, styles.prose(labels.get(col, "")), styles.header)
    row += 1
    for number, step in enumerate(plan.steps, start=1):
        label = styles.prose(improvement_label(step.improvement, analysis.framework))
        sheet.write_number(row, 0, number, styles.integer)
        sheet.write_string(row, 1, label, styles.text)
        sheet.write_string(row, 2, step.improvement.tool, styles.center)
        sheet.write_string(row, 3, unit_label(step.improvement), styles.center)
        sheet.write_number(row, 4, step.units, styles.gain)
        for col in range(5, 9):
            sheet.write_blank(row, col, None, styles.text)
        sheet.write_number(row, 9, step.ita_after, styles.score_bold)
        fit_row(sheet, row, columns, ["", label] + [""] * 8)
        row += 1
    if not plan.feasible:
        banner(sheet, styles, "note", row, columns, styles.say("report.plan_infeasible"))
        row += 1
    return row
