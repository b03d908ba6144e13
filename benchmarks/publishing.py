"""Publishing: the memos as Word and PDF beside LibreOffice's own cost of the same work (issue #20).

    python benchmarks/publishing.py [--count 300] [--province 1000] [--repeat 5] [--workdir DIR]

Every figure is a whole process (start-up included) timed in this one run, and every target a ratio
of two figures of the run, so that the machine's speed and load cancel out:

* ``convert --pdf`` of the sample beside ``convert --docx`` plus LibreOffice alone printing the
  sample's Word memo (the copy ita-xl prints, converted by ``soffice --convert-to pdf`` with a fresh
  profile, as ita-xl does): target at most 1.3 times;
* ``batch --reports`` of ``--count`` agencies with and without ``--docx`` and ``--pdf`` (every core):
  the Word memo's cost per agency against the report's own (target at most 1.5 times), and the PDF's
  against LibreOffice converting the same Word memos in as many calls side by side as there are cores
  (target at most 1.3 times);
* a province: ``batch --reports --pdf --docx`` of ``--province`` agencies, its total;
* the memo's length: the report and the Word memo of 1,000, 10,000 and 20,000 short measures (the
  library's writers, in one process each: linear), and ``convert --docx`` of the largest plan an input
  may hold and of one beyond it (refused at once).

Prints one Markdown table; progress goes to stderr.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from generate import generate  # noqa: E402
from run import (  # noqa: E402
    ENV,
    ITA_XL,
    PYTHON,
    SAMPLE,
    log,
    median_time,
    ms,
    seconds,
    timed,
    use_bytecode_cache,
    verdict,
)

PDF_TARGET = 1.3          # PDF per agency against LibreOffice's own conversion; convert --pdf likewise
WORD_TARGET = 1.5         # the Word memo per agency against the report's own cost
MEASURE_COUNTS = (1_000, 10_000, 20_000)

TYPESET = """
import sys
from pathlib import Path
from ita_xl import analyse, load, Edition
from ita_xl.writing.memo.word import docx_bytes
folder = Path(sys.argv[1])
for n, source in enumerate(sys.argv[2:]):
    (folder / f"{n}.docx").write_bytes(docx_bytes(analyse(load(source)), Edition(), typeset=True))
"""

WRITERS = """
import sys, time
sys.path.insert(0, sys.argv[3])
from pathlib import Path
from builders import write_input
import ita_xl.reading.assessment as bounds
bounds.MEMO_MEASURES = bounds.MEMO_CHARACTERS = 10 ** 9       # the writers beyond what an input may hold
from ita_xl import analyse, load, Edition, write_report
from ita_xl.writing.memo import sections
from ita_xl.writing.memo.word import docx_bytes
count = int(sys.argv[1])
source = write_input(Path(sys.argv[2]) / f"measures-{count}.xlsx", measures=[
    (f"มาตรการที่ {n}", f"จัดประชุม {n}", "กองคลัง", "ตุลาคม", "", "") for n in range(count)])
