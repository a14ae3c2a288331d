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
    UNSEALED_RIGHT_CHARS,
    chars_per_line,
    pitch_mm,
    text_width,
)

#: how much of a line a title keeps free before it is set on one line (in characters)
TITLE_SLACK = 0.5


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


def title_chars_per_line(element: str = "title") -> int:
    """A title line's characters, from the title's own spec (gbt9704.ELEMENTS: 2号, so 20);
    ``attachment_title`` for an attachment's."""
    return chars_per_line(element)


def balance_title(title: str, per_line: int | None = None) -> list[str]:
    """Split a long title into the fewest balanced lines, preferring phrase boundaries;
    ``per_line`` characters a line, the notice title's (``title_chars_per_line``) unless given."""
    if per_line is None:
        per_line = title_chars_per_line()
    total = text_width(title)
    # a title as wide as the line is not safe on one: Arabic digits print a little wider than
    # half a character (石湾县2026年…安排表, 20.0 of 20, broke with 表 alone)
    if total <= per_line - TITLE_SLACK:
        return [title]
    lines_needed = max(2, int(-(-total // per_line)))
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

    Sealed (7.3.5.1): rows of two or three organs in issuing order, each name centred on
    the column where its seal will sit (moved in only if it would leave the block), the last
    name in the right column centred over the 成文日期 (右空四字) so the last seal covers
    both. Unsealed (7.3.5.2): one name a line, all starting where the first does, the date
    two characters further in.
    """

    sealed: bool
    rows: tuple[tuple[int, ...], ...]  # indexes into the names, row by row
    starts: tuple[float, ...]  # each name's left edge
    date_right: float = SIGN_RIGHT_CHARS  # the date's right indent


def _rows(n: int, k: int) -> tuple[tuple[int, ...], ...]:
    """Balanced rows of at most ``k``: 4 names → 2 + 2, 5 → 3 + 2 (or 2 + 2 + 1)."""
    per_row = -(-n // -(-n // k))
    return tuple(tuple(range(i, min(i + per_row, n))) for i in range(0, n, per_row))


def _place(widths: list[float], rows, k: int, last: float) -> list[float] | None:
    """Each name's left edge with ``k`` columns ending at ``last``; None when two names of a
    row would touch or the seals would not have room side by side."""
    step = last / (k - 0.5) if k > 1 else 0.0  # the first column's left half still in the block
    if k > 1 and step < (SEAL_MM + SEAL_GAP_MM) / pitch_mm():
        return None
    starts = [0.0] * len(widths)
    for row in rows:
        centres = [last - (len(row) - 1 - j) * step for j in range(len(row))]  # short rows on the right
        right_edge = -1.0
        for i, c in zip(row, centres, strict=True):
            starts[i] = min(max(c - widths[i] / 2, 0.0), CHARS_PER_LINE - widths[i])
            if starts[i] < right_edge + 0.5:  # half a character at least between two names
                return None
            right_edge = starts[i] + widths[i]
    return starts


def printed_width(text: str) -> float:
    """``text_width`` plus the quarter character Word and LibreOffice put between Chinese and
    digits or Latin (autoSpaceDE/DN): 2024年7月31日 prints 7.5 characters wide, not 6.5."""
    changes = sum(1 for a, b in zip(text, text[1:], strict=False) if (ord(a) < 0x2E80) != (ord(b) < 0x2E80))
    return text_width(text) + 0.25 * changes


def signature_layout(names: list[str], date: str, sealed: bool = True) -> SignatureLayout:
    date_w = printed_width(date)
    widths = [printed_width(n) for n in names]
    if not sealed:  # 署名右空二字; the date starts two characters right of the names
        widest = max(widths, default=0.0)
        date_right = max(float(UNSEALED_RIGHT_CHARS), widest - date_w)
        start = CHARS_PER_LINE - date_right - date_w - 2
        return SignatureLayout(False, tuple((i,) for i in range(len(names))), (start,) * len(names), date_right)
    last = CHARS_PER_LINE - SIGN_RIGHT_CHARS - date_w / 2
    for k in (3, 2, 1):
        rows = _rows(len(names), k) if names else ()
        k_used = max((len(r) for r in rows), default=1)
        starts = _place(widths, rows, k_used, last)
        if starts is not None or k == 1:
            break
    if starts is None:  # one name a row: nothing to collide with
        starts = _place(widths, rows, 1, last) or [0.0] * len(names)
    return SignatureLayout(True, rows, tuple(starts))


def seal_pitch_mm() -> float:
    """From one row of names to the next: a seal and the air between two seals."""
    return SEAL_MM + SEAL_GAP_MM


def first_signature_gap_mm(line_mm: float) -> float:
    """Space above the first row of names: their seals (centred on the names) start just
    under the text above, within a line of it as 7.3.5.1 asks."""
    return SEAL_MM / 2 + SEAL_TOP_MM - line_mm / 2
