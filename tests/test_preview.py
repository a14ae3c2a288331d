"""Previews through LibreOffice: the PDF a clerk would print, measured on the page."""

from __future__ import annotations

import re
import subprocess
from functools import cache
from pathlib import Path

import pytest

from generator import gbt9704 as G
from generator.cli import main
from generator.preview import docx_to_pdf, preview_env
from tests.render_fixtures import ALL_CASES, docx_bytes

PT_PER_MM = 72 / 25.4
DPI = 200


@cache
def pdf_for(ref: str, year: int, tmp: Path) -> Path:
    src = tmp / f"{ref}-{year}.docx"
    src.write_bytes(docx_bytes(ref, year))
    return docx_to_pdf(src, tmp)


@pytest.fixture(scope="module")
def work(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("preview")


def page_count(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def red_runs(pdf: Path, page: int = 1) -> list[tuple[int, int, int]]:
    """Every horizontal run of red pixels on ``page`` as (row, first column, length) at DPI."""
    ppm = subprocess.run(["pdftoppm", "-r", str(DPI), "-f", str(page), "-l", str(page), "-singlefile", str(pdf)],
                         capture_output=True, check=True).stdout
    parts = ppm.split(maxsplit=4)  # P6 width height maxval data
    width, height, data = int(parts[1]), int(parts[2]), parts[4]
    runs = []
    for y in range(height):
        row = data[y * width * 3:(y + 1) * width * 3]
        x = 0
        while x < width:
            if row[3 * x] > 180 and row[3 * x + 1] < 90 and row[3 * x + 2] < 90:
                start = x
                while x < width and row[3 * x] > 180 and row[3 * x + 1] < 90 and row[3 * x + 2] < 90:
                    x += 1
                runs.append((y, start, x - start))
            x += 1
    return runs


def text_lines(pdf: Path, page: int) -> list[float]:
    """The distinct baselines (yMax, pt) of words inside the text block on ``page``."""
    html = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout
    top, bottom = G.MARGIN_TOP * PT_PER_MM, (G.MARGIN_TOP + G.BLOCK_H) * PT_PER_MM
    ys = sorted(float(chunk.split('"')[0]) for chunk in html.split('yMax="')[1:])
    lines: list[float] = []
    for y in ys:
        if top - 2 <= y <= bottom + 2 and (not lines or y - lines[-1] > 5):
            lines.append(y)
    return lines


@pytest.mark.parametrize("ref,year", ALL_CASES)
def test_libreoffice_opens_every_draft(ref, year, work):
    pdf = pdf_for(ref, year, work)
    assert page_count(pdf) >= 3


def test_red_rule_spans_the_text_block(work):
    pdf = pdf_for("xinbei", 2024, work)
    y, start, length = max(red_runs(pdf), key=lambda r: r[2])
    mm = 25.4 / DPI
    assert abs(length * mm - G.BLOCK_W) <= 2, length * mm
    assert abs(start * mm - G.MARGIN_LEFT) <= 2, start * mm
    assert 37 + 35 < y * mm < 37 + 110  # under the mark and the 文号, above the title


def test_full_body_page_holds_22_lines(work):
    pdf = pdf_for("xinbei", 2024, work)
    lines = text_lines(pdf, 2)
    assert abs(len(lines) - G.LINES_PER_PAGE) <= 1, lines
    pitch = (lines[-1] - lines[0]) / (len(lines) - 1)
    assert abs(pitch - G.BLOCK_H * PT_PER_MM / 22) < 1.5


def test_page_numbers_alternate_sides(work):
    pdf = pdf_for("xinbei", 2024, work)
    for page, right in ((1, True), (2, False)):
        html = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
                              capture_output=True, text=True, check=True).stdout
        word = next(w for w in html.split("<word ")[1:] if f">{page}</word>" in w)
        x_min = float(word.split('xMin="')[1].split('"')[0])
        assert (x_min > 105 * PT_PER_MM) is right


@pytest.mark.parametrize("ref,year", [("zibo", 2024), ("jintan", 2020)])
def test_imprint_page_is_last_and_unnumbered(ref, year, work):
    """A 版记 that cannot stand at the foot of the last page has its own, unnumbered (7.5); 新北
    2024's stands at the foot of its attachment's page (tests/test_print.py)."""
    pdf = pdf_for(ref, year, work)
    last = page_count(pdf)

    def page_text(page: int) -> str:
        return subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"],
                              capture_output=True, text=True, check=True).stdout

    assert "印发" in page_text(last) and "—" not in page_text(last)
    before = page_text(last - 1)
    if before.strip():  # the page before carries "— N —" unless it is the blank one before an even 版记
        assert f"{last - 1}" in before.split("—")[-2]
    else:
        assert last % 2 == 0


