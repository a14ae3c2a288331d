"""正文各部分：指导思想、活动主题、活动时间、组织领导、活动内容、相关要求及其各项（含“四个一”、惠民免费培训、八项规定）。"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from ..errors import NoticeError
from ..findings import finding
from ..model import (
    Provenance,
    Section,
    Week,
    has_placeholder,
)
from ..profiles import Node, iso
from ..rules import Rule
from .base import (
    Draft,
    LintContext,
    _missing,
    _section_text,
    _sections,
    builds,
    checks,
    day_label,
    fmt,
    norm,
    prov,
    to_date,
)
from .header import recipient_groups


def _section(d: Draft, rule: Rule, key: str, paragraphs: list[str], source: str,
             heading: str | None = None) -> Section:
    s = Section(heading or rule.params.get("heading", rule.title), 1, paragraphs, [], prov(rule, source))
    d.notice.sections.append(s)
    d.sections[key] = s
    return s


@builds("section_guiding")
def build_guiding(d: Draft, rule: Rule) -> None:
    text, source = d.fact("guiding")
    _section(d, rule, "guiding", [text.strip()], source)


@builds("section_theme")
def build_theme(d: Draft, rule: Rule) -> None:
    theme, source = (d.edition.get("theme"), d.edition_source()) if d.edition.get("theme") else (None, "")
    if not theme:
        for sup in d.node.chain():  # the national edition's theme, else the nearest superior's
            ed = sup.editions.get(d.year) or {}
            if ed.get("theme"):
                theme = ed["theme"]
                source = f"{d.rel(sup.path.parent / f'{d.year}.yaml')}：{ed.get('theme_source') or ed['source']}"
                break
    if not theme:
        theme = d.missing("theme", f"{d.year}年活动周主题",
                          f"档案中没有{d.year}年的全国统一主题，须待教育部当年通知发布后填写")
        source = "无"
    d.notice.theme = theme
    d.notice.provenance["theme"] = prov(rule, source)
    _section(d, rule, "theme", [theme], source)


def _nth_weekday(year: int, month: int, weekday: int, nth: int) -> date:
    """The nth (1-based; -1 = last) ISO weekday (1 = Monday) of a month."""
    first = date(year, month, 1)
    if nth > 0:
        offset = (weekday - 1 - first.weekday()) % 7
        d = first + timedelta(days=offset + 7 * (nth - 1))
    else:
        nxt = date(year + (month == 12), month % 12 + 1, 1)
        last = nxt - timedelta(days=1)
        d = last - timedelta(days=(last.weekday() - (weekday - 1)) % 7) + timedelta(days=7 * (nth + 1))
    if d.month != month:
        raise NoticeError(f"排期规则无效：{year}年{month}月没有第{nth}个星期{weekday}")
    return d


def _superior_facts(d: Draft, key: str) -> list[tuple[Node, Any]]:
    return [(s, s.editions[d.year][key]) for s in d.node.chain()
            if d.year in s.editions and s.editions[d.year].get(key)]


def _policy_week(d: Draft, policy: dict) -> tuple[date, date, list[str]]:
    notes: list[str] = []
    if policy["policy"] != "nth_weekday":
        raise NoticeError(f"{d.rel(d.node.path)}：暂不支持排期方式“{policy['policy']}”")
    start = _nth_weekday(d.year, policy["month"], policy["weekday"], policy.get("nth", 1))
    start += timedelta(days=policy.get("offset_days", 0))
    end = start + timedelta(days=policy.get("days", 7) - 1)
    length = end - start
    # The superior's window (or its own week) bounds ours: move the week inside it.
    for sup, win in _superior_facts(d, "window") + _superior_facts(d, "week"):
        lo, hi = to_date(win["start"]), to_date(win["end"])
        if not (lo and hi) or (lo <= start and end <= hi):
            continue
        moved = max(lo, min(start, hi - length))
        notes.append(f"按排期规则算出的活动周 {start}—{end} 不在{sup.name}规定的时间 {lo}—{hi} 之内，"
                     f"已调整为 {moved}—{moved + length}。")
        start, end = moved, moved + length
    for sup, launch in _superior_facts(d, "launch"):
        ld = to_date(launch.get("date"))
        if ld and start <= ld <= end:
            notes.append(f"{sup.name}启动仪式在 {ld}，本级启动仪式须错开这一天。")
    return start, end, notes


@builds("section_week")
def build_week(d: Draft, rule: Rule) -> None:
    given = d.edition.get("week")
    notes: list[str] = []
    if given:
        start, end, source = iso(given["start"]), iso(given["end"]), d.edition_source()
    elif d.defaults.get("week") and not d.edition.get("week_note"):
        policy = d.defaults["week"]
        s, e, notes = _policy_week(d, policy)
        start, end = s.isoformat(), e.isoformat()
        source = f"{d.rel(d.node.path)} defaults.week：{policy.get('source', '')}（按排期规则计算）"
    else:
        reason = d.edition.get("week_note") or "档案未给出活动周日期，也没有排期规则"
        start = d.missing("week.start", "活动周开始日期", reason)
        end = d.missing("week.end", "活动周结束日期", reason)
        source = d.edition_source() if d.edition else "无"
    d.notice.notes.extend(notes)
    d.notice.week = Week(start, end, {}, prov(rule, source))
    if d.edition.get("week_note"):
        paragraphs = [d.edition["week_note"].strip()]
    else:
        paragraphs = [fmt(rule.params["text"], area=d.area, start=day_label(start), end=day_label(end))]
    _section(d, rule, "week", paragraphs, source)


def node_launch(node: Node, edition: dict[str, Any]) -> dict[str, str]:
    """The node's own launch (启动仪式) as the year's edition, else its defaults, give it: the
    values it states (context.profile_facts asserts ``has: launch`` when there are any)."""
    fact = edition["launch"] if edition.get("launch") is not None else node.defaults.get("launch")
    return {k: iso(v) for k, v in (fact or {}).items() if v}


def superior_launches(node: Node, year: int) -> list[Node]:
    """The superiors whose edition of the year gives their launch's date or place."""
    launches = [(s, (s.editions.get(year) or {}).get("launch") or {}) for s in node.chain()]
    return [s for s, launch in launches if launch.get("date") or launch.get("place")]


