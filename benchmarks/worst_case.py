"""The worst an input of 50 MB can do, and the largest legitimate one (issue #9 §3).

    python benchmarks/worst_case.py [--workdir DIR] [--only NAME ...]

Each case is a file of at most 50 MB built from the sample (``samples/saithong-2565.xlsx``) with one
member replaced; ``ita-xl validate`` (which reads everything and writes nothing) runs on it as a whole
process, and its wall time and peak memory (the child's maximum resident set) are set against the
targets: 10 s and 400 MB for any input of 50 MB or less, 3 s for ``convert`` of the legitimate
1,000-measure workbook (as many measures as a memo holds) and 10 s with its Word memo. The measures
cases (a million cells, 10 MB of text, 20,000 short measures) also go through ``convert --docx --pdf``.
Prints one Markdown table; exit 1 when a target is missed.
"""
from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from builders import write_input  # noqa: E402
from odd_workbooks import ITEMS, SAMPLE, many_measures  # noqa: E402

MB = 1024 * 1024
TIME_LIMIT, MEMORY_LIMIT, MEASURES_LIMIT = 10.0, 400, 3.0
FILE_LIMIT = 50 * MB
HEAD = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
TAIL = "</sheetData></worksheet>"
THAI = [chr(c) for c in range(0x0E01, 0x0E2F)]


def with_members(path: Path, replaced: dict[str, list[str]], stored: bool = False, base: Path = SAMPLE) -> Path:
    """``base`` with each member in ``replaced`` written from its chunks (streamed, never held whole)."""
    with zipfile.ZipFile(base) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename not in replaced:
                target.writestr(info, source.read(info))
        for member, chunks in replaced.items():
            info = zipfile.ZipInfo(member)
            info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            with target.open(info, "w", force_zip64=True) as out:
                for chunk in chunks:
                    out.write(chunk.encode("utf-8"))
    return path


def with_member(path: Path, member: str, chunks, stored: bool = False) -> Path:
    return with_members(path, {member: chunks}, stored)


def sheet_rows(budget: int, row_xml) -> list[str]:
    """Worksheet XML of rows made by ``row_xml(n)`` until ``budget`` bytes, in chunks."""
    chunks, size, row, buffer = [HEAD], len(HEAD), 2, []
    while size < budget:
        xml = row_xml(row)
        buffer.append(xml)
        size += len(xml.encode("utf-8"))
        row += 1
        if len(buffer) == 10_000:
            chunks.append("".join(buffer))
            buffer = []
    return chunks + ["".join(buffer), TAIL]


def numbers_under_cap(path: Path) -> Path:
    """The items sheet as 2 million numeric cells, just under the 50 MB a workbook may inflate to."""
    return with_member(path, ITEMS, sheet_rows(
        48 * MB, lambda r: f'<row r="{r}"><c r="A{r}"><v>{r}</v></c><c r="D{r}"><v>{r % 100}</v></c></row>'))


def stored_under_cap(path: Path) -> Path:
    """The same cells stored without compression: a file of almost 50 MB on disk."""
    return with_member(path, ITEMS, sheet_rows(
        48 * MB, lambda r: f'<row r="{r}"><c r="A{r}"><v>{r}</v></c><c r="D{r}"><v>{r % 100}</v></c></row>'),
        stored=True)


def strings_under_cap(path: Path) -> Path:
    """Shared strings of random Thai text just under the cap, every cell of the items sheet using one
    (an input written by xlsxwriter, which keeps its text in ``xl/sharedStrings.xml``)."""
    rng = random.Random(2565)
    count = 400_000
    table = ([f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/'
              f'spreadsheetml/2006/main" count="{count}" uniqueCount="{count}">']
             + ["<si><t>" + "".join(rng.choices(THAI, k=20)) + "</t></si>" for _ in range(count)] + ["</sst>"])
    rows = sheet_rows(20 * MB, lambda r: f'<row r="{r}"><c r="C{r}" t="s"><v>{r % count}</v></c></row>')
    base = write_input(path.with_suffix(".base.xlsx"))
    try:
        with zipfile.ZipFile(base) as source:
            assert "xl/sharedStrings.xml" in source.namelist()
        return with_members(path, {"xl/sharedStrings.xml": table, ITEMS: rows}, base=base)
    finally:
        base.unlink()


def bomb(path: Path) -> Path:
    """A file whose items sheet would inflate to 5 GB of blank rows."""
    block = '<row r="2"/>' * 100_000
    return with_member(path, ITEMS, [HEAD] + [block] * 4_200 + [TAIL])


def one_long_cell(path: Path) -> Path:
    """A single cell of 15 million Thai characters (45 MB of XML), just under the cap."""
    text = "ก" * 3_750_000
    return with_member(path, ITEMS, [HEAD, '<row r="2"><c r="C2" t="inlineStr"><is><t>', text, text, text, text,
                                     "</t></is></c></row>", TAIL])


def far_references(path: Path) -> Path:
    """A million cells at references beyond Excel's grid."""
    return with_member(path, ITEMS, sheet_rows(
        40 * MB, lambda r: f'<row r="{r}"><c r="XFE{r}"><v>1</v></c><c r="A{r + 2_000_000}"><v>1</v></c></row>'))


def random_bytes(path: Path) -> Path:
    with path.open("wb") as out:
        for _ in range(50):
            out.write(os.urandom(MB - 1))
    return path


MEASURES = "xl/worksheets/sheet4.xml"     # the sample's มาตรการ
MEASURES_HEADER = ('<row r="1">' + "".join(
    f'<c r="{col}1" t="inlineStr"><is><t>{label}</t></is></c>' for col, label in zip(
        "ABCDEF", ("มาตรการ", "ขั้นตอนหรือวิธีการ", "ผู้รับผิดชอบ", "ระยะเวลาการดำเนินการ", "ผลการดำเนินการ",
                   "ข้อเสนอแนะ"))) + "</row>")


