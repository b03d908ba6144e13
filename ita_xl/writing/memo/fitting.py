"""How text fits the Word memo's tables, measured before a word processor sets it: a header never
broken inside a word, and a row kept on one page only where it fits on one (a taller row kept
whole would be cut at the foot of the page)."""
from __future__ import annotations

import math
import re

from ..line_breaks import BREAK
from ..styles import DEFAULT_FONT_SIZE
from ..text_layout import text_cm

CELL_PADDING_CM = 0.45           # a cell's left and right padding and its borders
LINE_CM = 0.97                   # a line of 16 pt Thai text (tall vowels and tone marks), as LibreOffice sets it
ROW_PADDING_CM = 0.2
_OPPORTUNITY = re.compile(f"[ {BREAK}\n]")


def longest_word_cm(texts, size: float) -> float:
    """The widest piece of ``texts`` between break opportunities, in bold at ``size``."""
    return max((text_cm(word, size, bold=True) for text in texts
                for word in _OPPORTUNITY.split(text) if word), default=0.0)


def widen(widths: list[float], least: list[float]) -> list[float]:
    """``widths`` with each column at least ``least`` wide, the difference taken from the columns
    that have room to spare, in proportion to it; the total is kept."""
    short = sum(max(0.0, need - width) for width, need in zip(widths, least))
    spare = [max(0.0, width - need) for width, need in zip(widths, least)]
    if not short or sum(spare) < short:
        return widths
    return [max(width, need) - (s / sum(spare) * short if s else 0.0)
            for width, need, s in zip(widths, least, spare)]


def word_widths(text: str, size: float) -> tuple[tuple[float, ...], ...]:
    """The widths (cm) of the pieces between break opportunities, paragraph by paragraph."""
    return tuple(tuple(text_cm(word, size) for word in re.split(f"(?<=[ {BREAK}])", paragraph))
                 for paragraph in text.split("\n"))


def lines(words: tuple[tuple[float, ...], ...], width_cm: float) -> int:
    """Lines text of those ``word_widths`` wraps to in a cell ``width_cm`` wide, greedily."""
    usable, total = max(width_cm - CELL_PADDING_CM, 0.5), 0
    for paragraph in words:
        line, count = 0.0, 1
        for width in paragraph:
            if line and line + width > usable:
                count, line = count + 1, 0.0
            if width > usable:
                count += math.ceil(width / usable) - 1
            line += width
        total += count
    return total


def row_cm(lines_tallest: int, size: float) -> float:
    return lines_tallest * LINE_CM * size / DEFAULT_FONT_SIZE + ROW_PADDING_CM


def height_cm(cells, widths: list[float], size: float) -> float:
    """The height a row of ``cells`` (their text) takes with its cells ``widths`` wide."""
    tallest = max((lines(word_widths(cell.text, size), width) for cell, width in zip(cells, widths)), default=1)
    return row_cm(tallest, size)


def fits_on_a_page(cells, widths: list[float], size: float, page_cm: float) -> bool:
    """Whether a row of ``cells`` (their text) fits on one page with room to spare: a taller row kept
    whole would be cut at the foot of the page, so it is the one row allowed to break."""
    return height_cm(cells, widths, size) < page_cm * 0.8
