"""The reader: text, Markdown and .docx into the Notice, with locations; unreadable input → code 2."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from conftest import SEEDS
from lint_helpers import FIXTURES

from generator.assemble import build_notice
from generator.errors import NoticeError
from generator.model import Location
from generator.reader import read_notice
from generator.render import render_notice


def test_markdown_notice_elements_and_lines():
    r = read_notice(FIXTURES / "clean.md")
    n = r.notice
    assert r.input_kind == "text"
    assert r.header == ["常州市新北区教育局"]
    assert str(n.doc_number) == "常新教〔2024〕76号" and r.locs["doc_number"] == Location("line", 3)
    assert n.title == "关于举办新北区2024年全民终身学习活动周的通知" and r.locs["title"] == Location("line", 5)
    assert n.recipients == ["各中小学", "幼儿园", "社区培训学院", "各镇（街道）社区教育中心"]
    assert [s.label + s.heading for s in n.sections] == [
        "一、活动主题", "二、活动时间", "三、组织领导", "四、活动内容", "五、相关要求"]
    req = n.sections[4]
    assert [c.label for c in req.children] == ["（一）", "（二）", "（三）", "（四）", "（五）", "（六）"]
    assert all(c.run_in for c in req.children) and req.children[0].heading == "强化组织领导"
    assert req.children[0].paragraphs == ["各单位要高度重视，加强组织、协调和指导。"]
    assert req.loc == Location("line", 29)
    assert n.theme == "让学习成为一种生活方式"
    assert (n.week.start, n.week.end) == ("2024-10-31", "2024-11-06")
    assert [(d.kind, d.date) for d in n.deadlines] == [("plan", "2024-10-30"), ("summary", "2024-11-07")]
    assert (n.contacts[0].name, n.contacts[0].phone, n.contacts[0].email) == \
        ("张玉玉", "0519-88586715", "1136835380@qq.com")
    assert [t for t, _ in r.attachment_note] == ["2024年全民终身学习活动周主要活动安排表",
                                                 "2024年全民终身学习活动周工作总结表"]
    assert len(r.attachment_pages) == 2
    assert [s for s, _ in r.signature] == ["常州市新北区教育局"] and n.signature_date == "2024-10-18"
    assert n.imprint["date"] == "2024年10月18日"


@pytest.mark.parametrize("seed, title, sections", [
    ("000", "关于举办新北区2024年全民终身学习活动周的通知", 5),
    ("001", "关于举办新北区2017年全民终身学习推进周活动的通知", 4),  # title broken over two lines
    ("002", "关于举办常州市金坛区2020—2021年度全民终身学习活动的通知", 5),
    ("003", "关于举办2023年南昌市全民终身学习活动周的通知", 4),
    ("004", "关于举办2024年全民终身学习活动周的通知", 6),  # web page residue around it
])
def test_seeds_read_despite_noise(seed, title, sections):
    r = read_notice(next(SEEDS.glob(f"{seed}_*.txt")))
    assert r.notice.title == title
    assert len(r.notice.sections) == sections
    assert r.notice.theme  # every seed states its theme


def test_seed_004_web_residue_is_not_the_header():
    r = read_notice(next(SEEDS.glob("004_*.txt")))
    assert r.header == ["淄博市教育局"]
    assert str(r.notice.doc_number) == "淄教职字〔2024〕34号"  # below the title on the web page
    assert [s for s, _ in r.signature][:3] == ["淄博市教育局", "中共淄博市委宣传部", "淄博市文化和旅游局"]


def test_docx_paragraph_locations(tmp_path: Path):
    f = tmp_path / "n.docx"
    f.write_bytes(render_notice(build_notice("xinbei", 2024)))
    r = read_notice(f)
    n = r.notice
    assert r.input_kind == "docx"
    assert r.header == ["中共常州国家高新区工委（新北区委）宣传统战部", "常州国家高新区（新北区）教育局"]
    assert r.locs["doc_number"] == Location("paragraph", 2)
    assert n.title == "关于举办新北区2024年全民终身学习活动周的通知" and r.locs["title"] == Location("paragraph", 4)
    # the location names the paragraph Word counts (python-docx opens the file independently)
    assert docx.Document(str(f)).paragraphs[r.locs["title"].index - 1].text.replace("\n", "") == n.title
    assert n.four_ones == [] and n.week.start == "2024-10-31"
    assert [d.date for d in n.deadlines] == ["2024-10-30", "2024-11-07"]
    assert [t for t, _ in r.attachment_pages] and n.signature_date == "2024-10-18"


def test_joint_signature_rows_read_name_by_name(tmp_path: Path):
    """A row of joint 署名 is one paragraph with the names on tab stops (GB/T 9704 7.3.5.1):
    the reader splits it on the tab, so every issuer is read, in issuing order."""
    notice = build_notice("zibo", 2024)
    f = tmp_path / "z.docx"
    f.write_bytes(render_notice(notice))
    r = read_notice(f)
    names = [o.name for o in notice.issuers]
    assert len(names) == 5 and [s for s, _ in r.signature] == names
    rows = {repr(loc) for _, loc in r.signature}
    assert len(rows) < len(names)  # several names share a row's paragraph


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


@pytest.mark.parametrize("name, data, words", [
    ("a.docx", b"not a zip at all", "不是有效的 .docx"),
    ("b.docx", _zip({"hello.txt": b"x"}), "不是 Word 文档"),
    ("c.docx", _zip({"word/document.xml": b"<broken"}), "已损坏"),
    ("d.docx", _zip({"word/document.xml": b"\0" * 30_000_000}), "压缩炸弹"),
    ("e.txt", "今天天气很好。\n我们去公园。\n".encode(), "不是一份通知"),
    ("f.pdf", b"%PDF-1.4", "不是有效的 PDF"),  # read since issue 19: a broken one is refused
    ("f.xls", b"PK\x03\x04", "不支持的文件类型"),
    ("g.txt", b"\x00\x01\x02binary", "不是文本文件"),
    # Word's password protection and the old .doc format are both OLE files, not zips.
    ("h.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "设置了打开密码"),
])
def test_unreadable_inputs_are_code_2(tmp_path: Path, name, data, words):
    f = tmp_path / name
    f.write_bytes(data)
    with pytest.raises(NoticeError) as exc:
        read_notice(f)
    assert exc.value.code == 2 and words in exc.value.message


@pytest.mark.parametrize("name, limit", [("big.txt", "MAX_TEXT_BYTES"), ("big.docx", "MAX_BYTES")])
def test_oversized_file_refused(tmp_path: Path, monkeypatch, name, limit):
    import generator.reader as reader

    monkeypatch.setattr(reader, limit, 1000)
    f = tmp_path / name
    f.write_bytes(("关于举办活动的通知\n" * 200).encode())
    with pytest.raises(NoticeError) as exc:
        read_notice(f)
    assert exc.value.code == 2 and "过大" in exc.value.message


def test_a_folder_is_not_reported_missing(tmp_path: Path):
    folder = tmp_path / "通知.docx"
    folder.mkdir()
    with pytest.raises(NoticeError) as exc:
        read_notice(folder)
    assert exc.value.code == 2 and "是一个文件夹" in exc.value.message
