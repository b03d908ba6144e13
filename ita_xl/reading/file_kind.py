"""What kind of file this is, checked before any XML is parsed.

Files passed around by e-mail and LINE arrive empty, truncated, as old .xls, as CSV
or ODS (renamed .xlsx or not), password-protected, in Strict Open XML, or built to
exhaust memory. Each gets a message that says what it is and what to do. Only the
first bytes and the zip's directory are looked at here: a 1.5 GB file is told apart
as quickly as a small one. Inflating is capped later, as each part is read.
"""
from __future__ import annotations

import struct
import zipfile
import zlib
from pathlib import Path

from ..errors import InputError, InputProblems
from .engines import package

KIND_PROPERTY = "ita_xl"             # the custom document property naming what ita_xl wrote (a report...)
MAX_EXPANDED = 50 * 1024 * 1024     # bytes a workbook may inflate to; the ITA template needs under 1 MB
MAX_MEMBERS = 10_000
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"   # old .xls files and password-protected workbooks
ZIP = b"PK\x03\x04"
ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
STRICT = b"http://purl.oclc.org/ooxml/spreadsheetml/main"


def open_workbook(path: Path) -> zipfile.ZipFile:
    """The workbook's zip, open (the caller closes it), once what kind of file ``path`` is has been
    checked; ``InputProblems`` naming why it cannot be an .xlsx workbook otherwise. A part whose XML
    a workbook may not hold raises ``UnsafeXml``, and a file that cannot be opened at all ``OSError``
    (the caller names either)."""
    size = path.stat().st_size
    if size == 0:
        raise InputProblems([InputError(path, "empty_file")])
    with path.open("rb") as file:
        head = file.read(512)
        if head.startswith(OLE2):
            raise InputProblems([InputError(path, "password" if _encrypted(file, head) else "old_xls")])
    if not head.startswith(ZIP):
        raise InputProblems([InputError(path, "text_file" if _looks_like_text(head) else "not_zip")])
    archive = None
    try:
        archive = zipfile.ZipFile(path)
        problem = _archive_problem(archive, path)
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError):   # a directory that misleads seek()
        problem = InputError(path, "broken_zip")
    except BaseException:
        if archive is not None:
            archive.close()
        raise
    if problem:
        if archive is not None:
            archive.close()
        raise InputProblems([problem])
    return archive


def _encrypted(file, head: bytes) -> bool:
    """Whether an OLE2 compound file holds an encrypted workbook: a directory entry names an
    ``EncryptedPackage`` stream. The directory is followed from the header through the FAT,
    a few sectors at most; the file is never read whole."""
    if len(head) < 512:
        return False
    shift = struct.unpack_from("<H", head, 30)[0]
    if not 7 <= shift <= 16:
        return False
    size, fat_sectors = 1 << shift, struct.unpack_from("<109i", head, 76)
    per_fat_sector = size // 4

    def sector(number: int) -> bytes:
        file.seek((number + 1) * size)
        return file.read(size)

    current = struct.unpack_from("<i", head, 48)[0]
    for _ in range(32):
        if current < 0:
            return False
        if ENCRYPTED in sector(current):
            return True
        index = current // per_fat_sector
        if index >= len(fat_sectors) or fat_sectors[index] < 0:
            return False
        current = struct.unpack_from("<i", sector(fat_sectors[index]), (current % per_fat_sector) * 4)[0]
    return False


# Compression methods the standard library cannot inflate (Excel writes only stored and deflated
# members); each is named in the message.
_METHODS = {1: "Shrink", 6: "Implode", 9: "Deflate64", 10: "PKWARE DCL Implode", 93: "Zstandard", 95: "XZ",
            96: "JPEG", 97: "WavPack", 98: "PPMd", 99: "AES"}
_READABLE = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA)


def _archive_problem(archive: zipfile.ZipFile, path: Path) -> InputError | None:
    members = archive.infolist()
    if len(members) > MAX_MEMBERS or sum(m.file_size for m in members) > MAX_EXPANDED:
        return InputError(path, "too_big", limit=MAX_EXPANDED // (1024 * 1024))
    member_problem = _member_problem(path, members)
    if member_problem:
        return member_problem
    names = {m.filename for m in members}
    if "mimetype" in names and b"opendocument" in archive.read("mimetype")[:200]:
        return InputError(path, "ods" if path.suffix.lower() == ".ods" else "ods_renamed")
    workbook = package.workbook_part(archive, [MAX_EXPANDED])
    if workbook is None:
        return InputError(path, "not_a_workbook")
    with archive.open(workbook) as stream:
        if STRICT in stream.read(4096):
            return InputError(path, "strict_ooxml")
    return None


def _member_problem(path: Path, members: list[zipfile.ZipInfo]) -> InputError | None:
    """A member no reader can take as it stands, told from the zip's directory alone: two members
    of one part name (whatever their case: ECMA-376 Part 2, M1.12), which of them holds the part
    cannot be told; a member marked encrypted; a compression method the standard library cannot
    inflate (Deflate64)."""
    seen: set[str] = set()
    for member in members:
        name = package.folded(member.filename)
        if name in seen:
            return InputError(path, "duplicate_part", part=member.filename)
        seen.add(name)
        if member.flag_bits & 0x1:
            return InputError(path, "encrypted_part", part=member.filename)
        if member.compress_type not in _READABLE:
            method = _METHODS.get(member.compress_type, str(member.compress_type))
            return InputError(path, "zip_method", part=member.filename, method=method)
    return None


def custom_properties(archive: zipfile.ZipFile) -> dict[str, str]:
    """The custom document properties (``docProps/custom.xml``) of the workbook open in ``archive``,
    where ita_xl marks what it wrote and for which year a template is; {} for anything unreadable."""
    from pyexpat import ExpatError, ParserCreate
    try:
        if "docProps/custom.xml" not in archive.NameToInfo:
            return {}
        with archive.open("docProps/custom.xml") as stream:
            data = stream.read(1 << 16)
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, NotImplementedError, RuntimeError):
        return {}
    found: dict[str, str] = {}
    current: list = [None, []]

    def refuse(*_):
        raise ValueError("DTD")

    def start(tag, attrs):
        if tag.endswith("}property"):
            current[0], current[1] = attrs.get("name"), []

    def end(tag):
        if tag.endswith("}property") and current[0]:
            found[current[0]] = "".join(current[1]).strip()
            current[0] = None

    parser = ParserCreate(namespace_separator="}")
    parser.StartDoctypeDeclHandler = refuse
    parser.StartElementHandler, parser.EndElementHandler = start, end
    parser.CharacterDataHandler = lambda text: current[1].append(text) if current[0] else None
    try:
        parser.Parse(data, True)
    except (ExpatError, ValueError):
        return {}
    return found


def _looks_like_text(sample: bytes) -> bool:
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start < len(sample) - 4:   # a character cut at the end of the sample is still text
            return False
    return b"\x00" not in sample
