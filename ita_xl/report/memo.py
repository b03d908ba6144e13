"""Sheet รายงาน: the analysis memo (บันทึกข้อความ) written out from the numbers, ready to print and sign.

Every sentence that states a fact (passes, below target, rank, how many) is chosen
by the analysis, so the memo cannot contradict its own tables. Text ita_xl writes
uses the digits asked for; names and text taken from the input are left as typed.
"""
from __future__ import annotations

from ..layout import PAGE_HEIGHT, PORTRAIT_WIDTH, row_height, split_rows
from ..model import Analysis, WeakItem
from ..sheets import A4, CM
from ..text import pick, t
from ..wording import score_text
from .chart import indicator_chart
from .indicator_sheet import IndicatorCells

WIDTHS = (8, 8, 7, 7, 7, 7)          # PORTRAIT_WIDTH in all: A4 portrait inside a Thai letter's margins
LAST = len(WIDTHS) - 1
assert sum(WIDTHS) == PORTRAIT_WIDTH, "the memo must print at 100 % without cutting a column"
MAX_ROW_LINES = 14                   # 14 lines of 16 pt stay under Excel's 409-point row limit
INDENT = "      "
MEASURE_FIELDS = ("steps", "responsible", "timeline", "result", "suggestion")


class MemoWriter:
    """Writes the memo row by row, keeping track of where each page ends."""

    def __init__(self, sheet, styles, analysis: Analysis):
        self.sheet, self.styles, self.analysis = sheet, styles, analysis
        self.row, self.y, self.breaks = 0, 0.0, []
        for col, width in enumerate(WIDTHS):
            sheet.set_column(col, col, width)

    # -- layout ------------------------------------------------------------------------------
    def advance(self, height: float) -> None:
        self.sheet.set_row(self.row, height)
        self.y = height if self.y + height > PAGE_HEIGHT else self.y + height
        self.row += 1

    def keep(self, height: float) -> None:
        """Start a new page unless the next ``height`` points fit on this one."""
        if self.y and self.y + height > PAGE_HEIGHT:
            self.breaks.append(self.row)
            self.y = 0.0

    def gap(self, height: float = 10) -> None:
        self.advance(height)

    def text(self, text: str, fmt=None, first: int = 0, last: int = LAST, indent: bool = False) -> None:
        """A paragraph across columns ``first``..``last``, in as many rows as it needs."""
        fmt = fmt or self.styles.memo_text
        width = sum(WIDTHS[first:last + 1])
        for n, piece in enumerate(split_rows(text, width, MAX_ROW_LINES)):
            piece = INDENT + piece if indent and n == 0 else piece
            self._cell(first, last, piece, fmt)
            self.advance(row_height([(piece, width)], bold=bool(getattr(fmt, "bold", False))))

    def _cell(self, first: int, last: int, value, fmt) -> None:
        if first == last:
            self.sheet.write(self.row, first, value, fmt)
        else:
            self.sheet.merge_range(self.row, first, self.row, last, value, fmt)

    def labelled(self, label: str, value: str) -> None:
        """A heading line: the label in bold, then its value (a dotted line when not given)."""
        value = value or t("memo.blank")
        self.sheet.merge_range(self.row, 0, self.row, LAST, "", self.styles.memo_text)
        self.sheet.write_rich_string(self.row, 0, self.styles.bold_run, label, self.styles.run, f" {value}",
                                     self.styles.memo_text)
        self.advance(row_height([(f"{label} {value}", sum(WIDTHS))]))

    # -- wording -----------------------------------------------------------------------------
    def say(self, key: str, **values) -> str:
        return self.styles.say(key, **values)

    def number(self, value) -> str:
        return self.styles.prose(str(value))

    def score(self, value: float) -> str:
        return self.styles.prose(score_text(value, self.analysis.framework.decimals))


def write_memo_sheet(workbook, styles, analysis: Analysis, cells: IndicatorCells) -> None:
    sheet = workbook.add_worksheet(t("memo.sheet"))
    memo = MemoWriter(sheet, styles, analysis)
    _heading(memo)
    _tools(memo)
    _chart(memo, workbook, cells)
    _strengths_and_weaknesses(memo)
    _recommendations(memo)
    _measures(memo)
    _signatures(memo)
    sheet.set_paper(A4)
    sheet.set_margins(left=3 * CM, right=2 * CM, top=2.5 * CM, bottom=2 * CM)
    sheet.set_print_scale(100)
    sheet.set_footer(t("report.footer"))
    sheet.hide_gridlines(2)
    sheet.print_area(0, 0, memo.row - 1, LAST)
    sheet.set_h_pagebreaks(memo.breaks)


