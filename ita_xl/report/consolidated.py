"""The consolidated workbook: every agency in a filterable table, the year's summary beside the
national figures, charts, a sheet per province and the files that could not be read."""
from __future__ import annotations

import re
from pathlib import Path

from ..batch import INDICATORS, Failure, YearSummary, summarise_years
from ..output import atomic_workbook
from ..sheets import Column, banner, fit_row, header, setup_page
from ..styles import BAR_PASSED, TARGET_LINE, Styles
from ..text import t

WIDTHS = (30, 16, 12, 8, *([7] * 10), 7, 7, 7, 7, 10, 10, 30)
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\']")


def write_consolidated_workbook(frame, path: Path, font: str, target: float | None, force: bool = False) -> Path:
    failures: list[Failure] = frame.attrs.get("failures", [])
    summaries = summarise_years(frame, target) if len(frame) else ()
    inputs = tuple(frame["source"]) + tuple(f.source for f in failures)
    goal = target if target is not None else _framework_target(frame)
    with atomic_workbook(path, font, inputs, force, kind="consolidated") as workbook:
        styles = Styles(workbook, font)
        _agency_sheet(workbook, styles, t("batch.sheet_agencies"), frame, t("batch.title", count=len(frame)), 0,
                      goal)
        _summary_sheet(workbook, styles, summaries)
        provinces = sorted(p for p in frame["province"].dropna().unique() if p)
        if len(provinces) > 1:
            used = {t("batch.sheet_agencies"), t("batch.sheet_summary"), t("batch.sheet_failures")}
            for number, province in enumerate(provinces, start=1):
                rows = frame[frame["province"] == province]
                name = _sheet_name(province, used)
                _agency_sheet(workbook, styles, name, rows,
                              t("batch.province_title", province=province, count=len(rows)), number, goal)
        _failure_sheet(workbook, styles, failures)
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


def _agency_sheet(workbook, styles, name: str, frame, title: str, number: int, target: float) -> None:
    sheet = workbook.add_worksheet(name)
    labels = t("batch.columns")
    columns = [Column(label, width) for label, width in zip(labels, WIDTHS)]
    banner(sheet, styles, "title_wrap", 0, columns[:8], title, 20)
    yes, no = t("report.ita_passed"), t("report.ita_failed")
    data = [[row.name, row.type, row.province, row.fiscal_year,
             *(getattr(row, column) for column in INDICATORS), row.IIT, row.EIT, row.OIT, row.ita, row.level,
             yes if row.passed else no, row.source] for row in frame.itertuples(index=False)]
    formats = [styles.text, styles.text, styles.text, styles.integer] + [styles.score] * 14 + \
              [styles.center, styles.center, styles.text]
    for col, width in enumerate(WIDTHS):
        sheet.set_column(col, col, width)
    sheet.add_table(1, 0, 1 + max(len(data), 1), len(labels) - 1, {
        "name": f"Agencies{number}", "style": "Table Style Medium 2",
        "data": data or None,
        "columns": [{"header": label, "format": fmt} for label, fmt in zip(labels, formats)],
    })
    sheet.conditional_format(2, 17, 1 + len(data), 17, {
        "type": "formula", "criteria": f"=ROUND($R3,2)<{target:g}", "format": styles.below_target})
    sheet.freeze_panes(2, 1)
    setup_page(sheet, landscape=True, header_row=1)


def _framework_target(frame) -> float:
    """The target of the frame's fiscal year (85 in every supported year)."""
    from ..frameworks import load_framework
    years = frame["fiscal_year"].dropna().unique()
    return load_framework(int(years[0])).target if len(years) else 85


