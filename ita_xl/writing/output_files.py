"""Writing files safely: to a temporary file beside the target, renamed into place.

A crash or Ctrl-C mid-write leaves the previous output (or nothing), never half a file;
the temporary file of a run that was killed is removed by the next run on the same
target. Nothing is ever written over an input, and an existing file is replaced only
when ita_xl wrote it as the same kind of output (``--force`` for anything else). The
output gets the permissions any file the user creates gets; a symlink is written through.
Every failure of the disk (full, a size limit, no permission, a folder that cannot exist)
is one ``OutputError`` naming the file.
"""
from __future__ import annotations

import contextlib
import errno
import hashlib
import io
import os
import re
import secrets
import sys
import zipfile
from pathlib import Path

from ..errors import OutputError
from .styles import DEFAULT_FONT, workbook_options

PREFIX = ".ita-xl-"
MEMO_CATEGORY = "ita_xl memo"   # the Word memo says so in its category (python-docx writes no custom properties)
_TEMPORARY = re.compile(re.escape(PREFIX) + r"(\d+)-[0-9a-f]+-(.+)")


def written_kind(path: Path) -> str | None:
    """What ita_xl wrote at ``path`` ("report", "template", "consolidated", "memo" for a Word memo),
    "" for another workbook or document, None for anything else."""
    from ..reading.file_kind import KIND_PROPERTY, custom_properties
    try:
        with zipfile.ZipFile(path) as archive:
            if "word/document.xml" in archive.NameToInfo:
                core = archive.read("docProps/core.xml")[:65536].decode("utf-8", "replace") \
                    if "docProps/core.xml" in archive.NameToInfo else ""
                return "memo" if re.search(rf"<(?:\w+:)?category>\s*{MEMO_CATEGORY}\s*<", core) else ""
            if "xl/workbook.xml" not in archive.NameToInfo:
                return None
            return custom_properties(archive).get(KIND_PROPERTY, "")
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, RuntimeError):
        return None       # not a zip, or one whose members cannot be read (Deflate64, encrypted): not ours


def check_output(output: Path, inputs: tuple[Path, ...] = (), force: bool = False,
                 kind: str | None = "report") -> None:
    """Refuse, before anything is written, to write over an input, a folder, or a file that
    ita_xl did not write as ``kind`` (unless ``force``); None: any existing file needs ``force``."""
    if any(source.exists() and output.exists() and os.path.samefile(output, source) for source in inputs):
        raise OutputError("output_is_input", path=output)
    if not output.exists():
        if not output.parent.is_dir():
            raise OutputError("output_folder_missing", path=output, folder=output.parent)
        return
    if output.is_dir():
        raise OutputError("output_is_folder", path=output)
    if force:
        return
    if kind == "pdf":                      # ita_xl writes no mark into a PDF: any PDF may be replaced
        with output.open("rb") as file:
            if file.read(5) == b"%PDF-":
                return
        raise OutputError("output_exists", path=output)
    found = written_kind(output)
    if found is None:
        raise OutputError("output_not_xlsx", path=output)
    if kind is None or found != kind:
        raise OutputError("output_exists", path=output)


def check_outputs(report: Path, inputs: tuple[Path, ...] = (), force: bool = False, pdf: bool = False,
                  docx: bool = False) -> None:
    """``check_output`` for a report and the memo files written beside it (``.pdf``, ``.docx``), all
    before any of them is written: a refused Word file must not leave a report without it."""
    check_output(report, inputs, force, "report")
    if docx:
        check_output(report.with_suffix(".docx"), inputs, force, "memo")
    if pdf:
        check_output(report.with_suffix(".pdf"), inputs, force, "pdf")


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if sys.platform == "win32":  # os.kill would terminate the process on Windows
        import ctypes
        handle = ctypes.windll.kernel32.OpenProcess(0x1000, False, pid)   # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        ctypes.windll.kernel32.CloseHandle(handle)
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_leftovers(folder: Path, name: str | None = None) -> None:
    """Temporary files of earlier runs (on target ``name``, or on any target in ``folder``) whose
    process is gone: a run killed mid-write cannot tidy up after itself."""
    names = (name, _shortened(name)) if name is not None else ()
    with contextlib.suppress(OSError):
        for leftover in folder.iterdir():
            found = _TEMPORARY.fullmatch(leftover.name)
            if found and (name is None or found.group(2) in names) and not _alive(int(found.group(1))):
                leftover.unlink(missing_ok=True)


NAME_MAX = 255       # bytes of a file name, on every file system ita_xl writes to


def temporary_name(target: Path) -> str:
    """``.ita-xl-<pid>-<random>-<target's name>``: the process, for ``remove_leftovers`` to tell a
    killed run's file from a live one's, and the target. A target whose name leaves no room for the
    prefix (a legal name of 245 bytes) is named by a digest of its name instead."""
    prefix = f"{PREFIX}{os.getpid()}-{secrets.token_hex(4)}-"
    name = target.name
    if len(os.fsencode(prefix + name)) > NAME_MAX:
        name = _shortened(name)
    return prefix + name


def _shortened(name: str) -> str:
    return "~" + hashlib.sha256(os.fsencode(name)).hexdigest()[:24]


def _mode(target: Path) -> int:
    """The permissions the output gets: those of the file it replaces, else what the umask allows."""
    if target.exists():
        return target.stat().st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