def _heading(memo: MemoWriter) -> None:
    analysis, styles = memo.analysis, memo.styles
    agency = analysis.assessment.agency
    year = memo.number(analysis.assessment.fiscal_year)
    memo.sheet.merge_range(0, 0, 0, LAST, t("memo.title"), styles.memo_title)
    memo.advance(48)
    memo.labelled(t("memo.division"), agency.division or agency.name)
    memo.sheet.merge_range(memo.row, 0, memo.row, 1, "", styles.memo_text)
    memo.sheet.write_rich_string(memo.row, 0, styles.bold_run, t("memo.document_no"), styles.run,
                                 f" {agency.document_no or t('memo.blank')}", styles.memo_text)
    memo.sheet.write_string(memo.row, 2, t("memo.date"), styles.memo_bold)
    if agency.date:
        memo.sheet.merge_range(memo.row, 3, memo.row, LAST, "", styles.memo_date)
        memo.sheet.write_datetime(memo.row, 3, agency.date, styles.memo_date)
    else:
        memo.sheet.merge_range(memo.row, 3, memo.row, LAST, t("memo.blank"), styles.memo_text)
    memo.advance(row_height([("x", 8)]))
    memo.labelled(t("memo.subject"), memo.say("memo.subject_text", year=year))
    memo.labelled(t("memo.addressee"), agency.addressee)
    memo.gap()
    result = memo.say("memo.result_passed" if analysis.passed else "memo.result_failed",
                      target=memo.number(f"{analysis.target:g}"))
    memo.text(memo.say("memo.opening", agency=agency.name, year=year, ita=memo.score(analysis.ita),
                       level=analysis.level, result=result), indent=True)


def _tools(memo: MemoWriter) -> None:
    analysis, styles = memo.analysis, memo.styles
    framework = analysis.framework
    for n, tool in enumerate(analysis.tools, start=1):
        spec = framework.tool(tool.code)
        indicators = [analysis.indicator(i.no) for i in framework.indicators_of(tool.code)]
        intro = memo.say("memo.tool_intro", n=n, name=tool.name, code=tool.code,
                         purpose=styles.prose(pick(spec.purpose_th, spec.purpose_en)), count=len(indicators))
        memo.gap()
        memo.keep(row_height([(INDENT + intro, sum(WIDTHS))]) + 30 * (len(indicators) + 1))
        memo.text(intro, indent=True)
        memo.sheet.merge_range(memo.row, 0, memo.row, 3, t("memo.table_indicator"), styles.header)
        memo.sheet.merge_range(memo.row, 4, memo.row, LAST, t("memo.table_score"), styles.header)
        memo.advance(28)
        for indicator in indicators:
            label = f"{memo.number(indicator.no)}. {indicator.name}"
            memo.sheet.merge_range(memo.row, 0, memo.row, 3, label, styles.text)
            memo.sheet.merge_range(memo.row, 4, memo.row, LAST, indicator.score,
                                   styles.score_format(indicator.passed))
            memo.advance(row_height([(label, sum(WIDTHS[:4]))]))
        verdict = t("memo.verdict_passed" if tool.passed else "memo.verdict_below")
        memo.text(memo.say("memo.tool_result", name=tool.name, code=tool.code, score=memo.score(tool.score),
                           verdict=verdict), indent=True)


def _chart(memo: MemoWriter, workbook, cells: IndicatorCells) -> None:
    width = sum(WIDTHS)
    chart = indicator_chart(workbook, cells, memo.styles.font, width, memo.styles.thai_digits, compact=True)
    height = chart.height * 0.75                          # pixels to points
    memo.gap()
    memo.keep(30 + height + 8)
    memo.text(memo.styles.prose(t("memo.chart_caption")), memo.styles.memo_center)
    memo.sheet.insert_chart(memo.row, 0, chart, {"x_offset": 2, "y_offset": 4})
    memo.advance(height + 8)


def _indicator_paragraphs(memo: MemoWriter, numbers: tuple[int, ...]) -> None:
    framework = memo.analysis.framework
    for order, no in enumerate(numbers, start=1):
        indicator, spec = memo.analysis.indicator(no), framework.indicator(no)
        memo.text(memo.say("memo.indicator_paragraph", order=memo.number(order), name=indicator.name,
                           no=memo.number(no), score=memo.score(indicator.score),
                           about=memo.styles.prose(pick(spec.about_th, spec.about_en))), indent=True)


def _strengths_and_weaknesses(memo: MemoWriter) -> None:
    analysis = memo.analysis
    target = memo.number(f"{analysis.target:g}")
    memo.gap()
    memo.text(memo.say("memo.analysis_intro", agency=analysis.assessment.agency.name), indent=True)
    for key, numbers in (("strengths", analysis.strengths), ("weaknesses", analysis.weaknesses)):
        memo.gap()
        heading = memo.say(f"memo.{key}", target=target, count=memo.number(len(numbers))) if numbers \
            else memo.say(f"memo.{key}_none", target=target)
        memo.keep(60)
        memo.text(heading, memo.styles.memo_bold, indent=True)
        _indicator_paragraphs(memo, numbers)


