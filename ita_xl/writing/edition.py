"""Words for people, chosen at the edge: the one door through which every writer and message speaks.

The analysis speaks in codes (indicator numbers, tool codes, level codes, statuses). An
``Edition`` (language, digits, font) is chosen once, by the command line or the caller,
and passed to whatever writes; a ``Wording`` is an edition's voice on one sheet, in the
digits that sheet shows.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..analysis.scoring import judged
from ..catalogue import DEFAULT_LANGUAGE, t
from ..frameworks import Framework, Status
from ..model import AuditCheck, Improvement, ReadingNote
from ..thai import to_thai
from .styles import DEFAULT_FONT

STATUS_WORDS = {"passed": "report.passed", "below_target": "report.below"}


def score_text(score: float, decimals: int = 2) -> str:
    """A score as published: rounded half up, always with its decimals (``84.50``)."""
    return f"{judged(score, decimals):.{decimals}f}"


@dataclass(frozen=True)
class Edition:
    """What is written, and how it reads: ``language`` "th" or "en"; ``digits`` None (Thai in the
    memo, Arabic elsewhere; Arabic throughout an English edition), "thai" or "arabic"; ``font``."""
    language: str = DEFAULT_LANGUAGE
    digits: str | None = None
    font: str = DEFAULT_FONT

    def t(self, key: str, **values):
        return t(key, self.language, **values)

    def pick(self, thai: str, english: str) -> str:
        """Framework text in this edition's language: the English version when there is one."""
        return english if self.language == "en" and english else thai

    def thai_digits(self, memo: bool = False) -> bool:
        if self.digits is not None:
            return self.digits == "thai"
        return memo and self.language == "th"

    def wording(self, thai_digits: bool) -> Wording:
        return Wording(self, thai_digits)

    # -- names of the framework's parts -----------------------------------------------------
    def tool_name(self, framework: Framework, code: str) -> str:
        tool = framework.tool(code)
        return self.pick(tool.name_th, tool.name_en)

    def indicator_name(self, framework: Framework, no: int) -> str:
        indicator = framework.indicator(no)
        return self.pick(indicator.name_th, indicator.name_en)

    def level_name(self, framework: Framework, code: str) -> str:
        level = framework.level(code)
        return self.pick(level.name_th, level.name_en)

    def item_text(self, framework: Framework, code: str, given: str = "") -> str:
        """The item's wording: as the input gives it, else the framework's."""
        spec = framework.item(code)
        return given or (self.pick(spec.text, spec.text_en) if spec else "")

    def item_recommendation(self, framework: Framework, code: str, given: str = "") -> str:
        spec = framework.item(code)
        return given or (self.pick(spec.recommendation, spec.recommendation_en) if spec else "")

    # -- what a year's framework rests on ----------------------------------------------------
    def group_name(self, group: str) -> str:
        if group.startswith("items."):
            return self.t("framework.group.items", tool=group.split(".", 1)[1])
        return self.t(f"framework.group.{group}")

    def provenance(self, status: Status, brief: bool = False) -> str:
        note = self.pick(status.note, status.note_en)
        if status.kind == "published":
            source = self.pick(status.source, status.source_en)
            text = self.t("framework.published_source", source=source) if source and not brief \
                else self.t("framework.published")
        elif status.kind == "carried":
            text = self.t("framework.carried", year=status.origin)
        else:
            return self.t("framework.assumed", note=note or "-")
        return f"{text} ({note})" if note and not brief else text

    def provenance_lines(self, framework: Framework) -> list[str]:
        """One line per fact group of the year: what it rests on."""
        return [self.t("framework.line", group=self.group_name(group), status=self.provenance(status))
                for group, status in framework.status]

    def provenance_summary(self, framework: Framework) -> str:
        """The groups that rest on the same thing together, in one line: for ``ita-xl years``."""
        by_status: dict[str, list[str]] = {}
        for group, status in framework.status:
            by_status.setdefault(self.provenance(status, brief=True), []).append(self.group_name(group))
        return "  ·  ".join(f"{', '.join(groups)}: {status}" for status, groups in by_status.items())

    def level_system(self, framework: Framework) -> str:
        names = [self.pick(level.name_th, level.name_en) for level in framework.levels]
        if all(len(level.code) <= 2 for level in framework.levels):
            return self.t("framework.letters", first=names[0], last=names[-1])
        return self.t("framework.words", names=", ".join(names))

    def item_wording_source(self, framework: Framework, code: str, given: str = "") -> str:
        """Whose wording an item's text is: the input's, the NACC's, carried forward, or unverified."""
        if given:
            return self.t("framework.wording_input")
        spec = framework.item(code)
        status = framework.status_of(f"items.{framework.tool(framework.indicator(spec.indicator).tool).code}") \
            if spec else None
        if spec is None or spec.assumed:
            return self.t("framework.wording_assumed")
        if status and status.kind == "carried":
            return self.t("framework.wording_carried", year=status.origin)
        return self.t("framework.wording_framework")

    def wording_is_assumed(self, framework: Framework, code: str, given: str = "") -> bool:
        """Whether an item's wording, as shown, may not be the NACC's (so it must be marked)."""
        if given:
            return False
        spec = framework.item(code)
        if spec is None or spec.assumed:
            return True
        return framework.status_of(f"items.{framework.indicator(spec.indicator).tool}").kind != "published"

    def status(self, passed: bool) -> str:
        return self.t("report.passed" if passed else "report.below")

    def result(self, passed: bool) -> str:
        return self.t("report.ita_passed" if passed else "report.ita_failed")

    def note(self, note: ReadingNote, path: str) -> str:
        return f"{path}: {note.sheet}!{note.cell}: {self.t(f'note.{note.key}', **note.values)}"


