"""The main job in one call: input workbook in, analysis workbook out."""
from __future__ import annotations

from pathlib import Path

from .analysis import analyse
from .analysis.comparison import compare
from .errors import InputError, InputProblems, OutputError
from .frameworks import Framework
from .model import Analysis, Assessment, Comparison
from .reading.assessment import load
from .writing.edition import Edition
from .writing.output_files import check_outputs
from .writing.workbook import write_report


def default_output(source: str | Path) -> Path:
    """``scores.xlsx`` -> ``scores-report.xlsx`` beside it."""
    source = Path(source)
    return source.with_name(f"{source.stem}-report.xlsx")


def convert(source: str | Path, output: str | Path | None = None, *, target: float | None = None,
            framework: Framework | None = None, previous: str | Path | None = None,
            edition: Edition = Edition(), force: bool = False, pdf: str | None = None,
            docx: bool = False, emblem: str | Path | None = None) -> tuple[Analysis, Path, Comparison | None]:
    """Read ``source`` (and last year's ``previous``), analyse, write the report in ``edition``
    (language, digits, font). Returns the analysis, the output path and the comparison with
    last year (or None).

    ``docx``: also the memo as a Word document, ``<output>.docx``; ``pdf`` "memo" or "all": also
    the memo (typeset from the Word memo) or every sheet of the workbook as ``<output>.pdf``, through
    LibreOffice; ``emblem``: the agency's Garuda (an image), at the top of the memo.

    The outputs land together or not at all (``staging.together``): when the Word memo or the PDF
    cannot be made, nothing is written. Only a missing LibreOffice lets the rest land without the
    PDF: ``OutputError("no_libreoffice")`` comes after them.
    """
    from .writing.libreoffice import find_soffice, remove_leftovers
    from .writing.staging import together
    remove_leftovers()                     # what a killed run left in the temporary folder
    analysis = analyse(load(source, framework), target)
    comparison = compare(analysis, analyse(load_previous(previous, analysis), target)) if previous else None
    target_path = Path(output or default_output(source))
    inputs = tuple(Path(p) for p in (source, previous) if p)
    check_outputs(target_path, inputs, force, bool(pdf), docx)
    printing = bool(pdf) and find_soffice() is not None
    with together():
        path = write_report(analysis, target_path, edition, comparison, force)
        if docx:
            from .writing.memo.word import write_docx
            write_docx(analysis, path.with_suffix(".docx"), edition, comparison, force, emblem)
        if printing:
            from .writing.memo.pdf import write_pdf
            write_pdf(analysis, path.with_suffix(".pdf"), edition, comparison, force, pdf == "all", path, emblem)
    if pdf and not printing:
        raise OutputError("no_libreoffice")
    return analysis, path, comparison


def load_previous(path: str | Path, current: Analysis) -> Assessment:
    """Last year's filled template or last year's report written by ita_xl (it keeps its input);
    it must be of the year before."""
    before = load(path)
    expected = current.assessment.fiscal_year - 1
    if before.fiscal_year != expected:
        raise InputProblems([InputError(path, "previous_year", year=before.fiscal_year, expected=expected,
                                        current=current.assessment.fiscal_year)])
    return before
