"""Realistic filled agency input workbooks for the benchmarks: the real template's layout, every item scored.

    python benchmarks/generate.py --count 20000 --folder /tmp/ita-bench/inputs-20000 [--seed 2565] [--jobs N]

Each file is what a clerk sends back: the blank template of its fiscal year (``ita_xl.write_template``:
sheets หน่วยงาน / ตัวชี้วัด / รายข้อ / มาตรการ / คำอธิบาย, the same labels, hints, formats and
validations) with

* a Thai agency (name, type and province drawn from the real kinds of agency), the preparer, a date,
  and often the published figures (stated ITA, level and tool scores, computed from the scores);
* a fiscal year from ``ita_xl.supported_years()``, weighted towards the latest;
* every item of the year scored: IIT/EIT items are survey means 0-100 around the agency's own level,
  OIT items are met (100) or not met (0), some unmet; a recommendation typed beside some weak items;
* the ten indicator scores, consistent with the items. Most files give all ten; about one in five leaves
  one to four blank where the items can make them up (as clerks do). Indicators 9 and 10 of years whose
  OIT items cannot compute them (``framework.computable_from_items``) are always given;
* 0-10 measures of real length (several hundred Thai characters over their six columns).

Every ``SAMPLE_EVERY``-th file is the real sample ``samples/saithong-2565.xlsx`` (written by openpyxl,
inline strings) with another agency's name. Files are 15-25 KB, like a real filled template.

Files are written directly with xlsxwriter (no openpyxl round trip) by a process pool, so 20,000 take
minutes. File N depends only on (seed, N), so any count is a prefix of a larger one. A folder is reused
when its manifest (count, seed, generator fingerprint) matches.
"""
from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import io
import json
import os
import random
import sys
import tempfile
import time
import zipfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from statistics import fmean

HERE = Path(__file__).resolve().parent
SAMPLE = HERE.parent / "samples" / "saithong-2565.xlsx"
SAMPLE_NAME = "องค์การบริหารส่วนตำบลสายทอง"
SAMPLE_EVERY = 25               # every 25th file is a copy of the real sample
MANIFEST = "manifest.json"
PATTERN = "agency-*.xlsx"
GENERATOR_VERSION = 3           # bump when the files' content changes
MEASURE_ROWS = 20               # blank input rows the template's measure sheet offers
FONT, FONT_SIZE = "TH SarabunPSK", 16
THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")

# The agency sheet's labels (column A of the template), the public input format, by field.
AGENCY_LABELS = {"".join(label.split()): key for label, key in (
    ("ชื่อหน่วยงาน", "name"), ("ประเภทหน่วยงาน", "type"), ("จังหวัด", "province"), ("ปีงบประมาณ", "fiscal_year"),
    ("คะแนน ITA ที่ประกาศ", "stated_ita"), ("ระดับผลการประเมินที่ประกาศ", "stated_level"),
    ("คะแนน IIT ที่ประกาศ", "stated_iit"), ("คะแนน EIT ที่ประกาศ", "stated_eit"),
    ("คะแนน OIT ที่ประกาศ", "stated_oit"), ("ผู้จัดทำ", "preparer"), ("ตำแหน่ง", "position"), ("วันที่", "date"),
    ("ส่วนราชการ", "division"), ("ที่", "document_no"), ("เรียน", "addressee"))}

# ---------------------------------------------------------------- Thai vocabulary

PROVINCES = (
    "กรุงเทพมหานคร", "กระบี่", "กาญจนบุรี", "กาฬสินธุ์", "กำแพงเพชร", "ขอนแก่น", "จันทบุรี", "ฉะเชิงเทรา",
    "ชลบุรี", "ชัยนาท", "ชัยภูมิ", "ชุมพร", "เชียงราย", "เชียงใหม่", "ตรัง", "ตราด", "ตาก", "นครนายก",
    "นครปฐม", "นครพนม", "นครราชสีมา", "นครศรีธรรมราช", "นครสวรรค์", "นนทบุรี", "นราธิวาส", "น่าน",
    "บึงกาฬ", "บุรีรัมย์", "ปทุมธานี", "ประจวบคีรีขันธ์", "ปราจีนบุรี", "ปัตตานี", "พระนครศรีอยุธยา",
    "พะเยา", "พังงา", "พัทลุง", "พิจิตร", "พิษณุโลก", "เพชรบุรี", "เพชรบูรณ์", "แพร่", "ภูเก็ต",
    "มหาสารคาม", "มุกดาหาร", "แม่ฮ่องสอน", "ยโสธร", "ยะลา", "ร้อยเอ็ด", "ระนอง", "ระยอง", "ราชบุรี",
    "ลพบุรี", "ลำปาง", "ลำพูน", "เลย", "ศรีสะเกษ", "สกลนคร", "สงขลา", "สตูล", "สมุทรปราการ",
    "สมุทรสงคราม", "สมุทรสาคร", "สระแก้ว", "สระบุรี", "สิงห์บุรี", "สุโขทัย", "สุพรรณบุรี", "สุราษฎร์ธานี",
    "สุรินทร์", "หนองคาย", "หนองบัวลำภู", "อ่างทอง", "อำนาจเจริญ", "อุดรธานี", "อุตรดิตถ์", "อุทัยธานี",
    "อุบลราชธานี",
)
PLACE_HEADS = ("บ้าน", "หนอง", "โคก", "ท่า", "ดอน", "นา", "บาง", "ห้วย", "วัง", "สระ", "บึง", "คลอง",
               "ทุ่ง", "ป่า", "เขา", "โพธิ์", "ไผ่", "ลาด", "หัวไผ่", "สาย", "ศรี", "เมือง", "น้ำ", "ดง")