@builds("launch")
def build_launch(d: Draft, rule: Rule) -> None:
    """The node's launch, written in the week's section (NK-C-LAUNCH holds when the node gives one)."""
    launch = node_launch(d.node, d.edition)
    d.notice.week.launch = launch
    if launch.get("note"):
        text = launch["note"].rstrip("。") + "。"
    else:
        when = day_label(launch["date"]) if launch.get("date") else ""
        text = fmt(rule.params["text"], date=when, place=launch.get("place", "")).replace("于在", "在")
    d.sections["week"].paragraphs.append(text)


@builds("own_launch")
def build_own_launch(d: Draft, rule: Rule) -> None:
    """Each unit arranges its own launch away from the nearest superior's (NK-C-OWN-LAUNCH holds
    when a superior's edition of the year gives its launch)."""
    nearest = superior_launches(d.node, d.year)[-1]
    d.sections["week"].paragraphs.append(fmt(rule.params["text"], area_name=nearest.name))


def _person(d: Draft, member: dict, field_name: str) -> str:
    return member.get("name") or d.missing(field_name, "姓名", "档案未给出该职务的人选（每年由发文机关确定）")


def _committee_paragraphs(d: Draft, committee: dict, prefix: str) -> list[str]:
    out = [f"成立{committee['name']}。"]
    for i, m in enumerate(committee.get("members") or []):
        title = f"　{m['title']}" if m.get("title") else ""
        out.append(f"{m['role']}：{_person(d, m, f'{prefix}.members.{i}.name')}{title}")
    if committee.get("others"):
        out.append(committee["others"])
    return out


@builds("section_organisation")
def build_organisation(d: Draft, rule: Rule) -> None:
    committee, source = d.fact("committee")
    paragraphs: list[str] = []
    if committee:
        for j, body in enumerate(committee.get("bodies") or []):
            paragraphs += _committee_paragraphs(d, body, f"committee.bodies.{j}")
        if committee.get("members") or not committee.get("bodies"):
            paragraphs += _committee_paragraphs(d, committee, "committee")
    else:
        division, source = d.fact("division")
        if division:  # a notice without a committee says who hosts and who does what (南昌 2023)
            paragraphs += [p.strip() for p in division]
        else:
            paragraphs.append(d.missing("committee", "组织委员会组成", "档案未给出组委会（领导小组）或分工安排"))
            source = "无"
    office, osource = d.fact("office")
    if office and office.get("location"):
        if office.get("duty"):  # the notice's own wording names no one beyond what it says
            if not any(office["duty"] in p for p in paragraphs):
                paragraphs.append(office["duty"])
        else:
            head = office.get("head") or d.missing("office.head", "办公室主任姓名", "档案未给出办公室主任")
            members = "、".join(office.get("members") or []) or d.missing(
                "office.members", "办公室成员姓名", "档案未给出办公室成员")
            location = office["location"]
            if d.edition.get("office") is None:  # the node's office, as the editions that name it place it
                settled, known_for = d.settled(office, lambda ed: (ed.get("office") or {}).get("location") == location)
                if not settled:
                    location = d.unverified("office.location", location, known_for, "办公室所在")
            paragraphs.append(fmt(rule.params["office"], location=location, head=head, members=members))
        source = f"{source}；{osource}" if osource != source else source
    _section(d, rule, "organisation", paragraphs, source)


