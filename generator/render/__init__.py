"""Render a Notice into the red-header .docx of GB/T 9704-2012.

The template (templates/notice.docx, built by scripts/build_template.py) carries the
page, the styles, the footers and the header block; this package only prints the
Notice into it: every value comes from the model, every decision was made by the rules.
Placeholder tokens are highlighted yellow wherever they occur; user text is escaped.
"""

from __future__ import annotations

import io
import re
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.shared import Twips
from docxtpl import DocxTemplate
from jinja2 import Environment

from .. import TEMPLATES_DIR
from .. import compose as C
from .. import gbt9704 as G
from ..compose import compose
from ..errors import NoticeError
from ..fileio import check_target, write_atomic
from ..forms import add_form_layout
from ..model import Notice
from ..ooxml import (
    W_NS,
    Markup,
    Para,
    fix_core_properties,
    frame_bottom,
    highlighting,
    line_break,
    open_keeping,
    save_bytes,
    text_runs,
)
from . import flow as F
from . import layout as L
from . import styles as S

TEMPLATE = TEMPLATES_DIR / "notice.docx"
MARK_ROW = 1.3  # a mark row's height in font sizes (single spacing)
MARK_ROW_EXTRA = 0.13  # each further joint name's row a little more (measured in LibreOffice)
RULE_EXTRA = 130  # the red rule's border under its exact line (twips, measured in LibreOffice)



class _CompiledOnce(Environment):
    """docxtpl compiles each part's Jinja source on every render; the sources come from the
    template alone, so each is compiled once per process (a batch of 3,000 notices)."""

    def __init__(self, **options) -> None:
        super().__init__(**options)
        self._once: dict = {}

    def from_string(self, source, globals=None, template_class=None):
        if globals is not None or template_class is not None or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        if source not in self._once:
            self._once[source] = super().from_string(source)
        return self._once[source]


class _Template(DocxTemplate):
    """patch_xml turns a part's XML into Jinja source with ~20 regexes: a pure function of
    the template's XML, so kept too. With _CompiledOnce, ~60 of a ~170 ms render saved."""

    def patch_xml(self, src_xml: str) -> str:
        return _patched(src_xml)

    def init_docx(self, reload: bool = True) -> None:
        if not self.docx or (self.is_rendered and reload):
            # the styles are the template's: nothing here edits them, so they are never parsed
            self.docx = open_keeping(self.template_file, frozenset({"/word/styles.xml"}))
            self.is_rendered = False


@lru_cache(maxsize=16)
def _patched(src_xml: str) -> str:
    return DocxTemplate.patch_xml(None, src_xml)  # uses no instance state


_ENV = _CompiledOnce(autoescape=True)


@lru_cache(maxsize=1)
def _template_bytes(path: Path = TEMPLATE) -> bytes:
    if not path.exists():
        raise NoticeError(f"找不到模板：{path}。请运行 python3 scripts/build_template.py")
    return path.read_bytes()


def _p(style: S.Style, text: str, ppr: str = "", **props) -> Para:
    return Para(style=style.id, runs=[text_runs(text, style.font, **props)], ppr=ppr)


def _mark_rows(mark: C.Mark) -> list[dict[str, Markup]]:
    size = L.mark_size_pt(list(mark.names))
    rows = []
    for i, name in enumerate(mark.names):
        word = text_runs(mark.word, G.FONT_XBS, size_pt=size, color=G.RED) if i == 0 else ""
        rows.append({"name": Markup(text_runs(name, G.FONT_XBS, size_pt=size, color=G.RED)), "word": Markup(word)})
    return rows


def _balanced(title: str) -> str:
    """A 2号 title broken into balanced lines (梯形/菱形) inside one paragraph."""
    return line_break().join(text_runs(line, G.FONT_XBS) for line in L.balance_title(title))


#: a Latin token no line break can enter (URL, e-mail, phone number)
LONG_LATIN = re.compile(r"[!-~]{10,}")


def _unstretched(text: str) -> str:
    """A justified line before a long Latin token is spread character by character to the
    measure, since the token cannot start on it; such paragraphs are set flush left."""
    return '<w:jc w:val="left"/>' if LONG_LATIN.search(text) else ""


