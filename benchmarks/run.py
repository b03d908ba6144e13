"""ita_xl's speed and memory on real-size files, as whole processes, each beside its floor from the same session.

    python benchmarks/run.py [--sizes 1000 8300 20000] [--repeat 7] [--workdir DIR] [--reports-count 300]
    python benchmarks/run.py --quick          # 1,000 agencies only: a smoke run

Prints one Markdown table (progress goes to stderr); benchmarks/README.md explains every row.
"""
from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SAMPLE = HERE.parent / "samples" / "saithong-2565.xlsx"
FLOOR = HERE / "floor.py"
PEER = HERE / "peer.py"
sys.path.insert(0, str(HERE))
from generate import generate  # noqa: E402

PYTHON = sys.executable
ITA_XL = [PYTHON, "-m", "ita_xl"]
STARTUP_TARGET = 1.5       # ita-xl --help / --version against `python -c "import click"`
CONVERT_TARGET = 2.3       # ita-xl convert against the convert floor (#20: today's ratio, not to fall below)
BATCH_TARGET = 4.5         # ita-xl batch (every job) against the batch floor with as many processes (#20)
PEER_TARGET = 4.0          # ita-xl batch at least this many times faster than the pandas/openpyxl peer
PEER_LARGEST = 8_300       # the peer (one process, some 20 ms a file) is run up to this many agencies
REPORTS_TARGET = 2.0       # ita-xl batch --reports, per agency, against the reports floor
MEMORY_TARGET_MB = 300     # peak RSS of the process tree from MEMORY_TARGET_SIZE agencies on
MEMORY_TARGET_SIZE = 8_300
SAMPLE_EVERY_S = 0.02      # RSS sampling period


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# ---------------------------------------------------------------- measuring

def _tree_rss_kb(pid: int) -> int:
    """Resident memory of a process and all its descendants (Linux /proc; psutil elsewhere)."""
    if not Path("/proc/self/status").exists():
        import psutil
        try:
            parent = psutil.Process(pid)
            members = [parent, *parent.children(recursive=True)]
        except psutil.Error:
            return 0
        total = 0
        for member in members:
            try:
                total += member.memory_info().rss // 1024
            except psutil.Error:
                continue
        return total
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


# Every command runs with its bytecode cached, as an installed package's is (pip compiles it when it
# installs): a checkout run with PYTHONDONTWRITEBYTECODE would otherwise compile ita_xl on every start,
# while the floors' libraries come compiled from site-packages. The cache goes under the workdir, not
# into the source tree; ``warm_up`` fills it before anything is timed.
ENV = dict(os.environ)


def use_bytecode_cache(folder: Path) -> None:
    ENV.pop("PYTHONDONTWRITEBYTECODE", None)
    ENV["PYTHONPYCACHEPREFIX"] = str(folder)


def warm_up(command: list[str]) -> None:
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV)


def timed(command: list[str], memory: bool = False, codes=(0, 3)) -> tuple[float, float]:
    """Wall time (s) and peak resident memory (MB) of ``command`` with all its children; an exit code
    in ``codes`` is success."""
    peak = 0
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=ENV)
    watcher = None
    if memory:
        def sample():
            nonlocal peak
            while process.poll() is None:
                peak = max(peak, _tree_rss_kb(process.pid))
                time.sleep(SAMPLE_EVERY_S)
        watcher = threading.Thread(target=sample, daemon=True)
        watcher.start()
    _, errors = process.communicate()
    elapsed = time.perf_counter() - start
    if watcher:
        watcher.join()
    if process.returncode not in codes:
        tail = errors.decode(errors="replace").strip().splitlines()[-5:]
        raise SystemExit(f"{' '.join(command)} failed with {process.returncode}:\n" + "\n".join(tail))
    return elapsed, peak / 1024


def median_time(command: list[str], repeat: int) -> float:
    return statistics.median(timed(command)[0] for _ in range(repeat))


def median_run(command: list[str], repeat: int, before=None) -> tuple[float, float]:
    """Median time and the highest peak RSS over ``repeat`` runs (``before`` runs ahead of each)."""
    times, peaks = [], []
    for _ in range(repeat):
        if before:
            before()
        elapsed, peak = timed(command, memory=True)
        times.append(elapsed)
        peaks.append(peak)
    return statistics.median(times), max(peaks)


def report_cells(paths: list[Path]) -> int:
    """Non-empty cells of real reports (the mean over ``paths``), as calamine reads them."""
    from python_calamine import CalamineWorkbook
    counts = []
    for path in paths:
        book = CalamineWorkbook.from_path(str(path))
        counts.append(sum(1 for name in book.sheet_names for row in book.get_sheet_by_name(name).to_python()
                          for value in row if value not in ("", None)))
    return round(statistics.fmean(counts))


