"""Sheet เทียบปีก่อน (``batch --previous``): each agency's ITA and level last year and this year,
the change; first those that fell below target and those that rose above it, then every agency
found in both years, then those found in one year only (listed, never guessed). Thai order."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ...analysis.last_year import LastYear, Match, Unmatched
from ..sheet_tables import Column, Table
from .agencies import Listing, _page
from .layout import (
    ONE_LINE,
    MeasuredSheet,
    Pages,
    print_scale,
    title,
    write_header,
    write_rows,
)

TREND_ROLES = {"up": "trend_up", "down": "trend_down"}


@dataclass(frozen=True)
class AgencyChange:
    province: str
    name: str
    before: float | None = None
    level_before: str = ""
    now: float | None = None
    level_now: str = ""
    change: float | None = None
    note: str = ""
    trend: str | None = None


def last_year_sheet(workbook, styles, listing: Listing, previous: LastYear) -> None:
    edition, t = listing.edition, listing.edition.t
    width = listing.width
    columns = [
        Column(t("field.province"), width["province"], lambda line, at: line.province, wrap=True),
        Column(t("field.name"), width["name"], lambda line, at: line.name, wrap=True),
        Column(t("batch.ita_before"), width["score"], lambda line, at: line.before, "score"),
        Column(t("batch.level_before"), width["level"], lambda line, at: line.level_before, "center_wrap", wrap=True),
        Column(t("batch.ita_now"), width["score"], lambda line, at: line.now, "score"),
        Column(t("batch.level_now"), width["level"], lambda line, at: line.level_now, "center_wrap", wrap=True),
        Column(t("batch.change"), width["score"], lambda line, at: line.change, "change"),
        Column(t("batch.note"), 16, lambda line, at: line.note, lambda line: TREND_ROLES.get(line.trend, "text"),
               wrap=True),
    ]
    table = Table(columns)
    span = (len(columns), table.width)
    pages = Pages(landscape=True, scale=print_scale((c.width for c in columns), landscape=True))
    sheet = MeasuredSheet(workbook.add_worksheet(t("batch.sheet_previous")), pages)
    years = sorted({m.previous.fiscal_year for m in previous.matches} | {u.row.fiscal_year for u in previous.gone})
    title(sheet, styles, "title_wrap", 0, span, t("batch.previous_title", years=", ".join(map(str, years)),
                                                      source=Path(previous.source).name,
                                                      matched=len(previous.matches)), 20)
    write_header(sheet, styles, table, 1)
    pages.repeated = pages.heights.get(1, ONE_LINE)
    row = 2
    for key, lines in _sections(listing, previous):
        if not lines:
            continue
        title(sheet, styles, "label", row, span, t(f"batch.section_{key}", count=len(lines)))
        end = write_rows(sheet, styles, table, row + 1, lines)
        pages.block(row, end - 1)
        row = end
    _page(sheet, edition, columns, row - 1, frozen=2)
    sheet.finish()


def _sections(listing: Listing, previous: LastYear) -> list[tuple[str, list[AgencyChange]]]:
    matched = [_matched(listing, match) for match in previous.matches]
    return [("fell_below", [_matched(listing, m) for m in previous.fell_below]),
            ("rose_above", [_matched(listing, m) for m in previous.rose_above]),
            ("matched", matched),
            ("new", [_unmatched(listing, u, this_year=True) for u in previous.new]),
            ("gone", [_unmatched(listing, u, this_year=False) for u in previous.gone])]


def _matched(listing: Listing, match: Match) -> AgencyChange:
    t = listing.edition.t
    before, now = match.previous, match.current
    if match.fell_below:
        note = t("batch.fell_below")
    elif match.rose_above:
        note = t("batch.rose_above")
    else:
        note = t(f"report.trend_{match.change.trend}")
    return AgencyChange(now.province, now.name, before.ita, _level(listing, before), now.ita, listing.level(now),
                match.change.change, note, match.change.trend)


def _level(listing: Listing, row) -> str:
    framework = listing.consolidation.framework(row.fiscal_year)
    return listing.edition.level_name(framework, row.level)


def _unmatched(listing: Listing, item: Unmatched, this_year: bool) -> AgencyChange:
    row, t = item.row, listing.edition.t
    note = t(f"batch.unmatched_{item.reason}", year=row.fiscal_year + (-1 if this_year else 1))
    if this_year:
        return AgencyChange(row.province, row.name, now=row.ita, level_now=listing.level(row), note=note)
    return AgencyChange(row.province, row.name, before=row.ita, level_before=_level(listing, row), note=note)

