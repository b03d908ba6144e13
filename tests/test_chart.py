"""The memo's chart: every agency's picture drawn over a frame drawn once per shape of chart
(``memo.chart._frame``) is, pixel for pixel, the picture matplotlib draws whole with its
constrained layout, whatever the figures and whichever chart came before."""
from __future__ import annotations

import io
import random

import matplotlib
import pytest
from PIL import Image, ImageChops

from ita_xl.thai import to_thai
from ita_xl.writing.memo import chart
from ita_xl.writing.memo.document import Bar, ChartFigure

AGENCY = ChartFigure(tuple(Bar(to_thai(str(n)), 0.0, "", True) for n in range(1, 11)), "ตัวชี้วัดที่", "คะแนน",
                     ("ผ่านเกณฑ์", "ต่ำกว่าเกณฑ์", "เกณฑ์เป้าหมาย"), tuple(to_thai(str(n)) for n in range(0, 101, 20)),
                     100.0, 85.0)
OFFICE = ChartFigure(tuple(Bar(name, 0.0, "", True) for name in ("สูงมาก", "สูง", "ผ่าน", "ต้องปรับปรุง",
                                                                  "ต้องปรับปรุงโดยด่วน")),
                     "ระดับ", "จำนวนหน่วยงาน", ("", "", ""), ("0", "5", "10", "15"), 15.0, None)


def whole(figure: ChartFigure, font: str) -> Image.Image:
    """The picture as matplotlib draws it in one go, laid out by its constrained layout."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    with matplotlib.rc_context(chart._settings(font)):
        drawing = Figure(figsize=(chart.WIDTH_CM / 2.54, chart.HEIGHT_CM / 2.54), layout="constrained")
        FigureCanvasAgg(drawing)
        axes = drawing.add_subplot()
        chart._axes(axes, figure)
        chart._data(axes, figure)
        chart._legend(drawing, figure)
        buffer = io.BytesIO()
        drawing.savefig(buffer, format="png", dpi=chart.DPI)
    return Image.open(buffer).convert("RGB")


def with_values(shape: ChartFigure, rng: random.Random) -> ChartFigure:
    bars = []
    for bar in shape.bars:
        value = rng.choice([0.0, shape.top, rng.uniform(0, shape.top), rng.uniform(0, shape.top * 0.15)])
        bars.append(Bar(bar.label, value, to_thai(f"{value:.2f}"), value >= (shape.line or 0)))
    return ChartFigure(tuple(bars), shape.axis_x, shape.axis_y, shape.legend, shape.ticks, shape.top, shape.line)


@pytest.mark.parametrize("shape", [AGENCY, OFFICE], ids=["agency", "office"])
def test_each_picture_is_the_one_drawn_whole(shape):
    rng = random.Random(2569)
    for _ in range(4):               # one after another, on the same frame
        figure = with_values(shape, rng)
        drawn = Image.open(io.BytesIO(chart.chart_png(figure, "TH Sarabun New"))).convert("RGB")
        reference = whole(figure, "TH Sarabun New")
        assert drawn.size == reference.size
        assert ImageChops.difference(drawn, reference).getbbox() is None
        _, axes, _ = chart._frame(chart._shape(figure), "TH Sarabun New")
        assert not (axes.patches or axes.texts or axes.lines or axes.containers)    # nothing left on the frame


def test_the_picture_says_its_resolution():
    picture = Image.open(io.BytesIO(chart.chart_png(with_values(AGENCY, random.Random(1)), "TH Sarabun New")))
    assert round(picture.info["dpi"][0]) == chart.DPI
    assert picture.size[1] / picture.size[0] * chart.WIDTH_CM >= 7
