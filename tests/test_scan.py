"""The fast engine's quick path (``engines/scan.py``): it takes whole the parts spreadsheet programs
write, and hands every other form to expat, which then reads it as it always did.

That both ways read every odd workbook alike is tested in test_engines_agree.py (engines "fast" and
"expat"); here, that the quick path is the one that really reads ordinary files (else the speed is
silently lost), that what it cannot vouch for goes to expat, and every form two reviews found read
otherwise. That hostile parts cost linear time is measured, not timed here: see benchmarks/README.md.
"""
from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from builders import SAMPLE, write_input
from libreoffice import convert as lo_convert
from odd_workbooks import CASES, INDICATORS

from ita_xl import load, load_framework, write_template
from ita_xl.reading.engines import fast, read_cells, scan

MAKERS = {name: make for name, make, _ in CASES}


def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()
                if name.startswith("xl/worksheets/") and name.endswith(".xml") or name == "xl/sharedStrings.xml"}


def read_quickly(name: str, data: bytes) -> None:
    """The part through the quick path alone; ``NotPlain`` when it hands the part on."""
    if name == "xl/sharedStrings.xml":
        fast._scan_shared_strings(data)
    else:
        fast._scan_sheet(data, scan.Sink(lambda number: True, lambda *cell: None, lambda ref: None))


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
            f'</sheetData><mergeCells count="1"><mergeCell ref="A1:B2"/></mergeCells></worksheet>').encode()


