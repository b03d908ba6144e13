"""A corpus of odd but plausible workbooks, each with what a correct reader must make of it.

    python tests/odd_workbooks.py OUTDIR      # writes every case into OUTDIR

Each case is (name, maker, expect): ``maker(path)`` writes the file (``file_name(name)`` says what it
is called) and ``expect`` says what every reading engine (fast, expat, openpyxl) must produce:

    {"sample": True}                  the sample's own reading (agency, stated, scores, items, measures)
    {"problem": (where, says)}        a problem printing ``<path>: <where>: ...<says>...``
                                      (``<path>: ...<says>...`` when where is None)
    {"not_says": text}                no problem contains text
    {"same": True}                    only that the engines agree
    {"agency.date": date, ...}        a value in the assessment, by dotted path: "measures.0.timeline",
                                      "items.E11.score", "len(measures)", "notes"; a dict is checked as
                                      a subset

Almost every case is the sample with its XML edited directly (Excel, openpyxl and xlsxwriter cannot write
these shapes): ``patched(*edits)`` unzips the sample, applies each edit to the members, and zips it again.
"""
from __future__ import annotations

import datetime as dt
import io
import re
import struct
import sys
import zipfile
from pathlib import Path

from builders import SAITHONG_INDICATORS as SAITHONG
from builders import SAMPLE, write_input

AGENCY, INDICATORS, ITEMS, MEASURES = (f"xl/worksheets/sheet{n}.xml" for n in range(1, 5))
STYLES, WORKBOOK, RELS, TYPES = "xl/styles.xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "[Content_Types].xml"
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NEW_XF = 13                          # the sample's styles.xml has 13 cellXfs: an added one gets index 13
POSITION = "ผู้ช่วยนักทรัพยากรบุคคล"        # หน่วยงาน!B12
FIRST_TIMELINE = "ตั้งแต่ ตุลาคม ๒๕๖๕ เป็นต้นไป"  # มาตรการ!D2
WHOLE_FILE = "ไม่ใช่ไฟล์ Excel"              # the whole-file message a located problem must never become
SAMPLE_READ = {"sample": True}
SAMPLE_MEASURE_NOTES = [{"sheet": "มาตรการ", "cell": f"D{row}", "key": "measure_without_timeline"}   # no period given
                        for row in (5, 6)]


# --- building blocks: a maker from edits, and edits of one member ------------------------------------

def patched(*edits):
    """A maker: the sample with each edit applied in turn to its members (a dict of name -> bytes)."""
    def make(path: Path) -> None:
        with zipfile.ZipFile(SAMPLE) as source:
            members = {name: source.read(name) for name in source.namelist()}
        for edit in edits:
            edit(members)
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
            for name, content in members.items():
                target.writestr(name, content)
    return make


def text_edit(member: str, change):
    """An edit applying ``change(text) -> text`` to one member's XML."""
    def edit(members: dict[str, bytes]) -> None:
        members[member] = change(members[member].decode("utf-8")).encode("utf-8")
    return edit


def sub(member: str, old: str, new: str, count: int = 1):
    """Replace ``old`` (which must be there) by ``new``; ``count=0`` replaces every occurrence."""
    def change(text: str) -> str:
        assert old in text, f"{old!r} not in {member}"
        return text.replace(old, new, count or -1)
    return text_edit(member, change)


def resub(member: str, pattern: str, new, count: int = 0):
    def change(text: str) -> str:
        result, n = re.subn(pattern, new, text, count=count, flags=re.S)
        assert n, f"{pattern!r} not in {member}"
        return result
    return text_edit(member, change)


def add(member: str, data: str | bytes):
    def edit(members: dict[str, bytes]) -> None:
        members[member] = data.encode("utf-8") if isinstance(data, str) else data
    return edit


def _cell_pattern(ref: str) -> str:
    return rf'<c r="{ref}"(?: [^>/]*)?(?:/>|>.*?</c>)'


def cell(member: str, ref: str, xml: str):
    """Replace the whole ``<c r="ref">`` element."""
    return resub(member, _cell_pattern(ref), lambda _: xml, count=1)


def value(member: str, ref: str, v: str, t: str = "n", s: int | None = None):
    """Give the cell ``ref`` the raw ``<v>`` text ``v`` (type ``t``), keeping its style unless ``s`` is given."""
    def replace(match: re.Match) -> str:
        style = s if s is not None else re.search(r' s="(\d+)"', match.group(0)).group(1)
        return f'<c r="{ref}" s="{style}" t="{t}"><v>{v}</v></c>'
    return resub(member, _cell_pattern(ref), replace, count=1)


def inline(member: str, ref: str, content: str):
    """Give the cell ``ref`` an inline string: ``content`` is the XML inside ``<is>``, or plain text."""
    body = content if content.startswith("<") else f"<t>{_escape(content)}</t>"
    def replace(match: re.Match) -> str:
        style = re.search(r' s="(\d+)"', match.group(0)).group(1)
        return f'<c r="{ref}" s="{style}" t="inlineStr"><is>{body}</is></c>'
    return resub(member, _cell_pattern(ref), replace, count=1)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def before_end(member: str, xml: str):
    """Insert ``xml`` as the last child of the root element (where ``<extLst>`` goes)."""
    def change(text: str) -> str:
        end = text.rindex("</")
        return text[:end] + xml + text[end:]
    return text_edit(member, change)


