"""The .xlsx forms as a superior prints and totals them (issue 22): A4 turned as the form is,
the GB/T 9704 margins, one page wide, the header rows repeated, the form as the print area,
合计 as SUM formulas, the 注 wrapped — and LibreOffice Calc's PDF of each: one page wide,
every column's header on the page."""

from __future__ import annotations

import dataclasses
import io
import shutil
import subprocess
from collections import Counter
from functools import cache
from pathlib import Path

import openpyxl
import pdfplumber
import pytest

from generator import gbt9704 as G
from generator.assemble import build_notice
from generator.forms import build_summary_xlsx, known_forms, layout
from generator.model import Attachment, Notice
from generator.preview import preview_env

MM = 72 / 25.4


@cache
def notice_with(kind: str) -> Notice:
    """淄博 2024 with a last attachment of form ``kind``: its own (开展情况汇总表, with the 注 of
    its deadline) or one more (every form kind gets a sheet)."""
    zibo = build_notice("zibo", 2024)
    own = [a for a in zibo.attachments if a.form == kind]
    rest = [a for a in zibo.attachments if a.form != kind]
    # a generic form is a source table of no known kind: it comes with the source's headings
    columns = ["单位名称", "活动名称", "活动时间", "参与人数", "备注"] if kind == "generic" else []
    extra = own or [Attachment(f"2024年淄博市全民终身学习活动周{kind}情况表", form=kind, columns=columns)]
    return dataclasses.replace(zibo, attachments=[*rest, *extra])


KINDS = sorted(known_forms())


def sheet(kind: str):
    notice = notice_with(kind)
    return openpyxl.load_workbook(io.BytesIO(build_summary_xlsx(notice, len(notice.attachments)))).active


@pytest.mark.parametrize("kind", KINDS)
def test_page_setup(kind):
    notice = notice_with(kind)
    lay = layout(notice, len(notice.attachments))
    ws = sheet(kind)
    assert int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4)
    assert ws.page_setup.orientation == ("landscape" if lay.form.landscape else "portrait")
    margins = sorted(round(m * 25.4, 1) for m in (ws.page_margins.left, ws.page_margins.right,
                                                   ws.page_margins.top, ws.page_margins.bottom))
    assert margins == sorted([G.MARGIN_TOP, G.MARGIN_BOTTOM, G.MARGIN_LEFT, G.MARGIN_RIGHT])
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert (int(ws.page_setup.fitToWidth), int(ws.page_setup.fitToHeight)) == (1, 0)
    assert ws.print_area == f"'{ws.title}'!$A$1:${openpyxl.utils.get_column_letter(len(lay.form.columns))}${ws.max_row}"
    lines = [r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value in [lay.title, *lay.above, *lay.below]]
    assert len(lines) == 1 + len(lay.above) + len(lay.below)
    for r in lines:
        assert ws.cell(r, 1).alignment.wrap_text and ws.row_dimensions[r].height >= 14


def test_note_wraps_over_its_lines():
    """开展情况汇总表's 注 (its deadline, office and e-mail: about 70 characters) wraps over two
    lines and its row is two lines high."""
    ws = sheet("summary_report")
    note = next(r for r in range(1, ws.max_row + 1) if str(ws.cell(r, 1).value or "").startswith("注："))
    assert len(ws.cell(note, 1).value) > 60 and ws.row_dimensions[note].height >= 2 * 12 * 1.4


def test_totals_are_formulas():
    """开展情况汇总表: the 合计 row sums the counted columns over the rows above it, not 备注."""
    ws = sheet("summary_report")
    assert ws.print_title_rows  # the two header rows repeat on every printed page
    total = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "合计")
    formulas = [ws.cell(total, j).value for j in range(2, ws.max_column + 1)]
    assert all(str(f).startswith("=SUM(") for f in formulas[:-1]), formulas
    assert formulas[-1] is None  # 备注
    assert formulas[0] == f"=SUM(B{total - 5}:B{total - 1})"  # the five blank rows to fill in


@pytest.fixture(scope="module")
def calc_pdfs(tmp_path_factory) -> dict[str, Path]:
    soffice = shutil.which("soffice")
    if not soffice:
        pytest.fail("LibreOffice (soffice) is not installed: run scripts/setup.sh")
    work = tmp_path_factory.mktemp("xlsx")
    files = []
    for kind in KINDS:
        notice = notice_with(kind)
        path = work / f"{kind}.xlsx"
        path.write_bytes(build_summary_xlsx(notice, len(notice.attachments)))
        files.append(path)
    profile = (work / "lo-profile").resolve().as_uri()
    proc = subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore",
                           "--convert-to", "pdf:calc_pdf_Export", "--outdir", str(work), *map(str, files)],
                          env=preview_env(), capture_output=True, timeout=600, check=False)
    out = {p.stem: work / f"{p.stem}.pdf" for p in files}
    missing = [k for k, p in out.items() if not p.exists()]
    assert not missing, (missing, proc.stderr.decode("utf-8", "replace")[-500:])
    return out


@pytest.mark.parametrize("kind", KINDS)
def test_calc_prints_one_page_wide_with_every_column(calc_pdfs, kind):
    """LibreOffice Calc's PDF: every page holds the form's full width (each header word of every
    column on the first page, nothing past the right margin), pages only one under another."""
    notice = notice_with(kind)
    lay = layout(notice, len(notice.attachments))
    with pdfplumber.open(calc_pdfs[kind]) as pdf:
        first = pdf.pages[0]
        text = first.extract_text().replace(" ", "").replace("\n", "")
        seen = Counter(ch["text"] for ch in first.chars)
        for c in lay.cells:  # a header wraps inside its cell: its characters, all on the page
            if c.bold and c.text:
                assert not Counter(c.text.replace(" ", "")) - seen, (c.text, kind)
        for page in pdf.pages:
            right = max((ch["x1"] for ch in page.chars), default=0)
            assert right <= page.width - 20 * MM, (kind, right / MM)
            edges = [r["x1"] for r in page.rects + page.lines]
            assert max(edges, default=0) <= page.width - 20 * MM
        landscape = first.width > first.height
        assert landscape == lay.form.landscape
        assert "合计" not in text or "0" in text  # the formulas computed (an empty form totals 0)
