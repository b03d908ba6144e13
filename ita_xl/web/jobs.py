"""What a worker process does for the page: the library's own calls, as ``ita-xl convert`` and
``ita-xl batch`` make them. Nothing here decides anything about scores.

A job is plain data (it crosses into the worker process); the files it names are in the
request's own folder, under names the server chose (``uploads.stored_name``).
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from ..analysis.consolidation import Consolidation
from ..batch import consolidate, distinct, report_names, write_consolidated
from ..conversion import convert
from ..model import Analysis, Comparison
from ..writing.edition import Edition
from ..writing.memo.word import docx_bytes


@dataclass(frozen=True)
class OneWorkbook:
    """``convert INPUT -o OUTPUT --docx [--previous LAST] [--target T] [--digits D] --lang L``; ``memo``:
    where to write the memo's typeset Word copy, for its PDF (None without LibreOffice)."""
    source: Path
    output: Path
    edition: Edition
    target: float | None = None
    previous: Path | None = None
    memo: Path | None = None


@dataclass(frozen=True)
class ManyWorkbooks:
    """``batch SOURCES... -o OUTPUT --reports REPORTS --docx [--pdf] --jobs N``; ``names``: what the
    visitor called each file, shown in the consolidated workbook instead of the server's paths."""
    sources: tuple[Path, ...]
    output: Path
    reports: Path
    edition: Edition
    names: dict[str, str]
    target: float | None = None
    pdf: bool = False
    jobs: int = 1


def convert_one(job: OneWorkbook) -> tuple[Analysis, Comparison | None]:
    analysis, path, comparison = convert(job.source, job.output, target=job.target, previous=job.previous,
                                         edition=job.edition, docx=True)
    if job.memo:
        job.memo.write_bytes(docx_bytes(analysis, job.edition, typeset=True))
    return analysis, comparison


def consolidate_many(job: ManyWorkbooks) -> tuple[Consolidation, tuple[Path | None, ...]]:
    """The consolidation (files called as the visitor called them) and each row's report."""
    result = consolidate(job.sources, jobs=job.jobs, target=job.target, reports=job.reports, edition=job.edition,
                         output=job.output, pdf=job.pdf, docx=True)
    kept, _ = distinct(list(job.sources))           # the files batch names a report for, as it names them
    reports = dict(zip(map(str, kept), report_names(kept, job.reports)))
    rows = tuple(reports.get(str(row.source)) for row in result.rows)
    result = named(result, job.names)
    write_consolidated(result, job.output, job.edition, job.target)
    return result, tuple(path if path and path.exists() else None for path in rows)


def named(result: Consolidation, names: dict[str, str]) -> Consolidation:
    """The consolidation with every file called what the visitor called it."""
    def name(path: str) -> str:
        return names.get(str(path), Path(path).name)
    return replace(result, rows=tuple(replace(row, source=name(row.source)) for row in result.rows),
                   failures=tuple(replace(failure, source=name(failure.source)) for failure in result.failures),
                   skipped=tuple(replace(item, source=name(item.source), same_as=name(item.same_as) if item.same_as
                                         else "") for item in result.skipped))
