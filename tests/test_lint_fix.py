"""``notice lint FILE --fix OUT``: mechanical slips become Word tracked changes with their
finding as a comment (.docx) or corrected text (.txt/.md); the round trip — accept every
change, lint again — leaves none of the fixed findings and changes nothing else."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import docx
from docx.oxml.ns import nsmap, qn
from lint_helpers import draft_text
from ooxml_docs import numbered, para, run, textbox, write_docx

from generator.assemble import build_notice
from generator.cli import main
from generator.lint import lint_file
from generator.render import render_notice

# (as drafted, slipped): each a mechanical slip a clerk makes, in different rules
SLIPS = [
    ("常新教〔2024〕76号", "常新教 [2024] 第076号"),
    ("（教职成厅函〔2024〕7号）", "（教职成厅函[2024]7号）"),
    ("10月31日（周四）—11月6日（周三）", "10月31日（周五）-11月6日（周三）"),
    ("要高度重视，", "要高度重视,"),
    ("于10月30日（周三）前", "于１０月30日（周三）前"),
    ("于11月7日（周四）前", "于11月07日（周四）前"),
    ("（二）营造良好氛围", "(二)营造良好氛围"),
]


def _slipped_docx(tmp_path: Path) -> Path:
    d = docx.Document(io.BytesIO(render_notice(build_notice("xinbei", 2024))))
    paragraphs = list(d.paragraphs) + [p for t in d.tables for c in t._cells for p in c.paragraphs]
    for old, new in SLIPS:
        run_ = next(r for p in paragraphs for r in p.runs if old in r.text)
        run_.text = run_.text.replace(old, new, 1)
    f = tmp_path / "slips.docx"
    d.save(str(f))
    return f


def _text(el, what: str = "w:t") -> str:
    return "".join(el.xpath(f".//{what}/text()", namespaces=nsmap))


def accept_all(path: Path, out: Path) -> Path:
    """What Word's 接受所有修订 does: keep w:ins content, drop w:del (comments stay, no text)."""
    d = docx.Document(str(path))
    body = d.element.body
    for x in body.xpath(".//w:del"):  # body is python-docx's: it knows the w: prefix
        x.getparent().remove(x)
    for ins in body.xpath(".//w:ins"):
        for ch in list(ins):
            ins.addprevious(ch)
        ins.getparent().remove(ins)
    d.save(str(out))
    return out


def _keys(result, with_fix: bool | None = None) -> list[tuple]:
    return sorted((f.rule, f.location.key() if f.location else (), f.message) for f in result.findings
                  if with_fix is None or bool(f.fix) == with_fix)


def _round_trip(src: Path, fixed: Path, accepted: Path) -> None:
    before = lint_file(src)
    fixable = [f for f in before.findings if f.fix]
    assert fixable
    after = lint_file(accepted)
    # none of the fixed findings remain; every other finding is exactly as it was
    fixed = {(g.rule, g.location.key()) for g in fixable}
    assert not [f for f in after.findings if (f.rule, f.location.key() if f.location else ()) in fixed and f.fix]
    # the content rule counts only 文号 written with 〔〕: once a cited 文号's brackets are fixed,
    # its "引用了 3 份通知，只写明 2 个文号" goes with it (the same slip; content-side, see issue-14 note)
    gone = set(_keys(before, with_fix=False)) - set(_keys(after))
    assert all(rule == "NK-C-CITATIONS" and "只写明" in msg for rule, _, msg in gone), gone
    assert set(_keys(after)) <= set(_keys(before, with_fix=False))


