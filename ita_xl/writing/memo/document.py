"""The analysis memo (บันทึกข้อความ) as a document: what it says, section by section, before any
file format. The workbook's sheet รายงาน and the Word memo (and the PDF printed from it) are
renderings of it; each resolves what it holds in its own way and none imports another.

The memo speaks only as the agency speaks: of its scores, its strengths and its measures, never
of files, sheets or what the clerk still has to do (that goes to ``validate``, the console and
the audit sheet). Every figure it states is a ``Figure`` keyed by the score it reads (indicator
3, the IIT, the ITA, the level), so the sheet can write it as a formula over its score cells
while the Word memo writes its value. Its text carries its line breaks (``line_breaks``).
"""
from __future__ import annotations

import datetime as dt
import re
import string
from collections.abc import Iterable
from dataclasses import dataclass, field

from ...frameworks import Framework
from ...model import Analysis, DraftMeasure, Measure
from ..edition import Edition, Wording, score_text
from ..line_breaks import LineBreaks

_SPACES = re.compile(" {2,}")
GRID = 6                             # the memo's grid: a paragraph may be set in by some of its six columns
MEASURE_FIELDS = ("measure", "steps", "responsible", "timeline", "result", "suggestion")
FILLED_IN_BY_HAND = ("responsible", "timeline")   # left empty, printed as the dotted line of a paper form

ScoreKey = tuple   # ("indicator", 3), ("tool", "IIT"), ("ita",), ("level",)


def indicator_key(no: int) -> ScoreKey:
    return ("indicator", no)


def tool_key(code: str) -> ScoreKey:
    return ("tool", code)


ITA_KEY: ScoreKey = ("ita",)
LEVEL_KEY: ScoreKey = ("level",)


@dataclass(frozen=True)
class Figure:
    """A figure the memo states: ``kind`` "score" (a score as published), "verdict" (one of two
    words by whether a score meets the target), "level" (the level's word) or "count" (how many
    of some scores meet the target, or not); ``text`` is what it reads now."""
    kind: str
    text: str
    keys: tuple[ScoreKey, ...] = ()   # the scores it reads
    words: tuple[str, ...] = ()       # verdict: (meets, below); count: ("meets",) or ("below",)
    value: float | None = None        # a score's unrounded value
    passed: bool | None = None        # whether a score meets the target, as the analysis decided


@dataclass(frozen=True)
class Strong:
    """Text in bold, such as a label before its value."""
    text: str


Part = str | Figure | Strong


def plain(parts) -> str:
    """The parts' text as it reads now."""
    return "".join(p if isinstance(p, str) else p.text for p in parts)


@dataclass(frozen=True)
class Paragraph:
    parts: tuple[Part, ...]
    style: str = "text"               # "text", "bold", "center", "title"
    indent: bool = False              # a first-line indent, as a paragraph of an official letter begins
    first: int = 0                    # the grid column its lines start at (a list item is set in)

    @property
    def text(self) -> str:
        return plain(self.parts)


@dataclass(frozen=True)
class HeadingLine:
    """A line of the heading block: each field's label in bold, then its value (a real date for
    วันที่); a value left empty is the form's dotted line."""
    fields: tuple[tuple[str, str | dt.date], ...]


@dataclass(frozen=True)
class Cell:
    """A table cell: its paragraphs (a measure's steps each on their own), across ``span`` of the
    table's columns."""
    paragraphs: tuple[tuple[Part, ...], ...]
    span: int = 1

    @property
    def text(self) -> str:
        return "\n".join(plain(p) for p in self.paragraphs)


def cell(*parts: Part, span: int = 1) -> Cell:
    """A cell of one paragraph."""
    return Cell((parts,), span)


@dataclass(frozen=True)
class TableRow:
    """``kind`` "header" (repeated on every page the table takes), "band" (a group's heading, such
    as a measure's name, across the table) or "body"; ``label``: its first cell names what the
    rest holds. No row is ever split across pages; ``with_next``: kept on the page of the next."""
    cells: tuple[Cell, ...]
    kind: str = "body"
    label: bool = False
    with_next: bool = False


@dataclass(frozen=True)
class TableBlock:
    """Rows of cells; ``widths`` the table's columns, relative (each writer sets them on its own
    page or grid); ``whole``: kept on one page (a small table)."""
    rows: tuple[TableRow, ...]
    widths: tuple[float, ...]
    whole: bool = True


@dataclass(frozen=True)
class Pair:
    """Two columns of paragraphs side by side (the comment and signature blocks), kept together."""
    left: tuple[Paragraph, ...]
    right: tuple[Paragraph, ...]


@dataclass(frozen=True)
class Bar:
    label: str                        # under the bar: an indicator's number, a level's name
    value: float                      # its height, 0 to ``ChartFigure.top``
    shown: str                        # what its label reads ("๙๗.๓๖", "๑๒")
    good: bool                        # coloured as meeting the target (blue) or not (red)


@dataclass(frozen=True)
class ChartFigure:
    """A bar chart in words and numbers, before any drawing: each writer draws it its own way."""
    bars: tuple[Bar, ...]
    axis_x: str
    axis_y: str
    legend: tuple[str, ...]           # what the blue bars, the red bars and the line mean ("" for none)
    ticks: tuple[str, ...]            # the y axis's labels, from 0 to ``top`` in equal steps
    top: float = 100.0
    line: float | None = None         # the target's dashed line, or none


@dataclass(frozen=True)
class Chart:
    caption: str
    figure: ChartFigure | None = None


@dataclass(frozen=True)
class Gap:
    points: float = 4


Block = Paragraph | HeadingLine | TableBlock | Pair | Chart | Gap


@dataclass(frozen=True)
class Section:
    """A part of the memo; its blocks are set in order, a tuple of blocks kept on one page."""
    key: str
    blocks: tuple[Block | tuple[Block, ...], ...]


