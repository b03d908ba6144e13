"""The blank input template: the standard ITA score workbook that clerks and other programs fill."""
from __future__ import annotations

from pathlib import Path

from .frameworks import Framework, supported_years
from .layout import row_height
from .output import atomic_workbook
from .reading import AGENCY_FIELDS, INDICATOR_COLUMNS, ITEM_COLUMNS, MEASURE_COLUMNS
from .report.common import Column, header, setup_page
from .styles import DEFAULT_FONT, Styles
from .text import pick, t

MEASURE_ROWS = 20
AGENCY_HINTS = {"name": "hint_name", "type": "hint_type", "province": "hint_province",
                "fiscal_year": "hint_fiscal_year", "stated_ita": "hint_stated",
                "stated_level": "hint_stated_level", "stated_iit": "hint_stated",
                "stated_eit": "hint_stated", "stated_oit": "hint_stated",
                "preparer": "hint_preparer", "position": "hint_position", "date": "hint_date",
                "division": "hint_division", "document_no": "hint_document_no", "addressee": "hint_addressee"}


def write_template(path: str | Path, framework: Framework, font: str = DEFAULT_FONT, force: bool = False) -> Path:
    """Write the empty template of ``framework``'s fiscal year to ``path``."""
    with atomic_workbook(path, font, force=force) as workbook:
        styles = Styles(workbook, font)
        _agency_sheet(workbook, styles, framework)
        _indicator_sheet(workbook, styles, framework)
        _item_sheet(workbook, styles, framework)
        _measure_sheet(workbook, styles)
        _guide_sheet(workbook, styles, framework)
    return Path(path)


def _headers(sheet, styles, labels, widths, landscape: bool = False) -> None:
    """The header row, frozen and repeated on every printed page."""
    header(sheet, styles, 0, [Column(label, width) for label, width in zip(labels, widths)])
    setup_page(sheet, landscape=landscape, header_row=0)


def _score_validation(sheet, first_row, col, last_row) -> None:
    sheet.data_validation(first_row, col, last_row, col, {
        "validate": "decimal", "criteria": "between", "minimum": 0, "maximum": 100,
        "input_title": t("template.score_prompt_title"), "input_message": t("template.score_prompt"),
        "error_type": "warning", "error_message": t("template.score_error"),
    })


def _agency_sheet(workbook, styles, framework: Framework) -> None:
    sheet = workbook.add_worksheet(t("sheet.agency"))
    widths = (20, 26, 34)
    _headers(sheet, styles, t("template.agency_header"), widths, landscape=True)
    for row, key in enumerate(AGENCY_FIELDS, start=1):
        sheet.write_string(row, 0, t(f"field.{key}"), styles.label)
        sheet.write_string(row, 2, t(f"template.{AGENCY_HINTS[key]}"), styles.note)
        if key == "fiscal_year":
            sheet.write_number(row, 1, framework.fiscal_year, styles.input)
            sheet.data_validation(row, 1, row, 1, {
                "validate": "list", "source": [str(y) for y in supported_years()],
                "input_message": t("template.year_prompt")})
        elif key == "date":
            sheet.write_blank(row, 1, None, styles.input_date)
        elif key.startswith("stated_") and key != "stated_level":
            sheet.write_blank(row, 1, None, styles.input_score)
            _score_validation(sheet, row, 1, row)
        else:
            sheet.write_blank(row, 1, None, styles.input)
        sheet.set_row(row, row_height([(t(f"template.{AGENCY_HINTS[key]}"), widths[2]),
                                       (t(f"field.{key}"), widths[0])]))


def _indicator_sheet(workbook, styles, framework: Framework) -> None:
    sheet = workbook.add_worksheet(t("sheet.indicators"))
    _headers(sheet, styles, [t(f"column.{k}") for k in INDICATOR_COLUMNS], (9, 7, 24, 9))
    for row, indicator in enumerate(framework.indicators, start=1):
        sheet.write_number(row, 0, indicator.no, styles.integer)
        sheet.write_string(row, 1, indicator.tool, styles.center)
        sheet.write_string(row, 2, pick(indicator.name_th, indicator.name_en), styles.text)
        sheet.write_blank(row, 3, None, styles.input_score)
    _score_validation(sheet, 1, 3, len(framework.indicators))


def _item_sheet(workbook, styles, framework: Framework) -> None:
    sheet = workbook.add_worksheet(t("sheet.items"))
    widths = (6, 8, 30, 8, 30)
    _headers(sheet, styles, [t(f"column.{k}") for k in ITEM_COLUMNS], widths, landscape=True)
    for row, item in enumerate(framework.items, start=1):
        sheet.write_string(row, 0, item.code, styles.center)
        sheet.write_number(row, 1, item.indicator, styles.integer)
        text = pick(item.text, item.text_en)
        sheet.write_string(row, 2, text, styles.text)
        sheet.write_blank(row, 3, None, styles.input_score)
        sheet.write_blank(row, 4, None, styles.input)
        sheet.set_row(row, row_height([(text, widths[2])]))
        if framework.is_binary(item.code):
            sheet.data_validation(row, 3, row, 3, {
                "validate": "list", "source": t("template.oit_choices").split("|"),
                "input_message": t("template.oit_prompt"), "error_type": "warning"})
        else:
            _score_validation(sheet, row, 3, row)


def _measure_sheet(workbook, styles) -> None:
    sheet = workbook.add_worksheet(t("sheet.measures"))
    _headers(sheet, styles, [t(f"column.{k}") for k in MEASURE_COLUMNS], (16, 26, 11, 11, 18, 10),
             landscape=True)
    for row in range(1, MEASURE_ROWS + 1):
        for col in range(len(MEASURE_COLUMNS)):
            sheet.write_blank(row, col, None, styles.input)


def _guide_sheet(workbook, styles, framework: Framework) -> None:
    sheet = workbook.add_worksheet(t("sheet.guide"))
    sheet.set_column(0, 0, 44)
    setup_page(sheet)
    sheet.write_string(0, 0, t("template.guide_title", year=framework.fiscal_year), styles.title)
    for row, line in enumerate(t("template.guide"), start=2):
        sheet.write_string(row, 0, line, styles.note)
        sheet.set_row(row, row_height([(line, 44)]))