def test_fontconfig_maps_official_names_to_free_fonts():
    for name, expected in (("方正小标宋简体", "Noto Serif CJK SC"), ("仿宋_GB2312", "AR PL UMing"),
                           ("楷体_GB2312", "AR PL UKai"), ("黑体", "Noto Sans CJK SC"), ("宋体", "Noto Serif CJK SC")):
        found = subprocess.run(["fc-match", "-f", "%{family}", name], env=preview_env(),
                               capture_output=True, text=True, check=True).stdout
        assert expected in found, (name, found)


def test_preview_command_png_and_pdf(tmp_path, capsys):
    src = tmp_path / "n.docx"
    src.write_bytes(docx_bytes("xinbei", 2027))
    png, pdf = tmp_path / "n.png", tmp_path / "n.pdf"
    assert main(["preview", str(src), "-o", str(png)]) == 0
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert main(["preview", str(src), "-o", str(pdf)]) == 0
    assert pdf.read_bytes()[:5] == b"%PDF-" and page_count(pdf) >= 3
    assert main(["preview", str(src), "-o", str(png)]) == 2  # exists, no --force
    assert main(["preview", str(src), "-o", str(tmp_path / "n.txt")]) == 2
    assert main(["preview", str(tmp_path / "missing.docx"), "-o", str(tmp_path / "m.pdf")]) == 2
    assert "错误" in capsys.readouterr().err


def page_texts(pdf: Path) -> list[str]:
    """Each page's text with the whitespace pdftotext puts between CJK and digits removed."""
    out = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return ["".join(page.split()) for page in out.split("\f")]


@pytest.mark.parametrize("ref,year", [c for c in ALL_CASES if c != ("zibo", 2024)])
def test_date_shares_its_page_with_the_signatures_and_the_body(ref, year, work):
    """GB/T 9704-2012 7.3.5: the 成文日期 sits under the 署名 where the seals go, the first seal
    within a line of the body or 附件说明: no page holding only the date, or only the signature."""
    from generator.compose import date_text as _date_text
    from tests.render_fixtures import notice_for

    notice = notice_for(ref, year)
    pages = page_texts(pdf_for(ref, year, work))
    date = _date_text(notice.signature_date)
    page = next(p for p in pages if date in p and "印发" not in p)
    for organ in notice.issuers:
        assert (organ.seal or organ.name) in page
    last_body = "".join(([notice.opening] + [t for s in notice.all_sections() for t in s.paragraphs])[-1].split())
    assert last_body[-12:] in page
    if notice.attachments:
        assert "附件：" in page


def words(pdf: Path, page: int) -> list[tuple[float, float, float, str]]:
    """(xMin, yMin, xMax, text) of every word pdftotext finds on ``page``, in reading order."""
    html = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout
    out = []
    for chunk in html.split("<word ")[1:]:
        attrs, text = chunk.split(">", 1)
        x0, y0, x1 = (float(attrs.split(f'{k}="')[1].split('"')[0]) for k in ("xMin", "yMin", "xMax"))
        out.append((x0, y0, x1, text.split("</word>")[0]))
    return out


