"""The Word memo's tables: bordered, their columns fixed, no row split over two pages, what must stay
together kept together; and the borderless table of the two opinion blocks."""
from __future__ import annotations

from ..styles import BELOW_TARGET_FILL, BELOW_TARGET_FONT, HEADER_FILL, LIGHT_FILL
from .document import Cell, Figure, Pair, TableBlock, TableRow, plain
from .fitting import CELL_PADDING_CM, height_cm, longest_word_cm, widen
from .ooxml import borders, fixed_layout, row_flags, run_properties, shade

SPACER_POINTS = 4                    # the space between a table and what is around it


class WordTables:
    """Writes tables into a ``MemoDocument``'s body, sharing its runs and its spacing."""

    def __init__(self, memo):
        self.memo = memo

    def new_table(self, rows: int, widths: list[float], lines: str):
        """A table of fixed column widths (cm), ``single`` borders or none (``nil``); a small gap
        before it (between two tables, which Word would join into one, an empty paragraph). Returns
        the table and each row's cells (``row_cells``)."""
        from docx.enum.table import WD_TABLE_ALIGNMENT
        self.before_table()
        table = self.memo.document.add_table(rows=rows, cols=len(widths))
        table.alignment = WD_TABLE_ALIGNMENT.CENTER if lines == "nil" else WD_TABLE_ALIGNMENT.LEFT
        fixed_layout(table, sum(widths))
        borders(table, lines)
        for column, width in zip(table.columns, widths):
            column.width = cm(width)
        grid = row_cells(table)
        for cells in grid:
            for cell, width in zip(cells, widths):
                cell.width = cm(width)
        self.memo.last = table
        return table, grid

    def before_table(self) -> None:
        from docx.enum.text import WD_LINE_SPACING
        from docx.shared import Pt
        if self.memo.last is not None and not hasattr(self.memo.last, "paragraph_format"):
            spacer = self.memo.document.add_paragraph()
            spacer.paragraph_format.line_spacing = Pt(self.memo.gap or SPACER_POINTS)
            spacer.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
            spacer._p.get_or_add_pPr().append(run_properties(None, self.memo.gap or SPACER_POINTS))
        elif self.memo.last is not None:
            self.memo.last.paragraph_format.space_after = Pt(self.memo.gap or SPACER_POINTS / 2)
        self.memo.gap = 0.0

    def widths(self, block: TableBlock) -> list[float]:
        """The columns across the page by their relative widths, each at least as wide as the longest
        word of its header or labels (which never break inside a word)."""
        text = self.memo.pages.text_cm
        widths = [text * w / sum(block.widths) for w in block.widths]
        least = [0.0] * len(widths)
        for row in block.rows:
            if row.kind == "header" or row.label:
                named = row.cells if row.kind == "header" else row.cells[:1]
                for n, found in enumerate(named):
                    least[n] = max(least[n], longest_word_cm((plain(p) for p in found.paragraphs), self.memo.size)
                                   + CELL_PADDING_CM)
        return widen(widths, least)

    def table(self, block: TableBlock):
        """Bordered rows, none split across pages (one taller than a page excepted): a header row
        white bold on dark blue and repeated on every page, a band (a measure's name) bold on light
        blue and kept with what follows, labels bold, scores right-aligned, a score below the target
        red on light red; a ``whole`` table kept on one page."""
        widths = self.widths(block)
        table, grid = self.new_table(len(block.rows), widths, "single")
        heights = [height_cm(spec.cells, [sum(widths[a:b]) for a, b in spans(spec.cells)], self.memo.size)
                   for spec in block.rows]
        kept = kept_with_next(block, heights, self.memo.pages.text_height_cm)
        for row, cells, spec, height, keep in zip(table.rows, grid, block.rows, heights, kept):
            row_flags(row, header=spec.kind == "header", whole=height < self.memo.pages.text_height_cm * 0.8)
            for (a, b), content in zip(spans(spec.cells), spec.cells):
                self.cell(merged(cells, a, b), content, spec, first=a == 0)
            if keep:
                keep_with_next(row)
        return table

    def cell(self, cell, content: Cell, row: TableRow, first: bool) -> None:
        from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        parts = content.paragraphs[0] if content.paragraphs else ()
        figure = parts[0] if len(parts) == 1 and isinstance(parts[0], Figure) else None
        below = figure is not None and figure.kind == "score" and figure.passed is False
        fill = HEADER_FILL if row.kind == "header" else LIGHT_FILL if row.kind == "band" else \
            BELOW_TARGET_FILL if below else None
        if fill:
            shade(cell, fill)
        if row.kind == "header":
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        for n, parts in enumerate(content.paragraphs or ((),)):
            paragraph = cell.paragraphs[0] if n == 0 else cell.add_paragraph()
            if row.kind == "header":
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            elif figure is not None:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            colour = "FFFFFF" if row.kind == "header" else BELOW_TARGET_FONT.lstrip("#") if below else None
            self.memo.write_parts(paragraph, parts, bold=row.kind != "body" or row.label and first, colour=colour)

    def pair(self, pair: Pair):
        """The two opinion blocks side by side: a borderless table of two columns, one row never split."""
        half = self.memo.pages.text_cm / 2
        table, [cells] = self.new_table(1, [half, half], "nil")
        row_flags(table.rows[0], header=False, whole=True)
        for cell, paragraphs in zip(cells, (pair.left, pair.right)):
            for n, block in enumerate(paragraphs):
                paragraph = self.memo.paragraph(block, cell.paragraphs[0] if n == 0 else cell.add_paragraph())
                paragraph.paragraph_format.keep_with_next = n < len(paragraphs) - 1
                paragraph.paragraph_format.keep_together = True
        return table



