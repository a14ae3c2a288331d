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
"""

from __future__ import annotations

from lxml import etree

W_URI = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = "{" + W_URI + "}"
# one style by id, compiled once: python-docx's lookup builds its XPath per call (~0.5 ms)
STYLE_BY_ID = etree.XPath("w:style[@w:styleId=$sid]", namespaces={"w": W_URI})
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"

_TEXT = {W + "t": None, W + "tab": "\t", W + "ptab": "\t", W + "cr": "\n", W + "noBreakHyphen": "-",
         W + "softHyphen": ""}
# not shown text: deletions, field code, property blocks, the fallback copy of a drawing, a text box
_SKIP = {W + "del", W + "moveFrom", W + "instrText", W + "delText", W + "delInstrText", W + "pPr", W + "rPr",
         W + "fldData", MC + "Fallback", W + "txbxContent", W + "footnoteReference", W + "endnoteReference",
         W + "commentReference", W + "sdtPr", W + "sdtEndPr"}


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

    def __init__(self, document) -> None:
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}  # numId → (abstractNumId, startOverrides)
        self.abstract: dict[str, dict[int, dict]] = {}
        self.style_num: dict[str, tuple[str | None, str | None, str | None]] = {}  # id → numId, ilvl, basedOn
        self._styles = None
        self.counters: dict[str, dict[int, int]] = {}
        self.started: set[str] = set()
        self._abstract_el: dict[str, object] = {}
        try:
            numbering = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            numbering = None
        if numbering is None:
            return
        # the lists are read when a numbered paragraph needs one (templates hold dozens unused)
        self._abstract_el = {an.get(W + "abstractNumId"): an for an in numbering.iterchildren(W + "abstractNum")}
        for num in numbering.iterchildren(W + "num"):
            overrides = {int(o.get(W + "ilvl", "0")): int(_val(o, W + "startOverride"))
                         for o in num.iterchildren(W + "lvlOverride") if _val(o, W + "startOverride")}
            self.nums[num.get(W + "numId")] = (_val(num, W + "abstractNumId", "") or "", overrides)
        if not self.nums:
            return
        try:
            self._styles = document.part.styles.element
        except (KeyError, NotImplementedError, AttributeError):
            self._styles = None

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
            found = STYLE_BY_ID(self._styles, sid=sid) if self._styles is not None else []
            st = found[0] if found else None
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
