"""Where the pages break, estimated at render time (GB/T 9704 7.3.5.5).

Every body line is an exact grid line (22 a page, 28 characters each), so counting lines
tells where a page ends without a layout engine. The estimate serves one decision: when the
body's last lines, the 附件说明 and the 署名 block (kept together, 7.3.5) would not fit on
the page where they begin, they move to the next page and leave that page half empty;
7.3.5.5 then allows adjusting the line spacing: ``fit_signature_page`` says by how much,
and for which paragraphs.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .. import gbt9704 as G
from . import layout as L

PAGE = G.mm_to_twips(G.BLOCK_H)  # the text block's height in twips
LINE = G.line_pitch_twips()
MAX_EMPTY_LINES = 4  # a body page may end with this many empty lines, not more
MIN_PITCH = G.min_line_pitch_twips()
MAX_PITCH = G.max_line_pitch_twips()
SLACK = LINE // 4  # the estimate's slack: a fit must hold a quarter line either way

NO_LINE_START = "，。、；：？！）》」』”’〕】…—"
NO_LINE_END = "（《「『“‘〔【"


def _is_ideograph(ch: str) -> bool:
    return ord(ch) >= 0x2E80 and ch.isalnum()


def _wide(ch: str) -> bool:
    """A full-width character in a Chinese font (``gbt9704.text_width`` counts it one)."""
    return ch >= G.WIDE_FROM


_width = G.text_width


# one notice's plan, page count and metadata measure the same texts; held for thousands (a
# batch), the tuples of distinct counties' texts were ~20 MB a worker
@lru_cache(maxsize=256)
def _units(text: str) -> tuple[tuple[str, float], ...]:
    """Unbreakable pieces with their widths in characters: one Chinese character each, a
    Latin word whole, with the quarter character Word and LibreOffice put between it and a
    Chinese character on either side (not next to a punctuation mark or a blank)."""
    out: list[tuple[str, float]] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch >= G.WIDE_FROM:  # _wide, inlined: called for every character of the notice
            out.append((ch, 1.0))
            i += 1
            continue
        if ch.isspace():
            out.append((ch, 0.5))
            i += 1
            continue
        j = i + 1
        while j < len(text) and not _wide(text[j]) and not text[j].isspace():
            if text[j - 1] == "/" and text[j].isalnum():
                break  # a URL breaks after a slash (http://|www.…)
            j += 1
        word = text[i:j]
        spaced = sum(0.25 for k in (i - 1, j) if 0 <= k < len(text) and _is_ideograph(text[k]))
        while j < len(text) and text[j] in NO_LINE_START:  # a stop after a Latin word goes with it,
            spaced += 1.0  # and does not hang (jtjyzsk@126.com。 moved down whole)
            word += text[j]
            j += 1
        out.append((word, _width(word[:len(word.rstrip(NO_LINE_START))]) + spaced))
        i = j
    return tuple(out)


def line_count(text: str, first_indent: float = 2.0, indent: float = 0.0,
               per_line: float = G.CHARS_PER_LINE) -> int:
    """Lines of a body paragraph: greedy; a closing mark never starts a line nor hangs past its
    end (it takes the character before it to the next line), an opening mark never ends a
    line, a Latin word is never cut."""
    lines, used, room = 1, 0.0, per_line - first_indent
    units = _units(text)
    for i, (piece, width) in enumerate(units):
        if used + width <= room + 1e-6:
            used += width
            continue
        lines += 1
        room = per_line - indent
        prev = units[i - 1][0] if i else ""
        # nothing hangs past the edge: a closing mark takes the character before it down
        carried = prev in NO_LINE_END or (piece in NO_LINE_START and i > 0)
        used = width + (units[i - 1][1] if carried else 0.0)
        while used > room:  # a Latin token longer than a line (a URL) runs on over lines
            lines += 1
            used -= room
    return lines


def break_lines(text: str, first_indent: float = 2.0, indent: float = 0.0,
                per_line: float = G.CHARS_PER_LINE) -> list[str]:
    """The lines ``line_count`` counts, as text (a Latin token longer than a line stays whole)."""
    lines, used, room = [""], 0.0, per_line - first_indent
    units = _units(text)
    for i, (piece, width) in enumerate(units):
        if used + width <= room + 1e-6 or not lines[-1]:
            lines[-1] += piece
            used += width
            continue
        room = per_line - indent
        prev = units[i - 1]
        if prev[0] in NO_LINE_END or piece in NO_LINE_START:
            lines[-1] = lines[-1][:-len(prev[0])]
            lines.append(prev[0] + piece)
            used = prev[1] + width
        else:
            lines.append(piece)
            used = width
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


def _place(items: list[Item], start: int, page_h: int = PAGE) -> tuple[list[int], list[int]]:
    """Flow ``items`` from ``start`` twips down the first page: the page each item starts on,
    and where each page's text ends (the last page's included). A keep chain moves whole to
    the next page when it does not fit; a paragraph longer than what is left splits, two
    lines at least on each side (widow and orphan control)."""
    y = start
    pages: list[int] = []
    ends: list[int] = []

    def turn() -> None:
        nonlocal y
        ends.append(y)
        y = 0

    # the heights summed before each item (a chain's head is a difference of two: the trial
    # fits of fit_signature_page place the same ~50 items ~50 times)
    before = [0]
    for it in items:
        before.append(before[-1] + it.before + it.lines * it.pitch + it.fixed)
    i = 0
    while i < len(items):
        j = i
        while items[j].keep and j + 1 < len(items):
            j += 1
        chain = items[i:j + 1]
        last, first = chain[-1], chain[0]
        # the chain's last paragraph needs two lines here — all of them when it is too short to
        # split with two on each side (a heading above a three-line paragraph moves down with it)
        least = last.lines if last.lines < 4 else 2
        head = before[j] - before[i] + last.before + last.fixed + least * last.pitch
        if y + head > page_h and y > 0:
            room = (page_h - y - first.before) // first.pitch
            if len(chain) > 1 and first.lines >= 4 and room >= 2 and first.lines - room >= 2:
                # the chain's first paragraph splits: its head stays, its tail goes with the chain
                pages.append(len(ends))
                y += first.before + room * first.pitch
                turn()
                y = (first.lines - room) * first.pitch
                for it in chain[1:]:
                    pages.append(len(ends))
                    y += it.height
                i = j + 1
                continue
            turn()
        for it in chain:
            left = it.lines
            if y + it.before + it.fixed + left * it.pitch > page_h and y > 0:
                if _lines_here(left, (page_h - y - it.before - it.fixed) // it.pitch) == 0:
                    turn()
            pages.append(len(ends))
            y += it.before + it.fixed
            while y + left * it.pitch > page_h:  # a long paragraph runs over the page
                here = _lines_here(left, (page_h - y) // it.pitch)
                left -= here
                y += here * it.pitch
                turn()
            y += left * it.pitch
        i = j + 1
    ends.append(y)
    return pages, ends


def _filled(header: int, items: list[Item], n_body: int, page_h: int = PAGE) -> bool:
    """Every page before the signature page ends with at most MAX_EMPTY_LINES empty, and
    the signature page holds the body's last lines (the kept chain did not break)."""
    pages, ends = _place(items, header, page_h)
    last = pages[-1]
    return pages[n_body - 1] == last and all(page_h - e <= MAX_EMPTY_LINES * LINE for e in ends[:last])


