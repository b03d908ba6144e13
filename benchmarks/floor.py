"""The floors ita_xl is measured against: the least work any program doing the same job must do.

Reading is python-calamine (Rust; the fastest maintained xlsx reader for Python), writing is xlsxwriter with
plain cells (no formats, formulas or charts). ``run.py`` times each mode as a whole process, start-up
and imports included, beside the real command.

    python benchmarks/floor.py convert INPUT OUTPUT --cells N
        read one input (every sheet) and write N plain cells: the floor of `ita-xl convert`
    python benchmarks/floor.py batch FOLDER OUTPUT [--jobs N]
        read every input of FOLDER (every sheet) and write one row per file with xlsxwriter in
        constant_memory mode: the floor of `ita-xl batch`
    python benchmarks/floor.py reports FOLDER OUTPUT --reports DIR --cells N [--jobs N]
        `batch`, plus for every file a workbook of N plain cells in DIR: the floor of `ita-xl batch --reports`
    python benchmarks/floor.py unzip FOLDER [--jobs N]
        only open every file and inflate every member of it: the physical floor, no parsing at all

Files are found as ita-xl finds them (``*.xlsx`` under FOLDER, recursively, without lock files and
``-report.xlsx`` outputs). ``--jobs`` (default 1) spreads files over that many processes, in chunks as
ita-xl does; workers return small rows.
"""
from __future__ import annotations

import argparse
import sys
import zipfile
from multiprocessing import Pool
from pathlib import Path

COLUMNS = 21          # what ita-xl's consolidated table has: name, type, province, year, 10 indicators,
                      # 3 tools, ITA, level, passed, source
REPORT_SUFFIX = "-report.xlsx"


def find_inputs(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.xlsx") if p.is_file() and not p.name.startswith(("~$", ".ita-xl-"))
                  and not p.name.endswith(REPORT_SUFFIX))


def read(path: str) -> dict[str, list[list]]:
    """Every sheet's cell values."""
    from python_calamine import CalamineWorkbook
    book = CalamineWorkbook.from_path(path)
    return {name: book.get_sheet_by_name(name).to_python() for name in book.sheet_names}


def row_of(path: str, sheets: dict[str, list[list]]) -> list:
    """One consolidated row: the agency's first four values and the ten indicator scores as given."""
    names = list(sheets)
    agency = sheets[names[0]] if names else []
    indicators = sheets[names[1]] if len(names) > 1 else []
    row = [r[1] if len(r) > 1 else None for r in agency[1:5]]
    row += [r[3] if len(r) > 3 else None for r in indicators[1:11]]
    row += [None] * (COLUMNS - 1 - len(row))
    return row + [path]


def write_cells(path: str, values: list, cells: int) -> None:
    """``cells`` plain cells, ten to a row, cycling through ``values``."""
    import xlsxwriter
    book = xlsxwriter.Workbook(path, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
    sheet = book.add_worksheet()
    values = [v for v in values if v not in ("", None)] or [0]
    for n in range(cells):
        value = values[n % len(values)]
        sheet.write(n // 10, n % 10, value if isinstance(value, (str, int, float)) else str(value))
    book.close()


def _batch_one(path: str) -> list:
    try:
        return row_of(path, read(path))
    except Exception as error:   # like ita-xl: a bad file becomes a row, never stops the run
        return [None] * (COLUMNS - 1) + [f"{path}: {error!r}"]


_REPORTS: tuple[str, int] | None = None


def _init_reports(folder: str, cells: int) -> None:
    global _REPORTS
    _REPORTS = (folder, cells)


def _report_one(path: str) -> list:
    folder, cells = _REPORTS
    try:
        sheets = read(path)
        write_cells(str(Path(folder) / f"{Path(path).stem}{REPORT_SUFFIX}"),
                    [v for rows in sheets.values() for row in rows for v in row], cells)
        return row_of(path, sheets)
    except Exception as error:
        return [None] * (COLUMNS - 1) + [f"{path}: {error!r}"]


def _unzip_one(path: str) -> int:
    with zipfile.ZipFile(path) as archive:
        return sum(len(archive.read(info)) for info in archive.infolist())


def _map(function, paths: list[str], jobs: int, initializer=None, initargs=()):
    """Results in input order, from ``jobs`` processes (in this one when 1), chunked as ita-xl chunks."""
    if initializer:
        initializer(*initargs)
    if jobs <= 1 or len(paths) <= 1:
        yield from map(function, paths)
        return
    chunk = max(1, min(64, len(paths) // (jobs * 8)))
    with Pool(jobs, initializer=initializer, initargs=initargs) as pool:
        yield from pool.imap(function, paths, chunksize=chunk)


def consolidated(output: str, rows) -> int:
    import xlsxwriter
    book = xlsxwriter.Workbook(output, {"constant_memory": True, "strings_to_formulas": False,
                                        "strings_to_urls": False})
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, [f"column {n}" for n in range(1, COLUMNS + 1)])
    count = 0
    for count, row in enumerate(rows, start=1):
        sheet.write_row(count, 0, row)
    book.close()
    return count


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    modes = parser.add_subparsers(dest="mode", required=True)
    convert = modes.add_parser("convert", help="one input read, N plain cells written")
    convert.add_argument("input")
    convert.add_argument("output")
    convert.add_argument("--cells", type=int, required=True)
    for name in ("batch", "reports", "unzip"):
        mode = modes.add_parser(name)
        mode.add_argument("folder", type=Path)
        if name != "unzip":
            mode.add_argument("output")
        mode.add_argument("--jobs", type=int, default=1)
        if name == "reports":
            mode.add_argument("--reports", type=Path, required=True)
            mode.add_argument("--cells", type=int, required=True)
    options = parser.parse_args(argv)

    if options.mode == "convert":
        sheets = read(options.input)
        write_cells(options.output, [v for rows in sheets.values() for row in rows for v in row], options.cells)
        return
    paths = [str(p) for p in find_inputs(options.folder)]
    if options.mode == "unzip":
        total = sum(_map(_unzip_one, paths, options.jobs))
        print(f"{len(paths)} files, {total:,} bytes inflated", file=sys.stderr)
    elif options.mode == "batch":
        count = consolidated(options.output, _map(_batch_one, paths, options.jobs))
        print(f"{count} rows", file=sys.stderr)
    else:
        options.reports.mkdir(parents=True, exist_ok=True)
        rows = _map(_report_one, paths, options.jobs, _init_reports, (str(options.reports), options.cells))
        count = consolidated(options.output, rows)
        print(f"{count} rows and reports", file=sys.stderr)


if __name__ == "__main__":
    main()
