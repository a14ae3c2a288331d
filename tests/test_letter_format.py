"""The 信函格式 (GB/T 9704-2012 10.1) chosen, stated and checked: a rule picks it from the 代字
(…函) or the node's defaults.format, explain says which and why, the .docx draws it, lint
checks a 函 against it (the printed layout is measured in tests/test_print.py)."""

from __future__ import annotations

import dataclasses
import io
import zipfile
from pathlib import Path

import yaml

from generator.assemble import build_notice
from generator.explain import explain_text
from generator.lint import lint_file
from generator.render import render_notice


def test_format_follows_the_code():
    assert build_notice("national", 2024).format == "信函"  # 教职成厅函
    assert build_notice("jiangsu", 2024).format == "信函"  # 苏教社教函
    assert build_notice("xinbei", 2024).format == "文件"  # 常新教
    assert build_notice("national", 2019).format == "文件"  # 代字 not known: 【待填】


def test_explain_states_the_format_with_its_clause():
    text = explain_text(build_notice("jiangsu", 2024))
    line = text[text.index("【版式】"):].splitlines()
    assert line[0] == "【版式】信函格式"
    assert "NK-C-FORMAT" in line[1] and "GB/T 9704-2012 10.1" in line[1]
    assert "苏教社教函" in line[2]


def test_defaults_format_overrides_the_code(tmp_path):
    """A node whose notices are 函 though its 代字 does not say so: defaults.format: 信函."""
    from tests.web_helpers import copy_profiles

    root = copy_profiles(tmp_path)
    node = next(root.rglob("xinbei/node.yaml"))
    data = yaml.safe_load(node.read_text(encoding="utf-8"))
    data.setdefault("defaults", {"source": "测试"})["format"] = "信函"
    node.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    notice = build_notice("xinbei", 2024, root=root)
    assert notice.format == "信函" and "defaults" in notice.provenance["format"].source


def _docx(notice, tmp_path: Path, name: str) -> Path:
    path = tmp_path / name
    path.write_bytes(render_notice(notice))
    return path


def test_letter_docx_has_the_letterhead_and_no_imprint_date(tmp_path):
    data = render_notice(build_notice("national", 2024))
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        doc = z.read("word/document.xml").decode()
    assert "文件" not in doc[:doc.index("教职成厅函")]
    assert doc.count('w:fill="FF0000"') == 4  # two double lines, two rules each
    assert "<w:titlePg/>" in doc  # page 1's footer of its own, without a number
    assert "印发" not in doc


def test_lint_checks_a_letter_against_the_letter_format(tmp_path):
    notice = build_notice("national", 2024)
    good = lint_file(_docx(notice, tmp_path, "letter.docx")).findings
    assert not [f for f in good if f.rule in ("NK-L-LETTER", "NK-L-RED-MARK", "NK-C-IMPRINT")]
    as_file = dataclasses.replace(notice, format="文件")  # the same 函 drawn as a 文件
    bad = [f for f in lint_file(_docx(as_file, tmp_path, "file.docx")).findings if f.rule == "NK-L-LETTER"]
    assert len(bad) == 1 and "文件" in bad[0].message and "页码" in bad[0].message
