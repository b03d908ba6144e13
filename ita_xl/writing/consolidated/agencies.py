"""The sheets that list agencies: every agency (its tools, ITA, rank, level and result), every
agency's indicator scores, a sheet for each province with many agencies, and one sheet that
gathers the provinces with few, each province a block kept on one page.

Rows come in the consolidation's Thai dictionary order (province, then name). Columns are as
wide as their Thai text (``layout.fitted``) within bounds that keep the landscape page at 10 pt
or more; longer names wrap in their column and their rows grow.
"""
from __future__ import annotations

from collections.abc import Sequence

from ...analysis.consolidation import AgencyRow, Consolidation, GroupSummary
from ...framework_years import supported_years
from ...frameworks import load_framework
from ..edition import Edition, score_text
from ..excel_rules import below_formula
from ..sheet_tables import Column, Table, setup_page
from .layout import (
    ONE_LINE,
    MeasuredSheet,
    Pages,
    fitted,
    print_scale,
    title,
    write_header,
    write_rows,
)

SCORE_SAMPLE = "100.00"             # the widest score a column shows
FILE_WIDTH = 30                     # the source file: kept for the spreadsheet, left out of the print


class Listing:
    """What the agency tables need of the consolidation, worked out once: the years' frameworks,
    each agency's rank, and column widths that fit every name the workbook will list."""

    def __init__(self, consolidation: Consolidation, edition: Edition):
        self.consolidation, self.edition = consolidation, edition
        rows = consolidation.rows
        self.frameworks = {year: consolidation.framework(year) for year in sorted({r.fiscal_year for r in rows})}
        self.ranks = consolidation.ranks
        self.tools = list(dict.fromkeys(t.code for f in self.frameworks.values() for t in f.tools))
        self.numbers = sorted({i.no for f in self.frameworks.values() for i in f.indicators})
        t = edition.t
        self.width = {
            "province": fitted((r.province for r in rows), 8, 14),
            "name": fitted((r.name for r in rows), 14, 25),
            "type": fitted((r.type for r in rows), 8, 14),
            "score": fitted([SCORE_SAMPLE], 5.5, 8),
            "level": fitted({self.level(r) for r in rows}, 7, 15),
            "result": fitted([edition.result(True), edition.result(False)], 6, 9),
            "rank": fitted([t("report.rank"), str(len(rows))], 5, 7, bold=True),
            "year": fitted(["2569", t("batch.year_column")], 5, 7, bold=True),
        }

    def level(self, row: AgencyRow) -> str:
        return self.edition.level_name(self.frameworks[row.fiscal_year], row.level)

    def columns(self, province: bool = True, file: bool = False) -> list[Column]:
        """The agency table: (province,) name, kind, year, each tool, ITA, rank, level, result (, file)."""
        t, width = self.edition.t, self.width
        return [
            *([Column(t("field.province"), width["province"], lambda r, at: r.province, wrap=True)] if province else []),
            Column(t("field.name"), width["name"], lambda r, at: r.name, wrap=True),
            Column(t("field.type"), width["type"], lambda r, at: r.type, wrap=True),
            Column(t("batch.year_column"), width["year"], lambda r, at: r.fiscal_year, "integer"),
            *[Column(code, width["score"], lambda r, at, code=code: r.tools.get(code), "score") for code in self.tools],
            Column("ITA", width["score"], lambda r, at: r.ita, "score", key="ita"),
            Column(t("report.rank"), width["rank"], lambda r, at: self.ranks.get(r.source), "integer"),
            Column(t("batch.level"), width["level"], lambda r, at: self.level(r), "center_wrap", wrap=True),
            Column(t("report.result"), width["result"], lambda r, at: self.edition.result(r.passed), "center"),
            *([Column(t("batch.file"), FILE_WIDTH, lambda r, at: r.source)] if file else []),
        ]

    def indicator_columns(self) -> list[Column]:
        t, width = self.edition.t, self.width
        return [Column(t("field.province"), width["province"], lambda r, at: r.province, wrap=True),
                Column(t("field.name"), width["name"], lambda r, at: r.name, wrap=True),
                *[Column(t("batch.indicator_column", no=no), width["score"],
                         lambda r, at, no=no: r.indicators.get(no), "score", key=f"indicator_{no}")
                  for no in self.numbers],
                Column("ITA", width["score"], lambda r, at: r.ita, "score", key="ita")]


