"""The memo's tables on the memo sheet: each table column mapped onto the sheet's six, a table row
one sheet row (a row taller than Excel's 409 points goes on in the rows below it, with no rule
between them), a table kept on one page, the measures kept measure by measure."""
from __future__ import annotations

from ..excel_rules import below_formula
from ..memo.document import Cell, Figure, TableBlock, TableRow
from ..text_layout import PAGE_HEIGHT, merged_width, row_height, split_rows
from .memo_pages import WIDTHS, SheetRow

MAX_ROW = 409.0                      # points: Excel's tallest row
CELL_LINES = 14                      # lines of a piece of a row taller than that


def grid_bounds(widths: tuple[float, ...], columns: int) -> list[tuple[int, int]]:
    """The sheet columns (first, last) each table column takes, in proportion to its width."""
    total, edges, acc = sum(widths), [0], 0.0
    for n, width in enumerate(widths[:-1], start=1):
        acc += width
        edges.append(min(max(round(acc / total * columns), edges[-1] + 1), columns - (len(widths) - n)))
    edges.append(columns)
    return [(a, b - 1) for a, b in zip(edges, edges[1:])]


def table_rows(memo, block: TableBlock) -> list[SheetRow]:
    """Every sheet row of the table, in order."""
    bounds = grid_bounds(block.widths, len(WIDTHS))
    return [row for spec in block.rows for row in _rows(memo, spec, bounds, WIDTHS)]


def place_table(memo, block: TableBlock, lead: list[SheetRow]) -> None:
    """The table on the pages: whole when it asks to be, else each chain of rows kept together (a
    measure: its name with what follows it), the paragraphs that introduce it with its first rows."""
    bounds = grid_bounds(block.widths, len(WIDTHS))
    if block.whole:
        memo.pages.add(lead + table_rows(memo, block), whole=True)
        return
    group: list[SheetRow] = list(lead)
    for spec in block.rows:
        group += _rows(memo, spec, bounds, WIDTHS)
        if not spec.with_next and spec.kind != "header":
            memo.pages.add(group)
            group = []
    if group:
        memo.pages.add(group)


def _placed(row: TableRow, bounds) -> list[tuple[int, int, Cell]]:
    placed, at = [], 0
    for found in row.cells:
        placed.append((bounds[at][0], bounds[at + found.span - 1][1], found))
        at += found.span
    return placed


def _rows(memo, row: TableRow, bounds, widths) -> list[SheetRow]:
    """A table row as sheet rows: one, or (taller than Excel allows, or than a page) its cells' text
    cut into pieces of ``CELL_LINES`` lines, one sheet row each, joined without a rule."""
    placed = _placed(row, bounds)
    texts = [(first, last, cell.text) for first, last, cell in placed]
    sizes = [(text, merged_width(widths[first:last + 1])) for first, last, text in texts]
    height = row_height(sizes, bold=row.kind != "body")
    if height <= min(MAX_ROW, PAGE_HEIGHT * 0.8):
        return [SheetRow(height, lambda sheet, r: _write(memo, sheet, r, row, placed, None))]
    pieces = [split_rows(text, width, CELL_LINES) for text, width in sizes]
    count = max(len(p) for p in pieces)
    rows = []
    for k in range(count):
        parts = [p[k] if k < len(p) else "" for p in pieces]
        piece_height = row_height([(text, width) for text, (_, width) in zip(parts, sizes)])
        rows.append(SheetRow(piece_height, lambda sheet, r, parts=parts, k=k: _write(
            memo, sheet, r, row, placed, (parts, k == 0, k == count - 1))))
    return rows


def _write(memo, sheet, r: int, row: TableRow, placed, piece) -> None:
    """One sheet row of a table row: ``piece`` (texts, first, last) when the row is cut in pieces."""
    styles = memo.styles
    for n, (first, last, cell) in enumerate(placed):
        role = "header" if row.kind == "header" else "label" if row.kind == "band" else \
            "text_bold" if row.label and n == 0 else "text"
        fmt = getattr(styles, role) if piece is None else styles.continued(role, top=piece[1], bottom=piece[2])
        figure = _figure(cell)
        if piece is None and figure is not None and figure.kind == "score":
            _score(memo, sheet, r, first, last, figure)
        elif piece is None and len(cell.paragraphs) == 1:
            memo.write_parts(sheet, r, first, last, cell.paragraphs[0], fmt)
        else:
            text = piece[0][n] if piece is not None else cell.text
            if first != last:
                sheet.merge_range(r, first, r, last, text, fmt)
            else:
                sheet.write_string(r, first, text, fmt)


def _figure(cell: Cell) -> Figure | None:
    parts = cell.paragraphs[0] if len(cell.paragraphs) == 1 else ()
    return parts[0] if len(parts) == 1 and isinstance(parts[0], Figure) else None


def _score(memo, sheet, r: int, first: int, last: int, figure: Figure) -> None:
    """A score in a table stays a number: a formula over its score cell, red below the target."""
    score, ref = memo.styles.score, memo.report.cells.ref(figure.keys[0])
    if first != last:
        sheet.merge_range(r, first, r, last, "", score)
    sheet.write_formula(r, first, f"={ref}", score, figure.value)
    sheet.conditional_format(r, first, r, first, {
        "type": "formula", "criteria": "=" + below_formula(ref, memo.decimals),
        "format": memo.styles.below_target})

