"""Thai digits, Buddhist-era years and dates: what clerks type, turned into numbers."""
from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata

THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
BE_OFFSET = 543
BUDDHIST_YEARS_FROM = 2400   # a year this high is a Buddhist one (2400 BE is 1857 CE; no ITA date is that early)
_TO_ARABIC = str.maketrans(THAI_DIGITS, "0123456789")
_TO_THAI = str.maketrans("0123456789", THAI_DIGITS)

MONTHS = (
    ("มกราคม", "ม.ค."), ("กุมภาพันธ์", "ก.พ."), ("มีนาคม", "มี.ค."), ("เมษายน", "เม.ย."),
    ("พฤษภาคม", "พ.ค."), ("มิถุนายน", "มิ.ย."), ("กรกฎาคม", "ก.ค."), ("สิงหาคม", "ส.ค."),
    ("กันยายน", "ก.ย."), ("ตุลาคม", "ต.ค."), ("พฤศจิกายน", "พ.ย."), ("ธันวาคม", "ธ.ค."),
)
_MONTH_NUMBER = {
    name.replace(".", ""): number
    for number, names in enumerate(MONTHS, start=1) for name in names
}
_SPACES = re.compile(r"\s+")
# zero-width characters, bidirectional marks and controls (LRM, RLM, ALM, embeddings, isolates) and the
# soft hyphen vanish; no-break spaces become spaces
_INVISIBLE = str.maketrans({**dict.fromkeys("\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f\u061c"
                                            "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"),
                            **dict.fromkeys("\u00a0\u2007\u202f", " ")})
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)%?")
_SARA_AM = re.compile("\u0e4d([\u0e48-\u0e4b]?)\u0e32")   # nikhahit + (tone mark) + sara aa


def normalise(text: str) -> str:
    """Thai text as other programs deliver it, made comparable: Unicode NFC, sara am typed as
    nikhahit + sara aa joined into one character, zero-width characters and bidirectional marks
    removed, no-break spaces made spaces."""
    text = unicodedata.normalize("NFC", text.translate(_INVISIBLE))
    return _SARA_AM.sub("\\1\u0e33", text) if "\u0e4d" in text else text


def to_arabic(text: str) -> str:
    return text.translate(_TO_ARABIC)


_CODE = re.compile(r"(?<=[A-Za-z])[0-9]+")      # the digits of a code such as O2, E11 or B5


def to_thai(text: str) -> str:
    """Thai digits, except in codes: ``O2`` stays ``O2`` (it is what the forms and ITAS print)."""
    if _CODE.search(text) is None:
        return text.translate(_TO_THAI)
    pieces, last = [], 0
    for found in _CODE.finditer(text):
        pieces += [text[last:found.start()].translate(_TO_THAI), found.group()]
        last = found.end()
    return "".join(pieces) + text[last:].translate(_TO_THAI)


def clean(text: str) -> str:
    """Normalised (see ``normalise``), Arabic digits, single spaces, no leading or trailing blanks."""
    return _SPACES.sub(" ", to_arabic(normalise(text))).strip()


def squeezed(text: str) -> str:
    """Text as compared by eye: ``clean``, then no spaces at all and no case (labels, levels, names)."""
    return "".join(clean(text).split()).casefold()


def parse_number(value) -> float | None:
    """A finite number from a cell: ``91.5``, ``"๙๑.๕๐"``, ``" 91.50 "``, ``"91.5%"``.

    Text is a number only when it is digits (Arabic or Thai) with at most one decimal point, a
    sign and a percent sign, spaces aside: not ``9_0`` or another script's digits, which Python
    alone would read. Returns None when the value is not a number; the caller says why it matters.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        number = float(value)
    elif isinstance(value, str):
        text = clean(value).replace(" ", "")
        if not _NUMBER.fullmatch(text):
            return None
        number = float(text.removesuffix("%"))
    else:
        return None
    return number if math.isfinite(number) else None


def parse_year(value) -> int | None:
    """A four-digit year from ``2565``, ``"๒๕๖๕"``, ``"พ.ศ. 2565"`` or ``2565.0``."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return value if 1000 <= value <= 9999 else None
    if isinstance(value, str):
        text = clean(value).replace(" ", "")
        text = re.sub(r"^(พ\.?ศ\.?|ปีงบประมาณ|ปี|FY|B\.?E\.?)", "", text, flags=re.IGNORECASE)
        if re.fullmatch(r"\d{4}", text):
            return int(text)
    return None


def parse_date(value) -> dt.date | None:
    """A date from a real date cell or from text such as ``"22 ก.ย. 2565"``, ``"๒๒ กันยายน ๒๕๖๕"``
    or ``"22/9/2565"``. Years from 2400 on are taken as Buddhist era."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        return None
    text = clean(value)
    named = re.fullmatch(r"(\d{1,2}) ?([^\d\s/]+) ?(\d{4})", text)
    numeric = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", text)
    if named:
        day, month_name, year = named.groups()
        month = _MONTH_NUMBER.get(month_name.replace(".", ""))
    elif numeric:
        day, month, year = numeric.groups()
    else:
        return None
    if month is None:
        return None
    year = int(year)
    if year >= BUDDHIST_YEARS_FROM:
        year -= BE_OFFSET
    try:
        return dt.date(year, int(month), int(day))
    except ValueError:
        return None


def be_date(date: dt.date, thai_digits: bool = True) -> str:
    """``22 กันยายน 2565`` (or with Thai digits) for prose and plain-text cells."""
    text = f"{date.day} {MONTHS[date.month - 1][0]} {date.year + BE_OFFSET}"
    return to_thai(text) if thai_digits else text


def pythainlp_read_only() -> None:
    """pythainlp (word segmentation, dictionary order) reads the data it ships with; unless told it is
    read-only it creates a ``~/pythainlp-data`` folder as it loads. Called before it is imported."""
    import os
    os.environ.setdefault("PYTHAINLP_READ_ONLY", "1")