@dataclass(frozen=True)
class Wording:
    """An edition's voice on one sheet: its text in the digits that sheet shows."""
    edition: Edition
    thai_digits: bool

    def t(self, key: str, **values):
        return self.edition.t(key, **values)

    def prose(self, text: str) -> str:
        """Text written by ita_xl, in the digits asked for (text from the input is left as typed)."""
        return to_thai(text) if self.thai_digits else text

    def say(self, key: str, **values) -> str:
        """A catalogue sentence in the sheet's digits: its own text and the numbers given are
        converted, text values (names and paths from the input) are left as typed."""
        template = self.prose(self.t(key))
        if not values:
            return template
        return template.format(**{name: self.prose(f"{value:g}") if isinstance(value, (int, float))
                                  and not isinstance(value, bool) else value for name, value in values.items()})

    def number(self, value) -> str:
        return self.prose(str(value))

    def score(self, value: float, decimals: int = 2) -> str:
        return self.prose(score_text(value, decimals))

    # -- the audit and what moves the score --------------------------------------------------
    def check_label(self, check: AuditCheck) -> str:
        return self.t(f"report.check_{check.check}", subject=check.subject)

    def check_values(self, check: AuditCheck, framework: Framework) -> tuple:
        """A check's stated and computed values as shown: numbers stay numbers, a status becomes its
        word, the computed level its name (a level code such as "passed" is not a status)."""
        if check.check == "status":
            return self.t(STATUS_WORDS[check.stated]), self.t(STATUS_WORDS[check.computed])
        if check.check == "level":
            return check.stated, self.edition.level_name(framework, check.computed)
        return check.stated, check.computed

    def verdict(self, check: AuditCheck) -> str:
        return self.t("report.verdict_match" if check.matches else "report.verdict_mismatch")

    def improvement_label(self, improvement: Improvement, framework: Framework) -> str:
        if improvement.kind == "item":
            return self.t("report.uplift_item", code=improvement.code,
                          text=self.edition.item_text(framework, improvement.code))
        return self.t("report.uplift_points", no=improvement.indicator,
                      name=self.edition.indicator_name(framework, improvement.indicator))

    def unit_label(self, improvement: Improvement) -> str:
        return self.t("report.unit_item" if improvement.kind == "item" else "report.unit_point")

    def trend_label(self, trend: str | None) -> str:
        return self.t(f"report.trend_{trend or 'none'}")
