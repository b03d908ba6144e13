"""The text catalogue: every message and label lives in ``texts/<lang>.toml``.

Code refers to text by key (``t("error.not_a_score", "th", value=...)``); which language is
always said, never ambient (``wording.Edition`` carries it to the writers and messages).
"""
from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources

DEFAULT_LANGUAGE = "th"
LANGUAGES = ("th", "en")


@cache
def _catalogue(lang: str) -> dict:
    data = resources.files("ita_xl.texts").joinpath(f"{lang}.toml").read_text("utf-8")
    return tomllib.loads(data)


def t(key: str, lang: str | None = None, **values):
    """The text for dotted ``key`` in ``lang`` (Thai when not given), ``{placeholders}`` filled."""
    node = _catalogue(lang or DEFAULT_LANGUAGE)
    for part in key.split("."):
        node = node[part]
    return node.format(**values) if values else node


def aliases(key: str) -> tuple[str, ...]:
    """Every spelling a reader accepts for a label: the Thai text and its English alias."""
    th = t(key, "th")
    en = t(key, "en")
    return (th, en, f"{th} [{en}]", f"{th} ({en})")