PLACE_TAILS = ("ทอง", "ใหญ่", "งาม", "แดง", "ขาม", "บัว", "กลาง", "เหนือ", "ใต้", "ยาว", "หลวง", "ตะโก",
               "จาน", "ไทร", "สะแก", "ม่วง", "กระทุ่ม", "พัฒนา", "สำราญ", "เจริญ", "ชัย", "แก้ว", "เตย",
               "กุ่ม", "มะขาม", "ตาล", "พลับ", "สวรรค์", "คำ", "ประดู่")
# (name prefix, agency type, weight, needs a place name (else the province))
AGENCY_KINDS = (
    ("องค์การบริหารส่วนตำบล", "องค์การบริหารส่วนตำบล", 52, True),
    ("เทศบาลตำบล", "เทศบาลตำบล", 24, True),
    ("เทศบาลเมือง", "เทศบาลเมือง", 3, True),
    ("เทศบาลนคร", "เทศบาลนคร", 0.5, False),
    ("องค์การบริหารส่วนจังหวัด", "องค์การบริหารส่วนจังหวัด", 1, False),
    ("โรงพยาบาล", "โรงพยาบาล", 6, True),
    ("สำนักงานสาธารณสุขจังหวัด", "ส่วนราชการส่วนภูมิภาค", 1, False),
    ("สำนักงานเขตพื้นที่การศึกษาประถมศึกษา", "สำนักงานเขตพื้นที่การศึกษา", 2, False),
    ("วิทยาลัยเทคนิค", "สถานศึกษา", 3, True),
    ("มหาวิทยาลัยราชภัฏ", "สถาบันอุดมศึกษา", 0.5, False),
    ("สำนักงานจังหวัด", "ส่วนราชการส่วนภูมิภาค", 1, False),
    ("สำนักงานเกษตรจังหวัด", "ส่วนราชการส่วนภูมิภาค", 1, False),
)
FIRST_NAMES = ("กมลชนก", "สมชาย", "สมหญิง", "วิไลวรรณ", "ประเสริฐ", "สุนันทา", "ธนพล", "ณัฐธิดา", "อรุณี",
               "พงษ์ศักดิ์", "จิราภรณ์", "ศุภชัย", "นิตยา", "ชัยวัฒน์", "รัตนา", "กิตติพงษ์", "ปิยะนุช", "วรวุฒิ")
LAST_NAMES = ("แก่นเพชร", "ใจดี", "ศรีสุข", "บุญมา", "ทองคำ", "สุขเจริญ", "วงศ์ใหญ่", "แสงอรุณ", "พึ่งบุญ",
              "จันทร์หอม", "เพชรรัตน์", "ชูศรี", "มั่นคง", "ศักดิ์ดี", "อินทร์แก้ว", "รุ่งเรือง")
POSITIONS = ("ผู้ช่วยนักทรัพยากรบุคคล", "นักทรัพยากรบุคคลชำนาญการ", "นักวิเคราะห์นโยบายและแผนชำนาญการ",
             "นักจัดการงานทั่วไปปฏิบัติการ", "หัวหน้าสำนักปลัด", "นิติกรชำนาญการ", "ปลัดองค์การบริหารส่วนตำบล",
             "เจ้าพนักงานธุรการชำนาญงาน")
DIVISIONS = ("สำนักปลัด", "สำนักงานปลัด", "กองคลัง", "กองช่าง", "กองการศึกษา ศาสนาและวัฒนธรรม",
             "กองสาธารณสุขและสิ่งแวดล้อม", "กองยุทธศาสตร์และงบประมาณ", "กลุ่มงานบริหารทั่วไป")

