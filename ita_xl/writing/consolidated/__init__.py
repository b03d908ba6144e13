"""The consolidated workbook, laid out to be printed and handed on.

Sheets, in order: the summary of each year (figures, levels, kinds of agency, indicators, with
charts); every agency (tools, ITA, rank, level, result); every agency's indicator scores; with
agencies in more than one province, the figures per province, a sheet for each province with
at least ``OWN_SHEET`` agencies and one sheet gathering the others; with ``--previous``, last
year beside this year; and, only when there are any, the files that could not be read or were
left out. Agencies and provinces are in Thai dictionary order throughout.

It only writes: every figure comes from ``analysis.consolidation``. Written in xlsxwriter's
constant-memory mode (rows go to disk as they are written), so its memory does not grow with
the country.
"""
from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from ...analysis.consolidation import Consolidation, Skipped
from ...errors import InputProblems
from ..edition import Edition
from ..output_files import atomic_workbook
from ..sheet_tables import Column, Table, setup_page
from ..styles import Styles
from .agencies import Listing, agency_sheet, gathered_sheet
from .last_year_sheet import last_year_sheet
from .layout import fitted, print_scale, title, write_header, write_rows
from .summary import provinces_sheet, summary_sheet

SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\']")
OWN_SHEET = 20              # agencies a province needs for a sheet of its own: about a printed page


class AreaStyles(Styles):
    """The workbook's formats, and a centred one that wraps (level words)."""

    def __init__(self, workbook, font: str, buddhist_dates: bool):
        super().__init__(workbook, font, buddhist_dates=buddhist_dates)
        self.center_wrap = workbook.add_format({"font_name": font, "font_size": self.font_size, "valign": "top",
                                                "border": 1, "border_color": "#808080", "align": "center",
                                                "text_wrap": True})


def write_consolidated_workbook(consolidation: Consolidation, path: Path, edition: Edition,
                                target: float | None, force: bool = False) -> Path:
    if target is not None and consolidation.target != target:
        consolidation = replace(consolidation, target=target)
    rows = consolidation.rows
    inputs = tuple(row.source for row in rows) + tuple(f.source for f in consolidation.failures) + \
        ((consolidation.previous.source,) if consolidation.previous else ())
    t = edition.t
    with atomic_workbook(path, edition.font, inputs, force, kind="consolidated", constant_memory=True) as workbook:
        styles = AreaStyles(workbook, edition.font, buddhist_dates=edition.language == "th")
        listing = Listing(consolidation, edition)
        summary_sheet(workbook, styles, edition, consolidation)
        columns = listing.columns(file=True)
        agency_sheet(workbook, styles, listing, t("batch.sheet_agencies"), t("batch.title", count=len(rows)), rows,
                     columns, printed=len(columns) - 1)
        agency_sheet(workbook, styles, listing, t("batch.sheet_indicators"),
                     t("batch.indicators_title", count=len(rows)), rows, listing.indicator_columns())
        if len(consolidation.provinces) > 1:
            provinces_sheet(workbook, styles, edition, consolidation)
            _province_sheets(workbook, styles, listing)
        if consolidation.previous:
            last_year_sheet(workbook, styles, listing, consolidation.previous)
        if consolidation.failures or consolidation.skipped or consolidation.unprinted:
            _failure_sheet(workbook, styles, edition, consolidation)
    return path


def _province_sheets(workbook, styles, listing: Listing) -> None:
    """One sheet gathering the provinces with fewer than ``OWN_SHEET`` agencies, then a sheet for
    each of the others, in Thai order."""
    t = listing.edition.t
    groups = listing.consolidation.provinces
    few = [(group, members) for group, members in groups if group.count < OWN_SHEET]
    used = {t(f"batch.sheet_{key}") for key in ("agencies", "summary", "indicators", "provinces", "previous",
                                                "failures", "gathered")}
    if few:
        gathered_sheet(workbook, styles, listing, t("batch.sheet_gathered"),
                       t("batch.gathered_title", provinces=len(few), count=sum(g.count for g, _ in few),
                         least=OWN_SHEET), few)
    for group, members in groups:
        if group.count >= OWN_SHEET:
            agency_sheet(workbook, styles, listing, _sheet_name(group.name, used),
                         t("batch.province_title", province=group.name, count=group.count), members,
                         listing.columns(province=False))


def _sheet_name(text: str, used: set[str]) -> str:
    """A valid, unused sheet name: no []:*?/\\' and at most 31 characters."""
    base = SHEET_NAME_FORBIDDEN.sub("", text)[:31] or "-"
    name, n = base, 1
    while name.casefold() in {u.casefold() for u in used}:
        n += 1
        name = f"{base[:27]} ({n})"
    used.add(name)
    return name


def _failure_sheet(workbook, styles, edition: Edition, consolidation: Consolidation) -> None:
    """Every file that could not be read, the problem without its path repeated; then the files
    left out on purpose (the same workbook twice, ita_xl's own outputs)."""
    t = edition.t
    failures, skipped = consolidation.failures, consolidation.skipped
    lines = [(f.source, _problem(f.error, edition)) for f in failures]
    left_out = [(s.source, _skipped(s, edition)) for s in skipped]
    sources = [source for source, _ in lines + left_out] + [u.source for u in consolidation.unprinted]
    columns = [Column(t("batch.file"), fitted(sources, 20, 34),
                      lambda item, at: item[0], wrap=True),
               Column(t("batch.problem"), 44, lambda item, at: item[1], wrap=True)]
    table = Table(columns)
    span = (len(columns), table.width)
    sheet = workbook.add_worksheet(t("batch.sheet_failures"))
    title(sheet, styles, "title_wrap", 0, span,
           t("batch.failures_title", count=len(failures)) if failures else t("batch.failures_none"), 20)
    write_header(sheet, styles, table, 1)
    row = write_rows(sheet, styles, table, 2, lines)
    if skipped:
        title(sheet, styles, "subtitle", row + 1, span, t("batch.skipped_title", count=len(skipped)))
        row = write_rows(sheet, styles, table, row + 2, left_out)
    unprinted = consolidation.unprinted          # read, but their memo could not be printed as PDF
    if unprinted:
        title(sheet, styles, "subtitle", row + 1, span, t("batch.unprinted_title", count=len(unprinted)))
        write_rows(sheet, styles, table, row + 2, [(u.source, _problem(u.error, edition)) for u in unprinted])
    setup_page(sheet, t("report.footer"), landscape=True, header_row=1)
    sheet.set_print_scale(print_scale((c.width for c in columns), landscape=True))


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
