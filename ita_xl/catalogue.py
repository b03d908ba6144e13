"""The text catalogue: every message and label lives in ``texts/<lang>.toml``.

Code refers to text by key (``t("error.not_a_score", "th", value=...)``); which language is
always said, never ambient (``wording.Edition`` carries it to the writers and messages).

A catalogue is parsed one top-level table at a time, when a key of that table is first asked
for: ``ita-xl --help`` needs the ``[cli]`` table only, and the reader the labels only.
"""
from __future__ import annotations

import os
from functools import cache

DEFAULT_LANGUAGE = "th"
LANGUAGES = ("th", "en")
_FOLDER = os.path.join(os.path.dirname(__file__), "texts")


@cache
def _source(lang: str) -> str:
    with open(os.path.join(_FOLDER, f"{lang}.toml"), encoding="utf-8") as file:
        return file.read()


@cache
def _catalogue(lang: str) -> dict:
    """The whole catalogue of ``lang``."""
    import tomllib
    return tomllib.loads(_source(lang))


@cache
def _tables(lang: str) -> dict[str, str] | None:
    """The catalogue's text cut into its top-level tables (``[report]`` with ``[report.sheet]``), by
    name; "" holds the keys before the first table. None when a line could be misread as a table
    header (a multi-line string, an array of tables, a quoted name): then the whole file is parsed."""
    source = _source(lang)
    if '"""' in source or "'''" in source:
        return None
    lines: dict[str, list[str]] = {}
    current = ""
    for line in source.splitlines(keepends=True):
        if line.startswith("["):
            if line.startswith("[[") or '"' in line or "'" in line.partition("#")[0]:
                return None
            current = line[1:].partition("]")[0].partition(".")[0].strip()
        lines.setdefault(current, []).append(line)
    return {name: "".join(text) for name, text in lines.items()}


@cache
def _table(lang: str, name: str) -> dict:
    """The part of the catalogue under ``name`` (as ``{name: {...}}``), or its top-level keys when no
    table has that name."""
    tables = _tables(lang)
    if tables is None:
        return _catalogue(lang)
    import tomllib
    return tomllib.loads(tables[name] if name in tables else tables.get("", ""))


def t(key: str, lang: str | None = None, **values):
    """The text for dotted ``key`` in ``lang`` (Thai when not given), ``{placeholders}`` filled."""
    node = _table(lang or DEFAULT_LANGUAGE, key.partition(".")[0])
    for part in key.split("."):
        node = node[part]
    return node.format(**values) if values else node


def aliases(key: str) -> tuple[str, ...]:
    """Every spelling a reader accepts for a label: the Thai text and its English alias."""
    th = t(key, "th")
    en = t(key, "en")
    return (th, en, f"{th} [{en}]", f"{th} ({en})")
