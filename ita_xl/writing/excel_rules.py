"""The Excel twins of the analysis's rules, each beside the name of the Python rule it mirrors.

Every formula a workbook writes is built here and nowhere else: the sheets only say which cells a
rule reads. ``analysis/scoring.py`` decides in Python (the values saved with each formula, the
memo's words); the functions here make Excel decide the same way when a clerk edits a score.
Each returns an expression without the leading ``=`` (callers write ``"=" + ...`` for a cell), so
that one rule can sit inside another. ``tests/test_excel_rules.py`` recalculates workbooks in
LibreOffice, at every boundary and on random assessments, and holds each twin to its original.

The order in which strengths, weaknesses and weak items are listed (``analysis``'s
``strengths_and_weaknesses`` and ``weak_items``) is not a formula: the rows are written in that
order, and ``changed_formula`` raises the stale warning once a published score moves.
"""
from __future__ import annotations

from collections.abc import Sequence

MEETS = ">="                          # scoring.meets: the published score reaches the target
BELOW = {">=": "<", ">": "<="}[MEETS]  # its negation, for what is below target
HIGHER = ">"                          # scoring.competition_ranks: each higher published score adds one
TARGET = "Target"                     # the workbook's name for its target cell
MAX_LITERAL = 255                     # characters of one string constant in an Excel formula


def ref(sheet: str, row: int, col: int, absolute: bool = True) -> str:
    """``'คะแนนตัวชี้วัด'!$D$4`` for zero-based (3, 3)."""
    from xlsxwriter.utility import xl_rowcol_to_cell
    return f"'{sheet}'!{xl_rowcol_to_cell(row, col, absolute, absolute)}"


def column_ref(sheet: str, rows: list[int], col: int) -> str:
    """The cells of ``rows`` in one column: a range when they are contiguous."""
    if rows == list(range(rows[0], rows[-1] + 1)):
        return f"{ref(sheet, rows[0], col)}:{ref(sheet, rows[-1], col).split('!')[1]}"
    return ",".join(ref(sheet, row, col) for row in rows)


def literal(text: str) -> str:
    """A string constant; a longer text as constants joined, each under Excel's limit."""
    chunks = [text[n:n + MAX_LITERAL] for n in range(0, len(text), MAX_LITERAL)] or [""]
    return "&".join('"' + chunk.replace('"', '""') + '"' for chunk in chunks)


def judged_formula(reference: str, decimals: int) -> str:
    """The twin of ``scoring.judged``: the score as published, rounded half up (Excel's ROUND)."""
    return f"ROUND({reference},{decimals})"


def meets_formula(reference: str, decimals: int, target: str = TARGET) -> str:
    """The twin of ``scoring.meets``: TRUE when the published score reaches ``target``."""
    return f"{judged_formula(reference, decimals)}{MEETS}{target}"


def below_formula(reference: str, decimals: int, target: str = TARGET) -> str:
    """``not scoring.meets``: TRUE when the published score is below ``target`` (red cells)."""
    return f"{judged_formula(reference, decimals)}{BELOW}{target}"


def verdict_formula(reference: str, decimals: int, meets: str, below: str) -> str:
    """``scoring.meets`` put into words: ``meets`` or ``below`` for the score at ``reference``."""
    return f"IF({meets_formula(reference, decimals)},{literal(meets)},{literal(below)})"


def tool_score_formula(indicator_cells: str) -> str:
    """The twin of ``scoring.tool_scores``: the plain mean of the tool's indicators."""
    return f"AVERAGE({indicator_cells})"


def weight_total_formula(weights: str) -> str:
    """The tools' weights added up (the framework makes them 100)."""
    return f"SUM({weights})"


def ita_formula(weights: str, tool_scores: str) -> str:
    """The twin of ``scoring.ita_score``: the weighted sum of the tool scores over 100."""
    return f"SUMPRODUCT({weights},{tool_scores})/100"


