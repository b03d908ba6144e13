"""A number format code as Excel applies it: which of its sections shows a value, what kind of value
that section shows (a date, a percentage, a number) and the text it shows.

A code has up to four sections separated by ``;``: without conditions the first shows positive
numbers, the second negative ones, the third zero (``0.00;-0.00;"-"``); with conditions
(``[<=1]0.00%;0.00``) the first section whose condition holds shows the value, else the last of
the number sections. So the kind of a cell depends on its value as well as its style: under
``[<=1]0.00%;0.00`` Excel shows 0.8933 as 89.33 % and 89.33 as 89.33. Text fields take the text a
section shows (``0%``: "85%", ``#,##0``: "1,500,000"); a form of code this module does not draw
(scientific, fractions) leaves the caller to show the number plainly.
"""
from __future__ import annotations

import operator
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from ...thai import to_thai

_TOKENS = re.compile(r'"[^"]*"|\\.|_.|\*.|\[[^\]]*\]|[^"\\_*\[]', re.S)   # one piece of a section
_CONDITION = re.compile(r"\[(<=|>=|<>|<|>|=)\s*(-?[0-9.]+(?:[eE][-+]?[0-9]+)?)\]")
_DATE_LETTERS = re.compile(r"[dmhysDMHYS]|[วดปชนท]")    # Thai Excel spells d m y h m s in Thai
_COMPARE = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge, "=": operator.eq,
            "<>": operator.ne}
_THAI_DIGITS = 0x0D            # the digit-system byte of a [$-D00041E] locale: Thai digits
_ELAPSED = re.compile(r"\[(?:h+|m+|s+)\]", re.I)
VARIES = "varies"              # ``NumberFormat.fixed`` when the kind depends on the value's section


class FormatSection:
    """One section of a code: its condition, the pieces it is drawn from and what kind of value it shows."""

    __slots__ = ("condition", "pieces", "kind", "thai", "general")

    def __init__(self, text: str):
        self.condition = None
        self.thai = False
        pieces = []
        for piece in _TOKENS.findall(text):
            condition = _CONDITION.fullmatch(piece)
            if condition:
                self.condition = (_COMPARE[condition.group(1)], float(condition.group(2)))
            elif piece.startswith("[$") and "-" in piece:
                self.thai |= _thai_locale(piece)
                symbol = piece[2:piece.index("-")]
                if symbol:
                    pieces.append(("literal", symbol))
            elif _ELAPSED.fullmatch(piece):
                pieces.append(("date", piece))
            elif piece.startswith("["):
                continue                                   # a colour
            else:
                pieces.append(_piece(piece))
        self.pieces = pieces
        codes = "".join(text for kind, text in pieces if kind == "code")
        self.general = codes.lower().startswith("general") or not codes.strip()
        if any(kind == "date" for kind, _ in pieces) or _DATE_LETTERS.search(_without_general(codes)):
            self.kind = "date"
        elif "%" in codes:
            self.kind = "percent"
        else:
            self.kind = None

    def holds(self, value: float) -> bool:
        return self.condition is not None and self.condition[0](value, self.condition[1])


def _thai_locale(piece: str) -> bool:
    """Whether ``[$-D00041E]`` (or ``[$฿-D00041E]``) asks for Thai digits: its top byte says so."""
    try:
        return int(piece[piece.index("-") + 1:-1], 16) >> 24 == _THAI_DIGITS
    except ValueError:
        return False


def _without_general(codes: str) -> str:
    return re.sub("general", "", codes, flags=re.I)


def _piece(piece: str) -> tuple[str, str]:
    if piece.startswith('"'):
        return "literal", piece[1:-1]
    if piece.startswith("\\"):
        return "literal", piece[1:]
    if piece.startswith("_"):
        return "literal", " "                   # room as wide as the character: a space in text
    if piece.startswith("*"):
        return "literal", ""                    # a fill: nothing in text
    return "code", piece


def split(code: str) -> list[str]:
    """The sections of a code: ``;`` outside quotes, escapes and brackets."""
    sections, current = [], []
    for piece in _TOKENS.findall(code):
        if piece == ";":
            sections.append("".join(current))
            current = []
        else:
            current.append(piece)
    return sections + ["".join(current)]