analysis = analyse(load(source))
warm = analyse(load(Path(sys.argv[4])))
write_report(warm, Path(sys.argv[2]) / "warm.xlsx")
docx_bytes(warm, Edition())                   # the dictionary, fonts and chart drawn: not the measures' cost
start = time.perf_counter()
write_report(analysis, Path(sys.argv[2]) / f"measures-{count}-report.xlsx")
report = time.perf_counter() - start
sections._LAST.clear()                        # the Word memo builds its memo again, as alone it would
start = time.perf_counter()
docx_bytes(analysis, Edition())
print(report, time.perf_counter() - start)
"""


def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        raise SystemExit("LibreOffice (soffice) is needed")
    return found


def libreoffice_alone(files: list[Path], out: Path, calls: int) -> float:
    """Wall time of LibreOffice converting ``files`` in ``calls`` processes side by side, each with a
    fresh profile (as ita-xl starts it)."""
    groups = [files[n::calls] for n in range(calls)]

    def convert(group: list[Path]) -> None:
        with tempfile.TemporaryDirectory() as profile:
            subprocess.run([soffice(), "--headless", "--norestore", "--nologo",
                            f"-env:UserInstallation={Path(profile).as_uri()}", "--convert-to", "pdf",
                            "--outdir", str(out), *map(str, group)], capture_output=True, check=True)
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=calls) as pool:
        list(pool.map(convert, groups))
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=300, help="agencies of the per-agency rows")
    parser.add_argument("--province", type=int, default=1000, help="agencies of the --pdf --docx run")
    parser.add_argument("--repeat", type=int, default=5, help="runs of each convert (median)")
    parser.add_argument("--measures", type=int, nargs="+", default=list(MEASURE_COUNTS),
                        help="plans of short measures for the memo's length rows")
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "ita-bench")
    parser.add_argument("--only", nargs="+", choices=("convert", "agencies", "province", "measures"),
                        help="only these parts (default: all)")
    options = parser.parse_args()
    work = options.workdir
    out = work / "publishing"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    use_bytecode_cache(work / "pycache")
    cores = os.cpu_count() or 1
    rows: list[tuple[str, ...]] = []

    def row(measure, result, beside="–", ratio="–", per_agency="–", rss="–", target="–"):
        rows.append((measure, result, beside, ratio, per_agency, rss, target))
        log("| " + " | ".join(rows[-1]) + " |")

    parts = {"convert": lambda: convert_rows(out, options.repeat, row),
             "agencies": lambda: agency_rows(work, out, options.count, cores, row),
             "province": lambda: province_row(work, out, options.province, row),
             "measures": lambda: measure_rows(out, sorted(options.measures), row)}
    for name in options.only or parts:
        parts[name]()
    print(f"Machine: {cores} cores, Python {sys.version.split()[0]}; converts: median of {options.repeat} runs; "
          "batch commands: one run each; bytecode cached.\n")
    headers = ("measure", "ita-xl", "beside it (same run)", "ratio", "per agency", "peak RSS (tree)", "target")
    print("| " + " | ".join(headers) + " |")
    print("|" + "---|" * len(headers))
    for cells in rows:
        print("| " + " | ".join(cells) + " |")


def convert_rows(out: Path, repeat: int, row) -> None:
    log("convert --docx, convert --pdf, LibreOffice alone ...")
    report = out / "sample-report.xlsx"
    subprocess.run([PYTHON, "-c", TYPESET, str(out), str(SAMPLE)], check=True, env=ENV)
    memo = out / "sample-memo.docx"
    (out / "0.docx").rename(memo)
    for flags in (["--docx"], ["--pdf"]):
        subprocess.run([*ITA_XL, "convert", str(SAMPLE), "-o", str(report), "--force", *flags], env=ENV,
                       capture_output=True)          # bytecode and fonts before anything is timed
    docx = median_time([*ITA_XL, "convert", str(SAMPLE), "-o", str(report), "--force", "--docx"], repeat)
    pdf = median_time([*ITA_XL, "convert", str(SAMPLE), "-o", str(report), "--force", "--pdf"], repeat)
    alone = sorted(libreoffice_alone([memo], out, 1) for _ in range(repeat))[repeat // 2]
    row("`ita-xl convert --docx` of the sample", seconds(docx))
    row("LibreOffice alone printing the sample's Word memo", seconds(alone), "fresh profile, one call")
    row("`ita-xl convert --pdf` of the sample", seconds(pdf), f"`--docx` + LibreOffice alone: {seconds(docx + alone)}",
        f"{pdf / (docx + alone):.2f}×", target=verdict(pdf / (docx + alone), PDF_TARGET))


def agency_rows(work: Path, out: Path, count: int, cores: int, row) -> None:
    folder = work / f"inputs-{count}"
    log(f"generating {count:,} inputs ...")
    generate(folder, count)
    times: dict[str, tuple[float, float]] = {}
    for name, flags in (("batch", []), ("reports", ["--reports"]), ("docx", ["--reports", "--docx"]),
                        ("pdf", ["--reports", "--pdf"])):
        reports = out / f"reports-{name}"
        command = [*ITA_XL, "batch", str(folder), "-o", str(out / f"all-{name}.xlsx"), "--quiet"]
        command += [flag if flag != "--reports" else f"--reports={reports}" for flag in flags]
        log(f"batch {' '.join(flags) or '(no reports)'} of {count:,} ...")
        times[name] = timed(command, memory=True)
    log(f"LibreOffice alone, {cores} calls side by side, on the same memos ...")
    memos = out / "memos"
    memos.mkdir()
    sources = sorted(str(p) for p in folder.glob("*.xlsx"))
    subprocess.run([PYTHON, "-c", TYPESET, str(memos), *sources], check=True, env=ENV)
    alone = libreoffice_alone(sorted(memos.glob("*.docx")), memos, cores)
    report = (times["reports"][0] - times["batch"][0]) / count
    word = (times["docx"][0] - times["reports"][0]) / count
    pdf = (times["pdf"][0] - times["reports"][0]) / count
    row(f"`batch` of {count:,} agencies (every core)", seconds(times["batch"][0]), per_agency=ms(times["batch"][0] / count),
        rss=f"{times['batch'][1]:.0f} MB")
    row("report per agency (`--reports` less `batch`)", ms(report), rss=f"{times['reports'][1]:.0f} MB")
    row("Word memo per agency (`--reports --docx` less `--reports`)", ms(word), f"the report: {ms(report)}",
        f"{word / report:.2f}×", rss=f"{times['docx'][1]:.0f} MB", target=verdict(word / report, WORD_TARGET))
    row("PDF per agency (`--reports --pdf` less `--reports`)", ms(pdf),
        f"LibreOffice alone, {cores} calls side by side: {ms(alone / count)} ({seconds(alone)} in all)",
        f"{pdf / (alone / count):.2f}×", rss=f"{times['pdf'][1]:.0f} MB",
        target=verdict(pdf / (alone / count), PDF_TARGET))


def province_row(work: Path, out: Path, count: int, row) -> None:
    folder = work / f"inputs-{count}"
    log(f"generating {count:,} inputs; a province's batch --reports --pdf --docx ...")
    generate(folder, count)
    elapsed, peak = timed([*ITA_XL, "batch", str(folder), "-o", str(out / "province.xlsx"), "--quiet",
                           "--reports", str(out / "province"), "--pdf", "--docx"], memory=True)
    row(f"a province: `batch --reports --pdf --docx` of {count:,} agencies", seconds(elapsed),
        per_agency=ms(elapsed / count), rss=f"{peak:.0f} MB")


def measure_rows(out: Path, counts: list[int], row) -> None:
    from ita_xl.reading.assessment import MEMO_MEASURES
    tests = HERE.parent / "tests"
    per: list[tuple[int, float, float]] = []
    for count in counts:
        log(f"the report and the Word memo of {count:,} measures ...")
        done = subprocess.run([PYTHON, "-c", WRITERS, str(count), str(out), str(tests), str(SAMPLE)],
                              capture_output=True, text=True, env=ENV, check=True)
        report, word = map(float, done.stdout.split())
        per.append((count, report, word))
        row(f"the report and the Word memo of {count:,} short measures (library)",
            f"{seconds(report)} + {seconds(word)}", per_agency=f"{ms(report / count)} + {ms(word / count)} a measure")
    growth = (per[-1][1] + per[-1][2]) / per[-1][0] / ((per[0][1] + per[0][2]) / per[0][0])
    row(f"linearity: time a measure at {per[-1][0]:,} ÷ at {per[0][0]:,}", f"{growth:.2f}", target="about 1")
    sys.path.insert(0, str(tests))
    from builders import write_input
    for count in (MEMO_MEASURES, max(counts[-1], MEMO_MEASURES + 1)):
        source = write_input(out / f"cli-{count}.xlsx", measures=[
            (f"มาตรการที่ {n}", f"จัดประชุม {n}", "กองคลัง", "ตุลาคม", "", "") for n in range(count)])
        elapsed, peak = timed([*ITA_XL, "convert", str(source), "-o", str(out / f"cli-{count}-report.xlsx"),
                               "--docx"], memory=True, codes=(0, 1))
        said = "written" if count <= MEMO_MEASURES else "refused, located"
        row(f"`ita-xl convert --docx` of {count:,} short measures ({said})", seconds(elapsed), rss=f"{peak:.0f} MB",
            target=verdict(elapsed, 10, "≤", " s"))


if __name__ == "__main__":
    main()
