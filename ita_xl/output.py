"""Writing a workbook safely: to a temporary file beside the target, renamed into place.

A crash or Ctrl-C mid-write leaves the previous output (or nothing), never half a file.
"""
from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from .errors import OutputError
from .styles import DEFAULT_FONT, workbook_options
from .text import t


def check_output(output: Path, inputs: tuple[Path, ...] = ()) -> None:
    """Refuse to write over an input file."""
    for source in inputs:
        if output.exists() and source.exists() and output.resolve() == source.resolve():
            raise OutputError(t("error.output_is_input", path=output))


@contextlib.contextmanager
def atomic_workbook(path: str | Path, font: str = DEFAULT_FONT):
    """An xlsxwriter Workbook that appears at ``path`` only once it is complete."""
    import xlsxwriter

    target = Path(path)
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
