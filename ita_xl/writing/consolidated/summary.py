"""The summary sheet: each fiscal year's figures beside last year's and the nation's, the agencies
per kind, per level (with a chart), and each indicator's mean and how many agencies are below
target on it (with a chart); and the sheet of figures per province.

A4 portrait at full size. Each table, and each chart (with its table where both fit on a page),
is a block that a page break never splits (``layout.Pages``). Count axes tick at whole numbers. Every figure comes from
the consolidation's summaries; nothing is computed here.
"""
from __future__ import annotations

from ...analysis.consolidation import Consolidation, GroupSummary, YearSummary
from ...frameworks import Framework
from ..axes import count_axis
from ..edition import Edition
from ..sheet_tables import Column, Table, setup_page
from ..styles import BAR_BELOW, BAR_PASSED, PREVIOUS_YEAR
from .layout import (
    ONE_LINE,
    POINTS_PER_PIXEL,
    MeasuredSheet,
    Pages,
    chart_rows,
    fitted,
    print_scale,
    title,
    write_header,
    write_rows,
)

VALUE_WIDTH = 11.0                # a figure's column: 100.00, 8,303, or a header on two lines
UNIT_POINTS = 8.7                 # a column unit printed at full size (measured in LibreOffice)
LEVELS_CHART_HEIGHT = 340         # pixels
BAR_HEIGHT = 40                   # pixels an indicator's bar takes in its chart
CHART_FRAME = 60                  # pixels of an indicator chart's title and axis
CHART_FONT_SIZE = 12


def summary_sheet(workbook, styles, edition: Edition, consolidation: Consolidation) -> None:
    t = edition.t
    summaries, previous = consolidation.summaries, consolidation.previous
    label = fitted([*_labels(edition, consolidation)], 16, 20)
    widths = [label] + [VALUE_WIDTH] * 3
    pages = Pages(landscape=False, scale=print_scale(widths, landscape=False))
    sheet = MeasuredSheet(workbook.add_worksheet(t("batch.sheet_summary")), pages, widths)
    span = (len(widths), sum(widths))
    row = 0
    if not summaries:
        title(sheet, styles, "title_wrap", 0, span, t("batch.summary_none"), 20)
    for summary in summaries:
        framework = consolidation.framework(summary.fiscal_year)
        before = previous.summary(summary.fiscal_year) if previous else None
        pages.new_page(row)                    # each year on pages of its own
        title(sheet, styles, "title_wrap", row, span,
               t("batch.summary_title", year=summary.fiscal_year, count=summary.count), 20)
        row = _gap(sheet, _figures(sheet, styles, edition, summary, before, label, row + 1))
        row = _gap(sheet, _types(sheet, styles, edition, summary, label, row))
        row = _gap(sheet, _levels(workbook, sheet, styles, edition, summary, before, framework, label, row))
        row = _gap(sheet, _indicators(workbook, sheet, styles, edition, summary, framework, label, row))
    setup_page(sheet, t("report.footer"))
    sheet.set_print_scale(pages.scale)
    sheet.finish()


def _gap(sheet, row: int) -> int:
    """An empty row (of the default height: in constant-memory mode an empty row is not written,
    whatever height it was given) between two blocks; the row after it."""
    return row + 1


def _labels(edition: Edition, consolidation: Consolidation):
    """Every text of the first column, to size it."""
    for summary in consolidation.summaries:
        framework = consolidation.framework(summary.fiscal_year)
        yield from (edition.level_name(framework, code) for code, _ in summary.levels)
        yield from (group.name for group in summary.types)
        yield from (_indicator_label(edition, framework, i.no) for i in summary.indicators)


def _indicator_label(edition: Edition, framework: Framework, no: int) -> str:
    return f"{no}. {edition.indicator_name(framework, no)}"


def _table(sheet, styles, columns: list[Column], row: int, items, whole: bool = True) -> int:
    """A table from ``row`` (its header) on, (``whole``) kept on one page; the row after it."""
    table = Table(columns)
    write_header(sheet, styles, table, row)
    end = write_rows(sheet, styles, table, row + 1, items)
    if whole:
        sheet.pages.block(row, end - 1)
    return end


