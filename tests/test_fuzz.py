"""500 mutations of the sample under a fixed seed: each ends in a report or a clear error, never a
traceback or a hang. Half flip random bytes of the zip; half put random values and types into cells."""
import io
import random
import re
import signal
import zipfile
from contextlib import contextmanager
from xml.sax.saxutils import escape

import pytest
from builders import SAMPLE

from ita_xl import ItaError, analyse, inspect, write_report

RUNS = 500
SEED = 2565
TEXTS = ["", " ", "๙๑.๕๐", "91.5%", "=1+1", "#REF!", "abc", "ผ่าน", "ไม่มี", "\u200b", "NaN", "1e400", "-0",
         "E11", "O5", "2565", "พ.ศ. ๒๕๖๕", "22 ก.ย. 2565", "ก" * 300, "<>&\"'", "\t\n"]
CELL = re.compile(rb'<c r="([A-Z]+\d+)"[^>]*?(?:/>|>.*?</c>)', re.S)


@contextmanager
def time_limit(seconds: int):
    def stop(*_):
        raise TimeoutError("hang")
    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def random_cell(rng: random.Random, ref: bytes) -> bytes:
    r = ref.decode()
    kind = rng.randrange(7)
    if kind == 0:
        number = rng.choice([rng.uniform(-1e6, 1e6), rng.uniform(0, 100), 1e308, -0.0, 84.995, 100, 0])
        return f'<c r="{r}"><v>{number!r}</v></c>'.encode()
    if kind == 1:
        return f'<c r="{r}" t="inlineStr"><is><t>{escape(rng.choice(TEXTS))}</t></is></c>'.encode()
    if kind == 2:
        return f'<c r="{r}" t="b"><v>{rng.randrange(2)}</v></c>'.encode()
    if kind == 3:
        return f'<c r="{r}" t="e"><v>{rng.choice(["#REF!", "#DIV/0!", "#N/A", "#VALUE!"])}</v></c>'.encode()
    if kind == 4:
        return f'<c r="{r}"><f>SUM(A1:A2)</f></c>'.encode()
    if kind == 5:
        return f'<c r="{r}" t="s"><v>{rng.randrange(100000)}</v></c>'.encode()
    return f'<c r="{r}" s="{rng.randrange(1000)}"><v>{rng.uniform(0, 50000)}</v></c>'.encode()


def mutate_cells(data: bytes, rng: random.Random) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        sheets = [n for n in source.namelist() if n.startswith("xl/worksheets/sheet")]
        chosen = rng.choice(sheets)
        for item in source.infolist():
            xml = source.read(item.filename)
            if item.filename == chosen:
                cells = list(CELL.finditer(xml))
                for match in sorted(rng.sample(cells, min(len(cells), rng.randint(1, 3))),
                                    key=lambda m: m.start(), reverse=True):
                    xml = xml[:match.start()] + random_cell(rng, match.group(1)) + xml[match.end():]
            target.writestr(item, xml)
    return out.getvalue()


def mutate_bytes(data: bytes, rng: random.Random) -> bytes:
    mutable = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        mutable[rng.randrange(len(mutable))] = rng.randrange(256)
    return bytes(mutable)


def test_500_mutations_end_in_a_report_or_a_clear_error(tmp_path):
    rng = random.Random(SEED)
    original = SAMPLE.read_bytes()
    outcomes = {"report": 0, "error": 0}
    for run in range(RUNS):
        mutated = mutate_cells(original, rng) if run % 2 else mutate_bytes(original, rng)
        path = tmp_path / f"mutant-{run}.xlsx"
        path.write_bytes(mutated)
        with time_limit(20):
            try:
                assessment, problems = inspect(path)
                if assessment is None:
                    assert problems and all("\n" not in str(p) and str(p).startswith(str(path)) for p in problems)
                    outcomes["error"] += 1
                else:
                    write_report(analyse(assessment), tmp_path / f"mutant-{run}-report.xlsx")
                    outcomes["report"] += 1
            except ItaError:
                outcomes["error"] += 1
            except Exception as error:   # the failure this test exists to find
                pytest.fail(f"run {run}: {type(error).__name__}: {error}")
        path.unlink()
    assert outcomes["report"] > 0 and outcomes["error"] > 0 and sum(outcomes.values()) == RUNS
