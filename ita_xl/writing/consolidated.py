"""The consolidated workbook: every agency in a filterable table, each year's summary beside the
national figures, charts, a sheet per province, and the files that could not be read or were
left out. It only writes: the statistics come from ``consolidation``.

Written in xlsxwriter's constant-memory mode (rows go to disk as they are written), so its
memory does not grow with the country; columns come from the years' frameworks.
"""
from __future__ import annotations

import re
from pathlib import Path

from ..analysis.consolidation import (
    Consolidation,
    Skipped,
    YearSummary,
    summarise_years,
)
from ..errors import InputProblems
from ..frameworks import Framework, load_framework, supported_years
from .edition import Edition
from .excel_rules import below_formula
from .output_files import atomic_workbook
from .sheet_tables import Column, Table, banner, setup_page
from .styles import BAR_PASSED, TARGET_LINE, Styles

SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\']")
TITLE_COLUMNS = 8                 # the title spans the agency columns and the first indicators


def write_consolidated_workbook(consolidation: Consolidation, path: Path, edition: Edition,
                                target: float | None, force: bool = False) -> Path:
    rows = consolidation.rows
    frameworks = {year: consolidation.framework(year) for year in sorted({row.fiscal_year for row in rows})}
    summaries = summarise_years(rows, target, frameworks)
    inputs = tuple(row.source for row in rows) + tuple(f.source for f in consolidation.failures)
    judged_by = next(iter(frameworks.values()), None) or load_framework(supported_years()[-1])   # none: no rows
    goal, decimals = target if target is not None else judged_by.target, judged_by.decimals
    with atomic_workbook(path, edition.font, inputs, force, kind="consolidated", constant_memory=True) as workbook:
        styles = Styles(workbook, edition.font, buddhist_dates=edition.language == "th")
        table = _agency_table(edition, frameworks)
        t = edition.t
        _agency_sheet(workbook, styles, edition, table, t("batch.sheet_agencies"), rows,
                      t("batch.title", count=len(rows)), goal, decimals)
        _summary_sheet(workbook, styles, edition, summaries, frameworks)
        provinces = sorted({row.province for row in rows if row.province})
        if len(provinces) > 1:
            used = {t("batch.sheet_agencies"), t("batch.sheet_summary"), t("batch.sheet_failures")}
            for province in provinces:
                members = [row for row in rows if row.province == province]
                _agency_sheet(workbook, styles, edition, table, _sheet_name(province, used), members,
                              t("batch.province_title", province=province, count=len(members)), goal, decimals)
        _failure_sheet(workbook, styles, edition, consolidation)
    return path


def _sheet_name(text: str, used: set[str]) -> str:
    """A valid, unused sheet name: no []:*?/\\' and at most 31 characters."""
    base = SHEET_NAME_FORBIDDEN.sub("", text)[:31] or "-"
    name, n = base, 1
    while name.casefold() in {u.casefold() for u in used}:
        n += 1
        name = f"{base[:27]} ({n})"
    used.add(name)
    return name


def _agency_table(edition: Edition, frameworks: dict[int, Framework]) -> Table:
    """One column per indicator and tool that any of the years has, in framework order."""
    t = edition.t
    numbers = sorted({i.no for f in frameworks.values() for i in f.indicators})
    tools = list(dict.fromkeys(tool.code for f in frameworks.values() for tool in f.tools))

    def level(row, at) -> str:
        return edition.level_name(frameworks[row.fiscal_year], row.level)

    return Table([
        Column(t("field.name"), 30, lambda r, at: r.name),
        Column(t("field.type"), 16, lambda r, at: r.type),
        Column(t("field.province"), 12, lambda r, at: r.province),
        Column(t("field.fiscal_year"), 8, lambda r, at: r.fiscal_year, "integer"),
        *[Column(t("batch.indicator_column", no=no), 7, lambda r, at, no=no: r.indicators.get(no), "score")
          for no in numbers],
        *[Column(code, 7, lambda r, at, code=code: r.tools.get(code), "score") for code in tools],
        Column("ITA", 7, lambda r, at: r.ita, "score", key="ita"),
        Column(t("batch.level"), 10, level, "center"),
        Column(t("report.result"), 10, lambda r, at: edition.result(r.passed), "center"),
        Column(t("batch.file"), 30, lambda r, at: r.source),
    ])


