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
from ..forms.layout import cell_words, column_widths
from ..model import Notice
from ..ooxml import highlighting, marks
from ..render.layout import balance_title, first_signature_gap_mm, mark_size_pt, seal_pitch_mm, signature_layout


def _fonts(element: str) -> str:
    """A CSS font stack: the official name first, free stand-ins after it."""
    spec = G.ELEMENTS[element]
    fallback = {"小标宋": '"Noto Serif CJK SC", "Source Han Serif SC", serif',
                "黑体": '"Noto Sans CJK SC", "Source Han Sans SC", sans-serif',
                "楷体": '"KaiTi", "AR PL UKai CN", serif'}.get(spec.family, '"FangSong", "Noto Serif CJK SC", serif')
    return f'"{spec.font}", {fallback}; font-size: {spec.size:g}pt'


_LINE_PT = G.BLOCK_H / G.MM_PER_PT / G.LINES_PER_PAGE  # one grid line (≈ 28.95 pt)

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
@page {{ size: A4; margin: {G.MARGIN_TOP:g}mm {G.MARGIN_RIGHT:g}mm {G.MARGIN_BOTTOM:g}mm {G.MARGIN_LEFT:g}mm; }}
@media print {{ .nk-notice {{ width: auto; padding: 0; }} }}
"""


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
    body = "".join(f"<tr>{''.join(r)}</tr>" for r in rows)
    above = "".join(_p("form-line", t) for t in lay.above)
    below = "".join(_p("form-line", t) for t in lay.below)
    return f'{above}<table class="form"><colgroup>{cols}</colgroup><tbody>{body}</tbody></table>{below}'


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


def _block(block: C.Block) -> str:
    match block:
        case C.Mark(names=names, word=word):
            spans = "".join(f"<span>{text_html(n)}</span>" for n in names)
            # the .docx's size: the longest name and 文件 within the 版心, one name a line (7.2.4)
            size = f"font-size:{mark_size_pt(list(names), word):g}pt"
            return (f'<header class="head"><div class="mark" style="{size}"><div class="mark-names">{spans}</div>'
                    f'<div class="mark-word">{escape(word)}</div></div></header>')
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
            cc_line = _p("cc", cc) if cc else ""
            return (f'<footer class="imprint">{cc_line}<p class="issued"><span class="office">{text_html(office)}'
                    f'</span><span class="issued-date">{text_html(issued)}</span></p></footer>')
    return ""


def composition_fragment(comp: C.Composition) -> str:
    with highlighting(comp.computed):
        return f'<article class="nk-notice">{"".join(_block(b) for b in comp.blocks)}</article>'


def notice_fragment(notice: Notice) -> str:
    """The notice as one ``<article class="nk-notice">`` to embed beside ``NOTICE_CSS``."""
    return composition_fragment(C.compose(notice))


def notice_html(notice: Notice) -> str:
    """A whole page: the fragment with its style inlined, nothing fetched from elsewhere."""
    title = escape(notice.title or notice.jurisdiction)
    return ('<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>{title}</title>\n'
            f"<style>{NOTICE_CSS}</style>\n</head>\n<body>\n{notice_fragment(notice)}\n</body>\n</html>\n")


def write_html(notice: Notice, path: Path | str, force: bool = False) -> None:
    """Write the page atomically; an existing file is kept unless ``force``."""
    check_target(Path(path), force)
    write_atomic(Path(path), notice_html(notice).encode("utf-8"), force)
