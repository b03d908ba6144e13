"""``ita-xl serve`` under load: many clerks posting their workbook at the same moment (issue #22 §5).

    python benchmarks/serve.py [--posts 30] [--jobs N] [--file samples/saithong-2565.xlsx]

Starts ``ita-xl serve`` on a free port of this machine, posts the file ``--posts`` times at once (one
thread each, as many browsers would), and each thread, once its result page is there (the workbook and
the Word memo written), fetches the PDF memo (answered once LibreOffice has printed it). Prints one
Markdown table: every post answered with its three files or not, the wall time, the latency of the
posts (the result page) and of the PDF (median, p95), the CPU time the server's whole process tree
used (the server, its worker processes and LibreOffice: what another busy machine cannot inflate) and
its peak memory, sampled every 50 ms from /proc: the sum of resident sets (pages shared between
processes counted in each) and of proportional sets (shared pages divided among those sharing them:
the memory the tree really takes).
Targets: every post answered with its three files, the posts' p95 under 30 s, peak PSS under 600 MB;
exit 1 when one is missed. The first line says how busy the machine was (load average, and the share
of the last minute in which work waited for a CPU): on a shared machine, wall times are only as good
as that. Linux only.
"""
from __future__ import annotations

import argparse
import http.client
import os
import re
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
P95_LIMIT, MEMORY_LIMIT = 30.0, 600


def pressure() -> str:
    """How much of the last minute runnable work waited for a CPU, this run's and everyone else's (PSI)."""
    try:
        line = Path("/proc/pressure/cpu").read_text().splitlines()[0]
    except OSError:
        return "CPU pressure unknown"
    return f"CPU pressure {float(re.search(r'avg60=([0-9.]+)', line).group(1)):.0f} %"


def children(pid: int) -> list[int]:
    """``pid`` and every process below it."""
    found, frontier = [pid], [pid]
    while frontier:
        parent = frontier.pop()
        for task in Path(f"/proc/{parent}/task").glob("*"):
            try:
                kids = [int(k) for k in (task / "children").read_text().split()]
            except OSError:
                continue
            found += kids
            frontier += kids
    return found


def memory(pid: int) -> tuple[int, int]:
    """(resident, proportional) kB of a process; (0, 0) once it is gone."""
    try:
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0, 0
    values = dict(re.findall(r"^(Rss|Pss):\s+(\d+) kB", rollup, re.M))
    return int(values.get("Rss", 0)), int(values.get("Pss", 0))


def cpu_seconds(pid: int) -> float:
    """User and system time of the process tree, with that of the children it has reaped (LibreOffice, the
    worker processes)."""
    total = 0
    for member in children(pid):
        try:
            fields = Path(f"/proc/{member}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += sum(int(value) for value in fields[11:15])
    return total / os.sysconf("SC_CLK_TCK")


class Sampler(threading.Thread):
    """The peak memory of the server's process tree, every 50 ms until stopped."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.stopping = pid, threading.Event()
        self.peak_rss = self.peak_pss = self.peak_processes = 0

    def run(self) -> None:
        while not self.stopping.is_set():
            tree = children(self.pid)
            sizes = [memory(pid) for pid in tree]
            self.peak_rss = max(self.peak_rss, sum(rss for rss, _ in sizes))
            self.peak_pss = max(self.peak_pss, sum(pss for _, pss in sizes))
            self.peak_processes = max(self.peak_processes, len(tree))
            time.sleep(0.05)


def multipart(path: Path) -> tuple[bytes, str]:
    boundary = secrets.token_hex(16)
    head = (f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="{path.name}"\r\n'
            f"Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n")
    return head.encode() + path.read_bytes() + f"\r\n--{boundary}--\r\n".encode(), boundary


def request(url: str, method: str, path: str, body: bytes | None = None, headers: dict | None = None):
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=600)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.getheader("location"), response.read()
    finally:
        connection.close()


def post(url: str, body: bytes, boundary: str) -> tuple[float, float, bool]:
    """A clerk's post, then the PDF memo: (seconds to the result page, seconds to the PDF, all answered)."""
    started = time.monotonic()
    status, location, _ = request(url, "POST", "/convert", body, {
        "Content-Type": f"multipart/form-data; boundary={boundary}"})
    page = time.monotonic() - started
    if status != 303:
        return page, page, False
    pdf, _, content = request(url, "GET", f"{location.split('?')[0]}/pdf")
    return page, time.monotonic() - started, pdf == 200 and content.startswith(b"%PDF")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=30)
    parser.add_argument("--jobs", type=int)
    parser.add_argument("--file", type=Path, default=ROOT / "samples" / "saithong-2565.xlsx")
    options = parser.parse_args()
    body, boundary = multipart(options.file)
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="ita-bench-serve-") as temp:
        command = [sys.executable, "-m", "ita_xl", "serve", "--port", "0", "--no-browser",
                   *(["--jobs", str(options.jobs)] if options.jobs else [])]
        server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                                  env=os.environ | {"TMPDIR": temp, "PYTHONUNBUFFERED": "1"})
        try:
            url = re.search(r"http://\S+", server.stdout.readline()).group()
            request(url, "GET", "/")
            sampler = Sampler(server.pid)
            sampler.start()
            cpu_before = cpu_seconds(server.pid)
            started = time.monotonic()
            with ThreadPoolExecutor(max_workers=options.posts) as pool:
                outcomes = list(pool.map(lambda _: post(url, body, boundary), range(options.posts)))
            wall = time.monotonic() - started
            cpu = cpu_seconds(server.pid) - cpu_before
            sampler.stopping.set()
            sampler.join()
            answered = sum(complete for _, _, complete in outcomes)
        finally:
            server.terminate()
            server.wait(60)
    pages, pdfs = sorted(o[0] for o in outcomes), sorted(o[1] for o in outcomes)
    page_p95, pdf_p95 = (values[max(0, round(0.95 * len(values)) - 1)] for values in (pages, pdfs))
    peak_rss, peak_pss = sampler.peak_rss / 1024, sampler.peak_pss / 1024
    print(f"{os.cpu_count()} cores (load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after; "
          f"{pressure()}), {options.posts} concurrent posts of {options.file.name}")
    print("| answered with all three files | wall | result page: median / p95 | PDF memo: median / p95 / slowest "
          "| CPU (tree) | peak RSS (tree) | peak PSS (tree) | processes at most |")
    print("|---|---|---|---|---|---|---|---|")
    print(f"| {answered}/{options.posts} | {wall:.1f} s | {statistics.median(pages):.1f} s / {page_p95:.1f} s "
          f"| {statistics.median(pdfs):.1f} s / {pdf_p95:.1f} s / {pdfs[-1]:.1f} s | {cpu:.1f} s | {peak_rss:.0f} MB "
          f"| {peak_pss:.0f} MB | {sampler.peak_processes} |")
    checks = {"every post answered with its three files": answered == options.posts,
              f"p95 of the posts under {P95_LIMIT:.0f} s": page_p95 < P95_LIMIT,
              f"peak (PSS) under {MEMORY_LIMIT} MB": peak_pss < MEMORY_LIMIT}
    print("; ".join(f"{check}: {'met' if ok else 'MISSED'}" for check, ok in checks.items())
          + f"; p95 of the PDFs under {P95_LIMIT:.0f} s: {'yes' if pdf_p95 < P95_LIMIT else 'no'} (not a target)")
    met = all(checks.values())
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
