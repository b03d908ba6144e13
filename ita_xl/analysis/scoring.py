"""The ITA arithmetic: items to indicators to tools to the ITA and its level.

Scores are computed from unrounded values. Decisions (pass or fail, level,
rank) are taken on the score as published, rounded half up to the framework's
``decimals``, so that a score shown as 85.00 never counts as below 85.

Each rule has an Excel twin in ``writing/excel_rules.py`` (``judged`` and ``judged_formula``, ...)
that makes a workbook decide the same way when a score is edited; change both together.
"""
from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from statistics import fmean

from ..frameworks import Framework, Level
from ..model import Assessment

EXCEL_DIGITS = 15        # significant digits Excel keeps of a number, and shows


@lru_cache(maxsize=1 << 16)
def judged(score: float, decimals: int) -> float:
    """``score`` as published: rounded half up, as Excel's ROUND does (Python's round() does not), from
    the 15 significant digits Excel keeps. A mean computed as 84.99499999999999 is 84.995 to Excel,
    which shows it as 85.00 and rounds it to 85: so does this. Remembered: the agencies of a batch
    share most of their item scores."""
    step = Decimal(1).scaleb(-decimals)
    return float(Decimal(f"{score:.{EXCEL_DIGITS}g}").quantize(step, rounding=ROUND_HALF_UP))


def meets(score: float, target: float, decimals: int) -> bool:
    return judged(score, decimals) >= target


def score_from_items(assessment: Assessment, no: int) -> tuple[float, int] | None:
    """The indicator's score computed from its items, and how many, or None if they are incomplete.

    IIT and EIT: the mean of the items. Met/not-met items (OIT): each sub-indicator
    scores the share of its items met, and the indicator is the mean of the sub-indicators.
    """
    framework = assessment.framework
    if not framework.computable_from_items(no):
        return None
    codes = [item.code for item in framework.items_of(no)]
    scores = {code: assessment.items[code].score for code in codes
              if code in assessment.items and assessment.items[code].score is not None}
    if len(scores) < len(codes):
        return None
    groups = framework.groups_of(no)
    if groups:
        return fmean(fmean(scores[code] for code in group.items) for group in groups), len(scores)
    return fmean(scores.values()), len(scores)


def indicator_score(assessment: Assessment, no: int) -> tuple[float, int]:
    """The indicator's score and how many item scores it was computed from (0: it was given)."""
    given = assessment.indicator_scores.get(no)
    if given is not None:
        return given, 0
    computed = score_from_items(assessment, no)
    if computed is None:
        raise ValueError(f"indicator {no} has no score and its items cannot make one")
    return computed


def tool_scores(framework: Framework, indicator_scores: dict[int, float]) -> dict[str, float]:
    """Each tool's score: the plain mean of its indicators."""
    return {tool.code: fmean(indicator_scores[i.no] for i in framework.indicators_of(tool.code))
            for tool in framework.tools}


def ita_score(framework: Framework, scores_by_tool: dict[str, float]) -> float:
    return sum(tool.weight * scores_by_tool[tool.code] for tool in framework.tools) / 100


def level_of(framework: Framework, ita: float, scores_by_tool: dict[str, float]) -> Level:
    """The first level band the ITA reaches, with every tool reaching the band's ``tools_min``."""
    decimals = framework.decimals
    lowest_tool = judged(min(scores_by_tool.values()), decimals)
    for level in framework.levels:
        if judged(ita, decimals) >= level.min and (level.tools_min is None
                                                   or lowest_tool >= level.tools_min):
            return level
    return framework.levels[-1]


def places(scores: Sequence[float], decimals: int, highest_first: bool = True) -> tuple[int, ...]:
    """Each score's place in a list of them (the strengths, highest first; the weaknesses, lowest
    first): 1 and on, equal published scores sharing a place, as ``competition_ranks`` ranks them."""
    shown = [judged(score, decimals) * (1 if highest_first else -1) for score in scores]
    return tuple(1 + sum(other > value for other in shown) for value in shown)


def competition_ranks(scores: dict[int, float], decimals: int) -> dict[int, int]:
    """Rank 1 for the highest; equal (as published) scores share a rank, the next is skipped."""
    shown = {key: judged(score, decimals) for key, score in scores.items()}
    return {key: 1 + sum(other > value for other in shown.values()) for key, value in shown.items()}
