"""The .docx writer for forms: a laid-out form as paragraphs and a bordered table, inside
the notice (its 附件 pages) or as a standalone document per attachment."""

from __future__ import annotations

from datetime import datetime

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import _Cell

from .. import gbt9704 as G
from ..model import PLACEHOLDER_RE, Attachment, Notice
from ..ooxml import font_table, insert_in_order, named_fonts_only, save_bytes
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


def _font(run, east_asia: str, pt: float, bold: bool = False) -> None:
    run.font.size = Pt(pt)
    run.font.bold = bold
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for script in ("ascii", "hAnsi", "eastAsia", "cs"):  # digits and Latin in the same face as the rest
        fonts.set(qn(f"w:{script}"), east_asia)
    if PLACEHOLDER_RE.search(run.text):
        run.font.highlight_color = WD_COLOR_INDEX.YELLOW


def _off_grid(p) -> None:
    """Form rows are sized in mm: inside a notice whose body snaps to the 22-line grid, a
    snapped two-line cell would take two 10 mm grid lines and push the form onto a second page."""
    el = OxmlElement("w:snapToGrid")
    el.set(qn("w:val"), "0")
    insert_in_order(p._p.get_or_add_pPr(), el, ("spacing", "ind", "contextualSpacing", "mirrorIndents",
                                                 "suppressOverlap", "jc", "textDirection", "textAlignment",
                                                 "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr",
                                                 "sectPr", "pPrChange"))


def _para(container, text: str, font: str, pt: float, align=None, bold: bool = False):
    p = container.add_paragraph()
    p.paragraph_format.space_before = Pt(0)
    p.paragraph_format.space_after = Pt(0)
    p.paragraph_format.line_spacing = 1.0  # not the notice body's exact grid pitch
    _off_grid(p)
    if align is not None:
        p.alignment = align
    if text:
        _font(p.add_run(text), font, pt, bold)
    return p


def _borders(table) -> None:
    """Single black lines on every edge: no reliance on a 'Table Grid' style being present."""
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        for k, v in (("val", "single"), ("sz", "4"), ("space", "0"), ("color", "000000")):
            el.set(qn(f"w:{k}"), v)
        borders.append(el)
    insert_in_order(tbl_pr, borders, ("shd", "tblLayout", "tblCellMar", "tblLook", "tblCaption", "tblDescription"))


def _table_width(table, col_emu: list[int]) -> None:
    """tblW as the sum of the gridCol widths: WPS lays tables out by gridCol, Word by tblW."""
    tbl_w = table._tbl.tblPr.find(qn("w:tblW"))
    tbl_w.set(qn("w:type"), "dxa")
    tbl_w.set(qn("w:w"), str(sum(round(w / 635) for w in col_emu)))  # EMU → twips


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


def _draw_table(doc: DocxDocument, lay: Layout) -> None:
    widths = lay.form.columns
    total = _text_width(doc)
    col_w = [int(Mm(w)) for w in column_widths(lay, total / Mm(1))]
    table = doc.add_table(rows=lay.n_rows, cols=len(widths))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _borders(table)
    for j, w in enumerate(col_w):
        table.columns[j].width = w
    _table_width(table, col_w)
    # python-docx's table.cell() rebuilds the whole grid on every call (quadratic in cells), so
    # the cells are taken once from the XML, filled, and merged last: merging a region leaves
    # the top-left cell of every other region in place.
    grid = [[_Cell(tc, table) for tc in tr.tc_lst] for tr in table._tbl.tr_lst]
    for row in grid:
        for j, cell in enumerate(row):
            cell.width = col_w[j]
    # room to write by hand, but the whole form stays on one page
    sec = doc.sections[-1]
    free_mm = (sec.page_height - sec.top_margin - sec.bottom_margin) / Mm(1) - furniture_mm(lay, total / Mm(1))
    heights = row_heights(lay, [w / Mm(1) for w in col_w], free_mm)
    for row, height in zip(table.rows, heights, strict=True):
        row.height = Mm(height)
        # a row split over two pages leaves half a date on each
        insert_in_order(row._tr.get_or_add_trPr(), OxmlElement("w:cantSplit"),
                         ("trHeight", "tblHeader", "tblCellSpacing", "jc", "hidden", "ins", "del", "trPrChange"))
    for c in lay.cells:
        cell = grid[c.row][c.col]
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        p = cell.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.space_before = p.paragraph_format.space_after = Pt(0)
        p.paragraph_format.line_spacing = 1.0
        _off_grid(p)
        if c.text:  # lines broken between words here, so Word and LibreOffice never cut one
            text = "\n".join(cell_lines(c.text, sum(col_w[c.col:c.col + c.colspan]) / Mm(1)))
            _font(p.add_run(text), HEAD_FONT if c.bold else CELL_FONT, CELL_PT)
    for c in lay.cells:
        if c.rowspan > 1 or c.colspan > 1:
            grid[c.row][c.col].merge(grid[c.row + c.rowspan - 1][c.col + c.colspan - 1])


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
    doc = Document()
    _page_setup(doc, lay.form.landscape)
    named_fonts_only(doc.styles.element, LINE_FONT)
    font_table(doc, tuple(dict.fromkeys((LABEL_FONT, TITLE_FONT, LINE_FONT, CELL_FONT, HEAD_FONT))))
    body = doc.element.body
    for p in list(body.iterchildren(qn("w:p"))):  # the default template's empty paragraph
        body.remove(p)
    _para(doc, attachment_label(notice, index), LABEL_FONT, LABEL_PT)
    _para(doc, "", LINE_FONT, LINE_PT)
    _para(doc, lay.title, TITLE_FONT, TITLE_PT, WD_ALIGN_PARAGRAPH.CENTER)
    _para(doc, "", LINE_FONT, LINE_PT)
    add_form_table(doc, notice.attachments[index - 1], notice)
    props = doc.core_properties
    props.title, props.author, props.last_modified_by = lay.title, "notice-kit", "notice-kit"
    props.created = props.modified = props.last_printed = FIXED_TIME
    props.revision = 1
    return save_bytes(doc, FIXED_ZIP_TIME)
