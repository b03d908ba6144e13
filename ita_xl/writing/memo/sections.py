"""The memo's sections, in the order of the agency memos it replaces: the heading block and the
opening, one part per tool, the strengths and points to develop, the recommendations per tool,
the measures, the closing and the signatures."""
from __future__ import annotations

from ...analysis.scoring import places
from ...model import Analysis, Measure, WeakItem
from ..edition import Edition, score_text
from .document import (
    ITA_KEY,
    MEASURE_FIELDS,
    About,
    Bar,
    Cell,
    Chart,
    ChartFigure,
    Gap,
    HeadingLine,
    Memo,
    Pair,
    Paragraph,
    Section,
    Speaker,
    Strong,
    TableBlock,
    TableRow,
    Voice,
    cell,
    indicator_key,
    measures_in_words,
    tool_key,
)

MEASURE_WIDTHS = (1.0, 3.0)         # the measures table: labels, then what each holds
FILLED_IN_BY_HAND = ("responsible", "timeline")   # left empty, printed as the dotted line of a paper form


def heading(voice: Voice) -> Section:
    """บันทึกข้อความ and its heading lines (ส่วนราชการ, ที่ | วันที่, เรื่อง), เรียน, the opening."""
    words, analysis = voice.words, voice.analysis
    agency, year = analysis.assessment.agency, analysis.assessment.fiscal_year
    t = words.t
    result = voice.verdict(analysis.passed, ITA_KEY, words.say("memo.result_passed", target=voice.target()),
                           words.say("memo.result_failed", target=voice.target()))
    opening = "memo.opening" if all(len(level.code) <= 2 for level in voice.framework.levels) \
        else "memo.opening_words"      # letter levels read "ระดับ A"; the rating words are quoted
    return Section("heading", (
        Paragraph((t("memo.title"),), "title"),
        HeadingLine(((t("memo.division"), voice.mark(agency.division or agency.name)),)),
        HeadingLine(((t("memo.document_no"), agency.document_no), (t("memo.date"), agency.date or ""))),
        HeadingLine(((t("memo.subject"), voice.mark(words.say("memo.subject_text", year=year))),)),
        Gap(8),
        Paragraph((Strong(t("memo.addressee")), " ", voice.mark(agency.addressee) or t("memo.dotted"))),
        Gap(),
        voice.para(opening, indent=True, agency=agency.name, year=year, tools=len(voice.framework.tools),
                   indicators=len(voice.framework.indicators), ita=voice.score(analysis.ita, ITA_KEY),
                   level=voice.level(), result=result),
    ))


def tools(voice: Voice) -> Section:
    """Per tool: what it measures, its indicators' scores in a small table, its average and verdict."""
    words, framework, edition = voice.words, voice.framework, voice.edition
    blocks: list = []
    for n, tool in enumerate(voice.analysis.tools, start=1):
        spec = framework.tool(tool.code)
        numbers = [i.no for i in framework.indicators_of(tool.code)]
        name = edition.tool_name(framework, tool.code)
        blocks += [Gap(), voice.para("memo.tool_intro", indent=True, n=n, name=name, code=tool.code,
                                     purpose=voice.text(edition.pick(spec.purpose_th, spec.purpose_en)),
                                     count=len(numbers))]
        rows = [TableRow((cell(voice.mark(words.t("memo.table_indicator"))),
                          cell(voice.mark(words.t("memo.table_score")))), "header")]
        rows += [TableRow((cell(voice.text(f"{no}. {edition.indicator_name(framework, no)}")),
                           cell(voice.indicator(no)))) for no in numbers]
        blocks.append(TableBlock(tuple(rows), (4, 1.6)))
        verdict = voice.verdict(tool.passed, tool_key(tool.code), words.t("memo.verdict_passed"),
                                words.t("memo.verdict_below"))
        blocks.append(voice.para("memo.tool_result", indent=True, name=name, code=tool.code,
                                 score=voice.tool(tool.code), verdict=verdict))
    return Section("tools", tuple(blocks))


def strengths_and_weaknesses(voice: Voice) -> Section:
    """The indicators at or above the target, highest first, then those below it, lowest first."""
    analysis, framework, edition = voice.analysis, voice.framework, voice.edition
    blocks: list = [Gap(), voice.para("memo.analysis_intro", indent=True, agency=analysis.assessment.agency.name)]
    for key, numbers, meeting in (("strengths", analysis.strengths, True), ("weaknesses", analysis.weaknesses, False)):
        blocks.append(Gap())
        if numbers:
            blocks.append(voice.para(f"memo.{key}", "bold", True, target=voice.target(),
                                     count=voice.count(numbers, meeting)))
        else:
            blocks.append(voice.para(f"memo.{key}_none", "bold", True, target=voice.target()))
        scores = {i.no: i.score for i in analysis.indicators}
        for order, no in zip(places([scores[no] for no in numbers], framework.decimals, meeting), numbers):
            spec = framework.indicator(no)
            blocks.append(voice.para("memo.indicator_paragraph", indent=True, order=order,
                                     name=edition.indicator_name(framework, no), no=no, score=voice.indicator(no),
                                     about=voice.text(edition.pick(spec.about_th, spec.about_en))))
    return Section("findings", tuple(blocks))


