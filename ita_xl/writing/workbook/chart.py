"""The chart of the year's indicators, as many as its framework lists: bars coloured by status, the
target as a line, data labels."""
from __future__ import annotations

from ..edition import Edition
from ..excel_rules import column_ref
from ..styles import BAR_BELOW, BAR_PASSED, PREVIOUS_YEAR, TARGET_LINE, numerals
from ..text_layout import PIXELS_PER_UNIT
from .context import ScoreCells

HIDE_ZERO = "0.00;-0.00;;"     # the zero half of each stacked pair shows no label


def indicator_chart(workbook, cells: ScoreCells, edition: Edition, width_units: float,
                    thai_digits: bool = False, compact: bool = False, ratio: float = 0.5):
    """Two stacked series (met / below target) so that a bar changes colour when its score is edited.

    ``compact`` (the memo's narrow page): indicators by number instead of name, no title.
    """
    t, font, sheet = edition.t, edition.font, cells.indicator_sheet
    rows = sorted(cells.indicator_rows.values())
    categories = column_ref(sheet, rows, cells.number_col if compact else cells.chart_col)
    label_font = {"name": font, "size": 9 if compact else 11, "color": "#FFFFFF", "bold": True, "rotation": 0}
    bars = workbook.add_chart({"type": "column", "subtype": "stacked"})
    for offset, colour in ((1, BAR_PASSED), (2, BAR_BELOW)):
        bars.add_series({
            "name": [sheet, cells.header_row, cells.chart_col + offset],
            "categories": f"={categories}",
            "values": f"={column_ref(sheet, rows, cells.chart_col + offset)}",
            "fill": {"color": colour},
            "gap": 60,
            # upright at the foot of the bar: far below the target line, which never crosses a label
            "data_labels": {"value": True, "num_format": numerals(HIDE_ZERO, thai_digits), "position": "inside_base",
                            "font": label_font},
        })
    target = workbook.add_chart({"type": "line"})
    target.add_series({
        "name": [sheet, cells.header_row, cells.chart_col + 3],
        "categories": f"={categories}",
        "values": f"={column_ref(sheet, rows, cells.chart_col + 3)}",
        "line": {"color": TARGET_LINE, "width": 2.25, "dash_type": "dash"},
        "marker": {"type": "none"},
    })
    if cells.previous_year is not None:
        target.add_series({
            "name": [sheet, cells.header_row, cells.chart_col + 4],
            "categories": f"={categories}",
            "values": f"={column_ref(sheet, rows, cells.chart_col + 4)}",
            "line": {"none": True},
            "marker": {"type": "diamond", "size": 9, "fill": {"color": PREVIOUS_YEAR},
                       "border": {"color": PREVIOUS_YEAR}},
        })
    bars.combine(target)
    axis_font = {"name": font, "size": 9 if compact else 11}
    if compact:
        bars.set_title({"none": True})
    else:
        bars.set_title({"name": t("report.chart_title"), "name_font": {"name": font, "size": 16, "bold": True}})
    bars.set_x_axis({"num_font": axis_font, "num_format": numerals("0", thai_digits),
                     "name": t("column.indicator_no") if compact else None, "name_font": axis_font})
    bars.set_y_axis({"min": 0, "max": 100, "major_unit": 20, "num_font": axis_font,
                     "num_format": numerals("0", thai_digits),
                     "name": t("report.chart_axis"), "name_font": axis_font,
                     "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}}})
    bars.set_legend({"position": "bottom", "font": {"name": font, "size": 9 if compact else 12}})
    width = round(width_units * PIXELS_PER_UNIT)
    bars.set_size({"width": width, "height": round(width * ratio)})
    return bars
