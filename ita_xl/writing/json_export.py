"""The analysis as plain JSON-ready data, for other programs: scores unrounded, codes beside names."""
from __future__ import annotations

from dataclasses import asdict

from ..frameworks import Framework
from ..model import Analysis, Comparison, Improvement
from .edition import Edition


def describe(framework: Framework, edition: Edition) -> dict:
    """What a year's framework rests on: the year, its level system and the status of each fact
    group, with the words for people (``--json`` of convert and of ``ita-xl years``)."""
    return {
        "fiscal_year": framework.fiscal_year,
        "levels": [level.code for level in framework.levels],
        "level_system": edition.level_system(framework),
        "status": {group: {"kind": status.kind, "source": status.source or None, "from": status.origin,
                           "note": status.note or None, "text": edition.provenance(status)}
                   for group, status in framework.status},
    }


def to_json(analysis: Analysis, comparison: Comparison | None = None, edition: Edition = Edition()) -> dict:
    """Everything the workbook states, as data; names in ``edition``'s language."""
    assessment = analysis.assessment
    framework = analysis.framework
    agency = assessment.agency
    return {
        "source": assessment.source,
        "agency": {"name": agency.name, "type": agency.type, "province": agency.province},
        "fiscal_year": assessment.fiscal_year,
        "framework": describe(framework, edition),
        "target": analysis.target,
        "tools": {tool.code: {"score": tool.score, "passed": tool.passed, "weight": tool.weight,
                              "name": edition.tool_name(framework, tool.code)}
                  for tool in analysis.tools},
        "ita": {"score": analysis.ita, "level": edition.level_name(framework, analysis.level),
                "level_code": analysis.level, "passed": analysis.passed},
        "indicators": [
            {"no": i.no, "tool": i.tool, "name": edition.indicator_name(framework, i.no), "score": i.score,
             "rank": i.rank, "status": "passed" if i.passed else "below_target", "items_used": i.items_used}
            for i in analysis.indicators],
        "strengths": list(analysis.strengths),
        "weaknesses": list(analysis.weaknesses),
        "weak_items": [
            {"code": w.code, "indicator": w.indicator, "text": edition.item_text(framework, w.code, w.text),
             "wording_from": edition.item_wording_source(framework, w.code, w.text),
             "score": w.score, "recommendation": edition.item_recommendation(framework, w.code, w.recommendation),
             "recommendation_given": w.recommendation_given}
            for w in analysis.weak_items],
        "measures": [asdict(m) for m in analysis.measures],
        "drafted_measures": [{"indicator": d.indicator, "items": [w.code for w in d.advice]}
                             for d in analysis.drafts],
        "stated": {"ita": assessment.stated.ita, "level": assessment.stated.level,
                   "tools": assessment.stated.tools},
        "audit": [asdict(check) for check in analysis.audit],
        "notes": [{"sheet": n.sheet, "cell": n.cell, "code": n.key, "text": edition.t(f"note.{n.key}", **n.values)}
                  for n in assessment.notes],
        "uplift": {
            "improvements": [_improvement(i) for i in analysis.uplift.improvements],
            "plans": [{"kind": p.kind, "goal": p.goal, "min_ita": p.min_ita, "tools_min": p.tools_min,
                       "reached": p.reached, "feasible": p.feasible,
                       "steps": [_improvement(s.improvement) | {"units": s.units, "ita_after": s.ita_after}
                                 for s in p.steps]}
                      for p in analysis.uplift.plans],
        },
        "previous": None if comparison is None else {
            "source": comparison.previous.assessment.source,
            "fiscal_year": comparison.previous.assessment.fiscal_year,
            "level": edition.level_name(comparison.previous.framework, comparison.previous.level),
            "level_code": comparison.previous.level,
            "changes": [asdict(change) for change in comparison.changes],
            "new_weak_items": sorted(comparison.new_weak_items),
            "same_agency": comparison.same_agency,
        },
    }


def _improvement(improvement: Improvement) -> dict:
    return {"kind": improvement.kind, "indicator": improvement.indicator, "tool": improvement.tool,
            "code": improvement.code or None, "group": improvement.group or None,
            "units_available": improvement.units, "gain_per_unit": {
                "group": improvement.gain_group, "indicator": improvement.gain_indicator,
                "tool": improvement.gain_tool, "ita": improvement.gain_ita},
            "max_ita_gain": improvement.max_gain}
