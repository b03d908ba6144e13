"""A corpus of broken and hostile input workbooks, each with the one-line answer it must get.

    python tests/broken_inputs.py OUTDIR      # writes every case into OUTDIR

Each case is (name, maker, where, says): ``maker(path)`` writes the file; the error line
must be ``<path>: <where>: ...<says>...`` (or ``<path>: ...<says>...`` when ``where`` is None).
"""
from __future__ import annotations

import io
import shutil
import sys
import zipfile
from pathlib import Path

from builders import SAMPLE, Formula, agency_rows, edit, write_input
from odd_workbooks import CASES as ODD_CASES

SCORES = {no: 90 for no in range(1, 11)}


def _bytes(data: bytes):
    def make(path: Path) -> None:
        path.write_bytes(data)
    return make


def _sample(changes: dict):
    def make(path: Path) -> None:
        shutil.copy(SAMPLE, path)
        edit(path, changes)
    return make


def _input(**options):
    def make(path: Path) -> None:
        write_input(path, **options)
    return make


def _zip(members: dict[str, bytes]):
    def make(path: Path) -> None:
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data in members.items():
                archive.writestr(name, data)
    return make


def _replace_in_sample(member: str, data: bytes):
    """The sample with one XML part replaced, the zip otherwise intact."""
    def make(path: Path) -> None:
        with zipfile.ZipFile(SAMPLE) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
            for item in source.infolist():
                target.writestr(item, data if item.filename == member else source.read(item.filename))
    return make


def _password(path: Path) -> None:
    from msoffcrypto.format.ooxml import OOXMLFile
    with SAMPLE.open("rb") as plain:
        encrypted = io.BytesIO()
        OOXMLFile(plain).encrypt("1234", encrypted)
    path.write_bytes(encrypted.getvalue())


def _merged_scores(path: Path) -> None:
    import openpyxl
    write_input(path)
    book = openpyxl.load_workbook(path)
    book["ตัวชี้วัด"].merge_cells("D3:D5")
    book.save(path)


def _long_text(path: Path) -> None:
    """A measure of 100,000 characters: more than Excel writes, so the XML is patched directly."""
    write_input(path, measures=[("มาตรการ", "LONG-TEXT")])
    data = path.read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item, source.read(item.filename).replace(b"LONG-TEXT", "ก".encode() * 100_000))


def _moved_header(path: Path) -> None:
    write_input(path, header_row=11)


LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
          + b"".join(b'<!ENTITY lol%d "%s">' % (n, (b"&lol%d;" % (n - 1) if n > 1 else b"&lol;") * 10)
                     for n in range(1, 10))
          + b']><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
            b'<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>')
EXTERNAL = (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
            b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
            b'<row r="1"><c r="A1" t="inlineStr"><is><t>&secret;</t></is></c></row></sheetData></worksheet>')
ODS = {"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": b"<office:document-content/>"}
BOMB = {"xl/workbook.xml": b"<workbook/>", "xl/worksheets/sheet1.xml": b"\0" * (60 * 1024 * 1024)}