RECOMMENDATIONS = (
    "เห็นควรเพิ่มกระบวนการประเมินความพึงพอใจในการปฏิบัติงานเพื่อปรับปรุงคุณภาพการปฏิบัติงาน",
    "ควรจัดทำคู่มือ/แผนผังขั้นตอนการปฏิบัติงาน และแจ้งเจ้าหน้าที่ผู้ปฏิบัติงานดำเนินตามขั้นตอนและระยะเวลาที่กำหนด",
    "เห็นควรให้หน่วยงานสร้างกระบวนการมีส่วนร่วมเป็นหลัก โดยเชิญบุคคลภายนอกเข้ามามีส่วนร่วมการดำเนินงานต่าง ๆ มากขึ้น",
    "เห็นควรประชาสัมพันธ์การดำเนินงานผ่านช่องทางเพิ่มขึ้น",
    "เห็นควรแจ้งเจ้าหน้าที่ให้ความสำคัญกับประชาชนในการตอบคำถามการดำเนินงาน หากไม่ทราบข้อมูลให้แจ้งหรือ"
    "ประสานงานต่อส่วนราชการที่มีข้อมูลชัดเจนเพื่อตอบคำถามให้ตรงประเด็น",
    "ควรกำชับเจ้าหน้าที่ให้มีการปฏิบัติงาน/ให้บริการแก่ผู้มาติดต่ออย่างเท่าเทียมกัน",
    "ควรเผยแพร่แผนการใช้จ่ายงบประมาณประจำปีและรายงานผลการใช้จ่ายผ่านเว็บไซต์ของหน่วยงานให้ครบถ้วนและเป็นปัจจุบัน",
    "ควรจัดอบรมให้ความรู้เจ้าหน้าที่เรื่องการป้องกันผลประโยชน์ทับซ้อนและการรับของขวัญหรือประโยชน์อื่นใด",
    "เห็นควรจัดทำช่องทางร้องเรียนการทุจริตที่ปกปิดตัวตนผู้ร้องเรียนได้ และรายงานผลการจัดการเรื่องร้องเรียนทุกไตรมาส",
    "ควรปรับปรุงระบบการให้บริการออนไลน์ (e-Service) ให้ใช้งานได้สะดวก และประชาสัมพันธ์ให้ประชาชนทราบ",
)
OIT_RECOMMENDATIONS = (
    "ควรเผยแพร่ข้อมูลบนเว็บไซต์ของหน่วยงานให้ครบถ้วนตามองค์ประกอบที่กำหนด และระบุวันที่เผยแพร่ให้ชัดเจน",
    "ข้อมูลยังไม่เป็นปัจจุบัน ควรปรับปรุงให้เป็นข้อมูลของปีงบประมาณที่ประเมิน",
    "ควรมอบหมายผู้รับผิดชอบตรวจสอบลิงก์ข้อมูลทุกเดือน เนื่องจากลิงก์บางรายการไม่สามารถเข้าถึงได้",
)
MEASURE_TITLES = (
    "การจัดทำข้อตกลงระหว่างผู้บังคับบัญชากับผู้ใต้บังคับบัญชา",
    "ลดขั้นตอนการให้บริการประชาชนหรือผู้มาติดต่อ",
    "ผู้บริหารควรแสดงเจตจำนงหรือคำมั่นสัญญาว่าจะปฏิบัติตามด้วยความซื่อสัตย์ สุจริต โปร่งใสและเป็นไปตามหลักธรรมาภิบาล",
    "การมีส่วนร่วมในการป้องกันการทุจริต เช่น เป็นกรรมการจัดซื้อจัดจ้าง",
    "มาตรการภายในเพื่อป้องกันการทุจริตอย่างเป็นรูปธรรม",
    "การเผยแพร่ข้อมูลการใช้จ่ายงบประมาณประจำปีให้สาธารณชนทราบและตรวจสอบได้",
    "การป้องกันการรับสินบนและการรับของขวัญหรือประโยชน์อื่นใดจากการปฏิบัติหน้าที่ (No Gift Policy)",
    "การส่งเสริมความโปร่งใสในการจัดซื้อจัดจ้างและการบริหารพัสดุ",
    "การปรับปรุงช่องทางการสื่อสารและการตอบข้อซักถามของประชาชนให้รวดเร็วและชัดเจน",
    "การป้องกันการใช้ทรัพย์สินของราชการไปเพื่อประโยชน์ส่วนตน",
    "การพัฒนาระบบการรับเรื่องร้องเรียนการทุจริตและประพฤติมิชอบของเจ้าหน้าที่",
    "การสร้างวัฒนธรรมองค์กรที่ไม่ทนต่อการทุจริตและการปลูกฝังค่านิยมสุจริต",
    "การปรับปรุงคุณภาพการให้บริการด้วยระบบอิเล็กทรอนิกส์ (e-Service)",
    "การเปิดเผยข้อมูลการบริหารและพัฒนาทรัพยากรบุคคลอย่างเป็นธรรม",
)
MEASURE_STEPS = (
    "จัดประชุมพนักงาน เพื่อชี้แจงให้บุคลากรในหน่วยงานรับทราบถึงบทบาทอำนาจหน้าที่ที่ต้องปฏิบัติ",
    "มีการจัดทำคำสั่งมอบหมายงาน การแบ่งงานให้แก่บุคลากรในหน่วยงานให้มีความชัดเจนและเป็นธรรม",
    "จัดทำแผนผังกำหนดผู้รับผิดชอบ และขั้นตอนการให้บริการต่าง ๆ พร้อมระยะเวลาแล้วเสร็จของแต่ละขั้นตอน",
    "ปรับปรุงระบบเทคโนโลยีเพื่อช่วยในการให้บริการ เช่น การให้บริการ ณ จุดเดียว (one stop service) "
    "การแจ้งเรื่องร้องเรียนร้องทุกข์ผ่านระบบออนไลน์",
    "เพิ่มช่องทางในการติดต่อสื่อสารหรือให้บริการประชาชนให้มากขึ้น พร้อมทั้งเผยแพร่ประชาสัมพันธ์ให้ประชาชนทราบ",
    "จัดทำประกาศแสดงเจตจำนงสุจริตของผู้บริหาร และประกาศเผยแพร่ผ่านช่องทางต่าง ๆ อย่างทั่วถึง",
    "จัดทำประกาศเพื่อแต่งตั้งประชาชนเป็นคณะกรรมการตรวจสอบการทุจริตในโครงการต่าง ๆ",
    "เผยแพร่แผนการใช้จ่ายงบประมาณประจำปี และรายงานผลการใช้จ่ายรายไตรมาสผ่านเว็บไซต์และเพจของหน่วยงาน",
    "จัดอบรมให้ความรู้แก่บุคลากรเรื่องผลประโยชน์ทับซ้อน ประมวลจริยธรรม และแนวทางการรับของขวัญ",
    "จัดทำทะเบียนควบคุมการยืมและการใช้ทรัพย์สินของราชการ พร้อมกำหนดผู้อนุญาตที่ชัดเจน",
    "สำรวจความพึงพอใจของผู้รับบริการทุกไตรมาส และนำผลมาปรับปรุงขั้นตอนการให้บริการ",
    "ทบทวนและเผยแพร่คู่มือการปฏิบัติงานและคู่มือการให้บริการประชาชนให้เป็นปัจจุบัน",
    "แต่งตั้งคณะทำงานติดตามการเผยแพร่ข้อมูลสาธารณะบนเว็บไซต์ตามเกณฑ์ OIT และตรวจสอบทุกเดือน",
    "กำหนดช่องทางร้องเรียนที่ผู้ร้องสามารถติดตามผลได้ และรายงานผลการดำเนินการต่อผู้บริหารทุกเดือน",
)
RESPONSIBLE = ("สำนักงานปลัด กองคลัง กองช่าง กองการศึกษา ฯ", "สำนักปลัด", "สำนักงานปลัด", "กองคลัง",
               "ทุกส่วนราชการ", "กองช่าง และกองคลัง (งานพัสดุ)", "กลุ่มงานบริหารทั่วไป และศูนย์ข้อมูลข่าวสาร")
