"""The consolidation of many agencies: one plain row each, and the statistics of each fiscal year.

Pure data and arithmetic (no processes, no files): ``batch`` produces the rows, the
consolidated workbook only writes them. Levels are counted by code; names are the writer's.
"""
from __future__ import annotations

import statistics
from dataclasses import dataclass, field

from ..errors import ItaError
from ..frameworks import Framework, National
from ..frameworks.resolve import resolve_framework
from ..model import Analysis
from .scoring import judged


@dataclass(frozen=True)
class AgencyRow:
    """One agency's figures, as the consolidated table lists them."""
    name: str
    type: str
    province: str
    fiscal_year: int
    indicators: dict[int, float]
    tools: dict[str, float]
    ita: float
    level: str                      # the level's code
    passed: bool
    source: str

    @classmethod
    def of(cls, analysis: Analysis) -> AgencyRow:
        agency = analysis.assessment.agency
        return cls(agency.name, agency.type, agency.province, analysis.assessment.fiscal_year,
                   {i.no: i.score for i in analysis.indicators}, {t.code: t.score for t in analysis.tools},
                   analysis.ita, analysis.level, analysis.passed, analysis.assessment.source)


@dataclass(frozen=True)
class UnreadFile:
    """A file that could not be read (or analysed), and why."""
    source: str
    error: ItaError


@dataclass(frozen=True)
class Skipped:
    """A file left out on purpose: ``kind`` "duplicate" (the same bytes as ``same_as``) or what
    ita_xl itself wrote ("report", "consolidated")."""
    source: str
    kind: str
    same_as: str = ""


@dataclass(frozen=True)
class Consolidation:
    rows: tuple[AgencyRow, ...] = ()          # highest ITA first
    failures: tuple[UnreadFile, ...] = ()
    skipped: tuple[Skipped, ...] = ()
    frameworks: dict = field(default_factory=dict, compare=False)   # frameworks given instead of built-in ones

    def framework(self, year: int) -> Framework:
        return resolve_framework(year, self.frameworks)

    def frame(self):
        """The rows as a pandas DataFrame: one column per indicator and tool, levels as codes."""
        import pandas as pd
        records = [{"name": r.name, "type": r.type, "province": r.province, "fiscal_year": r.fiscal_year,
                    **{f"indicator_{no}": score for no, score in r.indicators.items()}, **r.tools, "ita": r.ita,
                    "level": r.level, "passed": r.passed, "source": r.source} for r in self.rows]
        return pd.DataFrame.from_records(records)


@dataclass(frozen=True)
class IndicatorSummary:
    no: int
    mean: float
    below: int                      # agencies below target on this indicator


@dataclass(frozen=True)
class YearSummary:
    """The figures of one fiscal year's agencies, beside the year's national figures."""
    fiscal_year: int
    target: float
    count: int
    mean: float
    median: float
    minimum: float
    maximum: float
    passed: int
    levels: tuple[tuple[str, int], ...]      # every level code of the year, best first, and its count
    indicators: tuple[IndicatorSummary, ...]
    national: National = field(default_factory=National)

    @property
    def pass_rate(self) -> float:
        return 100 * self.passed / self.count if self.count else 0.0


def summarise_years(rows: tuple[AgencyRow, ...], target: float | None = None,
                    frameworks: dict[int, Framework] | None = None) -> tuple[YearSummary, ...]:
    """Count, mean, median, range, pass rate, agencies per level and per-indicator figures, per year."""
    by_year: dict[int, list[AgencyRow]] = {}
    for row in rows:
        by_year.setdefault(row.fiscal_year, []).append(row)
    summaries = []
    for year in sorted(by_year):
        framework = resolve_framework(year, frameworks)
        group = by_year[year]
        goal = framework.target if target is None else target
        itas = [row.ita for row in group]
        levels = {level.code: 0 for level in framework.levels}
        for row in group:
            levels[row.level] = levels.get(row.level, 0) + 1
        indicators = tuple(
            IndicatorSummary(i.no, statistics.fmean(row.indicators[i.no] for row in group),
                             sum(judged(row.indicators[i.no], framework.decimals) < goal for row in group))
            for i in framework.indicators)
        summaries.append(YearSummary(year, goal, len(group), statistics.fmean(itas), statistics.median(itas),
                                     min(itas), max(itas), sum(row.passed for row in group),
                                     tuple(levels.items()), indicators, framework.national))
    return tuple(summaries)
