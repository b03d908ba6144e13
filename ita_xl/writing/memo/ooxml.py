"""The few WordprocessingML pieces python-docx has no API for: run properties for Thai (Word shapes
Thai with a run's complex-script properties), borders, shading, row flags, fields, tab leaders."""
from __future__ import annotations

LATIN, THAI = "en-US", "th-TH"      # w:lang: Latin text English (a Thai locale breaks Latin words), Thai as Thai
NO_LANGUAGE = "zxx"
BORDER_COLOUR = "808080"


def element(tag: str, **attributes):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    made = OxmlElement(tag)
    for name, value in attributes.items():
        made.set(qn(f"w:{name}"), str(value))
    return made


def run_properties(font: str | None = None, size: float | None = None, bold: bool = False,
                   colour: str | None = None, language: str | None = None, thai: str = THAI,
                   no_proofing: bool = False):
    """A ``w:rPr`` in schema order: the font and size for Latin and complex-script (Thai) text
    alike; ``language`` the Latin language, ``thai`` the complex script's; ``no_proofing``: Word's
    spelling check left off (it would mark every Thai word that carries break marks)."""
    rpr = element("w:rPr")
    if font:
        rpr.append(element("w:rFonts", ascii=font, hAnsi=font, eastAsia=font, cs=font))
    if bold:
        rpr.extend([element("w:b"), element("w:bCs")])
    if no_proofing:
        rpr.append(element("w:noProof"))
    if colour:
        rpr.append(element("w:color", val=colour))
    if size:
        half_points = round(size * 2)
        rpr.extend([element("w:sz", val=half_points), element("w:szCs", val=half_points)])
    if language:
        rpr.append(element("w:lang", val=language, eastAsia=language, bidi=thai))
    return rpr


def shade(cell, fill: str) -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    tcpr.insert_element_before(element("w:shd", val="clear", color="auto", fill=fill.lstrip("#")),
                               "w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark")


def borders(table, value: str) -> None:
    """Every border of the table, outside and between cells: ``single`` lines or ``nil``."""
    found = element("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        found.append(element(f"w:{side}", val=value, sz=4, space=0, color=BORDER_COLOUR) if value != "nil"
                     else element(f"w:{side}", val="nil"))
    table._tbl.tblPr.insert_element_before(found, "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook",
                                           "w:tblCaption", "w:tblDescription")


def fixed_layout(table, width_cm: float) -> None:
    """The table's width in twentieths of a point and a fixed layout: Word and LibreOffice keep the
    column widths given instead of fitting them to the text."""
    from docx.oxml.ns import qn
    table.autofit = False
    width = table._tbl.tblPr.find(qn("w:tblW"))
    if width is not None:
        width.set(qn("w:type"), "dxa")
        width.set(qn("w:w"), str(round(width_cm / 2.54 * 1440)))


def row_flags(row, header: bool, whole: bool) -> None:
    """A row never split across pages (``whole``: it fits on one); a header row repeated on every
    page the table takes."""
    trpr = row._tr.get_or_add_trPr()
    if whole or header:
        trpr.append(element("w:cantSplit"))
    if header:
        trpr.append(element("w:tblHeader"))


def field(paragraph, instruction: str, shown: str, rpr_of) -> None:
    """A field (``PAGE``) as Word writes it: begin, instruction, separate, its current result, end;
    ``rpr_of()`` gives each run's properties."""
    def run(*children, text: str | None = None):
        r = paragraph.add_run(text)
        r._r.insert(0, rpr_of())
        for child in children:
            r._r.append(child)

    instr = element("w:instrText")
    instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    instr.text = f" {instruction} "
    run(element("w:fldChar", fldCharType="begin"))
    run(instr)
    run(element("w:fldChar", fldCharType="separate"))
    run(text=shown)
    run(element("w:fldChar", fldCharType="end"))


def different_first_page(section, different: bool = True) -> None:
    """Whether the first page of ``section`` takes its own (empty) header: a memo numbers its pages
    from the second; a later section numbers all of its pages."""
    from docx.oxml.ns import qn
    sectpr = section._sectPr
    found = sectpr.find(qn("w:titlePg"))
    if different and found is None:
        sectpr.insert_element_before(element("w:titlePg"), "w:textDirection", "w:bidi", "w:rtlGutter",
                                     "w:docGrid", "w:printerSettings", "w:sectPrChange")
    elif not different and found is not None:
        sectpr.remove(found)
