"""How a spreadsheet shows a stored cell: references, number formats, date serials.

Both reading engines decode cells through these rules, so that a cell reads the
same whichever engine parsed the XML: a number under a percent format is shown
(and read) as ``value x 100``, a number under a date format is a date (which section
of a format applies is ``number_format``'s), and a reference outside Excel's grid is
refused rather than turned into a grid.
"""
from __future__ import annotations

import datetime as dt
import math
import re
from decimal import Decimal
from functools import lru_cache

from .number_format import NumberFormat

MAX_ROWS = 1_048_576          # Excel's grid: rows 1..1,048,576, columns A..XFD
MAX_COLUMNS = 16_384
WINDOWS_EPOCH = dt.datetime(1899, 12, 30)
MAC_EPOCH = dt.datetime(1904, 1, 1)

# Built-in number formats (ECMA-376 18.8.30) that show a date or a time.
# 27-36 and 50-58 are the East Asian dates; 71-81 are Thai Excel's own (ว/ด/ปปปป, d/m/bb ...).
BUILTIN_DATES = frozenset(range(14, 23)) | {45, 46, 47} | frozenset(range(27, 37)) | frozenset(range(50, 59)) \
    | frozenset(range(71, 82))

_REF = re.compile(r"\$?([A-Za-z]{1,3})\$?([0-9]+)")
_ISO = re.compile(r"(?P<date>(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2}))?T?"
                  r"(?P<time>(?P<hour>\d{2}):(?P<minute>\d{2})(:(?P<second>\d{2})(?P<fraction>\.\d{1,3})?)?)?Z?")


class BadCell:
    """A cell whose stored content cannot be shown as a value: ``kind`` is "value" (a NaN, an
    unreadable number or string index), "date" (a date beyond the calendar, an ISO date that
    is not one) or "duplicate" (one position given twice with different contents). The reader
    reports it where it reads it."""

    __slots__ = ("raw", "kind")

    def __init__(self, raw: str, kind: str = "value"):
        self.raw, self.kind = raw, kind

    def __eq__(self, other) -> bool:
        return isinstance(other, BadCell) and (other.raw, other.kind) == (self.raw, self.kind)

    def __repr__(self) -> str:
        return f"BadCell({self.raw!r}, {self.kind!r})"


def column_index(letters: str) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - 64
    return number - 1


def split_reference(ref: str) -> tuple[int, int] | None:
    """Zero-based (row, column) of ``D5``, ``d5`` or ``$D$5`` (which may lie outside the grid);
    None when ``ref`` is not a cell reference."""
    match = _REF.fullmatch(ref)
    if not match or int(match.group(2)) == 0:
        return None
    return int(match.group(2)) - 1, column_index(match.group(1))


def in_grid(row: int, col: int) -> bool:
    return 0 <= row < MAX_ROWS and 0 <= col < MAX_COLUMNS


def cell_name(row: int, col: int) -> str:
    """``D5`` for zero-based (4, 3)."""
    letters = ""
    col += 1
    while col > 0:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return f"{letters}{row + 1}"


_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def unescape(text: str) -> str:
    """Characters Excel stores escaped as ``_xHHHH_`` (``_x000D_`` for a carriage return)."""
    return _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text) if "_x" in text else text


# Built-in formats (ECMA-376 18.8.30) that show a number otherwise than General; 59-62 and 67-68 are
# Thai Excel's own, in Thai digits (t0, t0.00, t#,##0, t#,##0.00, t0%, t0.00%).
BUILTIN_CODES = {1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00", 9: "0%", 10: "0.00%", 11: "0.00E+00",
                 37: "#,##0 ;(#,##0)", 38: "#,##0 ;[Red](#,##0)", 39: "#,##0.00;(#,##0.00)",
                 40: "#,##0.00;[Red](#,##0.00)", 48: "##0.0E+0", 59: "[$-D000000]0", 60: "[$-D000000]0.00",
                 61: "[$-D000000]#,##0", 62: "[$-D000000]#,##0.00", 67: "[$-D000000]0%", 68: "[$-D000000]0.00%"}


