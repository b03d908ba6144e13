"""Column widths and row heights for Thai text, which xlsxwriter's autofit cannot measure.

Widths are in Excel's column units, measured from the font's advance widths
(tone marks and vowels written above or below a letter take none) and calibrated
against LibreOffice's wrapping of long Thai paragraphs.
"""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from itertools import repeat
from operator import mul

from .line_breaks import BREAK

UNITS_PER_EM = 1.7        # column units one em of the 16 pt font takes (calibrated in LibreOffice)
BOLD_WIDTH = 1.05         # bold glyphs are wider
LINE_HEIGHT = 26.0        # points per line of 16 pt Thai text (tall vowels and tone marks)
ROW_PADDING = 2.0         # points above and below the text of a row
SAFETY = 0.03             # share of a line left to spare when wrapping
PORTRAIT_WIDTH = 44       # column units across A4 portrait inside a Thai letter's margins, at 100 %
PAGE_HEIGHT = 675.0       # points of rows an A4 portrait page holds inside those margins (LibreOffice: 34 x 20 pt)
PIXELS_PER_UNIT = 13      # a column unit in pixels, for sizing charts against columns
MERGE_GAIN = 0.6          # column units a merged range gains per extra column it spans


# Advance widths (1/1000 em) of Laksaman, the free twin of TH Sarabun PSK that LibreOffice uses for
# it (fonts-thai-tlwg 0.7.3): the Thai block from U+0E01 and printable ASCII. Marks above and below
# a letter take none; anything else counts as a typical letter.
_THAI = (580, 568, 574, 591, 591, 613, 442, 552, 567, 568, 574, 780, 780, 639, 639, 515, 693, 800, 816, 588, 588,
         568, 646, 503, 631, 643, 643, 573, 573, 672, 672, 639, 601, 564, 484, 568, 573, 639, 503, 591, 658, 573,
         642, 682, 582, 559, 588, 536, 0, 475, 475, 0, 0, 0, 0, 0, 0, 0, 600, 600, 600, 600, 618, 305, 567, 356,
         364, 367, 308, 600, 0, 0, 0, 0, 0, 0, 0, 0, 676, 675, 675, 675, 675, 675, 675, 675, 675, 675, 675, 785,
         1048)
_ASCII = (324, 221, 312, 606, 543, 879, 636, 180, 285, 285, 428, 618, 243, 324, 243, 406, 544, 544, 544, 544, 544,
          544, 544, 544, 544, 544, 243, 243, 618, 618, 618, 425, 806, 601, 568, 610, 648, 527, 527, 639, 663, 221,
          397, 565, 530, 824, 663, 731, 568, 732, 570, 529, 570, 700, 586, 884, 628, 550, 637, 294, 394, 294, 619,
          529, 306, 517, 603, 497, 603, 562, 309, 467, 586, 215, 233, 475, 300, 904, 586, 598, 603, 603, 326, 424,
          357, 586, 512, 762, 478, 506, 482, 312, 230, 312, 625)
_ADVANCE = {chr(0x0E01 + n): width / 1000 for n, width in enumerate(_THAI)} | \
    {chr(0x20 + n): width / 1000 for n, width in enumerate(_ASCII)} | \
    {ch: 0.0 for ch in "\n\u200b\u200c\u200d\u2060\ufeff\u00ad"} | {"\u00a0": 0.324} | \
    {chr(c): 0.0 for c in range(0x0300, 0x0370)}
TYPICAL_EM = 0.6
_OPPORTUNITY = re.compile(f"[ {BREAK}\n]")


def text_width(text: str, bold: bool = False) -> float:
    """Width of one line of ``text`` in column units, from the font's own advance widths. Linear in
    the text, and remembered for short texts: labels, headers and words come back again and again."""
    em = _em_short(text) if len(text) <= _CACHED_LENGTH else _em(text)
    return em * UNITS_PER_EM * (BOLD_WIDTH if bold else 1)


_CACHED_LENGTH = 300


