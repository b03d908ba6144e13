"""A memo's chart (แผนภาพที่ ๑) as a picture for the Word memo, drawn by matplotlib from its
``ChartFigure``: a bar per indicator (or per level, an office's count of agencies), blue at or
above the target and red below it, the target as a dashed line.

Drawn to be read on paper: 16 x 8.5 cm, each score upright in bold at the foot of its bar (on a
short bar, just above it), far below the target line, which therefore never crosses a label; every
label upright (the value axis named above it), a bar's long name on two lines, and the plot laid
out by matplotlib's constrained layout so that no label is cut at the picture's edge nor runs into
the legend. All but the bars, their scores and the line is drawn once per shape of chart (``_frame``).
matplotlib is imported only when a chart is drawn, and a chart is drawn once per distinct set of
figures (a province's memos repeat few).
"""
from __future__ import annotations

import io
import re
from dataclasses import replace
from functools import lru_cache

from ..line_breaks import BREAK, mark, unmark
from ..styles import BAR_BELOW, BAR_PASSED, TARGET_LINE
from ..text_layout import text_cm
from .document import ChartFigure

WIDTH_CM, HEIGHT_CM = 16.0, 8.5
DPI = 200
PNG_COMPRESSION = 1                  # zlib's fastest: a picture a tenth larger, written in a quarter of the time
THAI_FONTS = ("TH Sarabun New", "TH SarabunPSK", "Laksaman", "Garuda", "Loma")   # in this order
LABEL_INSIDE_FROM = 18               # a bar this tall holds its label at its foot
LABEL_SIZE = 11                      # points, as printed, where the bar is wide enough
PLOT_SHARE = 0.89                    # of the figure's width the plot takes (the rest: the axis's labels)
BAR_WIDTH = 0.8                      # of a bar's slot
TICK_SIZE = 12                       # points: a bar's name under it (matplotlib's "medium" at font.size 12)
TICK_ROOM = 0.95                     # of a bar's slot its name may take


def chart_png(figure: ChartFigure, font: str) -> bytes:
    """``figure`` drawn as a picture, in ``font`` (or a Thai font matplotlib has)."""
    return _drawn(figure, font)


