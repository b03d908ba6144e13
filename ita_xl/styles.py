"""Cell formats, made once per workbook and named for their role (house style of XlsxWriter)."""
from __future__ import annotations

DEFAULT_FONT = "TH SarabunPSK"
DEFAULT_FONT_SIZE = 16

SCORE_FORMAT = "0.00"
BE_DATE_FORMAT = "[$-107041E]d mmmm yyyy"      # Buddhist era, Arabic digits
HEADER_FILL = "#1F4E79"
INPUT_FILL = "#FFF2CC"
BELOW_TARGET_FILL = "#F8CBAD"
BELOW_TARGET_FONT = "#9C0006"
PASSED_FILL = "#E2EFDA"
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
        "strings_to_formulas": False,
        "strings_to_urls": False,
    }


class Styles:
    """The formats of one workbook, by role."""

    def __init__(self, workbook, font: str = DEFAULT_FONT, font_size: float = DEFAULT_FONT_SIZE):
        base = {"font_name": font, "font_size": font_size, "valign": "top"}
        cell = base | {"border": 1, "border_color": "#808080"}

        def make(**props):
            return workbook.add_format(cell | props)

        self.title = workbook.add_format(base | {"bold": True, "font_size": font_size + 4})
        self.title_wrap = workbook.add_format(base | {"bold": True, "font_size": font_size + 4,
                                                      "text_wrap": True, "valign": "vcenter"})
        self.subtitle = workbook.add_format(base | {"bold": True, "text_wrap": True})
        self.note = workbook.add_format(base | {"italic": True, "font_color": "#595959", "text_wrap": True})
        self.plain = workbook.add_format(base)
        self.header = make(bold=True, font_color="#FFFFFF", bg_color=HEADER_FILL, text_wrap=True,
                           align="center", valign="vcenter")
        self.label = make(bold=True, bg_color=LIGHT_FILL, text_wrap=True)
        self.text = make(text_wrap=True)
        self.center = make(align="center")
        self.integer = make(align="center", num_format="0")
        self.score = make(num_format=SCORE_FORMAT)
        self.gain = make(num_format="0.00##")
        self.change = make(num_format="+0.00;-0.00;0.00")
        self.trend_up = make(align="center", font_color="#006100", bg_color=PASSED_FILL)
        self.trend_down = make(align="center", font_color=BELOW_TARGET_FONT, bg_color=BELOW_TARGET_FILL)
        self.score_bold = make(num_format=SCORE_FORMAT, bold=True)
        self.score_below = make(num_format=SCORE_FORMAT, bg_color=BELOW_TARGET_FILL, font_color=BELOW_TARGET_FONT)
        self.date = make(num_format=BE_DATE_FORMAT, align="left")
        self.status = make(align="center")
        self.status_below = make(align="center", bg_color=BELOW_TARGET_FILL, font_color=BELOW_TARGET_FONT)
        self.input = make(bg_color=INPUT_FILL, text_wrap=True)
        self.input_score = make(bg_color=INPUT_FILL, num_format=SCORE_FORMAT)
        self.input_date = make(bg_color=INPUT_FILL, num_format=BE_DATE_FORMAT, align="left")
        self.below_target = workbook.add_format({"bg_color": BELOW_TARGET_FILL, "font_color": BELOW_TARGET_FONT})
        self.passed = workbook.add_format({"bg_color": PASSED_FILL})
