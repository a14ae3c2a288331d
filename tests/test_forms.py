"""Attachment forms: open the written .docx/.xlsx and check what a clerk sees."""

from __future__ import annotations

import copy
import io
import subprocess
import zipfile
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
import yaml
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
from docx.oxml.ns import qn
from docx.shared import Pt

from generator import ROOT, forms
from generator.assemble import build_notice
from generator.cli import main
from generator.errors import NoticeError
from generator.model import Attachment, Contact, Deadline, Notice, Week

SEEDS = ROOT.parent / "shared" / "corpus" / "seeds"


@pytest.fixture(scope="module")
def notices() -> dict[str, Notice]:
    return {
        "jintan": build_notice("jintan", 2020),
        "xinbei": build_notice("xinbei", 2024),
        "nanchang": build_notice("nanchang", 2023),
        "zibo": build_notice("zibo", 2024),
    }


def open_docx(data: bytes):
    return Document(io.BytesIO(data))


def body_order(doc) -> list[str]:
    """Paragraph texts and a "<table>" marker, in document order."""
    out = []
    for el in doc.element.body.iterchildren():
        if el.tag == qn("w:p"):
            out.append("".join(t.text or "" for t in el.iter(qn("w:t"))))
        elif el.tag == qn("w:tbl"):
            out.append("<table>")
    return out


def column(table, j: int) -> list[str]:
    return [row.cells[j].text.replace("\n", "") for row in table.rows]  # lines broken between words


def east_asia(run) -> str:
    return run._element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia"))


# ------------------------------------------------------------------ 金坛区 2020


def test_jintan_2020_launch_week_stats(notices):
    doc = open_docx(forms.build_form_docx(notices["jintan"], 1))
    order = body_order(doc)
    label, title = doc.paragraphs[0], doc.paragraphs[2]
    assert label.text == "附件" and east_asia(label.runs[0]) == "黑体" and label.runs[0].font.size == Pt(16)
    # broken where a typesetter would (balanced, at a phrase), never between 活 and 动
    assert title.text.split("\n") == ["金坛区2020—2021年度", "全民终身学习活动“启动周”活动情况统计表"]
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER and title.runs[0].font.size == Pt(22)
    assert east_asia(title.runs[0]) == "方正小标宋简体"
    # the 盖章/签字 lines stand above the table, the 注 line under it
    t = order.index("<table>")
    assert order[t - 2:t] == ["单位名称（盖章）：", "分管领导（签字）："]
    assert order[t + 1] == "注：此表纸质稿盖章拍照后于10月30日（周五）前发至区教育局职教科专用邮箱（jtjyzsk@126.com）。"

    table = doc.tables[0]
    assert len(table.columns) == 5
    first = column(table, 0)
    head = first.index("活动时间")
    assert [c.text.replace("\n", "") for c in table.rows[head].cells] == [
        "活动时间", "活动项目", "形式与内容", "活动地点", "参加人数"]
    assert first[head + 1:] == [f"11月{d}日" for d in range(14, 21)]
    assert all(c.text == "" for row in table.rows[head + 1:] for c in row.cells[1:])
    # 组织单位's answer cell spans the 4 columns; 负责人 is merged down two rows
    org = table.rows[0].cells
    assert org[0].text == "组织单位" and org[1]._tc is org[4]._tc and org[1]._tc.grid_span == 4
    lead = first.index("“启动周”主要负责人")
    assert table.cell(lead, 0)._tc is table.cell(lead + 1, 0)._tc
    assert [table.cell(lead + 1, j).text for j in range(1, 5)] == ["联系方式", "", "E-mail", ""]

    sec = doc.sections[0]
    assert sec.orientation == WD_ORIENT.PORTRAIT
    assert (round(sec.page_width.mm), round(sec.page_height.mm)) == (210, 297)
    assert (round(sec.top_margin.mm), round(sec.left_margin.mm)) == (37, 28)


