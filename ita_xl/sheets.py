"""What every written sheet shares, input template and report alike: page set-up, tables, titles."""
from __future__ import annotations

from dataclasses import dataclass

from .layout import row_height
from .text import t

CM = 1 / 2.54
A4 = 9


def setup_page(sheet, landscape: bool = False, header_row: int | None = None, pages_tall: int = 0) -> None:
    """A4, margins of a Thai official letter, fitted to the page width (and to ``pages_tall`` pages
    when given), page numbers in the footer, the header row repeated and frozen."""
    sheet.set_paper(A4)
    if landscape:
        sheet.set_landscape()
    sheet.set_margins(left=3 * CM, right=2 * CM, top=2.5 * CM, bottom=2 * CM)
    sheet.fit_to_pages(1, pages_tall)
    sheet.set_footer(t("report.footer"))
    if header_row is not None:
        sheet.repeat_rows(header_row)
        sheet.freeze_panes(header_row + 1, 0)


@dataclass
class Column:
    label: str
    width: float
    wrap: bool = False   # counts when sizing the row height


def banner(sheet, styles, role: str, row: int, columns: list[Column], text: str, font_size: float = 16) -> None:
    """A line of text merged across the table's width, as tall as its wrapped text."""
    fmt = getattr(styles, role)
    sheet.merge_range(row, 0, row, len(columns) - 1, text, fmt)
    sheet.set_row(row, row_height([(text, sum(c.width for c in columns))], font_size, bool(getattr(fmt, "bold", 0))))


def header(sheet, styles, row: int, columns: list[Column]) -> None:
    for col, column in enumerate(columns):
        sheet.set_column(col, col, column.width)
        sheet.write_string(row, col, styles.prose(column.label), styles.header)
    sheet.set_row(row, row_height([(c.label, c.width) for c in columns], bold=True))


def fit_row(sheet, row: int, columns: list[Column], texts: list[str]) -> None:
    """Give a data row the height its wrapped Thai text needs."""
    cells = [(text, column.width) for column, text in zip(columns, texts) if column.wrap]
    sheet.set_row(row, row_height(cells))


def write_score(sheet, row: int, col: int, value: float | None, fmt) -> None:
    """A score, or a blank cell of the same format when there is none."""
    if value is None:
        sheet.write_blank(row, col, None, fmt)
    else:
        sheet.write_number(row, col, value, fmt)