def kept_with_next(block: TableBlock, heights: list[float], page_cm: float) -> list[bool]:
    """Which rows stay on the page of the next: all but the last of a ``whole`` table; a header and a
    band always; a group of rows that asks to be kept together (a measure) when it takes at most a
    third of a page (a taller one may go on over the page, its band with its first row)."""
    kept = [block.whole and n < len(block.rows) - 1 or row.kind in ("header", "band")
            for n, row in enumerate(block.rows)]
    start = 0
    for n, row in enumerate(block.rows):
        if not row.with_next:
            if sum(heights[start:n + 1]) <= page_cm / 3:
                kept[start:n] = [True] * (n - start)
            start = n + 1
    return kept


def merged(cells, a: int, b: int):
    """The row's cells ``a`` to ``b - 1`` as one cell. python-docx's ``merge`` finds the cells' rows by
    searching the table for each (quadratic in the rows: a memo of 2,000 measures took 10 s in it);
    a span within one row is the first cell grown over the next ones, which is what it comes to."""
    if b - a > 1:
        cells[a]._tc._grow_to(b - a, 1)
    return cells[a]


def spans(cells) -> list[tuple[int, int]]:
    """The table columns each cell takes, as (first, after last)."""
    places, at = [], 0
    for found in cells:
        places.append((at, at + found.span))
        at += found.span
    return places


def keep_with_next(item) -> None:
    """A paragraph, or every paragraph of a table or of a table's row, kept on the page of what
    follows."""
    from docx.oxml.ns import qn
    from docx.text.paragraph import Paragraph
    element = getattr(item, "_tbl", None) if hasattr(item, "_tbl") else getattr(item, "_tr", None)
    if element is None:
        item.paragraph_format.keep_with_next = True
        return
    for paragraph in element.iter(qn("w:p")):
        Paragraph(paragraph, item).paragraph_format.keep_with_next = True


def row_cells(table) -> list[list]:
    """Each row's cells, before any is merged, from the table's XML: python-docx's ``row.cells``
    works out every cell's span each time it is asked, a third of the Word memo's tables' time."""
    from docx.table import _Cell
    return [[_Cell(tc, table) for tc in tr.tc_lst] for tr in table._tbl.tr_lst]


def cm(value: float):
    from docx.shared import Cm
    return Cm(value)
