"""`notice draft -o x.html` printed from Chromium (Playwright, Debian's chromium) as the .docx
prints (issue 22): A4 with the GB/T 9704 margins, the same page count as the .docx, — N — on
every numbered page (odd right, even left, 7 mm under the text block), none on the 版记's own
page, "文件" on one line, each attachment and the 版记 on pages of their own, forms' header rows
in <thead> (Chromium repeats them on every page a table runs over)."""

from __future__ import annotations

import io
import logging
import re
import unicodedata
import zipfile
from pathlib import Path

import pdfplumber
import pytest

from generator.assemble import build_notice
from generator.cli import main
from generator.render import render_notice
from tests.web_helpers import CHROMIUM, CHROMIUM_ARGS

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium (scripts/setup.sh)")
logging.getLogger("pdfminer").setLevel(logging.ERROR)

MM = 72 / 25.4
BLOCK_BOTTOM = (37 + 225) * MM
CASES = [("jintan", 2020), ("zibo", 2024), ("national", 2024)]


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> dict[str, Path]:
    from playwright.sync_api import sync_playwright

    work = tmp_path_factory.mktemp("html-print")
    out = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        for ref, year in CASES:
            html = work / f"{ref}-{year}.html"
            assert main(["draft", ref, "--year", str(year), "-o", str(html)]) == 0
            page.goto(html.as_uri())
            pdf = work / f"{ref}-{year}.pdf"
            page.pdf(path=str(pdf), prefer_css_page_size=True)
            out[f"{ref}-{year}"] = pdf
            out[f"{ref}-{year}-dom"] = page.evaluate("""() => [...document.querySelectorAll('table.form')].map(
                t => [...t.querySelectorAll('thead th')].map(th => th.textContent))""")
        browser.close()
    return out


def docx_pages(ref: str, year: int) -> int:
    """The .docx's pages: app.xml states LibreOffice's count (tests/test_print.py checks it)."""
    with zipfile.ZipFile(io.BytesIO(render_notice(build_notice(ref, year)))) as z:
        return int(re.search(r"<Pages>(\d+)</Pages>", z.read("docProps/app.xml").decode())[1])


def footer(page) -> list[dict]:
    return [c for c in page.chars if c["top"] > BLOCK_BOTTOM and c["text"].strip()]


@pytest.mark.parametrize("ref,year", CASES)
def test_printed_html_pages_as_the_docx(printed, ref, year):
    notice = build_notice(ref, year)
    letter = notice.format == "信函"
    with pdfplumber.open(printed[f"{ref}-{year}"]) as pdf:
        pages = pdf.pages
        assert len(pages) == docx_pages(ref, year)
        assert abs(pages[0].width / MM - 210) < 1 and abs(pages[0].height / MM - 297) < 1
        for i, page in enumerate(pages):
            text = "".join(c["text"] for c in page.chars if c["text"].strip() and c["top"] <= BLOCK_BOTTOM)
            foot = footer(page)
            imprint_page = i == len(pages) - 1 and "印发" in text and not text.startswith(("附件", "一"))
            if not text or imprint_page or (letter and i == 0):  # blank, the 版记's own page, a letter's p1
                assert not foot, (i + 1, "".join(c["text"] for c in foot))
                continue
            number = "".join(c["text"] for c in foot)
            assert number == f"—{i + 1}—", (i + 1, number)
            middle = page.width / 2
            assert (foot[0]["x0"] > middle) == (i % 2 == 0), f"第{i + 1}页页码在{'右' if i % 2 else '左'}侧"
            dash = foot[0]
            below = ((dash["top"] + dash["bottom"]) / 2 - BLOCK_BOTTOM) / MM
            assert abs(below - 7) <= 1, (i + 1, below)
        labels = [i for i, page in enumerate(pages) if (page.extract_text() or "").lstrip().startswith("附件")]
        assert len(labels) == len(notice.attachments)  # each attachment starts a page of its own
        if notice.imprint.get("office") or notice.imprint.get("cc"):
            last = "".join(c["text"] for c in pages[-1].chars if c["text"].strip())
            assert last.endswith("印发") and "附件" not in last  # the 版记 alone on the last page


@pytest.mark.parametrize("ref,year", [("jintan", 2020), ("zibo", 2024)])
def test_mark_word_on_one_line(printed, ref, year):
    """文件 beside the stacked names, its two characters on one line (it split into 文 / 件)."""
    with pdfplumber.open(printed[f"{ref}-{year}"]) as pdf:
        red = [c for c in pdf.pages[0].chars if tuple(c.get("non_stroking_color") or ()) == (1.0, 0.0, 0.0)]
        wen = [c for c in red if c["text"] in ("文", "\u2f42")]  # Chromium's PDF names 文 by its radical ⽂
        jian = [c for c in red if c["text"] == "件"]
        assert wen and jian
        assert abs(wen[-1]["top"] - jian[-1]["top"]) < 1 and jian[-1]["x0"] > wen[-1]["x0"]


def test_letter_double_lines_in_print(printed):
    """national 2024 (a 函) printed: its two red double lines 170 mm wide, the second one's
    bottom edge 20 mm above the page's (10.1), the text block where the @page margins put it."""
    with pdfplumber.open(printed["national-2024"]) as pdf:
        page = pdf.pages[0]
        red = sorted((r for r in page.rects if tuple(r.get("non_stroking_color") or ()) == (1.0, 0.0, 0.0)),
                     key=lambda r: r["top"])
        assert len(red) == 4
        for r in red:
            assert abs((r["x1"] - r["x0"]) / MM - 170) <= 1 and abs((r["x0"] + r["x1"]) / 2 / MM - 106) <= 1
        assert abs(297 - red[-1]["bottom"] / MM - 20) <= 0.5
        left = min(c["x0"] for c in page.chars if c["text"].strip())
        assert abs(left / MM - 28) <= 0.5  # no body margin: the 订口 is 28 mm


@pytest.mark.parametrize("ref,year", [("jintan", 2020), ("zibo", 2024)])
def test_signature_page_holds_the_body_last_lines(printed, ref, year):
    """The 署名 and 成文日期 never stand on a page without body text (7.3.5)."""
    from generator.compose import date_text

    notice = build_notice(ref, year)
    last_para = [s for s in notice.all_sections() if s.paragraphs][-1].paragraphs[-1]
    with pdfplumber.open(printed[f"{ref}-{year}"]) as pdf:
        # NFKC: Chromium's PDF names some characters by their Kangxi radicals (⽉ for 月)
        texts = [unicodedata.normalize("NFKC", re.sub(r"\s", "", p.extract_text() or "")) for p in pdf.pages]
    date = date_text(notice.signature_date)
    page = next(t for t in texts if date in t)
    assert re.sub(r"\s", "", last_para)[-6:] in page


def test_form_header_rows_repeat(printed):
    """金坛 2020's form has no header rows at its top (its labels are rows of the form); 淄博 2024's
    two forms put theirs in <thead>, which a printed page repeats."""
    assert printed["jintan-2020-dom"] == [[]]
    heads = printed["zibo-2024-dom"]
    assert len(heads) == 2 and all(heads)
    assert "区县（单位）" in heads[1] and "线上" in heads[1]
