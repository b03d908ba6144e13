"""The pieces of the office's memo (``office``): its voice over a consolidation, its tables and its
charts, and the part that sets last year beside this year. Every figure is read from the
consolidation's year summaries and last year's match (``analysis.last_year``), or set beside
another by ``analysis.area``; which indicator or agency meets the target is the analysis's rule
(``analysis.scoring.meets``), never decided here."""
from __future__ import annotations

from dataclasses import dataclass

from ...analysis.area import beside, leading
from ...analysis.consolidation import AgencyRow, Consolidation, YearSummary
from ...analysis.scoring import meets
from ..axes import count_axis
from ..edition import Edition, Wording
from ..line_breaks import BREAK, mark
from ..page import text_width_cm
from ..styles import DEFAULT_FONT_SIZE
from .document import (
    Bar,
    Cell,
    Chart,
    ChartFigure,
    Figure,
    Gap,
    Speaker,
    TableBlock,
    TableRow,
    cell,
    plain,
)
from .fitting import CELL_PADDING_CM, longest_word_cm, widen

TEXT_CM = text_width_cm()             # tables' widths are given in cm across A4 portrait
LONGEST_KEPT = 16                    # characters of a place kept whole: it fits the narrowest column of names
CAPITAL = "กรุงเทพมหานคร"            # the one province not called จังหวัด
PROVINCE_WORD = "จังหวัด"


@dataclass(frozen=True)
class Office:
    """Who writes the office's memo and to whom: the heading's ส่วนราชการ and เรียน, and the preparer
    who signs it with their position. Any left empty prints the form's dotted line."""
    name: str = ""
    addressee: str = ""
    preparer: str = ""
    position: str = ""


# the kinds of local administration a name begins with, longest first: the kind a clerk typed
# may not be the one the name begins with
LOCAL_KINDS = ("องค์การบริหารส่วนจังหวัด", "องค์การบริหารส่วนตำบล", "เทศบาลนคร", "เทศบาลเมือง", "เทศบาลตำบล")


def kept_place(name: str, kind: str = "") -> str:
    """The part of an agency's or a province's name kept whole on a line: the place its name ends with
    ("บ้านใหม่" of "องค์การบริหารส่วนตำบลบ้านใหม่", the kind before it being a word of its own), where
    the dictionary would cut it; "" where it would not (a single word needs no keeping). Agencies'
    names are too long to keep whole in a table's column: a line may break between kind and place."""
    name = name.strip()
    begins = next((k for k in (kind, *LOCAL_KINDS) if k and name.startswith(k)), "")
    rest = name[len(begins):].strip()
    return rest if len(rest) <= LONGEST_KEPT and BREAK in mark(rest) else ""


class AreaVoice(Speaker):
    """How the office's memo speaks of one fiscal year of its agencies: the preparer's name and
    position kept whole, and the places of the provinces and agencies it names (``kept_place``)."""
    LEADING = 5                          # the leading agencies named: those ranked within the first five

    def __init__(self, consolidation: Consolidation, summary: YearSummary, edition: Edition, words: Wording,
                 office: Office):
        self.consolidation, self.summary, self.office = consolidation, summary, office
        framework = consolidation.framework(summary.fiscal_year)
        kept = [office.preparer, office.position]
        kept += [kept_place(group.name) for group in summary.provinces]
        kept += [kept_place(row.name, row.type) for row in self.named(framework.decimals)]
        super().__init__(edition, words, framework, summary.target, kept)

    def named(self, decimals: int) -> list[AgencyRow]:
        """The agencies this year's part names (only their places are kept: a country has thousands)."""
        rows = [below.row for below in self.summary.below]
        rows += [row for _, row in leading(self.summary.ranking, decimals, self.LEADING)]
        last = self.consolidation.previous
        if last is not None:
            rows += [m.current for m in last.matches if m.current.fiscal_year == self.summary.fiscal_year
                     and (m.fell_below or m.rose_above)]
            rows += [u.row for u in last.new if u.row.fiscal_year == self.summary.fiscal_year]
        return rows

    def before(self) -> YearSummary | None:
        """Last year's figures, given last year's consolidated workbook."""
        last = self.consolidation.previous
        return last.summary(self.summary.fiscal_year) if last is not None else None

    def count(self, number: int) -> Figure:
        return Figure("count", self.words.prose(f"{number:,}"))

    def several_provinces(self) -> bool:
        return len(self.summary.provinces) > 1

    def agencies(self) -> str:
        """The agencies the memo is about: those of one province, or of how many provinces."""
        provinces = [group.name for group, _ in self.consolidation.provinces]
        if len(provinces) > 1:
            return self.words.t("office.agencies_provinces", count=self.words.number(len(provinces)))
        name = provinces[0].strip() if provinces else ""
        if not name:
            return self.words.t("office.agencies_any")
        if name == CAPITAL or name.startswith(PROVINCE_WORD):
            return self.words.t("office.agencies_capital", province=name)
        return self.words.t("office.agencies_province", province=name)

    def place(self, row: AgencyRow) -> str:
        """An agency named in prose: with its province where the memo covers several."""
        return self.words.t("office.agency_in", name=row.name, province=row.province) \
            if self.several_provinces() else row.name

    def level_name(self, code: str) -> str:
        return self.edition.level_name(self.framework, code)

    def header(self, *texts: str) -> TableRow:
        """A table's header row of ``texts`` (catalogue keys, or words already said)."""
        return TableRow(tuple(cell(self.mark(self.words.t(text) if text.startswith("office.") else text))
                              for text in texts), "header")

    def year(self, year: int) -> str:
        return self.words.t("office.column_year", year=self.words.number(year))


