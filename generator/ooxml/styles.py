"""styles.xml and fontTable.xml: a named style, the document defaults, fonts named outright."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .names import W_NS, W, escape
from .runs import half_points, rfonts

if TYPE_CHECKING:
    from docx.document import Document


def style_xml(style_id: str, name: str, body: str, *, character: bool = False) -> str:
    """One w:style, custom and in the quick gallery (w:qFormat), a clerk restyles the notice
    by: a paragraph style (based on Normal) with ``body`` its w:pPr and w:rPr, or a character
    style with ``body`` its w:rPr."""
    kind = "character" if character else "paragraph"
    based = "" if character else '<w:basedOn w:val="Normal"/>'
    return (f'<w:style xmlns:w="{W_NS}" w:type="{kind}" w:customStyle="1" w:styleId="{style_id}">'
            f'<w:name w:val="{escape(name)}"/>{based}<w:qFormat/>{body}</w:style>')


def doc_defaults_xml(font: str, size_pt: float, char_spacing_twips: int, line_twips: int) -> str:
    """w:docDefaults, the base every style builds on: ``font`` at ``size_pt``, characters
    ``char_spacing_twips`` apart (w:spacing of the run: the grid's condensing), kerning,
    zh-CN, and lines ``line_twips`` high exactly."""
    return (f'<w:docDefaults xmlns:w="{W_NS}"><w:rPrDefault><w:rPr>{rfonts(font)}'
            f'<w:spacing w:val="{char_spacing_twips}"/><w:kern w:val="2"/>'
            f'{half_points(size_pt)}'
            '<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>'
            f'<w:pPrDefault><w:pPr><w:spacing w:line="{line_twips}" w:lineRule="exact"/></w:pPr></w:pPrDefault>'
            '</w:docDefaults>')


_SCRIPTS = ("ascii", "hAnsi", "eastAsia", "cs")


def named_fonts_only(styles, east_asia: str) -> None:
    """python-docx's built-in styles (Heading 1, Title, …) take their fonts from the theme
    (asciiTheme="majorHAnsi" …), which overrides named fonts in Word and makes WPS report
    missing fonts. Every rFonts under ``styles`` names its fonts, all four scripts."""
    for fonts in styles.iter(W + "rFonts"):
        for key in list(fonts.attrib):
            if key.lower().endswith("theme"):
                del fonts.attrib[key]
        latin = fonts.get(W + "ascii") or east_asia
        for script in _SCRIPTS:
            if not fonts.get(W + script):
                fonts.set(W + script, east_asia if script == "eastAsia" else latin)


def font_table(doc: Document, fonts: tuple[str, ...]) -> None:
    """fontTable.xml listing the fonts the document names (charset 86: GB2312)."""
    part = next(p for p in doc.part.package.parts if str(p.partname) == "/word/fontTable.xml")
    entries = "".join(f'<w:font w:name="{escape(name)}"><w:charset w:val="86"/><w:family w:val="auto"/></w:font>'
                      for name in fonts)
    part._blob = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                  f'<w:fonts xmlns:w="{W_NS}">{entries}</w:fonts>').encode()