TIMELINES = ("ตั้งแต่ ตุลาคม {y} เป็นต้นไป", "ตลอดปีงบประมาณ พ.ศ. {y}", "ไตรมาสที่ ๑ - ๔ ปีงบประมาณ {y}",
             "ภายในเดือนมีนาคม {y}", "ทุกเดือน ตลอดปีงบประมาณ {y}", "")
RESULTS = (
    "จัดทำข้อตกลงระหว่างผู้บังคับบัญชากับผู้ใต้บังคับบัญชาครบทุกกองแล้ว",
    "จัดทำคำสั่งมอบหมายงานในแต่ละกองเป็นประจำทุกเดือน",
    "มีการประชุมพนักงานเป็นประจำทุกเดือน อย่างน้อยเดือนละ ๑ ครั้ง",
    "มีการดำเนินการสร้างช่องทางในการให้บริการรูปแบบออนไลน์ขึ้น เช่น (e-service) (Google Form) เรียบร้อยแล้ว "
    "และได้มีการเผยแพร่ผ่านเว็บไซต์และเพจของหน่วยงาน",
    "จัดทำประกาศแสดงเจตจำนงสุจริตของผู้บริหาร และประกาศเจตนารมณ์นโยบาย No Gift Policy จากการปฏิบัติหน้าที่",
    "แต่งตั้งประชาชนหรือผู้แทนชุมชนเพื่อเข้าเป็นคณะกรรมการตรวจสอบการทุจริต/ตรวจรับพัสดุ",
    "มีการจัดประชาคม เพื่อรับฟังความคิดเห็นประชาชนในการจัดทำโครงการต่าง ๆ ของหน่วยงาน",
    "เผยแพร่ข้อมูลครบถ้วนทุกรายการบนเว็บไซต์ของหน่วยงาน และปรับปรุงข้อมูลให้เป็นปัจจุบันทุกเดือน",
    "อยู่ระหว่างดำเนินการ คาดว่าจะแล้วเสร็จภายในไตรมาสที่ ๓",
    "บุคลากรเข้ารับการอบรมร้อยละ ๙๒ ของบุคลากรทั้งหมด ผลการทดสอบหลังการอบรมผ่านเกณฑ์ทุกคน",
)
SUGGESTIONS = ("ควรติดตามผลการดำเนินการทุกไตรมาสและรายงานให้ผู้บริหารทราบ",
               "ควรขยายผลไปยังทุกส่วนราชการในสังกัด",
               "ควรประชาสัมพันธ์ผลการดำเนินการให้ประชาชนทราบผ่านเว็บไซต์และเพจของหน่วยงาน")


def thai(number) -> str:
    return str(number).translate(THAI_DIGITS)


# ---------------------------------------------------------------- the template's layout

