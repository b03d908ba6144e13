"""``ita-xl serve``: the same tool as a web page, for the clerk who never opens a terminal.

One more thin edge over the library, like the command line: a request is read, the library's own
functions run (in a bounded pool of worker processes) and the outcome is shown. The page is
Starlette (ASGI) served by uvicorn; forms are read by python-multipart; pages are Jinja templates.

    app.py       the application: settings, routes, middlewares, what lives while it runs
    routes.py    the requests: the page, a template, a conversion, its result and downloads, the code
    uploads.py   the form read: files stored under names the server chose, the options checked
    jobs.py      what a worker process runs: ``convert`` and ``batch``'s calls
    workers.py   the bounded pool: a process per conversion with batch's limits; the PDF printer
    preload.py   what the fork server the workers start from loads (and converts) once
    results.py   the result pages' content in words (the analysis, as the other writers word it)
    pages.py     the templates rendered in the page's language
    security.py  the middlewares: log, headers, failsafe, access code, upload cap, same origin
    store.py     the per-request folders, downloads and their expiry
"""
from __future__ import annotations

import contextlib
import signal
import socket
import sys
import threading
import webbrowser
from collections.abc import Callable

from ..errors import ItaError
from .app import MEGABYTE, Settings, create_app
from .security import is_loopback

__all__ = ["MEGABYTE", "Settings", "create_app", "serve"]


def serve(host: str = "127.0.0.1", port: int = 8765, *, access_code: str | None = None,
          max_upload: int = 50 * MEGABYTE, jobs: int | None = None, open_browser: bool = True,
          announce: Callable[[str], None] | None = None, lifetime: float = 15 * 60) -> None:
    """Serve the page on ``host``:``port`` until Ctrl-C; ``announce(url)`` once it answers.

    Any host but this machine's own needs an ``access_code``: without one, ``ItaError`` says how to
    set it and nothing is started. ``port`` 0 takes a free port (the URL announced says which).
    """
    import uvicorn
    if not is_loopback(host) and not access_code:
        raise ItaError("serve_needs_code", host=host)
    listening = _bind(host, port)
    bound = listening.getsockname()[1]
    settings = Settings(access_code=access_code, max_upload=max_upload, lifetime=lifetime,
                        loopback=is_loopback(host), **({"jobs": jobs} if jobs else {}))
    server = uvicorn.Server(uvicorn.Config(create_app(settings), log_level="warning", access_log=False,
                                           server_header=False, log_config=_log_config(), lifespan="on"))
    everywhere = host in ("0.0.0.0", "::", "")
    local = f"http://{'127.0.0.1' if everywhere else f'[{host}]' if ':' in host else host}:{bound}/"
    shown = f"http://{socket.gethostname()}:{bound}/" if everywhere else local    # how the office reaches it
    threading.Thread(target=_when_started, args=(server, shown, announce, local if open_browser else None),
                     daemon=True).start()
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _interrupt)     # a service manager's stop is a Ctrl-C: a clean exit
    with contextlib.suppress(KeyboardInterrupt):     # uvicorn shuts down, then passes the signal on: done
        server.run(sockets=[listening])


def _interrupt(*_) -> None:
    raise KeyboardInterrupt


def _bind(host: str, port: int) -> socket.socket:
    """The listening socket, or one line saying why not (the port taken, the address not this machine's)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    listening = socket.socket(family, socket.SOCK_STREAM)
    try:
        if sys.platform != "win32":
            listening.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listening.bind((host, port))
        listening.listen(128)
    except OSError as error:
        listening.close()
        raise ItaError("serve_cannot_listen", host=host, port=port, reason=error.strerror or error) from None
    listening.set_inheritable(True)
    return listening


def _when_started(server, shown: str, announce, browse: str | None) -> None:
    """Once the server answers: say where, and open the browser there (``browse``)."""
    import time
    while not server.started:
        if server.should_exit:
            return
        time.sleep(0.05)
    if announce:
        announce(shown)
    if browse:
        webbrowser.open(browse)


def _log_config() -> dict:
    """uvicorn's own messages and the one line per request, to stderr, with the time."""
    return {"version": 1, "disable_existing_loggers": False,
            "formatters": {"line": {"format": "%(asctime)s %(message)s", "datefmt": "%Y-%m-%dT%H:%M:%S"}},
            "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "line",
                                    "stream": "ext://sys.stderr"}},
            "loggers": {"uvicorn": {"handlers": ["stderr"], "level": "WARNING"},
                        "ita_xl.web": {"handlers": ["stderr"], "level": "INFO", "propagate": False}}}
