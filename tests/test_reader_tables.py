""".docx text laid out in tables: the 版记, the title, the signature block (read, with table
locations, and annotated there); attachment form tables (set aside, never linted)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from lint_helpers import draft_text

from generator.assemble import build_notice, load_tree
from generator.cli import main
from generator.lint import lint_file
from generator.model import Location
from generator.reader import TableLocation, read_notice
from generator.render import render_notice

TITLE = "关于举办新北区2024年全民终身学习活动周的通知"
OFFICE = "常州国家高新区（新北区）教育局"


def _draft() -> docx.document.Document:
    return docx.Document(io.BytesIO(render_notice(build_notice("xinbei", 2024))))


def _drop(d, pattern_end: str = "印发") -> None:
    for p in d.paragraphs:
        if p.text.strip().endswith(pattern_end) or p.text.startswith("抄送"):
            p._p.getparent().remove(p._p)


def _imprint_table(d, cc: str = "抄送：常州市教育局。", merge: bool = False):
    """The 版记 as Word users lay it out: a 2-row table, 抄送 on top, office | date below."""
    t = d.add_table(rows=2, cols=2)
    if merge:  # 抄送 spans both columns; python-docx's row.cells gives that cell twice
        t.cell(0, 0).merge(t.cell(0, 1))
    t.cell(0, 0).text = cc
    t.cell(1, 0).text = f"{OFFICE}办公室"
    t.cell(1, 1).text = "2024年10月18日印发"
    return t


def _save(d, tmp_path: Path, name: str = "n.docx") -> Path:
    f = tmp_path / name
    d.save(str(f))
    return f


@pytest.mark.parametrize("merge", [False, True], ids=["two-cells", "merged-cc"])
def test_imprint_in_a_table_after_the_attachment_forms(tmp_path: Path, merge):
    d = _draft()
    _drop(d)
    _imprint_table(d, merge=merge)
    f = _save(d, tmp_path)
    r = read_notice(f)
    assert r.notice.imprint == {"cc": "抄送：常州市教育局。", "office": f"{OFFICE}办公室", "date": "2024年10月18日"}
    loc = r.locs["imprint"]
    assert isinstance(loc, TableLocation) and (loc.index, loc.row, loc.cell) == (3, 2, 1)
    assert str(loc) == "第3个表格第2行第1格"
    # the merged 抄送 cell is read once
    assert sum(ln.text.startswith("抄送") for ln in r.lines) == 1
    # the 版记's date is not mistaken for the 成文日期, the form before it is not the 版记
    assert r.notice.signature_date == "2024-10-18" and r.locs["signature_date"] == Location("paragraph", 40)
    result = lint_file(f, "xinbei", 2024)
    assert "NK-C-IMPRINT" not in result.rules()
    assert [x for x in result.findings if x.severity == "error"] == []


def test_imprint_missing_is_still_reported(tmp_path: Path):
    d = _draft()
    _drop(d)
    assert "NK-C-IMPRINT" in lint_file(_save(d, tmp_path)).rules()


def _plain_notice(tmp_path: Path, title_in_table: bool = True, signature_in_table: bool = True,
                  form: bool = True) -> Path:
    """The xinbei 2024 draft's text as plain paragraphs, as a clerk types it in Word/WPS,
    with the title (and the signature block) in tables and a form on the attachment page."""
    d = docx.Document()
    text = draft_text("xinbei", 2024).split("\n\n")
    signers = [o.name for o in build_notice("xinbei", 2024).issuers]
    k = 0
    while k < len(text):
        line = text[k].strip()
        if line == TITLE and title_in_table:
            t = d.add_table(rows=1, cols=1)
            t.cell(0, 0).paragraphs[0].text = "关于举办新北区2024年"
            t.cell(0, 0).add_paragraph("全民终身学习活动周的通知")
        elif line == signers[0] and signature_in_table:
            t = d.add_table(rows=2, cols=2)
            t.cell(0, 0).text, t.cell(0, 1).text = signers
            t.cell(1, 0).merge(t.cell(1, 1)).text = "2024年10月18日"
            k += 2  # the second signer and the date are in the table
        elif line == "附件" and form:
            d.add_paragraph(line)
            d.add_paragraph(text[k + 1])
            t = d.add_table(rows=3, cols=3)
            for c, head in enumerate(["活动日期", "活动活动名称", "一、活动内容"]):
                t.cell(0, c).text = head
            t.cell(1, 0).text, t.cell(1, 1).text = "2024年10月31日", "开幕式开幕式"
            t.cell(2, 0).text = "二、"
            k += 1
        else:
            d.add_paragraph(line)
        k += 1
    return _save(d, tmp_path, "plain.docx")


def test_title_and_signature_in_tables_are_read(tmp_path: Path):
    f = _plain_notice(tmp_path)
    r = read_notice(f)
    n = r.notice
    assert n.title == TITLE and r.locs["title"] == TableLocation("table", 1, 1, 1, 1)
    assert str(n.doc_number) == "常新教〔2024〕76号" and len(n.sections) == 5
    assert [s for s, _ in r.signature] == [o.name for o in build_notice("xinbei", 2024).issuers]
    assert r.locs["signature"] == TableLocation("table", 2, 1, 1, 1)
    assert n.signature_date == "2024-10-18" and r.locs["signature_date"] == TableLocation("table", 2, 2, 1, 1)
    assert n.imprint["date"] == "2024年10月18日"
    # the form on the attachment page is set aside: its cells are neither text nor findings
    assert {x.text for x in r.forms} >= {"活动活动名称", "开幕式开幕式", "2024年10月31日"}
    assert not any(isinstance(x.loc, TableLocation) and x.loc.index == 3 for x in r.lines)
    result = lint_file(f, "xinbei", 2024)
    content = {x.rule for x in result.findings if x.rule.startswith(("NK-C", "NK-F"))}
    assert content == set(), sorted(content)
    assert not any(isinstance(x.location, TableLocation) for x in result.findings)


def test_title_in_a_table_was_the_whole_file_refused_before(tmp_path: Path):
    """Without reading tables the file had no title and no numbered heading left to read
    when the body is a one-column table too (as some WPS templates lay it out)."""
    d = docx.Document()
    t = d.add_table(rows=1, cols=1)
    cell = t.cell(0, 0)
    cell.paragraphs[0].text = TITLE
    for line in ["各中小学：", "现将有关事项通知如下。", "一、活动主题", "让学习成为一种生活方式", "二、活动时间",
                 "全区活动周时间为10月31日（周四）—11月6日（周三）。"]:
        cell.add_paragraph(line)
    r = read_notice(_save(d, tmp_path))
    assert r.notice.title == TITLE and r.notice.recipients == ["各中小学"]
    assert r.header == []  # the leading table holds the title, not a red mark
    assert [s.label + s.heading for s in r.notice.sections] == ["一、活动主题", "二、活动时间"]
    assert r.notice.sections[1].loc == TableLocation("table", 1, 1, 1, 6)
    assert r.notice.theme == "让学习成为一种生活方式" and r.notice.week.start == "2024-10-31"


def test_red_mark_table_holding_the_title_and_docno(tmp_path: Path):
    """One leading table for the whole head: the organ names are the header, the 文号 and the
    title below them are read as the 文号 and the title."""
    d = docx.Document()
    t = d.add_table(rows=4, cols=1)
    for cell, text in zip(t.column_cells(0), ["常州市新北区教育局文件", "常新教〔2024〕76号", TITLE, "各中小学："],
                          strict=True):
        cell.text = text
    d.add_paragraph("现将有关事项通知如下。")
    d.add_paragraph("一、活动主题")
    r = read_notice(_save(d, tmp_path))
    assert r.header == ["常州市新北区教育局"] and str(r.notice.doc_number) == "常新教〔2024〕76号"
    assert r.notice.title == TITLE and r.locs["title"] == TableLocation("table", 1, 3, 1, 1)
    assert r.notice.recipients == ["各中小学"] and r.notice.sections[0].heading == "活动主题"


def test_a_data_table_in_the_body_gives_no_headings(tmp_path: Path):
    """A table with columns in the body is data: its "一、" cells are not headings."""
    d = _draft()
    anchor = next(p for p in d.paragraphs if p.text.startswith("（五）数字赋能"))
    t = d.add_table(rows=2, cols=2)
    t.cell(0, 0).text, t.cell(0, 1).text = "一、序号", "（内容"
    t.cell(1, 0).text, t.cell(1, 1).text = "三、", "联系人"
    anchor._p.addnext(t._tbl)
    r = lint_file(_save(d, tmp_path), "xinbei", 2024)
    assert not {"NK-F-HEADING-SEQ", "NK-F-BRACKETS", "NK-F-HEADING-PUNCT"} & r.rules()
    assert [x for x in r.findings if x.severity == "error"] == []


def test_annotate_anchors_a_finding_in_a_table_cell_there(tmp_path: Path, capsys):
    d = _draft()
    _drop(d)
    _imprint_table(d, cc="抄送：常州市教育局办公室办公室。")
    f = _save(d, tmp_path)
    assert main(["lint", str(f), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    doubled = next(x for x in data["findings"] if x["rule"] == "NK-F-DOUBLED")
    assert doubled["location"] == {"kind": "table", "index": 3, "row": 1, "cell": 1, "paragraph": 1}
    main(["lint", str(f)])
    assert "[NK-F-DOUBLED] 第3个表格第1行第1格：" in capsys.readouterr().out
    out = tmp_path / "annotated.docx"
    main(["lint", str(f), "--annotate", str(out)])
    result = docx.Document(str(out))
    comments = {c.comment_id: c.text for c in result.comments}
    cell = result.tables[2].cell(0, 0)
    starts = cell._tc.xpath(".//w:commentRangeStart")
    assert [comments[int(s.get(qn("w:id")))].split("：")[0] for s in starts] == ["[警告] NK-F-DOUBLED"]
    assert cell._tc.xpath(".//w:commentRangeEnd") and cell._tc.xpath(".//w:commentReference")


TREE = load_tree()
CASES = [(nid, y) for nid, node in sorted(TREE.nodes.items()) for y in sorted(set(node.editions) | {2027})]


@pytest.mark.parametrize("case", CASES, ids=[f"{n}-{y}" for n, y in CASES])
def test_drafts_forms_are_set_aside_and_header_unchanged(tmp_path: Path, case):
    """Our drafts: the red header table is still the header; every attachment form table is
    set aside; no finding points into a table but the header's placeholders."""
    notice = build_notice(*case)
    f = tmp_path / "d.docx"
    f.write_bytes(render_notice(notice))
    r = read_notice(f)
    # a 函 carries the host organ's mark alone (GB/T 9704-2012 10.1)
    assert r.header == [o.name for o in (notice.issuers[:1] if notice.format == "信函" else notice.issuers)]
    assert len({x.loc.index for x in r.forms}) == len([a for a in notice.attachments if a.form])
    if notice.format == "信函":  # GB/T 9704 10.1: a letter's 版记 has no 印发 line
        assert not r.notice.imprint.get("date")
    else:
        assert r.notice.imprint.get("date") and not isinstance(r.locs["imprint"], TableLocation)
    for x in lint_file(f).findings:
        assert not isinstance(x.location, TableLocation) or x.rule == "NK-F-PLACEHOLDER", x
