"""Reading engines: the cells of a workbook's sheets, as a spreadsheet shows them.

One function, ``read_cells``, in front of the engines chosen by name (as pandas'
``io/excel`` does): ``"fast"``, ita_xl's own reader (parts in the plain form every
spreadsheet program writes matched whole by ``scan``, any other through the
standard library's expat), ``"expat"``, the same reader with every part through
expat, and ``"openpyxl"``, the reference. All hand back the same plain
``SheetCells`` through the same rules (``formats``), so that the rest of ita_xl
never knows which engine read the file and a differential test can hold them equal.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from zipfile import ZipFile

from .cells import (
    MAX_BAD_REFERENCES,
    NestedTooDeep,
    SheetCells,
    UnsafeXml,
    WorkbookTooBig,
)

ENGINES = ("fast", "expat", "openpyxl")
__all__ = ["ENGINES", "MAX_BAD_REFERENCES", "NestedTooDeep", "SheetCells", "UnsafeXml", "WorkbookTooBig",
           "read_cells"]


def read_cells(path: Path, wanted: Callable[[str], bool], engine: str = "fast",
               limit: int = 50 * 1024 * 1024, archive: ZipFile | None = None) -> dict[str, SheetCells]:
    """The cells of each worksheet whose name ``wanted`` accepts, by name, in workbook order;
    ``archive``: ``path`` already open (ita_xl's own engines read it rather than open it again).

    Raises ``UnsafeXml`` (``NestedTooDeep``), ``WorkbookTooBig`` or the parser's own error for a file
    it cannot read.
    """
    if engine in ("fast", "expat"):
        from .fast import read_cells as read
        return read(archive or path, wanted, limit, plain=engine == "fast")
    if engine == "openpyxl":
        from .reference import read_cells as read
        return read(path, wanted, limit)
    raise ValueError(f"engine must be one of {ENGINES}, not {engine!r}")
