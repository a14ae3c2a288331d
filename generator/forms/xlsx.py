"""The .xlsx writer for forms: the same grid as a worksheet (merged cells kept) for
superiors who aggregate the returns."""

from __future__ import annotations

import io
import zipfile

from ..model import Notice
from ..ooxml import normalise_zip
from .docx import FIXED_TIME, FIXED_ZIP_TIME
from .layout import CELL_FONT, HEAD_FONT, LABEL_FONT, TITLE_FONT, attachment_label, layout


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

    def line(r: int, text: str, font: Font, center: bool = False) -> None:
        ws.cell(r, 1, text).font = font
        ws.cell(r, 1).alignment = Alignment(horizontal="center" if center else "left", vertical="center")
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
    r = top + lay.n_rows
    for text in lay.below:
        line(r, text, line_font)
        r += 1
    for j, w in enumerate(lay.form.columns, 1):
        ws.column_dimensions[get_column_letter(j)].width = round(w * 4.5, 1)
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if lay.form.landscape else "portrait"
    wb.properties.creator = wb.properties.lastModifiedBy = "notice-kit"
    wb.properties.title = lay.title
    wb.properties.created = wb.properties.modified = FIXED_TIME
    # openpyxl's save() stamps "modified" with the clock; its writer without that step does not
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).save()
    return normalise_zip(buf.getvalue(), FIXED_ZIP_TIME)
