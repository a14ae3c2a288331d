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

from .elements.deadlines import carried_attachments
from .elements.sections import node_launch, superior_launches
from .elements.status import superior_bounds
from .errors import NoticeError
from .model import has_placeholder
from .rules import Facts, context_fact
from .vocabulary import recipient_kinds

if TYPE_CHECKING:
    from .profiles import Node
    from .reader import ReadResult

#: the deadlines due before the week (活动方案、安排表): the plan-deadline rule drafts them
PLAN_KINDS = frozenset({"plan", "schedule"})

__all__ = ["PLAN_KINDS", "directive_flags", "national_flags", "notice_facts", "profile_facts", "read_facts"]


def notice_facts(level: str, kinds: set[str], year: int, flags: set[str], input_kind: str, *,
                 guiding: bool = False, deadline_kinds: set[str] = frozenset(),
                 form_kinds: set[str] = frozenset(), attachments: bool = False,
                 notice_kind: str = "week", launch: bool = False, superior_launch: bool = False,
                 fixed: set[str] = frozenset()) -> Facts:
    """The one place what is given becomes ``has`` facts: ``deadline_kinds`` are the kinds of
    deadline set, ``form_kinds`` those whose deadline asks for a form (an attachment),
    ``attachments`` whether the year's notice lists its own; ``notice_kind`` what kind of notice
    it is (活动周、开幕式、活动日、转发通知: the content rules apply to the kind); ``launch``
    whether the node gives its own launch, ``superior_launch`` whether a superior's edition of
    the year gives one; ``fixed`` the dates an edition of the year fixes (``edition_week``,
    ``superior_week``, ``edition_plan_date``, ``edition_summary_date``, ``edition_date``: what
    keeps a computed date from being 推算, rules/dates.yaml)."""
    has = set(fixed)
    if guiding:
        has.add("guiding")
    if deadline_kinds & PLAN_KINDS:
        has.add("plan_deadline")
    if form_kinds & PLAN_KINDS:
        has.add("plan_form")
    if attachments:
        has.add("attachments")
    if launch:
        has.add("launch")
    if superior_launch:
        has.add("superior_launch")
    return context_fact(level, kinds, flags, input_kind, has, year, notice_kind)


def fixing_facts(node: Node, year: int, edition: dict[str, Any]) -> set[str]:
    """The facts that fix a date a rule would compute: the node's own edition of the year
    (its week, its deadlines by kind, its 成文日期) and a superior's week or window."""
    kinds = {x["kind"] for x in edition.get("deadlines") or []}
    given = {"edition_week": bool(edition.get("week")), "superior_week": bool(superior_bounds(node, year)),
             "edition_plan_date": bool(kinds & PLAN_KINDS), "edition_summary_date": "summary" in kinds,
             "edition_date": bool(edition.get("date"))}
    return {name for name, on in given.items() if on}


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
        notice_kind=edition.get("kind") or defaults.get("kind") or "week",
        launch=bool(node_launch(node, edition)), superior_launch=bool(superior_launches(node, year)),
        fixed=fixing_facts(node, year, edition))


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


# Only a read draft's facts use these two: compiled when first used (re's own cache), not on
# import, which a cold draft with the cache off paid for (CJK classes, ~2 ms).
#: the place a title names (关于举办溧阳市2027年…, 关于举办常州市金坛区2020—2021年度…): its last unit
_TITLE_PLACE = r"关于(?:举办|开展)(?P<place>[\u4e00-\u9fff]*?(?P<unit>省|自治区|市|区|县))\s*\d{4}"
#: a city's organ cited in the opening (常州市教育局《…》): the notice stands below a city
_CITY_ORGAN = r"(?P<city>[\u4e00-\u9fff]{2,3}市)(?:教育局|教育体育局|教育和体育局|教体局|人民政府)"


def _level_of_names(names: str) -> str:
    if "教育部" in names:
        return "national"
    if re.search(r"[^社]区|县", names.replace("社区", "")):
        return "district"
    if "市" in names:
        return "city"
    if "省" in names or "厅" in names:
        return "province"
    return ""


def _level(res: ReadResult) -> str:
    """The issuing level, from the issuers' names, else from the place the title names (a draft
    whose issuers are still 【待填】): the text has no profile to say it. A 市 whose opening cites
    another city's organ is a 县级市 (溧阳市 under 常州市): county."""
    n = res.notice
    names = "".join(o.name for o in n.issuers if not has_placeholder(o.name)) \
        or "".join(h for h in res.header if not has_placeholder(h))
    place = re.search(_TITLE_PLACE, n.title or "")
    level = _level_of_names(names)
    if not level and place:
        level = {"省": "province", "自治区": "province", "市": "city", "区": "district", "县": "county"}[place["unit"]]
    own = place["place"] if place else names
    if level == "city" and any(m["city"] not in own for m in re.finditer(_CITY_ORGAN, n.opening or "")):
        return "county"
    return level


def read_facts(res: ReadResult) -> Facts:
    """A draft as read: its issuers' level, the recipient kinds its 主送 names, its year and that
    year's national flags, the deadlines it sets, whether it has 指导思想 and attachments."""
    n = res.notice
    return notice_facts(
        _level(res), {k for name in n.recipients for k in recipient_kinds(name)},
        n.year, national_flags(n.year), res.input_kind,
        guiding=any(w in s.heading for s in n.all_sections() for w in ("指导思想", "总体要求")),
        deadline_kinds={d.kind for d in n.deadlines if d.kind == "plan"},
        form_kinds={d.kind for d in n.deadlines if d.kind == "plan" and d.attachment},
        attachments=bool(res.attachment_note or res.attachment_pages), notice_kind=n.kind or "week")
