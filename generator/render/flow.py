"""Where the pages break, estimated at render time (GB/T 9704 7.3.5.5).

Every body line is an exact grid line (22 a page, 28 characters each), so counting lines
tells where a page ends without a layout engine. The estimate serves one decision: when the
body's last lines, the 附件说明 and the 署名 block (kept together, 7.3.5) would not fit on
the page where they begin, they move to the next page and leave that page half empty;
7.3.5.5 then allows adjusting the line spacing: ``fit_signature_page`` says by how much,
and for which paragraphs.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .. import gbt9704 as G
from . import layout as L

PAGE = G.mm_to_twips(G.BLOCK_H)  # the text block's height in twips
LINE = G.line_pitch_twips()
MAX_EMPTY_LINES = 4  # a body page may end with this many empty lines, not more
MIN_PITCH = round(LINE * 0.85)  # 7.3.5.5 adjusts the spacing, it does not crowd the lines (≈ 24.6 pt)
MAX_PITCH = round(LINE * 1.15)  # … nor spreads them (≈ 33.3 pt)
SAFETY = LINE // 2  # the estimate's slack: fit with half a line to spare

NO_LINE_START = "，。、；：？！）》」』”’〕】…—"
NO_LINE_END = "（《「『“‘〔【"


def _is_ideograph(ch: str) -> bool:
    return ord(ch) >= 0x2E80 and ch.isalnum()


def _units(text: str) -> list[tuple[str, float]]:
    """Unbreakable pieces with their widths in characters: one Chinese character each, a
    Latin word whole, with the quarter character Word and LibreOffice put between it and a
    Chinese character on either side (not next to a punctuation mark or a blank)."""
    out: list[tuple[str, float]] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ord(ch) >= 0x2E80 or ch.isspace():
            out.append((ch, G.text_width(ch)))
            i += 1
            continue
        j = i
        while j < len(text) and ord(text[j]) < 0x2E80 and not text[j].isspace():
            j += 1
        word = text[i:j]
        spaced = sum(0.25 for k in (i - 1, j) if 0 <= k < len(text) and _is_ideograph(text[k]))
        out.append((word, G.text_width(word) + spaced))
        i = j
    return out


def line_count(text: str, first_indent: float = 2.0, indent: float = 0.0,
               per_line: float = G.CHARS_PER_LINE) -> int:
    """Lines of a body paragraph: greedy, a closing mark hangs at the line's end, an opening
    mark never ends a line, a Latin word is never cut."""
    lines, used, room = 1, 0.0, per_line - first_indent
    units = _units(text)
    for i, (piece, width) in enumerate(units):
        if used + width <= room + 1e-6 or (piece in NO_LINE_START and used + width <= room + 1.0):
            used += width
            continue
        lines += 1
        room = per_line - indent
        prev = units[i - 1][0] if i else ""
        used = width + (units[i - 1][1] if prev in NO_LINE_END else 0.0)
        while used > room:  # a Latin token longer than a line (a URL) runs on over lines
            lines += 1
            used -= room
    return lines


@dataclass
class Item:
    """One paragraph in the flow: ``lines`` lines ``pitch`` apart after ``before`` of space.
    ``fixed`` is height that no line spacing changes (the 署名's seal room); ``keep`` ties it to
    the next item's first lines; ``index`` is the paragraph's place among the body's."""

    lines: int
    before: int = 0
    pitch: int = LINE
    fixed: int = 0
    keep: bool = False
    index: int = -1

    @property
    def height(self) -> int:
        return self.before + self.lines * self.pitch + self.fixed


@dataclass(frozen=True)
class Fit:
    """What 7.3.5.5 asks: body paragraphs ``first`` to ``last`` (exclusive) set ``pitch``
    apart, and the 附件说明 too when ``note``; no change when ``pitch`` is the grid's line."""

    pitch: int = LINE
    first: int = -1
    last: int = -1
    note: bool = False
    empty_lines: float = 0.0  # what the page before the signature page would leave empty


def _lines_here(lines: int, room: int) -> int:
    """How many of a paragraph's ``lines`` stay where ``room`` lines are left: two at least
    on each side of a page break (widow and orphan control), else none."""
    if lines <= room:
        return lines
    here = min(room, lines - 2)
    return here if here >= 2 else 0


def _place(items: list[Item], start: int) -> tuple[int, int, list[int]]:
    """Flow ``items`` from ``start`` twips down the first page: (page, y) where the last item
    ends, and the page each item starts on. A keep chain moves whole to the next page when it
    does not fit; a paragraph longer than what is left splits, two lines at least each side."""
    page, y = 0, start
    pages: list[int] = []
    i = 0
    while i < len(items):
        j = i
        while items[j].keep and j + 1 < len(items):
            j += 1
        chain = items[i:j + 1]
        last = chain[-1]
        head = sum(it.height for it in chain[:-1]) + last.before + last.fixed + min(2, last.lines) * last.pitch
        first = chain[0]
        if y + head > PAGE and y > 0:
            room = (PAGE - y - first.before) // first.pitch
            if len(chain) > 1 and first.lines >= 4 and room >= 2 and first.lines - room >= 2:
                # the chain's first paragraph splits: its head stays, its tail goes with the chain
                pages.append(page)
                page, y = page + 1, 0
                first_tail = first.lines - room
                y += first_tail * first.pitch
                for it in chain[1:]:
                    pages.append(page)
                    y += it.height
                i = j + 1
                continue
            page, y = page + 1, 0
        for it in chain:
            left = it.lines
            if y + it.before + it.fixed + left * it.pitch > PAGE and y > 0:
                here = _lines_here(left, (PAGE - y - it.before - it.fixed) // it.pitch)
                if here == 0:
                    page, y = page + 1, 0
            pages.append(page)
            y += it.before + it.fixed
            while y + left * it.pitch > PAGE:  # a long paragraph runs over the page
                here = _lines_here(left, (PAGE - y) // it.pitch)
                left -= here
                page, y = page + 1, 0
            y += left * it.pitch
        i = j + 1
    return page, y, pages


def fit_signature_page(header: int, body: list[Item], tail: list[Item]) -> Fit:
    """When the body's last paragraph, the 附件说明 and the 署名 block (kept together, 7.3.5)
    do not fit on the page where they would begin, they move on and leave that page with more
    than MAX_EMPTY_LINES empty. 7.3.5.5 allows adjusting the line spacing: tighten that page's
    lines (down to MIN_PITCH) so the block stays on it, or else open them (up to MAX_PITCH)
    so the page ends full and the block starts the next one with the body's last lines."""
    items = body + tail
    chain_at = len(body) - 1  # the body's last paragraph opens the kept-together chain
    if chain_at < 0:
        return Fit()
    _, _, pages = _place(items, header)
    page, y, _ = _place(items[:chain_at], header)
    if pages[chain_at] == page:  # the chain starts where the text before it ends
        return Fit()
    empty = (PAGE - y) / LINE
    if empty <= MAX_EMPTY_LINES:
        return Fit(empty_lines=empty)
    first = next(k for k, p in enumerate(pages[:chain_at]) if p == page) if page in pages[:chain_at] else chain_at
    first_page, top, _ = _place(items[:first], header)
    top = top if first_page == page else 0  # the end of a paragraph begun on the page before
    text = sum(it.lines + it.before / LINE for it in items[first:chain_at])
    chain = [it for it in items[chain_at:] if not it.fixed]
    chain_text = sum(it.lines + it.before / LINE for it in chain)
    rigid = sum(it.height for it in items[chain_at:] if it.fixed)
    tight = math.floor((PAGE - SAFETY - top - rigid) / (text + chain_text))
    if MIN_PITCH <= tight < LINE:
        return Fit(tight, body[first].index, len(body), True, empty)
    opened = math.ceil((PAGE - MAX_EMPTY_LINES * LINE + SAFETY - top) / text) if text else 0
    if LINE < opened <= MAX_PITCH and top + text * opened <= PAGE - SAFETY:
        return Fit(opened, body[first].index, chain_at, False, empty)
    return Fit(empty_lines=empty)


def signature_items(sig_rows: int, sealed: bool) -> list[Item]:
    """The 署名 rows and the date: a seal's room above the first row and between rows."""
    line_mm = G.BLOCK_H / G.LINES_PER_PAGE
    if not sealed:
        return [Item(1, before=LINE, keep=True)] + [Item(1, keep=True) for _ in range(sig_rows - 1)] + [Item(1)]
    first = G.mm_to_twips(L.first_signature_gap_mm(line_mm))
    between = G.mm_to_twips(L.seal_pitch_mm()) - LINE
    rows = [Item(0, fixed=(first if r == 0 else between) + LINE, keep=True) for r in range(sig_rows)]
    return rows + [Item(0, fixed=LINE)]
