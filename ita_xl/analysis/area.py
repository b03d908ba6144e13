"""An area's figures set beside others, for the office's memo (pure, no words): the area's mean and
pass rate beside the nation's and last year's, an agency's ITA beside its own last year, and the
agencies that lead the area.

Differences are taken between the figures as published (rounded half up to the framework's
decimals), so that a reader who subtracts the two figures the memo prints finds the difference it
states.
"""
from __future__ import annotations

from dataclasses import dataclass

from .consolidation import AgencyRow, ranks
from .scoring import judged


@dataclass(frozen=True)
class Beside:
    """A figure beside the same figure elsewhere, both as published: ``difference`` is ours less
    theirs, ``trend`` "up" (ours is higher), "down" or "same"."""
    ours: float
    theirs: float
    difference: float
    trend: str


def beside(ours: float, theirs: float | None, decimals: int) -> Beside | None:
    """``ours`` beside ``theirs`` (None when theirs is not known)."""
    if theirs is None:
        return None
    difference = round(judged(ours, decimals) - judged(theirs, decimals), decimals)
    trend = "up" if difference > 0 else "down" if difference < 0 else "same"
    return Beside(ours, theirs, difference, trend)


def leading(ranking: tuple[AgencyRow, ...], decimals: int, places: int) -> tuple[tuple[int, AgencyRow], ...]:
    """The agencies ranked within the first ``places`` (highest ITA first), with their ranks: agencies
    whose published ITA ties with the last place are all in."""
    rank = ranks(ranking, decimals)
    return tuple((rank[row.source], row) for row in ranking if rank[row.source] <= places)
