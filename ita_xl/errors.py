"""Errors that reach the user as one line of text, never as a traceback.

An error carries a message key and its values, not words: it is worded in the language
asked for when it is shown (``error.text("en")``), Thai by default.
"""
from __future__ import annotations

from pathlib import Path


class ItaError(Exception):
    """Base of every error ita_xl reports to a user: ``texts/<lang>.toml`` key ``error.<key>``."""

    def __init__(self, key: str, **values):
        self.key, self.values = key, values
        super().__init__(key)

    def message(self, lang: str | None = None) -> str:
        from .catalogue import t
        values = {name: value.text(lang) if isinstance(value, ItaError) else value
                  for name, value in self.values.items()}
        return t(f"error.{self.key}", lang, **values)

    def text(self, lang: str | None = None) -> str:
        return self.message(lang)

    def __str__(self) -> str:
        return self.text()

    def __reduce__(self):
        """Errors cross process boundaries (batch workers) with their key, values and location."""
        return _rebuild, (type(self), self.__dict__)


def _rebuild(kind: type, state: dict) -> ItaError:
    error = kind.__new__(kind)
    error.__dict__.update(state)
    Exception.__init__(error, state.get("key"))
    return error


class InputError(ItaError):
    """One problem in an input workbook, located as precisely as it can be.

    Prints as ``scores.xlsx: ตัวชี้วัด!D5: message``; the sheet and cell parts are
    left out when they do not apply (a file that is not a workbook has no cell).
    """

    def __init__(self, path: str | Path, key: str, sheet: str | None = None, cell: str | None = None,
                 **values):
        self.path, self.sheet, self.cell = str(path), sheet, cell
        super().__init__(key, **values)

    @property
    def where(self) -> str:
        return f"{self.sheet}!{self.cell}" if self.sheet and self.cell else self.sheet or ""

    def text(self, lang: str | None = None) -> str:
        return ": ".join(part for part in (self.path, self.where, self.message(lang)) if part)


class InputProblems(ItaError):
    """Every problem found in one input; its text is the first, with a count of the rest."""

    def __init__(self, problems: list[InputError]):
        self.problems = list(problems)
        super().__init__("more_problems", count=len(self.problems) - 1)

    def text(self, lang: str | None = None) -> str:
        first = self.problems[0].text(lang)
        return f"{first} {self.message(lang)}" if len(self.problems) > 1 else first


class FrameworkError(ItaError):
    """A framework data file that cannot be used (bad TOML, missing key, unknown year)."""


class OutputError(ItaError):
    """The output cannot be written where asked (it is the input, a folder, locked, the disk is full...)."""
