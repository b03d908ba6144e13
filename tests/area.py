"""Agencies of an area for the consolidation's tests: real kinds of agency and real provinces,
among them provinces whose names code-point order sorts wrong (a leading vowel, a tone mark).

``write_area`` writes one filled input per agency (``builders.write_input``); file N depends
only on (seed, N), and each agency's ten indicators share one score, so its ITA is that score.
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

from builders import agency_rows, write_input

# Thai dictionary order; code-point order puts เพชรบุรี, แม่ฮ่องสอน and ไม่มี after ลำพูน
PROVINCES = ("กระบี่", "กรุงเทพมหานคร", "กาญจนบุรี", "ขอนแก่น", "เชียงราย", "เชียงใหม่", "ตาก", "นครราชสีมา",
             "น่าน", "พระนครศรีอยุธยา", "พะเยา", "พิษณุโลก", "เพชรบุรี", "เพชรบูรณ์", "แพร่", "ภูเก็ต",
             "แม่ฮ่องสอน", "ยโสธร", "ร้อยเอ็ด", "ระนอง", "ลพบุรี", "ลำปาง", "ลำพูน", "เลย", "ศรีสะเกษ",
             "สกลนคร", "สมุทรปราการ", "สุโขทัย", "สุพรรณบุรี", "หนองคาย", "อ่างทอง", "อุดรธานี", "อุบลราชธานี")
KINDS = (("องค์การบริหารส่วนตำบล", "องค์การบริหารส่วนตำบล"), ("เทศบาลตำบล", "เทศบาลตำบล"),
         ("เทศบาลเมือง", "เทศบาลเมือง"), ("โรงพยาบาล", "โรงพยาบาล"),
         ("สำนักงานเขตพื้นที่การศึกษาประถมศึกษา", "สำนักงานเขตพื้นที่การศึกษา"),
         ("องค์การบริหารส่วนจังหวัด", "องค์การบริหารส่วนจังหวัด"))
PLACES = ("บ้านใหม่", "หนองบัว", "โคกสูง", "ท่าช้าง", "แม่สาย", "ไผ่ล้อม", "เกาะคา", "ดอนแก้ว", "นาข่า", "บางระจัน",
          "ห้วยยาง", "วังทอง", "สระแก้ว", "บึงกาฬ", "คลองขลุง", "ทุ่งใหญ่", "ป่าแดด", "เขาย้อย", "โพธิ์ทอง",
          "ลาดหญ้า", "สายทอง", "ศรีเมือง", "น้ำพอง", "ดงมะไฟ", "ใหม่พัฒนา", "กุดจับ", "ขามทะเลสอ")
FAR_BELOW = 41.5       # the one agency far below target


@dataclass(frozen=True)
class Agency:
    name: str
    type: str
    province: str
    ita: float
    path: Path


def agencies(count: int, provinces, seed: int = 2569) -> list[tuple[str, str, str, float]]:
    """(name, type, province, ITA) of ``count`` agencies spread over ``provinces`` in turn; the
    last is far below target; names are unique."""
    rng = random.Random(seed)
    made, names = [], set()
    for n in range(count):
        province = provinces[n % len(provinces)]
        prefix, kind = KINDS[rng.randrange(len(KINDS))] if n % 7 else KINDS[0]
        if kind.startswith(("สำนักงานเขต", "องค์การบริหารส่วนจังหวัด")):
            name = prefix + province + (f" เขต {n % 3 + 1}" if kind.startswith("สำนักงาน") else "")
        else:
            name = prefix + rng.choice(PLACES)
        while name in names:
            name += "ใต้" if not name.endswith("ใต้") else "เหนือ"
        names.add(name)
        ita = FAR_BELOW if n == count - 1 else round(min(99.9, max(60.0, rng.gauss(88, 6))), 2)
        made.append((name, kind, province, ita))
    return made


def write_area(folder: Path, count: int, provinces=PROVINCES, year: int = 2569, seed: int = 2569,
               shift: float = 0.0, scores: dict[int, float] | None = None, names: dict[int, str] | None = None,
               leave_out: tuple[int, ...] = ()) -> list[Agency]:
    """One input file per agency in ``folder``; ``shift`` moves every score (last year's files),
    ``scores`` and ``names`` set agency N's ITA and name, ``leave_out`` writes no file for them."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for n, (name, kind, province, ita) in enumerate(agencies(count, provinces, seed)):
        if n in leave_out:
            continue
        name = (names or {}).get(n, name)
        score = (scores or {}).get(n, round(min(100.0, max(0.0, ita + shift)), 2))
        agency = [(label, {"จังหวัด": province, "ประเภทหน่วยงาน": kind}.get(label, value))
                  for label, value in agency_rows(year=year, name=name)]
        path = write_input(folder / f"agency-{n:03d}.xlsx", agency=agency,
                           indicators={no: score for no in range(1, 11)})
        written.append(Agency(name, kind, province, score, path))
    return written
