"""What a year's framework rests on, as data for other programs (``--json``)."""
from __future__ import annotations

from . import Framework


def describe(framework: Framework, edition) -> dict:
    """The year, its level system and the status of each fact group, with the words for people."""
    return {
        "fiscal_year": framework.fiscal_year,
        "levels": [level.code for level in framework.levels],
        "level_system": edition.level_system(framework),
        "status": {group: {"kind": status.kind, "source": status.source or None, "from": status.origin,
                           "note": status.note or None, "text": edition.provenance(status)}
                   for group, status in framework.status},
    }
