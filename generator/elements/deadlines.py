"""报送时限、联系人、附件：报送时限带出附件，附件带出附件说明和附件页。"""

from __future__ import annotations

import re
from datetime import date

from .. import workcal
from ..findings import finding
from ..model import (
    PLACEHOLDER_RE,
    Attachment,
    Contact,
    Deadline,
    PlaceholderNote,
    Section,
    attachment_ref,
    verify,
)
from ..rules import Rule
from .base import (
    Draft,
    _missing,
    builds,
    checks,
    day_label,
    fmt,
    norm,
    prov,
    to_date,
)

#: a mobile number alone: a published notice gives the office phone (个人信息保护法 第六条)
MOBILE_RE = re.compile(r"1[3-9]\d{9}")


def _gives_contact(c: dict):
    """An edition that names this person, number or address (the notice it was read from)."""
    mine = {v for v in (c.get("name"), c.get("phone"), c.get("email")) if v}
    return lambda ed: any(mine & {x.get("name"), x.get("phone"), x.get("email")} for x in ed.get("contacts") or [])


def _contacts(d: Draft) -> tuple[list[Contact], str]:
    given, source = d.fact("contacts")
    from_defaults = d.edition.get("contacts") is None
    out = []
    for i, c in enumerate(given or []):
        values = [c.get("name") or "", c.get("phone", ""), c.get("email", "")]
        settled, known_for = d.settled(c, _gives_contact(c)) if from_defaults else (True, d.year)
        if not settled:  # a person and a number of another year's notice: to be confirmed
            shown = "，".join(v for v in values if v)
            values = [v and d.unverified(f"contacts.{i}", v, known_for, "联系人", shown) for v in values]
        if MOBILE_RE.fullmatch(values[1]):  # a person's own mobile in a notice that is published
            if not any(p.field == f"contacts.{i}.phone" for p in d.notice.placeholders):
                d.notice.placeholders.append(PlaceholderNote(
                    f"contacts.{i}.phone", f"联系电话“{values[1]}”是个人手机号码：通知将公开发布，请核实后保留，"
                    "或改为办公电话（区号-座机）", "待核实", known_for))
            d.hints.add(values[1])
            values[1] = verify(values[1])
        name = values[0] or d.missing(f"contacts.{i}.name", "联系人姓名", "档案未给出联系人姓名")
        out.append(Contact(name, values[1], values[2], c.get("office", "")))
    return out, source


def holiday_arrangement(d: Draft, year: int) -> workcal.Arrangement | None:
    """The State Council's arrangement for the year, as the nearest edition up the chain gives it."""
    for n in [d.node, *reversed(d.node.chain())]:
        data = (n.editions.get(year) or {}).get("holidays")
        if data:
            return workcal.Arrangement.from_profile(year, data, d.rel(n.path.parent / f"{year}.yaml"))
    return None


def _deadline_from_fact(d: Draft, rule: Rule, fact: dict, contacts: list[Contact]) -> Deadline:
    when = to_date(fact["date"])
    cal = holiday_arrangement(d, when.year)
    dl = Deadline(fact["kind"], fact["what"], when.isoformat(), list(fact.get("materials") or []),
                  fact.get("office", ""), _pick(contacts, fact.get("contact")), fact.get("attachment"),
                  workcal.covered(when.year, cal), prov(rule, d.edition_source()),
                  workcal.calendar_name(when.year, cal))
    if not workcal.is_working_day(when, cal):
        off = workcal.holiday_name(when, cal)
        d.notice.notes.append(f"{dl.what}的报送时限 {when} 是{off}（非工作日），照原通知保留。")
    return dl


def _pick(contacts: list[Contact], index: int | None) -> Contact | None:
    if index is None or not contacts:
        return None
    return contacts[index] if index < len(contacts) else None


def _deadline_from_policy(d: Draft, rule: Rule, pol: dict, contacts: list[Contact]) -> Deadline:
    week = d.notice.week
    before = pol.get("working_days_before_week")
    anchor = to_date(week.start if before else week.end) if week else None
    source = f"{d.rel(d.node.path)} defaults.deadlines：{pol.get('source', '')}（按工作日计算）"
    cal = holiday_arrangement(d, d.year)
    checked = workcal.covered(d.year, cal)
    if anchor is None:
        date_s = d.missing(f"deadlines.{pol['kind']}", "报送日期", "活动周日期未定，无法计算报送时限")
    else:
        n = -before if before else pol.get("working_days_after_week", 1)
        date_s = workcal.shift_working_days(anchor, n, cal).isoformat()
    return Deadline(pol["kind"], pol["what"], date_s, list(pol.get("materials") or []),
                    pol.get("office", ""), _pick(contacts, pol.get("contact")), None, checked,
                    prov(rule, source), workcal.calendar_name(d.year, cal))


def _attachment(a: dict) -> Attachment:
    return Attachment(a["title"], a.get("form", ""), columns=list(a.get("columns") or []))


