"""The analysis memo (``ita_xl.memo``) as an editable Word document: a Thai official memo
(บันทึกข้อความ) on A4, the same sections and figures as the workbook's sheet รายงาน.

Where the sheet writes a figure as a formula, the document writes the value it has now
(``Figure.text``); the sheet's warning that the scores were edited (``Memo.check``) has no
place here. Word shapes Thai with a run's complex-script properties, so the font and size are
set for the Latin and the complex-script text alike, on the document's defaults, the Normal
style and every run. Word keeps a table, the chart and a signature block on one page
(rows that never split, paragraphs kept with the next); the pages are numbered in the footer.
"""
from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

from ...model import Analysis, Comparison
from ...thai import be_date
from ..edition import Edition, Wording
from ..output_files import MEMO_CATEGORY, atomic_file
from ..styles import (
    BAR_BELOW,
    BAR_PASSED,
    BELOW_TARGET_FILL,
    BELOW_TARGET_FONT,
    DEFAULT_FONT_SIZE,
    HEADER_FILL,
    TARGET_LINE,
)
from ..workbook.memo_sheet import WIDTHS
from ..workbook.summary import score_cells
from .document import (
    Chart,
    Figure,
    Gap,
    HeadingLine,
    Memo,
    Pair,
    Paragraph,
    Part,
    Strong,
    TableBlock,
    build_memo,
)

PAGE_CM = (21.0, 29.7)               # A4 portrait
MARGINS_CM = {"left": 3.0, "right": 2.0, "top": 2.5, "bottom": 2.0}   # a Thai official letter's
TEXT_CM = PAGE_CM[0] - MARGINS_CM["left"] - MARGINS_CM["right"]
FOOTER_CM = 1.0                      # the footer's distance from the foot of the page
INDENT_CM = 2.5                      # a paragraph's first line, as in Thai official letters
SECOND_FIELD_CM = TEXT_CM / 2        # ที่ ... | วันที่ ...: the second field of a heading line
TITLE_SIZE = DEFAULT_FONT_SIZE + 13  # บันทึกข้อความ, as large as on the printed form (29 pt)
NOTE_COLOUR = "595959"
SPACER_POINTS = 4                    # the empty line between two tables
BORDER_COLOUR = "808080"
CHART_WIDTH_CM = 16.0
CHART_RATIO = 0.5                    # the chart's height to its width
CHART_DPI = 200
THAI_FONTS = ("TH Sarabun New", "TH SarabunPSK", "Laksaman", "Garuda", "Loma")   # for the chart, in this order
LATIN, THAI = "en-US", "th-TH"        # w:lang: Latin text English (a Thai locale breaks Latin words), Thai as Thai
ENGLISH_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
                  "October", "November", "December")


def write_docx(analysis: Analysis, path: str | Path, edition: Edition = Edition(),
               comparison: Comparison | None = None, force: bool = False) -> Path:
    """Write the memo of ``analysis`` to ``path`` as a Word document (atomically; never over an
    input; over an existing file only when it is a memo ita_xl wrote, or with ``force``)."""
    inputs = (analysis.assessment.source,) + ((comparison.previous.assessment.source,) if comparison else ())
    cells = score_cells(analysis, edition, comparison.previous.assessment.fiscal_year if comparison else None)
    thai_digits = edition.thai_digits(memo=True)
    memo = build_memo(analysis, edition, thai_digits, cells)
    with atomic_file(path, inputs, force, kind="memo") as temporary:
        document = MemoDocument(analysis, edition, edition.wording(thai_digits)).build(memo)
        buffer = io.BytesIO()
        document.save(buffer)
        _write_dated(buffer, temporary, analysis.assessment.written_on)
    return Path(path)


def _write_dated(buffer: io.BytesIO, path: Path, written_on) -> None:
    """The document's parts as python-docx made them, each dated ``written_on`` instead of now:
    the same input gives the same bytes."""
    stamp = max(written_on.timetuple()[:6], (1980, 1, 1, 0, 0, 0))     # a zip holds no earlier date
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(zipfile.ZipInfo(info.filename, stamp), source.read(info.filename),
                            compress_type=zipfile.ZIP_DEFLATED)


