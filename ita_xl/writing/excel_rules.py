"""Cell references and formulas shared by the report's sheets."""
from __future__ import annotations


def ref(sheet: str, row: int, col: int, absolute: bool = True) -> str:
    """``'คะแนนตัวชี้วัด'!$D$4`` for zero-based (3, 3)."""
    from xlsxwriter.utility import xl_rowcol_to_cell
    return f"'{sheet}'!{xl_rowcol_to_cell(row, col, absolute, absolute)}"


def column_ref(sheet: str, rows: list[int], col: int) -> str:
    """The cells of ``rows`` in one column: a range when they are contiguous."""
    if rows == list(range(rows[0], rows[-1] + 1)):
        return f"{ref(sheet, rows[0], col)}:{ref(sheet, rows[-1], col).split('!')[1]}"
    return ",".join(ref(sheet, row, col) for row in rows)


def judged(reference: str, decimals: int) -> str:
    """The Excel twin of ``analysis.judged``: decisions use the published (rounded) score."""
    return f"ROUND({reference},{decimals})"


def verdict(reference: str, decimals: int, meets: str, below: str) -> str:
    """The word for whether the score at ``reference``, as published, meets the target cell."""
    return f"IF({judged(reference, decimals)}>=Target,{literal(meets)},{literal(below)})"


MAX_LITERAL = 255                    # characters of one string constant in an Excel formula


def literal(text: str) -> str:
    """A string constant; a longer text as constants joined, each under Excel's limit."""
    chunks = [text[n:n + MAX_LITERAL] for n in range(0, len(text), MAX_LITERAL)] or [""]
    return "&".join('"' + chunk.replace('"', '""') + '"' for chunk in chunks)

