"""Writing a workbook safely: to a temporary file beside the target, renamed into place.

A crash or Ctrl-C mid-write leaves the previous output (or nothing), never half a file.
"""
from __future__ import annotations

import contextlib
import os
import tempfile
import zipfile
from pathlib import Path

from .errors import OutputError
from .styles import DEFAULT_FONT, workbook_options
from .text import t


def _is_workbook(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as archive:
            return "xl/workbook.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError):
        return False


def check_output(output: Path, inputs: tuple[Path, ...] = (), force: bool = False) -> None:
    """Never write over an input; replace an existing file only if it is a workbook (or ``force``)."""
    if not output.exists():
        return
    if any(source.exists() and output.resolve() == source.resolve() for source in inputs):
        raise OutputError(t("error.output_is_input", path=output))
    if output.is_dir() or not (force or _is_workbook(output)):
        raise OutputError(t("error.output_not_xlsx", path=output))


@contextlib.contextmanager
def atomic_workbook(path: str | Path, font: str = DEFAULT_FONT, inputs: tuple[str | Path, ...] = (),
                    force: bool = False):
    """An xlsxwriter Workbook that appears at ``path`` only once it is complete.

    Refuses, before anything is written, to replace an input or a file that is not a workbook.
    """
    import xlsxwriter

    target = Path(path)
    check_output(target, tuple(Path(source) for source in inputs), force)
    try:
        handle, temporary = tempfile.mkstemp(suffix=".xlsx", prefix=".ita-xl-", dir=target.parent or ".")
    except OSError as error:
        raise OutputError(t("error.output_failed", path=target, reason=error.strerror)) from None
    os.close(handle)
    try:
        workbook = xlsxwriter.Workbook(temporary, workbook_options(font))
        yield workbook
        workbook.close()
        os.replace(temporary, target)
    except PermissionError:
        raise OutputError(t("error.output_locked", path=target)) from None
    except OSError as error:
        raise OutputError(t("error.output_failed", path=target, reason=error.strerror or error)) from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
