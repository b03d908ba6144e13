"""The consolidation of many agencies: one plain row each, and the statistics of each fiscal year.

Pure data and arithmetic (no processes, no files): ``batch`` produces the rows, the
consolidated workbook and the JSON only write them. Levels are counted by code; names are the
writer's. Everything an office's report states is here as plain values: the figures of each
year, the agencies per kind and per province, those below target with their weakest
indicators, the ranking, last year beside this year, all in Thai dictionary order.
"""
from __future__ import annotations

import re
import statistics
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache, cached_property, lru_cache

from ..errors import ItaError
from ..frameworks import Framework, National
from ..frameworks.resolve import resolve_framework
from ..model import Analysis
from ..thai import clean, pythainlp_read_only
from .scoring import judged

_TONE_MARKS = re.compile("[\u0e47-\u0e4c]")      # ็ ่ ้ ๊ ๋ ์: only a tie-break in dictionary order
_NUMBER = re.compile(r"(\d+)")


@cache
def _collation_key() -> Callable[[str], str]:
    """pythainlp's collation key: a leading vowel (เ แ โ ใ ไ) moved after the consonant it is
    written before, so that เพชรบุรี sorts under พ. Imported when first needed; pythainlp would
    otherwise create a ``~/pythainlp-data`` folder as it loads."""
    pythainlp_read_only()
    from pythainlp.util.collate import _thkey
    return _thkey


def _numbered(text: str) -> tuple:
    """Text cut into words and numbers, numbers by value (เขต 2 before เขต 10)."""
    return tuple(int(part) if n % 2 else part for n, part in enumerate(_NUMBER.split(text)))


def thai_order(text: str) -> tuple:
    """The sort key of Thai dictionary order, for provinces, districts, kinds and names of
    agencies alike: letters first, a leading vowel under its consonant, tone marks only where
    the letters are the same (ปา, ป่า, ป้า, ปาก), numbers by value. Text is compared as the
    reader compares it (``thai.clean``)."""
    text = clean(str(text))
    return _numbered(_collation_key()(_TONE_MARKS.sub("", text))), _numbered(text), text


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

    def to_json(self) -> dict:
        data = dict(vars(self))
        data["indicators"] = {str(no): score for no, score in self.indicators.items()}
        return data


_repeated_order = lru_cache(maxsize=4096)(thai_order)     # provinces and kinds come back on every row


def row_order(row: AgencyRow) -> tuple:
    """Agencies in Thai dictionary order: by province, then name, then kind (then year and file)."""
    return _repeated_order(row.province), thai_order(row.name), _repeated_order(row.type), row.fiscal_year, \
        row.source


def in_thai_order(rows: Iterable[AgencyRow]) -> tuple[AgencyRow, ...]:
    return tuple(sorted(rows, key=row_order))


@dataclass(frozen=True)
class UnreadFile:
    """A file that could not be read (or analysed), and why."""
    source: str
    error: ItaError


@dataclass(frozen=True)
class Skipped:
    """A file left out on purpose: ``kind`` "duplicate" (the same bytes as ``same_as``), what
    ita_xl itself wrote ("report", "consolidated", "temporary") or Excel's lock file ("lock")."""
    source: str
    kind: str
    same_as: str = ""


@dataclass(frozen=True)
class IndicatorSummary:
    no: int
    mean: float
    below: int                      # agencies below target on this indicator


@dataclass(frozen=True)
class GroupSummary:
    """The agencies of one province, or of one kind of agency, in a year."""
    name: str
    count: int
    mean: float
    passed: int

    @property
    def pass_rate(self) -> float:
        return 100 * self.passed / self.count if self.count else 0.0


@dataclass(frozen=True)
class BelowTarget:
    """An agency whose ITA is below target, and its indicators below target, lowest first."""
    row: AgencyRow
    weakest: tuple[int, ...]


@dataclass(frozen=True)
class YearSummary:
    """The figures of one fiscal year's agencies, beside the year's national figures. Kinds,
    provinces and the agencies below target are in Thai dictionary order; ``ranking`` is every
    agency, highest ITA first."""
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
    types: tuple[GroupSummary, ...] = ()
    provinces: tuple[GroupSummary, ...] = ()
    below: tuple[BelowTarget, ...] = ()
    ranking: tuple[AgencyRow, ...] = ()

    @property
    def pass_rate(self) -> float:
        return 100 * self.passed / self.count if self.count else 0.0

    @property
    def weakest_indicators(self) -> tuple[IndicatorSummary, ...]:
        """The indicators, lowest mean first."""
        return tuple(sorted(self.indicators, key=lambda i: (i.mean, i.no)))

    def to_json(self) -> dict:
        return {"fiscal_year": self.fiscal_year, "target": self.target, "count": self.count, "mean": self.mean,
                "median": self.median, "minimum": self.minimum, "maximum": self.maximum, "passed": self.passed,
                "pass_rate": self.pass_rate, "levels": dict(self.levels),
                "indicators": [vars(i) for i in self.indicators],
                "national": vars(self.national),
                "types": [_group_json(g) for g in self.types],
                "provinces": [_group_json(g) for g in self.provinces],
                "below_target": [{"name": b.row.name, "province": b.row.province, "ita": b.row.ita,
                                  "source": b.row.source, "weakest_indicators": list(b.weakest)} for b in self.below]}


def _group_json(group: GroupSummary) -> dict:
    return {"name": group.name, "count": group.count, "mean": group.mean, "passed": group.passed,
            "pass_rate": group.pass_rate}


