"""Render a Notice into the red-header .docx of GB/T 9704-2012.

The template (templates/notice.docx, built by scripts/build_template.py) carries the
page, the styles, the footers and the header block; this package only prints the
Notice into it: every value comes from the model, every decision was made by the rules.
Placeholder tokens are highlighted yellow wherever they occur; user text is escaped.
"""

from __future__ import annotations

import dataclasses
import io
import re
from dataclasses import dataclass
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
from ..errors import NoticeError
from ..fileio import check_target, write_atomic
from ..forms import add_form_layout
from ..forms.layout import column_widths, furniture_mm, row_heights
from ..model import Notice
from ..ooxml import (
    Counts,
    Markup,
    Para,
    align,
    drop_empty_runs,
    fix_core_properties,
    frame_at,
    frame_bottom,
    highlighting,
    indent,
    keep_next,
    line_break,
    merge_last_section,
    off_grid,
    open_keeping,
    paragraph_mark,
    save_bytes,
    set_table_width,
    shading,
    spacing,
    styled_paragraphs,
    tab_run,
    tab_stops,
    text_counts,
    text_runs,
)
from ..template_cache import cached
from . import flow as F
from . import layout as L
from . import styles as S

TEMPLATE = TEMPLATES_DIR / "notice.docx"
LETTER_TEMPLATE = TEMPLATES_DIR / "letter.docx"  # 信函格式 (GB/T 9704-2012 10.1)
MARK_ROW = 1.3  # a mark row's height in font sizes (single spacing)
MARK_ROW_EXTRA = 0.13  # each further joint name's row a little more (measured in LibreOffice)
RULE_EXTRA = 130  # the red rule's border under its exact line (twips, measured in LibreOffice)
#: a line exactly as high as its font size prints its characters this much of the size above the
#: line's top (measured in LibreOffice: a 26 pt mark 1.8 mm, a 3号 文号 1.1 mm)
EXACT_RAISE = 0.196



class _CompiledOnce(Environment):
    """docxtpl compiles each part's Jinja source on every render; the sources come from the
    template alone, so each is compiled once per process (a batch of 3,000 notices)."""

    def __init__(self, **options) -> None:
        super().__init__(**options)
        self._once: dict = {}

    def from_string(self, source, globals=None, template_class=None):
        if globals is not None or template_class is not None or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        if "{" not in source and "\r" not in source and not source.endswith("\n"):
            # no tag, and no newline Jinja would change: it renders to itself (docxtpl renders
            # each core property, the template's title and author among them, as a template)
            return _Verbatim(source)
        if source not in self._once:
            # compiled once per process, and its code kept on disk for the next process
            code = cached("jinja", source, lambda: self.compile(source))
            self._once[source] = self.template_class.from_code(self, code, self.make_globals(None), None)
        return self._once[source]


class _Verbatim:
    """A template of text alone: what Jinja would render from it is the text."""

    def __init__(self, text: str) -> None:
        self.text = text

    def render(self, *args, **kwargs) -> str:
        return self.text


class _Template(DocxTemplate):
    """patch_xml turns a part's XML into Jinja source with ~20 regexes: a pure function of
    the template's XML, so kept too. With _CompiledOnce, ~60 of a ~170 ms render saved."""

    def patch_xml(self, src_xml: str) -> str:
        return _patched(src_xml)

    def get_headers_footers(self, uri):
        # A header or footer without a Jinja tag renders to itself; docxtpl would still
        # serialise, patch, render, re-parse and reload each (the template's five footers:
        # ~1.5 ms of a cold draft). Such a part is left as it is.
        for rel_key, part in super().get_headers_footers(uri):
            if b"{" in part.blob:
                yield rel_key, part

    def init_docx(self, reload: bool = True) -> None:
        if not self.docx or (self.is_rendered and reload):
            # the styles are the template's: nothing here edits them, so they are never parsed
            self.docx = open_keeping(self.template_file, frozenset({"/word/styles.xml"}))
            self.is_rendered = False