def test_attachment_note_numbers_and_wrapped_names_align(work):
    """GB/T 9704-2012 7.3.4: 附件：1. name; a long name wraps under its own first character."""
    pdf = pdf_for("zibo", 2024, work)
    page = next(i for i, text in enumerate(page_texts(pdf), 1) if "附件：1." in text)
    found = words(pdf, page)
    start = next(i for i, w in enumerate(found) if w[3].startswith("附件：1."))
    end = next(i for i, w in enumerate(found) if w[3] == "淄博市教育局")
    lines: dict[float, list[tuple[float, str]]] = {}
    for x0, y0, _, text in found[start:end]:
        lines.setdefault(round(y0), []).append((x0, text))
    rows = [sorted(ws) for _, ws in sorted(lines.items())]
    name_x = rows[0][1][0]  # the word after 附件：1.
    numbers = [row[0][0] for row in rows[1:] if row[0][1][:-1].isdigit() and row[0][1].endswith(".")]
    wrapped = [row[0][0] for row in rows[1:] if not row[0][1].endswith(".")]
    assert len(numbers) == 3 and wrapped, rows
    assert max(numbers) - min(numbers) < 1 and abs(numbers[0] - (rows[0][0][0] + 3 * 16)) < 2  # under the 1.
    for row in rows[1:]:
        x = row[1][0] if row[0][1].endswith(".") else row[0][0]
        assert abs(x - name_x) < 1.5, (row, name_x)


@pytest.mark.parametrize("ref,year", [("xinbei", 2024), ("nanchang", 2023)])
def test_imprint_office_and_date_one_4hao_character_in(ref, year, work):
    """GB/T 9704-2012 7.4.3: 印发机关 左空一字, 印发日期 右空一字 — a 4号 (14 pt) character."""
    pdf = pdf_for(ref, year, work)
    boxes = words(pdf, page_count(pdf))
    left, right = G.MARGIN_LEFT * PT_PER_MM, (G.MARGIN_LEFT + G.BLOCK_W) * PT_PER_MM
    issued = next(b for b in boxes if b[3].endswith("印发"))
    office = min((b for b in boxes if abs(b[1] - issued[1]) < 2), key=lambda b: b[0])  # its line's first word
    assert abs(right - issued[2] - G.SIZE_4) < 1.5, right - issued[2]
    assert abs(office[0] - left - G.SIZE_4) < 1.5, office[0] - left


def rules_mm(pdf: Path, page: int, dpi: int = 600, from_mm: float = 150.0) -> list[tuple[float, float, float, float]]:
    """Dark horizontal lines at least 100 mm long below ``from_mm`` on ``page``, as
    (top, thickness, left, length) in mm — LibreOffice draws the 版记 rules as filled shapes."""
    px = 25.4 / dpi
    y0 = round(from_mm / px)
    pgm = subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-f", str(page), "-l", str(page), "-y", str(y0),
                          "-H", str(round((G.PAGE_H - from_mm) / px)), "-W", str(round(G.PAGE_W / px)),
                          "-singlefile", str(pdf)], capture_output=True, check=True).stdout
    parts = pgm.split(maxsplit=4)  # P5 width height maxval data
    width, height, data = int(parts[1]), int(parts[2]), parts[4]
    dark = bytes(0x31 if v < 128 else 0x30 for v in range(256))
    rows = []
    for y in range(height):
        row = data[y * width:(y + 1) * width].translate(dark)
        longest = max(row.split(b"0"), key=len)
        if len(longest) * px >= 100:
            rows.append((y, row.find(longest), len(longest)))
    rules: list[list[tuple[int, int, int]]] = []
    for row in rows:
        if rules and row[0] - rules[-1][-1][0] == 1:
            rules[-1].append(row)
        else:
            rules.append([row])
    return [((r[0][0] + y0) * px, len(r) * px, min(x[1] for x in r) * px, max(x[2] for x in r) * px) for r in rules]


