"""Reading engines: the cells of a workbook's sheets, as a spreadsheet shows them.

One function, ``read_cells``, in front of two engines chosen by name (as pandas'
``io/excel`` does): ``"fast"``, ita_xl's own reader on the standard library's C
parser, and ``"openpyxl"``, the reference. Both hand back the same plain
``SheetCells`` through the same rules (``formats``), so that the rest of ita_xl
never knows which engine read the file and a differential test can hold them equal.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import formats

ENGINES = ("fast", "openpyxl")


class UnsafeXml(Exception):
    """A part declares a DTD or entities, or nests deeper than any workbook does."""


class WorkbookTooBig(Exception):
    """The parts inflate beyond the limit, whatever their headers declared."""


MAX_BAD_REFERENCES = 100     # a hostile sheet may hold millions; the first hundred say enough


@dataclass
class SheetCells:
    """One worksheet: values by row and column (zero-based, only the cells present), the formulas
    of cells that were saved without a result, merged ranges, and references that name no cell."""
    values: dict[int, dict[int, object]] = field(default_factory=dict)
    unsaved_formulas: dict[tuple[int, int], str] = field(default_factory=dict)
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)
    bad_references: list[str] = field(default_factory=list)

    def bad_reference(self, ref: str) -> None:
        if len(self.bad_references) < MAX_BAD_REFERENCES:
            self.bad_references.append(ref)

    def put(self, ref: str, position: tuple[int, int] | None, value, formula: str | None) -> None:
        """Store one cell. A reference outside Excel's grid names no cell; a position given twice
        with different contents cannot be shown, so it reads as a ``BadCell``."""
        if position is None or not formats.in_grid(*position):
            self.bad_reference(ref)
            return
        if value is None and formula is None:
            return
        row, col = position
        cells = self.values.setdefault(row, {})
        if col in cells or position in self.unsaved_formulas:
            if cells.get(col) != value or self.unsaved_formulas.get(position) != formula:
                cells[col] = formats.BadCell(ref, "duplicate")
                self.unsaved_formulas.pop(position, None)
        elif value is None:
            self.unsaved_formulas[position] = formula
        else:
            cells[col] = value

    def merge(self, ref: str) -> None:
        corners = [formats.split_reference(part) for part in ref.split(":")]
        if len(corners) == 2 and all(corners) and all(formats.in_grid(*c) for c in corners):
            (r1, c1), (r2, c2) = corners
            self.merged.append((min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2)))


def read_cells(path: Path, wanted: Callable[[str], bool], engine: str = "fast",
               limit: int = 50 * 1024 * 1024) -> dict[str, SheetCells]:
    """The cells of each worksheet whose name ``wanted`` accepts, by name, in workbook order.

    Raises ``UnsafeXml``, ``WorkbookTooBig`` or the parser's own error for a file it cannot read.
    """
    if engine == "fast":
        from .fast import read_cells as read
    elif engine == "openpyxl":
        from .reference import read_cells as read
    else:
        raise ValueError(f"engine must be one of {ENGINES}, not {engine!r}")
    return read(path, wanted, limit)