def _body_para(block: C.Heading | C.Paragraph, spacing: str = "") -> Para:
    if isinstance(block, C.Heading):
        return _p(S.HEADINGS[min(block.level, 4)], block.full, spacing)
    if not block.lead:
        return _p(S.BODY, block.text, spacing + _unstretched(block.text))
    style = S.RUN_INS[min(block.level, 4)]
    runs = [text_runs(block.lead, style.font, style=style.id)]
    if block.text:
        runs.append(text_runs(block.text, S.BODY.font))
    return Para(style=S.BODY.id, runs=runs, ppr=spacing + _unstretched(block.full))


def _pitch(pitch: int, before: int = 0) -> str:
    """Lines ``pitch`` twips apart, off the 22-line grid (GB/T 9704 7.3.5.5)."""
    gap = f' w:before="{before}"' if before else ""
    return f'<w:snapToGrid w:val="0"/><w:spacing{gap} w:line="{pitch}" w:lineRule="exact"/>'


def _body(comp: C.Composition, fit: F.Fit) -> list[Para]:
    blocks = [b for b in comp.blocks if isinstance(b, C.Heading | C.Paragraph)]
    out = [_body_para(b, _pitch(fit.pitch) if fit.first <= k < fit.last else "") for k, b in enumerate(blocks)]
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


def _attachment_note(comp: C.Composition, fit: F.Fit) -> list[Para]:
    """附件：1. name — one blank line under the body, indented two characters; the numbers
    line up under 1. and a long name wraps under its own first character (clause 7.3.4)."""
    note = comp.one(C.AttachmentNote)
    if note is None:
        return []
    pitch = fit.pitch if fit.note else 0
    first = _pitch(pitch, pitch) if pitch else f'<w:spacing w:before="{S.LINE}"/>'
    more = _pitch(pitch) if pitch else ""
    if len(note.items) == 1:
        return [_p(S.ATTACH_NOTE, note.items[0].full, first)]
    out = []
    numbers_at = 2 * S.CHAR + _width_twips(note.items[0].lead)
    for item in note.items:
        name_at = numbers_at + _width_twips(item.number)
        if item.lead:
            out.append(_p(S.ATTACH_NOTE, item.full, first + _ind(name_at, name_at - 2 * S.CHAR)))
        else:
            out.append(_p(S.ATTACH_NOTE, item.full, more + _ind(name_at, name_at - numbers_at)))
    return out


def _chars(n: float) -> int:
    """``n`` characters of a body line, in twips (156 mm / 28 each)."""
    return round(n * G.mm_to_twips(G.BLOCK_W) / G.CHARS_PER_LINE)


def _signature(comp: C.Composition) -> list[Para]:
    """署名 and 成文日期 (clause 7.3.5). Sealed: rows of names on centre tabs, a seal's height
    apart; the last name centred over the date. Unsealed: the names stacked, the date two
    characters in. Every line keeps with the next, so the block stays on one page and the
    body's last lines (which keep with it) come along."""
    sig = comp.one(C.Signature)
    lay = L.signature_layout(list(sig.names), sig.date, sig.sealed)
    out = []
    below_seal = G.mm_to_twips(L.seal_pitch_mm()) - S.LINE
    first = G.mm_to_twips(L.first_signature_gap_mm(G.BLOCK_H / G.LINES_PER_PAGE))
    for r, row in enumerate(lay.rows):
        if lay.sealed:
            gap = first if r == 0 else below_seal
            # the first name starts at its indent, the others on left tabs
            tabs = "".join(f'<w:tab w:val="left" w:pos="{_chars(lay.starts[i])}"/>' for i in row[1:])
            runs = [text_runs(sig.names[row[0]], S.SIGNATURE.font)]
            for i in row[1:]:
                runs += ["<w:r><w:tab/></w:r>", text_runs(sig.names[i], S.SIGNATURE.font)]
            ppr = ((f"<w:tabs>{tabs}</w:tabs>" if tabs else "") + f'<w:spacing w:before="{gap}"/>'
                   f'<w:ind w:left="{_chars(lay.starts[row[0]])}" w:right="0"/><w:jc w:val="left"/>')
            out.append(Para(style=S.SIGNATURE.id, runs=runs, ppr=ppr))
        else:
            gap = S.LINE if r == 0 else 0
            ppr = (f'<w:spacing w:before="{gap}"/><w:ind w:left="{_chars(lay.starts[row[0]])}" w:right="0"/>'
                   '<w:jc w:val="left"/>')
            out.append(_p(S.SIGNATURE, sig.names[row[0]], ppr))
    # unsealed: the date's first character two characters right of the names' (7.3.5.2)
    ppr = "" if lay.sealed else (f'<w:ind w:left="{_chars(lay.starts[0] + 2)}" w:right="0"/>'
                                 '<w:jc w:val="left"/>')
    out.append(_p(S.DATE, sig.date, ppr))
    return out


