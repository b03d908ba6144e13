"""The audit: every stated figure set against what the scores imply (pure, no I/O).

A difference within what two-decimal rounding explains is a match: one rounding
step (0.01) for a tool or an indicator, two for the ITA, which is rounded from
rounded parts. Anything more is flagged.
"""
from __future__ import annotations

from ..frameworks import Level
from ..model import Analysis, AuditCheck
from ..thai import squeezed
from .scoring import meets, score_from_items

PASSED, BELOW = "passed", "below_target"


def _number(check: str, subject: str, stated: float, computed: float, tolerance: float) -> AuditCheck:
    difference = computed - stated
    return AuditCheck(check, subject, stated, computed, difference, tolerance,
                      abs(difference) <= tolerance + 1e-9)


def _status(subject: str, stated: float, passed: bool, target: float, decimals: int) -> AuditCheck:
    """The pass/fail a stated score implies against the one the scores imply."""
    claimed = PASSED if meets(stated, target, decimals) else BELOW
    computed = PASSED if passed else BELOW
    return AuditCheck("status", subject, claimed, computed, None, None, claimed == computed)


def same_level(stated: str, band: Level) -> bool:
    """A stated level matches in either language (or by its code), whatever its spacing or case."""
    return squeezed(stated) in {squeezed(band.name_th), squeezed(band.name_en), squeezed(band.code)}


def audit(analysis: Analysis) -> tuple[AuditCheck, ...]:
    """One check per stated tool score, the stated ITA and level, their pass/fail claims,
    and each given indicator whose items are all scored."""
    assessment = analysis.assessment
    framework = analysis.framework
    decimals, target = framework.decimals, analysis.target
    step = 10.0 ** -decimals
    stated = assessment.stated
    checks = []
    for tool in analysis.tools:
        value = stated.tools.get(tool.code)
        if value is not None:
            checks.append(_number("tool", tool.code, value, tool.score, step))
            checks.append(_status(tool.code, value, tool.passed, target, decimals))
    if stated.ita is not None:
        checks.append(_number("ita", "ITA", stated.ita, analysis.ita, 2 * step))
        checks.append(_status("ITA", stated.ita, analysis.passed, target, decimals))
    if stated.level:
        checks.append(AuditCheck("level", "ITA", stated.level, analysis.level, None, None,
                                 same_level(stated.level, analysis.level_band)))
    for indicator in analysis.indicators:
        given = assessment.indicator_scores.get(indicator.no)
        from_items = score_from_items(assessment, indicator.no) if given is not None else None
        if from_items is not None:
            checks.append(_number("indicator_items", str(indicator.no), given, from_items[0], step))
    return tuple(checks)


def mismatches(analysis: Analysis) -> tuple[AuditCheck, ...]:
    return tuple(check for check in analysis.audit if not check.matches)

