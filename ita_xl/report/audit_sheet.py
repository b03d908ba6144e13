"""Sheet ตรวจสอบ: each stated figure against what the scores imply, with a verdict; what the reader
noticed in the input; and what the year's framework rests on."""
from __future__ import annotations

from ..layout import row_height
from ..sheets import Column, Table, banner, setup_page
from .context import Report


def write_audit_sheet(report: Report) -> None:
    analysis, styles, words, t = report.analysis, report.styles, report.words, report.t
    framework = analysis.framework
    sheet = report.workbook.add_worksheet(t("report.sheet.audit"))

    def shown(value, check):
        value = words.check_value(value, framework, check)
        return value if isinstance(value, float) else str(value)

    table = Table([
        Column(t("report.audit_check"), 20, lambda c, row: words.check_label(c), wrap=True),
        Column(t("report.audit_stated"), 9, lambda c, row: shown(c.stated, c),
               lambda c: "score" if isinstance(c.stated, float) else "center", wrap=True),
        Column(t("report.audit_computed"), 9, lambda c, row: shown(c.computed, c),
               lambda c: "score" if isinstance(c.computed, float) else "center", wrap=True),
        Column(t("report.audit_difference"), 7, lambda c, row: c.difference, "score"),
        Column(t("report.audit_tolerance"), 8, lambda c, row: c.tolerance, "score", wrap=True),
        Column(t("report.audit_verdict"), 9, lambda c, row: words.verdict(c),
               lambda c: "status" if c.matches else "status_below"),
    ])
    span = (len(table.columns), table.width)
    checks = analysis.audit
    wrong = sum(not check.matches for check in checks)
    title = words.say("report.audit_title", count=wrong, total=len(checks)) if checks else t("report.audit_none")
    banner(sheet, styles, "title_wrap", 0, span, title, 20)
    banner(sheet, styles, "note", 1, span, words.say("report.audit_note"))
    table.header(sheet, styles, 2, words.prose)
    row = table.write_rows(sheet, styles, 3, checks) + 1
    row = _notes(report, sheet, row, table)
    _framework(report, sheet, row + 1, table)
    setup_page(sheet, report.footer, header_row=2)


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
