"""Input workbooks for tests, written from plain Python values.

``write_input`` writes the template layout with xlsxwriter, so a cell can hold a
``Formula`` with or without a cached result, which openpyxl cannot write.
"""
from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import xlsxwriter

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "saithong-2565.xlsx"

SAITHONG_INDICATORS = {1: 97.36, 2: 89.33, 3: 91.11, 4: 90.08, 5: 90.93,
                       6: 84.86, 7: 84.50, 8: 80.18, 9: 94.64, 10: 100.00}


@dataclass(frozen=True)
class Formula:
    """A formula saved with its cached result, as Excel saves it (openpyxl saves none: see ``edit``)."""
    text: str
    cached: object


def agency_rows(year=2565, name="เทศบาลตำบลทดสอบ", **extra) -> list[tuple[str, object]]:
    rows = [("ชื่อหน่วยงาน", name), ("ประเภทหน่วยงาน", "เทศบาลตำบล"), ("จังหวัด", "ทดสอบ"),
            ("ปีงบประมาณ", year), ("ผู้จัดทำ", "ผู้ทดสอบ"), ("ตำแหน่ง", "นักวิเคราะห์"),
            ("วันที่", dt.datetime(2022, 9, 22))]
    return rows + list(extra.items())


def write_input(path: Path, *, agency=None, indicators=None, items=None, measures=None,
                header_row: int = 0, english: bool = False, omit_sheet: str | None = None,
                omit_column: str | None = None) -> Path:
    """An input workbook; ``indicators`` maps number -> value, ``items`` code -> value or (value, rec)."""
    agency = agency_rows() if agency is None else agency
    indicators = dict(SAITHONG_INDICATORS) if indicators is None else indicators
    names = (("Agency", "Indicators", "Items", "Measures") if english
             else ("หน่วยงาน", "ตัวชี้วัด", "รายข้อ", "มาตรการ"))
    headers = {
        names[1]: ["No.", "Tool", "Indicator", "Score"] if english else ["ตัวชี้วัดที่", "แบบวัด", "ตัวชี้วัด", "คะแนน"],
        names[2]: (["Code", "No.", "Item", "Score", "Recommendation"] if english
                   else ["รหัส", "ตัวชี้วัดที่", "ประเด็น", "คะแนน", "ข้อเสนอแนะ"]),
        names[3]: (["Measure", "Steps", "Responsible", "Timeline", "Result", "Suggestion"] if english
                   else ["มาตรการ", "ขั้นตอนหรือวิธีการ", "ผู้รับผิดชอบ", "ระยะเวลาการดำเนินการ",
                         "ผลการดำเนินการ", "ข้อเสนอแนะ"]),
    }
    tables = {
        names[1]: [[no, "", "", value] for no, value in indicators.items()],
        names[2]: [[code, None, "", *(value if isinstance(value, tuple) else (value, None))]
                   for code, value in (items or {}).items()],
        names[3]: [list(m) for m in (measures or [])],
    }
    book = xlsxwriter.Workbook(path, {"strings_to_formulas": False})
    date_format = book.add_format({"num_format": "d/m/yyyy"})
    if omit_sheet != names[0]:
        sheet = book.add_worksheet(names[0])
        for row, (label, value) in enumerate(agency):
            _write(sheet, row, 0, label, date_format)
            _write(sheet, row, 1, value, date_format)
    for name in names[1:]:
        if name == omit_sheet:
            continue
        sheet = book.add_worksheet(name)
        columns = [c for c in headers[name] if c != omit_column]
        for col, label in enumerate(columns):
            sheet.write_string(header_row, col, label)
        keep = [i for i, c in enumerate(headers[name]) if c != omit_column]
        for row, values in enumerate(tables[name], start=header_row + 1):
            for col, index in enumerate(keep):
                _write(sheet, row, col, values[index] if index < len(values) else None, date_format)
    book.close()
    return path


def _write(sheet, row, col, value, date_format) -> None:
    if isinstance(value, Formula):
        sheet.write_formula(row, col, value.text, None, value.cached)
    elif isinstance(value, dt.datetime):
        sheet.write_datetime(row, col, value, date_format)
    elif value is not None:
        sheet.write(row, col, value)


def copy_sample(folder: Path, name: str = "scores.xlsx") -> Path:
    target = folder / name
    shutil.copy(SAMPLE, target)
    return target


def edit(path: Path, changes: dict[tuple[str, str], object]) -> Path:
    """Change cells of a workbook with openpyxl: {(sheet, "D5"): value}."""
    book = openpyxl.load_workbook(path)
    for (sheet, address), value in changes.items():
        book[sheet][address].value = value
    book.save(path)
    return path


TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
LEFT_AS_IS = {1: 93.12, 2: 88.40, 3: 90.05, 4: 86.73, 5: 84.20, 6: 82.64, 7: 79.95, 8: 81.30, 9: 85.71, 10: 92.31}


def fill_template(path: Path, year: int = 2569, name: str = "องค์การบริหารส่วนตำบลหนองบัวแดง",
                  unmet: tuple[str, ...] = ("O3", "O12", "O18", "O27", "O35")) -> Path:
    """The shipped template of ``year`` filled as a clerk in a hurry does: the agency, the indicator
    scores, every item row scored but its code and wording left as the template gives them, no
    measures; ``unmet`` OIT items not met, the IIT and EIT items scattered around the target."""
    book = openpyxl.load_workbook(TEMPLATES / f"ita-template-{year}.xlsx")
    values = {"ชื่อหน่วยงาน": name, "ประเภทหน่วยงาน": "องค์การบริหารส่วนตำบล", "จังหวัด": "ชัยภูมิ",
              "ผู้จัดทำ": "นางสาวพรทิพย์ ศรีสุข", "ตำแหน่ง": "นักวิเคราะห์นโยบายและแผน",
              "วันที่": dt.datetime(year - 543, 10, 15), "ส่วนราชการ": f"สำนักปลัด {name}"}
    for row in book["หน่วยงาน"].iter_rows(min_row=2):
        if row[0].value in values:
            row[1].value = values[row[0].value]
    for row in book["ตัวชี้วัด"].iter_rows(min_row=2):
        if row[0].value in LEFT_AS_IS:
            row[3].value = LEFT_AS_IS[row[0].value]
    for n, row in enumerate(book["รายข้อ"].iter_rows(min_row=2)):
        code = row[0].value
        if code:
            row[3].value = (0 if code in unmet else 100) if code.startswith("O") else 76 + (n * 7) % 21
    book.save(path)
    return path
