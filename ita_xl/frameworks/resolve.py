"""The one door for the year: which framework a run uses, from everything the user gave.

The year can arrive four ways: the agency sheet's fiscal-year cell (the year the scores are of),
``--year`` (``template``, ``framework``), a ``--framework`` file (one, or one per year in a batch)
and the year ``ita-xl template`` wrote into the template's properties. ``resolve_framework`` is
the only place that weighs them; reading, conversion, validation, the batch and the
consolidation all come through it.
"""
from __future__ import annotations

from collections.abc import Mapping

from ..errors import FrameworkError
from . import Framework, load_framework, supported_years

Given = Framework | Mapping[int, Framework] | None


def resolve_framework(year: int | None = None, given: Given = None, template_year: int | None = None) -> Framework:
    """The framework of the run. One precedence:

    1. the year: ``year`` (the agency sheet's cell, or ``--year``), else the year of the one
       framework ``given``, else the latest built-in year;
    2. the framework of that year: the one ``given`` for it (``--framework``), else the built-in one.

    Every other source that names a year must name the same one: a framework given for another
    year (``framework_year``) and a template made for another year (``template_year``) are
    refused, as is a year with no framework (``unknown_year``), each as a ``FrameworkError`` whose
    values fill its message.
    """
    if isinstance(given, Mapping):
        given = given.get(year) if year is not None else None
    if year is None:
        year = given.fiscal_year if given is not None else supported_years()[-1]
    if given is not None and given.fiscal_year != year:
        raise FrameworkError("framework_year", year=year, framework=given.fiscal_year)
    framework = given or load_framework(year)
    if template_year and template_year != year:
        raise FrameworkError("template_year", template=template_year, year=year)
    return framework