def _table(rows: list[TableRow], widths: tuple[float, ...], whole: bool = True) -> TableBlock:
    return TableBlock(tuple(rows), widths, whole)


def _score_or_dash(voice: AreaVoice, value: float | None, integer: bool = False) -> Cell:
    if value is None:
        return cell("-")
    return cell(voice.count(int(value)) if integer else voice.score(value))


def by_kind(voice: AreaVoice) -> TableBlock:
    """The agencies per kind (Thai order): how many, their mean ITA, how many pass; then the total."""
    summary, t = voice.summary, voice.words.t
    rows = [voice.header("office.column_kind", "office.column_count", "office.column_mean", "office.column_passed")]
    rows += [TableRow((cell(voice.mark(group.name or t("batch.no_type"))), cell(voice.count(group.count)),
                       cell(voice.score(group.mean)), cell(voice.count(group.passed)))) for group in summary.types]
    rows.append(TableRow((cell(voice.mark(t("office.total"))), cell(voice.count(summary.count)),
                          cell(voice.score(summary.mean)), cell(voice.count(summary.passed))), label=True))
    return _table(rows, (8.0, 2.6, 2.6, 2.8))


def figures(voice: AreaVoice) -> TableBlock | None:
    """Count, mean, median, range, passed and pass rate: this year's, last year's, the nation's (a
    column only where something of it is known; a figure not known is a dash). None when neither last
    year's nor the nation's is known: the memo's sentence then says all the table would."""
    summary, before, national = voice.summary, voice.before(), voice.summary.national
    lines = [("count", summary.count, before and before.count, national.agencies, True),
             ("mean", summary.mean, before and before.mean, national.mean, False),
             ("median", summary.median, before and before.median, None, False),
             ("minimum", summary.minimum, before and before.minimum, None, False),
             ("maximum", summary.maximum, before and before.maximum, None, False),
             ("passed", summary.passed, before and before.passed, national.passed, True),
             ("pass_rate", summary.pass_rate, before and before.pass_rate, national.pass_rate, False)]
    known = any(line[3] is not None for line in lines)
    if not known and not before:
        return None
    t, year = voice.words.t, summary.fiscal_year
    head = ["office.column_figure", voice.year(year)] + ([voice.year(before.fiscal_year)] if before else [])
    head += [t("office.column_national", year=voice.words.number(year))] if known else []
    rows = [voice.header(*head)]
    for key, ours, then, nation, integer in lines:
        values = [ours] + ([then] if before else []) + ([nation] if known else [])
        rows.append(TableRow((cell(voice.mark(t(f"office.figure_{key}"))),
                              *(_score_or_dash(voice, value, integer) for value in values)), label=True))
    return _table(rows, (5.6,) + ((TEXT_CM - 5.6) / (len(head) - 1),) * (len(head) - 1))


