"""Form checks (rules/form.yaml): numbering, 文号, dates, weekdays, punctuation, wording.

Each checker gets the rule and the ReadResult and returns findings; they look only at
what is written, so they need no profile.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from .. import workcal
from ..model import PLACEHOLDER_RE, WEEKDAYS, Section
from ..reader import CN, CN_DATE_RE, DOC_NO_RE, EMAIL_RE, ReadResult, is_residue, match_label
from ..rules import Rule
from .findings import Finding, finding

Checker = Callable[[Rule, ReadResult], list[Finding]]
FORM_CHECKS: dict[str, Checker] = {}

# Reduplications that are words, not slips (天天、人人、等等…).
OK_DOUBLES = set("天处人时常刚渐往个家户年事步层点滴多看谢星默纷深满稳实等一")
URL_RE = re.compile(r"(?:https?|ftp)\s*:\s*/\s*/\s*[\w.\-/%?=&#~+:]*|www\.[\w.\-/]+")
LATIN_OK = {"word", "pdf", "ppt", "app", "email", "mail", "wifi", "excel", "wps", "qq", "e"}


def register(name: str):
    def deco(fn: Checker) -> Checker:
        FORM_CHECKS[name] = fn
        return fn

    return deco


def _prose(res: ReadResult):
    """Lines of running text (from the title on), without e-mails and URLs."""
    for ln in res.lines:
        if ln.text and not is_residue(ln):
            hit = match_label(ln.text)
            text = ln.text[hit[1].end():] if hit else ln.text  # labels are NK-F-HEADING-STYLE's job
            yield ln, URL_RE.sub(" ", EMAIL_RE.sub(" ", text))


def _date(y: int, m: str, d: str) -> date | None:
    try:
        return date(y, int(m), int(d))
    except ValueError:
        return None


@register("heading_sequence")
def heading_sequence(rule: Rule, res: ReadResult) -> list[Finding]:
    out: list[Finding] = []

    def visit(sections: list[Section]) -> None:
        by_level: dict[int, list[Section]] = {}
        for s in sections:
            by_level.setdefault(s.level, []).append(s)
        for group in by_level.values():
            # one slip, one finding: an item that follows its neighbour or sits at its own
            # position is fine (so "一 一 三" reports the repeat only, "一 二 四 五" the gap only,
            # "三 五 五" the first 五 only: the second is where it belongs)
            for pos, (prev, cur) in enumerate(zip([None, *group], group, strict=False), 1):
                after = (prev.number if prev else 0) + 1
                if prev and cur.number == prev.number and cur.number != pos:
                    out.append(finding(rule, f"“{cur.label}”重复", cur.loc, cur.label + cur.heading))
                elif cur.number not in (after, pos):
                    out.append(finding(rule, f"“{cur.label}”应为第{after}项", cur.loc, cur.label + cur.heading))
        for s in sections:
            visit(s.children)

    visit(res.notice.sections)
    return out


def _labelled(res: ReadResult):
    for s in res.notice.all_sections():
        hit = match_label(s.label)
        if hit:
            yield s, hit[0], hit[1]


@register("heading_punctuation")
def heading_punctuation(rule: Rule, res: ReadResult) -> list[Finding]:
    out = []
    for s, level, m in _labelled(res):
        punct = m["p"] or ""
        if level in (2, 4) and punct:
            out.append(finding(rule, f"“{s.label}”括号后不应再加“{punct}”", s.loc, s.label + s.heading))
        elif level == 1 and punct != "、":
            out.append(finding(rule, f"“{s.label}”一级序号后应为顿号“、”", s.loc, s.label + s.heading))
    return out


@register("heading_style")
def heading_style(rule: Rule, res: ReadResult) -> list[Finding]:
    out = []
    for s, level, m in _labelled(res):
        if level == 3 and m["p"] != "." and m["p"] != "．":
            out.append(finding(rule, f"第三层序号“{s.label}”应写作“{s.number}.”", s.loc, s.label + s.heading))
        if level in (2, 4) and (m["o"] == "(" or m["c"] == ")"):
            out.append(finding(rule, f"“{s.label}”应使用全角括号“（）”", s.loc, s.label + s.heading))
    return out


@register("heading_unnumbered")
def heading_unnumbered(rule: Rule, res: ReadResult) -> list[Finding]:
    """A paragraph shaped like its run-in siblings (短语。正文) but with no label."""
    out = []
    by_text = {ln.text: ln for ln in res.body}
    for s in res.notice.all_sections():
        kids = [c for c in s.children if c.run_in]
        if len(kids) < 2:
            continue
        for c in kids:
            for p in c.paragraphs[1:]:
                m = re.match(rf"^([{CN}]{{4,8}})。", p)
                if m and m.group(1) not in ("同时", "此外", "另外") and p in by_text:
                    out.append(finding(rule, f"“{m.group(1)}”", by_text[p].loc, p))
    return out


@register("doc_number_form")
def doc_number_form(rule: Rule, res: ReadResult) -> list[Finding]:
    from ..reader import DOC_NO_RE

    raw = res.raw.get("doc_number")
    out = []
    for text, loc in ([(raw, res.locs.get("doc_number"))] if raw else []):
        m = DOC_NO_RE.search(text)
        problems = []
        if m["ob"] != "〔" or m["cb"] != "〕":
            problems.append(f"年份应用六角括号“〔〕”，不用“{m['ob']}{m['cb']}”")
        if len(m["year"]) != 4:
            problems.append("年份应写全称（4 位）")
        if m["di"]:
            problems.append("序号前不加“第”")
        if m["serial"].startswith("0"):
            problems.append("序号不编虚位（不加前导 0）")
        if re.search(r"\s", text):
            problems.append("文号中不应有空格")
        out += [finding(rule, f"{p}（{text}）", loc, text) for p in problems]
    return out


@register("doc_number_year")
def doc_number_year(rule: Rule, res: ReadResult) -> list[Finding]:
    dn, sd = res.notice.doc_number, res.notice.signature_date
    if dn and dn.year.isdigit() and re.match(r"\d{4}-", sd or "") and int(dn.year) > int(sd[:4]):
        return [finding(rule, f"文号年份 {dn.year}，成文日期 {sd[:4]} 年", res.locs.get("doc_number"), str(dn))]
    return []


@register("date_arabic")
def date_arabic(rule: Rule, res: ReadResult) -> list[Finding]:
    out = []
    for ln in res.lines:
        t = ln.text
        if CN_DATE_RE.search(t) or re.search(r"[〇○零][一二三四五六七八九〇○零]{2,3}年", t):
            out.append(finding(rule, f"“{t[:20]}”用了汉字数字", ln.loc, t))
        for m in re.finditer(r"\d{4}年0\d月|\d{1,2}月0\d日|(?<!\d)\d{2}年\d{1,2}月\d{1,2}日", t):
            out.append(finding(rule, f"“{m.group(0)}”", ln.loc, t))
    return out


@register("weekday")
def weekday(rule: Rule, res: ReadResult) -> list[Finding]:
    year = res.notice.year
    out = []
    rx = re.compile(r"(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*[（(](?:周|星期)([一二三四五六日天])[）)]")
    for ln in res.lines:
        for m in rx.finditer(ln.text):
            d = _date(int(m.group(1) or year or 0) or 1, m.group(2), m.group(3))
            if not d or not year:
                continue
            real = WEEKDAYS[d.weekday()]
            if m.group(4).replace("天", "日") != real:
                out.append(finding(rule, f"{d.year}年{d.month}月{d.day}日是周{real}，不是周{m.group(4)}",
                                   ln.loc, m.group(0)))
    return out


def _week(res: ReadResult) -> tuple[date, date] | None:
    w = res.notice.week
    if w and re.match(r"\d{4}-", w.start) and re.match(r"\d{4}-", w.end):
        return date.fromisoformat(w.start), date.fromisoformat(w.end)
    return None


@register("deadline_order")
def deadline_order(rule: Rule, res: ReadResult) -> list[Finding]:
    week = _week(res)
    out = []
    if not week:
        return out
    for d, loc in zip(res.notice.deadlines, res.deadline_locs, strict=True):
        if not re.match(r"\d{4}-", d.date):
            continue
        when = date.fromisoformat(d.date)
        if d.kind == "plan" and when >= week[0]:
            start = f"{week[0].month}月{week[0].day}日"
            out.append(finding(rule, f"方案报送时限 {when.month}月{when.day}日 不在活动周（{start}起）之前",
                               loc, d.what))
        if d.kind == "summary" and when <= week[1]:
            end = f"{week[1].month}月{week[1].day}日"
            out.append(finding(rule, f"总结报送时限 {when.month}月{when.day}日 不在活动周（{end}止）之后", loc, d.what))
    return out


@register("deadline_workday")
def deadline_workday(rule: Rule, res: ReadResult) -> list[Finding]:
    out = []
    for d, loc in zip(res.notice.deadlines, res.deadline_locs, strict=True):
        if re.match(r"\d{4}-", d.date):
            when = date.fromisoformat(d.date)
            if workcal.covered(when.year) and not workcal.is_working_day(when):
                why = workcal.holiday_name(when) or "周末"
                out.append(finding(rule, f"{when.month}月{when.day}日是{why}", loc, d.what))
    return out


@register("halfwidth")
def halfwidth(rule: Rule, res: ReadResult) -> list[Finding]:
    rx = re.compile(rf"(?<=[{CN}“”（）])\s*[,;:!?()]|[,;:!?(]\s*(?=[{CN}“])|(?<=[{CN}])\.(?!\d)|(?<=[a-z])\.(?=[{CN}])")
    out = []
    for ln, text in _prose(res):
        hits = rx.findall(DOC_NO_RE.sub("", text))  # a 文号's brackets are NK-F-DOCNO-FORM's to report
        if hits:
            marks = "".join(sorted({h.strip() for h in hits}))
            out.append(finding(rule, f"{len(hits)} 处（{marks}）", ln.loc, text))
    return out


@register("brackets")
def brackets(rule: Rule, res: ReadResult) -> list[Finding]:
    """Balance is carried over broken lines and judged where a sentence ends."""
    out = []
    pairs = (("（", "）"), ("“", "”"), ("《", "》"))
    bal = {o: 0 for o, _ in pairs}
    start = None
    for ln in res.body:
        if ln.cell:  # a table cell is not part of a sentence
            continue
        t = ln.text
        start = start or ln
        for o, c in pairs:
            bal[o] += t.count(o) - t.count(c)
        if t.endswith(("。", "：", ":", "；")) or match_label(t):
            for o, c in pairs:
                if bal[o]:
                    out.append(finding(rule, f"“{o}”与“{c}”数目不等（相差 {abs(bal[o])} 个）", start.loc, start.text))
            bal = {o: 0 for o, _ in pairs}
            start = None
    return out


def _pattern_hits(rule: Rule, res: ReadResult, rx: re.Pattern, keep) -> list[Finding]:
    """One finding per match of ``rx`` in running text that ``keep(match)`` accepts."""
    out = []
    for ln, text in _prose(res):
        for m in rx.finditer(text):
            if keep(m):
                out.append(finding(rule, f"“{m.group(m.lastindex or 0).strip()}”", ln.loc,
                                   text[max(0, m.start() - 10):m.end() + 10]))
    return out


def _slip_double(m: re.Match) -> bool:
    w = m.group(2)
    # single characters: only function words (动动员、展展示 are word boundaries, 天天 a word)
    return len(w) > 1 or (w not in OK_DOUBLES and w in "的和了在是与及将要对为于把并或")


@register("doubled")
def doubled(rule: Rule, res: ReadResult) -> list[Finding]:
    words = _pattern_hits(rule, res, re.compile(rf"(([{CN}]{{1,4}})\2)"), _slip_double)
    marks = _pattern_hits(rule, res, re.compile(r"(([。，、；：！？])\2)"), lambda m: True)
    return words + marks


@register("latin")
def latin(rule: Rule, res: ReadResult) -> list[Finding]:
    rx = re.compile(rf"(?<=[{CN}，。、])\s*([a-z]{{2,}})\s*(?=[{CN}])")
    return _pattern_hits(rule, res, rx, lambda m: m.group(1).lower() not in LATIN_OK)


@register("url_email")
def url_email(rule: Rule, res: ReadResult) -> list[Finding]:
    out = []
    bad_mail = re.compile(r"[A-Za-z0-9._%+-]+@\s*[A-Za-z0-9-]+(?:\s*\.\s*[A-Za-z0-9-]+)+")
    for ln in res.lines:
        for m in bad_mail.finditer(ln.text):
            if re.search(r"\s", m.group(0)) or re.search(r"\.\.|@\.", m.group(0)):
                out.append(finding(rule, f"邮箱“{m.group(0)}”中有空格或多余的点", ln.loc, m.group(0)))
        for m in URL_RE.finditer(ln.text):
            u = m.group(0)
            scheme_ok = re.match(r"^(?:https?|ftp)://[\w-]+(\.[\w-]+)+", u)
            if re.search(r"\s", u) or (u.startswith(("http", "ftp")) and not scheme_ok):
                out.append(finding(rule, f"网址“{u.strip()}”格式有误", ln.loc, u))
    return out


@register("placeholder")
def placeholder(rule: Rule, res: ReadResult) -> list[Finding]:
    out = []
    for ln in res.lines:
        for m in PLACEHOLDER_RE.finditer(ln.text):
            out.append(finding(rule, m.group(0), ln.loc, ln.text))
    return out
