"""``ita-xl serve``'s parts that need no browser: the command, the worker pool's limits, file names,
and that every word the pages show is in both catalogues."""
import asyncio
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.request import urlopen

import pytest

from ita_xl.catalogue import LANGUAGES, t
from ita_xl.errors import ItaError
from ita_xl.web.store import content_disposition
from ita_xl.web.uploads import stored_name
from ita_xl.web.workers import Workers

WEB = Path(__file__).resolve().parent.parent / "ita_xl" / "web"


@pytest.mark.parametrize("uploaded, stored", [
    ("../../etc/x.xlsx", "x.xlsx"), ("..\\..\\Windows\\x.xlsx", "x.xlsx"), ("/etc/passwd", "passwd"),
    ("..", "workbook.xlsx"), ("", "workbook.xlsx"), (None, "workbook.xlsx"), ("CON.xlsx", "_CON.xlsx"),
    ('a<b>:"c|?*.xlsx', "abc.xlsx"), ("tab\there\x00.xlsx", "tabhere.xlsx"), (" .hidden. ", "hidden"),
    ("คะแนน ITA สายทอง.xlsx", "คะแนน ITA สายทอง.xlsx"),
])
def test_an_uploaded_name_becomes_a_file_name_never_a_path(uploaded, stored):
    assert stored_name(uploaded) == stored


def test_a_long_thai_name_is_cut_to_fit_every_file_system():
    name = stored_name("ก" * 200 + ".xlsx")
    assert name.endswith(".xlsx") and len(name.encode()) <= 160 and "/" not in name


def test_content_disposition_names_the_file_in_utf_8_and_in_ascii():
    assert content_disposition('สรุป "ITA";1.xlsx') == (
        "attachment; filename=\"_ _ITA_1.xlsx\"; filename*=UTF-8''%E0%B8%AA%E0%B8%A3%E0%B8%B8%E0%B8%9B"
        "%20%22ITA%22%3B1.xlsx")


def words_on_the_pages() -> set[str]:
    keys = set()
    for page in (WEB / "templates").glob("*.html"):
        keys |= set(re.findall(r"""\bt\(\s*["']([a-z_]+\.[a-z_0-9.]+)["']""", page.read_text("utf-8")))
    for module in WEB.glob("*.py"):
        keys |= set(re.findall(r'"(web\.[a-z_]+)"', module.read_text("utf-8")))
    return keys


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_word_on_the_pages_is_in_both_catalogues(lang):
    keys = words_on_the_pages()
    assert len(keys) > 80 and "web.download_pdf" in keys and "report.chart_target" in keys
    missing = []
    for key in sorted(keys):
        try:
            t(key, lang)
        except KeyError:
            missing.append(key)
    assert missing == []


def run(workers: Workers, seconds: float, function, *args, timed: bool = True):
    return asyncio.run(workers.run(1, seconds, function, *args, timed=timed))


def test_a_job_runs_in_a_process_of_its_own_and_returns_its_value():
    assert run(Workers(1), 30, os.getpid) != os.getpid()


def test_a_job_that_hangs_is_stopped_at_its_time_limit():
    started = time.monotonic()
    with pytest.raises(ItaError) as refused:
        run(Workers(1, grace=0), 1, time.sleep, 60, timed=False)
    assert refused.value.key == "too_slow" and time.monotonic() - started < 10


def test_a_job_that_kills_its_process_fails_alone_after_a_second_try():
    workers = Workers(2)
    with pytest.raises(ItaError) as refused:
        run(workers, 30, os._exit, 3)
    assert refused.value.key == "worker_died"
    assert run(workers, 30, abs, -4) == 4


def test_a_job_that_wants_too_much_memory_meets_batchs_cap():
    with pytest.raises(ItaError) as refused:
        run(Workers(1), 30, bytearray, 3 * 1024 ** 3)
    assert refused.value.key == "too_much_memory"


def test_jobs_beyond_the_places_wait_their_turn():
    async def three():
        workers = Workers(2)
        started = time.monotonic()
        await asyncio.gather(*(workers.run(1, 30, time.sleep, 1) for _ in range(3)))
        return time.monotonic() - started
    assert 2 <= asyncio.run(three()) < 10


def serve(*args: str, **env: str) -> subprocess.Popen:
    return subprocess.Popen([*args, "serve", "--port", "0", "--no-browser"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=os.environ | {"PYTHONUNBUFFERED": "1"} | env)


@pytest.mark.parametrize("command", [[sys.executable, "-m", "ita_xl"], [str(Path(sys.executable).parent / "ita-xl")]])
def test_the_command_serves_the_page_and_stops_cleanly_on_ctrl_c(command):
    server = serve(*command)
    try:
        line = server.stdout.readline()
        url = re.search(r"http://127\.0\.0\.1:\d+/", line).group()
        assert line.startswith("เปิดหน้าเว็บที่") and "Ctrl+C" in line
        page = urlopen(url, timeout=30).read().decode()
        assert "วิเคราะห์ผลการประเมิน ITA" in page and 'enctype="multipart/form-data"' in page
    finally:
        server.send_signal(signal.SIGINT)
        assert server.wait(30) == 0
    assert "Traceback" not in server.stderr.read()


def test_a_port_in_use_is_one_line():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run([sys.executable, "-m", "ita_xl", "serve", "--port", str(port), "--no-browser",
                               "--lang", "en"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert done.stderr.startswith(f"cannot serve on 127.0.0.1 port {port} (") and len(done.stderr.splitlines()) == 1


def test_the_command_opens_the_browser_on_its_page(tmp_path):
    opened = tmp_path / "opened.txt"
    browser = f"{sys.executable} -c \"import sys; open(sys.argv[2], 'w').write(sys.argv[1])\" %s {opened}"
    server = subprocess.Popen([sys.executable, "-m", "ita_xl", "serve", "--port", "0"], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True,
                              env=os.environ | {"PYTHONUNBUFFERED": "1", "BROWSER": browser})
    try:
        url = re.search(r"http://\S+/", server.stdout.readline()).group()
        deadline = time.monotonic() + 30
        while not opened.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert opened.read_text() == url
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(30)


def test_stopping_the_server_while_it_prints_leaves_nothing_behind(tmp_path, sample):
    from serve_helpers import running
    with running(tmp_path / "tmp") as server:
        for name in ("a.xlsx", "b.xlsx", "c.xlsx"):
            assert server.post("/convert", files=[("files", name, sample.read_bytes())])[0] == 303
    assert server.process.returncode is not None
    assert list((tmp_path / "tmp").iterdir()) == []
