"""Sheet เทียบปีก่อน: every figure beside last year's, the change and its direction."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ...model import Change
from ..sheet_tables import Column, Table, banner, setup_page
from .context import Report

TREND_ROLES = {"up": "trend_up", "down": "trend_down"}


@dataclass(frozen=True)
class ChangeLine:
    """One line of the sheet: a figure (or the level) last year and this year."""
    label: str
    previous: object
    current: object
    change: float | None = None
    trend: str | None = None
    heading: bool = True          # ITA, tools and the level stand out; indicators do not
    words: bool = False           # the level is words, not a score


def _lines(report: Report) -> list[ChangeLine]:
    analysis, comparison, edition, words = report.analysis, report.comparison, report.edition, report.words
    framework, previous = analysis.framework, comparison.previous

    def line(change: Change) -> ChangeLine:
        if change.kind == "indicator":
            label = f"{edition.t('column.indicator_no')} {words.prose(change.key)} " \
                    f"{edition.indicator_name(framework, int(change.key))}"
        else:
            label = edition.tool_name(framework, change.key) if change.kind == "tool" else "ITA"
        return ChangeLine(label, change.previous, change.current, change.change, change.trend, change.kind != "indicator")

    ita, *rest = comparison.changes
    level = ChangeLine(edition.t("report.level"), edition.level_name(previous.framework, previous.level),
                 edition.level_name(framework, analysis.level), words=True)
    return [line(ita), level, *map(line, rest)]


def write_comparison_sheet(report: Report) -> None:
    analysis, styles, words, t = report.analysis, report.styles, report.words, report.t
    previous = report.comparison.previous
    value_role = lambda line: "center" if line.words else "score"  # noqa: E731
    table = Table([
        Column(t("report.comparison_item"), 26, lambda line, row: line.label,
               lambda line: "label" if line.heading else "text", wrap=True),
        Column(t("report.comparison_previous", year=previous.assessment.fiscal_year), 8,
               lambda line, row: line.previous, value_role),
        Column(t("report.comparison_current", year=analysis.assessment.fiscal_year), 8,
               lambda line, row: line.current, value_role),
        Column(t("report.comparison_change"), 9, lambda line, row: line.change, "change"),
        Column(t("report.comparison_trend"), 11,
               lambda line, row: None if line.words else words.trend_label(line.trend),
               lambda line: TREND_ROLES.get(line.trend, "status")),
    ])
    ita = report.comparison.changes[0]
    span = (len(table.columns), table.width)
    sheet = report.workbook.add_worksheet(t("report.sheet.comparison"))
    banner(sheet, styles, "title_wrap", 0, span, words.say(
        "report.comparison_title", previous=previous.assessment.fiscal_year,
        change=words.prose(f"{ita.change:+.2f}"), trend=words.trend_label(ita.trend)), 20)
    source = Path(previous.assessment.source).name
    banner(sheet, styles, "note", 1, span, words.say("report.comparison_source", source=source))
    table.header(sheet, styles, 2, words.prose)
    table.write_rows(sheet, styles, 3, _lines(report))
    setup_page(sheet, report.footer, header_row=2)
