"""The printed notice, measured on LibreOffice's PDF with pdfplumber (issue 11): what a
reviewer sees before stamping — signature blocks, the 版记 on an even page, no half-empty
pages, no stretched lines. Every profile × year is converted once, in one LibreOffice run."""

from __future__ import annotations

import dataclasses
import re
from functools import cache
from pathlib import Path

import pdfplumber
import pytest

from generator import gbt9704 as G
from generator.assemble import build_notice
from generator.compose import date_text
from generator.forms import build_form_docx, layout
from generator.forms.layout import cell_lines, column_widths
from generator.model import Notice
from generator.preview import docx_to_pdfs
from generator.profiles import ProfileTree
from generator.render import render_notice
from tests.render_fixtures import SEED_CASES

PT_PER_MM = 72 / 25.4
LINE_PT = G.BLOCK_H * PT_PER_MM / G.LINES_PER_PAGE
BLOCK_TOP, BLOCK_BOTTOM = G.MARGIN_TOP * PT_PER_MM, (G.MARGIN_TOP + G.BLOCK_H) * PT_PER_MM
BODY_PT = G.SIZE_3


def _cases() -> list[tuple[str, int]]:
    tree = ProfileTree()
    out = []
    for node_id, node in sorted(tree.nodes.items()):
        out += [(node_id, y) for y in sorted(node.editions)] + [(node_id, 2027)]
    return out


CASES = _cases()


def with_issuers(notice: Notice, n: int) -> Notice:
    """淄博 2024 signed by its first ``n`` organs (2 and 4 issuers: blocks of other shapes)."""
    return dataclasses.replace(notice, issuers=notice.issuers[:n])


@cache
def _notices() -> dict[str, Notice]:
    out = {f"{ref}-{year}": build_notice(ref, year) for ref, year in CASES}
    for n in (2, 4):
        out[f"zibo-2024-{n}issuers"] = with_issuers(out["zibo-2024"], n)
    out["zibo-2024-unsealed"] = dataclasses.replace(with_issuers(out["zibo-2024"], 3), sealed=False)
    return out


def _forms() -> list[tuple[str, Notice, int]]:
    """Every form attachment of the seed years, to convert as a standalone file too."""
    out = []
    for ref, year in SEED_CASES:
        notice = _notices()[f"{ref}-{year}"]
        out += [(f"{ref}-{year}-form{i}", notice, i) for i, a in enumerate(notice.attachments, 1) if a.form]
    return out


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory) -> dict[str, Path]:
    work = tmp_path_factory.mktemp("print")
    docxs = []
    for name, notice in _notices().items():
        path = work / f"{name}.docx"
        path.write_bytes(render_notice(notice))
        docxs.append(path)
    for name, notice, i in _forms():
        path = work / f"{name}.docx"
        path.write_bytes(build_form_docx(notice, i))
        docxs.append(path)
    return {p.stem: p for p in docx_to_pdfs(docxs, work)}


@dataclasses.dataclass
class Line:
    top: float
    bottom: float
    chars: list[dict]

    @property
    def text(self) -> str:
        return "".join(c["text"] for c in self.chars if c["text"].strip())


def lines_of(page) -> list[Line]:
    """Characters grouped into lines by their baseline, each line's characters left to right."""
    out: list[Line] = []
    for c in sorted(page.chars, key=lambda c: (round(c["bottom"]), c["x0"])):
        if out and abs(out[-1].bottom - c["bottom"]) < 3:
            out[-1].chars.append(c)
        else:
            out.append(Line(c["top"], c["bottom"], [c]))
    for line in out:
        line.chars.sort(key=lambda c: c["x0"])
    return out


def in_block(line: Line) -> bool:
    return BLOCK_TOP - 2 <= line.top and line.bottom <= BLOCK_BOTTOM + 2


@dataclasses.dataclass
class Printed:
    pages: list[list[Line]]
    signature_page: int  # 0-based: the page with the 成文日期 (the body's last page)


@cache
def printed(path: Path, date: str) -> Printed:
    with pdfplumber.open(path) as pdf:
        pages = [lines_of(p) for p in pdf.pages]
    sig = next(i for i, page in enumerate(pages) if any(date in line.text for line in page))
    return Printed(pages, sig)


def page_number_shown(page: list[Line]) -> bool:
    return any(line.top > BLOCK_BOTTOM and re.fullmatch(r"—?\d+—?", line.text) for line in page)


