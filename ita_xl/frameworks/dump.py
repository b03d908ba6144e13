"""A year's effective framework written out whole, as an editable TOML file with every field explained.

This is how a clerk or a provincial office adds a year the NACC has just published without
waiting for a release: ``ita-xl framework --year 2570 > fy2571.toml``, edit, and pass
``--framework fy2571.toml`` to every command.
"""
from __future__ import annotations

from . import Framework, Status

HEADER = """\
# ITA framework of fiscal year {year}, written whole by `ita-xl framework --year {source_year}`.
# Edit it for a new year (change fiscal_year first), then pass it to every command:
#   ita-xl template OUT.xlsx --framework THIS.toml   ita-xl convert --framework THIS.toml ...
# Each [status.<group>] says what that group rests on: kind = "published" (give its source),
# "carried" (forward from the year `from`) or "assumed" (say why in `note`). Say so honestly:
# the template, the report and --json show it.
"""


def _number(value: int | float) -> str:
    """Exactly the number, read back the same (``:g`` keeps six digits: a weight of 100/3 would not)."""
    return str(int(value)) if isinstance(value, float) and value.is_integer() else repr(value)


def _value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return _number(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    text = str(value).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{text}"'


def _table(name: str, fields: list[tuple[str, object, str]], array: bool = True) -> str:
    """One ``[[name]]`` (or ``[name]``) table; ``fields`` are (key, value, comment), empty values left out."""
    lines = [f"[[{name}]]" if array else f"[{name}]"]
    for key, value, comment in fields:
        if value is None or value == "" or value is False:
            continue
        lines.append(f"{key} = {_value(value)}" + (f"   # {comment}" if comment else ""))
    return "\n".join(lines)


def _status(group: str, status: Status) -> str:
    name = f"status.items.{group.split('.', 1)[1]}" if group.startswith("items.") else f"status.{group}"
    return _table(name, [("kind", status.kind, ""), ("from", status.origin, ""), ("source", status.source, ""),
                         ("source_en", status.source_en, ""), ("note", status.note, ""),
                         ("note_en", status.note_en, "")], array=False)


def dump_framework(framework: Framework, source_year: int | None = None) -> str:
    """The whole framework as TOML text (no ``extends``), comments on each field."""
    year = framework.fiscal_year
    national = framework.national
    parts = [HEADER.format(year=year, source_year=source_year or year),
             f"fiscal_year = {year}   # Buddhist era\n"
             f"target = {_number(framework.target)}   # the target (เกณฑ์เป้าหมาย) of every score\n"
             f"decimals = {framework.decimals}   # decimals scores are published, compared and ranked at",
             _table("national", [("agencies", national.agencies, "agencies assessed"),
                                 ("mean", national.mean, "national mean ITA"),
                                 ("passed", national.passed, "agencies at or above the target"),
                                 ("pass_rate", national.pass_rate, "per cent")], array=False)]
    parts += [_table("tools", [("code", t.code, ""), ("weight", t.weight, "per cent of the ITA; all add up to 100"),
                               ("item_scale", t.item_scale, "score: items are means 0-100; met: 100 or 0"),
                               ("name_th", t.name_th, ""), ("name_en", t.name_en, ""),
                               ("purpose_th", t.purpose_th, "what it measures, a clause for the memo"),
                               ("purpose_en", t.purpose_en, "")]) for t in framework.tools]
    parts += [_table("indicators", [("no", i.no, ""), ("tool", i.tool, "a tool's score is the mean of its indicators"),
                                    ("name_th", i.name_th, ""), ("name_en", i.name_en, ""),
                                    ("about_th", i.about_th, "what it measures, for the memo"),
                                    ("about_en", i.about_en, "")]) for i in framework.indicators]
    parts.append("# Levels, best first: the first whose `min` the ITA reaches, and whose `tools_min` (if any)\n"
                 "# every tool reaches, is the level. The last must start at 0.")
    parts += [_table("levels", [("code", level.code, "how results name it"), ("name_th", level.name_th, ""),
                                ("name_en", level.name_en, ""), ("min", level.min, ""),
                                ("tools_min", level.tools_min, "")]) for level in framework.levels]
    parts.append("# Items: code, indicator, wording, and the recommendation used when the input gives none.\n"
                 "# `unverified = true`: the wording is not the NACC's.")
    parts += [_table("items", [("code", item.code, ""), ("indicator", item.indicator, ""), ("text", item.text, ""),
                               ("recommendation", item.recommendation, ""), ("text_en", item.text_en, ""),
                               ("recommendation_en", item.recommendation_en, ""), ("unverified", item.assumed, "")])
              for item in framework.items]
    if framework.groups:
        parts.append("# OIT sub-indicators: each scores the share of its items met; the indicator is their mean.")
    parts += [_table("groups", [("code", g.code, ""), ("indicator", g.indicator, ""), ("name_th", g.name_th, ""),
                                ("items", list(g.items), "")]) for g in framework.groups]
    parts += [_status(group, status) for group, status in framework.status]
    return "\n\n".join(parts) + "\n"
