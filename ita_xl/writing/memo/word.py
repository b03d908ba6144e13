"""The memo (``document.Memo``) as a Word document: a Thai official memo (บันทึกข้อความ) as the
งานสารบรรณ rules set it, and the source the posted PDF is printed from (``pdf``).

A4 portrait, 16 pt in the edition's font; the heading block in bold 20 pt labels with the form's
dotted lines where a value is not given; pages numbered from the second at the top centre in the
memo's digits ("- ๒ -"); the measures table on landscape pages of its own; a table row never split,
a heading kept with what follows, no widow or orphan line, a signature block whole.
"""
from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

from ...model import Analysis, Comparison
from ...thai import be_date
from ..edition import Edition
from ..line_breaks import BREAK
from ..output_files import MEMO_CATEGORY, atomic_file
from ..page import INDENT_CM
from ..styles import (
    DEFAULT_FONT_SIZE,
)
from ..text_layout import text_cm
from .chart import chart_png
from .document import (
    GRID,
    About,
    Chart,
    Gap,
    HeadingLine,
    Memo,
    Pair,
    Paragraph,
    Strong,
    TableBlock,
)
from .ooxml import (
    LATIN,
    NO_LANGUAGE,
    THAI,
    run_properties,
)
from .sections import build_memo
from .word_page import PageSetter
from .word_tables import SPACER_POINTS, WordTables, keep_with_next

TITLE_SIZE = DEFAULT_FONT_SIZE + 13  # บันทึกข้อความ, as large as on the printed form (29 pt)
LABEL_SIZE = DEFAULT_FONT_SIZE + 4   # ส่วนราชการ, ที่, วันที่, เรื่อง: bold 20 pt
EMBLEM_CM = 1.5                      # the Garuda's height, top left of page 1
CHART_CM = 16.0
_OPENED = re.compile(f"([([{{“‘\"'][^ {BREAK}\n]*)")
ENGLISH_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
                  "October", "November", "December")


def write_docx(analysis: Analysis, path: str | Path, edition: Edition = Edition(),
               comparison: Comparison | None = None, force: bool = False, emblem: str | Path | None = None) -> Path:
    """Write the memo of ``analysis`` to ``path`` as a Word document (atomically; never over an
    input; over an existing file only when it is a memo ita_xl wrote, or with ``force``)."""
    inputs = (analysis.assessment.source,) + ((comparison.previous.assessment.source,) if comparison else ())
    content = docx_bytes(analysis, edition, emblem=emblem)
    with atomic_file(path, inputs, force, kind="memo") as temporary:
        temporary.write_bytes(content)
    return Path(path)


def docx_bytes(analysis: Analysis, edition: Edition, typeset: bool = False, emblem: str | Path | None = None) -> bytes:
    """The Word memo's bytes. ``typeset``: the copy LibreOffice prints the PDF from (its page number
    field plain, shown in Thai digits by the printing profile, where Word takes ``\\* ThaiArabic``)."""
    thai_digits = edition.thai_digits(memo=True)
    return memo_docx_bytes(build_memo(analysis, edition, thai_digits), edition, thai_digits, typeset, emblem)


def memo_docx_bytes(memo: Memo, edition: Edition, thai_digits: bool, typeset: bool = False,
                    emblem: str | Path | None = None) -> bytes:
    """Any memo document (an agency's, an office's) as a Word document's bytes."""
    document = MemoDocument(edition, thai_digits, typeset, emblem).build(memo)
    return _dated(document.part.package, memo.about.written_on)


def _dated(package, written_on) -> bytes:
    """The document's parts zipped in python-docx's order, each dated ``written_on`` instead of now:
    the same input gives the same bytes. Zipped once, here (python-docx's own zip would have to be
    unpacked and packed again to change its dates)."""
    from docx.opc.pkgwriter import PackageWriter
    stamp = max(written_on.timetuple()[:6], (1980, 1, 1, 0, 0, 0))     # a zip holds no earlier date
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        class Members:
            @staticmethod
            def write(name, blob):
                archive.writestr(zipfile.ZipInfo(name.membername, stamp), blob, compress_type=zipfile.ZIP_DEFLATED)
        parts = list(package.parts)
        for part in parts:
            part.before_marshal()
        PackageWriter._write_content_types_stream(Members, parts)
        PackageWriter._write_pkg_rels(Members, package.rels)
        PackageWriter._write_parts(Members, parts)
    return out.getvalue()