def recommendations(voice: Voice) -> Section:
    """Per tool: its score and verdict, then its items below the target with what to do (or, where
    its items were not scored, its indicators below the target)."""
    analysis, framework, words = voice.analysis, voice.framework, voice.words
    assessment = analysis.assessment
    scored = {assessment.indicator_of(code) for code, item in assessment.items.items() if item.score is not None}
    blocks: list = [Gap(), voice.para("memo.recommendations_intro", "bold", True)]
    for n, tool in enumerate(analysis.tools, start=1):
        verdict = voice.verdict(tool.passed, tool_key(tool.code),
                                words.say("memo.tool_recommendation_passed", target=voice.target()),
                                words.say("memo.tool_recommendation_below", target=voice.target()))
        blocks.append(voice.para("memo.tool_recommendation", indent=True, n=n, code=tool.code,
                                 name=voice.edition.tool_name(framework, tool.code),
                                 score=voice.tool(tool.code), verdict=verdict))
        numbers = [i.no for i in framework.indicators_of(tool.code)]
        if scored & set(numbers):
            blocks += _items_of_tool(voice, [w for w in analysis.weak_items if w.indicator in numbers])
        else:
            blocks += _indicators_of_tool(voice, [no for no in analysis.weaknesses if no in numbers])
    return Section("recommendations", tuple(blocks))


def _items_of_tool(voice: Voice, items: list[WeakItem]) -> list[Paragraph]:
    """The weak items of one tool, grouped by indicator, weakest first (as the analysis orders them)."""
    if not items:
        return [voice.para("memo.items_none", first=1, target=voice.target())]
    groups: dict[int, list[WeakItem]] = {}
    for item in items:
        groups.setdefault(item.indicator, []).append(item)
    found = [voice.para("memo.items_below", first=1, target=voice.target())]
    for n, (no, members) in enumerate(groups.items(), start=1):
        found.append(_indicator_heading(voice, n, no))
        found += [_item(voice, n, m, item) for m, item in enumerate(members, start=1)]
    return found


def _indicators_of_tool(voice: Voice, weak: list[int]) -> list[Paragraph]:
    """A tool whose items were not scored: its indicators below the target, or that none is."""
    if not weak:
        return [voice.para("memo.indicators_all_met", first=1, target=voice.target())]
    return [voice.para("memo.indicators_below", first=1, target=voice.target())] + \
        [_indicator_heading(voice, n, no) for n, no in enumerate(weak, start=1)]


def _indicator_heading(voice: Voice, n: int, no: int) -> Paragraph:
    return voice.para("memo.indicator_heading", "bold", True, n=n, no=no,
                      name=voice.edition.indicator_name(voice.framework, no), score=voice.indicator(no))


def _item(voice: Voice, n: int, m: int, item: WeakItem) -> Paragraph:
    """An item below target: its code and wording (or, where the wording is not known, its
    sub-indicator), its score or "not met", and what to do."""
    framework, edition, words = voice.framework, voice.edition, voice.words
    advice = edition.item_recommendation(framework, item.code, item.recommendation)
    advice = advice if item.recommendation_given else words.prose(advice)
    text = item.text or words.prose(edition.item_text(framework, item.code))
    if not text:
        group = next((g for g in framework.groups_of(item.indicator) if item.code in g.items), None)
        text = words.say("memo.item_in_group", group=group.code, name=group.name_th) if group else ""
    key = "memo.item_unmet" if framework.met_scale(item.indicator) else "memo.item_scored"
    return voice.para(key, indent=True, n=n, m=m, code=item.code, text=text,
                      score=words.score(item.score, framework.decimals), recommendation=advice)


def measures(voice: Voice) -> Section:
    """The measures for the next fiscal year as one table, set to read on A4 portrait at 16 pt: each
    measure's name across the table, then its steps, who, when, the result and a suggestion, each
    labelled as the seed memo's six columns are (a six-column table at 16 pt leaves each column a
    few words wide: a landscape page then holds one measure)."""
    words, analysis = voice.words, voice.analysis
    agency = analysis.assessment.agency
    blocks: list = [Gap(), voice.para("memo.measures_intro", indent=True, agency=agency.name), Gap()]
    title = voice.para("memo.measures_title", "center", agency=agency.name, year=measures_year(analysis))
    stated = measures_in_words(analysis, voice.edition, words)
    if not stated:
        return Section("measures", tuple(blocks + [title, voice.para("memo.measures_none", first=1)]))
    rows = [row for n, measure in enumerate(stated, start=1) for row in measure_rows(voice, n, measure)]
    return Section("measures", tuple(blocks + [title, TableBlock(tuple(rows), MEASURE_WIDTHS, whole=False)]))