# -- run and paragraph properties ---------------------------------------------------------------
def _element(tag: str, **attributes):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    element = OxmlElement(tag)
    for name, value in attributes.items():
        element.set(qn(f"w:{name}"), str(value))
    return element


def run_properties(font: str, size: float, bold: bool = False, italic: bool = False, colour: str | None = None,
                   language: bool = False):
    """A ``w:rPr``: the font and size for Latin and complex-script (Thai) text alike, in schema order;
    ``language``: Latin text is English, complex script Thai."""
    rpr = _element("w:rPr")
    rpr.append(_element("w:rFonts", ascii=font, hAnsi=font, eastAsia=font, cs=font))
    if bold:
        rpr.extend([_element("w:b"), _element("w:bCs")])
    if italic:
        rpr.extend([_element("w:i"), _element("w:iCs")])
    if colour:
        rpr.append(_element("w:color", val=colour))
    half_points = round(size * 2)
    rpr.extend([_element("w:sz", val=half_points), _element("w:szCs", val=half_points)])
    if language:
        rpr.append(_element("w:lang", val=LATIN, eastAsia=LATIN, bidi=THAI))
    return rpr


def _shade(cell, fill: str) -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    tcpr.insert_element_before(_element("w:shd", val="clear", color="auto", fill=fill.lstrip("#")),
                               "w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark")


def _borders(table, value: str) -> None:
    """Every border of the table, outside and between cells: ``single`` lines or ``nil``."""
    borders = _element("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        borders.append(_element(f"w:{side}", val=value, sz=4, space=0, color=BORDER_COLOUR) if value != "nil"
                       else _element(f"w:{side}", val="nil"))
    table._tbl.tblPr.insert_element_before(borders, "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook",
                                           "w:tblCaption", "w:tblDescription")


def _row_flags(row, header: bool, whole: bool = True) -> None:
    """A row never split across pages (``whole``); a header row repeated on every page the table takes."""
    trpr = row._tr.get_or_add_trPr()
    if whole or header:
        trpr.append(_element("w:cantSplit"))
    if header:
        trpr.append(_element("w:tblHeader"))


def _keep_with_next(item) -> None:
    """A paragraph, or every paragraph of a table, kept on the page of what follows."""
    paragraphs = [p for row in item.rows for cell in row.cells for p in cell.paragraphs] \
        if hasattr(item, "rows") else [item]
    for paragraph in paragraphs:
        paragraph.paragraph_format.keep_with_next = True


def _cm(value: float):
    from docx.shared import Cm
    return Cm(value)


def column_cm(first: int, span: int = 0) -> float:
    """Width of the memo's columns ``first`` .. ``first + span`` (of six, as on the sheet) on the page."""
    return TEXT_CM * sum(WIDTHS[first:first + span] if span else WIDTHS[:first]) / sum(WIDTHS)


