"""User-facing text: every message and label lives in ``texts/<lang>.toml``.

Code refers to text by key (``t("error.not_a_score", value=...)``) so that the
wording, and later other languages, change without touching the logic.
"""
from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources

DEFAULT_LANGUAGE = "th"


@cache
def _catalogue(lang: str) -> dict:
    data = resources.files("ita_xl.texts").joinpath(f"{lang}.toml").read_text("utf-8")
    return tomllib.loads(data)


def t(key: str, lang: str = DEFAULT_LANGUAGE, **values) -> str:
    """The text for dotted ``key``, with ``{placeholders}`` filled from ``values``."""
    node = _catalogue(lang)
    for part in key.split("."):
        node = node[part]
    return node.format(**values) if values else node


def aliases(key: str) -> tuple[str, ...]:
    """Every spelling a reader accepts for a label: the Thai text and its English alias."""
    th = t(key)
    en = t(key, lang="en")
    return (th, en, f"{th} [{en}]", f"{th} ({en})")
