"""What a reading engine hands back: one worksheet's cells as a spreadsheet shows them, and the two
refusals an engine may raise. Apart from the engines' front (``ita_xl.reading.engines``) so that the engines
import it without importing back the package that imports them."""
from __future__ import annotations

from dataclasses import dataclass, field

from . import formats


class UnsafeXml(Exception):
    """A part declares a DTD or entities, which a workbook may not hold (ECMA-376 Part 2, M1.18);
    ``part``: its name, where known."""

    def __init__(self, part: str | None = None):
        super().__init__(part)
        self.part = part


class NestedTooDeep(UnsafeXml):
    """A part nests elements deeper than any workbook does (a streamed part would cost memory)."""


class WorkbookTooBig(Exception):
    """The parts inflate beyond the limit, whatever their headers declared."""


MAX_BAD_REFERENCES = 100     # a hostile sheet may hold millions; the first hundred say enough


@dataclass
class SheetCells:
    """One worksheet: values by row and column (zero-based, only the cells present), the formulas
    of cells that were saved without a result, merged ranges, references that name no cell, and
    the number format and stored number of each number shown otherwise than General (a text field
    takes the text it shows: "85%", "1,500,000")."""
    values: dict[int, dict[int, object]] = field(default_factory=dict)
    number_formats: dict[tuple[int, int], tuple] = field(default_factory=dict)
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
