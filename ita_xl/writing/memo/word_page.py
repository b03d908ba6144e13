"""The Word memo's pages: A4 with a Thai letter's margins, the font as the document's default,
portrait sections and the landscape one of the measures, and the page number at the top centre
from the second page on, in the memo's digits."""
from __future__ import annotations

from ..edition import Edition
from ..page import A4_CM, HEADER_CM, MARGINS_CM, text_height_cm, text_width_cm
from .ooxml import LATIN, different_first_page, field, run_properties


class PageSetter:
    """Sets up a python-docx ``Document``'s sections, styles and page numbers."""

    def __init__(self, document, edition: Edition, thai_digits: bool, typeset: bool):
        self.document, self.edition, self.thai_digits, self.typeset = document, edition, thai_digits, typeset
        self.text_cm = text_width_cm()
        self.text_height_cm = text_height_cm()

    def setup(self, font: str, size: float) -> None:
        section = self.document.sections[0]
        self._geometry(section, landscape=False)
        self._styles(font, size)
        self._page_number(section)
        different_first_page(section)

    def _geometry(self, section, landscape: bool) -> None:
        from docx.enum.section import WD_ORIENT
        from docx.shared import Cm
        width, height = (A4_CM[1], A4_CM[0]) if landscape else A4_CM
        section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Cm(width), Cm(height)
        section.left_margin, section.right_margin = Cm(MARGINS_CM["left"]), Cm(MARGINS_CM["right"])
        section.top_margin, section.bottom_margin = Cm(MARGINS_CM["top"]), Cm(MARGINS_CM["bottom"])
        section.header_distance = Cm(HEADER_CM)
        self.text_cm, self.text_height_cm = text_width_cm(landscape), text_height_cm(landscape)

    def _styles(self, font: str, size: float) -> None:
        """The font (Latin and Thai) and size as the document's defaults and its Normal style (the
        template's theme fonts removed: a theme font overrides a named one); single-spaced
        paragraphs with no space after, never a lone line at the foot or head of a page."""
        from docx.oxml.ns import qn
        from docx.shared import Pt
        styles = self.document.styles
        defaults = styles.element.find(qn("w:docDefaults"))
        for holder in (defaults.find(qn("w:rPrDefault")), styles["Normal"].element):
            old = holder.find(qn("w:rPr"))
            if old is not None:
                holder.remove(old)
            holder.append(run_properties(font, size, language=LATIN, no_proofing=True))
        fmt = styles["Normal"].paragraph_format
        fmt.space_before, fmt.space_after, fmt.line_spacing = Pt(0), Pt(0), 1.0
        fmt.widow_control = True
        spacing = defaults.find(f"{qn('w:pPrDefault')}/{qn('w:pPr')}/{qn('w:spacing')}")
        if spacing is not None:
            spacing.set(qn("w:after"), "0")
            spacing.set(qn("w:line"), "240")

    def _page_number(self, section) -> None:
        """"- ๒ -" centred at the top: the PAGE field, in Thai digits (``\\* ThaiArabic``) where the
        memo's are. The copy LibreOffice prints (``typeset``) has none: LibreOffice reads that switch
        as Thai letters, so the PDF's numbers are stamped on its pages (``page_numbers``)."""
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        if self.typeset:
            return
        paragraph = section.header.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        instruction = "PAGE \\* ThaiArabic" if self.thai_digits else "PAGE"
        before, _, after = self.edition.t("memo.page_number", page="\0").partition("\0")

        def rpr():
            return run_properties(language=LATIN)
        paragraph.add_run(before)._r.insert(0, rpr())
        field(paragraph, instruction, "๒" if self.thai_digits else "2", rpr)
        paragraph.add_run(after)._r.insert(0, rpr())

    def drop_thumbnail(self) -> None:
        """python-docx's template carries the picture of an empty page as the file's thumbnail."""
        from docx.opc.constants import RELATIONSHIP_TYPE as RT
        rels = self.document.part.package.rels
        for rid in [rid for rid, rel in rels.items() if rel.reltype == RT.THUMBNAIL]:
            rels.pop(rid)
