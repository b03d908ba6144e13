"""What a result page shows, in the page's language: the web page as one more writer of the analysis.

Like the workbook and the Word memo, it takes the analysis (codes and unrounded scores) and
resolves it into words through an ``Edition``; it decides nothing: pass or fail, level, rank,
strengths and the items below target are the analysis's, scores are shown as published
(``score_text``), warnings are worded as ``ita-xl validate`` words them.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..analysis.consolidation import Consolidation
from ..errors import InputProblems, ItaError
from ..model import Analysis, Comparison
from ..validation import Validation
from ..writing.edition import Edition
from ..writing.styles import BAR_BELOW, BAR_PASSED, TARGET_LINE

SHOWN_PROBLEMS = 100            # problems listed on a page; a count says how many more


@dataclass(frozen=True)
class OneResult:
    """One workbook converted: what its page needs, kept (pickled) until its downloads expire."""
    analysis: Analysis
    comparison: Comparison | None
    name: str                                   # the uploaded file's name
    previous_name: str | None = None
    pdf_problem: ItaError | None = None         # why there is no PDF (no LibreOffice, or it failed)
    names: dict[str, str] = field(default_factory=dict)   # the server's paths -> the visitor's names


@dataclass(frozen=True)
class ManyResult:
    """Several workbooks consolidated; ``reports[n]``: whether row n has its own report to download."""
    consolidation: Consolidation
    reports: tuple[bool, ...]
    names: dict[str, str] = field(default_factory=dict)


def problem_lines(error: ItaError, lang: str, names: dict[str, str]) -> list[str]:
    """Every problem of ``error`` as the command line states it, one line each, with the files
    called as the visitor called them (the server's own paths never shown)."""
    problems = error.problems if isinstance(error, InputProblems) else [error]
    lines = [shown(problem.text(lang), names) for problem in problems[:SHOWN_PROBLEMS]]
    if len(problems) > SHOWN_PROBLEMS:
        lines.append(ItaError("problems_not_listed", count=len(problems) - SHOWN_PROBLEMS).text(lang))
    return lines


def shown(text: str, names: dict[str, str]) -> str:
    for path, name in sorted(names.items(), key=lambda item: -len(item[0])):
        text = text.replace(path, name)
    return text


def one_page(result: OneResult, lang: str) -> dict:
    """The single workbook's page: the agency, ITA and level, tools, indicators, findings, warnings."""
    analysis, edition = result.analysis, Edition(lang)
    framework, words = analysis.framework, edition.wording(False)
    agency = analysis.assessment.agency

    def score(value: float) -> str:
        return words.score(value, framework.decimals)

    def indicator(no: int) -> dict:
        found = analysis.indicator(no)
        return {"no": no, "name": edition.indicator_name(framework, no), "tool": found.tool,
                "score": score(found.score), "rank": found.rank, "passed": found.passed,
                "status": edition.status(found.passed)}
    level, verdict = edition.level_name(framework, analysis.level), edition.result(analysis.passed)
    return {
        "agency": agency.name, "agency_type": agency.type, "province": agency.province,
        "year": analysis.assessment.fiscal_year, "name": result.name,
        "ita": score(analysis.ita), "level": level, "result": verdict if verdict != level else "",
        "passed": analysis.passed, "target": words.number(f"{analysis.target:g}"),
        "tools": [{"code": tool.code, "name": edition.tool_name(framework, tool.code), "weight": f"{tool.weight:g}",
                   "score": score(tool.score), "passed": tool.passed, "status": edition.status(tool.passed)}
                  for tool in analysis.tools],
        "indicators": [indicator(i.no) for i in analysis.indicators],
        "strengths": [indicator(no) for no in analysis.strengths],
        "weaknesses": [indicator(no) for no in analysis.weaknesses],
        "weak_items": [{"code": w.code, "indicator": w.indicator, "score": score(w.score),
                        "text": edition.item_text(framework, w.code, w.text),
                        "recommendation": edition.item_recommendation(framework, w.code, w.recommendation)}
                       for w in analysis.weak_items],
        "warnings": warnings(result, edition),
        "pdf_problem": problem_lines(result.pdf_problem, lang, result.names) if result.pdf_problem else [],
        "chart": chart(analysis, edition, score),
    }


def warnings(result: OneResult, edition: Edition) -> list[str]:
    """What ``ita-xl convert`` warns of (the reader's notes, stated figures the scores contradict)
    and what ``convert`` warns of last year's file."""
    analysis, comparison = result.analysis, result.comparison
    lines = Validation(result.name, edition, analysis.assessment, (), analysis).convert_lines()
    if comparison and not comparison.same_agency:
        lines.append(edition.t("cli.other_agency", path=result.previous_name,
                               previous=comparison.previous.assessment.agency.name,
                               agency=analysis.assessment.agency.name))
    return lines


# the chart: the memo's (a bar per indicator, coloured by meeting the target, the target as a line)
WIDTH, HEIGHT, LEFT, RIGHT, TOP, BOTTOM = 720, 320, 56, 16, 16, 48
LABEL_INSIDE = 30               # a bar at least this high carries its score inside it


def chart(analysis: Analysis, edition: Edition, score) -> dict:
    """The memo's chart as shapes for an SVG drawing: bars, the target line, the axes' labels."""
    plot_width, plot_height = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_width / max(1, len(analysis.indicators))

    def y(value: float) -> float:
        return round(TOP + plot_height * (1 - value / 100), 1)
    bars = [{"x": round(LEFT + n * step + step * 0.15, 1), "width": round(step * 0.7, 1), "y": y(i.score),
             "height": round(plot_height * i.score / 100, 1), "centre": round(LEFT + n * step + step / 2, 1),
             "colour": BAR_PASSED if i.passed else BAR_BELOW, "label": score(i.score), "no": i.no,
             "name": edition.indicator_name(analysis.framework, i.no),
             "inside": i.score >= LABEL_INSIDE,      # as the memo's chart: on the bar, below the target line
             "label_y": y(i.score / 2) + 5 if i.score >= LABEL_INSIDE else y(i.score) - 6}
            for n, i in enumerate(analysis.indicators)]
    return {"width": WIDTH, "height": HEIGHT, "left": LEFT, "right": WIDTH - RIGHT, "top": TOP,
            "bottom": HEIGHT - BOTTOM, "bars": bars, "target": y(analysis.target), "target_colour": TARGET_LINE,
            "passed_colour": BAR_PASSED, "below_colour": BAR_BELOW,
            "ticks": [{"y": y(value), "label": value} for value in range(0, 101, 20)]}


def many_page(result: ManyResult, lang: str) -> dict:
    """Several workbooks: each agency's line, the files that could not be read and why, those left out."""
    consolidation, edition = result.consolidation, Edition(lang)
    rows = []
    for n, row in enumerate(consolidation.rows):
        framework = consolidation.framework(row.fiscal_year)
        level, verdict = edition.level_name(framework, row.level), edition.result(row.passed)
        rows.append({"n": n, "name": row.name, "province": row.province, "year": row.fiscal_year,
                     "ita": edition.wording(False).score(row.ita, framework.decimals), "level": level,
                     "result": verdict if verdict != level else "", "passed": row.passed, "source": row.source,
                     "report": result.reports[n] if n < len(result.reports) else False})
    return {
        "rows": rows,
        "passed": sum(row.passed for row in consolidation.rows),
        "failures": [{"source": f.source, "lines": problem_lines(f.error, lang, result.names)}
                     for f in consolidation.failures],
        "skipped": [{"source": s.source, "why": edition.t(f"batch.skipped_{s.kind}", same_as=s.same_as)}
                    for s in consolidation.skipped],
    }
