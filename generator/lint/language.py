"""Language checks of the best 公文 checkers (rules/form.yaml, ``check:`` names): range marks,
full-width digits, relative dates, stray spaces, weekday labels, short years, unit ranges
(the ellipsis and dash forms are a ``substitution`` record, generator/lint/generic.py).

Each looks at running text only (``form._prose``: labels, e-mails and URLs masked) and,
where the slip is mechanical, carries the fix (GB/T 15834 标点, GB/T 15835 数字).
"""

from __future__ import annotations

import re

from ..reader import CN, ReadResult, match_label
from ..rules import Rule
from .findings import Finding, finding
from .form import _prose, fix_at, full_year, register

CN_MARKS = "，。、；：！？”’）》〕"  # closing and pausing marks
CN_OPEN = "“‘（《〔"


def _hits(rule: Rule, res: ReadResult, rx: re.Pattern, say, good=None) -> list[Finding]:
    """One finding per match of ``rx``; ``say(match)`` gives the detail (None: not a slip),
    ``good(match)`` the replacement of group 1 (None: no mechanical fix)."""
    out = []
    for ln, text in _prose(res):
        for m in rx.finditer(text):
            detail = say(m)
            if detail is None:
                continue
            g = m.lastindex and 1 or 0
            fix = fix_at(ln, m.start(g), m.group(g), good(m)) if good else None
            out.append(finding(rule, detail, ln.loc, ln.text[max(0, m.start() - 12):m.end() + 12], fix=fix))
    return out


# a range of dates, years or hours (9:30-11:00): 一字线 "—"; of amounts (3～5张, 30～60分钟):
# 浪纹线 "～" (GB/T 15834 4.13)
RANGE_RE = re.compile(r"(?:(?<=[\d年月日号])|(?<=日（周.）)|(?<=日（星期.）))"
                      r"\s*(-|－|–|——|―|~|〜)\s*(?=\d{1,4}\s*(?:[年月日号时点]|学年)|\d{1,2}[:：]\d{2}(?!\d))"
                      r"|(?<![\d-])\d{1,4}(-|－|–|~|〜)(?=\d{1,4}\s*(?:个|名|人|次|张|份|天|周|分钟|小时|岁|元))")
# (a range of % or 万/亿 is NK-F-RANGE-UNIT's: its fix writes the unit on both numbers too)


def _range_mark(m: re.Match) -> str:
    return "～" if (m.group(1) or m.group(2)) in "~〜" else "—"


@register("range_dash")
def range_dash(rule: Rule, res: ReadResult) -> list[Finding]:
    out = []
    for ln, text in _prose(res):
        for m in RANGE_RE.finditer(text):
            g = 1 if m.group(1) else 2
            mark = m.group(g)
            good = "～" if g == 2 else _range_mark(m)  # a range of amounts takes the 浪纹线
            detail = f"表示起止的“{mark}”应为“{good}”"
            fix = fix_at(ln, m.start(g), mark, good)
            out.append(finding(rule, detail, ln.loc, ln.text[max(0, m.start() - 12):m.end() + 12], fix=fix))
    return out


FULL_DIGITS_RE = re.compile(r"([０-９]+)")


@register("fullwidth_digits")
def fullwidth_digits(rule: Rule, res: ReadResult) -> list[Finding]:
    def half(m: re.Match) -> str:
        return "".join(chr(ord(c) - 0xFF10 + 0x30) for c in m.group(1))

    return _hits(rule, res, FULL_DIGITS_RE, lambda m: f"“{m.group(1)}”应为半角数字“{half(m)}”", half)


WEEKDAY = "[一二三四五六日天]"
RELATIVE_RE = re.compile(rf"((?:下|本|这|下个|上)(?:周|星期|礼拜){WEEKDAY}?|明天|后天|明日|下个?月\d{{1,2}}[日号]?)")
ABSOLUTE_RE = re.compile(r"\d{1,2}\s*月\s*\d{1,2}\s*日|\d{4}\s*年")


@register("relative_date")
def relative_date(rule: Rule, res: ReadResult) -> list[Finding]:
    """A relative date (下周三, 明天) in a sentence that gives no calendar date: the reader
    of a notice cannot tell which day is meant. Not fixable mechanically."""
    out = []
    for ln, text in _prose(res):
        for sent in re.finditer(r"[^。；！？]+[。；！？]?", text):
            if ABSOLUTE_RE.search(sent.group(0)):
                continue
            for m in RELATIVE_RE.finditer(sent.group(0)):
                if m.group(1) in ("本周", "这周") and "活动周" in sent.group(0):
                    continue  # 本周 of 活动周 is the week itself
                out.append(finding(rule, f"“{m.group(1)}”", ln.loc, sent.group(0)[:60]))
    return out


SPACE_RE = re.compile(rf"(?<=[{CN}{CN_MARKS}])( )(?=[{CN}{CN_OPEN}])")