def _activity_items(d: Draft) -> tuple[list[dict], str]:
    """This year's items as the notice lists them; else the directive's items for the year
    (nearest superior that lists any) followed by the node's own featured items."""
    if d.edition.get("activities"):
        return d.edition["activities"], d.edition_source()
    items, sources = [], []
    for sup in reversed(d.node.chain()):
        ed = sup.editions.get(d.year) or {}
        if ed.get("activities"):
            src = f"{d.rel(sup.path.parent / f'{d.year}.yaml')}：{ed['source']}"
            items += [{**a, "source": a.get("source") or src} for a in ed["activities"]]
            sources.append(src)
            break
    seen = {a["heading"] for a in items}
    own = [a for a in d.defaults.get("activities") or [] if a["heading"] not in seen]
    if own:
        items += own
        sources.append(d.defaults_source())
    return items, "；".join(sources)


@builds("section_activities")
def build_activities(d: Draft, rule: Rule) -> None:
    items, source = _activity_items(d)
    s = _section(d, rule, "activities", [], source or "无")
    if not items:
        s.paragraphs.append(d.missing("activities", "活动内容", "档案未给出活动内容"))
        return
    for item in items:
        s.children.append(Section(item["heading"], 2, [item["text"].strip()], [],
                                  Provenance(rule.id, item.get("source") or source), run_in=True))


@builds("section_requirements")
def build_requirements(d: Draft, rule: Rule) -> None:
    _section(d, rule, "requirements", [], f"规则 {rule.id}")


def _requirement_child(d: Draft, key: str) -> Section | None:
    return d.sections.get(f"requirement.{key}")


@builds("requirement")
def build_requirement(d: Draft, rule: Rule) -> None:
    key = rule.params["key"]
    given, source = d.fact("requirements")
    if given and given.get(key):
        text = given[key].strip()
    else:
        text, source = fmt(rule.params["text"], area=d.area), f"规则 {rule.id} 的通用表述"
    parent = d.sections["requirements"]
    child = Section(rule.params["heading"], 2, [text], [], prov(rule, source), run_in=True)
    parent.children.append(child)
    d.sections[f"requirement.{key}"] = child


@builds("four_ones")
def build_four_ones(d: Draft, rule: Rule) -> None:
    items, source = d.fact("four_ones")
    if not items:
        items = [d.missing("four_ones", "“四个一”活动", "档案未给出本年度“四个一”活动的内容")]
        source = "无"
    d.notice.four_ones = list(items)
    d.notice.provenance["four_ones"] = prov(rule, source)
    target = _requirement_child(d, rule.params["into"]) or d.sections["requirements"]
    target.paragraphs.append(fmt(rule.params["text"], items="、".join(items)))


@builds("free_training")
def build_free_training(d: Draft, rule: Rule) -> None:
    target = _requirement_child(d, rule.params["into"]) or d.sections["requirements"]
    target.paragraphs.append(rule.params["text"])
    d.notice.provenance["free_training"] = prov(rule, recipient_groups(d)[1])


@checks("section_guiding")
def section_guiding(rule, draft, expected, ctx):
    return [] if _sections(draft, "指导思想", "总体要求") else _missing(rule, ctx, "title", "")


@checks("theme")
def theme(rule, draft, expected, ctx):
    if not draft.theme:
        return _missing(rule, ctx, "title", "未见活动主题")
    out = []
    for quoted, loc in ctx.res.theme_quotes:
        if norm(quoted) != norm(draft.theme):
            out.append(finding(rule, f"正文引用的主题“{quoted}”与“{draft.theme}”不一致", loc, quoted))
    if expected and expected.theme and "待填" not in expected.theme and norm(expected.theme) != norm(draft.theme):
        out.append(finding(rule, f"当年主题为“{expected.theme}”", ctx.res.loc_of("theme"), draft.theme))
    return out


