"""The memo's chart (แผนภาพที่ ๑) as a picture for the Word memo, drawn by matplotlib: a bar per
indicator, blue at or above the target and red below it, the target as a dashed line.

Drawn to be read on paper: 16 x 8.5 cm, each score upright in bold at the foot of its bar (on a
short bar, just above it), far below the target line, which therefore never crosses a label.
matplotlib is imported only when a chart is drawn, and a chart is drawn once per distinct set of
figures (a province's memos repeat few).
"""
from __future__ import annotations

import io
from functools import lru_cache

from ...model import Analysis
from ..edition import Edition, Wording
from ..styles import BAR_BELOW, BAR_PASSED, TARGET_LINE
from ..text_layout import text_cm

WIDTH_CM, HEIGHT_CM = 16.0, 8.5
DPI = 200
THAI_FONTS = ("TH Sarabun New", "TH SarabunPSK", "Laksaman", "Garuda", "Loma")   # in this order
LABEL_INSIDE_FROM = 18               # a bar this tall holds its label at its foot
LABEL_SIZE = 11                      # points, as printed, where the bar is wide enough
AXES = (0.09, 0.25, 0.89, 0.70)      # left, bottom, width, height of the plot in the figure
BAR_WIDTH = 0.8                      # of a bar's slot


def chart_png(analysis: Analysis, edition: Edition, words: Wording) -> bytes:
    """The chart of ``analysis``'s indicators, words and digits as the memo's."""
    t = edition.t
    bars = tuple((words.number(i.no), i.score, words.score(i.score, analysis.framework.decimals), i.passed)
                 for i in analysis.indicators)
    texts = (t("column.indicator_no"), t("report.chart_axis"), t("report.chart_passed"), t("report.chart_below"),
             t("report.chart_target"))
    ticks = tuple(words.number(tick) for tick in range(0, 101, 20))
    return _drawn(bars, float(analysis.target), texts, ticks, edition.font)


@lru_cache(maxsize=256)
def _drawn(bars, target: float, texts, ticks, font: str) -> bytes:
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    settings = {"font.size": 12, "axes.unicode_minus": False}
    chosen = chart_font(font)
    if chosen:
        settings["font.family"] = [chosen, "DejaVu Sans"]
    with matplotlib.rc_context(settings):
        figure = Figure(figsize=(WIDTH_CM / 2.54, HEIGHT_CM / 2.54))
        FigureCanvasAgg(figure)
        axes = figure.add_axes(AXES)
        _plot(axes, bars, target, texts, ticks)
        _legend(figure, texts)
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    return buffer.getvalue()


def _plot(axes, bars, target: float, texts, ticks) -> None:
    positions = range(len(bars))
    drawn = axes.bar(positions, [score for _, score, _, _ in bars], width=BAR_WIDTH, zorder=2,
                     color=[BAR_PASSED if passed else BAR_BELOW for *_, passed in bars])
    size = label_size([label for _, _, label, _ in bars])
    for bar, (_, score, label, _) in zip(drawn, bars):
        inside = score >= LABEL_INSIDE_FROM
        axes.annotate(label, (bar.get_x() + bar.get_width() / 2, 0 if inside else score),
                      xytext=(0, 4), textcoords="offset points", ha="center", va="bottom",
                      fontsize=size, fontweight="bold", color="white" if inside else "black", zorder=3)
    axes.axhline(target, color=TARGET_LINE, linestyle="--", linewidth=2, zorder=4)
    axes.set_xticks(list(positions), [number for number, *_ in bars])
    axes.set_ylim(0, 100)
    axes.set_yticks(range(0, 101, 20), ticks)
    axes.set_xlabel(texts[0])
    axes.set_ylabel(texts[1])
    axes.grid(axis="y", color="#D9D9D9", zorder=0)
    axes.spines[["top", "right"]].set_visible(False)


def label_size(labels: list[str]) -> float:
    """The labels' size: ``LABEL_SIZE``, or less where the widest would not fit inside its bar."""
    bar_cm = WIDTH_CM * AXES[2] / max(len(labels), 1) * BAR_WIDTH * 0.9
    widest = max((text_cm(label, 1, bold=True) for label in labels), default=0.0)
    return min(LABEL_SIZE, bar_cm / widest) if widest else LABEL_SIZE


def _legend(figure, texts) -> None:
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch
    handles = [Patch(color=BAR_PASSED, label=texts[2]), Patch(color=BAR_BELOW, label=texts[3]),
               Line2D([], [], color=TARGET_LINE, linestyle="--", linewidth=2, label=texts[4])]
    figure.legend(handles=handles, loc="lower center", ncol=3, frameon=False, bbox_to_anchor=(0.5, 0.0))


@lru_cache(maxsize=8)
def chart_font(preferred: str) -> str | None:
    """A font matplotlib can draw Thai with: the edition's if installed, else a Thai one; None
    (matplotlib's default) when there is none."""
    from matplotlib import font_manager
    installed = {entry.name for entry in font_manager.fontManager.ttflist}
    return next((name for name in dict.fromkeys((preferred, *THAI_FONTS)) if name in installed), None)
