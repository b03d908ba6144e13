"""Sheet ตรวจสอบ: each stated figure against what the scores imply, with a verdict."""
from __future__ import annotations

from ..model import Analysis
from ..sheets import Column, banner, fit_row, header, setup_page, write_score
from ..text import t
from ..wording import check_label, check_value, verdict


def write_audit_sheet(workbook, styles, analysis: Analysis) -> None:
    sheet = workbook.add_worksheet(t("report.sheet.audit"))
    columns = [Column(t("report.audit_check"), 20, wrap=True), Column(t("report.audit_stated"), 9, wrap=True),
               Column(t("report.audit_computed"), 9, wrap=True), Column(t("report.audit_difference"), 7),
               Column(t("report.audit_tolerance"), 8, wrap=True), Column(t("report.audit_verdict"), 9)]
    checks = analysis.audit
    wrong = sum(not check.matches for check in checks)
    title = styles.say("report.audit_title", count=wrong, total=len(checks)) if checks else t("report.audit_none")
    banner(sheet, styles, "title_wrap", 0, columns, title, font_size=20)
    banner(sheet, styles, "note", 1, columns, styles.say("report.audit_note"))
    header(sheet, styles, 2, columns)
    for row, check in enumerate(checks, start=3):
        label = check_label(check)
        sheet.write_string(row, 0, label, styles.text)
        for col, value in ((1, check_value(check.stated)), (2, check_value(check.computed))):
            if isinstance(value, float):
                sheet.write_number(row, col, value, styles.score)
            else:
                sheet.write_string(row, col, str(value), styles.center)
        write_score(sheet, row, 3, check.difference, styles.score)
        write_score(sheet, row, 4, check.tolerance, styles.score)
        sheet.write_string(row, 5, verdict(check), styles.status if check.matches else styles.status_below)
        fit_row(sheet, row, columns, [label] + [""] * 5)
    setup_page(sheet, header_row=2)
