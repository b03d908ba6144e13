"""Where a request's files live, and for how long: nothing is kept.

Each request gets a folder of its own under the server's temporary folder, named by a random
token. Uploads are removed as soon as the response is ready; what can be downloaded stays
until it expires (15 minutes by default) and is then deleted, with the page that lists it.
A download is found by its token and a key the server chose, never by a path from the URL.
"""
from __future__ import annotations

import asyncio
import contextlib
import pickle
import re
import secrets
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from ..errors import ItaError

MEDIA_TYPES = {
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".pdf": "application/pdf",
    ".zip": "application/zip",
}
PAGE = "page.pickle"              # what the result page shows, written by the server itself


@dataclass(frozen=True)
class Download:
    path: Path
    name: str                     # the name the browser saves it under (the visitor's file name + -report...)
    making: asyncio.Task | None = None    # still being made (the memo's PDF): done, or why it could not be

    @property
    def failure(self):
        """Why the file could not be made, once that is known (an ``ItaError``), else None."""
        if self.making is None or not self.making.done() or self.making.cancelled():
            return None
        error = self.making.exception()
        return error if error is None or isinstance(error, ItaError) else ItaError("unexpected",
                                                                                   reason=type(error).__name__)

    @property
    def media_type(self) -> str:
        return MEDIA_TYPES.get(self.path.suffix.lower(), "application/octet-stream")

    @property
    def disposition(self) -> str:
        return content_disposition(self.name)


@dataclass
class Result:
    folder: Path
    created: float
    downloads: dict[str, Download] = field(default_factory=dict)

    def page(self):
        with open(self.folder / PAGE, "rb") as file:
            return pickle.load(file)


def content_disposition(name: str) -> str:
    """``attachment`` with the name as RFC 6266 and RFC 5987 say: ``filename*`` in UTF-8 for every
    browser of today, and a plain ASCII ``filename`` for those that know no other."""
    fallback = re.sub("_+", "_", "".join(c if c.isascii() and c.isprintable() and c not in '"\\;' else "_"
                                         for c in name))
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


class Store:
    """The server's temporary folder: a folder per request, results by token, expiry."""

    def __init__(self, lifetime: float):
        self.lifetime = lifetime
        self.root = Path(tempfile.mkdtemp(prefix="ita-xl-serve-"))
        self.results: dict[str, Result] = {}
        self.working: set[str] = set()         # folders of requests still being answered
        self.making: set[asyncio.Task] = set()   # files still being made (the loop keeps no task alive itself)

    def make(self, coroutine) -> asyncio.Task:
        """A file made after the answer (the memo's PDF); its failure is shown when it is asked for."""
        task = asyncio.get_running_loop().create_task(coroutine)
        self.making.add(task)
        task.add_done_callback(self._made)
        return task

    def _made(self, task: asyncio.Task) -> None:
        self.making.discard(task)
        if not task.cancelled():
            task.exception()                   # retrieved: told to whoever asks for the file, not logged

    @contextlib.contextmanager
    def request_folder(self):
        """A new folder for one request: (token, folder). Removed when the request is answered,
        unless ``keep`` made its result downloadable."""
        token = secrets.token_urlsafe(24)
        folder = self.root / token
        folder.mkdir()
        self.working.add(token)
        try:
            yield token, folder
        finally:
            self.working.discard(token)
            if token not in self.results:
                remove(folder)

    def keep(self, token: str, page, downloads: dict[str, Download]) -> None:
        """Keep a request's result (its page and downloads) until it expires."""
        folder = self.root / token
        with open(folder / PAGE, "wb") as file:
            pickle.dump(page, file)
        self.results[token] = Result(folder, time.monotonic(), downloads)

    def get(self, token: str) -> Result | None:
        result = self.results.get(token)
        if result is None or time.monotonic() - result.created > self.lifetime:
            return None
        return result

    def expires_in(self, result: Result) -> float:
        return max(0.0, self.lifetime - (time.monotonic() - result.created))

    def sweep(self) -> None:
        """Every expired result deleted, and any folder no result holds that is older than a lifetime
        (what a crash in the middle of a request, or a file held open on Windows, left behind)."""
        now = time.monotonic()
        for token, result in list(self.results.items()):
            if now - result.created > self.lifetime:
                del self.results[token]
                for download in result.downloads.values():
                    if download.making is not None:
                        download.making.cancel()
                remove(result.folder)
        for folder in self.root.iterdir():
            with contextlib.suppress(OSError):
                if folder.name not in self.results and folder.name not in self.working and time.time() - folder.stat().st_mtime > self.lifetime:
                    remove(folder)

    def close(self) -> None:
        for task in list(self.making):
            task.cancel()
        self.results.clear()
        shutil.rmtree(self.root, ignore_errors=True)


def remove(path: Path) -> None:
    """A folder or a file, gone; what cannot be removed now (open on Windows) waits for the sweep."""
    if path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
    else:
        with contextlib.suppress(OSError):
            path.unlink()
