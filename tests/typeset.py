"""Reading a typeset memo back: the Word memo's paragraphs with their break marks, the PDF's printed
lines, and where each printed line ends within the text it prints."""
from __future__ import annotations

import re
import subprocess
import unicodedata
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass
from pathlib import Path

from ita_xl.writing.line_breaks import BREAK, NO_BREAK_SPACE, unmark

XHTML = "{http://www.w3.org/1999/xhtml}"
PAGE_NUMBER_BAND = 60                # points from the top of a page: its number, above the text


def letters(text: str) -> str:
    """The characters a PDF's text keeps in their order: letters and digits, less the marks above and
    below a Thai letter (text extraction moves them)."""
    text = text.replace("\u0e33", "\u0e32")        # sara am: extraction may give nikhahit (a mark) and sara aa
    return "".join(ch for ch in text if unicodedata.category(ch)[0] in "LN" and unicodedata.category(ch) != "Mn")


def docx_paragraphs(path: Path) -> list[str]:
    """The Word memo's paragraphs (body, tables, in order) as written, break marks included."""
    return [text for text, _ in _paragraphs(path)]


def _paragraphs(path: Path) -> list[tuple[str, int]]:
    """Each paragraph's text and where it starts in the document's XML."""
    xml = zipfile.ZipFile(path).read("word/document.xml").decode("utf-8")
    found = []
    for paragraph in re.finditer(r"<w:p[ >].*?</w:p>", xml, re.S):
        pieces = re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>|<w:(tab)/>", paragraph.group())
        text = "".join(t if t else "\t" for t, tab in pieces)
        text = text.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
        if text.strip():
            found.append((text, paragraph.start()))
    return found


def repeated_headers(path: Path) -> list[tuple[range, list[int]]]:
    """Each table whose header row is repeated on every page it takes: the paragraphs of its body
    (numbered as ``docx_paragraphs``) and those of its header."""
    xml = zipfile.ZipFile(path).read("word/document.xml").decode("utf-8")
    starts = [start for _, start in _paragraphs(path)]
    tables = []
    for table in re.finditer(r"<w:tbl>.*?</w:tbl>", xml, re.S):
        rows = [row.span() for row in re.finditer(r"<w:tr[ >].*?</w:tr>", table.group(), re.S)
                if "<w:tblHeader/>" in row.group()]
        inside = [n for n, start in enumerate(starts) if table.start() <= start < table.end()]
        header = [n for n in inside if any(a <= starts[n] - table.start() < b for a, b in rows)]
        if header and inside:
            tables.append((range(header[-1] + 1, inside[-1] + 1), header))
    return tables


@dataclass(frozen=True)
class PrintedLine:
    page: int
    y0: float
    y1: float
    x0: float
    x1: float
    text: str


def pdf_lines(pdf: Path) -> list[PrintedLine]:
    """Every printed line, page by page, top to bottom: pdftotext's fragments of one baseline within
    one column of text joined left to right (it splits a Thai line at some marks)."""
    xhtml = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], check=True, capture_output=True,
                           text=True).stdout
    lines: list[PrintedLine] = []
    for number, page in enumerate(ET.fromstring(xhtml).iter(f"{XHTML}page"), start=1):
        found = [(float(line.get("yMin")), float(line.get("xMin")), float(line.get("yMax")), float(line.get("xMax")),
                  " ".join(w.text or "" for w in line.iter(f"{XHTML}word"))) for line in page.iter(f"{XHTML}line")]
        for y0, x0, y1, x1, text in sorted(found, key=lambda f: (round(f[0] / 4), f[1])):
            last = lines[-1] if lines and lines[-1].page == number else None
            if last and abs(last.y0 - y0) < 4 and last.x0 <= x0 < last.x1 + 12:
                lines[-1] = PrintedLine(number, min(last.y0, y0), max(last.y1, y1), last.x0, x1, last.text + text)
            else:
                lines.append(PrintedLine(number, y0, y1, x0, x1, text))
    return lines


def _allowed(marked: str) -> tuple[str, set[int]]:
    """The paragraph's letters, and after which of them a line may end (a space, a zero-width space,
    a tab, a hyphen or a slash; the paragraph's end)."""
    stream, ok = [], set()
    for ch in marked:
        if ch in (" ", BREAK, "\t", "\n") or (unicodedata.category(ch) == "Zs" and ch != NO_BREAK_SPACE):
            ok.add(len(stream))
        elif ch in "-/–":
            ok.add(len(stream))
        elif letters(ch):
            stream.append(letters(ch))
    ok.add(len(stream))
    return "".join(stream), ok


