"""Column widths and row heights for Thai text, which xlsxwriter's autofit cannot measure.

Widths are in Excel's column units; a Thai base character of the 16 pt official
font takes about ``CHAR_WIDTH`` units, and tone marks and vowels written above
or below a consonant take none.
"""
from __future__ import annotations

import math
import unicodedata

CHAR_WIDTH = 0.85         # column units per base character at 16 pt (calibrated in LibreOffice)
BOLD_WIDTH = 1.1          # bold glyphs are wider
LINE_HEIGHT = 26.0        # points per line of 16 pt Thai text (tall vowels and tone marks)
ROW_PADDING = 4.0         # points above and below the text of a row
WRAP_LOSS = 0.15          # share of a line lost where a Thai word does not fit at its end (at least 2.5 units)
PORTRAIT_WIDTH = 44       # column units across A4 portrait inside a Thai letter's margins, at 100 %
PAGE_HEIGHT = 675.0       # points of rows an A4 portrait page holds inside those margins (LibreOffice: 34 x 20 pt)
PIXELS_PER_UNIT = 13      # a column unit in pixels, for sizing charts against columns


def text_width(text: str, bold: bool = False) -> float:
    """Width of one line of ``text`` in column units (combining marks take no space)."""
    return CHAR_WIDTH * (BOLD_WIDTH if bold else 1) * sum(1 for ch in text if not unicodedata.combining(ch)
                            and unicodedata.category(ch) != "Mn")


def line_count(text: str, column_width: float, bold: bool = False) -> int:
    """Lines ``text`` wraps to in a column ``column_width`` units wide (wrapping at spaces)."""
    usable = max(column_width - 1.0 - max(2.5, WRAP_LOSS * column_width), 1.0)
    total = 0
    for paragraph in str(text).split("\n"):
        total += max(1, math.ceil(text_width(paragraph, bold) / usable))
    return total


def row_height(cells: list[tuple[str, float]], font_size: float = 16, bold: bool = False) -> float:
    """Height in points of a row whose wrapped cells are ``(text, column width)`` pairs."""
    lines = max((line_count(text, width, bold) for text, width in cells if text), default=1)
    return lines * LINE_HEIGHT * font_size / 16 + ROW_PADDING


def split_rows(text: str, column_width: float, max_lines: int) -> list[str]:
    """``text`` cut at spaces into pieces of at most ``max_lines`` wrapped lines each.

    Excel caps a row at 409 points, so a long paragraph takes several rows.
    """
    pieces, current = [], ""
    for word in text.split(" "):
        candidate = f"{current} {word}" if current else word
        if current and line_count(candidate, column_width) > max_lines:
            pieces.append(current)
            candidate = word
        current = candidate
    return pieces + [current]
