"""Many agencies at once: every input read in parallel, one plain row per agency.

Workers return small rows, never workbooks, so memory stays flat however many files there
are. A file that cannot be read becomes an ``UnreadFile`` and never stops the batch; nor does a
file that hangs or exhausts its worker: each file has a time limit (and, in a worker, a
memory limit), and a worker that dies is replaced while the files it held are retried alone.
The same workbook given twice is read once; what ita_xl itself wrote and Excel's lock files are
left out, each listed with its reason.
"""
from __future__ import annotations

import contextlib
import glob
import hashlib
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from .analysis.consolidation import (
    AgencyRow,
    Consolidation,
    Skipped,
    UnreadFile,
    in_thai_order,
)
from .errors import InputError, ItaError, OutputError

if TYPE_CHECKING:
    from .writing.libreoffice import TimeLimit

LOCK_PREFIX = "~$"                          # Excel's lock file beside a workbook open in it
REPORT_SUFFIX = "-report.xlsx"
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
TIME_LIMIT = 120                             # seconds a file may take (reading, analysing, its report)
MEMORY_LIMIT = 2 * 1024 ** 3                 # bytes of address space a worker may use (POSIX)


@dataclass(frozen=True)
class Task:
    source: str
    report: str | None
    target: float | None
    edition: object | None                   # wording.Edition, for the report
    force: bool = False
    frameworks: dict | None = None           # year -> Framework, instead of the built-in ones
    memo_copy: str | None = None             # where to write the memo's typeset copy, for its PDF
    docx: bool = False                       # the memo as a Word document beside the report


def _wanted(path: Path) -> bool:
    """Files a folder or pattern brings in: every workbook, Excel's lock files and ita_xl's own outputs
    too, so that each file left out is listed with its reason (``left_out``), never dropped unseen."""
    return path.is_file() and path.suffix.lower() in WORKBOOK_SUFFIXES


def left_out(paths: list[Path]) -> tuple[list[Path], list[Skipped]]:
    """The paths less Excel's lock files (``~$``), ita_xl's unfinished temporaries and the reports
    ita_xl wrote (told by what they hold, not by their name: a clerk's ``ita-2569-report.xlsx`` is
    read), each left out as a ``Skipped`` with its reason. Reports are told apart here, before any
    report is written, so that a batch run again over its own folder does not take them for inputs."""
    from .writing.output_files import written_kind
    from .writing.staging import PREFIX as TEMPORARY
    kept, skipped = [], []
    for path in paths:
        if path.name.startswith(LOCK_PREFIX):
            skipped.append(Skipped(str(path), "lock"))
        elif path.name.startswith(TEMPORARY):
            skipped.append(Skipped(str(path), "temporary"))
        elif path.name.endswith(REPORT_SUFFIX) and written_kind(path) == "report":
            skipped.append(Skipped(str(path), "report"))
        else:
            kept.append(path)
    return kept, skipped


def without_output(paths: list[Path], output: Path) -> list[Path]:
    """The inputs less the consolidated workbook an earlier run wrote among them (run again, it is replaced)."""
    from .writing.output_files import written_kind
    return [path for path in paths if not (path.exists() and output.exists() and os.path.samefile(path, output)
                                           and written_kind(path) == "consolidated")]


def find_inputs(inputs: Iterable[str | Path]) -> list[Path]:
    """Files as given; folders searched recursively for workbooks; glob patterns expanded. Each file once.

    A name that matches nothing is kept, so that it is reported as a failure like any unreadable
    file; when nothing at all matches, ``ItaError`` says so.
    """
    found: dict[Path, None] = {}
    given = [str(item) for item in inputs]
    for item in given:
        path = Path(item)
        if path.is_dir():
            matches = sorted(p for p in path.rglob("*") if _wanted(p))
        elif path.exists() or not glob.has_magic(item):
            matches = [path]
        else:
            matches = sorted(p for p in map(Path, glob.glob(item, recursive=True)) if _wanted(p))
        for match in matches:
            found.setdefault(match, None)
    if not any(path.exists() for path in found):
        raise ItaError("nothing_matched", inputs=", ".join(given))
    return list(found)


