"""The analysis memo (บันทึกข้อความ) as a document: what it says, section by section, before any
file format. The workbook's memo sheet and the Word document are two renderings of it.

Every sentence that states a fact is chosen by the numbers, and every figure it states is a
``Figure``: the value it has now and where it lives in the workbook, so the sheet can write it
as a formula over the score cells while the Word document writes the value.
"""
from __future__ import annotations

import datetime as dt
import string
from dataclasses import dataclass, field, replace

from ... import input_sheets
from ...model import Analysis, DraftMeasure, Measure, WeakItem
from ..edition import Edition, Wording, score_text

MEASURE_FIELDS = input_sheets.MEASURES.keys[1:]     # a measure's table: its name above, its other columns below


@dataclass(frozen=True)
class Figure:
    """A figure stated in the memo: ``kind`` "score" (a cell's score as published), "verdict" (one of
    two words by whether a cell's score meets the target), "level" (the level cell's word) or
    "count" (how many of some cells meet the target, or not); ``text`` is what it reads now."""
    kind: str
    text: str
    cells: tuple[str, ...] = ()       # workbook references, e.g. "'คะแนนตัวชี้วัด'!$D$3"
    words: tuple[str, ...] = ()       # verdict: (meets, below); count: ("meets",) or ("below",)
    value: float | None = None        # a score's unrounded value
    passed: bool | None = None        # whether a score meets the target, as the analysis decided


@dataclass(frozen=True)
class Strong:
    """Text in bold, such as a label before its value."""
    text: str


Part = str | Figure | Strong


@dataclass(frozen=True)
class Paragraph:
    parts: tuple[Part, ...]
    style: str = "text"               # "text", "bold", "center", "note", "title"
    indent: bool = False
    first: int = 0                    # first column (of the memo's six) it spans from

    @property
    def text(self) -> str:
        return plain(self.parts)


def score_figure(words: Wording, value: float, cell: str, decimals: int) -> Figure:
    """A score as published (``decimals``), read from ``cell``."""
    return Figure("score", words.prose(score_text(value, decimals)), (cell,), value=value)


def count_figure(words: Wording, numbers, cells: tuple[str, ...], meeting: bool) -> Figure:
    """How many of ``cells`` meet the target (``meeting``) or not: ``numbers`` are those that do now."""
    return Figure("count", words.number(len(numbers)), cells, ("meets" if meeting else "below",))


def plain(parts) -> str:
    """The parts' text as it reads now."""
    return "".join(p if isinstance(p, str) else p.text for p in parts)


@dataclass(frozen=True)
class HeadingLine:
    """A heading field: the label in bold, then its value; ``date`` a real date."""
    fields: tuple[tuple[str, str | dt.date], ...]


@dataclass(frozen=True)
class TableBlock:
    """A table of rows of cells (``Part`` sequences), the first row its header; ``spans`` gives
    how many of the memo's six columns each cell takes."""
    rows: tuple[tuple[tuple[Part, ...], ...], ...]
    spans: tuple[int, ...]
    header: bool = True               # the first row heads the table
    keep: bool = True                 # never split across pages (a measure's fields may be: its head stays
                                      # with the first of them)


@dataclass(frozen=True)
class Pair:
    """Two columns of paragraphs side by side (the comment and signature blocks), kept together."""
    left: tuple[Paragraph, ...]
    right: tuple[Paragraph, ...]


@dataclass(frozen=True)
class Chart:
    caption: str


@dataclass(frozen=True)
class Gap:
    points: float = 4


Block = Paragraph | HeadingLine | TableBlock | Pair | Chart | Gap


@dataclass(frozen=True)
class Section:
    """A part of the memo; its blocks are laid out in order, a ``keep`` group never split."""
    key: str
    blocks: tuple[Block | tuple[Block, ...], ...]


@dataclass
class Memo:
    sections: list[Section] = field(default_factory=list)
    check: Figure | None = None       # the warning shown when the scores differ from those it was written from


def parts(words: Wording, key: str, **values) -> tuple[Part, ...]:
    """A catalogue sentence split at its placeholders: its own text (and numbers given) in the
    sheet's digits, figures kept as ``Figure``, text from the input left as typed."""
    template = words.t(key)
    found: list[Part] = []
    for literal, name, spec, _ in string.Formatter().parse(template):
        if literal:
            found.append(words.prose(literal))
        if name is None:
            continue
        value = values[name]
        if isinstance(value, Figure):
            found.append(value)
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            found.append(words.prose(format(value, spec or "g")))
        else:
            found.append(str(value))
    return tuple(found)


