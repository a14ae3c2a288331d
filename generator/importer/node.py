"""A new node proposed from one notice: name, place, level, organs with their 代字, recipients
with their kinds, and defaults learned from the year (week and deadline policies, materials,
contacts) so that next year's notice drafts itself."""

from __future__ import annotations

import copy
import re
from datetime import date, timedelta
from typing import Any

from ..levels import CHILD_LEVEL
from ..model import DocNumber, placeholder
from ..profiles import Node
from ..vocabulary import organ_kind, recipient_kinds
from ..workcal import covered, shift_working_days
from .edition import Reading, place_of

#: fields a node keeps as its standing practice (names and dates change each year)
DEFAULT_FIELDS = ["purpose", "guiding", "committee", "office", "activities", "four_ones", "requirements"]


def organ_key(name: str, taken: dict[str, Any]) -> str:
    key = organ_kind(name)
    base, n = key, 2
    while key in taken:
        key, n = f"{base}{n}", n + 1
    return key


def week_policy(start: date, end: date, source: str) -> dict[str, Any]:
    last = (start + timedelta(days=7)).month != start.month
    return {"policy": "nth_weekday", "month": start.month, "weekday": start.isoweekday(),
            "nth": -1 if last else (start.day - 1) // 7 + 1, "days": (end - start).days + 1,
            "source": f"{source}（按本年活动周 {start}—{end} 推得）"}


def working_days_between(anchor: date, day: date) -> int | None:
    """n with shift_working_days(anchor, ±n) == day, when the calendar covers the year."""
    if not covered(anchor.year):
        return None
    step = -1 if day < anchor else 1
    for n in range(1, 61):
        if shift_working_days(anchor, step * n) == day:
            return n
    return None


def _year_template(text: str) -> str:
    """``text`` with its one year as ``{year}`` (unchanged when it names none); '' when it names a
    span (2020—2021年度), which a template cannot carry to another year."""
    years = re.findall(r"(?<!\d)(?:19|20)\d{2}(?!\d)", text)
    return re.sub(r"(?<!\d)(?:19|20)\d{2}(?!\d)", "{year}", text) if len(years) <= 1 else ""


def _yearless(text: str) -> str:
    """What is due, without the year it was due for (2023年…工作方案 → …工作方案)."""
    return re.sub(r"(?<!\d)(?:19|20)\d{2}(?:\s*[-—–]\s*(?:19|20)\d{2})?\s*(?:年度|年)?", "", text).strip("，、 ")


def deadline_policies(reading: Reading, week: dict | None, source: str) -> list[dict[str, Any]]:
    out = []
    attachments = reading.edition.get("attachments", [])
    for d in reading.edition.get("deadlines", []):
        policy: dict[str, Any] = {"kind": d["kind"], "what": _yearless(d["what"]) or d["what"]}
        if week:
            if d["date"] < week["start"]:
                n = working_days_between(week["start"], d["date"])
                if n:
                    policy["working_days_before_week"] = n
            else:
                n = working_days_between(week["end"], d["date"])
                if n:
                    policy["working_days_after_week"] = n
        if d.get("materials"):
            policy["materials"] = [_yearless(m) or m for m in d["materials"]]
        for key in ("office", "contact"):
            if key in d:
                policy[key] = d[key]
        att = d.get("attachment")
        if att and att <= len(attachments) and attachments[att - 1].get("form"):
            policy["form"] = attachments[att - 1]["form"]
            form_title = _year_template(attachments[att - 1]["title"])
            if form_title:
                policy["form_title"] = form_title
        policy["source"] = f"{source}：{d['date']}"
        out.append(policy)
    return out


def _year_bound(text: str, ed: dict[str, Any]) -> bool:
    """Text that holds only for the year read: it names the year, a date, the year's theme, the
    plenary sessions held by then, or that year's attachments (见附件1: next year's draft has no
    such attachment to point to)."""
    theme = ed.get("theme") or "\0"
    # a list of the party's plenary sessions (十九届二中、三中……全会) grows from year to year
    bound = rf"{ed['year']}|\d{{1,2}}月\d{{1,2}}日|附件\s*[\d一二三四五六七八九十]|届[一二三四五六七八九]中.*全会"
    return bool(re.search(bound, text)) or theme in text or theme.replace("“", "‘").replace("”", "’") in text