def report_names(paths: list[Path], folder: Path) -> list[Path]:
    """``<name>-report.xlsx`` in ``folder`` for each input; inputs that share a name are told apart
    by the folders they came from (``ตำบลก-scores-report.xlsx``), never by a bare number."""
    names = [[p.stem] for p in paths]
    parents = [list(reversed(p.resolve().parent.parts)) for p in paths]
    while True:
        taken: dict[str, list[int]] = {}
        for n, parts in enumerate(names):
            taken.setdefault("-".join(parts).casefold(), []).append(n)
        clashes = [group for group in taken.values() if len(group) > 1]
        if not clashes:
            break
        grown = False
        for group in clashes:
            for n in group:
                depth = len(names[n]) - 1
                if depth < len(parents[n]) and parents[n][depth] not in ("/", ""):
                    names[n].insert(0, parents[n][depth])
                    grown = True
        if not grown:
            for group in clashes:
                for k, n in enumerate(group[1:], start=2):
                    names[n].append(str(k))
            break
    return [folder / f"{'-'.join(parts)}{REPORT_SUFFIX}" for parts in names]


def check_reports(paths: list[Path], reports: list[Path], force: bool, output: Path | None = None,
                  pdf: bool = False, docx: bool = False) -> None:
    """Before anything is written: no report (nor its memo's PDF or Word file) may land on an input,
    on the consolidated workbook, nor on a file ita_xl did not write."""
    from .writing.output_files import InputFiles, check_outputs
    inputs = InputFiles(paths)
    for report in reports:
        if output is not None and os.path.abspath(report) == os.path.abspath(output):
            raise OutputError("output_is_report", path=output)
        check_outputs(Path(report), inputs, force, pdf, docx)


@contextlib.contextmanager
def time_limit(seconds: float):
    """Raise ``TimeoutError`` in this (main) thread once ``seconds`` have passed."""
    if sys.platform == "win32":
        import _thread
        import threading
        timer = threading.Timer(seconds, _thread.interrupt_main)
        timer.start()
        try:
            yield
        except KeyboardInterrupt:
            raise TimeoutError() from None
        finally:
            timer.cancel()
        return
    import signal
    import threading
    if threading.current_thread() is not threading.main_thread():   # signals reach the main thread only
        yield
        return

    def expire(*_):
        raise TimeoutError()
    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def limit_memory() -> None:
    """This process's address space capped: a file that would exhaust memory fails alone."""
    with contextlib.suppress(ImportError, ValueError, OSError):
        import resource
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, resource.getrlimit(resource.RLIMIT_AS)[1]))


def _start_worker() -> None:
    """A worker's start: its memory capped, and the reader's memory of parsed parts kept for all its
    files (they come from one template), for as long as the worker lives."""
    from .reading.engines.package import remember_across_files
    remember_across_files()
    limit_memory()


def summarise(task: Task) -> AgencyRow | UnreadFile | Skipped:
    """One file's row (the worker's job); anything that goes wrong becomes an ``UnreadFile``."""
    from .analysis import analyse
    from .reading.assessment import load
    from .writing.output_files import written_kind
    try:
        kind = written_kind(Path(task.source))          # inside: a file the check cannot read fails alone
        if kind in ("report", "consolidated"):
            return Skipped(task.source, kind)
        with time_limit(TIME_LIMIT):
            analysis = analyse(load(task.source, task.frameworks), task.target)
            if task.report:
                from .writing.workbook import write_report
                write_report(analysis, task.report, task.edition, force=task.force)
            if task.memo_copy and task.report:
                from .writing.memo.word import docx_bytes
                Path(task.memo_copy).write_bytes(docx_bytes(analysis, task.edition, typeset=True))
            if task.docx:
                from .writing.memo.word import write_docx
                write_docx(analysis, Path(task.report).with_suffix(".docx"), task.edition, force=task.force)
    except ItaError as error:
        return UnreadFile(task.source, error)
    except TimeoutError:
        return UnreadFile(task.source, ItaError("too_slow", seconds=TIME_LIMIT))
    except MemoryError:
        return UnreadFile(task.source, ItaError("too_much_memory"))
    except OSError as error:
        key = "no_permission" if isinstance(error, PermissionError) else "unreadable_file"
        return UnreadFile(task.source, InputError(task.source, key, reason=error.strerror or type(error).__name__))
    except Exception as error:  # a bad file must never stop the batch: name it and go on
        return UnreadFile(task.source, ItaError("unexpected", reason=repr(error)))
    return AgencyRow.of(analysis)


def distinct(paths: list[Path]) -> tuple[list[Path], list[Skipped]]:
    """The paths less those holding the same bytes as an earlier one (a copy named ``(1).xlsx``),
    which are left out as duplicates before anything is read. Only files of equal size are hashed."""
    by_size: dict[int, list[Path]] = {}
    for path in paths:
        with contextlib.suppress(OSError):
            by_size.setdefault(path.stat().st_size, []).append(path)
    first: dict[str, Path] = {}
    duplicates: dict[Path, Path] = {}
    for group in (group for group in by_size.values() if len(group) > 1):
        for path in group:
            with contextlib.suppress(OSError):
                same = first.setdefault(hashlib.sha256(path.read_bytes()).hexdigest(), path)
                if same != path:
                    duplicates[path] = same
    return ([path for path in paths if path not in duplicates],
            [Skipped(str(path), "duplicate", str(same)) for path, same in duplicates.items()])


