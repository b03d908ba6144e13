"""The fast engine's quick path: a worksheet or shared-strings part in the plain form that Excel,
LibreOffice, openpyxl and xlsxwriter write, matched piece by piece by regular expressions (in C)
instead of a Python callback for every element.

Expat calls back into Python for each element, and a filled template has some 1,600 of them in
its sheets: that was most of the time a province's batch took. Here each piece a reader needs
must start where the last one ended, so a part is either taken whole or refused with
``NotPlain``, and then ``fast`` reads it through expat, which knows every form XML allows.

A plain part is UTF-8 without control characters or carriage returns; its root, in the main
namespace as the default, follows the declaration at once (so no DTD can come before it);
``sheetData`` and ``mergeCells`` sit directly under it (every tag before them is counted, so a
comment, CDATA section or processing instruction there is not plain); and what is read is made
only of the elements a reader needs, unprefixed: rows, cells of ``f``, ``v`` and ``is``, strings
of ``t``, runs and phonetic guides. What is read is checked whole; the rest of a worksheet (page
set-up, validations) holds nothing the reader takes and is passed over. Nothing is expanded, so
no entity can grow. The differential tests read every odd workbook both ways.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from typing import NamedTuple
from operator import itemgetter

MAX_PART = 16 * 1024 * 1024       # bytes; a bigger part streams through expat in bounded memory
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


class NotPlain(Exception):
    """The part is not in the plain form: read it through expat instead."""


_ATTRIBUTES = r"""((?:\s+[^\s=<>/"']+\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*"""
_ATTRIBUTE = re.compile(r"""([^\s=<>/"']+)\s*=\s*(?:"([^"<]*)"|'([^'<]*)')""")
_DECLARATION = re.compile(r"<\?xml[^>]*\?>")
_ENCODING = re.compile(r"""encoding\s*=\s*["']([^"']*)["']""")
_NOT_XML = bytes(n for n in range(32) if n not in (9, 10))     # control characters, \r among them
_REFERENCE = re.compile(r"&(?:(lt|gt|amp|quot|apos)|#([0-9]{1,7})|#x([0-9A-Fa-f]{1,6}));")
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"', "apos": "'"}
_TAG = re.compile(r"<(/?)[^\s<>/!?]+" + _ATTRIBUTES + r"(/?)>")

# A cell's content cannot run past the next cell or row, so that a part with an unclosed cell is
# refused in time linear in its length.
_INSIDE_CELL = r"[^<]*(?:<(?!/c\s*>|/?row[\s/>]|c[\s/>])[^<]*)*"
_SHEET_PIECE = re.compile(
    r"\s*(?:<c" + _ATTRIBUTES + r"(?:/>|>(" + _INSIDE_CELL + r")</c\s*>)"    # 1 attributes, 2 content
    r"|<row" + _ATTRIBUTES + r"(/?)>"                                          # 3 attributes, 4 "/" when empty
    r"|(</row\s*>))")                                                          # 5
_COMMON_PIECE = re.compile(
    r'(\s*(?:<c r="([A-Z]{1,3}[1-9][0-9]{0,6})"(?: s="([0-9]{1,9})")?(?: t="([a-zA-Z]{1,9})")?'  # 1 all; 2-4 r s t
    r"(?: ?/>|><v>([^<&]*)</v></c>|>(" + _INSIDE_CELL + r")</c>)"              # 5 a plain value, 6 content
    r'|<row r="([0-9]{1,7})"((?: [A-Za-z0-9:]+="[^"<]*")*) ?(/?)>'             # 7 r, 8, 9 "/" when empty
    r"|(</row>)))")                                                              # 10
_BLANK = re.compile(r"\s*")
MAX_ODD_PIECES = 64
_CELL_CONTENT = re.compile(
    r"\s*(?:<f" + _ATTRIBUTES + r"(?:/>|>([^<]*)</f\s*>)\s*)?"                 # 1 attributes, 2 formula
    r"(?:<v\s*(?:/>|>([^<]*)</v\s*>)\s*)?"                                     # 3 value
    r"(?:<is\s*(?:/>|>(.*)</is\s*>)\s*)?", re.S)                               # 4 inline string
_SHARED_ITEM = re.compile(
    r"(\s*<si(?:><t>([^<&]*)</t></si>"                                           # 1 all, 2 plain text
    r"|\s*(?:/>|>([^<]*(?:<(?!/?si[\s/>])[^<]*)*)</si\s*>)))")                  # 3 any other content
_TEXT = r"<t" + _ATTRIBUTES + r"(?:/>|>([^<]*)</t\s*>)"
_TEXT_PIECE = re.compile(
    r"\s*(?:<r\s*>\s*(?:<rPr\s*(?:/>|>[^<]*(?:<(?!/rPr\s*>|/?r[\s/>])[^<]*)*</rPr\s*>)\s*)?"
    + _TEXT + r"\s*</r\s*>"                                                    # 1, 2: a run's text
    r"|" + _TEXT +                                                             # 3, 4: plain text
    r"|<rPh" + _ATTRIBUTES + r"(?:/>|>[^<]*(?:<(?!/rPh\s*>|/?rPh[\s/>])[^<]*)*</rPh\s*>)"  # 5: phonetic guide
    r"|<phoneticPr" + _ATTRIBUTES + r"/>)")                                    # 6
_MERGE_PIECE = re.compile(r"\s*<mergeCell" + _ATTRIBUTES + r"(?:/>|>\s*</mergeCell\s*>)")


def _text(raw: str) -> str:
    """Character data with XML's references undone; an unknown entity or a character XML does not
    allow is not plain (expat refuses it)."""
    if "&" not in raw:
        return raw
    if raw.count("&") != len(_REFERENCE.findall(raw)):
        raise NotPlain()
    return _REFERENCE.sub(_character, raw)


def _character(match: re.Match) -> str:
    if match.group(1):
        return _NAMED[match.group(1)]
    number = int(match.group(2)) if match.group(2) else int(match.group(3), 16)
    if not (number in (0x9, 0xA, 0xD) or 0x20 <= number <= 0xD7FF or 0xE000 <= number <= 0xFFFD
            or 0x10000 <= number <= 0x10FFFF):
        raise NotPlain()
    return chr(number)


def _attributes(text: str) -> dict[str, str]:
    """Unprefixed attributes, normalised as XML normalises them (white space to spaces, references
    undone); a prefixed one lives in another namespace and is not one the reader asks for."""
    found = {}
    for name, double, single in _ATTRIBUTE.findall(text):
        value = double or single
        if name == "xmlns":
            if value != MAIN:
                raise NotPlain()
        elif ":" not in name:
            found[name] = _text(value.replace("\t", " ").replace("\n", " "))
    return found


def _decoded(data: bytes, root: str) -> tuple[str, int]:
    """The part as text, and where the content of its root element ``root`` begins."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if len(data.translate(None, _NOT_XML)) != len(data) or b"\xef\xbf\xbe" in data or b"\xef\xbf\xbf" in data:
        raise NotPlain()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise NotPlain() from None
    start = 0
    declaration = _DECLARATION.match(text)
    if declaration:
        encoding = _ENCODING.search(declaration.group())
        if encoding and encoding.group(1).lower().replace("-", "").replace("_", "") != "utf8":
            raise NotPlain()
        start = declaration.end()
    opening = _opening(root).match(text, start)
    if opening is None or {name: double or single for name, double, single
                           in _ATTRIBUTE.findall(opening.group(1))}.get("xmlns") != MAIN:
        raise NotPlain()
    return text, opening.end()


@cache
def _opening(root: str) -> re.Pattern:
    return re.compile(r"\s*<" + root + _ATTRIBUTES + ">")


@cache
def _closing(tag: str) -> re.Pattern:
    return re.compile("</" + tag + r"\s*>")


@cache
def _element(tag: str) -> re.Pattern:
    return re.compile("<" + tag + _ATTRIBUTES + "(/?)>")


def _depth(text: str, start: int, end: int) -> int:
    """How far below where ``start`` is the text is at ``end``, counting the tags between."""
    count = depth = 0
    for match in _TAG.finditer(text, start, end):
        count += 1
        if match.group(1):
            depth -= 1
        elif not match.group(3):
            depth += 1
    if count != text.count("<", start, end):
        raise NotPlain()
    return depth


def _only(text: str, tag: str, start: int, after: int | None = None) -> tuple[int, int, int] | None:
    """Where the content of the only element ``tag`` begins and ends, and where the element ends
    (None when there is none). It must sit directly under the root: no tag is open between the
    root's content at ``start`` (or ``after``, the end of an element already checked) and it."""
    at = text.find("<" + tag, start)
    if at == -1:
        return None
    opening = _element(tag).match(text, at)
    if opening is None or text.find("<" + tag, at + 1) != -1:
        raise NotPlain()
    origin = after if after is not None and after <= at else start
    if _depth(text, origin, at) != 0:
        raise NotPlain()
    if opening.group(2):
        return opening.end(), opening.end(), opening.end()
    closing = _closing(tag).match(text, max(text.find("</" + tag, opening.end()), 0))
    if closing is None:
        raise NotPlain()
    return opening.end(), closing.start(), closing.end()


def _pieces(pattern: re.Pattern, text: str, start: int = 0, end: int | None = None):
    """Every match of ``pattern`` from ``start``, each where the last ended, up to ``end`` (white
    space aside); any gap is not plain."""
    end = len(text) if end is None else end
    at = start
    for match in pattern.finditer(text, start, end):
        if match.start() != at:
            raise NotPlain()
        at = match.end()
        yield match
    if text[at:end].strip():
        raise NotPlain()


def rich_text(content: str) -> str:
    """The text of a shared string or an inline string (``si``, ``is``): its ``t`` and its runs'
    ``t``, without phonetic guides, references undone (Excel's ``_xHHHH_`` escapes left to the caller)."""
    if content.startswith("<t>") and content.endswith("</t>") and "<" not in content[3:-4]:
        return _text(content[3:-4])
    pieces = []
    for match in _pieces(_TEXT_PIECE, content):
        attributes = match.group(1) if match.group(1) is not None else match.group(3)
        if attributes and "xmlns" in attributes:
            raise NotPlain()
        text = match.group(2) if match.group(2) is not None else match.group(4)
        if text:
            pieces.append(_text(text))
    return "".join(pieces)


def shared_strings(data: bytes) -> list[str]:
    """Each shared string as shown (``formats.unescape`` applied), or ``NotPlain``."""
    from .formats import unescape
    text, start = _decoded(data, "sst")
    end = text.rfind("</sst")
    if end < start or text[end:].rstrip() not in ("</sst>",):
        raise NotPlain()
    found = _SHARED_ITEM.findall(text, start, end)
    if sum(map(len, map(itemgetter(0), found))) != len(text[start:end].rstrip()):
        raise NotPlain()
    strings = []
    for _, plain, content in found:
        text = rich_text(content) if content else plain
        strings.append(unescape(text) if "_x" in text else text)
    return strings


class Sink(NamedTuple):
    """Where a worksheet's pieces go (``fast._cells`` makes one): each row's ``r`` to ``new_row`` (False:
    its cells are not read), each cell to ``add_cell(ref, style, kind, text, formula, formula_text,
    inline)``, and each merged range to ``merge``. ``add_values`` takes many cells at once, each
    ``(ref, style, kind, text)`` with a ``<v>`` and nothing else, all with an ``r``."""
    new_row: Callable[[str | None], bool]
    add_cell: Callable[..., None]
    add_values: Callable[[list[tuple[str, str | None, str, str]]], None]
    merge: Callable[[str], None]


def sheet(data: bytes, sink: Sink) -> None:
    """Hand each row, cell and merged range of a worksheet to ``sink``, or raise ``NotPlain``
    (perhaps after some were handed)."""
    text, start = _decoded(data, "worksheet")
    cells = _only(text, "sheetData", start)
    if cells is not None:
        _rows(text, cells[0], cells[1], sink)
    merged = _only(text, "mergeCells", start, cells[2] if cells else None)
    if merged is not None:
        for match in _pieces(_MERGE_PIECE, text, merged[0], merged[1]):
            sink.merge(_attributes(match.group(1)).get("ref", ""))


def _rows(text: str, start: int, end: int, sink: Sink) -> None:
    """The pieces of ``sheetData``. When every one is in the form every writer uses, they are all
    found at once by ``_COMMON_PIECE`` (their lengths adding up to the whole says none is missing);
    otherwise they are taken one by one, the odd ones (attributes in another order, quoted with ',
    spread over lines) by ``_SHEET_PIECE``."""
    found = _COMMON_PIECE.findall(text, start, end)
    if sum(map(len, map(itemgetter(0), found))) == end - start:
        _rows_found(found, sink)
    else:
        _rows_one_by_one(text, start, end, sink.new_row, sink.add_cell)


def _rows_found(found: list[tuple], sink: Sink) -> None:
    """``findall``'s pieces, where a group that took no part is "" (an absent ``s`` is style 0). Cells
    holding a value and nothing else go to ``add_values`` together, after the others: each has its
    own ``r``, so the order they are stored in changes nothing."""
    new_row, add_cell = sink.new_row, sink.add_cell
    values = []
    add_value = values.append
    in_row = reading = False
    for _, ref, style, kind, value, content, number, _, empty, closing in found:
        if ref:
            if not in_row:
                raise NotPlain()
            if reading:
                if content:
                    _cell(ref, style or None, kind or "n", content, add_cell)
                elif value:
                    add_value((ref, style or None, kind or "n", value))
                else:
                    add_cell(ref, style or None, kind or "n", "")
        elif closing:
            in_row = False
        else:
            if in_row:
                raise NotPlain()
            reading = new_row(number)
            in_row = not empty
    sink.add_values(values)


def _rows_one_by_one(text: str, start: int, end: int, new_row, add_cell) -> None:
    """A part with many odd pieces goes to expat, so that a restarted search cannot cost quadratic time."""
    in_row = reading = False
    at, odd = start, 0
    while True:
        for match in _COMMON_PIECE.finditer(text, at, end):
            if match.start() != at:
                break
            at = match.end()
            _, ref, style, kind, value, content, number, _, empty, closing = match.groups()
            if ref is not None:
                if not in_row:
                    raise NotPlain()
                if reading:
                    if content:
                        _cell(ref, style, kind or "n", content, add_cell)
                    else:
                        add_cell(ref, style, kind or "n", value or "")
            elif closing is not None:
                in_row = False
            else:
                if in_row:
                    raise NotPlain()
                reading = new_row(number)
                in_row = not empty
        if _BLANK.match(text, at, end).end() == end:
            return
        match = _SHEET_PIECE.match(text, at, end)
        odd += 1
        if match is None or odd > MAX_ODD_PIECES:
            raise NotPlain()
        at = match.end()
        attributes, content = match.group(1), match.group(2)
        if attributes is not None:
            if not in_row:
                raise NotPlain()
            if reading:
                attrs = _attributes(attributes)
                _cell(attrs.get("r"), attrs.get("s"), attrs.get("t", "n"), content, add_cell)
        elif match.group(5):
            in_row = False
        else:
            if in_row:
                raise NotPlain()
            reading = new_row(_attributes(match.group(3)).get("r"))
            in_row = not match.group(4)


def _cell(ref: str | None, style: str | None, kind: str, content: str | None, add_cell) -> None:
    if not content:
        add_cell(ref, style, kind, "")
        return
    parts = _CELL_CONTENT.fullmatch(content)
    if parts is None:
        raise NotPlain()
    formula_attributes, formula, value, inline = parts.groups()
    formula_attrs = None if formula_attributes is None else _attributes(formula_attributes)
    add_cell(ref, style, kind, _text(value or ""), formula_attrs, _text(formula or ""),
             None if inline is None else rich_text(inline))
