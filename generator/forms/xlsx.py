"""The .xlsx writer for forms: the same grid as a worksheet (merged cells kept) for
superiors who aggregate the returns."""

from __future__ import annotations

import io
import zipfile

from .. import gbt9704 as G
from ..model import Notice
from ..ooxml import APPLICATION, normalise_zip
from .docx import FIXED_TIME, FIXED_ZIP_TIME
from .layout import CELL_FONT, HEAD_FONT, LABEL_FONT, TITLE_FONT, Layout, attachment_label, header_rows, layout

MM_PER_INCH = 25.4
COLUMN_UNITS = 4.5  # Excel width units per unit of the form's column proportions
CJK_UNITS = 2.2  # one 小四 Chinese character in Excel width units (a unit is a digit of Calibri 11)
TOTAL = "合计"


def _numeric_columns(lay: Layout, header_rows: int) -> set[int]:
    """Columns counted in a 合计 row: those under a header giving a unit in brackets
    (活动场次（场）, 参与人次（人次）…), the row label's column excepted."""
    out: set[int] = set()
    for c in lay.cells:
        if c.bold and c.row < header_rows and c.col > 0 and c.text.endswith("）"):
            out.update(range(c.col, c.col + c.colspan))
    return out


def _wrapped_lines(text: str, units: float) -> int:
    return max(1, -(-int(G.text_width(text) * CJK_UNITS + 0.99) // max(1, int(units))))


def _print_setup(ws, lay: Layout, top: int, heads: int, last_row: int, last_col: str) -> None:
    """A4 turned as the form is, the GB/T 9704 margins (a landscape page's left margin is the
    portrait top one, as the .docx form turns them), one page wide, the header rows repeated on
    every printed page, the form alone as the print area."""
    from openpyxl.worksheet.page import PageMargins
    from openpyxl.worksheet.properties import PageSetupProperties

    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if lay.form.landscape else "portrait"
    if lay.form.landscape:
        left, right, top_mm, bottom = G.MARGIN_TOP, G.MARGIN_BOTTOM, G.MARGIN_LEFT, G.MARGIN_RIGHT
    else:
        top_mm, bottom, left, right = G.MARGIN_TOP, G.MARGIN_BOTTOM, G.MARGIN_LEFT, G.MARGIN_RIGHT
    ws.page_margins = PageMargins(left=left / MM_PER_INCH, right=right / MM_PER_INCH, top=top_mm / MM_PER_INCH,
                                  bottom=bottom / MM_PER_INCH, header=0.3, footer=0.3)
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0  # one page wide, as long as it needs
    ws.print_options.horizontalCentered = True
    if heads:
        ws.print_title_rows = f"{top}:{top + heads - 1}"
    ws.print_area = f"A1:{last_col}{last_row}"


def build_summary_xlsx(notice: Notice, index: int) -> bytes:
    """The same form as a worksheet (merged cells kept) for superiors who aggregate them."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.writer.excel import ExcelWriter

    lay = layout(notice, index)
    width = len(lay.form.columns)
    wb = Workbook()
    ws = wb.active
    ws.title = f"附件{index}"
    line_font = Font(name=CELL_FONT, size=12)

    units = sum(round(w * COLUMN_UNITS, 1) for w in lay.form.columns)

    def line(r: int, text: str, font: Font, center: bool = False) -> None:
        """A line over the table's width, wrapped inside it (a long title or 注 never runs past
        the print area), its row as high as its lines."""
        ws.cell(r, 1, text).font = font
        ws.cell(r, 1).alignment = Alignment(horizontal="center" if center else "left", vertical="center",
                                            wrap_text=True)
        lines = _wrapped_lines(text, units * 12 / font.size)
        ws.row_dimensions[r].height = round(lines * font.size * 1.4 + (4 if center else 0), 1)
        if width > 1:
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=width)

    line(1, attachment_label(notice, index), Font(name=LABEL_FONT, size=14))
    line(2, lay.title, Font(name=TITLE_FONT, size=18, bold=True), center=True)
    r = 3
    for text in lay.above:
        line(r, text, line_font)
        r += 1
    top = r
    side = Side(style="thin", color="000000")
    box = Border(left=side, right=side, top=side, bottom=side)
    for i in range(lay.n_rows):  # borders on every grid position, merged ones included
        for j in range(width):
            ws.cell(top + i, j + 1).border = box
    for c in lay.cells:
        cell = ws.cell(top + c.row, c.col + 1, c.text or None)
        cell.font = Font(name=HEAD_FONT if c.bold else CELL_FONT, size=11, bold=c.bold)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        if c.rowspan > 1 or c.colspan > 1:
            ws.merge_cells(start_row=top + c.row, start_column=c.col + 1,
                           end_row=top + c.row + c.rowspan - 1, end_column=c.col + c.colspan)
    heads = header_rows(lay)
    numeric = _numeric_columns(lay, heads)
    first_data = top + heads
    for c in lay.cells:  # 合计: a formula over the rows above it, so the total is always right
        if c.text == TOTAL and c.col == 0:
            row = top + c.row
            for j in sorted(numeric):
                letter = get_column_letter(j + 1)
                ws.cell(row, j + 1, f"=SUM({letter}{first_data}:{letter}{row - 1})")
    r = top + lay.n_rows
    for text in lay.below:  # the 注 too: wrapped over the table's width
        line(r, text, line_font)
        r += 1
    for j, w in enumerate(lay.form.columns, 1):
        ws.column_dimensions[get_column_letter(j)].width = round(w * COLUMN_UNITS, 1)
    _print_setup(ws, lay, top, heads, r - 1, get_column_letter(width))
    wb.properties.creator = "、".join(o.name for o in notice.issuers) or APPLICATION
    wb.properties.lastModifiedBy = APPLICATION
    wb.properties.title = lay.title
    wb.properties.created = wb.properties.modified = FIXED_TIME
    # openpyxl's save() stamps "modified" with the clock; its writer without that step does not
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).save()
    return normalise_zip(buf.getvalue(), FIXED_ZIP_TIME)
