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
from ..reader import CN, DOC_NO_RE, EMAIL_RE, Line, ReadResult, is_residue, match_label
from ..rules import Rule
from .findings import Finding, Fix, finding

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


MASK = "\x00"  # stands for text a check must not see (labels, e-mails, URLs), same length


def _prose(res: ReadResult) -> list[tuple[Line, str]]:
    """Lines of running text (from the title on) with heading labels, e-mails and URLs
    masked: ``(line, text)``, offsets in ``text`` are offsets in ``line.text``. Worked out
    once per notice: a dozen checks read it."""
    if "prose" not in res.cache:
        out = []
        for ln in res.lines:
            if ln.text and not is_residue(ln):
                hit = match_label(ln.text)
                text = MASK * hit[1].end() + ln.text[hit[1].end():] if hit else ln.text  # NK-F-HEADING-*'s job
                out.append((ln, URL_RE.sub(_mask, EMAIL_RE.sub(_mask, text))))
        res.cache["prose"] = out
    return res.cache["prose"]


def _mask(m: re.Match) -> str:
    return MASK * len(m.group(0))


def fix_at(ln: Line, start: int, old: str, new: str) -> Fix | None:
    """A fix of ``old`` at ``start`` of the line's text, unless it touches an automatic
    number (Word draws it from numbering.xml: there is no text to change)."""
    return Fix(old, new, start) if start >= ln.auto and old != new else None


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


def good_label(level: int, n: str) -> str:
    """The GB/T 9704 7.3.3 form of a label: 一、 （一） 1. （1）."""
    return {1: f"{n}、", 2: f"（{n}）", 3: f"{n}.", 4: f"（{n}）"}[level]


def _line_of(res: ReadResult, s: Section):
    """The read line a section starts on, by location key: one index per document, so a long
    document's headings are found in linear time (a scan per heading took 7 s for 5,000)."""
    index = res.cache.get("lines_by_loc")
    if index is None:
        index = res.cache["lines_by_loc"] = {}
        for x in res.lines:
            index.setdefault(x.loc.key() if x.loc else None, x)
    return index.get(s.loc.key() if s.loc else None)


def _label_fix(res: ReadResult, s: Section, level: int, m: re.Match) -> Fix | None:
    ln = _line_of(res, s)
    if ln is None or not ln.text.startswith(s.label):
        return None
    return fix_at(ln, 0, s.label, good_label(level, m["n"]))


@register("heading_punctuation")
def heading_punctuation(rule: Rule, res: ReadResult) -> list[Finding]:
    out = []
    for s, level, m in _labelled(res):
        punct = m["p"] or ""
        fix = _label_fix(res, s, level, m)
        if level in (2, 4) and punct:
            out.append(finding(rule, f"“{s.label}”括号后不应再加“{punct}”", s.loc, s.label + s.heading, fix=fix))
        elif level == 1 and punct != "、":
            out.append(finding(rule, f"“{s.label}”一级序号后应为顿号“、”", s.loc, s.label + s.heading, fix=fix))
    return out


@register("heading_style")
def heading_style(rule: Rule, res: ReadResult) -> list[Finding]:
    out = []
    for s, level, m in _labelled(res):
        fix = _label_fix(res, s, level, m)
        if level == 3 and m["p"] != "." and m["p"] != "．":
            out.append(finding(rule, f"第三层序号“{s.label}”应写作“{s.number}.”", s.loc, s.label + s.heading, fix=fix))
        if level in (2, 4) and (m["o"] == "(" or m["c"] == ")"):
            out.append(finding(rule, f"“{s.label}”应使用全角括号“（）”", s.loc, s.label + s.heading, fix=fix))
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
                closing = m and m.group(1).startswith("特此")  # 特此通知。 ends the notice
                if m and m.group(1) not in ("同时", "此外", "另外") and not closing and p in by_text:
                    out.append(finding(rule, f"“{m.group(1)}”", by_text[p].loc, p))
    return out


