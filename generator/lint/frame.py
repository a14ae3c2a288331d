"""Checks of the notice's frame (rules/form.yaml): the levels of its headings, the colon after
the 主送机关, the 句号 after the last 抄送 organ (GB/T 9704-2012 7.3.2, 7.3.3, 7.4.2)."""

from __future__ import annotations

import re

from ..model import Section
from ..reader import CC_RE, PAGE_LABEL_RE, Line, ReadResult, is_imprint_line, match_label
from ..rules import Rule
from .findings import Finding, Fix, finding
from .form import fix_at, register
from .generic import scope_lines

LEVEL_FORM = {1: "一、", 2: "（一）", 3: "1.", 4: "（1）"}
# how a 主送 organ's name ends: an office, a school, a unit, a place's units（各镇（街道））
RECIPIENT_END_RE = re.compile(r"(?:局|部|厅|办|委|会|院|府|室|中心|处|科|校|学校|幼儿园|单位|部门|机构|街道|镇|乡"
                              r"|区|县|市|站|馆|所|公司|集团|学院|大学|小学|中学|（街道）|\(街道\))\s*$")


@register("heading_levels")
def heading_levels(rule: Rule, res: ReadResult) -> list[Finding]:
    """A heading one level or more below its parent's next level (一、 then 1.), or a level
    used before any heading of its parent level (（一） before the first 一、)."""
    out: list[Finding] = []

    def visit(sections: list[Section], parent: Section | None) -> None:
        top = parent.level if parent else 0
        for s in sections:
            if s.level > top + 1:
                want = LEVEL_FORM[top + 1]
                why = (f"“{s.label}”直接在“{parent.label}”之下，缺少“{want}”一级" if parent
                       else f"“{s.label}”出现在第一个“{want}”级标题之前")
                out.append(finding(rule, why, s.loc, s.label + s.heading))
            visit(s.children, s)

    visit(res.notice.sections, None)
    return out


def _end_fix(ln: Line, mark: str, wrong: str) -> Fix | None:
    """``mark`` at the end of the line: a wrong mark there is replaced, else it is added."""
    t = ln.text
    if t[-1] in wrong:
        return fix_at(ln, len(t) - 1, t[-1], mark)
    return fix_at(ln, len(t) - 1, t[-1], t[-1] + mark)


def _after_title(res: ReadResult) -> Line | None:
    """The first line after the title (and a 文号 set below it on web pages)."""
    title = scope_lines(res, "title")
    if not title:
        return None
    k = res.lines.index(title[-1][0]) + 1
    while k < len(res.lines) and (not res.lines[k].text or res.lines[k].loc == res.locs.get("doc_number")):
        k += 1
    return res.lines[k] if k < len(res.lines) else None


@register("recipient_colon")
def recipient_colon(rule: Rule, res: ReadResult) -> list[Finding]:
    """The 主送机关 line ends with a full-width colon (GB/T 9704-2012 7.3.2)."""
    if res.locs.get("recipients") is not None:
        return []  # read as such because it ends with a colon; a half-width one is NK-F-HALFWIDTH's
    ln = _after_title(res)
    if ln is None or not ln.text or match_label(ln.text) or len(ln.text) > 120 or "如下" in ln.text:
        return []
    if ln.text.endswith(("：", ":")) or re.search(r"[。！？]", ln.text[:-1]):
        return []
    parts = [x for x in re.split(r"[、，,；;]", ln.text.rstrip("，。；,.;")) if x]
    if not parts or not all(RECIPIENT_END_RE.search(x) for x in parts):
        return []  # an opening sentence (为……，决定……。) is no list of organs
    return [finding(rule, f"主送机关“{ln.text[-12:]}”后缺少全角冒号“：”", ln.loc, ln.text[-30:],
                    fix=_end_fix(ln, "：", "，。；,.;"))]


@register("cc_period")
def cc_period(rule: Rule, res: ReadResult) -> list[Finding]:
    """The last organ of the 抄送 line(s) is followed by a 句号 (GB/T 9704-2012 7.4.2)."""
    out = []
    lines = [ln for ln in res.lines if ln.text]
    for k, ln in enumerate(lines):
        if not CC_RE.match(ln.text):
            continue
        last = ln
        for nxt in lines[k + 1:k + 3]:  # a long 抄送 goes on below, aligned after the colon
            if last.text.endswith("。") or is_imprint_line(nxt.text) or PAGE_LABEL_RE.match(nxt.text) \
                    or CC_RE.match(nxt.text) or len(nxt.text) > 60:
                break
            last = nxt
        if not last.text.endswith("。") and not last.text.rstrip("：:").endswith("抄送"):
            out.append(finding(rule, f"“{last.text[-12:]}”后应加句号“。”", last.loc, last.text[-30:],
                               fix=_end_fix(last, "。", "，、；：,;:.")))
    return out
