"""The page-break estimate behind GB/T 9704 7.3.5.5 (render/flow.py): line counts as
LibreOffice sets them, and the least line-spacing change that fills the page before the
署名. The printed result is measured in tests/test_print.py."""

from __future__ import annotations

import pytest

from generator.assemble import build_notice
from generator.compose import compose
from generator.render import flow as F
from generator.render import flow_items


@pytest.mark.parametrize("text,lines", [
    ("字" * 26, 1),  # 28 characters less the two-character indent
    ("字" * 27, 2),
    ("字" * 26 + "。", 2),  # a closing mark never hangs past the edge: it takes 字 down with it
    ("字" * 25 + "。", 1),
    ("“" + "字" * 24 + "”", 1),  # curly quotes are full-width in a Chinese font
    ("“" + "字" * 25 + "”", 2),  # … and the closing one does not hang either
    ("人：凌东，联系电话：82801837，电子邮箱：jtjyzsk@126.com。", 2),  # the stop goes down with the address
])
def test_line_count_as_printed(text, lines):
    assert F.line_count(text) == lines


def test_no_change_where_every_page_fills():
    fit = F.fit_signature_page(*flow_items(compose(build_notice("national", 2019))))
    assert fit.pitch == F.LINE and fit.empty_lines <= F.MAX_EMPTY_LINES


def test_half_empty_page_gets_the_least_spacing_change():
    """新北 2024: two long organ names stacked (7.8 lines with their seals) and the body's last
    lines do not fit the page's free lines; the least spacing change (here the body's lines a
    little further apart, so the body's last lines go with the 署名) fills every page instead."""
    header, body, tail = flow_items(compose(build_notice("xinbei", 2024)))
    fit = F.fit_signature_page(header, body, tail)
    assert fit.empty_lines > F.MAX_EMPTY_LINES  # what the page would leave unchanged
    assert F.MIN_PITCH <= fit.pitch <= F.MAX_PITCH and fit.pitch != F.LINE and fit.note
    first = next(k for k, it in enumerate(body) if it.index == fit.first)
    pages, ends = F._place(F._with_pitch(body + tail, first, fit.pitch), header)
    assert all(F.PAGE - e <= F.MAX_EMPTY_LINES * F.LINE for e in ends[:pages[-1]])
    assert pages[len(body) - 1] == pages[-1]  # the body's last lines on the signature page


@pytest.mark.parametrize("text, width", [
    ("2024年", 3.0),  # digits half, the ideograph whole
    ("“双战双赢”", 6.0),  # curly quotes print full width in SimSun/FangSong
    ("10月31日—11月6日", 8.5),  # the dash too
    ("……", 2.0),
    ("www.example.cn", 7.0),
])
def test_one_width_for_the_title_the_mark_and_the_page_estimate(text: str, width: float):
    """gbt9704.text_width (title breaks, the mark's size, signature widths) measures as the page
    estimate does: it counted curly quotes and dashes as half a character."""
    from generator import gbt9704 as G

    assert G.text_width(text) == width
    assert sum(w for _, w in F._units(text)) >= width  # the estimate adds only the Latin/CJK gap


def test_a_title_as_wide_as_the_line_is_set_on_two_balanced_lines():
    """石湾县2026年…活动安排表 measures 20.0 of the 2号 line's 20 characters: LibreOffice set it with
    表 alone on a second line (its digits print wider than half a character)."""
    from generator.gbt9704 import text_width
    from generator.render.layout import balance_title, title_chars_per_line

    title = "石湾县2026年全民终身学习活动周活动安排表"
    assert text_width(title) == title_chars_per_line() == 20
    lines = balance_title(title)
    assert lines == ["石湾县2026年", "全民终身学习活动周活动安排表"]
    assert all(text_width(ln) > 1 for ln in lines)


def test_title_line_length_follows_the_title_spec(monkeypatch):
    """The title's characters a line come from its spec in gbt9704.ELEMENTS (one source of the
    title size): a smaller title size fits more on a line, so a title that broke no longer does."""
    import dataclasses

    from generator import gbt9704 as G
    from generator.render.layout import balance_title, title_chars_per_line

    title = "石湾县2026年全民终身学习活动周活动安排表"
    assert len(balance_title(title)) == 2
    smaller = dataclasses.replace(G.ELEMENTS["title"], size=G.SIZE_3)
    monkeypatch.setitem(G.ELEMENTS, "title", smaller)
    assert title_chars_per_line() == G.chars_per_line("body") == 27
    assert balance_title(title) == [title]
