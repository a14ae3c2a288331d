"""The organising committee and its office, as a notice lists them.

``主任：王华国 常州国家高新区（新北区）教育局局长`` then ``张向坤 …副局长`` (same role, next
person), ``成员：…``; a closing line of units (``…负责人。``) is ``others``; the office sentence
``办公室设在X，Y兼任办公室主任，成员由A、B、C等组成``.
"""

from __future__ import annotations

import re

from .text import CJK, tidy

ROLES = ("顾问", "主任", "副主任", "组长", "副组长", "成员", "委员", "秘书长")
_ROLE_RE = re.compile(rf"^({'|'.join(sorted(ROLES, key=len, reverse=True))})\s*[:：]\s*(.*)$")
#: "主 任：", "副 组 长：" and "王 彤（…）" as converted texts space them out
_SPACED_ROLE = re.compile(rf"^[{CJK}](?:[ \t\u3000]*[{CJK}]){{1,3}}[ \t\u3000]*(?=[:：])")
_SPACED_NAME = re.compile(rf"^([{CJK}])[ \t\u3000]+([{CJK}])(?=[（(\s]|$)")
#: a person: a name of 2–4 characters, then the title, set apart by a space or in brackets
_PERSON_RE = re.compile(rf"^([{CJK}]{{2,4}})(?:\s+(.+)|\s*[（(](.+)[）)])?$")
_RUN_TOGETHER = re.compile(r"(?:长|主任|书记)(?=[^、，,（）()]{4,}(?:长|主任|书记)$)")
_COMMITTEE_RE = re.compile(rf"(?:设|成立)([{CJK}“”（）]{{4,40}}?(?:委员会|领导小组|工作小组))")
_ROLES_ALT = "|".join(sorted(ROLES, key=len, reverse=True))
#: a committee told in a sentence: 组长由X担任 / 成员由A、B组成 / 由X任组长 / 以X为组长
#: (a clause each: 由A任组长，B、C任副组长，成员由各股室负责人组成)
_PROSE_ROLE = re.compile(rf"^(?:[^由以]{{0,12}}?)(?P<r1>{_ROLES_ALT})由(?P<v1>.{{2,80}}?)(?:同志)?(?:担任|兼任|组成)$"
                         rf"|^(?:由|以)?(?P<v2>.{{2,80}}?)(?:同志)?(?:担任|兼任|任|为)(?P<r2>{_ROLES_ALT})$")
#: a post followed by the person's name (区教育局局长王某某)
_POST_NAME = re.compile(rf"^(.+?(?:长|主任|书记|委员|主席))([{CJK}]{{2,3}})$")
#: what ends a post or a unit, never a name (…局长, …负责人, 各科室)
_NOT_A_NAME = re.compile(r"(?:长|任|记|员|人|导|志|部|局|室|科|股|处|办|校|院|会|位)$|^各")


def _person(text: str, role: str) -> tuple[dict, str] | None:
    """A member and, when the split between name and title is a guess, why."""
    text = text.strip().rstrip("。；;")
    m = _PERSON_RE.match(text)
    if not m:
        return None
    name, title = m.group(1), tidy(m.group(2) or m.group(3) or "")
    if title in ("兼", "兼任"):  # "张五芳（兼）": the post is given elsewhere, not here
        return {"role": role, "name": name}, "原文只注“（兼）”，职务见上文，请补上"
    member = {"role": role, "name": name}
    if title:
        member["title"] = title
    if re.search(r"(?:长|主任|书记|委员)$", name):
        return member, "“" + name + "”可能是职务而非姓名"
    # two posts run together with no mark between them (…局长新北区宣传统战部副部长): a slip
    # of the source or of its conversion, kept as read but flagged
    why = "职务中似有两段连写（前一职务后未加顿号），请核对原文" if _RUN_TOGETHER.search(title) else ""
    return member, why


def _split_people(text: str) -> list[str]:
    """A role line listing several people (王某（职成科科长）、李某（基教科科长）): split at
    the marks outside brackets; one person (or a unit) stays whole."""
    parts, depth, cur = [], 0, ""
    for ch in text:
        depth += ch in "（("
        depth -= ch in "）)" and depth > 0
        if ch in "、，," and depth == 0:
            parts.append(cur)
            cur = ""
        else:
            cur += ch
    parts = [p.strip() for p in [*parts, cur] if p.strip()]
    return parts if len(parts) > 1 and all(_PERSON_RE.match(p) for p in parts) else [text]


