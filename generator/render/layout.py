"""Where things go on the page: the mark's size and the title's line breaks.

The numbers (page, grid, fonts, sizes) come from ``generator.gbt9704``; what goes into
the notice is decided by the rules, never in this module.
"""

from __future__ import annotations

from ..gbt9704 import (
    BLOCK_W,
    MARK_LINE,
    MARK_MAX_HEIGHT_MM,
    MARK_MAX_PT,
    MARK_PAD_PT,
    MM_PER_PT,
    SIZE_2,
    text_width,
)

TITLE_CHARS_PER_LINE = int(BLOCK_W / (SIZE_2 * MM_PER_PT))  # 20


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
    rest, rest_width = title, total
    for remaining in range(lines_needed, 1, -1):
        best, best_score = 1, float("inf")
        # Widths as running sums, and no cut past a full line: measuring head and tail afresh
        # for every cut of the whole rest was cubic (a 4,000-character title took 32 s).
        head_width = 0.0
        for cut in range(1, len(rest)):
            head_width += text_width(rest[cut - 1])
            if head_width > per_line:
                break
            head, first = rest[:cut], rest[cut]
            if rest_width - head_width > per_line * (remaining - 1):
                continue
            if head[-1].isascii() and first.isascii() and head[-1].isalnum() and first.isalnum():
                continue  # never split 2024
            if first in NO_LINE_START or head[-1] in NO_LINE_END or head[-1] + first in NO_SPLIT:
                continue
            good = head.endswith(BREAK_AFTER) or rest.startswith(BREAK_BEFORE, cut)
            score = abs(head_width - target) + (0 if good else BREAK_PENALTY)
            if score < best_score:
                best, best_score = cut, score
        lines.append(rest[:best])
        rest, rest_width = rest[best:], rest_width - text_width(rest[:best])
        target = rest_width / (remaining - 1)
    lines.append(rest)
    return lines