def written_from(analysis: Analysis, cells) -> Figure:
    """The scores a text was written from, as published, beside the cells that hold them now."""
    return Figure("stale", "", tuple(cells.indicator(i.no) for i in analysis.indicators),
                  tuple(score_text(i.score, analysis.framework.decimals) for i in analysis.indicators))


class MemoBuilder:
    """Builds the memo of one analysis in one edition; ``cells`` says where each figure lives."""

    def __init__(self, analysis: Analysis, edition: Edition, words: Wording, cells, measures: tuple[Measure, ...]):
        self.analysis, self.edition, self.words, self.cells = analysis, edition, words, cells
        self.framework = analysis.framework
        self.measures = measures
        self.decimals = self.framework.decimals

    # -- figures -----------------------------------------------------------------------------
    def score(self, value: float, cell: str) -> Figure:
        return score_figure(self.words, value, cell, self.decimals)

    def verdict(self, passed: bool, cell: str, meets: str, below: str) -> Figure:
        return Figure("verdict", meets if passed else below, (cell,), (meets, below))

    def count(self, numbers, cells: tuple[str, ...], meeting: bool) -> Figure:
        return count_figure(self.words, numbers, cells, meeting)

    def indicator_score(self, no: int) -> Figure:
        indicator = self.analysis.indicator(no)
        return replace(self.score(indicator.score, self.cells.indicator(no)), passed=indicator.passed)

    def say(self, key: str, **values) -> tuple[Part, ...]:
        return parts(self.words, key, **values)

    def para(self, key: str, style: str = "text", indent: bool = False, first: int = 0, **values) -> Paragraph:
        return Paragraph(self.say(key, **values), style, indent, first)

    # -- the memo ----------------------------------------------------------------------------
    def build(self) -> Memo:
        return Memo([self.heading(), self.tools(), self.chart(), self.findings(), self.recommendations(),
                     self.plan(), self.signatures()], written_from(self.analysis, self.cells))

    def heading(self) -> Section:
        agency, year = self.analysis.assessment.agency, self.analysis.assessment.fiscal_year
        t, blank = self.words.t, self.words.t("memo.blank")
        target = self.words.prose(f"{self.analysis.target:g}")
        ita_cell = self.cells.ita
        result = self.verdict(self.analysis.passed, ita_cell, self.words.say("memo.result_passed", target=target),
                              self.words.say("memo.result_failed", target=target))
        level = Figure("level", self.edition.level_name(self.framework, self.analysis.level), (self.cells.level,))
        return Section("heading", (
            Paragraph((t("memo.title"),), "title"),
            HeadingLine(((t("memo.division"), agency.division or agency.name),)),
            HeadingLine(((t("memo.document_no"), agency.document_no or blank), (t("memo.date"), agency.date or blank))),
            HeadingLine(((t("memo.subject"), self.words.say("memo.subject_text", year=year)),)),
            HeadingLine(((t("memo.addressee"), agency.addressee or blank),)),
            Gap(),
            self.para(self._opening_key(), indent=True, agency=agency.name, year=year,
                      tools=len(self.framework.tools), indicators=len(self.framework.indicators),
                      ita=self.score(self.analysis.ita, ita_cell), level=level, result=result),
        ))

    def _opening_key(self) -> str:
        """Letter levels read "ระดับ A"; the rating words of 2566 on are quoted as a phrase."""
        return "memo.opening" if all(len(level.code) <= 2 for level in self.framework.levels) else "memo.opening_words"

    def tools(self) -> Section:
        words, framework = self.words, self.framework
        blocks: list = []
        for n, tool in enumerate(self.analysis.tools, start=1):
            spec = framework.tool(tool.code)
            numbers = [i.no for i in framework.indicators_of(tool.code)]
            name = self.edition.tool_name(framework, tool.code)
            cell = self.cells.tools[tool.code]
            blocks += [Gap(), self.para("memo.tool_intro", indent=True, n=n, name=name, code=tool.code,
                                        purpose=words.prose(self.edition.pick(spec.purpose_th, spec.purpose_en)),
                                        count=len(numbers))]
            rows = [((words.t("memo.table_indicator"),), (words.t("memo.table_score"),))]
            rows += [((f"{words.number(no)}. {self.edition.indicator_name(framework, no)}",),
                      (self.indicator_score(no),)) for no in numbers]
            blocks.append(TableBlock(tuple(rows), (4, 2)))
            verdict = self.verdict(tool.passed, cell, words.t("memo.verdict_passed"), words.t("memo.verdict_below"))
            blocks.append(self.para("memo.tool_result", indent=True, name=name, code=tool.code,
                                    score=self.score(tool.score, cell), verdict=verdict))
        return Section("tools", tuple(blocks))

    def chart(self) -> Section:
        return Section("chart", (Gap(), Chart(self.words.prose(self.words.t("memo.chart_caption")))))

    def findings(self) -> Section:
        analysis, words = self.analysis, self.words
        target = words.prose(f"{analysis.target:g}")
        cells = tuple(self.cells.indicator(i.no) for i in analysis.indicators)
        blocks: list = [Gap(), self.para("memo.analysis_intro", indent=True, agency=analysis.assessment.agency.name)]
        for key, numbers, meeting in (("strengths", analysis.strengths, True),
                                      ("weaknesses", analysis.weaknesses, False)):
            blocks.append(Gap())
            if numbers:
                blocks.append(self.para(f"memo.{key}", "bold", True, target=target,
                                        count=self.count(numbers, cells, meeting)))
            else:
                blocks.append(self.para(f"memo.{key}_none", "bold", True, target=target))
            for order, no in enumerate(numbers, start=1):
                spec = self.framework.indicator(no)
                blocks.append(self.para("memo.indicator_paragraph", indent=True, order=order,
                                        name=self.edition.indicator_name(self.framework, no), no=no,
                                        score=self.indicator_score(no),
                                        about=words.prose(self.edition.pick(spec.about_th, spec.about_en))))
        return Section("findings", tuple(blocks))

    def recommendations(self) -> Section:
        analysis, words, framework = self.analysis, self.words, self.framework
        target = words.prose(f"{analysis.target:g}")
        assessment = analysis.assessment
        scored = {assessment.indicator_of(code) for code, item in assessment.items.items() if item.score is not None}
        blocks: list = [Gap(), self.para("memo.recommendations_intro", "bold", True)]
        for n, tool in enumerate(analysis.tools, start=1):
            cell = self.cells.tools[tool.code]
            verdict = self.verdict(tool.passed, cell, words.say("memo.tool_recommendation_passed", target=target),
                                   words.say("memo.tool_recommendation_below", target=target))
            blocks.append(self.para("memo.tool_recommendation", indent=True, n=n, code=tool.code,
                                    name=self.edition.tool_name(framework, tool.code),
                                    score=self.score(tool.score, cell), verdict=verdict))
            numbers = {i.no for i in framework.indicators_of(tool.code)}
            items = [w for w in analysis.weak_items if w.indicator in numbers]
            if tool.code in framework.tools_without_items() and not scored & numbers:
                blocks.append(self.para("memo.items_unavailable", first=1, year=analysis.assessment.fiscal_year))
            elif not scored & numbers:
                blocks.append(self.para("memo.items_not_scored", first=1))
            elif not items:
                blocks.append(self.para("memo.items_none", first=1, target=target))
            else:
                blocks.append(self.para("memo.items_below", first=1, target=target))
                blocks += self._weak_items(items)
        if any(self.edition.wording_is_assumed(framework, w.code, w.text) for w in analysis.weak_items):
            blocks.append(Paragraph((words.prose(words.t("framework.assumed_item")),), "note"))
        return Section("recommendations", tuple(blocks))

    def _weak_items(self, items: list[WeakItem]) -> list[Paragraph]:
        """The weak items of one tool, grouped by indicator, weakest first (as the analysis orders them)."""
        framework, words, edition = self.framework, self.words, self.edition
        groups: dict[int, list[WeakItem]] = {}
        for item in items:
            groups.setdefault(item.indicator, []).append(item)
        found = []
        for n, (no, members) in enumerate(groups.items(), start=1):
            found.append(self.para("memo.indicator_heading", "bold", True, n=n, no=no,
                                   name=edition.indicator_name(framework, no), score=self.indicator_score(no)))
            for m, item in enumerate(members, start=1):
                advice = edition.item_recommendation(framework, item.code, item.recommendation)
                key = "memo.item_unmet" if framework.met_scale(item.indicator) else "memo.item_scored"
                mark = "*" if edition.wording_is_assumed(framework, item.code, item.text) else ""
                text = item.text if item.text else words.prose(edition.item_text(framework, item.code))
                found.append(self.para(key, indent=True, n=n, m=m, code=item.code + mark, text=text,
                                       score=words.prose(score_text(item.score, self.decimals)),
                                       recommendation=advice if item.recommendation_given else words.prose(advice)))
        return found

    def plan(self) -> Section:
        analysis, words = self.analysis, self.words
        agency = analysis.assessment.agency
        blocks: list = [Gap(), self.para("memo.measures_intro", indent=True, agency=agency.name), Gap(),
                        self.para("memo.measures_title", "center", agency=agency.name,
                                  year=analysis.assessment.fiscal_year + 1)]
        if analysis.measures_drafted:
            blocks.append(Paragraph((words.prose(words.t("report.measures_drafted")),), "note"))
        if not self.measures:
            blocks.append(self.para("memo.measures_none", first=1))
        for n, measure in enumerate(self.measures, start=1):
            blocks.append(self._measure(n, measure, analysis.measures_drafted))
        return Section("measures", tuple(blocks))

    def _measure(self, n: int, measure: Measure, drafted: bool) -> TableBlock:
        """A measure as a one-column table: its name as the heading, then each field that says
        something, its label in bold (a drafted measure leaves who and when to fill in)."""
        words = self.words
        title = measure.measure if measure.measure[:1].isdigit() else \
            words.say("memo.measure_number", n=n, measure=measure.measure)
        rows = [((title,),)]
        for key in MEASURE_FIELDS:
            value = getattr(measure, key) or (words.t("memo.blank") if drafted and key in ("responsible", "timeline")
                                               else "")
            if value:
                rows.append(((Strong(words.t("memo.field", label=words.t(f"column.{key}"))), value),))
        return TableBlock(tuple(rows), (6,), keep=False)

    def signatures(self) -> Section:
        """The closing, the preparer's signature, and the comment blocks of the superior and the
        head of the agency side by side."""
        agency, t = self.analysis.assessment.agency, self.words.t
        name = t("memo.name_line", name=agency.preparer) if agency.preparer else t("memo.name_blank")

        def comment(key: str) -> tuple[Paragraph, ...]:
            return (Paragraph((t(key),), "bold"), Paragraph((t("memo.comment_line"),)),
                    Paragraph((t("memo.comment_line"),)), Paragraph((t("memo.signed"),), "center"),
                    Paragraph((t("memo.name_blank"),), "center"), Paragraph((t("memo.position_blank"),), "center"))
        return Section("signatures", (
            Paragraph((t("memo.closing"),), indent=True), Gap(20),
            (Paragraph((t("memo.signed"),), "center", first=2), Paragraph((name,), "center", first=2),
             Paragraph((agency.position or t("memo.position_blank"),), "center", first=2)),
            Gap(20), Pair(comment("memo.comment_superior"), comment("memo.comment_head"))))


