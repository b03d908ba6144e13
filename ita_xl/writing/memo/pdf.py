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
    inputs = (analysis.assessment.source,) + ((comparison.previous.assessment.source,) if comparison else ())
    if everything and workbook is not None:
        return _printed(Path(workbook), Path(path), inputs, force)
    return print_memo(docx_bytes(analysis, edition, typeset=True, emblem=emblem), path, edition, inputs, force)


def print_memo(docx: bytes, path: str | Path, edition: Edition, inputs=(), force: bool = False) -> Path:
    """A memo's Word document typeset (``docx_bytes(..., typeset=True)``, or any memo's) as a PDF at
    ``path``, its pages numbered from the second in the memo's digits."""
    words = edition.wording(edition.thai_digits(memo=True))
    return _printed(docx, Path(path), inputs, force, lambda made: number_pages(made, words, edition.font))


def _printed(source: bytes | Path, target: Path, inputs, force: bool, finish=None) -> Path:
    """``source`` (a Word document's bytes, or a workbook) printed by LibreOffice to ``target``."""
    soffice = libreoffice.find_soffice()
    if soffice is None:
        raise OutputError("no_libreoffice")
    with tempfile.TemporaryDirectory(prefix="ita-xl-pdf-") as work:
        copy = Path(work) / f"{target.stem}{'.docx' if isinstance(source, bytes) else source.suffix}"
        copy.write_bytes(source) if isinstance(source, bytes) else shutil.copyfile(source, copy)
        [made] = libreoffice.to_pdf([copy], Path(work), soffice)
        if finish:
            finish(made)
        with atomic_file(target, inputs, force, kind="pdf") as temporary:
            shutil.copyfile(made, temporary)
    return target
