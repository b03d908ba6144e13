"""The analysis: pure functions from an ``Assessment`` to an ``Analysis`` (no I/O, no Excel)."""
from __future__ import annotations

from dataclasses import replace

from .audit import audit
from .model import (
    Analysis,
    Assessment,
    Comparison,
    IndicatorResult,
    Measure,
    ToolResult,
    WeakItem,
)
from .scoring import (
    competition_ranks,
    indicator_score,
    ita_score,
    level_of,
    meets,
    tool_scores,
)
from .text import pick, t
from .uplift import uplift


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
        found.append(WeakItem(code, spec.indicator, pick(spec.text, spec.text_en), given.score,
                              recommendation or pick(spec.recommendation, spec.recommendation_en),
                              bool(recommendation)))
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
        advice = advice or [pick(item.recommendation, item.recommendation_en)
                            for item in framework.items_of(no)]
        steps = "\n".join(f"{n}. {text}" for n, text in enumerate(dict.fromkeys(advice), 1))
        measures.append(Measure(
            measure=t("draft.measure", no=no, name=pick(indicator.name_th, indicator.name_en)),
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
        IndicatorResult(i.no, i.tool, pick(i.name_th, i.name_en), scores[i.no], ranks[i.no],
                        meets(scores[i.no], target, decimals), computed[i.no][1])
        for i in framework.indicators)
    by_tool = tool_scores(framework, scores)
    tools = tuple(ToolResult(tool.code, pick(tool.name_th, tool.name_en), tool.weight, by_tool[tool.code],
                             meets(by_tool[tool.code], target, decimals))
                  for tool in framework.tools)
    ita = ita_score(framework, by_tool)
    band = level_of(framework, ita, by_tool)
    strengths, weaknesses = strengths_and_weaknesses(indicators)
    items_below = weak_items(assessment, indicators, target)
    measures = assessment.measures or draft_measures(assessment, weaknesses, items_below)
    analysis = Analysis(
        assessment=assessment, target=target, indicators=indicators, tools=tools, ita=ita,
        level=pick(band.name_th, band.name_en), passed=meets(ita, target, decimals),
        strengths=strengths, weaknesses=weaknesses, weak_items=items_below,
        measures=measures, measures_drafted=not assessment.measures and bool(measures), level_band=band,
    )
    return replace(analysis, audit=audit(analysis), uplift=uplift(analysis))


def to_json(analysis: Analysis, comparison: Comparison | None = None) -> dict:
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
        "stated": {"ita": assessment.stated.ita, "level": assessment.stated.level,
                   "tools": assessment.stated.tools},
        "audit": [vars(check) for check in analysis.audit],
        "uplift": {
            "improvements": [_improvement_json(i) for i in analysis.uplift.improvements],
            "plans": [{"kind": p.kind, "goal": p.goal, "min_ita": p.min_ita, "tools_min": p.tools_min,
                       "reached": p.reached, "feasible": p.feasible,
                       "steps": [_improvement_json(s.improvement) | {"units": s.units, "ita_after": s.ita_after}
                                 for s in p.steps]}
                      for p in analysis.uplift.plans],
        },
        "previous": None if comparison is None else {
            "source": comparison.previous.assessment.source,
            "fiscal_year": comparison.previous.assessment.fiscal_year,
            "level": comparison.previous.level,
            "changes": [vars(change) for change in comparison.changes],
            "new_weak_items": sorted(comparison.new_weak_items),
        },
    }


def _improvement_json(improvement) -> dict:
    return {"kind": improvement.kind, "indicator": improvement.indicator, "tool": improvement.tool,
            "code": improvement.code or None, "group": improvement.group or None,
            "units_available": improvement.units, "gain_per_unit": {
                "group": improvement.gain_group, "indicator": improvement.gain_indicator,
                "tool": improvement.gain_tool, "ita": improvement.gain_ita},
            "max_ita_gain": improvement.max_gain}
