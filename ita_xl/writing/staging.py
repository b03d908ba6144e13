"""The outputs of one run land together or not at all.

Inside ``together()``, each output (``output_files.atomic_file``) is written whole to its temporary
file and left there; when the block completes, all of them are renamed into place at once, and when
it fails (a full disk, LibreOffice failing, Ctrl-C), none is: the previous outputs stay as they
were. So a workbook never lands beside the previous run's Word memo or PDF.

The renames themselves are a transaction. The outputs they replace are first moved aside, then the
new ones moved in, then the old ones removed; a rename that fails (a file open in Word on Windows)
undoes the ones before it. Before the first rename a journal naming every move is written beside the
first output: a run killed in the middle of the renames leaves it, and the next run that tidies that
folder (``output_files.remove_leftovers``) completes the moves, so what a kill leaves is the old set
or the new one, never a mix. Ctrl-C and termination are held back during the renames.
"""
from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import secrets
import signal
import threading
from contextvars import ContextVar
from pathlib import Path

from ..errors import OutputError

PREFIX = ".ita-xl-"              # an output's temporary file: .ita-xl-<pid>-<hex>-<name>
JOURNAL = "together.json"       # a journal is .ita-xl-<pid>-<hex>-together.json
_GROUP: ContextVar[list | None] = ContextVar("ita_xl_outputs", default=None)


NAME_MAX = 255                   # bytes of a file name, on every file system ita_xl writes to


def temporary_name(target: Path, role: str = "") -> Path:
    """Where an output is written before it is renamed to ``target``: beside it, as
    ``.ita-xl-<pid>-<random>-<role><target's name>``, marked with this process so that a later run
    knows whether it was left by a run that was killed. A target whose name leaves no room for the
    prefix (a legal name of 245 bytes) is named by a digest of its name instead (``shortened``)."""
    prefix = f"{PREFIX}{os.getpid()}-{secrets.token_hex(4)}-{role}"
    name = target.name
    if len(os.fsencode(prefix + name)) > NAME_MAX:
        name = shortened(name)
    return target.with_name(prefix + name)


def shortened(name: str) -> str:
    """A long output name as its temporary carries it."""
    return "~" + hashlib.sha256(os.fsencode(name)).hexdigest()[:24]


_DISK_ERRORS = {errno.ENOSPC: "output_disk_full", errno.EFBIG: "output_too_large", errno.EROFS: "output_read_only",
                errno.EDQUOT: "output_disk_full"}


def failure(error: BaseException, target: Path, replacing: bool = True) -> OutputError:
    """A failure of the disk as one ``OutputError`` naming the file: full, a size limit, read-only, held
    open by another program, no permission in its folder, or whatever the system says. ``replacing``:
    the new file was written and only putting it in place failed (a file held open by Excel), else
    writing in the folder failed."""
    code = getattr(error, "errno", None)
    if isinstance(error, PermissionError) or code in (errno.EACCES, errno.EPERM, errno.EBUSY):
        if not replacing and code != errno.EBUSY:
            return OutputError("output_folder_denied", path=target, folder=target.parent)
        return OutputError("output_locked", path=target)
    if code in _DISK_ERRORS:
        return OutputError(_DISK_ERRORS[code], path=target)
    reason = os.strerror(code) if code else str(error) or type(error).__name__
    return OutputError("output_failed", path=target, reason=reason)


def stage(temporary: Path, target: Path) -> bool:
    """Leave ``temporary`` to be renamed to ``target`` with the rest of the run's outputs; False when
    no run is gathering its outputs (the caller renames it at once)."""
    group = _GROUP.get()
    if group is None:
        return False
    group.append((temporary, target))
    return True


def withdraw(target: Path, group: list) -> None:
    """``target`` (an output of an earlier run that this run could not make again) removed when
    ``group`` lands: it would not belong with the outputs beside it."""
    if os.path.lexists(target):
        group.append((None, Path(os.path.realpath(target))))


