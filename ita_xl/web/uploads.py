"""The upload form, read: the workbooks, last year's file and the options a clerk sets.

An uploaded file's name is the visitor's word, never a path: only its last part is kept, without
the characters no file name may hold, and the file is stored in a folder of its own that the
server made (``in/1/``, ``in/2/`` ...). The report and the memo are named after it, as
``ita-xl convert`` names them after the input.
"""
from __future__ import annotations

import shutil
import unicodedata
from dataclasses import dataclass
from pathlib import Path, PurePath

import anyio.to_thread

FORBIDDEN = set('<>:"|?*')
RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{n}" for n in range(1, 10)), *(f"LPT{n}" for n in range(1, 10))}
NAME_BYTES = 160                 # a stored name leaves room for -report.xlsx and the atomic writer's prefix
DIGITS = ("thai", "arabic")
MAX_FILES = 2000                 # workbooks in one form: a province's agencies


class FormProblem(Exception):
    """What is wrong with the form as filled in: catalogue key ``web.<key>``."""

    def __init__(self, key: str, **values):
        self.key, self.values = key, values
        super().__init__(key)


@dataclass(frozen=True)
class Upload:
    name: str                     # what the visitor called it, cleaned: what the page and the files say
    path: Path                    # where the server stored it


@dataclass(frozen=True)
class Form:
    workbooks: tuple[Upload, ...]
    previous: Upload | None
    target: float | None
    digits: str | None


def stored_name(uploaded: str | None, fallback: str = "workbook.xlsx") -> str:
    """The last part of ``uploaded`` as a file name that is safe on every system."""
    name = unicodedata.normalize("NFC", uploaded or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c for c in name if c.isprintable() and c not in FORBIDDEN).strip(" .")
    suffix = PurePath(name).suffix if name else ""
    suffix = suffix if len(suffix) <= 10 else ""
    stem = name[:len(name) - len(suffix)]
    while len(f"{stem}{suffix}".encode()) > NAME_BYTES:
        stem = stem[:-1]
    stem = stem.rstrip(" .")
    if not stem:
        return fallback
    return f"_{stem}{suffix}" if stem.split(".")[0].upper() in RESERVED else f"{stem}{suffix}"


def _is_chosen(part) -> bool:
    """A file input left empty still sends a part, with no name and no bytes."""
    return hasattr(part, "filename") and (bool(part.filename) or bool(part.size))


async def read_form(form, folder: Path) -> Form:
    """The form's files stored under ``folder`` and its options checked."""
    parts = [part for part in form.getlist("files") if _is_chosen(part)]
    if not parts:
        raise FormProblem("no_file")
    workbooks = tuple([await _store(part, folder / "in" / str(n)) for n, part in enumerate(parts, 1)])
    previous = form.get("previous")
    previous = await _store(previous, folder / "previous") if previous is not None and _is_chosen(previous) else None
    return Form(workbooks, previous, _target(form.get("target")), _digits(form.get("digits")))


async def _store(part, folder: Path) -> Upload:
    folder.mkdir(parents=True)
    upload = Upload(stored_name(part.filename), folder / stored_name(part.filename))

    def copy() -> None:
        part.file.seek(0)
        with open(upload.path, "xb") as file:
            shutil.copyfileobj(part.file, file, 1024 * 1024)
    await anyio.to_thread.run_sync(copy)
    return upload


def _target(value) -> float | None:
    text = value.strip() if isinstance(value, str) else ""
    if not text:
        return None
    try:
        target = float(text.replace(",", "."))
    except ValueError:
        raise FormProblem("bad_target", value=text[:20]) from None
    if not 0 <= target <= 100:
        raise FormProblem("bad_target", value=text[:20])
    return target


def _digits(value) -> str | None:
    if not value:
        return None
    if value not in DIGITS:
        raise FormProblem("bad_digits")
    return value
