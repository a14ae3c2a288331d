"""The red-header .docx: open it and check what a clerk (and GB/T 9704-2012) sees."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from docx.oxml.ns import qn
from docx.shared import Mm
from lxml import etree

from generator import ROOT
from generator import gbt9704 as G
from generator.cli import main
from generator.model import Attachment, DocNumber, Notice, Organ, Section
from generator.render import render_notice
from generator.render import styles as S
from tests.render_fixtures import ALL_CASES, docx_bytes, east_asia, notice_for, open_docx, paragraphs_with

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def doc_for(ref: str, year: int):
    return open_docx(docx_bytes(ref, year))


def style_of(doc, sid: str):
    return next(s for s in doc.styles if s.style_id == sid)


def full_text(doc) -> str:
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


@pytest.mark.parametrize("ref,year", ALL_CASES)
def test_page_margins_and_grid(ref, year):
    sec = doc_for(ref, year).sections[0]
    assert abs(sec.page_width - Mm(210)) < Mm(0.1) and abs(sec.page_height - Mm(297)) < Mm(0.1)
    assert abs(sec.top_margin - Mm(37)) < Mm(0.1) and abs(sec.left_margin - Mm(28)) < Mm(0.1)
    block_w = Mm((sec.page_width - sec.left_margin - sec.right_margin) / 36000)
    block_h = Mm((sec.page_height - sec.top_margin - sec.bottom_margin) / 36000)
    assert abs(block_w - Mm(156)) < Mm(0.1) and abs(block_h - Mm(225)) < Mm(0.1)
    grid = sec._sectPr.find(qn("w:docGrid"))
    pitch = int(grid.get(qn("w:linePitch")))
    assert round(block_h.twips / pitch) == 22  # 22 lines fill the text block
    # 28 characters of 3号 (16 pt + condensed spacing) fill the 156 mm line
    spacing = doc_for(ref, year).styles.element.find(f"{W}docDefaults//{W}spacing")
    pitch_pt = 16 + int(spacing.get(qn("w:val"))) / 20
    assert int(block_w.pt / pitch_pt) == 28


def test_every_seed_opens_and_prints_its_facts():
    for ref, year in ALL_CASES:
        doc, notice = doc_for(ref, year), notice_for(ref, year)
        text = full_text(doc)
        assert notice.title.replace("\n", "") in text.replace("\n", "")
        for s in notice.all_sections():
            assert s.heading in text
        for item in notice.four_ones:
            assert item in text
        for recipient in notice.recipients:
            assert recipient in text


@pytest.mark.parametrize("sid,font,size", [
    (S.DOC_NUMBER.id, G.FONT_FS, 16), (S.TITLE.id, G.FONT_XBS, 22), (S.RECIPIENTS.id, G.FONT_FS, 16),
    (S.BODY.id, G.FONT_FS, 16), (S.HEADING1.id, G.FONT_HT, 16), (S.HEADING2.id, G.FONT_KT, 16),
    (S.HEADING3.id, G.FONT_FS, 16), (S.HEADING4.id, G.FONT_FS, 16), (S.ATTACH_NOTE.id, G.FONT_FS, 16),
    (S.SIGNATURE.id, G.FONT_FS, 16), (S.DATE.id, G.FONT_FS, 16), (S.ATTACH_LABEL.id, G.FONT_HT, 16),
    (S.ATTACH_TITLE.id, G.FONT_XBS, 22), (S.IMPRINT.id, G.FONT_FS, 14), (S.PAGE_NUMBER.id, G.FONT_ST, 14),
])
def test_named_styles_carry_official_fonts_and_sizes(sid, font, size):
    doc = doc_for("xinbei", 2024)
    style = style_of(doc, sid)
    assert style.name.startswith("公文-")
    assert east_asia(style.element.find(qn("w:rPr"))) == font
    assert style.font.size.pt == size
    # every run printed in that style names the same East Asian font
    for p in paragraphs_with(doc, sid):
        for r in p.runs:
            if r.text.strip():
                assert east_asia(r._r.rPr) == style_of(doc, r._r.xpath("string(./w:rPr/w:rStyle/@w:val)")
                                                       or sid).element.find(qn("w:rPr")).find(
                    qn("w:rFonts")).get(qn("w:eastAsia"))


def test_mark_and_rule_are_red_and_joint_issuers_stack():
    doc = doc_for("xinbei", 2024)
    mark = doc.tables[0]
    names = [row.cells[0].text for row in mark.rows]
    assert names == [o.name for o in notice_for("xinbei", 2024).issuers]
    word = mark.cell(0, 1)
    assert word.text == "文件" and word._tc.tcPr.find(qn("w:vAlign")).get(qn("w:val")) == "center"
    assert word._tc.tcPr.find(qn("w:vMerge")).get(qn("w:val")) == "restart"
    for row in mark.rows:
        for r in row.cells[0].paragraphs[0].runs:
            assert str(r.font.color.rgb) == G.RED and east_asia(r._r.rPr) == G.FONT_XBS
    rule = paragraphs_with(doc, S.RULE.id)[0]
    bottom = style_of(doc, S.RULE.id).element.find(f"{W}pPr/{W}pBdr/{W}bottom")
    assert bottom.get(qn("w:color")) == G.RED and rule.paragraph_format.left_indent in (None, 0)


@pytest.mark.parametrize("ref,year", ALL_CASES)
def test_mark_fits_the_text_block(ref, year):
    mark = doc_for(ref, year).tables[0]
    widths = [int(c.get(qn("w:w"))) for c in mark._tbl.tblGrid.findall(qn("w:gridCol"))]
    assert sum(widths) <= G.mm_to_twips(G.BLOCK_W)
    sizes = {r.font.size.pt for row in mark.rows for r in row.cells[0].paragraphs[0].runs}
    assert len(sizes) == 1
    size = sizes.pop()
    assert size <= G.MARK_MAX_PT and len(mark.rows) * size * G.MARK_LINE * G.MM_PER_PT <= G.MARK_MAX_HEIGHT_MM
    names = [row.cells[0].text for row in mark.rows]
    assert max(G.text_width(n) for n in names) * size * 20 <= widths[0]


@pytest.mark.parametrize("ref,year", ALL_CASES)
def test_doc_number_form(ref, year):
    text = paragraphs_with(doc_for(ref, year), S.DOC_NUMBER.id)[0].text
    assert re.fullmatch(rf"[^〔〕]+〔{year}〕(?:[1-9]\d*|【待填[^】]*】)号", text), text
    assert "第" not in text


def test_sections_use_the_four_heading_styles_and_run_in():
    notice = Notice(jurisdiction="测试区", year=2024, issuers=[Organ("测试区教育局")],
                    doc_number=DocNumber("测教", "2024", "1"), title="关于举办测试区2024年全民终身学习活动周的通知",
                    sections=[Section("活动内容", children=[
                        Section("开展特色活动", paragraphs=["各单位要开展活动。"], run_in=True, children=[
                            Section("社区", paragraphs=["社区开展讲座。"], children=[
                                Section("老年大学", paragraphs=["开班。"])])]),
                        Section("推广学习", paragraphs=["广泛宣传。"])])])
    doc = open_docx(render_notice(notice))
    h1 = paragraphs_with(doc, S.HEADING1.id)
    assert [p.text for p in h1] == ["一、活动内容"]
    runin = [p for p in paragraphs_with(doc, S.BODY.id) if p.text.startswith("（一）")][0]
    assert runin.text == "（一）开展特色活动。各单位要开展活动。"
    assert east_asia(runin.runs[0]._r.rPr) == G.FONT_KT and east_asia(runin.runs[-1]._r.rPr) == G.FONT_FS
    assert [p.text for p in paragraphs_with(doc, S.HEADING3.id)] == ["1.社区"]
    assert [p.text for p in paragraphs_with(doc, S.HEADING4.id)] == ["（1）老年大学"]
    assert [p.text for p in paragraphs_with(doc, S.HEADING2.id)] == ["（二）推广学习"]


def test_attachments_start_new_pages_with_label_and_title():
    doc, notice = doc_for("zibo", 2024), notice_for("zibo", 2024)
    assert len(notice.attachments) >= 2
    labels = paragraphs_with(doc, S.ATTACH_LABEL.id)
    titles = paragraphs_with(doc, S.ATTACH_TITLE.id)
    assert [p.text for p in labels] == [f"附件{i}" for i in range(1, len(notice.attachments) + 1)]
    assert [p.text.replace("\n", "") for p in titles] == [a.title for a in notice.attachments]
    assert style_of(doc, S.ATTACH_LABEL.id).paragraph_format.page_break_before
    note = paragraphs_with(doc, S.ATTACH_NOTE.id)
    assert note[0].text.startswith("附件：1. ") and note[1].text.startswith("2. ")
    # each label is followed by its title (and then its form, when there is one)
    body = list(doc.element.body)
    for label, title in zip(labels, titles, strict=True):
        assert body.index(title._p) == body.index(label._p) + 1


def test_signature_each_issuer_then_date_and_imprint_last():
    doc, notice = doc_for("jintan", 2020), notice_for("jintan", 2020)
    rows = [p.text for p in paragraphs_with(doc, S.SIGNATURE.id)]  # rows of names, in issuing order
    names = [n.strip() for row in rows for n in re.split(r"\s{2,}|\t", row)]
    assert names == [o.seal or o.name for o in notice.issuers] and len(names) == 4 and len(rows) <= 3
    assert paragraphs_with(doc, S.DATE.id)[0].text == "2020年" + notice.signature_date[5:7].lstrip("0") + "月" \
        + notice.signature_date[8:].lstrip("0") + "日"
    imprint = paragraphs_with(doc, S.IMPRINT.id)
    assert doc.paragraphs[-1]._p is imprint[-1]._p
    lines = [p for p in imprint if p.text]
    assert len(lines) == 1 and lines[0].text.endswith("印发")
    # the 版记 is one frame at the foot of the block: rule (0.35 mm), 印发 line, rule (0.35 mm);
    # each rule an empty paragraph of that exact height, shaded black, with no indents (156 mm)
    assert [bool(p.text) for p in imprint] == [False, True, False]
    for rule in (imprint[0], imprint[-1]):
        ppr = rule._p.pPr
        assert ppr.find(f"{W}shd").get(qn("w:fill")) == "000000"
        assert ppr.find(f"{W}spacing").get(qn("w:line")) == str(round(G.IMPRINT_OUTER_EIGHTHS * 2.5))
        assert ppr.find(f"{W}ind").get(qn("w:left")) == "0" and ppr.find(f"{W}ind").get(qn("w:right")) == "0"
    frames = {etree.tostring(p._p.find(f"{W}pPr/{W}framePr")) for p in imprint}
    frame = imprint[0]._p.find(f"{W}pPr/{W}framePr")
    assert len(frames) == 1 and frame.get(qn("w:yAlign")) == "bottom" and frame.get(qn("w:vAnchor")) == "margin"
    assert frame.get(qn("w:w")) == str(G.mm_to_twips(G.BLOCK_W))


def test_page_number_fields_odd_right_even_left():
    doc = doc_for("xinbei", 2024)
    assert doc.settings.odd_and_even_pages_header_footer
    sec = doc.sections[0]
    for footer, side in ((sec.footer, "right"), (sec.even_page_footer, "left")):
        p = footer.paragraphs[0]
        assert p._p.xpath("string(.//w:instrText)").strip() == "PAGE"
        assert p.text.startswith("— ") and p.text.endswith(" —")
        assert p._p.xpath("string(./w:pPr/w:jc/@w:val)") == side
        assert all(east_asia(r._r.rPr) == G.FONT_ST for r in p.runs)


def test_imprint_has_its_own_unnumbered_even_page_section():
    doc = doc_for("jintan", 2020)  # its form fills the attachment page: the 版记 goes on the next
    main_sec, imprint_sec = doc.sections
    assert imprint_sec._sectPr.xpath("string(./w:type/@w:val)") == "evenPage"
    for footer in (imprint_sec.footer, imprint_sec.even_page_footer):
        assert not footer.is_linked_to_previous and footer.paragraphs[0].text == ""
        assert not footer._element.xpath(".//w:instrText")
    first_imprint = paragraphs_with(doc, S.IMPRINT.id)[0]._p
    assert first_imprint.getprevious().xpath("count(./w:pPr/w:sectPr)") == 1  # the section break sits right before


def test_placeholders_render_highlighted():
    doc, notice = doc_for("xinbei", 2027), notice_for("xinbei", 2027)
    number = paragraphs_with(doc, S.DOC_NUMBER.id)[0]
    assert re.search(r"〔2027〕【待填[^】]*】号", number.text)
    highlighted = [r for p in doc.paragraphs for r in p.runs
                   if r._r.xpath("string(./w:rPr/w:highlight/@w:val)") == "yellow"]
    assert highlighted and all(re.fullmatch(r"【待填(：[^】]*)?】", r.text) for r in highlighted)
    tokens = re.findall(r"【待填(?:：[^】]*)?】", "\n".join(p.text for p in doc.paragraphs))
    assert len(tokens) == len(highlighted)
    assert notice.placeholders


def test_user_text_is_escaped():
    nasty = "A&B <b>粗</b> {{ title }} {% if x %}"
    notice = Notice(jurisdiction="测试区", year=2024, issuers=[Organ(f"测试区{nasty}局")],
                    doc_number=DocNumber("测&教", "2024", "1"), title=f"关于{nasty}的通知",
                    recipients=[nasty], sections=[Section(nasty, paragraphs=[nasty])],
                    attachments=[Attachment(nasty)], imprint={"cc": nasty, "office": nasty, "date": "2024-01-02"},
                    signature_date="2024-01-02")
    doc = open_docx(render_notice(notice))
    text = full_text(doc)
    assert text.count(nasty) >= 7
    assert f"关于{nasty}的通知" in text.replace("\n", "")


def test_same_inputs_give_identical_bytes():
    first = render_notice(notice_for("jintan", 2020))
    assert render_notice(notice_for("jintan", 2020)) == first == docx_bytes("jintan", 2020)


def test_committed_template_is_what_the_build_script_makes():
    script = ROOT / "scripts" / "build_template.py"
    proc = subprocess.run([sys.executable, str(script), "--check"], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout


def test_title_lines_are_balanced():
    title = paragraphs_with(doc_for("xinbei", 2024), S.TITLE.id)[0]
    assert title._p.xpath("count(.//w:br)") == 1
    lines = title.text.split("\n")
    assert lines == ["关于举办新北区2024年", "全民终身学习活动周的通知"]


def test_draft_command_refuses_overwrite(tmp_path, capsys):
    out = tmp_path / "n.docx"
    assert main(["draft", "xinbei", "--year", "2024", "-o", str(out)]) == 0
    assert out.read_bytes() == docx_bytes("xinbei", 2024)
    out.write_bytes(b"mine")
    assert main(["draft", "xinbei", "--year", "2024", "-o", str(out)]) == 2
    assert "--force" in capsys.readouterr().err and out.read_bytes() == b"mine"
    assert main(["draft", "xinbei", "--year", "2024", "-o", str(out), "--force"]) == 0
    assert out.read_bytes() == docx_bytes("xinbei", 2024)
    assert not [f for f in tmp_path.iterdir() if f.name.startswith(".")]  # no temp files left


def test_single_attachment_is_labelled_without_number_and_referred_to_as_such():
    """GB/T 9704-2012 8: one attachment is 附件 alone, in the 附件说明, on its page and in the body;
    the standalone form file carries the same label."""
    from generator.forms import build_form_docx

    doc, notice = doc_for("xinbei", 2024), notice_for("xinbei", 2024)
    assert len(notice.attachments) == 1
    assert [p.text for p in paragraphs_with(doc, S.ATTACH_LABEL.id)] == ["附件"]
    assert [p.text for p in paragraphs_with(doc, S.ATTACH_NOTE.id)] == ["附件：2024年全民终身学习活动周主要活动安排表"]
    body = "\n".join(p.text for p in doc.paragraphs)
    assert "活动周主要活动安排表（见附件）" in body and "（附件1）" not in body
    form = open_docx(build_form_docx(notice, 1))
    assert form.paragraphs[0].text == "附件"


def test_draft_tells_the_clerk_what_to_fill_in(tmp_path, capsys):
    assert main(["draft", "xinbei", "--year", "2027", "-o", str(tmp_path / "n.docx")]) == 0
    out = capsys.readouterr().out
    assert "处待填，已黄色标出" in out and "待填项（" in out
    assert "citations.national.doc_number：档案中没有教育部2027年通知的文号" in out
    assert "未核对法定节假日" in out  # 2027 is beyond the holiday calendar
    assert main(["draft", "xinbei", "--year", "2024", "-o", str(tmp_path / "m.docx")]) == 0
    assert "待填项" not in capsys.readouterr().out


def test_cc_wraps_under_the_first_copied_organ():
    """GB/T 9704-2012 7.4.2: 抄送 左右各空一字 in 4号; a second line starts under the character after 抄送：."""
    import copy

    notice = copy.deepcopy(notice_for("xinbei", 2024))
    notice.imprint = dict(notice.imprint, cc="常州市教育局，常州市委宣传部，常州国家高新区党工委办公室，"
                                             "常州国家高新区管委会办公室，区人大办，区政协办")
    doc = open_docx(render_notice(notice))
    imprint = paragraphs_with(doc, S.IMPRINT.id)
    assert [bool(p.text) for p in imprint] == [False, True, False, True, False]  # rule, 抄送, rule, 印发, rule
    inner = imprint[2]._p.pPr.find(f"{W}spacing").get(qn("w:line"))
    assert inner == str(round(G.IMPRINT_INNER_EIGHTHS * 2.5))  # 0.25 mm between, 0.35 mm outside
    cc = imprint[1]
    assert cc.text.startswith("抄送：") and cc.text.endswith("区政协办。")
    fmt, char = cc.paragraph_format, G.char_twips(G.SIZE_4)
    colon = 3 * (char + G.char_spacing_twips())  # 抄送： on the condensed grid
    assert fmt.left_indent.twips + fmt.first_line_indent.twips == char  # 抄 one 4号 character in
    assert -fmt.first_line_indent.twips == colon and fmt.right_indent.twips == char
    ind = cc._p.find(f"{W}pPr/{W}ind")
    assert ind.get(qn("w:leftChars")) == "0" and ind.get(qn("w:hangingChars")) == "0"  # twips, not the style chars
