"""The chart of the ten indicators: bars coloured by status, the target as a line, data labels."""
from __future__ import annotations

from ..styles import BAR_BELOW, BAR_PASSED, PREVIOUS_YEAR, TARGET_LINE
from ..text import t
from .common import column_ref
from .indicator_sheet import IndicatorCells

HIDE_ZERO = "0.00;-0.00;;"     # the zero half of each stacked pair shows no label


def indicator_chart(workbook, cells: IndicatorCells, font: str):
    """Two stacked series (met / below target) so that a bar changes colour when its score is edited."""
    rows = sorted(cells.rows.values())
    categories = column_ref(cells.sheet, rows, cells.chart_col)
    bars = workbook.add_chart({"type": "column", "subtype": "stacked"})
    for offset, colour in ((1, BAR_PASSED), (2, BAR_BELOW)):
        bars.add_series({
            "name": [cells.sheet, 1, cells.chart_col + offset],
            "categories": f"={categories}",
            "values": f"={column_ref(cells.sheet, rows, cells.chart_col + offset)}",
            "fill": {"color": colour},
            "gap": 60,
            "data_labels": {"value": True, "num_format": HIDE_ZERO, "position": "inside_end",
                            "font": {"name": font, "size": 12, "color": "#FFFFFF", "bold": True}},
        })
    target = workbook.add_chart({"type": "line"})
    target.add_series({
        "name": [cells.sheet, 1, cells.chart_col + 3],
        "categories": f"={categories}",
        "values": f"={column_ref(cells.sheet, rows, cells.chart_col + 3)}",
        "line": {"color": TARGET_LINE, "width": 2.25, "dash_type": "dash"},
        "marker": {"type": "none"},
    })
    if cells.previous_year is not None:
        target.add_series({
            "name": [cells.sheet, 1, cells.chart_col + 4],
            "categories": f"={categories}",
            "values": f"={column_ref(cells.sheet, rows, cells.chart_col + 4)}",
            "line": {"none": True},
            "marker": {"type": "diamond", "size": 9, "fill": {"color": PREVIOUS_YEAR},
                       "border": {"color": PREVIOUS_YEAR}},
        })
    bars.combine(target)
    axis_font = {"name": font, "size": 11}
    bars.set_title({"name": t("report.chart_title"), "name_font": {"name": font, "size": 16, "bold": True}})
    bars.set_x_axis({"num_font": axis_font})
    bars.set_y_axis({"min": 0, "max": 100, "major_unit": 20, "num_font": axis_font,
                     "name": t("report.chart_axis"), "name_font": axis_font,
                     "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}}})
    bars.set_legend({"position": "bottom", "font": {"name": font, "size": 12}})
    bars.set_size({"width": 900, "height": 460})
    return bars