class NumberFormat:
    """A cell style's number format, where it shows something other than Excel's General."""

    __slots__ = ("code", "sections", "conditional", "fixed")

    def __init__(self, code: str):
        self.code = code
        sections = [FormatSection(text) for text in split(code)]
        if len(sections) > 1 and ("code", "@") in sections[-1].pieces:
            sections = sections[:-1]                   # the text section shows no number
        self.sections = sections[:3] or [FormatSection("General")]
        self.conditional = any(section.condition for section in self.sections[:2])
        kinds = {section.kind for section in self.sections}
        # what every value is shown as, when that does not depend on the value (read for each cell)
        self.fixed = kinds.pop() if len(kinds) == 1 and not self.conditional else VARIES

    def section(self, value: float) -> tuple[FormatSection, bool]:
        """The section that shows ``value``, and whether it shows the value's sign itself."""
        first, *rest = self.sections
        if self.conditional:
            second = rest[0] if rest else first
            if first.holds(value):
                return first, False
            if len(rest) and second.holds(value):
                return second, True
            both = first.condition is not None and second.condition is not None
            return (self.sections[2] if both and len(self.sections) > 2 else rest[0] if rest else first), True
        if value < 0 and rest:
            return rest[0], True
        if value == 0 and len(rest) > 1:
            return rest[1], True
        return first, False

    def kind_of(self, value: float) -> str | None:
        """"date", "percent" or None: what the section that shows ``value`` makes of it."""
        return self.section(value)[0].kind if self.fixed is VARIES else self.fixed

    def text(self, value: float) -> str | None:
        """``value`` as the code shows it, or None for a form drawn here no further (the caller shows
        the number plainly)."""
        section, signed = self.section(value)
        if section.kind == "date":
            return None
        if section.general:
            shown = general(abs(value) if signed else value)
            drawn = re.sub("(?i)general", lambda _: shown, "".join(text for _, text in section.pieces), count=1)
            return _digits(drawn or shown, section.thai)
        drawn = _draw(section.pieces, abs(value) if signed else value)
        return None if drawn is None else _digits(drawn, section.thai)


def general(value: float) -> str:
    """A number as Excel's General shows it: up to 15 significant digits, no binary noise."""
    if isinstance(value, int) or float(value).is_integer() and abs(value) < 1e15:
        return str(int(value))
    return format(value, ".15g").replace("e+", "E+").replace("e-", "E-")


def _digits(text: str, thai: bool) -> str:
    return to_thai(text) if thai else text


def _draw(pieces: list[tuple[str, str]], value: float) -> str | None:
    """The pieces with the number drawn into their digit placeholders (``0 # ? , . %``)."""
    codes = "".join(text for kind, text in pieces if kind == "code")
    if re.search(r"[eE][-+]|/|@", codes):
        return None                                    # scientific, fractions, text: not drawn here
    placeholders = [text for kind, text in pieces if kind == "code" and text in "0#?.,%"]
    point = placeholders.index(".") if "." in placeholders else len(placeholders)
    whole, decimals = placeholders[:point], [p for p in placeholders[point + 1:] if p in "0#?"]
    last_digit = max((n for n, p in enumerate(whole) if p in "0#?"), default=-1)
    final = max((n for n, p in enumerate(placeholders) if p in "0#?"), default=-1)
    scale = 100 ** placeholders.count("%") / 1000 ** placeholders[final + 1:].count(",")   # "0.0," is thousands
    grouped = "," in whole[:last_digit + 1]
    try:
        number = (Decimal(repr(float(value))) * Decimal(repr(scale))).quantize(
            Decimal(1).scaleb(-len(decimals)), rounding=ROUND_HALF_UP)
    except InvalidOperation:
        return None
    sign = "-" if number < 0 else ""
    integer, _, fraction = f"{abs(number):f}".partition(".")
    integer = _whole_digits(integer, whole[:last_digit + 1], grouped)
    fraction = _fraction_digits(fraction, decimals)
    return sign + _assemble(pieces, integer, fraction, point < len(placeholders))


def _whole_digits(digits: str, whole: list[str], grouped: bool) -> str:
    required = sum(1 for p in whole if p == "0")
    spaces = sum(1 for p in whole if p == "?")
    digits = digits.lstrip("0")
    if len(digits) < required:
        digits = digits.rjust(required, "0")
    if grouped and digits:
        digits = f"{int(digits):,}"
    return digits.rjust(required + spaces) if spaces else digits


def _fraction_digits(digits: str, decimals: list[str]) -> str:
    digits = digits.ljust(len(decimals), "0")[:len(decimals)]
    shown = list(digits)
    for n in range(len(decimals) - 1, -1, -1):
        if shown[n] != "0" or decimals[n] == "0":
            break
        shown[n] = " " if decimals[n] == "?" else ""
    return "".join(shown)


def _assemble(pieces: list[tuple[str, str]], integer: str, fraction: str, has_point: bool) -> str:
    """The literals in place and the number where its first placeholder stands."""
    out, placed = [], False
    for kind, text in pieces:
        if kind == "literal" or text not in "0#?.,%":
            out.append(text)
        elif text == "%":
            out.append("%")
        elif not placed:
            out.append(integer + ("." + fraction if has_point else ""))
            placed = True
    return "".join(out)
