"""Framework data: one file per year, later years as changes of earlier ones, each fact group's status."""
from dataclasses import replace
from importlib import resources

import pytest

from ita_xl import FrameworkError, load_framework, read_framework, supported_years
from ita_xl.frameworks import parse_framework
from ita_xl.frameworks.dump import dump_framework

YEARS = (2563, 2564, 2565, 2566, 2567, 2568, 2569, 2570)


def built_in(year: int) -> str:
    return resources.files("ita_xl.frameworks").joinpath(f"fy{year}.toml").read_text("utf-8")


def test_every_year_2563_to_2570_is_a_data_file():
    assert supported_years() == YEARS


@pytest.mark.parametrize("year", YEARS)
def test_each_year_has_ten_indicators_and_weights_30_30_40(year):
    framework = load_framework(year)
    assert [i.no for i in framework.indicators] == list(range(1, 11))
    assert {t.code: t.weight for t in framework.tools} == {"IIT": 30, "EIT": 30, "OIT": 40}
    assert [len(framework.indicators_of(code)) for code in ("IIT", "EIT", "OIT")] == [5, 3, 2]
    assert framework.target == 85


def test_2565_is_complete():
    framework = load_framework(2565)
    codes = [item.code for item in framework.items]
    assert codes == ([f"I{n}" for n in range(1, 31)] + [f"E{n}" for n in range(1, 16)]
                     + [f"O{n}" for n in range(1, 44)])
    assert all(item.recommendation and item.text for item in framework.items)
    assert [g.code for g in framework.groups] == ["9.1", "9.2", "9.3", "9.4", "9.5", "10.1", "10.2"]
    assert sum(len(g.items) for g in framework.groups) == 43
    assert [level.name_th for level in framework.levels] == ["AA", "A", "B", "C", "D", "E", "F"]


def test_item_to_indicator_mapping_2565():
    framework = load_framework(2565)
    assert [len(framework.items_of(no)) for no in range(1, 11)] == [6, 6, 6, 6, 6, 5, 5, 5, 33, 10]


def test_later_years_state_only_what_differs():
    files = {year: built_in(year) for year in YEARS}
    assert "\nextends = " not in files[2563]
    assert all(f"extends = {year - 1}" in files[year] for year in YEARS[1:])
    assert sum(len(text.splitlines()) for text in files.values()) < 1800      # 4,773 when each year was whole
    assert len(files[2564].splitlines()) < 50 and len(files[2568].splitlines()) < 50
    assert len(files[2570].splitlines()) < 20


def test_a_delta_changes_only_what_it_says():
    before, after = load_framework(2564), load_framework(2565)
    changed = {item.code for item in after.items if item != before.item(item.code)}
    assert changed == {"O34", "O36", "O37", "O38"}
    assert after.item("O34").text == "นโยบายไม่รับของขวัญ (No Gift Policy)"
    assert after.national.mean == 87.57 and load_framework(2569).national.mean is None   # never inherited


@pytest.mark.parametrize("year, tools, levels, oit", [
    (2565, ("published", None), ("published", None), ("published", None)),
    (2566, ("published", None), ("published", None), ("published", None)),
    (2567, ("published", None), ("carried", 2566), ("carried", 2566)),
    (2569, ("carried", 2568), ("carried", 2568), ("carried", 2566)),
    (2570, ("carried", 2568), ("carried", 2568), ("carried", 2566)),
])
def test_each_fact_group_says_what_it_rests_on(year, tools, levels, oit):
    framework = load_framework(year)
    status = {group: (s.kind, s.origin) for group, s in framework.status}
    assert (status["tools"], status["levels"], status["items.OIT"]) == (tools, levels, oit)
    assert set(status) == {"tools", "indicators", "levels", "items.IIT", "items.EIT", "items.OIT"}


@pytest.mark.parametrize("year, pinned", [(2565, {"IIT", "EIT", "OIT"}), (2566, {"OIT"}), (2569, set())])
def test_only_published_item_lists_are_pinned(year, pinned):
    framework = load_framework(year)
    assert {tool.code for tool in framework.tools if framework.pinned(tool.code)} == pinned


@pytest.mark.parametrize("year", [2569, 2570])
def test_this_year_and_next_carry_2568_forward(year):
    framework, last = load_framework(year), load_framework(2568)
    assert (framework.tools, framework.indicators, framework.levels) == (last.tools, last.indicators, last.levels)
    assert [level.code for level in framework.levels] == ["excellent", "good", "passed", "improve", "urgent"]


@pytest.mark.parametrize("year", YEARS)
def test_a_year_written_whole_reads_back_the_same(year):
    framework = load_framework(year)
    again = parse_framework(dump_framework(framework), "dump.toml")
    assert again == replace(framework, extends=None)


def test_a_written_framework_keeps_every_digit_of_its_numbers(tmp_path):
    """Weights of 100/3 (a user's file) add up to 100 only if no digit is lost on the way."""
    third = 100 / 3
    framework = load_framework(2565)
    tools = tuple(replace(tool, weight=third) for tool in framework.tools)
    again = parse_framework(dump_framework(replace(framework, tools=tools)), "dump.toml")
    assert [tool.weight for tool in again.tools] == [third] * 3


def test_a_users_own_framework_file_can_extend_a_built_in_year(tmp_path):
    path = tmp_path / "mine.toml"
    path.write_text("fiscal_year = 2571\nextends = 2570\ntarget = 80\n", encoding="utf-8")
    framework = read_framework(path)
    assert (framework.fiscal_year, framework.target, len(framework.items)) == (2571, 80, 88)
    assert framework.status_of("tools").kind == "carried" and framework.status_of("tools").origin == 2568


def test_a_change_without_its_status_is_refused(tmp_path):
    path = tmp_path / "mine.toml"
    path.write_text('fiscal_year = 2571\nextends = 2570\n[[levels]]\ncode = "x"\nname_th = "x"\nname_en = "x"\n'
                    "min = 0\n", encoding="utf-8")
    with pytest.raises(FrameworkError, match="levels"):
        read_framework(path)


def test_a_framework_whose_weights_do_not_add_up_is_refused():
    source = dump_framework(load_framework(2565))
    with pytest.raises(FrameworkError, match="tool weights must add up to 100"):
        parse_framework(source.replace("weight = 40", "weight = 45"), "bad.toml")


def test_unreadable_framework_file(tmp_path):
    with pytest.raises(FrameworkError, match="อ่านไฟล์กรอบการประเมิน"):
        read_framework(tmp_path / "none.toml")
