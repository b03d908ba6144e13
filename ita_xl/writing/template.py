"""The blank input template: the standard ITA score workbook that clerks and other programs fill.

Its sheets, labels, columns and widths come from ``input_sheets``, the same definition the
reader reads by; its data validation accepts exactly what the reader reads right.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from .. import input_sheets
from ..frameworks import Framework, supported_years
from ..reading.assessment import TEMPLATE_YEAR
from ..thai import BE_OFFSET
from .edition import Edition
from .output_files import atomic_workbook
from .sheet_tables import Column, Table, setup_page
from .styles import Styles
from .text_layout import row_height

MEASURE_ROWS = 20


def write_template(path: str | Path, framework: Framework, edition: Edition = Edition(), force: bool = False) -> Path:
    """Write the empty template of ``framework``'s fiscal year to ``path`` (never over an existing
    file without ``force``: it may have been filled)."""
    with atomic_workbook(path, edition.font, force=force, kind="template") as workbook:
        workbook.set_custom_property(TEMPLATE_YEAR, str(framework.fiscal_year))
        # the first day of the fiscal year, never the clock: the same template is the same bytes
        workbook.set_properties({"created": dt.datetime(framework.fiscal_year - BE_OFFSET - 1, 10, 1)})
        styles = Styles(workbook, edition.font, buddhist_dates=edition.language == "th")
        _agency_sheet(workbook, styles, edition, framework)
        _indicator_sheet(workbook, styles, edition, framework)
        _item_sheet(workbook, styles, edition, framework)
        _measure_sheet(workbook, styles, edition)
        _guide_sheet(workbook, styles, edition, framework)
    return Path(path)


def _table_sheet(workbook, styles, edition: Edition, table: input_sheets.InputTable):
    """A sheet headed by the table's columns, the header frozen and repeated on every printed page."""
    sheet = workbook.add_worksheet(edition.t(f"sheet.{table.key}"))
    Table([Column(edition.t(f"column.{c.key}"), c.width) for c in table.columns]).header(sheet, styles, 0)
    setup_page(sheet, edition.t("report.footer"), landscape=table.landscape, header_row=0)
    return sheet


def score_rule(cell: str) -> str:
    """The data validation of a score cell: text (the reader checks it, Thai digits and all), a
    percentage from 0 % to 100 %, or a number from 0 to 100 that is not a fraction below 1."""
    percent = f'LEFT(CELL("format",{cell}),1)="P"'
    return (f"=IF(ISTEXT({cell}),TRUE,IF({percent},AND({cell}>=0,{cell}<=1),"
            f"AND({cell}>=0,{cell}<=100,OR({cell}=0,{cell}>=1))))")


def _score_validation(sheet, edition: Edition, first_row: int, col: int, last_row: int) -> None:
    from xlsxwriter.utility import xl_rowcol_to_cell
    sheet.data_validation(first_row, col, last_row, col, {
        "validate": "custom", "value": score_rule(xl_rowcol_to_cell(first_row, col)),
        "input_title": edition.t("template.score_prompt_title"), "input_message": edition.t("template.score_prompt"),
        "error_type": "warning", "error_message": edition.t("template.score_error"),
    })


def _agency_sheet(workbook, styles, edition: Edition, framework: Framework) -> None:
    t = edition.t
    sheet = workbook.add_worksheet(t(f"sheet.{input_sheets.AGENCY_SHEET}"))
    label_width, _, hint_width = input_sheets.AGENCY_WIDTHS
    Table([Column(label, width) for label, width in zip(t("template.agency_header"), input_sheets.AGENCY_WIDTHS)]
          ).header(sheet, styles, 0)
    setup_page(sheet, t("report.footer"), landscape=True, header_row=0)
    for row, field in enumerate(input_sheets.agency_fields([tool.code for tool in framework.tools]), start=1):
        hint, label = t(field.hint_key), t(field.label_key, tool=field.tool)
        sheet.write_string(row, 0, label, styles.label)
        sheet.write_string(row, 2, hint, styles.note)
        if field.kind == "year":
            sheet.write_number(row, 1, framework.fiscal_year, styles.input)
            sheet.data_validation(row, 1, row, 1, {       # a user's framework may be of a year not built in
                "validate": "list", "source": [str(y) for y in sorted({*supported_years(), framework.fiscal_year})],
                "input_message": t("template.year_prompt")})
        elif field.kind == "date":
            sheet.write_blank(row, 1, None, styles.input_date)
        elif field.kind == "score":
            sheet.write_blank(row, 1, None, styles.input_score)
            _score_validation(sheet, edition, row, 1, row)
        else:
            sheet.write_blank(row, 1, None, styles.input)
        sheet.set_row(row, row_height([(hint, hint_width), (label, label_width)]))


