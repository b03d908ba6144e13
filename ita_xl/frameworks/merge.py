"""A framework file that ``extends`` another states only what differs; this makes it whole.

What a child inherits and how:
- ``target`` and ``decimals``: unless the child gives its own;
- ``[[tools]]`` by code and ``[[indicators]]`` by number: the child's fields patch the parent's;
- ``[[levels]]``: the child's list, when it has one, replaces the parent's;
- ``[[items]]`` by code: patched or added; ``replace_items = ["OIT"]`` first drops the parent's
  items of those tools; ``replace_groups = [9, 10]`` drops the parent's sub-indicators of
  those indicators (the child may give new ones);
- ``[national]``: never: a year's national results are its own.

And what each fact group rests on (``[status.<group>]``): a group the child does not restate
is "carried forward" from the year its data was published; a group the child changes must say
its status.
"""
from __future__ import annotations

import copy

GROUPS = ("tools", "indicators", "levels")       # and "items.<TOOL>" for each tool


def merge(parent: dict, child: dict) -> dict:
    """The child's data over its parent's (both as read from TOML)."""
    merged = copy.deepcopy(parent)
    merged.pop("national", None)
    for key in ("fiscal_year", "target", "decimals", "national"):
        if key in child:
            merged[key] = child[key]
    merged["tools"] = _patch(merged.get("tools", []), child.get("tools", []), "code")
    merged["indicators"] = _patch(merged.get("indicators", []), child.get("indicators", []), "no")
    if "levels" in child:
        merged["levels"] = copy.deepcopy(child["levels"])
    tool_of = {i["no"]: i["tool"] for i in merged["indicators"]}
    dropped = set(child.get("replace_items", ()))
    items = [i for i in merged.get("items", []) if tool_of.get(i["indicator"]) not in dropped]
    merged["items"] = _patch(items, child.get("items", []), "code")
    groups = [g for g in merged.get("groups", []) if g["indicator"] not in set(child.get("replace_groups", ()))]
    merged["groups"] = groups + copy.deepcopy(child.get("groups", []))
    merged["status"] = child.get("status", {})
    return merged


def _patch(rows: list[dict], changes: list[dict], key: str) -> list[dict]:
    by_key = {row[key]: dict(row) for row in rows}
    for change in changes:
        by_key[change[key]] = by_key.get(change[key], {}) | change
    return list(by_key.values())


def changed_groups(child: dict, tool_of: dict[int, str]) -> set[str]:
    """The fact groups whose data the child restates."""
    found = set()
    if child.get("tools"):
        found.add("tools")
    if child.get("indicators"):
        found.add("indicators")
    if "levels" in child:
        found.add("levels")
    for tool in child.get("replace_items", ()):
        found.add(f"items.{tool}")
    for item in child.get("items", ()):
        found.add(f"items.{tool_of.get(item['indicator'], '?')}")
    for no in list(child.get("replace_groups", ())) + [g["indicator"] for g in child.get("groups", ())]:
        found.add(f"items.{tool_of.get(no, '?')}")
    return found


def inherit_status(parent: dict[str, dict], parent_year: int, child: dict, groups: list[str]) -> dict[str, dict]:
    """Each group's status in the child: its own where it says one, else carried forward from the
    year the parent's data was published (or still assumed, if the parent's was)."""
    stated = _flatten(child.get("status", {}))
    found = {}
    for group in groups:
        if group in stated:
            found[group] = stated[group]
            continue
        before = parent.get(group, {"kind": "assumed"})
        if before.get("kind") == "published":
            found[group] = {"kind": "carried", "from": parent_year}
        else:
            found[group] = dict(before)
    return found


def _flatten(status: dict) -> dict[str, dict]:
    """``{"items": {"IIT": {...}}}`` as ``{"items.IIT": {...}}``."""
    flat = {}
    for key, value in status.items():
        if key == "items":
            flat |= {f"items.{tool}": entry for tool, entry in value.items()}
        else:
            flat[key] = value
    return flat


def own_status(data: dict, groups: list[str]) -> dict[str, dict]:
    """A whole framework's status: every group must say it (a missing one is assumed)."""
    stated = _flatten(data.get("status", {}))
    return {group: stated.get(group, {"kind": "assumed", "note": "no status given"}) for group in groups}
