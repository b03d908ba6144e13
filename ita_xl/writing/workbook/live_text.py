"""Text that follows the score cells: sentences whose figures are formulas, and the warning that
appears when the scores no longer match those a sheet was written from.

A report invites editing a score. Every figure a sheet states is then a formula over the score
cells (a ``Figure``'s keys resolved by ``ScoreCells``); what formulas cannot follow (which
indicators are listed, in what order, what an improvement is worth) is guarded by a warning,
empty while the published scores are those the sheet was written from, that asks the clerk to
run convert again.
"""
from __future__ import annotations

from ..edition import score_text
from ..excel_rules import (
    changed_formula,
    count_text_formula,
    literal,
    shown_score_formula,
    stale_warning_formula,
    verdict_formula,
)
from ..line_breaks import unmark
from ..memo.document import ITA_KEY, Figure, Part, Strong, Voice, indicator_key, plain
from ..styles import numerals
from ..text_layout import row_height
from .context import Report, ScoreCells


def figure_formula(figure: Figure, cells: ScoreCells, decimals: int, thai_digits: bool) -> str:
    """The Excel expression giving what ``figure`` reads."""
    refs = [cells.ref(key) for key in figure.keys]
    if figure.kind == "score":
        pattern = "0." + "0" * decimals if decimals else "0"
        return shown_score_formula(refs[0], decimals, numerals(pattern, thai_digits))
    if figure.kind == "verdict":
        meets, below = figure.words
        return verdict_formula(refs[0], decimals, meets, below)
    if figure.kind == "level":
        return refs[0]
    if figure.kind == "count":
        return count_text_formula(refs, decimals, figure.words[0] == "meets", numerals("0", thai_digits))
    raise ValueError(figure.kind)


def text_formula(parts: tuple[Part, ...], cells: ScoreCells, decimals: int, thai_digits: bool) -> str:
    """The parts joined as one text formula: literals chunked under Excel's 255 characters."""
    pieces, text = [], ""
    for part in parts + (None,):
        if isinstance(part, (str, Strong)):      # a formula's text cannot be partly bold
            text += part if isinstance(part, str) else part.text
            continue
        pieces += [literal(text)] if text else []
        text = ""
        if part is not None:
            pieces.append(figure_formula(part, cells, decimals, thai_digits))
    return "=" + "&".join(pieces or ['""'])


def formula_value(parts: tuple[Part, ...]) -> str:
    """What ``text_formula`` of ``parts`` gives while the scores are those the sheet was written
    from: their text, the level's word as its cell holds it (without break marks)."""
    return "".join(unmark(p.text) if isinstance(p, Figure) and p.kind == "level" else plain((p,)) for p in parts)


def written_from(report: Report) -> tuple[tuple[str, str], ...]:
    """Each indicator's score cell beside its score as published when the sheet was written."""
    decimals = report.framework.decimals
    return tuple((report.cells.ref(indicator_key(i.no)), score_text(i.score, decimals))
                 for i in report.analysis.indicators)


def changed(written: tuple[tuple[str, str], ...], decimals: int) -> str:
    """True in Excel when a published score differs from the one the sheet was written from."""
    return changed_formula([cell for cell, _ in written], [value for _, value in written], decimals)


def warning_formula(written: tuple[tuple[str, str], ...], decimals: int, warning: str, otherwise: str = "") -> str:
    """``warning`` when the scores changed, else ``otherwise``."""
    return "=" + stale_warning_formula(changed(written, decimals), warning, otherwise)


def warned_banner(report: Report, sheet, row: int, span: tuple[int, float], text: str = "",
                  role: str = "note") -> None:
    """A banner line (``text`` in ``role``) that reads the report's stale warning instead, in red,
    when the scores no longer match those the sheet was written from."""
    written, decimals = written_from(report), report.framework.decimals
    warning, fmt = report.t("report.stale"), getattr(report.styles, role)
    columns, units = span
    if columns > 1:
        sheet.merge_range(row, 0, row, columns - 1, "", fmt)
    sheet.write_formula(row, 0, warning_formula(written, decimals, warning, text), fmt, text)
    sheet.conditional_format(row, 0, row, 0, {"type": "formula", "criteria": "=" + changed(written, decimals),
                                              "format": report.styles.warning})
    sheet.set_row(row, max(row_height([(text, units)], bold=role != "note"), row_height([(warning, units)], bold=True)))


def live_banner(report: Report, sheet, row: int, span: tuple[int, float], key: str, role: str = "subtitle",
                **values) -> None:
    """A catalogue sentence on one merged line whose figures (``Figure`` values) are formulas."""
    said = voice(report).say(key, **values)
    text = plain(said)
    fmt, (columns, units) = getattr(report.styles, role), span
    if columns > 1:
        sheet.merge_range(row, 0, row, columns - 1, "", fmt)
    sheet.write_formula(row, 0, text_formula(said, report.cells, report.framework.decimals,
                                             report.words.thai_digits), fmt, formula_value(said))
    sheet.set_row(row, row_height([(text, units)], bold=True))


def voice(report: Report) -> Voice:
    """How the report's tables speak: its words, in the tables' digits."""
    return Voice(report.analysis, report.edition, report.words)


def ita_figure(report: Report) -> Figure:
    return voice(report).score(report.analysis.ita, ITA_KEY)


def count(report: Report, numbers, meets: bool) -> Figure:
    return voice(report).count(numbers, meets)
