"""One of each: one 文号 type that parses (strict for profiles, lenient for reading), level names
in one table, the writers in one registry, and a node's folder agreeing with its ``parent:``."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator import PROFILES_DIR
from generator.cli import main
from generator.errors import NoticeError
from generator.model import DocNumber
from tests.conftest import NATIONAL_NODE
from tests.test_profile_errors import DISTRICT


@pytest.mark.parametrize("text, strict, lenient", [
    ("测教〔2031〕5号", "测教〔2031〕5号", "测教〔2031〕5号"),
    ("示范县教体〔2030〕12号", "示范县教体〔2030〕12号", "示范县教体〔2030〕12号"),
    ("测教[2031]5号", None, "测教〔2031〕5号"),
    (" 测教（2031） 第5号 ", None, "测教〔2031〕5号"),
    ("测教〔31〕5号", None, "测教〔31〕5号"),
    ("【待填：发文机关代字】〔2031〕【待填：序号】号", None, "【待填：发文机关代字】〔2031〕【待填：序号】号"),
    ("测教2031年5号", None, None),
    ("", None, None),
])
def test_doc_number_parses_strictly_for_profiles_and_leniently_for_text(text, strict, lenient):
    got = DocNumber.parse(text)
    assert (str(got) if got else None) == strict
    got = DocNumber.parse(text, strict=False)
    assert (str(got) if got else None) == lenient
    if got:
        assert got.year in ("2031", "2030", "31") and got.code.endswith(("教", "体", "】"))


def test_the_reader_finds_a_doc_number_in_running_text_with_the_same_type():
    from generator.reader import DOC_NO_RE

    m = DOC_NO_RE.search("根据《关于举办活动周的通知》（测市教〔2031〕9号）要求")
    assert DOC_NO_RE is DocNumber.TEXT_RE and str(DocNumber.from_match(m)) == "测市教〔2031〕9号"


def _check(capsys, target: Path) -> tuple[int, str]:
    code = main(["check-profile", str(target)])
    out = capsys.readouterr()
    return code, out.out + out.err


def test_check_profile_refuses_a_doc_number_not_written_as_gbt9704_prints_it(write_tree, capsys):
    root = write_tree({"node.yaml": NATIONAL_NODE, "d/node.yaml": DISTRICT,
                       "d/2031.yaml": "year: 2031\nsource: 测试\ndoc_number: 测教[2031]第5号\n"})
    code, out = _check(capsys, root / "d/2031.yaml")
    assert code == 2 and "Traceback" not in out
    assert f"{root / 'd/2031.yaml'}:3:" in out and "文号“测教[2031]第5号”应写成“代字〔年份〕序号号”的形式" in out


def test_check_profile_says_when_a_node_folder_and_its_parent_disagree(tmp_path: Path, capsys):
    root = tmp_path / "profiles"
    shutil.copytree(PROFILES_DIR, root)
    # 新北区 (parent: changzhou) moved under 山东省's folder, nothing else changed
    shutil.move(root / "national/jiangsu/changzhou/xinbei", root / "national/shandong/xinbei")
    code, out = _check(capsys, root)
    node = root / "national/shandong/xinbei/node.yaml"
    line = next(i for i, ln in enumerate(node.read_text(encoding="utf-8").splitlines(), 1)
                if ln.startswith("parent:"))
    assert code == 2 and f"{node}:{line}:" in out, out
    assert "本节点位于节点“shandong”的文件夹中，但 parent 写的是“changzhou”" in out
    assert out.count("parent 写的是") == 1  # its editions and the other nodes are fine
    # the tree still loads and drafts: the folder is a reader's view, parent: the link
    from generator.assemble import build_notice

    assert build_notice("xinbei", 2024, root).doc_number.code == "常新教"


def test_the_repository_tree_agrees_with_its_folders(capsys):
    code, out = _check(capsys, PROFILES_DIR)
    assert code == 0, out


def test_writers_are_found_by_suffix_in_one_registry(tmp_path: Path):
    from generator.assemble import build_notice
    from generator.writers import WRITERS, writer_for

    assert sorted(WRITERS) == [".docx", ".html", ".txt"]
    with pytest.raises(NoticeError) as e:
        writer_for(tmp_path / "x.pdf")
    assert ".docx" in e.value.message and ".html" in e.value.message
    notice = build_notice("xinbei", 2024)
    for suffix in WRITERS:
        out = tmp_path / f"x{suffix.upper()}"  # the suffix in any case
        writer_for(out)(notice, out, False)
        assert out.stat().st_size > 1000


def test_a_writer_fails_on_a_block_it_does_not_know():
    from dataclasses import dataclass

    from generator import compose as C
    from generator.writers.html import composition_fragment
    from generator.writers.text import composition_to_text

    @dataclass
    class Stamp:
        text: str

    comp = C.Composition([C.Title("关于举办测试活动的通知"), Stamp("新块")])
    for draw in (composition_to_text, composition_fragment):
        with pytest.raises(TypeError, match="不认识“Stamp”"):
            draw(comp)


def test_level_names_come_from_one_table():
    from generator import levels, schema, services
    from generator.elements import base
    from generator.rules import VALUE_CN

    assert schema.LEVELS == list(levels.LEVELS) and base.AREA is levels.AREA
    assert services.LEVEL_CN is levels.LEVEL_CN
    assert [VALUE_CN[k] for k in levels.LEVELS] == ["国家级", "省级", "市级", "区级", "县级"]
