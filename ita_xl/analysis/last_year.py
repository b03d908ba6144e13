"""This year's agencies beside last year's (``batch --previous``): pure matching, no files.

An agency is matched by its name and province as the reader compares text (``thai.squeezed``:
Unicode NFC, sara am joined, no spaces, no case) and by year: this year's row of fiscal year Y
with last year's row of Y - 1. A name that two agencies share on either side is not matched at
all: nothing is guessed, and every agency without a match is listed.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import cached_property

from ..errors import InputError, InputProblems
from ..frameworks import Framework
from ..frameworks.resolve import resolve_framework
from ..model import Change
from ..thai import squeezed
from .comparison import _change
from .consolidation import AgencyRow, YearSummary, in_thai_order, summarise_years


@dataclass(frozen=True)
class Match:
    """One agency this year and last year: ``change`` is the ITA's (unrounded; its ``trend`` as published)."""
    current: AgencyRow
    previous: AgencyRow
    change: Change

    @property
    def fell_below(self) -> bool:
        """At or above target last year, below it this year."""
        return self.previous.passed and not self.current.passed

    @property
    def rose_above(self) -> bool:
        return self.current.passed and not self.previous.passed


@dataclass(frozen=True)
class Unmatched:
    """An agency found in one year only; ``reason`` "absent" (no such name and province in the
    other year) or "ambiguous" (two agencies of that year share the name and province)."""
    row: AgencyRow
    reason: str


@dataclass(frozen=True)
class LastYear:
    source: str                                  # last year's consolidated workbook
    matches: tuple[Match, ...]                   # Thai order of this year's agencies
    new: tuple[Unmatched, ...]                   # this year's agencies with no match last year
    gone: tuple[Unmatched, ...]                  # last year's agencies with no match this year
    summaries: tuple[YearSummary, ...]           # last year's figures: count, mean, pass rate, levels

    @property
    def fell_below(self) -> tuple[Match, ...]:
        return tuple(match for match in self.matches if match.fell_below)

    @property
    def rose_above(self) -> tuple[Match, ...]:
        return tuple(match for match in self.matches if match.rose_above)

    def summary(self, year: int) -> YearSummary | None:
        """Last year's figures beside this year's ``year`` (those of ``year - 1``)."""
        return next((s for s in self.summaries if s.fiscal_year == year - 1), None)

    def match(self, row: AgencyRow) -> Match | None:
        return self._by_source.get(row.source)

    @cached_property
    def _by_source(self) -> dict[str, Match]:
        return {match.current.source: match for match in self.matches}

    def agency_json(self, row: AgencyRow) -> dict | None:
        match = self.match(row)
        if match is None:
            return None
        before = match.previous
        return {"fiscal_year": before.fiscal_year, "ita": before.ita, "level": before.level,
                "passed": before.passed, "change": match.change.change, "trend": match.change.trend}

    def to_json(self) -> dict:
        def listed(items):
            return [{"name": u.row.name, "province": u.row.province, "fiscal_year": u.row.fiscal_year,
                     "ita": u.row.ita, "reason": u.reason} for u in items]

        def moved(matches):
            return [{"name": m.current.name, "province": m.current.province, "ita": m.current.ita,
                     "previous_ita": m.previous.ita, "change": m.change.change} for m in matches]
        return {"source": self.source, "years": [summary.to_json() for summary in self.summaries],
                "matched": len(self.matches), "fell_below": moved(self.fell_below),
                "rose_above": moved(self.rose_above),
                "unmatched": {"this_year": listed(self.new), "last_year": listed(self.gone)}}


def _key(row: AgencyRow) -> tuple[str, str, int]:
    return squeezed(row.name), squeezed(row.province), row.fiscal_year


def match_last_year(rows: tuple[AgencyRow, ...], before: tuple[AgencyRow, ...], source: str,
                    target: float | None = None, frameworks: dict[int, Framework] | None = None) -> LastYear:
    """This year's ``rows`` matched to last year's ``before`` (read from ``source``).

    Raises ``InputProblems`` when last year's workbook holds none of the years before this
    year's: it is not last year's.
    """
    wanted = {row.fiscal_year - 1 for row in rows}
    before = in_thai_order(row for row in before if row.fiscal_year in wanted)
    if rows and not before:
        years = sorted({row.fiscal_year for row in rows})
        raise InputProblems([InputError(source, "previous_consolidated_year", expected=years[0] - 1,
                                        current=years[0])])
    now_count = Counter(_key(row) for row in rows)
    then_count = Counter(_key(row) for row in before)
    then = {_key(row): row for row in before}
    frameworks = frameworks or {}
    matches, new = [], []
    for row in rows:
        key = _key(row)
        earlier = (key[0], key[1], key[2] - 1)
        if now_count[key] > 1 or then_count[earlier] > 1:
            new.append(Unmatched(row, "ambiguous"))
        elif earlier in then:
            decimals = resolve_framework(row.fiscal_year, frameworks).decimals
            matches.append(Match(row, then[earlier], _change("ita", "ITA", row.ita, then[earlier].ita, decimals)))
        else:
            new.append(Unmatched(row, "absent"))
    found = {_key(m.previous) for m in matches}
    gone = [Unmatched(row, "ambiguous" if then_count[_key(row)] > 1 or
                      now_count[(*_key(row)[:2], row.fiscal_year + 1)] > 1 else "absent")
            for row in before if _key(row) not in found]
    return LastYear(source, tuple(matches), tuple(new), tuple(gone), summarise_years(before, target, frameworks))