def test_imprint_with_cc_sits_at_the_bottom_between_three_rules(tmp_path):
    """GB/T 9704-2012 7.4: 抄送 and 印发 lines at the foot of the last page, each between rules as
    wide as the text block (0.35 mm first and last, 0.25 mm between), the last on the block's
    bottom edge. With a 抄送 line LibreOffice used to drop the frame: 版记 on top, no rules."""
    import copy

    from generator.assemble import build_notice
    from generator.render import render_notice

    notice = copy.deepcopy(build_notice("xinbei", 2024))
    notice.imprint = dict(notice.imprint, cc="常州市教育局，常州国家高新区（新北区）党政办公室，"
                                             "区各镇人民政府、各街道办事处，区社会事业局")
    src = tmp_path / "cc.docx"
    src.write_bytes(render_notice(notice))
    pdf = docx_to_pdf(src, tmp_path)
    last = page_count(pdf)
    block_bottom = G.MARGIN_TOP + G.BLOCK_H
    foot = 200.0  # the 版记 shares the attachment's page: its lines and rules are under the form
    boxes = [(x0 / PT_PER_MM, y0 / PT_PER_MM, text) for x0, y0, _, text in words(pdf, last) if y0 / PT_PER_MM > foot]
    cc = [b for b in boxes if b[2].startswith("抄送：")]
    issued = [b for b in boxes if b[2].endswith("印发")]
    assert len(cc) == 1 and len(issued) == 1, boxes
    wrapped = [b for b in boxes if cc[0][1] + 3 < b[1] < issued[0][1] - 3]  # the 抄送 line wraps
    assert wrapped and all(b[1] > G.MARGIN_TOP + G.BLOCK_H * 0.75 for b in boxes), boxes
    assert abs(wrapped[0][0] - (cc[0][0] + 3 * G.SIZE_4 / PT_PER_MM)) < 1.5  # under the first organ

    rules = rules_mm(pdf, last, from_mm=foot)
    assert len(rules) == 3, rules
    for _, _, left, length in rules:
        assert abs(length - G.BLOCK_W) <= 2 and abs(left - G.MARGIN_LEFT) <= 2, rules
    first, middle, bottom = rules
    assert first[0] < cc[0][1] < middle[0] < issued[0][1] < bottom[0], (rules, cc, issued)
    assert abs(bottom[0] + bottom[1] - block_bottom) < 1.5, bottom
    assert 0.25 <= first[1] <= 0.5 and 0.25 <= bottom[1] <= 0.5 and 0.15 <= middle[1] <= 0.35, rules
    assert middle[1] < first[1] and middle[1] < bottom[1], rules


def test_imprint_without_cc_has_two_rules_at_the_bottom(work):
    pdf = pdf_for("xinbei", 2024, work)
    rules = rules_mm(pdf, page_count(pdf), from_mm=200.0)  # under the attachment's form on the same page
    assert len(rules) == 2, rules
    for _, _, left, length in rules:
        assert abs(length - G.BLOCK_W) <= 2 and abs(left - G.MARGIN_LEFT) <= 2, rules
    assert abs(rules[-1][0] + rules[-1][1] - (G.MARGIN_TOP + G.BLOCK_H)) < 1.5, rules


def _page_texts(pdf: Path) -> list[str]:
    return [subprocess.run(["pdftotext", "-f", str(i), "-l", str(i), str(pdf), "-"],
                           capture_output=True, text=True, check=True).stdout for i in range(1, page_count(pdf) + 1)]


@pytest.mark.parametrize("ref,year", [("xinbei", 2024), ("jintan", 2020), ("nanchang", 2023), ("zibo", 2024)])
def test_each_form_in_the_draft_stays_on_its_attachment_page(ref, year, work):
    """The form's title, its last row's text and the lines under it share the 附件 page
    (cells snapped to the body's 22-line grid used to push the 安排表 onto a second page)."""
    from generator import forms
    from generator.assemble import build_notice

    notice = build_notice(ref, year)
    pages = [re.sub(r"\s", "", t) for t in _page_texts(pdf_for(ref, year, work))]
    for i, a in enumerate(notice.attachments, 1):
        if not a.form:
            continue
        lay = forms.layout(notice, i)
        label = forms.attachment_label(notice, i)
        page = next(t for t in pages if t.startswith(label + re.sub(r"\s", "", a.title)[:6]))
        last_row = [re.sub(r"\s", "", c.text) for c in lay.cells if c.row == lay.n_rows - 1 and c.text]
        for text in [*last_row, *(re.sub(r"\s", "", line)[:6] for line in lay.below)]:
            assert text in page, (ref, a.title, text)
