"""The pages, from Jinja templates, every word from the text catalogues (``[web]`` and the library's own).

The page speaks Thai unless ``?lang=en``; every link and form carries the language on.
"""
from __future__ import annotations

from functools import cached_property
from urllib.parse import parse_qs

from starlette.responses import HTMLResponse

from .. import __version__
from ..catalogue import DEFAULT_LANGUAGE, LANGUAGES, t


def language(scope) -> str:
    """``?lang=en`` or Thai."""
    asked = parse_qs(scope.get("query_string", b"").decode("latin-1")).get("lang", [""])[0]
    return asked if asked in LANGUAGES else DEFAULT_LANGUAGE


class PageWriter:
    """Renders a page in the request's language; ``settings`` says what every page may mention (the
    upload cap, how long downloads are kept, whether a PDF can be made)."""

    def __init__(self, settings):
        self.settings = settings

    @cached_property
    def environment(self):
        from jinja2 import (
            Environment,
            PackageLoader,
            StrictUndefined,
            select_autoescape,
        )
        return Environment(loader=PackageLoader("ita_xl.web", "templates"), autoescape=select_autoescape(["html"]),
                           undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)

    @staticmethod
    def text(scope, key: str, **values) -> str:
        return t(key, language(scope), **values)

    def render(self, scope, template: str, status: int = 200, headers: dict | None = None, **context) -> HTMLResponse:
        lang = language(scope)
        other = "en" if lang == "th" else "th"

        def say(key: str, **values) -> str:
            return t(key, lang, **values)
        context.setdefault("problems", [])
        here = scope.get("path", "/") if scope.get("method", "GET") == "GET" else "/"
        page = self.environment.get_template(template).render(
            lang=lang, t=say, other_lang=other, switch=f"{here}?lang={other}",
            home=f"/?lang={lang}", version=__version__, settings=self.settings, **context)
        return HTMLResponse(page, status, headers=headers)

    def home(self, scope, problems: list[str] | None = None, status: int = 200, headers: dict | None = None):
        from ..framework_years import supported_years
        from ..frameworks import load_framework
        years = list(reversed(supported_years()))
        return self.render(scope, "home.html", status, headers, problems=problems or [], years=years,
                           target=f"{load_framework(years[0]).target:g}")

    def problem(self, scope, lines: list[str], status: int, headers: dict | None = None) -> HTMLResponse:
        """The home page with the problem above the form, one line each (a page with no form for a
        visitor who has not typed the access code)."""
        if self.settings.access_code and scope.get("state", {}).get("admitted") is False:
            return self.access(scope, status, lines)
        return self.home(scope, lines, status, headers)

    def access(self, scope, status: int = 401, problems: list[str] | None = None) -> HTMLResponse:
        return self.render(scope, "access.html", status, problems=problems or [])