def _attachment_pages(comp: C.Composition) -> list[Para]:
    out = []
    for page in comp.of(C.AttachmentPage):
        out += [_p(S.ATTACH_LABEL, page.label), Para(style=S.ATTACH_TITLE.id, runs=[_balanced(page.title)])]
        if page.note:  # no form to draw: the placeholder saying what to attach
            out.append(_p(S.BODY, page.note))
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


def _imprint(comp: C.Composition) -> list[Para]:
    """版记 pinned to the bottom of the last page (clause 7.4): one frame of paragraphs, each
    line between rules as wide as the text block — 0.35 mm first and last, 0.25 mm between."""
    imprint = comp.one(C.Imprint)
    frame = frame_bottom(G.mm_to_twips(G.BLOCK_W))
    char = G.char_twips(S.IMPRINT.size)
    air = '<w:spacing w:before="20" w:after="20"/>'  # a point between the text and the rules
    out = [_imprint_rule(frame, G.IMPRINT_OUTER_EIGHTHS)]
    if imprint.cc:  # 抄送 左右各空一字; a second line starts under the first organ after 抄送： (clause 7.4.2)
        hang = sum(char + G.char_spacing_twips() for _ in "抄送：")
        ind = (f'<w:ind w:leftChars="0" w:left="{char + hang}" w:rightChars="100" w:right="{char}" '
               f'w:hangingChars="0" w:hanging="{hang}"/>')
        out.append(_p(S.IMPRINT, imprint.cc, frame + air + ind))
        out.append(_imprint_rule(frame, G.IMPRINT_INNER_EIGHTHS))
    tab_pos = G.mm_to_twips(G.BLOCK_W) - char  # 印发机关 左空一字, 印发日期 右空一字 (clause 7.4.3)
    runs = [text_runs(imprint.office, S.IMPRINT.font), '<w:r><w:tab/></w:r>', text_runs(imprint.issued, S.IMPRINT.font)]
    tabs = f'<w:tabs><w:tab w:val="right" w:pos="{tab_pos}"/></w:tabs>'
    out.append(Para(style=S.IMPRINT.id, runs=runs, ppr=frame + tabs + air))
    out.append(_imprint_rule(frame, G.IMPRINT_OUTER_EIGHTHS))
    return out


def _header_twips(comp: C.Composition) -> int:
    """Page 1 above the body: the mark's 35 mm and its rows, the 文号, the red rule, the title
    and the 主送机关 line(s), as the template's styles space them."""
    names = list(comp.one(C.Mark).names)
    size = L.mark_size_pt(names) * 20
    mark = round(size * (MARK_ROW * len(names) + MARK_ROW_EXTRA * (len(names) - 1)))
    title = len(L.balance_title(comp.one(C.Title).text)) * S.TITLE.line
    recipients = F.line_count(comp.one(C.Recipients).text, 0.0)
    return (S.MARK_SPACE.line + mark + S.DOC_NUMBER.before + S.LINE + S.RULE.line + RULE_EXTRA
            + S.TITLE.before + title + S.RECIPIENTS.before + recipients * S.LINE)


