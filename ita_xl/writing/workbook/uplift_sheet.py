"""Sheet แนวทางยกระดับ: what each improvement is worth, and the shortest paths to the target and next level."""
from __future__ import annotations

from ...model import Plan
from ..sheet_tables import Column, Table, banner, setup_page
from .context import Report
from .live_text import ita_figure, live_banner, warned_banner


def write_uplift_sheet(report: Report) -> None:
    analysis, styles, words, t = report.analysis, report.styles, report.words, report.t
    framework = analysis.framework
    sheet = report.workbook.add_worksheet(t("report.sheet.uplift"))

    def label(option) -> str:
        return words.prose(words.improvement_label(option, framework))

    table = Table([
        Column(t("report.order"), 5, lambda pair, row: pair[0], "integer"),
        Column(t("report.uplift_improvement"), 30, lambda pair, row: label(pair[1]), wrap=True),
        Column(t("column.tool"), 6, lambda pair, row: pair[1].tool, "center"),
        Column(t("report.uplift_unit"), 6, lambda pair, row: words.unit_label(pair[1]), "center"),
        Column(t("report.uplift_units"), 8, lambda pair, row: pair[1].units, "score", wrap=True),
        Column(t("report.uplift_gain_group"), 8,
               lambda pair, row: pair[1].gain_group if pair[1].kind == "item" else None, "gain", wrap=True),
        Column(t("report.uplift_gain_indicator"), 8, lambda pair, row: pair[1].gain_indicator, "gain", wrap=True),
        Column(t("report.uplift_gain_tool"), 8, lambda pair, row: pair[1].gain_tool, "gain", wrap=True),
        Column(t("report.uplift_gain_ita"), 8, lambda pair, row: pair[1].gain_ita, "gain", wrap=True),
        Column(t("report.uplift_max"), 8, lambda pair, row: pair[1].max_gain, "gain", wrap=True),
    ])
    # a plan's steps sit under the same columns: the amount under "units", the gains left empty
    steps = Table([
        Column(t("report.plan_step"), 5, lambda pair, row: pair[0], "integer"),
        Column(t("report.uplift_improvement"), 30, lambda pair, row: label(pair[1].improvement), wrap=True),
        Column(t("column.tool"), 6, lambda pair, row: pair[1].improvement.tool, "center"),
        Column(t("report.uplift_unit"), 6, lambda pair, row: words.unit_label(pair[1].improvement), "center"),
        Column(t("report.plan_amount"), 8, lambda pair, row: pair[1].units, "gain"),
        *[Column("", 8) for _ in range(4)],
        Column(t("report.plan_ita_after"), 8, lambda pair, row: pair[1].ita_after, "score_bold", wrap=True),
    ])
    span = (len(table.columns), table.width)
    banner(sheet, styles, "title_wrap", 0, span, words.say("report.uplift_title"), 20)
    warned_banner(report, sheet, 1, span, words.say("report.uplift_note", year=framework.fiscal_year))
    table.header(sheet, styles, 2, words.prose)
    options = analysis.uplift.improvements
    row = 3
    if not options:
        sheet.merge_range(row, 0, row, table.last_col, t("report.uplift_none"), styles.text)
        row += 1
    row = table.write_rows(sheet, styles, row, list(enumerate(options, 1)))
    for plan in analysis.uplift.plans:
        row = _write_plan(report, sheet, plan, table, steps, row + 1)
    setup_page(sheet, report.footer, landscape=True, header_row=2)


def _plan_title(report: Report, plan: Plan) -> str:
    words = report.words
    if plan.kind == "target":
        return words.say("report.plan_title_target", goal=plan.min_ita)
    tools = words.say("report.plan_tools_min", min=plan.tools_min) if plan.tools_min is not None else ""
    return words.say("report.plan_title_level", goal=report.edition.level_name(report.framework, plan.goal),
                     min=plan.min_ita, tools=tools)


def _write_plan(report: Report, sheet, plan: Plan, table: Table, steps: Table, row: int) -> int:
    styles, words = report.styles, report.words
    span = (len(table.columns), table.width)
    banner(sheet, styles, "subtitle", row, span, _plan_title(report, plan))
    row += 1
    if plan.reached:
        live_banner(report, sheet, row, span, "report.plan_reached", "text",
                    ita=ita_figure(report))
        return row + 1
    steps.header(sheet, styles, row, words.prose)
    row = steps.write_rows(sheet, styles, row + 1, list(enumerate(plan.steps, 1)))
    if not plan.feasible:
        banner(sheet, styles, "note", row, span, words.say("report.plan_infeasible"))
        row += 1
    return row
