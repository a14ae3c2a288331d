""".docx as clerks write them in Word/WPS, built from raw OOXML (tests/ooxml_docs.py):
automatic numbering, a text-box red header, a content-control title, a signature block in
a table with a DATE field, tracked changes — read and linted exactly as the plain-text twin."""

from __future__ import annotations

import re
from pathlib import Path

from lint_helpers import draft_text
from ooxml_docs import NS, date_field, numbered, para, run, sdt, table, textbox, write_docx

from generator.docxtext import cn_count, format_number
from generator.lint import lint_file
from generator.model import Location
from generator.reader import read_notice

L1 = re.compile(r"^[一二三四五六七八九十]+、")
L2 = re.compile(r"^（[一二三四五六七八九十]+）")


def _word_twin(tmp_path: Path) -> tuple[Path, Path]:
    """The xinbei 2024 draft as .txt, and as a .docx laid out as Word users do."""
    lines = draft_text("xinbei", 2024).split("\n\n")
    signers = slice(36, 39)
    assert lines[38] == "2024年10月18日" and lines[1].startswith("常新教")
    body = []
    for i, text in enumerate(lines):
        text = text.strip()
        if i == 0:
            continue  # the red mark: a text box anchored in the 文号's paragraph
        if i == 1:
            body.append(para(textbox(re.split(r"\s{2}", lines[0].replace("  文件", ""))) + run(text)))
        elif i == 2:
            body.append(sdt(para(run(text))))
        elif L1.match(text):  # level 1 by the heading style (one by a style based on it)
            body.append(numbered(L1.sub("", text), style="10" if text.startswith("三") else "1"))
        elif L2.match(text):
            body.append(numbered(L2.sub("", text), ilvl=1))
        elif text == "成立全民终身学习活动周组织委员会。":  # a tracked change Word shows accepted
            body.append(para(run("成立") + '<w:del w:id="1" w:author="a"><w:r><w:delText>老的</w:delText></w:r>'
                             '</w:del><w:ins w:id="2" w:author="a">' + run("全民终身学习活动周") + "</w:ins>"
                             + run("组织委员会。")))
        elif i == signers.start:
            body.append(table([[para(run(lines[36]))], [para(run(lines[37]))], [para(date_field(lines[38]))]]))
        elif signers.start < i < signers.stop:
            continue
        else:
            body.append(para(run(text)))
    docx_path = write_docx(tmp_path / "word.docx", "".join(body))
    txt = tmp_path / "word.txt"
    txt.write_text("\n\n".join(lines), encoding="utf-8")
    return docx_path, txt


def _view(result) -> list[tuple]:
    return [(f.rule, f.severity, f.message, f.excerpt) for f in result.findings if not f.rule.startswith("NK-L")]


def test_word_docx_reads_and_lints_as_its_plain_text_twin(tmp_path: Path):
    docx_path, txt = _word_twin(tmp_path)
    a, b = read_notice(docx_path), read_notice(txt)
    assert a.notice.to_dict() == b.notice.to_dict()
    assert a.header == b.header == ["中共常州国家高新区工委（新北区委）宣传统战部", "常州国家高新区（新北区）教育局"]
    assert [s.label for s in a.notice.sections] == ["一、", "二、", "三、", "四、", "五、"]
    assert [c.label for c in a.notice.sections[3].children][:2] == ["（一）", "（二）"]
    assert a.locs["header"] == Location("textbox", 1)
    for profile in ((None, None), ("xinbei", 2024)):
        assert _view(lint_file(docx_path, *profile)) == _view(lint_file(txt, *profile))


def test_a_slip_in_an_automatic_label_or_text_box_is_found(tmp_path: Path):
    """Word's list restarted by a new w:num, a skipped level, a 文号 with square brackets in
    the text box: what the reader computes is what lint judges."""
    body = [para(textbox(["新北区教育局文件", "常新教[2024] 76号"])),
            para(run("关于举办新北区2024年全民终身学习活动周的通知")), para(run("各中小学：")),
            para(run("现将有关事项通知如下。")),
            numbered("活动主题", style="1"), para(run("让学习成为一种生活方式")),
            numbered("活动时间", style="1"), numbered("第一天", ilvl=0, num_id=2), numbered("第二天", ilvl=0, num_id=2),
            numbered("另起", ilvl=0, num_id=3),
            numbered("具体要求", style="1"), numbered("组织", ilvl=1), numbered("宣传", ilvl=1)]
    r = read_notice(write_docx(tmp_path / "n.docx", "".join(body)))
    labels = [(s.label, s.heading) for s in r.notice.all_sections()]
    assert labels == [("一、", "活动主题"), ("二、", "活动时间"), ("1.", "第一天"), ("2.", "第二天"), ("1.", "另起"),
                      ("三、", "具体要求"), ("（一）", "组织"), ("（二）", "宣传")]
    assert r.raw["doc_number"] == "常新教[2024] 76号" and r.locs["doc_number"] == Location("textbox", 2)
    result = lint_file(tmp_path / "n.docx")
    assert ("NK-F-HEADING-SEQ", Location("paragraph", 10)) in [(f.rule, f.location) for f in result.findings]
    assert ("NK-F-DOCNO-FORM", Location("textbox", 2)) in [(f.rule, f.location) for f in result.findings]