def add_xf(num_fmt_id: int):
    """A cellXfs style (index ``NEW_XF``) like the score cells' but with number format ``num_fmt_id``."""
    xf = f'<xf numFmtId="{num_fmt_id}" fontId="0" fillId="4" borderId="1" applyNumberFormat="1" xfId="0"/>'
    return resub(STYLES, r'<cellXfs count="13">(.*?)</cellXfs>',
                 lambda m: f'<cellXfs count="14">{m.group(1)}{xf}</cellXfs>', count=1)


def add_num_fmt(num_fmt_id: int, code: str):
    return sub(STYLES, '<numFmts count="1">',
               f'<numFmts count="2"><numFmt numFmtId="{num_fmt_id}" formatCode="{code}"/>')


def add_part(name: str, data: str | bytes, content_type: str, rel_type: str, rel_id: str):
    """A new workbook-level part with its relationship (``rel_type`` short for an Office one) and content type."""
    rel_type = rel_type if rel_type.startswith("http") else f"{REL_NS}/{rel_type}"
    edits = (add(name, data),
             sub(RELS, "</Relationships>", f'<Relationship Type="{rel_type}" Target="/{name}" Id="{rel_id}"/>'
                                           "</Relationships>"),
             sub(TYPES, "</Types>", f'<Override PartName="/{name}" ContentType="{content_type}"/></Types>'))

    def edit(members: dict[str, bytes]) -> None:
        for each in edits:
            each(members)
    return edit


def serial(day: dt.date) -> int:
    """Excel's serial number for a date (1900 system, after February 1900)."""
    return (day - dt.date(1899, 12, 30)).days


# --- the zip itself: members Python's zipfile writes, then changed byte by byte -----------------------

def then(make, *changes):
    """A maker: ``make``'s file with each change applied to its bytes."""
    def made(path: Path) -> None:
        make(path)
        data = path.read_bytes()
        for change in changes:
            data = change(data)
        path.write_bytes(data)
    return made