# ------------------------------------------------------------------ 新北区 2024


def test_xinbei_2024_schedule_rows_and_landscape(notices):
    doc = open_docx(forms.build_form_docx(notices["xinbei"], 1))
    table = doc.tables[0]
    assert [c.text.replace("\n", "") for c in table.rows[0].cells] == [
        "活动日期", "活动名称", "活动内容与形式", "活动地点", "参与对象及人数", "负责人及联系电话"]
    assert column(table, 0)[1:] == [
        "10月31日（周四）", "11月1日（周五）", "11月2日（周六）", "11月3日（周日）",
        "11月4日（周一）", "11月5日（周二）", "11月6日（周三）"]
    header_run = table.rows[0].cells[0].paragraphs[0].runs[0]
    assert east_asia(header_run) == "黑体"
    assert east_asia(table.rows[1].cells[0].paragraphs[0].runs[0]) == "仿宋_GB2312"
    sec = doc.sections[0]
    assert sec.orientation == WD_ORIENT.LANDSCAPE and sec.page_width > sec.page_height
    order = body_order(doc)
    assert order[order.index("<table>") - 1] == "单位名称（盖章）："
    assert order[-2].startswith("填表人：") and "联系电话：" in order[-2]
    assert order[-1] == "注：请于10月30日（周三）前将此表电子稿报送新北区教育局教育发展处，邮箱：1136835380@qq.com。"


# ------------------------------------------------------------------ 南昌市 2023


GROUPS = {
    "组织领导": ["下发活动文件的部门", "出席活动（开幕式）的领导", "具体协调部门", "制定活动方案部门"],
    "活动参与情况": ["全区参与活动的数量", "参加活动人数", "有特色的活动"],
    "活动主题与内容": ["活动主题", "活动内容", "活动成效", "活动时间"],
    "活动的群众性": ["活动范围（包括参与活动的街道、企事业单位等）", "群众满意度", "自我评价"],
    "宣传报道": ["宣传范围", "文字报道", "影像图片报道"],
}


def test_nanchang_2023_grouped_rows_with_merged_group_cells(notices):
    doc = open_docx(forms.build_form_docx(notices["nanchang"], 1))
    table = doc.tables[0]
    first = column(table, 0)
    for group, items in GROUPS.items():
        top = first.index(group)
        cells = [table.cell(top + i, 0) for i in range(len(items))]
        assert all(c._tc is cells[0]._tc for c in cells), group  # one merged cell down the group
        assert table.cell(top + len(items), 0)._tc is not cells[0]._tc
        assert [table.cell(top + i, 1).text.replace("\n", "") for i in range(len(items))] == items
        assert cells[0].paragraphs[0].runs[0].font.size == Pt(12)
    # ungrouped rows: the label spans the first two columns
    for label in ("举办县区", "联系人及电话", "主办单位及协办单位", "其他"):
        r = first.index(label)
        assert table.cell(r, 0)._tc is table.cell(r, 1)._tc and table.cell(r, 2).text == ""
    assert len(table.rows) == 3 + sum(map(len, GROUPS.values())) + 1
    order = body_order(doc)
    t = order.index("<table>")
    assert order[t - 1] == "教育行政部门（盖章）：＿＿＿＿＿＿"
    assert order[t + 1:] == [
        "详细的活动情况总结、活动照片、活动录像请另附。",
        "注：此表 word 电子版和盖章后的扫描件（PDF 格式）于11月30日（周四）前报送至市社区教育指导中心邮箱"
        "（jxedusqjy@163.com）。",
    ]


# ------------------------------------------------------------------ 淄博市 2024