def _agency_sheet(workbook, styles, edition: Edition, table: Table, name: str, rows, title: str,
                  target: float, decimals: int) -> None:
    sheet = workbook.add_worksheet(name)
    banner(sheet, styles, "title_wrap", 0, (TITLE_COLUMNS, sum(c.width for c in table.columns[:TITLE_COLUMNS])),
           title, 20)
    table.header(sheet, styles, 1)
    last = table.write_rows(sheet, styles, 2, rows, fit=False) - 1
    sheet.autofilter(1, 0, max(last, 2), table.last_col)     # an Excel table cannot be written in constant memory
    ita = table.cell("ita", 2, col_abs=True)
    sheet.conditional_format(2, table.col("ita"), last, table.col("ita"), {
        "type": "formula", "criteria": "=" + below_formula(ita, decimals, f"{target:g}"),
        "format": styles.below_target})
    sheet.freeze_panes(2, 1)
    setup_page(sheet, edition.t("report.footer"), landscape=True, header_row=1)


def _summary_sheet(workbook, styles, edition: Edition, summaries: tuple[YearSummary, ...],
                   frameworks: dict[int, Framework]) -> None:
    t = edition.t
    sheet = workbook.add_worksheet(t("batch.sheet_summary"))
    figures = Table([Column(t("batch.figure"), 30, lambda line, at: line[0], "label"),
                     Column(t("batch.ours"), 16, lambda line, at: line[1], lambda line: line[3]),
                     Column(t("batch.national"), 16, lambda line, at: line[2], lambda line: line[3])])
    for col, column in enumerate(figures.columns):
        sheet.set_column(col, col, column.width)
    row = 0
    if not summaries:
        banner(sheet, styles, "title_wrap", 0, (len(figures.columns), figures.width), t("batch.summary_none"), 20)
    for summary in summaries:
        banner(sheet, styles, "title_wrap", row, (len(figures.columns), figures.width),
               t("batch.summary_title", year=summary.fiscal_year, count=summary.count), 20)
        figures.header(sheet, styles, row + 1)
        row = figures.write_rows(sheet, styles, row + 2, _figures(edition, summary))
        row = _levels(workbook, sheet, styles, edition, summary, frameworks[summary.fiscal_year], row + 1)
        row = _indicators(workbook, sheet, styles, edition, summary, frameworks[summary.fiscal_year], row + 1) + 2
    setup_page(sheet, t("report.footer"))


def _figures(edition: Edition, summary: YearSummary) -> list[tuple]:
    t, national = edition.t, summary.national
    return [(t("batch.count"), summary.count, national.agencies, "integer"),
            (t("batch.mean"), summary.mean, national.mean, "score"),
            (t("batch.median"), summary.median, None, "score"),
            (t("batch.minimum"), summary.minimum, None, "score"),
            (t("batch.maximum"), summary.maximum, None, "score"),
            (t("batch.passed"), summary.passed, national.passed, "integer"),
            (t("batch.pass_rate"), summary.pass_rate, national.pass_rate, "score")]


def _levels(workbook, sheet, styles, edition: Edition, summary: YearSummary, framework: Framework, row: int) -> int:
    t = edition.t
    levels = Table([Column(t("batch.level"), 30, lambda pair, at: edition.level_name(framework, pair[0])),
                    Column(t("batch.agencies"), 16, lambda pair, at: pair[1], "integer")])
    levels.header(sheet, styles, row)
    first = row + 1
    last = levels.write_rows(sheet, styles, first, summary.levels, fit=False) - 1
    chart = workbook.add_chart({"type": "column"})
    chart.add_series({"categories": [sheet.name, first, 0, last, 0], "values": [sheet.name, first, 1, last, 1],
                      "fill": {"color": BAR_PASSED}, "data_labels": {"value": True}})
    chart.set_title({"name": t("batch.levels_chart", year=summary.fiscal_year)})
    chart.set_legend({"none": True})
    chart.set_size({"width": 520, "height": 300})
    sheet.insert_chart(row, 4, chart)
    return max(last + 1, row + 13)


