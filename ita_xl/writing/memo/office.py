"""The office's memo (บันทึกข้อความ): what a provincial or central office reports of the agencies it
consolidated (``batch --memo``), as a ``Memo`` document that the Word writer and the PDF printer set
exactly as they set an agency's.

It states only figures the consolidation holds (``Consolidation.summaries``, ``.previous``) and
what ``analysis.area`` sets beside them; it decides nothing itself. Its parts, for each fiscal
year of the batch (several years: one memo, a part per year): the agencies by kind; the mean,
median and range of the ITA, the pass rate and the levels beside last year's and the nation's;
the indicators weakest across the area and how many agencies are below target on each; every
agency below target with its indicators below target; the agencies that lead; last year beside
this year. Lists not ordered by score are in Thai dictionary order, as the consolidation gives them.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from ...analysis.area import beside, leading
from ...analysis.consolidation import Consolidation
from ...analysis.scoring import meets
from ..edition import Edition
from .document import About, Gap, HeadingLine, Memo, Paragraph, Section, Strong, plain
from .office_parts import (
    AreaVoice,
    Office,
    by_indicator,
    by_kind,
    by_level,
    figures,
    indicator_phrase,
    leaders,
    previous_year,
    weakest,
)
from .sections import signature_blocks


def build_office_memo(consolidation: Consolidation, edition: Edition, thai_digits: bool,
                      office: Office = Office()) -> Memo:
    """The office's memo of ``consolidation`` in ``edition`` (``thai_digits``: its digits)."""
    words = edition.wording(thai_digits)
    voices = [AreaVoice(consolidation, summary, edition, words, office) for summary in consolidation.summaries]
    latest = voices[-1]
    sections = [_heading(latest, voices)]
    charts = iter(range(1, 2 * len(voices) + 1))
    for voice in voices:
        sections.append(_year(voice, charts, several=len(voices) > 1))
    sections.append(_signatures(latest))
    year = latest.summary.fiscal_year
    written_on = dt.datetime(year - 543, 9, 30)       # the fiscal year's last day, never the clock (as an agency's)
    about = About(edition.t("office.subject", year=_years(latest, voices, as_typed=True), agencies=latest.agencies()),
                  office.name or latest.agencies(), written_on, edition.language)
    return Memo(sections, (), about)


def _years(voice: AreaVoice, voices: list[AreaVoice], as_typed: bool = False) -> str:
    """The fiscal years of the memo: "๒๕๖๙", or "๒๕๖๘ และ ๒๕๖๙" (``as_typed``: in Arabic digits)."""
    years = [str(v.summary.fiscal_year) for v in voices]
    joined = years[0] if len(years) == 1 else \
        voice.words.t("office.years", first=", ".join(years[:-1]), last=years[-1])
    return joined if as_typed else voice.words.prose(joined)


def _heading(voice: AreaVoice, voices: list[AreaVoice]) -> Section:
    """บันทึกข้อความ, ส่วนราชการ, ที่ | วันที่, เรื่อง, เรียน, and the opening: what was assessed and
    what the office gathered. The number and the date are left to be given when the memo is signed."""
    t, office = voice.words.t, voice.office
    years = _years(voice, voices)
    count = sum(v.summary.count for v in voices)
    subject = plain(voice.say("office.subject", year=years, agencies=voice.agencies()))
    return Section("heading", (
        Paragraph((t("memo.title"),), "title"),
        HeadingLine(((t("memo.division"), voice.mark(office.name)),)),
        HeadingLine(((t("memo.document_no"), ""), (t("memo.date"), ""))),
        HeadingLine(((t("memo.subject"), subject),)),
        Gap(8),
        Paragraph((Strong(t("memo.addressee")), " ", voice.mark(office.addressee) or t("memo.dotted"))),
        Gap(),
        voice.para("office.opening" if office.name else "office.opening_unnamed", indent=True, year=years,
                   office=office.name, agencies=voice.agencies(), count=voice.count(count)),
    ))


