"""GB/T 9704-2012 page numbers, in the units Word wants (twips, half-points, eighths).

Everything the renderer decides about *where* things go lives here; what goes into the
notice is decided by the rules, never in this module.
"""

from __future__ import annotations

import math

MM_PER_PT = 25.4 / 72

# Fonts as offices have them (w:rFonts/@w:eastAsia); previews map them via fontconfig.
FONT_XBS = "方正小标宋简体"  # 小标宋: mark, title
FONT_FS = "仿宋_GB2312"  # body
FONT_KT = "楷体_GB2312"  # level-2 headings
FONT_HT = "黑体"  # level-1 headings, 附件N
FONT_ST = "宋体"  # page numbers

RED = "FF0000"

# Chinese font sizes (pt).
SIZE_2 = 22.0  # 二号: title, attachment title
SIZE_3 = 16.0  # 三号: body
SIZE_4 = 14.0  # 四号: 版记, page numbers

# Paper and text block (mm), clause 5.2.
PAGE_W, PAGE_H = 210.0, 297.0
MARGIN_TOP, MARGIN_LEFT = 37.0, 28.0
BLOCK_W, BLOCK_H = 156.0, 225.0
MARGIN_RIGHT = PAGE_W - MARGIN_LEFT - BLOCK_W  # 26
MARGIN_BOTTOM = PAGE_H - MARGIN_TOP - BLOCK_H  # 35
HEADER_DIST = 15.0
FOOTER_DIST = 28.0  # puts "— N —" about 7 mm under the text block (clause 7.5)

LINES_PER_PAGE = 22
CHARS_PER_LINE = 28

# Header block (clause 7.2): mark, 文号, red rule.
MARK_MAX_PT = 36.0  # 小初: the mark never grows beyond this
MARK_TOP_MM = 35.0  # mark's top edge below the top of the text block (clause 7.2.3)
MARK_MAX_HEIGHT_MM = 55.0  # five joint issuers still leave room for the title on page 1
MARK_PAD_PT = 2.0  # slack in the names column of a joint mark, so distributed names never wrap
MARK_LINE = 1.3  # a mark line's height in font sizes (single spacing)
RULE_EIGHTHS = 12  # red rule width: 1.5 pt
IMPRINT_OUTER_EIGHTHS = 8  # 0.35 mm
IMPRINT_INNER_EIGHTHS = 6  # 0.25 mm
TITLE_CHARS_PER_LINE = int(BLOCK_W / (SIZE_2 * MM_PER_PT))  # 20
SEAL_LINES = 4  # a 42 mm seal is about four grid lines high


def mm_to_twips(mm: float) -> int:
    return round(mm / 25.4 * 1440)


def pt_to_twips(pt: float) -> int:
    return round(pt * 20)


def line_pitch_twips() -> int:
    """One grid line: the text block height split into 22 lines (≈ 28.95 pt)."""
    return int(mm_to_twips(BLOCK_H) / LINES_PER_PAGE)


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


def char_twips(size_pt: float = SIZE_3) -> int:
    return pt_to_twips(size_pt)


def text_width(text: str) -> float:
    """Width in full-width characters: ASCII counts half (digits, Latin, half-width dots)."""
    return sum(0.5 if ord(ch) < 0x2E80 else 1.0 for ch in text)


def mark_size_pt(names: list[str], word: str = "文件") -> float:
    """The largest mark size (≤ 小初) at which the longest organ name plus 文件 fits the block
    and a stack of joint issuers stays within MARK_MAX_HEIGHT_MM."""
    widest = max((text_width(n) for n in names), default=1.0) + text_width(word) + 0.5
    by_width = (BLOCK_W / MM_PER_PT - MARK_PAD_PT) / widest
    by_height = MARK_MAX_HEIGHT_MM / MM_PER_PT / (MARK_LINE * max(len(names), 1))
    fit = min(by_width, by_height)
    return min(MARK_MAX_PT, float(int(fit * 2) / 2))  # round down to half points


# Title line breaking (梯形/菱形): break where a phrase ends, keep lines balanced.
BREAK_AFTER = ("关于", "举办", "年", "年度", "周", "的", "、", "》", "）", "”")
NO_SPLIT = ("年度", "活动", "学习", "通知", "终身", "全民")  # two-character words kept whole
NO_LINE_START = "，。、；：？！”》）〕"
NO_LINE_END = "“《（〔"
BREAK_PENALTY = 6  # in characters of imbalance: a phrase boundary is worth that much
BREAK_BEFORE = ("关于", "全民终身学习", "暨", "的通知", "通知")


def balance_title(title: str, per_line: int = TITLE_CHARS_PER_LINE) -> list[str]:
    """Split a long title into the fewest balanced lines, preferring phrase boundaries."""
    total = text_width(title)
    if total <= per_line:
        return [title]
    lines_needed = int(-(-total // per_line))
    target = total / lines_needed
    lines: list[str] = []
    rest = title
    for remaining in range(lines_needed, 1, -1):
        best, best_score = 1, float("inf")
        for cut in range(1, len(rest)):
            head, tail = rest[:cut], rest[cut:]
            if text_width(head) > per_line or text_width(tail) > per_line * (remaining - 1):
                continue
            if head[-1].isascii() and tail[0].isascii() and head[-1].isalnum() and tail[0].isalnum():
                continue  # never split 2024
            if tail[0] in NO_LINE_START or head[-1] in NO_LINE_END or head[-1] + tail[0] in NO_SPLIT:
                continue
            good = head.endswith(BREAK_AFTER) or tail.startswith(BREAK_BEFORE)
            score = abs(text_width(head) - target) + (0 if good else BREAK_PENALTY)
            if score < best_score:
                best, best_score = cut, score
        lines.append(rest[:best])
        rest = rest[best:]
        target = text_width(rest) / (remaining - 1)
    lines.append(rest)
    return lines