# -- the document ---------------------------------------------------------------------------------
class MemoDocument:
    """Writes the memo's blocks, in order, into a python-docx ``Document``."""

    def __init__(self, analysis: Analysis, edition: Edition, words: Wording):
        import docx

        self.analysis, self.edition, self.words = analysis, edition, words
        self.font, self.size = edition.font, DEFAULT_FONT_SIZE
        self.document = docx.Document()
        self.gap = 0.0                   # points of space owed to the next block
        self.last = None                 # the last paragraph written outside a table

    def build(self, memo: Memo):
        self.page()
        self.styles()
        self.footer()
        self.properties()
        blocks = [block for section in memo.sections for block in section.blocks]
        for n, block in enumerate(blocks):
            following = next((b for b in blocks[n + 1:] if not isinstance(b, Gap)), None)
            if isinstance(block, Gap):
                self.gap += block.points
            elif isinstance(block, tuple):                       # a group kept together
                items = [item for member in block for item in self.block(member)]
                for item in items[:-1]:
                    _keep_with_next(item)
            else:
                items = self.block(block)
                if isinstance(block, HeadingLine) or isinstance(block, Paragraph) and (
                        block.style in ("title", "bold") or isinstance(following, (TableBlock, tuple))):
                    _keep_with_next(items[-1])    # the heading block, a heading, what introduces a table or
                                                  # the signature: on the page of what follows
        self.drop_thumbnail()
        return self.document

    def page(self) -> None:
        from docx.enum.section import WD_ORIENT
        section = self.document.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = _cm(PAGE_CM[0]), _cm(PAGE_CM[1])
        section.left_margin, section.right_margin = _cm(MARGINS_CM["left"]), _cm(MARGINS_CM["right"])
        section.top_margin, section.bottom_margin = _cm(MARGINS_CM["top"]), _cm(MARGINS_CM["bottom"])
        section.footer_distance = _cm(FOOTER_CM)

    def styles(self) -> None:
        """The font (Latin and Thai) and size as the document's defaults and its Normal style (the
        template's theme fonts removed: a theme font overrides a named one); single-spaced paragraphs
        with no space after, never a lone line at the foot or head of a page."""
        from docx.oxml.ns import qn
        from docx.shared import Pt
        styles = self.document.styles
        defaults = styles.element.find(qn("w:docDefaults"))
        for holder in (defaults.find(qn("w:rPrDefault")), styles["Normal"].element):
            old = holder.find(qn("w:rPr"))
            if old is not None:
                holder.remove(old)
            holder.append(run_properties(self.font, self.size, language=True))
        fmt = styles["Normal"].paragraph_format
        fmt.space_before, fmt.space_after, fmt.line_spacing = Pt(0), Pt(0), 1.0
        fmt.widow_control = True
        spacing = defaults.find(f"{qn('w:pPrDefault')}/{qn('w:pPr')}/{qn('w:spacing')}")
        if spacing is not None:
            spacing.set(qn("w:after"), "0")
            spacing.set(qn("w:line"), "240")

    def footer(self) -> None:
        """หน้า X จาก Y / Page X of Y, right-aligned: the PAGE and NUMPAGES fields (in Arabic digits:
        Word's ThaiArabic switch reads as Thai letters in LibreOffice)."""
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        paragraph = self.document.sections[0].footer.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        for piece in page_words(self.edition):
            if piece in ("PAGE", "NUMPAGES"):
                self.run(paragraph, "")._r.append(_element("w:fldChar", fldCharType="begin"))
                instruction = _element("w:instrText")
                instruction.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
                instruction.text = f" {piece} "
                self.run(paragraph, "")._r.append(instruction)
                self.run(paragraph, "")._r.append(_element("w:fldChar", fldCharType="separate"))
                self.run(paragraph, "1")
                self.run(paragraph, "")._r.append(_element("w:fldChar", fldCharType="end"))
            elif piece:
                self.run(paragraph, self.words.prose(piece))

    def properties(self) -> None:
        """Core properties from the input, never the clock (the same input gives the same document),
        and the category that marks the file as a memo ita_xl wrote."""
        core = self.document.core_properties
        core.created = core.modified = self.analysis.assessment.written_on
        core.title = self.edition.t("memo.subject_text", year=self.analysis.assessment.fiscal_year)
        core.subject = self.analysis.assessment.agency.name
        core.category = MEMO_CATEGORY
        core.author = core.last_modified_by = core.comments = core.keywords = ""
        core.revision = 1
        core.language = THAI if self.edition.language == "th" else LATIN

    def drop_thumbnail(self) -> None:
        """python-docx's template carries the picture of an empty page as the file's thumbnail."""
        from docx.opc.constants import RELATIONSHIP_TYPE as RT
        rels = self.document.part.package.rels
        for rid in [rid for rid, rel in rels.items() if rel.reltype == RT.THUMBNAIL]:
            rels.pop(rid)

    # -- blocks --------------------------------------------------------------------------------
    def block(self, block) -> list:
        """What one block is written as (paragraphs and tables), in order."""
        if isinstance(block, Paragraph):
            return [self.paragraph(block)]
        if isinstance(block, HeadingLine):
            return [self.heading_line(block)]
        if isinstance(block, TableBlock):
            return [self.table(block)]
        if isinstance(block, Pair):
            return [self.pair(block)]
        if isinstance(block, Chart):
            return self.chart(block)
        raise TypeError(block)

    def _previous_is_table(self) -> bool:
        from docx.oxml.ns import qn
        body = [child for child in self.document.element.body if child.tag != qn("w:sectPr")]
        return bool(body) and body[-1].tag == qn("w:tbl")

    def new_paragraph(self):
        """A body paragraph, with the space a gap before it asked for (some after a table, always)."""
        from docx.shared import Pt
        points = self.gap or (SPACER_POINTS if self._previous_is_table() else 0)
        paragraph = self.document.add_paragraph()
        if points:
            paragraph.paragraph_format.space_before = Pt(points)
        self.gap, self.last = 0.0, paragraph
        return paragraph

    def before_table(self) -> None:
        """A gap before a table (a little space if none): space after the paragraph above it; between
        two tables (which Word would join into one) a small empty paragraph."""
        from docx.enum.text import WD_LINE_SPACING
        from docx.shared import Pt
        if self._previous_is_table():
            points = self.gap or SPACER_POINTS
            spacer = self.document.add_paragraph()
            spacer.paragraph_format.line_spacing = Pt(points)
            spacer.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
            spacer._p.get_or_add_pPr().append(run_properties(self.font, points))   # its mark as small as its line
        elif self.last is not None:
            self.last.paragraph_format.space_after = Pt(self.gap or SPACER_POINTS / 2)
        self.gap = 0.0

    def run(self, paragraph, text: str, bold: bool = False, italic: bool = False, colour: str | None = None,
            size: float | None = None):
        """A run with the memo's font (Latin and Thai) and size; a newline a line break, a tab a tab."""
        run = paragraph.add_run(text)
        run._r.insert(0, run_properties(self.font, size or self.size, bold, italic, colour))
        return run

    def write_parts(self, paragraph, parts: tuple[Part, ...], bold: bool = False, italic: bool = False,
                    colour: str | None = None, size: float | None = None) -> None:
        """The parts as runs: bold labels bold, the rest (text and figures as they read now) joined."""
        pieces: list[list] = []
        for part in parts:
            strong = isinstance(part, Strong)
            text = part if isinstance(part, str) else part.text
            if not text:
                continue
            if pieces and pieces[-1][1] == strong:
                pieces[-1][0] += text
            else:
                pieces.append([text, strong])
        for text, strong in pieces:
            self.run(paragraph, text, bold or strong, italic, colour, size)

    def paragraph(self, block: Paragraph, paragraph=None):
        """A paragraph of the body (or, given ``paragraph``, of a table's cell): Thai text distributed
        as in an official letter (LibreOffice shows it ragged), English ragged, a real first-line
        indent, the sheet's first column as a left indent."""
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        in_cell = paragraph is not None
        paragraph = paragraph if in_cell else self.new_paragraph()
        fmt, style = paragraph.paragraph_format, block.style
        if style in ("center", "title"):
            fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif not in_cell:
            fmt.alignment = WD_ALIGN_PARAGRAPH.THAI_JUSTIFY if self.edition.language == "th" \
                else WD_ALIGN_PARAGRAPH.LEFT
        if block.indent:
            fmt.first_line_indent = _cm(INDENT_CM)
        if block.first and not in_cell:
            fmt.left_indent = _cm(column_cm(block.first))
        self.write_parts(paragraph, block.parts, bold=style in ("bold", "title"), italic=style == "note",
                         colour=NOTE_COLOUR if style == "note" else None,
                         size=TITLE_SIZE if style == "title" else None)
        return paragraph

    def heading_line(self, line: HeadingLine):
        """ส่วนราชการ ... / ที่ ... <tab> วันที่ ...: labels in bold, values as typed, a date in words."""
        from docx.enum.text import WD_TAB_ALIGNMENT
        paragraph = self.new_paragraph()
        if len(line.fields) > 1:
            paragraph.paragraph_format.tab_stops.add_tab_stop(_cm(SECOND_FIELD_CM), WD_TAB_ALIGNMENT.LEFT)
        for n, (label, value) in enumerate(line.fields):
            self.run(paragraph, ("\t" if n else "") + label, bold=True)
            self.run(paragraph, " " + (self.date(value) if isinstance(value, dt.date) else value))
        return paragraph

    def date(self, value: dt.date) -> str:
        """A date as the sheet shows it: 22 กันยายน 2565 (Buddhist era, memo digits) or 22 September 2022."""
        if self.edition.language == "th":
            return be_date(value, self.words.thai_digits)
        return f"{value.day} {ENGLISH_MONTHS[value.month - 1]} {value.year}"

    def new_table(self, rows: int, widths: list[float], borders: str):
        """A table of fixed column widths (cm) across the page, ``single`` borders or none (``nil``)."""
        from docx.enum.table import WD_TABLE_ALIGNMENT
        from docx.oxml.ns import qn
        self.before_table()
        table = self.document.add_table(rows=rows, cols=len(widths))
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        table.autofit = False
        width = table._tbl.tblPr.find(qn("w:tblW"))
        if width is not None:
            width.set(qn("w:type"), "dxa")
            width.set(qn("w:w"), str(round(sum(widths) / 2.54 * 1440)))
        _borders(table, borders)
        for column, cm in zip(table.columns, widths):
            column.width = _cm(cm)
        for row in table.rows:
            for cell, cm in zip(row.cells, widths):
                cell.width = _cm(cm)
        return table

    def table(self, block: TableBlock):
        """Bordered rows: the header white bold on dark blue, scores right-aligned, a score below
        the target red on light red (as on the sheet); a table kept whole on one page, or (a
        measure) its heading with its first row, its long rows free to go on over the page (as the
        sheet cuts a long cell into rows), the heading repeated there."""
        from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        widths, first = [], 0
        for span in block.spans:
            widths.append(column_cm(first, span))
            first += span
        table = self.new_table(len(block.rows), widths, "single")
        for n, (row, cells) in enumerate(zip(table.rows, block.rows)):
            header = block.header and n == 0
            _row_flags(row, header, block.keep)
            for c, (cell, parts) in enumerate(zip(row.cells, cells)):
                paragraph = cell.paragraphs[0]
                figure = parts[0] if len(parts) == 1 and isinstance(parts[0], Figure) else None
                if header:
                    _shade(cell, HEADER_FILL)
                    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
                    self.write_parts(paragraph, parts, bold=True, colour="FFFFFF")
                elif figure is not None and figure.kind == "score":
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                    below = figure.passed is False
                    if below:
                        _shade(cell, BELOW_TARGET_FILL)
                    self.write_parts(paragraph, parts, colour=BELOW_TARGET_FONT.lstrip("#") if below else None)
                else:
                    self.write_parts(paragraph, parts)
        rows = list(table.rows)
        for row in rows[:-1] if block.keep else rows[:1] if block.header else []:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    paragraph.paragraph_format.keep_with_next = True
        return table

    def pair(self, pair: Pair):
        """The two comment blocks side by side: a borderless table of two columns, one row never split."""
        table = self.new_table(1, [TEXT_CM / 2, TEXT_CM / 2], "nil")
        row = table.rows[0]
        _row_flags(row, False)
        for cell, paragraphs in zip(row.cells, (pair.left, pair.right)):
            for n, block in enumerate(paragraphs):
                paragraph = self.paragraph(block, cell.paragraphs[0] if n == 0 else cell.add_paragraph())
                paragraph.paragraph_format.keep_with_next = n < len(paragraphs) - 1
                paragraph.paragraph_format.keep_together = True
        return table

    def chart(self, block: Chart) -> list:
        """The caption centred above the chart's picture, kept on one page with it."""
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        caption = self.paragraph(Paragraph((block.caption,), "center"))
        caption.paragraph_format.keep_with_next = True
        picture = self.new_paragraph()
        picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
        picture.paragraph_format.keep_together = True
        self.run(picture, "").add_picture(io.BytesIO(chart_png(self.analysis, self.edition, self.words)),
                                          width=_cm(CHART_WIDTH_CM))
        return [caption, picture]


