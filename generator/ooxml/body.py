"""Edits of a python-docx document's body after it is drawn: what docxtpl leaves behind,
the sections, the mark table's width, the paragraphs of a style."""

from __future__ import annotations

from .names import W


def drop_empty_runs(doc) -> None:
    """Remove every w:r holding only an empty w:t: what is left of the template's {{r …}} tags."""
    for empty in doc.element.body.xpath(".//w:r[count(*)=1][w:t[not(text())]]"):
        empty.getparent().remove(empty)


def merge_last_section(doc) -> None:
    """The last section break (a w:sectPr in a paragraph) becomes the body's final w:sectPr:
    the two last sections are one (its footers, its page numbering); the paragraph that held
    the break goes when it has no runs."""
    body = doc.element.body
    breaks = body.xpath("./w:p[w:pPr/w:sectPr]")
    if not breaks:
        return
    para = breaks[-1]
    sect = para.pPr.find(W + "sectPr")
    body.replace(body[-1], sect)
    if not para.xpath("./w:r"):
        body.remove(para)


def empty_body(doc) -> None:
    """Remove every block of the body but its final w:sectPr (the page setup stays)."""
    body = doc.element.body
    for child in list(body):
        if child.tag != W + "sectPr":
            body.remove(child)


def set_table_width(table, twips: int) -> None:
    """w:tblW as a width in twips (dxa), as the grid's columns sum: WPS reads w:gridCol, Word w:tblW."""
    width = table._tbl.tblPr.find(W + "tblW")
    width.set(W + "w", str(twips))
    width.set(W + "type", "dxa")


def styled_paragraphs(doc, style_id: str) -> list:
    """The body's own paragraphs (w:p, not in tables) whose w:pStyle is ``style_id``."""
    return doc.element.body.xpath(f'./w:p[w:pPr/w:pStyle/@w:val="{style_id}"]')
