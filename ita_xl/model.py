"""Plain data read from an input workbook and the results computed from it.

Reading produces an ``Assessment``; ``analysis.analyse`` turns it into an
``Analysis``. Neither knows anything about Excel.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .frameworks import Framework, Level
from .thai import BE_OFFSET


@dataclass(frozen=True)
class Agency:
    name: str
    type: str = ""
    province: str = ""
    preparer: str = ""
    position: str = ""
    date: dt.date | None = None
    division: str = ""          # the memo's ส่วนราชการ line
    document_no: str = ""       # its ที่ line
    addressee: str = ""         # its เรียน line


@dataclass(frozen=True)
class Stated:
    """Figures the agency received or published; checked, never used for computing."""
    ita: float | None = None
    level: str | None = None
    tools: dict[str, float | None] = field(default_factory=dict)
    cells: dict[str, str] = field(default_factory=dict)    # where each is: "ITA", "level", a tool -> "หน่วยงาน!B6"


@dataclass(frozen=True)
class ItemScore:
    """An item as the input gives it. ``text`` is the input's own wording of an item the year's
    framework does not pin ("" when it is the framework's)."""
    code: str
    score: float | None
    recommendation: str = ""
    indicator: int = 0          # 0: the framework's (the item is in its list)
    text: str = ""


@dataclass(frozen=True)
class Measure:
    measure: str
    steps: str = ""
    responsible: str = ""
    timeline: str = ""
    result: str = ""
    suggestion: str = ""
    extra: tuple[tuple[str, str], ...] = ()   # (header, text) of each column the input added to the table


@dataclass(frozen=True)
class ReadingNote:
    """Something the reader understood but a person should check, located to its cell:
    a score typed as a fraction, a Buddhist year typed into a Christian calendar."""
    sheet: str
    cell: str
    key: str                    # texts: note.<key>
    values: dict = field(default_factory=dict)


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
    notes: tuple[ReadingNote, ...] = ()

    @property
    def fiscal_year(self) -> int:
        return self.framework.fiscal_year

    @property
    def written_on(self) -> dt.datetime:
        """The memo's date, else the last day of the fiscal year: never the clock, so that the same
        input gives the same files."""
        date = self.agency.date or dt.date(self.fiscal_year - BE_OFFSET, 9, 30)
        return dt.datetime(date.year, date.month, date.day)

    def indicator_of(self, code: str) -> int:
        """The indicator an item scores: as the input gives it, else as the framework lists it."""
        return self.items[code].indicator or self.framework.item(code).indicator


@dataclass(frozen=True)
class IndicatorResult:
    no: int
    tool: str
    score: float
    rank: int
    passed: bool
    items_used: int = 0   # 0: the score was given; N: computed from N item scores


@dataclass(frozen=True)
class ToolResult:
    code: str
    weight: float
    score: float
    passed: bool


@dataclass(frozen=True)
class WeakItem:
    """An item below target. ``text`` and ``recommendation`` are the input's own, "" where it gives
    none (the writers then use the framework's, in the edition's language)."""
    code: str
    indicator: int
    score: float
    text: str = ""
    recommendation: str = ""

    @property
    def recommendation_given(self) -> bool:
        return bool(self.recommendation)


@dataclass(frozen=True)
class DraftMeasure:
    """A measure drafted for an indicator below target when the input gives none. ``advice``: its
    items below target, whose recommendations become the steps; when it has none, the writer
    takes the recommendations of all the indicator's items."""
    indicator: int
    advice: tuple[WeakItem, ...] = ()


@dataclass(frozen=True)
class AuditCheck:
    """One stated figure (or given indicator) set against what the scores imply."""
    check: str                  # "tool", "ita", "level", "status" or "indicator_items"
    subject: str                # "IIT", "ITA", "6", ...
    stated: float | str
    computed: float | str
    difference: float | None    # computed - stated, for numbers
    tolerance: float | None     # what two-decimal rounding explains
    matches: bool


@dataclass(frozen=True)
class Improvement:
    """One possible improvement and what each unit of it adds at every level of the chain."""
    kind: str                   # "item": an unmet OIT item; "points": points on an indicator
    indicator: int
    tool: str
    units: float                # 1 for an item; the points still available for an indicator
    gain_indicator: float       # per unit
    gain_tool: float
    gain_ita: float
    code: str = ""              # the item, for kind "item"
    group: str = ""             # its sub-indicator
    gain_group: float = 0.0

    @property
    def max_gain(self) -> float:
        return self.gain_ita * self.units


@dataclass(frozen=True)
class PlanStep:
    improvement: Improvement
    units: float                # items: 1; points: how many points this step needs
    ita_after: float


@dataclass(frozen=True)
class Plan:
    """The fewest units of improvement (best ITA gain per unit first) that reach a goal."""
    kind: str                   # "target" or "level"
    goal: str                   # the target ("85") or the level's code
    min_ita: float
    tools_min: float | None
    reached: bool               # already reached: no steps
    feasible: bool
    steps: tuple[PlanStep, ...]


@dataclass(frozen=True)
class Uplift:
    improvements: tuple[Improvement, ...]     # highest ITA gain per unit first
    plans: tuple[Plan, ...]


@dataclass(frozen=True)
class Analysis:
    assessment: Assessment
    target: float
    indicators: tuple[IndicatorResult, ...]
    tools: tuple[ToolResult, ...]
    ita: float
    level: str                  # the level's code (``A``, ``passed``)
    passed: bool
    strengths: tuple[int, ...]
    weaknesses: tuple[int, ...]
    weak_items: tuple[WeakItem, ...]
    measures: tuple[Measure, ...]           # the input's own
    drafts: tuple[DraftMeasure, ...] = ()   # drafted when the input gives none
    audit: tuple[AuditCheck, ...] = ()
    uplift: Uplift = Uplift((), ())

    @property
    def measures_drafted(self) -> bool:
        return not self.measures and bool(self.drafts)

    @property
    def level_band(self) -> Level:
        return self.framework.level(self.level)

    @property
    def framework(self) -> Framework:
        return self.assessment.framework

    def indicator(self, no: int) -> IndicatorResult:
        return next(result for result in self.indicators if result.no == no)

    def tool(self, code: str) -> ToolResult:
        return next(result for result in self.tools if result.code == code)


@dataclass(frozen=True)
class Change:
    """One figure this year beside last year's."""
    kind: str                   # "ita", "tool" or "indicator"
    key: str                    # "ITA", "IIT", "1" ...
    current: float
    previous: float | None
    change: float | None
    trend: str | None           # "up", "down", "same"; None when last year has no such figure


@dataclass(frozen=True)
class Comparison:
    previous: Analysis
    changes: tuple[Change, ...]
    new_weak_items: frozenset[str]   # below target this year, at or above it last year
    same_agency: bool = True         # last year's file names the same agency