def page_words(edition: Edition) -> list[str]:
    """The footer's words around the page fields: ``หน้า {page} จาก {pages}`` with PAGE and NUMPAGES."""
    text = edition.t("memo.page_of", page="\0PAGE\0", pages="\0NUMPAGES\0")
    return [piece for piece in text.split("\0") if piece]


# -- the chart ------------------------------------------------------------------------------------
def chart_font(preferred: str) -> str | None:
    """A font matplotlib can draw Thai with: the edition's if installed, else a Thai one; None
    (matplotlib's default) when there is none."""
    from matplotlib import font_manager
    installed = {entry.name for entry in font_manager.fontManager.ttflist}
    return next((name for name in dict.fromkeys((preferred, *THAI_FONTS)) if name in installed), None)


def chart_png(analysis: Analysis, edition: Edition, words: Wording) -> bytes:
    """The memo's chart as a PNG: a bar per indicator, blue when it meets the target and red below
    it, its score on it; the target as a dashed line; y from 0 to 100; words and digits as the memo's."""
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure as PlotFigure
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    t, decimals = edition.t, analysis.framework.decimals
    font = chart_font(edition.font)
    indicators = analysis.indicators
    width_in = CHART_WIDTH_CM / 2.54
    settings = {"font.size": 13, "axes.unicode_minus": False}
    if font:
        settings["font.family"] = [font, "DejaVu Sans"]
    with matplotlib.rc_context(settings):
        figure = PlotFigure(figsize=(width_in, width_in * CHART_RATIO), layout="constrained")
        FigureCanvasAgg(figure)
        axes = figure.add_subplot()
        positions = range(len(indicators))
        scores = [i.score for i in indicators]
        colours = [BAR_PASSED if i.passed else BAR_BELOW for i in indicators]
        bars = axes.bar(positions, scores, width=0.8, color=colours, zorder=2)
        for bar, score in zip(bars, scores):      # on the bar, below the target line; above a short bar
            inside = score >= 30
            axes.annotate(words.score(score, decimals), (bar.get_x() + bar.get_width() / 2,
                                                          score / 2 if inside else score),
                          xytext=(0, 0 if inside else 3), textcoords="offset points", ha="center",
                          va="center" if inside else "bottom", fontsize=8.5, fontweight="bold",
                          color="white" if inside else "black", zorder=3)
        axes.axhline(analysis.target, color=TARGET_LINE, linestyle="--", linewidth=2, zorder=4)
        axes.set_xticks(list(positions), [words.number(i.no) for i in indicators])
        axes.set_ylim(0, 100)
        ticks = list(range(0, 101, 20))
        axes.set_yticks(ticks, [words.number(tick) for tick in ticks], va="center")
        axes.set_xlabel(t("column.indicator_no"))
        axes.set_ylabel(t("report.chart_axis"))
        axes.grid(axis="y", color="#D9D9D9", zorder=0)
        axes.spines[["top", "right"]].set_visible(False)
        handles = [Patch(color=BAR_PASSED, label=t("report.chart_passed")),
                   Patch(color=BAR_BELOW, label=t("report.chart_below")),
                   Line2D([], [], color=TARGET_LINE, linestyle="--", linewidth=2, label=t("report.chart_target"))]
        figure.legend(handles=handles, loc="outside lower center", ncol=3, frameon=False)
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=CHART_DPI, metadata={"Software": None})
    return buffer.getvalue()