def _figures(sheet, styles, edition: Edition, summary: YearSummary, before: YearSummary | None, label: float,
             row: int) -> int:
    t, national = edition.t, summary.national
    lines = [(t("batch.count"), summary.count, before and before.count, national.agencies, "integer"),
             (t("batch.mean"), summary.mean, before and before.mean, national.mean, "score"),
             (t("batch.median"), summary.median, before and before.median, None, "score"),
             (t("batch.minimum"), summary.minimum, before and before.minimum, None, "score"),
             (t("batch.maximum"), summary.maximum, before and before.maximum, None, "score"),
             (t("batch.passed"), summary.passed, before and before.passed, national.passed, "integer"),
             (t("batch.pass_rate"), summary.pass_rate, before and before.pass_rate, national.pass_rate, "score")]
    columns = [Column(t("batch.figure"), label, lambda line, at: line[0], "label"),
               Column(t("batch.ours"), VALUE_WIDTH, lambda line, at: line[1], lambda line: line[4])]
    if before:
        columns.append(Column(t("batch.year", year=before.fiscal_year), VALUE_WIDTH,
                              lambda line, at: line[2], lambda line: line[4]))
    columns.append(Column(t("batch.national"), VALUE_WIDTH, lambda line, at: line[3], lambda line: line[4]))
    return _table(sheet, styles, columns, row, lines)


def _levels(workbook, sheet, styles, edition: Edition, summary: YearSummary, before: YearSummary | None,
            framework: Framework, label: float, row: int) -> int:
    t = edition.t
    earlier = dict(before.levels) if before else {}
    columns = [Column(t("batch.level"), label, lambda pair, at: edition.level_name(framework, pair[0]), wrap=True),
               Column(t("batch.agencies"), VALUE_WIDTH, lambda pair, at: pair[1], "integer")]
    if before:
        columns.append(Column(t("batch.year", year=before.fiscal_year), VALUE_WIDTH,
                              lambda pair, at: earlier.get(pair[0], 0), "integer"))
    first = row + 1
    end = _table(sheet, styles, columns, row, summary.levels, whole=False)
    chart = workbook.add_chart({"type": "column"})
    for col, name, colour in ((1, t("batch.year", year=summary.fiscal_year), BAR_PASSED),
                              *([(2, t("batch.year", year=before.fiscal_year), PREVIOUS_YEAR)] if before else [])):
        chart.add_series({"name": name, "categories": [sheet.name, first, 0, end - 1, 0],
                          "values": [sheet.name, first, col, end - 1, col], "fill": {"color": colour},
                          "data_labels": {"value": True, "font": _font(edition)}})
    top = max([count for _, count in summary.levels] + list(earlier.values()) + [1])
    chart.set_y_axis(_count_axis(top) | {"num_font": _font(edition)})
    chart.set_x_axis({"num_font": _font(edition)})
    _finish_chart(chart, edition, t("batch.levels_chart", year=summary.fiscal_year), legend=bool(before))
    return _place_chart(sheet, chart, end, LEVELS_CHART_HEIGHT, row)