def template_layouts(years) -> dict[int, dict]:
    """Each year's blank template (``ita_xl.write_template``) as cell values: sheet names, header
    labels, agency labels and hints, the guide's lines; and the year's items and indicators."""
    from python_calamine import CalamineWorkbook

    import ita_xl

    layouts = {}
    with tempfile.TemporaryDirectory() as folder:
        for year in years:
            framework = ita_xl.load_framework(year)
            path = Path(folder) / f"template-{year}.xlsx"
            ita_xl.write_template(path, framework)
            book = CalamineWorkbook.from_path(str(path))
            names = list(book.sheet_names)
            sheets = {name: book.get_sheet_by_name(name).to_python() for name in names}
            agency, indicators, items, measures, guide = (sheets[name] for name in names[:5])
            groups = {}
            for group in framework.groups:
                groups.setdefault(group.indicator, []).append(list(group.items))
            layouts[year] = {
                "year": year, "sheets": names[:5], "target": framework.target,
                "agency_header": [str(v) for v in agency[0]],
                "agency": [(str(row[0]), str(row[2]) if len(row) > 2 else "") for row in agency[1:]],
                "indicator_header": [str(v) for v in indicators[0]],
                "item_header": [str(v) for v in items[0]],
                "measure_header": [str(v) for v in measures[0]],
                "guide": [str(row[0]) if row else "" for row in guide],
                "indicators": [(i.no, i.tool, str(indicators[k + 1][2])) for k, i in enumerate(framework.indicators)],
                "scales": {tool.code: tool.item_scale for tool in framework.tools},
                "weights": {tool.code: tool.weight for tool in framework.tools},
                "levels": [(level.name_th, level.min, level.tools_min) for level in framework.levels],
                "items": [(item.code, item.indicator, str(items[k + 1][2]), item.recommendation)
                          for k, item in enumerate(framework.items)],
                "computable": {i.no: framework.computable_from_items(i.no) for i in framework.indicators},
                "groups": groups,
            }
            keys = [_agency_key(label) for label, _ in layouts[year]["agency"]]
            if "name" not in keys or "fiscal_year" not in keys:
                raise SystemExit(f"template {year}: no agency name or fiscal year label in {names[0]}")
    return layouts


def _agency_key(label: str) -> str | None:
    return AGENCY_LABELS.get("".join(label.split()))


def fingerprint(layouts: dict[int, dict]) -> str:
    """Changes when this generator, the sample or any year's template changes."""
    digest = hashlib.sha256(Path(__file__).read_bytes())
    digest.update(SAMPLE.read_bytes())
    digest.update(json.dumps(layouts, ensure_ascii=False, sort_keys=True, default=str).encode())
    return digest.hexdigest()[:16]


# ---------------------------------------------------------------- one agency's content

def year_weights(years) -> list[float]:
    """The latest year most often: each year 1.6 times as likely as the one before."""
    return [1.6 ** k for k in range(len(years))]


def _clip(value: float, low: float = 0.0, high: float = 100.0) -> float:
    return min(high, max(low, value))


def agency_identity(rng: random.Random) -> tuple[str, str, str]:
    prefix, kind, _, placed = rng.choices(AGENCY_KINDS, weights=[k[2] for k in AGENCY_KINDS])[0]
    province = rng.choice(PROVINCES)
    if placed:
        name = prefix + rng.choice(PLACE_HEADS) + rng.choice(PLACE_TAILS)
    elif prefix.startswith("สำนักงานเขตพื้นที่"):
        name = f"{prefix}{province} เขต {rng.randint(1, 4)}"
    else:
        name = prefix + province
    return name, kind, province


