"""Drafting: node + year → Notice.

The rules engine decides *which* elements a notice needs (``rules/content.yaml``, fired
by durable-rules over the context of the node and year); this module only knows *how*
to build each kind of element (one builder per ``sets:`` value) from the facts in the
profiles. Facts come from the node's edition for the year, else the node's standing
``defaults``, else the rule's wording; a fact nobody gives becomes a placeholder token
and a ``PlaceholderNote``, never a guess.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from . import PROFILES_DIR, ROOT, RULES_DIR, workcal
from .errors import NoticeError
from .model import (
    Attachment,
    Citation,
    Contact,
    Deadline,
    DocNumber,
    Notice,
    Organ,
    PlaceholderNote,
    Provenance,
    Section,
    Week,
    attachment_ref,
    cn_month_day,
    cn_weekday,
    placeholder,
)
from .profiles import Node, ProfileTree, iso
from .rules import Facts, Rule, context_fact, fire, load_rules

DOC_NUMBER_RE = re.compile(r"^(?P<code>.+?)〔(?P<year>\d{4})〕(?P<serial>\d+)号$")
AREA = {"national": "国", "province": "省", "city": "市", "district": "区", "county": "县"}


# ---------------------------------------------------------------- facts and their sources


@dataclass
class Draft:
    """What the builders share while one notice is assembled."""

    node: Node
    year: int
    tree: ProfileTree
    notice: Notice
    edition: dict[str, Any] = field(default_factory=dict)
    sections: dict[str, Section] = field(default_factory=dict)  # builder key → section

    @property
    def defaults(self) -> dict[str, Any]:
        return self.node.defaults

    def rel(self, path: Path) -> str:
        try:
            return str(path.relative_to(ROOT))
        except ValueError:
            return str(path)

    def edition_source(self) -> str:
        f = self.node.path.parent / f"{self.year}.yaml"
        return f"{self.rel(f)}：{self.edition.get('source', '')}"

    def defaults_source(self) -> str:
        return f"{self.rel(self.node.path)} defaults：{self.defaults.get('source', '')}"

    def fact(self, key: str) -> tuple[Any, str]:
        """A fact from this year's edition, else the node's defaults; with its source."""
        if self.edition.get(key) is not None:
            return self.edition[key], self.edition_source()
        if self.defaults.get(key) is not None:
            return self.defaults[key], self.defaults_source()
        return None, ""

    def missing(self, field_name: str, hint: str, reason: str) -> str:
        """A placeholder token, reported once per field."""
        if not any(p.field == field_name for p in self.notice.placeholders):
            self.notice.placeholders.append(PlaceholderNote(field_name, reason))
        return placeholder(hint)

    @property
    def area(self) -> str:
        if self.node.data.get("county_level_city"):
            return "市"
        return AREA[self.node.level]

    def organ(self, key: str) -> Organ:
        spec = (self.node.data.get("organs") or {}).get(key)
        if spec is None:
            raise NoticeError(f"{self.node.path}：发文机关“{key}”未在 organs 中定义")
        return Organ(spec["name"], spec.get("short", ""), spec.get("seal", ""))


def _prov(rule: Rule, source: str) -> Provenance:
    return Provenance(rule.id, source)


def _fmt(text: str, **values: Any) -> str:
    """``str.format`` that leaves unknown ``{names}`` visible instead of failing."""
    return re.sub(r"\{(\w+)\}", lambda m: str(values.get(m.group(1), m.group(0))), text)


def _to_date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return date.fromisoformat(value)
    return None


def day_label(value: str) -> str:
    """ISO → 10月30日（周三）; a placeholder stays as it is."""
    d = _to_date(value)
    return f"{cn_month_day(d)}（{cn_weekday(d)}）" if d else value


# ---------------------------------------------------------------- builders, one per `sets`


def build_header(d: Draft, rule: Rule) -> None:
    keys, source = d.fact("issuers")
    organs = list(d.node.data.get("organs") or {})
    if not keys:
        keys, source = organs[:1], f"{d.rel(d.node.path)} organs"
    if not keys:
        d.notice.issuers = [Organ(d.missing("issuers", "发文机关", "档案未给出发文机关"))]
    else:
        d.notice.issuers = [d.organ(k) for k in keys]
    d.notice.provenance["issuers"] = _prov(rule, source)


def _code(d: Draft) -> tuple[str, str]:
    """The 发文机关代字: the year's own; else the node's default while the default issuers
    issue; else the code of an organ that issues this notice (another organ's code would
    give the notice a wrong 文号)."""
    if d.edition.get("doc_code"):
        return d.edition["doc_code"], d.edition_source()
    keys = d.edition.get("issuers")
    if d.defaults.get("doc_code") and (not keys or keys == d.defaults.get("issuers")):
        return d.defaults["doc_code"], d.defaults_source()
    organs = d.node.data.get("organs") or {}
    for key in keys or d.defaults.get("issuers") or list(organs)[:1]:
        if (organs.get(key) or {}).get("code"):
            return organs[key]["code"], f"{d.rel(d.node.path)} organs.{key}.code"
    return d.missing("doc_number.code", "发文机关代字", "档案未给出本通知发文机关的文号代字"), ""


def build_doc_number(d: Draft, rule: Rule) -> None:
    given = d.edition.get("doc_number")
    if given:
        m = DOC_NUMBER_RE.match(given)
        if not m:
            raise NoticeError(f"{d.edition_source()}：文号“{given}”不是“代字〔年份〕序号号”的形式")
        d.notice.doc_number = DocNumber(m["code"], m["year"], m["serial"])
        d.notice.provenance["doc_number"] = _prov(rule, d.edition_source())
        return
    code, source = _code(d)
    reason = ("本年度档案未载明文号（原通知未显示文号）" if d.edition
              else f"{d.year}年尚无本节点的年度档案，发文序号须由发文机关编号")
    serial = d.missing("doc_number.serial", "序号", reason)
    d.notice.doc_number = DocNumber(code, str(d.year), serial)
    d.notice.provenance["doc_number"] = _prov(rule, source or "无")


def build_title(d: Draft, rule: Rule) -> None:
    if d.edition.get("title"):
        title, source = d.edition["title"], d.edition_source()
    else:
        pattern, source = d.fact("title")
        if not pattern:
            pattern, source = rule.params["pattern"], f"规则 {rule.id}"
        title = _fmt(pattern, place=d.node.data.get("place", d.node.name), year=d.year)
    d.notice.title = title
    d.notice.provenance["title"] = _prov(rule, source)


def _recipient_groups(d: Draft) -> tuple[list[dict], str]:
    if d.edition.get("recipients"):
        return d.edition["recipients"], d.edition_source()
    return d.node.data.get("recipients") or [], f"{d.rel(d.node.path)} recipients"


def build_recipients(d: Draft, rule: Rule) -> None:
    groups, source = _recipient_groups(d)
    names = [g["name"] for g in groups]
    d.notice.recipients = names or [d.missing("recipients", "主送机关", "档案未给出主送机关")]
    d.notice.provenance["recipients"] = _prov(rule, source)


def _citation(d: Draft, rule: Rule, sup: Node) -> Citation:
    ed = sup.editions.get(d.year)
    organs = list((sup.data.get("organs") or {}).values())
    default_issuer = organs[0]["name"] if organs else sup.name
    where = f"{sup.name}{d.year}年"
    if ed is None:
        title = d.missing(f"citations.{sup.id}.title", f"{where}通知标题",
                          f"档案中没有{sup.name}{d.year}年的通知（{d.rel(sup.path.parent)}/{d.year}.yaml）")
        number = d.missing(f"citations.{sup.id}.doc_number", f"{where}通知文号",
                           f"档案中没有{sup.name}{d.year}年通知的文号")
        return Citation(sup.level, default_issuer, title, number,
                        Provenance(rule.id, f"{d.rel(sup.path)}（{d.year}年无年度档案）"))
    source = f"{d.rel(sup.path.parent / f'{d.year}.yaml')}：{ed['source']}"
    title = ed.get("cite_title") or ed.get("title") or d.missing(
        f"citations.{sup.id}.title", f"{where}通知标题", f"{source} 未给出标题")
    number = ed.get("doc_number") or d.missing(
        f"citations.{sup.id}.doc_number", f"{where}通知文号", f"{source} 未载明文号")
    return Citation(sup.level, ed.get("issuer") or default_issuer, title, number,
                    Provenance(rule.id, source))


def build_citations(d: Draft, rule: Rule) -> None:
    d.notice.citations = [_citation(d, rule, sup) for sup in d.node.chain()]


def _opening(d: Draft, rule: Rule) -> None:
    """The opening paragraph: purpose, the chain cited, the decision."""
    purpose, _ = d.fact("purpose")
    purpose = purpose or rule.params.get("purpose", "")
    place = d.node.data.get("place", d.node.name)
    cites = [c.text() for c in d.notice.citations]
    if cites:
        joined = "、".join(cites[:-1]) + ("和" if len(cites) > 1 else "") + cites[-1]
        text = _fmt(rule.params["text"], purpose=purpose, citations=joined, place=place, year=d.year)
    else:
        text = _fmt(rule.params["text_national"], purpose=purpose, year=d.year)
    d.notice.opening = text
    d.notice.provenance["opening"] = _prov(rule, d.edition_source() if d.edition else d.defaults_source())


def _section(d: Draft, rule: Rule, key: str, paragraphs: list[str], source: str,
             heading: str | None = None) -> Section:
    s = Section(heading or rule.params.get("heading", rule.title), 1, paragraphs, [], _prov(rule, source))
    d.notice.sections.append(s)
    d.sections[key] = s
    return s


def build_guiding(d: Draft, rule: Rule) -> None:
    text, source = d.fact("guiding")
    _section(d, rule, "guiding", [text.strip()], source)


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
    d.notice.provenance["theme"] = _prov(rule, source)
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
        lo, hi = _to_date(win["start"]), _to_date(win["end"])
        if not (lo and hi) or (lo <= start and end <= hi):
            continue
        moved = max(lo, min(start, hi - length))
        notes.append(f"按排期规则算出的活动周 {start}—{end} 不在{sup.name}规定的时间 {lo}—{hi} 之内，"
                     f"已调整为 {moved}—{moved + length}。")
        start, end = moved, moved + length
    for sup, launch in _superior_facts(d, "launch"):
        ld = _to_date(launch.get("date"))
        if ld and start <= ld <= end:
            notes.append(f"{sup.name}启动仪式在 {ld}，本级启动仪式须错开这一天。")
    return start, end, notes


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
    launch_fact, _ = d.fact("launch")
    launch = {k: iso(v) for k, v in (launch_fact or {}).items() if v}
    d.notice.week = Week(start, end, launch, _prov(rule, source))
    if d.edition.get("week_note"):
        paragraphs = [d.edition["week_note"].strip()]
    else:
        paragraphs = [_fmt(rule.params["text"], area=d.area, start=day_label(start), end=day_label(end))]
    if launch.get("note"):
        paragraphs.append(launch["note"].rstrip("。") + "。")
    elif launch.get("date") or launch.get("place"):
        when = day_label(launch["date"]) if launch.get("date") else ""
        paragraphs.append(f"活动周启动仪式于{when}在{launch.get('place', '')}举行。".replace("于在", "在"))
    sup_launch = [s for s, lf in _superior_facts(d, "launch") if lf.get("date") or lf.get("place")]
    if sup_launch:
        paragraphs.append(_fmt(rule.params["own_launch"], area_name=sup_launch[-1].name))
    _section(d, rule, "week", paragraphs, source)


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
            paragraphs.append(_fmt(rule.params["office"], location=office["location"], head=head, members=members))
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


def build_activities(d: Draft, rule: Rule) -> None:
    items, source = _activity_items(d)
    s = _section(d, rule, "activities", [], source or "无")
    if not items:
        s.paragraphs.append(d.missing("activities", "活动内容", "档案未给出活动内容"))
        return
    for item in items:
        s.children.append(Section(item["heading"], 2, [item["text"].strip()], [],
                                  Provenance(rule.id, item.get("source") or source), run_in=True))


def build_requirements(d: Draft, rule: Rule) -> None:
    _section(d, rule, "requirements", [], f"规则 {rule.id}")


def _requirement_child(d: Draft, key: str) -> Section | None:
    return d.sections.get(f"requirement.{key}")


def build_requirement(d: Draft, rule: Rule) -> None:
    key = rule.params["key"]
    given, source = d.fact("requirements")
    if given and given.get(key):
        text = given[key].strip()
    else:
        text, source = _fmt(rule.params["text"], area=d.area), f"规则 {rule.id} 的通用表述"
    parent = d.sections["requirements"]
    child = Section(rule.params["heading"], 2, [text], [], _prov(rule, source), run_in=True)
    parent.children.append(child)
    d.sections[f"requirement.{key}"] = child


def build_four_ones(d: Draft, rule: Rule) -> None:
    items, source = d.fact("four_ones")
    if not items:
        items = [d.missing("four_ones", "“四个一”活动", "档案未给出本年度“四个一”活动的内容")]
        source = "无"
    d.notice.four_ones = list(items)
    d.notice.provenance["four_ones"] = _prov(rule, source)
    target = _requirement_child(d, rule.params["into"]) or d.sections["requirements"]
    target.paragraphs.append(_fmt(rule.params["text"], items="、".join(items)))


def build_free_training(d: Draft, rule: Rule) -> None:
    target = _requirement_child(d, rule.params["into"]) or d.sections["requirements"]
    target.paragraphs.append(rule.params["text"])
    d.notice.provenance["free_training"] = _prov(rule, _recipient_groups(d)[1])


# ---------------------------------------------------------------- deadlines and attachments


def _contacts(d: Draft) -> tuple[list[Contact], str]:
    given, source = d.fact("contacts")
    out = []
    for i, c in enumerate(given or []):
        name = c.get("name") or d.missing(f"contacts.{i}.name", "联系人姓名", "档案未给出联系人姓名")
        out.append(Contact(name, c.get("phone", ""), c.get("email", ""), c.get("office", "")))
    return out, source


def _deadline_from_fact(d: Draft, rule: Rule, fact: dict, contacts: list[Contact]) -> Deadline:
    when = _to_date(fact["date"])
    dl = Deadline(fact["kind"], fact["what"], when.isoformat(), list(fact.get("materials") or []),
                  fact.get("office", ""), _pick(contacts, fact.get("contact")), fact.get("attachment"),
                  workcal.covered(when.year), _prov(rule, d.edition_source()))
    if not workcal.is_working_day(when):
        d.notice.notes.append(f"{dl.what}的报送时限 {when} 是{workcal.holiday_name(when)}（非工作日），照原通知保留。")
    return dl


def _pick(contacts: list[Contact], index: int | None) -> Contact | None:
    if index is None or not contacts:
        return None
    return contacts[index] if index < len(contacts) else None


def _deadline_from_policy(d: Draft, rule: Rule, pol: dict, contacts: list[Contact]) -> Deadline:
    week = d.notice.week
    before = pol.get("working_days_before_week")
    anchor = _to_date(week.start if before else week.end) if week else None
    source = f"{d.rel(d.node.path)} defaults.deadlines：{pol.get('source', '')}（按工作日计算）"
    checked = workcal.covered(d.year)
    if anchor is None:
        date_s = d.missing(f"deadlines.{pol['kind']}", "报送日期", "活动周日期未定，无法计算报送时限")
    else:
        n = -before if before else pol.get("working_days_after_week", 1)
        date_s = workcal.shift_working_days(anchor, n).isoformat()
    return Deadline(pol["kind"], pol["what"], date_s, list(pol.get("materials") or []),
                    pol.get("office", ""), _pick(contacts, pol.get("contact")), None, checked,
                    _prov(rule, source))


def _attachment_plan(d: Draft) -> tuple[list[Attachment], str]:
    """The year's attachments, or the ones the deadline policies imply."""
    if d.edition.get("attachments"):
        return [Attachment(a["title"], a.get("form", "")) for a in d.edition["attachments"]], d.edition_source()
    out = []
    for pol in d.defaults.get("deadlines") or []:
        if pol.get("form") and not d.edition.get("deadlines"):
            title = _fmt(pol.get("form_title") or d.missing("attachments", "附件标题", "档案未给出附件标题"),
                         year=d.year)
            out.append(Attachment(title, pol["form"]))
    return out, d.defaults_source()