def test_page_header_red_mark_fields_and_deleted_text(tmp_path: Path):
    """A red mark in the page header (WPS templates), a field's code and a deletion are not text."""
    body = [para(run("常新教〔2024〕76号")), para(run("关于举办新北区2024年全民终身学习活动周的通知")),
            para(run("各中小学：") + '<w:del w:id="1" w:author="x"><w:r><w:delText>错字</w:delText></w:r></w:del>'),
            para(run("现将有关事项通知如下。")), numbered("活动主题", style="1"),
            para('<w:fldSimple w:instr=" MERGEFIELD 主题 ">' + run("让学习成为一种生活方式") + "</w:fldSimple>")]
    f = write_docx(tmp_path / "h.docx", "".join(body), page_header=para(run("常州市新北区教育局文件")))
    r = read_notice(f)
    assert r.header == ["常州市新北区教育局"] and r.locs["header"] == Location("pageheader", 1)
    assert r.notice.recipients == ["各中小学"] and r.notice.theme == "让学习成为一种生活方式"
    assert not any("MERGEFIELD" in ln.raw or "错字" in ln.raw for ln in r.lines)


def test_number_formats():
    assert [cn_count(n) for n in (1, 10, 11, 20, 21, 99)] == ["一", "十", "十一", "二十", "二十一", "九十九"]
    assert format_number(3, "decimalEnclosedCircle") == "③" and format_number(12, "decimalFullWidth") == "１２"
    assert format_number(4, "upperRoman") == "IV" and format_number(2, "ideographTraditional") == "乙"


def test_page_number_form_as_word_and_wps_write_the_footer():
    """The footer's PAGE field as a complex field (Word's page-number gallery wraps it in a
    content control), as w:fldSimple (WPS), beside NUMPAGES: read as the form it shows."""
    from lxml import etree

    from generator.docxtext import W
    from generator.lint.layout import page_number_form

    def forms(footer: str) -> list[str | None]:
        root = etree.fromstring(f"<w:ftr {NS}>{footer}</w:ftr>")
        return [page_number_form(p) for p in root.iter(f"{W}p")]

    def form(inner: str) -> str | None:
        return forms(para(inner))[0]

    page = ('<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE  \\* '
            'MERGEFORMAT </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>' + run("7")
            + '<w:r><w:fldChar w:fldCharType="end"/></w:r>')
    assert forms(sdt(para(run("— ") + page + run(" —")), "Page Numbers")) == ["— {n} —"]  # block control
    assert form(sdt(run("-") + page + run("-"), "Page Numbers")) == "-{n}-"  # inline control
    assert form(run("-") + '<w:fldSimple w:instr=" PAGE "><w:r><w:t>3</w:t></w:r></w:fldSimple>' + run("-")) == "-{n}-"
    assert form(run("第") + page + run("页 共") + '<w:fldSimple w:instr="NUMPAGES"><w:r><w:t>9</w:t></w:r>'
                '</w:fldSimple>' + run("页")) == "第{n}页 共{total}页"
    assert form(run("抄送：各单位")) is None


def test_styles_read_lazily_answer_as_the_whole_part():
    """styles.xml is indexed by its start tags and a style parsed when asked for: every
    style and default of a drafted notice's styles.xml (Word's full set) is what parsing the
    whole part gives; a part with a comment is parsed whole; a broken style reads as absent."""
    import io
    import zipfile

    from lxml import etree

    from generator.assemble import build_notice
    from generator.docxtext import Styles, W, parse_part
    from generator.render import render_notice

    data = zipfile.ZipFile(io.BytesIO(render_notice(build_notice("xinbei", 2024)))).read("word/styles.xml")
    lazy, whole = Styles.from_bytes(data), Styles(parse_part(data))
    assert lazy.root is None and whole.root is not None
    ids = [st.get(W + "styleId") for st in whole.root.iterchildren(W + "style")]
    assert len(ids) > 100
    for sid in [*ids, "no-such-style"]:
        a, b = lazy.by_id(sid), whole.by_id(sid)
        assert (a is None and b is None) or etree.tostring(a) == etree.tostring(b)
    for kind in ("paragraph", "character", "table", "numbering"):
        assert etree.tostring(lazy.default(kind)) == etree.tostring(whole.default(kind))
    commented = data.replace(b"<w:style ", b"<!-- a --><w:style ", 1)
    assert Styles.from_bytes(commented).root is not None
    normal = b'w:styleId="Normal"><w:name w:val="Normal"/>'
    broken = data.replace(normal, normal[:-2] + b">", 1)  # <w:name> never closed
    assert broken != data and Styles.from_bytes(broken).by_id("Normal") is None
