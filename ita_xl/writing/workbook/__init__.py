"""Writing: an ``Analysis`` becomes the formatted analysis workbook (xlsxwriter).

Nothing here computes a score; formulas carry the analysis's values as their cached results
so that every reader sees the right numbers without recalculating. Words come from the
edition asked for (``wording.Edition``).
"""
from __future__ import annotations

from pathlib import Path

from ...model import Analysis, Comparison
from ..edition import Edition
from ..memo.sections import build_memo
from ..output_files import atomic_workbook
from ..styles import Styles
from .audit_sheet import write_audit_sheet
from .comparison_sheet import write_comparison_sheet
from .context import Report
from .findings import write_findings_sheet, write_weak_items_sheet
from .indicator_sheet import write_indicator_sheet
from .input_copy import write_input_copy
from .measures import write_measures_sheet
from .memo_sheet import write_memo_sheet
from .summary import score_cells, write_summary_sheet
from .uplift_sheet import write_uplift_sheet


def write_report(analysis: Analysis, path: str | Path, edition: Edition = Edition(),
                 comparison: Comparison | None = None, force: bool = False) -> Path:
    """Write the analysis workbook to ``path`` (atomically; never over an input).

    The same input gives the same bytes: the workbook's dates come from the input, not the clock.
    """
    path = Path(path)
    inputs = [analysis.assessment.source] + ([comparison.previous.assessment.source] if comparison else [])
    cells = score_cells(analysis, edition, comparison.previous.assessment.fiscal_year if comparison else None)
    with atomic_workbook(path, edition.font, inputs, force, kind="report") as workbook:
        workbook.set_properties({"created": analysis.assessment.written_on,
                                 "title": edition.t("memo.subject_text", year=analysis.assessment.fiscal_year)})
        buddhist = edition.language == "th"
        report = Report(workbook, analysis, comparison, edition,
                        Styles(workbook, edition.font, thai_digits=edition.thai_digits(), buddhist_dates=buddhist),
                        Styles(workbook, edition.font, thai_digits=edition.thai_digits(memo=True),
                               buddhist_dates=buddhist), cells)
        write_summary_sheet(report)
        write_memo_sheet(report, build_memo(analysis, edition, report.memo_styles.thai_digits))
        write_indicator_sheet(report)
        write_findings_sheet(report)
        write_weak_items_sheet(report)
        write_measures_sheet(report)
        write_uplift_sheet(report)
        write_audit_sheet(report)
        if comparison:
            write_comparison_sheet(report)
        write_input_copy(workbook, report.styles, analysis.assessment, edition)
    return path
