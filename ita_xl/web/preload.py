"""Imported once, by the fork server the worker processes start from (never by the server itself):
everything a conversion loads, loaded before any visitor waits for it.

Every worker process is a fork of that server. In a fresh process the first conversion takes
about three times as long as the next (importing matplotlib, python-docx and xlsxwriter, reading
fonts, drawing the first chart), so the fork server makes one report and one Word memo of an
agency it invents, into a folder it then removes, and every worker starts where the second
conversion would.
"""
from __future__ import annotations

import gc
import tempfile
from pathlib import Path

from ..analysis import analyse
from ..framework_years import supported_years
from ..frameworks import load_framework
from ..model import Agency, Assessment, Stated
from ..writing.edition import Edition
from ..writing.memo.word import write_docx
from ..writing.workbook import write_report
from . import jobs  # noqa: F401  (the conversion's own imports)


def _convert_once() -> None:
    framework = load_framework(supported_years()[-1])
    scores = {indicator.no: 80.0 + indicator.no for indicator in framework.indicators}
    analysis = analyse(Assessment("preload.xlsx", framework, Agency("preload"), Stated(), scores))
    with tempfile.TemporaryDirectory(prefix="ita-xl-preload-") as folder:
        write_report(analysis, Path(folder) / "preload-report.xlsx", Edition())
        write_docx(analysis, Path(folder) / "preload-report.docx", Edition())


_convert_once()
gc.freeze()         # what is loaded now is never collected: a worker's collector leaves its pages shared
