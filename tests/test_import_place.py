"""The place a new node is named after: read from the title or the issuers, given with
--name, or — when neither says it — a placeholder that every draft shows and lists (never the
node id printed as a place name)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from generator import PROFILES_DIR
from generator.assemble import build_notice
from generator.cli import main
from generator.importer.edition import place_of
from generator.tree_cache import load_tree

# a city's notice as a site shows it: no title, no issuer line, the place only in passing
BODY = """各区（市）教育局，市直有关学校：
根据上级通知精神，我市决定举办2019年全民终身学习活动周。现将有关要求通知如下：
一、时间和主题
（一）时间：2019年10月19日至25日
（二）主题：推动全民终身学习，建设学习型城市
二、活动内容
（一）推动社区广泛开展学习活动
面向城乡社区居民开展讲座、培训等多种形式的学习活动。
"""


@pytest.mark.parametrize("title, place", [
    ("关于举办常州市武进区2024年全民终身学习活动周的通知", "武进区"),  # the city named before the district
    ("关于举办淄博市2024年全民终身学习活动周的通知", "淄博市"),
    ("关于举办浙江省2023年全民终身学习活动周的通知", "浙江省"),
    ("关于开展2019年溧阳市全民终身学习活动周的通知", "溧阳市"),  # the place after the year
    ("关于举办2023年示例市某某区全民终身学习活动周的通知", "某某区"),
    ("关于举办2024年全民终身学习活动周的通知", ""),
])
def test_place_from_the_title(title: str, place: str) -> None:
    assert place_of(title, []) == place


def _tree(tmp_path: Path) -> Path:
    root = tmp_path / "profiles"
    shutil.copytree(PROFILES_DIR, root)
    return root


def _import(capsys, root: Path, src: Path, *extra: str) -> tuple[int, str, str]:
    code = main(["import", str(src), "--node", "shili", "--parent", "shandong", "--profiles", str(root), *extra])
    out, err = capsys.readouterr()
    return code, out, err


def test_no_place_in_the_text_is_a_listed_placeholder(tmp_path: Path, capsys) -> None:
    root = _tree(tmp_path)
    src = tmp_path / "notice.txt"
    src.write_text(BODY, encoding="utf-8")
    code, out, err = _import(capsys, root, src)
    assert code == 0, err
    node_file = next(root.rglob("shili/node.yaml"))
    data = yaml.safe_load(node_file.read_text(encoding="utf-8"))
    assert data["name"] == data["place"] == "【待填：地名】"  # not “shili”
    assert "--name" in out + err
    notice = build_notice("shili", 2020, root)
    assert notice.title == "关于举办【待填：地名】2020年全民终身学习活动周的通知"
    listed = [p for p in notice.placeholders if p.field == "name"]
    assert len(listed) == 1 and "node.yaml" in listed[0].reason and "【待填：地名】" in listed[0].reason
    assert "shili" not in notice.title + notice.opening


def test_name_given_on_the_command_line(tmp_path: Path, capsys) -> None:
    root = _tree(tmp_path)
    src = tmp_path / "notice.txt"
    src.write_text(BODY, encoding="utf-8")
    code, out, err = _import(capsys, root, src, "--name", "示例市")
    assert code == 0, err
    node = load_tree(root).nodes["shili"]
    head = node.path.read_text(encoding="utf-8").split("recipients")[0]
    assert node.name == "示例市" and "name: 示例市\n" in head  # given, so not marked 待核实
    notice = build_notice("shili", 2020, root)
    assert notice.title == "关于举办示例市2020年全民终身学习活动周的通知"
    assert not [p for p in notice.placeholders if p.field == "name"]


@pytest.mark.parametrize("extra, words", [
    (["--name", "  "], "--name"),
    (["--name", "【待填：地名】"], "请写地名"),
])
def test_bad_name_is_refused(tmp_path: Path, capsys, extra: list[str], words: str) -> None:
    root = _tree(tmp_path)
    src = tmp_path / "notice.txt"
    src.write_text(BODY, encoding="utf-8")
    code, _, err = _import(capsys, root, src, *extra)
    assert code == 2 and words in err and "Traceback" not in err
    assert not list(root.rglob("shili"))


def test_name_is_for_new_nodes_only(tmp_path: Path, capsys) -> None:
    root = _tree(tmp_path)
    src = tmp_path / "notice.txt"
    src.write_text(BODY, encoding="utf-8")
    code = main(["import", str(src), "--as", "zibo", "--name", "淄博市", "--profiles", str(root)])
    _, err = capsys.readouterr()
    assert code == 2 and "只用于新节点" in err
