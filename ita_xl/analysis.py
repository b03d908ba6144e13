"""The analysis: pure functions from an ``Assessment`` to an ``Analysis``.

Scores are computed from unrounded values. Decisions (pass or fail, level,
rank) are taken on the score as published, rounded half up to the framework's
``decimals``, so that a score shown as 85.00 never counts as below 85.
"""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from statistics import fmean

from .frameworks import Framework, Level
from .model import (Analysis, Assessment, IndicatorResult, Measure, ToolResult,
                    WeakItem)
from .text import t


def judged(score: float, decimals: int) -> float:
    """``score`` rounded half up, as Excel's ROUND does (Python's round() does not)."""
    step = Decimal(1).scaleb(-decimals)
    return float(Decimal(repr(score)).quantize(step, rounding=ROUND_HALF_UP))


def meets(score: float, target: float, decimals: int) -> bool:
    return judged(score, decimals) >= target


def indicator_score(assessment: Assessment, no: int) -> tuple[float, int]:
    """The indicator's score and how many item scores it was computed from (0: given).

    A blank indicator is the mean of its items; where the framework groups the
    items into sub-indicators (OIT), it is the mean of the sub-indicator means.
    """
    given = assessment.indicator_scores.get(no)
    if given is not None:
        return given, 0
    framework = assessment.framework
    codes = [item.code for item in framework.items_of(no)]
    scores = {code: assessment.items[code].score for code in codes
              if code in assessment.items and assessment.items[code].score is not None}
    if not codes or len(scores) < len(codes):
        raise ValueError(f"indicator {no} has no score and not every item is scored")
    groups = framework.groups_of(no)
    if groups:
        return fmean(fmean(scores[code] for code in group.items) for group in groups), len(scores)
    return fmean(scores.values()), len(scores)


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


def competition_ranks(scores: dict[int, float], decimals: int) -> dict[int, int]:
    """Rank 1 for the highest; equal (as published) scores share a rank, the next is skipped."""
    shown = {key: judged(score, decimals) for key, score in scores.items()}
    return {key: 1 + sum(other > value for other in shown.values()) for key, value in shown.items()}


def strengths_and_weaknesses(indicators: tuple[IndicatorResult, ...]) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Strengths highest first, weaknesses lowest first, as the analysis memo lists them."""
    strong = sorted((i for i in indicators if i.passed), key=lambda i: (-i.score, i.no))
    weak = sorted((i for i in indicators if not i.passed), key=lambda i: (i.score, i.no))
    return tuple(i.no for i in strong), tuple(i.no for i in weak)


def weak_items(assessment: Assessment, indicators: tuple[IndicatorResult, ...],
               target: float) -> tuple[WeakItem, ...]:
    """Items below target, weakest indicator first and lowest item first within it."""
    framework = assessment.framework
    by_no = {i.no: i for i in indicators}
    order = {item.code: position for position, item in enumerate(framework.items)}
    found = []
    for code, given in assessment.items.items():
        spec = framework.item(code)
        if given.score is None or meets(given.score, target, framework.decimals):
            continue
        recommendation = given.recommendation.strip()
        found.append(WeakItem(code, spec.indicator, spec.text, given.score,
                              recommendation or spec.recommendation, bool(recommendation)))
    found.sort(key=lambda w: (by_no[w.indicator].score, w.indicator, w.score, order[w.code]))
    return tuple(found)


def draft_measures(assessment: Assessment, weaknesses: tuple[int, ...],
                   items_below: tuple[WeakItem, ...]) -> tuple[Measure, ...]:
    """One measure per weak indicator, its steps the recommendations for its weak items.

    An indicator with no weak item known falls back on the built-in
    recommendations of all its items; responsible and timeline stay blank.
    """
    framework = assessment.framework
    measures = []
    for no in weaknesses:
        indicator = framework.indicator(no)
        advice = [w.recommendation for w in items_below if w.indicator == no]
        advice = advice or [item.recommendation for item in framework.items_of(no)]
        steps = "\n".join(f"{n}. {text}" for n, text in enumerate(dict.fromkeys(advice), 1))
        measures.append(Measure(
            measure=t("draft.measure", no=no, name=indicator.name_th),
            steps=steps or t("draft.steps_unknown"),
        ))
    return tuple(measures)


def analyse(assessment: Assessment, target: float | None = None) -> Analysis:
    """Everything the analysis memo states, computed from the assessment's scores."""
    framework = assessment.framework
    target = framework.target if target is None else float(target)
    decimals = framework.decimals
    computed = {i.no: indicator_score(assessment, i.no) for i in framework.indicators}
    scores = {no: score for no, (score, _) in computed.items()}
    ranks = competition_ranks(scores, decimals)
    indicators = tuple(
        IndicatorResult(i.no, i.tool, i.name_th, scores[i.no], ranks[i.no],
                        meets(scores[i.no], target, decimals), computed[i.no][1])
        for i in framework.indicators)
    by_tool = tool_scores(framework, scores)
    tools = tuple(ToolResult(tool.code, tool.name_th, tool.weight, by_tool[tool.code],
                             meets(by_tool[tool.code], target, decimals))
                  for tool in framework.tools)
    ita = ita_score(framework, by_tool)
    strengths, weaknesses = strengths_and_weaknesses(indicators)
    items_below = weak_items(assessment, indicators, target)
    measures = assessment.measures or draft_measures(assessment, weaknesses, items_below)
    return Analysis(
        assessment=assessment, target=target, indicators=indicators, tools=tools, ita=ita,
        level=level_of(framework, ita, by_tool).name_th, passed=meets(ita, target, decimals),
        strengths=strengths, weaknesses=weaknesses, weak_items=items_below,
        measures=measures, measures_drafted=not assessment.measures and bool(measures),
    )


def to_json(analysis: Analysis) -> dict:
    """The analysis as plain JSON-ready data; scores unrounded."""
    assessment = analysis.assessment
    agency = assessment.agency
    return {
        "source": assessment.source,
        "agency": {"name": agency.name, "type": agency.type, "province": agency.province},
        "fiscal_year": assessment.fiscal_year,
        "target": analysis.target,
        "tools": {tool.code: {"score": tool.score, "passed": tool.passed, "weight": tool.weight}
                  for tool in analysis.tools},
        "ita": {"score": analysis.ita, "level": analysis.level, "passed": analysis.passed},
        "indicators": [
            {"no": i.no, "tool": i.tool, "name": i.name, "score": i.score, "rank": i.rank,
             "status": "passed" if i.passed else "below_target", "items_used": i.items_used}
            for i in analysis.indicators],
        "strengths": list(analysis.strengths),
        "weaknesses": list(analysis.weaknesses),
        "weak_items": [
            {"code": w.code, "indicator": w.indicator, "text": w.text, "score": w.score,
             "recommendation": w.recommendation}
            for w in analysis.weak_items],
        "measures": [vars(m) for m in analysis.measures],
        "measures_drafted": analysis.measures_drafted,
    }
