"""Fiscal-year frameworks: tools, indicators, weights, levels and items, read from data files.

Each year is one TOML file in this folder (``fy2565.toml``); a user can pass a
file of their own to override unverified facts. Nothing else in ita_xl holds a
weight, a level band or an item list.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

from ..errors import FrameworkError
from . import merge


@dataclass(frozen=True)
class Tool:
    code: str
    weight: float
    name_th: str
    name_en: str
    item_scale: str = "score"   # "score": items are means 0-100; "met": items are met (100) or not (0)
    purpose_th: str = ""        # what the tool measures, one clause for the memo
    purpose_en: str = ""


@dataclass(frozen=True)
class Indicator:
    no: int
    tool: str
    name_th: str
    name_en: str
    about_th: str = ""          # what the indicator measures, a paragraph for the memo
    about_en: str = ""


@dataclass(frozen=True)
class Level:
    """A level band: reached when the ITA is at least ``min`` and every tool at least ``tools_min``.
    ``code`` names it in results (``A``, ``passed``); the names are for people."""
    code: str
    name_th: str
    name_en: str
    min: float
    tools_min: float | None = None


@dataclass(frozen=True)
class ItemSpec:
    code: str
    indicator: int
    text: str                   # "" where the item's wording is not known (the clerk types it)
    recommendation: str
    text_en: str = ""
    recommendation_en: str = ""
    assumed: bool = False       # the wording is ours, not the NACC's (``unverified = true`` in the file)


@dataclass(frozen=True)
class Group:
    """An OIT sub-indicator: scores the share of its items that are met."""
    code: str
    indicator: int
    name_th: str
    items: tuple[str, ...]


@dataclass(frozen=True)
class National:
    """The year's published national results, for comparison; any figure may be unknown."""
    agencies: int | None = None
    mean: float | None = None
    passed: int | None = None
    pass_rate: float | None = None


@dataclass(frozen=True)
class Status:
    """What a fact group of a year rests on: ``kind`` "published" (with its ``source``), "carried"
    (forward from the year ``origin``, where it was published) or "assumed" (``note`` says why)."""
    kind: str
    source: str = ""
    origin: int | None = None
    note: str = ""
    source_en: str = ""
    note_en: str = ""

    @classmethod
    def of(cls, data: dict) -> Status:
        kind = data.get("kind", "assumed")
        if kind not in ("published", "carried", "assumed"):
            raise ValueError(f"status kind must be published, carried or assumed, not {kind!r}")
        return cls(kind, data.get("source", ""), data.get("from"), data.get("note", ""), data.get("source_en", ""),
                   data.get("note_en", ""))