def doc_numbers(res: ReadResult):
    """Every 文号 in the notice as written — its own, the cited ones, one in the 版记 —
    with its line and offset: ``(line, start, text, match)``. A malformed one (square or
    round brackets, spaces, 第, a two-digit year) is still a 文号."""
    own = res.locs.get("doc_number")
    for ln in res.lines:
        if not ln.text or is_residue(ln):
            continue
        for m in DOC_NO_RE.finditer(ln.text):
            start, text = m.start(), m.group(0)
            if own is not None and ln.loc == own and res.raw.get("doc_number", "").endswith(text):
                text = res.raw["doc_number"]  # the code typed with spaces is part of it
                start = m.end() - len(text)
            yield ln, start, text, m


def good_doc_number(text: str, m: re.Match) -> str:
    code = re.sub(r"\s", "", text[:len(text) - len(m.group(0)) + len(m["code"])])
    serial = m["serial"] if m["serial"].startswith("【") else m["serial"].lstrip("0") or "0"
    return f"{code}〔{m['year']}〕{serial}号"


@register("doc_number_form")
def doc_number_form(rule: Rule, res: ReadResult) -> list[Finding]:
    """One finding per 文号, naming each of its slips; its fix is the whole 文号 rewritten
    (the year is left as written: a two-digit year is not a mechanical slip)."""
    out = []
    for ln, start, text, m in doc_numbers(res):
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
        if problems:
            fix = fix_at(ln, start, text, good_doc_number(text, m))
            # web/PDF conversions put spaces around digits ("12 号"): alone, in text input, a warning
            soft = "warning" if problems == ["文号中不应有空格"] and res.input_kind == "text" else ""
            out.append(finding(rule, f"{'；'.join(problems)}（{text}）", ln.loc, text, soft, fix=fix))
    return out


@register("doc_number_year")
def doc_number_year(rule: Rule, res: ReadResult) -> list[Finding]:
    dn, sd = res.notice.doc_number, res.notice.signature_date
    if dn and dn.year.isdigit() and re.match(r"\d{4}-", sd or "") and int(dn.year) > int(sd[:4]):
        return [finding(rule, f"文号年份 {dn.year}，成文日期 {sd[:4]} 年", res.locs.get("doc_number"), str(dn))]
    return []


CN_NUMERALS = "〇零○一二三四五六七八九十"
DATE_TOKEN_RE = re.compile(r"(?:(?P<y>[0-9〇零○一二三四五六七八九]{2,4})\s*年\s*)?"
                           r"(?P<m>[0-9一二三四五六七八九十]{1,3})\s*月\s*(?P<d>[0-9一二三四五六七八九十]{1,3})\s*日")


def _cn_int(text: str) -> int | None:
    """二〇二四 → 2024, 十 → 10, 十八 → 18, 三十一 → 31; None when it is not a number."""
    digits = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "○": 0}
    if text.isdigit():
        return int(text)
    if "十" not in text:
        return int("".join(str(digits[c]) for c in text)) if all(c in digits for c in text) else None
    tens, _, ones = text.partition("十")
    if (tens and tens not in digits) or (ones and ones not in digits) or len(ones) > 1:
        return None
    return (digits[tens] if tens else 1) * 10 + (digits[ones] if ones else 0)


def full_year(yy: str, year: int) -> str:
    """The year a two-digit year stands for when the century is certain: the notice's year is
    known and the short one is at most ten years before it or the next year; else ""."""
    if not year:
        return ""
    full = year // 100 * 100 + int(yy)
    return str(full) if year - 10 <= full <= year + 1 else ""


