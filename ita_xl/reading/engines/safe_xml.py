"""XML from files of anywhere, parsed on the standard library's C parser (expat) with what a
workbook may not hold refused: a DOCTYPE, and so any entity declaration (ECMA-376 Part 2, M1.18;
defusedxml's ``forbid_dtd``), and elements nested deeper than ``MAX_DEPTH``, which no workbook
comes near and which would let a streamed part grow expat's stack without bound. Parts are
inflated against a budget shared by the whole workbook, whatever the zip's headers declare.
"""
from __future__ import annotations

import contextlib
import zipfile
from pyexpat import ExpatError, ParserCreate

from .cells import NestedTooDeep, UnsafeXml, WorkbookTooBig

MAX_DEPTH = 256      # as XmlLite's default, the XML reader of Windows; an Excel workbook nests some 10 deep
CHUNK = 1 << 16


def refuse(*_) -> None:
    raise UnsafeXml()


class Handler:
    """Expat callbacks that keep the path of open elements and refuse deep nesting."""

    def __init__(self):
        self.stack: list[str] = []

    def start(self, tag: str, attrs: dict) -> None:
        self.stack.append(tag)
        if len(self.stack) > MAX_DEPTH:
            raise NestedTooDeep()

    def end(self, tag: str) -> None:
        self.stack.pop()


def parser(start, end, text=None):
    made = ParserCreate(namespace_separator="}")
    made.buffer_text = True
    made.StartDoctypeDeclHandler = made.EntityDeclHandler = refuse
    made.StartElementHandler, made.EndElementHandler = start, end
    if text is not None:
        made.CharacterDataHandler = text
    return made


def parse(archive: zipfile.ZipFile, name: str, budget: list[int], start, end, text=None) -> None:
    """Stream part ``name`` through expat, inflating no more than the budget left."""
    made = parser(start, end, text)
    with archive.open(name) as stream:
        while chunk := stream.read(CHUNK):
            budget[0] -= len(chunk)
            if budget[0] < 0:
                raise WorkbookTooBig()
            made.Parse(chunk, False)
        made.Parse(b"", True)


def parse_bytes(data: bytes, callbacks) -> None:
    parser(*callbacks).Parse(data, True)


def inflate(archive: zipfile.ZipFile, name: str, budget: list[int]) -> bytes:
    """Part ``name`` whole, inflating no more than the budget left (in one read: the stream stops
    at the member's end, or one byte past the budget)."""
    with archive.open(name) as stream:
        data = stream.read(budget[0] + 1)
    budget[0] -= len(data)
    if budget[0] < 0:
        raise WorkbookTooBig()
    return data


class Elements(Handler):
    """The attributes of every element with one of the given tags (the small parts: workbook, relationships)."""

    def __init__(self, tags: tuple[str, ...]):
        super().__init__()
        self.found: dict[str, list[dict]] = {tag: [] for tag in tags}

    def start(self, tag, attrs):
        super().start(tag, attrs)
        if tag in self.found:
            self.found[tag].append(attrs)


def elements(data: bytes, *tags: str) -> dict[str, list[dict]]:
    handler = Elements(tags)
    parse_bytes(data, (handler.start, handler.end))
    return handler.found


def check(data: bytes) -> None:
    """``UnsafeXml`` or ``NestedTooDeep`` for what a workbook may not hold, ``ExpatError`` for what is
    not XML; nothing is kept. (The reference engine checks the parts it hands openpyxl so.)"""
    handler = Handler()
    parse_bytes(data, (handler.start, handler.end))


def well_formed_within_depth(data: bytes) -> bool:
    """Whether ``data`` is XML without a DTD and within ``MAX_DEPTH``: False for anything else (the
    caller then reads the part whole through expat, which says what is wrong)."""
    depth = [0]

    def start(tag, attrs):
        depth[0] += 1
        if depth[0] > MAX_DEPTH:
            raise NestedTooDeep()

    def end(tag):
        depth[0] -= 1

    made = ParserCreate(namespace_separator="}")
    made.StartDoctypeDeclHandler = made.EntityDeclHandler = refuse
    made.StartElementHandler, made.EndElementHandler = start, end
    try:
        made.Parse(data, True)
    except (ExpatError, UnsafeXml):
        return False
    return True


@contextlib.contextmanager
def naming(part: str):
    """Name ``part`` in an ``UnsafeXml`` raised while it is read."""
    try:
        yield
    except UnsafeXml as error:
        if error.part is None:
            error.part = part
        raise