def level_formula(levels: Sequence, names: Sequence[str], ita: str, tools: str, decimals: int) -> str:
    """The twin of ``scoring.level_of``: the first band (best first) whose ``min`` the published ITA
    reaches and whose ``tools_min`` the lowest published tool reaches; the last band otherwise.
    ``names``: each band's name in the edition; ``tools``: the range of the tool scores."""
    formula = literal(names[-1])
    for level, name in zip(reversed(levels[:-1]), reversed(names[:-1])):
        condition = meets_formula(ita, decimals, f"{level.min:g}")
        if level.tools_min is not None:
            condition = f"AND({condition},{meets_formula(f'MIN({tools})', decimals, f'{level.tools_min:g}')})"
        formula = f"IF({condition},{literal(name)},{formula})"
    return formula


def rank_formula(scores: str, reference: str, decimals: int) -> str:
    """The twin of ``scoring.competition_ranks``: one more than the number of published scores in
    ``scores`` higher than the one at ``reference``, so equal published scores share a rank."""
    return (f"SUMPRODUCT(--({judged_formula(scores, decimals)}{HIGHER}{judged_formula(reference, decimals)}))"
            "+1")


def count_formula(references: Sequence[str], decimals: int, meeting: bool) -> str:
    """How many of the scores meet the target (``meeting``) or not: ``len`` of the strengths or of
    the weaknesses of ``analysis.strengths_and_weaknesses``, which split the indicators by
    ``scoring.meets``."""
    rule = meets_formula if meeting else below_formula
    return "+".join(f"--({rule(reference, decimals)})" for reference in references)


def bar_formula(reference: str, decimals: int, meeting: bool) -> str:
    """The chart's colour rule: the score in the series of bars that meet the target (``meeting``)
    or in the series below it, 0 in the other (``scoring.meets``)."""
    shown = (reference, "0") if meeting else ("0", reference)
    return f"IF({meets_formula(reference, decimals)},{shown[0]},{shown[1]})"


def shown_score_formula(reference: str, decimals: int, number_format: str) -> str:
    """The published score as text in a sentence (``scoring.judged``, then ``number_format``)."""
    return f'TEXT({judged_formula(reference, decimals)},"{number_format}")'


def count_text_formula(references: Sequence[str], decimals: int, meeting: bool, number_format: str) -> str:
    """``count_formula`` as text in a sentence."""
    return f'TEXT({count_formula(references, decimals, meeting)},"{number_format}")'


def changed_formula(references: Sequence[str], published: Sequence[str], decimals: int) -> str:
    """TRUE once a published score differs from the one a sheet was written from (``published``:
    each as written, ``12.34``): what no formula follows (the order of a list) is then stale."""
    return "OR(" + ",".join(f"{judged_formula(reference, decimals)}<>{value}"
                            for reference, value in zip(references, published)) + ")"


def stale_warning_formula(changed: str, warning: str, otherwise: str = "") -> str:
    """``warning`` when ``changed`` (a ``changed_formula``) holds, else ``otherwise``."""
    return f"IF({changed},{literal(warning)},{literal(otherwise)})"


def difference_formula(computed: str, stated: str) -> str:
    """The twin of ``audit._number``'s difference: computed less stated."""
    return f"{computed}-{stated}"


def within_formula(difference: str, tolerance: float) -> str:
    """The twin of ``audit._number``'s match: a difference that rounding explains (with the audit's
    slack of 1E-9, so that floating-point noise never decides)."""
    return f"ABS({difference})<={tolerance!r}+1E-9"


def same_formula(computed: str, stated: str) -> str:
    """The twin of the audit's status and level matches: the two cells say the same."""
    return f"{computed}={stated}"


def matches_formula(test: str, match: str, mismatch: str) -> str:
    """The audit's verdict in words: ``match`` when ``test`` holds, else ``mismatch``."""
    return f"IF({test},{literal(match)},{literal(mismatch)})"
