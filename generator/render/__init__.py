"""Render a Notice into the red-header .docx of GB/T 9704-2012.

The template (templates/notice.docx, built by scripts/build_template.py) carries the
page, the styles, the footers and the header block; this package only prints the
Notice into it: every value comes from the model, every decision was made by the rules.
Placeholder tokens are highlighted yellow wherever they occur; user text is escaped.
"""

from __future__ import annotations

import io
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.shared import Twips
from docxtpl import DocxTemplate

from .. import TEMPLATES_DIR
from .. import gbt9704 as G
from ..errors import NoticeError
from ..fileio import check_target, write_atomic
from ..model import Notice, Section, attachment_label, cn_date, placeholder
from ..ooxml import Markup, Para, fix_core_properties, frame_bottom, line_break, save_bytes, text_runs
from . import layout as L
from . import styles as S

TEMPLATE = TEMPLATES_DIR / "notice.docx"

try:  # the forms engineer's module; without it attachment pages carry label + title only
    from ..forms import add_form_table
except ImportError:  # pragma: no cover - depends on the checkout
    add_form_table = None


@lru_cache(maxsize=1)
def _template_bytes(path: Path = TEMPLATE) -> bytes:
    if not path.exists():
        raise NoticeError(f"找不到模板：{path}。请运行 python3 scripts/build_template.py")
    return path.read_bytes()


def _date_text(value: str) -> str:
    """ISO → 2024年10月18日; a placeholder token stays as it is (and gets highlighted)."""
    try:
        return cn_date(date.fromisoformat(value))
    except (TypeError, ValueError):
        return value or placeholder("日期")


def _p(style: S.Style, text: str, ppr: str = "", **props) -> Para:
    return Para(style=style.id, runs=[text_runs(text, style.font, **props)], ppr=ppr)


def _mark_rows(notice: Notice) -> tuple[list[dict[str, Markup]], float]:
    names = [o.name for o in notice.issuers] or [placeholder("发文机关")]
    size = L.mark_size_pt(names)
    rows = []
    for i, name in enumerate(names):
        word = text_runs("文件", G.FONT_XBS, size_pt=size, color=G.RED) if i == 0 else ""
        rows.append({"name": Markup(text_runs(name, G.FONT_XBS, size_pt=size, color=G.RED)), "word": Markup(word)})
    return rows, size


def _balanced(title: str) -> str:
    """A 2号 title broken into balanced lines (梯形/菱形) inside one paragraph."""
    return line_break().join(text_runs(line, G.FONT_XBS) for line in L.balance_title(title))


def _ends_with_stop(text: str) -> bool:
    return text.endswith(("。", "：", "！", "？", "；"))


def _section_paras(s: Section) -> list[Para]:
    heading = f"{s.label}{s.heading}"
    out: list[Para] = []
    paragraphs = list(s.paragraphs)
    if s.run_in and s.level > 1:
        lead = heading if _ends_with_stop(heading) else heading + "。"
        style = S.RUN_INS[min(s.level, 4)]
        runs = [text_runs(lead, style.font, style=style.id)]
        if paragraphs:
            runs.append(text_runs(paragraphs.pop(0), S.BODY.font))
        out.append(Para(style=S.BODY.id, runs=runs))
    else:
        out.append(_p(S.HEADINGS[min(s.level, 4)], heading))
    out += [_p(S.BODY, text) for text in paragraphs]
    for child in s.children:
        out += _section_paras(child)
    return out


def _body(notice: Notice) -> list[Para]:
    if any(not s.label for s in notice.all_sections()):
        notice.number_sections()
    out = [_p(S.BODY, notice.opening)] if notice.opening else []
    for s in notice.sections:
        out += _section_paras(s)
    if out:  # the body's last lines go with the 附件说明 and 署名: no signature page without text
        out[-1].ppr = "<w:keepNext/>" + out[-1].ppr
    return out


def _width_twips(text: str) -> int:
    """What ``text`` takes on a body line: 3号 characters (ASCII half) plus the grid's condensing."""
    return sum(round(G.text_width(ch) * S.CHAR) + G.char_spacing_twips() for ch in text)


def _ind(left: int, hanging: int) -> str:
    """Direct indents in twips, with *Chars set alike (Word prefers those) in 1/100 character."""
    return (f'<w:ind w:leftChars="{round(left * 100 / S.CHAR)}" w:left="{left}" '
            f'w:hangingChars="{round(hanging * 100 / S.CHAR)}" w:hanging="{hanging}"/>')


