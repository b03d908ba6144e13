"""What moves the score: the ITA points each improvement is worth, and the fewest that reach a goal.

Every gain is derived from the year's framework: an OIT item adds 100 / (items in
its sub-indicator) to the sub-indicator, that / (sub-indicators) to the indicator,
that / (indicators of the tool) to the tool, and that x tool weight / 100 to the ITA.
A point on an indicator adds 1 / (indicators of the tool) to the tool.
"""
from __future__ import annotations

from ..frameworks import Framework
from ..model import Analysis, Improvement, IndicatorResult, Plan, PlanStep, Uplift
from .scoring import judged


def _items_known(analysis: Analysis, no: int) -> bool:
    """An OIT indicator's improvements are its unmet items when every item is scored."""
    framework = analysis.framework
    items = analysis.assessment.items
    codes = [item.code for item in framework.items_of(no)]
    return (framework.met_scale(no)
            and framework.computable_from_items(no)
            and all(code in items and items[code].score is not None for code in codes))


def _item_improvements(analysis: Analysis, indicator: IndicatorResult) -> list[Improvement]:
    framework = analysis.framework
    tool = framework.tool(indicator.tool)
    tool_size = len(framework.indicators_of(tool.code))
    groups = framework.groups_of(indicator.no)
    found = []
    for group in groups:
        gain_group = 100 / len(group.items)
        gain_indicator = gain_group / len(groups)
        gain_tool = gain_indicator / tool_size
        for code in group.items:
            if analysis.assessment.items[code].score == 0:
                found.append(Improvement("item", indicator.no, tool.code, 1, gain_indicator, gain_tool,
                                         gain_tool * tool.weight / 100, code, group.code, gain_group))
    return found


def _point_improvement(framework: Framework, indicator: IndicatorResult) -> Improvement:
    tool = framework.tool(indicator.tool)
    tool_size = len(framework.indicators_of(tool.code))
    return Improvement("points", indicator.no, tool.code, 100 - indicator.score, 1,
                       1 / tool_size, tool.weight / 100 / tool_size)


def improvements(analysis: Analysis) -> tuple[Improvement, ...]:
    """Every possible improvement, highest ITA gain per unit first; equal gains weakest indicator first."""
    found = []
    for indicator in analysis.indicators:
        if _items_known(analysis, indicator.no):
            found += _item_improvements(analysis, indicator)
        elif indicator.score < 100:
            found.append(_point_improvement(analysis.framework, indicator))
    order = {item.code: n for n, item in enumerate(analysis.framework.items)}
    score = {i.no: i.score for i in analysis.indicators}
    return tuple(sorted(found, key=lambda imp: (-imp.gain_ita, score[imp.indicator], imp.indicator,
                                                order.get(imp.code, 0))))


class _Progress:
    """Scores as improvements are taken, each improvement used at most once in total."""

    def __init__(self, analysis: Analysis):
        self.decimals = analysis.framework.decimals
        self.ita = analysis.ita
        self.tools = {tool.code: tool.score for tool in analysis.tools}
        self.left: dict[int, float] = {}
        self.steps: list[PlanStep] = []

    def reached(self, min_ita: float, tools_min: float | None, tool: str | None = None) -> bool:
        if tool is not None:
            return judged(self.tools[tool], self.decimals) >= tools_min
        tools_ok = tools_min is None or all(judged(s, self.decimals) >= tools_min for s in self.tools.values())
        return judged(self.ita, self.decimals) >= min_ita and tools_ok

    def take(self, improvement: Improvement, need: float, per_unit: float) -> None:
        """Use as much of ``improvement`` as closes ``need`` (an item whole, points in part)."""
        available = self.left.get(id(improvement), improvement.units)
        if available <= 0 or per_unit <= 0:
            return
        units = 1.0 if improvement.kind == "item" else min(available, need / per_unit)
        self.left[id(improvement)] = available - units
        self.ita += improvement.gain_ita * units
        self.tools[improvement.tool] += improvement.gain_tool * units
        self.steps.append(PlanStep(improvement, units, self.ita))


def plan(analysis: Analysis, options: tuple[Improvement, ...], kind: str, goal: str, min_ita: float,
         tools_min: float | None) -> Plan:
    """Raise each tool below ``tools_min`` with its own improvements, then the ITA with any."""
    progress = _Progress(analysis)
    if progress.reached(min_ita, tools_min):
        return Plan(kind, goal, min_ita, tools_min, True, True, ())
    if tools_min is not None:
        for code in progress.tools:
            for option in (o for o in options if o.tool == code):
                if progress.reached(min_ita, tools_min, tool=code):
                    break
                progress.take(option, tools_min - progress.tools[code], option.gain_tool)
    for option in options:
        if progress.reached(min_ita, None):
            break
        progress.take(option, min_ita - progress.ita, option.gain_ita)
    return Plan(kind, goal, min_ita, tools_min, False, progress.reached(min_ita, tools_min),
                tuple(progress.steps))


def uplift(analysis: Analysis) -> Uplift:
    """Improvements ranked, and plans to reach the target and the next level up."""
    options = improvements(analysis)
    plans = [plan(analysis, options, "target", f"{analysis.target:g}", analysis.target, None)]
    levels = analysis.framework.levels
    current = levels.index(analysis.level_band)
    if current > 0:
        better = levels[current - 1]
        if not (better.min == analysis.target and better.tools_min is None):
            plans.append(plan(analysis, options, "level", better.code, better.min, better.tools_min))
    return Uplift(options, tuple(plans))
