"""What every request passes through before a page sees it, as small ASGI middlewares.

Outermost first: the request log (one line, no data), the security headers, the failsafe that turns
any unexpected error into a one-line page, the access code, the upload cap (413 before the body
is read) and the same-origin check on posts (no cross-site form can post here).
"""
from __future__ import annotations

import hashlib
import hmac
import logging
import os
import re
import secrets
import time
import traceback
from http.cookies import CookieError, SimpleCookie
from urllib.parse import urlsplit

from starlette.datastructures import Headers
from starlette.requests import ClientDisconnect

logger = logging.getLogger("ita_xl.web")

CONTENT_SECURITY_POLICY = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                           "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
HEADERS = [(b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
           (b"x-content-type-options", b"nosniff"),
           (b"x-frame-options", b"DENY"),
           (b"referrer-policy", b"same-origin"),
           (b"cross-origin-opener-policy", b"same-origin"),
           (b"cache-control", b"no-store")]
COOKIE = "ita_xl_access"
COOKIE_HOURS = 12
OPEN_PATHS = ("/static/", "/access")          # what a visitor without the code may fetch
TOKEN = re.compile(r"/[A-Za-z0-9_-]{20,}")   # request tokens are capabilities: never in the log


class RequestLog:
    """One line per request: method, path (tokens hidden), status, seconds, bytes sent."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started, seen = time.monotonic(), {"status": 0, "bytes": 0}

        async def counting(message):
            if message["type"] == "http.response.start":
                seen["status"] = message["status"]
            elif message["type"] == "http.response.body":
                seen["bytes"] += len(message.get("body", b""))
            await send(message)
        try:
            await self.app(scope, receive, counting)
        finally:
            logger.info("%s %s %d %.3fs %dB", scope["method"], TOKEN.sub("/…", scope["path"]), seen["status"],
                        time.monotonic() - started, seen["bytes"])


class SecurityHeaders:
    """The same headers on every response: a Content-Security-Policy without inline scripts, nosniff,
    no framing, nothing cached (results are an agency's data)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def with_headers(message):
            if message["type"] == "http.response.start":
                names = {name for name, _ in HEADERS}
                message = dict(message, headers=[*(h for h in message.get("headers", []) if h[0] not in names),
                                                 *HEADERS])
            await send(message)
        await self.app(scope, receive, with_headers)


class Answered:
    """Sends a response and remembers whether one was started (so a late error cannot send a second)."""

    def __init__(self, send):
        self.send, self.started = send, False

    async def __call__(self, message):
        if message["type"] == "http.response.start":
            self.started = True
        await self.send(message)


class Failsafe:
    """An error nobody foresaw becomes the one-line problem page (status 500), never a traceback; the
    log gets its kind and place, not its message (which could quote an agency's data)."""

    def __init__(self, app, pages):
        self.app, self.pages = app, pages

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        answered = Answered(send)
        try:
            await self.app(scope, receive, answered)
        except ClientDisconnect:        # the visitor left mid-upload: nobody to answer
            return
        except Exception as error:  # the last line of defence: one line to the visitor, whatever happened
            frame = traceback.extract_tb(error.__traceback__)[-1]
            logger.error("unexpected %s at %s:%d", type(error).__name__, os.path.basename(frame.filename),
                         frame.lineno)
            if not answered.started:
                await self.pages.problem(scope, [self.pages.text(scope, "web.unexpected")], 500)(
                    scope, receive, answered)


class TooLarge(Exception):
    pass


class UploadLimit:
    """A request body over ``limit`` bytes is refused with 413 before any of it is read (by its
    Content-Length) or as soon as it passes the limit (a body sent in chunks)."""

    def __init__(self, app, pages, limit: int):
        self.app, self.pages, self.limit = app, pages, limit

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        length = Headers(scope=scope).get("content-length", "")
        if length.isdigit() and int(length) > self.limit:
            return await refuse(self._page(scope), scope, receive, send, 2 * self.limit)
        received = 0

        async def counted():
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > self.limit:
                raise TooLarge()
            return message
        answered = Answered(send)
        try:
            await self.app(scope, counted, answered)
        except TooLarge:
            if not answered.started:
                await refuse(self._page(scope), scope, receive, answered, 2 * self.limit)

    def _page(self, scope):
        megabytes = self.limit // (1024 * 1024)
        return self.pages.problem(scope, [self.pages.text(scope, "web.too_large", limit=megabytes)], 413)


async def refuse(response, scope, receive, send, bound: int) -> None:
    """Answer with ``response`` a request whose body will not be used. The body still on its way is
    read and dropped (``bound`` bytes at most) before the answer is finished, so that a client that
    sends everything before it reads (most do) hears the answer rather than a reset connection; a
    client that waits for ``100 Continue`` is answered at once and sends nothing."""
    if Headers(scope=scope).get("expect", "").lower() == "100-continue":
        return await response(scope, receive, send)

    async def held(message):
        if message["type"] == "http.response.body" and not message.get("more_body"):
            await send({**message, "more_body": True})
            read = 0
            while read < bound:
                part = await receive()
                read += len(part.get("body", b""))
                if part["type"] != "http.request" or not part.get("more_body"):
                    break
            message = {"type": "http.response.body", "body": b"", "more_body": False}
        await send(message)
    await response(scope, receive, held)


def is_loopback(host: str) -> bool:
    """Whether ``host`` (a name or an address) is this machine only."""
    import ipaddress
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


class LoopbackOnly:
    """A server bound to this machine answers only to this machine's names, so that a web page whose
    name was pointed at 127.0.0.1 (DNS rebinding) cannot reach it."""

    def __init__(self, app, pages):
        self.app, self.pages = app, pages

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and not is_loopback(urlsplit(f"//{Headers(scope=scope).get('host', '')}").hostname
                                                        or ""):
            return await self.pages.problem(scope, [self.pages.text(scope, "web.not_found")], 421)(
                scope, receive, send)
        await self.app(scope, receive, send)


def own_origin(scope) -> str:
    host = Headers(scope=scope).get("host", "")
    return f"{scope.get('scheme', 'http')}://{host}".lower()


def _origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


class SameOrigin:
    """A post must come from this server's own pages: ``Sec-Fetch-Site``, else ``Origin``, else
    ``Referer`` must say so. A request that carries none of them comes from no browser, so it
    carries no visitor's cookie to abuse (a script on this machine may post, as it may run
    ``ita-xl`` itself)."""

    def __init__(self, app, pages):
        self.app, self.pages = app, pages

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and scope["method"] not in ("GET", "HEAD", "OPTIONS") and not self.allowed(scope):
            return await self.pages.problem(scope, [self.pages.text(scope, "web.cross_site")], 403)(
                scope, receive, send)
        await self.app(scope, receive, send)

    @staticmethod
    def allowed(scope) -> bool:
        headers = Headers(scope=scope)
        site = headers.get("sec-fetch-site")
        if site is not None and site not in ("same-origin", "none"):
            return False
        origin = headers.get("origin")
        if origin is not None:
            return origin.lower() == own_origin(scope)
        referer = headers.get("referer")
        return referer is None or _origin_of(referer) == own_origin(scope)


class AccessCode:
    """The access code: typed once, remembered by a signed cookie (HttpOnly, SameSite=Strict) for
    ``COOKIE_HOURS``. The signing key is new each time the server starts, so restarting it asks
    everyone again; a changed code is never accepted by an old cookie."""

    def __init__(self, code: str | None):
        self.code = code or None
        self.key = hashlib.sha256(secrets.token_bytes(32) + (code or "").encode()).digest()

    def matches(self, typed: str) -> bool:
        return hmac.compare_digest(typed.strip().encode(), (self.code or "").encode())

    def cookie(self, secure: bool) -> str:
        issued = str(int(time.time()))
        flags = "; Secure" if secure else ""
        return (f"{COOKIE}={issued}.{self._sign(issued)}; Path=/; Max-Age={COOKIE_HOURS * 3600}; HttpOnly; "
                f"SameSite=Strict{flags}")

    def admitted(self, scope) -> bool:
        if not self.code:
            return True
        jar = SimpleCookie()
        try:
            jar.load(Headers(scope=scope).get("cookie", ""))
        except CookieError:
            return False
        value = jar[COOKIE].value if COOKIE in jar else ""
        issued, _, signature = value.partition(".")
        return (issued.isdigit() and hmac.compare_digest(signature, self._sign(issued))
                and time.time() - int(issued) < COOKIE_HOURS * 3600)

    def _sign(self, issued: str) -> str:
        return hmac.new(self.key, issued.encode(), hashlib.sha256).hexdigest()


class AccessGate:
    """With an access code, a visitor who has not typed it is served nothing but the page asking for it
    (and its style sheet)."""

    def __init__(self, app, pages, access: AccessCode, limit: int):
        self.app, self.pages, self.access, self.limit = app, pages, access, limit

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or not self.access.code:
            return await self.app(scope, receive, send)
        admitted = self.access.admitted(scope)
        scope.setdefault("state", {})["admitted"] = admitted
        if admitted or scope["path"].startswith(OPEN_PATHS):
            return await self.app(scope, receive, send)
        await refuse(self.pages.access(scope, status=401), scope, receive, send, self.limit)
