"""Domain values put into words for people: used by the workbook and the command line alike."""
from __future__ import annotations

from .model import AuditCheck, Improvement
from .scoring import judged
from .text import pick, t

STATUS_WORDS = {"passed": "report.passed", "below_target": "report.below"}


def score_text(score: float, decimals: int = 2) -> str:
    """A score as published: rounded half up, always with its decimals (``84.50``)."""
    return f"{judged(score, decimals):.{decimals}f}"


def check_label(check: AuditCheck) -> str:
    return t(f"report.check_{check.check}", subject=check.subject)


def check_value(value: float | str) -> float | str:
    """A stated or computed value as shown: numbers stay numbers, statuses become words."""
    return t(STATUS_WORDS[value]) if value in STATUS_WORDS else value


def verdict(check: AuditCheck) -> str:
    return t("report.verdict_match" if check.matches else "report.verdict_mismatch")


def improvement_label(improvement: Improvement, framework) -> str:
    if improvement.kind == "item":
        item = framework.item(improvement.code)
        return t("report.uplift_item", code=improvement.code, text=pick(item.text, item.text_en))
    indicator = framework.indicator(improvement.indicator)
    return t("report.uplift_points", no=improvement.indicator, name=pick(indicator.name_th, indicator.name_en))


def unit_label(improvement: Improvement) -> str:
    return t("report.unit_item" if improvement.kind == "item" else "report.unit_point")


def trend_label(trend: str | None) -> str:
    return t(f"report.trend_{trend or 'none'}")
