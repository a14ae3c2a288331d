"""Raw OOXML .docx files as Word and WPS write them (not through python-docx's API):
automatic numbering in numbering.xml (a heading style tied to a list, and direct w:numPr),
text boxes (mc:AlternateContent with a wps:txbx and its VML fallback copy), content
controls (w:sdt), fields (w:fldSimple and w:fldChar/w:instrText), tracked changes, tables."""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

NS = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
      'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
      'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
      'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
      'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
      'xmlns:v="urn:schemas-microsoft-com:vml" mc:Ignorable="wps"')

CT = "application/vnd.openxmlformats-officedocument.wordprocessingml."
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
CONTENT_TYPES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="{CT}document.main+xml"/>
<Override PartName="/word/numbering.xml" ContentType="{CT}numbering+xml"/>
<Override PartName="/word/styles.xml" ContentType="{CT}styles+xml"/>
<Override PartName="/word/header1.xml" ContentType="{CT}header+xml"/>
</Types>"""
RELS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="{REL}officeDocument" Target="word/document.xml"/>
</Relationships>"""
DOC_RELS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="{REL}numbering" Target="numbering.xml"/>
<Relationship Id="rId2" Type="{REL}styles" Target="styles.xml"/>
<Relationship Id="rId3" Type="{REL}header" Target="header1.xml"/>
</Relationships>"""
# Word's Chinese template: 标题 1 has styleId "1" and is tied to list 1 (level 0) by its numPr
STYLES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles {NS}>
<w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:basedOn w:val="a"/>
<w:pPr><w:numPr><w:numId w:val="1"/></w:numPr><w:outlineLvl w:val="0"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="10"><w:name w:val="我的标题"/><w:basedOn w:val="1"/></w:style>
</w:styles>"""


def _lvl(ilvl: int, fmt: str, text: str, style: str = "") -> str:
    ps = f'<w:pStyle w:val="{style}"/>' if style else ""
    return (f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>{ps}'
            f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/><w:suff w:val="nothing"/></w:lvl>')


NUMBERING = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering {NS}>
<w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="multilevel"/>
{_lvl(0, "chineseCounting", "%1、", "1")}{_lvl(1, "chineseCounting", "（%2）")}{_lvl(2, "decimal", "%3.")}
{_lvl(3, "decimal", "（%4）")}</w:abstractNum>
<w:abstractNum w:abstractNumId="1">{_lvl(0, "decimal", "%1.")}</w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
<w:num w:numId="3"><w:abstractNumId w:val="1"/>
<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>
</w:numbering>"""


def run(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def para(inner: str, ppr: str = "") -> str:
    return f"<w:p>{f'<w:pPr>{ppr}</w:pPr>' if ppr else ''}{inner}</w:p>"


def numbered(text: str, ilvl: int | None = None, num_id: int = 1, style: str = "") -> str:
    """A paragraph whose label comes from the list: by its style (``style``) or w:numPr."""
    ppr = f'<w:pStyle w:val="{style}"/>' if style else ""
    if ilvl is not None:
        ppr += f'<w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'
    return para(run(text), ppr)


def textbox(lines: list[str]) -> str:
    """A floating text box as Word 2010+ writes it: the wps shape, and a VML copy for old readers."""
    inner = "".join(para(run(t)) for t in lines)
    return ('<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor behindDoc="0" '
            'distT="0" distB="0" distL="0" distR="0" simplePos="0" locked="0" layoutInCell="1" allowOverlap="1" '
            'relativeHeight="1"><wp:simplePos x="0" y="0"/><wp:positionH relativeFrom="column"><wp:posOffset>0'
            '</wp:posOffset></wp:positionH><wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset>'
            '</wp:positionV><wp:extent cx="5400000" cy="900000"/><wp:wrapTopAndBottom/><wp:docPr id="1" '
            'name="文本框 1"/><a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/'
            'wordprocessingShape"><wps:wsp><wps:spPr/><wps:txbx><w:txbxContent>' + inner +
            '</w:txbxContent></wps:txbx><wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:anchor>'
            '</w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>' + inner +
            '</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>')


def sdt(inner: str, tag: str = "title") -> str:
    """A block content control (WPS/Word templates wrap the title, the date in them)."""
    return (f'<w:sdt><w:sdtPr><w:alias w:val="{tag}"/><w:tag w:val="{tag}"/></w:sdtPr>'
            f"<w:sdtContent>{inner}</w:sdtContent></w:sdt>")


def date_field(shown: str) -> str:
    """A complex DATE field whose last result is ``shown`` (the code is not text)."""
    return ('<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> DATE '
            '\\@ "yyyy年M月d日" </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>'
            f'{run(shown)}<w:r><w:fldChar w:fldCharType="end"/></w:r>')


def table(rows: list[list[str]]) -> str:
    """A borderless table (signature blocks, 版记); cells hold raw paragraph XML."""
    cols = max(len(r) for r in rows)
    grid = "".join('<w:gridCol w:w="4000"/>' for _ in range(cols))
    body = "".join("<w:tr>" + "".join(f'<w:tc><w:tcPr><w:tcW w:w="4000" w:type="dxa"/></w:tcPr>{c}</w:tc>'
                                      for c in r) + "</w:tr>" for r in rows)
    return (f'<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/><w:tblBorders><w:top w:val="nil"/>'
            f'<w:bottom w:val="nil"/></w:tblBorders></w:tblPr><w:tblGrid>{grid}</w:tblGrid>{body}</w:tbl>')


def write_docx(path: Path, body: str, page_header: str = "") -> Path:
    sect = ('<w:sectPr><w:headerReference w:type="default" r:id="rId3"/><w:pgSz w:w="11906" w:h="16838"/>'
            '<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1588" w:header="851" w:footer="992" '
            'w:gutter="0"/></w:sectPr>')
    header = f'{XML_HEAD}<w:hdr {NS}>{page_header or para("")}</w:hdr>'
    doc = f'{XML_HEAD}<w:document {NS}><w:body>{body}{sect}</w:body></w:document>'
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", RELS)
        z.writestr("word/_rels/document.xml.rels", DOC_RELS)
        z.writestr("word/document.xml", doc)
        z.writestr("word/numbering.xml", NUMBERING)
        z.writestr("word/styles.xml", STYLES)
        z.writestr("word/header1.xml", header)
    return path