# ---------------------------------------------------------------- formatting

def seconds(value: float) -> str:
    return f"{value:.3f} s" if value < 1 else f"{value:.2f} s" if value < 10 else f"{value:.1f} s"


def ms(value: float) -> str:
    return f"{1000 * value:.2f} ms"


def verdict(ratio: float, target: float, sign: str = "≤", unit: str = "×") -> str:
    met = ratio <= target if sign == "≤" else ratio < target
    return f"{sign} {target:g}{unit}: {'met' if met else '**not met**'}"


def peer_row(folder: Path, out: Path, size: int, ours: float, repeat: int, row) -> None:
    """The pandas/openpyxl script an office would write (``peer.py``) beside ``ita-xl batch`` (``ours`` s)."""
    log(f"the pandas/openpyxl peer on {size:,} ...")
    peer, peer_peak = median_run([PYTHON, str(PEER), str(folder), str(out / f"peer-{size}.xlsx")], repeat)
    row(f"pandas/openpyxl peer of {size:,} agencies (one process) beside `ita-xl batch` (every core)",
        seconds(peer), f"`ita-xl batch`: {seconds(ours)}", f"{peer / ours:.2f}× faster", ms(peer / size),
        rss=f"{peer_peak:.0f} MB",
        time_target=f"≥ {PEER_TARGET:g}× faster: {'met' if peer / ours >= PEER_TARGET else '**not met**'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 8300, 20000],
                        help="agencies per batch run (default: 1000 8300 20000)")
    parser.add_argument("--repeat", type=int, default=7, help="runs of each short command; the median is shown")
    parser.add_argument("--batch-repeat", type=int, default=1, help="runs of each batch command (median)")
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "ita-bench",
                        help="generated inputs (kept and reused) and outputs")
    parser.add_argument("--quick", action="store_true", help="1,000 agencies only: a smoke run")
    parser.add_argument("--reports-count", type=int, default=300, help="agencies to run --reports on")
    parser.add_argument("--seed", type=int, default=2565, help="the generator's seed")
    options = parser.parse_args()
    sizes = [1000] if options.quick else sorted(set(options.sizes))
    work = options.workdir
    out = work / "out"
    out.mkdir(parents=True, exist_ok=True)
    cores = os.cpu_count() or 1
    job_counts = [1] if cores == 1 else [1, cores]
    rows: list[tuple[str, ...]] = []

    def row(measure, result, floor="–", ratio="–", per_file="–", unzip="–", rss="–", time_target="–",
            memory_target="–"):
        rows.append((measure, result, floor, ratio, per_file, unzip, rss, time_target, memory_target))

    use_bytecode_cache(work / "pycache")
    report = out / "sample-report.xlsx"
    for command in ([PYTHON, "-c", "import click"], [*ITA_XL, "--help"],
                    [*ITA_XL, "convert", str(SAMPLE), "-o", str(report)],
                    [PYTHON, str(FLOOR), "convert", str(SAMPLE), str(out / "floor-convert.xlsx"), "--cells", "1"]):
        warm_up(command)

    # start-up
    log("timing start-up ...")
    click_import = median_time([PYTHON, "-c", "import click"], options.repeat)
    for flag in ("--help", "--version"):
        elapsed = median_time([*ITA_XL, flag], options.repeat)
        row(f"`ita-xl {flag}`", seconds(elapsed), f'`python -c "import click"`: {seconds(click_import)}',
            f"{elapsed / click_import:.2f}×", time_target=verdict(elapsed / click_import, STARTUP_TARGET))

    # convert
    log("timing convert ...")
    convert = median_time([*ITA_XL, "convert", str(SAMPLE), "-o", str(report)], options.repeat)
    cells = report_cells([report])
    floor = median_time([PYTHON, str(FLOOR), "convert", str(SAMPLE), str(out / "floor-convert.xlsx"),
                         "--cells", str(cells)], options.repeat)
    row("`ita-xl convert` of the sample", seconds(convert),
        f"calamine read + {cells} plain cells by xlsxwriter: {seconds(floor)}", f"{convert / floor:.2f}×",
        time_target=verdict(convert / floor, CONVERT_TARGET))

    # batch
    per_file: dict[tuple[int, int], float] = {}
    for size in sizes:
        folder = work / f"inputs-{size}"
        log(f"generating {size:,} inputs in {folder} (reused when already there) ...")
        generate(folder, size, options.seed)
        floors: dict[int, tuple[float, float]] = {}
        for jobs in job_counts:     # 1 first: the all-jobs row is also set against the 1-process floor
            flag = ["--jobs", str(jobs)]
            log(f"batch of {size:,} with {jobs} job(s): unzip, floor, ita-xl ...")
            unzip, _ = median_run([PYTHON, str(FLOOR), "unzip", str(folder), *flag], options.batch_repeat)
            floors[jobs] = median_run([PYTHON, str(FLOOR), "batch", str(folder),
                                       str(out / f"floor-{size}-{jobs}.xlsx"), *flag], options.batch_repeat)
            # every core is ita-xl's default: run it without --jobs, as users do
            elapsed, peak = median_run([*ITA_XL, "batch", str(folder), "-o", str(out / f"all-{size}-{jobs}.xlsx"),
                                        "--quiet", *(flag if jobs == 1 else [])], options.batch_repeat)
            floor_time, floor_peak = floors[jobs]
            per_file[size, jobs] = elapsed / size
            ratio = f"{elapsed / floor_time:.2f}×"
            if jobs != 1:
                ratio += f" ({elapsed / floors[1][0]:.2f}× the 1-process floor)"
            memory = verdict(peak, MEMORY_TARGET_MB, "<", " MB") if size >= MEMORY_TARGET_SIZE else "–"
            row(f"`ita-xl batch` of {size:,} agencies, " + ("`--jobs 1`" if jobs == 1 else
                                                              f"every core (default, {jobs} jobs)"),
                seconds(elapsed), f"calamine batch floor, {jobs} process{'es' if jobs > 1 else ''}: "
                                  f"{seconds(floor_time)}",
                ratio, f"{ms(elapsed / size)} (floor {ms(floor_time / size)})", seconds(unzip),
                f"{peak:.0f} MB (floor {floor_peak:.0f} MB)",
                verdict(elapsed / floor_time, BATCH_TARGET) if jobs == job_counts[-1] else "–", memory)
        if size <= PEER_LARGEST:
            peer_row(folder, out, size, per_file[size, job_counts[-1]] * size, options.batch_repeat, row)
    if len(sizes) > 1:
        for jobs in job_counts:
            growth = per_file[sizes[-1], jobs] / per_file[sizes[0], jobs]
            which = "`--jobs 1`" if jobs == 1 else "every core"
            row(f"linearity, {which}: time per agency at {sizes[-1]:,} ÷ at {sizes[0]:,}",
                f"{growth:.2f}", per_file=f"{ms(per_file[sizes[0], jobs])} → {ms(per_file[sizes[-1], jobs])}")

    # reports
    count = options.reports_count
    folder = work / f"inputs-{count}"
    log(f"generating {count:,} inputs for --reports ...")
    generate(folder, count, options.seed)
    log(f"batch --reports of {count:,} agencies: ita-xl, then the floor ...")
    reports, floor_reports = out / f"reports-{count}", out / f"floor-reports-{count}"
    elapsed, peak = median_run([*ITA_XL, "batch", str(folder), "-o", str(out / f"all-reports-{count}.xlsx"),
                                "--quiet", "--reports", str(reports)], options.batch_repeat,
                               before=lambda: shutil.rmtree(reports, ignore_errors=True))
    made = sorted(reports.glob("*-report.xlsx"))
    cells = report_cells(made[:: max(1, len(made) // 50)])
    floor, floor_peak = median_run([PYTHON, str(FLOOR), "reports", str(folder), str(out / f"floor-all-{count}.xlsx"),
                                    "--reports", str(floor_reports), "--cells", str(cells), "--jobs", str(cores)],
                                   options.batch_repeat,
                                   before=lambda: shutil.rmtree(floor_reports, ignore_errors=True))
    row(f"`ita-xl batch --reports` of {count:,} agencies (every core), per agency", ms(elapsed / count),
        f"calamine read + {cells} plain cells per report, {cores} processes: {ms(floor / count)}",
        f"{elapsed / floor:.2f}×", f"{seconds(elapsed)} in all (floor {seconds(floor)})", "–",
        f"{peak:.0f} MB (floor {floor_peak:.0f} MB)", verdict(elapsed / floor, REPORTS_TARGET))

    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor()) if Path("/proc/cpuinfo").exists() \
        else platform.processor()
    print(f"Machine: {cores} cores ({cpu}), Python {platform.python_version()}, {platform.system()}; "
          f"short commands: median of {options.repeat} runs; batch commands: "
          f"{'median of ' + str(options.batch_repeat) + ' runs' if options.batch_repeat > 1 else 'one run each'}; "
          f"bytecode cached for every command.\n")
    headers = ("measure", "ita-xl", "floor (same session)", "ratio", "per agency", "unzip only",
               "peak RSS (tree)", "time target", "memory target")
    print("| " + " | ".join(headers) + " |")
    print("|" + "---|" * len(headers))
    for cells_of_row in rows:
        print("| " + " | ".join(cells_of_row) + " |")


if __name__ == "__main__":
    main()
