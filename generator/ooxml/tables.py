"""Tables and lines written as WordprocessingML text and parsed once (the forms).

Parsing the text of a whole table (~2 ms) is ~20 times cheaper than python-docx's property
setters (~40 ms a table: a dozen get-or-add element lookups per cell); the XML is the same,
element for element, as those setters made.
"""

from __future__ import annotations

from .names import W_NS, escape
from .runs import Para, rfonts

#: single black lines on every edge and between every row and column
_BORDERS = "".join(f'<w:{edge} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
                   for edge in ("top", "left", "bottom", "right", "insideH", "insideV"))
_TABLE_LOOK = ('<w:tblLook w:firstColumn="1" w:firstRow="1" w:lastColumn="0" w:lastRow="0" w:noHBand="0" '
               'w:noVBand="1" w:val="04A0"/>')


def _parse(xml: str):
    from docx.oxml import parse_xml

    return parse_xml(xml)


def plain_run(text: str, font: str, size_pt: float, *, bold: bool = False, highlight: str = "") -> str:
    """One w:r in one face for every script (digits and Latin too), bold or explicitly not,
    its size as w:sz alone; a line break (\\n) or a tab (\\t) in ``text`` as python-docx's
    run text writes them (w:br, w:tab)."""
    from docx.oxml.simpletypes import ST_HpsMeasure
    from docx.shared import Pt

    content = []
    for i, line in enumerate(text.replace("\r", "\n").split("\n")):
        content.append("<w:br/>" if i else "")
        for j, piece in enumerate(line.split("\t")):
            content.append("<w:tab/>" if j else "")
            if piece:
                keep = ' xml:space="preserve"' if len(piece.strip()) < len(piece) else ""
                content.append(f"<w:t{keep}>{escape(piece)}</w:t>")
    props = rfonts(font) + ("<w:b/>" if bold else '<w:b w:val="0"/>')
    props += f'<w:sz w:val="{ST_HpsMeasure.convert_to_xml(Pt(size_pt))}"/>'
    if highlight:
        props += f'<w:highlight w:val="{highlight}"/>'
    return f"<w:r><w:rPr>{props}</w:rPr>{''.join(content)}</w:r>"


def append_paragraph(doc, ppr: str, runs: str) -> None:
    """A w:p with direct properties ``ppr`` and ``runs``, appended to the body (before its
    final w:sectPr)."""
    doc.element.body._insert_p(_parse(f'<w:p xmlns:w="{W_NS}"><w:pPr>{ppr}</w:pPr>{runs}</w:p>'))


def table_cell(width_twips: int, paragraph: Para | None = None, span: int = 1, vmerge: str = "") -> str:
    """A w:tc ``width_twips`` wide: ``paragraph`` centred vertically, or, for a grid position
    a merge covers, an empty paragraph. A merged cell is ``span`` grid columns wide
    (w:gridSpan) and, in a vertical merge, ``vmerge`` "restart" (its first row) or "continue"
    (the rows below): the cell python-docx's ``merge`` makes, without its XPath grid lookups
    (~13 ms a form)."""
    merge = (f'<w:gridSpan w:val="{span}"/>' if span > 1 else "") + (
        '<w:vMerge w:val="restart"/>' if vmerge == "restart" else "<w:vMerge/>" if vmerge else "")
    if paragraph is None:
        return f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{width_twips}"/>{merge}</w:tcPr><w:p/></w:tc>'
    return (f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{width_twips}"/>{merge}<w:vAlign w:val="center"/></w:tcPr>'
            f"{paragraph.__html__()}</w:tc>")


def table_row(height_twips: int, cells: str) -> str:
    """A w:tr at least ``height_twips`` high that never splits over two pages (w:cantSplit: a
    row split so leaves half a date on each)."""
    return f'<w:tr><w:trPr><w:cantSplit/><w:trHeight w:val="{height_twips}"/></w:trPr>{cells}</w:tr>'


def append_table(doc, width_twips: int, columns_twips: list[int], rows: str):
    """A w:tbl appended to the body: centred, fixed column widths (w:tblW ``width_twips``:
    WPS lays tables out by w:gridCol, Word by w:tblW), single black lines on every edge, so
    no reliance on a 'Table Grid' style being present. Returns the table element."""
    grid_cols = "".join(f'<w:gridCol w:w="{w}"/>' for w in columns_twips)
    tbl = _parse(
        f'<w:tbl xmlns:w="{W_NS}"><w:tblPr><w:tblW w:type="dxa" w:w="{width_twips}"/>'
        f'<w:jc w:val="center"/><w:tblBorders>{_BORDERS}</w:tblBorders><w:tblLayout w:type="fixed"/>{_TABLE_LOOK}'
        f"</w:tblPr><w:tblGrid>{grid_cols}</w:tblGrid>{rows}</w:tbl>")
    doc.element.body._insert_tbl(tbl)
    return tbl
