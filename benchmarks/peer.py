"""The pandas/openpyxl script an office would otherwise write to consolidate its agencies: the peer
`ita-xl batch` is set beside (not a floor: it checks nothing, formats nothing, and does less).

    python benchmarks/peer.py FOLDER OUTPUT

Every input under FOLDER (found as ita-xl finds them) is read with ``pandas.read_excel`` (the openpyxl
engine, as pandas reads .xlsx): the agency sheet's labels and values and the indicators sheet's scores.
Each agency's ITA is computed the plain way (each tool the mean of its indicators, the ITA the weighted
mean of the tools, with the year's weights), and the rows are written with ``DataFrame.to_excel``. One
process, as such a script is.
"""
from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from floor import find_inputs  # noqa: E402

AGENCY, INDICATORS = "หน่วยงาน", "ตัวชี้วัด"
TOOLS = {"IIT": (range(1, 6), 0.3), "EIT": (range(6, 9), 0.3), "OIT": (range(9, 11), 0.4)}


def agency_row(path: Path) -> dict:
    import pandas as pd
    sheets = pd.read_excel(path, sheet_name=[AGENCY, INDICATORS], header=None, engine="openpyxl")
    fields = {str(label).strip(): value for label, value in zip(sheets[AGENCY][0], sheets[AGENCY][1])}
    table = sheets[INDICATORS]
    header = next(n for n, row in table.iterrows() if "คะแนน" in [str(v).strip() for v in row])
    scores = {}
    for _, row in table.iloc[header + 1:].iterrows():
        number = pd.to_numeric(row[0], errors="coerce")
        if pd.notna(number):
            scores[int(number)] = float(pd.to_numeric(row[3], errors="coerce"))
    tools = {code: sum(scores.get(n, 0.0) for n in numbers) / len(numbers) for code, (numbers, _) in TOOLS.items()}
    ita = sum(tools[code] * weight for code, (_, weight) in TOOLS.items())
    return {"ชื่อหน่วยงาน": fields.get("ชื่อหน่วยงาน"), "ประเภท": fields.get("ประเภทหน่วยงาน"),
            "จังหวัด": fields.get("จังหวัด"), "ปี": fields.get("ปีงบประมาณ"),
            **{f"ตัวชี้วัด {n}": scores.get(n) for n in range(1, 11)}, **tools, "ITA": round(ita, 2),
            "ผ่าน": ita >= 85, "ไฟล์": str(path)}


def main() -> None:
    import pandas as pd
    folder, output = Path(sys.argv[1]), Path(sys.argv[2])
    rows = [agency_row(path) for path in find_inputs(folder)]
    frame = pd.DataFrame(rows).sort_values(["จังหวัด", "ชื่อหน่วยงาน"])
    frame.to_excel(output, index=False, engine="openpyxl")


if __name__ == "__main__":
    main()
