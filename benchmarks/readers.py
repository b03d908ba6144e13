"""Reading alone, in one process: ita_xl's engines beside python-calamine, on the generated agencies.

    python benchmarks/readers.py [--count 1000] [--workdir DIR] [--passes 3]

Prints one Markdown table (best of ``--passes`` passes over the files, milliseconds a file): what
`benchmarks/README.md` quotes to say why the reader is ita_xl's own. The inputs are ``run.py``'s
(``generate.py``), made if they are not there yet.
"""
from __future__ import annotations

import argparse
import contextlib
import sys
import tempfile
import time
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from generate import generate  # noqa: E402


def every_sheet(name: str) -> bool:
    return True


def calamine(path: Path) -> None:
    from python_calamine import CalamineWorkbook
    book = CalamineWorkbook.from_path(str(path))
    for name in book.sheet_names:
        book.get_sheet_by_name(name).to_python()


def empty_callbacks(path: Path) -> None:
    """Expat calling Python callbacks that do nothing, over the sheets and the shared strings."""
    from pyexpat import ParserCreate
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/") or name == "xl/sharedStrings.xml":
                parser = ParserCreate(namespace_separator="}")
                parser.StartElementHandler = lambda tag, attrs: None
                parser.EndElementHandler = parser.CharacterDataHandler = lambda data: None
                parser.Parse(archive.read(name), True)


def readers() -> dict[str, object]:
    """Each reader; ita_xl's read as a batch worker does, remembering a template's parts from one file to
    the next, except the row that reads each file on its own (the library's default)."""
    from ita_xl import load
    from ita_xl.reading.engines import read_cells
    return {
        "ita_xl fast engine (quick path, expat for the rest), every sheet":
            lambda path: read_cells(path, every_sheet, "fast"),
        "the same, each file on its own (nothing remembered between files)":
            lambda path: read_cells(path, every_sheet, "fast"),
        "ita_xl expat engine (every part through expat), every sheet":
            lambda path: read_cells(path, every_sheet, "expat"),
        "`ita_xl.load` (fast engine + finding labels, checks, notes)": load,
        "python-calamine, every sheet `to_python()`": calamine,
        "expat with empty Python callbacks, sheets + shared strings": empty_callbacks,
    }


def best(read, paths: list[Path], passes: int) -> float:
    """Milliseconds a file, the best of ``passes`` passes (after one file read to warm up)."""
    read(paths[0])
    times = []
    for _ in range(passes):
        start = time.perf_counter()
        for path in paths:
            read(path)
        times.append((time.perf_counter() - start) / len(paths) * 1000)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000, help="agencies to read (default 1000)")
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "ita-bench")
    parser.add_argument("--passes", type=int, default=3, help="passes over the files; the best is shown")
    parser.add_argument("--seed", type=int, default=2565)
    options = parser.parse_args()
    folder = options.workdir / f"inputs-{options.count}"
    paths = generate(folder, options.count, options.seed)
    from ita_xl.reading.engines.package import remembered_across_files
    results = {}
    for name, read in readers().items():
        with remembered_across_files() if "ita_xl" in name else contextlib.nullcontext():
            results[name] = best(read, paths, options.passes)
    floor = results["python-calamine, every sheet `to_python()`"]
    print(f"| reader | {len(paths):,} agencies, ms a file | against calamine |")
    print("|---|---|---|")
    for name, ms in results.items():
        print(f"| {name} | {ms:.2f} | {ms / floor:.2f}× |")


if __name__ == "__main__":
    main()
