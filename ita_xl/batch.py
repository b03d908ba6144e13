"""Many agencies at once: every input read in parallel, one row per agency, the consolidated workbook.

Workers return small plain rows, never workbooks, so memory stays flat however
many files there are; a file that cannot be read becomes a row of the failure
list and never stops the batch.
"""
from __future__ import annotations

import glob
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from .analysis import analyse
from .errors import ItaError
from .reading import load
from .text import language, t, using_language

INDICATORS = tuple(f"indicator_{no}" for no in range(1, 11))
COLUMNS = ("name", "type", "province", "fiscal_year", *INDICATORS, "IIT", "EIT", "OIT", "ita", "level",
           "passed", "source")
SKIPPED_PREFIXES = ("~$", ".ita-xl-")       # Excel's lock files and ita_xl's own unfinished outputs
REPORT_SUFFIX = "-report.xlsx"


@dataclass(frozen=True)
class Failure:
    source: str
    message: str


@dataclass(frozen=True)
class _Task:
    source: str
    report: str | None
    target: float | None
    digits: str | None
    language: str


def _wanted(path: Path) -> bool:
    """Files a folder or pattern brings in: workbooks, not lock files nor ita_xl's own reports."""
    return (path.is_file() and path.suffix.lower() == ".xlsx" and not path.name.startswith(SKIPPED_PREFIXES)
            and not path.name.endswith(REPORT_SUFFIX))


def find_inputs(inputs: Iterable[str | Path]) -> list[Path]:
    """Files as given; folders searched recursively for .xlsx; glob patterns expanded. Each file once.

    A name that matches nothing is kept, so that it is reported as a failure like any unreadable file.
    """
    found: dict[Path, None] = {}
    for item in map(str, inputs):
        path = Path(item)
        if path.is_dir():
            matches = sorted(p for p in path.rglob("*") if _wanted(p))
        elif path.exists() or not glob.has_magic(item):
            matches = [path]
        else:
            matches = sorted(p for p in map(Path, glob.glob(item, recursive=True)) if _wanted(p))
        for match in matches:
            found.setdefault(match, None)
    return list(found)


def _report_paths(paths: list[Path], folder: Path) -> list[str]:
    """``<stem>-report.xlsx`` in ``folder`` for each input, numbered when two inputs share a name."""
    taken: set[str] = set()
    names = []
    for path in paths:
        name, n = f"{path.stem}{REPORT_SUFFIX}", 1
        while name.casefold() in taken:
            n += 1
            name = f"{path.stem}-{n}{REPORT_SUFFIX}"
        taken.add(name.casefold())
        names.append(str(folder / name))
    return names


def summarise(task: _Task) -> dict | Failure:
    """One agency's row (the worker's job); any failure becomes a ``Failure`` naming the file."""
    from .report import write_report
    with using_language(task.language):
        try:
            analysis = analyse(load(task.source), task.target)
            if task.report:
                write_report(analysis, task.report, digits=task.digits)
        except ItaError as error:
            return Failure(task.source, str(error))
        except Exception as error:  # a bad file must never stop the batch: name it and go on
            return Failure(task.source, f"{task.source}: {t('error.unexpected', reason=repr(error))}")
    return _row(analysis)


def _row(analysis) -> dict:
    agency = analysis.assessment.agency
    scores = {f"indicator_{i.no}": i.score for i in analysis.indicators}
    return {"name": agency.name, "type": agency.type, "province": agency.province,
            "fiscal_year": analysis.assessment.fiscal_year, **scores,
            **{tool.code: tool.score for tool in analysis.tools}, "ita": analysis.ita,
            "level": analysis.level, "passed": analysis.passed, "source": analysis.assessment.source}


def _results(tasks: list[_Task], jobs: int) -> Iterator[dict | Failure]:
    """Results in input order, from a pool of ``jobs`` processes (in this process when 1)."""
    if jobs <= 1 or len(tasks) <= 1:
        yield from map(summarise, tasks)
        return
    chunk = max(1, min(64, len(tasks) // (jobs * 8)))
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        yield from pool.map(summarise, tasks, chunksize=chunk)


def consolidate(paths: Iterable[str | Path], *, jobs: int | None = None, target: float | None = None,
                reports: str | Path | None = None, digits: str | None = None,
                on_progress: Callable[[], None] | None = None):
    """One row per agency (a pandas DataFrame, highest ITA first); unreadable files in
    ``frame.attrs["failures"]`` as ``Failure(source, message)``.

    ``reports``: a folder to write each agency's own report workbook into.
    """
    import pandas as pd

    paths = [Path(p) for p in paths]
    report_names: list[str | None] = [None] * len(paths)
    if reports is not None:
        Path(reports).mkdir(parents=True, exist_ok=True)
        report_names = _report_paths(paths, Path(reports))
    tasks = [_Task(str(p), r, target, digits, language()) for p, r in zip(paths, report_names)]
    rows, failures = [], []
    for result in _results(tasks, jobs or os.cpu_count() or 1):
        (failures if isinstance(result, Failure) else rows).append(result)
        if on_progress:
            on_progress()
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    frame = frame.sort_values("ita", ascending=False, kind="stable").reset_index(drop=True)
    frame.attrs["failures"] = failures
    return frame


def write_consolidated(frame, path: str | Path, font: str | None = None, target: float | None = None,
                       force: bool = False) -> Path:
    """The consolidated workbook of ``frame`` (as ``consolidate`` returns it)."""
    from .report.consolidated import write_consolidated_workbook
    from .styles import DEFAULT_FONT
    return write_consolidated_workbook(frame, Path(path), font or DEFAULT_FONT, target, force)


@dataclass(frozen=True)
class IndicatorSummary:
    no: int
    name: str
    mean: float
    below: int                  # agencies below target on this indicator


@dataclass(frozen=True)
class YearSummary:
    """The figures of one fiscal year's agencies, beside the year's national figures."""
    fiscal_year: int
    target: float
    count: int
    mean: float
    median: float
    minimum: float
    maximum: float
    passed: int
    levels: tuple[tuple[str, int], ...]      # every level of the year, best first
    indicators: tuple[IndicatorSummary, ...]
    national: object                        # frameworks.National

    @property
    def pass_rate(self) -> float:
        return 100 * self.passed / self.count if self.count else 0.0


def summarise_years(frame, target: float | None = None) -> tuple[YearSummary, ...]:
    """Count, mean, median, range, pass rate, agencies per level and per-indicator figures, per year."""
    from .frameworks import load_framework
    from .scoring import judged
    from .text import pick

    summaries = []
    for year, rows in sorted(frame.groupby("fiscal_year"), key=lambda pair: pair[0]):
        framework = load_framework(int(year))
        goal = framework.target if target is None else target
        counts = rows["level"].value_counts()
        names = [pick(level.name_th, level.name_en) for level in framework.levels]
        indicators = tuple(
            IndicatorSummary(i.no, pick(i.name_th, i.name_en), float(rows[f"indicator_{i.no}"].mean()),
                             int(sum(judged(score, framework.decimals) < goal for score in rows[f"indicator_{i.no}"])))
            for i in framework.indicators)
        summaries.append(YearSummary(
            int(year), goal, len(rows), float(rows["ita"].mean()), float(rows["ita"].median()),
            float(rows["ita"].min()), float(rows["ita"].max()), int(rows["passed"].sum()),
            tuple((name, int(counts.get(name, 0))) for name in names), indicators, framework.national))
    return tuple(summaries)
