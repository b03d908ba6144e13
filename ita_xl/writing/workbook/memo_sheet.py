"""Sheet รายงาน: the memo (``memo.document``) laid out on A4 rows: the live memo of the workbook.

Every figure the memo states is a formula over the workbook's score cells, and each verdict word
is chosen by a formula, so editing a score changes the memo with the tables; where the memo's
structure depends on the scores (which indicators are strengths, in what order), a warning at
its top appears when the scores no longer match those it was written from.

The sheet is laid out on pages here (``MemoPages``): every row's height is measured from its text
at its break opportunities, a table row is never split, a table, the chart and a signature block
are kept together, a page break goes before whatever would not fit, and each page from the
second is numbered at its top in the memo's digits, as the Word memo is.
"""
from __future__ import annotations

import datetime as dt

from ..memo.document import (
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
    plain,
)
from ..page import margins_inches
from ..sheet_tables import A4
from ..text_layout import (
    PORTRAIT_WIDTH,
    merged_width,
    row_height,
    split_rows,
    text_width,
    usable_width,
)
from .chart import indicator_chart
from .context import Report
from .live_text import formula_value, text_formula, warning_formula, written_from
from .memo_pages import LAST, WIDTHS, MemoPages, SheetRow
from .memo_tables import place_table, table_rows

ROW_LINES = 14                       # a paragraph takes rows of at most this many lines: pages may break between
INDENT = "\u00a0" * 6                 # no-break spaces: a formula's saved text keeps them
CHART_RATIO = 0.5                    # the chart's height to its width: 7.6 cm on the page
STYLE_ROLES = {"text": "memo_text", "bold": "memo_bold", "center": "memo_center", "title": "memo_title"}


