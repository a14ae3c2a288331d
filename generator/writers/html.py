"""The notice as a self-contained, print-friendly HTML page (and as a fragment to embed).

Drawn from the composition, like the .docx: red 发文机关标志 and rule, 文号, title, body
with its headings, 附件说明, signatures and date, one page per attachment with its form
table, and the 版记. Every user text is escaped; every 【待填】 token is wrapped in
``<span class="placeholder">`` so it shows highlighted. Sizes come from the GB/T 9704 spec.
The web workbench embeds ``notice_fragment`` (scoped under ``.nk-notice``) with
``NOTICE_CSS``; ``notice_html`` is the page ``notice draft -o notice.html`` writes.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from .. import compose as C
from .. import gbt9704 as G
from ..fileio import check_target, write_atomic
from ..forms.layout import cell_words, column_widths, furniture_mm, header_rows, row_heights
from ..model import Notice
from ..ooxml import highlighting, marks
from ..render import flow as F
from ..render import flow_items, letter_mark_size_pt, page_count, plan
from ..render.layout import balance_title, first_signature_gap_mm, mark_size_pt, seal_pitch_mm, signature_layout


def _fonts(element: str) -> str:
    """A CSS font stack: the official name first, free stand-ins after it."""
    spec = G.ELEMENTS[element]
    fallback = {"小标宋": '"Noto Serif CJK SC", "Source Han Serif SC", serif',
                "黑体": '"Noto Sans CJK SC", "Source Han Sans SC", sans-serif',
                "楷体": '"KaiTi", "AR PL UKai CN", serif'}.get(spec.family, '"FangSong", "Noto Serif CJK SC", serif')
    return f'"{spec.font}", {fallback}; font-size: {spec.size:g}pt'


_LINE_PT = G.BLOCK_H / G.MM_PER_PT / G.LINES_PER_PAGE  # one grid line (≈ 28.95 pt)
_CONDENSE_PT = G.BLOCK_W / G.CHARS_PER_LINE / G.MM_PER_PT - G.SIZE_3  # 156 mm / 28 less 3号
_BROWSER_EXTRA_MM = 16.0
_DASH_BELOW_MM = 6.2  # puts the 一字线 7 mm under the text block (7.5; measured in Chromium)
_PAGE_NUMBER = (f'content: "— " counter(page) " —"; font-family: "{G.FONT_ST}", "Noto Serif CJK SC", serif; '
                f"font-size: {G.SIZE_4:g}pt; vertical-align: top; "
                f"padding-top: {_DASH_BELOW_MM - G.SIZE_4 * G.MM_PER_PT / 2:.1f}mm;")

NOTICE_CSS = f"""
.nk-notice {{ font-family: {_fonts("body")}; line-height: {_LINE_PT:.2f}pt; color: #000;
  width: {G.BLOCK_W:g}mm; margin: 0 auto; padding: {G.MARGIN_TOP:g}mm 0 {G.MARGIN_BOTTOM:g}mm; }}