def agency_sheet(workbook, styles, listing: Listing, name: str, heading: str, rows: Sequence[AgencyRow],
                 columns: list[Column], printed: int | None = None) -> None:
    """A sheet of one table: the title, the header (repeated on every printed page), one row an
    agency; ``printed``: the columns printed (the rest, such as the source file, are not)."""
    table = Table(columns)
    shown = columns[:printed]
    sheet = workbook.add_worksheet(name)
    title(sheet, styles, "title_wrap", 0, (len(shown), sum(c.width for c in shown)), heading, 20)
    write_header(sheet, styles, table, 1)
    last = write_rows(sheet, styles, table, 2, rows) - 1
    sheet.autofilter(1, 0, max(last, 2), table.last_col)     # an Excel table cannot be written in constant memory
    _below_target(sheet, styles, table, listing, [c.key for c in columns if c.key], last)
    _page(sheet, listing.edition, shown, last, frozen=2 if columns[0].header == listing.edition.t("field.province") else 1)


def _below_target(sheet, styles, table: Table, listing: Listing, keys: list[str], last: int) -> None:
    """Scores below target shown as such: the target asked for, else the year's (of the first
    year listed: the years' targets have all been 85), judged at the year's decimals."""
    judged_by = next(iter(listing.frameworks.values()), None) or load_framework(supported_years()[-1])   # no rows
    goal = listing.consolidation.target
    goal = judged_by.target if goal is None else goal
    for key in keys:
        col = table.col(key)
        first = table.cell(key, 2, col_abs=True)
        below = below_formula(first, judged_by.decimals, f"{goal:g}")
        sheet.conditional_format(2, col, max(last, 2), col, {
            "type": "formula", "criteria": f"=AND(ISNUMBER({first}),{below})", "format": styles.below_target})


def _page(sheet, edition: Edition, shown: list[Column], last: int, frozen: int = 1) -> None:
    """A4 landscape at the scale that fits the printed columns, the header repeated; the title, the
    header and the first ``frozen`` columns stay in view as the sheet scrolls."""
    setup_page(sheet, edition.t("report.footer"), landscape=True, header_row=1)
    sheet.set_print_scale(print_scale((c.width for c in shown), landscape=True))
    sheet.print_area(0, 0, max(last, 1), len(shown) - 1)
    sheet.freeze_panes(2, frozen)


def gathered_sheet(workbook, styles, listing: Listing, name: str, heading: str,
                   provinces: Sequence[tuple[GroupSummary, list[AgencyRow]]]) -> None:
    """The provinces with few agencies on one sheet: under one header, each province a block (its
    name, count, mean and how many passed, then its agencies) that a page break never splits."""
    columns = listing.columns(province=False)
    table = Table(columns)
    width = (len(columns), sum(c.width for c in columns))
    pages = Pages(landscape=True, scale=print_scale((c.width for c in columns), landscape=True))
    sheet = MeasuredSheet(workbook.add_worksheet(name), pages)
    title(sheet, styles, "title_wrap", 0, width, heading, 20)
    write_header(sheet, styles, table, 1)
    pages.repeated = pages.heights.get(1, ONE_LINE)
    row = 2
    for group, members in provinces:
        title(sheet, styles, "label", row, width, _group_line(listing.edition, group))
        end = write_rows(sheet, styles, table, row + 1, members)
        pages.block(row, end - 1)
        row = end
    _below_target(sheet, styles, table, listing, ["ita"], row - 1)
    _page(sheet, listing.edition, columns, row - 1)
    sheet.finish()


def _group_line(edition: Edition, group: GroupSummary) -> str:
    return edition.t("batch.province_line", province=group.name, count=group.count, mean=score_text(group.mean),
                     passed=group.passed)