def _attachment_plan(d: Draft) -> tuple[list[Attachment], str]:
    """The year's attachments; for a year without its edition, last edition's carried over
    (``carried_attachments``) with the ones the deadline policies imply."""
    if d.edition.get("attachments"):
        return [_attachment(a) for a in d.edition["attachments"]], d.edition_source()
    attached = {k for r in d.given("attachment") for k in r.params.get("kinds") or ()}
    out = []
    for pol in d.defaults.get("deadlines") or []:
        if pol.get("form") and pol["kind"] in attached and not d.edition.get("deadlines"):
            title = fmt(pol.get("form_title") or d.missing("attachments", "附件标题", "档案未给出附件标题"),
                         year=d.year)
            out.append(Attachment(title, pol["form"]))
    carried, year = carried_attachments(d.node, d.year)
    if not carried:
        return out, d.defaults_source()
    by_form = {a.form: a for a in out if a.form}
    merged = [by_form.pop(a["form"], None) or _attachment(a) if a.get("form") else _attachment(a) for a in carried]
    for a in merged:
        if not any(a is x for x in out):
            a.title = move_years(a.title, year, d.year)
    merged += [a for a in out if a.form in by_form]
    source = f"{d.rel(d.node.path.parent / f'{year}.yaml')} attachments（{year}年通知的附件，沿用到{d.year}年）"
    return merged, source


def carried_attachments(node, year: int) -> tuple[list[dict], int]:
    """Last year's attachments for a year without its own edition: the latest earlier edition
    that had any (its form kinds kept; the caller moves the years in the titles on)."""
    if node.editions.get(year):
        return [], 0
    earlier = [y for y, ed in node.editions.items() if y < year and ed.get("attachments")]
    if not earlier:
        return [], 0
    last = max(earlier)
    return list(node.editions[last]["attachments"]), last


def move_years(text: str, was: int, now: int) -> str:
    """The years of ``text`` moved on from ``was`` to ``now`` (2020-2021年度 → 2027-2028年度)."""
    shift = now - was

    def moved(m: re.Match) -> str:
        y = int(m.group(0))
        return str(y + shift) if abs(y - was) <= 1 else m.group(0)

    return re.sub(r"(?<!\d)(?:19|20)\d{2}(?!\d)", moved, text)


def _contact_sentence(c: Contact | None) -> str:
    if c is None:
        return ""
    parts = [f"联系人：{c.name}"] if c.name else []
    if c.phone:
        parts.append(f"联系电话：{c.phone}")
    if c.email:
        parts.append(f"电子邮箱：{c.email}")
    return "，".join(parts) + "。" if parts else ""


@builds("deadline")
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
        carried, last = carried_attachments(d.node, d.year)
        asked = {f["kind"]: f.get("attachment") for f in (d.node.editions.get(last) or {}).get("deadlines") or []}
        for dl, pol in zip(made, pols, strict=True):
            if pol.get("form"):
                dl.attachment = next((i for i, a in enumerate(planned, 1) if a.form == pol["form"]), None)
            elif carried and asked.get(dl.kind) and asked[dl.kind] <= len(planned):
                dl.attachment = asked[dl.kind]  # last year's deadline asked for that attachment
    if not made:
        made = [Deadline(kinds[0], d.missing(f"deadlines.{kinds[0]}", "报送内容", "档案未给出报送要求"),
                         d.missing(f"deadlines.{kinds[0]}.date", "报送日期", "档案未给出报送时限"),
                         prov=prov(rule, "无"))]
    if not made[0].working_day_checked and not any("未核对法定节假日" in n for n in d.notice.notes):
        d.notice.notes.append(f"工作日历尚未收录{d.year}年的法定节假日和调休安排，报送时限只避开了周末，"
                              "未核对法定节假日，发文前请核对。")
    for dl in made:
        _check_order(d, dl)
        d.notice.deadlines.append(dl)
        ref = attachment_ref(len(planned), dl.attachment) if dl.attachment else ""
        mats = f"（{'、'.join(dl.materials)}）" if dl.materials else ""
        text = fmt(rule.params["text"], what=dl.what, attachment_ref=ref, materials=mats,
                    date=day_label(dl.date), office=dl.office or "", contact=_contact_sentence(dl.contact))
        parent = d.sections.get("requirements")
        if parent is not None:
            child = Section(rule.params["heading"], 2, [text], [], dl.prov, run_in=True)
            parent.children.append(child)
            d.sections[f"deadline.{len(d.notice.deadlines) - 1}"] = child


def _check_order(d: Draft, dl: Deadline) -> None:
    when, week = to_date(dl.date), d.notice.week
    if when is None or week is None:
        return
    start, end = to_date(week.start), to_date(week.end)
    if dl.kind in ("plan", "schedule") and start and when >= start:
        d.notice.notes.append(f"{dl.what}的报送时限 {when} 不在活动周（{start} 开始）之前，请核对。")
    if dl.kind == "summary" and end and when <= end:
        d.notice.notes.append(f"{dl.what}的报送时限 {when} 不在活动周（{end} 结束）之后，请核对。")


