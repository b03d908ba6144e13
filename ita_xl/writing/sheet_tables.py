"""What every written sheet shares, input template and report alike: tables whose columns place
themselves, titles, and the page set-up of a Thai official document.

A ``Column`` knows its header, its width, how to get its value from a row's item, its cell
format and whether its text wraps; a ``Table`` writes rows from a list of columns and
computes every position and cell reference from it, so that nobody writes "column 17".
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from xlsxwriter.utility import xl_rowcol_to_cell

from .line_breaks import mark
from .page import margins_inches
from .text_layout import row_height, widest_word

A4 = 9                 # xlsxwriter's paper code for A4


@dataclass(frozen=True)
class Formula:
    """A formula and the result it has now, saved with it so every reader sees the right value."""
    text: str
    value: object


@dataclass(frozen=True)
class Column:
    header: str
    width: float
    value: Callable = lambda item, row: None      # (item, row) -> text, number, date, Formula or None
    style: str | Callable[[object], str] = "text"  # a ``Styles`` role, or a function of the item giving one
    wrap: bool = False                             # long text: the row grows with it
    key: str = ""


class Row:
    """Where a table row is being written: references to its own cells, by column key."""

    def __init__(self, table: Table, index: int):
        self.table, self.index = table, index

    def cell(self, key: str, absolute: bool = False) -> str:
        return xl_rowcol_to_cell(self.index, self.table.col(key), absolute, absolute)


class Table:
    def __init__(self, columns: Sequence[Column], first_col: int = 0):
        self.columns = list(columns)
        self.first_col = first_col
        self._cols = {column.key: first_col + n for n, column in enumerate(self.columns) if column.key}

    @property
    def last_col(self) -> int:
        return self.first_col + len(self.columns) - 1

    @property
    def width(self) -> float:
        return sum(column.width for column in self.columns)

    def col(self, key: str) -> int:
        return self._cols[key]

    def cell(self, key: str, row: int, row_abs: bool = False, col_abs: bool = False) -> str:
        return xl_rowcol_to_cell(row, self.col(key), row_abs, col_abs)

    def header(self, sheet, styles, row: int, prose: Callable[[str], str] = str, fit: bool = True,
               widen: bool = True) -> None:
        """The header row: (``widen``) each column at least as wide as its label's longest word
        (``line_breaks`` decides the words), so that a header never breaks inside one, and (``fit``) a
        height that fits. The label is written as typed: a header is data another program may read."""
        labels = [prose(column.header) for column in self.columns]
        widths = [max(column.width, widest_word(mark(label), bold=True)) if widen else column.width
                  for column, label in zip(self.columns, labels)]
        for n, (label, width) in enumerate(zip(labels, widths)):
            sheet.set_column(self.first_col + n, self.first_col + n, width)
            sheet.write_string(row, self.first_col + n, label, styles.header)
        if fit:
            sheet.set_row(row, row_height(list(zip(labels, widths)), bold=True))

    def write(self, sheet, styles, row: int, item, fit: bool = True) -> None:
        """One row: every column's value in its format, (``fit``) the row as tall as its wrapped text."""
        at = Row(self, row)
        texts = []
        for n, column in enumerate(self.columns):
            value = column.value(item, at)
            role = column.style(item) if callable(column.style) else column.style
            write_value(sheet, row, self.first_col + n, value, getattr(styles, role))
            if column.wrap:
                texts.append((str(value.value if isinstance(value, Formula) else value or ""), column.width))
        if fit:
            sheet.set_row(row, row_height(texts))

    def write_rows(self, sheet, styles, first_row: int, items, fit: bool = True) -> int:
        """Rows from ``first_row`` on; the row after the last."""
        row = first_row
        for item in items:
            self.write(sheet, styles, row, item, fit)
            row += 1
        return row


def write_value(sheet, row: int, col: int, value, fmt) -> None:
    """A value by its kind: text always as text (never a formula), numbers, dates, formulas, blanks."""
    if isinstance(value, Formula):
        sheet.write_formula(row, col, value.text, fmt, value.value)
    elif value is None or value == "":
        sheet.write_blank(row, col, None, fmt)
    elif isinstance(value, bool):
        sheet.write_boolean(row, col, value, fmt)
    elif isinstance(value, (int, float)):
        sheet.write_number(row, col, value, fmt)
    elif isinstance(value, (dt.date, dt.datetime)):
        sheet.write_datetime(row, col, value, fmt)
    else:
        sheet.write_string(row, col, str(value), fmt)


def setup_page(sheet, footer: str, landscape: bool = False, header_row: int | None = None,
               pages_tall: int = 0) -> None:
    """A4, margins of a Thai official letter, fitted to the page width (and to ``pages_tall`` pages
    when given), the page-number ``footer``, the header row repeated and frozen."""
    sheet.set_paper(A4)
    if landscape:
        sheet.set_landscape()
    sheet.set_margins(**margins_inches())
    sheet.fit_to_pages(1, pages_tall)
    sheet.set_footer(footer)
    sheet.set_start_page(1)             # every sheet numbers its own pages
    if header_row is not None:
        sheet.repeat_rows(header_row)
        sheet.freeze_panes(header_row + 1, 0)


def banner(sheet, styles, role: str, row: int, width: tuple[int, float], text: str, font_size: float = 16) -> None:
    """A line of text merged across ``width`` = (columns, units), as tall as its wrapped text."""
    columns, units = width
    fmt = getattr(styles, role)
    if columns > 1:
        sheet.merge_range(row, 0, row, columns - 1, text, fmt)
    else:
        sheet.write_string(row, 0, text, fmt)
    sheet.set_row(row, row_height([(text, units)], font_size, bool(getattr(fmt, "bold", 0))))
