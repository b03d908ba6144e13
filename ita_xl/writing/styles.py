"""Cell formats, made once per workbook and named for their role (house style of XlsxWriter)."""
from __future__ import annotations

DEFAULT_FONT = "TH SarabunPSK"
DEFAULT_FONT_SIZE = 16

THAI_NUMERALS = "[$-D00041E]"                  # shows ๙๑.๔๑ while the cell stays a number
BE_DATE = {False: "[$-107041E]d mmmm yyyy",    # Buddhist era, Arabic digits
           True: "[$-D07041E]d mmmm yyyy"}     # Buddhist era, Thai digits
ENGLISH_DATE = "d mmmm yyyy"
HEADER_FILL = "#1F4E79"
INPUT_FILL = "#FFF2CC"
BELOW_TARGET_FILL = "#F8CBAD"
BELOW_TARGET_FONT = "#9C0006"
PASSED_FILL = "#E2EFDA"
PASSED_FONT = "#006100"
LIGHT_FILL = "#DDEBF7"
BAR_PASSED = "#2E75B6"
BAR_BELOW = "#C00000"
TARGET_LINE = "#ED7D31"
PREVIOUS_YEAR = "#7F7F7F"


def workbook_options(font: str = DEFAULT_FONT, font_size: float = DEFAULT_FONT_SIZE) -> dict:
    """xlsxwriter options that make ``font`` the workbook's Normal style."""
    return {
        "default_format_properties": {"font_name": font, "font_size": font_size},
        "default_row_height": round(font_size * 2),
        "default_column_width": 120,   # pixels: the column unit of a 16 pt Thai default font
        "strings_to_formulas": False,
        "strings_to_urls": False,
    }


def numerals(pattern: str, thai_digits: bool) -> str:
    """A number format shown in Thai digits when asked; every section of the format gets the prefix."""
    if not thai_digits:
        return pattern
    return ";".join(THAI_NUMERALS + section if section else section for section in pattern.split(";"))


class Styles:
    """The cell formats of one workbook (or one sheet's digit choice), by role; made once, reused."""

    def __init__(self, workbook, font: str = DEFAULT_FONT, font_size: float = DEFAULT_FONT_SIZE,
                 thai_digits: bool = False, buddhist_dates: bool = True):
        self.font, self.font_size, self.thai_digits = font, font_size, thai_digits
        base = {"font_name": font, "font_size": font_size, "valign": "top"}
        cell = base | {"border": 1, "border_color": "#808080"}
        score, integer = numerals("0.00", thai_digits), numerals("0", thai_digits)
        date = BE_DATE[thai_digits] if buddhist_dates else ENGLISH_DATE

        def make(**props):
            return workbook.add_format(cell | props)

        def plain(**props):
            return workbook.add_format(base | props)

        self.title = plain(bold=True, font_size=font_size + 4)
        self.title_wrap = plain(bold=True, font_size=font_size + 4, text_wrap=True, valign="vcenter")
        self.subtitle = plain(bold=True, text_wrap=True)
        self.note = plain(italic=True, font_color="#595959", text_wrap=True)
        self.header = make(bold=True, font_color="#FFFFFF", bg_color=HEADER_FILL, text_wrap=True,
                           align="center", valign="vcenter")
        self.label = make(bold=True, bg_color=LIGHT_FILL, text_wrap=True)
        self.text = make(text_wrap=True)
        self.text_bold = make(text_wrap=True, bold=True)
        self.center = make(align="center")
        self.integer = make(align="center", num_format=integer)
        self.score = make(num_format=score)
        self.gain = make(num_format=numerals("0.00##", thai_digits))
        self.change = make(num_format=numerals("+0.00;-0.00;0.00", thai_digits))
        self.trend_up = make(align="center", font_color=PASSED_FONT, bg_color=PASSED_FILL)
        self.trend_down = make(align="center", font_color=BELOW_TARGET_FONT, bg_color=BELOW_TARGET_FILL)
        self.score_bold = make(num_format=score, bold=True)
        self.score_below = make(num_format=score, bg_color=BELOW_TARGET_FILL, font_color=BELOW_TARGET_FONT)
        self.status = make(align="center")
        self.status_below = make(align="center", bg_color=BELOW_TARGET_FILL, font_color=BELOW_TARGET_FONT)
        self.input = make(bg_color=INPUT_FILL, text_wrap=True)
        self.input_score = make(bg_color=INPUT_FILL, num_format=score)
        self.input_date = make(bg_color=INPUT_FILL, num_format=date, align="left")
        self.below_target = workbook.add_format({"bg_color": BELOW_TARGET_FILL, "font_color": BELOW_TARGET_FONT})
        self.warning = workbook.add_format({"bold": True, "italic": False, "font_color": BELOW_TARGET_FONT})
        # the memo: no borders, paragraphs that wrap
        self.memo_title = plain(bold=True, font_size=font_size + 13, align="center", valign="vcenter")
        self.memo_text = plain(text_wrap=True)
        self.memo_bold = plain(bold=True, text_wrap=True)
        self.memo_center = plain(align="center", text_wrap=True)
        self.memo_date = plain(num_format=date, align="left")
        self.memo_warning = plain(bold=True, font_color=BELOW_TARGET_FONT, text_wrap=True)
        self.bold_run = workbook.add_format({"bold": True, "font_name": font, "font_size": font_size})
        self.run = workbook.add_format({"font_name": font, "font_size": font_size})
        self._make, self._continued = make, {}
        self._roles = {"header": dict(bold=True, font_color="#FFFFFF", bg_color=HEADER_FILL, text_wrap=True),
                       "label": dict(bold=True, bg_color=LIGHT_FILL, text_wrap=True),
                       "text": dict(text_wrap=True), "text_bold": dict(text_wrap=True, bold=True)}

    def continued(self, role: str, top: bool, bottom: bool):
        """A bordered role's format for one piece of a cell cut over several rows: the rule above
        only on the first piece, below only on the last (made once per kind)."""
        key = (role, top, bottom)
        if key not in self._continued:
            self._continued[key] = self._make(**self._roles[role], top=1 if top else 0, bottom=1 if bottom else 0)
        return self._continued[key]