def _indicator_sheet(workbook, styles, edition: Edition, framework: Framework) -> None:
    sheet = _table_sheet(workbook, styles, edition, input_sheets.INDICATORS)
    for row, indicator in enumerate(framework.indicators, start=1):
        sheet.write_number(row, 0, indicator.no, styles.integer)
        sheet.write_string(row, 1, indicator.tool, styles.center)
        sheet.write_string(row, 2, edition.indicator_name(framework, indicator.no), styles.text)
        sheet.write_blank(row, 3, None, styles.input_score)
    _score_validation(sheet, edition, 1, 3, len(framework.indicators))


def _item_sheet(workbook, styles, edition: Edition, framework: Framework) -> None:
    """The year's items. Where the year's list is not published (carried forward or assumed), the
    code, indicator and wording cells are to be corrected from the ITAS report, so they are input cells."""
    t = edition.t
    sheet = _table_sheet(workbook, styles, edition, input_sheets.ITEMS)
    text_width = input_sheets.ITEMS.column("item_text").width
    for row, item in enumerate(framework.items, start=1):
        editable = not framework.pinned(framework.indicator(item.indicator).tool)
        source = edition.item_wording_source(framework, item.code)
        sheet.write_string(row, 0, item.code, styles.input if editable else styles.center)
        sheet.write_number(row, 1, item.indicator, styles.input if editable else styles.integer)
        text = edition.item_text(framework, item.code)
        sheet.write_string(row, 2, text, styles.input if editable else styles.text)
        sheet.write_blank(row, 3, None, styles.input_score)
        sheet.write_blank(row, 4, None, styles.input)
        sheet.write_string(row, 5, source, styles.note)
        sheet.set_row(row, row_height([(text, text_width), (source, input_sheets.ITEMS.column("item_source").width)]))
        if framework.is_binary(item.code):
            sheet.data_validation(row, 3, row, 3, {
                "validate": "list", "source": t("template.oit_choices").split("|"),
                "input_message": t("template.oit_prompt"), "error_type": "warning"})
        else:
            _score_validation(sheet, edition, row, 3, row)


def _measure_sheet(workbook, styles, edition: Edition) -> None:
    sheet = _table_sheet(workbook, styles, edition, input_sheets.MEASURES)
    for row in range(1, MEASURE_ROWS + 1):
        for col in range(len(input_sheets.MEASURES.columns)):
            sheet.write_blank(row, col, None, styles.input)


def _guide_sheet(workbook, styles, edition: Edition, framework: Framework) -> None:
    """How to fill the template, and what this year's framework rests on."""
    t = edition.t
    sheet = workbook.add_worksheet(t(f"sheet.{input_sheets.GUIDE_SHEET}"))
    sheet.set_column(0, 0, 44)
    setup_page(sheet, t("report.footer"))
    sheet.write_string(0, 0, t("template.guide_title", year=framework.fiscal_year), styles.title)
    lines = [line.format(indicators=len(framework.indicators), year=framework.fiscal_year)
             for line in t("template.guide")]
    if any(not framework.pinned(tool.code) for tool in framework.tools):
        lines.append(t("template.guide_unpinned", year=framework.fiscal_year))
    lines += ["", t("framework.title", year=framework.fiscal_year), *edition.provenance_lines(framework)]
    for row, line in enumerate(lines, start=2):
        sheet.write_string(row, 0, line, styles.note)
        sheet.set_row(row, row_height([(line, 44)]))
