"""Sheet ตรวจสอบ: each stated figure against what the scores imply, with a verdict; what the reader
noticed in the input; and what the year's framework rests on."""
from __future__ import annotations

from ...analysis.audit import same_level
from ...model import AuditCheck
from ..excel_rules import (
    difference_formula,
    literal,
    matches_formula,
    same_formula,
    verdict_formula,
    within_formula,
)
from ..sheet_tables import Column, Formula, Row, Table, banner, setup_page
from ..text_layout import row_height
from .context import Report
from .live_text import warned_banner


def write_audit_sheet(report: Report) -> None:
    analysis, styles, words, t = report.analysis, report.styles, report.words, report.t
    sheet = report.workbook.add_worksheet(t("report.sheet.audit"))
    live = LiveCheck(report)
    table = Table([
        Column(t("report.audit_check"), 20, lambda c, row: words.check_label(c), wrap=True),
        Column(t("report.audit_stated"), 9, live.stated, _style("stated"), wrap=True, key="stated"),
        Column(t("report.audit_computed"), 9, live.computed, _style("computed"), wrap=True, key="computed"),
        Column(t("report.audit_difference"), 7, live.difference, "score", key="difference"),
        Column(t("report.audit_tolerance"), 8, lambda c, row: c.tolerance, "score", wrap=True),
        Column(t("report.audit_verdict"), 9, live.verdict, lambda c: "status" if c.matches else "status_below"),
    ])
    span = (len(table.columns), table.width)
    checks = analysis.audit
    wrong = sum(not check.matches for check in checks)
    title = words.say("report.audit_title", count=wrong, total=len(checks)) if checks else t("report.audit_none")
    banner(sheet, styles, "title_wrap", 0, span, title, 20)
    warned_banner(report, sheet, 1, span, words.say("report.audit_note"))
    table.header(sheet, styles, 2, words.prose)
    row = table.write_rows(sheet, styles, 3, checks) + 1
    row = _notes(report, sheet, row, table)
    _framework(report, sheet, row + 1, table)
    setup_page(sheet, report.footer, header_row=2)


def _style(side: str):
    return lambda check: "score" if isinstance(getattr(check, side), float) else "center"


class LiveCheck:
    """A check's cells as formulas over the score cells, where the check's figure lives there:
    computed tool scores, ITA, level and pass/fail, and a given indicator score; the difference
    and the verdict follow them."""

    def __init__(self, report: Report):
        self.report, self.cells = report, report.cells
        self.decimals = report.framework.decimals

    def _shown(self, check: AuditCheck, side: int):
        value = self.report.words.check_values(check, self.report.framework)[side]
        return value if isinstance(value, float) else str(value)

    def _score_cell(self, check: AuditCheck) -> str:
        return self.cells.ita if check.subject == "ITA" else self.cells.tools[check.subject]

    def stated(self, check: AuditCheck, row: Row):
        shown = self._shown(check, 0)
        if check.check == "indicator_items":      # the given score: the indicator sheet's cell
            return Formula(f"={self.cells.indicator(int(check.subject))}", shown)
        return shown

    def computed(self, check: AuditCheck, row: Row):
        shown = self._shown(check, 1)
        if check.check in ("tool", "ita"):
            return Formula(f"={self._score_cell(check)}", shown)
        if check.check == "level":
            return Formula(f"={self.cells.level}", shown)
        if check.check == "status":
            t = self.report.t
            return Formula("=" + verdict_formula(self._score_cell(check), self.decimals, t("report.passed"),
                                                 t("report.below")), shown)
        return shown

    def difference(self, check: AuditCheck, row: Row):
        if check.difference is None:
            return None
        return Formula("=" + difference_formula(row.cell("computed"), row.cell("stated")), check.difference)

    def verdict(self, check: AuditCheck, row: Row):
        t = self.report.t
        shown = self.report.words.verdict(check)
        if check.difference is not None:
            test = within_formula(row.cell("difference"), check.tolerance)
        elif check.check == "status":
            test = same_formula(row.cell("computed"), row.cell("stated"))
        else:
            band = next((b for b in self.report.framework.levels if same_level(check.stated, b)), None)
            if band is None:
                return shown
            test = same_formula(row.cell("computed"),
                                literal(self.report.edition.level_name(self.report.framework, band.code)))
        return Formula("=" + matches_formula(test, t("report.verdict_match"), t("report.verdict_mismatch")), shown)


def _framework(report: Report, sheet, row: int, table: Table) -> None:
    """What this year's framework rests on: published, carried forward or assumed, group by group."""
    styles, edition, framework = report.styles, report.edition, report.framework
    span = (len(table.columns), table.width)
    banner(sheet, styles, "subtitle", row, span, report.words.say("framework.title", year=framework.fiscal_year))
    for row, (group, status) in enumerate(framework.status, start=row + 1):
        name, text = edition.group_name(group), edition.provenance(status)
        sheet.write_string(row, 0, name, styles.label)
        sheet.merge_range(row, 1, row, table.last_col, text, styles.text if status.kind == "published" else
                          styles.status_below)
        sheet.set_row(row, row_height([(name, table.columns[0].width), (text, table.width - table.columns[0].width)]))


def _notes(report: Report, sheet, row: int, table: Table) -> int:
    """What the reader understood but a person should check, cell by cell: the cell in the first
    column, what it noticed across the others."""
    notes = report.analysis.assessment.notes
    if not notes:
        return row
    styles, t = report.styles, report.t
    first, rest = table.columns[0].width, table.width - table.columns[0].width
    banner(sheet, styles, "subtitle", row, (len(table.columns), table.width), t("report.notes_title", count=len(notes)))
    for row, note in enumerate(notes, start=row + 1):
        where, text = f"{note.sheet}!{note.cell}", t(f"note.{note.key}", **note.values)
        sheet.write_string(row, 0, where, styles.text)
        sheet.merge_range(row, 1, row, table.last_col, text, styles.text)
        sheet.set_row(row, row_height([(where, first), (text, rest)]))
    return row + 1