class MemoDocument:
    """Writes the memo's blocks, in order, into a python-docx ``Document``."""

    def __init__(self, edition: Edition, thai_digits: bool, typeset: bool = False, emblem: str | Path | None = None):
        import docx

        self.edition, self.thai_digits = edition, thai_digits
        self.words = edition.wording(thai_digits)
        self.font, self.size, self.emblem = edition.font, DEFAULT_FONT_SIZE, emblem
        self.document = docx.Document()
        self.pages = PageSetter(self.document, edition, thai_digits, typeset)
        self.gap = 0.0                   # points of space owed to the next block
        self.last = None                 # the last paragraph or table written in the body
        self.tables = WordTables(self)

    def build(self, memo: Memo):
        self.pages.setup(self.font, self.size)
        self.properties(memo.about)
        blocks = memo.blocks()
        for n, block in enumerate(blocks):
            following = next((b for b in blocks[n + 1:] if not isinstance(b, Gap)), None)
            self.place(block, following)
        self.pages.drop_thumbnail()
        return self.document

    def place(self, block, following) -> None:
        """One block, kept with what follows where a reader expects it there."""
        if isinstance(block, tuple):                       # a group kept on one page
            items = [item for member in block for item in self.block(member)]
            for item in items[:-1]:
                keep_with_next(item)
            return
        items = self.block(block)
        if items and isinstance(block, HeadingLine) or isinstance(block, Paragraph) and (
                block.style in ("title", "bold", "center") or isinstance(following, (TableBlock, tuple, Chart))):
            keep_with_next(items[-1])

    def properties(self, about: About) -> None:
        """Core properties from the memo, never the clock (the same input gives the same document),
        and the category that marks the file as a memo ita_xl wrote."""
        core = self.document.core_properties
        core.created = core.modified = about.written_on
        core.title, core.subject = about.title, about.subject
        core.category = MEMO_CATEGORY
        core.author = core.last_modified_by = core.comments = core.keywords = ""
        core.revision = 1
        core.language = THAI if about.language == "th" else LATIN

    # -- blocks --------------------------------------------------------------------------------
    def block(self, block) -> list:
        """What one block is written as (paragraphs and tables), in order."""
        if isinstance(block, Gap):
            self.gap += block.points
            return []
        if isinstance(block, Paragraph):
            return [self.title(block) if block.style == "title" else self.paragraph(block)]
        if isinstance(block, HeadingLine):
            return [self.heading_line(block)]
        if isinstance(block, TableBlock):
            return [self.tables.table(block)]
        if isinstance(block, Pair):
            return [self.tables.pair(block)]
        if isinstance(block, Chart):
            return self.chart(block)
        raise TypeError(block)

    def new_paragraph(self):
        """A body paragraph, with the space a gap before it asked for (some after a table, always)."""
        from docx.shared import Pt
        after_table = self.last is not None and not hasattr(self.last, "paragraph_format")
        points = self.gap or (SPACER_POINTS if after_table else 0)
        paragraph = self.document.add_paragraph()
        if points:
            paragraph.paragraph_format.space_before = Pt(points)
        self.gap, self.last = 0.0, paragraph
        return paragraph

    def run(self, paragraph, text: str, bold: bool = False, colour: str | None = None, size: float | None = None):
        """Runs: the font and size come from the Normal style, only what differs is set on them. An
        opening bracket or quote and the word after it are marked as no language: LibreOffice's Thai
        line breaking breaks after such a mark, even inside the word that follows it."""
        run = None
        for n, piece in enumerate(_OPENED.split(text)):
            if not piece:
                continue
            run = _add_run(paragraph, piece)
            opened = n % 2 == 1
            if bold or colour or size or opened:
                run._r.insert(0, run_properties(None, size, bold, colour, LATIN if opened else None, NO_LANGUAGE))
        return run if run is not None else paragraph.add_run("")

    def write_parts(self, paragraph, parts, bold: bool = False, colour: str | None = None,
                    size: float | None = None) -> None:
        """Parts as runs: bold labels bold, the rest (text and figures as they read now) joined."""
        pieces: list[list] = []
        for part in parts:
            strong = isinstance(part, Strong)
            text = part if isinstance(part, str) else part.text
            if text and pieces and pieces[-1][1] == strong:
                pieces[-1][0] += text
            elif text:
                pieces.append([text, strong])
        for text, strong in pieces:
            self.run(paragraph, text, bold or strong, colour, size)

    def paragraph(self, block: Paragraph, paragraph=None):
        """A paragraph of the body (or, given ``paragraph``, of a table cell): Thai text distributed as
        in an official letter, English ragged, a real first-line indent, set in by grid columns."""
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        in_cell = paragraph is not None
        paragraph = paragraph if in_cell else self.new_paragraph()
        fmt = paragraph.paragraph_format
        if block.style == "center":
            fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif not in_cell:
            fmt.alignment = WD_ALIGN_PARAGRAPH.THAI_JUSTIFY if self.edition.language == "th" \
                else WD_ALIGN_PARAGRAPH.LEFT
        if block.indent:
            fmt.first_line_indent = _cm(INDENT_CM)
        if block.first and not in_cell:
            fmt.left_indent = _cm(self.pages.text_cm * block.first / GRID)
        self.write_parts(paragraph, block.parts, bold=block.style == "bold")
        return paragraph

    def title(self, block: Paragraph):
        """บันทึกข้อความ in bold 29 pt, centred; the agency's emblem, when given, at its left."""
        from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
        paragraph = self.new_paragraph()
        if self.emblem:
            paragraph.paragraph_format.tab_stops.add_tab_stop(_cm(self.pages.text_cm / 2), WD_TAB_ALIGNMENT.CENTER)
            self.run(paragraph, "").add_picture(str(self.emblem), height=_cm(EMBLEM_CM))
            self.run(paragraph, "\t")
        else:
            paragraph.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
        self.write_parts(paragraph, block.parts, bold=True, size=TITLE_SIZE)
        return paragraph

    def heading_line(self, line: HeadingLine):
        """ส่วนราชการ ... / ที่ ... <tab> วันที่ ... / เรื่อง ...: labels in bold 20 pt, values as
        typed, a date in words, the form's dotted line where a value is not given; a long value
        wraps under itself, clear of its label."""
        from docx.enum.text import WD_TAB_ALIGNMENT, WD_TAB_LEADER
        paragraph = self.new_paragraph()
        stops = paragraph.paragraph_format.tab_stops
        second = self.pages.text_cm / 2 if len(line.fields) > 1 else None
        for n, (label, value) in enumerate(line.fields):
            end = second if n == 0 and second else self.pages.text_cm
            self.run(paragraph, ("\t" if n else "") + label, bold=True, size=LABEL_SIZE)
            if value:
                self.run(paragraph, " " + (self.date(value) if isinstance(value, dt.date) else value))
            else:
                stops.add_tab_stop(_cm(end - (0.3 if n == 0 and second else 0)), WD_TAB_ALIGNMENT.RIGHT,
                                   WD_TAB_LEADER.DOTS)
                self.run(paragraph, " \t")
            if n == 0 and second:
                stops.add_tab_stop(_cm(second), WD_TAB_ALIGNMENT.LEFT)
        if len(line.fields) == 1 and line.fields[0][1]:
            hang = _label_cm(line.fields[0][0])
            paragraph.paragraph_format.left_indent = _cm(hang)
            paragraph.paragraph_format.first_line_indent = _cm(-hang)
        return paragraph

    def date(self, value: dt.date) -> str:
        """A date as the memo writes it: ๒๒ กันยายน ๒๕๖๕ (Buddhist era, memo digits) or 22 September 2022."""
        if self.edition.language == "th":
            return be_date(value, self.thai_digits).replace(" ", "\u00a0")
        return f"{value.day} {ENGLISH_MONTHS[value.month - 1]} {value.year}"

    def chart(self, block: Chart) -> list:
        """The caption centred above the chart's picture, kept on one page with it."""
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        caption = self.paragraph(Paragraph((block.caption,), "center"))
        caption.paragraph_format.keep_with_next = True
        picture = self.new_paragraph()
        picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
        picture.paragraph_format.keep_together = True
        self.run(picture, "").add_picture(io.BytesIO(chart_png(block.figure, self.edition.font)),
                                          width=_cm(CHART_CM))
        return [caption, picture]


def _add_run(paragraph, text: str):
    """``paragraph.add_run(text)``, the same XML: python-docx reads the text character by character
    (for tabs and line breaks, which a run of plain text does not have), a third of a memo's time."""
    if "\t" in text or "\n" in text or "\r" in text:
        return paragraph.add_run(text)
    from docx.text.run import Run
    element = paragraph._p.add_r()
    element.add_t(text)
    return Run(element, paragraph)


def _cm(value: float):
    from docx.shared import Cm
    return Cm(value)


def _label_cm(label: str) -> float:
    """How far a heading label in bold 20 pt reaches, with the space after it."""
    return text_cm(label + " ", LABEL_SIZE, bold=True) + 0.1