@checks("week")
def week(rule, draft, expected, ctx):
    if not draft.week:
        # the week left to each place: 自行安排, 自主确定, 在全国总开幕式前后一个月内安排
        delegated = bool(re.search(r"自行|自主|前后(?:一|1)个月", ctx.text))
        return _missing(rule, ctx, "week", "未写明活动周起止日期" + ("（通知授权下级自行安排）" if delegated else ""),
                        "warning" if delegated else "")
    w = draft.week
    out = []
    if w.start > w.end:
        out.append(finding(rule, "开始日期晚于结束日期", ctx.res.loc_of("week")))
    elif re.match(r"\d{4}-", w.start) and re.match(r"\d{4}-", w.end):
        days = (date.fromisoformat(w.end) - date.fromisoformat(w.start)).days + 1
        if not 5 <= days <= 10:
            out.append(finding(rule, f"活动周共 {days} 天，不像“一周”", ctx.res.loc_of("week"), "", "warning"))
    if expected and expected.week and re.match(r"\d{4}-", expected.week.start):
        if (expected.week.start, expected.week.end) != (w.start, w.end):
            out.append(finding(rule, f"应为 {expected.week.start} 至 {expected.week.end}，实为 {w.start} 至 {w.end}",
                               ctx.res.loc_of("week")))
    return out


@checks("section_organisation")
def section_organisation(rule, draft, expected, ctx):
    # top-level sections and their children, but not the requirements' "强化组织领导"
    pool = [s for top in draft.sections if not re.search(r"要求|其他|其它", top.heading) for s in [top, *top.children]]
    found = [s for s in pool if re.search(r"组织|领导|举办机构|主办|分工", s.heading)]
    return [] if found else _missing(rule, ctx, "title", "")


@checks("section_activities")
def section_activities(rule, draft, expected, ctx):
    # 活动内容, 活动安排, 主要活动, and 活动主要内容 as a province may head it
    found = [s for s in _sections(draft, "活动内容", "活动安排", "主要活动", "主要内容") if s.children or s.paragraphs]
    return [] if found else _missing(rule, ctx, "title", "")


@checks("section_requirements")
def section_requirements(rule, draft, expected, ctx):
    return [] if _sections(draft, "要求", "保障", "其他事项") else _missing(rule, ctx, "title", "")


def _keywords_found(rule: Rule, ctx: LintContext) -> bool:
    return any(k in ctx.text for k in rule.params.get("keywords") or [])


@checks("requirement")
def requirement(rule, draft, expected, ctx):
    """Looked for in the requirements section: the same words elsewhere (an activity "结合疫情防控
    常态化要求") do not make the requirement (“落实防控举措”)."""
    scope = _sections(draft, "要求", "保障", "其他事项")
    if scope:
        text = "".join(_section_text(s) for s in scope)
        found = any(k in text for k in rule.params.get("keywords") or [])
    else:
        found = _keywords_found(rule, ctx)
    return [] if found else _missing(rule, ctx, "title", "")


@checks("frugality")
def frugality(rule, draft, expected, ctx):
    return [] if _keywords_found(rule, ctx) else _missing(rule, ctx, "title", "")


@checks("free_training")
def free_training(rule, draft, expected, ctx):
    return frugality(rule, draft, expected, ctx)


def _four_ones_in(text: str) -> list[str] | None:
    m = re.search(r"“四个一”\s*[（(]([^）)]+)[）)]", text)
    return [x.strip() for x in re.split(r"[、，,]", m.group(1)) if x.strip()] if m else None


@checks("four_ones")
def four_ones(rule, draft, expected, ctx):
    items = _four_ones_in(ctx.text)
    if items is None:
        return _missing(rule, ctx, "title", "未见“四个一”及其内容")
    draft.four_ones = items
    if all(has_placeholder(x) for x in items):  # 【待填：“四个一”活动】: NK-F-PLACEHOLDER names it
        return []
    known = [expected.four_ones] if expected and expected.four_ones else ctx.four_ones_variants
    if known and not any(sorted(items) == sorted(v) for v in known):
        return _missing(rule, ctx, "title", f"“{'、'.join(items)}”不是已知的“四个一”（应为"
                        + "；或".join("、".join(v) for v in known) + "）")
    return []
