"""Layout checks for .docx (rules/layout.yaml): GB/T 9704 page, grid, fonts, red mark, page numbers."""

from __future__ import annotations

import re
from collections.abc import Callable

from docx.shared import Length
from docx.text.paragraph import Paragraph
from lxml import etree

from .. import gbt9704 as G
from ..docxtext import STYLE_BY_ID, W
from ..model import Location
from ..reader import ReadResult
from ..rules import Rule
from .findings import Finding, finding

Checker = Callable[[Rule, ReadResult], list[Finding]]
LAYOUT_CHECKS: dict[str, Checker] = {}
TOL_MM = 1.0
# style-name fragment → (east-Asian font family fragment, size in pt), GB/T 9704 7.2–7.3
STYLE_FONTS = {name: (G.ELEMENTS[element].family, G.ELEMENTS[element].size) for name, element in
               (("标题", "title"), ("正文", "body"), ("一级标题", "heading1"), ("主送机关", "recipients"),
                ("成文日期", "date"))}
FIRST = Location("paragraph", 1)


def register(name: str):
    def deco(fn: Checker) -> Checker:
        LAYOUT_CHECKS[name] = fn
        return fn

    return deco


@register("margins")
def margins(rule: Rule, res: ReadResult) -> list[Finding]:
    if not res.document.sections:  # a valid .docx may omit w:sectPr; Word then uses its defaults
        return [finding(rule, "未设置页面（缺少分节属性 w:sectPr）：纸张和页边距由 Word 的默认值决定", FIRST)]
    s = res.document.sections[0]
    emu = {k: int(getattr(s, k) or 0) for k in ("page_width", "page_height", "top_margin", "left_margin",
                                                    "right_margin")}
    want = {"纸宽": (emu["page_width"], G.PAGE_W), "纸高": (emu["page_height"], G.PAGE_H),
            "上边距": (emu["top_margin"], G.MARGIN_TOP), "左边距": (emu["left_margin"], G.MARGIN_LEFT),
            "版心宽": (emu["page_width"] - emu["left_margin"] - emu["right_margin"], G.BLOCK_W)}
    out = []
    for name, (val, mm) in want.items():
        got = Length(val).mm
        if abs(got - mm) > TOL_MM:
            out.append(finding(rule, f"{name}应为 {mm:g} mm，实为 {got:.1f} mm", FIRST))
    return out


@register("grid")
def grid(rule: Rule, res: ReadResult) -> list[Finding]:
    if not res.document.sections:
        return [finding(rule, "未设置文档网格", FIRST)]
    xml = res.document.sections[0]._sectPr.xml
    m = re.search(r'w:linePitch="(\d+)"', xml)
    s = res.document.sections[0]
    if not m:
        return [finding(rule, "未设置文档网格", FIRST)]
    lines = Length(int(s.page_height or 0) - int(s.top_margin or 0) - int(s.bottom_margin or 0)).twips / int(m.group(1))
    return [] if abs(lines - G.LINES_PER_PAGE) < 0.6 else [finding(rule, f"约 {lines:.1f} 行", FIRST)]


def _east_asia(style) -> str:
    while style is not None:
        m = re.search(r'w:eastAsia="([^"]+)"', style.element.xml)
        if m:
            return m.group(1)
        style = style.base_style
    return ""


def _size(style) -> float | None:
    while style is not None:
        if style.font.size:
            return style.font.size.pt
        style = style.base_style
    return None


def _style(res: ReadResult, p: Paragraph):
    """The paragraph's style by a compiled XPath (python-docx compiles its own per call)."""
    from docx.styles.style import StyleFactory

    found = STYLE_BY_ID(res.document.styles.element, sid=p._p.style) if p._p.style else []
    ok = found and found[0].get(W + "type") == "paragraph"
    return StyleFactory(found[0]) if ok else p.style