def _year(voice: AreaVoice, charts, several: bool) -> Section:
    """One fiscal year's part: the area as a whole, its indicators, the agencies below target, those
    that lead, and (given last year's workbook) last year beside this year."""
    summary = voice.summary
    blocks: list = []
    if several:
        blocks += [Gap(8), voice.para("office.year_part", "bold", year=summary.fiscal_year)]
    heads = iter(range(1, 6))
    blocks += _whole(voice, next(heads), next(charts))
    blocks += _indicators(voice, next(heads), next(charts))
    blocks += _below(voice, next(heads))
    blocks += _leaders(voice, next(heads))
    before = voice.before()
    if before is not None:
        blocks += previous_year(voice, next(heads), before)
    return Section(f"year-{summary.fiscal_year}", tuple(blocks))


def _head(voice: AreaVoice, n: int, key: str, **values) -> list:
    return [Gap(), voice.para(key, "bold", True, n=n, **values)]


def _whole(voice: AreaVoice, n: int, chart: int) -> list:
    """The area as a whole: the agencies by kind, the figures beside last year's and the nation's, the
    levels with their chart."""
    summary = voice.summary
    blocks = _head(voice, n, "office.whole_title")
    blocks += [voice.para("office.kinds", indent=True, count=voice.count(summary.count),
                          kinds=voice.count(len(summary.types))), by_kind(voice)]
    blocks += [Gap(), voice.para("office.figures", indent=True, agencies=voice.agencies(),
                                 mean=voice.score(summary.mean), median=voice.score(summary.median),
                                 minimum=voice.score(summary.minimum), maximum=voice.score(summary.maximum),
                                 target=voice.target(), passed=voice.count(summary.passed),
                                 rate=voice.score(summary.pass_rate))]
    table = figures(voice)
    blocks += [Gap(), _national(voice)] + ([table] if table else [])
    blocks += [Gap(), voice.para("office.levels", indent=True, chart=chart), *by_level(voice, chart)]
    return blocks


def _national(voice: AreaVoice) -> Paragraph:
    """The area's mean and pass rate beside the nation's, or that the nation's are not yet known."""
    summary, national, decimals = voice.summary, voice.summary.national, voice.framework.decimals
    compared = []
    for figure, ours, theirs in (("mean", summary.mean, national.mean),
                                 ("rate", summary.pass_rate, national.pass_rate)):
        found = beside(ours, theirs, decimals)
        if found is not None:
            compared.append(voice.say(f"office.national_{figure}_{found.trend}", national=voice.score(theirs),
                                      difference=voice.score(abs(found.difference))))
    if not compared:
        return voice.para("office.national_unknown", indent=True, year=summary.fiscal_year)
    joined = compared[0] if len(compared) == 1 else \
        voice.say("office.national_both", mean=plain(compared[0]), rate=plain(compared[1]))
    return Paragraph(voice.say("office.national", compared=plain(joined)), indent=True)


def _indicators(voice: AreaVoice, n: int, chart: int) -> list:
    """The indicators weakest across the area (those whose mean is below target, else the weakest
    one), then every indicator, weakest first, with how many agencies are below target on it, and
    the chart of their means."""
    summary, decimals = voice.summary, voice.framework.decimals
    low = [i for i in summary.weakest_indicators if not meets(i.mean, summary.target, decimals)]
    blocks = _head(voice, n, "office.indicators_title")
    if low:
        blocks.append(voice.para("office.indicators_below", indent=True, target=voice.target(),
                                 count=voice.count(len(low)), names=indicator_phrase(voice, low)))
    elif summary.indicators:
        blocks.append(voice.para("office.indicators_all_met", indent=True, target=voice.target(),
                                 names=indicator_phrase(voice, summary.weakest_indicators[:1])))
    blocks += [voice.para("office.indicators_table", indent=True, chart=chart), *by_indicator(voice, chart)]
    return blocks


