"""The profile writer: YAML a person would write, validated, atomic, never over a changed file."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from generator import PROFILES_DIR
from generator.errors import NoticeError
from generator.profile_write import (
    StaleSave,
    dump,
    file_version,
    load_profile,
    merge_into,
    render_profile,
    save_profile,
    validate_text,
)
from generator.profiles import ProfileError
from generator.schema import EDITION_SCHEMA, NODE_SCHEMA

ALL_FILES = sorted(PROFILES_DIR.rglob("*.yaml"))


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: str(p.relative_to(PROFILES_DIR)))
def test_every_profile_renders_to_the_same_data_in_schema_order(path: Path) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    kind = "node" if path.name == "node.yaml" else "edition"
    text = render_profile(data, kind)
    assert yaml.safe_load(text) == data
    assert validate_text(text, path, PROFILES_DIR) == []
    # keys come in the schema's order, which is the order the hand-written files use
    order = list(NODE_SCHEMA if kind == "node" else EDITION_SCHEMA)
    keys = list(yaml.safe_load(text))
    assert keys == sorted(keys, key=order.index)


def test_unsure_facts_carry_a_comment_and_short_values_sit_on_one_line() -> None:
    data = {"year": 2024, "source": "测试", "week": {"start": "2024-10-31", "end": "2024-11-06"},
            "committee": {"name": "组委会", "members": [{"role": "主任", "name": "张三", "title": "局长"}]},
            "four_ones": ["一次主题讲座", "一次主题班会"]}
    unsure = {("committee", "members", 0, "name"): "可能是职务"}
    text = render_profile(data, "edition", unsure, header="由 notice import 读出")
    assert text.startswith("# 由 notice import 读出\nyear: 2024\nsource: 测试\n")
    assert "week: {start: '2024-10-31', end: '2024-11-06'}" in text
    assert "name: 张三  # 待核实：可能是职务" in text
    assert "four_ones: [一次主题讲座, 一次主题班会]" in text


def test_save_new_then_refuse_existing_and_stale(tmp_path: Path) -> None:
    target = tmp_path / "2024.yaml"
    text = render_profile({"year": 2024, "source": "测试", "theme": "甲"}, "edition")
    version = save_profile(target, text)
    assert target.read_text(encoding="utf-8") == text and version == file_version(target)
    with pytest.raises(NoticeError, match="已存在"):
        save_profile(target, text)
    edited, seen = load_profile(target)
    assert seen == version
    # someone else saves in between: the first editor's save is refused, their file kept
    other = text.replace("甲", "乙")
    save_profile(target, other, expected_version=seen)
    with pytest.raises(StaleSave, match="已被修改"):
        save_profile(target, text.replace("甲", "丙"), expected_version=seen)
    assert target.read_text(encoding="utf-8") == other
    assert not list(tmp_path.glob(".*tmp"))


def test_invalid_text_is_refused_and_nothing_written(tmp_path: Path) -> None:
    target = tmp_path / "2024.yaml"
    with pytest.raises(ProfileError) as exc:
        save_profile(target, "year: 2023\nsource: 测试\n")  # year differs from the file name
    assert "2024.yaml" in str(exc.value.problems[0]) and not target.exists()
    with pytest.raises(ProfileError):
        save_profile(target, "year: 2024\nsource: 测试\ntheem: 甲\n")
    assert not target.exists()


def test_merge_keeps_a_person_s_comments(tmp_path: Path) -> None:
    target = tmp_path / "2024.yaml"
    target.write_text("year: 2024\nsource: 测试   # 来自原件\ntheme: 甲   # 全国统一主题\ndate: 2024-10-18\n",
                      encoding="utf-8")
    data, seen = load_profile(target)
    merged = merge_into(data, {"year": 2024, "source": "测试", "theme": "乙"})
    save_profile(target, dump(merged), expected_version=seen)
    text = target.read_text(encoding="utf-8")
    assert "# 来自原件" in text and "theme: 乙" in text and "date" not in text


def test_node_file_links_are_checked(tmp_path: Path) -> None:
    node = render_profile({"id": "newnode", "name": "新区", "level": "district", "parent": "nowhere",
                           "source": "测试"}, "node")
    probs = validate_text(node, PROFILES_DIR / "x" / "node.yaml", PROFILES_DIR)
    assert any("上级节点“nowhere”不存在" in p.message for p in probs)