def summarise_years(rows: tuple[AgencyRow, ...], target: float | None = None,
                    frameworks: dict[int, Framework] | None = None) -> tuple[YearSummary, ...]:
    """Count, mean, median, range, pass rate, agencies per level, kind and province, the
    per-indicator figures and the agencies below target, per year."""
    by_year: dict[int, list[AgencyRow]] = {}
    for row in rows:
        by_year.setdefault(row.fiscal_year, []).append(row)
    return tuple(_summarise(resolve_framework(year, frameworks), by_year[year], target)
                 for year in sorted(by_year))


def _summarise(framework: Framework, group: list[AgencyRow], target: float | None) -> YearSummary:
    goal = framework.target if target is None else target
    decimals = framework.decimals
    itas = [row.ita for row in group]
    levels = {level.code: 0 for level in framework.levels}
    for row in group:
        levels[row.level] = levels.get(row.level, 0) + 1
    indicators = tuple(
        IndicatorSummary(i.no, statistics.fmean(scores), sum(judged(s, decimals) < goal for s in scores))
        for i in framework.indicators
        if (scores := [row.indicators[i.no] for row in group if i.no in row.indicators]))
    ordered = in_thai_order(group)
    below = tuple(BelowTarget(row, _weakest(row, goal, decimals)) for row in ordered
                  if judged(row.ita, decimals) < goal)
    return YearSummary(framework.fiscal_year, goal, len(group), statistics.fmean(itas), statistics.median(itas),
                       min(itas), max(itas), sum(row.passed for row in group), tuple(levels.items()), indicators,
                       framework.national, _groups(ordered, lambda row: row.type),
                       _groups(ordered, lambda row: row.province), below, ranked(ordered, decimals))


def _weakest(row: AgencyRow, target: float, decimals: int) -> tuple[int, ...]:
    low = [(score, no) for no, score in row.indicators.items() if judged(score, decimals) < target]
    return tuple(no for _, no in sorted(low))


def _groups(ordered: Iterable[AgencyRow], name: Callable[[AgencyRow], str]) -> tuple[GroupSummary, ...]:
    """The rows gathered by ``name``: each group's figures, in Thai order of the names."""
    return tuple(group for group, _ in grouped(ordered, name))


def grouped(ordered: Iterable[AgencyRow], name: Callable[[AgencyRow], str]
            ) -> tuple[tuple[GroupSummary, tuple[AgencyRow, ...]], ...]:
    """The rows (in Thai order) gathered by ``name``: each group's figures and its rows, the groups
    in Thai order of their names."""
    groups: dict[str, list[AgencyRow]] = {}
    for row in ordered:
        groups.setdefault(name(row), []).append(row)
    return tuple((GroupSummary(key, len(members), statistics.fmean(r.ita for r in members),
                               sum(r.passed for r in members)), tuple(members))
                 for key, members in sorted(groups.items(), key=lambda pair: thai_order(pair[0])))


def ranked(rows: Iterable[AgencyRow], decimals: int = 2) -> tuple[AgencyRow, ...]:
    """Highest ITA as published first; equal scores in the order given (Thai order)."""
    return tuple(sorted(rows, key=lambda row: -judged(row.ita, decimals)))


def ranks(ranking: tuple[AgencyRow, ...], decimals: int = 2) -> dict[str, int]:
    """Each agency's rank by source file: 1 the highest; equal published scores share a rank."""
    found: dict[str, int] = {}
    last, rank = None, 0
    for n, row in enumerate(ranking, start=1):
        score = judged(row.ita, decimals)
        if score != last:
            last, rank = score, n
        found[row.source] = rank
    return found


@dataclass(frozen=True)
class Consolidation:
    rows: tuple[AgencyRow, ...] = ()          # Thai dictionary order: province, then name
    failures: tuple[UnreadFile, ...] = ()
    skipped: tuple[Skipped, ...] = ()
    frameworks: dict = field(default_factory=dict, compare=False)   # frameworks given instead of built-in ones
    target: float | None = None               # None: each year's own target
    previous: object | None = None            # ``last_year.LastYear``: last year's agencies matched to these
    unprinted: tuple[UnreadFile, ...] = ()    # agencies whose memo could not be printed as PDF, and why

    def framework(self, year: int) -> Framework:
        return resolve_framework(year, self.frameworks)

    @cached_property
    def summaries(self) -> tuple[YearSummary, ...]:
        """The figures of each fiscal year, earliest first."""
        return summarise_years(self.rows, self.target, self.frameworks)

    @cached_property
    def ranks(self) -> dict[str, int]:
        """Each agency's rank by ITA among the agencies of its fiscal year, by source file."""
        return {source: rank for summary in self.summaries
                for source, rank in ranks(summary.ranking, self.framework(summary.fiscal_year).decimals).items()}

    @cached_property
    def provinces(self) -> tuple[tuple[GroupSummary, tuple[AgencyRow, ...]], ...]:
        """Each province's figures and agencies (of every year listed), in Thai order."""
        return grouped(self.rows, lambda row: row.province)

    def frame(self):
        """The rows as a pandas DataFrame: one column per indicator and tool, levels as codes."""
        import pandas as pd
        records = [{"name": r.name, "type": r.type, "province": r.province, "fiscal_year": r.fiscal_year,
                    **{f"indicator_{no}": score for no, score in r.indicators.items()}, **r.tools, "ita": r.ita,
                    "level": r.level, "passed": r.passed, "source": r.source} for r in self.rows]
        return pd.DataFrame.from_records(records)

    def to_json(self) -> dict:
        """The agencies (Thai order, each with its rank and last year's figures), each year's
        summary and last year's comparison, as JSON-ready data: scores unrounded, levels as codes."""
        previous = self.previous
        return {"agencies": [row.to_json() | {"rank": self.ranks.get(row.source),
                                              "previous": previous.agency_json(row) if previous else None}
                             for row in self.rows],
                "years": [summary.to_json() for summary in self.summaries],
                "previous": previous.to_json() if previous else None}