def test_docx_fix_round_trip(tmp_path: Path, capsys):
    src = _slipped_docx(tmp_path)
    out = tmp_path / "fixed.docx"
    assert main(["lint", str(src), "--fix", str(out), "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    fixes = [x for x in data["findings"] if "fix" in x]
    assert {x["rule"] for x in fixes} >= {"NK-F-DOCNO-FORM", "NK-F-WEEKDAY", "NK-F-RANGE-DASH", "NK-F-HALFWIDTH",
                                          "NK-F-FULLWIDTH-DIGIT", "NK-F-DATE-ARABIC", "NK-F-HEADING-STYLE"}
    own = next(x for x in fixes if x["rule"] == "NK-F-DOCNO-FORM" and "76" in x["fix"]["with"])
    assert own["fix"] == {"replace": "常新教 [2024] 第076号", "with": "常新教〔2024〕76号", "offset": 0}
    # each fix is a tracked change by notice-kit with its finding as a comment
    d = docx.Document(str(out))
    dels, inss = d.element.body.xpath(".//w:del"), d.element.body.xpath(".//w:ins")
    assert len(dels) == len(fixes) and {x.get(qn("w:author")) for x in dels + inss} == {"notice-kit"}
    deleted = [_text(x, "w:delText") for x in dels]
    inserted = [_text(x) for x in inss]
    assert sorted(deleted) == sorted(x["fix"]["replace"] for x in fixes)
    assert sorted(inserted) == sorted(x["fix"]["with"] for x in fixes if x["fix"]["with"])
    comments = [c.text for c in d.comments]
    assert len(comments) == len(fixes) and all(c.startswith(("[错误]", "[警告]", "[提示]")) for c in comments)
    assert any("NK-F-WEEKDAY：" in c and "是周四，不是周五" in c for c in comments)
    # the run formatting is kept: the inserted 文号 run has the deleted run's properties
    ins_r = next(x for x in inss if _text(x) == "常新教〔2024〕76号").xpath("w:r", namespaces=nsmap)[0]
    del_r = next(x for x in dels if _text(x, "w:delText").startswith("常新教")).xpath("w:r", namespaces=nsmap)[0]
    assert ins_r.find(qn("w:rPr")) is not None and ins_r.find(qn("w:rPr")).xml == del_r.find(qn("w:rPr")).xml
    _round_trip(src, out, accept_all(out, tmp_path / "accepted.docx"))
    # same input, same bytes
    again = tmp_path / "again.docx"
    main(["lint", str(src), "--fix", str(again)])
    assert again.read_bytes() == out.read_bytes()


def test_docx_fix_leaves_automatic_numbers_and_text_boxes_right(tmp_path: Path):
    """A heading label from numbering.xml has no text to fix: it is left alone; a 文号 in a
    text box is fixed there; the rest of the paragraph keeps its other runs."""
    body = [para(textbox(["新北区教育局文件", "常新教[2024]76号"])),
            para(run("关于举办新北区2024年全民终身学习活动周的通知")), para(run("各中小学：")),
            para(run("现将有关事项通知如下：")), numbered("活动主题", style="1"),
            para(run("让学习成为一种生活方式")), numbered("活动时间", style="1"),
            para(run("全区活动周时间为10月31日") + run("（周四）-11月6日（周三）,") + run("请各单位...做好准备。"))]
    src = write_docx(tmp_path / "w.docx", "".join(body))
    out = tmp_path / "w-fixed.docx"
    assert main(["lint", str(src), "--fix", str(out)]) in (0, 1)
    d = docx.Document(str(out))
    box = d.element.body.xpath(".//w:txbxContent//w:del")
    assert box and "".join(box[0].xpath(".//w:delText/text()", namespaces=nsmap)) == "常新教[2024]76号"
    _round_trip(src, out, accept_all(out, tmp_path / "w-acc.docx"))
    accepted = lint_file(tmp_path / "w-acc.docx")
    assert [s.label for s in __import__("generator.reader", fromlist=["x"]).read_notice(
        tmp_path / "w-acc.docx").notice.sections] == ["一、", "二、"]
    assert "NK-F-HALFWIDTH" not in accepted.rules() and "NK-F-ELLIPSIS-DASH" not in accepted.rules()


def test_text_fix_writes_the_corrected_text_and_nothing_else(tmp_path: Path, capsys):
    text = draft_text("xinbei", 2024)
    slipped = text
    for old, new in SLIPS:
        slipped = slipped.replace(old, new, 1)
    src = tmp_path / "n.md"
    src.write_text(slipped, encoding="utf-8")
    out = tmp_path / "n-fixed.md"
    assert main(["lint", str(src), "--fix", str(out)]) == 1
    assert "已写入改正稿" in capsys.readouterr().err
    fixed = out.read_text(encoding="utf-8")
    assert fixed == text  # every slip was mechanical: the draft comes back, byte for byte
    _round_trip(src, out, out)


def test_text_fix_keeps_gbk_and_crlf(tmp_path: Path):
    src = tmp_path / "g.txt"
    src.write_bytes(draft_text("xinbei", 2024).replace("要高度重视，", "要高度重视,")
                    .replace("\n", "\r\n").encode("gb18030"))
    out = tmp_path / "g-fixed.txt"
    main(["lint", str(src), "--fix", str(out)])
    assert out.read_bytes() == draft_text("xinbei", 2024).replace("\n", "\r\n").encode("gb18030")


def test_fix_refusals(tmp_path: Path, capsys):
    src = _slipped_docx(tmp_path)
    (tmp_path / "exists.docx").write_bytes(b"x")
    assert main(["lint", str(src), "--fix", str(tmp_path / "exists.docx")]) == 2
    assert main(["lint", str(src), "--fix", str(tmp_path / "out.txt")]) == 2
    assert main(["lint", str(src), str(src), "--fix", str(tmp_path / "o.docx")]) == 2
    err = capsys.readouterr().err
    assert "--force" in err and ".docx 结尾" in err and "只能用于单个文件" in err
    assert (tmp_path / "exists.docx").read_bytes() == b"x"
    assert zipfile.is_zipfile(src)
