"""Drafting: node + year → Notice.

The rules engine decides *which* elements a notice needs (``rules/content.yaml``, fired by
durable-rules over the facts of the node and year, chaining through ``needs``); each element's
builder (``generator/elements/``, one per ``sets:`` value, beside its lint checker) knows *how*
to build it from the facts in the profiles. Facts come from the node's edition for the year,
else the node's standing ``defaults``, else the rule's wording; a fact nobody gives becomes a
placeholder token and a ``PlaceholderNote``, never a guess.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from . import PROFILES_DIR, RULES_DIR
from .catalogue import fire
from .context import directive_flags, profile_facts
from .elements import BUILDERS, Draft
from .elements.base import AREA, day_label
from .elements.status import classify_dates
from .errors import NoticeError
from .model import PLACEHOLDER_RE, Notice, PlaceholderNote
from .profiles import Node
from .rules import Facts
from .tree_cache import load_tree

__all__ = ["AREA", "BUILDERS", "Draft", "build_notice", "context_for", "day_label", "directive_flags", "load_tree"]


# ---------------------------------------------------------------- the entry point


def context_for(node: Node, year: int, edition: dict[str, Any], input_kind: str = "model") -> Facts:
    """The rules' view of a node and year (``context.profile_facts``)."""
    return profile_facts(node, year, edition, input_kind)


def build_notice(profile_ref: str, year: int, root: Path | str = PROFILES_DIR,
                 rules_dir: Path | str = RULES_DIR) -> Notice:
    """Assemble the Notice for a node (id or path) and a year: the engine decides which rules
    hold (chaining through ``needs``); their builders run in the rules' dependency order."""
    if not 1990 <= int(year) <= 2100:
        raise NoticeError(f"年份“{year}”不在 1990—2100 之间")
    tree = load_tree(root)
    node = tree.resolve(str(profile_ref))
    edition = node.editions.get(year, {})
    notice = Notice(jurisdiction=node.name, year=year)
    d = Draft(node, year, tree, notice, edition)
    if not edition:
        notice.notes.append(f"{node.name}尚无{year}年的年度档案：文号序号、人名、日期等按默认做法留作待填项。")
    rules = fire(context_for(node, year, edition), Path(rules_dir))
    d.held = tuple(rules)
    for rule in rules:
        if rule.sets:
            BUILDERS[rule.sets](d, rule)
    notice.number_sections()
    classify_dates(d)  # 确定 / 推算 / 待填 by the 推算 rules that held (rules/dates.yaml), after the builders
    _list_profile_placeholders(d)
    return notice


def _strings(value: Any):
    """Every text of the drafted notice (not its own lists of placeholders and notes)."""
    if isinstance(value, str):
        yield value
    elif dataclasses.is_dataclass(value):
        for f in dataclasses.fields(value):
            if f.name not in ("placeholders", "notes", "provenance", "date_status"):
                yield from _strings(getattr(value, f.name))
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from _strings(v)


def _where(data: Any, token: str, path: str = "") -> str:
    """The key path under which ``token`` is written in profile data ('' when it is not)."""
    if isinstance(data, str):
        return (path or "?") if token in data else ""
    items = data.items() if isinstance(data, dict) else enumerate(data) if isinstance(data, list) else ()
    for k, v in items:
        found = _where(v, token, f"{path}.{k}" if path else str(k))
        if found:
            return found
    return ""


def _list_profile_placeholders(d: Draft) -> None:
    """A 【待填】 a clerk (or import) wrote into a profile reaches the notice as it stands: it is
    highlighted like any other, and listed too, with the profile field that still holds it."""
    seen = set(d.hints)
    for text in _strings(d.notice):
        for m in PLACEHOLDER_RE.finditer(text):
            hint = m.group(1) or ""
            if hint in seen:
                continue
            seen.add(hint)
            token = m.group(0)
            place = next(((d.rel(path), key) for path, data in _profile_files(d)
                          if (key := _where(data, token))), ("档案", "?"))
            d.notice.placeholders.append(PlaceholderNote(
                place[1], f"档案（{place[0]}）中此项仍写作“{token}”，请在档案中填写"))


def _profile_files(d: Draft):
    """The profile data a notice is drafted from: this year's edition, the node, its ancestors'."""
    yield d.node.path.parent / f"{d.year}.yaml", d.edition
    node: Node | None = d.node
    while node is not None:
        yield node.path, node.data
        up = node.parent
        if up is not None and d.year in up.editions:
            yield up.path.parent / f"{d.year}.yaml", up.editions[d.year]
        node = up
