"""The three reading engines agree on every odd workbook (tests/odd_workbooks.py), read it as a correct reader must,
and finish in seconds.

Each reading runs in a child process with a time and memory limit, so that a reader that hangs or tries to
build a billion-row grid fails its test instead of stopping the run or the machine.
"""
from __future__ import annotations

import dataclasses
import multiprocessing
import time
import traceback

import pytest
from builders import SAMPLE
from odd_workbooks import CASES, file_name

from ita_xl import inspect
from ita_xl.thai import squeezed

ENGINES = ("fast", "expat", "openpyxl")
SECONDS = 20                         # generous: only there to stop a hang from blocking CI
MEMORY = 2 * 1024 ** 3               # bytes a reading may add to the process
NAMES = [name for name, _, _ in CASES]
MAKERS = {name: make for name, make, _ in CASES}
EXPECT = {name: expect for name, _, expect in CASES}


@dataclasses.dataclass
class Reading:
    content: dict | None = None      # what was read, or None when there were problems
    problems: list[str] = dataclasses.field(default_factory=list)
    failure: str | None = None       # the engine raised, ran out of time, or died


def content(assessment) -> dict | None:
    """What an assessment says, without its file name: comparable across engines and files."""
    if assessment is None:
        return None
    return {"fiscal_year": assessment.framework.fiscal_year,
            "agency": dataclasses.asdict(assessment.agency),
            "stated": {k: v for k, v in dataclasses.asdict(assessment.stated).items() if k != "cells"},  # not where
            "indicator_scores": dict(assessment.indicator_scores),
            "items": {code: dataclasses.asdict(item) for code, item in assessment.items.items()},
            "measures": [dataclasses.asdict(measure) for measure in assessment.measures],
            "notes": [{"sheet": squeezed(note.sheet), "cell": note.cell, "key": note.key}   # the sheet by role
                      for note in assessment.notes]}


def _limit_memory() -> None:
    try:
        import resource
        with open("/proc/self/statm") as statm:
            used = int(statm.read().split()[0]) * resource.getpagesize()
        resource.setrlimit(resource.RLIMIT_AS, (used + MEMORY, used + MEMORY))
    except (ImportError, OSError, ValueError):
        pass


def _read_in_child(path: str, engine: str, sender) -> None:
    _limit_memory()
    try:
        assessment, problems = inspect(path, engine=engine)
        sender.send(Reading(content(assessment), [str(p) for p in problems]))
    except BaseException as error:  # noqa: BLE001 - a reader must never raise: report it as the result
        sender.send(Reading(failure=f"raised {type(error).__name__}: {error}\n{traceback.format_exc(limit=-3)}"))


def read(path, engine: str) -> Reading:
    """``inspect(path, engine=engine)`` in a child process, stopped after ``SECONDS``."""
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_read_in_child, args=(str(path), engine, sender), daemon=True)
    started = time.monotonic()
    child.start()
    sender.close()
    try:
        if not receiver.poll(SECONDS):
            return Reading(failure=f"did not finish in {SECONDS} s")
        return receiver.recv()
    except EOFError:
        return Reading(failure=f"the reading process died after {time.monotonic() - started:.1f} s "
                               f"(exit code {child.exitcode}; memory limit {MEMORY >> 20} MB)")
    finally:
        child.kill()
        child.join()


@pytest.fixture(scope="module")
def readings(tmp_path_factory):
    """``readings(name, engine)``: each case written and read once per engine."""
    folder = tmp_path_factory.mktemp("odd")
    done: dict[tuple[str, str], tuple[str, Reading]] = {}

    def reading(name: str, engine: str) -> tuple[str, Reading]:
        if (name, engine) not in done:
            path = folder / file_name(name)
            if not path.exists():
                MAKERS[name](path)
            done[name, engine] = str(path), read(path, engine)
        return done[name, engine]
    return reading