class MemoSheet:
    """Turns the memo's blocks into rows on the sheet."""

    def __init__(self, report: Report, memo: Memo):
        self.report, self.memo = report, memo
        self.styles = report.memo_styles
        self.words = report.memo_words
        self.decimals = report.framework.decimals
        self.pages = MemoPages(self.page_number)

    def write_parts(self, sheet, row: int, first: int, last: int, parts: tuple[Part, ...], fmt) -> None:
        """Text, bold runs (a rich string) or, with figures, a formula; merged across the columns."""
        text = plain(parts)
        figures = any(isinstance(p, Figure) for p in parts)
        runs = not figures and any(isinstance(p, Strong) for p in parts)
        if first != last:
            sheet.merge_range(row, first, row, last, "", fmt)
        if figures:
            sheet.write_formula(row, first, text_formula(parts, self.report.cells, self.decimals,
                                                         self.styles.thai_digits), fmt, formula_value(parts))
        elif runs:
            styles = self.styles
            pieces = [item for p in parts if (p.text if isinstance(p, Strong) else p)
                      for item in ((styles.bold_run, p.text) if isinstance(p, Strong) else (styles.run, p))]
            sheet.write_rich_string(row, first, *pieces, fmt) if len(pieces) > 2 else \
                sheet.write_string(row, first, text, styles.memo_bold)
        else:
            sheet.write_string(row, first, text, fmt)

    # -- blocks ----------------------------------------------------------------------------
    def rows_of(self, block) -> list[SheetRow]:
        if isinstance(block, Gap):
            return [SheetRow(block.points, lambda sheet, row: None)]
        if isinstance(block, Paragraph):
            return self.paragraph(block)
        if isinstance(block, HeadingLine):
            return [self.heading_line(block)]
        if isinstance(block, TableBlock):
            return table_rows(self, block)
        if isinstance(block, Pair):
            return self.pair(block)
        if isinstance(block, Chart):
            return self.chart(block)
        raise TypeError(block)

    def paragraph(self, paragraph: Paragraph) -> list[SheetRow]:
        """The paragraph's rows, each of at most ``ROW_LINES`` lines."""
        fmt = getattr(self.styles, STYLE_ROLES[paragraph.style])
        if paragraph.style == "title":
            return [SheetRow(40, lambda sheet, row: sheet.merge_range(row, 0, row, LAST, paragraph.text, fmt))]
        width, bold = merged_width(WIDTHS[paragraph.first:]), bool(getattr(fmt, "bold", False))
        parts = ((INDENT,) if paragraph.indent else ()) + paragraph.parts
        return [self._row(paragraph.first, piece, fmt, width, bold) for piece in _pieces(parts, width, bold)]

    def flow(self, paragraph: Paragraph) -> None:
        """Place a paragraph as a word processor would: filling the page, then going on to the next
        (never leaving a single line behind at the foot of a page)."""
        fmt = getattr(self.styles, STYLE_ROLES[paragraph.style])
        width, bold = merged_width(WIDTHS[paragraph.first:]), bool(getattr(fmt, "bold", False))
        parts = ((INDENT,) if paragraph.indent else ()) + paragraph.parts
        while parts:
            if self.pages.lines_left() < 2:
                self.pages.new_page()
            pieces = _pieces(parts, width, bold, min(ROW_LINES, self.pages.lines_left()))
            self.pages.add([self._row(paragraph.first, pieces[0], fmt, width, bold)])
            parts = tuple(part for piece in pieces[1:] for part in piece)

    def _row(self, first: int, piece: tuple[Part, ...], fmt, width: float, bold: bool) -> SheetRow:
        return SheetRow(row_height([(plain(piece), width)], bold=bold),
                        lambda sheet, row: self.write_parts(sheet, row, first, LAST, piece, fmt))

    def heading_line(self, line: HeadingLine) -> SheetRow:
        """ส่วนราชการ ... / ที่ ... วันที่ ...: bold labels, values as typed (a real date for วันที่), the
        form's dotted line where a value is not given."""
        styles = self.styles
        spans = [(0, LAST)] if len(line.fields) == 1 else [(0, 1), (2, LAST)]
        widths = [merged_width(WIDTHS[a:b + 1]) for a, b in spans]
        values = [value or dots(label, width) for (label, value), width in zip(line.fields, widths)]
        texts = [f"{label} {value}" for (label, _), value in zip(line.fields, values)]
        height = row_height([(text, merged_width(WIDTHS[a:b + 1])) for text, (a, b) in zip(texts, spans)])

        def write(sheet, row):
            for (label, _), value, (first, last) in zip(line.fields, values, spans):
                if isinstance(value, dt.date):
                    sheet.write_string(row, first, label, styles.memo_bold)
                    sheet.merge_range(row, first + 1, row, last, "", styles.memo_date)
                    sheet.write_datetime(row, first + 1, value, styles.memo_date)
                    continue
                sheet.merge_range(row, first, row, last, "", styles.memo_text)
                sheet.write_rich_string(row, first, styles.bold_run, label, styles.run, f" {value}",
                                        styles.memo_text)
        return SheetRow(height, write)

    def pair(self, pair: Pair) -> list[SheetRow]:
        """Two columns of paragraphs, each line of one beside the same line of the other."""
        half = len(WIDTHS) // 2
        rows = []
        for left, right in zip(pair.left, pair.right):
            placed = [(0, half - 1, left.parts, getattr(self.styles, STYLE_ROLES[left.style])),
                      (half, LAST, right.parts, getattr(self.styles, STYLE_ROLES[right.style]))]
            height = row_height([(plain(parts), merged_width(WIDTHS[first:last + 1]))
                                 for first, last, parts, _ in placed], bold=left.style == "bold")
            rows.append(SheetRow(height, lambda sheet, row, placed=placed: self.write_cells(sheet, row, placed)))
        return rows

    def write_cells(self, sheet, row: int, placed) -> None:
        for first, last, parts, fmt in placed:
            self.write_parts(sheet, row, first, last, parts, fmt)

    def chart(self, block: Chart) -> list[SheetRow]:
        report = self.report
        chart = indicator_chart(report.workbook, report.cells, report.edition, PORTRAIT_WIDTH,
                                self.styles.thai_digits, compact=True, ratio=CHART_RATIO)
        height = chart.height * 0.75 + 8                   # pixels to points, and a margin
        caption = self.paragraph(Paragraph((block.caption,), "center"))   # kept with the chart
        return caption + [SheetRow(height, lambda sheet, row: sheet.insert_chart(row, 0, chart,
                                                                                 {"x_offset": 2, "y_offset": 4}))]

    def page_number(self, number: int) -> SheetRow:
        """"- ๒ -" at the top of a page from the second, centred, in the memo's digits."""
        text = self.words.prose(self.words.t("memo.page_number", page=number))
        return SheetRow(row_height([(text, PORTRAIT_WIDTH)]),
                        lambda sheet, row: sheet.merge_range(row, 0, row, LAST, text, self.styles.memo_center))

    # -- the sheet -------------------------------------------------------------------------
    def lay_out(self) -> MemoPages:
        self.pages.add([self.warning()])
        for section in self.memo.sections:
            lead: list[SheetRow] = []     # what introduces a kept group goes on the group's page
            for n, block in enumerate(section.blocks):
                following = next((b for b in section.blocks[n + 1:] if not isinstance(b, Gap)), None)
                if isinstance(block, tuple):                    # kept together
                    self.pages.add(lead + [row for item in block for row in self.rows_of(item)])
                    lead = []
                elif isinstance(block, TableBlock):
                    place_table(self, block, lead)
                    lead = []
                elif lead or isinstance(block, Paragraph) and (
                        isinstance(following, (tuple, TableBlock, Chart)) or block.style in ("bold", "center")):
                    lead += self.rows_of(block)
                elif isinstance(block, Paragraph) and block.style != "title":
                    self.flow(block)
                else:
                    self.pages.add(lead + self.rows_of(block))
                    lead = []
            if lead:
                self.pages.add(lead)
        return self.pages

    def warning(self) -> SheetRow:
        """Empty while the scores are those the memo was written from; else, in red, what to do."""
        text = self.words.t("memo.stale")
        formula = warning_formula(written_from(self.report), self.decimals, text)

        def write(sheet, row):
            sheet.merge_range(row, 0, row, LAST, "", self.styles.memo_warning)
            sheet.write_formula(row, 0, formula, self.styles.memo_warning, "")
        return SheetRow(row_height([(text, merged_width(WIDTHS))], bold=True), write)


