"""The .docx writer for forms: a laid-out form as paragraphs and a bordered table, inside
the notice (its 附件 pages) or as a standalone document per attachment."""

from __future__ import annotations

import threading
from datetime import datetime

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.shared import Emu, Mm

from .. import gbt9704 as G
from ..model import PLACEHOLDER_RE, Attachment, Notice, is_verify
from ..ooxml import (
    APPLICATION,
    HIGHLIGHT,
    Para,
    align,
    append_paragraph,
    append_table,
    empty_body,
    fix_core_properties,
    font_table,
    named_fonts_only,
    off_grid,
    plain_run,
    save_bytes,
    spacing,
    table_cell,
    table_row,
    text_counts,
)
from .definitions import known_forms
from .layout import (
    CELL_FONT,
    CELL_PT,
    HEAD_FONT,
    LABEL_FONT,
    LABEL_PT,
    LINE_FONT,
    LINE_PT,
    TITLE_FONT,
    TITLE_PT,
    Cell,
    Layout,
    attachment_index,
    attachment_label,
    cell_lines,
    column_widths,
    furniture_mm,
    layout,
    row_heights,
)

#: every zip entry and core-property date is pinned so equal inputs give equal bytes
FIXED_TIME = datetime(2000, 1, 1, 0, 0, 0)
FIXED_ZIP_TIME = FIXED_TIME.timetuple()[:6]


_LINE_PPR = off_grid() + spacing(before=0, after=0, line=240, rule="auto")
"""Form rows are sized in mm: inside a notice whose body snaps to the 22-line grid, a snapped
two-line cell would take two 10 mm grid lines and push the form onto a second page; and the
line pitch is single, not the notice body's exact grid pitch."""


def _run(text: str, east_asia: str, pt: float, bold: bool = False) -> str:
    """One run in one face for every script; a placeholder highlighted yellow (a line with
    only 【待核实】 tokens in their own colour)."""
    tokens = [m.group(0) for m in PLACEHOLDER_RE.finditer(text)]
    kind = "待核实" if tokens and all(is_verify(t) for t in tokens) else "待填"
    return plain_run(text, east_asia, pt, bold=bold, highlight=HIGHLIGHT[kind] if tokens else "")


def _para(doc: DocxDocument, text: str, font: str, pt: float, align_to: str = "", bold: bool = False) -> None:
    """A line of its own (label, title, the lines above and below the table), appended."""
    append_paragraph(doc, _LINE_PPR + (align(align_to) if align_to else ""),
                     _run(text, font, pt, bold) if text else "")


def _text_width(doc: DocxDocument) -> int:
    s = doc.sections[-1]
    return int(s.page_width - s.left_margin - s.right_margin)


def add_form_table(doc: DocxDocument, attachment: Attachment, notice: Notice) -> bool:
    """Append the lines above, the table and the lines below (注 included) to ``doc``.

    The caller has already written the 附件N label and the title. Returns False when the
    attachment has no form or an unknown one, so the caller can leave the page as is.
    """
    if not attachment.form or attachment.form not in known_forms():
        return False
    index = attachment_index(notice, attachment)
    if not index:
        return False
    add_form_layout(doc, layout(notice, index))
    return True


def add_form_layout(doc: DocxDocument, lay: Layout) -> None:
    """Append a laid-out form: the lines above, the table, the lines below (注 included)."""
    for line in lay.above:
        _para(doc, line, LINE_FONT, LINE_PT)
    _draw_table(doc, lay)
    for line in lay.below:
        _para(doc, line, LINE_FONT, LINE_PT)


def _cell(width: int, cells: list[Cell], col_w: list[int], span: int = 1, vmerge: str = "") -> str:
    """One grid position: its layout cells' text centred (lines broken between words here, so
    Word and LibreOffice never cut one); a position a merge covers keeps an empty paragraph.
    A merged cell ``span`` columns wide, ``vmerge`` in a vertical merge (ooxml.table_cell)."""
    if not cells:
        return table_cell(width, span=span, vmerge=vmerge)
    runs = [_run("\n".join(cell_lines(c.text, sum(col_w[c.col:c.col + c.colspan]) / Mm(1))),
                 HEAD_FONT if c.bold else CELL_FONT, CELL_PT) for c in cells if c.text]
    return table_cell(width, Para(runs=runs, ppr=_LINE_PPR + align("center")), span, vmerge)


def _row(i: int, twips: list[int], at: dict[tuple[int, int], list[Cell]], covering: dict[tuple[int, int], Cell],
         col_w: list[int]) -> str:
    """Row ``i``'s cells: a merged cell once, as wide as its columns; the positions it covers
    to its right left out (python-docx's merge swallows them, and they are empty)."""
    out = []
    for j, w in enumerate(twips):
        c = covering.get((i, j))
        if c is None:
            out.append(_cell(w, at.get((i, j), []), col_w))
        elif j == c.col:
            vmerge = "" if c.rowspan == 1 else "restart" if i == c.row else "continue"
            out.append(_cell(sum(twips[c.col:c.col + c.colspan]), at.get((i, j), []) if i == c.row else [],
                             col_w, c.colspan, vmerge))
    return "".join(out)


