"""Writing: an ``Analysis`` becomes the formatted analysis workbook (xlsxwriter).

Nothing here computes a score; formulas carry the analysis's values as their
cached results so that every reader sees the right numbers without recalculating.
"""
from __future__ import annotations

from pathlib import Path

from ..model import Analysis, Comparison
from ..output import atomic_workbook
from ..styles import DEFAULT_FONT, Styles
from ..text import language
from .audit_sheet import write_audit_sheet
from .comparison_sheet import write_comparison_sheet
from .findings import write_findings_sheet, write_weak_items_sheet
from .indicator_sheet import indicator_cells, write_indicator_sheet
from .measures import write_measures_sheet
from .memo import write_memo_sheet
from .summary import write_summary_sheet
from .uplift_sheet import write_uplift_sheet


def write_report(analysis: Analysis, path: str | Path, font: str = DEFAULT_FONT,
                 comparison: Comparison | None = None, digits: str | None = None, force: bool = False) -> Path:
    """Write the analysis workbook to ``path`` (atomically; never over an input).

    ``digits``: None (Thai digits in the memo, Arabic elsewhere; Arabic throughout an English
    edition), "thai" or "arabic" everywhere.
    """
    path = Path(path)
    digits = digits or ("arabic" if language() == "en" else None)
    inputs = [analysis.assessment.source] + ([comparison.previous.assessment.source] if comparison else [])
    cells = indicator_cells(analysis, comparison)
    with atomic_workbook(path, font, inputs, force) as workbook:
        styles = Styles(workbook, font, thai_digits=digits == "thai")
        memo_styles = Styles(workbook, font, thai_digits=digits != "arabic")
        write_summary_sheet(workbook, styles, analysis, cells, font)
        write_memo_sheet(workbook, memo_styles, analysis, cells)
        write_indicator_sheet(workbook, styles, analysis, cells, comparison)
        write_findings_sheet(workbook, styles, analysis)
        write_weak_items_sheet(workbook, styles, analysis, comparison)
        write_measures_sheet(workbook, styles, analysis)
        write_uplift_sheet(workbook, styles, analysis)
        write_audit_sheet(workbook, styles, analysis)
        if comparison:
            write_comparison_sheet(workbook, styles, analysis, comparison)
    return path
