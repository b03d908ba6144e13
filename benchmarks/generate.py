"""Write N synthetic filled ITA templates with realistic scores (fixed seed), for benchmarks.

    python benchmarks/generate.py 1000 /tmp/ita-1000 [--seed 2565] [--year 2565]

Agencies' quality varies around the 2565 national picture (mean about 87.6, about
70 % passing): each agency has a level of its own, each indicator a spread around
it, OIT indicators often at 100 and sometimes far below.
"""
from __future__ import annotations

import argparse
import random
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from builders import agency_rows, write_input  # noqa: E402

PROVINCES = ("อ่างทอง", "ลพบุรี", "สิงห์บุรี", "ชัยนาท", "สระบุรี", "นครสวรรค์", "อุทัยธานี", "พระนครศรีอยุธยา")
TYPES = ("องค์การบริหารส่วนตำบล", "เทศบาลตำบล", "เทศบาลเมือง", "โรงเรียน", "โรงพยาบาลส่งเสริมสุขภาพตำบล")


def scores(rng: random.Random) -> dict[int, float]:
    quality = rng.gauss(87.0, 6.5)
    result = {}
    for no in range(1, 11):
        if no >= 9:   # OIT: published documents, often complete
            value = 100.0 if rng.random() < 0.45 else rng.gauss(quality, 9.0)
        else:
            value = rng.gauss(quality + (2.0 if no <= 5 else -3.0), 4.5)
        result[no] = round(min(100.0, max(30.0, value)), 2)
    return result


def _one(args: tuple[Path, int, int, int]) -> None:
    folder, number, seed, year = args
    rng = random.Random(seed * 1_000_003 + number)
    agency = agency_rows(year=year, name=f"หน่วยงานทดสอบที่ {number}")
    agency = [(label, rng.choice(PROVINCES) if label == "จังหวัด" else rng.choice(TYPES)
               if label == "ประเภทหน่วยงาน" else value) for label, value in agency]
    write_input(folder / f"agency-{number:05d}.xlsx", agency=agency, indicators=scores(rng))


def generate(folder: Path, count: int, seed: int = 2565, year: int = 2565, jobs: int | None = None) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    tasks = [(folder, number, seed, year) for number in range(1, count + 1)]
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        list(pool.map(_one, tasks, chunksize=64))
    return sorted(folder.glob("agency-*.xlsx"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--seed", type=int, default=2565)
    parser.add_argument("--year", type=int, default=2565)
    options = parser.parse_args()
    print(len(generate(options.folder, options.count, options.seed, options.year)), "files in", options.folder)


if __name__ == "__main__":
    main()
