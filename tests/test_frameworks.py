import pytest

from ita_xl import FrameworkError, load_framework, read_framework, supported_years
from ita_xl.frameworks import parse_framework

YEARS = (2563, 2564, 2565, 2566, 2567, 2568)


def test_every_year_2563_to_2568_is_a_data_file():
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


def built_in(year=2565):
    from importlib import resources
    return resources.files("ita_xl.frameworks").joinpath(f"fy{year}.toml").read_text("utf-8")


def test_a_users_own_framework_file_overrides_the_built_in(tmp_path):
    source = built_in()
    path = tmp_path / "mine.toml"
    path.write_text(source.replace("target = 85", "target = 80"), encoding="utf-8")
    assert read_framework(path).target == 80


def test_a_framework_whose_weights_do_not_add_up_is_refused():
    source = built_in()
    with pytest.raises(FrameworkError, match="tool weights must add up to 100"):
        parse_framework(source.replace("weight = 40", "weight = 45"), "bad.toml")


def test_unreadable_framework_file(tmp_path):
    with pytest.raises(FrameworkError, match="อ่านไฟล์กรอบการประเมิน"):
        read_framework(tmp_path / "none.toml")