def _below(voice: AreaVoice, n: int) -> list:
    """Every agency below target, in Thai order, with its ITA and indicators below target; the lowest
    named."""
    summary = voice.summary
    blocks = _head(voice, n, "office.below_title", target=voice.target())
    if not summary.below:
        return blocks + [voice.para("office.below_none", indent=True, target=voice.target())]
    lowest = summary.ranking[-1]
    order = voice.words.t("office.order_many" if voice.several_provinces() else "office.order_one")
    blocks.append(voice.para("office.below", indent=True, target=voice.target(),
                             count=voice.count(len(summary.below)), lowest=voice.place(lowest),
                             ita=voice.score(lowest.ita), order=order))
    return blocks + [weakest(voice)]


def _leaders(voice: AreaVoice, n: int) -> list:
    """The agencies ranked in the first places, highest first (equal scores in Thai order)."""
    found = leading(voice.summary.ranking, voice.framework.decimals, AreaVoice.LEADING)
    return _head(voice, n, "office.leading_title") + \
        [voice.para("office.leading", indent=True, count=voice.count(AreaVoice.LEADING)), leaders(voice, found)]


def _signatures(voice: AreaVoice) -> Section:
    """The closing, the preparer's signature and the two opinion blocks, as on an agency's memo."""
    return signature_blocks(voice, voice.office.preparer, voice.office.position)


def office_memo_paths(output: str | Path) -> tuple[Path, Path]:
    """The Word memo and the PDF beside the consolidated workbook ``output``."""
    output = Path(output)
    return output.with_suffix(".docx"), output.with_suffix(".pdf")


def check_office_memo(output: str | Path, inputs: tuple = (), force: bool = False) -> None:
    """Before anything is written: the memo may land neither on an input nor on a file ita_xl did
    not write as a memo or a PDF (``force`` for that)."""
    from ..output_files import check_output
    word, pdf = office_memo_paths(output)
    check_output(word, tuple(inputs), force, "memo")
    check_output(pdf, tuple(inputs), force, "pdf")


def write_office_memo(consolidation: Consolidation, output: str | Path, edition: Edition = Edition(),
                      office: Office = Office(), inputs: tuple = (), force: bool = False,
                      emblem: str | Path | None = None, pdf: bool = True) -> tuple[Path, ...]:
    """The office's memo beside the consolidated workbook ``output``: ``<output>.docx`` (to edit and
    sign) and, with ``pdf``, ``<output>.pdf`` (typeset from it by LibreOffice), each written
    atomically, never over one of ``inputs``; the paths written. Nothing is written when no agency
    was read: there is nothing to report. When LibreOffice fails, the Word memo still lands (as an
    agency's does in a batch), a PDF of an earlier run is removed (it would not match), and
    ``OutputError("office_memo_unprinted")`` says so."""
    from ...errors import OutputError
    from ..output_files import atomic_file
    from ..staging import gathering, land, withdraw
    from .pdf import print_memo
    from .word import memo_docx_bytes
    if not consolidation.rows:
        return ()
    check_office_memo(output, inputs, force)
    thai_digits = edition.thai_digits(memo=True)
    memo = build_office_memo(consolidation, edition, thai_digits, office)
    word, printed = office_memo_paths(output)
    group: list = []
    unprinted = None
    with gathering(group):
        with atomic_file(word, inputs, force, kind="memo") as temporary:
            temporary.write_bytes(memo_docx_bytes(memo, edition, thai_digits, emblem=emblem))
        if pdf:
            try:
                print_memo(memo_docx_bytes(memo, edition, thai_digits, typeset=True, emblem=emblem), printed, edition,
                           inputs, force)
            except OutputError as error:
                if error.key != "pdf_failed":
                    raise
                withdraw(printed, group)
                unprinted = OutputError("office_memo_unprinted", path=printed, word=word,
                                        reason=error.values["reason"])
    land(group)
    if unprinted is not None:
        raise unprinted
    return (word, printed) if pdf else (word,)