@lru_cache(maxsize=16)
def _patched(src_xml: str) -> str:
    # uses no instance state; kept on disk too (generator/template_cache.py)
    return cached("patched", src_xml, lambda: DocxTemplate.patch_xml(None, src_xml))


_ENV = _CompiledOnce(autoescape=True)


@lru_cache(maxsize=2)
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
    return align("left") if LONG_LATIN.search(text) else ""


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
    return off_grid() + spacing(before=before or None, line=pitch)


def _body(comp: C.Composition, fit: F.Fit) -> list[Para]:
    blocks = [b for b in comp.blocks if isinstance(b, C.Heading | C.Paragraph)]
    out = [_body_para(b, _pitch(fit.pitch) if fit.first <= k < fit.last else "") for k, b in enumerate(blocks)]
    if out:  # the body's last lines go with the 附件说明 and 署名: no signature page without text
        out[-1].ppr = keep_next() + out[-1].ppr
    return out


def _width_twips(text: str) -> int:
    """What ``text`` takes on a body line: 3号 characters (ASCII half) plus the grid's condensing."""
    return sum(round(G.text_width(ch) * S.CHAR) + G.char_spacing_twips() for ch in text)


def _ind(left: int, hanging: int) -> str:
    """Direct indents in twips, with *Chars set alike (Word prefers those) in 1/100 character."""
    return indent(left=(round(left * 100 / S.CHAR), left), hanging=(round(hanging * 100 / S.CHAR), hanging))


NOTE_TAIL = 4  # a wrapped 附件说明 name's last line keeps this many characters (…情况表, not 表)


def _note_item(style: S.Style, text: str, ppr: str, first: float, indent: float) -> Para:
    """One 附件说明 line: where its name would wrap leaving a character or two alone (…情况|表),
    a line break takes a few more down with it, so the last line is a word, not a stray
    character (the estimate may be a character off, so NOTE_TAIL leaves room)."""
    lines = F.break_lines(text, first, indent)
    if len(lines) < 2 or len(lines[-1]) >= NOTE_TAIL:
        return _p(style, text, ppr)
    cut = len(text) - NOTE_TAIL
    while cut > 0 and (text[cut] in F.NO_LINE_START or text[cut - 1] in F.NO_LINE_END
                       or (text[cut - 1].isascii() and text[cut].isascii())):
        cut -= 1
    runs = [text_runs(text[:cut], style.font), line_break(), text_runs(text[cut:], style.font)]
    return Para(style=style.id, runs=runs, ppr=ppr)


def _attachment_note(comp: C.Composition, fit: F.Fit) -> list[Para]:
    """附件：1. name — one blank line under the body, indented two characters; the numbers
    line up under 1. and a long name wraps under its own first character (clause 7.3.4)."""
    note = comp.one(C.AttachmentNote)
    if note is None:
        return []
    pitch = fit.pitch if fit.note else 0
    first = _pitch(pitch, pitch) if pitch else spacing(before=S.LINE)
    more = _pitch(pitch) if pitch else ""
    if len(note.items) == 1:
        return [_note_item(S.ATTACH_NOTE, note.items[0].full, first, 2.0, 5.0)]
    out = []
    numbers_at = 2 * S.CHAR + _width_twips(note.items[0].lead)
    lead_w = 2 + G.text_width(note.items[0].lead)
    for item in note.items:
        name_at = numbers_at + _width_twips(item.number)
        name_w = lead_w + G.text_width(item.number)
        if item.lead:
            out.append(_note_item(S.ATTACH_NOTE, item.full, first + _ind(name_at, name_at - 2 * S.CHAR), 2.0, name_w))
        else:
            out.append(_note_item(S.ATTACH_NOTE, item.full, more + _ind(name_at, name_at - numbers_at),
                                  lead_w, name_w))
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
            tabs = tab_stops(("left", _chars(lay.starts[i])) for i in row[1:])
            runs = [text_runs(sig.names[row[0]], S.SIGNATURE.font)]
            for i in row[1:]:
                runs += [tab_run(), text_runs(sig.names[i], S.SIGNATURE.font)]
            ppr = tabs + spacing(before=gap) + indent(left=_chars(lay.starts[row[0]]), right=0) + align("left")
            out.append(Para(style=S.SIGNATURE.id, runs=runs, ppr=ppr))
        else:
            gap = S.LINE if r == 0 else 0
            ppr = spacing(before=gap) + indent(left=_chars(lay.starts[row[0]]), right=0) + align("left")
            out.append(_p(S.SIGNATURE, sig.names[row[0]], ppr))
    # unsealed: the date's first character two characters right of the names' (7.3.5.2)
    ppr = "" if lay.sealed else indent(left=_chars(lay.starts[0] + 2), right=0) + align("left")
    out.append(_p(S.DATE, sig.date, ppr))
    return out