@register("stray_space")
def stray_space(rule: Rule, res: ReadResult) -> list[Finding]:
    """One half-width space between two Chinese characters in a sentence (a run of spaces
    or a full-width space is layout: the signature's columns, 主任：王华国　局长; so is a
    space right after a line's first name or label)."""
    out = []
    sentences = {id(ln) for ln in res.body if not ln.cell and (len(ln.text) > 30 or ln.text.endswith(("。", "；")))}
    for ln, text in _prose(res):
        if id(ln) not in sentences:
            continue
        for m in SPACE_RE.finditer(text):
            if text[m.start() - 1:m.start()] == " " or text[m.end():m.end() + 1] == " ":
                continue
            if re.fullmatch(rf"(?:.*[：:]|\x00*)[{CN}]{{1,4}}", text[:m.start()]):
                continue  # a name or a label padded or set apart: 成 员：, 万 翾, 副主任：朱焱 局长
            around = f"“{text[m.start() - 2:m.start()]} {text[m.end():m.end() + 2]}”中的空格"
            out.append(finding(rule, around, ln.loc, ln.text[max(0, m.start() - 12):m.end() + 12],
                               fix=fix_at(ln, m.start(), " ", "")))
    return out


@register("paragraph_end")
def paragraph_end(rule: Rule, res: ReadResult) -> list[Finding]:
    """A paragraph of running text that stops on a comma or a 顿号 where the next heading
    (or the end of the body) begins: its last sentence was left without its 句号. Only where
    a new block visibly starts, so a line a conversion broke after a comma is not judged."""
    out = []
    body = [ln for ln in res.body if ln.text and not ln.cell]
    for k, ln in enumerate(body):
        t = ln.text
        hit = match_label(t)
        if not t.endswith(("，", "、")) or len(t) - (hit[1].end() if hit else 0) < 12:
            continue  # a short heading or list line is no paragraph
        if k + 1 < len(body) and not match_label(body[k + 1].text):
            continue
        fix = fix_at(ln, len(t) - 1, t[-1], "。")
        out.append(finding(rule, f"段落以“{t[-1]}”结尾，应为“。”", ln.loc, t[-24:], fix=fix))
    return out


LABEL_RE = re.compile(r"\d{1,2}\s*月\s*\d{1,2}\s*日\s*(?:[（(](?:周|星期)(天)[）)]|((?:周|星期)[一二三四五六日天]))")


@register("weekday_label")
def weekday_label(rule: Rule, res: ReadResult) -> list[Finding]:
    """The weekday after a date is written （周四） or （星期四）: 日 not 天, in full-width brackets."""
    out = []
    for ln, text in _prose(res):
        for m in LABEL_RE.finditer(text):
            if m.group(1):
                fix = fix_at(ln, m.start(1), "天", "日")
                out.append(finding(rule, "星期应写作“日”，不写“天”", ln.loc, m.group(0), fix=fix))
            else:
                label = m.group(2)
                good = f"（{label.replace('天', '日')}）"
                out.append(finding(rule, f"日期后的“{label}”应加括号：“{good}”", ln.loc, m.group(0),
                                   fix=fix_at(ln, m.start(2), label, good)))
    return out


# a two-digit year (24年底, 24年10月, 截至24年), not a span (工作12年) nor a 文号's year; a full
# date (24年10月8日) is NK-F-DATE-ARABIC's
SHORT_YEAR_RE = re.compile(r"(?<![\d〔\[（(第.．])(\d{2})\s*年(?=\s*(?:\d{1,2}\s*月(?!\s*\d{1,2}\s*日)"
                           r"|底|末|初|度|上半年|下半年|[春夏秋冬]季|第))|(?<=截至)(\d{2})\s*年|(?<=截止)(\d{2})\s*年")


@register("short_year")
def short_year(rule: Rule, res: ReadResult) -> list[Finding]:
    """A year written with two digits; fixed only when the notice's year makes its century certain."""
    out = []
    for ln, text in _prose(res):
        for m in SHORT_YEAR_RE.finditer(text):
            g = next(k for k in (1, 2, 3) if m.group(k))
            full = full_year(m.group(g), res.notice.year)
            fix = fix_at(ln, m.start(g), m.group(g), full) if full else None
            detail = f"“{m.group(g)}年”应写全称" + (f"“{full}年”" if full else "（年份无法确定，请补全）")
            out.append(finding(rule, detail, ln.loc, ln.text[max(0, m.start() - 12):m.end() + 12], fix=fix))
    return out


# a range of percentages or of 万/亿 amounts: both numbers carry the unit, joined by a 浪纹线
# (10%～20%, 3万～5万元); 至/到 and the 一字线 join them too
UNIT_RANGE_RE = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)\s*(%|％|万|亿)?\s*(-|－|–|~|〜|～|—|至|到)\s*"
                           r"(\d+(?:\.\d+)?)\s*(%|％|万|亿)")
GOOD_MARKS = ("～", "—", "至", "到")


@register("range_units")
def range_units(rule: Rule, res: ReadResult) -> list[Finding]:
    """Each range on a line with “%”“万”“亿”: the first number keeps its unit, the mark is “～”."""
    out = []
    for ln, text in _prose(res):
        for m in UNIT_RANGE_RE.finditer(text):
            a, u1, mark, b, u2 = m.groups()
            if (u1 and u1 != u2) or (u1 and mark in GOOD_MARKS):
                continue
            good_mark = mark if mark in GOOD_MARKS else "～"
            good = f"{a}{u2}{good_mark}{b}{u2}"
            why = [f"前一个数也要写“{u2}”"] if not u1 else []
            if mark not in GOOD_MARKS:
                why.append(f"“{mark}”应为“～”")
            fix = fix_at(ln, m.start(), m.group(0), good)
            out.append(finding(rule, f"“{m.group(0)}”应为“{good}”：{'，'.join(why)}", ln.loc,
                               ln.text[max(0, m.start() - 12):m.end() + 12], fix=fix))
    return out
