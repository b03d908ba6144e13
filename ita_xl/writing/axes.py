"""Chart axes every writer draws alike (the consolidated workbook's charts, the office's memo)."""
from __future__ import annotations

import math
from typing import NamedTuple

MOST_TICKS = 10


class CountAxis(NamedTuple):
    """An axis of counts from 0 to ``top`` ticking every ``step``."""
    step: int
    top: int

    def ticks(self) -> range:
        return range(0, self.top + 1, self.step)


def count_axis(most: int) -> CountAxis:
    """A count axis from 0 that ticks at whole numbers only (never 0.2 or 0.5 of an agency): steps
    of 1, 2 or 5 times a power of ten, at most ``MOST_TICKS`` of them, reaching ``most``."""
    step = 1
    while math.ceil(most / step) > MOST_TICKS:
        step = _next_step(step)
    return CountAxis(step, step * math.ceil(most / step))


def _next_step(step: int) -> int:
    """1, 2, 5, 10, 20, 50 ..."""
    return step * 5 // 2 if str(step)[0] == "2" else step * 2
