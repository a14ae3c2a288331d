"""``notice explain``: the assembled Notice with, for every element, the rule that put it
there (id, title, trigger, the directive clause it comes from) and the fact's source."""

from __future__ import annotations

from typing import Any

from .catalogue import load_rules
from .model import COMPUTED, Notice, Provenance, Section
from .rules import Rule


def _rules_used(notice: Notice) -> dict[str, Rule]:
    ids = {p.rule for p in notice.provenance.values()}
    ids |= {c.prov.rule for c in notice.citations} | {d.prov.rule for d in notice.deadlines}
    ids |= {a.prov.rule for a in notice.attachments} | {s.prov.rule for s in notice.all_sections()}
    if notice.week:
        ids.add(notice.week.prov.rule)
    by_id = {r.id: r for r in load_rules()}
    return {i: by_id[i] for i in sorted(ids) if i in by_id}


def explain_dict(notice: Notice) -> dict[str, Any]:
    """The JSON of ``notice explain``: ``Notice.to_dict()`` plus the rules it cites."""
    out = notice.to_dict()
    out["rules"] = {
        r.id: {"title": r.title, "when": r.describe_when(), "source": r.source, "severity": r.severity,
               "strength": r.strength}
        for r in _rules_used(notice).values()
    }
    return out


def _why(p: Provenance, rules: dict[str, Rule], indent: str) -> list[str]:
    r = rules.get(p.rule)
    lines = []
    if r:
        lines.append(f"{indent}规则 {r.id}「{r.title}」（{r.strength}）：{r.describe_when()}；依据 {r.source}")
    if p.source:
        lines.append(f"{indent}事实来源：{p.source}")
    return lines


def _section_lines(s: Section, rules: dict[str, Rule], depth: int) -> list[str]:
    pad = "  " * depth
    lines = [f"{pad}{s.label}{s.heading}"]
    lines += _why(s.prov, rules, pad + "    ↳ ")
    for para in s.paragraphs:
        lines.append(f"{pad}    {para}")
    for child in s.children:
        lines += _section_lines(child, rules, depth + 1)
    return lines


def explain_text(notice: Notice) -> str:
    """A reviewer-readable account of the notice, element by element."""
    rules = _rules_used(notice)
    prov = notice.provenance
    out = [f"{notice.jurisdiction} {notice.year} 年全民终身学习活动周通知：内容及依据", ""]

    def element(label: str, value: str, key: str | None = None, p: Provenance | None = None) -> None:
        out.append(f"【{label}】{value}")
        p = p or prov.get(key or "")
        if p:
            out.extend(_why(p, rules, "    ↳ "))

    element("发文机关", "、".join(o.name for o in notice.issuers), "issuers")
    element("发文字号", str(notice.doc_number) if notice.doc_number else "（无）", "doc_number")
    element("版式", notice.format + "格式", "format")
    element("标题", notice.title, "title")
    element("主送机关", "，".join(notice.recipients), "recipients")
    for i, c in enumerate(notice.citations, 1):
        element(f"引用{i}", c.text(), p=c.prov)
    element("开篇", notice.opening, "opening")
    element("活动主题", notice.theme, "theme")
    if notice.week:
        launch = notice.week.launch
        extra = f"；启动仪式：{'，'.join(v for v in launch.values())}" if launch else ""
        st = notice.date_status.get("week")
        status = f"（{st.status}）" if st else ""
        element("活动周", f"{notice.week.start} — {notice.week.end}{status}{extra}", p=notice.week.prov)
    if notice.four_ones:
        element("四个一", "、".join(notice.four_ones), "four_ones")
    for i, dl in enumerate(notice.deadlines):
        st = notice.date_status.get(f"deadlines.{i}")
        mats = f"；材料：{'、'.join(dl.materials)}" if dl.materials else ""
        att = f"；附件{dl.attachment}" if dl.attachment else ""
        checked = "" if dl.working_day_checked else "（法定节假日未核对）"
        cal = f"；核对所用日历：{dl.calendar}" if dl.calendar else ""
        status = f"（{st.status}）" if st else ""
        element("报送时限", f"{dl.date}{status}{checked} {dl.what}{mats}{att}；报送{dl.office}{cal}", p=dl.prov)
    for i, a in enumerate(notice.attachments, 1):
        element(f"附件{i}", f"{a.title}（表式：{a.form or '无'}）", p=a.prov)
    for c in notice.contacts:
        element("联系人", "，".join(x for x in (c.name, c.phone, c.email, c.office) if x), "contacts")
    sig = notice.date_status.get("signature_date")
    element("成文日期", notice.signature_date + (f"（{sig.status}）" if sig else ""), "signature")
    names = {"cc": "抄送", "office": "印发机关", "date": "印发日期"}
    element("版记", "，".join(f"{names.get(k, k)}：{v}" for k, v in notice.imprint.items()), "imprint")
    out += ["", "正文结构："]
    for s in notice.sections:
        out += _section_lines(s, rules, 1)
    return "\n".join(out + to_check(notice)) + "\n"


def to_check(notice: Notice) -> list[str]:
    """What the clerk must fill in and check before sending: the placeholders and the notes."""
    out: list[str] = []
    if notice.placeholders:
        out += ["", f"待填项（{len(notice.placeholders)} 处，文中以【待填】或【待核实】标出）："]
        out += [f"  - {p.field}：{p.reason}" + (f"（{p.kind}，所知年份：{p.known_for or '不详'}）"
                                                if p.kind != "待填" else "") for p in notice.placeholders]
    computed = [(k, s) for k, s in notice.date_status.items() if s.status == COMPUTED]
    if computed:
        out += ["", f"推算的日期（{len(computed)} 处，.docx 中以绿色标出）："]
        out += [f"  - {k}：{s.basis}；{s.confirm}（规则 {s.rule}）" for k, s in computed]
    if notice.notes:
        out += ["", "提示："]
        out += [f"  - {n}" for n in notice.notes]
    return out
