"""ita_xl's speed and memory, measured as whole processes, each beside its baseline in the same run.

    python benchmarks/run.py [--sizes 1000 8300] [--workdir /tmp/ita-bench] [--repeat 7]

Prints a Markdown table; benchmarks/README.md records the figures and the machine they came from.
"""
from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import openpyxl

HERE = Path(__file__).resolve().parent
SAMPLE = HERE.parent / "samples" / "saithong-2565.xlsx"
sys.path.insert(0, str(HERE))
from generate import generate  # noqa: E402


def _tree_rss_kb(pid: int) -> int:
    """Resident memory of a process and all its descendants (Linux /proc)."""
    total, pending = 0, [pid]
    while pending:
        current = pending.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS")))
            for task in Path(f"/proc/{current}/task").iterdir():
                pending += [int(child) for child in (task / "children").read_text().split()]
        except (OSError, StopIteration, ValueError):
            continue
    return total


def timed(command: list[str], sample_memory: bool = False) -> tuple[float, int]:
    """Wall time in seconds and peak resident memory (KB) of ``command`` and its children."""
    peak = 0
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if sample_memory:
        def sample():
            nonlocal peak
            while process.poll() is None:
                peak = max(peak, _tree_rss_kb(process.pid))
                time.sleep(0.02)
        watcher = threading.Thread(target=sample)
        watcher.start()
    process.wait()
    elapsed = time.perf_counter() - start
    if sample_memory:
        watcher.join()
    if process.returncode not in (0, 3):
        raise SystemExit(f"{' '.join(command)} failed with {process.returncode}")
    return elapsed, peak


def best_of(command: list[str], repeat: int) -> float:
    return statistics.median(timed(command)[0] for _ in range(repeat))


def cell_count(path: Path) -> int:
    book = openpyxl.load_workbook(path)
    return sum(1 for sheet in book.worksheets for row in sheet.iter_rows() for cell in row if cell.value is not None)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 8300])
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "ita-bench")
    parser.add_argument("--repeat", type=int, default=7)
    options = parser.parse_args()
    work = options.workdir
    work.mkdir(parents=True, exist_ok=True)
    python = sys.executable
    rows = []

    help_time = best_of([python, "-m", "ita_xl", "--help"], options.repeat)
    bare = best_of([python, "-c", "pass"], options.repeat)
    rows.append(("`ita-xl --help`", f"{help_time:.3f} s", f"bare `python -c pass`: {bare:.3f} s"))

    report = work / "sample-report.xlsx"
    convert = best_of([python, "-m", "ita_xl", "convert", str(SAMPLE), "-o", str(report)], options.repeat)
    cells = cell_count(report)
    floor = best_of([python, str(HERE / "floor.py"), str(SAMPLE), str(work / "floor.xlsx"), str(cells)],
                    options.repeat)
    rows.append(("`ita-xl convert` of the sample", f"{convert:.3f} s",
                 f"floor (openpyxl read + {cells} plain cells by xlsxwriter): {floor:.3f} s, ratio {convert / floor:.2f}"))

    for size in options.sizes:
        folder = work / f"inputs-{size}"
        if len(list(folder.glob("agency-*.xlsx"))) != size:
            generate(folder, size)
        elapsed, peak = timed([python, "-m", "ita_xl", "batch", str(folder), "-o", str(work / f"all-{size}.xlsx"),
                               "--quiet"], sample_memory=True)
        rows.append((f"`ita-xl batch` of {size:,} files", f"{elapsed:.1f} s",
                     f"{size / elapsed:.0f} files/s, {1000 * elapsed / size:.2f} ms/file, peak RSS {peak / 1024:.0f} MB"))

    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    print(f"Machine: {os.cpu_count()} cores ({cpu}), Python {platform.python_version()}, {platform.system()}\n")
    print("| measure | result | beside it |\n|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