def _attachment_pages(comp: C.Composition) -> list[Para]:
    out = []
    for page in comp.of(C.AttachmentPage):
        out += [_p(S.ATTACH_LABEL, page.label), Para(style=S.ATTACH_TITLE.id, runs=[_balanced(page.title)])]
        if page.note:  # no form to draw: the placeholder saying what to attach
            out.append(_p(S.BODY, page.note))
    return out


#: no indent at all, in characters and twips alike (a rule as wide as its frame)
_NO_INDENT = indent(left=(0, 0), right=(0, 0), first_line=(0, 0))


def _shaded(frame: str, height: int, fill: str = "") -> Para:
    """An empty framed paragraph ``height`` twips high: a rule when shaded with ``fill``,
    else the air between two rules."""
    ppr = (frame + (shading(fill) if fill else "") + off_grid() + spacing(before=0, after=0, line=height)
           + _NO_INDENT + paragraph_mark(1))
    return Para(style=S.IMPRINT.id, ppr=ppr)


def letter_mark_size_pt(name: str) -> float:
    """信函格式's mark: 字号由发文机关酌定 — at most 一号, smaller when the name would not fit."""
    return min(G.LETTER_MARK_MAX_PT, L.mark_size_pt([name], ""))


def _double_line_twips() -> tuple[int, int, int]:
    """The double line's thick rule, air and thin rule (twips)."""
    return (G.pt_to_twips(G.LETTER_THICK_PT), G.pt_to_twips(G.LETTER_RULE_AIR_PT),
            G.pt_to_twips(G.LETTER_THIN_PT))


def letter_head_bottom_mm(name: str) -> float:
    """Where the first red double line ends, from the page's top edge (10.1: the mark's top
    edge 30 mm down, the line 4 mm under the mark)."""
    lines = sum(_double_line_twips()) / 20 * G.MM_PER_PT
    return G.LETTER_MARK_TOP_MM + letter_mark_size_pt(name) * G.MM_PER_PT + G.LETTER_RULE_GAP_MM + lines


def _letter_head(comp: C.Composition) -> list[Para]:
    """GB/T 9704-2012 10.1: "发文机关标志……居中排布，上边缘至上页边为30mm……发文机关标志下4mm处印一条
    红色双线（上粗下细），距下页边20mm处印一条红色双线（上细下粗），线长均为170mm，居中排布。"
    Two frames on page 1: the mark with the first double line (the text flows under it), and
    the second double line below the text block, where the page number of other pages goes."""
    if not comp.letter:
        return []
    name = comp.one(C.Mark).names[0]
    size = letter_mark_size_pt(name)
    width = G.mm_to_twips(G.LETTER_RULE_MM)
    thick, air, thin = _double_line_twips()
    raise_mm = EXACT_RAISE * size * G.MM_PER_PT  # the characters' top edge, not the line's, at 30 mm
    top = frame_at(width, G.mm_to_twips(G.LETTER_MARK_TOP_MM + raise_mm))
    mark_ppr = top + off_grid() + spacing(before=0, after=0, line=G.pt_to_twips(size))
    mark = Para(style=S.LETTER_MARK.id, runs=[text_runs(name, G.FONT_XBS, size_pt=size, color=G.RED)],
                ppr=mark_ppr)
    foot_y = G.mm_to_twips(G.PAGE_H - G.LETTER_FOOT_MM) - (thick + air + thin)
    foot = frame_at(width, foot_y, "around")
    return [mark, _shaded(top, G.mm_to_twips(G.LETTER_RULE_GAP_MM - raise_mm)), _shaded(top, thick, G.RED),
            _shaded(top, air), _shaded(top, thin, G.RED),
            _shaded(foot, thin, G.RED), _shaded(foot, air), _shaded(foot, thick, G.RED)]