def _attachment_note(notice: Notice) -> list[Para]:
    """附件：1. name — one blank line under the body, indented two characters; the numbers
    line up under 1. and a long name wraps under its own first character (clause 7.3.4)."""
    items = notice.attachments
    if not items:
        return []
    if len(items) == 1:
        return [_p(S.ATTACH_NOTE, f"附件：{items[0].title}", f'<w:spacing w:before="{S.LINE}"/>')]
    out = []
    numbers_at = 2 * S.CHAR + _width_twips("附件：")
    for i, a in enumerate(items, 1):
        number = f"{i}. "
        name_at = numbers_at + _width_twips(number)
        if i == 1:
            ppr = f'<w:spacing w:before="{S.LINE}"/>' + _ind(name_at, name_at - 2 * S.CHAR)
            out.append(_p(S.ATTACH_NOTE, f"附件：{number}{a.title}", ppr))
        else:
            out.append(_p(S.ATTACH_NOTE, f"{number}{a.title}", _ind(name_at, name_at - numbers_at)))
    return out


def _signature(notice: Notice) -> list[Para]:
    """Each issuer's name centred over the date, one seal's height apart (clause 7.3.5)."""
    date_text = _date_text(notice.signature_date)
    names = [o.seal or o.name for o in notice.issuers] or [placeholder("发文机关署名")]
    out = []
    for i, name in enumerate(names):
        gap = 2 if i == 0 else G.SEAL_LINES - 1
        right = max(0.0, 4 + (G.text_width(date_text) - G.text_width(name)) / 2)
        ppr = (f'<w:spacing w:before="{gap * S.LINE}"/>'
               f'<w:ind w:rightChars="{round(right * 100)}" w:right="{round(right * S.CHAR)}"/>')
        out.append(_p(S.SIGNATURE, name, ppr))
    out.append(_p(S.DATE, date_text))
    return out


def _attachment_pages(notice: Notice) -> list[Para]:
    out = []
    n = len(notice.attachments)
    for i, a in enumerate(notice.attachments, 1):
        out += [_p(S.ATTACH_LABEL, attachment_label(n, i)), Para(style=S.ATTACH_TITLE.id, runs=[_balanced(a.title)])]
    return out


def _imprint_rule(frame: str, eighths: int) -> Para:
    """One 版记 rule: an empty paragraph of the rule's exact height, shaded black, as wide as
    the frame (no indents), so 156 mm. Rules are not paragraph borders: LibreOffice moves the
    borders of framed paragraphs onto the frame (top and bottom only) and, when they differ
    from paragraph to paragraph (or carry w:between), drops the frame and the borders, so a
    版记 with 抄送 jumped to the top of the page without rules."""
    height = round(eighths * 20 / 8)  # eighths of a point → twips
    ppr = (f'{frame}<w:shd w:val="clear" w:color="auto" w:fill="000000"/>'
           f'<w:spacing w:before="0" w:after="0" w:line="{height}" w:lineRule="exact"/>'
           '<w:ind w:leftChars="0" w:left="0" w:rightChars="0" w:right="0" w:firstLineChars="0" w:firstLine="0"/>'
           '<w:rPr><w:sz w:val="2"/><w:szCs w:val="2"/></w:rPr>')
    return Para(style=S.IMPRINT.id, ppr=ppr)


def _imprint(notice: Notice) -> list[Para]:
    """版记 pinned to the bottom of the last page (clause 7.4): one frame of paragraphs, each
    line between rules as wide as the text block — 0.35 mm first and last, 0.25 mm between."""
    office = notice.imprint.get("office") or placeholder("印发机关")
    issued = _date_text(notice.imprint.get("date") or notice.signature_date) + "印发"
    frame = frame_bottom(G.mm_to_twips(G.BLOCK_W))
    char = G.char_twips(S.IMPRINT.size)
    air = '<w:spacing w:before="20" w:after="20"/>'  # a point between the text and the rules
    out = [_imprint_rule(frame, G.IMPRINT_OUTER_EIGHTHS)]
    cc = notice.imprint.get("cc", "")
    if cc:  # 抄送 左右各空一字; a second line starts under the first organ after 抄送： (clause 7.4.2)
        hang = sum(char + G.char_spacing_twips() for _ in "抄送：")
        ind = (f'<w:ind w:leftChars="0" w:left="{char + hang}" w:rightChars="100" w:right="{char}" '
               f'w:hangingChars="0" w:hanging="{hang}"/>')
        out.append(_p(S.IMPRINT, f"抄送：{cc}" + ("" if cc.endswith("。") else "。"), frame + air + ind))
        out.append(_imprint_rule(frame, G.IMPRINT_INNER_EIGHTHS))
    tab_pos = G.mm_to_twips(G.BLOCK_W) - char  # 印发机关 左空一字, 印发日期 右空一字 (clause 7.4.3)
    runs = [text_runs(office, S.IMPRINT.font), '<w:r><w:tab/></w:r>', text_runs(issued, S.IMPRINT.font)]
    tabs = f'<w:tabs><w:tab w:val="right" w:pos="{tab_pos}"/></w:tabs>'
    out.append(Para(style=S.IMPRINT.id, runs=runs, ppr=frame + tabs + air))
    out.append(_imprint_rule(frame, G.IMPRINT_OUTER_EIGHTHS))
    return out