def _draw_table(doc: DocxDocument, lay: Layout) -> None:
    """The bordered table, centred, fixed column widths, one page high at most."""
    total = _text_width(doc)
    col_w = [int(Mm(w)) for w in column_widths(lay, total / Mm(1))]
    twips = [Emu(w).twips for w in col_w]
    # room to write by hand, but the whole form stays on one page
    sec = doc.sections[-1]
    free_mm = (sec.page_height - sec.top_margin - sec.bottom_margin) / Mm(1) - furniture_mm(lay, total / Mm(1))
    heights = row_heights(lay, [w / Mm(1) for w in col_w], free_mm)
    at: dict[tuple[int, int], list[Cell]] = {}
    covering: dict[tuple[int, int], Cell] = {}  # every grid position a merged cell spans
    for c in lay.cells:
        at.setdefault((c.row, c.col), []).append(c)
        if c.rowspan > 1 or c.colspan > 1:
            covering.update({(c.row + di, c.col + dj): c for di in range(c.rowspan) for dj in range(c.colspan)})
    rows = "".join(table_row(Emu(Mm(height)).twips, _row(i, twips, at, covering, col_w))
                   for i, height in enumerate(heights))
    # merged cells are written merged (ooxml.table_cell), not merged after by python-docx
    append_table(doc, sum(round(w / 635) for w in col_w), twips, rows)


def _page_setup(doc: DocxDocument, landscape: bool) -> None:
    """A4 with the GB/T 9704 text block (156 × 225 mm), turned for wide forms."""
    s = doc.sections[0]
    margins = (G.MARGIN_TOP, G.MARGIN_BOTTOM, G.MARGIN_LEFT, G.MARGIN_RIGHT)
    if landscape:  # turned a quarter: the top margin becomes the left one
        s.orientation = WD_ORIENT.LANDSCAPE
        s.page_width, s.page_height = Mm(G.PAGE_H), Mm(G.PAGE_W)
        left, right, top, bottom = margins
    else:
        s.orientation = WD_ORIENT.PORTRAIT
        s.page_width, s.page_height = Mm(G.PAGE_W), Mm(G.PAGE_H)
        top, bottom, left, right = margins
    s.top_margin, s.bottom_margin, s.left_margin, s.right_margin = Mm(top), Mm(bottom), Mm(left), Mm(right)


def build_form_docx(notice: Notice, index: int) -> bytes:
    """The standalone document for attachment ``index`` (1-based): label, title, form."""
    lay = layout(notice, index)
    with _BASE_LOCK:
        return _build_form_docx(_empty_document(lay.form.landscape), notice, index, lay)


#: the prepared empty document per orientation: opening python-docx's default template and
#: naming its fonts was ~60 % of a form (~30 ms); a batch writes thousands of forms
_BASES: dict[bool, DocxDocument] = {}
_BASE_LOCK = threading.Lock()


def _empty_document(landscape: bool) -> DocxDocument:
    """The orientation's prepared document, its body emptied of the last form (only the body
    and the core properties, all set anew, change between forms)."""
    doc = _BASES.get(landscape)
    if doc is None:
        doc = Document()
        _page_setup(doc, landscape)
        named_fonts_only(doc.styles.element, LINE_FONT)
        font_table(doc, tuple(dict.fromkeys((LABEL_FONT, TITLE_FONT, LINE_FONT, CELL_FONT, HEAD_FONT))))
        _BASES[landscape] = doc
    empty_body(doc)  # the default template's empty paragraph, or the last form
    return doc


def _build_form_docx(doc: DocxDocument, notice: Notice, index: int, lay: Layout) -> bytes:
    _para(doc, attachment_label(notice, index), LABEL_FONT, LABEL_PT)
    _para(doc, "", LINE_FONT, LINE_PT)
    # the title broken where a typesetter would (balanced, no character alone), not by the
    # line's end (金坛 2020's form title broke between 活 and 动)
    from ..render.layout import balance_title  # render imports forms: not at load

    per_line = int(_text_width(doc) / Mm(1) / (TITLE_PT * G.MM_PER_PT))
    _para(doc, "\n".join(balance_title(lay.title, per_line)), TITLE_FONT, TITLE_PT, "center")
    _para(doc, "", LINE_FONT, LINE_PT)
    add_form_table(doc, notice.attachments[index - 1], notice)
    texts = [attachment_label(notice, index), lay.title, *lay.above, *(c.text for c in lay.cells if c.text),
             *lay.below]
    author = "、".join(o.name for o in notice.issuers) or APPLICATION
    fix_core_properties(doc, FIXED_TIME, lay.title, author, text_counts(texts, 1))
    return save_bytes(doc, FIXED_ZIP_TIME)