@pytest.mark.parametrize("rows", [
    '<row r="1">' + '<c r="A1"><v>1</v>' * 100_000 + "</row>",        # cells never closed
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


def read_both_ways(data: bytes) -> tuple:
    """(quick path, expat) readings of one worksheet part, each SheetCells or the exception's name."""
    from ita_xl.reading.engines import formats
    from ita_xl.reading.engines.cells import SheetCells

    readings = []
    for quick in (True, False):
        cells = SheetCells()
        sink = fast._cells(cells, ["s0", "s1"], [None, "percent"], formats.WINDOWS_EPOCH)
        try:
            if quick:
                fast._scan_sheet(data, sink)
            else:
                fast._parse_bytes(data, fast._sheet_callbacks(sink))
            readings.append(cells)
        except Exception as error:  # noqa: BLE001 - which error each path raises is what is compared
            readings.append(type(error).__name__)
    return tuple(readings)


@pytest.mark.parametrize("rows", [
    '<row r="1">' + "<c s='1' r='A1'><v>0.5</v></c>" * 1_000 + "</row>",    # odd pieces, one by one
    '<row r="1" spans="1:2" x14ac:dyDescent="0.25"><c r="A1" s="1"><v>0.5</v></c><c r="B1" t="s"><v>1</v></c></row>',
    '<row r="1"><c r="A1" t="inlineStr"><is/></c><c r="B1" t="inlineStr"><is><t/></is></c></row>',
    '<row r="1"><c r="A1" t="str"><f t="shared" si="0" ref="A1:A2">1+1</f><v>2</v></c></row>'
    '<row r="2"><c r="A2"><f t="shared" si="0"/></c></row>',
    '<row r="1.5"><c r="A1"><v>1</v></c></row><row><c><v>2</v></c></row>',
    '<row r="1"><c r="XFE1"><v>1</v></c><c r="XFF1"/><c r="A1" t="s"><v>7</v></c></row>',
])
def test_the_quick_path_reads_odd_plain_sheets_exactly_as_expat(rows):
    data = sheet(rows).replace(b"<worksheet ", b'<worksheet xmlns:x14ac="urn:x14ac" ')
    quick, slow = read_both_ways(data)
    assert quick == slow


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
    fast._scan_sheet(sheet(rows), scan.Sink(lambda number: seen.append(("row", number)) or True,
                                            lambda *cell: seen.append(cell), lambda ref: seen.append(ref)))
    assert seen == ["A1:B2", ("row", "2"), ("A2", "4", "s", "0"), ("B2", None, "n", "3", {}, "SUM(1,2)", None),
                    ("C2", None, "inlineStr", "", None, "", "ก & ข"), ("D2", "1", "n", ""), ("row", "3")]


def worksheet(body: str, root: str = f'xmlns="{scan.MAIN}"', declaration: str = '<?xml version="1.0"?>') -> bytes:
    return f"{declaration}<worksheet {root}>{body}</worksheet>".encode()


R1 = '<row r="1"><c r="A1"><v>5</v></c></row>'
PREFIXED = f'xmlns="{scan.MAIN}" xmlns:x="{scan.MAIN}"'


# Found in review: each once read differently by the quick path (or read where expat refuses).
@pytest.mark.parametrize("data", [
    worksheet(f'<x:sheetData>{R1.replace("<", "<x:").replace("<x:/", "</x:")}</x:sheetData>', PREFIXED),
    worksheet('<sheetData/><x:sheetData><x:row r="2"><x:c r="A2"><x:v>7</x:v></x:c></x:row></x:sheetData>', PREFIXED),
    worksheet(f'<sheetData xmlns="urn:other">{R1}</sheetData>'),
    worksheet('<sheetData><row r="1" xmlns="urn:other"><c r="A1"><v>5</v></c></row></sheetData>'),
    worksheet(f'<sheetData>{R1}</sheetData><mergeCells xmlns="urn:other"><mergeCell ref="A1:B2"/></mergeCells>'),
    worksheet(f'<sheetData>{R1}</sheetData><x:mergeCells count="1"><x:mergeCell ref="A1:B2"/></x:mergeCells>',
              PREFIXED),
    worksheet('<sheetData><row r="1" r="2"><c r="A1"><v>5</v></c></row></sheetData>'),
    worksheet('<sheetData><row r="1"><c r="A1" t="n" r="B1"><v>5</v></c></row></sheetData>'),
    worksheet(f'<sheetData>{R1}</sheetData><mergeCells><mergeCell ref="A1:B2" ref="C1:D2"/></mergeCells>'),
    worksheet(f'<sheetData>{R1}</sheetData>')[:-len("</worksheet>")],
    worksheet(f'<sheetData>{R1}</sheetData><foo><bar></foo>'),
    worksheet(f'<sheetPr><a></b></sheetPr><sheetData>{R1}</sheetData>'),
    worksheet('<sheetData><row r="1"><c r="A1"><v>5</v></c></sheetData>'),
    worksheet(f'<sheetData></row>{R1}</sheetData>'),
    worksheet('<sheetData><row r="1" spans="&bogus;"><c r="A1"><v>5</v></c></row></sheetData>'),
    worksheet('<sheetData><row r="1"><c r="A1"><v>5]]></v></c></row></sheetData>'),
    worksheet('<sheetData><row r="1"><c r="A1" foo:x="1"><v>5</v></c></row></sheetData>'),
    worksheet('<sheetData><row\u00a0r="1"><c r="A1"><v>5</v></c></row></sheetData>'),
    worksheet(f"<sheetData>{R1}</sheetData>", declaration='<?xml-stylesheet href="a"?>'),
    worksheet('<sheetData><row r="1"><c r="A1" t="inlineStr"><is><r><rPr><!--</rPr><t>x</t></r></is></c>'
              '<c r="B1"><v>999</v></c><c r="C1" t="inlineStr"><is><r><rPr>--></rPr><t>y</t></r></is></c>'
              "</row></sheetData>"),
    worksheet('<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>a</t><rPh><![CDATA[</rPh><t>FAKE</t>'
              '<phoneticPr x="]]></rPh>"/></is></c></row></sheetData>'),
    worksheet('<sheetData><row r="1">' + " " * 20_000 + "x</row></sheetData>"),
    worksheet("<sheetData>" + "".join(f'<row r="{n}"><c r="XFE{n}"><v>1</v></c></row>' for n in range(1, 101))
              + '<row r="200"><c r="XFF200"/></row></sheetData>'),
])
def test_the_quick_path_never_reads_a_sheet_otherwise_than_expat(data):
    quick, slow = read_both_ways(data)
    assert quick == slow or quick == "NotPlain"


def shared_strings_both_ways(body: str, root: str = f'xmlns="{scan.MAIN}"') -> tuple:
    data = f'<?xml version="1.0"?><sst {root}>{body}</sst>'.encode()
    try:
        quick = fast._scan_shared_strings(data)
    except scan.NotPlain:
        quick = "NotPlain"
    strings = []
    try:
        start, end, text = fast._shared_strings_callbacks(strings)
        fast._parse_bytes(data, (start, end, text))
        slow = strings
    except Exception as error:  # noqa: BLE001 - which error expat raises is what is compared
        slow = type(error).__name__
    return quick, slow


@pytest.mark.parametrize("body, root", [
    ("<si><r><rPr><!--</rPr><t>FAKE</t></r><r><rPr>--></rPr><t>REAL</t></r></si>", None),
    ("<si><r><rPr><![CDATA[</rPr><t>12</t></r><r><rPr>]]></rPr><t>3</t></r></si>", None),
    ('<si><t>a</t><rPh><t>b</t></rPh></si><si><r><rPr><b/><sz val="11"/></rPr><t>x</t></r><r><t>y</t></r></si>',
     None),
    ("<si><t>a&#13;b_x000D_</t></si><si/><si><t>b</t><t>c</t></si>", None),
    ('<si><t xml:space="preserve"> a </t></si><si><t/></si>', None),
    ('<si><r><t>a</t></r><rPh sb="0"><t>z</t></rPh><phoneticPr fontId="1"/></si>', None),
    ("<si><t>a</t></si>", f'xmlns="{scan.MAIN}" count="1" count="2"'),
    ('<si><t foo="1" foo="2">a</t></si>', None),
    ("<si><t>a]]></t></si>", None),
    ("<si><r><rPr><b><c><d></rPr><t>a</t></r></si>", None),
    ("<si>" + " " * 20_000 + "x</si>", None),
])
def test_the_quick_path_never_reads_shared_strings_otherwise_than_expat(body, root):
    quick, slow = shared_strings_both_ways(body, root or f'xmlns="{scan.MAIN}"')
    assert quick == slow or quick == "NotPlain"


def test_utf_8_is_taken_by_its_name_only():
    """expat reads "UTF8" as an unknown single-byte encoding and refuses Thai in it: so must the quick path."""
    quick, slow = shared_strings_both_ways("<si><t>ก</t></si>")
    assert quick == slow == ["ก"]
    for spelling in ("UTF8", "utf_8"):
        data = f'<?xml version="1.0" encoding="{spelling}"?><sst xmlns="{scan.MAIN}"><si><t>ก</t></si></sst>'
        with pytest.raises(scan.NotPlain):
            fast._scan_shared_strings(data.encode())


def test_namespaces_are_compared_as_expat_compares_them():
    """Two prefixes bound to one namespace, once its references are undone, make a duplicate attribute."""
    data = worksheet('<sheetData><row r="1"><c r="A1" a:x="1" b:x="2"><v>5</v></c></row></sheetData>',
                     f'xmlns="{scan.MAIN}" xmlns:a="urn:x" xmlns:b="urn:&#120;"')
    assert read_both_ways(data) == ("NotPlain", "ExpatError")
