"""What the sheets of one report workbook share: the analysis, the edition's words and formats, and
where the score cells are that every formula of the workbook reads."""
from __future__ import annotations

from dataclasses import dataclass

from ...model import Analysis, Comparison
from ..edition import Edition, Wording
from ..styles import Styles


@dataclass(frozen=True)
class ScoreCells:
    """Where the live figures sit, known before any sheet is written (the summary comes first).

    ``indicators``: the indicator sheet's name, each indicator's row and the score column;
    ``tools``/``ita``/``level``: cells of the summary sheet, as ``'sheet'!$D$11`` references.
    """
    indicator_sheet: str
    indicator_rows: dict[int, int]
    header_row: int
    number_col: int
    score_col: int
    chart_col: int
    summary_sheet: str
    tools: dict[str, str]
    ita: str
    level: str
    previous_year: int | None = None

    def rows_of(self, numbers) -> list[int]:
        return [self.indicator_rows[no] for no in numbers]

    def indicator(self, no: int) -> str:
        from xlsxwriter.utility import xl_rowcol_to_cell
        return f"'{self.indicator_sheet}'!{xl_rowcol_to_cell(self.indicator_rows[no], self.score_col, True, True)}"

    def ref(self, key: tuple) -> str:
        """The cell a memo's figure key names: ("indicator", 3), ("tool", "IIT"), ("ita",), ("level",)."""
        kind, *rest = key
        if kind == "indicator":
            return self.indicator(rest[0])
        if kind == "tool":
            return self.tools[rest[0]]
        return self.ita if kind == "ita" else self.level


@dataclass(frozen=True)
class Report:
    """One report workbook being written."""
    workbook: object
    analysis: Analysis
    comparison: Comparison | None
    edition: Edition
    styles: Styles            # the tables' formats and digits
    memo_styles: Styles       # the memo's
    cells: ScoreCells

    @property
    def framework(self):
        return self.analysis.framework

    @property
    def words(self) -> Wording:
        return self.edition.wording(self.styles.thai_digits)

    @property
    def memo_words(self) -> Wording:
        return self.edition.wording(self.memo_styles.thai_digits)

    @property
    def footer(self) -> str:
        return self.edition.t("report.footer")

    def t(self, key: str, **values):
        return self.edition.t(key, **values)

    def title(self) -> str:
        return self.words.say("report.title", year=self.analysis.assessment.fiscal_year)
