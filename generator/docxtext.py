"""The text of a .docx as Word shows it, read from the OOXML (the reader's low-level layer).

python-docx's ``Paragraph.text`` sees only ``w:r`` and ``w:hyperlink`` children, and
``document.paragraphs`` only the body's direct ``w:p``: a field's result inside
``w:fldSimple``, a tracked insertion, an inline content control, the paragraphs of a
body-level content control (``w:sdt``) and the paragraphs of a text box are all missed, and
an automatic number (``w:numPr``) is not text at all. Here:

* ``para_text`` — a paragraph's own text: runs wherever they nest (fields' results, smart
  tags, inline ``w:sdt``, ``w:ins``), without deleted text, field instructions, the
  ``mc:Fallback`` copy of a drawing, or a text box's content (read as its own paragraphs).
* ``body_items`` / ``cell_paragraphs`` / ``textbox_paragraphs`` — the block order.
* ``Numbering`` — the label each numbered paragraph shows, computed from numbering.xml
  (direct ``w:numPr`` or through its style, counters per list, ``startOverride``).
* ``Package`` — the parts these need (document, styles, numbering, headers and footers),
  parsed with lxml from the bytes the zip guard inflated: opening the file with python-docx
  parsed every part into its object model, ~40 % of a lint.
"""

from __future__ import annotations

import posixpath
import re

from lxml import etree

from .ooxml.names import W_NS as W_URI
from .ooxml.names import W

MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"

_TEXT = {W + "t": None, W + "tab": "\t", W + "ptab": "\t", W + "cr": "\n", W + "noBreakHyphen": "-",
         W + "softHyphen": ""}
# not shown text: deletions, field code, property blocks, the fallback copy of a drawing, a text box
_SKIP = {W + "del", W + "moveFrom", W + "instrText", W + "delText", W + "delInstrText", W + "pPr", W + "rPr",
         W + "fldData", MC + "Fallback", W + "txbxContent", W + "footnoteReference", W + "endnoteReference",
         W + "commentReference", W + "sdtPr", W + "sdtEndPr"}


