"""Text that follows the score cells: sentences whose figures are formulas, and the warning that
appears when the scores no longer match those a sheet was written from.

A report invites editing a score. Every figure a sheet states is then a formula over the score
cells; what formulas cannot follow (which indicators are listed, in what order, what an
improvement is worth) is guarded by a warning, empty while the published scores are those the
sheet was written from, that asks the clerk to run convert again.
"""
from __future__ import annotations

from ..excel_rules import (
    changed_formula,
    count_text_formula,
    literal,
    shown_score_formula,
    stale_warning_formula,
    verdict_formula,
)
from ..memo.document import (
    Figure,
    Part,
    Strong,
    count_figure,
    parts,
    plain,
    score_figure,
    written_from,
)
from ..styles import numerals
from ..text_layout import row_height
from .context import Report


def figure_formula(figure: Figure, decimals: int, thai_digits: bool) -> str:
    """The Excel expression giving what ``figure`` reads."""
    if figure.kind == "score":
        pattern = "0." + "0" * decimals if decimals else "0"
        return shown_score_formula(figure.cells[0], decimals, numerals(pattern, thai_digits))
    if figure.kind == "verdict":
        meets, below = figure.words
        return verdict_formula(figure.cells[0], decimals, meets, below)
    if figure.kind == "level":
        return figure.cells[0]
    if figure.kind == "count":
        return count_text_formula(figure.cells, decimals, figure.words[0] == "meets", numerals("0", thai_digits))
    raise ValueError(figure.kind)


def text_formula(parts: tuple[Part, ...], decimals: int, thai_digits: bool) -> str:
    """The parts joined as one text formula: literals chunked under Excel's 255 characters."""
    pieces, text = [], ""
    for part in parts + (None,):
        if isinstance(part, (str, Strong)):      # a formula's text cannot be partly bold
            text += part if isinstance(part, str) else part.text
            continue
        pieces += [literal(text)] if text else []
        text = ""
        if part is not None:
            pieces.append(figure_formula(part, decimals, thai_digits))
    return "=" + "&".join(pieces or ['""'])


def changed(check: Figure, decimals: int) -> str:
    """True in Excel when a published score differs from the one the sheet was written from."""
    return changed_formula(check.cells, check.words, decimals)


def warning_formula(check: Figure, decimals: int, warning: str, otherwise: str = "") -> str:
    """``warning`` when the scores changed, else ``otherwise``."""
    return "=" + stale_warning_formula(changed(check, decimals), warning, otherwise)


def warned_banner(report: Report, sheet, row: int, span: tuple[int, float], text: str = "",
                  role: str = "note") -> None:
    """A banner line (``text`` in ``role``) that reads the report's stale warning instead, in red,
    when the scores no longer match those the sheet was written from."""
    check, decimals = written_from(report.analysis, report.cells), report.framework.decimals
    warning, fmt = report.t("report.stale"), getattr(report.styles, role)
    columns, units = span
    if columns > 1:
        sheet.merge_range(row, 0, row, columns - 1, "", fmt)
    sheet.write_formula(row, 0, warning_formula(check, decimals, warning, text), fmt, text)
    sheet.conditional_format(row, 0, row, 0, {"type": "formula", "criteria": "=" + changed(check, decimals),
                                              "format": report.styles.warning})
    sheet.set_row(row, max(row_height([(text, units)], bold=role != "note"), row_height([(warning, units)], bold=True)))


def live_banner(report: Report, sheet, row: int, span: tuple[int, float], key: str, role: str = "subtitle",
                **values) -> None:
    """A catalogue sentence on one merged line whose figures (``Figure`` values) are formulas."""
    words = report.words
    said = parts(words, key, **values)
    text = plain(said)
    fmt, (columns, units) = getattr(report.styles, role), span
    if columns > 1:
        sheet.merge_range(row, 0, row, columns - 1, "", fmt)
    sheet.write_formula(row, 0, text_formula(said, report.framework.decimals, words.thai_digits), fmt, text)
    sheet.set_row(row, row_height([(text, units)], bold=True))


def score(report: Report, cell: str, value: float) -> Figure:
    return score_figure(report.words, value, cell, report.framework.decimals)


def count(report: Report, numbers, meets: bool) -> Figure:
    cells = tuple(report.cells.indicator(i.no) for i in report.analysis.indicators)
    return count_figure(report.words, numbers, cells, meets)