def _prose_clauses(text: str) -> list[re.Match]:
    """The clauses that give a role; "以A为主任、B为副主任" is two."""
    out = []
    for clause in re.split(r"[，,。；;]", text):
        pieces = [p.strip() for p in clause.split("、")]
        roles = [_PROSE_ROLE.match(p) for p in pieces]
        if len(pieces) > 1 and all(m and m["r2"] for m in roles):
            out.extend(roles)
        elif m := _PROSE_ROLE.match(clause.strip()):
            out.append(m)
    return out


def _prose_members(text: str) -> tuple[list[dict], str]:
    """Members a sentence names (由区教育局局长王某任组长), and a unit list for 成员 (成员由各
    科室负责人组成) as ``others``: the name when the text gives one, else only the post."""
    members: list[dict] = []
    others = ""
    for m in _prose_clauses(text):
        role, value = (m["r1"], m["v1"]) if m["r1"] else (m["r2"], m["v2"])
        for part in [x.strip() for x in re.split(r"[、]", tidy(value)) if x.strip()]:
            post = _POST_NAME.match(part)
            if post and not _NOT_A_NAME.search(post.group(2)) and not re.search(r"[为任]", post.group(2)):
                members.append({"role": role, "name": post.group(2), "title": post.group(1)})
            elif re.fullmatch(rf"[{CJK}]{{2,4}}", part) and not _NOT_A_NAME.search(part):
                members.append({"role": role, "name": part})
            elif role == "成员":
                others = part
            else:
                members.append({"role": role, "name": None, "title": part})
    return members, others


def read_committee(paragraphs: list[str]) -> tuple[dict, list[tuple[tuple, str]]]:
    """``committee`` (name, members, others) and ``office`` from a section's paragraphs;
    the unsure facts as (path, why)."""
    committee: dict = {}
    office: dict = {}
    unsure: list[tuple[tuple, str]] = []
    members: list[dict] = []
    role = ""
    for raw in paragraphs:
        text = raw.strip(" \t\u3000")
        text = _SPACED_ROLE.sub(lambda m: re.sub(r"\s", "", m.group(0)), text)
        if not committee.get("name") and (m := _COMMITTEE_RE.search(text)):
            committee["name"] = m.group(1)
            told, others = _prose_members(text[m.end():])
            members.extend(told)
            if others:
                committee["others"] = others
            continue
        if "办公室设在" in text or "下设办公室" in text:
            office.update(read_office(tidy(text)))
            continue
        if not _ROLE_RE.match(text) and _prose_clauses(text):
            told, others = _prose_members(text)
            members.extend(told)
            if others:
                committee["others"] = others
            continue
        line = text
        m = _ROLE_RE.match(text)
        if m:
            role, text = m.group(1), m.group(2)
        elif not role or len(text) > 60 or text.endswith("。"):
            if members and text.endswith("。"):
                committee["others"] = tidy(text)
            continue
        text = _SPACED_NAME.sub(r"\1\2", text.strip(" \t\u3000"))
        for one in _split_people(text):
            got = _person(one, role)
            if got:
                if got[1]:
                    field = "title" if "两段" in got[1] else "name"
                    unsure.append((("committee", "members", len(members), field), got[1]))
                members.append(got[0])
            elif members and len(text) > 6:  # 成员：units…负责人。 / 其他成员单位分管领导
                committee["others"] = tidy(line)
    if members:
        committee["members"] = members
    if office and not committee:
        return {}, unsure
    return {"committee": committee, "office": office} if office else {"committee": committee}, unsure


def read_office(text: str) -> dict:
    office: dict = {}
    if m := re.search(r"办公室设在([^，。,]+)", text):
        office["location"] = m.group(1)
    if m := re.search(r"(?:^|[，,])由?([^由，,\s]{2,3}?)(?:同志)?兼任办公室主任", text):
        office["head"] = m.group(1)
    if m := re.search(r"成员由(.+?)(?:等(?:同志|成员|人员|人)?)?组成", text):
        office["members"] = [x for x in re.split(r"[、，和]", m.group(1)) if x]
    office["duty"] = text
    return office
