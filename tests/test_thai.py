import datetime as dt

import pytest

from ita_xl.thai import be_date, parse_date, parse_number, parse_year, to_thai


@pytest.mark.parametrize("value, number", [
    (91.5, 91.5), (100, 100.0), ("91.5", 91.5), ("๙๑.๕๐", 91.5), (" 91.50 ", 91.5), ("91.5%", 91.5),
    ("\u00a091.50\u00a0", 91.5), ("๑๐๐", 100.0), (".5", 0.5), ("91. 5", 91.5),
])
def test_numbers_as_clerks_type_them(value, number):
    assert parse_number(value) == number


@pytest.mark.parametrize("value", ["9x.5", "", "nan", "NaN", "inf", float("nan"), True, "91,5", "๙๑..๕", None])
def test_what_is_not_a_number(value):
    assert parse_number(value) is None


@pytest.mark.parametrize("value", [2565, 2565.0, "2565", "๒๕๖๕", "พ.ศ. 2565", "พ.ศ.๒๕๖๕", " ปีงบประมาณ 2565 "])
def test_fiscal_year_spellings(value):
    assert parse_year(value) == 2565


@pytest.mark.parametrize("value", ["2565/66", "๒๕", 25.65, "abc"])
def test_what_is_not_a_year(value):
    assert parse_year(value) is None


@pytest.mark.parametrize("value", [dt.datetime(2022, 9, 22, 0, 0), dt.date(2022, 9, 22), "22 ก.ย. 2565",
                                   "๒๒ กันยายน ๒๕๖๕", "22/9/2565", "22/09/2022", "22 กันยายน 2565"])
def test_dates_in_buddhist_or_christian_era(value):
    assert parse_date(value) == dt.date(2022, 9, 22)


@pytest.mark.parametrize("value", ["31/2/2565", "22 กันยา 2565", "yesterday", 44826])
def test_what_is_not_a_date(value):
    assert parse_date(value) is None


def test_be_date_writes_thai_digits():
    assert be_date(dt.date(2022, 9, 22)) == "๒๒ กันยายน ๒๕๖๕"
    assert be_date(dt.date(2022, 9, 22), thai_digits=False) == "22 กันยายน 2565"


def test_thai_digits_leave_codes_as_the_forms_print_them():
    assert to_thai("ข้อ O2 ของแบบตรวจ OIT ปี 2566: E11 ได้ 76.07") == "ข้อ O2 ของแบบตรวจ OIT ปี ๒๕๖๖: E11 ได้ ๗๖.๐๗"
