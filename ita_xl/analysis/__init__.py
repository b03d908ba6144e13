"""The analysis: pure functions from an ``Assessment`` to an ``Analysis`` (no I/O, no Excel, no words).

Results are numbers and codes (indicator numbers, tool codes, level codes); the writers
put them into words in the edition asked for.
"""
from __future__ import annotations

from dataclasses import replace

from ..model import (
    Analysis,
    Assessment,
    DraftMeasure,
    IndicatorResult,
    ToolResult,
    WeakItem,
)
from .audit import audit
from .scoring import (
    competition_ranks,
    indicator_score,
    ita_score,
    judged,
    level_of,
    meets,
    tool_scores,
)
from .uplift import uplift


def strengths_and_weaknesses(indicators: tuple[IndicatorResult, ...],
                             decimals: int) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Strengths highest first, weaknesses lowest first, as the analysis memo lists them.

    Scores are compared as published, like the ranks: two indicators shown at 90.00 are tied
    whatever digits lie beyond, and tied indicators are listed by number, so the list follows
    the rank column (equal published scores share a rank) and reads in an order the reader can see.
    """
    strong = sorted((i for i in indicators if i.passed), key=lambda i: (-judged(i.score, decimals), i.no))
    weak = sorted((i for i in indicators if not i.passed), key=lambda i: (judged(i.score, decimals), i.no))
    return tuple(i.no for i in strong), tuple(i.no for i in weak)


def weak_items(assessment: Assessment, indicators: tuple[IndicatorResult, ...],
               target: float) -> tuple[WeakItem, ...]:
    """Items below target, weakest indicator first and lowest item first within it (scores as
    published, as ``strengths_and_weaknesses`` orders the indicators; ties in the framework's order)."""
    framework = assessment.framework
    by_no = {i.no: i for i in indicators}
    order = {item.code: position for position, item in enumerate(framework.items)}
    order |= {code: len(order) + n for n, code in enumerate(assessment.items) if code not in order}
    found = []
    for code, given in assessment.items.items():
        if given.score is None or meets(given.score, target, framework.decimals):
            continue
        found.append(WeakItem(code, assessment.indicator_of(code), given.score, given.text,
                              given.recommendation.strip()))
    decimals = framework.decimals
    found.sort(key=lambda w: (judged(by_no[w.indicator].score, decimals), w.indicator, judged(w.score, decimals),
                              order[w.code]))
    return tuple(found)


def draft_measures(weaknesses: tuple[int, ...], items_below: tuple[WeakItem, ...]) -> tuple[DraftMeasure, ...]:
    """One measure per weak indicator, its steps the recommendations for its weak items."""
    return tuple(DraftMeasure(no, tuple(w for w in items_below if w.indicator == no)) for no in weaknesses)


def analyse(assessment: Assessment, target: float | None = None) -> Analysis:
    """Everything the analysis memo states, computed from the assessment's scores."""
    framework = assessment.framework
    target = framework.target if target is None else float(target)
    decimals = framework.decimals
    computed = {i.no: indicator_score(assessment, i.no) for i in framework.indicators}
    scores = {no: score for no, (score, _) in computed.items()}
    ranks = competition_ranks(scores, decimals)
    indicators = tuple(
        IndicatorResult(i.no, i.tool, scores[i.no], ranks[i.no], meets(scores[i.no], target, decimals),
                        computed[i.no][1])
        for i in framework.indicators)
    by_tool = tool_scores(framework, scores)
    tools = tuple(ToolResult(tool.code, tool.weight, by_tool[tool.code], meets(by_tool[tool.code], target, decimals))
                  for tool in framework.tools)
    ita = ita_score(framework, by_tool)
    strengths, weaknesses = strengths_and_weaknesses(indicators, decimals)
    items_below = weak_items(assessment, indicators, target)
    analysis = Analysis(
        assessment=assessment, target=target, indicators=indicators, tools=tools, ita=ita,
        level=level_of(framework, ita, by_tool).code, passed=meets(ita, target, decimals),
        strengths=strengths, weaknesses=weaknesses, weak_items=items_below, measures=assessment.measures,
        drafts=() if assessment.measures else draft_measures(weaknesses, items_below),
    )
    return replace(analysis, audit=audit(analysis), uplift=uplift(analysis))