@pytest.mark.parametrize("ref,year", CASES)
def test_imprint_on_an_even_page_and_blank_pages_kept(pdfs, ref, year):
    notice = _notices()[f"{ref}-{year}"]
    doc = printed(pdfs[f"{ref}-{year}"], date_text(notice.signature_date))
    assert len(doc.pages) % 2 == 0, f"版记在第{len(doc.pages)}页（奇数页）"
    last = doc.pages[-1]
    assert any("印发" in line.text for line in last)
    assert not page_number_shown(last)
    before = doc.pages[-2]
    if not before:  # the blank page the .docx asks for so the 版记 falls on an even page
        assert not page_number_shown(before)
    for i, page in enumerate(doc.pages[:-1]):
        if page:
            assert page_number_shown(page), f"第{i + 1}页没有页码"


def empty_lines_at_bottom(page: list[Line]) -> float:
    body = [line for line in page if in_block(line)]
    return (BLOCK_BOTTOM - max(line.bottom for line in body)) / LINE_PT if body else G.LINES_PER_PAGE


FILL_CASES = CASES + [("zibo-2024", n) for n in ("2issuers", "4issuers", "unsealed")]


#: drafts whose kept-together tail is taller than any spacing change can make room for (a known
#: layout limit, issue 22): 淄博 2027 carries 2024's four attachments over — 附件说明 of 7 lines and
#: a 5-organ sealed 署名 after a body that ends 7 lines into page 3
TAIL_TOO_TALL = {"zibo-2027": "附件说明（4 项）与 5 个机关的署名须与正文末行同页，约 24 行，p3 只余 15 行"}


@pytest.mark.parametrize("ref,year", FILL_CASES)
def test_body_pages_are_filled(pdfs, ref, year, request):
    """Only the body's last page (and attachment pages) may end with more than four empty
    lines — no exception: where the body's last lines, the 附件说明 and the 署名 block (kept
    together) would not fit, the line spacing is adjusted (GB/T 9704 7.3.5.5)."""
    name = f"{ref}-{year}"
    if name in TAIL_TOO_TALL:  # still measured: it must fail, and says so when layout fixes it
        request.applymarker(pytest.mark.xfail(strict=True, reason=TAIL_TOO_TALL[name]))
    notice = _notices()[name]
    doc = printed(pdfs[name], date_text(notice.signature_date))
    for i in range(doc.signature_page):
        empty = empty_lines_at_bottom(doc.pages[i])
        assert empty < 4.5, f"第{i + 1}页底部空了约{empty:.1f}行"


def gaps(line: Line) -> list[float]:
    """The blanks between neighbouring glyphs, in characters of the body size."""
    chars = [c for c in line.chars if c["text"].strip()]
    return [(b["x0"] - a["x1"]) / BODY_PT for a, b in zip(chars, chars[1:], strict=False)]


@pytest.mark.parametrize("ref,year", CASES)
def test_no_stretched_lines(pdfs, ref, year):
    """No body line spread character by character (justified lines before a URL or e-mail):
    no gap between two characters wider than 1.5 characters."""
    notice = _notices()[f"{ref}-{year}"]
    doc = printed(pdfs[f"{ref}-{year}"], date_text(notice.signature_date))
    signers = [o.seal or o.name for o in notice.issuers]
    for i in range(doc.signature_page + 1):
        for line in doc.pages[i]:
            sizes = {round(c["size"]) for c in line.chars if c["text"].strip()}
            if not in_block(line) or sizes != {round(BODY_PT)}:
                continue  # the mark (小初, distributed), the title (2号)
            if any(name in line.text for name in signers):
                continue  # a row of 署名 is set apart on purpose, one name under each seal
            blanks = gaps(line)
            # one wide blank is a space in the text (顾问：周文俊　金坛区…); a line spread to fill the
            # measure opens many (金坛 2020 p5 before its URL: every gap 0.76 character)
            assert max(blanks, default=0) <= 1.5, f"第{i + 1}页“{line.text[:20]}…”字距拉开"
            assert sum(b > 0.4 for b in blanks) < 3, f"第{i + 1}页“{line.text[:20]}…”整行字距拉开"


@pytest.mark.parametrize("name,issuers,rows", [("zibo-2024", 5, 3), ("zibo-2024-4issuers", 4, 2),
                                              ("zibo-2024-2issuers", 2, 1)])
