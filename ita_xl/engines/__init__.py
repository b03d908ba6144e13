"""Reading engines: the cells of a workbook's sheets, as a spreadsheet shows them.

One function, ``read_cells``, in front of two engines chosen by name (as pandas'
``io/excel`` does): ``"fast"``, ita_xl's own reader on the standard library's C
parser, and ``"openpyxl"``, the reference. Both hand back the same plain
``SheetCells`` through the same rules (``formats``), so that the rest of ita_xl
never knows which engine read the file and a differential test can hold them equal.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .cells import MAX_BAD_REFERENCES, SheetCells, UnsafeXml, WorkbookTooBig

ENGINES = ("fast", "openpyxl")
__all__ = ["ENGINES", "MAX_BAD_REFERENCES", "SheetCells", "UnsafeXml", "WorkbookTooBig", "read_cells"]


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