@register("date_arabic")
def date_arabic(rule: Rule, res: ReadResult) -> list[Finding]:
    """Each date written with Chinese numerals (all or some parts), a zero-padded month or
    day, or a two-digit year (GB/T 9704 7.3.5.4, GB/T 15835). The fix writes the date in
    Arabic numerals without padding; a two-digit year only when the notice's year makes its
    century certain (``full_year``), else it is left to the clerk."""
    out = []
    for ln, text in _prose(res):
        for m in DATE_TOKEN_RE.finditer(text):
            parts = [x for x in (m["y"], m["m"], m["d"]) if x]
            kinds = {"cn" if any(c in CN_NUMERALS for c in x) else "ar" for x in parts}
            y, mo, d = (_cn_int(x) if x else None for x in (m["y"], m["m"], m["d"]))
            if mo is None or d is None or not 1 <= mo <= 12 or not 1 <= d <= 31 or (m["y"] and y is None):
                continue
            year = str(y) if m["y"] and (len(m["y"]) == 4 or "cn" in kinds) else (m["y"] or "")
            good = (f"{year}年" if m["y"] else "") + f"{mo}月{d}日"
            word = m.group(0)
            if kinds == {"cn"}:
                why = f"“{word}”用了汉字数字"
            elif len(kinds) == 2:
                why = f"“{word}”混用了汉字数字和阿拉伯数字"
            elif re.search(r"(?:^|年|月)\s*0\d", word):
                why = f"“{word}”月、日不编虚位"
            elif m["y"] and len(m["y"]) == 2:
                full = full_year(m["y"], res.notice.year)  # fixed only when the century is certain
                fix = fix_at(ln, m.start("y"), m["y"], full) if full else None
                out.append(finding(rule, f"“{word}”年份应写全（4 位）", ln.loc, word, fix=fix))
                continue
            else:
                continue
            out.append(finding(rule, why, ln.loc, ln.text[max(0, m.start() - 12):m.end() + 12],
                               fix=fix_at(ln, m.start(), word, good)))
    return out


@register("weekday")
def weekday(rule: Rule, res: ReadResult) -> list[Finding]:
    """The weekday label of every dated day matches the calendar; the fix writes the right day."""
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
                fix = fix_at(ln, m.start(4), m.group(4), real)
                out.append(finding(rule, f"{d.year}年{d.month}月{d.day}日是周{real}，不是周{m.group(4)}",
                                   ln.loc, m.group(0), fix=fix))
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


FULL = {",": "，", ";": "；", ":": "：", "!": "！", "?": "？", "(": "（", ")": "）", ".": "。"}
HALF_RE = re.compile(rf"(?<=[{CN}“”（）])\s*[,;:!?()]|[,;:!?(]\s*(?=[{CN}“])|(?<=[{CN}])\.(?![\d.])"
                     rf"|(?<=[a-z])\.(?=[{CN}])")


#: a pair of straight double quotes around or beside Chinese text (a web page's or an English
#: keyboard's "…"), GB/T 15834 4.2: “…”
STRAIGHT_QUOTES_RE = re.compile(rf'"[^"\n]*[{CN}][^"\n]*"|(?<=[{CN}])"[^"\n]{{1,40}}"|"[^"\n]{{1,40}}"(?=[{CN}])')


@register("halfwidth")
def halfwidth(rule: Rule, res: ReadResult) -> list[Finding]:
    """One finding per half-width mark in Chinese text, fixed to its full-width form; a
    bracket's partner is fixed with it (“（2024)” would be a new slip)."""
    out = []
    for ln, text in _prose(res):
        text = DOC_NO_RE.sub(_mask, text)  # a 文号's brackets are NK-F-DOCNO-FORM's to report
        hits = {m.start() + len(m.group(0)) - len(m.group(0).lstrip()): m for m in HALF_RE.finditer(text)}
        marks = {k: m.group(0).strip() for k, m in hits.items()}
        for k, mark in list(marks.items()):
            partner = text.find(")", k) if mark == "(" else text.rfind("(", 0, k) if mark == ")" else -1
            if partner >= 0 and partner not in marks:
                marks[partner] = text[partner]
        full = {k: FULL[mark] for k, mark in marks.items()}
        for m in STRAIGHT_QUOTES_RE.finditer(text):  # "9·28活动日" → “9·28活动日”: by position
            full[m.start()], full[m.end() - 1] = "“", "”"
            marks[m.start()] = marks[m.end() - 1] = '"'
        for k in sorted(marks):
            mark = marks[k]
            out.append(finding(rule, f"“{mark}”应为“{full[k]}”", ln.loc, ln.text[max(0, k - 10):k + 10],
                               fix=fix_at(ln, k, mark, full[k])))
    return out


@register("brackets")
def brackets(rule: Rule, res: ReadResult) -> list[Finding]:
    """Balance is carried over broken lines and judged where a sentence ends."""
    out = []
    pairs = (("（", "）"), ("“", "”"), ("《", "》"), ("〔", "〕"))
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
