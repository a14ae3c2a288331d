"""Layout checks for .docx (rules/layout.yaml): GB/T 9704 page, grid, fonts, red mark, page numbers.

Read from the parsed parts (``docxtext.Package``) with lxml, the way python-docx's object
model reads them: a paragraph without a style, or with an unknown one, is in the default
paragraph style; a style's font and size come through its ``basedOn`` chain; a section
without its own footer shows the previous section's.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from lxml import etree

from .. import gbt9704 as G
from ..docxtext import EMU_PER_TWIP, R_ID, Package, Styles, W, east_asia_attr, measure_emu
from ..model import Location
from ..reader import Line, ReadResult, match_label
from ..rules import Rule
from .findings import Finding, finding

Checker = Callable[[Rule, ReadResult], list[Finding]]
LAYOUT_CHECKS: dict[str, Checker] = {}
TOL_MM = 1.0
EMU_PER_MM = 36000
# style-name fragment → (east-Asian font family fragment, size in pt), GB/T 9704 7.2–7.3
STYLE_FONTS = {name: (G.ELEMENTS[element].family, G.ELEMENTS[element].size) for name, element in
               (("标题", "title"), ("正文", "body"), ("一级标题", "heading1"), ("主送机关", "recipients"),
                ("成文日期", "date"))}
FIRST = Location("paragraph", 1)
# the UI names python-docx gives a few built-in styles (BabelFish)
UI_NAMES = {"caption": "Caption", "footer": "Footer", "header": "Header",
            **{f"heading {k}": f"Heading {k}" for k in range(1, 10)}}


def register(name: str):
    def deco(fn: Checker) -> Checker:
        LAYOUT_CHECKS[name] = fn
        return fn

    return deco


def _page(sect) -> dict[str, int]:
    """Page size and margins of a ``w:sectPr`` in EMU (0 when not given)."""
    size, mar = sect.find(W + "pgSz"), sect.find(W + "pgMar")

    def get(el, k: str) -> str | None:
        return el.get(W + k) if el is not None else None

    return {"page_width": measure_emu(get(size, "w")), "page_height": measure_emu(get(size, "h")),
            "top_margin": measure_emu(get(mar, "top"), True), "bottom_margin": measure_emu(get(mar, "bottom"), True),
            "left_margin": measure_emu(get(mar, "left")), "right_margin": measure_emu(get(mar, "right"))}


@register("margins")
def margins(rule: Rule, res: ReadResult) -> list[Finding]:
    sections = res.document.sections()
    if not sections:  # a valid .docx may omit w:sectPr; Word then uses its defaults
        return [finding(rule, "未设置页面（缺少分节属性 w:sectPr）：纸张和页边距由 Word 的默认值决定", FIRST)]
    emu = _page(sections[0])
    want = {"纸宽": (emu["page_width"], G.PAGE_W), "纸高": (emu["page_height"], G.PAGE_H),
            "上边距": (emu["top_margin"], G.MARGIN_TOP), "左边距": (emu["left_margin"], G.MARGIN_LEFT),
            "版心宽": (emu["page_width"] - emu["left_margin"] - emu["right_margin"], G.BLOCK_W)}
    out = []
    for name, (val, mm) in want.items():
        got = val / EMU_PER_MM
        if abs(got - mm) > TOL_MM:
            out.append(finding(rule, f"{name}应为 {mm:g} mm，实为 {got:.1f} mm", FIRST))
    return out


@register("grid")
def grid(rule: Rule, res: ReadResult) -> list[Finding]:
    sections = res.document.sections()
    doc_grid = sections[0].find(W + "docGrid") if sections else None
    pitch = doc_grid.get(W + "linePitch", "") if doc_grid is not None else ""
    if not pitch.isascii() or not pitch.isdigit():
        return [finding(rule, "未设置文档网格", FIRST)]
    emu = _page(sections[0])
    block = emu["page_height"] - emu["top_margin"] - emu["bottom_margin"]
    lines = int(round(block / EMU_PER_TWIP)) / int(pitch)
    return [] if abs(lines - G.LINES_PER_PAGE) < 0.6 else [finding(rule, f"约 {lines:.1f} 行", FIRST)]


def _styles(res: ReadResult) -> Styles:
    if "layout_styles" not in res.cache:
        res.cache["layout_styles"] = res.document.styles
    return res.cache["layout_styles"]


def _style_name(st) -> str:
    name = st.find(W + "name") if st is not None else None
    val = name.get(W + "val") if name is not None else None
    return UI_NAMES.get(val, val) if val else ""


def _pstyle(p) -> str | None:
    ps = p.find(f"{W}pPr/{W}pStyle")
    return ps.get(W + "val") if ps is not None else None


def _runs(p) -> list:
    return p.findall(W + "r")


_RUN_TEXT = {W + "tab": "\t", W + "ptab": "\t", W + "cr": "\n", W + "noBreakHyphen": "-"}


def _child_text(ch) -> str:
    """What one child of a run shows (python-docx's ``Run.text`` item by item)."""
    if ch.tag == W + "t":
        return ch.text or ""
    if ch.tag == W + "br":
        return "\n" if ch.get(W + "type", "textWrapping") == "textWrapping" else ""
    return _RUN_TEXT.get(ch.tag, "")


def _run_text(r) -> str:
    return "".join(_child_text(ch) for ch in r)


def _text(p) -> str:
    """python-docx's ``Paragraph.text``: the paragraph's runs and hyperlinks' runs, nothing nested deeper."""
    out = []
    for ch in p:
        if ch.tag == W + "r":
            out.append(_run_text(ch))
        elif ch.tag == W + "hyperlink":
            out += [_run_text(r) for r in ch.iterchildren(W + "r")]
    return "".join(out)


@register("fonts")
def fonts(rule: Rule, res: ReadResult) -> list[Finding]:
    out, seen = [], set()
    styles = _styles(res)
    for ln in res.lines:
        if ln.loc.kind != "paragraph" or ln.el is None:
            continue
        p = ln.el
        style = styles.get(_pstyle(p), "paragraph")
        name = _style_name(style)
        key = next((k for k in STYLE_FONTS if name.endswith("-" + k) or name == k), None)
        if not key or name in seen:
            continue
        text = _text(p)
        if not text.strip():
            continue
        seen.add(name)
        family, size = STYLE_FONTS[key]
        font = styles.east_asia(style)
        got = styles.size(style)
        runs = _runs(p)
        font = (east_asia_attr(runs[0]) or font) if runs else font
        if family not in font:
            out.append(finding(rule, f"{key}应用{family}，实为“{font or '未设置'}”", ln.loc, text))
        if got is not None and abs(got - size) > 0.1:
            out.append(finding(rule, f"{key}应为 {size:g} 磅，实为 {got:g} 磅", ln.loc, text))
    out += _heading_fonts(rule, res)
    return out


# GB/T 9704 7.3.3: 一、 in 黑体, （一） in 楷体
HEADING_FONTS = {1: G.ELEMENTS["heading1"].family, 2: G.ELEMENTS["heading2"].family}


def _run_font(styles: Styles, run, p, by_style: dict) -> str:
    font = east_asia_attr(run)
    if font:
        return font
    rs = run.find(f"{W}rPr/{W}rStyle")
    key = (rs.get(W + "val") if rs is not None else None, _pstyle(p))
    if key not in by_style:
        char = styles.get(key[0], "character")
        font = styles.east_asia(char) if char is not None and _style_name(char) != "Default Paragraph Font" else ""
        by_style[key] = font or styles.east_asia(styles.get(key[1], "paragraph"))
    return by_style[key]


def _heading_fonts(rule: Rule, res: ReadResult) -> list[Finding]:
    """The numbered label of a level-1/2 heading (run-in or not) in its typeface."""
    out, by_style = [], {}
    styles = _styles(res)
    for sec in res.notice.all_sections():
        want = HEADING_FONTS.get(sec.level)
        if not want or not sec.loc or sec.loc.kind != "paragraph":
            continue
        el = res.element_at(sec.loc)
        if el is None:
            continue
        run = next((r for r in _runs(el) if _run_text(r).strip()), None)
        font = _run_font(styles, run, el, by_style) if run is not None else ""
        if want not in font:
            out.append(finding(rule, f"“{sec.label}{sec.heading}”应用{want}，实为“{font or '未设置'}”",
                               sec.loc, sec.label + sec.heading))
    return out


def _head(res: ReadResult) -> list:
    """The elements of the header block (everything before the title) plus the styles they
    use, since the red rule is usually a paragraph border defined in a style."""
    title = res.locs.get("title")
    stop = res.element_at(title) if title else None
    body = res.document.body
    while stop is not None and stop.getparent() is not body:  # the title in a content control or table
        stop = stop.getparent()
    parts = []
    for child in body.iterchildren():
        if child is stop or len(parts) > 20:
            break
        parts.append(child)
    used = {el.get(W + "val") for part in parts for el in part.iter(W + "pStyle", W + "rStyle", W + "tblStyle")}
    styles = res.document.styles
    return parts + [st for st in (styles.by_id(sid) for sid in sorted(used - {None, ""})) if st is not None]


def _elements(head: list):
    """Every element of ``head`` (comments and processing instructions left out)."""
    return (el for part in head for el in part.iter() if isinstance(el.tag, str))


def _is_red(value: str | None) -> bool:
    return value is not None and value.upper() in {r.upper() for r in G.REDS}


@register("red_mark")
def red_mark(rule: Rule, res: ReadResult) -> list[Finding]:
    head = _head(res)
    problems = []
    if not any(el.tag == W + "color" and _is_red(el.get(W + "val")) for el in _elements(head)):
        problems.append("发文机关标志不是红色")
    # a border's colour (文件格式's rule) or a red-filled paragraph (信函格式's double lines)
    if not any(_is_red(el.get(W + "color")) or _is_red(el.get(W + "fill")) for el in _elements(head)):
        problems.append("没有红色分隔线")
    return [finding(rule, "；".join(problems), FIRST)] if problems else []


_DOUBLE = re.compile(r"double|thickThin\w*|thinThick\w*", re.I)


def _red_lines(head: list) -> int:
    """Red rules in the header block: red-filled empty paragraphs, or red double paragraph
    borders (two rules each)."""
    fills = borders = 0
    for el in _elements(head):
        fills += _is_red(el.get(W + "fill"))
        if el.tag in (W + "top", W + "bottom") and _DOUBLE.fullmatch(el.get(W + "val") or ""):
            borders += _is_red(el.get(W + "color"))
    return fills + 2 * borders


_WORD_FILE = re.compile(r"\s*文\s*件\s*")


def _says_file(head: list) -> bool:
    """A text of its own reading 文件 (the 文件格式's word beside the mark)."""
    return any(_WORD_FILE.fullmatch(t) for el in _elements(head) for t in (el.text, el.tail) if t)


@register("letter_format")
def letter_format(rule: Rule, res: ReadResult) -> list[Finding]:
    """GB/T 9704-2012 10.1 for a 函 (代字 ending in 函): the mark without 文件, red double lines
    (two rules each) under it and at the foot of page 1, no page number on page 1."""
    from ..elements.header import is_letter

    if not is_letter(res.notice) or res.document is None:
        return []
    head = _head(res)
    problems = []
    if _says_file(head):
        problems.append("函用信函格式，发文机关标志不加“文件”")
    if _red_lines(head) < 4:
        problems.append("首页应有两条红色双线（标志下 4 mm 上粗下细，距下页边 20 mm 上细下粗）")
    first = res.document.sections()[0]
    footers_ = {r.get(W + "type"): r.get(R_ID) for r in first.iterchildren(W + "footerReference")}
    title_pg = first.find(W + "titlePg")
    numbered = True
    if title_pg is not None and title_pg.get(W + "val") not in ("0", "false"):
        part = res.document.related(footers_.get("first")) if footers_.get("first") else None
        numbered = part is not None and "PAGE" in etree.tostring(part, encoding=str)
    if numbered:
        problems.append("信函格式首页不显示页码（应设首页不同且首页页脚无页码）")
    return [finding(rule, "；".join(problems), FIRST)] if problems else []


def footers(package: Package, kinds: tuple[str, ...] = ("default", "even")) -> list:
    """The footer each section shows for each kind of page, as Word resolves it: a section
    without its own footer of a kind shows the previous section's."""
    out = []
    refs = [{r.get(W + "type"): r.get(R_ID) for r in sect.iterchildren(W + "footerReference")}
            for sect in package.sections()]
    for i in range(len(refs)):
        for kind in kinds:
            rid = next((r[kind] for r in reversed(refs[:i + 1]) if kind in r), None)
            part = package.related(rid)
            if part is not None:
                out.append(part)
    return out


_OPEN = {W + "sdt", W + "sdtContent", W + "hyperlink", W + "ins", W + "smartTag", W + "customXml", W + "fldSimple"}


def page_number_form(p) -> str | None:
    """A footer paragraph as Word shows it, its PAGE field as "{n}" (None without one):
    "— {n} —", "-{n}-", "第{n}页"… Fields are read from ``w:fldSimple`` and from
    ``w:fldChar``/``w:instrText`` runs; what a field shows is replaced by its name."""
    out: list[str] = []
    fields: list[list] = []  # open complex fields: [instruction, result shown yet]

    def name(instr: str) -> str:
        word = (instr.split() or [""])[0].upper()
        return "{n}" if word == "PAGE" else "{total}" if word in ("NUMPAGES", "SECTIONPAGES") else ""

    def walk(el) -> None:
        for ch in el:
            tag = ch.tag
            if tag == W + "fldSimple":
                out.append(name(ch.get(W + "instr") or ""))
            elif tag == W + "r":
                for x in ch:
                    kind = x.get(W + "fldCharType") if x.tag == W + "fldChar" else None
                    if kind == "begin":
                        fields.append(["", False])
                    elif kind == "separate" and fields:
                        fields[-1][1] = True
                        out.append(name(fields[-1][0]))
                    elif kind == "end" and fields:
                        instr, shown = fields.pop()
                        out.append("" if shown else name(instr))
                    elif x.tag == W + "instrText" and fields:
                        fields[-1][0] += x.text or ""
                    elif not fields:
                        out.append(_child_text(x))
            elif tag in _OPEN:
                walk(ch)

    walk(p)
    text = "".join(out).strip(" \t\u3000")
    return text if "{n}" in text else None


@register("page_number_form")
def page_number_forms(rule: Rule, res: ReadResult) -> list[Finding]:
    """GB/T 9704 7.5: the number between two 一字线, "— 1 —"; each other form said once."""
    want = re.compile(r"—\s*\{n\}\s*—")
    out, seen = [], set()
    for footer in footers(res.document, ("default", "even", "first")):
        for p in footer.iter(W + "p"):
            form = page_number_form(p)
            if form is None or want.fullmatch(form) or form in seen:
                continue
            seen.add(form)
            shown = form.replace("{n}", "1").replace("{total}", "N")
            out.append(finding(rule, f"页脚页码为“{shown}”，应为“— 1 —”", FIRST, shown))
    return out


@register("page_numbers")
def page_numbers(rule: Rule, res: ReadResult) -> list[Finding]:
    for f in footers(res.document):
        if "PAGE" in etree.tostring(f, encoding=str):
            return []
    return [finding(rule, "未插入页码域", FIRST)]


# ---------------------------------------------------------------- body paragraphs (GB/T 9704 5.2.3, 7.3.3)

INDENT_TOL = 0.25  # characters


def _ppr_attr(res: ReadResult, p, tag: str, attrs: tuple[str, ...]) -> dict[str, str]:
    """The first value of each of ``attrs`` on ``tag`` (w:ind, w:spacing): the paragraph's own,
    then its style and the styles it is based on, then the document defaults."""
    styles = _styles(res)
    chain = [p.find(W + "pPr"), *(s.find(W + "pPr") for s in styles.chain(styles.get(_pstyle(p), "paragraph")))]
    if "pdefault" not in res.cache:
        res.cache["pdefault"] = styles.ppr_default()
    chain.append(res.cache["pdefault"])
    out: dict[str, str] = {}
    for ppr in chain:
        el = ppr.find(W + tag) if ppr is not None else None
        if el is None:
            continue
        for a in attrs:
            if a not in out and el.get(W + a) is not None:
                out[a] = el.get(W + a)
    return out


def _body_paragraphs(res: ReadResult):
    """The body's paragraphs of running text and its headings (not the 主送, 署名, lists)."""
    for ln in res.body:
        if ln.loc.kind == "paragraph" and ln.el is not None and not ln.cell and ln.text \
                and (ln.text.endswith(("。", "：", "；")) or match_label(ln.text)):
            yield ln


def _twips(v: str | None) -> int:
    return int(v) if v and v.lstrip("-").isdigit() else 0


def _grouped(rule: Rule, found: list[tuple[str, Line]]) -> list[Finding]:
    """One finding per distinct slip, at its first paragraph, with how many paragraphs have it."""
    by: dict[str, list[Line]] = {}
    for what, ln in found:
        by.setdefault(what, []).append(ln)
    return [finding(rule, f"{what}（共 {len(lns)} 段）", lns[0].loc, lns[0].text) for what, lns in by.items()]


@register("first_line_indent")
def first_line_indent(rule: Rule, res: ReadResult) -> list[Finding]:
    """Each body paragraph begins two characters in (GB/T 9704 7.3.3: 每个自然段左空二字, 回行顶格)."""
    styles = _styles(res)
    found = []
    for ln in _body_paragraphs(res):
        if ln.raw.startswith(("\u3000\u3000", "    ")) or ln.auto:
            continue  # two full-width spaces typed show the same; an automatic number's indent is numbering.xml's
        ind = _ppr_attr(res, ln.el, "ind", ("firstLineChars", "firstLine", "hangingChars", "hanging"))
        size = styles.size(styles.get(_pstyle(ln.el), "paragraph")) or G.SIZE_3
        if _twips(ind.get("hangingChars")) or _twips(ind.get("hanging")):
            chars = -(_twips(ind.get("hangingChars")) / 100 or _twips(ind.get("hanging")) / (size * 20))
        elif _twips(ind.get("firstLineChars")):
            chars = _twips(ind.get("firstLineChars")) / 100
        else:
            chars = _twips(ind.get("firstLine")) / (size * 20)
        if abs(chars - 2) > INDENT_TOL:
            found.append((f"首行应缩进 2 个字，实为 {chars:.1f} 个字", ln))
    return _grouped(rule, found)


@register("line_pitch")
def line_pitch(rule: Rule, res: ReadResult) -> list[Finding]:
    """The body's line pitch is the grid's (225 mm / 22 lines ≈ 28.95 pt); 7.3.5.5 lets a page
    be tightened (to 85 %, as drafting does) so the 署名 and date stay with the text."""
    grid = G.line_pitch_twips()
    found = []
    for ln in _body_paragraphs(res):
        sp = _ppr_attr(res, ln.el, "spacing", ("line", "lineRule"))
        rule_ = sp.get("lineRule", "auto")
        line = _twips(sp.get("line")) or 240
        if rule_ in ("exact", "atLeast"):
            pitch = line
        elif line == 240:
            continue  # single spacing on the document grid: NK-L-GRID judges the grid
        else:
            pitch = round(grid * line / 240)
        if not G.min_line_pitch_twips() <= pitch <= grid + 20:
            how = "固定值" if rule_ == "exact" else "最小值" if rule_ == "atLeast" else f"{line / 240:g} 倍"
            found.append((f"正文行距应约为 {grid / 20:.2f} 磅（每面 22 行），实为{how} {pitch / 20:.2f} 磅", ln))
    return _grouped(rule, found)