def by_level(voice: AreaVoice, chart: int) -> list:
    """The agencies at each level of the year (and last year, where its levels are the same), then
    their chart."""
    summary, before, t = voice.summary, voice.before(), voice.words.t
    earlier = dict(before.levels) if before and [c for c, _ in before.levels] == [c for c, _ in summary.levels] \
        else None
    rows = [voice.header("office.column_level", voice.year(summary.fiscal_year),
                         *([voice.year(before.fiscal_year)] if earlier is not None else []))]
    rows += [TableRow((cell(voice.mark(voice.level_name(code))), cell(voice.count(count)),
                       *((cell(voice.count(earlier.get(code, 0))),) if earlier is not None else ())))
             for code, count in summary.levels]
    axis = count_axis(max([count for _, count in summary.levels] + [1]))
    ticks = tuple(voice.words.number(n) for n in axis.ticks())
    bars = tuple(Bar(voice.level_name(code), count, voice.words.number(count), True)
                 for code, count in summary.levels)
    figure = ChartFigure(bars, t("office.chart_levels_x"), t("office.chart_levels_y"), ("", "", ""), ticks,
                         float(axis.top))
    caption = voice.say("office.chart_levels", chart=chart, year=summary.fiscal_year)[0]
    return [_table(rows, (8.0, 3.0) + ((3.0,) if earlier is not None else ())), Gap(), Chart(caption, figure)]


def indicator_phrase(voice: AreaVoice, indicators) -> str:
    """Indicators named in prose, each with its mean and how many agencies are below target on it."""
    said = [voice.words.t("office.indicator_named", no=voice.words.number(i.no),
                          name=voice.edition.indicator_name(voice.framework, i.no),
                          mean=voice.score(i.mean).text, below=voice.words.prose(f"{i.below:,}"))
            for i in indicators]
    return said[0] if len(said) == 1 else voice.words.t("office.and", first=" ".join(said[:-1]), last=said[-1])


def _meets(voice: AreaVoice, score: float) -> bool:
    return meets(score, voice.summary.target, voice.framework.decimals)


def by_indicator(voice: AreaVoice, chart: int) -> list:
    """Every indicator, weakest first: its mean (red where below target) and how many agencies are
    below target on it; then the chart of the means in the indicators' order, with the target."""
    summary, t, words = voice.summary, voice.words.t, voice.words
    rows = [voice.header("office.column_indicator", "office.column_indicator_mean", "office.column_below")]
    rows += [TableRow((cell(voice.text(f"{i.no}. {voice.edition.indicator_name(voice.framework, i.no)}")),
                       cell(voice.score(i.mean, passed=_meets(voice, i.mean))), cell(voice.count(i.below))))
             for i in summary.weakest_indicators]
    bars = tuple(Bar(words.number(i.no), i.mean, voice.score(i.mean).text, _meets(voice, i.mean))
                 for i in summary.indicators)
    figure = ChartFigure(bars, t("column.indicator_no"), t("office.chart_indicators_y"),
                         (t("report.chart_passed"), t("report.chart_below"), t("report.chart_target")),
                         tuple(words.number(tick) for tick in range(0, 101, 20)), line=float(summary.target))
    caption = voice.say("office.chart_indicators", chart=chart, year=summary.fiscal_year)[0]
    return [_table(rows, (9.6, 3.0, 3.4)), Gap(), Chart(caption, figure)]


def _agency_cell(voice: AreaVoice, row: AgencyRow) -> Cell:
    """An agency's name, with its province where the memo covers several (a column of its own would
    leave both too narrow on A4 portrait at 16 pt)."""
    return cell(voice.mark(voice.place(row)))


def _agency_header(voice: AreaVoice, first: str, *rest: str) -> TableRow:
    named = "office.column_agency_province" if voice.several_provinces() else "office.column_agency"
    return voice.header(first, named, *rest)


def _agency_widths(rows: list[TableRow], *wanted: float) -> tuple[float, ...]:
    """The widths (cm) of a table of agencies (its number, its name, then columns ``wanted`` wide):
    every column at least as wide as its longest word, which never breaks (a rank, "improvement",
    "องค์การบริหารส่วนจังหวัด" in a name), the name taking what the others leave."""
    least = [longest_word_cm([row.cells[k].text for row in rows], DEFAULT_FONT_SIZE) + CELL_PADDING_CM
             for k in range(len(rows[0].cells))]
    widths = [least[0], 0.0] + [max(width, need) for width, need in zip(wanted, least[2:])]
    widths[1] = max(TEXT_CM - sum(widths), least[1])       # relative: the writer fits them to the page
    return tuple(widen(widths, least))