def test_zibo_2024_writes_forms_only_and_summary_xlsx(notices, tmp_path):
    paths = forms.write_forms(notices["zibo"], tmp_path)
    assert [p.name for p in paths] == [
        "附件3_2024年淄博市全民终身学习活动周特色亮点活动情况表.docx",
        "附件4_2024年淄博市全民终身学习活动周开展情况汇总表.docx",
        "附件4_2024年淄博市全民终身学习活动周开展情况汇总表.xlsx",
    ]
    highlight = Document(paths[0])
    assert highlight.paragraphs[0].text == "附件3"
    assert [c.text.replace("\n", "") for c in highlight.tables[0].rows[0].cells][:2] == ["序号", "活动名称"]
    assert column(highlight.tables[0], 0)[1:] == ["1", "2", "3", "4", "5"]
    # the deadline names 附件3 in its materials: its 注 line carries the date too
    assert body_order(highlight)[-1].startswith("注：请于11月1日（周五）前")

    ws = openpyxl.load_workbook(paths[2]).active
    assert ws.title == "附件4" and ws["A1"].value == "附件4"
    assert ws["A2"].value == "2024年淄博市全民终身学习活动周开展情况汇总表"
    values = [[c.value for c in row] for row in ws.iter_rows()]
    top = next(i for i, row in enumerate(values, 1) if row[0] == "区县（单位）")
    assert values[top - 1][1:8:2] == ["活动场次（场）", "参与人次（人次）", "宣传报道（篇）", "典型案例（个）"]
    assert values[top][1:7] == ["线下", "线上", "线下", "线上", "媒体报道", "网络推送"]
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {f"A{top}:A{top + 1}", f"B{top}:C{top}", f"D{top}:E{top}", f"F{top}:G{top}",
            f"H{top}:H{top + 1}", f"I{top}:I{top + 1}"} <= merged
    assert values[top + 6][0] == "合计"
    note = values[-1][0]
    assert note == ("注：请于11月1日（周五）前将此表电子版及加盖公章的 PDF 版报送至淄博市教育局职教科，"
                    "公务邮箱：zbjyjzcjk@zb.shandong.cn。")
    assert ws[f"B{top + 2}"].border.left.style == "thin"
    assert ws.page_setup.orientation == "landscape"


# ------------------------------------------------------------------ facts the notice lacks


def hand_notice(week: Week | None, deadlines: list[Deadline]) -> Notice:
    return Notice(jurisdiction="测试区", year=2024, week=week, deadlines=deadlines,
                  attachments=[Attachment("2024年全民终身学习活动周主要活动安排表", "activity_schedule")])


def test_unknown_week_gives_seven_placeholder_rows_and_no_invented_deadline():
    notice = hand_notice(Week("【待填：活动周开始日期】", "【待填：活动周结束日期】"), [])
    doc = open_docx(forms.build_form_docx(notice, 1))
    dates = column(doc.tables[0], 0)[1:]
    assert dates == ["【待填：日期】"] * 7
    run = doc.tables[0].rows[1].cells[0].paragraphs[0].runs[0]
    assert run.font.highlight_color == WD_COLOR_INDEX.YELLOW
    assert not any(t.startswith("注") for t in body_order(doc))


def test_deadline_without_office_or_email_marks_them_missing():
    d = Deadline("plan", "安排表", "2024-10-30", attachment=1, contact=Contact("张三"))
    notice = hand_notice(Week("2024-10-31", "2024-11-06"), [d])
    note = body_order(open_docx(forms.build_form_docx(notice, 1)))[-1]
    assert note == "注：请于10月30日（周三）前将此表电子稿报送【待填：报送部门】，邮箱：【待填：邮箱】。"


def test_add_form_table_into_an_existing_document(notices):
    notice = notices["xinbei"]
    doc = Document()
    doc.add_paragraph("附件1")
    assert forms.add_form_table(doc, notice.attachments[0], notice) is True
    assert body_order(doc)[:3] == ["附件1", "单位名称（盖章）：", "<table>"]
    assert forms.add_form_table(doc, Attachment("清单"), notice) is False
    assert forms.add_form_table(doc, Attachment("表", "no_such_form"), notice) is False
    assert len(doc.tables) == 1