class _Reading:
    """Where the printed pieces are in the Word memo's paragraphs: the last paragraph found, and those
    begun but not ended, each with where its last piece was printed (several are begun at once, side
    by side in a table's row: a cell's second line prints after its neighbours' first)."""
    NEAR = 8                           # paragraphs: about a table's row

    def __init__(self, paragraphs, in_order: bool = True):
        self.paragraphs, self.at, self.begun = paragraphs, 0, {}
        self.in_order = in_order       # False: a header row, whose cells print in any order
        self.ended: set[int] = set()

    def find(self, text: str, piece: PrintedLine) -> tuple[int, int] | None:
        """The paragraph ``text`` is printed from, and how far into it it ends: the next piece of a
        paragraph begun, printed below its last piece in the same column (or on a later page); else a
        whole paragraph near the last one found (a header centred in its row prints after its
        neighbour's top line; a count "๙" is no start of the score "๙๘.๑๖"); else the start of the
        nearest paragraph after it."""
        going = [n for n, (pos, last) in self.begun.items()
                 if self.paragraphs[n][0].startswith(text, pos) and _below(piece, last)]
        if going:
            found = min(going, key=lambda n: abs(n - self.at))
            return found, self.begun[found][0] + len(text)
        at, paragraphs = self.at, self.paragraphs
        if not self.in_order:
            left = [n for n in range(len(paragraphs)) if n not in self.ended and n not in self.begun]
            found = min((n for n in left if paragraphs[n][0].startswith(text)),
                        key=lambda n: paragraphs[n][0] != text, default=None)
            return None if found is None else (found, len(text))
        whole = [n for n in range(max(at - self.NEAR, 0), min(at + self.NEAR, len(paragraphs)))
                 if paragraphs[n][0] == text]
        ahead = [n for n in range(at, min(at + 40, len(paragraphs))) if paragraphs[n][0].startswith(text)]
        found = min(whole, key=lambda n: (abs(n - at), n < at), default=None) if whole else \
            min(ahead, key=lambda n: n - at, default=None)
        return None if found is None else (found, len(text))

    def read(self, found: int, pos: int, piece: PrintedLine) -> None:
        self.begun = {n: b for n, b in self.begun.items() if found - self.NEAR <= n <= found + self.NEAR}
        if pos >= len(self.paragraphs[found][0]):
            self.begun.pop(found, None)
            self.ended.add(found)
            self.at = found + 1
        else:
            self.begun[found], self.at = (pos, piece), found


def _below(piece: PrintedLine, last: PrintedLine) -> bool:
    """Whether ``piece`` can follow ``last`` in one paragraph: on a later page, or lower in the same column."""
    return piece.page > last.page or (piece.page == last.page and piece.y0 > last.y0 + 2
                                      and piece.x0 < last.x1 and last.x0 < piece.x1)


CELL_GAP = 8                         # points between two words of a printed line that belong to two cells


def printed_pieces(pdf: Path) -> list[PrintedLine]:
    """The printed lines cut where a gap wider than a space parts their words: the lines of the cells
    of a table's row side by side, which pdftotext may give as one line, each a piece of its own."""
    xhtml = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], check=True, capture_output=True,
                           text=True).stdout
    pieces: list[PrintedLine] = []
    for number, page in enumerate(ET.fromstring(xhtml).iter(f"{XHTML}page"), start=1):
        words = sorted(((float(w.get("yMin")), float(w.get("xMin")), float(w.get("yMax")), float(w.get("xMax")),
                         w.text or "") for w in page.iter(f"{XHTML}word")), key=lambda w: (round(w[0] / 4), w[1]))
        for y0, x0, y1, x1, text in words:
            last = pieces[-1] if pieces and pieces[-1].page == number else None
            if last and abs(last.y0 - y0) < 4 and last.x0 <= x0 <= last.x1 + CELL_GAP:
                pieces[-1] = PrintedLine(number, min(last.y0, y0), max(last.y1, y1), last.x0, max(last.x1, x1),
                                         last.text + " " + text)
            else:
                pieces.append(PrintedLine(number, y0, y1, x0, x1, text))
    return pieces


def breaks_inside_words(docx: Path, pdf: Path) -> list[str]:
    """Every printed line that ends where the Word memo allows no break: inside a word, a name or a
    kept span (``word|word`` around the place). Each printed piece (``printed_pieces``: a line, or a
    cell's line in a table's row) is found in the Word memo's paragraphs (``_Reading``; at the top of a
    page, in the header a table repeats there) and must end where its paragraph allows a line to end."""
    reading = _Reading([_allowed(p) for p in docx_paragraphs(docx)])
    tables = repeated_headers(docx)
    bad, page, header = [], 0, None
    for piece in printed_pieces(pdf):
        text = letters(piece.text)
        if not text or piece.y0 < PAGE_NUMBER_BAND:
            continue
        if piece.page != page:               # a table going on over the page repeats its header first
            page = piece.page
            header = next((_Reading([reading.paragraphs[n] for n in numbers], in_order=False)
                           for body, numbers in tables if reading.at in body), None)
        if header is not None:
            found = header.find(text, piece)
            if found is not None:
                if found[1] not in header.paragraphs[found[0]][1]:
                    bad.append(f"page {piece.page}: {header.paragraphs[found[0]][0][:found[1]]}|")
                header.read(*found, piece)
                continue
            header = None
        found = reading.find(text, piece)
        if found is None:
            continue                                # a page number, a chart's label: not the memo's text
        paragraph, pos = found
        stream, ok = reading.paragraphs[paragraph]
        if pos not in ok:
            bad.append(f"page {piece.page}: {stream[max(0, pos - 12):pos]}|{stream[pos:pos + 12]}")
        reading.read(paragraph, pos, piece)
    return bad


def plain_paragraphs(docx: Path) -> list[str]:
    return [unmark(p) for p in docx_paragraphs(docx)]
