"""The memo as the PDF that gets posted: the Word memo, typeset by LibreOffice Writer, its pages
numbered in the memo's digits (or, with ``everything``, every sheet of the workbook printed by
LibreOffice Calc)."""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from ...errors import OutputError
from ...model import Analysis, Comparison
from .. import libreoffice
from ..edition import Edition
from ..output_files import atomic_file
from .page_numbers import number_pages
from .word import docx_bytes


def write_pdf(analysis: Analysis, path: str | Path, edition: Edition = Edition(),
              comparison: Comparison | None = None, force: bool = False, everything: bool = False,
              workbook: Path | None = None, emblem: str | Path | None = None) -> Path:
    """The memo (``everything``: every sheet of ``workbook``) as a PDF at ``path``, A4 with its fonts."""
    soffice = libreoffice.find_soffice()
    if soffice is None:
        raise OutputError("no_libreoffice")
    target = Path(path)
    inputs = (analysis.assessment.source,) + ((comparison.previous.assessment.source,) if comparison else ())
    with tempfile.TemporaryDirectory(prefix="ita-xl-pdf-") as work:
        if everything and workbook is not None:
            source = Path(work) / f"{target.stem}.xlsx"
            shutil.copyfile(workbook, source)
        else:
            source = Path(work) / f"{target.stem}.docx"
            source.write_bytes(docx_bytes(analysis, edition, typeset=True, emblem=emblem))
        [made] = libreoffice.to_pdf([source], Path(work), soffice)
        if not everything:
            number_pages(made, edition.wording(edition.thai_digits(memo=True)), edition.font)
        with atomic_file(target, inputs, force, kind="pdf") as temporary:
            shutil.copyfile(made, temporary)
    return target
