"""How the consolidated workbook meets the page: columns as wide as their Thai text (within bounds
that keep 16 pt text at 10 pt or more on A4 landscape), the print scale at which they fill the
page's width, rows as tall as their wrapped text, and page breaks that keep each table and chart whole.

Excel ignores manual page breaks on a sheet fitted to a page width, so each sheet is printed at
a scale worked out here from its columns, and the rows a page holds follow from that scale.
The page sizes were measured in LibreOffice (A4 inside a Thai letter's margins, 16 pt Normal
font) and are taken a few per cent smaller, for Excel.
"""
from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..sheet_tables import Formula, Row, Table, banner
from ..text_layout import LINE_HEIGHT, ROW_PADDING, text_width

LANDSCAPE_WIDTH = 78.0     # column units across A4 landscape at 100 %, each column's padding counted (measured: 80)
PORTRAIT_WIDTH = 50.0      # the same across A4 portrait (measured: 52)
COLUMN_PADDING = 0.7       # units a column's edges add to its width (xlsxwriter's five pixels)
LANDSCAPE_HEIGHT = 440.0   # points of rows an A4 landscape page holds at 100 % (measured: 452 to 472)
PORTRAIT_HEIGHT = 675.0    # the same, A4 portrait (measured: 692 to 712)
TEXT_SPREAD = 1.08         # LibreOffice sets Thai text this much wider than ``text_width`` measures
TEXT_PADDING = 0.3         # units a cell's edges take from its text (measured: 0.3 to 0.5)
WORD_LOSS = 1.5            # units a wrapped line may leave empty where the next Thai word does not fit
ONE_LINE = LINE_HEIGHT + ROW_PADDING     # points of a row of one line of 16 pt text
POINTS_PER_PIXEL = 0.75


def printed_width(text: str, bold: bool = False, font_size: float = 16) -> float:
    """Units ``text`` takes on one line as LibreOffice prints it."""
    return text_width(text, bold) * TEXT_SPREAD * font_size / 16


def fitted(texts: Iterable[str], least: float, most: float, bold: bool = False) -> float:
    """A column as wide as its widest text on one line, between ``least`` and ``most`` units (wider
    text wraps, and its row grows)."""
    widest = max((printed_width(str(text), bold) for text in texts if text), default=0.0)
    return round(min(most, max(least, widest + TEXT_PADDING + 0.05)), 1)


def lines(text: str, width: float, bold: bool = False, font_size: float = 16) -> int:
    """Lines ``text`` takes in a column ``width`` units wide: one when it fits, else as many as it
    needs with a Thai word's worth of each line left empty (so a row is never too short)."""
    total = 0
    usable = width - TEXT_PADDING
    for paragraph in str(text).split("\n"):
        size = printed_width(paragraph, bold, font_size)
        total += 1 if size <= usable else max(2, math.ceil(size / (usable - min(WORD_LOSS, usable / 4))))
    return total


def height(cells: Iterable[tuple[str, float]], bold: bool = False, font_size: float = 16) -> float:
    """Points of a row whose wrapped cells are ``(text, width)``: as tall as its longest cell."""
    count = max((lines(text, width, bold, font_size) for text, width in cells if text), default=1)
    return count * LINE_HEIGHT * font_size / 16 + ROW_PADDING


def write_header(sheet, styles, table: Table, row: int) -> None:
    """The table's header row: labels, column widths and a height that fits the wrapped labels; a
    row of one line of text is the sheet's default, so only taller rows need a height of their own."""
    sheet.set_default_row(ONE_LINE)
    table.header(sheet, styles, row, fit=False, widen=False)     # the columns are sized for the page
    sheet.set_row(row, height(((c.header, c.width) for c in table.columns), bold=True))


def write_rows(sheet, styles, table: Table, first: int, items) -> int:
    """Rows from ``first`` on, each as tall as its wrapped text (``height``); the row after the last.
    Written one by one: in constant-memory mode a row cannot be changed once the next is begun. A
    row of one line keeps the default height (``write_header``): nothing is kept for it, except on a
    sheet whose page breaks are worked out (``MeasuredSheet``), where every height must be known."""
    row = first
    measured = isinstance(sheet, MeasuredSheet)
    wrapped = [column for column in table.columns if column.wrap]
    for item in items:
        table.write(sheet, styles, row, item, fit=False)
        at = Row(table, row)
        tall = height((_text(column.value(item, at)), column.width) for column in wrapped)
        if tall > ONE_LINE or measured:
            sheet.set_row(row, tall)
        row += 1
    return row


