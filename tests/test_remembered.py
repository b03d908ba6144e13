"""No state behind anyone's back (#18 §5): what the reader remembers between files is a ``Remembered``
owned by one reading (the default) or by a batch worker for its files, and bounded; the writer
keeps nothing between workbooks."""
from __future__ import annotations

import contextvars

from builders import copy_sample, write_input

from ita_xl import consolidate, load
from ita_xl.reading.engines import fast, package
from ita_xl.writing import output_files


def counting(monkeypatch) -> list[int]:
    """How many times the workbook part is parsed."""
    calls, parse = [0], package._book

    def counted(*parts):
        calls[0] += 1
        return parse(*parts)
    monkeypatch.setattr(package, "_book", counted)
    return calls


def test_a_file_read_on_its_own_remembers_nothing_for_the_next(monkeypatch, tmp_path):
    calls = counting(monkeypatch)
    sample = copy_sample(tmp_path)
    load(sample)
    load(sample)
    assert calls[0] == 2
    assert package._ACROSS_FILES.get() is None


def test_files_read_together_share_what_their_template_shares(monkeypatch, tmp_path):
    calls = counting(monkeypatch)
    sample = copy_sample(tmp_path)
    with package.remembered_across_files():
        first = package._ACROSS_FILES.get()
        load(sample)
        load(sample)
        assert package._ACROSS_FILES.get() is first and first.parts and first.positions
    assert calls[0] == 1
    assert package._ACROSS_FILES.get() is None          # gone with the block


def test_a_batch_in_one_process_shares_them_for_its_run_only(monkeypatch, tmp_path):
    calls = counting(monkeypatch)
    files = [write_input(tmp_path / f"{n}.xlsx", indicators={no: 80.0 + n for no in range(1, 11)}) for n in range(3)]
    assert len(consolidate(files, jobs=1).rows) == 3
    assert calls[0] == 1                              # one template, parsed once
    assert package._ACROSS_FILES.get() is None


def test_a_batch_worker_keeps_one_for_its_life():
    context = contextvars.copy_context()               # the worker's start, without its memory limit
    context.run(package.remember_across_files)
    assert context.run(package._ACROSS_FILES.get) is not None
    assert package._ACROSS_FILES.get() is None


def test_what_is_remembered_is_bounded():
    remembered = package.Remembered()
    for n in range(package.Remembered.MAX_PARTS * 3):
        remembered.part(("styles", str(n).encode()), lambda: n)
    assert len(remembered.parts) <= package.Remembered.MAX_PARTS
    big = b"x" * (package.Remembered.MAX_PART_BYTES + 1)
    assert remembered.part(("styles", big), lambda: "parsed") == "parsed" and ("styles", big) not in remembered.parts
    for row in range(package.Remembered.MAX_POSITIONS + 100):
        assert remembered.position(f"A{row + 1}") == (row, 0)
    assert len(remembered.positions) == package.Remembered.MAX_POSITIONS
    beyond = package.Remembered()
    assert beyond.position("XFE1") == (0, 16384) and not beyond.positions       # beyond the grid: not kept


CONSTANT_TABLES = {"_DISK_ERRORS", "_ASCII_LOWER"}    # errno -> message key; ASCII case folding: never written to


def test_no_module_of_the_reader_or_the_writer_keeps_a_container_of_its_own():
    """A dict, list or set at module level is state every caller shares: none in the modules that used
    to keep caches, but tables of constants."""
    for module in (fast, package, output_files):
        found = [name for name, value in vars(module).items() if type(value) in (dict, list, set)
                 and not name.startswith("__") and name not in CONSTANT_TABLES]
        assert not found, (module.__name__, found)
