"""Build templates/notice.docx from code, so the template is reproducible and reviewable.

    python3 scripts/build_template.py [--check]

The template holds the layout: A4 page with the GB/T 9704 margins and 22×28 grid, the
named styles, odd/even page-number footers, the header block (mark table, 文号, red rule)
and the slots the renderer fills with paragraphs. It holds no rule logic.
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.oxml import parse_xml
from docx.shared import Mm

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator import gbt9704 as G  # noqa: E402
from generator.ooxml import (  # noqa: E402
    W_NS,
    field_runs,
    fix_core_properties,
    font_table,
    named_fonts_only,
    run,
    save_bytes,
)
from generator.render import styles as S  # noqa: E402

TEMPLATE = ROOT / "templates" / "notice.docx"
LETTER_TEMPLATE = ROOT / "templates" / "letter.docx"  # 信函格式 (GB/T 9704-2012 10.1)
NS = f'xmlns:w="{W_NS}"'
TEMPLATE_DATE = datetime(2024, 1, 1)


def para(style: str, text: str = "", extra_ppr: str = "") -> str:
    body = run(text) if text else ""
    return f'<w:p {NS}><w:pPr><w:pStyle w:val="{style}"/>{extra_ppr}</w:pPr>{body}</w:p>'


def loop(var: str, items: str) -> list[str]:
    """Three paragraphs: the loop opens, one rendered paragraph per item, the loop closes."""
    return [para(S.BODY.id, f"{{%p for {var} in {items} %}}"), para(S.BODY.id, f"{{{{p {var} }}}}"),
            para(S.BODY.id, "{%p endfor %}")]


def cell(xml: str, width: int) -> str:
    return f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>{xml}</w:tc>'


def mark_table() -> str:
    """Issuer names stacked in column 1, 文件 in column 2 (merged and centred by the renderer)."""
    left, right = G.mm_to_twips(G.BLOCK_W) - 2000, 2000
    none = "".join(f'<w:{s} w:val="nil"/>' for s in ("top", "left", "bottom", "right", "insideH", "insideV"))
    row = "<w:tr>{}{}</w:tr>"
    p = lambda style, text: para(style, text).replace(f" {NS}", "")  # noqa: E731
    return (f'<w:tbl {NS}><w:tblPr><w:tblW w:w="{left + right}" w:type="dxa"/><w:jc w:val="center"/>'
            f'<w:tblBorders>{none}</w:tblBorders><w:tblLayout w:type="fixed"/>'
            '<w:tblCellMar><w:left w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/></w:tblCellMar>'
            f'<w:tblLook w:val="0000"/></w:tblPr><w:tblGrid><w:gridCol w:w="{left}"/><w:gridCol w:w="{right}"/>'
            "</w:tblGrid>"
            + row.format(cell(p(S.MARK.id, "{%tr for row in mark %}"), left), cell(p(S.MARK_WORD.id, ""), right))
            + row.format(cell(p(S.MARK.id, "{{r row.name }}"), left), cell(p(S.MARK_WORD.id, "{{r row.word }}"), right))
            + row.format(cell(p(S.MARK.id, "{%tr endfor %}"), left), cell(p(S.MARK_WORD.id, ""), right))
            + "</w:tbl>")


def body_xml(letter: bool = False) -> list[str]:
    if letter:  # the letterhead's two framed double lines and mark come from the renderer (10.1)
        out = loop("p", "letter_head") + [para(S.LETTER_NUMBER.id, "{{r doc_number }}")]
    else:
        out = [para(S.MARK_SPACE.id), mark_table(), para(S.DOC_NUMBER.id, "{{r doc_number }}"), para(S.RULE.id)]
    out += [para(S.TITLE.id, "{{r title }}"),
           para(S.RECIPIENTS.id, "{{r recipients }}")]
    for var, items in (("p", "body"), ("p", "attachment_note"), ("p", "signature"),
                       ("p", "attachment_pages")):
        out += loop(var, items)
    return out


def footer_xml(odd: bool) -> str:
    """'— N —' in 4号 宋体: odd pages right, even pages left, one character in (clause 7.5)."""
    ind = 'w:right="280" w:rightChars="100"' if odd else 'w:left="280" w:leftChars="100"'
    jc = "right" if odd else "left"
    font = G.FONT_ST
    before, after = G.PAGE_NUMBER_FORM.split("{n}")
    runs = run(before, font) + field_runs("PAGE", "1", font) + run(after, font)
    return (f'<w:p {NS}><w:pPr><w:pStyle w:val="{S.PAGE_NUMBER.id}"/><w:ind {ind}/><w:jc w:val="{jc}"/></w:pPr>'
            f"{runs}</w:p>")


def _blank(footer) -> None:
    """A header or footer of its own holding one empty paragraph (no page number)."""
    footer.is_linked_to_previous = False
    el = footer._element
    for child in list(el):
        el.remove(child)
    el.append(parse_xml(para(S.PAGE_NUMBER.id)))


def add_imprint_section(doc) -> None:
    """The 版记 gets its own last section: it starts on an even page (封四) and its footers
    are blank, so neither it nor a blank page inserted before it carries a number (7.5)."""
    imprint = doc.add_section(WD_SECTION.EVEN_PAGE)
    for footer in (imprint.footer, imprint.even_page_footer, imprint.first_page_footer):
        _blank(footer)
    sect_pr = doc.element.body[-1]
    for xml in loop("p", "imprint"):
        sect_pr.addprevious(parse_xml(xml))


#: the fonts a notice names, listed in fontTable.xml in place of python-docx's Cambria, ＭＳ 明朝…
USED_FONTS = (G.FONT_FS, G.FONT_XBS, G.FONT_HT, G.FONT_KT, G.FONT_ST)


def build(letter: bool = False) -> bytes:
    doc = Document()
    styles = doc.styles.element
    styles.remove(styles.find(f"{{{W_NS}}}docDefaults"))
    styles.insert(0, parse_xml(S.doc_defaults_xml()))
    for style in S.ALL:
        styles.append(parse_xml(style.xml()))
    named_fonts_only(styles, G.FONT_FS)
    font_table(doc, USED_FONTS)

    body = doc.element.body
    for child in list(body):
        if not child.tag.endswith("sectPr"):
            body.remove(child)
    sect_pr = body[-1]
    for xml in body_xml(letter):
        sect_pr.addprevious(parse_xml(xml))

    sec = doc.sections[0]
    sec.orientation = WD_ORIENT.PORTRAIT
    sec.page_width, sec.page_height = Mm(G.PAGE_W), Mm(G.PAGE_H)
    sec.top_margin, sec.bottom_margin = Mm(G.MARGIN_TOP), Mm(G.MARGIN_BOTTOM)
    sec.left_margin, sec.right_margin = Mm(G.MARGIN_LEFT), Mm(G.MARGIN_RIGHT)
    sec.header_distance, sec.footer_distance = Mm(G.HEADER_DIST), Mm(G.FOOTER_DIST)
    sec.gutter = 0
    for grid in sect_pr.findall(f"{{{W_NS}}}docGrid"):
        sect_pr.remove(grid)
    sect_pr.append(parse_xml(f'<w:docGrid {NS} w:type="lines" w:linePitch="{G.line_pitch_twips()}" '
                             f'w:charSpace="{G.char_space()}"/>'))
    doc.settings.odd_and_even_pages_header_footer = True
    for footer, odd in ((sec.footer, True), (sec.even_page_footer, False)):
        footer.is_linked_to_previous = False
        el = footer._element
        for child in list(el):
            el.remove(child)
        el.append(parse_xml(footer_xml(odd)))
    if letter:  # 10.1: 首页不显示页码
        sec.different_first_page_header_footer = True
        _blank(sec.first_page_footer)
        _blank(sec.first_page_header)
    add_imprint_section(doc)
    name = "信函格式模板" if letter else "红头文件模板"
    fix_core_properties(doc, TEMPLATE_DATE, f"通知（GB/T 9704-2012 {name}）")
    return save_bytes(doc)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--check", action="store_true", help="只检查 templates/notice.docx 是否与代码一致")
    args = ap.parse_args()
    built = {TEMPLATE: build(), LETTER_TEMPLATE: build(letter=True)}
    if args.check:
        same = all(path.exists() and path.read_bytes() == data for path, data in built.items())
        print("模板与代码一致。" if same else "模板已过期：请运行 python3 scripts/build_template.py")
        return 0 if same else 1
    for path, data in built.items():
        path.write_bytes(data)
        print(f"已生成 {path.relative_to(ROOT)}（{len(data)} 字节）")
    return 0


if __name__ == "__main__":
    sys.exit(main())