def test_joint_signatures_on_one_page_in_rows(pdfs, name, issuers, rows):
    """GB/T 9704 7.3.5: every 署名 and the 成文日期 on one page, in rows (two or three
    organs a row), the last organ centred over the date, with the body's last lines."""
    notice = _notices()[name]
    assert len(notice.issuers) == issuers
    date = date_text(notice.signature_date)
    doc = printed(pdfs[name], date)
    page = doc.pages[doc.signature_page]
    names = [o.seal or o.name for o in notice.issuers]
    name_lines = [line for line in page if any(n in line.text for n in names)
                  and not line.text.startswith(("附件", "抄送"))]
    found = "".join(line.text for line in name_lines)
    assert all(n in found for n in names), (names, found)
    assert len(name_lines) <= rows, [line.text for line in name_lines]
    assert all(len(line.text) <= 3 * 11 for line in name_lines)  # two or three organs a row
    date_line = next(line for line in page if date in line.text)
    assert date_line.top > name_lines[-1].top  # the date under the last row
    last = next(line for line in name_lines if names[-1] in line.text)
    last_chars = [c for c in last.chars if c["text"].strip()][-len(names[-1]):]
    centre = (last_chars[0]["x0"] + last_chars[-1]["x1"]) / 2
    date_chars = [c for c in date_line.chars if c["text"].strip()]
    assert abs(centre - (date_chars[0]["x0"] + date_chars[-1]["x1"]) / 2) < BODY_PT  # centred over it
    last_para = [s for s in notice.all_sections() if s.paragraphs][-1].paragraphs[-1]
    assert re.sub(r"\s", "", last_para)[-6:] in "".join(line.text for line in page)  # the body's last lines


def header_lines(notice: Notice, index: int, total_mm: float) -> list[list[str]]:
    """Each header cell's lines as the layout breaks them for a table ``total_mm`` wide."""
    lay = layout(notice, index)
    widths = column_widths(lay, total_mm)
    return [cell_lines(c.text, sum(widths[c.col:c.col + c.colspan])) for c in lay.cells if c.bold and c.text]


def pdf_lines(pages: list[list[Line]]) -> list[str]:
    return [line.text for page in pages for line in page]


@pytest.mark.parametrize("ref,year", SEED_CASES)
def test_form_header_words_unbroken(pdfs, ref, year):
    """Header cells break only between words (参与对象|及人数, 活动|时间 when even 活动时间 is
    wider than its column), never into lone characters (参与对/象及人/数), and LibreOffice
    keeps each line whole — on the draft's 附件 pages and in the standalone form files."""
    notice = _notices()[f"{ref}-{year}"]
    doc = printed(pdfs[f"{ref}-{year}"], date_text(notice.signature_date))
    in_draft = pdf_lines(doc.pages[doc.signature_page + 1:])
    forms = [(name, i) for name, n, i in _forms() if n is notice]
    assert len(forms) == sum(bool(a.form) for a in notice.attachments)
    for name, i in forms:
        with pdfplumber.open(pdfs[name]) as pdf:
            standalone = pdf_lines([lines_of(page) for page in pdf.pages])
        wide = G.PAGE_H - G.MARGIN_TOP - G.MARGIN_BOTTOM if layout(notice, i).form.landscape else G.BLOCK_W
        for lines_seen, total in ((in_draft, G.BLOCK_W), (standalone, wide)):
            for cell in header_lines(notice, i, total):
                text = "".join(cell)
                assert all(len(part) > 1 for part in cell) or len(text) < 2, cell  # no lone character
                for part in cell:  # cells of one row share their baselines: a line holds the part whole
                    assert any(part in t for t in lines_seen), (part, name, total)


def test_unsealed_signatures_stacked_with_the_date_two_characters_in(pdfs):
    """GB/T 9704 7.3.5.2: names one under the other from the same first character, the 成文日期
    starting two characters further right, the block 右空二字 (or more, when the date is longer)."""
    notice = _notices()["zibo-2024-unsealed"]
    date = date_text(notice.signature_date)
    doc = printed(pdfs["zibo-2024-unsealed"], date)
    page = doc.pages[doc.signature_page]
    names = [o.seal or o.name for o in notice.issuers]
    rows = [next(line for line in page if line.text == n) for n in names]
    starts = {round(line.chars[0]["x0"]) for line in rows}
    assert len(starts) == 1 and [r.top for r in rows] == sorted(r.top for r in rows)
    date_line = next(line for line in page if line.text == date)
    first = [c for c in date_line.chars if c["text"].strip()][0]
    assert abs(first["x0"] - rows[0].chars[0]["x0"] - 2 * BODY_PT) < BODY_PT / 2
    right = (G.MARGIN_LEFT + G.BLOCK_W) * PT_PER_MM
    widest = max(line.chars[-1]["x1"] for line in rows + [date_line])
    assert right - widest > 1.5 * BODY_PT  # at least 右空二字
