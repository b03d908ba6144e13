"""Writing: an ``Analysis`` becomes the formatted analysis workbook (xlsxwriter).

Nothing here computes a score; formulas carry the analysis's values as their
cached results so that every reader sees the right numbers without recalculating.
"""
from __future__ import annotations

from pathlib import Path

from ..model import Analysis
from ..output import atomic_workbook, check_output
from ..styles import DEFAULT_FONT, Styles
from .findings import write_findings_sheet, write_weak_items_sheet
from .indicator_sheet import indicator_cells, write_indicator_sheet
from .measures import write_measures_sheet
from .summary import write_summary_sheet


def write_report(analysis: Analysis, path: str | Path, font: str = DEFAULT_FONT) -> Path:
    """Write the analysis workbook to ``path`` (atomically; never over the input)."""
    path = Path(path)
    check_output(path, (Path(analysis.assessment.source),))
    cells = indicator_cells(analysis)
    with atomic_workbook(path, font) as workbook:
        styles = Styles(workbook, font)
        write_summary_sheet(workbook, styles, analysis, cells, font)
        write_indicator_sheet(workbook, styles, analysis, cells)
        write_findings_sheet(workbook, styles, analysis)
        write_weak_items_sheet(workbook, styles, analysis)
        write_measures_sheet(workbook, styles, analysis)
    return path
