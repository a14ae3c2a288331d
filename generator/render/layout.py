"""Where things go on the page: the mark's size and the title's line breaks.

The numbers (page, grid, fonts, sizes) come from ``generator.gbt9704``; what goes into
the notice is decided by the rules, never in this module.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..gbt9704 import (
    BLOCK_W,
    CHARS_PER_LINE,
    MARK_LINE,
    MARK_MAX_HEIGHT_MM,
    MARK_MAX_PT,
    MARK_PAD_PT,
    MM_PER_PT,
    SEAL_GAP_MM,
    SEAL_MM,
    SEAL_TOP_MM,
    SIGN_RIGHT_CHARS,
    SIZE_2,
    UNSEALED_RIGHT_CHARS,
    pitch_mm,
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


# Signatures (clause 7.3.5).


@dataclass(frozen=True)
class SignatureLayout:
    """Where the 署名 go, in characters from the left edge of the text block.

    Sealed (7.3.5.1): rows of up to three organs in issuing order, each name centred on a
    column where its seal will sit, the last name in the right column, centred over the
    成文日期 (右空四字) so the last seal covers both. Unsealed (7.3.5.2): one name a line,
    all starting where the first does, the date two characters further in.
    """

    sealed: bool
    rows: tuple[tuple[int, ...], ...]  # indexes into the names, row by row
    centres: tuple[float, ...]  # sealed: column centres; a short last row takes the right ones
    name_start: float = 0.0  # unsealed: where every name starts
    date_right: float = SIGN_RIGHT_CHARS  # the date's right indent


def _columns(widest: float, date_w: float, n: int) -> tuple[int, float, float]:
    """The most columns (≤ 3) whose seals do not touch and whose names fit between them."""
    last = CHARS_PER_LINE - SIGN_RIGHT_CHARS - date_w / 2
    seal = (SEAL_MM + SEAL_GAP_MM) / pitch_mm()
    for k in (3, 2):
        step = last / (k - 0.5)  # the first column's left half still inside the block
        if k <= n and step >= max(seal, widest + 1):
            return k, step, last
    return 1, 0.0, last


def signature_layout(names: list[str], date: str, sealed: bool = True) -> SignatureLayout:
    date_w = text_width(date)
    widest = max((text_width(n) for n in names), default=0.0)
    if not sealed:  # 署名右空二字; the date starts two characters right of the names
        date_right = max(float(UNSEALED_RIGHT_CHARS), widest - date_w)
        start = CHARS_PER_LINE - date_right - date_w - 2
        return SignatureLayout(False, tuple((i,) for i in range(len(names))), (), start, date_right)
    k, step, last = _columns(widest, date_w, len(names))
    n_rows = -(-len(names) // k)
    per_row = -(-len(names) // n_rows)  # balanced: 4 names → 2 + 2, 5 → 3 + 2 (or 2 + 2 + 1)
    rows = tuple(tuple(range(i, min(i + per_row, len(names)))) for i in range(0, len(names), per_row))
    if per_row < k:  # fewer columns than allowed: spread them over the same width
        k, step = per_row, (last / (per_row - 0.5) if per_row > 1 else 0.0)
    centres = tuple(last - (k - 1 - j) * step for j in range(k))
    return SignatureLayout(True, rows, centres)


def seal_pitch_mm() -> float:
    """From one row of names to the next: a seal and the air between two seals."""
    return SEAL_MM + SEAL_GAP_MM


def first_signature_gap_mm(line_mm: float) -> float:
    """Space above the first row of names: their seals (centred on the names) start just
    under the text above, within a line of it as 7.3.5.1 asks."""
    return SEAL_MM / 2 + SEAL_TOP_MM - line_mm / 2
