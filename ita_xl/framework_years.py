"""The fiscal years ita_xl has a framework file for, read from the names of the files in ``frameworks/``.

Apart from ``ita_xl.frameworks`` (which re-exports ``supported_years``) so that the command line can
offer the years in its options without building the framework classes: ``ita-xl --help`` stays quick.
"""
from __future__ import annotations

import os
from functools import cache

FRAMEWORK_FOLDER = os.path.join(os.path.dirname(__file__), "frameworks")


@cache
def supported_years() -> tuple[int, ...]:
    names = os.listdir(FRAMEWORK_FOLDER)
    return tuple(sorted(int(name[2:6]) for name in names if name.startswith("fy") and name.endswith(".toml")))