def _with_pitch(items: list[Item], first: int, pitch: int) -> list[Item]:
    """``items`` with the text lines from ``first`` on set ``pitch`` apart (the 署名's seal
    room and the date stay as they are)."""
    out = items[:first]
    for it in items[first:]:
        if it.fixed:
            out.append(it)
        else:
            before = pitch if it.before == it.pitch and it.before else it.before
            out.append(Item(it.lines, before, pitch, it.fixed, it.keep, it.index))
    return out


def fit_signature_page(header: int, body: list[Item], tail: list[Item]) -> Fit:
    """When the body's last paragraph, the 附件说明 and the 署名 block (kept together, 7.3.5)
    do not fit on the page where they would begin, they move on and leave that page with more
    than MAX_EMPTY_LINES empty. 7.3.5.5 allows adjusting the line spacing: the least change
    (closest to the grid's line, between MIN_PITCH and MAX_PITCH) over the fewest pages —
    the last page's paragraphs, then from one page further back, up to the whole body — that
    fills every page before the signature page. It must hold a little above and below the
    estimated page height too, so a line more or less in the real layout does not undo it."""
    items = body + tail
    if not body:
        return Fit()
    pages, ends = _place(items, header)
    empty = max(((PAGE - e) / LINE for e in ends[:pages[-1]]), default=0.0)
    if _filled(header, items, len(body)):
        return Fit(empty_lines=empty)
    starts = sorted({next(k for k, p in enumerate(pages) if p == page) for page in set(pages[:len(body)])},
                    reverse=True)
    steps = sorted(range(MIN_PITCH, MAX_PITCH + 1, 4), key=lambda p: abs(p - LINE))
    for pitch in steps:
        if abs(pitch - LINE) < 4:
            continue
        for first in starts:
            trial = _with_pitch(items, first, pitch)
            if all(_filled(header, trial, len(body), PAGE + d) for d in (-SLACK, 0, SLACK)):
                return Fit(pitch, body[first].index, len(body), True, empty)
    return Fit(empty_lines=empty)


def apply(items: list[Item], body: list[Item], fit: Fit) -> list[Item]:
    """``items`` (body then tail) as ``fit`` sets them."""
    if fit.pitch == LINE or fit.first < 0:
        return items
    first = next(k for k, b in enumerate(body) if b.index == fit.first)
    return _with_pitch(items, first, fit.pitch)


def filled(header: int, body: list[Item], tail: list[Item], fit: Fit) -> bool:
    """``fit`` fills every page before the last and keeps the body's end with the tail's, within
    the estimate's slack (a quarter line either way)."""
    items = apply(body + tail, body, fit)
    return all(_filled(header, items, len(body), PAGE + d) for d in (-SLACK, 0, SLACK))


def signature_items(sig_rows: int, sealed: bool) -> list[Item]:
    """The 署名 rows and the date: a seal's room above the first row and between rows."""
    line_mm = G.BLOCK_H / G.LINES_PER_PAGE
    if not sealed:
        return [Item(1, before=LINE, keep=True)] + [Item(1, keep=True) for _ in range(sig_rows - 1)] + [Item(1)]
    first = G.mm_to_twips(L.first_signature_gap_mm(line_mm))
    between = G.mm_to_twips(L.seal_pitch_mm()) - LINE
    rows = [Item(0, fixed=(first if r == 0 else between) + LINE, keep=True) for r in range(sig_rows)]
    return rows + [Item(0, fixed=LINE)]