def _pooled(tasks: list[Task], jobs: int) -> Iterator[AgencyRow | UnreadFile | Skipped]:
    """Outcomes in input order from ``jobs`` worker processes. When a worker dies, the files it
    may have held are retried one per worker; a file that kills a worker again fails alone."""
    chunk = max(1, min(32, len(tasks) // (jobs * 8)))
    done = 0
    with ProcessPoolExecutor(max_workers=jobs, initializer=_start_worker) as pool:
        try:
            for outcome in pool.map(summarise, tasks, chunksize=chunk):
                yield outcome
                done += 1
            return
        except BrokenProcessPool:
            pass
    for task in tasks[done:]:
        yield _alone(task)


def _alone(task: Task) -> AgencyRow | UnreadFile | Skipped:
    """One file in a worker of its own (after a worker died)."""
    try:
        with ProcessPoolExecutor(max_workers=1, initializer=_start_worker) as pool:
            return pool.submit(summarise, task).result()
    except BrokenProcessPool:
        return UnreadFile(task.source, ItaError("worker_died"))


def consolidate(paths: Iterable[str | Path], *, jobs: int | None = None, target: float | None = None,
                reports: str | Path | None = None, edition=None, force: bool = False,
                frameworks: dict | None = None, output: str | Path | None = None, pdf: bool = False,
                docx: bool = False, on_progress: Callable[[], None] | None = None,
                previous: str | Path | None = None) -> Consolidation:
    """One row per agency (in Thai dictionary order: province, then name), the files that failed,
    and the files left out.

    ``reports``: a folder to write each agency's own report workbook into (``edition`` its words);
    ``frameworks``: frameworks by year to use instead of the built-in ones (a year not yet built in);
    ``output``: where the consolidated workbook will go, so that no report is written there;
    ``pdf``, ``docx``: each report's memo also as a PDF and as a Word document, beside it: the memos
    are printed by LibreOffice in groups (``print_groups``), each as soon as a worker has written
    it, and an agency's report, Word memo and PDF land together; a memo that cannot be printed is
    listed in ``unprinted`` and never stops the batch (``OutputError("no_libreoffice")`` when
    LibreOffice is not installed);
    ``previous``: last year's consolidated workbook, read before any file (refused with one
    located line unless ita_xl wrote it), each agency matched to this year's (``LastYear``).
    """
    from .writing import libreoffice
    from .writing.edition import Edition
    from .writing.output_files import remove_leftovers
    edition = edition or Edition()
    libreoffice.remove_leftovers()          # what a killed run left in the temporary folder
    if previous is not None:
        from .reading.consolidated import load_consolidated
        last_year = load_consolidated(previous, frameworks)
    paths, named = left_out([Path(p) for p in paths])
    paths, duplicates = distinct(paths)
    duplicates = named + duplicates
    for _ in duplicates:
        if on_progress:
            on_progress()
    names: list[Path | None] = [None] * len(paths)
    if reports is not None:
        folder = Path(reports)
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise OutputError("reports_folder", path=folder, reason=error.strerror or error) from None
        names = report_names(paths, folder)
        check_reports(paths, names, force, Path(output) if output else None, pdf, docx)
        remove_leftovers(folder)
    jobs = min(jobs or os.cpu_count() or 1, max(1, len(paths)))
    printing = _printing(force) if pdf and reports is not None else None
    tasks = [Task(str(p), str(r) if r else None, target, edition, force, frameworks, None, docx and bool(r))
             for p, r in zip(paths, names)]
    result = _run(tasks, jobs, frameworks, on_progress, duplicates, printing)
    result = replace(result, target=target)
    if previous is not None:
        from .analysis.last_year import match_last_year
        result = replace(result, previous=match_last_year(result.rows, last_year, str(previous), target, frameworks))
    return result


def _run(tasks: list[Task], jobs: int, frameworks, on_progress, duplicates: list[Skipped],
         printing: Printing | None = None) -> Consolidation:
    """Every task's outcome, gathered: rows, failures, the files left out, the memos not printed.
    With one job this process is the worker, and remembers parsed parts for the run only."""
    from .reading.engines.package import remembered_across_files
    if printing is not None:
        outcomes = _printed(tasks, jobs, printing, on_progress)
    else:
        outcomes = ((outcome, None) for outcome in (map(summarise, tasks) if jobs <= 1 else _pooled(tasks, jobs)))
    rows, failures, skipped, unprinted = [], [], list(duplicates), []
    with remembered_across_files() if jobs <= 1 else contextlib.nullcontext():
        for result, problem in outcomes:
            if isinstance(result, AgencyRow):
                rows.append(result)
            elif isinstance(result, UnreadFile):
                failures.append(result)
            else:
                skipped.append(result)
            if problem is not None:
                unprinted.append(UnreadFile(result.source, problem))
            if on_progress and printing is None:
                on_progress()
    return Consolidation(in_thai_order(rows), tuple(failures), tuple(skipped), dict(frameworks or {}),
                         unprinted=tuple(unprinted))


# -- memos printed as PDF ---------------------------------------------------------------------------
PRINT_GROUP = 150                            # memos one LibreOffice prints at most


@dataclass(frozen=True)
class Printing:
    """How a batch prints its memos: LibreOffice, its time limit (``libreoffice.LIMIT``), ``--force``."""
    soffice: str
    limit: TimeLimit              # carried to the workers, which may not share this process's modules
    force: bool


def _printing(force: bool) -> Printing:
    from .writing import libreoffice
    soffice = libreoffice.find_soffice()
    if soffice is None:
        raise OutputError("no_libreoffice")
    return Printing(soffice, libreoffice.LIMIT, force)


def print_groups(count: int, jobs: int) -> list[range]:
    """The agencies' positions cut into groups whose memos one LibreOffice prints: at most
    ``PRINT_GROUP`` each, as many groups for every worker (so no worker prints alone at the end)."""
    groups = jobs * -(-count // (jobs * PRINT_GROUP))
    size = -(-count // max(groups, 1))
    return [range(start, min(start + size, count)) for start in range(0, count, max(size, 1))]


def _printed(tasks: list[Task], jobs: int, printing: Printing, on_progress) -> Iterator[tuple]:
    """(outcome, what went wrong with its PDF) for every task, in input order: each group of tasks is
    one worker's job (``publish``), its memos printed by one LibreOffice as soon as the worker has
    written them, while the other workers go on with theirs."""
    groups = [tuple(tasks[n] for n in group) for group in print_groups(len(tasks), jobs)]
    if jobs <= 1:
        global _read_one
        _read_one = on_progress
        try:
            for group in groups:
                yield from publish(group, printing)
        finally:
            _read_one = None
        return
    import multiprocessing
    from concurrent.futures import wait
    read = multiprocessing.get_context().SimpleQueue()
    with ProcessPoolExecutor(max_workers=jobs, initializer=_printing_worker, initargs=(read,)) as pool:
        futures = [pool.submit(publish, group, printing) for group in groups]
        pending = set(futures)
        while pending:
            _, pending = wait(pending, timeout=0.2)
            while not read.empty():                 # each file as its worker read it, for the progress bar
                read.get()
                if on_progress:
                    on_progress()
        results = [future.result() if future.exception() is None else None for future in futures]
    for group, result in zip(groups, results):
        yield from result if result is not None else _group_again(group, printing)


def _group_again(group: tuple[Task, ...], printing: Printing) -> list[tuple]:
    """A group lost with a worker that died: once more in a worker of its own; when that dies too,
    each file alone with its PDF, so that the file that kills a worker fails alone, as without --pdf."""
    try:
        with ProcessPoolExecutor(max_workers=1, initializer=_start_worker) as pool:
            return pool.submit(publish, group, printing).result()
    except BrokenProcessPool:
        pass
    results = []
    for task in group:
        try:
            with ProcessPoolExecutor(max_workers=1, initializer=_start_worker) as pool:
                results += pool.submit(publish, (task,), printing).result()
        except BrokenProcessPool:
            results.append((UnreadFile(task.source, ItaError("worker_died")), None))
    return results


_read_one: Callable[[], None] | None = None      # in a worker: tells the batch a file was read


def _printing_worker(read) -> None:
    global _read_one
    _start_worker()
    _read_one = lambda: read.put(1)                 # noqa: E731


def publish(tasks: tuple[Task, ...], printing: Printing) -> list[tuple]:
    """A worker's group of agencies with their PDFs: each agency read and its report and Word memo
    written but held back, then every memo of the group printed by one LibreOffice, then each
    agency's outputs landed together (``staging``). Returns (outcome, PDF problem or None) each."""
    from .writing import libreoffice
    from .writing.memo.pdf import print_memos
    from .writing.staging import discard, gathering, land
    outcomes, memos = [], []                 # (outcome, its outputs, its memo's position in memos)
    with libreoffice.work_folder("pdf") as work:
        for n, task in enumerate(tasks):
            group: list = []
            copy = Path(work) / f"{n}.docx"
            with gathering(group):
                outcome = summarise(replace(task, memo_copy=str(copy)))
            if _read_one:
                _read_one()
            printed = isinstance(outcome, AgencyRow) and copy.exists()
            if printed:
                memos.append((copy, Path(task.report).with_suffix(".pdf"), (task.source,), outcome.name, group))
            elif not isinstance(outcome, AgencyRow):
                discard(group)
            outcomes.append((outcome, group, len(memos) - 1 if printed else None))
        problems = print_memos(memos, Path(work), tasks[0].edition, printing.soffice, printing.limit,
                               printing.force) if memos else {}
    results = []
    for outcome, group, at in outcomes:
        problem = problems.get(at)
        if isinstance(outcome, AgencyRow):
            try:
                land(group)
            except ItaError as error:
                outcome, problem = UnreadFile(outcome.source, error), None
        results.append((outcome, problem))
    return results


def write_consolidated(consolidation: Consolidation, path: str | Path, edition=None, target: float | None = None,
                       force: bool = False) -> Path:
    """The consolidated workbook of ``consolidation``."""
    from .writing.consolidated import write_consolidated_workbook
    from .writing.edition import Edition
    return write_consolidated_workbook(consolidation, Path(path), edition or Edition(), target, force)


def batch_inputs(inputs: Iterable[str | Path], output: str | Path) -> list[Path]:
    """What ``batch INPUTS -o OUTPUT`` reads: ``find_inputs``, less the workbook it writes."""
    return without_output(find_inputs(inputs), Path(output))


@dataclass(frozen=True)
class BatchRun:
    """What ``run_batch`` did: the consolidation, the office's memo written (None: not asked for),
    whether LibreOffice was missing for a PDF asked for, and why the office memo has no PDF."""
    consolidation: Consolidation
    memo: tuple[Path, ...] | None = None
    no_libreoffice: bool = False
    memo_unprinted: OutputError | None = None

    @property
    def complete(self) -> bool:
        """Every file read and every memo printed."""
        result = self.consolidation
        return not (result.failures or result.unprinted or self.memo_unprinted)


def run_batch(paths: list[Path], output: str | Path, *, reports: str | Path | None = None, jobs: int | None = None,
              target: float | None = None, edition=None, force: bool = False, frameworks: dict | None = None,
              pdf: bool = False, docx: bool = False, previous: str | Path | None = None, office=None,
              emblem: str | Path | None = None, progress: Callable | None = None) -> BatchRun:
    """``ita-xl batch``: every output checked before anything is written, the agencies consolidated
    (``consolidate``; ``pdf``, ``docx``: each report's memos, with ``reports``), the consolidated
    workbook written whatever happened to the PDFs, and with ``office`` (a ``memo.office.Office``)
    the office's memo beside it. Without LibreOffice everything else is written. ``progress(count)``:
    a context giving an object whose ``update(1)`` is called as each file is done (click's
    progress bar), entered once the outputs are checked."""
    from .writing.edition import Edition
    from .writing.libreoffice import find_soffice
    from .writing.memo.office import (
        check_office_memo,
        office_memo_paths,
        write_office_memo,
    )
    from .writing.output_files import check_output
    edition = edition or Edition()
    no_libreoffice = (pdf and reports is not None or office is not None) and find_soffice() is None
    inputs = tuple(paths) + ((Path(previous),) if previous else ())
    check_output(Path(output), inputs, force, "consolidated")
    if office is not None:
        check_office_memo(output, inputs, force)
    with progress(len(paths)) if progress else contextlib.nullcontext() as bar:
        result = consolidate(paths, jobs=jobs, target=target, reports=reports, edition=edition, force=force,
                             frameworks=frameworks, output=output,
                             pdf=pdf and reports is not None and not no_libreoffice, docx=docx and reports is not None,
                             on_progress=(lambda: bar.update(1)) if bar else None, previous=previous)
    write_consolidated(result, output, edition, target, force)
    if office is None:
        return BatchRun(result, no_libreoffice=no_libreoffice)
    try:
        memo = write_office_memo(result, output, edition, office, inputs, force, emblem, pdf=not no_libreoffice)
    except OutputError as error:
        if error.key != "office_memo_unprinted":
            raise
        return BatchRun(result, (office_memo_paths(output)[0],), no_libreoffice, error)
    return BatchRun(result, memo, no_libreoffice)
