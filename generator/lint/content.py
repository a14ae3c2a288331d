"""Content checks (rules/content.yaml, ``check:`` names): is every element there, and,
with a profile, is it the one the profile and year require.

A checker is ``fn(rule, draft, expected, ctx) -> list[Finding]``: ``draft`` is the Notice
read from the file, ``expected`` the Notice drafted from the profile (or None), ``ctx``
the LintContext (the ReadResult with locations, the known 四个一 variants).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from ..model import PLACEHOLDER_RE, Notice, Section, has_placeholder
from ..reader import EMAIL_RE, PHONE_RE, ReadResult, norm
from ..rules import Rule
from .findings import Finding, finding

SCHOOL_RE = re.compile(r"中小学|学校|幼儿园")
TRAINING_RE = re.compile(r"培训机构|非学历|社会办学")


@dataclass
class LintContext:
    res: ReadResult
    four_ones_variants: list[list[str]] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(ln.text for ln in self.res.body)


Checker = Callable[[Rule, Notice, "Notice | None", LintContext], list[Finding]]
CONTENT_CHECKS: dict[str, Checker] = {}


def register(name: str):
    def deco(fn: Checker) -> Checker:
        CONTENT_CHECKS[name] = fn
        return fn

    return deco


def _sections(n: Notice, *words: str) -> list[Section]:
    return [s for s in n.all_sections() if any(w in s.heading for w in words)]


def _section_text(s: Section) -> str:
    return s.heading + "".join(p for x in s.walk() for p in [x.heading, *x.paragraphs])


def _missing(rule: Rule, ctx: LintContext, key: str, detail: str, severity: str = "") -> list[Finding]:
    return [finding(rule, detail, ctx.res.loc_of(key), "", severity)]


def _text_soft(ctx: LintContext) -> str:
    """Text conversions often lose the red header block: say so, but not as an error."""
    return "warning" if ctx.res.input_kind == "text" else ""


@register("header")
def header(rule, draft, expected, ctx):
    if not ctx.res.header:
        return _missing(rule, ctx, "title", "未见版头", _text_soft(ctx))
    if expected:
        want = {o.name for o in expected.issuers}
        got = {norm(h) for h in ctx.res.header}
        lost = [w for w in want if norm(w) not in got]
        if lost:
            return _missing(rule, ctx, "header", "版头缺少 " + "、".join(lost))
    return []


@register("doc_number")
def doc_number(rule, draft, expected, ctx):
    if not draft.doc_number:
        return _missing(rule, ctx, "title", "未见发文字号", _text_soft(ctx))
    if expected and expected.doc_number:
        e, d = expected.doc_number, draft.doc_number
        code_known = not has_placeholder(e.code)  # a profile without the code cannot judge it
        if e.year != d.year or (code_known and norm(e.code) != norm(d.code)):
            return _missing(rule, ctx, "doc_number", f"应为 {e.code}〔{e.year}〕…号，实为 {d}")
        if e.serial.isdigit() and d.serial != e.serial:
            return _missing(rule, ctx, "doc_number", f"档案载明 {e}，实为 {d}")
    return []


@register("title")
def title(rule, draft, expected, ctx):
    t = draft.title
    if not t:
        return _missing(rule, ctx, "title", "未见标题")
    problems = []
    if "关于" not in t:
        problems.append("应写明“关于……”")
    if not t.endswith("的通知"):
        problems.append("应以“的通知”结尾")
    if "全民终身学习" not in t:
        problems.append("应写明“全民终身学习”")
    if expected and not problems and norm(expected.title) != norm(t):
        problems.append(f"档案要求“{expected.title}”")
    return [finding(rule, "；".join(problems), ctx.res.loc_of("title"), t)] if problems else []


@register("recipients")
def recipients(rule, draft, expected, ctx):
    if not draft.recipients:
        return _missing(rule, ctx, "title", "未见主送机关")
    seen: dict[str, str] = {}
    out = []
    for r in draft.recipients:
        key = re.sub(r"^各", "", norm(r))
        if key in seen:
            out.append(finding(rule, f"“{r}”重复", ctx.res.loc_of("recipients"), "、".join(draft.recipients)))
        seen[key] = r
    if expected:
        got = re.sub(r"[、，；]", "", norm("".join(draft.recipients)))
        lost = [r for r in expected.recipients if "待填" not in r and re.sub(r"[、，；]", "", norm(r)) not in got]
        if lost:
            out.append(finding(rule, "缺少 " + "、".join(lost), ctx.res.loc_of("recipients")))
    return out


# 《title》（code〔year〕N号）: a cited notice with its 文号, as the opening quotes it
CITED_RE = re.compile(r"《(?P<title>[^》]+)》\s*[（(](?P<docno>[^（）()]*?〔\s*(?P<year>\d{4})\s*〕[^（）()]*?号)[）)]")


def _stale_citations(rule, draft, ctx) -> list:
    """Last year's superior notice cited again: the week's directives are yearly, so a cited
    活动周 notice (or its 文号) from before this notice's year is most likely a copied slip."""
    out = []
    for m in CITED_RE.finditer(draft.opening):
        if "全民终身学习" not in m["title"] or not draft.year:
            continue
        title_year = re.search(r"(20\d{2})年", m["title"])
        years = {int(m["year"])} | ({int(title_year.group(1))} if title_year else set())
        if min(years) < draft.year:
            detail = (f"所引《{m['title']}》（{m['docno']}）是{min(years)}年的，本通知是{draft.year}年的，"
                      "请核对是否沿用了往年的上级通知或文号")
            out.append(finding(rule, detail, ctx.res.loc_of("opening"), m[0], "warning"))
    return out