@pytest.fixture(scope="module")
def sample():
    return {engine: content(inspect(SAMPLE, engine=engine)[0]) for engine in ENGINES}


def short(value, limit: int = 120) -> str:
    text = repr(value)
    return text if len(text) <= limit else f"{text[:limit]}… ({len(text):,} characters)"


def differences(left, right, where: str = "") -> list[str]:
    """Where two readings differ, leaf by leaf, values shortened."""
    if isinstance(left, dict) and isinstance(right, dict):
        return [d for key in {**left, **right}
                for d in differences(left.get(key, "<missing>"), right.get(key, "<missing>"), f"{where}.{key}")]
    if isinstance(left, list) and isinstance(right, list) and len(left) == len(right):
        return [d for n, (a, b) in enumerate(zip(left, right)) for d in differences(a, b, f"{where}.{n}")]
    return [] if left == right else [f"{where or 'content'}: {short(left)} != {short(right)}"]


def lookup(found: dict, path: str):
    """``agency.date``, ``measures.0.timeline``, ``items.E11.score`` or ``len(measures)`` in a reading's content."""
    if path.startswith("len("):
        return len(lookup(found, path[4:-1]))
    node = found
    for part in path.split("."):
        node = node[int(part)] if isinstance(node, (list, tuple)) else node[part]
    return node


def check(expect: dict, path: str, reading: Reading, sample: dict) -> None:
    assert reading.failure is None, reading.failure
    problems = "\n".join(reading.problems) or "none"
    for key, wanted in expect.items():
        if key == "same":
            continue
        if key == "problem":
            where, says = wanted
            prefix = f"{path}: {where}: " if where else f"{path}: "
            assert any(p.startswith(prefix) and says in p for p in reading.problems), \
                f"expected a problem {prefix!r}…{says!r}…; problems:\n{problems}"
        elif key == "not_says":
            assert not any(wanted in p for p in reading.problems), f"a problem says {wanted!r}:\n{problems}"
        elif reading.content is None:
            pytest.fail(f"expected {key} = {short(wanted)}; got problems instead:\n{problems}")
        elif key == "sample":
            assert reading.content == sample, "\n".join(["differs from the sample:"]
                                                        + differences(reading.content, sample)[:8])
        else:
            actual = lookup(reading.content, key)
            if isinstance(wanted, dict):
                actual = {k: actual.get(k, "<missing>") for k in wanted}
            if actual != (pytest.approx(wanted) if isinstance(wanted, (dict, int, float)) else wanted):
                pytest.fail(f"{key}: expected {short(wanted)}, read {short(actual)}")


def test_the_corpus_has_at_least_45_distinct_cases():
    assert len(set(NAMES)) == len(NAMES) >= 45


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("name", NAMES)
def test_each_engine_finishes_each_case_in_seconds_without_raising(readings, name, engine):
    _, reading = readings(name, engine)
    assert reading.failure is None, reading.failure


@pytest.mark.parametrize("engine", ("fast", "expat"))
@pytest.mark.parametrize("name", NAMES)
def test_both_engines_give_the_same_result(readings, name, engine):
    _, fast = readings(name, engine)
    _, reference = readings(name, "openpyxl")
    assert fast.failure is None and reference.failure is None, \
        f"{engine}: {fast.failure}\nopenpyxl: {reference.failure}"
    assert fast.problems == reference.problems, (
        f"different problems:\n{engine}:\n" + "\n".join(fast.problems or ["none"])
        + "\nopenpyxl:\n" + "\n".join(reference.problems or ["none"]))
    assert fast.content == reference.content, "\n".join(
        [f"different readings ({engine} != openpyxl):"] + differences(fast.content, reference.content)[:8])


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("name", [name for name in NAMES if set(EXPECT[name]) - {"same"}])
def test_each_engine_reads_each_case_as_expected(readings, sample, name, engine):
    path, reading = readings(name, engine)
    check(EXPECT[name], path, reading, sample[engine])