def title(sheet, styles, role: str, row: int, span: tuple[int, float], text: str, font_size: float = 16) -> None:
    """A line of text merged across ``span`` = (columns, units), as tall as its wrapped text."""
    banner(sheet, styles, role, row, span, text, font_size)
    sheet.set_row(row, height([(text, span[1] + COLUMN_PADDING * (span[0] - 1))],
                              bool(getattr(getattr(styles, role), "bold", 0)), font_size))


def _text(value) -> str:
    return str(value.value if isinstance(value, Formula) else "" if value is None else value)


def print_scale(widths: Iterable[float], landscape: bool) -> int:
    """The print scale (per cent) at which columns of ``widths`` fill the page's width, at most 100."""
    total = sum(width + COLUMN_PADDING for width in widths)
    page = LANDSCAPE_WIDTH if landscape else PORTRAIT_WIDTH
    return max(10, min(100, math.floor(100 * page / total)))


def chart_rows(height_px: int, row_height: float) -> int:
    """Rows of ``row_height`` points a chart ``height_px`` pixels tall covers."""
    return math.ceil(height_px * POINTS_PER_PIXEL / row_height)


@dataclass
class Pages:
    """The rows of a sheet as they are written, and the blocks (a table, a chart with its table)
    that must not be split across pages. ``breaks`` puts a page break before each block that would
    not fit on what is left of its page but fits on a page of its own."""
    landscape: bool
    scale: int = 100
    repeated: float = 0.0                     # points of the header row repeated atop every page
    heights: dict[int, float] = field(default_factory=dict)
    blocks: list[tuple[int, int]] = field(default_factory=list)
    forced: set[int] = field(default_factory=set)   # rows that start a page whatever is left of the last

    def new_page(self, row: int) -> None:
        self.forced.add(row)

    def row(self, row: int, height: float) -> None:
        self.heights[row] = height

    def block(self, first: int, last: int) -> None:
        if last >= first:
            self.blocks.append((first, last))

    @property
    def capacity(self) -> float:
        return (LANDSCAPE_HEIGHT if self.landscape else PORTRAIT_HEIGHT) * 100 / self.scale

    def breaks(self) -> list[int]:
        """The rows a page break goes before."""
        starts = {first: last for first, last in self.blocks}
        found: list[int] = []
        used = 0.0
        last_row = max([*self.heights, *(last for _, last in self.blocks)], default=-1)
        row = 0
        while row <= last_row:
            if row in self.forced and row:
                found.append(row)
                used = self.repeated
            elif row in starts:
                size = sum(self.heights.get(r, ONE_LINE) for r in range(row, starts[row] + 1))
                room = self.capacity - (self.repeated if found else 0.0)
                if used + size > room and used > (self.repeated if found else 0.0) and size <= room:
                    found.append(row)
                    used = self.repeated
            height = self.heights.get(row, ONE_LINE)
            if used + height > self.capacity:
                used = self.repeated
            used += height
            row += 1
        return found


class MeasuredSheet:
    """A worksheet that remembers the height of every row set on it (for ``Pages``), and passes
    everything else through."""

    def __init__(self, sheet, pages: Pages, widths: list[float] | None = None):
        self._sheet, self.pages = sheet, pages
        self.widths = [width + COLUMN_PADDING for width in widths or ()]    # the columns as printed, in units

    def set_row(self, row: int, height: float | None = None, *args, **kwargs):
        if height is not None:
            self.pages.row(row, height)
        return self._sheet.set_row(row, height, *args, **kwargs)

    def __getattr__(self, name: str):
        return getattr(self._sheet, name)

    def finish(self) -> None:
        """The page breaks, once every row is written."""
        found = self.pages.breaks()
        if found:
            self._sheet.set_h_pagebreaks(found)
