"""Order is declared: rules/outline.yaml lists the notice's parts top to bottom. A rule's id
and the order of records decide nothing: renamed and shuffled rules draft the same bytes."""

from __future__ import annotations

import random
import re
import shutil
import textwrap
from pathlib import Path

import pytest
import yaml

from generator import RULES_DIR
from generator.catalogue import load_rules
from generator.profiles import ProfileError

ID_RE = re.compile(r"\bNK-[A-Z]+(?:-[A-Z0-9]+)+\b")


def _renamed_and_shuffled(dst: Path, seed: int) -> dict[str, str]:
    """A copy of rules/ with every id renamed (sorting the other way round) and every rule
    file's records shuffled; the outline keeps its order, under the new names."""
    ids = sorted({r.id for r in load_rules()})
    new = {old: f"NK-Z-R{len(ids) - i:02d}" for i, old in enumerate(ids)}
    dst.mkdir()
    for f in sorted(RULES_DIR.glob("*.yaml")):
        text = ID_RE.sub(lambda m: new.get(m.group(0), m.group(0)), f.read_text(encoding="utf-8"))
        if f.name != "outline.yaml":
            records = yaml.safe_load(text)
            text = yaml.safe_dump(random.Random(seed).sample(records, len(records)), allow_unicode=True,
                                  sort_keys=False)
        (dst / f.name).write_text(text, encoding="utf-8")
    if (RULES_DIR / "lexicon").is_dir():  # the word lists substitution rules name
        shutil.copytree(RULES_DIR / "lexicon", dst / "lexicon")
    return new


def _drafts(rules_dir: Path) -> dict[tuple[str, int, str], bytes]:
    from generator.assemble import build_notice, load_tree
    from generator.render import render_notice
    from generator.writers.html import notice_html
    from generator.writers.text import notice_to_text

    out = {}
    for node in load_tree().nodes.values():
        for year in sorted({*node.editions, 2027}):
            n = build_notice(node.id, year, rules_dir=rules_dir)
            out[(node.id, year, ".docx")] = render_notice(n)
            out[(node.id, year, ".html")] = notice_html(n).encode()
            out[(node.id, year, ".txt")] = notice_to_text(n).encode()
    return out


def test_renamed_ids_and_shuffled_records_draft_the_same_bytes(tmp_path: Path):
    new = _renamed_and_shuffled(tmp_path / "renamed", 11)
    renamed = load_rules(tmp_path / "renamed")
    # the declared order survives: the same rules, one for one, in the same places
    assert [new[r.id] for r in load_rules() if r.sets] == [r.id for r in renamed if r.sets]
    want, got = _drafts(RULES_DIR), _drafts(tmp_path / "renamed")
    assert len(want) >= 90 and want.keys() == got.keys()
    assert [k for k in want if want[k] != got[k]] == []


def _rules(tmp_path: Path, records: str, outline: str | None) -> Path:
    d = tmp_path / "rules"
    d.mkdir()
    (d / "x.yaml").write_text(textwrap.dedent(records).lstrip(), encoding="utf-8")
    if outline is not None:
        (d / "outline.yaml").write_text(textwrap.dedent(outline).lstrip(), encoding="utf-8")
    return d


TWO = """
    - id: NK-C-A
      title: 相关要求
      severity: warning
      strength: 惯例
      sets: section_requirements
      message: 甲
      source: 测试
    - id: NK-C-B
      title: 一条要求
      severity: warning
      strength: 惯例
      needs: [NK-C-A]
      sets: requirement
      message: 乙
      source: 测试
"""


def test_the_outline_decides_the_order(tmp_path: Path):
    d = _rules(tmp_path, TWO, "- part: 正文\n  rules: [NK-C-A, NK-C-B]\n")
    assert [r.id for r in load_rules(d)] == ["NK-C-A", "NK-C-B"]


@pytest.mark.parametrize("outline, where, words", [
    ("- part: 正文\n  rules: [NK-C-A]\n", "x.yaml:8", "规则 NK-C-B 起草内容（sets: requirement），但未列入提纲"),
    (None, "x.yaml:1", "规则 NK-C-A 起草内容（sets: section_requirements），但未列入提纲"),
    ("- part: 正文\n  rules:\n    - NK-C-B\n    - NK-C-A\n", "outline.yaml:3",
     "规则 NK-C-B 依赖 NK-C-A（needs），在提纲中须排在 NK-C-A 之后"),
    ("- part: 正文\n  rules: [NK-C-A, NK-C-B, NK-C-Q]\n", "outline.yaml:2", "提纲中的规则“NK-C-Q”不存在"),
    ("- part: 正文\n  rules: [NK-C-A, NK-C-B, NK-C-A]\n", "outline.yaml:2", "规则 NK-C-A 在提纲中出现了两次"),
    ("- 正文: [NK-C-A, NK-C-B]\n", "outline.yaml:1", "提纲应是各部分的列表"),
])
def test_a_bad_outline_is_a_file_line_error(tmp_path: Path, outline, where, words):
    with pytest.raises(ProfileError) as e:
        load_rules(_rules(tmp_path, TWO, outline))
    assert where in str(e.value) and words in str(e.value), str(e.value)


def test_after_is_refused_with_the_outline_named(tmp_path: Path):
    recs = TWO.replace("      needs: [NK-C-A]\n", "      after: [NK-C-A]\n")
    with pytest.raises(ProfileError) as e:
        load_rules(_rules(tmp_path, recs, "- part: 正文\n  rules: [NK-C-A, NK-C-B]\n"))
    assert "x.yaml:12" in str(e.value) and "after 已不再使用" in str(e.value) and "rules/outline.yaml" in str(e.value)


def test_the_repository_outline_lists_every_drafting_rule_once():
    data = yaml.safe_load((RULES_DIR / "outline.yaml").read_text(encoding="utf-8"))
    listed = [rid for part in data for rid in part["rules"]]
    assert len(set(listed)) == len(listed)
    assert {r.id for r in load_rules() if r.sets} <= set(listed)
    assert [r.id for r in load_rules()][:len(listed)] == listed  # top to bottom, as load_rules orders them
