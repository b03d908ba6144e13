"""A real ``ita-xl serve`` for the tests: started as its own process on a free port, with its own
temporary folder (``TMPDIR``) so that what it leaves behind can be counted, and its log in a file.

``post`` sends a multipart form the way a browser or a script would, with full control of the
headers and of the file names (``http.client``, so a name like ``../../etc/x.xlsx`` goes as written).
"""
from __future__ import annotations

import contextlib
import http.client
import os
import re
import secrets
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

SERVE = ("import sys; from ita_xl.web import serve; "
         "serve('127.0.0.1', 0, access_code=sys.argv[1] or None, open_browser=False, lifetime=float(sys.argv[2]), "
         "max_upload=int(sys.argv[3]) * 1024 * 1024, announce=lambda url: print(url, flush=True))")


@dataclass
class Server:
    url: str
    temp: Path                    # the server's TMPDIR
    log: Path
    process: subprocess.Popen

    @property
    def root(self) -> Path:
        """The server's own temporary folder (``ita-xl-serve-*``)."""
        [root] = self.temp.glob("ita-xl-serve-*")
        return root

    def files_left(self) -> list[Path]:
        """Every file in the server's temporary folder, and every ita-xl folder beside it but its own."""
        return ([p for p in self.root.rglob("*") if p.is_file()]
                + [p for p in self.temp.glob("ita-xl-*") if p != self.root])

    def log_lines(self) -> list[str]:
        return self.log.read_text("utf-8").splitlines()

    def post(self, path: str, fields: dict | None = None, files: list[tuple[str, str, bytes]] = (),
             headers: dict | None = None) -> tuple[int, dict, bytes]:
        body, boundary = multipart(fields or {}, files)
        return self.request("POST", path, body, {"Content-Type": f"multipart/form-data; boundary={boundary}",
                                                 **(headers or {})})

    def request(self, method: str, path: str, body: bytes | None = None,
                headers: dict | None = None) -> tuple[int, dict, bytes]:
        parts = urlsplit(self.url)
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=300)
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
        finally:
            connection.close()


def multipart(fields: dict, files) -> tuple[bytes, str]:
    boundary = secrets.token_hex(16)
    chunks = []
    for name, value in fields.items():
        chunks.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for name, filename, data in files:
        chunks.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                      f"Content-Type: application/octet-stream\r\n\r\n".encode() + data + b"\r\n")
    chunks.append(f"--{boundary}--\r\n".encode())
    return b"".join(chunks), boundary


@contextlib.contextmanager
def running(temp: Path, *, code: str = "", lifetime: float = 900, max_upload_mb: int = 50, path: str | None = None):
    """A server until the block ends. ``path``: the PATH it sees (without LibreOffice, say)."""
    temp.mkdir(parents=True, exist_ok=True)
    log = temp.parent / f"{temp.name}.log"
    env = os.environ | {"TMPDIR": str(temp), "PYTHONUNBUFFERED": "1"} | ({"PATH": path} if path is not None else {})
    with open(log, "w") as errors:
        process = subprocess.Popen([sys.executable, "-c", SERVE, code, str(lifetime), str(max_upload_mb)],
                                   stdout=subprocess.PIPE, stderr=errors, text=True, env=env)
    try:
        url = process.stdout.readline().strip()
        assert url.startswith("http://"), log.read_text()
        yield Server(url, temp, log, process)
    finally:
        process.terminate()
        process.wait(60)


def result_path(headers: dict) -> str:
    """Where a conversion's redirect leads."""
    return headers["location"]


def text_of(html: bytes) -> str:
    """The page's text, tags dropped and spaces squeezed."""
    import html as entities
    return re.sub(r"\s+", " ", entities.unescape(re.sub(r"<[^>]+>", " ", html.decode("utf-8"))))


def problems_of(html: bytes) -> list[str]:
    """The lines of the page's problem box."""
    import html as entities
    box = re.search(r'<section class="problems".*?</section>', html.decode("utf-8"), re.S)
    return [entities.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", line)).strip())
            for line in re.findall(r"<li>(.*?)</li>", box.group(), re.S)] if box else []


def wait_until(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return condition()
