"""The fast engine's quick path (``engines/scan.py``): it takes whole the parts spreadsheet programs
write, and hands every other form to expat, which then reads it as it always did.

That both ways read every odd workbook alike is tested in test_engines_agree.py (engines "fast" and
"expat"); here, that the quick path is the one that really reads ordinary files (else the speed is
silently lost), that what it cannot vouch for goes to expat, and that a hostile part cannot make it slow.
"""
from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from builders import SAMPLE, write_input
from libreoffice import convert as lo_convert
from odd_workbooks import CASES, INDICATORS

from ita_xl import load, load_framework, write_template
from ita_xl.engines import read_cells, scan

MAKERS = {name: make for name, make, _ in CASES}


def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()
                if name.startswith("xl/worksheets/") and name.endswith(".xml") or name == "xl/sharedStrings.xml"}


def read_quickly(name: str, data: bytes) -> None:
    """The part through the quick path alone; ``NotPlain`` when it hands the part on."""
    if name == "xl/sharedStrings.xml":
        scan.shared_strings(data)
    else:
        scan.sheet(data, scan.Sink(lambda number: True, lambda *cell: None, lambda cells: None, lambda ref: None))


def written_by_programs(folder: Path) -> dict[str, Path]:
    filled = write_input(folder / "xlsxwriter.xlsx", items={"I1": (91.5, "ควรปรับปรุง"), "O1": 100},
                         measures=[("มาตรการ ก & ข", "๑. ขั้นตอน", "กอง", "ตลอดปี", "", "")])
    template = folder / "template.xlsx"
    write_template(template, load_framework(2569))
    return {"openpyxl (the sample)": SAMPLE, "xlsxwriter": filled, "the template": template,
            "LibreOffice": lo_convert(filled, "xlsx", folder / "libreoffice", recalculate=False)}


def test_the_quick_path_reads_every_part_that_spreadsheet_programs_write(tmp_path):
    for writer, path in written_by_programs(tmp_path).items():
        found = parts(path)
        assert any(name.startswith("xl/worksheets/") for name in found), writer
        for name, data in found.items():
            try:
                read_quickly(name, data)
            except scan.NotPlain:
                pytest.fail(f"{writer}: {name} was handed to expat")


def test_the_quick_path_and_expat_read_files_of_every_program_alike(tmp_path):
    for writer, path in written_by_programs(tmp_path).items():
        wanted = lambda name: True     # noqa: E731 - every sheet, the guide too
        assert read_cells(path, wanted, "fast") == read_cells(path, wanted, "expat"), writer


@pytest.mark.parametrize("case", ["xml-comment-between-rows", "comment-hides-a-sheet-data", "cdata-score",
                                  "crlf-and-indentation", "utf-16-sheet", "prefixed-namespace"])
def test_forms_no_spreadsheet_program_writes_are_handed_to_expat(tmp_path, case):
    path = tmp_path / "odd.xlsx"
    MAKERS[case](path)
    with pytest.raises(scan.NotPlain):
        read_quickly(INDICATORS, parts(path)[INDICATORS])
    assert load(path).indicator_scores == load(SAMPLE).indicator_scores


@pytest.mark.parametrize("case", ["single-quoted-reordered-attributes", "character-reference-score"])
def test_odd_but_plain_pieces_are_read_on_the_quick_path(tmp_path, case):
    path = tmp_path / "odd.xlsx"
    MAKERS[case](path)
    read_quickly(INDICATORS, parts(path)[INDICATORS])
    assert load(path).indicator_scores == load(SAMPLE).indicator_scores


def sheet(rows: str) -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{scan.MAIN}"><sheetData>{rows}'
            f"</sheetData></worksheet>").encode()


@pytest.mark.parametrize("rows", [
    '<row r="1">' + '<c r="A1"><v>1</v>' * 100_000 + "</row>",        # cells never closed
    '<row r="1">' + "<c s='1' r='A1'/>" * 1_000 + "</row>",            # more odd pieces than are worth taking
                                                                       # one by one
    '<c r="A1"><v>1</v></c>',                                          # a cell outside any row
    '<row r="1"><row r="2"></row></row>',                              # a row in a row
    '<row r="1"><c r="A1"><v>1</v><extLst/></c></row>',                # more in a cell than f, v and is
    '<row r="1"><c r="A1" xmlns="urn:other"><v>1</v></c></row>',       # a cell in another namespace
    '<row r="1"><c r="A1" t="str"><v>&bogus;</v></c></row>',           # an entity XML does not define
    '<row r="1"><c r="A1" t="str"><v>&#1;</v></c></row>',              # a character XML does not allow
])
def test_what_the_quick_path_cannot_vouch_for_is_handed_on(rows):
    with pytest.raises(scan.NotPlain):
        read_quickly("xl/worksheets/sheet1.xml", sheet(rows))


def test_a_doctype_is_never_passed_over():
    data = sheet('<row r="1"><c r="A1"><v>1</v></c></row>').replace(
        b"<worksheet", b'<!DOCTYPE worksheet [<!ENTITY a "b">]><worksheet')
    with pytest.raises(scan.NotPlain):
        read_quickly("xl/worksheets/sheet1.xml", data)


def test_the_quick_path_hands_on_every_cell_as_expat_would():
    seen = []
    rows = ('<row r="2" spans="1:3"><c r="A2" s="4" t="s"><v>0</v></c><c r="B2"><f>SUM(1,2)</f><v>3</v></c>'
            '<c r="C2" t="inlineStr"><is><r><rPr><b/></rPr><t>ก</t></r><rPh sb="0" eb="1"><t>x</t></rPh>'
            '<r><t xml:space="preserve"> &amp; ข</t></r></is></c><c r="D2" s="1"/></row><row r="3"/>')
    scan.sheet(sheet(rows), scan.Sink(lambda number: seen.append(("row", number)) or True,
                                      lambda *cell: seen.append(cell), lambda cells: seen.append(cells),
                                      lambda ref: None))
    assert seen == [("row", "2"), ("B2", None, "n", "3", {}, "SUM(1,2)", None),
                    ("C2", None, "inlineStr", "", None, "", "ก & ข"), ("D2", "1", "n", ""), ("row", "3"),
                    [("A2", "4", "s", "0")]]