def content(number: int, seed: int, layout: dict) -> dict:
    """Everything one agency's file holds, as plain values."""
    rng = random.Random(seed * 1_000_003 + number)
    year = layout["year"]
    target = layout["target"]
    quality = _clip(rng.gauss(86.0, 7.0), 45.0, 99.5)
    name, kind, province = agency_identity(rng)

    items: dict[str, tuple[float, str | None]] = {}
    by_indicator: dict[int, list[str]] = {}
    for code, no, _, _ in layout["items"]:
        by_indicator.setdefault(no, []).append(code)
    indicators: dict[int, float] = {}
    oit_given: dict[int, float] = {}
    for no, tool, _ in layout["indicators"]:
        codes = by_indicator.get(no, [])
        if layout["scales"][tool] == "met":
            if layout["computable"][no]:
                share = 1.0 if rng.random() < 0.35 else _clip(rng.gauss(quality + 2, 10.0), 25, 100) / 100
            else:   # given as published; its items (if the year lists any) roughly agree with it
                given = 100.0 if rng.random() < 0.4 else round(_clip(rng.gauss(quality + 2, 9.0), 30, 100), 2)
                oit_given[no] = given
                share = given / 100
            for code in codes:
                met = rng.random() < share
                note = rng.choice(OIT_RECOMMENDATIONS) if not met and rng.random() < 0.3 else None
                items[code] = (100.0 if met else 0.0, note)
        else:
            level = quality + (3.0 if tool == "IIT" else -2.5) + rng.gauss(0, 3.5)
            for code in codes:
                score = round(_clip(rng.gauss(level, 5.0), 20.0, 100.0), 2)
                note = None
                if score < target and rng.random() < 0.35:
                    spec = next(item for item in layout["items"] if item[0] == code)
                    note = rng.choice(RECOMMENDATIONS) if rng.random() < 0.7 else "เห็นควร" + spec[3]
                items[code] = (score, note)
    for no, tool, _ in layout["indicators"]:
        codes = by_indicator.get(no, [])
        if no in oit_given:
            indicators[no] = oit_given[no]
        elif layout["scales"][tool] == "met" and layout["groups"].get(no):
            indicators[no] = round(100 * fmean(fmean(items[c][0] / 100 for c in group)
                                               for group in layout["groups"][no]), 2)
        elif codes:
            indicators[no] = round(fmean(items[c][0] for c in codes), 2)
        else:
            indicators[no] = round(_clip(rng.gauss(quality, 6.0), 30, 100), 2)

    blank: set[int] = set()
    if rng.random() < 0.2:      # a clerk who left some indicators for the items to make up
        computable = [no for no, can in layout["computable"].items() if can and by_indicator.get(no)]
        blank = set(rng.sample(computable, min(len(computable), rng.randint(1, 4))))

    tools = {tool: fmean(indicators[no] for no, t, _ in layout["indicators"] if t == tool)
             for tool in layout["weights"]}
    ita = sum(layout["weights"][tool] * score for tool, score in tools.items()) / 100
    level = next((name for name, low, tools_min in layout["levels"]
                  if round(ita, 2) >= low and (tools_min is None or round(min(tools.values()), 2) >= tools_min)),
                 layout["levels"][-1][0])
    stated = rng.random() < 0.6
    gregorian = year - 543
    date = dt.datetime(gregorian, rng.randint(5, 9), rng.randint(1, 28))
    short = name.replace("องค์การบริหารส่วนตำบล", "อบต.").replace("เทศบาลตำบล", "ทต.")
    agency = {
        "name": name, "type": kind, "province": province, "fiscal_year": year,
        "stated_ita": round(ita, 2) if stated else None, "stated_level": level if stated else None,
        "stated_iit": round(tools.get("IIT", 0), 2) if stated else None,
        "stated_eit": round(tools.get("EIT", 0), 2) if stated else None,
        "stated_oit": round(tools.get("OIT", 0), 2) if stated else None,
        "preparer": f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}", "position": rng.choice(POSITIONS),
        "date": date,
    }
    if rng.random() < 0.5:
        agency |= {"division": f"{rng.choice(DIVISIONS)} {short}",
                   "document_no": f"ที่ {thai(rng.randint(10000, 99999))}/{thai(year)}",
                   "addressee": "นายก" + name if kind.startswith(("องค์การ", "เทศบาล")) else "หัวหน้าส่วนราชการ"}
    return {"agency": agency, "indicators": {no: None if no in blank else score for no, score in indicators.items()},
            "items": items, "measures": measures(rng, year)}


def measures(rng: random.Random, year: int) -> list[tuple[str, ...]]:
    count = rng.choices(range(11), weights=(8, 5, 8, 14, 15, 15, 11, 8, 6, 5, 5))[0]
    rows = []
    for n, title in enumerate(rng.sample(MEASURE_TITLES, count), start=1):
        steps = rng.sample(MEASURE_STEPS, rng.randint(1, 4))
        results = rng.sample(RESULTS, rng.randint(1, 3))

        def numbered(lines):
            return "\n".join(f"{thai(k)}. {line}" for k, line in enumerate(lines, 1)) if len(lines) > 1 else lines[0]
        rows.append((f"{thai(n)}. {title}", numbered(steps), rng.choice(RESPONSIBLE),
                     rng.choice(TIMELINES).format(y=thai(year - 1 if rng.random() < 0.5 else year)),
                     numbered(results), rng.choice(SUGGESTIONS) if rng.random() < 0.35 else ""))
    return rows


# ---------------------------------------------------------------- writing