def measures_year(analysis) -> int:
    """The fiscal year the measures are for: the one after the results (FY 2565's results are
    analysed in 2565 and acted on in 2566). The memo and the measures sheet both state it."""
    return analysis.assessment.fiscal_year + 1


def signatures(voice: Voice) -> Section:
    """The closing, the preparer's signature, and the opinion blocks of the superior and the head
    of the agency side by side; each kept whole on one page."""
    agency = voice.analysis.assessment.agency
    return signature_blocks(voice, agency.preparer, agency.position)


def signature_blocks(voice: Speaker, preparer: str, position: str) -> Section:
    """The closing, the signature of ``preparer`` (``position``) and the two opinion blocks: an
    agency's memo and an office's close alike."""
    t = voice.words.t
    name = t("memo.name_line", name=voice.mark(preparer)) if preparer else t("memo.name_blank")

    def opinion(key: str) -> tuple[Paragraph, ...]:
        return (Paragraph((t(key),), "bold"), Paragraph((t("memo.comment_line"),)),
                Paragraph((t("memo.comment_line"),)), Paragraph((t("memo.signed"),), "center"),
                Paragraph((t("memo.name_blank"),), "center"), Paragraph((t("memo.position_blank"),), "center"))
    return Section("signatures", (     # one group: the opinion blocks never on a page of their own
        (Paragraph((t("memo.closing"),), indent=True), Gap(20),
         Paragraph((t("memo.signed"),), "center", first=2), Paragraph((name,), "center", first=2),
         Paragraph((voice.mark(position) or t("memo.position_blank"),), "center", first=2),
         Gap(20), Pair(opinion("memo.comment_superior"), opinion("memo.comment_head"))),))


def measure_rows(voice: Voice, n: int, measure: Measure) -> list[TableRow]:
    """One measure: its number and name across the table, then each field with its label, kept
    together on a page where they fit; who and when print the dotted line of a paper form when
    not given, a result or suggestion not given is left out."""
    words = voice.words
    name = measure.measure.strip()
    name = name if name[:1].isdigit() else f"{words.number(n)}. {name}"
    fields = []
    for key in MEASURE_FIELDS[1:]:
        value = getattr(measure, key).strip() or (words.t("memo.dotted") if key in FILLED_IN_BY_HAND else "")
        if value:
            lines = [line.strip() for line in value.split("\n") if line.strip()]
            fields.append((key, Cell(tuple((voice.mark(line),) for line in lines))))
    rows = [TableRow((cell(voice.mark(name), span=2),), "band", with_next=bool(fields))]
    rows += [TableRow((cell(voice.mark(words.t(f"column.{key}"))), value), label=True,
                      with_next=k < len(fields) - 1) for k, (key, value) in enumerate(fields)]
    return rows


_LAST: list = []      # (analysis, edition, digits, memo): the memo last built


def build_memo(analysis: Analysis, edition: Edition, thai_digits: bool) -> Memo:
    """The memo of ``analysis`` in ``edition`` (``thai_digits``: its digits). The last one built is
    remembered: the workbook's memo sheet, the Word memo and the copy that is printed set the same
    memo, and building it (every text cut into words) is most of the work for a long plan."""
    if _LAST and _LAST[0] is analysis and _LAST[1:3] == [edition, thai_digits]:
        return _LAST[3]
    memo = _built(analysis, edition, thai_digits)
    _LAST[:] = [analysis, edition, thai_digits, memo]
    return memo


def _built(analysis: Analysis, edition: Edition, thai_digits: bool) -> Memo:
    from .sections import (
        heading,
        measures,
        recommendations,
        signatures,
        strengths_and_weaknesses,
        tools,
    )
    voice = Voice(analysis, edition, edition.wording(thai_digits))
    sections = [heading(voice), tools(voice), Section("chart", (Gap(), Chart(voice.say("memo.chart_caption")[0],
                                                                             indicator_chart(voice)))),
                strengths_and_weaknesses(voice), recommendations(voice), measures(voice), signatures(voice)]
    written = tuple((indicator_key(i.no), score_text(i.score, analysis.framework.decimals))
                    for i in analysis.indicators)
    assessment = analysis.assessment
    about = About(edition.t("memo.subject_text", year=assessment.fiscal_year), assessment.agency.name,
                  assessment.written_on, edition.language)
    return Memo(sections, written, about)


def indicator_chart(voice: Voice) -> ChartFigure:
    """The indicators' scores, each bar coloured by the target, the target as a line."""
    words, t, analysis = voice.words, voice.words.t, voice.analysis
    bars = tuple(Bar(words.number(i.no), i.score, words.score(i.score, voice.framework.decimals), i.passed)
                 for i in analysis.indicators)
    return ChartFigure(bars, t("column.indicator_no"), t("report.chart_axis"),
                       (t("report.chart_passed"), t("report.chart_below"), t("report.chart_target")),
                       tuple(words.number(tick) for tick in range(0, 101, 20)), line=float(analysis.target))