def _headers(data: bytes, member: str) -> tuple[int, int]:
    """Where the member's local header and its central directory entry start."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        local, start = archive.getinfo(member).header_offset, archive.start_dir
    at = start
    while data[at:at + 4] == b"PK\x01\x02":
        length, extra, comment = struct.unpack_from("<HHH", data, at + 28)
        if data[at + 46:at + 46 + length].decode() == member:
            return local, at
        at += 46 + length + extra + comment
    raise AssertionError(f"{member} not in the central directory")


def header_field(member: str, field: str, value: int):
    """Set ``field`` (flags, method, size: the inflated size) of a member in both of its headers."""
    offsets = {"flags": (6, 8, "<H"), "method": (8, 10, "<H"), "size": (22, 24, "<I")}[field]

    def change(data: bytes) -> bytes:
        local, central = _headers(data, member)
        data = bytearray(data)
        struct.pack_into(offsets[2], data, local + offsets[0], value)
        struct.pack_into(offsets[2], data, central + offsets[1], value)
        return bytes(data)
    return change


def duplicate_member(member: str, content: bytes, name: str | None = None):
    """A second member of the same part name (``name``: spelt otherwise, as by case), appended."""
    def change(data: bytes) -> bytes:
        buffer = io.BytesIO(data)
        import warnings
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archive:
                archive.writestr(name or member, content)
        return buffer.getvalue()
    return change


# --- edits built from the blocks ------------------------------------------------------------------

def shared_strings(rich: dict[str, str] | None = None):
    """Every inline string of the four sheets moved to xl/sharedStrings.xml (``t="s"``), as Excel saves;
    ``rich`` maps a string to the XML of its ``<si>`` (runs, phonetic runs) instead of a plain ``<t>``."""
    rich = rich or {}
    table: dict[str, int] = {}
    pattern = r'<c r="([A-Z]+\d+)" s="(\d+)" t="inlineStr"><is><t>(.*?)</t></is></c>'

    def to_index(match: re.Match) -> str:
        index = table.setdefault(match.group(3), len(table))
        return f'<c r="{match.group(1)}" s="{match.group(2)}" t="s"><v>{index}</v></c>'

    def edit(members: dict[str, bytes]) -> None:
        for sheet in (AGENCY, INDICATORS, ITEMS, MEASURES):
            members[sheet] = re.sub(pattern, to_index, members[sheet].decode(), flags=re.S).encode()
        items = "".join(f"<si>{rich.get(text, f'<t>{text}</t>')}</si>" for text in table)
        sst = f'<sst xmlns="{MAIN_NS}" count="{len(table)}" uniqueCount="{len(table)}">{items}</sst>'
        add_part("xl/sharedStrings.xml", sst,
                 "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml",
                 "sharedStrings", "rId90")(members)
    return edit


def strip_refs(member: str, rows: range, cells: bool = True, row_numbers: bool = False):
    """Remove the ``r`` attribute of the cells (and/or rows) of ``rows``: position by document order."""
    numbers = "|".join(str(n) for n in rows)
    edits = []
    if cells:
        edits.append(resub(member, rf'<c r="[A-Z]+(?:{numbers})"', "<c"))
    if row_numbers:
        edits.append(resub(member, rf'<row r="(?:{numbers})"', "<row"))
    return edits


def move_row(member: str, number: int, before: int):
    def change(text: str) -> str:
        row = re.search(rf'<row r="{number}".*?</row>', text, re.S).group(0)
        text = text.replace(row, "")
        at = text.index(f'<row r="{before}"')
        return text[:at] + row + text[at:]
    return text_edit(member, change)


def prefixed(member: str):
    """The same XML with the main namespace on an ``x:`` prefix, as the .NET Open XML SDK writes it."""
    def change(text: str) -> str:
        text = re.sub(r"<(/?)([A-Za-z]\w*)(?=[\s/>])", r"<\1x:\2", text)
        return text.replace(f'xmlns="{MAIN_NS}"', f'xmlns:x="{MAIN_NS}"')
    return text_edit(member, change)


def utf_16(member: str):
    """The member re-encoded as UTF-16 (with its byte-order mark), as its declaration then says."""
    def edit(members: dict[str, bytes]) -> None:
        text = members[member].decode("utf-8")
        text = re.sub(r"^<\?xml[^>]*\?>", "", text)
        members[member] = ('<?xml version="1.0" encoding="UTF-16"?>' + text).encode("utf-16")
    return edit


def strict(members: dict[str, bytes]) -> None:
    """Strict Open XML (Excel's "Strict Open XML Spreadsheet"): other namespaces throughout."""
    swaps = {MAIN_NS: "http://purl.oclc.org/ooxml/spreadsheetml/main",
             REL_NS: "http://purl.oclc.org/ooxml/officeDocument/relationships"}
    for name in members:
        if name.endswith((".xml", ".rels")):
            text = members[name].decode()
            for old, new in swaps.items():
                text = text.replace(old, new)
            members[name] = text.replace("<workbook ", '<workbook conformance="strict" ', 1).encode()


CHARTSHEET = (f'<chartsheet xmlns="{MAIN_NS}" xmlns:r="{REL_NS}"><sheetPr/>'
              '<sheetViews><sheetView workbookViewId="0"/></sheetViews></chartsheet>')


def chartsheet_first(members: dict[str, bytes]) -> None:
    """A chartsheet before the worksheets; its relationships part, which Excel always writes, is
    empty here (openpyxl fails on a chartsheet that has none at all)."""
    members["xl/chartsheets/_rels/sheet1.xml.rels"] = (
        b'<?xml version="1.0" encoding="UTF-8"?><Relationships '
        b'xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>')
    add_part("xl/chartsheets/sheet1.xml", CHARTSHEET,
             "application/vnd.openxmlformats-officedocument.spreadsheetml.chartsheet+xml",
             "chartsheet", "rId91")(members)
    sub(WORKBOOK, "<sheets>", '<sheets><sheet name="กราฟ" sheetId="9" r:id="rId91"/>')(members)


def macro_enabled(members: dict[str, bytes]) -> None:
    """What Excel writes for "Excel Macro-Enabled Workbook (.xlsm)": another content type and a VBA part."""
    sub(TYPES, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        "application/vnd.ms-excel.sheet.macroEnabled.main+xml")(members)
    add_part("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504,
             "application/vnd.ms-office.vbaProject",
             "http://schemas.microsoft.com/office/2006/relationships/vbaProject", "rId92")(members)


def dxf_format_164(members: dict[str, bytes]) -> None:
    """Custom number format 164 is "0.00" for the score style, while a differential format (conditional
    formatting) defines its own 164 as a date: only the cellXfs' numFmts decide what a cell shows."""
    for edit in (sub(STYLES, 'numFmtId="164" formatCode', 'numFmtId="165" formatCode'),
                 sub(STYLES, '<xf numFmtId="164"', '<xf numFmtId="165"', count=0),
                 sub(STYLES, '<numFmts count="1">', '<numFmts count="2"><numFmt numFmtId="164" formatCode="0.00"/>'),
                 sub(STYLES, '<xf numFmtId="2"', '<xf numFmtId="164"', count=0),
                 sub(STYLES, "</cellStyles>", '</cellStyles><dxfs count="1"><dxf>'
                     '<numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></dxf></dxfs>')):
        edit(members)


def chartsheet_without_relationships(members: dict[str, bytes]) -> None:
    """A chartsheet with no relationships part at all (openpyxl's reader fails on one)."""
    add_part("xl/chartsheets/sheet1.xml", CHARTSHEET,
             "application/vnd.openxmlformats-officedocument.spreadsheetml.chartsheet+xml",
             "chartsheet", "rId91")(members)
    sub(WORKBOOK, "</sheets>", '<sheet name="กราฟ" sheetId="9" r:id="rId91"/></sheets>')(members)


CHART_PARTS = ("xl/chartsheets/sheet1.xml", "xl/chartsheets/_rels/sheet1.xml.rels", "xl/drawings/drawing1.xml",
               "xl/drawings/_rels/drawing1.xml.rels", "xl/charts/chart1.xml")


def chartsheet_with_chart(members: dict[str, bytes]) -> None:
    """A chart moved to a sheet of its own, its parts as xlsxwriter writes them (as Excel does:
    chartsheet, drawing, chart), after the input sheets."""
    import xlsxwriter
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    book.add_worksheet("data").write_column(0, 0, [97.36, 89.33, 91.11])
    chart = book.add_chart({"type": "column"})
    chart.add_series({"values": "=data!$A$1:$A$3"})
    book.add_chartsheet("กราฟ").set_chart(chart)
    book.close()
    with zipfile.ZipFile(buffer) as source:
        members.update({name: source.read(name) for name in CHART_PARTS})
    add_part("xl/chartsheets/sheet1.xml", members["xl/chartsheets/sheet1.xml"],
             "application/vnd.openxmlformats-officedocument.spreadsheetml.chartsheet+xml", "chartsheet",
             "rId91")(members)
    sub(TYPES, "</Types>", '<Override PartName="/xl/charts/chart1.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.drawingml.chart+xml"/>'
        '<Override PartName="/xl/drawings/drawing1.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.drawing+xml"/></Types>')(members)
    sub(WORKBOOK, "</sheets>", '<sheet name="กราฟ" sheetId="9" r:id="rId91"/></sheets>')(members)


def macro_code_names(members: dict[str, bytes]) -> None:
    """As Excel saves a workbook with VBA: code names on the workbook and its sheets, and the
    VBA part's content type given by its extension."""
    macro_enabled(members)
    sub(WORKBOOK, "<workbookPr />", '<workbookPr codeName="ThisWorkbook"/>')(members)
    sub(TYPES, "<Default ", '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>'
        "<Default ")(members)
    for n, sheet in enumerate((AGENCY, INDICATORS, ITEMS, MEASURES), start=1):
        resub(sheet, r"<sheetPr>", f'<sheetPr codeName="Sheet{n}">', count=1)(members)


def nested(depth: int, member: str = INDICATORS):
    """An ``extLst`` whose content nests ``depth`` elements deep."""
    return ext("<x:n xmlns:x=\"urn:example\">" * depth + "</x:n>" * depth, member)


def move_part(old: str, new: str):
    """Move a part, its relationships part and every mention of its name (relationships, content types)."""
    def edit(members: dict[str, bytes]) -> None:
        members[new] = members.pop(old)
        rels = _rels_of(old)
        if rels in members:
            members[_rels_of(new)] = members.pop(rels)
        for name in list(members):
            if name.endswith(".rels") or name == TYPES:
                members[name] = members[name].replace(old.encode(), new.encode()) \
                    .replace(old.rpartition("/")[2].encode() + b'"', new.rpartition("/")[2].encode() + b'"')
    return edit


def _rels_of(part: str) -> str:
    folder, _, name = part.rpartition("/")
    return f"{folder}/_rels/{name}.rels"


def add_xfs(*num_fmt_ids: int):
    """cellXfs styles NEW_XF, NEW_XF + 1 ... with the given number formats."""
    xfs = "".join(f'<xf numFmtId="{n}" fontId="0" fillId="4" borderId="1" applyNumberFormat="1" xfId="0"/>'
                  for n in num_fmt_ids)
    return resub(STYLES, r'<cellXfs count="13">(.*?)</cellXfs>',
                 lambda m: f'<cellXfs count="{13 + len(num_fmt_ids)}">{m.group(1)}{xfs}</cellXfs>', count=1)


def end_of_row(member: str, number: int, xml: str):
    """``xml`` (cells) at the end of row ``number``."""
    return resub(member, rf'(<row r="{number}"[ >].*?)(</row>)', lambda m: m.group(1) + xml + m.group(2), count=1)


def merge(member: str, *refs: str):
    """Merged ranges, placed after sheetData as the schema orders them."""
    cells = "".join(f'<mergeCell ref="{ref}"/>' for ref in refs)
    return sub(member, "</sheetData>", f'</sheetData><mergeCells count="{len(refs)}">{cells}</mergeCells>')


def stale_indicators_copy(members: dict[str, bytes]) -> None:
    """A hidden, stale copy of the indicators sheet under its English name, before the filled one."""
    stale = re.sub(r'<v>[0-9.]+</v></c></row>', "<v>50</v></c></row>", members[INDICATORS].decode())
    add_part("xl/worksheets/sheet9.xml", stale,
             "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml", "worksheet",
             "rId95")(members)
    sub(WORKBOOK, '<sheet name="หน่วยงาน" sheetId="1" state="visible" r:id="rId1" />',
        '<sheet name="หน่วยงาน" sheetId="1" state="visible" r:id="rId1" />'
        '<sheet name="Indicators" sheetId="9" state="hidden" r:id="rId95"/>')(members)


MERGED_MEASURE = (*(inline(MEASURES, f"B{n}", f"ขั้นตอนที่ {n - 1}") for n in (2, 3, 4)),
                  *(cell(MEASURES, f"{column}{n}", "") for n, columns in ((3, "ADEF"), (4, "ACDEF"))
                    for column in columns),
                  inline(MEASURES, "C3", "กองคลัง"), merge(MEASURES, "A2:A4", "D2:D4"))


def many_measures(path: Path, count: int = 1_000) -> Path:
    """A legitimately large input: ``count`` measures of long Thai text (also used by the benchmarks)."""
    steps = "๑. จัดประชุมชี้แจงบุคลากรในหน่วยงานให้รับทราบบทบาทอำนาจหน้าที่และแนวทางปฏิบัติที่ถูกต้อง " * 4
    measures = [(f"{n}. มาตรการส่งเสริมคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงาน ข้อที่ {n}",
                 f"{steps}(มาตรการที่ {n})", "สำนักงานปลัด กองคลัง กองช่าง กองการศึกษา",
                 "ตั้งแต่ ตุลาคม ๒๕๖๕ เป็นต้นไป", f"ดำเนินการแล้ว ร้อยละ {n % 100} ของแผนงานที่กำหนดไว้",
                 "ควรติดตามและรายงานผลการดำเนินงานต่อผู้บริหารเป็นประจำทุกไตรมาส")
                for n in range(1, count + 1)]
    return write_input(path, measures=measures)


def ext(xml: str, member: str = INDICATORS):
    """``xml`` inside an ``<extLst>`` after sheetData (the URI is conditional formatting's, as Excel writes)."""
    return before_end(member, f'<extLst><ext uri="{{78C0D931-6437-407d-A8EE-F0AAD7539E65}}">{xml}</ext></extLst>')


def new_row(member: str, xml: str):
    return sub(member, "</sheetData>", xml + "</sheetData>")


def score_7(v: str, **options):
    """Indicator 7's score cell, ตัวชี้วัด!D8 (84.5 in the sample)."""
    return value(INDICATORS, "D8", v, **options)


def date(v: str, **options):
    """The memo date, หน่วยงาน!B13 (serial 44826, 22/9/2565, in the sample)."""
    return value(AGENCY, "B13", v, **options)


def label(text: str):
    """The label ตำแหน่ง (หน่วยงาน!A12) spelt otherwise."""
    return sub(AGENCY, "<t>ตำแหน่ง</t>", f"<t>{text}</t>")


def scores(by_no: dict[int, float]) -> dict:
    return {"indicator_scores": by_no}


PHONETIC = '<rPh sb="0" eb="7"><t>ジョシュ</t></rPh>'
RUNS = '<r><rPr><b/></rPr><t>ผู้ช่วย</t></r><r><t>นักทรัพยากรบุคคล</t></r>'
POSITION_READ = {"agency.position": POSITION}
EMOJI_OVER = "😀" * 20_000                       # 40,000 UTF-16 units: more than a cell holds
EMOJI_LIMIT = "😀" * 16_383 + "ก"                # exactly 32,767 UTF-16 units
TOO_LONG = ("มาตรการ!B2", "32,767")                # located, naming the limit
DECOMPOSED_AM = "\u0e4d\u0e32"                  # นิคหิต + สระอา, as some keyboards and PDFs give สระอำ
SEPTEMBER_22 = {"agency.date": dt.date(2022, 9, 22)}
B13_PROBLEM = {"problem": ("หน่วยงาน!B13", ""), "not_says": WHOLE_FILE}
D8_PROBLEM = {"problem": ("ตัวชี้วัด!D8", ""), "not_says": WHOLE_FILE}

CASES = [
    # values outside sheetData are not cells
    ("ext-cell-outside-sheetdata", patched(ext('<c r="D8"><v>99</v></c>')), SAMPLE_READ | scores({7: 84.5})),
    ("ext-row-outside-sheetdata", patched(ext('<row r="8"><c r="A8"><v>7</v></c><c r="D8"><v>99</v></c></row>')),
     SAMPLE_READ | scores({7: 84.5})),
    ("ext-row-12-outside-sheetdata", patched(ext('<row r="12"><c r="A12"><v>11</v></c><c r="D12"><v>99</v></c></row>')),
     SAMPLE_READ),
    ("cell-in-foreign-element", patched(ext(f'<x:cache xmlns:x="urn:example"><c xmlns="{MAIN_NS}" r="B12" '
                                            't="inlineStr"><is><t>ผิด</t></is></c></x:cache>', AGENCY)),
     SAMPLE_READ | POSITION_READ),

    # cell references: missing (position by document order), lower-case, anchored
    ("cells-without-r", patched(*strip_refs(INDICATORS, range(2, 12))), SAMPLE_READ),
    ("rows-and-cells-without-r", patched(*strip_refs(INDICATORS, range(2, 12), row_numbers=True)), SAMPLE_READ),
    ("rows-without-r-everywhere", patched(*strip_refs(MEASURES, range(2, 22), row_numbers=True),
                                          *strip_refs(ITEMS, range(2, 90), row_numbers=True)), SAMPLE_READ),
    ("cell-without-r-after-gap", patched(cell(INDICATORS, "B8", ""), cell(INDICATORS, "D8", '<c s="11"><v>77</v></c>')),
     scores({6: 84.86, 7: 77, 8: 80.18})),
    ("lowercase-ref", patched(cell(INDICATORS, "D8", '<c r="d8" s="11"><v>77</v></c>')), scores({7: 77})),
    ("lowercase-refs-whole-sheet", patched(resub(INDICATORS, r'<c r="([A-D]\d+)"', lambda m: f'<c r="{m[1].lower()}"')),
     SAMPLE_READ),
    # LibreOffice leaves a "$D$8" cell blank; the anchors say nothing about where the cell is: read it as D8
    ("dollar-ref", patched(cell(INDICATORS, "D8", '<c r="$D$8" s="11"><v>77</v></c>')), scores({7: 77})),

    # strings: phonetic runs are not text, rich-text runs are joined, shared strings as Excel saves them
    ("phonetic-inline", patched(inline(AGENCY, "B12", f'<t>{POSITION}</t>{PHONETIC}<phoneticPr fontId="0"/>')),
     SAMPLE_READ),
    ("rich-text-inline", patched(inline(AGENCY, "B12", RUNS)), POSITION_READ),
    ("rich-text-and-phonetic-inline", patched(inline(AGENCY, "B12", RUNS + PHONETIC)), POSITION_READ),
    ("shared-strings", patched(shared_strings()), SAMPLE_READ),
    ("shared-strings-phonetic", patched(shared_strings({POSITION: f"<t>{POSITION}</t>{PHONETIC}"})), SAMPLE_READ),
    ("shared-strings-rich-text", patched(shared_strings({POSITION: RUNS + PHONETIC})), SAMPLE_READ),
    ("shared-strings-header-rich", patched(shared_strings({"คะแนน": "<r><t>คะ</t></r><r><t>แนน</t></r>"})),
     SAMPLE_READ),

    # number formats: a percent shows 0.915 as 91.5 %; only cellXfs formats make a date; serials at the edges
    ("percent-builtin-9", patched(add_xf(9), score_7("0.915", s=NEW_XF)), scores({7: 91.5})),
    ("percent-builtin-10", patched(add_xf(10), score_7("0.915", s=NEW_XF)), scores({7: 91.5})),
    ("percent-custom", patched(add_num_fmt(165, "0.00%"), add_xf(165), score_7("0.915", s=NEW_XF)), scores({7: 91.5})),
    ("dxf-date-format-164", patched(dxf_format_164), SAMPLE_READ),
    # Excel's serial 1 is 1 January 1900, 59 is 28 February; 60 is its 29 February 1900, which never
    # was (read as the 28th, as openpyxl does); 44826 is the sample's 22 September 2022
    ("date-serial-1", patched(date("1")), {"agency.date": dt.date(1900, 1, 1)}),
    ("date-serial-59", patched(date("59")), {"agency.date": dt.date(1900, 2, 28)}),
    ("date-serial-60", patched(date("60")), {"agency.date": dt.date(1900, 2, 28)}),
    ("date-serial-fraction", patched(date("44826.75")), SEPTEMBER_22),
    ("date-serial-negative", patched(date("-1")), {"same": True}),
    ("date-1904-system", patched(sub(WORKBOOK, "<workbookPr />", '<workbookPr date1904="1"/>'),
                                 date(str(44826 - 1462))), SAMPLE_READ),
    # 22/9/2565 typed into a Christian-era date cell: a real date in the year 2565
    ("date-buddhist-year-as-ce", patched(date(str(serial(dt.date(2565, 9, 22))))), SEPTEMBER_22),
    ("date-iso-t-d", patched(date("2022-09-22T00:00:00", t="d")), SEPTEMBER_22),
    ("date-iso-t-d-buddhist", patched(date("2565-09-22T00:00:00", t="d")), SEPTEMBER_22),
    ("date-iso-t-d-invalid", patched(date("22 ก.ย. ปีนี้", t="d")),
     {"problem": ("หน่วยงาน!B13", "ไม่ใช่วันที่"), "not_says": WHOLE_FILE}),
    ("date-serial-huge", patched(date("1E+20")), B13_PROBLEM),
    ("date-serial-after-9999", patched(date("2958466")), B13_PROBLEM),
    ("score-nan-number", patched(score_7("NaN")), D8_PROBLEM),
    ("score-infinite-number", patched(score_7("1E+400")), D8_PROBLEM),
    ("score-exponent", patched(score_7("8.45e+1")), scores({7: 84.5})),

    # sheet structure
    ("dimension-too-small", patched(sub(INDICATORS, '<dimension ref="A1:D11" />', '<dimension ref="A1:D3"/>')),
     SAMPLE_READ),
    ("dimension-too-small-measures", patched(sub(MEASURES, '<dimension ref="A1:F21" />', '<dimension ref="A1:B2"/>')),
     SAMPLE_READ),
    ("row-8-before-row-3", patched(move_row(INDICATORS, 8, before=3)), SAMPLE_READ),
    # a row split in two (the same r twice): neither half may be lost. The same cell twice: Excel never
    # writes it; the later cell should win (as in LibreOffice) or the cell be a located problem, on both engines
    ("duplicate-row-split", patched(cell(INDICATORS, "D8", ""), sub(
        INDICATORS, '<row r="9">', '<row r="8"><c r="D8" s="11"><v>84.5</v></c></row><row r="9">')),
     {"same": True} | scores({7: 84.5})),
    ("duplicate-row-same-cell", patched(sub(INDICATORS, '<row r="9">',
                                            '<row r="8"><c r="D8" s="11"><v>77</v></c></row><row r="9">')),
     {"same": True}),
    ("duplicate-cell-in-row", patched(sub(INDICATORS, "<v>84.5</v></c>",
                                          '<v>84.5</v></c><c r="D8" s="11"><v>77</v></c>')), {"same": True}),
    # beyond Excel's grid (1,048,576 rows, 16,384 columns: A1:XFD1048576), and its very last cell
    ("ref-row-1048577", patched(new_row(AGENCY, '<row r="1048577"><c r="A1048577" t="inlineStr">'
                                                "<is><t>หมายเหตุ</t></is></c></row>")),
     {"problem": ("หน่วยงาน!A1048577", "")}),
    ("ref-column-XFE", patched(sub(AGENCY, "</c></row>", '</c><c r="XFE1" t="inlineStr"><is><t>หมายเหตุ</t></is></c>'
                                                         "</row>")),
     {"problem": ("หน่วยงาน!XFE1", "")}),
    ("ref-row-999999999", patched(new_row(AGENCY, '<row r="999999999"><c r="A999999999"><v>1</v></c></row>')),
     {"problem": ("หน่วยงาน!A999999999", "")}),
    ("ref-last-cell-of-grid", patched(new_row(AGENCY, '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>')),
     SAMPLE_READ),

    # the package
    ("chartsheet-first", patched(chartsheet_first), SAMPLE_READ),
    ("macro-enabled", patched(macro_enabled), SAMPLE_READ),
    ("no-extension", patched(), SAMPLE_READ),
    ("relative-sheet-targets", patched(sub(RELS, 'Target="/xl/worksheets/', 'Target="worksheets/', count=0)),
     SAMPLE_READ),
    ("prefixed-namespace", patched(*(prefixed(m) for m in (WORKBOOK, STYLES, AGENCY, INDICATORS, ITEMS, MEASURES))),
     SAMPLE_READ),
    ("strict-ooxml", patched(strict), {"problem": (None, "Excel Workbook (.xlsx)")}),

    # forms XML allows that no spreadsheet program writes: the fast engine's quick path hands each to expat
    ("xml-comment-between-rows", patched(sub(INDICATORS, '<row r="9">', '<!-- row 9 --><row r="9">')), SAMPLE_READ),
    ("comment-hides-a-sheet-data",
     patched(sub(INDICATORS, "<sheetData>", '<!-- <sheetData><row r="8"><c r="D8"><v>1</v></c></row></sheetData> -->'
                                            "<sheetData>")), SAMPLE_READ),
    ("cdata-score", patched(score_7("<![CDATA[84.5]]>")), scores({7: 84.5})),
    ("character-reference-score", patched(score_7("&#56;4.5")), scores({7: 84.5})),
    ("entity-references-in-text", patched(inline(MEASURES, "B2", "<t>ก&amp;ข &#3588;&#x0E06;</t>")),
     {"measures.0.steps": "ก&ข คฆ"}),
    ("crlf-and-indentation", patched(resub(INDICATORS, "><", ">\r\n  <")), SAMPLE_READ),
    ("single-quoted-reordered-attributes",
     patched(resub(INDICATORS, r'<c r="([A-Z]+\d+)" s="(\d+)"', r"<c s='\2'  r='\1'")), SAMPLE_READ),
    ("utf-16-sheet", patched(utf_16(INDICATORS)), SAMPLE_READ),

    # Thai text as it arrives from other programs
    ("decomposed-sara-am-header", patched(sub(MEASURES, "<t>ระยะเวลาการดำ", f"<t>ระยะเวลาการด{DECOMPOSED_AM}")),
     {"measures.0.timeline": FIRST_TIMELINE}),
    ("decomposed-sara-am-label", patched(label(f"ต{DECOMPOSED_AM}แหน่ง")), POSITION_READ),
    ("zwnj-in-label", patched(label("ตำ\u200cแหน่ง")), POSITION_READ),
    ("zwsp-around-label", patched(label("\u200bตำแหน่ง\u200b")), POSITION_READ),
    ("nbsp-after-label", patched(label("ตำแหน่ง\u00a0")), POSITION_READ),
    ("sheet-names-trailing-nbsp", patched(*(sub(WORKBOOK, f'name="{n}"', f'name="{n}\u00a0"')
                                            for n in ("หน่วยงาน", "ตัวชี้วัด", "รายข้อ", "มาตรการ"))), SAMPLE_READ),
    ("item-code-zwj", patched(sub(ITEMS, "<t>E11</t>", "<t>E\u200d๑๑</t>")), {"items.E11.score": 76.07}),

    # text lengths are counted as Excel counts them, in UTF-16 units
    ("emoji-over-cell-limit", patched(inline(MEASURES, "B2", EMOJI_OVER)), {"problem": TOO_LONG}),
    ("emoji-at-cell-limit", patched(inline(MEASURES, "B2", EMOJI_LIMIT)), {"measures.0.steps": EMOJI_LIMIT}),
    ("emoji-one-over-cell-limit", patched(inline(MEASURES, "B2", EMOJI_LIMIT[:-1] + "😀")), {"problem": TOO_LONG}),

    # issue 23: package shapes where one engine refused what another read
    ("chartsheet-without-relationships", patched(chartsheet_without_relationships), SAMPLE_READ),
    ("chartsheet-with-chart", patched(chartsheet_with_chart), SAMPLE_READ),
    ("macro-enabled-code-names", patched(macro_code_names), SAMPLE_READ),
    # s="eleven" is no style: the cell has the default one, as a cell without s
    ("style-index-not-a-number", patched(cell(INDICATORS, "D8", '<c r="D8" s="eleven"><v>84.5</v></c>')),
     scores({7: 84.5})),
    ("style-index-negative", patched(cell(INDICATORS, "D8", '<c r="D8" s="-1"><v>84.5</v></c>')),
     scores({7: 84.5})),
    # a DTD, entities or none, is what a package may not hold (ECMA-376 Part 2, M1.18)
    ("doctype-without-entities-in-styles", patched(sub(STYLES, "<styleSheet", "<!DOCTYPE styleSheet><styleSheet")),
     {"problem": (None, "xl/styles.xml ของไฟล์มี DTD")}),
    ("nested-200000-deep", patched(nested(200_000)),
     {"problem": (None, "xl/worksheets/sheet2.xml ของไฟล์ซ้อนกันลึกเกิน 256 ชั้น"), "not_says": "DTD"}),
    ("nested-200000-deep-styles", patched(before_end(STYLES, "<x:n xmlns:x=\"urn:example\">" * 200_000
                                                     + "</x:n>" * 200_000)),
     {"problem": (None, "xl/styles.xml ของไฟล์ซ้อนกันลึกเกิน 256 ชั้น")}),
    ("nested-300-deep", patched(nested(300)), {"problem": (None, "ซ้อนกันลึกเกิน 256 ชั้น")}),
    ("nested-200-deep", patched(nested(200)), SAMPLE_READ),
    # a member whose size lies: in a part no engine reads it changes nothing, in one read the file is damaged
    ("lying-size-in-guide-sheet", then(patched(), header_field("xl/worksheets/sheet5.xml", "size", 100)),
     SAMPLE_READ),
    ("lying-size-in-indicators", then(patched(), header_field(INDICATORS, "size", 100)),
     {"problem": (None, "ไฟล์ .xlsx เสียหรือไม่ครบ")}),

    # issue 19: what the zip's directory says
    ("deflate64-member", then(patched(), header_field(INDICATORS, "method", 9)),
     {"problem": (None, f"ส่วน {INDICATORS} ในไฟล์ zip ถูกบีบอัดแบบ Deflate64")}),
    ("encrypted-flag-member", then(patched(), header_field(INDICATORS, "flags", 1)),
     {"problem": (None, f"ส่วน {INDICATORS} ในไฟล์ zip ถูกเข้ารหัส")}),
    ("duplicate-zip-entry", then(patched(), duplicate_member(INDICATORS, b"<worksheet/>")),
     {"problem": (None, f"มีส่วน {INDICATORS} สองชุด")}),
    ("duplicate-zip-entry-by-case", then(patched(), duplicate_member(INDICATORS, b"<worksheet/>",
                                                                     INDICATORS.replace("sheet2", "Sheet2"))),
     {"problem": (None, "สองชุด")}),
    # issue 19: parts where Excel finds them
    ("workbook-part-elsewhere", patched(move_part(WORKBOOK, "xl/main.xml")), SAMPLE_READ),
    ("shared-strings-elsewhere", patched(shared_strings(), move_part("xl/sharedStrings.xml", "xl/strings.xml")),
     SAMPLE_READ),
    ("sheet-part-name-case", patched(sub(RELS, "/xl/worksheets/sheet2.xml", "/xl/worksheets/Sheet2.XML")),
     SAMPLE_READ),
    # issue 19: what a cell holds
    ("score-9_0-number", patched(score_7("9_0")), D8_PROBLEM),
    ("score-9_0-text", patched(inline(INDICATORS, "D8", "9_0")),
     {"problem": ("ตัวชี้วัด!D8", '"9_0" ไม่ใช่คะแนน')}),
    ("score-arabic-indic-digits", patched(inline(INDICATORS, "D8", "٨٤.٥")), D8_PROBLEM),
    ("bidi-mark-in-label", patched(label("\u200eตำแหน่ง\u200f")), POSITION_READ),
    ("bidi-marks-in-score", patched(inline(INDICATORS, "D8", "\u200f84.5\u200e")), scores({7: 84.5})),
    ("percent-conditional-format", patched(add_num_fmt(165, "[&lt;=1]0.00%;0.00"), add_xf(165),
                                           score_7("84.5", s=NEW_XF), value(INDICATORS, "D7", "0.8486", s=NEW_XF)),
     scores({6: 84.86, 7: 84.5})),
    ("text-as-its-format-shows-it", patched(add_num_fmt(165, "[$-D00041E]#,##0"), add_xfs(9, 3, 165),
                                            value(MEASURES, "E2", "0.85", s=NEW_XF),
                                            value(MEASURES, "B2", "1500000", s=NEW_XF + 1),
                                            value(MEASURES, "C2", "1500000", s=NEW_XF + 2)),
     {"measures.0.result": "85%", "measures.0.steps": "1,500,000", "measures.0.responsible": "๑,๕๐๐,๐๐๐"}),
    ("score-under-merge", patched(merge(INDICATORS, "C8:D8")),
     scores(SAITHONG) | {"notes": [{"sheet": "ตัวชี้วัด", "cell": "D8", "key": "hidden_under_merge"},
                                    *SAMPLE_MEASURE_NOTES]}),
    # issue 19: sheets and tables as clerks shape them
    ("hidden-stale-indicators-copy", patched(stale_indicators_copy),
     {"problem": ("ตัวชี้วัด", 'ชีต "ตัวชี้วัด" และชีต "Indicators" เป็นชีต "ตัวชี้วัด" [Indicators] ทั้งคู่')}),
    ("extra-measure-column", patched(add_xfs(3),
                                     end_of_row(MEASURES, 1, '<c r="G1" s="1" t="inlineStr"><is><t>งบประมาณ (บาท)'
                                                             "</t></is></c>"),
                                     end_of_row(MEASURES, 2, f'<c r="G2" s="{NEW_XF}"><v>50000</v></c>')),
     {"measures.0.extra.0": ("งบประมาณ (บาท)", "50,000"), "measures.1.extra.0": ("งบประมาณ (บาท)", "")}),
    ("merged-measure-rows", patched(*MERGED_MEASURE),
     {"len(measures)": 3, "measures.0.steps": "ขั้นตอนที่ 1\nขั้นตอนที่ 2\nขั้นตอนที่ 3",
      "measures.0.responsible": "สำนักงานปลัด กองคลัง กองช่าง กองการศึกษา ฯ\nกองคลัง",
      "measures.0.timeline": FIRST_TIMELINE}),

    # legitimately large
    ("measures-1000", many_measures, {"len(measures)": 1_000}),   # as many as a memo holds (MEMO_MEASURES)
]

FILE_NAMES = {"macro-enabled": "macro-enabled.xlsm", "no-extension": "no-extension"}


def file_name(name: str) -> str:
    return FILE_NAMES.get(name, f"{name}.xlsx")


def write_all(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, make, _ in CASES:
        path = folder / file_name(name)
        make(path)
        paths.append(path)
    return paths


if __name__ == "__main__":
    print(len(write_all(Path(sys.argv[1]))), "odd workbooks in", sys.argv[1])