def _count_axis(top: int) -> dict:
    """xlsxwriter's options for ``axes.count_axis`` (whole numbers, light gridlines)."""
    axis = count_axis(top)
    return {"min": 0, "max": axis.top, "major_unit": axis.step, "num_format": "0",
            "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}}}


def _types(sheet, styles, edition: Edition, summary: YearSummary, label: float, row: int) -> int:
    t = edition.t
    columns = [Column(t("field.type"), label, lambda g, at: g.name or t("batch.no_type"), wrap=True),
               Column(t("batch.agencies"), VALUE_WIDTH, lambda g, at: g.count, "integer"),
               Column(t("batch.mean"), VALUE_WIDTH, lambda g, at: g.mean, "score"),
               Column(t("batch.passed"), VALUE_WIDTH, lambda g, at: g.passed, "integer")]
    return _table(sheet, styles, columns, row, summary.types)


def _indicators(workbook, sheet, styles, edition: Edition, summary: YearSummary, framework: Framework,
                label: float, row: int) -> int:
    """Each indicator's mean and count below target, then a bar chart of the means, the bars of
    indicators whose mean is below target in red."""
    t = edition.t
    columns = [Column(t("batch.indicator"), label, lambda i, at: _indicator_label(edition, framework, i.no),
                      wrap=True),
               Column(t("batch.indicator_mean"), VALUE_WIDTH, lambda i, at: i.mean, "score"),
               Column(t("batch.below"), VALUE_WIDTH, lambda i, at: i.below, "integer"),
               Column(t("report.target"), VALUE_WIDTH, lambda i, at: summary.target, "score")]
    first = row + 1
    end = _table(sheet, styles, columns, row, summary.indicators, whole=False)
    bars = workbook.add_chart({"type": "bar"})
    bars.add_series({"name": t("batch.indicator_mean"), "categories": [sheet.name, first, 0, end - 1, 0],
                     "values": [sheet.name, first, 1, end - 1, 1], "fill": {"color": BAR_PASSED},
                     "points": [{"fill": {"color": BAR_BELOW}} if round(i.mean, 2) < summary.target else None
                                for i in summary.indicators],
                     "data_labels": {"value": True, "num_format": "0.00", "font": _font(edition)}})
    bars.set_y_axis({"reverse": True, "interval_unit": 1, "num_font": _font(edition, CHART_FONT_SIZE - 1)})        # a bar chart's categories run up it
    bars.set_x_axis({"min": 0, "max": 100, "major_unit": 10, "num_format": "0", "num_font": _font(edition),
                     "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}}})
    _finish_chart(bars, edition, t("batch.indicators_chart", year=summary.fiscal_year,
                                   target=f"{summary.target:g}"), legend=False)
    sheet.pages.block(row, end - 1)                 # the table, then its chart: each kept whole
    return _place_chart(sheet, bars, end, CHART_FRAME + BAR_HEIGHT * max(1, len(summary.indicators)), end)


def _font(edition: Edition, size: float = CHART_FONT_SIZE, bold: bool = False) -> dict:
    return {"name": edition.font, "size": size, "bold": bold}


def _finish_chart(chart, edition: Edition, title: str, legend: bool) -> None:
    chart.set_title({"name": title, "name_font": _font(edition, CHART_FONT_SIZE + 2, bold=True)})
    chart.set_legend({"position": "bottom", "font": _font(edition)} if legend else {"none": True})


def _place_chart(sheet, chart, row: int, height_px: int, block_start: int) -> int:
    """The chart under its table, as wide as the sheet's columns; the block (table and chart) kept
    on one page. The row after the chart."""
    width_pt = sum(sheet.widths) * UNIT_POINTS
    chart.set_size({"width": round(width_pt / POINTS_PER_PIXEL), "height": height_px})
    rows = chart_rows(height_px, ONE_LINE)          # empty rows, of the default height (see ``_gap``)
    sheet.insert_chart(row, 0, chart, {"x_offset": 2, "y_offset": 4, "object_position": 3})
    sheet.pages.block(block_start, row + rows - 1)
    return row + rows


def provinces_sheet(workbook, styles, edition: Edition, consolidation: Consolidation) -> None:
    """Each province's count, mean and pass rate (beside last year's), every year, in Thai order."""
    t = edition.t
    previous = consolidation.previous
    several = len(consolidation.summaries) > 1
    lines: list[tuple[int, GroupSummary, GroupSummary | None]] = []
    for summary in consolidation.summaries:
        before = previous.summary(summary.fiscal_year) if previous else None
        earlier = {group.name: group for group in before.provinces} if before else {}
        lines += [(summary.fiscal_year, group, earlier.get(group.name)) for group in summary.provinces]
    columns = [*([Column(t("field.fiscal_year"), 6, lambda line, at: line[0], "integer")] if several else []),
               Column(t("field.province"), fitted((g.name for _, g, _ in lines), 10, 16), lambda line, at: line[1].name,
                      wrap=True),
               Column(t("batch.agencies"), 8, lambda line, at: line[1].count, "integer"),
               Column(t("batch.mean"), 8, lambda line, at: line[1].mean, "score"),
               Column(t("batch.passed"), 8, lambda line, at: line[1].passed, "integer"),
               Column(t("batch.pass_rate"), 8, lambda line, at: line[1].pass_rate, "score")]
    if previous:
        columns += [Column(t("batch.last_year_mean"), 8, lambda line, at: line[2] and line[2].mean, "score"),
                    Column(t("batch.last_year_rate"), 8, lambda line, at: line[2] and line[2].pass_rate, "score")]
    sheet = workbook.add_worksheet(t("batch.sheet_provinces"))
    table = Table(columns)
    title(sheet, styles, "title_wrap", 0, (len(columns), table.width),
           t("batch.provinces_title", count=len({g.name for _, g, _ in lines})), 20)
    write_header(sheet, styles, table, 1)
    write_rows(sheet, styles, table, 2, lines)
    setup_page(sheet, t("report.footer"), header_row=1)
    sheet.set_print_scale(print_scale((c.width for c in columns), landscape=False))