@contextlib.contextmanager
def gathering(group: list):
    """Outputs written inside the block join ``group``, which the caller lands (``land``) or
    discards; for a batch, where an agency's PDF is printed after its report is written."""
    token = _GROUP.set(group)
    try:
        yield group
    finally:
        _GROUP.reset(token)


def staged_path(target: Path) -> Path:
    """Where the output for ``target`` stands now: its temporary while it waits for the others."""
    real = Path(os.path.realpath(target))
    return next((temporary for temporary, found in _GROUP.get() or () if found == real), Path(target))


@contextlib.contextmanager
def together():
    """Every output written inside the block lands when it completes, or none does."""
    group: list[tuple[Path, Path]] = []
    try:
        with gathering(group):
            yield group
    except BaseException:
        discard(group)
        raise
    land(group)


def discard(group: list[tuple[Path, Path]]) -> None:
    """The group's temporaries removed: nothing of it lands."""
    for temporary, _ in group:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
    group.clear()


def land(group: list[tuple[Path, Path]]) -> None:
    """Rename every temporary of ``group`` to its target, as one step (see the module's docstring)."""
    if not group:
        return
    moves = [(temporary and str(temporary), str(target), str(temporary_name(target, "old-")))
             for temporary, target in group]
    journal = temporary_name(group[0][1].with_name(JOURNAL))
    with _held_signals():
        try:
            if len(moves) == 1 and moves[0][0]:    # one file: its rename is all or nothing already
                os.replace(moves[0][0], moves[0][1])
                group.clear()
                return
            _write_journal(journal, moves)
            _move_aside(moves)
        except OSError as error:
            journal.unlink(missing_ok=True)
            targets = {str(target): target for _, target in group}   # which file was in the way
            where = targets.get(error.filename) or targets.get(error.filename2) or group[0][1]
            discard(group)
            raise failure(error, where) from None
        _complete(moves)
        journal.unlink(missing_ok=True)
    group.clear()


def _write_journal(journal: Path, moves) -> None:
    part = journal.with_name(journal.name + ".part")
    try:
        part.write_text(json.dumps(moves), encoding="utf-8")
        os.replace(part, journal)
    finally:
        part.unlink(missing_ok=True)


def _move_aside(moves) -> None:
    """The outputs being replaced moved aside, then the new ones in; on a failure every step undone."""
    done: list[tuple[str, str]] = []
    try:
        for _, target, old in moves:
            if os.path.lexists(target):
                os.replace(target, old)
                done.append((old, target))
        for temporary, target, _ in moves:
            if temporary:
                os.replace(temporary, target)
                done.append((target, temporary))
    except OSError:
        for source, destination in reversed(done):
            with contextlib.suppress(OSError):
                os.replace(source, destination)
        raise


def _complete(moves) -> None:
    """Forward to the new set from wherever the moves stopped, and the old files removed."""
    for temporary, target, old in moves:
        with contextlib.suppress(OSError):
            if temporary is None:                  # withdrawn: gone, whether moved aside yet or not
                if os.path.lexists(target) and not os.path.lexists(old):
                    os.unlink(target)
            elif os.path.exists(temporary):
                os.replace(temporary, target)
    for _, _, old in moves:
        with contextlib.suppress(OSError):
            os.unlink(old)


def recover(journal: Path) -> None:
    """Finish what a killed run began (its journal, in a folder being tidied)."""
    try:
        moves = json.loads(journal.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        moves = None
    if isinstance(moves, list) and all(isinstance(m, list) and len(m) == 3 and all(isinstance(p, (str, type(None)))
                                                                                for p in m) for m in moves):
        _complete(moves)
    journal.unlink(missing_ok=True)


@contextlib.contextmanager
def _held_signals():
    """Ctrl-C and termination wait until the renames are done (POSIX, main thread)."""
    if not hasattr(signal, "pthread_sigmask") or threading.current_thread() is not threading.main_thread():
        yield
        return
    held = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}
    before = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)
