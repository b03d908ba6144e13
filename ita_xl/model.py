"""Plain data read from an input workbook and the results computed from it.

Reading produces an ``Assessment``; ``analysis.analyse`` turns it into an
``Analysis``. Neither knows anything about Excel.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .frameworks import Framework


@dataclass(frozen=True)
class Agency:
    name: str
    type: str = ""
    province: str = ""
    preparer: str = ""
    position: str = ""
    date: dt.date | None = None


@dataclass(frozen=True)
class Stated:
    """Figures the agency received or published; checked, never used for computing."""
    ita: float | None = None
    level: str | None = None
    tools: dict[str, float | None] = field(default_factory=dict)


@dataclass(frozen=True)
class ItemScore:
    code: str
    score: float | None
    recommendation: str = ""


@dataclass(frozen=True)
class Measure:
    measure: str
    steps: str = ""
    responsible: str = ""
    timeline: str = ""
    result: str = ""
    suggestion: str = ""


@dataclass(frozen=True)
class Assessment:
    """One agency's scores for one fiscal year, as given in its input workbook."""
    source: str
    framework: Framework
    agency: Agency
    stated: Stated
    indicator_scores: dict[int, float | None]
    items: dict[str, ItemScore] = field(default_factory=dict)
    measures: tuple[Measure, ...] = ()

    @property
    def fiscal_year(self) -> int:
        return self.framework.fiscal_year


@dataclass(frozen=True)
class IndicatorResult:
    no: int
    tool: str
    name: str
    score: float
    rank: int
    passed: bool
    items_used: int = 0   # 0: the score was given; N: computed from N item scores


@dataclass(frozen=True)
class ToolResult:
    code: str
    name: str
    weight: float
    score: float
    passed: bool


@dataclass(frozen=True)
class WeakItem:
    code: str
    indicator: int
    text: str
    score: float
    recommendation: str
    recommendation_given: bool


@dataclass(frozen=True)
class Analysis:
    assessment: Assessment
    target: float
    indicators: tuple[IndicatorResult, ...]
    tools: tuple[ToolResult, ...]
    ita: float
    level: str
    passed: bool
    strengths: tuple[int, ...]
    weaknesses: tuple[int, ...]
    weak_items: tuple[WeakItem, ...]
    measures: tuple[Measure, ...]
    measures_drafted: bool

    @property
    def framework(self) -> Framework:
        return self.assessment.framework

    def indicator(self, no: int) -> IndicatorResult:
        return next(result for result in self.indicators if result.no == no)

    def tool(self, code: str) -> ToolResult:
        return next(result for result in self.tools if result.code == code)
