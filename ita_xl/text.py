"""User-facing text: every message and label lives in ``texts/<lang>.toml``.

Code refers to text by key (``t("error.not_a_score", value=...)``) so that the
wording, and later other languages, change without touching the logic.
"""
from __future__ import annotations

import contextlib
import tomllib
from contextvars import ContextVar
from functools import cache
from importlib import resources

DEFAULT_LANGUAGE = "th"
LANGUAGES = ("th", "en")
_language: ContextVar[str] = ContextVar("language", default=DEFAULT_LANGUAGE)


def language() -> str:
    """The language of what is being written now (Thai unless an English edition is asked for)."""
    return _language.get()


@contextlib.contextmanager
def using_language(lang: str):
    """Write everything inside the block in ``lang``."""
    token = _language.set(lang)
    try:
        yield
    finally:
        _language.reset(token)


def pick(thai: str, english: str) -> str:
    """Framework text in the current language: the English version when there is one."""
    return english if language() == "en" and english else thai


@cache
def _catalogue(lang: str) -> dict:
    data = resources.files("ita_xl.texts").joinpath(f"{lang}.toml").read_text("utf-8")
    return tomllib.loads(data)


def t(key: str, lang: str | None = None, **values) -> str:
    """The text for dotted ``key`` in ``lang`` (default: the current language), ``{placeholders}`` filled."""
    node = _catalogue(lang or language())
    for part in key.split("."):
        node = node[part]
    return node.format(**values) if values else node


def aliases(key: str) -> tuple[str, ...]:
    """Every spelling a reader accepts for a label: the Thai text and its English alias."""
    th = t(key, lang="th")
    en = t(key, lang="en")
    return (th, en, f"{th} [{en}]", f"{th} ({en})")