def _contact_sentence(c: Contact | None) -> str:
    if c is None:
        return ""
    parts = [f"联系人：{c.name}"] if c.name else []
    if c.phone:
        parts.append(f"联系电话：{c.phone}")
    if c.email:
        parts.append(f"电子邮箱：{c.email}")
    return "，".join(parts) + "。" if parts else ""


def build_deadline(d: Draft, rule: Rule) -> None:
    contacts, _ = _contacts(d)
    planned, _ = _attachment_plan(d)
    kinds = rule.params["kinds"]
    facts = [f for f in d.edition.get("deadlines") or [] if f["kind"] in kinds]
    if facts:
        made = [_deadline_from_fact(d, rule, f, contacts) for f in facts]
    else:
        pols = [p for p in d.defaults.get("deadlines") or [] if p["kind"] in kinds]
        if not pols and d.edition.get("deadlines"):
            return  # the year's notice set its own deadlines and none of these kinds
        made = [_deadline_from_policy(d, rule, p, contacts) for p in pols]
        for dl, pol in zip(made, pols, strict=True):
            if pol.get("form"):
                dl.attachment = next((i for i, a in enumerate(planned, 1) if a.form == pol["form"]), None)
    if not made:
        made = [Deadline(kinds[0], d.missing(f"deadlines.{kinds[0]}", "报送内容", "档案未给出报送要求"),
                         d.missing(f"deadlines.{kinds[0]}.date", "报送日期", "档案未给出报送时限"),
                         prov=_prov(rule, "无"))]
    if not made[0].working_day_checked and not any("未核对法定节假日" in n for n in d.notice.notes):
        d.notice.notes.append(f"工作日历尚未收录{d.year}年的法定节假日和调休安排，报送时限只避开了周末，"
                              "未核对法定节假日，发文前请核对。")
    for dl in made:
        _check_order(d, dl)
        d.notice.deadlines.append(dl)
        ref = attachment_ref(len(planned), dl.attachment) if dl.attachment else ""
        mats = f"（{'、'.join(dl.materials)}）" if dl.materials else ""
        text = _fmt(rule.params["text"], what=dl.what, attachment_ref=ref, materials=mats,
                    date=day_label(dl.date), office=dl.office or "", contact=_contact_sentence(dl.contact))
        parent = d.sections.get("requirements")
        if parent is not None:
            child = Section(rule.params["heading"], 2, [text], [], dl.prov, run_in=True)
            parent.children.append(child)
            d.sections[f"deadline.{len(d.notice.deadlines) - 1}"] = child


