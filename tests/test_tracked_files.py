"""The files the repository ships are what the code writes today: the README's first command leaves the
checkout clean, and a clerk who takes a template from `templates/` gets the one `ita-xl template` makes."""
import re
from pathlib import Path

import pytest

from ita_xl import convert, load_framework, write_template

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = Path("samples", "saithong-2565.xlsx")
TEMPLATES = sorted((ROOT / "templates").glob("ita-template-*.xlsx"))


def test_the_current_years_have_templates():
    assert {int(re.search(r"(\d{4})", p.name).group(1)) for p in TEMPLATES} >= {2565, 2569, 2570}


@pytest.mark.parametrize("tracked", TEMPLATES, ids=lambda p: p.name)
def test_a_shipped_template_is_what_ita_xl_template_writes(tmp_path, tracked):
    year = int(re.search(r"(\d{4})", tracked.name).group(1))
    fresh = write_template(tmp_path / tracked.name, load_framework(year))
    assert Path(fresh).read_bytes() == tracked.read_bytes(), f"run: ita-xl template {tracked} --year {year} --force"


def test_the_sample_report_is_what_the_readmes_first_command_writes(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    convert(SAMPLE, tmp_path / "report.xlsx")
    tracked = ROOT / "samples" / "saithong-2565-report.xlsx"
    assert (tmp_path / "report.xlsx").read_bytes() == tracked.read_bytes(), "run: ita-xl convert " + str(SAMPLE)
