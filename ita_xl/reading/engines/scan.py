"""The fast engine's quick path: the rows of a worksheet and the items of the shared strings, in the
plain form that Excel, LibreOffice, openpyxl and xlsxwriter write, matched piece by piece by
regular expressions (in C) instead of a Python callback for every element.

Expat calls back into Python for each element, and a filled template has some 1,600 of them in its
sheets: that was most of the time a province's batch took. The quick path splits a part in two:

* the content of its one ``sheetData`` (or of the ``sst`` root) is matched here, every piece where
  the last one ended, in a grammar that is a strict part of XML: rows, cells of ``f``, ``v`` and
  ``is``, strings of ``t``, runs and phonetic guides, unprefixed, white space as XML has it,
  references and attributes checked as expat checks them;
* everything else, with that content cut out (``Located.outside``), is a small document that ``fast``
  parses with expat after all, without a callback per element: so it is well-formed, its DTD
  refused and its prefixes bound. The few tags before the element read (and before ``mergeCells``)
  are then counted here, to confirm that it is the one ``sheetData`` of the main namespace.

A part that does not fit raises ``NotPlain`` and is read whole through expat, as every part was
before. Each piece is matched where it stands, never searched for, so time is linear in the part.
The pieces of a part are held at once (up to some 25 times its size), so a part above ``MAX_PART``
streams through expat in bounded memory instead. The differential tests read every odd workbook
through both paths.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from operator import itemgetter
from typing import NamedTuple

MAX_PART = 2 * 1024 * 1024        # bytes; a bigger part streams through expat in bounded memory
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
XML_NAMESPACE = "http://www.w3.org/XML/1998/namespace"


class NotPlain(Exception):
    """The part is not in the plain form: read it through expat instead."""


class Located(NamedTuple):
    """A part split for the quick path: its bytes (``data``, without a byte-order mark), the element read
    (``tag``), where that element begins, where its content begins and ends and where the element ends
    (offsets in ``data``), and its ``content`` decoded."""
    data: bytes
    tag: str
    opening: int
    start: int
    end: int
    closing: int
    content: str

    @property
    def outside(self) -> bytes:
        """The part with the content cut out: what ``fast`` parses with expat."""
        return self.data[:self.start] + self.data[self.end:]


class Sink(NamedTuple):
    """Where a worksheet's pieces go (``fast._cells`` makes one): each row's ``r`` to ``new_row`` (False:
    its cells are not read), each cell to ``add_cell(ref, style, kind, text, formula, formula_text,
    inline)``, and each merged range to ``merge``."""
    new_row: Callable[[str | None], bool]
    add_cell: Callable[..., None]
    merge: Callable[[str], None]


_S = "[ \t\n]"                    # XML's white space (a carriage return is refused with the control characters)
_NAME = "[A-Za-z_][A-Za-z0-9_.-]*(?::[A-Za-z_][A-Za-z0-9_.-]*)?"
_ATTRIBUTES = rf"""((?:{_S}+{_NAME}{_S}*={_S}*(?:"[^"<]*"|'[^'<]*'))*){_S}*"""
_ATTRIBUTE = re.compile(rf"""({_NAME}){_S}*={_S}*(?:"([^"<]*)"|'([^'<]*)')""")
_DECLARATION = re.compile(rf"<\?xml{_S}[^>]*\?>".encode())
_ENCODING = re.compile(rb"""encoding\s*=\s*["']([^"']*)["']""")
_NOT_XML = bytes(n for n in range(32) if n not in (9, 10))     # control characters, \r among them
_REFERENCE = re.compile(r"&(?:(lt|gt|amp|quot|apos)|#([0-9]{1,7})|#x([0-9A-Fa-f]{1,6}));")
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"', "apos": "'"}
_BLANK = re.compile(f"{_S}*")
_WHOLE = itemgetter(0)            # a piece as findall gives it: the whole match first

# A row or a cell in the form every writer uses: attributes r, s, t in that order, a value and
# nothing else, or other content (group 6) for ``_CELL_CONTENT``. A cell's content cannot run past
# the next cell or row, so that an unclosed cell costs time linear in the part.
_INSIDE_CELL = rf"[^<]*(?:<(?!/c{_S}*>|/?row[ \t\n/>]|c[ \t\n/>])[^<]*)*"
_COMMON_PIECE = re.compile(
    r'((?:<c r="([A-Z]{1,3}[1-9][0-9]{0,6})"(?: s="([0-9]{1,9})")?(?: t="([a-zA-Z]{1,9})")?'  # 1 all; 2-4 r s t
    rf"(?:{_S}*/>|><v>([^<&]*)</v></c>|>({_INSIDE_CELL})</c>)"                 # 5 a plain value, 6 content
    rf'|<row r="([0-9]{{1,7}})"((?: {_NAME}="[^"<&]*")*){_S}*(/?)>'            # 7 r, 8 the rest, 9 "/" when empty
    rf"|(</row>)){_S}*)")                                                      # 10
_SHEET_PIECE = re.compile(
    rf"(?:<c{_ATTRIBUTES}(?:/>|>({_INSIDE_CELL})</c{_S}*>)"                   # 1 attributes, 2 content
    rf"|<row{_ATTRIBUTES}(/?)>"                                                # 3 attributes, 4 "/" when empty
    rf"|(</row{_S}*>)){_S}*")                                                  # 5
_CELL_CONTENT = re.compile(
    rf"{_S}*(?:<f{_ATTRIBUTES}(?:/>|>([^<]*)</f{_S}*>){_S}*)?"                 # 1 attributes, 2 formula
    rf"(?:<v{_S}*(?:/>|>([^<]*)</v{_S}*>){_S}*)?"                              # 3 value
    rf"(<is{_S}*(?:/>|>(.*)</is{_S}*>){_S}*)?", re.S)                          # 4 an inline string, 5 its content
_SHARED_ITEM = re.compile(
    rf"(<si(?:><t>([^<&]*)</t></si>"                                           # 1 all, 2 a plain text
    rf"|{_S}*(?:/>|>([^<]*(?:<(?!/?si[ \t\n/>])[^<]*)*)</si{_S}*>)){_S}*)")    # 3 any other content
_TEXT = rf"<t{_ATTRIBUTES}(?:/>|>([^<]*)</t{_S}*>)"
_TEXT_PIECE = re.compile(
    rf"(?:<r{_S}*>{_S}*(?:<rPr{_S}*(?:/>|>((?:{_S}*<[A-Za-z][A-Za-z0-9]*{_ATTRIBUTES}/>)*){_S}*</rPr{_S}*>)"
    rf"{_S}*)?{_TEXT}{_S}*</r{_S}*>"                      # 1 run properties, 2 (its last attributes), 3-4 text
    rf"|{_TEXT}"                                          # 5-6 text
    rf"|<rPh{_ATTRIBUTES}(?:/>|>{_S}*{_TEXT}{_S}*</rPh{_S}*>)"   # 7 attributes, 8-9 the guide, not shown
    rf"|<phoneticPr{_ATTRIBUTES}/>){_S}*")                # 10
_EMPTY_ELEMENT = re.compile(rf"{_S}*<[A-Za-z][A-Za-z0-9]*{_ATTRIBUTES}/>")
_MERGE_PIECE = re.compile(rf"<mergeCell{_ATTRIBUTES}(?:/>|>{_S}*</mergeCell{_S}*>){_S}*")
# Anything of a well-formed document: comments, CDATA sections, processing instructions, a DTD (which
# ``fast`` refuses), tags (1 "/" when closing, 2 the attributes, 3 "/" when empty) and text.
_TOKEN = re.compile(rf"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>|<!DOCTYPE[^>]*>"
                    rf"|<(/?){_NAME}{_ATTRIBUTES}(/?)>|[^<]+", re.S)


def locate(data: bytes, tag: str) -> Located:
    """The part split around the content of its one element ``tag`` (its root too, for ``sst``)."""
    if len(data.translate(None, _NOT_XML)) != len(data) or b"\xef\xbf\xbe" in data or b"\xef\xbf\xbf" in data:
        raise NotPlain()
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    declaration = _DECLARATION.match(data)
    if declaration:
        encoding = _ENCODING.search(declaration.group())
        if encoding and encoding.group(1).lower() != b"utf-8":
            raise NotPlain()             # expat knows UTF-8 by that name only; other spellings are not it
    name = tag.encode()
    opening = _opening_bytes(tag).match(data, max(data.find(b"<" + name), 0))
    if opening is None or opening.group(2):
        raise NotPlain()                 # none, or empty (expat reads a small part at once)
    closing = data.find(b"</" + name, opening.end())
    end = _closing_bytes(tag).match(data, closing) if closing != -1 else None
    if end is None or data.find(b"]]>", opening.end(), closing) != -1:
        raise NotPlain()
    content = _decoded(data[opening.end():closing])
    return Located(data, tag, opening.start(), opening.end(), closing, end.end(), content)


def _decoded(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise NotPlain() from None


@cache
def _opening_bytes(tag: str) -> re.Pattern:
    return re.compile(f"<{tag}{_ATTRIBUTES}(/?)>".encode())


@cache
def _closing_bytes(tag: str) -> re.Pattern:
    return re.compile(f"</{tag}{_S}*>".encode())


def placed(located: Located, depth: int) -> dict[str, str]:
    """The prefixes the root declares (prefix -> namespace), once the part is known to be well-formed
    (``fast`` has parsed ``outside``), and the element read known to be the one expat would read: at
    ``depth`` (1 for the root), unprefixed in the main namespace, named nowhere else in the part."""
    data, tag = located.data, located.tag
    name = tag.encode()
    if data.count(name, 0, located.start) != 1 or data.count(name, located.end) != 1:
        raise NotPlain()                 # another element of that name, prefixed, or in a comment
    text = _decoded(data[:located.opening])
    root: dict[str, str] | None = None
    level = at = 0
    for token in _TOKEN.finditer(text):
        if token.start() != at:
            raise NotPlain()
        at = token.end()
        closing, attributes, empty = token.group(1), token.group(2), token.group(3)
        if attributes is None:
            continue
        if closing:
            level -= 1
        else:
            if root is None:
                root = _raw_attributes(attributes)
            level += not empty
    own = _opening(tag).fullmatch(_decoded(data[located.opening:located.start]))
    if own is None or at != len(text) or level != depth - 1:
        raise NotPlain()
    if depth > 1 and _declares(own.group(1)):
        raise NotPlain()                 # a namespace of its own
    if depth == 1:
        root = _raw_attributes(own.group(1))
    if root is None or root.get("xmlns") != MAIN:
        raise NotPlain()
    return {"xml": XML_NAMESPACE} | {name[6:]: uri for name, uri in root.items() if name.startswith("xmlns:")}


def _raw_attributes(text: str) -> dict[str, str]:
    """Every attribute, prefixed or not, its value normalised as expat normalises it (namespaces
    are compared so)."""
    return {name: _text((double or single).replace("\t", " ").replace("\n", " "))
            for name, double, single in _ATTRIBUTE.findall(text)}


def _declares(attributes: str) -> bool:
    """Whether an element's attributes declare a namespace."""
    return any(name == "xmlns" or name.startswith("xmlns:") for name, _, _ in _ATTRIBUTE.findall(attributes))


def merged_ranges(located: Located, prefixes: dict[str, str]) -> list[str]:
    """The ``ref`` of each ``mergeCell`` of the worksheet's ``mergeCells``, which must sit directly under
    the root after ``sheetData`` (as the schema orders them), unprefixed and plain."""
    data = located.data
    count = data.count(b"mergeCells", located.closing)
    if data.count(b"mergeCells", 0, located.opening):
        raise NotPlain()
    if count == 0:
        return []
    text = _decoded(data[located.closing:])
    merges = _opening("mergeCells").search(text)
    if count != 2 or merges is None or merges.group(2) or _declares(merges.group(1)):
        raise NotPlain()
    level = at = 0
    for token in _TOKEN.finditer(text, 0, merges.start()):
        if token.start() != at:
            raise NotPlain()
        at = token.end()
        if token.group(2) is not None:
            level += -1 if token.group(1) else not token.group(3)
    end = text.find("</mergeCells", merges.end())
    if at != merges.start() or level != 0 or _closing("mergeCells").match(text, end) is None:
        raise NotPlain()
    found = []
    at = _BLANK.match(text, merges.end(), end).end()
    while at < end:
        piece = _MERGE_PIECE.match(text, at, end)
        if piece is None:
            raise NotPlain()
        found.append(_attributes(piece.group(1), prefixes).get("ref", ""))
        at = piece.end()
    return found


@cache
def _opening(tag: str) -> re.Pattern:
    return re.compile(f"<{tag}{_ATTRIBUTES}(/?)>")


@cache
def _closing(tag: str) -> re.Pattern:
    return re.compile(f"</{tag}{_S}*>")


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


def _attributes(text: str, prefixes: dict[str, str]) -> dict[str, str]:
    """Unprefixed attributes, normalised as XML normalises them (white space to spaces, references
    undone). A prefixed one lives in another namespace and is not one the reader asks for, but its
    prefix must be one the root declares (``prefixes``: prefix -> namespace) and no attribute may come
    twice; a namespace declared here is not plain."""
    found: dict[str, str] = {}
    seen: set[tuple[str, str]] = set()
    for name, double, single in _ATTRIBUTE.findall(text):
        prefix, _, local = name.rpartition(":")
        if name == "xmlns" or prefix == "xmlns" or (prefix and prefix not in prefixes):
            raise NotPlain()
        key = (prefixes[prefix] if prefix else "", local)
        if key in seen:
            raise NotPlain()
        seen.add(key)
        value = _text((double or single).replace("\t", " ").replace("\n", " "))
        if not prefix:
            found[name] = value
    return found


def _checked(text: str, prefixes: dict[str, str]) -> None:
    if text:
        _attributes(text, prefixes)


def rows(located: Located, sink: Sink, prefixes: dict[str, str]) -> None:
    """Hand each row and cell of the ``sheetData`` content to ``sink``, or raise ``NotPlain`` (perhaps
    after some were handed). When every piece is in the form every writer uses, they are all found
    at once (their lengths adding up to the whole says none is missing); otherwise they are matched
    one by one where they stand."""
    text = located.content
    start, end = _BLANK.match(text).end(), len(text)
    found = _COMMON_PIECE.findall(text, start, end)
    if sum(map(len, map(_WHOLE, found))) == end - start:
        _rows_found(found, sink, prefixes)
    else:
        _rows_one_by_one(text, start, end, sink, prefixes)


class _Rows:
    """Rows open and close in turn: a cell outside a row, a row inside a row or a row left open is
    not plain. ``reading`` says whether the open row's cells are read (``Sink.new_row``)."""

    def __init__(self, new_row):
        self.new_row, self.open, self.reading = new_row, False, False

    def start(self, number: str | None, empty: str) -> None:
        if self.open:
            raise NotPlain()
        self.reading = self.new_row(number)
        self.open = not empty

    def close(self) -> None:
        if not self.open:
            raise NotPlain()
        self.open = False

    def finish(self) -> None:
        if self.open:
            raise NotPlain()

    def cell(self) -> bool:
        """Whether a cell here is read."""
        if not self.open:
            raise NotPlain()
        return self.reading


def _rows_found(found: list[tuple], sink: Sink, prefixes: dict[str, str]) -> None:
    """``findall``'s pieces, where a group that took no part is "" (an absent ``s`` is style 0)."""
    add_cell, rows = sink.add_cell, _Rows(sink.new_row)
    plain_rows: set[str] = set()                 # row attributes already checked: rows repeat them
    for _, ref, style, kind, value, content, number, rest, empty, closing in found:
        if ref:
            if rows.cell():
                if content:
                    _cell(ref, style or None, kind or "n", content, add_cell, prefixes)
                else:
                    add_cell(ref, style or None, kind or "n", value)
        elif closing:
            rows.close()
        else:
            if rest and rest not in plain_rows:
                if "r" in _attributes(rest, prefixes):
                    raise NotPlain()
                plain_rows.add(rest)
            rows.start(number, empty)
    rows.finish()


def _rows_one_by_one(text: str, start: int, end: int, sink: Sink, prefixes: dict[str, str]) -> None:
    rows = _Rows(sink.new_row)
    at = start
    while at < end:
        match = _SHEET_PIECE.match(text, at, end)
        if match is None:
            raise NotPlain()
        at = match.end()
        attributes, content = match.group(1), match.group(2)
        if attributes is not None:
            attrs = _attributes(attributes, prefixes)
            if rows.cell():
                _cell(attrs.get("r"), attrs.get("s"), attrs.get("t", "n"), content, sink.add_cell, prefixes)
        elif match.group(5):
            rows.close()
        else:
            rows.start(_attributes(match.group(3), prefixes).get("r"), match.group(4))
    rows.finish()


def _cell(ref: str | None, style: str | None, kind: str, content: str | None, add_cell,
          prefixes: dict[str, str]) -> None:
    if not content:
        add_cell(ref, style, kind, "")
        return
    parts = _CELL_CONTENT.fullmatch(content)
    if parts is None:
        raise NotPlain()
    formula_attributes, formula, value, inline, inline_content = parts.groups()
    formula_attrs = None if formula_attributes is None else _attributes(formula_attributes, prefixes)
    add_cell(ref, style, kind, _text(value or ""), formula_attrs, _text(formula or ""),
             None if inline is None else rich_text(inline_content or "", prefixes))


def rich_text(content: str, prefixes: dict[str, str]) -> str:
    """The text of a shared string or an inline string (``si``, ``is``): its ``t`` and its runs'
    ``t``, without phonetic guides, references undone (Excel's ``_xHHHH_`` escapes left to the caller)."""
    if content.startswith("<t>") and content.endswith("</t>") and "<" not in content[3:-4]:
        return _text(content[3:-4])
    pieces = []
    at, end = _BLANK.match(content).end(), len(content)
    while at < end:
        match = _TEXT_PIECE.match(content, at)
        if match is None:
            raise NotPlain()
        at = match.end()
        (properties, _, run_attributes, run_text, attributes, text, guide_attributes, guide_text_attributes,
         guide_text, phonetic_attributes) = match.groups()
        if properties:
            _empty_elements(properties, prefixes)
        for checked in (run_attributes, attributes, guide_attributes, guide_text_attributes, phonetic_attributes):
            _checked(checked, prefixes)
        _text(guide_text or "")
        shown = run_text if run_text is not None else text
        if shown:
            pieces.append(_text(shown))
    return "".join(pieces)


def _empty_elements(text: str, prefixes: dict[str, str]) -> None:
    """Run properties (``<b/>``, ``<sz val="11"/>`` ...): nothing read, but as well-formed as expat needs."""
    at, end = 0, len(text)
    while at < end:
        match = _EMPTY_ELEMENT.match(text, at)
        if match is None:
            if _BLANK.match(text, at).end() == end:
                return
            raise NotPlain()
        _checked(match.group(1), prefixes)
        at = match.end()


def shared_strings(located: Located, prefixes: dict[str, str]) -> list[str]:
    """Each shared string of the ``sst`` content as shown (``formats.unescape`` applied), or ``NotPlain``."""
    from .formats import unescape
    text = located.content
    start, end = _BLANK.match(text).end(), len(text)
    found = _SHARED_ITEM.findall(text, start, end)
    if sum(map(len, map(_WHOLE, found))) != end - start:
        raise NotPlain()
    strings = []
    for _, plain, content in found:
        shown = rich_text(content, prefixes) if content else plain
        strings.append(unescape(shown) if "_x" in shown else shown)
    return strings