def format_kind(number_format_id: int, custom: dict[int, str]) -> str | NumberFormat | None:
    """What a cell style's number format makes of a number: ``"date"`` (a date serial), a
    ``NumberFormat`` (which shows it otherwise than General: as a percentage, in thousands, in Thai
    digits; which section applies may depend on the value) or None (General).

    Only ``<numFmts>`` defines custom formats: a differential format (``<dxf>``)
    may reuse an id without changing what a cell shows.
    """
    code = custom.get(number_format_id)
    if code is None:
        if number_format_id in BUILTIN_DATES:
            return "date"
        code = BUILTIN_CODES.get(number_format_id)
        if code is None:
            return None
    shown = _number_format(code)
    if all(section.kind == "date" for section in shown.sections) and not shown.conditional:
        return "date"
    if len(shown.sections) == 1 and shown.sections[0].general and not shown.sections[0].thai \
            and not any(kind == "literal" for kind, _ in shown.sections[0].pieces):
        return None
    return shown


@lru_cache(maxsize=512)
def _number_format(code: str) -> NumberFormat:
    return NumberFormat(code)


def percent_points(value: float) -> float:
    """0.915 shown as 91.50 % is 91.5 points; computed in decimal so that no binary noise is added."""
    return float(Decimal(repr(float(value))) * 100)


def from_serial(value: float, epoch: dt.datetime) -> dt.datetime | dt.time | BadCell:
    """A date serial as a spreadsheet shows it (the 1900 system counts a 29 February 1900 that never was).

    The same arithmetic as openpyxl's ``from_excel``, so that both engines read a serial alike."""
    try:
        day, fraction = divmod(value, 1)
        time_part = dt.timedelta(milliseconds=round(fraction * 86_400_000))
        if 0 <= value < 1 and time_part.days == 0:
            return (dt.datetime.min + time_part).time()
        if 0 < value < 60 and epoch == WINDOWS_EPOCH:
            day += 1
        return epoch + dt.timedelta(days=day) + time_part
    except (OverflowError, ValueError):
        return BadCell(repr(value), "date")


def from_iso(text: str) -> dt.datetime | dt.date | dt.time | BadCell:
    """A ``t="d"`` cell: an ISO 8601 date, time or both."""
    match = _ISO.match(text)
    if not match or not any(match.groups()):
        return BadCell(text, "date")
    parts = {key: int(match.group(key) or 0) for key in ("year", "month", "day", "hour", "minute", "second")}
    micro = int(float(match.group("fraction")) * 1_000_000) if match.group("fraction") else 0
    try:
        if not match.group("date"):
            return dt.time(parts["hour"], parts["minute"], parts["second"], micro)
        if not match.group("time"):
            return dt.date(parts["year"], parts["month"], parts["day"])
        return dt.datetime(**parts, microsecond=micro)
    except ValueError:
        return BadCell(text, "date")


def number(text: str) -> int | float | BadCell:
    """A ``<v>`` of a numeric cell, cast as openpyxl casts it; NaN and infinities are not numbers
    a spreadsheet stores, and neither are what Python alone reads as one (``9_0``, other scripts'
    digits)."""
    try:
        value = float(text) if ("." in text or "e" in text or "E" in text) else int(text)
    except ValueError:
        return BadCell(text)
    if "_" in text or not text.isascii():
        return BadCell(text)
    return value if not isinstance(value, float) or math.isfinite(value) else BadCell(text)


def translate(formula: str, origin: str, cell: str) -> str:
    """A shared formula as it reads in ``cell``, moved from its master in ``origin`` (openpyxl's
    translator, imported only for this rare case: a dependant saved without a result)."""
    from openpyxl.formula.translate import Translator
    try:
        return Translator(formula, origin).translate_formula(cell)
    except Exception:  # an unparseable formula: show the master's
        return formula
