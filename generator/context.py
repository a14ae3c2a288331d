"""The rules' view of one notice: the facts a session reasons over, built one way whether they
come from a profile (drafting, lint against a profile) or are read from a draft (lint alone).

Both paths name what is given in the same words — its level, recipient kinds, year, the
year's directive flags, and what it holds (``has``: 指导思想, a plan deadline, a deadline that
asks for a form, attachments the year's notice lists) — so a draft's expectations and a read
draft's facts go through the same rules (rules/content.yaml).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from .elements.base import SCHOOL_RE, TRAINING_RE
from .elements.deadlines import carried_attachments
from .errors import NoticeError
from .rules import Facts, context_fact

if TYPE_CHECKING:
    from .profiles import Node
    from .reader import ReadResult

#: the deadlines due before the week (活动方案、安排表): the plan-deadline rule drafts them
PLAN_KINDS = frozenset({"plan", "schedule"})

__all__ = ["PLAN_KINDS", "directive_flags", "national_flags", "notice_facts", "profile_facts", "read_facts"]


def notice_facts(level: str, kinds: set[str], year: int, flags: set[str], input_kind: str, *,
                 guiding: bool = False, deadline_kinds: set[str] = frozenset(),
                 form_kinds: set[str] = frozenset(), attachments: bool = False,
                 notice_kind: str = "week") -> Facts:
    """The one place what is given becomes ``has`` facts: ``deadline_kinds`` are the kinds of
    deadline set, ``form_kinds`` those whose deadline asks for a form (an attachment),
    ``attachments`` whether the year's notice lists its own; ``notice_kind`` what kind of notice
    it is (活动周、开幕式、活动日、转发通知: the content rules apply to the kind)."""
    has = set()
    if guiding:
        has.add("guiding")
    if deadline_kinds & PLAN_KINDS:
        has.add("plan_deadline")
    if form_kinds & PLAN_KINDS:
        has.add("plan_form")
    if attachments:
        has.add("attachments")
    return context_fact(level, kinds, flags, input_kind, has, year, notice_kind)


def directive_flags(node: Node, year: int) -> set[str]:
    """The flags the year's editions raise along the chain (national, province, …, the node)."""
    flags: set[str] = set()
    for n in [*node.chain(), node]:
        for name, on in ((n.editions.get(year) or {}).get("flags") or {}).items():
            if on:
                flags.add(name)
    return flags


def profile_facts(node: Node, year: int, edition: dict[str, Any], input_kind: str = "model") -> Facts:
    """A node and year as the profiles give them (the year's edition, else the node's defaults)."""
    groups = edition.get("recipients") or node.data.get("recipients") or []
    defaults = node.defaults
    deadlines = edition.get("deadlines") or defaults.get("deadlines") or []
    return notice_facts(
        node.level, {k for g in groups for k in g.get("kinds") or []}, year, directive_flags(node, year),
        input_kind, guiding=bool(edition.get("guiding") or defaults.get("guiding")),
        deadline_kinds={x["kind"] for x in deadlines},
        form_kinds={x["kind"] for x in deadlines if x.get("form") or x.get("attachment")},
        attachments=bool(edition.get("attachments") or carried_attachments(node, year)[0]),
        notice_kind=edition.get("kind") or defaults.get("kind") or "week")


def national_flags(year: int) -> set[str]:
    """The directive flags of the year's national edition: a notice read without a profile
    still owes what that year's national notice asked of every level."""
    if not year:
        return set()
    from .tree_cache import load_tree

    try:
        tree = load_tree()
    except NoticeError:  # an unreadable profile tree must not stop linting a file
        return set()
    return {f for node in tree.nodes.values() if node.level == "national" for f in directive_flags(node, year)}


def _level(res: ReadResult) -> str:
    """The issuing level, from the issuers' names (the text has no profile to say it)."""
    names = "".join(o.name for o in res.notice.issuers) or "".join(res.header)
    if "教育部" in names:
        return "national"
    if re.search(r"[^社]区|县", names.replace("社区", "")):
        return "district"
    if "市" in names:
        return "city"
    if "省" in names or "厅" in names:
        return "province"
    return ""


def read_facts(res: ReadResult) -> Facts:
    """A draft as read: its issuers' level, the recipient kinds its 主送 names, its year and that
    year's national flags, the deadlines it sets, whether it has 指导思想 and attachments."""
    rec = "".join(res.notice.recipients)
    n = res.notice
    return notice_facts(
        _level(res), {k for k, rx in (("school", SCHOOL_RE), ("training_institution", TRAINING_RE)) if rx.search(rec)},
        n.year, national_flags(n.year), res.input_kind,
        guiding=any(w in s.heading for s in n.all_sections() for w in ("指导思想", "总体要求")),
        deadline_kinds={d.kind for d in n.deadlines if d.kind == "plan"},
        form_kinds={d.kind for d in n.deadlines if d.kind == "plan" and d.attachment},
        attachments=bool(res.attachment_note or res.attachment_pages), notice_kind=n.kind or "week")
