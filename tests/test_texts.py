"""The text catalogues: every key the code names exists in both languages, with the same placeholders,
so a message is never a KeyError found by the first user who meets it."""
import ast
import re
import string
from pathlib import Path

import pytest

from ita_xl.catalogue import LANGUAGES, _catalogue

PACKAGE = Path(__file__).resolve().parent.parent / "ita_xl"
CALLS = {"t", "say", "para"}          # functions and methods whose first argument is a catalogue key


def leaves(node: dict, prefix: str = "") -> dict[str, str]:
    found = {}
    for name, value in node.items():
        key = f"{prefix}{name}"
        found |= leaves(value, f"{key}.") if isinstance(value, dict) else {key: value}
    return found


def named_keys() -> set[tuple[str, str]]:
    """(module, key) for every literal dotted key passed to t()/say(); cli.py's say() adds 'cli.'."""
    keys = set()
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if not (isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant)
                    and isinstance(node.args[0].value, str)):
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            key = node.args[0].value
            if name == "say" and path.name == "cli.py":
                key = f"cli.{key}"
            if name in CALLS and re.fullmatch(r"[a-z_]+(\.[a-z_0-9]+)+", key):
                keys.add((path.name, key))
    return keys


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_the_scan_finds_the_keys_the_code_names():
    keys = {key for _, key in named_keys()}
    assert len(keys) > 100 and "report.notes_title" in keys and "cli.also_written" in keys


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_key_the_code_names_exists(lang):
    texts = leaves(_catalogue(lang))
    missing = sorted(f"{module}: {key}" for module, key in named_keys() if key not in texts)
    assert not missing, missing


def test_both_languages_have_the_same_keys_and_placeholders():
    thai, english = leaves(_catalogue("th")), leaves(_catalogue("en"))
    assert sorted(set(thai) ^ set(english)) == []
    differ = [key for key in thai if isinstance(thai[key], str) and fields(thai[key]) != fields(english[key])]
    assert differ == []
