"""The memo as the PDF that gets posted: the Word memo, typeset by LibreOffice Writer, its pages
numbered in the memo's digits (or, with ``everything``, every sheet of the workbook printed by
LibreOffice Calc)."""
from __future__ import annotations

import shutil
from pathlib import Path

from ...errors import ItaError, OutputError
from ...model import Analysis, Comparison
from .. import libreoffice
from ..edition import Edition
from ..output_files import atomic_file
from ..staging import staged_path
from .page_numbers import mark, number_pages
from .word import docx_bytes


def write_pdf(analysis: Analysis, path: str | Path, edition: Edition = Edition(),
              comparison: Comparison | None = None, force: bool = False, everything: bool = False,
              workbook: Path | None = None, emblem: str | Path | None = None) -> Path:
    """The memo (``everything``: every sheet of ``workbook``) as a PDF at ``path``, A4 with its fonts."""
    inputs = (analysis.assessment.source,) + ((comparison.previous.assessment.source,) if comparison else ())
    agency = analysis.assessment.agency.name
    if everything and workbook is not None:
        return _printed(staged_path(Path(workbook)), Path(path), inputs, force, agency, mark)
    return print_memo(docx_bytes(analysis, edition, typeset=True, emblem=emblem), path, edition, inputs, force,
                      agency)


def print_memo(docx: bytes, path: str | Path, edition: Edition, inputs=(), force: bool = False,
               agency: str = "") -> Path:
    """A memo's Word document typeset (``docx_bytes(..., typeset=True)``, or any memo's) as a PDF at
    ``path``, its pages numbered from the second in the memo's digits."""
    return _printed(docx, Path(path), inputs, force, agency, lambda made: number_memo_pages(made, edition))


def number_memo_pages(made: Path, edition: Edition) -> None:
    """A PDF LibreOffice printed from a typeset memo, its pages numbered from the second in the memo's
    digits and marked as ita_xl's."""
    number_pages(made, edition.wording(edition.thai_digits(memo=True)), edition.font)


def _printed(source: bytes | Path, target: Path, inputs, force: bool, agency: str, finish) -> Path:
    """``source`` (a Word document's bytes, or a workbook) printed by LibreOffice to ``target``, within
    a time limit that grows with its size (``libreoffice.LIMIT``); what fails is said in the user's
    words, naming the PDF and the agency, never a temporary file."""
    soffice = libreoffice.find_soffice()
    if soffice is None:
        raise OutputError("no_libreoffice")
    libreoffice.remove_leftovers()
    with libreoffice.work_folder("pdf") as work:
        copy = Path(work) / f"{target.stem}{'.docx' if isinstance(source, bytes) else source.suffix}"
        copy.write_bytes(source) if isinstance(source, bytes) else shutil.copyfile(source, copy)
        try:
            libreoffice.convert([copy], Path(work), soffice)
        except ItaError as reason:
            raise OutputError("pdf_failed", path=target, agency=agency, reason=reason) from None
        made = copy.with_suffix(".pdf")
        finish(made)
        with atomic_file(target, inputs, force, kind="pdf") as temporary:
            shutil.copyfile(made, temporary)
    return target


def print_memos(memos: list, folder: Path, edition: Edition, soffice: str,
                limit: libreoffice.TimeLimit | None = None, force: bool = False) -> dict[int, ItaError]:
    """A batch's memos printed together: ``memos`` are (typeset Word copy in ``folder``, the PDF's
    target, the agency's inputs, the agency's name, the agency's output group). One LibreOffice
    prints them all (a group that fails is tried again in pieces: ``libreoffice.print_group``); each
    PDF is numbered and joins its agency's outputs; an agency whose memo could not be printed loses
    the PDF an earlier run left (it would not match its new report). Returns, by position, what
    went wrong for those."""
    from ..staging import gathering, withdraw
    failed = libreoffice.print_group([copy for copy, *_ in memos], folder, soffice, limit)
    problems: dict[int, ItaError] = {}
    for n, (copy, target, inputs, agency, group) in enumerate(memos):
        try:
            if copy in failed:
                raise OutputError("memo_unprinted", path=target, agency=agency, reason=failed[copy])
            made = folder / f"{copy.stem}.pdf"
            number_memo_pages(made, edition)
            with gathering(group), atomic_file(target, inputs, force, kind="pdf", tidy=False) as temporary:
                shutil.move(made, temporary)
        except ItaError as error:
            withdraw(target, group)
            problems[n] = error
        except Exception as error:   # a PDF LibreOffice wrote that pypdf cannot stamp: this memo alone
            withdraw(target, group)
            problems[n] = OutputError("memo_unprinted", path=target, agency=agency,
                                      reason=ItaError("lo_bad_pdf", reason=type(error).__name__))
    return problems