def weakest(voice: AreaVoice) -> TableBlock:
    """Every agency below target (Thai order): its ITA and its indicators below target, lowest first
    ("every indicator" where none reaches it). Its level says no more than its score below target,
    and a column of it would leave the names too narrow."""
    summary, words = voice.summary, voice.words
    every = len(voice.framework.indicators)
    rows = [_agency_header(voice, "office.column_no", "office.column_ita", "office.column_weakest")]
    for n, below in enumerate(summary.below, start=1):
        low = words.t("office.every_indicator") if len(below.weakest) == every else \
            ", ".join(words.number(no) for no in below.weakest)
        rows.append(TableRow((cell(words.number(n)), _agency_cell(voice, below.row),
                              cell(voice.score(below.row.ita)), cell(voice.mark(low) if low else "-"))))
    return _table(rows, _agency_widths(rows, 2.2, 4.0), whole=False)


def leaders(voice: AreaVoice, found: tuple[tuple[int, AgencyRow], ...]) -> TableBlock:
    """The leading agencies with their ranks, ITA and level."""
    rows = [_agency_header(voice, "office.column_rank", "office.column_ita", "office.column_level")]
    rows += [TableRow((cell(voice.words.number(rank)), _agency_cell(voice, row), cell(voice.score(row.ita)),
                       cell(voice.mark(voice.level_name(row.level))))) for rank, row in found]
    return _table(rows, _agency_widths(rows, 2.2, 3.8))


def previous_year(voice: AreaVoice, n: int, before: YearSummary) -> list:
    """Last year beside this year: the area's mean and pass rate then and now, the agencies that fell
    below the target and those that rose above it, and this year's agencies not found last year."""
    summary, last, decimals = voice.summary, voice.consolidation.previous, voice.framework.decimals
    year = summary.fiscal_year
    mean, rate = beside(summary.mean, before.mean, decimals), beside(summary.pass_rate, before.pass_rate, decimals)
    matched = [m for m in last.matches if m.current.fiscal_year == year]
    blocks: list = [Gap(), voice.para("office.previous_title", "bold", True, n=n, year=before.fiscal_year)]
    blocks.append(voice.para(
        "office.previous", indent=True, year=before.fiscal_year, agencies=voice.agencies(),
        mean=plain(voice.say(f"office.previous_mean_{mean.trend}", then=voice.score(before.mean),
                             now=voice.score(summary.mean), difference=voice.score(abs(mean.difference)))),
        rate=plain(voice.say(f"office.previous_rate_{rate.trend}", then=voice.score(before.pass_rate),
                             now=voice.score(summary.pass_rate))),
        matched=voice.count(len(matched))))
    for key, moved in (("fell_below", [m for m in matched if m.fell_below]),
                       ("rose_above", [m for m in matched if m.rose_above])):
        if not moved:
            blocks.append(voice.para(f"office.{key}_none", indent=True, year=before.fiscal_year))
            continue
        blocks += [voice.para(f"office.{key}", indent=True, year=before.fiscal_year, count=voice.count(len(moved))),
                   _moved(voice, moved)]
    new = [u.row for u in last.new if u.row.fiscal_year == year]
    if new:
        names = [voice.place(row) for row in new]
        listed = names[0] if len(names) == 1 else voice.words.t("office.and", first=" ".join(names[:-1]),
                                                                 last=names[-1])
        blocks.append(voice.para("office.unmatched", indent=True, year=before.fiscal_year,
                                 count=voice.count(len(new)), names=listed))
    return blocks


def _moved(voice: AreaVoice, moved) -> TableBlock:
    """Agencies whose result changed: last year's ITA, this year's, and the change."""
    decimals = voice.framework.decimals
    t, year = voice.words.t, voice.summary.fiscal_year
    rows = [_agency_header(voice, "office.column_no", t("office.column_ita_year", year=voice.words.number(year - 1)),
                           t("office.column_ita_year", year=voice.words.number(year)), "office.column_change")]
    for n, match in enumerate(moved, start=1):
        change = beside(match.current.ita, match.previous.ita, decimals).difference
        rows.append(TableRow((cell(voice.words.number(n)), _agency_cell(voice, match.current),
                              cell(voice.score(match.previous.ita)), cell(voice.score(match.current.ita)),
                              cell(Figure("score", voice.words.prose(f"{change:+.{decimals}f}"))))))
    return _table(rows, _agency_widths(rows, 2.4, 2.4, 3.4))

