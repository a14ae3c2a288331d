"""``notice lint`` as a user runs it: exit codes, text and JSON output, --annotate comments."""

from __future__ import annotations

import json
from pathlib import Path

import docx
import pytest
from conftest import SEEDS
from lint_helpers import FIXTURES

from generator.assemble import build_notice
from generator.cli import main
from generator.render import render_notice

SEED_001 = next(SEEDS.glob("001_*.txt"))


def test_clean_exit_0_and_summary(capsys):
    assert main(["lint", str(FIXTURES / "clean.md")]) == 0
    out = capsys.readouterr().out
    assert "共 0 个错误，0 个警告，0 个提示。" in out
    assert "\033[" not in out  # not a terminal: no colour


def test_errors_exit_1_grouped_by_severity(capsys):
    assert main(["lint", str(SEED_001)]) == 1
    out = capsys.readouterr().out
    assert out.index("错误（4）") < out.index("警告（") < out.index("提示（")
    assert "[NK-F-HEADING-PUNCT] 第34行：标题序号标点有误：“（三）、”括号后不应再加“、”" in out


def test_json_schema(capsys):
    assert main(["lint", str(SEED_001), "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {"file", "findings", "summary"}
    # 5 half-width marks, one finding each (with its fix): they were one finding per line
    assert data["summary"] == {"error": 4, "warning": 17, "info": 1}
    f = next(x for x in data["findings"] if x["rule"] == "NK-F-HEADING-PUNCT")
    assert f == {"rule": "NK-F-HEADING-PUNCT", "severity": "error", "strength": "规定",
                 "message": "标题序号标点有误：“（三）、”括号后不应再加“、”",
                 "location": {"kind": "line", "index": 34}, "excerpt": "（三）、具体要求",
                 "fix": {"replace": "（三）、", "with": "（三）", "offset": 0}}
    keys = {"rule", "severity", "strength", "message", "location", "excerpt"}
    assert all(set(x) - {"fix"} == keys for x in data["findings"])
    assert {x["strength"] for x in data["findings"]} <= {"规定", "惯例", "建议"}
    # a 惯例 or 建议 is never an error
    assert not [x for x in data["findings"] if x["strength"] != "规定" and x["severity"] == "error"]
    half = next(x for x in data["findings"] if x["rule"] == "NK-F-HALFWIDTH")
    assert set(half["fix"]) == {"replace", "with", "offset"} and half["fix"]["with"] in "，；：！？（）。"


def test_json_several_files_is_an_array(capsys):
    main(["lint", str(FIXTURES / "clean.md"), str(SEED_001), "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    assert [d["summary"]["error"] for d in data] == [0, 4]


@pytest.mark.parametrize("content, words", [(b"PK\x03\x04garbage", "不是有效的 .docx"), (b"", "不是有效的 .docx")])
def test_unreadable_exit_2_no_traceback(tmp_path: Path, capsys, content, words):
    f = tmp_path / "bad.docx"
    f.write_bytes(content)
    assert main(["lint", str(f)]) == 2
    err = capsys.readouterr().err
    assert words in err and "Traceback" not in err


def test_profile_needs_year(capsys):
    assert main(["lint", str(SEED_001), "--profile", "xinbei"]) == 2
    assert "--profile 与 --year 须同时给出" in capsys.readouterr().err


def _broken_draft(tmp_path: Path) -> Path:
    """xinbei 2024 with a doubled word in the opening and a wrong weekday label in a deadline."""
    d = docx.Document(__import__("io").BytesIO(render_notice(build_notice("xinbei", 2024))))
    for p in d.paragraphs:
        if "10月30日（周三）" in p.text:
            for r in p.runs:
                r.text = r.text.replace("（周三）", "（周五）")
        elif p.text.startswith("为深入学习贯彻"):
            p.runs[0].text = p.runs[0].text.replace("加快推进", "加快加快推进", 1)
    f = tmp_path / "draft.docx"
    d.save(str(f))
    return f


def test_annotate_comments_and_anchors(tmp_path: Path, capsys):
    f = _broken_draft(tmp_path)
    out = tmp_path / "annotated.docx"
    assert main(["lint", str(f), "--annotate", str(out)]) == 1
    result = docx.Document(str(out))
    comments = {c.comment_id: c for c in result.comments}
    texts = [c.text for c in comments.values()]
    assert any(t.startswith("[警告] NK-F-DOUBLED：疑似多打了重复的字词：“加快加快”") for t in texts)
    assert any(t.startswith("[错误] NK-F-WEEKDAY") for t in texts)
    assert all(c.author == "notice-kit" and c.initials == "NK" for c in comments.values())
    # anchors: each finding on the paragraph that holds its slip
    anchored = {}
    for p in result.paragraphs:
        for start in p._p.xpath(".//w:commentRangeStart"):
            anchored[comments[int(start.get(docx.oxml.ns.qn("w:id")))].text.split("：")[0]] = p.text
    assert anchored["[警告] NK-F-DOUBLED"].startswith("为深入学习贯彻")
    assert "10月30日（周五）" in anchored["[错误] NK-F-WEEKDAY"]
    # same input, same bytes; no overwrite without --force
    first = out.read_bytes()
    assert main(["lint", str(f), "--annotate", str(out)]) == 2
    assert "已存在" in capsys.readouterr().err
    assert main(["lint", str(f), "--annotate", str(out), "--force"]) == 1
    assert out.read_bytes() == first


def test_annotate_only_docx(tmp_path: Path, capsys):
    assert main(["lint", str(FIXTURES / "clean.md"), "--annotate", str(tmp_path / "x.docx")]) == 2
    assert "只适用于 .docx" in capsys.readouterr().err


def test_layout_rules_on_a_docx_with_wrong_margins_and_fonts(tmp_path: Path):
    from docx.shared import Mm, Pt

    from generator.lint import lint_file

    d = docx.Document(__import__("io").BytesIO(render_notice(build_notice("xinbei", 2024))))
    d.sections[0].top_margin = Mm(25)
    d.styles["公文-正文"].font.size = Pt(14)
    heading = next(p for p in d.paragraphs if p.text.startswith("（一）创新开展"))
    for fonts in heading.runs[0]._r.xpath(".//w:rFonts"):
        fonts.set(docx.oxml.ns.qn("w:eastAsia"), "宋体")
    for s in d.sections:
        for ft in (s.footer, s.even_page_footer):
            for p in ft.paragraphs:
                p._p.getparent().remove(p._p)
    f = tmp_path / "layout.docx"
    d.save(str(f))
    r = lint_file(f)
    msgs = {x.rule: x.message for x in r.findings}
    fonts = [x.message for x in r.findings if x.rule == "NK-L-FONTS"]
    assert "上边距应为 37 mm，实为 25.0 mm" in msgs["NK-L-MARGINS"]
    assert any("正文应为 16 磅，实为 14 磅" in m for m in fonts)
    assert "NK-L-PAGE-NUMBERS" in msgs
    assert any("“（一）创新开展品牌特色活动”应用楷体，实为“宋体”" in m for m in fonts)
    assert "NK-L-RED-MARK" not in msgs


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "gbk", "utf-8-sig"])
def test_text_saved_by_windows_notepad_lints_like_utf8(tmp_path, capsys, encoding):
    """Notepad's 'Unicode' is UTF-16 with a byte-order mark; GBK is the Chinese Windows default."""
    text = (FIXTURES / "clean.md").read_text(encoding="utf-8").replace("\n", "\r\n")
    f = tmp_path / "通知 草稿.txt"
    bom = {"utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff"}.get(encoding, b"")
    f.write_bytes(bom + text.encode(encoding))
    assert main(["lint", str(f)]) == 0, capsys.readouterr()
    assert "共 0 个错误，0 个警告，0 个提示。" in capsys.readouterr().out


def test_one_unreadable_file_among_several_does_not_hide_the_others(tmp_path: Path, capsys):
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"PK\x03\x04garbage")
    assert main(["lint", str(FIXTURES / "clean.md"), str(bad), str(SEED_001)]) == 2
    out, err = capsys.readouterr()
    assert "不是有效的 .docx" in err and "Traceback" not in err
    assert "clean.md" in out and "001_" in out and "错误（4）" in out
    assert main(["lint", str(FIXTURES / "clean.md"), str(bad), "--format", "json"]) == 2
    data = json.loads(capsys.readouterr().out)
    assert data[0]["summary"]["error"] == 0
    assert data[1]["file"] == str(bad) and "不是有效的 .docx" in data[1]["error"]


def test_corrupt_docx_xml_is_explained_in_chinese(tmp_path: Path, capsys):
    import io
    import zipfile

    good = render_notice(build_notice("xinbei", 2024))
    src, out = zipfile.ZipFile(io.BytesIO(good)), io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for info in src.infolist():
            data = src.read(info.filename)
            z.writestr(info.filename, data[: len(data) // 2] if info.filename == "word/document.xml" else data)
    bad = tmp_path / "cut.docx"
    bad.write_bytes(out.getvalue())
    assert main(["lint", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "已损坏（XML 内容有误）" in err and "另存为 .docx" in err
    assert "Error" not in err and "Traceback" not in err
    assert main(["preview", str(bad), "-o", str(tmp_path / "cut.pdf")]) == 2
    err = capsys.readouterr().err
    assert f"LibreOffice 无法打开或转换 {bad}" in err and "notice-preview-" not in err and "javaldx" not in err
