"""This year beside last year: every figure's change, and the items newly below target (pure).

The two years may use different frameworks: indicators and tools are matched by
number and code, items only where both years give the item the same text.
"""
from __future__ import annotations

from ..model import Analysis, Change, Comparison
from ..thai import squeezed
from .scoring import judged, meets


def _change(kind: str, key: str, current: float, previous: float | None, decimals: int) -> Change:
    if previous is None:
        return Change(kind, key, current, None, None, None)
    shown = judged(current, decimals) - judged(previous, decimals)
    trend = "up" if shown > 0 else "down" if shown < 0 else "same"
    return Change(kind, key, current, previous, current - previous, trend)


def _new_weak_items(current: Analysis, previous: Analysis) -> frozenset[str]:
    """Items below target now that were scored at or above it last year."""
    then = previous.assessment
    found = set()
    for weak in current.weak_items:
        old = then.items.get(weak.code)
        if (old is not None and old.score is not None and _wording(previous, weak.code) == _wording(current, weak.code)
                and meets(old.score, previous.target, previous.framework.decimals)):
            found.add(weak.code)
    return frozenset(found)


def _wording(analysis: Analysis, code: str) -> str:
    """An item's wording in that year: the input's own, else the framework's."""
    given = analysis.assessment.items.get(code)
    spec = analysis.framework.item(code)
    return (given.text if given else "") or (spec.text if spec else "")


def compare(current: Analysis, previous: Analysis) -> Comparison:
    decimals = current.framework.decimals
    old_tools = {tool.code: tool.score for tool in previous.tools}
    old_indicators = {i.no: i.score for i in previous.indicators}
    changes = [_change("ita", "ITA", current.ita, previous.ita, decimals)]
    changes += [_change("tool", tool.code, tool.score, old_tools.get(tool.code), decimals)
                for tool in current.tools]
    changes += [_change("indicator", str(i.no), i.score, old_indicators.get(i.no), decimals)
                for i in current.indicators]
    same = _name(current) == _name(previous)
    return Comparison(previous, tuple(changes), _new_weak_items(current, previous), same)


def _name(analysis: Analysis) -> str:
    return squeezed(analysis.assessment.agency.name)