# ------------------------------------------------------------------ files, determinism, CLI


def test_output_is_deterministic(notices):
    for name in notices:
        n = notices[name]
        for i, a in enumerate(n.attachments, 1):
            if a.form:
                assert forms.build_form_docx(n, i) == forms.build_form_docx(n, i)
    zibo = notices["zibo"]
    xlsx = forms.build_summary_xlsx(zibo, 4)
    assert xlsx == forms.build_summary_xlsx(zibo, 4)
    # nothing in the packages depends on the clock: zip entry times and document dates are pinned
    docx = forms.build_form_docx(zibo, 4)
    for data in (docx, xlsx):
        assert {i.date_time for i in zipfile.ZipFile(io.BytesIO(data)).infolist()} == {(2000, 1, 1, 0, 0, 0)}
    props = open_docx(docx).core_properties
    assert props.created.replace(tzinfo=None) == props.modified.replace(tzinfo=None) == datetime(2000, 1, 1)
    wb_props = openpyxl.load_workbook(io.BytesIO(xlsx)).properties
    assert wb_props.created == wb_props.modified == datetime(2000, 1, 1)


def test_write_forms_refuses_to_overwrite_without_force(notices, tmp_path):
    (path,) = forms.write_forms(notices["jintan"], tmp_path)
    path.write_bytes(b"clerk's edits")
    with pytest.raises(NoticeError, match="已存在"):
        forms.write_forms(notices["jintan"], tmp_path)
    assert path.read_bytes() == b"clerk's edits"
    forms.write_forms(notices["jintan"], tmp_path, force=True)
    assert Document(path).tables[0].rows[0].cells[0].text == "组织单位"


def test_cli_forms(tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["forms", "xinbei", "--year", "2024", "-o", str(out)]) == 0
    assert [p.name for p in out.iterdir()] == ["附件_2024年全民终身学习活动周主要活动安排表.docx"]
    assert "已生成" in capsys.readouterr().out
    assert main(["forms", "xinbei", "--year", "2024", "-o", str(out)]) == 2
    assert "--force" in capsys.readouterr().err
    assert main(["forms", "zibo", "--year", "2024", "-o", str(out)]) == 0
    assert "不是表格" in capsys.readouterr().out


# ------------------------------------------------------------------ definitions


def test_every_form_definition_names_an_existing_seed():
    kinds = forms.known_forms()
    assert kinds == ["activity_schedule", "annual_stats", "generic", "highlight_activities", "launch_week_stats",
                     "receipt", "recommendation", "summary_report"]
    for kind in kinds:
        form = forms.load_form(kind)
        seeds = [p.name for p in SEEDS.glob("*.txt") if p.name in form.source]
        # the kinds no seed shows a table of say so: a common form, its columns drafted
        assert seeds or form.source.startswith("notice-kit 通用表式"), f"{kind}: source names no seed"


