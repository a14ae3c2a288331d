"""Drafting: node + year → Notice.

The rules engine decides *which* elements a notice needs (``rules/content.yaml``, fired by
durable-rules over the facts of the node and year, chaining through ``needs``); each element's
builder (``generator/elements/``, one per ``sets:`` value, beside its lint checker) knows *how*
to build it from the facts in the profiles. Facts come from the node's edition for the year,
else the node's standing ``defaults``, else the rule's wording; a fact nobody gives becomes a
placeholder token and a ``PlaceholderNote``, never a guess.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from . import PROFILES_DIR, RULES_DIR
from .elements import BUILDERS, Draft
from .elements.base import AREA, day_label
from .elements.header import DOC_NUMBER_RE
from .elements.opening import write_opening
from .errors import NoticeError
from .model import Notice
from .profiles import Node
from .rules import Facts, context_fact, fire, load_rules
from .tree_cache import load_tree

__all__ = ["AREA", "BUILDERS", "DOC_NUMBER_RE", "Draft", "build_notice", "context_for", "day_label", "load_tree"]


# ---------------------------------------------------------------- the entry point


def directive_flags(node: Node, year: int) -> set[str]:
    """The flags the year's editions raise along the chain (national, province, …, the node)."""
    flags: set[str] = set()
    for n in [*node.chain(), node]:
        for name, on in ((n.editions.get(year) or {}).get("flags") or {}).items():
            if on:
                flags.add(name)
    return flags


def context_for(node: Node, year: int, edition: dict[str, Any], input_kind: str = "model") -> Facts:
    """The rules' view of a node and year: level, recipient kinds, directive flags, what is given."""
    groups = edition.get("recipients") or node.data.get("recipients") or []
    kinds = {k for g in groups for k in g.get("kinds") or []}
    flags = directive_flags(node, year)
    defaults = node.defaults
    has = set()
    if edition.get("guiding") or defaults.get("guiding"):
        has.add("guiding")
    deadline_kinds = {x["kind"] for x in (edition.get("deadlines") or defaults.get("deadlines") or [])}
    if deadline_kinds & {"plan", "schedule"}:
        has.add("plan_deadline")
    if edition.get("attachments") or any(p.get("form") for p in defaults.get("deadlines") or []):
        has.add("attachments")
    return context_fact(node.level, kinds, flags, input_kind, has, year)


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
    for rule in rules:
        if rule.sets:
            BUILDERS[rule.sets](d, rule)
            if rule.sets == "citations":
                write_opening(d, rule)
    if not any(r.sets == "citations" for r in rules):  # a national notice cites no one
        write_opening(d, next(r for r in load_rules(Path(rules_dir)) if r.sets == "citations"))
    notice.number_sections()
    return notice