# python-docx's own parser settings, so what is read is what python-docx would have read
_PARSER = etree.XMLParser(remove_blank_text=True, resolve_entities=False, no_network=True)
_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
# python-docx's sections: the body's own w:sectPr and those ending a section in a body paragraph
_STYLES_HEAD = re.compile(rb"<w:styles\b[^>]*>")
_STYLE_TAG = re.compile(rb"<w:style\b((?:[^>\"']|\"[^\"]*\"|'[^']*')*?)(/?)>")
_ATTR = re.compile(rb"""([\w:]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_INDEXED = (b"w:styleId", b"w:type", b"w:default")


def _attr_value(raw: bytes) -> str:
    text = raw.decode("utf-8", "replace")
    # xml.sax.saxutils.unescape's replacements, without importing it (it pulls in urllib,
    # http.client and ssl: ~50 ms of every lint and import process)
    if "&" not in text:
        return text
    for entity, char in (("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'), ("&apos;", "'"), ("&amp;", "&")):
        text = text.replace(entity, char)
    return text

_SECTIONS = etree.XPath("./w:body/w:p/w:pPr/w:sectPr | ./w:body/w:sectPr", namespaces={"w": W_URI})


def parse_part(data: bytes):
    """An XML part as python-docx parses it (no entities, no network, blank text dropped)."""
    return etree.fromstring(data, _PARSER)


class Package:
    """The parts of a .docx the reader and the layout checks use: ``root`` (w:document),
    ``body``, ``styles`` (a ``Styles``), ``numbering`` (its root element, or None), and the
    headers and footers by relationship id (``related``), each parsed when first asked for."""

    def __init__(self, root, styles: Styles | None = None, numbering=None, related=None) -> None:
        self.root = root
        self.body = root.find(W + "body")
        self.styles = styles or Styles()
        self.numbering = numbering
        self._related = related or (lambda rid: None)
        self._parsed: dict[str, object] = {}

    @classmethod
    def from_parts(cls, parts: dict[str, bytes]) -> Package:
        """From a package's XML members (name → bytes); KeyError when a part is missing,
        ``etree.XMLSyntaxError`` when one is not well-formed."""
        main = _targets(parts, "").get("officeDocument", "word/document.xml")
        rels = _targets(parts, main)
        root = parse_part(parts[main])
        if root.find(W + "body") is None:
            raise KeyError("w:body")
        by_id = _targets(parts, main, by_id=True)

        def related(rid: str):
            name = by_id.get(rid)
            return parse_part(parts[name]) if name in parts else None

        styles = Styles.from_bytes(parts[rels["styles"]]) if rels.get("styles") in parts else Styles()
        numbering = parse_part(parts[rels["numbering"]]) if rels.get("numbering") in parts else None
        return cls(root, styles, numbering, related)

    @classmethod
    def from_docx(cls, document) -> Package:
        """The same view of a python-docx Document (``--fix`` and ``--annotate`` edit one)."""
        part = document.part

        def related(rid: str):
            try:
                return part.related_parts[rid].element
            except (KeyError, AttributeError):
                return None

        try:
            numbering = part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            numbering = None
        return cls(document.element, Styles(part.styles.element), numbering, related)

    def related(self, rid: str | None):
        """The root element of the part ``rid`` names (a header or footer), or None."""
        if not rid:
            return None
        if rid not in self._parsed:
            self._parsed[rid] = self._related(rid)
        return self._parsed[rid]

    def sections(self) -> list:
        """The ``w:sectPr`` elements in document order (the first is the first page's)."""
        return _SECTIONS(self.root)


def _targets(parts: dict[str, bytes], source: str, by_id: bool = False) -> dict[str, str]:
    """The internal relationships of part ``source`` ("" = the package): short type (or
    rId) → part name, targets resolved against the source's folder."""
    folder, name = posixpath.split(source)
    data = parts.get(posixpath.join(folder, "_rels", name + ".rels"))
    out: dict[str, str] = {}
    for rel in parse_part(data) if data else ():
        target = rel.get("Target") or ""
        if rel.get("TargetMode") == "External" or not target:
            continue
        path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
        key = rel.get("Id") if by_id else (rel.get("Type") or "").rsplit("/", 1)[-1]
        out.setdefault(key or "", path)
    return out


def _collect(el, out: list[str]) -> None:
    for ch in el:
        tag = ch.tag
        if tag in _TEXT:
            out.append(ch.text or "" if _TEXT[tag] is None else _TEXT[tag])
        elif tag == W + "br":
            if ch.get(W + "type") in (None, "textWrapping"):
                out.append("\n")
        elif tag not in _SKIP and isinstance(tag, str):
            _collect(ch, out)


def para_text(p) -> str:
    """What a ``w:p`` shows as its own text (see the module docstring)."""
    out: list[str] = []
    _collect(p, out)
    return "".join(out)


def _content(el):
    """Children of a block container, content controls and custom XML opened."""
    for ch in el:
        if ch.tag in (W + "sdt", W + "customXml"):
            inner = ch.find(W + "sdtContent") if ch.tag == W + "sdt" else ch
            if inner is not None:
                yield from _content(inner)
        else:
            yield ch


def body_items(body):
    """``("p", w:p)`` and ``("tbl", w:tbl)`` of the body in reading order."""
    for ch in _content(body):
        if ch.tag == W + "p":
            yield "p", ch
        elif ch.tag == W + "tbl":
            yield "tbl", ch


def cell_paragraphs(tc) -> list:
    """The paragraphs of a table cell in order: its own, those of content controls and of
    nested tables; not those of text boxes (read with the paragraph that anchors them)."""
    out = []
    for ch in _content(tc):
        if ch.tag == W + "p":
            out.append(ch)
        elif ch.tag == W + "tbl":
            for tr in ch.iterchildren(W + "tr"):
                for inner in _content(tr):
                    if inner.tag == W + "tc":
                        out += cell_paragraphs(inner)
    return out


def table_cells(tbl) -> list[tuple[int, int, list]]:
    """``(row, cell, [w:p])`` of a table, row by row: a horizontally merged cell is one
    ``w:tc``; cells inside a row-level content control count in their row."""
    out = []
    for r, tr in enumerate(tbl.iterchildren(W + "tr"), 1):
        cells = [c for c in _content(tr) if c.tag == W + "tc"]
        out += [(r, c, cell_paragraphs(tc)) for c, tc in enumerate(cells, 1)]
    return out


def textbox_paragraphs(p) -> list:
    """The paragraphs of the text boxes anchored in ``p`` (the ``mc:Choice`` copy only)."""
    out = []
    for box in p.iter(W + "txbxContent"):
        anc = box.getparent()
        while anc is not None and anc is not p and anc.tag != MC + "Fallback":
            anc = anc.getparent()
        if anc is p:
            out += [x for x in box.iter(W + "p") if _owner_box(x) is box]
    return out


def _owner_box(p):
    anc = p.getparent()
    while anc is not None and anc.tag != W + "txbxContent":
        anc = anc.getparent()
    return anc


# ---------------------------------------------------------------- styles

ON = ("1", "true", "on")
EMU_PER_TWIP, EMU_PER_PT = 635, 12700
UNITS = {"mm": 36000, "cm": 360000, "in": 914400, "pt": 12700, "pc": 152400, "pi": 152400}


def measure_emu(value: str | None, signed: bool = False) -> int:
    """A twips measure (or a universal one, "25mm") in EMU, as python-docx converts it; 0
    when absent or unreadable."""
    if not value:
        return 0
    try:
        if any(u in value for u in "imp"):
            return int(round(float(value[:-2]) * UNITS[value[-2:]]))
        return (int(round(float(value))) if signed else int(value)) * EMU_PER_TWIP
    except (ValueError, KeyError):
        return 0


def east_asia_attr(el) -> str:
    """The first non-empty ``w:eastAsia`` attribute in ``el`` and below, in document order."""
    for x in el.iter():
        v = x.get(W + "eastAsia")
        if v:
            return v
    return ""


class Styles:
    """Style lookups on styles.xml as python-docx answers them.

    Word's styles.xml holds every built-in style (a drafted notice's is 360 KB, ~7 ms to
    parse) and a notice uses a dozen: read from bytes, the ``w:style`` start tags are
    indexed and a style is parsed when asked for. A part this index cannot vouch for
    (comments, CDATA, another prefix for the namespace) is parsed whole."""

    def __init__(self, root=None) -> None:
        self.root = root
        self._by_id: dict[str | None, object] | None = None
        self._defaults: dict[str, object] = {}
        self._blocks: list[tuple[dict[bytes, str], int, int]] | None = None  # (attributes, start, end)
        self._data = b""
        self._head = b""
        self._parsed: dict[int, object] = {}

    @classmethod
    def from_bytes(cls, data: bytes) -> Styles:
        """From styles.xml; ``etree.XMLSyntaxError`` when it must be parsed whole and is malformed."""
        head = _STYLES_HEAD.search(data)
        if head is None or data.count(b"xmlns:w=") != 1 or W_URI.encode() not in head.group(0) \
                or b"<!--" in data or b"<![CDATA[" in data:
            return cls(parse_part(data))
        sheet = cls()
        sheet._data, sheet._head, sheet._blocks = data, head.group(0), []
        for m in _STYLE_TAG.finditer(data, head.end()):
            end = m.end() if m.group(2) else data.find(b"</w:style>", m.end())
            if end < 0:
                break
            attrs = {k: _attr_value(v1 or v2) for k, v1, v2 in _ATTR.findall(m.group(1)) if k in _INDEXED}
            sheet._blocks.append((attrs, m.start(), end if m.group(2) else end + len(b"</w:style>")))
        return sheet

    def _styles(self) -> list:
        """Every ``w:style``: (styleId, type, default, the element or its block number)."""
        if self._blocks is None:
            return [(st.get(W + "styleId"), st.get(W + "type"), st.get(W + "default"), st)
                    for st in (self.root.iterchildren(W + "style") if self.root is not None else ())]
        return [(a.get(b"w:styleId"), a.get(b"w:type"), a.get(b"w:default"), k) for k, (a, _, _) in
                enumerate(self._blocks)]

    def _element(self, ref):
        if not isinstance(ref, int):
            return ref
        if ref not in self._parsed:
            _, start, end = self._blocks[ref]
            try:
                self._parsed[ref] = parse_part(self._head + self._data[start:end] + b"</w:styles>")[0]
            except etree.XMLSyntaxError:  # a broken style reads as absent (Word would refuse the file)
                self._parsed[ref] = None
        return self._parsed[ref]

    def by_id(self, sid: str | None):
        """The first style with this id (of any type)."""
        if self._by_id is None:  # one pass: an XPath per id scans every style (~0.2 ms each)
            self._by_id = {}
            for style_id, _, _, ref in self._styles():
                self._by_id.setdefault(style_id, ref)
        return self._element(self._by_id.get(sid)) if sid else None

    def default(self, kind: str):
        """The default style of a type: the last one marked default (as the spec says)."""
        if kind not in self._defaults:
            marked = [ref for _, typ, default, ref in self._styles() if typ == kind and default in ON]
            self._defaults[kind] = self._element(marked[-1]) if marked else None
        return self._defaults[kind]

    def get(self, sid: str | None, kind: str):
        """The style a paragraph or run with style id ``sid`` is in (python-docx's get_style)."""
        st = self.by_id(sid)
        return st if st is not None and st.get(W + "type") == kind else self.default(kind)

    def ppr_default(self):
        """``w:docDefaults/w:pPrDefault/w:pPr`` (the paragraph properties below every style)."""
        path = f"{W}docDefaults/{W}pPrDefault/{W}pPr"
        if self.root is not None:
            return self.root.find(path)
        m = re.search(rb"<w:docDefaults>.*?</w:docDefaults>", self._data, re.S)
        return parse_part(self._head + m.group(0) + b"</w:styles>").find(path) if m else None

    def chain(self, st):
        """The style and the styles it is based on, nearest first (a cycle read once)."""
        seen = set()
        while st is not None and id(st) not in seen:
            seen.add(id(st))
            yield st
            based = st.find(W + "basedOn")
            st = self.by_id(based.get(W + "val")) if based is not None else None

    def east_asia(self, st) -> str:
        """The first East Asian font named in the style or its bases."""
        for s in self.chain(st):
            font = east_asia_attr(s)
            if font:
                return font
        return ""

    def size(self, st) -> float | None:
        """The font size in points set in the style or its bases."""
        for s in self.chain(st):
            sz = s.find(f"{W}rPr/{W}sz")
            val = sz.get(W + "val") if sz is not None else None
            if val and any(u in val for u in "mnp"):
                emu = measure_emu(val)
            else:
                emu = int(int(val) / 2 * EMU_PER_PT) if val and val.isdigit() else 0
            if emu:
                return emu / EMU_PER_PT
        return None


# ---------------------------------------------------------------- automatic numbering

CN_DIGITS = "〇一二三四五六七八九"
LEGAL = "零壹贰叁肆伍陆柒捌玖"
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
STEMS = "甲乙丙丁戊己庚辛壬癸"


def cn_count(n: int) -> str:
    """1 → 一, 10 → 十, 11 → 十一, 21 → 二十一 (Word's chineseCounting up to 99)."""
    if n <= 0:
        return "〇"
    if n < 10:
        return CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    if tens >= 10:
        return "".join(CN_DIGITS[int(c)] for c in str(n))
    return ("" if tens == 1 else CN_DIGITS[tens]) + "十" + (CN_DIGITS[ones] if ones else "")


def _roman(n: int) -> str:
    vals = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
            (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]
    out = ""
    for v, s in vals:
        while n >= v:
            out, n = out + s, n - v
    return out


def format_number(n: int, fmt: str) -> str:
    if fmt in ("chineseCounting", "chineseCountingThousand", "japaneseCounting", "taiwaneseCounting",
               "taiwaneseCountingThousand", "koreanCounting"):
        return cn_count(n)
    if fmt in ("ideographDigital", "taiwaneseDigital", "japaneseDigitalTenThousand"):
        return "".join(CN_DIGITS[int(c)] for c in str(n))
    if fmt in ("chineseLegalSimplified", "ideographLegalTraditional"):
        return "".join(LEGAL[int(c)] for c in str(n))
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 1 <= n <= 20:
        return CIRCLED[n - 1]
    if fmt in ("ideographTraditional",) and 1 <= n <= 10:
        return STEMS[n - 1]
    if fmt == "decimalFullWidth" or fmt == "decimalFullWidth2":
        return "".join(chr(0xFF10 + int(c)) for c in str(n))
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("upperLetter", "lowerLetter"):
        s = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return s.upper() if fmt == "upperLetter" else s
    if fmt in ("upperRoman", "lowerRoman"):
        return _roman(n).upper() if fmt == "upperRoman" else _roman(n)
    if fmt == "none":
        return ""
    return str(n)


def _val(el, path: str, default: str | None = None) -> str | None:
    x = el.find(path)
    return x.get(W + "val") if x is not None else default


class Numbering:
    """The label Word shows before each numbered paragraph, counted in reading order:
    ``label(p)`` must be called once per paragraph, in order."""

    def __init__(self, numbering, styles: Styles) -> None:
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}  # numId → (abstractNumId, startOverrides)
        self.abstract: dict[str, dict[int, dict]] = {}
        self.style_num: dict[str, tuple[str | None, str | None, str | None]] = {}  # id → numId, ilvl, basedOn
        self._styles = None
        self.counters: dict[str, dict[int, int]] = {}
        self.started: set[str] = set()
        self._abstract_el: dict[str, object] = {}
        if numbering is None:
            return
        # the lists are read when a numbered paragraph needs one (templates hold dozens unused)
        self._abstract_el = {an.get(W + "abstractNumId"): an for an in numbering.iterchildren(W + "abstractNum")}
        for num in numbering.iterchildren(W + "num"):
            overrides = {int(o.get(W + "ilvl", "0")): int(_val(o, W + "startOverride"))
                         for o in num.iterchildren(W + "lvlOverride") if _val(o, W + "startOverride")}
            self.nums[num.get(W + "numId")] = (_val(num, W + "abstractNumId", "") or "", overrides)
        if self.nums:
            self._styles = styles

    def _levels(self, aid: str, depth: int = 0) -> dict[int, dict]:
        if aid not in self.abstract:
            an = self._abstract_el.get(aid)
            levels = {}
            for lvl in an.iterchildren(W + "lvl") if an is not None else ():
                levels[int(lvl.get(W + "ilvl", "0"))] = {
                    "start": int(_val(lvl, W + "start", "1") or 1), "fmt": _val(lvl, W + "numFmt", "decimal"),
                    "text": _val(lvl, W + "lvlText", "") or "", "legal": lvl.find(W + "isLgl") is not None,
                    "style": _val(lvl, W + "pStyle")}
            link = _val(an, W + "numStyleLink") if an is not None else None
            if not levels and link and depth < 3:  # a list defined by a numbering style
                num_id = self._style_numpr(link)[0]
                if num_id in self.nums:
                    levels = self._levels(self.nums[num_id][0], depth + 1)
            self.abstract[aid] = levels
        return self.abstract[aid]

    def _style(self, sid: str) -> tuple[str | None, str | None, str | None]:
        """A style's list (numId, ilvl) and its base, looked up when a paragraph uses it."""
        if sid not in self.style_num:
            st = self._styles.by_id(sid) if self._styles is not None else None
            num_pr = st.find(f"{W}pPr/{W}numPr") if st is not None else None
            self.style_num[sid] = (_val(num_pr, W + "numId") if num_pr is not None else None,
                                   _val(num_pr, W + "ilvl") if num_pr is not None else None,
                                   _val(st, W + "basedOn") if st is not None else None)
        return self.style_num[sid]

    def _style_numpr(self, style: str | None) -> tuple[str | None, str | None]:
        seen = set()
        while style and style not in seen:
            seen.add(style)
            num_id, ilvl, based = self._style(style)
            if num_id is not None:
                return num_id, ilvl
            style = based
        return None, None

    def label(self, p) -> str:
        if not self.nums:
            return ""
        ppr = p.find(W + "pPr")
        style = _val(ppr, W + "pStyle") if ppr is not None else None
        num_pr = ppr.find(W + "numPr") if ppr is not None else None
        num_id = _val(num_pr, W + "numId") if num_pr is not None else None
        ilvl = _val(num_pr, W + "ilvl") if num_pr is not None else None
        if num_id is None:
            num_id, s_ilvl = self._style_numpr(style)
            ilvl = ilvl or s_ilvl
        if not num_id or num_id == "0" or num_id not in self.nums:
            return ""
        aid, overrides = self.nums[num_id]
        levels = self._levels(aid)
        if ilvl is None:  # a heading style tied to a level by the level's pStyle
            ilvl = next((str(k) for k, v in levels.items() if style and v["style"] == style), "0")
        level = int(ilvl)
        if level not in levels:
            return ""
        count = self.counters.setdefault(aid, {})
        if num_id not in self.started:  # a list restarted by its own w:num
            self.started.add(num_id)
            for k, v in overrides.items():
                count[k] = v - 1
        count[level] = count.get(level, levels[level]["start"] - 1) + 1
        for k in [k for k in count if k > level]:
            count.pop(k)
        lv = levels[level]
        if lv["fmt"] == "bullet":
            return ""
        text = lv["text"]
        for k in range(level + 1):
            n = count.get(k, levels.get(k, {}).get("start", 1))
            fmt = "decimal" if lv["legal"] else levels.get(k, {}).get("fmt", "decimal")
            text = text.replace(f"%{k + 1}", format_number(n, fmt))
        return text