def _summary_sheet(workbook, styles, summaries: tuple[YearSummary, ...]) -> None:
    sheet = workbook.add_worksheet(t("batch.sheet_summary"))
    columns = [Column(t("batch.figure"), 30), Column(t("batch.ours"), 16), Column(t("batch.national"), 16)]
    for col, column in enumerate(columns):
        sheet.set_column(col, col, column.width)
    row = 0
    for summary in summaries:
        banner(sheet, styles, "title_wrap", row, columns,
               t("batch.summary_title", year=summary.fiscal_year, count=summary.count), 20)
        header(sheet, styles, row + 1, columns)
        row = _figures(sheet, styles, summary, row + 2)
        row = _levels(workbook, sheet, styles, summary, row + 1)
        row = _indicators(workbook, sheet, styles, summary, row + 1) + 2
    setup_page(sheet)


def _figures(sheet, styles, summary: YearSummary, row: int) -> int:
    national = summary.national
    lines = ((t("batch.count"), summary.count, national.agencies, styles.integer),
             (t("batch.mean"), summary.mean, national.mean, styles.score),
             (t("batch.median"), summary.median, None, styles.score),
             (t("batch.minimum"), summary.minimum, None, styles.score),
             (t("batch.maximum"), summary.maximum, None, styles.score),
             (t("batch.passed"), summary.passed, national.passed, styles.integer),
             (t("batch.pass_rate"), summary.pass_rate, national.pass_rate, styles.score))
    for label, ours, theirs, fmt in lines:
        sheet.write_string(row, 0, label, styles.label)
        sheet.write_number(row, 1, ours, fmt)
        if theirs is None:
            sheet.write_blank(row, 2, None, fmt)
        else:
            sheet.write_number(row, 2, theirs, fmt)
        row += 1
    return row


def _levels(workbook, sheet, styles, summary: YearSummary, row: int) -> int:
    header(sheet, styles, row, [Column(t("batch.level"), 30), Column(t("batch.agencies"), 16)])
    first = row + 1
    for offset, (name, count) in enumerate(summary.levels):
        sheet.write_string(first + offset, 0, name, styles.text)
        sheet.write_number(first + offset, 1, count, styles.integer)
    last = first + len(summary.levels) - 1
    chart = workbook.add_chart({"type": "column"})
    chart.add_series({"categories": [sheet.name, first, 0, last, 0], "values": [sheet.name, first, 1, last, 1],
                      "fill": {"color": BAR_PASSED}, "data_labels": {"value": True}})
    chart.set_title({"name": t("batch.levels_chart", year=summary.fiscal_year)})
    chart.set_legend({"none": True})
    chart.set_size({"width": 520, "height": 300})
    sheet.insert_chart(row, 4, chart)
    return max(last, row + 12) + 1


def _indicators(workbook, sheet, styles, summary: YearSummary, row: int) -> int:
    columns = [Column(t("batch.indicator"), 30), Column(t("batch.indicator_mean"), 16),
               Column(t("batch.below"), 16), Column(t("report.target"), 10)]
    header(sheet, styles, row, columns)
    first = row + 1
    for offset, indicator in enumerate(summary.indicators):
        at = first + offset
        sheet.write_string(at, 0, f"{indicator.no}. {indicator.name}", styles.text)
        sheet.write_number(at, 1, indicator.mean, styles.score)
        sheet.write_number(at, 2, indicator.below, styles.integer)
        sheet.write_number(at, 3, summary.target, styles.score)
    last = first + len(summary.indicators) - 1
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


def _failure_sheet(workbook, styles, failures: list[Failure]) -> None:
    sheet = workbook.add_worksheet(t("batch.sheet_failures"))
    columns = [Column(t("batch.file"), 50, wrap=True), Column(t("batch.problem"), 80, wrap=True)]
    title = t("batch.failures_title", count=len(failures)) if failures else t("batch.failures_none")
    banner(sheet, styles, "title_wrap", 0, columns, title, 20)
    header(sheet, styles, 1, columns)
    for row, failure in enumerate(failures, start=2):
        sheet.write_string(row, 0, failure.source, styles.text)
        sheet.write_string(row, 1, failure.message, styles.text)
        fit_row(sheet, row, columns, [failure.source, failure.message])
    setup_page(sheet, landscape=True, header_row=1)