def _weak_item_lines(memo: MemoWriter, items: list[WeakItem], start: int) -> None:
    """The weak items of one tool, grouped by indicator, weakest first (as the analysis orders them)."""
    framework = memo.analysis.framework
    groups: dict[int, list[WeakItem]] = {}
    for item in items:
        groups.setdefault(item.indicator, []).append(item)
    for n, (no, members) in enumerate(groups.items(), start=start):
        indicator = memo.analysis.indicator(no)
        memo.text(memo.say("memo.indicator_heading", n=memo.number(n), name=indicator.name,
                           no=memo.number(no), score=memo.score(indicator.score)), memo.styles.memo_bold,
                  indent=True)
        for m, item in enumerate(members, start=1):
            advice = item.recommendation if item.recommendation_given else memo.styles.prose(item.recommendation)
            key = "memo.item_unmet" if framework.is_binary(item.code) else "memo.item_scored"
            memo.text(memo.say(key, n=memo.number(n), m=memo.number(m), code=item.code,
                               text=memo.styles.prose(item.text), score=memo.score(item.score),
                               recommendation=advice), first=1)


def _recommendations(memo: MemoWriter) -> None:
    analysis = memo.analysis
    framework = analysis.framework
    target = memo.number(f"{analysis.target:g}")
    scored = {code for code, item in analysis.assessment.items.items() if item.score is not None}
    memo.gap()
    memo.text(memo.say("memo.recommendations_intro"), memo.styles.memo_bold, indent=True)
    for n, tool in enumerate(analysis.tools, start=1):
        verdict = memo.say("memo.tool_recommendation_passed" if tool.passed else "memo.tool_recommendation_below",
                           target=target)
        memo.text(memo.say("memo.tool_recommendation", n=memo.number(n), name=tool.name, code=tool.code,
                           score=memo.score(tool.score), verdict=verdict), indent=True)
        numbers = {i.no for i in framework.indicators_of(tool.code)}
        items = [w for w in analysis.weak_items if w.indicator in numbers]
        tool_codes = {item.code for item in framework.items if item.indicator in numbers}
        if tool.code in framework.tools_without_items():
            memo.text(memo.say("memo.items_unavailable", year=memo.number(analysis.assessment.fiscal_year)), first=1)
        elif not scored & tool_codes:
            memo.text(memo.say("memo.items_not_scored"), first=1)
        elif not items:
            memo.text(memo.say("memo.items_none", target=target), first=1)
        else:
            memo.text(memo.say("memo.items_below", target=target), first=1)
            _weak_item_lines(memo, items, start=1)


def _measures(memo: MemoWriter) -> None:
    analysis, styles = memo.analysis, memo.styles
    agency = analysis.assessment.agency
    memo.gap()
    memo.text(memo.say("memo.measures_intro", agency=agency.name), indent=True)
    memo.gap()
    memo.keep(90)
    memo.text(memo.say("memo.measures_title", agency=agency.name,
                       year=memo.number(analysis.assessment.fiscal_year + 1)), styles.memo_center)
    if analysis.measures_drafted:
        memo.text(styles.prose(t("report.measures_drafted")), styles.note)
    if not analysis.measures:
        memo.text(memo.say("memo.measures_none"), first=1)
    for n, measure in enumerate(analysis.measures, start=1):
        title = measure.measure if measure.measure[:1].isdigit() else \
            memo.say("memo.measure_number", n=memo.number(n), measure=measure.measure)
        if analysis.measures_drafted:
            title = styles.prose(title)
        memo.keep(4 * 30)
        memo.text(title, styles.header)
        for field in MEASURE_FIELDS:
            value = getattr(measure, field) or "-"
            if analysis.measures_drafted:
                value = styles.prose(value)
            _labelled_cell(memo, t(f"column.{field}"), value)
    memo.gap()


def _labelled_cell(memo: MemoWriter, label: str, value: str) -> None:
    """One row of a measure's table: the label on the left, the value (in as many rows as needed)."""
    styles = memo.styles
    width = sum(WIDTHS[2:])
    for n, piece in enumerate(split_rows(value, width, MAX_ROW_LINES)):
        memo.sheet.merge_range(memo.row, 0, memo.row, 1, label if n == 0 else "", styles.label)
        memo.sheet.merge_range(memo.row, 2, memo.row, LAST, piece, styles.text)
        memo.advance(row_height([(piece, width), (label, sum(WIDTHS[:2]))]))


def _signatures(memo: MemoWriter) -> None:
    agency = memo.analysis.assessment.agency
    styles = memo.styles
    memo.text(t("memo.closing"), indent=True)
    memo.gap(30)
    block = [t("memo.signed"), t("memo.name_line", name=agency.preparer) if agency.preparer else t("memo.name_blank"),
             agency.position or t("memo.position_blank")]
    memo.keep(30 * len(block) + 20)
    for line in block:
        memo.text(line, styles.memo_center, first=2)
    for key in ("memo.comment_superior", "memo.comment_head"):
        memo.gap(20)
        memo.keep(30 * 7)
        memo.text(t(key), styles.memo_bold)
        memo.text(t("memo.comment_line"))
        memo.text(t("memo.comment_line"))
        memo.gap(20)
        for line in (t("memo.signed"), t("memo.name_blank"), t("memo.position_blank")):
            memo.text(line, styles.memo_center, first=2)