def drafted_measure(analysis: Analysis, edition: Edition, words: Wording, draft: DraftMeasure) -> Measure:
    """A drafted measure in words: named for its indicator, its steps the recommendations of its
    weak items (or of all its items when none is known); who and when are left to the clerk."""
    framework = analysis.framework
    advice = [edition.item_recommendation(framework, w.code, w.recommendation) for w in draft.advice]
    advice = advice or [edition.item_recommendation(framework, item.code)
                        for item in framework.items_of(draft.indicator)]
    steps = "\n".join(f"{n}. {text}" for n, text in enumerate(dict.fromkeys(advice), 1))
    return Measure(words.say("draft.measure", no=draft.indicator,
                             name=edition.indicator_name(framework, draft.indicator)),
                   words.prose(steps) if steps else words.say("draft.steps_unknown"))


def measures_in_words(analysis: Analysis, edition: Edition, words: Wording) -> tuple[Measure, ...]:
    """The measures the report states: the input's own, or the drafts put into words."""
    return analysis.measures or tuple(drafted_measure(analysis, edition, words, d) for d in analysis.drafts)


def build_memo(analysis: Analysis, edition: Edition, thai_digits: bool, cells) -> Memo:
    """The memo of ``analysis`` in ``edition``; ``cells`` (a ``ScoreCells``) says where its figures live."""
    words = edition.wording(thai_digits)
    return MemoBuilder(analysis, edition, words, cells, measures_in_words(analysis, edition, words)).build()