@register("citations")
def citations(rule, draft, expected, ctx):
    opening = draft.opening
    stale = _stale_citations(rule, draft, ctx)
    if expected:
        lost = [c for c in expected.citations if c.doc_number and "待填" not in c.doc_number
                and norm(c.doc_number) not in norm(opening)]
        return [finding(rule, f"未引用{c.issuer}《{c.title.strip('《》')}》（{c.doc_number}）",
                        ctx.res.loc_of("opening"), opening) for c in lost] + stale
    cited = re.findall(r"《[^》]+》", opening)
    if not cited:
        return [finding(rule, "开篇没有用书名号引用上级通知", ctx.res.loc_of("opening"), opening)]
    numbers = re.findall(r"〔\s*\d{4}\s*〕\s*\d+\s*号|【待填[^】]*文号】", opening)
    if len(numbers) < len(cited):
        return [finding(rule, f"引用了 {len(cited)} 份通知，只写明 {len(numbers)} 个文号",
                        ctx.res.loc_of("opening"), opening)] + stale
    return stale


@register("section_guiding")
def section_guiding(rule, draft, expected, ctx):
    return [] if _sections(draft, "指导思想", "总体要求") else _missing(rule, ctx, "title", "")


@register("theme")
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


@register("week")
def week(rule, draft, expected, ctx):
    if not draft.week:
        delegated = "自行" in ctx.text
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


@register("section_organisation")
def section_organisation(rule, draft, expected, ctx):
    # top-level sections and their children, but not the requirements' "强化组织领导"
    pool = [s for top in draft.sections if not re.search(r"要求|其他|其它", top.heading) for s in [top, *top.children]]
    found = [s for s in pool if re.search(r"组织|领导|举办机构|主办|分工", s.heading)]
    return [] if found else _missing(rule, ctx, "title", "")


@register("section_activities")
def section_activities(rule, draft, expected, ctx):
    found = [s for s in _sections(draft, "活动内容", "活动安排", "主要活动") if s.children or s.paragraphs]
    return [] if found else _missing(rule, ctx, "title", "")


@register("section_requirements")
def section_requirements(rule, draft, expected, ctx):
    return [] if _sections(draft, "要求", "保障", "其他事项") else _missing(rule, ctx, "title", "")


def _keywords_found(rule: Rule, ctx: LintContext) -> bool:
    return any(k in ctx.text for k in rule.params.get("keywords") or [])


@register("requirement")
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


@register("frugality")
def frugality(rule, draft, expected, ctx):
    return [] if _keywords_found(rule, ctx) else _missing(rule, ctx, "title", "")


@register("free_training")
def free_training(rule, draft, expected, ctx):
    return frugality(rule, draft, expected, ctx)


def _four_ones_in(text: str) -> list[str] | None:
    m = re.search(r"“四个一”\s*[（(]([^）)]+)[）)]", text)
    return [x.strip() for x in re.split(r"[、，,]", m.group(1)) if x.strip()] if m else None


@register("four_ones")
def four_ones(rule, draft, expected, ctx):
    items = _four_ones_in(ctx.text)
    if items is None:
        return _missing(rule, ctx, "title", "未见“四个一”及其内容")
    draft.four_ones = items
    known = [expected.four_ones] if expected and expected.four_ones else ctx.four_ones_variants
    if known and not any(sorted(items) == sorted(v) for v in known):
        return _missing(rule, ctx, "title", f"“{'、'.join(items)}”不是已知的“四个一”（应为"
                        + "；或".join("、".join(v) for v in known) + "）")
    return []


def _outside_order(d, week) -> bool:
    """A plan due once the week has begun, or a summary due before it ends."""
    if not (week and re.match(r"\d{4}-", d.date) and re.match(r"\d{4}-", week.start)):
        return False
    when = date.fromisoformat(d.date)
    if d.kind in ("plan", "schedule"):
        return when >= date.fromisoformat(week.start)
    return d.kind == "summary" and when <= date.fromisoformat(week.end)


@register("deadline")
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


@register("contacts")
def contacts(rule, draft, expected, ctx):
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


@register("attachments")
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


@register("signature")
def signature(rule, draft, expected, ctx):
    res = ctx.res
    out = []
    if not res.signature:
        out.append(finding(rule, "未见发文机关署名", res.loc_of("signature_date")))
    if not draft.signature_date:
        out.append(finding(rule, "未见成文日期", res.loc_of("signature")))
    names = {norm(n) for n, _ in res.signature}
    lost = [h for h in res.header if norm(h) not in names]
    if res.signature and lost:
        out.append(finding(rule, "版头机关“" + "、".join(lost) + "”未署名", res.loc_of("signature")))
    if expected and expected.signature_date and re.match(r"\d{4}-", expected.signature_date) \
            and draft.signature_date and draft.signature_date != expected.signature_date:
        out.append(finding(rule, f"档案成文日期 {expected.signature_date}", res.loc_of("signature_date")))
    return out


@register("imprint")
def imprint(rule, draft, expected, ctx):
    return [] if draft.imprint.get("date") else _missing(rule, ctx, "title", "未见“……印发”一行")