def flow_items(comp: C.Composition) -> tuple[int, list[F.Item], list[F.Item]]:
    """The body as the page-break estimate sees it: (page 1's header, body paragraphs, the
    kept-together tail of 附件说明, 署名 rows and date)."""
    body = []
    for k, b in enumerate(b for b in comp.blocks if isinstance(b, C.Heading | C.Paragraph)):
        text = b.full
        body.append(F.Item(F.line_count(text), keep=isinstance(b, C.Heading), index=k))
    if body:
        body[-1].keep = True
    tail = []
    note = comp.one(C.AttachmentNote)
    if note is not None:
        for n, item in enumerate(note.items):
            indent = 2 + G.text_width(note.items[0].lead) + G.text_width(item.number)
            tail.append(F.Item(F.line_count(item.full, 2.0 if item.lead else indent - G.text_width(item.number),
                                            indent), before=S.LINE if n == 0 else 0, keep=True))
    sig = comp.one(C.Signature)
    lay = L.signature_layout(list(sig.names), sig.date, sig.sealed)
    tail += F.signature_items(len(lay.rows), lay.sealed)
    return _header_twips(comp), body, tail


def context(comp: C.Composition) -> dict:
    """Everything the template prints, already as escaped runs/paragraphs."""
    fit = F.fit_signature_page(*flow_items(comp))
    return {
        "mark": _mark_rows(comp.one(C.Mark)),
        "doc_number": Markup(text_runs(comp.one(C.DocNumber).text, S.DOC_NUMBER.font)),
        "title": Markup(_balanced(comp.one(C.Title).text)),
        "recipients": Markup(text_runs(comp.one(C.Recipients).text, S.RECIPIENTS.font)),
        "body": _body(comp, fit),
        "attachment_note": _attachment_note(comp, fit),
        "signature": _signature(comp),
        "attachment_pages": _attachment_pages(comp),
        "imprint": _imprint(comp),
    }


def _fit_mark_table(doc, mark: C.Mark) -> None:
    """Size the mark table to its longest name and merge 文件 into one centred cell."""
    table = doc.tables[0]
    names = list(mark.names)
    size = L.mark_size_pt(names)
    pad = round(G.MARK_PAD_PT * 20) if len(names) > 1 else 0
    left = round(max(G.text_width(n) for n in names) * size * 20) + pad
    right = round((G.text_width(mark.word) + 0.5) * size * 20)  # 文件 plus the half-character gap
    grid = table._tbl.tblGrid.findall(f"{{{W_NS}}}gridCol")
    grid[0].w, grid[1].w = Twips(left), Twips(right)
    width = table._tbl.tblPr.find(f"{{{W_NS}}}tblW")  # as gridCol says: WPS reads one, Word the other
    width.set(f"{{{W_NS}}}w", str(left + right))
    width.set(f"{{{W_NS}}}type", "dxa")
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


def _add_forms(doc, comp: C.Composition) -> None:
    """Put each attachment's form table right under its title (forms append at the end)."""
    body = doc.element.body
    titles = body.xpath(f'./w:p[w:pPr/w:pStyle/@w:val="{S.ATTACH_TITLE.id}"]')
    for page, title in zip(comp.of(C.AttachmentPage), titles, strict=False):
        if page.form is None:
            continue
        start = len(body) - 1  # python-docx inserts new blocks just before the final sectPr
        add_form_layout(doc, page.form)
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
    comp = compose(notice)
    tpl = _Template(io.BytesIO(_template_bytes()))
    with highlighting(comp.computed):
        tpl.render(context(comp), jinja_env=_ENV, autoescape=True)
    doc = tpl.docx
    for empty in doc.element.body.xpath(".//w:r[count(*)=1][w:t[not(text())]]"):
        empty.getparent().remove(empty)  # what is left of the template's {{r …}} tags
    _fit_mark_table(doc, comp.one(C.Mark))
    _add_forms(doc, comp)
    fix_core_properties(doc, _when(notice), notice.title)
    return save_bytes(doc)


def write_notice(notice: Notice, path: Path | str, force: bool = False) -> None:
    """Render and write atomically; an existing file is kept unless ``force``."""
    check_target(Path(path), force)  # refuse before spending time on the render
    write_atomic(Path(path), render_notice(notice), force)