@lru_cache(maxsize=256)
def _drawn(figure: ChartFigure, font: str) -> bytes:
    """The picture: the frame of its shape (``_frame``), its bars, scores and line drawn over it."""
    import matplotlib
    from PIL import Image
    with matplotlib.rc_context(_settings(font)):
        drawing, axes, background = _frame(_shape(figure), font)
        drawing.canvas.restore_region(background)
        bars, artists = _data(axes, figure)
        try:
            for artist in sorted((*bars, *artists, *_spines(axes)), key=lambda artist: artist.get_zorder()):
                axes.draw_artist(artist)
            width, height = drawing.canvas.get_width_height()
            picture = Image.frombuffer("RGBA", (width, height), drawing.canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
            buffer = io.BytesIO()
            picture.save(buffer, format="png", dpi=(DPI, DPI), compress_level=PNG_COMPRESSION)
        finally:
            for artist in (bars, *artists):
                artist.remove()
    return buffer.getvalue()


def _shape(figure: ChartFigure) -> ChartFigure:
    """What the frame and the layout depend on: the bars' names, the axes' texts, the legend; not
    the figures, which are drawn inside the plot (a bar's score in or just above it, below the top)."""
    return replace(figure, bars=tuple(replace(bar, value=0.0, shown="", good=True) for bar in figure.bars),
                   line=None)


@lru_cache(maxsize=16)
def _frame(shape: ChartFigure, font: str):
    """A chart's frame drawn once for every chart of its shape (the axes, their names and ticks, the
    grid, the legend: two thirds of drawing a chart), its plot where matplotlib's constrained layout
    puts it: the figure, its axes and the frame's pixels, which each chart is drawn over."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    drawing = Figure(figsize=(WIDTH_CM / 2.54, HEIGHT_CM / 2.54), layout="constrained", dpi=DPI)
    FigureCanvasAgg(drawing)
    axes = drawing.add_subplot()
    _axes(axes, shape)
    bars, artists = _data(axes, shape)      # the plot's width, as matplotlib sets it around the bars
    axes.set_xlim(axes.get_xlim())
    for artist in (bars, *artists):
        artist.remove()
    _legend(drawing, shape)
    drawing.draw_without_rendering()
    drawing.set_layout_engine("none")
    for spine in _spines(axes):                # drawn over the bars, with them
        spine.set_visible(False)
    drawing.canvas.draw()
    for spine in _spines(axes):
        spine.set_visible(True)
    return drawing, axes, drawing.canvas.copy_from_bbox(drawing.bbox)


def _spines(axes) -> tuple:
    return axes.spines["left"], axes.spines["bottom"]


def _settings(font: str) -> dict:
    settings = {"font.size": 12, "axes.unicode_minus": False}
    chosen = chart_font(font)
    if chosen:
        settings["font.family"] = [chosen, "DejaVu Sans"]
    return settings


def _data(axes, figure: ChartFigure) -> tuple:
    """The bars, each score upright at the foot of its bar (or just above a short one) and the target's
    line, added to ``axes``: the bars' container and the other artists, to draw and then remove."""
    bars, top = figure.bars, figure.top
    drawn = axes.bar(range(len(bars)), [bar.value for bar in bars], width=BAR_WIDTH, zorder=2,
                     color=[BAR_PASSED if bar.good else BAR_BELOW for bar in bars])
    artists = []
    size = label_size([bar.shown for bar in bars])
    for rectangle, bar in zip(drawn, bars):
        inside = bar.value >= top * LABEL_INSIDE_FROM / 100
        artists.append(axes.annotate(bar.shown, (rectangle.get_x() + rectangle.get_width() / 2,
                                                 0 if inside else bar.value),
                                     xytext=(0, 4), textcoords="offset points", ha="center", va="bottom",
                                     fontsize=size, fontweight="bold", color="white" if inside else "black",
                                     zorder=3))
    if figure.line is not None:
        artists.append(axes.axhline(figure.line, color=TARGET_LINE, linestyle="--", linewidth=2, zorder=4))
    return drawn, artists


def _axes(axes, figure: ChartFigure) -> None:
    """The frame of the plot: the bars' names under it, the value axis named above it, the grid."""
    positions = range(len(figure.bars))
    slot = WIDTH_CM * PLOT_SHARE / max(len(figure.bars), 1) * TICK_ROOM
    axes.set_xticks(list(positions), [wrapped(bar.label, slot, TICK_SIZE) for bar in figure.bars])
    axes.set_ylim(0, figure.top)
    step = figure.top / max(len(figure.ticks) - 1, 1)
    axes.set_yticks([n * step for n in range(len(figure.ticks))], figure.ticks)
    axes.set_xlabel(figure.axis_x)
    axes.set_title(figure.axis_y, loc="left", fontsize=TICK_SIZE)      # upright, above the axis it names
    axes.grid(axis="y", color="#D9D9D9", zorder=0)
    axes.spines[["top", "right"]].set_visible(False)


def wrapped(label: str, width_cm: float, size: float) -> str:
    """A bar's name on as many lines as it needs to stay within its slot, broken only where
    ``line_breaks`` allows (a level's name such as "ต้องปรับปรุงโดยด่วน" under a bar of five)."""
    if text_cm(label, size) <= width_cm:
        return label
    lines: list[str] = []
    for piece in (unmark(p) for p in re.split(f"(?<=[ {BREAK}])", mark(label)) if p):
        if lines and text_cm(lines[-1] + piece, size) <= width_cm:
            lines[-1] += piece
        else:
            lines.append(piece)
    return "\n".join(line.strip() for line in lines)


def label_size(labels: list[str]) -> float:
    """The labels' size: ``LABEL_SIZE``, or less where the widest would not fit inside its bar."""
    bar_cm = WIDTH_CM * PLOT_SHARE / max(len(labels), 1) * BAR_WIDTH * 0.9
    widest = max((text_cm(label, 1, bold=True) for label in labels), default=0.0)
    return min(LABEL_SIZE, bar_cm / widest) if widest else LABEL_SIZE


def _legend(drawing, figure: ChartFigure) -> None:
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch
    good, bad, line = figure.legend
    handles = [Patch(color=BAR_PASSED, label=good)] if good else []
    handles += [Patch(color=BAR_BELOW, label=bad)] if bad else []
    handles += [Line2D([], [], color=TARGET_LINE, linestyle="--", linewidth=2, label=line)] if line else []
    if handles:
        drawing.legend(handles=handles, loc="outside lower center", ncol=len(handles), frameon=False)


@lru_cache(maxsize=8)
def chart_font(preferred: str) -> str | None:
    """A font matplotlib can draw Thai with: the edition's if installed, else a Thai one; None
    (matplotlib's default) when there is none."""
    from matplotlib import font_manager
    installed = {entry.name for entry in font_manager.fontManager.ttflist}
    return next((name for name in dict.fromkeys((preferred, *THAI_FONTS)) if name in installed), None)
