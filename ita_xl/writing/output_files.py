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
import io
import os
import re
import stat
import sys
import zipfile
from pathlib import Path

from ..errors import OutputError
from .staging import PREFIX, shortened, stage, temporary_name
from .staging import failure as _failure
from .styles import DEFAULT_FONT, workbook_options

MEMO_CATEGORY = "ita_xl memo"   # the Word memo says so in its category (python-docx writes no custom properties)
PDF_MARK = ("/ita_xl", "pdf")   # and a PDF in its document information
_TEMPORARY = re.compile(re.escape(PREFIX) + r"(\d+)-[0-9a-f]+-(.+)")


def written_kind(path: Path) -> str | None:
    """What ita_xl wrote at ``path`` ("report", "template", "consolidated", "memo" for a Word memo,
    "pdf" for a PDF), "" for another workbook, document or PDF, None for anything else."""
    from ..reading.file_kind import KIND_PROPERTY, custom_properties
    try:
        with open(path, "rb") as file:
            if file.read(5) == b"%PDF-":
                return pdf_kind(path)
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


def pdf_kind(path: Path) -> str:
    """"pdf" when ita_xl wrote the PDF (its document information says so: ``PDF_MARK``), else ""."""
    try:
        from pypdf import PdfReader
        info = PdfReader(path).metadata or {}
        return "pdf" if info.get(PDF_MARK[0]) == PDF_MARK[1] else ""
    except Exception:      # a damaged or foreign PDF is not ours, whatever pypdf makes of it
        return ""


def identity(path: Path) -> tuple[int, int] | None:
    """What makes a file itself, whatever its name (device and inode); None when there is none."""
    try:
        found = os.stat(path)
    except (OSError, ValueError):
        return None
    return found.st_dev, found.st_ino


class InputFiles(frozenset):
    """The inputs of a run, as ``identity`` tells them, found once: a batch checks each of thousands
    of reports against thousands of inputs (comparing them pair by pair took minutes for the country)."""

    def __new__(cls, paths=()):
        return super().__new__(cls, filter(None, map(identity, paths)))


def check_output(output: Path, inputs: tuple[Path, ...] = (), force: bool = False,
                 kind: str | None = "report") -> None:
    """Refuse, before anything is written, to write over an input, a folder, anything but a regular
    file (a device, a pipe: even with ``force``), or a file that ita_xl did not write as ``kind``
    (unless ``force``); None: any existing file needs ``force``."""
    if identity(output) in (inputs if isinstance(inputs, InputFiles) else InputFiles(inputs)):
        raise OutputError("output_is_input", path=output)
    try:
        mode = output.stat().st_mode
    except FileNotFoundError:
        if not output.parent.is_dir():
            raise OutputError("output_folder_missing", path=output, folder=output.parent) from None
        return
    except OSError as error:
        raise _failure(error, output) from None
    if stat.S_ISDIR(mode):
        raise OutputError("output_is_folder", path=output)
    if not stat.S_ISREG(mode):             # never opened: a pipe would block, a device be replaced
        raise OutputError("output_not_file", path=output)
    if force:
        return
    found = written_kind(output)
    if found is None and kind != "pdf":
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
    process is gone: a run killed mid-write cannot tidy up after itself. A run killed while its
    outputs were being renamed into place left a journal: those renames are completed first."""
    from .staging import JOURNAL, recover
    names = {name, shortened(name)} if name is not None else set()
    names |= {f"old-{each}" for each in names}
    with contextlib.suppress(OSError):
        leftovers = [(path, found) for path in folder.iterdir()
                     if (found := _TEMPORARY.fullmatch(path.name)) and not _alive(int(found.group(1)))]
        for path, found in leftovers:
            if found.group(2) == JOURNAL:
                recover(path)
        for path, found in leftovers:
            if name is None or found.group(2) in names:
                path.unlink(missing_ok=True)


def _mode(target: Path) -> int:
    """The permissions the output gets: those of the file it replaces, else what the umask allows."""
    if target.exists():
        return target.stat().st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


@contextlib.contextmanager
def atomic_file(path: str | Path, inputs: tuple[str | Path, ...] = (), force: bool = False,
                kind: str | None = "report", tidy: bool = True):
    """A temporary path to write, which appears at ``path`` only once the block completes (inside
    ``staging.together()``: once every output of the run is complete, with the others).

    ``tidy``: first remove what killed runs left for this target (a batch tidies its folder once)."""
    target = Path(os.path.realpath(path))
    check_output(target, tuple(Path(source) for source in inputs), force, kind)
    if tidy:
        remove_leftovers(target.parent, target.name)
    temporary = temporary_name(target)
    staged = replacing = False
    try:
        yield temporary
        os.chmod(temporary, _mode(target))
        replacing = True
        staged = stage(temporary, target)
        if not staged:
            os.replace(temporary, target)
    except OSError as error:
        raise _failure(error, target, replacing) from None
    except Exception as error:
        from xlsxwriter.exceptions import FileCreateError
        if isinstance(error, FileCreateError):
            raise _failure(error.args[0] if error.args else error, target, replacing) from None
        raise
    finally:
        if not staged:
            with contextlib.suppress(OSError):
                os.unlink(temporary)


@contextlib.contextmanager
def atomic_workbook(path: str | Path, font: str = DEFAULT_FONT, inputs: tuple[str | Path, ...] = (),
                    force: bool = False, kind: str = "report", tidy: bool = True, constant_memory: bool = False):
    """An xlsxwriter Workbook that appears at ``path`` only once it is complete, marked as ``kind``.

    A template is never written over an existing file without ``force``: it may have been filled.
    The workbook's zip is assembled in memory and written in one go, by ita_xl itself, so that a full
    disk is one ``OutputError`` and never a zip file left half-closed. A report is built in memory
    too (``in_memory``: it is small and a batch writes thousands, each of which would otherwise cost
    some thirty temporary files); a template and a consolidated workbook go through xlsxwriter's
    temporary files (the latter keeps its rows there, ``constant_memory``).
    """
    import xlsxwriter

    with atomic_file(path, inputs, force, None if kind == "template" else kind, tidy) as temporary:
        in_memory = kind == "report" and not constant_memory
        options = workbook_options(font) | {"constant_memory": constant_memory, "in_memory": in_memory}
        built = io.BytesIO()
        workbook = xlsxwriter.Workbook(built, options)
        workbook.worksheet_class = _worksheet_class()
        from ..reading.file_kind import KIND_PROPERTY
        workbook.set_custom_property(KIND_PROPERTY, kind)
        try:
            yield workbook
            workbook.close()
        except Exception as error:
            from xlsxwriter.exceptions import FileCreateError
            if isinstance(error, FileCreateError):   # a temporary file of its own could not be written
                raise _failure(error.args[0] if error.args else error, Path(path)) from None
            raise
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