@dataclass(frozen=True)
class About:
    """What a written memo says of itself (its file's properties): never the clock, so the same input
    gives the same file."""
    title: str
    subject: str                      # who it is from
    written_on: dt.datetime
    language: str


@dataclass
class Memo:
    sections: list[Section] = field(default_factory=list)
    written_from: tuple[tuple[ScoreKey, str], ...] = ()   # each indicator's score as published, when written
    about: About | None = None

    def blocks(self):
        return [block for section in self.sections for block in section.blocks]


class Speaker:
    """How a memo speaks: catalogue sentences in its digits, text marked for line breaking with the
    names it states (``kept``: agencies, people, places) and the framework's indicator and tool
    names kept whole. An agency's memo speaks through a ``Voice``, an office's through its own."""

    def __init__(self, edition: Edition, words: Wording, framework: Framework, target: float,
                 kept: Iterable[str] = ()):
        self.edition, self.words, self.framework, self.goal = edition, words, framework, target
        kept = list(kept)
        kept += [edition.indicator_name(framework, i.no) for i in framework.indicators]
        kept += [edition.tool_name(framework, t.code) for t in framework.tools]
        self.breaks = LineBreaks(kept)

    def mark(self, text: str) -> str:
        return self.breaks.mark(text)

    def score(self, value: float, key: ScoreKey | None = None, passed: bool | None = None) -> Figure:
        text = self.words.prose(score_text(value, self.framework.decimals))
        return Figure("score", text, (key,) if key else (), value=value, passed=passed)

    def verdict(self, passed: bool, key: ScoreKey, meets: str, below: str) -> Figure:
        meets, below = self.mark(meets), self.mark(below)
        return Figure("verdict", meets if passed else below, (key,), (meets, below))

    def target(self) -> str:
        return self.words.prose(f"{self.goal:g}")

    def say(self, key: str, **values) -> tuple[Part, ...]:
        """A catalogue sentence split at its placeholders: its own text (and numbers given) in the
        memo's digits, figures kept as ``Figure``, text from the input left as typed; all marked."""
        found: list[Part] = []
        for literal, name, spec, _ in string.Formatter().parse(self.words.t(key)):
            if literal:
                found.append(self.words.prose(literal))
            if name is None:
                continue
            value = values[name]
            if isinstance(value, Figure):
                found.append(value)
            elif isinstance(value, (int, float)) and not isinstance(value, bool):
                found.append(self.words.prose(format(value, spec or "g")))
            else:
                found.append(str(value))
        return _marked(tuple(found), self.mark)   # (a value left empty leaves no double space: see _marked)

    def para(self, key: str, style: str = "text", indent: bool = False, first: int = 0, **values) -> Paragraph:
        return Paragraph(self.say(key, **values), style, indent, first)

    def text(self, text: str) -> str:
        """Text written by ita_xl (a name from the framework), in the memo's digits, marked."""
        return self.mark(self.words.prose(text))


class Voice(Speaker):
    """How an agency's memo speaks: figures from its analysis, the agency's and its people's names
    kept whole."""

    def __init__(self, analysis: Analysis, edition: Edition, words: Wording):
        agency = analysis.assessment.agency
        super().__init__(edition, words, analysis.framework, analysis.target,
                         (agency.name, agency.preparer, agency.position, agency.division, agency.addressee))
        self.analysis = analysis

    def indicator(self, no: int) -> Figure:
        result = self.analysis.indicator(no)
        return self.score(result.score, indicator_key(no), result.passed)

    def tool(self, code: str) -> Figure:
        result = self.analysis.tool(code)
        return self.score(result.score, tool_key(code), result.passed)

    def count(self, numbers, meeting: bool) -> Figure:
        """How many indicators meet the target (``meeting``) or not; ``numbers`` are those that do now."""
        keys = tuple(indicator_key(i.no) for i in self.analysis.indicators)
        return Figure("count", self.words.number(len(numbers)), keys, ("meets" if meeting else "below",))

    def level(self) -> Figure:
        return Figure("level", self.mark(self.edition.level_name(self.framework, self.analysis.level)), (LEVEL_KEY,))


def _marked(parts: tuple[Part, ...], mark) -> tuple[Part, ...]:
    """Adjacent text parts joined, then marked as one: a word is never cut at a placeholder."""
    joined: list[Part] = []
    for part in parts:
        if isinstance(part, str) and joined and isinstance(joined[-1], str):
            joined[-1] += part
        else:
            joined.append(part)
    return tuple(mark(_SPACES.sub(" ", p)) if isinstance(p, str) else p for p in joined)


def drafted_measure(analysis: Analysis, edition: Edition, words: Wording, draft: DraftMeasure) -> Measure:
    """A drafted measure in words: named for its indicator, its steps the recommendations of its
    weak items (or of all its items when none is known); who and when are left to the clerk."""
    framework = analysis.framework
    advice = [edition.item_recommendation(framework, w.code, w.recommendation) for w in draft.advice]
    advice = advice or [edition.item_recommendation(framework, item.code)
                        for item in framework.items_of(draft.indicator)]
    steps = "\n".join(f"{n}. {text}" for n, text in enumerate(dict.fromkeys(a for a in advice if a), 1))
    return Measure(words.say("draft.measure", no=draft.indicator,
                             name=edition.indicator_name(framework, draft.indicator)),
                   words.prose(steps) if steps else words.say("draft.steps_unknown"))


def measures_in_words(analysis: Analysis, edition: Edition, words: Wording) -> tuple[Measure, ...]:
    """The measures the report states: the input's own, or the drafts put into words."""
    return analysis.measures or tuple(drafted_measure(analysis, edition, words, d) for d in analysis.drafts)