def context(notice: Notice) -> dict:
    """Everything the template prints, already as escaped runs/paragraphs."""
    rows, _ = _mark_rows(notice)
    number = str(notice.doc_number) if notice.doc_number else placeholder("发文字号")
    recipients = "，".join(notice.recipients) if notice.recipients else placeholder("主送机关")
    return {
        "mark": rows,
        "doc_number": Markup(text_runs(number, S.DOC_NUMBER.font)),
        "title": Markup(_balanced(notice.title or placeholder("标题"))),
        "recipients": Markup(text_runs(recipients + "：", S.RECIPIENTS.font)),
        "body": _body(notice),
        "attachment_note": _attachment_note(notice),
        "signature": _signature(notice),
        "attachment_pages": _attachment_pages(notice),
        "imprint": _imprint(notice),
    }


def _fit_mark_table(doc, notice: Notice) -> None:
    """Size the mark table to its longest name and merge 文件 into one centred cell."""
    table = doc.tables[0]
    names = [o.name for o in notice.issuers] or [placeholder("发文机关")]
    size = L.mark_size_pt(names)
    pad = round(G.MARK_PAD_PT * 20) if len(names) > 1 else 0
    left = round(max(G.text_width(n) for n in names) * size * 20) + pad
    right = round((G.text_width("文件") + 0.5) * size * 20)  # 文件 plus the half-character gap
    grid = table._tbl.tblGrid.findall("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}gridCol")
    grid[0].w, grid[1].w = Twips(left), Twips(right)
    for row in table.rows:
        row.cells[0].width, row.cells[1].width = Twips(left), Twips(right)
    word = table.cell(0, 1)
    if len(table.rows) > 1:
        word = word.merge(table.cell(len(table.rows) - 1, 1))
        for extra in word.paragraphs[1:]:  # the merged rows' empty paragraphs would shift 文件 up
            extra._p.getparent().remove(extra._p)
    word.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    if len(names) > 1:  # stacked names: 文件 half a character apart; one name: 南昌市教育局文件
        word.paragraphs[0].paragraph_format.left_indent = Twips(round(size * 10))


def _add_forms(doc, notice: Notice) -> None:
    """Put each attachment's form table right under its title (forms append at the end)."""
    if add_form_table is None:
        return
    body = doc.element.body
    titles = body.xpath(f'./w:p[w:pPr/w:pStyle/@w:val="{S.ATTACH_TITLE.id}"]')
    for attachment, title in zip(notice.attachments, titles, strict=False):
        start = len(body) - 1  # python-docx inserts new blocks just before the final sectPr
        add_form_table(doc, attachment, notice)
        anchor = title
        for el in list(body)[start:-1]:
            anchor.addnext(el)
            anchor = el


def _when(notice: Notice) -> datetime:
    try:
        d = date.fromisoformat(notice.signature_date)
    except (TypeError, ValueError):
        d = date(notice.year, 1, 1)
    return datetime(d.year, d.month, d.day)


def render_notice(notice: Notice) -> bytes:
    """The notice as .docx bytes; equal notices give byte-identical files."""
    tpl = DocxTemplate(io.BytesIO(_template_bytes()))
    tpl.render(context(notice), autoescape=True)
    doc = tpl.docx
    for empty in doc.element.body.xpath(".//w:r[count(*)=1][w:t[not(text())]]"):
        empty.getparent().remove(empty)  # what is left of the template's {{r …}} tags
    _fit_mark_table(doc, notice)
    _add_forms(doc, notice)
    fix_core_properties(doc, _when(notice), notice.title)
    return save_bytes(doc)


def write_notice(notice: Notice, path: Path | str, force: bool = False) -> None:
    """Render and write atomically; an existing file is kept unless ``force``."""
    check_target(Path(path), force)  # refuse before spending time on the render
    write_atomic(Path(path), render_notice(notice), force)
