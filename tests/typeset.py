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
    xml = zipfile.ZipFile(path).read("word/document.xml").decode("utf-8")
    found = []
    for paragraph in re.findall(r"<w:p[ >].*?</w:p>", xml, re.S):
        pieces = re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>|<w:(tab)/>", paragraph)
        text = "".join(t if t else "\t" for t, tab in pieces)
        text = text.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
        if text.strip():
            found.append(text)
    return found


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


def breaks_inside_words(docx: Path, pdf: Path) -> list[str]:
    """Every printed line that ends where the Word memo allows no break: inside a word, a name or a
    kept span (``word|word`` around the place). Each printed line is found in the paragraph it
    continues, or at the start of a paragraph after it."""
    paragraphs = [_allowed(p) for p in docx_paragraphs(docx)]
    bad, at, pos = [], 0, 0
    for line in pdf_lines(pdf):
        text = letters(line.text)
        if not text or line.y0 < PAGE_NUMBER_BAND:
            continue
        if at < len(paragraphs) and paragraphs[at][0].startswith(text, pos) and pos:
            pos += len(text)
        else:
            found = next((n for n in range(at, min(at + 40, len(paragraphs)))
                          if paragraphs[n][0].startswith(text)), None)
            if found is None:
                continue                            # a page number, a chart's label: not the memo's text
            at, pos = found, len(text)
        stream, ok = paragraphs[at]
        if pos not in ok:
            bad.append(f"page {line.page}: {stream[max(0, pos - 12):pos]}|{stream[pos:pos + 12]}")
        if pos >= len(stream):
            at, pos = at + 1, 0
    return bad


def plain_paragraphs(docx: Path) -> list[str]:
    return [unmark(p) for p in docx_paragraphs(docx)]
