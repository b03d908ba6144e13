"""Sheet รายงาน: the memo (``ita_xl.memo``) laid out on A4 rows, ready to print and sign.

Every figure the memo states is a formula over the workbook's score cells, and each verdict
word is chosen by a formula, so editing a score changes the memo with the tables; where the
memo's structure depends on the scores (which indicators are strengths, in what order), a
warning at its top appears when the scores no longer match those it was written from.

Page layout happens in one place (``Pages``): every row's height is measured from its text,
a table, the chart and a signature block are kept whole, and a page break goes before
whatever would not fit.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..excel_rules import judged
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
from ..sheet_tables import A4, CM
from ..text_layout import (
    LINE_HEIGHT,
    PAGE_HEIGHT,
    PORTRAIT_WIDTH,
    ROW_PADDING,
    merged_width,
    row_height,
    split_rows,
)
from .chart import indicator_chart
from .context import Report
from .live_text import text_formula, warning_formula

WIDTHS = (8, 8, 7, 7, 7, 7)          # PORTRAIT_WIDTH in all: A4 portrait inside a Thai letter's margins
LAST = len(WIDTHS) - 1
assert sum(WIDTHS) == PORTRAIT_WIDTH, "the memo must print at 100 % without cutting a column"
CELL_LINES = 4                       # a long table cell goes on in the rows below, this many lines each
ROW_LINES = 14                       # a paragraph takes rows of at most this many lines: pages may break between
INDENT = "\u00a0" * 6                 # no-break spaces: a formula's saved text keeps them
KEEP_LIMIT = PAGE_HEIGHT / 3        # the tallest group kept whole; a taller one breaks between its rows
CHART_RATIO = 0.38                   # the chart's height to its width: with its caption, a third of a page
STYLE_ROLES = {"text": "memo_text", "bold": "memo_bold", "center": "memo_center", "note": "note",
               "title": "memo_title"}


@dataclass
class SheetRow:
    """One sheet row to be written: its height and how to write it."""
    height: float
    write: object                    # a function (sheet, row) -> None


@dataclass
class Pages:
    """Rows laid out on A4 pages. A group (a table, the chart, a signature block) is kept on one
    page when it takes at most a third of one: so a page is broken early only by a group that
    cannot fill more than a third, and every page but the last is at least two-thirds full."""
    rows: list[SheetRow] = field(default_factory=list)
    breaks: list[int] = field(default_factory=list)
    fill: list[float] = field(default_factory=lambda: [0.0])

    def add(self, group: list[SheetRow], keep: bool = True) -> None:
        """Rows on the pages; a ``keep`` group (up to a third of a page) together, another with at
        least its first two rows together."""
        height = sum(row.height for row in group)
        if (not keep or height > KEEP_LIMIT) and len(group) > 1:
            height = group[0].height + group[1].height
        if self.fill[-1] and self.fill[-1] + height > PAGE_HEIGHT:
            self._break()
        for row in group:
            if self.fill[-1] and self.fill[-1] + row.height > PAGE_HEIGHT:
                self._break()
            self.rows.append(row)
            self.fill[-1] += row.height

    def lines_left(self) -> int:
        """Lines of text that still fit on this page in one row."""
        return int((PAGE_HEIGHT - self.fill[-1] - ROW_PADDING) // LINE_HEIGHT)

    def new_page(self) -> None:
        if self.fill[-1]:
            self._break()

    def _break(self) -> None:
        self.breaks.append(len(self.rows))
        self.fill.append(0.0)


class MemoSheet:
    """Turns the memo's blocks into rows on the sheet."""

    def __init__(self, report: Report, memo: Memo):
        self.report, self.memo = report, memo
        self.styles = report.memo_styles
        self.words = report.memo_words
        self.decimals = report.framework.decimals
        self.pages = Pages()

    def write_parts(self, sheet, row: int, first: int, last: int, parts: tuple[Part, ...], fmt) -> None:
        """Text, bold runs (a rich string) or, with figures, a formula; merged across the columns."""
        text = plain(parts)
        figures = any(isinstance(p, Figure) for p in parts)
        runs = not figures and any(isinstance(p, Strong) for p in parts)
        if first != last and (figures or runs):
            sheet.merge_range(row, first, row, last, "", fmt)
        if figures:
            sheet.write_formula(row, first, text_formula(parts, self.decimals, self.styles.thai_digits), fmt, text)
        elif runs:
            styles = self.styles
            pieces = [item for p in parts if (p.text if isinstance(p, Strong) else p)
                      for item in ((styles.bold_run, p.text) if isinstance(p, Strong) else (styles.run, p))]
            sheet.write_rich_string(row, first, *pieces, fmt)
        elif first == last:
            sheet.write_string(row, first, text, fmt)
        else:
            sheet.merge_range(row, first, row, last, text, fmt)

    # -- blocks ----------------------------------------------------------------------------
    def rows_of(self, block) -> list[SheetRow]:
        if isinstance(block, Gap):
            return [SheetRow(block.points, lambda sheet, row: None)]
        if isinstance(block, Paragraph):
            return self.paragraph(block)
        if isinstance(block, HeadingLine):
            return [self.heading_line(block)]
        if isinstance(block, TableBlock):
            return self.table(block)
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
            parts = tuple(part for piece in pieces[1:2] for part in piece) + \
                tuple(part for piece in pieces[2:] for part in (" ",) + piece)

    def _row(self, first: int, piece: tuple[Part, ...], fmt, width: float, bold: bool) -> SheetRow:
        return SheetRow(row_height([(plain(piece), width)], bold=bold),
                   lambda sheet, row: self.write_parts(sheet, row, first, LAST, piece, fmt))

    def heading_line(self, line: HeadingLine) -> SheetRow:
        """ส่วนราชการ ... / ที่ ... วันที่ ...: bold labels, values as typed (a real date for วันที่)."""
        styles = self.styles
        spans = [(0, LAST)] if len(line.fields) == 1 else [(0, 1), (2, LAST)]
        texts = [f"{label} {value}" for label, value in line.fields]
        height = row_height([(text, merged_width(WIDTHS[a:b + 1])) for text, (a, b) in zip(texts, spans)])

        def write(sheet, row):
            for (label, value), (first, last) in zip(line.fields, spans):
                if isinstance(value, dt.date):
                    sheet.write_string(row, first, label, styles.memo_bold)
                    sheet.merge_range(row, first + 1, row, last, "", styles.memo_date)
                    sheet.write_datetime(row, first + 1, value, styles.memo_date)
                    continue
                sheet.merge_range(row, first, row, last, "", styles.memo_text)
                sheet.write_rich_string(row, first, styles.bold_run, label, styles.run, f" {value}", styles.memo_text)
        return SheetRow(height, write)

    def table(self, table: TableBlock) -> list[SheetRow]:
        styles = self.styles
        bounds, start = [], 0
        for span in table.spans:
            bounds.append((start, start + span - 1))
            start += span
        rows = []
        for n, cells in enumerate(table.rows):
            header = table.header and n == 0
            label_fmt = styles.header if header else styles.text
            rows += self._cells(bounds, cells, label_fmt, styles.header if header else styles.text)
        return rows

    def pair(self, pair: Pair) -> list[SheetRow]:
        """Two columns of paragraphs, each line of one beside the same line of the other."""
        half = len(WIDTHS) // 2
        rows = []
        for left, right in zip(pair.left, pair.right):
            placed = [(0, half - 1, left.parts, getattr(self.styles, STYLE_ROLES[left.style])),
                      (half, LAST, right.parts, getattr(self.styles, STYLE_ROLES[right.style]))]
            height = row_height([(plain(parts), merged_width(WIDTHS[first:last + 1]))
                                 for first, last, parts, _ in placed], bold=left.style == "bold")
            rows.append(SheetRow(height, lambda sheet, row, placed=placed: self._write_cells(sheet, row, placed)))
        return rows

    def _cells(self, bounds, cells, first_fmt, rest_fmt) -> list[SheetRow]:
        """One table row (a long value continues on rows below, its label cell left empty)."""
        columns = [(first, last, parts, first_fmt if n == 0 else rest_fmt)
                   for n, ((first, last), parts) in enumerate(zip(bounds, cells))]
        pieces = [(first, last, _pieces(parts, merged_width(WIDTHS[first:last + 1]), False, CELL_LINES)
                   if parts else [()], fmt)
                  for first, last, parts, fmt in columns]
        rows = []
        for k in range(max(len(p[2]) for p in pieces)):
            placed = [(first, last, parts[k] if k < len(parts) else (), fmt) for first, last, parts, fmt in pieces]
            height = row_height([(plain(piece), merged_width(WIDTHS[first:last + 1]))
                                 for first, last, piece, _ in placed])
            rows.append(SheetRow(height, lambda sheet, row, placed=placed: self._write_cells(sheet, row, placed)))
        return rows

    def _write_cells(self, sheet, row: int, placed) -> None:
        for first, last, piece, fmt in placed:
            figure = piece[0] if len(piece) == 1 and isinstance(piece[0], Figure) else None
            if figure is not None and figure.kind == "score":     # a score in a table stays a number
                score = self.styles.score
                if first != last:
                    sheet.merge_range(row, first, row, last, "", score)
                sheet.write_formula(row, first, f"={figure.cells[0]}", score, figure.value)
                sheet.conditional_format(row, first, row, first, {
                    "type": "formula", "criteria": f"={judged(figure.cells[0], self.decimals)}<Target",
                    "format": self.styles.below_target})
            else:
                self.write_parts(sheet, row, first, last, piece, fmt)

    def chart(self, block: Chart) -> list[SheetRow]:
        report = self.report
        chart = indicator_chart(report.workbook, report.cells, report.edition, PORTRAIT_WIDTH,
                                self.styles.thai_digits, compact=True, ratio=CHART_RATIO)
        height = chart.height * 0.75 + 8                   # pixels to points, and a margin
        caption = self.paragraph(Paragraph((block.caption,), "center"))   # kept with the chart
        return caption + [SheetRow(height, lambda sheet, row: sheet.insert_chart(row, 0, chart,
                                                                             {"x_offset": 2, "y_offset": 4}))]

    # -- the sheet -------------------------------------------------------------------------
    def lay_out(self) -> Pages:
        self.pages.add([self.warning()])
        for section in self.memo.sections:
            # a paragraph that introduces a kept group (the closing before the signature) goes on the
            # group's page, as in the Word memo: a signature never stands alone on a page
            lead: list[SheetRow] = []
            for n, block in enumerate(section.blocks):
                following = next((b for b in section.blocks[n + 1:] if not isinstance(b, Gap)), None)
                if isinstance(block, tuple):                    # kept together
                    self.pages.add(lead + [row for item in block for row in self.rows_of(item)])
                    lead = []
                elif lead or isinstance(block, Paragraph) and isinstance(following, tuple):
                    lead += self.rows_of(block)
                elif isinstance(block, Paragraph) and block.style != "title":
                    self.flow(block)
                else:
                    self.pages.add(self.rows_of(block), keep=getattr(block, "keep", True))
        return self.pages

    def warning(self) -> SheetRow:
        """Empty while the scores are those the memo was written from; else, in red, what to do."""
        text = self.words.t("memo.stale")
        formula = warning_formula(self.memo.check, self.decimals, text)

        def write(sheet, row):
            sheet.merge_range(row, 0, row, LAST, "", self.styles.memo_warning)
            sheet.write_formula(row, 0, formula, self.styles.memo_warning, "")
        return SheetRow(row_height([(text, merged_width(WIDTHS))], bold=True), write)