def _check_order(d: Draft, dl: Deadline) -> None:
    when, week = _to_date(dl.date), d.notice.week
    if when is None or week is None:
        return
    start, end = _to_date(week.start), _to_date(week.end)
    if dl.kind in ("plan", "schedule") and start and when >= start:
        d.notice.notes.append(f"{dl.what}的报送时限 {when} 不在活动周（{start} 开始）之前，请核对。")
    if dl.kind == "summary" and end and when <= end:
        d.notice.notes.append(f"{dl.what}的报送时限 {when} 不在活动周（{end} 结束）之后，请核对。")


def build_contacts(d: Draft, rule: Rule) -> None:
    contacts, source = _contacts(d)
    if not contacts:
        contacts = [Contact(d.missing("contacts", "联系人及联系方式", "档案未给出联系人"))]
        source = "无"
    d.notice.contacts = contacts
    d.notice.provenance["contacts"] = _prov(rule, source)
    # Units must know whom to send their materials to: when no deadline names a contact,
    # the last one (the summary) carries the first contact, or the placeholder for it.
    if d.notice.deadlines and not any(dl.contact for dl in d.notice.deadlines):
        i = len(d.notice.deadlines) - 1
        d.notice.deadlines[i].contact = contacts[0]
        target = d.sections.get(f"deadline.{i}")
        if target is not None:
            target.paragraphs[-1] += _contact_sentence(contacts[0])


