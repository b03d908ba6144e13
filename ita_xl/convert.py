"""The main job in one call: input workbook in, analysis workbook out."""
from __future__ import annotations

from pathlib import Path

from .analysis import analyse
from .frameworks import Framework
from .model import Analysis
from .reading import load
from .report import write_report
from .styles import DEFAULT_FONT


def default_output(source: str | Path) -> Path:
    """``scores.xlsx`` -> ``scores-report.xlsx`` beside it."""
    source = Path(source)
    return source.with_name(f"{source.stem}-report.xlsx")


def convert(source: str | Path, output: str | Path | None = None, *, target: float | None = None,
            font: str = DEFAULT_FONT, framework: Framework | None = None) -> tuple[Analysis, Path]:
    """Read ``source``, analyse it and write the report; returns the analysis and the output path."""
    analysis = analyse(load(source, framework), target)
    return analysis, write_report(analysis, output or default_output(source), font)