def _row_height(*cells: tuple[str, float]) -> float:
    """About as tall as the template makes it (26 pt a wrapped line of 16 pt Thai)."""
    lines = max((sum(max(1, -(-len(part) // max(1, int(width * 0.9)))) for part in text.split("\n"))
                 for text, width in cells if text), default=1)
    return lines * 26 + 4


def _page(sheet, landscape: bool = True, header: bool = True) -> None:
    sheet.set_paper(9)
    if landscape:
        sheet.set_landscape()
    sheet.set_margins(left=3 / 2.54, right=2 / 2.54, top=2.5 / 2.54, bottom=2 / 2.54)
    sheet.fit_to_pages(1, 0)
    sheet.set_footer("&L&A&Rหน้า &P จาก &N")
    if header:
        sheet.repeat_rows(0)
        sheet.freeze_panes(1, 0)


def _score_validation(sheet, first: int, col: int, last: int) -> None:
    sheet.data_validation(first, col, last, col, {
        "validate": "decimal", "criteria": "between", "minimum": 0, "maximum": 100,
        "input_title": "คะแนน", "input_message": "ตัวเลข 0–100 เช่น 91.50",
        "error_type": "warning", "error_message": "คะแนนควรเป็นตัวเลข 0–100"})


def write_workbook(path: Path, layout: dict, data: dict, years: tuple[int, ...]) -> None:
    """The year's template, filled with ``data``, in the template's own layout and formats."""
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), {
        "in_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
        "default_format_properties": {"font_name": FONT, "font_size": FONT_SIZE},
        "default_row_height": 32, "default_column_width": 120})
    base = {"font_name": FONT, "font_size": FONT_SIZE, "valign": "top"}
    cell = base | {"border": 1, "border_color": "#808080"}
    fmt = {
        "header": book.add_format(cell | {"bold": True, "font_color": "#FFFFFF", "bg_color": "#1F4E79",
                                          "text_wrap": True, "align": "center", "valign": "vcenter"}),
        "label": book.add_format(cell | {"bold": True, "bg_color": "#DDEBF7", "text_wrap": True}),
        "note": book.add_format(base | {"italic": True, "font_color": "#595959", "text_wrap": True}),
        "title": book.add_format(base | {"bold": True, "font_size": FONT_SIZE + 4}),
        "text": book.add_format(cell | {"text_wrap": True}),
        "center": book.add_format(cell | {"align": "center"}),
        "integer": book.add_format(cell | {"align": "center", "num_format": "0"}),
        "input": book.add_format(cell | {"bg_color": "#FFF2CC", "text_wrap": True}),
        "input_score": book.add_format(cell | {"bg_color": "#FFF2CC", "num_format": "0.00"}),
        "input_date": book.add_format(cell | {"bg_color": "#FFF2CC", "num_format": "[$-107041E]d mmmm yyyy",
                                              "align": "left"}),
    }
    agency_name, indicator_name, item_name, measure_name, guide_name = layout["sheets"]

    def headers(sheet, labels, widths, landscape=True):
        for col, (label, width) in enumerate(zip(labels, widths)):
            sheet.set_column(col, col, width)
            sheet.write_string(0, col, label, fmt["header"])
        sheet.set_row(0, _row_height(*zip(labels, widths)))
        _page(sheet, landscape)

    # หน่วยงาน
    sheet = book.add_worksheet(agency_name)
    widths = (20, 26, 34)
    headers(sheet, layout["agency_header"], widths)
    for row, (label, hint) in enumerate(layout["agency"], start=1):
        key = _agency_key(label) or ""
        value = data["agency"].get(key)
        sheet.write_string(row, 0, label, fmt["label"])
        sheet.write_string(row, 2, hint, fmt["note"])
        if key == "fiscal_year":
            sheet.write_number(row, 1, value, fmt["input"])
            sheet.data_validation(row, 1, row, 1, {"validate": "list", "source": [str(y) for y in years],
                                                   "input_message": "เลือกปีงบประมาณ (พ.ศ.)"})
        elif key == "date":
            sheet.write_datetime(row, 1, value, fmt["input_date"])
        elif key.startswith("stated_") and key != "stated_level":
            if value is None:
                sheet.write_blank(row, 1, None, fmt["input_score"])
            else:
                sheet.write_number(row, 1, value, fmt["input_score"])
            _score_validation(sheet, row, 1, row)
        elif value:
            sheet.write_string(row, 1, str(value), fmt["input"])
        else:
            sheet.write_blank(row, 1, None, fmt["input"])
        sheet.set_row(row, _row_height((hint, widths[2]), (label, widths[0])))

    # ตัวชี้วัด
    sheet = book.add_worksheet(indicator_name)
    headers(sheet, layout["indicator_header"], (9, 7, 24, 9), landscape=False)
    for row, (no, tool, name) in enumerate(layout["indicators"], start=1):
        sheet.write_number(row, 0, no, fmt["integer"])
        sheet.write_string(row, 1, tool, fmt["center"])
        sheet.write_string(row, 2, name, fmt["text"])
        score = data["indicators"][no]
        if score is None:
            sheet.write_blank(row, 3, None, fmt["input_score"])
        else:
            sheet.write_number(row, 3, score, fmt["input_score"])
    _score_validation(sheet, 1, 3, len(layout["indicators"]))

    # รายข้อ
    sheet = book.add_worksheet(item_name)
    widths = (6, 8, 30, 8, 30)
    headers(sheet, layout["item_header"], widths)
    met_tools = {tool for tool, scale in layout["scales"].items() if scale == "met"}
    tool_of = {no: tool for no, tool, _ in layout["indicators"]}
    for row, (code, no, text, _) in enumerate(layout["items"], start=1):
        score, note = data["items"][code]
        sheet.write_string(row, 0, code, fmt["center"])
        sheet.write_number(row, 1, no, fmt["integer"])
        sheet.write_string(row, 2, text, fmt["text"])
        sheet.write_number(row, 3, score, fmt["input_score"])
        if note:
            sheet.write_string(row, 4, note, fmt["input"])
        else:
            sheet.write_blank(row, 4, None, fmt["input"])
        sheet.set_row(row, _row_height((text, widths[2]), (note or "", widths[4])))
        if tool_of[no] in met_tools:
            sheet.data_validation(row, 3, row, 3, {"validate": "list", "source": ["100", "0", "ผ่าน", "ไม่ผ่าน",
                                                                               "มี", "ไม่มี"],
                                                   "input_message": "100 หรือ 0, ผ่าน/ไม่ผ่าน, มี/ไม่มี",
                                                   "error_type": "warning"})
        else:
            _score_validation(sheet, row, 3, row)

    # มาตรการ
    sheet = book.add_worksheet(measure_name)
    widths = (16, 26, 11, 11, 18, 10)
    headers(sheet, layout["measure_header"], widths)
    rows = data["measures"]
    for row in range(1, max(MEASURE_ROWS, len(rows)) + 1):
        values = rows[row - 1] if row <= len(rows) else ("",) * len(widths)
        for col, value in enumerate(values):
            if value:
                sheet.write_string(row, col, value, fmt["input"])
            else:
                sheet.write_blank(row, col, None, fmt["input"])
        if row <= len(rows):
            sheet.set_row(row, _row_height(*zip(values, widths)))

    # คำอธิบาย
    sheet = book.add_worksheet(guide_name)
    sheet.set_column(0, 0, 44)
    _page(sheet, landscape=False, header=False)
    guide = layout["guide"]
    sheet.write_string(0, 0, guide[0], fmt["title"])
    for row, line in enumerate(guide[2:], start=2):
        if line:
            sheet.write_string(row, 0, line, fmt["note"])
            sheet.set_row(row, _row_height((line, 44)))
    book.close()


_SAMPLE_PARTS: list[tuple[zipfile.ZipInfo, bytes]] | None = None


def copy_sample(path: Path, name: str) -> None:
    """The real sample with another agency's name (its sheet of agency data edited in the zip)."""
    global _SAMPLE_PARTS
    if _SAMPLE_PARTS is None:
        with zipfile.ZipFile(SAMPLE) as archive:
            _SAMPLE_PARTS = [(info, archive.read(info)) for info in archive.infolist()]
    old, new = f"<t>{SAMPLE_NAME}</t>".encode(), f"<t>{name}</t>".encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in _SAMPLE_PARTS:
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(old, new, 1)
            archive.writestr(info, data, zipfile.ZIP_DEFLATED)
    path.write_bytes(buffer.getvalue())


# ---------------------------------------------------------------- the pool

_LAYOUTS: dict[int, dict] = {}
_YEARS: tuple[int, ...] = ()


def _init(layouts: dict[int, dict]) -> None:
    global _LAYOUTS, _YEARS
    _LAYOUTS, _YEARS = layouts, tuple(sorted(layouts))


def year_of(number: int, seed: int, years: tuple[int, ...]) -> int:
    rng = random.Random(seed * 7_919 + number)
    return rng.choices(years, weights=year_weights(years))[0]


def _write(task: tuple[Path, int, int]) -> int:
    folder, number, seed = task
    path = folder / f"agency-{number:05d}.xlsx"
    if number % SAMPLE_EVERY == 0:
        rng = random.Random(seed * 31 + number)
        copy_sample(path, "องค์การบริหารส่วนตำบล" + rng.choice(PLACE_HEADS) + rng.choice(PLACE_TAILS))
        return 1
    layout = _LAYOUTS[year_of(number, seed, _YEARS)]
    write_workbook(path, layout, content(number, seed, layout), _YEARS)
    return 1


def generate(folder: Path, count: int, seed: int = 2565, jobs: int | None = None, quiet: bool = False) -> list[Path]:
    """``count`` files in ``folder`` (reused when its manifest matches); their paths, sorted."""
    import ita_xl

    folder = Path(folder)
    layouts = template_layouts(ita_xl.supported_years())
    wanted = {"count": count, "seed": seed, "fingerprint": fingerprint(layouts)}
    manifest = folder / MANIFEST
    existing = sorted(folder.glob(PATTERN)) if folder.is_dir() else []
    try:
        if json.loads(manifest.read_text()) == wanted and len(existing) == count:
            return existing
    except (OSError, ValueError):
        pass
    folder.mkdir(parents=True, exist_ok=True)
    manifest.unlink(missing_ok=True)
    for old in existing:
        old.unlink()
    start = time.perf_counter()
    tasks = [(folder, number, seed) for number in range(1, count + 1)]
    jobs = jobs or os.cpu_count() or 1
    with ProcessPoolExecutor(max_workers=jobs, initializer=_init, initargs=(layouts,)) as pool:
        sum(pool.map(_write, tasks, chunksize=max(1, min(200, count // (jobs * 4) or 1))))
    manifest.write_text(json.dumps(wanted))
    if not quiet:
        size = sum(p.stat().st_size for p in folder.glob(PATTERN))
        print(f"generated {count:,} files in {folder} in {time.perf_counter() - start:.1f} s "
              f"({size / count / 1024:.1f} KB each on average)", file=sys.stderr)
    return sorted(folder.glob(PATTERN))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, required=True, help="how many agency files")
    parser.add_argument("--folder", type=Path, help="where (default: <tmp>/ita-bench/inputs-COUNT)")
    parser.add_argument("--seed", type=int, default=2565)
    parser.add_argument("--jobs", type=int, help="processes (default: every core)")
    options = parser.parse_args()
    folder = options.folder or Path(tempfile.gettempdir()) / "ita-bench" / f"inputs-{options.count}"
    paths = generate(folder, options.count, options.seed, options.jobs)
    print(len(paths), "files in", folder)


if __name__ == "__main__":
    main()
