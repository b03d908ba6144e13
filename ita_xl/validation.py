"""Checking an input without writing anything: every problem, and every warning (stated figures the
scores contradict, and what the reader noticed, such as a score typed as a fraction or an item's
wording the template carries forward from an earlier year)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .analysis.audit import mismatches
from .errors import InputError
from .frameworks import Framework
from .model import Analysis, Assessment, AuditCheck, ReadingNote
from .writing.edition import Edition

STATED = ("tool", "ita", "level")     # checks of a figure the memo states: its warning names the memo's


@dataclass(frozen=True)
class Validation:
    source: str
    edition: Edition
    assessment: Assessment | None
    problems: tuple[InputError, ...]
    analysis: Analysis | None = None

    @property
    def mismatches(self) -> tuple[AuditCheck, ...]:
        return mismatches(self.analysis) if self.analysis else ()

    @property
    def notes(self) -> tuple[ReadingNote, ...]:
        return self.assessment.notes if self.assessment else ()

    @property
    def warnings(self) -> tuple:
        return self.notes + self.mismatches

    def _mismatch_line(self, check: AuditCheck) -> str:
        """A stated figure the scores contradict, located to its cell, saying what the memo states."""
        words = self.edition.wording(False)
        stated, computed = words.check_values(check, self.analysis.framework)
        stated, computed = (f"{v:.2f}" if isinstance(v, float) else v for v in (stated, computed))
        if check.check not in STATED:
            return self.edition.t("cli.warning", path=self.source, check=words.check_label(check), stated=stated,
                                  computed=computed)
        cell = self.assessment.stated.cells.get("level" if check.check == "level" else check.subject)
        place = f"{cell}: " if cell else ""
        difference = self.edition.t("cli.warning_difference", difference=f"{abs(check.difference):.2f}") \
            if check.difference is not None else ""
        return self.edition.t("cli.warning_stated", path=self.source, place=place, check=words.check_label(check),
                              stated=stated, computed=computed, difference=difference)

    def note_lines(self) -> list[str]:
        return [self.edition.t("cli.note", text=self.edition.note(note, self.source)) for note in self.notes]

    def lines(self) -> list[str]:
        """What ``validate`` prints: each problem, else each warning, one line each."""
        if self.problems:
            return [problem.text(self.edition.language) for problem in self.problems]
        return self.note_lines() + [self._mismatch_line(check) for check in self.mismatches]

    def convert_lines(self) -> list[str]:
        """What ``convert`` says after writing: what the reader noticed, and each stated figure
        (tool score, ITA, level) the scores contradict, with the figure the memo states instead."""
        return self.note_lines() + [self._mismatch_line(c) for c in self.mismatches if c.check in STATED]

    def to_json(self) -> dict:
        lang = self.edition.language
        return {
            "source": self.source,
            "valid": not self.problems,
            "problems": [{"sheet": p.sheet, "cell": p.cell, "code": p.key, "text": p.message(lang)}
                         for p in self.problems],
            "warnings": [{"sheet": n.sheet, "cell": n.cell, "code": n.key,
                          "text": self.edition.t(f"note.{n.key}", **n.values)} for n in self.notes]
            + [{"check": c.check, "subject": c.subject, "stated": c.stated, "computed": c.computed,
                "difference": c.difference, "text": self._mismatch_line(c)} for c in self.mismatches],
            "agency": None if self.assessment is None else self.assessment.agency.name,
            "fiscal_year": None if self.assessment is None else self.assessment.fiscal_year,
        }


def validate(source: str | Path, framework: Framework | None = None, edition: Edition = Edition(),
             engine: str = "fast") -> Validation:
    """Every problem of ``source``, or its warnings when it reads."""
    from .analysis import analyse
    from .reading.assessment import inspect
    assessment, problems = inspect(source, framework, engine)
    analysis = analyse(assessment) if assessment is not None else None
    return Validation(str(source), edition, assessment, tuple(problems), analysis)


def checked(analysis: Analysis, edition: Edition = Edition()) -> Validation:
    """The warnings of an analysis already made (``convert``'s): nothing is read again."""
    return Validation(analysis.assessment.source, edition, analysis.assessment, (), analysis)