@builds("contacts")
def build_contacts(d: Draft, rule: Rule) -> None:
    contacts, source = _contacts(d)
    if not contacts:
        contacts = [Contact(d.missing("contacts", "联系人及联系方式", "档案未给出联系人"))]
        source = "无"
    d.notice.contacts = contacts
    d.notice.provenance["contacts"] = prov(rule, source)
    # Units must know whom to send their materials to: when no deadline names a contact,
    # the last one (the summary) carries the first contact, or the placeholder for it.
    if d.notice.deadlines and not any(dl.contact for dl in d.notice.deadlines):
        i = len(d.notice.deadlines) - 1
        d.notice.deadlines[i].contact = contacts[0]
        target = d.sections.get(f"deadline.{i}")
        if target is not None:
            target.paragraphs[-1] += _contact_sentence(contacts[0])


@builds("attachments")
def build_attachments(d: Draft, rule: Rule) -> None:
    from ..forms import known_forms  # the form kinds are data (templates/forms/*.yaml)

    planned, source = _attachment_plan(d)
    kinds = set(known_forms())
    for i, a in enumerate(planned, 1):
        a.prov = prov(rule, source)
        if a.form not in kinds:  # nothing to draw on its page: say what must be attached there
            a.note = d.missing(f"attachments.{i}.body", f"附件{i}正文：请在此附上《{a.title}》",
                               f"档案未给出附件“{a.title}”的表单类型，附件页须由发文机关补入内容")
    d.notice.attachments = planned


def _outside_order(d, week) -> bool:
    """A plan due once the week has begun, or a summary due before it ends."""
    if not (week and re.match(r"\d{4}-", d.date) and re.match(r"\d{4}-", week.start)):
        return False
    when = date.fromisoformat(d.date)
    if d.kind in ("plan", "schedule"):
        return when >= date.fromisoformat(week.start)
    return d.kind == "summary" and when <= date.fromisoformat(week.end)


@checks("deadline")
def deadline(rule, draft, expected, ctx):
    kinds = set(rule.params.get("kinds") or [])
    got = [(d, loc) for d, loc in zip(draft.deadlines, ctx.res.deadline_locs, strict=True) if d.kind in kinds
           or (d.kind == "plan" and "schedule" in kinds)]
    if not got:
        return _missing(rule, ctx, "title", "未见报送时限")
    out = []
    # a date on the wrong side of the week is NK-F-DEADLINE-ORDER's to report (one slip, one finding)
    misplaced = {d.date for d, _ in got if _outside_order(d, draft.week)}
    if "summary" in kinds and not any(m in d.what or m in "".join(d.materials)
                                      for d, _ in got for m in ("照片", "视频", "案例")):
        out.append(finding(rule, "未要求报送照片、视频或案例", got[0][1], got[0][0].what, "warning"))
    if expected:
        for e in expected.deadlines:
            if e.kind in kinds and re.match(r"\d{4}-", e.date) and not misplaced \
                    and not any(d.date == e.date for d, _ in got):
                out.append(finding(rule, f"档案要求 {e.date} 前报送{e.what}", got[0][1], got[0][0].what))
    return out


@checks("contacts")
def contacts(rule, draft, expected, ctx):
    from ..reader import EMAIL_RE, PHONE_RE  # lint's (imported already); drafting never needs them

    text = ctx.text
    problems = []
    if not draft.contacts or not any(c.name for c in draft.contacts):
        problems.append("未见联系人")
    pending = any(PLACEHOLDER_RE.search(c.name) for c in draft.contacts)  # 【待填：联系人及联系方式】
    if not PHONE_RE.search(text) and not pending:
        problems.append("未见联系电话")
    if not EMAIL_RE.search(text) and not pending:
        problems.append("未见电子邮箱")
    if expected:
        cited = [d.contact for d in expected.deadlines if d.contact] or expected.contacts[:1]
        for c in cited:
            for v in (c.name, c.phone, c.email):
                if v and "待填" not in v and norm(v) not in norm(text):
                    problems.append(f"档案中的“{v}”未出现")
    # a profile that gives no contact at all: the draft cannot be blamed for lacking one
    soft = "warning" if expected is not None and not expected.contacts else ""
    problems = list(dict.fromkeys(problems))  # the same contact cited by two deadlines: say it once
    return [finding(rule, "；".join(problems), ctx.res.loc_of("contacts"), "", soft)] if problems else []


@checks("attachments")
def attachments(rule, draft, expected, ctx):
    res = ctx.res
    out = []
    named = res.attachment_note
    pages = [norm(t) for t, _ in res.attachment_pages]
    if not named:
        return _missing(rule, ctx, "title", "未见附件说明")
    for title_, loc in named:
        if not any(norm(title_) in p or p and p in norm(title_) for p in pages):
            soft = "info" if res.input_kind == "text" else ""
            out.append(finding(rule, f"附件说明中的“{title_}”在文末没有对应的附件", loc, title_, soft))
    for t, loc in res.attachment_pages:
        if not any(norm(n) in norm(t) or norm(t) in norm(n) for n, _ in named):
            out.append(finding(rule, f"附件“{t}”未在附件说明中列出", loc, t))
    if expected:
        for a in expected.attachments:
            if not any(norm(a.title) == norm(n) for n, _ in named):
                out.append(finding(rule, f"缺少附件“{a.title}”", res.loc_of("attachment_note")))
    return out