def build_attachments(d: Draft, rule: Rule) -> None:
    planned, source = _attachment_plan(d)
    for a in planned:
        a.prov = _prov(rule, source)
    d.notice.attachments = planned


def build_signature(d: Draft, rule: Rule) -> None:
    given = d.edition.get("date")
    if given:
        d.notice.signature_date, source = iso(given), d.edition_source()
    else:
        d.notice.signature_date = d.missing("signature_date", "成文日期", "成文日期由发文机关签发时确定")
        source = "无"
    d.notice.provenance["signature"] = _prov(rule, source)


def build_imprint(d: Draft, rule: Rule) -> None:
    given = d.edition.get("imprint") or {}
    office = given.get("office") or d.defaults.get("imprint_office") or (
        d.notice.issuers[-1].name if d.notice.issuers else "")
    when = iso(given.get("date")) or d.notice.signature_date or d.missing(
        "imprint.date", "印发日期", "印发日期由发文机关确定")
    imprint = {"office": office, "date": when}
    cc = given.get("cc") or d.defaults.get("cc")
    if cc:
        imprint["cc"] = cc
    d.notice.imprint = imprint
    d.notice.provenance["imprint"] = _prov(rule, d.edition_source() if given else d.defaults_source())


BUILDERS: dict[str, Callable[[Draft, Rule], None]] = {
    "header": build_header,
    "doc_number": build_doc_number,
    "title": build_title,
    "recipients": build_recipients,
    "citations": build_citations,
    "section_guiding": build_guiding,
    "section_theme": build_theme,
    "section_week": build_week,
    "section_organisation": build_organisation,
    "section_activities": build_activities,
    "section_requirements": build_requirements,
    "requirement": build_requirement,
    "four_ones": build_four_ones,
    "free_training": build_free_training,
    "deadline": build_deadline,
    "contacts": build_contacts,
    "attachments": build_attachments,
    "signature": build_signature,
    "imprint": build_imprint,
}


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


_TREES: dict[str, tuple[tuple, ProfileTree]] = {}


def load_tree(root: Path | str = PROFILES_DIR) -> ProfileTree:
    """The profile tree, re-read only when a profile file changed (checked by mtime and size)."""
    root = Path(root)
    key = str(root.resolve())
    stamp = tuple(sorted((str(f), f.stat().st_mtime_ns, f.stat().st_size) for f in root.rglob("*.yaml"))) \
        if root.is_dir() else ()
    cached = _TREES.get(key)
    if cached is None or cached[0] != stamp:
        _TREES[key] = (stamp, ProfileTree(root))
    return _TREES[key][1]


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
                _opening(d, rule)
    if not any(r.sets == "citations" for r in rules):  # a national notice cites no one
        _opening(d, next(r for r in load_rules(Path(rules_dir)) if r.sets == "citations"))
    notice.number_sections()
    return notice