@register("fonts")
def fonts(rule: Rule, res: ReadResult) -> list[Finding]:
    out, seen = [], set()
    styles: dict = {}  # style id → style: python-docx scans all styles per lookup (25 s for 5,000 paragraphs)
    for ln in res.lines:
        if ln.loc.kind != "paragraph" or ln.el is None:
            continue
        p = Paragraph(ln.el, res.document._body)
        style = styles[ln.el.style] if ln.el.style in styles else styles.setdefault(ln.el.style, _style(res, p))
        name = style.name if style is not None else ""
        key = next((k for k in STYLE_FONTS if name.endswith("-" + k) or name == k), None)
        if not key or not p.text.strip() or name in seen:
            continue
        seen.add(name)
        family, size = STYLE_FONTS[key]
        font = _east_asia(style)
        got = _size(style)
        run_font = next((re.search(r'w:eastAsia="([^"]+)"', r._r.xml) for r in p.runs), None)
        font = run_font.group(1) if run_font else font
        if family not in font:
            out.append(finding(rule, f"{key}应用{family}体，实为“{font or '未设置'}”",
                               ln.loc, p.text))
        if got is not None and abs(got - size) > 0.1:
            out.append(finding(rule, f"{key}应为 {size:g} 磅，实为 {got:g} 磅", ln.loc, p.text))
    out += _heading_fonts(rule, res)
    return out


# GB/T 9704 7.3.3: 一、 in 黑体, （一） in 楷体
HEADING_FONTS = {1: G.ELEMENTS["heading1"].family, 2: G.ELEMENTS["heading2"].family}


def _run_font(run, paragraph, by_style: dict) -> str:
    m = re.search(r'w:eastAsia="([^"]+)"', run._r.xml)
    if m:
        return m.group(1)
    # python-docx scans all styles per default-style lookup: once per (run style, paragraph style)
    key = (run._r.style, paragraph._p.style)
    if key not in by_style:
        by_style[key] = _styled_font(run, paragraph)
    return by_style[key]


def _styled_font(run, paragraph) -> str:
    if run.style is not None and run.style.type == 2 and run.style.name != "Default Paragraph Font":
        font = _east_asia(run.style)
        if font:
            return font
    return _east_asia(paragraph.style)


def _heading_fonts(rule: Rule, res: ReadResult) -> list[Finding]:
    """The numbered label of a level-1/2 heading (run-in or not) in its typeface."""
    out, by_style = [], {}
    for sec in res.notice.all_sections():
        want = HEADING_FONTS.get(sec.level)
        if not want or not sec.loc or sec.loc.kind != "paragraph":
            continue
        el = res.element_at(sec.loc)
        if el is None:
            continue
        p = Paragraph(el, res.document._body)
        run = next((r for r in p.runs if r.text.strip()), None)
        font = _run_font(run, p, by_style) if run is not None else ""
        if want not in font:
            out.append(finding(rule, f"“{sec.label}{sec.heading}”应用{want}，实为“{font or '未设置'}”",
                               sec.loc, sec.label + sec.heading))
    return out


def _head_xml(res: ReadResult) -> str:
    """XML of the header block (everything before the title) plus the styles it uses,
    since the red rule is usually a paragraph border defined in a style."""
    title = res.locs.get("title")
    stop = res.element_at(title) if title else None
    body = res.document.element.body
    while stop is not None and stop.getparent() is not body:  # the title in a content control or table
        stop = stop.getparent()
    parts = []
    for child in body.iterchildren():
        if child is stop or len(parts) > 20:
            break
        parts.append(etree.tostring(child, encoding=str))
    xml = "".join(parts)
    styles = res.document.styles.element
    for sid in set(re.findall(r'w:(?:pStyle|rStyle|tblStyle) w:val="([^"]+)"', xml)):
        for st in styles.iterchildren():
            if st.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}styleId") == sid:
                xml += st.xml
    return xml


@register("red_mark")
def red_mark(rule: Rule, res: ReadResult) -> list[Finding]:
    head = _head_xml(res)
    problems = []
    reds = "|".join(G.REDS)
    if not re.search(rf'<w:color w:val="(?:{reds})"', head, re.I):
        problems.append("发文机关标志不是红色")
    if not re.search(rf'w:color="(?:{reds})"', head, re.I):
        problems.append("没有红色分隔线")
    return [finding(rule, "；".join(problems), FIRST)] if problems else []


@register("page_numbers")
def page_numbers(rule: Rule, res: ReadResult) -> list[Finding]:
    for s in res.document.sections:
        for f in (s.footer, s.even_page_footer):
            if re.search(r"PAGE", f._element.xml):
                return []
    return [finding(rule, "未插入页码域", FIRST)]