def write_form(tmp_path: Path, kind: str, data: dict) -> Path:
    d = tmp_path / "forms"
    d.mkdir(exist_ok=True)
    (d / f"{kind}.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return d


GOOD = {"kind": "t", "name": "测试表", "source": "测试", "columns": [1, 1], "rows": [["甲", "乙"]]}


@pytest.mark.parametrize(("change", "expected"), [
    ({"columns": None}, "字段“columns（列宽）”：缺少必填字段"),
    ({"orientation": "sideways"}, "字段“orientation（纸张方向）”：取值“sideways”不在允许的范围内"),
    ({"colums": [1, 1]}, "不认识的字段（是不是“columns（列宽）”？"),
    ({"rows": [["甲", "乙", "丙"]]}, "第1行的格子“丙”超出了表格（共2列）"),
    ({"rows": [["甲"], ["乙", "丙"]]}, "第1行只有1列，应为2列"),
    ({"rows": [{"group": "组"}]}, "字段“rows（行）.第1项”：格式不符合任何一种允许的写法"),
    ({"kind": "other"}, "表格类型（kind）“other”应与文件名“t”一致"),
])
def test_bad_form_definition_names_file_and_field(tmp_path, change, expected):
    data = {k: v for k, v in {**GOOD, **change}.items() if v is not None}
    d = write_form(tmp_path, "t", data)
    with pytest.raises(NoticeError) as err:
        forms.load_form("t", d)
    assert "forms/t.yaml" in err.value.message and expected in err.value.message


def test_unknown_form_kind_lists_the_known_ones():
    with pytest.raises(NoticeError, match="不认识的表格类型“nope”.*launch_week_stats"):
        forms.load_form("nope")


# ------------------------------------------------------------------ LibreOffice renders them


@pytest.mark.parametrize(("name", "expected"), [
    ("jintan", ["11月14日", "11月20日", "单位名称（盖章）", "分管领导（签字）", "10月30日"]),
    ("nanchang", ["组织领导", "宣传报道", "影像图片报道", "11月30日"]),
])
def test_libreoffice_renders_the_form_on_one_page(notices, tmp_path, name, expected):
    (docx,) = forms.write_forms(notices[name], tmp_path)
    pdf = tmp_path / "preview.pdf"
    assert main(["preview", str(docx), "-o", str(pdf)]) == 0  # LibreOffice, via `notice preview`
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout
    squeezed = text.replace(" ", "")
    assert all(e in squeezed for e in expected), squeezed
    pages = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    assert "Pages:           1" in pages


# ------------------------------------------------------------------ the same tables in `notice draft`


def test_draft_attachment_page_carries_the_form(notices):
    from generator.render import render_notice

    notice = notices["jintan"]
    doc = open_docx(render_notice(notice))
    order = body_order(doc)
    title = len(order) - 1 - order[::-1].index(notice.attachments[0].title)  # the 附件 page's title
    assert order[title + 1:title + 4] == ["单位名称（盖章）：", "分管领导（签字）：", "<table>"]
    assert order[title + 4].startswith("注：此表纸质稿盖章拍照后于10月30日（周五）前")
    table = doc.tables[-1]
    assert [row.cells[0].text for row in table.rows][-7:] == [f"11月{d}日" for d in range(14, 21)]
    standalone = open_docx(forms.build_form_docx(notice, 1)).tables[0]
    assert [[c.text for c in r.cells] for r in standalone.rows] == [[c.text for c in r.cells] for r in table.rows]


def test_table_properties_follow_the_schema_order_word_expects(notices):
    """w:tblPr children in CT_TblPr sequence order (Word calls the file damaged otherwise)."""
    from docx.oxml.ns import qn

    order = ["tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize", "tblStyleColBandSize",
             "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar", "tblLook"]
    rank = {qn(f"w:{t}"): i for i, t in enumerate(order)}
    for name, n in notices.items():
        for i, a in enumerate(n.attachments, 1):
            if not a.form:
                continue
            for tbl in open_docx(forms.build_form_docx(n, i)).tables:
                tags = [child.tag for child in tbl._tbl.tblPr]
                assert qn("w:tblBorders") in tags, name
                ranks = [rank[t] for t in tags]
                assert ranks == sorted(ranks), (name, [t.split("}")[1] for t in tags])


def test_a_long_attachment_title_still_gives_a_file(notices, tmp_path):
    """A file name is at most 255 bytes; a long but valid title must not make the form unwritable."""
    notice = copy.deepcopy(notices["zibo"])
    notice.attachments[2].title = "2024年淄博市全民终身学习活动周" + "特色亮点活动情况表" * 20
    paths = forms.write_forms(notice, tmp_path)
    assert paths and all(len(p.name.encode()) <= 255 and p.exists() for p in paths)
    assert paths[0].name.startswith("附件3_2024年淄博市全民终身学习活动周特色亮点")
    assert forms.write_forms(notice, tmp_path, force=True) == paths  # same names each run
