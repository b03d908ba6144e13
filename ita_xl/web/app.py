"""The application: its settings, the routes, the middlewares around them, and what lives while it runs
(the worker places, the PDF printer, the temporary folder and its sweep)."""
from __future__ import annotations

import asyncio
import contextlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from . import routes
from .pages import PageWriter
from .security import (
    AccessCode,
    AccessGate,
    Failsafe,
    LoopbackOnly,
    RequestLog,
    SameOrigin,
    SecurityHeaders,
    UploadLimit,
)
from .store import Store
from .workers import Printer, Workers

MEGABYTE = 1024 * 1024
STOP_WAIT = 60                  # seconds a LibreOffice run under way may take to finish when the server stops


def _soffice() -> str | None:
    from ..writing.libreoffice import find_soffice
    return find_soffice()


@dataclass(frozen=True)
class Settings:
    """``access_code``: None to serve anyone who reaches the port; ``max_upload``: bytes a request may
    send; ``jobs``: conversions at once; ``lifetime``: seconds a result's downloads are kept;
    ``soffice``: LibreOffice, None when there is none (the page says the PDF needs it);
    ``loopback``: the server answers only to the names of this machine (no DNS rebinding)."""
    access_code: str | None = None
    max_upload: int = 50 * MEGABYTE
    jobs: int = field(default_factory=lambda: os.cpu_count() or 1)
    lifetime: float = 15 * 60
    soffice: str | None = field(default_factory=_soffice)
    loopback: bool = True

    @property
    def max_upload_mb(self) -> int:
        return self.max_upload // MEGABYTE

    @property
    def lifetime_minutes(self) -> int:
        return max(1, round(self.lifetime / 60))


class Web:
    """What the routes share while the server runs."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.pages = PageWriter(settings)
        self.access = AccessCode(settings.access_code)
        self.workers = Workers(settings.jobs)
        self.printer = Printer(self.workers, settings.soffice) if settings.soffice else None
        self.store: Store | None = None

    @contextlib.asynccontextmanager
    async def running(self, app):
        self.store = Store(self.settings.lifetime)
        sweeping = asyncio.get_running_loop().create_task(self._sweep())
        try:
            yield
        finally:
            sweeping.cancel()
            if self.printer:
                await self.printer.close(STOP_WAIT)
            self.store.close()

    async def _sweep(self) -> None:
        while True:
            await asyncio.sleep(min(60.0, max(0.5, self.settings.lifetime / 4)))
            self.store.sweep()


def create_app(settings: Settings | None = None) -> Starlette:
    """The ASGI application (run it with uvicorn, as ``serve`` does)."""
    settings = settings or Settings()
    web = Web(settings)
    static = Path(__file__).parent / "static"
    app = Starlette(
        routes=[Route("/", routes.home), Route("/template", routes.template),
                Route("/convert", routes.convert, methods=["POST"]),
                Route("/result/{token}", routes.result), Route("/result/{token}/{key}", routes.download),
                Route("/access", routes.access, methods=["GET", "POST"]),
                Mount("/static", StaticFiles(directory=static), name="static")],
        middleware=[Middleware(RequestLog), Middleware(SecurityHeaders),
                    *([Middleware(LoopbackOnly, pages=web.pages)] if settings.loopback else []),
                    Middleware(Failsafe, pages=web.pages),
                    Middleware(AccessGate, pages=web.pages, access=web.access, limit=settings.max_upload),
                    Middleware(UploadLimit, pages=web.pages, limit=settings.max_upload),
                    Middleware(SameOrigin, pages=web.pages)],
        exception_handlers={HTTPException: routes.http_problem},
        lifespan=web.running)
    app.state.web = web
    return app
