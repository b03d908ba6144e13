"""The memo sheet's rows laid out on A4 pages, as a word processor would set them."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ..text_layout import LINE_HEIGHT, PAGE_HEIGHT, PORTRAIT_WIDTH, ROW_PADDING

WIDTHS = (8, 8, 7, 7, 7, 7)          # the memo sheet's columns: A4 portrait inside a Thai letter's margins
LAST = len(WIDTHS) - 1
assert sum(WIDTHS) == PORTRAIT_WIDTH, "the memo must print at 100 % without cutting a column"
KEEP_LIMIT = PAGE_HEIGHT / 3         # the tallest group kept whole; a taller one keeps only its first two rows


@dataclass
class SheetRow:
    """One sheet row to be written: its height and how to write it."""
    height: float
    write: Callable                  # (sheet, row) -> None


@dataclass
class MemoPages:
    """Rows on pages. A group (a table, the chart, a signature block) is kept on one page when it
    takes at most a third of one: so a page is broken early only by a group that cannot fill more
    than a third, and every page but a section's last is at least two-thirds full. Each page from
    the second begins with its number (``number_row``)."""
    number_row: Callable[[int], SheetRow]
    rows: list[SheetRow] = field(default_factory=list)
    breaks: list[int] = field(default_factory=list)
    fill: list[float] = field(default_factory=lambda: [0.0])
    top: float = 0.0                 # what the page number takes of the current page

    @property
    def used(self) -> bool:
        """Whether the current page holds anything but its number."""
        return self.fill[-1] > self.top

    def add(self, group: list[SheetRow], keep: bool = True, whole: bool = False) -> None:
        """Rows on the pages; a ``keep`` group (up to a third of a page, or a ``whole`` one up to a
        page) together, another with at least its first two rows together."""
        height = sum(row.height for row in group)
        if (not keep or height > (PAGE_HEIGHT - self.top if whole else KEEP_LIMIT)) and len(group) > 1:
            height = group[0].height + group[1].height
        if self.used and self.fill[-1] + height > PAGE_HEIGHT:
            self._break()
        for row in group:
            if self.used and self.fill[-1] + row.height > PAGE_HEIGHT:
                self._break()
            self._append(row)

    def lines_left(self) -> int:
        """Lines of text that still fit on this page in one row."""
        return int((PAGE_HEIGHT - self.fill[-1] - ROW_PADDING) // LINE_HEIGHT)

    def new_page(self) -> None:
        if self.used:
            self._break()

    def _append(self, row: SheetRow) -> None:
        self.rows.append(row)
        self.fill[-1] += row.height

    def _break(self) -> None:
        self.breaks.append(len(self.rows))
        self.fill.append(0.0)
        self._append(self.number_row(len(self.fill)))
        self.top = self.fill[-1]