@dataclass(frozen=True)
class Framework:
    fiscal_year: int
    target: float
    decimals: int
    tools: tuple[Tool, ...]
    indicators: tuple[Indicator, ...]
    levels: tuple[Level, ...]
    items: tuple[ItemSpec, ...] = ()
    groups: tuple[Group, ...] = ()
    national: National = National()
    status: tuple[tuple[str, Status], ...] = ()      # ("tools", ...), ("items.IIT", ...) ...
    extends: int | None = None                       # the year this file was written as a change of

    def status_of(self, group: str) -> Status:
        found = self._index["status"].get(group)
        return found if found is not None else Status("assumed", note="no status given")

    def pinned(self, tool: str) -> bool:
        """Whether the year's item list of ``tool`` is published: its codes are the only ones, checked
        strictly. Otherwise the list is a starting point the clerk may overwrite or extend."""
        return self.status_of(f"items.{tool}").kind == "published"

    @cached_property
    def _index(self) -> dict:
        """Lookups by code and number, built once (a province reads thousands of files per framework)."""
        return {
            "tool": {tool.code: tool for tool in self.tools},
            "indicator": {indicator.no: indicator for indicator in self.indicators},
            "indicators_of": {tool.code: tuple(i for i in self.indicators if i.tool == tool.code)
                              for tool in self.tools},
            "item": {item.code: item for item in self.items},
            "items_of": {i.no: tuple(item for item in self.items if item.indicator == i.no)
                         for i in self.indicators},
            "groups_of": {i.no: tuple(g for g in self.groups if g.indicator == i.no) for i in self.indicators},
            "level": {level.code: level for level in self.levels},
            "status": dict(self.status),
        }

    def tool(self, code: str) -> Tool:
        return self._index["tool"][code]

    def indicator(self, no: int) -> Indicator:
        return self._index["indicator"][no]

    def indicators_of(self, tool: str) -> tuple[Indicator, ...]:
        return self._index["indicators_of"].get(tool, ())

    def item(self, code: str) -> ItemSpec | None:
        return self._index["item"].get(code)

    def items_of(self, indicator: int) -> tuple[ItemSpec, ...]:
        return self._index["items_of"].get(indicator, ())

    def groups_of(self, indicator: int) -> tuple[Group, ...]:
        return self._index["groups_of"].get(indicator, ())

    def level(self, code: str) -> Level:
        return self._index["level"][code]

    def is_binary(self, code: str) -> bool:
        """Whether the item is met (100) or not met (0), as OIT items are."""
        item = self.item(code)
        return item is not None and self.met_scale(item.indicator)

    def met_scale(self, no: int) -> bool:
        """Whether the items of indicator ``no`` are met (100) or not met (0), as OIT items are."""
        return self.tool(self.indicator(no).tool).item_scale == "met"

    def computable_from_items(self, no: int) -> bool:
        """An indicator can be computed from its items when its tool's item list is published and,
        for met/not-met items, grouped into sub-indicators (their shares are averaged, not the items)."""
        if not self.items_of(no) or not self.pinned(self.indicator(no).tool):
            return False
        return not self.met_scale(no) or bool(self.groups_of(no))

    def tools_without_items(self) -> tuple[str, ...]:
        """Tools this year's data lists no items for: their item-level analysis is unavailable."""
        return tuple(tool.code for tool in self.tools
                     if not any(self.items_of(i.no) for i in self.indicators_of(tool.code)))


def supported_years() -> tuple[int, ...]:
    """The years with a framework file (``fy<year>.toml`` here), listed by ``ita_xl.framework_years``:
    the command line asks it for its options without loading this module."""
    from ..framework_years import supported_years as listed
    return listed()


@cache
def _raw(year: int) -> dict:
    import tomllib
    with open(os.path.join(os.path.dirname(__file__), f"fy{year}.toml"), encoding="utf-8") as file:
        return tomllib.loads(file.read())


@cache
def load_framework(year: int) -> Framework:
    """The built-in framework of fiscal ``year`` (Buddhist era)."""
    if year not in supported_years():
        raise FrameworkError("unknown_year", year=year, years=_year_list())
    return _framework(_raw(year), f"fy{year}.toml")


