"""Hidden sheets that keep the input inside the report, in the input's own layout (``input_sheets``).

A clerk keeps last year's report, not always last year's input: with these sheets the report
reads as an input (``ita-xl convert --previous last-year-report.xlsx``). They are hidden, so
they never print.
"""
from __future__ import annotations

from ... import input_sheets
from ...model import Assessment
from ..edition import Edition
from ..sheet_tables import write_value


def write_input_copy(workbook, styles, assessment: Assessment, edition: Edition) -> None:
    t, framework = edition.t, assessment.framework
    agency, stated = assessment.agency, assessment.stated
    values = {"name": agency.name, "type": agency.type, "province": agency.province,
              "fiscal_year": assessment.fiscal_year, "stated_ita": stated.ita, "stated_level": stated.level,
              "preparer": agency.preparer, "position": agency.position, "date": agency.date,
              "division": agency.division, "document_no": agency.document_no, "addressee": agency.addressee}
    values |= {f"stated_{code.lower()}": score for code, score in stated.tools.items()}
    sheet = _sheet(workbook, t(f"sheet.{input_sheets.AGENCY_SHEET}"))
    for row, field in enumerate(input_sheets.agency_fields([tool.code for tool in framework.tools])):
        sheet.write_string(row, 0, t(field.label_key, tool=field.tool))
        write_value(sheet, row, 1, values.get(field.key), styles.input_date if field.kind == "date" else None)
    _table(workbook, t, input_sheets.INDICATORS, [
        {"indicator_no": i.no, "tool": i.tool, "indicator": edition.indicator_name(framework, i.no),
         "score": assessment.indicator_scores.get(i.no)} for i in framework.indicators])
    _table(workbook, t, input_sheets.ITEMS, [
        {"item_code": code, "indicator_no": assessment.indicator_of(code),
         "item_text": item.text or edition.item_text(framework, code), "score": item.score,
         "recommendation": item.recommendation} for code, item in assessment.items.items()])


def _sheet(workbook, name: str):
    sheet = workbook.add_worksheet(name)
    sheet.hide()
    return sheet


def _table(workbook, t, table: input_sheets.InputTable, rows: list[dict]) -> None:
    sheet = _sheet(workbook, t(f"sheet.{table.key}"))
    for col, key in enumerate(table.keys):
        sheet.write_string(0, col, t(f"column.{key}"))
    for row, values in enumerate(rows, start=1):
        for col, key in enumerate(table.keys):
            write_value(sheet, row, col, values.get(key), None)