def _imprint_rule(frame: str, eighths: int) -> Para:
    """One 版记 rule: an empty paragraph of the rule's exact height, shaded black, as wide as
    the frame (no indents), so 156 mm. Rules are not paragraph borders: LibreOffice moves the
    borders of framed paragraphs onto the frame (top and bottom only) and, when they differ
    from paragraph to paragraph (or carry w:between), drops the frame and the borders, so a
    版记 with 抄送 jumped to the top of the page without rules."""
    height = round(eighths * 20 / 8)  # eighths of a point → twips
    ppr = frame + shading("000000") + spacing(before=0, after=0, line=height) + _NO_INDENT + paragraph_mark(1)
    return Para(style=S.IMPRINT.id, ppr=ppr)


def _cc_para(cc: str, frame: str, air: str, char: int) -> Para:
    """抄送 左右各空一字; a second line starts under the first organ after 抄送： (clause 7.4.2)."""
    hang = sum(char + G.char_spacing_twips() for _ in "抄送：")
    ind = indent(left=(0, char + hang), right=(100, char), hanging=(0, hang))
    return _p(S.IMPRINT, cc, frame + air + ind)


def _imprint(comp: C.Composition) -> list[Para]:
    """版记 pinned to the bottom of the last page (clause 7.4): one frame of paragraphs, each
    line between rules as wide as the text block — 0.35 mm first and last, 0.25 mm between."""
    imprint = comp.one(C.Imprint)
    frame = frame_bottom(G.mm_to_twips(G.BLOCK_W))
    char = G.char_twips(S.IMPRINT.size)
    air = spacing(before=20, after=20)  # a point between the text and the rules
    if comp.letter:  # 10.1: 版记不加印发机关和印发日期、分隔线, 位于公文最后一面版心内最下方
        return [_cc_para(imprint.cc, frame, air, char)] if imprint.cc else []
    out = [_imprint_rule(frame, G.IMPRINT_OUTER_EIGHTHS)]
    if imprint.cc:
        out.append(_cc_para(imprint.cc, frame, air, char))
        out.append(_imprint_rule(frame, G.IMPRINT_INNER_EIGHTHS))
    tab_pos = G.mm_to_twips(G.BLOCK_W) - char  # 印发机关 左空一字, 印发日期 右空一字 (clause 7.4.3)
    runs = [text_runs(imprint.office, S.IMPRINT.font), tab_run(), text_runs(imprint.issued, S.IMPRINT.font)]
    tabs = tab_stops([("right", tab_pos)])
    out.append(Para(style=S.IMPRINT.id, runs=runs, ppr=frame + tabs + air))
    out.append(_imprint_rule(frame, G.IMPRINT_OUTER_EIGHTHS))
    return out


def _header_twips(comp: C.Composition) -> int:
    """Page 1 above the body: the mark's 35 mm and its rows, the 文号, the red rule, the title
    and the 主送机关 line(s), as the template's styles space them."""
    names = list(comp.one(C.Mark).names)
    title = len(L.balance_title(comp.one(C.Title).text)) * S.TITLE.line
    recipients = F.line_count(comp.one(C.Recipients).text, 0.0)
    below = S.TITLE.before + title + S.RECIPIENTS.before + recipients * S.LINE
    if comp.letter:  # the letterhead's frame, then the 文号 under it (10.1)
        head = max(0, G.mm_to_twips(letter_head_bottom_mm(names[0]) - G.MARGIN_TOP))
        return head + S.LETTER_NUMBER.before + S.LETTER_NUMBER.line + below
    size = L.mark_size_pt(names) * 20
    mark = round(size * (MARK_ROW * len(names) + MARK_ROW_EXTRA * (len(names) - 1)))
    return S.MARK_SPACE.line + mark + S.DOC_NUMBER.before + S.LINE + S.RULE.line + RULE_EXTRA + below


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


