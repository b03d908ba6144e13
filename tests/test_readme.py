"""The README keeps its promises: its command table lists every command and every option, its two first
commands are the ones CI runs, and the Python it shows runs."""
import re
from pathlib import Path

import pytest

from ita_xl.cli import build

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text("utf-8")


def command_table() -> dict[str, str]:
    """The rows of the table under '## Commands': command name ('' for ita-xl itself) -> the row."""
    section = README.split("## Commands", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        found = re.match(r"\| `ita-xl ?([a-z]*)", line)
        if found:
            rows[found.group(1)] = line
    return rows


def option_names(params) -> list[str]:
    return [name for param in params if param.param_type_name == "option"
            for name in param.opts + param.secondary_opts]


def test_the_table_has_a_row_for_every_command_and_no_other():
    assert set(command_table()) == set(build("en").commands) | {""}


@pytest.mark.parametrize("name", sorted(build("en").commands))
def test_every_option_of_a_command_is_in_its_row(name):
    row = command_table()[name]
    command = build("en").commands[name]
    missing = [o for o in option_names(command.params) if not re.search(rf"`{re.escape(o)}[ `/]|/{o}\b", row)]
    assert missing == [], f"README's row for {name} lacks {missing}"
    for argument in (p for p in command.params if p.param_type_name == "argument"):
        assert (argument.metavar or argument.name.upper()) in row


def test_the_programs_own_options_are_in_the_table():
    row = command_table()[""]
    assert all(o in row for o in ["--version", "--lang", "-h/--help"])


def test_the_two_first_commands_are_the_ones_ci_runs():
    commands = re.findall(r"```sh\n(.*?)\n```", README, re.S)[:2]
    assert commands[0] == "pip install . && ita-xl convert samples/saithong-2565.xlsx"
    assert commands[1] in (ROOT / ".ci" / "run").read_text("utf-8")


def test_the_exit_codes_the_readme_names_are_the_programs():
    from ita_xl import cli
    assert f"{cli.SOME_FAILED} `batch` wrote" in README
    assert f"{cli.NO_PDF} the workbook was written but not the PDF" in README