.nk-notice p {{ margin: 0; text-align: justify; overflow-wrap: anywhere; }}
.nk-notice .mark {{ display: flex; align-items: center; justify-content: center; gap: 0.5em;
  color: #{G.RED}; font-family: {_fonts("mark")}; line-height: 1.3; margin-top: {G.MARK_TOP_MM:g}mm; }}
.nk-notice .mark-names {{ display: flex; flex-direction: column; text-align-last: justify; white-space: nowrap; }}
.nk-notice .doc-number {{ text-align: center; margin-top: {2 * _LINE_PT:.2f}pt; }}
.nk-notice .red-rule {{ border: 0; border-top: {G.RULE_EIGHTHS / 8:g}pt solid #{G.RED};
  margin: {G.RULE_MM:g}mm 0 0; }}
.nk-notice .title {{ font-family: {_fonts("title")}; font-weight: normal; text-align: center;
  line-height: 1.3; margin: {2 * _LINE_PT:.2f}pt 0 0; }}
.nk-notice .recipients {{ margin-top: {_LINE_PT:.2f}pt; }}
.nk-notice .body {{ text-indent: 2em; }}
.nk-notice .heading {{ font-weight: normal; text-indent: 2em; margin: 0; font-size: inherit; }}
.nk-notice .heading-1, .nk-notice .run-in-1 {{ font-family: {_fonts("heading1")}; }}
.nk-notice .heading-2, .nk-notice .run-in-2 {{ font-family: {_fonts("heading2")}; }}
.nk-notice .attachment-note {{ margin-top: {_LINE_PT:.2f}pt; padding-left: 2em; }}
.nk-notice .attachment-note p {{ padding-left: 3em; text-indent: -3em; }}
.nk-notice .attachment-note p.more {{ padding-left: 5em; }}
.nk-notice .signature {{ break-inside: avoid; }}
.nk-notice .signature-row {{ position: relative; height: {_LINE_PT:.2f}pt; }}
.nk-notice .sealed .signer {{ position: absolute; top: 0; white-space: nowrap; }}
.nk-notice .unsealed .signer {{ display: inline-block; white-space: nowrap; }}
.nk-notice .signature .date {{ text-align: right; }}
.nk-notice .attachment-page {{ break-before: page; margin-top: 2em; border-top: 1px dashed #999; }}
@media print {{ .nk-notice .attachment-page {{ border-top: 0; margin-top: 0; }} }}
.nk-notice .attachment-label {{ font-family: {_fonts("attachment_label")}; }}
.nk-notice .attachment-title {{ font-family: {_fonts("attachment_title")}; font-weight: normal;
  text-align: center; line-height: 1.3; margin: {_LINE_PT:.2f}pt 0; }}
.nk-notice .form-line {{ font-family: {_fonts("form_line")}; line-height: 1.5; }}
.nk-notice table.form {{ border-collapse: collapse; width: 100%; font-family: {_fonts("form_cell")};
  line-height: 1.3; margin: 0.5em 0; }}
.nk-notice table.form td, .nk-notice table.form th {{ border: 1px solid #000; padding: 0.3em;
  text-align: center; vertical-align: middle; height: 2em; word-break: keep-all; }}
.nk-notice table.form th {{ font-family: {_fonts("form_header")}; font-weight: normal; }}
.nk-notice .imprint {{ break-before: avoid; margin-top: 3em; font-family: {_fonts("imprint")};
  border-top: 0.35mm solid #000; border-bottom: 0.35mm solid #000; }}
.nk-notice .imprint p {{ padding: 0 1em; line-height: 1.8; }}
.nk-notice .imprint .cc {{ border-bottom: 0.25mm solid #000; }}
.nk-notice .imprint .issued {{ display: flex; justify-content: space-between; }}
.nk-notice .placeholder {{ background: #ff0; }}
.nk-notice .mark-word {{ white-space: nowrap; flex: none; }}
.nk-notice .letter .mark {{ margin-top: {G.LETTER_MARK_TOP_MM - G.MARGIN_TOP:g}mm; gap: 0; }}
.nk-notice .letter-rule {{ height: {G.LETTER_RULE_AIR_PT:g}pt; margin: {G.LETTER_RULE_GAP_MM:g}mm
  -{(G.LETTER_RULE_MM - G.BLOCK_W) / 2:g}mm 0; border-top: {G.LETTER_THICK_PT:g}pt solid #{G.RED};
  border-bottom: {G.LETTER_THIN_PT:g}pt solid #{G.RED}; }}
.nk-notice .letter .doc-number {{ text-align: right; margin-top: {G.LETTER_NUMBER_GAP_PT:g}pt; line-height: 1; }}
@page {{ size: A4; margin: {G.MARGIN_TOP:g}mm {G.MARGIN_RIGHT:g}mm {G.MARGIN_BOTTOM:g}mm {G.MARGIN_LEFT:g}mm; }}
@media print {{
  .nk-notice {{ width: auto; padding: 0; }}
  /* the grid's 28 characters a line, as the .docx condenses them */
  .nk-notice p, .nk-notice .heading {{ letter-spacing: {_CONDENSE_PT:.3f}pt; }}
  .nk-notice table.form thead {{ display: table-header-group; }}
  /* the 附件说明 and the 署名 go with the body's last lines (7.3.5), never a page to themselves */
  .nk-notice .attachment-note, .nk-notice .signature {{ break-before: avoid; }}
  .nk-notice .attachment-note {{ break-inside: avoid; }}
  .nk-notice table.form tr {{ break-inside: avoid; }}
  .nk-notice .imprint {{ break-before: page; page: imprint; margin-top: 0; }}
  .nk-notice .imprint.inline {{ break-before: avoid; page: auto; margin-top: {_LINE_PT:.2f}pt; }}
  .nk-notice .blank-page {{ break-before: page; page: imprint; height: 1px; }}
  .nk-notice table.form td, .nk-notice table.form th {{ height: auto; }}
  .nk-notice .title, .nk-notice .attachment-title {{ white-space: nowrap; }}  /* broken as the .docx breaks them */
}}
/* GB/T 9704 7.5: — N — in 4号 半角宋体, 7 mm under the text block, odd pages right and even
   pages left, one character in; none on a blank page or the 版记's own page */
@page :right {{ @bottom-right {{ {_PAGE_NUMBER} margin-right: 1em; }} }}
@page :left {{ @bottom-left {{ {_PAGE_NUMBER} margin-left: 1em; }} }}
@page :blank {{ @bottom-right {{ content: none; }} @bottom-left {{ content: none; }} }}
@page imprint {{ @bottom-right {{ content: none; }} @bottom-left {{ content: none; }} }}
"""

#: 信函格式 (10.1): 首页不显示页码; its second red double line (上细下粗) 20 mm above the page's
#: bottom edge, 170 mm, centred on the text block — drawn in page 1's bottom margin box
_FOOT_LINE_TOP_MM = G.MARGIN_BOTTOM - G.LETTER_FOOT_MM - (G.LETTER_THICK_PT + G.LETTER_RULE_AIR_PT
                                                          + G.LETTER_THIN_PT) * G.MM_PER_PT
_OVER_MM = (G.LETTER_RULE_MM - G.BLOCK_W) / 2
LETTER_CSS = (f'@page :first {{ @bottom-right {{ content: none; }} @bottom-left {{ content: none; }} '
              f'@bottom-center {{ content: ""; border-top: {G.LETTER_THIN_PT:g}pt solid #{G.RED}; '
              f'border-bottom: {G.LETTER_THICK_PT:g}pt solid #{G.RED}; height: {G.LETTER_RULE_AIR_PT:g}pt; '
              f'margin: {_FOOT_LINE_TOP_MM:.2f}mm -{_OVER_MM:g}mm auto -{_OVER_MM:g}mm; }} }}')
#: the standalone page prints its text block where the @page margins put it (no body margin)
PAGE_CSS = "@media print { body { margin: 0; } }"


#: a mark's span: 【待填】 the stylesheet's yellow; 【待核实】 and 推算 dates their own colours
#: (as the .docx's, ooxml.HIGHLIGHT), styled inline so a page without them is unchanged
SPAN = {"待填": 'class="placeholder"', "待核实": 'class="unverified" style="background: #0ff"',
        "推算": 'class="computed" style="background: #0f0"'}


def text_html(text: str) -> str:
    """Escaped text, each placeholder token in a highlighted span."""
    out, pos = [], 0
    for start, end, kind in marks(text):
        out.append(escape(text[pos:start]))
        out.append(f'<span {SPAN[kind]}>{escape(text[start:end])}</span>')
        pos = end
    out.append(escape(text[pos:]))
    return "".join(out)


def _balanced(title: str) -> str:
    """A title broken where the .docx breaks it (梯形/菱形 lines)."""
    return "<br>".join(text_html(line) for line in balance_title(title))


def _p(cls: str, text: str) -> str:
    return f'<p class="{cls}">{text_html(text)}</p>'


def _form(lay) -> str:
    """The form's lines and table: merged cells as rowspan/colspan, header cells as <th>."""
    widths = column_widths(lay, G.BLOCK_W)
    cols = "".join(f'<col style="width:{100 * w / sum(widths):.1f}%">' for w in widths)
    rows: list[list[str]] = [[] for _ in range(lay.n_rows)]
    for c in sorted(lay.cells, key=lambda c: (c.row, c.col)):
        tag = "th" if c.bold else "td"
        span = f' rowspan="{c.rowspan}"' if c.rowspan > 1 else ""
        span += f' colspan="{c.colspan}"' if c.colspan > 1 else ""
        words = "<wbr>".join(text_html(w) for w in cell_words(c.text))  # breaks only between words
        rows[c.row].append(f"<{tag}{span}>{words}</{tag}>")
    heads = header_rows(lay)  # repeated at the top of every printed page the table runs over
    # the .docx's row heights, less what the page's lines take more in a browser (their line boxes,
    # the cells' padding: about two 4号 lines, measured in Chromium), so the form stays on its page
    free = G.BLOCK_H - furniture_mm(lay, G.BLOCK_W) - _BROWSER_EXTRA_MM
    high = [f' style="height:{h:.1f}mm"' for h in row_heights(lay, widths, free)]
    head = "".join(f"<tr{high[i]}>{''.join(r)}</tr>" for i, r in enumerate(rows[:heads]))
    body = "".join(f"<tr{high[heads + i]}>{''.join(r)}</tr>" for i, r in enumerate(rows[heads:]))
    above = "".join(_p("form-line", t) for t in lay.above)
    below = "".join(_p("form-line", t) for t in lay.below)
    thead = f"<thead>{head}</thead>" if head else ""
    return f'{above}<table class="form"><colgroup>{cols}</colgroup>{thead}<tbody>{body}</tbody></table>{below}'


def _signature(sig: C.Signature) -> str:
    """The rows the .docx draws (render.layout.signature_layout), placed in characters of
    the 28-character line: names centred on their seal columns, or stacked when unsealed."""
    lay = signature_layout(list(sig.names), sig.date, sig.sealed)
    line_mm = G.BLOCK_H / G.LINES_PER_PAGE
    rows = []
    for r, row in enumerate(lay.rows):
        if lay.sealed:
            gap = first_signature_gap_mm(line_mm) if r == 0 else seal_pitch_mm() - line_mm
            names = "".join(f'<span class="signer" style="left:{100 * lay.starts[i] / G.CHARS_PER_LINE:.2f}%">'
                            f"{text_html(sig.names[i])}</span>" for i in row)
        else:
            gap = line_mm if r == 0 else 0
            names = (f'<span class="signer" style="margin-left:{100 * lay.starts[row[0]] / G.CHARS_PER_LINE:.2f}%">'
                     f"{text_html(sig.names[row[0]])}</span>")
        rows.append(f'<div class="signature-row" style="margin-top:{gap:.1f}mm">{names}</div>')
    place = (f"padding-right:{lay.date_right:g}em" if lay.sealed
             else f"text-align:left; margin-left:{100 * (lay.starts[0] + 2) / G.CHARS_PER_LINE:.2f}%")
    date = f'<p class="date" style="{place}">{text_html(sig.date)}</p>'
    kind = "sealed" if lay.sealed else "unsealed"
    return f'<div class="signature {kind}">{"".join(rows)}{date}</div>'


def _block(block: C.Block, letter: bool = False) -> str:
    match block:
        case C.Mark(names=names, word="") if len(names) == 1:  # 信函格式 (10.1): the mark, the red double line
            size = f"font-size:{letter_mark_size_pt(names[0]):g}pt"
            return (f'<header class="head letter"><div class="mark" style="{size}">{text_html(names[0])}</div>'
                    '<div class="letter-rule"></div>')
        case C.Mark(names=names, word=word):
            spans = "".join(f"<span>{text_html(n)}</span>" for n in names)
            # the .docx's size: the longest name and 文件 within the 版心, one name a line (7.2.4)
            size = f"font-size:{mark_size_pt(list(names), word):g}pt"
            return (f'<header class="head"><div class="mark" style="{size}"><div class="mark-names">{spans}</div>'
                    f'<div class="mark-word">{escape(word)}</div></div></header>')
        case C.DocNumber(text=text) if letter:
            return _p("doc-number", text) + "</header>"
        case C.DocNumber(text=text):
            return _p("doc-number", text) + '<hr class="red-rule">'
        case C.Title(text=text):
            return f'<h1 class="title">{_balanced(text)}</h1>'
        case C.Recipients(text=text):
            return _p("recipients", text)
        case C.Heading(level=level):
            return f'<h2 class="heading heading-{level}">{text_html(block.full)}</h2>'
        case C.Paragraph(text=text, lead=lead, level=level):
            head = f'<span class="run-in run-in-{level}">{text_html(lead)}</span>' if lead else ""
            return f'<p class="body">{head}{text_html(text)}</p>'
        case C.AttachmentNote(items=items):
            lines = "".join(f'<p class="{"first" if item.lead else "more"}">{text_html(item.full)}</p>'
                            for item in items)
            return f'<div class="attachment-note">{lines}</div>'
        case C.Signature():
            return _signature(block)
        case C.AttachmentPage(label=label, title=title, form=form):
            table = _form(form) if form is not None else (_p("attachment-body", block.note) if block.note else "")
            return (f'<section class="attachment-page">{_p("attachment-label", label)}'
                    f'<h2 class="attachment-title">{_balanced(title)}</h2>{table}</section>')
        case C.Imprint(cc=cc, office=office, issued=issued):
            if not (cc or office or issued):
                return ""
            cc_line = _p("cc", cc) if cc else ""
            issued_line = (f'<p class="issued"><span class="office">{text_html(office)}</span>'
                           f'<span class="issued-date">{text_html(issued)}</span></p>') if office or issued else ""
            return f'<footer class="imprint">{cc_line}{issued_line}</footer>'
    raise TypeError(f"HTML 输出不认识“{type(block).__name__}”这种内容块")


def _imprint_page(comp: C.Composition) -> str:
    """Where the .docx puts the 版记 (render.plan): at the end of the last page, or on a page of its
    own — after a blank one when the notice ends on an even page (neither numbered, 7.5)."""
    decided = plan(comp)
    if decided.imprint_inline:
        return "inline"
    header, body, tail = flow_items(comp)
    content = F._place(F.apply(body + tail, body, decided.fit), header)[0][-1] + 1 + len(comp.of(C.AttachmentPage))
    return "blank" if page_count(comp, decided) - content == 2 else ""


def _drawn(block: C.Block, comp: C.Composition) -> str:
    html = _block(block, comp.letter)
    if isinstance(block, C.Imprint) and html:
        where = _imprint_page(comp)
        if where == "inline":
            return html.replace('class="imprint"', 'class="imprint inline"', 1)
        if where == "blank":
            return '<div class="blank-page"></div>' + html
    return html


def composition_fragment(comp: C.Composition) -> str:
    with highlighting(comp.computed):
        return f'<article class="nk-notice">{"".join(_drawn(b, comp) for b in comp.blocks)}</article>'


def notice_fragment(notice: Notice) -> str:
    """The notice as one ``<article class="nk-notice">`` to embed beside ``NOTICE_CSS``."""
    return composition_fragment(C.compose(notice))


def notice_html(notice: Notice) -> str:
    """A whole page: the fragment with its style inlined, nothing fetched from elsewhere."""
    title = escape(notice.title or notice.jurisdiction)
    comp = C.compose(notice)
    css = NOTICE_CSS + PAGE_CSS + "\n" + (LETTER_CSS + "\n" if comp.letter else "")
    return ('<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>{title}</title>\n'
            f"<style>{css}</style>\n</head>\n<body>\n{composition_fragment(comp)}\n</body>\n</html>\n")


def write_html(notice: Notice, path: Path | str, force: bool = False) -> None:
    """Write the page atomically; an existing file is kept unless ``force``."""
    check_target(Path(path), force)
    write_atomic(Path(path), notice_html(notice).encode("utf-8"), force)