def _indicators(workbook, sheet, styles, edition: Edition, summary: YearSummary, framework: Framework,
                row: int) -> int:
    t = edition.t
    indicators = Table([
        Column(t("batch.indicator"), 30, lambda i, at: f"{i.no}. {edition.indicator_name(framework, i.no)}"),
        Column(t("batch.indicator_mean"), 16, lambda i, at: i.mean, "score"),
        Column(t("batch.below"), 16, lambda i, at: i.below, "integer"),
        Column(t("report.target"), 10, lambda i, at: summary.target, "score")])
    indicators.header(sheet, styles, row)
    first = row + 1
    last = indicators.write_rows(sheet, styles, first, summary.indicators, fit=False) - 1
    bars = workbook.add_chart({"type": "column"})
    bars.add_series({"name": t("batch.indicator_mean"), "categories": [sheet.name, first, 0, last, 0],
                     "values": [sheet.name, first, 1, last, 1], "fill": {"color": BAR_PASSED},
                     "data_labels": {"value": True, "num_format": "0.00"}})
    line = workbook.add_chart({"type": "line"})
    line.add_series({"name": t("report.target"), "categories": [sheet.name, first, 0, last, 0],
                     "values": [sheet.name, first, 3, last, 3],
                     "line": {"color": TARGET_LINE, "dash_type": "dash", "width": 2.25}})
    bars.combine(line)
    bars.set_title({"name": t("batch.indicators_chart", year=summary.fiscal_year)})
    bars.set_y_axis({"min": 0, "max": 100})
    bars.set_legend({"position": "bottom"})
    bars.set_size({"width": 720, "height": 340})
    sheet.insert_chart(row, 4, bars)
    return max(last, row + 14)


def _failure_sheet(workbook, styles, edition: Edition, consolidation: Consolidation) -> None:
    """Every file that could not be read, the problem without its path repeated; then the files
    left out on purpose (the same workbook twice, ita_xl's own outputs)."""
    t = edition.t
    failures, skipped = consolidation.failures, consolidation.skipped
    sheet = workbook.add_worksheet(t("batch.sheet_failures"))
    table = Table([Column(t("batch.file"), 50, lambda item, at: item[0], wrap=True),
                   Column(t("batch.problem"), 80, lambda item, at: item[1], wrap=True)])
    span = (len(table.columns), table.width)
    banner(sheet, styles, "title_wrap", 0, span,
           t("batch.failures_title", count=len(failures)) if failures else t("batch.failures_none"), 20)
    table.header(sheet, styles, 1)
    row = table.write_rows(sheet, styles, 2, [(f.source, _problem(f.error, edition)) for f in failures])
    if skipped:
        banner(sheet, styles, "subtitle", row + 1, span, t("batch.skipped_title", count=len(skipped)))
        table.write_rows(sheet, styles, row + 2, [(s.source, _skipped(s, edition)) for s in skipped])
    setup_page(sheet, t("report.footer"), landscape=True, header_row=1)


def _problem(error, edition: Edition) -> str:
    """The problem as a line without the file's path (the sheet lists it beside)."""
    lang = edition.language
    if isinstance(error, InputProblems):
        first = error.problems[0]
        text = f"{first.where}: {first.message(lang)}" if first.where else first.message(lang)
        return f"{text} {error.message(lang)}" if len(error.problems) > 1 else text
    return error.message(lang)


def _skipped(item: Skipped, edition: Edition) -> str:
    return edition.t(f"batch.skipped_{item.kind}", same_as=item.same_as)