def context(comp: C.Composition, decided: Plan | None = None) -> dict:
    """Everything the template prints, already as escaped runs/paragraphs."""
    fit = (decided or plan(comp)).fit
    return {
        "letter_head": _letter_head(comp),
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


def _imprint_twips(comp: C.Composition) -> int:
    """The 版记's height as ``_imprint`` draws it: 4号 lines a point from their rules."""
    imprint = comp.one(C.Imprint)
    per_line = G.BLOCK_W / (G.SIZE_4 * G.MM_PER_PT) - 2  # 左右各空一字
    lines = (F.line_count(imprint.cc, 0.0, 3.0, per_line) if imprint.cc else 0) + (1 if imprint.office else 0)
    rules = (lines + 1) * G.IMPRINT_OUTER_EIGHTHS * 20 // 8 if not comp.letter else 0
    return lines * (round(G.SIZE_4 * 20 * 1.3) + 40) + rules


@dataclass(frozen=True)
class Plan:
    """What the page estimate decided: the line spacing of 7.3.5.5, and whether the 版记
    stands at the foot of the body's last page."""

    fit: F.Fit
    imprint_inline: bool = False


def _attachment_mm(page: C.AttachmentPage) -> float | None:
    """How much of its page an attachment fills (its form's furniture and rows as the form
    writer sizes them), or None when it may not stand on one page."""
    if page.form is None:
        title = len(L.balance_title(page.title)) * S.TITLE.line / 20 * G.MM_PER_PT
        note = F.line_count(page.note) if page.note else 0
        return (2 + note) * G.BLOCK_H / G.LINES_PER_PAGE + title + 2 * S.LINE / 20 * G.MM_PER_PT
    lay = page.form  # in the notice, a form stands on the notice's portrait page
    widths = column_widths(lay, G.BLOCK_W)
    furniture = furniture_mm(lay, G.BLOCK_W)
    used = furniture + sum(row_heights(lay, widths, G.BLOCK_H - furniture))
    return used if used <= G.BLOCK_H else None


def plan(comp: C.Composition) -> Plan:
    """GB/T 9704 7.4: the 版记 on the last page, even (封四), its last rule on the text block's
    bottom edge. Where the notice's last page — the body's, with its 附件说明 and 署名, or the last
    attachment's — is even and the 版记 fits under what it holds (as it stands, or, on the body's
    page, with the least line-spacing change 7.3.5.5 allows), the 版记 stands at its foot;
    otherwise it starts the next even page (its own section, no page number), with a blank page
    only when it cannot share an even last page."""
    header, body, tail = flow_items(comp)
    fit = F.fit_signature_page(header, body, tail)
    imprint = comp.one(C.Imprint)
    if not body or not (imprint and (imprint.cc or imprint.office)):
        return Plan(fit)
    pages, _ = F._place(F.apply(body + tail, body, fit), header)
    attachments = comp.of(C.AttachmentPage)
    imprint_mm = (_imprint_twips(comp) + F.LINE) / 20 * G.MM_PER_PT
    if attachments:  # one page each, when each stands on one
        last = pages[-1] + len(attachments)
        used = _attachment_mm(attachments[-1])
        fits = used is not None and all(_attachment_mm(a) is not None for a in attachments)
        return Plan(fit, fits and last % 2 == 1 and used + imprint_mm <= G.BLOCK_H)
    if pages[-1] % 2 == 0:  # the body ends on an odd page: the 版记 goes on the next
        return Plan(fit)
    room = F.Item(0, fixed=_imprint_twips(comp) + F.LINE // 2, keep=False)
    tail = tail[:-1] + [dataclasses.replace(tail[-1], keep=True), room]
    with_imprint = F.fit_signature_page(header, body, tail)
    pages, _ = F._place(F.apply(body + tail, body, with_imprint), header)
    n = len(body)
    if pages[n - 1] == pages[-1] and pages[-1] % 2 == 1 and F.filled(header, body, tail, with_imprint):
        return Plan(with_imprint, True)
    return Plan(fit)


def page_count(comp: C.Composition, decided: Plan) -> int:
    """The pages the draft prints, as the estimate places them: the body's, one an attachment,
    and the 版记's own (after a blank page when the notice ends on an even page)."""
    header, body, tail = flow_items(comp)
    pages, _ = F._place(F.apply(body + tail, body, decided.fit), header)
    n = pages[-1] + 1 + len(comp.of(C.AttachmentPage))
    imprint = comp.one(C.Imprint)
    if decided.imprint_inline or not (imprint and (imprint.cc or imprint.office)):
        return n
    return n + (1 if n % 2 else 2)


def _counts(comp: C.Composition, decided: Plan) -> Counts:
    from ..writers.text import composition_to_text

    texts = composition_to_text(comp).split("\n\n")
    for page in comp.of(C.AttachmentPage):
        if page.form is not None:
            texts += [*page.form.above, *(c.text for c in page.form.cells if c.text), *page.form.below]
    return text_counts(texts, page_count(comp, decided))


def _fit_mark_table(doc, mark: C.Mark) -> None:
    """Size the mark table to its longest name and merge 文件 into one centred cell."""
    table = doc.tables[0]
    names = list(mark.names)
    size = L.mark_size_pt(names)
    pad = round(G.MARK_PAD_PT * 20) if len(names) > 1 else 0
    left = round(max(G.text_width(n) for n in names) * size * 20) + pad
    right = round((G.text_width(mark.word) + 0.5) * size * 20)  # 文件 plus the half-character gap
    grid = table._tbl.tblGrid.gridCol_lst
    grid[0].w, grid[1].w = Twips(left), Twips(right)
    set_table_width(table, left + right)
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
    titles = styled_paragraphs(doc, S.ATTACH_TITLE.id)
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


#: the blocks the .docx template draws, each in its own slot; a block of another kind would be
#: left out silently, so it is refused (as writers/html.py and writers/text.py refuse theirs)
DRAWN = (C.Mark, C.DocNumber, C.Title, C.Recipients, C.Heading, C.Paragraph, C.AttachmentNote, C.Signature,
         C.AttachmentPage, C.Imprint)


def render_notice(notice: Notice) -> bytes:
    """The notice as .docx bytes; equal notices give byte-identical files."""
    comp = C.compose(notice)
    for block in comp.blocks:
        if not isinstance(block, DRAWN):
            raise TypeError(f"Word 输出不认识“{type(block).__name__}”这种内容块")
    tpl = _Template(io.BytesIO(_template_bytes(LETTER_TEMPLATE if comp.letter else TEMPLATE)))
    decided = plan(comp)
    with highlighting(comp.computed):  # the runs are made with the context: 推算 dates green
        ctx = context(comp, decided)
        tpl.render(ctx, jinja_env=_ENV, autoescape=True)
    doc = tpl.docx
    drop_empty_runs(doc)  # what is left of the template's {{r …}} tags
    if not ctx["imprint"] or decided.imprint_inline:
        merge_last_section(doc)  # the 版记 goes with the body's last page, whose footers number it
    if not comp.letter:
        _fit_mark_table(doc, comp.one(C.Mark))
    _add_forms(doc, comp)
    names = "、".join(o.name for o in notice.issuers) or "notice-kit（通知工坊）"
    fix_core_properties(doc, _when(notice), notice.title, names, _counts(comp, decided))
    return save_bytes(doc)


def write_notice(notice: Notice, path: Path | str, force: bool = False) -> None:
    """Render and write atomically; an existing file is kept unless ``force``."""
    check_target(Path(path), force)  # refuse before spending time on the render
    write_atomic(Path(path), render_notice(notice), force)