def read_framework(path: str | Path) -> Framework:
    """A framework from a user's own TOML file: whole, or ``extends = <year>`` of a built-in one."""
    try:
        text = Path(path).read_text("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise FrameworkError("framework_unreadable", path=path, reason=error) from None
    return parse_framework(text, str(path))


def parse_framework(text: str, source: str) -> Framework:
    import tomllib
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise FrameworkError("framework_invalid", source=source, reason=error) from None
    return _framework(data, source)


def _framework(data: dict, source: str) -> Framework:
    try:
        resolved, status = _resolve(data, source)
        framework = _build(resolved, status, data.get("extends"))
    except FrameworkError:
        raise
    except (KeyError, TypeError, ValueError) as error:
        raise FrameworkError("framework_invalid", source=source, reason=error) from None
    _check(framework, source)
    return framework


def _resolve(data: dict, source: str) -> tuple[dict, dict[str, dict]]:
    """The whole data of a file (its parents merged in) and the status of each fact group."""
    if "extends" not in data:
        return data, merge.own_status(data, _groups(data))
    parent_year = int(data["extends"])
    if parent_year not in supported_years():
        raise FrameworkError("framework_invalid", source=source,
                             reason=f"extends {parent_year}, which is not a built-in year ({_year_list()})")
    parent, parent_status = _resolve(_raw(parent_year), f"fy{parent_year}.toml")
    merged = merge.merge(parent, data)
    tool_of = {i["no"]: i["tool"] for i in merged["indicators"]}
    restated = merge.changed_groups(data, tool_of)
    unsaid = sorted(group for group in restated if group not in merge._flatten(data.get("status", {})))
    if unsaid:
        raise FrameworkError("framework_invalid", source=source,
                             reason=f"it changes {', '.join(unsaid)} without saying what that rests on ([status])")
    return merged, merge.inherit_status(parent_status, parent_year, data, _groups(merged))


def _groups(data: dict) -> list[str]:
    return list(merge.GROUPS) + [f"items.{tool['code']}" for tool in data.get("tools", ())]


def _build(data: dict, status: dict[str, dict], extends: int | None = None) -> Framework:
    return Framework(
        fiscal_year=int(data["fiscal_year"]),
        target=float(data["target"]),
        decimals=int(data["decimals"]),
        tools=tuple(Tool(d["code"], float(d["weight"]), d["name_th"], d["name_en"],
                         d.get("item_scale", "score"), d.get("purpose_th", ""), d.get("purpose_en", ""))
                    for d in data["tools"]),
        indicators=tuple(Indicator(int(d["no"]), d["tool"], d["name_th"], d["name_en"],
                                   d.get("about_th", ""), d.get("about_en", ""))
                         for d in data["indicators"]),
        levels=tuple(Level(str(d["code"]), d["name_th"], d["name_en"], float(d["min"]),
                           None if d.get("tools_min") is None else float(d["tools_min"]))
                     for d in data["levels"]),
        items=tuple(ItemSpec(d["code"], int(d["indicator"]), d.get("text", ""), d["recommendation"],
                             d.get("text_en", ""), d.get("recommendation_en", ""), bool(d.get("unverified")))
                    for d in data.get("items", ())),
        groups=tuple(Group(d["code"], int(d["indicator"]), d["name_th"], tuple(d["items"]))
                     for d in data.get("groups", ())),
        national=National(**{key: value for key, value in data.get("national", {}).items()
                             if key in ("agencies", "mean", "passed", "pass_rate")}),
        status=tuple((group, Status.of(entry)) for group, entry in status.items()),
        extends=extends,
    )


def _check(framework: Framework, source: str) -> None:
    """Refuse a framework whose parts do not fit together, naming the first misfit."""
    tool_codes = {tool.code for tool in framework.tools}
    numbers = [indicator.no for indicator in framework.indicators]
    item_codes = [item.code for item in framework.items]
    problems = []
    if abs(sum(tool.weight for tool in framework.tools) - 100) > 1e-9:
        problems.append("tool weights must add up to 100")
    if len(set(numbers)) != len(numbers):
        problems.append("indicator numbers must be unique")
    problems += [f"indicator {i.no}: unknown tool {i.tool}" for i in framework.indicators
                 if i.tool not in tool_codes]
    problems += [f"tool {code} has no indicator" for code in tool_codes
                 if not framework.indicators_of(code)]
    problems += [f"tool {tool.code}: item_scale must be score or met" for tool in framework.tools
                 if tool.item_scale not in ("score", "met")]
    if len(set(item_codes)) != len(item_codes):
        problems.append("item codes must be unique")
    problems += [f"item {item.code}: unknown indicator {item.indicator}"
                 for item in framework.items if item.indicator not in numbers]
    problems += [f"group {group.code}: unknown item {code}" for group in framework.groups
                 for code in group.items if code not in item_codes]
    if not framework.levels or framework.levels[-1].min != 0:
        problems.append("the last level must start at 0")
    codes = [level.code for level in framework.levels]
    if len(set(codes)) != len(codes):
        problems.append("level codes must be unique")
    if problems:
        raise FrameworkError("framework_invalid", source=source, reason="; ".join(problems))


def _year_list() -> str:
    return ", ".join(str(year) for year in supported_years())
