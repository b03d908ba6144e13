"""The short cuts taken for speed (issue #13) change nothing a user sees: the catalogue read one table at
a time is the whole catalogue, and `--help` / `--version` read only what they print."""
import subprocess
import sys
import tomllib

import pytest

from ita_xl import catalogue as text


@pytest.mark.parametrize("lang", text.LANGUAGES)
def test_the_catalogue_read_table_by_table_is_the_whole_catalogue(lang):
    tables = text._tables(lang)
    assert tables is not None, "the catalogue can no longer be cut at its tables: every t() parses it whole"
    joined = {}
    for source in tables.values():
        joined.update(tomllib.loads(source))
    assert joined == text._catalogue(lang)


@pytest.mark.parametrize("flag", ["--help", "--version"])
def test_help_and_version_parse_no_framework_and_not_the_whole_catalogue(flag):
    code = (f"from ita_xl.cli import cli\ntry:\n    cli([{flag!r}])\nexcept SystemExit:\n    pass\n"
            "from ita_xl import frameworks, catalogue as text\n"
            "print(frameworks._raw.cache_info().currsize, text._catalogue.cache_info().currsize)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip().splitlines()[-1] == "0 0"


def test_formulas_of_classic_functions_are_prepared_as_xlsxwriter_prepares_them(tmp_path, monkeypatch):
    """Every formula the reports and the consolidated workbook write, where the short cut takes it, comes out
    exactly as xlsxwriter's own preparation makes it, with Excel's newer functions expanded or not."""
    from builders import SAMPLE, write_input
    from xlsxwriter.worksheet import Worksheet

    from ita_xl import analyse, batch, load, write_report
    from ita_xl.writing import output_files as output
    from ita_xl.writing.edition import Edition

    seen: dict[str, str | None] = {}

    def recording(formula):
        seen[formula] = original(formula)
        return seen[formula]

    original = output._classic
    monkeypatch.setattr(output, "_classic", recording)
    analysis = analyse(load(SAMPLE))
    for n, edition in enumerate((Edition(), Edition(language="en"), Edition(digits="thai"))):
        write_report(analysis, tmp_path / f"report-{n}.xlsx", edition)
    other = write_input(tmp_path / "other.xlsx")
    result = batch.consolidate([SAMPLE, other], jobs=1)
    batch.write_consolidated(result, tmp_path / "all.xlsx")

    taken = {formula: short for formula, short in seen.items() if short is not None}
    assert len(taken) > 100, "the short cut no longer takes the reports' formulas"
    for piece in ("=ROUND(", "SUMPRODUCT(", "IF("):
        assert any(piece in formula for formula in taken), piece
    sheet = Worksheet()
    for formula, short in taken.items():
        for future in (False, True):
            sheet.use_future_functions = future
            assert short == sheet._prepare_formula(formula) == sheet._prepare_formula(formula, True), formula
    assert output._classic("=XLOOKUP(A1,B:B,C:C)") is None
    assert output._classic('=IF(A1="SORT(",1,0)') is None