CASES = [
    ("empty", _bytes(b""), None, "ไฟล์ว่าง (0 ไบต์)"),
    ("binary-junk", _bytes(bytes(range(256)) * 8), None, "ไม่ใช่ไฟล์ Excel (.xlsx)"),
    ("truncated-zip", lambda p: p.write_bytes(SAMPLE.read_bytes()[: SAMPLE.stat().st_size // 2]), None,
     "ไฟล์ .xlsx เสียหรือไม่ครบ"),
    ("old-xls", _bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4096), None, "ไฟล์ .xls รุ่นเก่า"),
    ("csv-renamed", _bytes("ตัวชี้วัดที่,คะแนน\n1,91.5\n".encode()), None, "ไฟล์ข้อความหรือ CSV"),
    ("ods-renamed", _zip(ODS), None, "OpenDocument (.ods)"),
    ("password", _password, None, "ไฟล์ถูกตั้งรหัสผ่าน"),
    ("zip-not-workbook", _zip({"hello.txt": b"hello"}), None, "ไม่ใช่สมุดงาน Excel"),
    ("zip-bomb", _zip(BOMB), None, "ใหญ่เกิน 50 MB"),
    ("billion-laughs", _replace_in_sample("xl/worksheets/sheet2.xml", LAUGHS), None, "DTD หรือ entity"),
    ("external-entity", _replace_in_sample("xl/worksheets/sheet2.xml", EXTERNAL), None, "DTD หรือ entity"),
    ("no-agency-sheet", _input(omit_sheet="หน่วยงาน"), None, 'ไม่พบชีต "หน่วยงาน" [Agency]'),
    ("no-indicator-sheet", _input(omit_sheet="ตัวชี้วัด"), None, 'ไม่พบชีต "ตัวชี้วัด" [Indicators]'),
    ("no-item-sheet", _input(omit_sheet="รายข้อ"), None, 'ไม่พบชีต "รายข้อ" [Items]'),
    ("no-measure-sheet", _input(omit_sheet="มาตรการ"), None, 'ไม่พบชีต "มาตรการ" [Measures]'),
    ("no-score-column", _input(omit_column="คะแนน"), "ตัวชี้วัด", 'ไม่พบหัวคอลัมน์ "คะแนน" [Score]'),
    ("no-number-column", _input(omit_column="ตัวชี้วัดที่"), "ตัวชี้วัด", 'ไม่พบหัวคอลัมน์ "ตัวชี้วัดที่"'),
    ("no-code-column", _input(omit_column="รหัส"), "รายข้อ", 'ไม่พบหัวคอลัมน์ "รหัส" [Code]'),
    ("no-measure-column", _input(omit_column="มาตรการ"), "มาตรการ", 'ไม่พบหัวคอลัมน์ "มาตรการ" [Measure]'),
    ("renamed-score-column", _sample({("ตัวชี้วัด", "D1"): "คะแนนที่ได้"}), "ตัวชี้วัด", 'ไม่พบหัวคอลัมน์ "คะแนน"'),
    ("header-below-row-10", _moved_header, "ตัวชี้วัด", "ใน 10 แถวแรก"),
    ("no-year-row", _input(agency=[r for r in agency_rows() if r[0] != "ปีงบประมาณ"]), "หน่วยงาน",
     'ไม่พบแถว "ปีงบประมาณ"'),
    ("score-text", _sample({("ตัวชี้วัด", "D5"): "เก้าสิบ"}), "ตัวชี้วัด!D5", '"เก้าสิบ" ไม่ใช่คะแนน'),
    ("score-negative", _sample({("ตัวชี้วัด", "D5"): -5}), "ตัวชี้วัด!D5", "-5 อยู่นอกช่วงคะแนน"),
    ("score-over-100", _sample({("ตัวชี้วัด", "D5"): 101}), "ตัวชี้วัด!D5", "101 อยู่นอกช่วงคะแนน"),
    ("score-nan", _sample({("ตัวชี้วัด", "D5"): "NaN"}), "ตัวชี้วัด!D5", '"NaN" ไม่ใช่คะแนน'),
    ("score-div0", _input(indicators=SCORES | {4: Formula("=1/0", "#DIV/0!")}), "ตัวชี้วัด!D5",
     "ค่าผิดพลาดของสูตร #DIV/0!"),
    ("score-na", _input(indicators=SCORES | {4: Formula("=NA()", "#N/A")}), "ตัวชี้วัด!D5",
     "ค่าผิดพลาดของสูตร #N/A"),
    ("thai-digits-malformed", _sample({("ตัวชี้วัด", "D5"): "๙๑..๕"}), "ตัวชี้วัด!D5", '"๙๑..๕" ไม่ใช่คะแนน'),
    ("formula-without-value", _sample({("ตัวชี้วัด", "D5"): "=AVERAGE(90,91)"}), "ตัวชี้วัด!D5",
     "ยังไม่มีค่าที่คำนวณไว้"),
    ("duplicate-indicator", _sample({("ตัวชี้วัด", "A5"): 3}), "ตัวชี้วัด!A5", "ตัวชี้วัดที่ 3 ซ้ำ"),
    ("missing-indicator", _input(indicators={no: 90 for no in range(1, 10)}), "ตัวชี้วัด",
     "ไม่มีแถวของตัวชี้วัดที่ 10"),
    ("indicator-11", _input(indicators=SCORES | {11: 90}), "ตัวชี้วัด!A12", '"11" ไม่ใช่ตัวชี้วัดของปี 2565'),
    ("indicator-in-words", _sample({("ตัวชี้วัด", "A5"): "สี่"}), "ตัวชี้วัด!A5", '"สี่" ไม่ใช่ตัวชี้วัด'),
    ("unknown-item", _input(items={"X9": 80}), "รายข้อ!A2", '"X9" ไม่ใช่รหัสข้อของปี 2565'),
    ("duplicate-item", _input(items={"E11": 80, "E๑๑": 81}), "รายข้อ!A3", "ข้อ E11 ซ้ำ"),
    ("oit-neither", _input(items={"O5": "บางส่วน"}), "รายข้อ!D2", "ใช้ไม่ได้กับข้อ OIT"),
    ("item-wrong-indicator", _sample({("รายข้อ", "B32"): 7}), "รายข้อ!B32", "ข้อ E1 เป็นของตัวชี้วัดที่ 6 ไม่ใช่ 7"),
    ("year-unknown", _input(agency=agency_rows(year=2599)), "หน่วยงาน!B4", "ยังไม่รองรับปีงบประมาณ 2599"),
    ("year-christian", _input(agency=agency_rows(year=2022)), "หน่วยงาน!B4", "เป็นปี ค.ศ.: ใช้ปีงบประมาณแบบ พ.ศ. เช่น 2565"),
    ("year-words", _input(agency=agency_rows(year="ปีนี้")), "หน่วยงาน!B4", '"ปีนี้" ไม่ใช่ปีงบประมาณ'),
    ("agency-name-blank", _sample({("หน่วยงาน", "B2"): None}), "หน่วยงาน!B2", 'ยังไม่ได้กรอก "ชื่อหน่วยงาน"'),
    ("date-bad", _sample({("หน่วยงาน", "B13"): "สิ้นเดือน"}), "หน่วยงาน!B13", '"สิ้นเดือน" ไม่ใช่วันที่'),
    ("merged-scores", _merged_scores, "ตัวชี้วัด!D3:D5", "ถูกผสาน (merge)"),
    ("measure-without-name", _sample({("มาตรการ", "A7"): None, ("มาตรการ", "B7"): "ขั้นตอน"}), None, None),
    ("indicator-blank-items-missing", _sample({("ตัวชี้วัด", "D2"): None}), "ตัวชี้วัด!D2",
     "ยังไม่มีคะแนน และคะแนนรายข้อไม่ครบ (มี 0 จาก 6 ข้อ)"),
    ("text-too-long", _long_text, "มาตรการ!B2", "ข้อความยาว 100,000 ตัวอักษร"),
]
# shapes of the odd-workbook corpus that every engine refuses, checked here as the command line says them
_ODD = {name: make for name, make, _ in ODD_CASES}
CASES += [
    ("nested-too-deep", _ODD["nested-200000-deep"], None, "ซ้อนกันลึกเกิน 256 ชั้น"),
    ("doctype-in-styles", _ODD["doctype-without-entities-in-styles"], None, "xl/styles.xml ของไฟล์มี DTD หรือ entity"),
    ("duplicate-part", _ODD["duplicate-zip-entry"], None, "มีส่วน xl/worksheets/sheet2.xml สองชุด"),
    ("deflate64-part", _ODD["deflate64-member"], None, "ถูกบีบอัดแบบ Deflate64"),
    ("two-indicator-sheets", _ODD["hidden-stale-indicators-copy"], "ตัวชี้วัด", "ทั้งคู่"),
]
# the sample has five measures in rows 2-6: a name removed from row 6 leaves its steps nameless
CASES[CASES.index(next(c for c in CASES if c[0] == "measure-without-name"))] = (
    "measure-without-name", _sample({("มาตรการ", "A6"): None}), "มาตรการ!A6", "ไม่มีชื่อมาตรการ")


def write_all(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, make, _, _ in CASES:
        path = folder / f"{name}.xlsx"
        make(path)
        paths.append(path)
    return paths


if __name__ == "__main__":
    print(len(write_all(Path(sys.argv[1]))), "broken inputs in", sys.argv[1])