def text_cm(text: str, size: float, bold: bool = False) -> float:
    """Width of one line of ``text`` set at ``size`` points, in centimetres on paper (for the
    Word memo: a word processor's page, not a spreadsheet's columns)."""
    em = _em_short(text) if len(text) <= _CACHED_LENGTH else _em(text)
    return em * size / 72 * 2.54 * (BOLD_WIDTH if bold else 1)


def _em(text: str) -> float:
    """The advance widths of ``text`` in em: each distinct character's width times its count, summed
    in the order the characters first appear (counting and summing both run in C)."""
    counts = Counter(text)
    return sum(map(mul, map(_ADVANCE.get, counts, repeat(TYPICAL_EM)), counts.values()))


_em_short = lru_cache(maxsize=16384)(_em)


def merged_width(widths) -> float:
    """The width a merged range wraps text in: a little more than its columns' sum, as each
    column brings its own padding (calibrated in LibreOffice on the memo's columns)."""
    widths = list(widths)
    return sum(widths) + MERGE_GAIN * (len(widths) - 1)


def usable_width(column_width: float) -> float:
    """What a wrapped line may fill of a column: its padding left out, and a little to spare (the
    widths are the font's own, but a program's rounding differs from ours)."""
    return max(column_width - 1.2 - SAFETY * column_width, 1.0)


def _line_ends(text: str, usable: float, bold: bool) -> list[int]:
    """Where greedy wrapping at the text's break opportunities (a space, a zero-width space, a line
    break) ends each line but the last: the index of the opportunity taken. Linear in the text."""
    ends, line = [], 0.0
    at = 0
    for found in _OPPORTUNITY.finditer(text + "\n"):
        word, mark = text[at:found.start()], found.group()
        width = text_width(word, bold)
        if line and line + width > usable:
            ends.append(at - 1)
            line = 0.0
        line += width
        while line > usable:                # a word wider than the line: it is cut where it must be
            ends.append(-1)
            line -= usable
        if mark == "\n" and found.start() < len(text):
            ends.append(found.start())
            line = 0.0
        elif mark == " ":
            line += text_width(" ", bold)
        at = found.end()
    return ends


def widest_word(text: str, bold: bool = False) -> float:
    """The column width the widest piece of ``text`` between break opportunities needs on one line."""
    widest = max((text_width(word, bold) for word in _OPPORTUNITY.split(str(text)) if word), default=0.0)
    return (widest + 1.2) / (1 - SAFETY) + 0.1 if widest else 0.0


def line_count(text: str, column_width: float, bold: bool = False, font_size: float = 16) -> int:
    """Lines ``text`` wraps to in a column ``column_width`` units wide, at its break opportunities
    (``line_breaks`` writes them into Thai text); at ``font_size`` a line holds proportionally less."""
    usable = usable_width(column_width) * 16 / font_size
    return len(_line_ends(str(text), usable, bold)) + 1


def row_height(cells: list[tuple[str, float]], font_size: float = 16, bold: bool = False) -> float:
    """Height in points of a row whose wrapped cells are ``(text, column width)`` pairs."""
    lines = max((line_count(text, width, bold, font_size) for text, width in cells if text), default=1)
    return lines * LINE_HEIGHT * font_size / 16 + ROW_PADDING


def split_rows(text: str, column_width: float, max_lines: int, bold: bool = False) -> list[str]:
    """``text`` cut after break opportunities into pieces of at most ``max_lines`` wrapped lines
    each; the pieces join back into the text.

    Excel caps a row at 409 points, so a long paragraph takes several rows; shorter rows also
    let a page break fall inside a paragraph.
    """
    cuts = [end for n, end in enumerate(_line_ends(text, usable_width(column_width), bold), start=1)
            if n % max_lines == 0 and end >= 0]
    pieces, at = [], 0
    for cut in cuts:
        pieces.append(text[at:cut + 1])
        at = cut + 1
    return pieces + [text[at:]]