def dots(label: str, width: float) -> str:
    """The form's dotted line after ``label``, as long as fits on its line."""
    room = usable_width(width) - text_width(label + " ", bold=True)
    return "." * max(3, int(room / text_width(".")))


def _pieces(parts: tuple[Part, ...], width: float, bold: bool, lines: int = ROW_LINES) -> list[tuple[Part, ...]]:
    """The parts cut into rows of at most ``lines`` lines, after break opportunities outside figures
    and bold labels; the rows join back into the parts."""
    text = plain(parts)
    cuts, at = [], 0
    for piece in split_rows(text, width, lines, bold)[:-1]:
        at += len(piece)
        cuts.append(at)
    rows: list[list[Part]] = [[]]
    position = 0
    for part in parts:
        if not isinstance(part, str):            # never cut inside a figure or a bold label
            rows[-1].append(part)
            position += len(part.text)
            while cuts and cuts[0] <= position:
                cuts.pop(0)
            continue
        while cuts and position + len(part) > cuts[0] > position:
            cut = cuts.pop(0) - position
            rows[-1].append(part[:cut])
            rows.append([])
            part, position = part[cut:], position + cut
        if part:
            rows[-1].append(part)
        position += len(part)
    return [tuple(row) for row in rows if row] or [()]


def write_memo_sheet(report: Report, memo: Memo) -> MemoPages:
    sheet = report.workbook.add_worksheet(report.t("memo.sheet"))
    for col, width in enumerate(WIDTHS):
        sheet.set_column(col, col, width)
    pages = MemoSheet(report, memo).lay_out()
    for number, row in enumerate(pages.rows):
        sheet.set_row(number, row.height)
        row.write(sheet, number)
    sheet.set_paper(A4)
    sheet.set_margins(**margins_inches())
    sheet.set_print_scale(100)
    sheet.set_start_page(1)
    sheet.hide_gridlines(2)
    sheet.print_area(0, 0, len(pages.rows) - 1, LAST)
    sheet.set_h_pagebreaks(pages.breaks)
    return pages

