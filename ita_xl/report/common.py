"""Cell references and formulas shared by the report's sheets."""
from __future__ import annotations


def ref(sheet: str, row: int, col: int, absolute: bool = True) -> str:
    """``'คะแนนตัวชี้วัด'!$D$4`` for zero-based (3, 3)."""
    from xlsxwriter.utility import xl_rowcol_to_cell
    return f"'{sheet}'!{xl_rowcol_to_cell(row, col, absolute, absolute)}"


def cell(row: int, col: int, row_abs: bool = False, col_abs: bool = False) -> str:
    from xlsxwriter.utility import xl_rowcol_to_cell
    return xl_rowcol_to_cell(row, col, row_abs, col_abs)


def column_ref(sheet: str, rows: list[int], col: int) -> str:
    """The cells of ``rows`` in one column: a range when they are contiguous."""
    if rows == list(range(rows[0], rows[-1] + 1)):
        return f"{ref(sheet, rows[0], col)}:{ref(sheet, rows[-1], col).split('!')[1]}"
    return ",".join(ref(sheet, row, col) for row in rows)


def judged(reference: str, decimals: int) -> str:
    """The Excel twin of ``analysis.judged``: decisions use the published (rounded) score."""
    return f"ROUND({reference},{decimals})"
