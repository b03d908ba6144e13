"""The bounded pool the page's conversions run in: at most ``jobs`` at once, each in a process of its own.

Every conversion gets a fresh process with the limits ``batch`` gives each file (its memory cap,
its time limit), so one hostile upload fails alone: it cannot stall the server nor take down
another visitor's conversion, as it could in a shared pool. Processes start from a fork server
that has ita_xl imported (a spawned interpreter on Windows), so starting one costs little.

A conversion of several files takes as many of the ``jobs`` places as it runs files at once
(``batch``'s own pool inside its process); places are handed out first come, first served.
The memo PDFs of conversions that finish together are printed by one LibreOffice run, as
``batch`` prints a whole folder's (starting LibreOffice costs more than printing a memo); a
run takes a place too, but lets waiting conversions go first: the result page comes first,
its PDF follows.
"""
from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import anyio
import anyio.to_thread

from ..batch import TIME_LIMIT, limit_memory, time_limit
from ..errors import ItaError, OutputError
from ..writing.edition import Edition

GRACE = 15                      # seconds past a job's own time limit before its process is killed
PRINT_GROUP = 8                 # memos one LibreOffice run prints at most
PATIENCE = 20                   # seconds the PDFs let conversions go first, at most
PRELOAD = ["ita_xl.web.preload"]   # what the fork server imports once for every process it starts


