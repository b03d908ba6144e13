"""The short cuts taken for speed (issue #13) change nothing a user sees: the catalogue read one table at
a time is the whole catalogue, and `--help` / `--version` read only what they print."""
import subprocess
import sys
import tomllib

import pytest

from ita_xl import text


@pytest.mark.parametrize("lang", text.LANGUAGES)
def test_the_catalogue_read_table_by_table_is_the_whole_catalogue(lang):
    tables = text._tables(lang)
    assert tables is not None, "the catalogue can no longer be cut at its tables: every t() parses it whole"
    joined = {}
    for source in tables.values():
        joined.update(tomllib.loads(source))
    assert joined == text._catalogue(lang)


@pytest.mark.parametrize("flag", ["--help", "--version"])
def test_help_and_version_parse_no_framework_and_not_the_whole_catalogue(flag):
    code = (f"from ita_xl.cli import cli\ntry:\n    cli([{flag!r}])\nexcept SystemExit:\n    pass\n"
            "from ita_xl import frameworks, text\n"
            "print(frameworks._raw.cache_info().currsize, text._catalogue.cache_info().currsize)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip().splitlines()[-1] == "0 0"