_DISK_ERRORS = {errno.ENOSPC: "output_disk_full", errno.EFBIG: "output_too_large", errno.EROFS: "output_read_only",
                errno.EDQUOT: "output_disk_full"}


def _failure(error: BaseException, target: Path, replacing: bool = True) -> OutputError:
    """The one line for a failed write; ``replacing``: the new file was written and only putting it in
    place failed (a file held open by Excel), else writing in the folder failed (no permission there)."""
    code = getattr(error, "errno", None)
    if isinstance(error, PermissionError) or code in (errno.EACCES, errno.EPERM, errno.EBUSY):
        if not replacing and code != errno.EBUSY:
            return OutputError("output_folder_denied", path=target, folder=target.parent)
        return OutputError("output_locked", path=target)
    if code in _DISK_ERRORS:
        return OutputError(_DISK_ERRORS[code], path=target)
    reason = os.strerror(code) if code else str(error) or type(error).__name__
    return OutputError("output_failed", path=target, reason=reason)


@contextlib.contextmanager
def atomic_file(path: str | Path, inputs: tuple[str | Path, ...] = (), force: bool = False,
                kind: str | None = "report", tidy: bool = True):
    """A temporary path to write, which appears at ``path`` only once the block completes.

    ``tidy``: first remove what killed runs left for this target (a batch tidies its folder once)."""
    target = Path(os.path.realpath(path))
    check_output(target, tuple(Path(source) for source in inputs), force, kind)
    if tidy:
        remove_leftovers(target.parent, target.name)
    temporary = target.with_name(temporary_name(target))
    replacing = False
    try:
        yield temporary
        os.chmod(temporary, _mode(target))
        replacing = True
        os.replace(temporary, target)
    except OSError as error:
        raise _failure(error, target, replacing) from None
    except Exception as error:
        from xlsxwriter.exceptions import FileCreateError
        if isinstance(error, FileCreateError):
            raise _failure(error.args[0] if error.args else error, target, replacing) from None
        raise
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temporary)


@contextlib.contextmanager
def atomic_workbook(path: str | Path, font: str = DEFAULT_FONT, inputs: tuple[str | Path, ...] = (),
                    force: bool = False, kind: str = "report", tidy: bool = True, constant_memory: bool = False):
    """An xlsxwriter Workbook that appears at ``path`` only once it is complete, marked as ``kind``.

    A template is never written over an existing file without ``force``: it may have been filled.
    A report is built in memory (``in_memory``) and written in one go: it is small and a batch
    writes thousands, each of which would otherwise cost some thirty temporary files.
    """
    import xlsxwriter

    in_memory = kind == "report" and not constant_memory
    with atomic_file(path, inputs, force, None if kind == "template" else kind, tidy) as temporary:
        options = workbook_options(font) | {"constant_memory": constant_memory, "in_memory": in_memory}
        built = io.BytesIO() if in_memory else None
        workbook = xlsxwriter.Workbook(built if in_memory else str(temporary), options)
        workbook.worksheet_class = _worksheet_class()
        from ..reading.file_kind import KIND_PROPERTY
        workbook.set_custom_property(KIND_PROPERTY, kind)
        yield workbook
        workbook.close()
        if in_memory:
            temporary.write_bytes(built.getbuffer())


def _worksheet_class():
    """xlsxwriter's worksheet with its formula preparation cut short: xlsxwriter runs some thirty to a
    hundred and fifty regular expressions over every formula, each compiled on its first use in a
    process, to prefix the functions Excel added after 2007 (``_xlfn.XLOOKUP``). A formula calling only
    functions Excel has always had comes out of them as it went in, less its ``=`` (``_classic``); any
    other is prepared by xlsxwriter. Made for each workbook (a class costs microseconds), so that
    importing this module imports no xlsxwriter and nothing outlives the workbook."""
    from xlsxwriter.worksheet import Worksheet

    class FormulaWorksheet(Worksheet):
        def _prepare_formula(self, formula, expand_future_functions=False):
            if isinstance(formula, str):
                found = _classic(formula)
                if found is not None:
                    return found
            return super()._prepare_formula(formula, expand_future_functions)

    return FormulaWorksheet


# Functions of Excel 2007, none of which xlsxwriter prefixes; the ones ita_xl's formulas call, and kin.
_CLASSIC_FUNCTIONS = frozenset("ABS AND AVERAGE COUNT COUNTA COUNTIF COUNTIFS IF IFERROR INDEX ISBLANK ISNUMBER "
                               "LEN MATCH MAX MIN NOT OR RANK ROUND ROUNDDOWN ROUNDUP SUM SUMIF SUMPRODUCT TEXT "
                               "TRIM VALUE".split())
_CALL = re.compile(r"([A-Za-z_][A-Za-z0-9_.]*)\(")


def _classic(formula: str) -> str | None:
    """The formula as xlsxwriter prepares it when it calls only classic functions, else None: xlsxwriter
    strips braces and ``=`` and changes nothing else of such a formula (a test holds the two equal)."""
    if not all(name.upper() in _CLASSIC_FUNCTIONS for name in _CALL.findall(formula)) or "INGLE(" in formula:
        return None
    if formula.startswith("{"):
        formula = formula[1:]
    if formula.startswith("="):
        formula = formula[1:]
    return formula[:-1] if formula.endswith("}") else formula
