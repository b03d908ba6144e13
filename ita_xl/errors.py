"""Errors that reach the user as one line of text, never as a traceback."""
from __future__ import annotations

from pathlib import Path


class ItaError(Exception):
    """Base of every error ita_xl reports to a user."""


class InputError(ItaError):
    """One problem in an input workbook, located as precisely as it can be.

    Prints as ``scores.xlsx: ตัวชี้วัด!D5: message``; the sheet and cell parts are
    left out when they do not apply (a file that is not a workbook has no cell).
    """

    def __init__(self, path: str | Path, message: str, sheet: str | None = None,
                 cell: str | None = None):
        self.path = str(path)
        self.message = message
        self.sheet = sheet
        self.cell = cell
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.sheet or ""
        if self.sheet and self.cell:
            where = f"{self.sheet}!{self.cell}"
        return ": ".join(part for part in (self.path, where, self.message) if part)


class InputProblems(ItaError):
    """Every problem found in one input; ``str()`` is the first, with a count of the rest."""

    def __init__(self, problems: list[InputError], more_note: str = ""):
        self.problems = list(problems)
        self.more_note = more_note
        super().__init__(str(self))

    def __str__(self) -> str:
        first = str(self.problems[0])
        return f"{first} {self.more_note}" if len(self.problems) > 1 and self.more_note else first


class FrameworkError(ItaError):
    """A framework data file that cannot be used (bad TOML, missing key, unknown year)."""


class OutputError(ItaError):
    """The output cannot be written where asked (it is the input, a folder, locked, ...)."""
