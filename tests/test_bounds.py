"""Bounded time and memory for the memo (issue 19 §4): a plan no memo can hold is refused at once,
located, and the Word memo's time grows with its content, never with its square. (How long things
take is measured in benchmarks/, never here.)"""
import pytest
from builders import write_input
from click.testing import CliRunner

from ita_xl import Edition, InputError, analyse, load
from ita_xl.cli import cli
from ita_xl.reading.assessment import MEMO_CHARACTERS, MEMO_MEASURES, MEMO_WORDS
from ita_xl.writing.memo.word import docx_bytes


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def short_measures(count: int) -> list[tuple]:
    return [(f"มาตรการที่ {n}", f"จัดประชุม {n}", "กองคลัง", "ตุลาคม", "", "") for n in range(count)]


def test_a_plan_of_more_measures_than_a_memo_holds_is_refused_and_located(tmp_path):
    source = write_input(tmp_path / "many.xlsx", measures=short_measures(MEMO_MEASURES + 1))
    result = run("convert", source, "-o", tmp_path / "report.xlsx", "--docx")
    assert result.exit_code == 1
    expected = InputError(source, "memo_too_many_measures", "มาตรการ", count=MEMO_MEASURES + 1,
                          limit=MEMO_MEASURES).text("th")
    assert result.stderr == expected + "\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["many.xlsx"]
    assert expected in run("validate", source).output


def test_more_text_than_a_memo_sets_is_refused(tmp_path):
    cell = "ให้ทุกกองจัดประชุมชี้แจงและติดตามผลการดำเนินงาน " * 650            # about 31,000 characters
    source = write_input(tmp_path / "long.xlsx", measures=[(f"มาตรการ {n}", cell, "", "", "", "")
                                                          for n in range(MEMO_CHARACTERS // len(cell) + 1)])
    result = run("convert", source, "-o", tmp_path / "report.xlsx")
    assert result.exit_code == 1
    assert "memo_too_long" == load_problem(source)
    assert f"{MEMO_CHARACTERS:,}" in result.stderr


def test_more_wording_than_a_memo_cuts_into_words_is_refused(tmp_path):
    """Text that does not repeat: every word of it must be found in the dictionary."""
    import random
    rng = random.Random(5)
    letters = [chr(c) for c in range(0x0E01, 0x0E2F)]
    def cell():                                                              # 26,000 characters, none alike
        return " ".join("".join(rng.choices(letters, k=12)) for _ in range(2_000))
    measures = [(f"มาตรการ {n}", cell(), "", "", "", "") for n in range(MEMO_WORDS // 24_000 + 1)]
    source = write_input(tmp_path / "varied.xlsx", measures=measures)
    assert "memo_too_varied" == load_problem(source)


def load_problem(source) -> str:
    from ita_xl import InputProblems
    with pytest.raises(InputProblems) as raised:
        load(source)
    return raised.value.problems[0].key


def test_a_plan_at_the_limit_is_written(tmp_path):
    source = write_input(tmp_path / "limit.xlsx", measures=short_measures(MEMO_MEASURES))
    assert run("convert", source, "-o", tmp_path / "report.xlsx").exit_code == 0


def test_the_word_memo_never_searches_its_tables_for_a_cells_row(sample, monkeypatch):
    """python-docx's merge finds each merged cell's row by searching the whole table, so a memo of
    2,000 measures took seconds in it alone and 20,000 took minutes: a span within one row needs
    no search."""
    from docx.oxml.table import CT_Tc

    def searched(self):
        raise AssertionError("a cell's row was searched for")
    monkeypatch.setattr(CT_Tc, "_tr_idx", property(searched))
    analysis = analyse(load(sample))
    assert analysis.measures
    assert docx_bytes(analysis, Edition()).startswith(b"PK")
