import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from builders import SAMPLE  # noqa: E402


@pytest.fixture
def sample() -> Path:
    return SAMPLE
