"""GB/T 9704-2012 《党政机关公文格式》 as numbers: the one place they are written.

The .docx renderer, the template builder, the attachment forms, the HTML writer and
lint's layout checks all import these values, so a margin or a font size changes in
one line. Lengths are in mm and sizes in pt as the standard gives them; the helpers
below convert to the units Word wants (twips, half-points, eighths of a point).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

MM_PER_PT = 25.4 / 72

# Fonts as offices have them (w:rFonts/@w:eastAsia); previews map them via fontconfig.
FONT_XBS = "方正小标宋简体"  # 小标宋: mark, title
FONT_FS = "仿宋_GB2312"  # body
FONT_KT = "楷体_GB2312"  # level-2 headings
FONT_HT = "黑体"  # level-1 headings, 附件N
FONT_ST = "宋体"  # page numbers

RED = "FF0000"  # 发文机关标志 and the red rule (clause 7.2.3, 7.2.6)
#: reds lint accepts for the mark and the rule (offices pick slightly different ones)
REDS = ("FF0000", "E60012", "C00000", "ED1C24")

# Chinese font sizes (pt), clause 5.1 names.
SIZE_2 = 22.0  # 二号: title, attachment title
SIZE_3 = 16.0  # 三号: body
SIZE_4 = 14.0  # 四号: 版记, page numbers
SIZE_S4 = 12.0  # 小四: form cells

# Paper and text block (mm), clause 5.2.
PAGE_W, PAGE_H = 210.0, 297.0
MARGIN_TOP, MARGIN_LEFT = 37.0, 28.0
BLOCK_W, BLOCK_H = 156.0, 225.0
MARGIN_RIGHT = PAGE_W - MARGIN_LEFT - BLOCK_W  # 26
MARGIN_BOTTOM = PAGE_H - MARGIN_TOP - BLOCK_H  # 35
HEADER_DIST = 15.0
FOOTER_DIST = 24.2  # puts the 一字线 of "— N —" 7 mm under the text block (clause 7.5; measured in LibreOffice)

LINES_PER_PAGE = 22  # clause 5.2.2
CHARS_PER_LINE = 28

# Header block (clause 7.2): mark, 文号, red rule.
MARK_MAX_PT = 36.0  # 小初: the mark never grows beyond this
MARK_TOP_MM = 35.0  # mark's top edge below the top of the text block (clause 7.2.3)
MARK_MAX_HEIGHT_MM = 55.0  # five joint issuers still leave room for the title on page 1
MARK_PAD_PT = 2.0  # slack in the names column of a joint mark, so distributed names never wrap
MARK_LINE = 1.3  # a mark line's height in font sizes (single spacing)
RULE_EIGHTHS = 12  # red rule width: 1.5 pt
RULE_MM = 4.0  # the red rule sits 4 mm under the 文号 (clause 7.2.6)
IMPRINT_OUTER_EIGHTHS = 8  # 版记 first and last rules: 0.35 mm (clause 7.4.1)
IMPRINT_INNER_EIGHTHS = 6  # rules between 版记 lines: 0.25 mm
SEAL_MM = 42.0  # a 地方机关 seal's diameter: joint seals sit this far apart, never touching
SEAL_GAP_MM = 0.5  # air between two seals (7.3.5.1: 互不相交或相切)
SEAL_TOP_MM = 1.0  # the first row's seals start this far under the text above (7.3.5.1: 一行之内)
SIGN_RIGHT_CHARS = 4  # sealed: 成文日期 右空四字 (7.3.5.1)
UNSEALED_RIGHT_CHARS = 2  # unsealed: 署名 右空二字, the date two characters further in (7.3.5.2)

# 信函格式 (clause 10.1): "发文机关标志使用发文机关全称或者规范化简称，居中排布，上边缘至上页边
# 为30mm，推荐使用红色小标宋体字。联合行文时，使用主办机关标志。发文机关标志下4mm处印一条红色双线
# （上粗下细），距下页边20mm处印一条红色双线（上细下粗），线长均为170mm，居中排布。……发文字号顶格
# 居版心右边缘编排在第一条红色双线下，与该线的距离为3号汉字高度的7/8。标题居中编排，与其上最后一个
# 要素相距2行。……首页不显示页码。版记不加印发机关和印发日期、分隔线，位于公文最后一面版心内最下方。"
LETTER_MARK_TOP_MM = 30.0  # the mark's top edge below the page's top edge
LETTER_MARK_MAX_PT = 26.0  # 一号: 字号 is the organ's choice; a letterhead stays below the 文件 mark
LETTER_RULE_GAP_MM = 4.0  # mark → first double line
LETTER_FOOT_MM = 20.0  # the second double line above the page's bottom edge
LETTER_RULE_MM = 170.0  # both double lines, centred on the text block
LETTER_THICK_PT, LETTER_THIN_PT, LETTER_RULE_AIR_PT = 2.0, 0.75, 1.0  # the double line (not in the clause)
LETTER_NUMBER_GAP_PT = SIZE_3 * 7 / 8  # 3号汉字高度的7/8: the 文号 under the first double line

#: page numbers: 4号 半角宋体 Arabic numerals with a dash each side, one character in from
#: the outer edge — right on odd pages, left on even ones (clause 7.5)
PAGE_NUMBER_FORM = "— {n} —"


@dataclass(frozen=True)
class ElementFont:
    """The typeface and size of one element. ``family`` is what any acceptable font name
    contains (a clerk's 方正小标宋_GBK is as good as 方正小标宋简体)."""

    font: str
    family: str
    size: float


#: clause 7.2–7.5, element by element
ELEMENTS: dict[str, ElementFont] = {
    "mark": ElementFont(FONT_XBS, "小标宋", MARK_MAX_PT),
    "doc_number": ElementFont(FONT_FS, "仿宋", SIZE_3),
    "title": ElementFont(FONT_XBS, "小标宋", SIZE_2),
    "recipients": ElementFont(FONT_FS, "仿宋", SIZE_3),
    "body": ElementFont(FONT_FS, "仿宋", SIZE_3),
    "heading1": ElementFont(FONT_HT, "黑体", SIZE_3),
    "heading2": ElementFont(FONT_KT, "楷体", SIZE_3),
    "heading3": ElementFont(FONT_FS, "仿宋", SIZE_3),
    "heading4": ElementFont(FONT_FS, "仿宋", SIZE_3),
    "attachment_note": ElementFont(FONT_FS, "仿宋", SIZE_3),
    "signature": ElementFont(FONT_FS, "仿宋", SIZE_3),
    "date": ElementFont(FONT_FS, "仿宋", SIZE_3),
    "attachment_label": ElementFont(FONT_HT, "黑体", SIZE_3),
    "attachment_title": ElementFont(FONT_XBS, "小标宋", SIZE_2),
    "imprint": ElementFont(FONT_FS, "仿宋", SIZE_4),
    "page_number": ElementFont(FONT_ST, "宋体", SIZE_4),
    # attachment forms: lines around the table in 4号, cells in 小四 (headers in 黑体)
    "form_line": ElementFont(FONT_FS, "仿宋", SIZE_4),
    "form_cell": ElementFont(FONT_FS, "仿宋", SIZE_S4),
    "form_header": ElementFont(FONT_HT, "黑体", SIZE_S4),
}


def mm_to_twips(mm: float) -> int:
    return round(mm / 25.4 * 1440)


def pt_to_twips(pt: float) -> int:
    return round(pt * 20)


def line_pitch_twips() -> int:
    """One grid line: the text block height split into 22 lines (≈ 28.95 pt)."""
    return int(mm_to_twips(BLOCK_H) / LINES_PER_PAGE)


#: 7.3.5.5 lets a page's spacing be adjusted so the 署名 stays with the text: not crowded
#: below 85 % of the grid's line (≈ 24.6 pt), nor spread above 115 % (≈ 33.3 pt)
PITCH_RANGE = (0.85, 1.15)


def min_line_pitch_twips() -> int:
    return round(line_pitch_twips() * PITCH_RANGE[0])


def max_line_pitch_twips() -> int:
    return round(line_pitch_twips() * PITCH_RANGE[1])


def char_space() -> int:
    """w:docGrid/@w:charSpace: the gap between the 28-char pitch and 16 pt, in 1/4096 pt."""
    pitch_pt = BLOCK_W / CHARS_PER_LINE / MM_PER_PT
    return round((pitch_pt - SIZE_3) * 4096)


def char_spacing_twips() -> int:
    """Condensed spacing (w:spacing, twips) so 28 characters of 3号 fill 156 mm exactly.

    LibreOffice ignores Word's character grid, so the pitch is set on the text itself;
    rounded away from zero so the 28th character never wraps.
    """
    pitch_pt = BLOCK_W / CHARS_PER_LINE / MM_PER_PT
    return math.floor((pitch_pt - SIZE_3) * 20) - 1


def pitch_mm() -> float:
    """One character of a body line: 156 mm / 28."""
    return BLOCK_W / CHARS_PER_LINE


def char_twips(size_pt: float = SIZE_3) -> int:
    return pt_to_twips(size_pt)


def chars_per_line(element: str) -> int:
    """How many full-width characters of ``element``'s own size (ELEMENTS) a line of the
    156 mm text block holds at their natural width: 2号 title 20, 3号 27 (the body's 28,
    CHARS_PER_LINE, comes from condensed spacing, ``char_spacing_twips``)."""
    return int(BLOCK_W / (ELEMENTS[element].size * MM_PER_PT))


def text_width(text: str) -> float:
    """Width in full-width characters as a Chinese font sets them: Latin letters, digits and
    half-width marks count half; ideographs, full-width marks and also the curly quotes,
    dashes and ellipsis (U+2000 on: “” ‘’ — …), which SimSun and FangSong print full width,
    count one."""
    return len(text) - 0.5 * len(_NARROW.findall(text))  # a regex: ~3× a loop over the characters


#: the characters ``text_width`` counts half (below U+2000)
_NARROW = re.compile("[\x00-\u1fff]")
WIDE_FROM = "\u2000"