def measures_rows(budget: int, texts) -> list[str]:
    """The measures sheet: its header, then rows of six text cells (``texts(row)``) up to ``budget`` bytes."""
    def row_xml(r):
        return f'<row r="{r}">' + "".join(f'<c r="{col}{r}" t="inlineStr"><is><t>{text}</t></is></c>'
                                          for col, text in zip("ABCDEF", texts(r))) + "</row>"
    chunks = sheet_rows(budget, row_xml)
    return [chunks[0] + MEASURES_HEADER, *chunks[1:]]


def measures_million_cells(path: Path) -> Path:
    """A million short text cells in the measures sheet (about 49 MB of XML)."""
    return with_member(path, MEASURES, measures_rows(49 * MB, lambda r: (f"ม{r}", "ก", "ข", "ค", "ง", "จ")))


def measures_10mb(path: Path) -> Path:
    """A measures sheet of 10 MB of Thai text, every measure worded differently (words drawn at random
    from a word list, so that no two texts share their segmentation)."""
    rng = random.Random(2566)
    words = ("การ ประชุม ชี้แจง บุคลากร หน่วยงาน ความ โปร่งใส คุณธรรม ติดตาม ประเมิน ผล รายงาน ผู้บริหาร ทุก "
             "ไตรมาส เผยแพร่ ข้อมูล เว็บไซต์ ประชาชน ปรับปรุง คู่มือ ปฏิบัติ งาน จัดซื้อ จัดจ้าง งบประมาณ แผน "
             "ส่งเสริม ป้องกัน ทุจริต ผลประโยชน์ ทับซ้อน ร้องเรียน ช่องทาง สำนักงาน ปลัด กอง คลัง ช่าง ศึกษา").split()

    def texts(r):
        return tuple("".join(rng.choices(words, k=n)) for n in (6, 30, 4, 5, 20, 12))
    return with_member(path, MEASURES, measures_rows(10 * MB, texts))


CASES = {"numbers-under-cap": numbers_under_cap, "stored-under-cap": stored_under_cap,
         "strings-under-cap": strings_under_cap, "bomb-5gb": bomb, "one-long-cell": one_long_cell,
         "far-references": far_references, "random-bytes": random_bytes}


def measure(command: list[str]) -> tuple[float, float, int]:
    """Wall seconds, peak resident MB of the child and its exit code, from a wrapper process."""
    wrapper = ("import resource, subprocess, sys, time; t = time.perf_counter(); "
               "code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode; "
               "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, code)")
    out = subprocess.run([sys.executable, "-c", wrapper, *command], capture_output=True, text=True, check=True)
    seconds, kilobytes, code = out.stdout.split()
    return float(seconds), int(kilobytes) / 1024, int(code)


def short_measures(path: Path, count: int = 20_000) -> Path:
    """``count`` short measures (a name, a step, a division, a period): far more than a memo holds."""
    return write_input(path, measures=[(f"มาตรการที่ {n}", f"จัดประชุม {n}", "กองคลัง", "ตุลาคม", "", "")
                                       for n in range(count)])


# What the measures cases are run through besides validate: everything an input can make ita-xl do.
PUBLISHED = {"measures-million-cells": measures_million_cells, "measures-10mb": measures_10mb,
             "measures-20000-short": short_measures}
CONVERT = ["--docx", "--pdf"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "ita-worst")
    parser.add_argument("--only", nargs="*", default=None)
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    ita = [sys.executable, "-m", "ita_xl"]
    rows, missed = [], 0

    def case(name: str, path: Path, command: list[str], limit: float = TIME_LIMIT, codes=(0, 1)) -> None:
        nonlocal missed
        seconds, peak, code = measure([*ita, *command, "--lang", "en"])
        met = seconds <= limit and peak <= MEMORY_LIMIT and code in codes
        missed += not met
        shown = " ".join(c if not c.startswith(str(args.workdir)) else Path(c).name for c in command[:1] + command[2:])
        rows.append(f"| {name} | {path.stat().st_size / MB:.1f} | {shown} | {code} | {seconds:.2f} | {peak:.0f} | "
                    f"{'yes' if met else 'NO'}{'' if limit == TIME_LIMIT else f' (≤ {limit:g} s)'} |")
        print(rows[-1], file=sys.stderr)

    for name, make in (CASES | PUBLISHED).items():
        if args.only and name not in args.only:
            continue
        path = args.workdir / f"{name}.xlsx"
        if not path.exists():
            make(path)
        assert path.stat().st_size <= FILE_LIMIT, f"{name} is {path.stat().st_size / MB:.1f} MB"
        case(name, path, ["validate", str(path)])
        if name in PUBLISHED:
            case(name, path, ["convert", str(path), "-o", str(args.workdir / f"{name}-report.xlsx"), "--force",
                              *CONVERT])
    if not args.only or "measures-1000" in args.only:
        path = args.workdir / "measures-1000.xlsx"
        if not path.exists():
            many_measures(path)
        report = str(args.workdir / "measures-report.xlsx")
        case("measures-1000 (legitimate)", path, ["convert", str(path), "-o", report, "--force"], MEASURES_LIMIT,
             (0,))
        case("measures-1000 (legitimate)", path, ["convert", str(path), "-o", report, "--force", "--docx"],
             codes=(0,))
    print("| case | MB | command | exit | seconds | peak MB | within target |")
    print("|---|---|---|---|---|---|---|")
    print("\n".join(rows))
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
