"""The posted PDF's page numbers: "- ๒ -" at the top centre of every page from the second, in the
memo's digits, stamped on the pages LibreOffice printed.

Word numbers its pages itself (a PAGE field with ``\\* ThaiArabic``), but LibreOffice reads that
switch as Thai letters, and a field it shows in Thai digits by its numeral settings keeps an Arabic
digit in the PDF's text. So the PDF is printed without numbers, and each number is drawn once, as
real text in the memo's font (matplotlib, which the chart already uses), and laid over its page
(pypdf, as a form of its own appended to the file: nothing LibreOffice wrote is parsed or written
again): the number reads, copies and searches as the digits printed.
"""
from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path

from ..page import A4_CM, HEADER_CM, MARGINS_CM, text_width_cm
from ..styles import DEFAULT_FONT_SIZE

NUMBERED_AT_ONCE = 40                # numbers drawn per batch (a longer memo draws the next batch)


def number_pages(pdf: Path, words, font: str) -> None:
    """Stamp ``pdf``'s pages from the second with their numbers, as ``words`` write them, and mark
    it as ita_xl's (``mark``)."""
    from pypdf import PdfReader, PdfWriter
    writer = PdfWriter(pdf, incremental=True)
    pages = len(writer.pages)
    numbers = _numbers(tuple(words.prose(words.t("memo.page_number", page=n)) for n in range(1, pages + 1)), font)
    stamps = PdfReader(io.BytesIO(numbers)).pages
    for n, (page, stamp) in enumerate(zip(writer.pages[1:], stamps[1:]), start=2):
        _overlay(writer, page, stamp, f"/ItaXlPage{n}")
    _finish(writer, pdf)


def mark(pdf: Path) -> None:
    """Mark ``pdf`` as written by ita_xl (in its document information), so that a later run may
    replace it without ``--force``: a PDF printed from the workbook has no page numbers to stamp."""
    from pypdf import PdfWriter
    _finish(PdfWriter(pdf, incremental=True), pdf)


def _finish(writer, pdf: Path) -> None:
    """The mark added and the changes appended to the file LibreOffice wrote (an incremental update:
    its pages and fonts are not written again)."""
    from ..output_files import PDF_MARK
    writer.add_metadata({PDF_MARK[0]: PDF_MARK[1]})
    with open(pdf, "r+b") as file:
        writer.write(file)


def _overlay(writer, page, stamp, name: str) -> None:
    """``stamp`` (a page of numbers) drawn over ``page`` as a form of its own: the page's content is
    left as it is, bracketed so that no state it leaves changes where the number goes."""
    from pypdf.generic import (
        ArrayObject,
        DecodedStreamObject,
        DictionaryObject,
        NameObject,
    )
    form = DecodedStreamObject()
    form.set_data(stamp.get_contents().get_data())
    form.update({NameObject("/Type"): NameObject("/XObject"), NameObject("/Subtype"): NameObject("/Form"),
                 NameObject("/BBox"): ArrayObject(stamp.mediabox),
                 NameObject("/Resources"): stamp["/Resources"].clone(writer)})
    resources = page["/Resources"].get_object()
    if "/XObject" not in resources:
        resources[NameObject("/XObject")] = DictionaryObject()
    resources["/XObject"].get_object()[NameObject(name)] = writer._add_object(form)
    contents = page["/Contents"].get_object()
    parts = list(contents) if isinstance(contents, ArrayObject) else [page["/Contents"]]
    page[NameObject("/Contents")] = ArrayObject([_stream(writer, b"q\n"), *parts,
                                                 _stream(writer, f"\nQ q {name} Do Q\n".encode())])


def _stream(writer, data: bytes):
    from pypdf.generic import DecodedStreamObject
    stream = DecodedStreamObject()
    stream.set_data(data)
    return writer._add_object(stream)


def _numbers(texts: tuple[str, ...], font: str) -> bytes:
    """A PDF of A4 pages, each bearing only its number where the memo's header goes; drawn in
    batches and remembered, as a batch's memos share them."""
    chunks = [_drawn(texts[n:n + NUMBERED_AT_ONCE], font) for n in range(0, len(texts), NUMBERED_AT_ONCE)]
    if len(chunks) == 1:
        return chunks[0]
    from pypdf import PdfReader, PdfWriter
    writer = PdfWriter()
    for chunk in chunks:
        writer.append(PdfReader(io.BytesIO(chunk)))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@lru_cache(maxsize=32)
def _drawn(texts: tuple[str, ...], font: str) -> bytes:
    import matplotlib
    from matplotlib.backends.backend_pdf import PdfPages
    from matplotlib.figure import Figure

    from .chart import chart_font
    settings = {"pdf.fonttype": 42}
    chosen = chart_font(font)
    if chosen:
        settings["font.family"] = [chosen, "DejaVu Sans"]
    x = (MARGINS_CM["left"] + text_width_cm() / 2) / A4_CM[0]
    y = 1 - HEADER_CM / A4_CM[1]
    buffer = io.BytesIO()
    with matplotlib.rc_context(settings), PdfPages(buffer, metadata={"Creator": None, "Producer": None, "CreationDate": None}) as pdf:
        for text in texts:
            figure = Figure(figsize=(A4_CM[0] / 2.54, A4_CM[1] / 2.54), facecolor="none")
            figure.text(x, y, text, ha="center", va="top", fontsize=DEFAULT_FONT_SIZE)
            pdf.savefig(figure, transparent=True)
    return buffer.getvalue()