def _lasting(value: Any, ed: dict[str, Any]) -> Any:
    """What of an edition's text a node keeps as its standing practice: items bound to the year
    (its theme, dates) are left to that year's edition."""
    if isinstance(value, list) and value and isinstance(value[0], dict) and "text" in value[0]:
        return [a for a in value if not _year_bound(a["text"], ed)]
    if isinstance(value, dict) and all(isinstance(v, str) for v in value.values()) and "location" not in value:
        return {k: v for k, v in value.items() if not _year_bound(v, ed)}
    if isinstance(value, str):
        return "" if _year_bound(value, ed) else value
    return value


def propose_node(reading: Reading, node_id: str, parent: Node,
                 name: str | None = None) -> tuple[dict[str, Any], dict[tuple, str]]:
    """The node.yaml data for a new node, and its unsure facts. ``name``: the place as the
    clerk gave it (--name), for a notice whose title and issuers do not say it."""
    ed = reading.edition
    unsure: dict[tuple, str] = {}
    source = ed["source"]
    place = name or place_of(ed.get("title", ""), reading.issuers)
    if not place:
        # never the node id (a draft would print “关于举办wujin2025年…”): a placeholder every draft shows and lists
        place = placeholder("地名")
        unsure[("name",)] = "标题和发文机关中都没有读出地名，已写作待填：请用 --name 给出，或在此填写地名"
    level = CHILD_LEVEL.get(parent.level, "county")
    node: dict[str, Any] = {"id": node_id, "name": place, "place": place, "level": level,
                            "parent": parent.id, "source": source}
    if level == "district" and place.endswith(("县", "市")):
        node["level"] = "county"
        if place.endswith("市"):
            node["county_level_city"] = True
    organs: dict[str, Any] = {}
    number = DocNumber.parse(ed.get("doc_number") or "", strict=False)
    code = number.code if number else ""
    for name in reading.issuers:
        organs[organ_key(name, organs)] = {"name": name}
    if code and organs:
        edu = next((k for k in organs if k.startswith("edu")), next(iter(organs)))
        organs[edu]["code"] = code
    if organs:
        node["organs"] = organs
    if reading.recipients:
        node["recipients"] = [{"name": g, "kinds": recipient_kinds(g)} for g in reading.recipients]
        for i, g in enumerate(node["recipients"]):
            if g["kinds"] == ["other"]:
                unsure[("recipients", i, "kinds")] = "未能从名称判断单位类别"
    defaults: dict[str, Any] = {"source": f"{source}：本节点所见最近一期通知的做法，逐年沿用"}
    if organs:
        defaults["issuers"] = list(organs)
    if code:
        defaults["doc_code"] = code
    defaults["kind"] = ed.get("kind") or "week"
    title = _year_template(ed.get("title", ""))
    if title:
        defaults["title"] = title.replace(place, "{place}", 1)
    week = ed.get("week")
    if week:
        defaults["week"] = week_policy(week["start"], week["end"], source)
    for key in DEFAULT_FIELDS:
        if key in ed:
            kept = _lasting(copy.deepcopy(ed[key]), ed)
            if kept:
                defaults[key] = kept
    for m in (defaults.get("committee", {}).get("members") or []):
        m["name"] = None  # people change; the roles and posts stay
    if "office" in defaults:
        defaults["office"] = {k: v for k, v in defaults["office"].items() if k == "location"}
        defaults["office"].update({"head": None, "members": None})
    policies = deadline_policies(reading, week, source)
    if policies:
        defaults["deadlines"] = policies
    if ed.get("contacts"):
        defaults["contacts"] = [{**c, "name": None} for c in ed["contacts"]]
    if ed.get("imprint", {}).get("office"):
        defaults["imprint_office"] = ed["imprint"]["office"]
    node["defaults"] = defaults
    return node, unsure