def _context():
    """A fork server where there is one (its processes start from a clean, single-threaded parent);
    elsewhere (Windows) a new interpreter."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(PRELOAD)
        return context
    return multiprocessing.get_context("spawn")


def _child(sending, function: Callable, args: tuple, timed: bool) -> None:
    """In the new process: batch's memory cap, its time limit (``timed``: a job of several files has
    one per file, inside ``batch``), the outcome sent back; every failure as an ``ItaError``."""
    limit_memory()
    try:
        with time_limit(TIME_LIMIT) if timed else contextlib.nullcontext():
            outcome = ("done", function(*args))
    except ItaError as error:
        outcome = ("failed", error)
    except TimeoutError:
        outcome = ("failed", ItaError("too_slow", seconds=TIME_LIMIT))
    except MemoryError:
        outcome = ("failed", ItaError("too_much_memory"))
    except Exception as error:  # whatever the file does, the visitor gets one line, never a traceback
        outcome = ("failed", ItaError("unexpected", reason=type(error).__name__))
    sending.send(outcome)


class Workers:
    """``jobs`` places; ``await workers.run(places, seconds, function, *args)`` runs ``function(*args)``
    in a fresh process once ``places`` of them are free, and returns what it returns."""

    def __init__(self, jobs: int, grace: float = GRACE):
        self.jobs, self.grace = jobs, grace
        self.places = anyio.CapacityLimiter(jobs)
        self.threads = anyio.CapacityLimiter(jobs)
        self.queue = asyncio.Lock()         # one job of several places gathers them at a time
        self.queued = 0                    # conversions waiting for a place
        self.quiet = asyncio.Event()        # set while none is
        self.quiet.set()
        self.context = _context()

    @contextlib.asynccontextmanager
    async def taken(self, places: int, later: bool = False):
        """``places`` of the pool, first come, first served; ``later`` (the PDFs): only once no conversion
        is waiting, or after ``PATIENCE`` seconds, so that a visitor's page never waits for another's PDF."""
        borrowers = [object() for _ in range(min(places, self.jobs))]
        if later:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.quiet.wait(), PATIENCE)
        else:
            self.queued += 1
            self.quiet.clear()
        async with contextlib.AsyncExitStack() as stack:
            try:
                async with self.queue if len(borrowers) > 1 else contextlib.nullcontext():
                    for borrower in borrowers:
                        await self.places.acquire_on_behalf_of(borrower)
                        stack.callback(self.places.release_on_behalf_of, borrower)
            finally:
                if not later:
                    self.queued -= 1
                    if not self.queued:
                        self.quiet.set()
            yield

    async def run(self, places: int, seconds: float, function: Callable, *args, timed: bool = True):
        async with self.taken(places):
            return await anyio.to_thread.run_sync(self._alone, seconds, function, args, timed, limiter=self.threads)

    def _alone(self, seconds: float, function: Callable, args: tuple, timed: bool):
        """The job in a process of its own; a process that dies is given a second chance, as ``batch``
        gives a file whose worker died."""
        for _ in range(2):
            outcome = self._once(seconds, function, args, timed)
            if outcome is not None:
                kind, value = outcome
                if kind == "failed":
                    raise value
                return value
        raise ItaError("worker_died")

    def _once(self, seconds: float, function: Callable, args: tuple, timed: bool):
        """("done", value) or ("failed", error); None when the process died without a word."""
        receiving, sending = self.context.Pipe(duplex=False)
        process = self.context.Process(target=_child, args=(sending, function, args, timed))
        process.start()
        sending.close()
        answered = False
        try:
            if not receiving.poll(seconds + self.grace):
                raise ItaError("too_slow", seconds=TIME_LIMIT)
            try:
                outcome = receiving.recv()
            except (EOFError, OSError):
                return None
            answered = True
            return outcome
        finally:
            receiving.close()
            process.join(self.grace if answered else 0)
            if process.is_alive():
                process.kill()
                process.join()
            process.close()


class Printer:
    """Typeset Word memos to PDF through LibreOffice, those waiting together in one run (as ``batch``
    prints a folder's); each run takes one of the workers' places, so printing counts against the
    same bound as converting."""

    def __init__(self, workers: Workers, soffice: str):
        self.workers, self.soffice = workers, soffice
        self.waiting: list[tuple[Path, Path, Edition, str, asyncio.Future]] = []
        self.runs: set[asyncio.Task] = set()

    async def print(self, memo: Path, destination: Path, edition: Edition, agency: str) -> Path:
        """The PDF of ``memo`` (``agency``'s typeset Word memo with a name of its own, in ``edition``)
        written to ``destination``, its pages numbered."""
        loop = asyncio.get_running_loop()
        future = loop.create_future()
        self.waiting.append((memo, destination, edition, agency, future))
        if sum(not run.done() for run in self.runs) < self.workers.jobs:
            run = loop.create_task(self._runs())
            self.runs.add(run)
            run.add_done_callback(self.runs.discard)
        return await future

    async def close(self, seconds: float) -> None:
        """Stop: memos not yet printing are dropped; a LibreOffice run under way is let finish (``seconds`` at
        most), so that it leaves no profile nor half-written file behind."""
        for *_, future in self.waiting:
            future.cancel()
        self.waiting = []
        if self.runs:
            await asyncio.wait(self.runs, timeout=seconds)

    async def _runs(self) -> None:
        while self.waiting:
            async with self.workers.taken(1, later=True):
                group, self.waiting = self.waiting[:PRINT_GROUP], self.waiting[PRINT_GROUP:]
                if not group:
                    continue
                try:
                    outcomes = await anyio.to_thread.run_sync(self._print_group, group, limiter=self.workers.threads)
                except Exception as error:  # whatever LibreOffice or the disk did, every memo gets its answer
                    outcomes = [(future, None, ItaError("unexpected", reason=type(error).__name__))
                                for *_, future in group]
                for future, made, error in outcomes:
                    if future.done():
                        continue
                    if error is not None:
                        future.set_exception(error)
                    else:
                        future.set_result(made)

    def _print_group(self, group: list[tuple[Path, Path, Edition, str, asyncio.Future]]) -> list[tuple]:
        """One LibreOffice run (a failing one tried again in pieces), each PDF numbered and moved to its
        place: (future, path, error) for each memo (a memo that could not be printed, or whose place is
        gone, fails alone)."""
        from ..writing.libreoffice import print_group
        from ..writing.memo.pdf import number_memo_pages
        outcomes = []
        with tempfile.TemporaryDirectory(prefix="ita-xl-print-") as folder:
            failed = print_group([memo for memo, *_ in group], Path(folder), self.soffice)
            for memo, destination, edition, agency, future in group:
                made = Path(folder) / f"{memo.stem}.pdf"
                try:
                    if memo in failed:          # named after the PDF the visitor asked for, not the server's copy
                        raise OutputError("memo_unprinted", path=destination.name, agency=agency, reason=failed[memo])
                    number_memo_pages(made, edition)
                    shutil.move(made, destination)
                    outcomes.append((future, destination, None))
                except OSError as error:
                    outcomes.append((future, None, OutputError("output_failed", path=destination.name,
                                                               reason=error.strerror or type(error).__name__)))
                except ItaError as error:
                    outcomes.append((future, None, error))
        return outcomes