def _pieces(parts: tuple[Part, ...], width: float, bold: bool, lines: int = ROW_LINES) -> list[tuple[Part, ...]]:
    """The parts cut into rows of at most ``lines`` lines, at spaces outside figures and bold labels."""
    text = plain(parts)
    cuts, at = [], 0
    for piece in split_rows(text, width, lines, bold)[:-1]:
        at += len(piece) + 1
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
        while cuts and position + len(part) >= cuts[0] > position:
            cut = cuts.pop(0) - position
            if part[:cut - 1]:
                rows[-1].append(part[:cut - 1])
            rows.append([])
            part, position = part[cut:], position + cut
        if part:
            rows[-1].append(part)
        position += len(part)
    return [tuple(row) for row in rows if row] or [()]


def write_memo_sheet(report: Report, memo: Memo) -> Pages:
    sheet = report.workbook.add_worksheet(report.t("memo.sheet"))
    for col, width in enumerate(WIDTHS):
        sheet.set_column(col, col, width)
    pages = MemoSheet(report, memo).lay_out()
    for number, row in enumerate(pages.rows):
        sheet.set_row(number, row.height)
        row.write(sheet, number)
    sheet.set_paper(A4)
    sheet.set_margins(left=3 * CM, right=2 * CM, top=2.5 * CM, bottom=2 * CM)
    sheet.set_print_scale(100)
    sheet.set_start_page(1)
    # the page count in the digits LibreOffice and Excel print &P in (always Arabic), not "หน้า 1 จาก ๑๑"
    sheet.set_footer("&R" + report.t("memo.page_of", page="&P", pages=len(pages.fill)))
    sheet.hide_gridlines(2)
    sheet.print_area(0, 0, len(pages.rows) - 1, LAST)
    sheet.set_h_pagebreaks(pages.breaks)
    return pages
