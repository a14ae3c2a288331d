"""The engine reasons: directive facts, chained element facts, dated conditions; the order of
elements comes from needs/after, never from the order of records; every name is verified."""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml

from generator import ROOT, RULES_DIR
from generator.catalogue import fire, load_rules
from generator.profiles import ProfileError
from generator.rules import context_fact


def _rules(tmp_path: Path, text: str, name: str = "x.yaml") -> Path:
    d = tmp_path / "rules"
    d.mkdir(exist_ok=True)
    (d / name).write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return d


CHAIN = """
    - id: NK-C-A
      title: 甲
      severity: warning
      strength: 惯例
      when: {level: district}
      message: 甲
      source: 测试
    - id: NK-C-C
      title: 丙（依附于乙）
      severity: warning
      strength: 惯例
      when: {}
      needs: [NK-C-B]
      message: 丙
      source: 测试
    - id: NK-C-B
      title: 乙（依附于甲，仅当上级要求）
      severity: warning
      strength: 惯例
      when: {flag: special}
      needs: [NK-C-A]
      message: 乙
      source: 测试
"""


def test_consequences_chain_through_element_facts(tmp_path: Path):
    d = _rules(tmp_path, CHAIN)
    fired = [r.id for r in fire(context_fact("district", flags={"special"}), d)]
    assert fired == ["NK-C-A", "NK-C-B", "NK-C-C"]  # C holds only because B's consequence was asserted
    # without the directive fact B does not hold, so neither does C, which needs it
    assert [r.id for r in fire(context_fact("district"), d)] == ["NK-C-A"]
    # without A (another level) nothing that depends on it holds, even with the directive
    assert [r.id for r in fire(context_fact("city", flags={"special"}), d)] == []


def test_year_ranges_in_when(tmp_path: Path):
    d = _rules(tmp_path, """
        - id: NK-C-OLD
          title: 旧
          severity: warning
          strength: 惯例
          when: {year: [-2015, 2020-2022, 2030-]}
          message: 旧
          source: 测试
    """)
    on = {y for y in range(2010, 2035) if fire(context_fact("district", year=y), d)}
    assert on == {*range(2010, 2016), 2020, 2021, 2022, *range(2030, 2035)}
    assert "年份为2015年及以前、2020—2022年、2030年起" in load_rules(d)[0].describe_when()


@pytest.mark.parametrize("bad, line, words", [
    ("  sets: four_onez\n", 7, "没有名为“four_onez”的起草方法（是否想写“four_ones”？）"),
    ("  check: deadlin\n", 7, "没有名为“deadlin”的审查方法（是否想写“deadline”？）"),
    ("  when: {levle: city}\n", 7, "when"),
    ("  when: {year: 二〇二〇}\n", 7, "年份条件"),
    ("  needs: [NK-C-NOPE]\n", 1, "引用的规则“NK-C-NOPE”不存在"),
])
def test_unknown_names_are_file_line_errors(tmp_path: Path, bad: str, line: int, words: str):
    rec = ("- id: NK-C-X\n  title: 示例\n  severity: warning\n  strength: 惯例\n  message: 缺少示例\n"
           "  source: 测试\n") + bad
    d = _rules(tmp_path, rec)
    with pytest.raises(ProfileError) as e:
        load_rules(d)
    assert f"x.yaml:{line}" in str(e.value) and words in str(e.value)


def test_a_cycle_is_an_error(tmp_path: Path):
    d = _rules(tmp_path, """
        - id: NK-C-A
          title: 甲
          severity: warning
          strength: 惯例
          needs: [NK-C-B]
          message: 甲
          source: 测试
        - id: NK-C-B
          title: 乙
          severity: warning
          strength: 惯例
          needs: [NK-C-A]
          message: 乙
          source: 测试
    """)
    with pytest.raises(ProfileError) as e:
        load_rules(d)
    assert "needs 形成循环：NK-C-A、NK-C-B" in str(e.value)


def _copy_project(tmp_path: Path) -> Path:
    """A copy of the project beside ../shared's stand-in: its rules can be broken freely."""
    root = tmp_path / "proj"
    for name in ("generator", "rules", "templates", "profiles"):
        shutil.copytree(ROOT / name, root / name, ignore=shutil.ignore_patterns("__pycache__"))
    return root


@pytest.mark.parametrize("old, new, words", [
    ("sets: four_ones", "sets: four_one", "字段“sets”：没有名为“four_one”的起草方法"),
    ("check: deadline", "check: dedline", "字段“check”：没有名为“dedline”的审查方法"),
    ("when: {recipient_kind: training_institution}", "when: {recipient: training_institution}", "when"),
])
def test_cli_reports_a_broken_rule_file_with_exit_2(tmp_path: Path, old: str, new: str, words: str):
    root = _copy_project(tmp_path)
    f = root / "rules" / "content.yaml"
    text = f.read_text(encoding="utf-8")
    assert old in text
    f.write_text(text.replace(old, new, 1), encoding="utf-8")
    line = text[:text.index(old)].count("\n") + 1
    env = {**os.environ, "PYTHONPATH": str(root)}
    r = subprocess.run([sys.executable, "-m", "generator", "explain", "xinbei", "--year", "2024"],
                       cwd=root, env=env, capture_output=True, text=True, timeout=120)
    assert r.returncode == 2, r.stderr
    assert f"rules/content.yaml:{line}" in r.stderr and words in r.stderr
    assert "Traceback" not in r.stderr


def _write_reordered(src: Path, dst: Path, order) -> None:
    dst.mkdir(parents=True, exist_ok=True)
    for f in sorted(src.glob("*.yaml")):
        if f.name == "outline.yaml":  # the declared order, kept as it is
            shutil.copy(f, dst / f.name)
            continue
        records = yaml.safe_load(f.read_text(encoding="utf-8"))
        (dst / f.name).write_text(yaml.safe_dump(order(records), allow_unicode=True, sort_keys=False),
                                  encoding="utf-8")
    shutil.copytree(src / "lexicon", dst / "lexicon")  # the word lists substitution rules name


def _cases() -> list[tuple[str, int]]:
    from generator.assemble import load_tree

    tree = load_tree()
    return [(n.id, y) for n in tree.nodes.values() for y in sorted({*n.editions, 2027})]


def test_order_of_records_changes_nothing(tmp_path: Path):
    """Every rules/*.yaml reversed, and shuffled: byte-identical drafts for every profile × year."""
    from generator.assemble import build_notice
    from generator.render import render_notice

    rev, shuf = tmp_path / "reversed", tmp_path / "shuffled"
    _write_reordered(RULES_DIR, rev, lambda rs: list(reversed(rs)))
    _write_reordered(RULES_DIR, shuf, lambda rs: random.Random(7).sample(rs, len(rs)))
    assert [r.id for r in load_rules(rev)] == [r.id for r in load_rules(RULES_DIR)]
    cases = _cases()
    assert len(cases) >= 10
    for node, year in cases:
        want = render_notice(build_notice(node, year))
        for d in (rev, shuf):
            assert render_notice(build_notice(node, year, rules_dir=d)) == want, (node, year, d.name)


def test_the_engine_runs_no_background_threads(tmp_path: Path):
    """durable-rules' default host polls the C engine from timer threads while we assert facts:
    a race that once crashed a lint. Our host dispatches nothing in the background, and many
    sessions in a row (as in a batch) each give the same answer."""
    import threading

    d = _rules(tmp_path, CHAIN)
    answers = {tuple(r.id for r in fire(context_fact("district", flags={"special"}), d)) for _ in range(200)}
    assert answers == {("NK-C-A", "NK-C-B", "NK-C-C")}
    polling = [
        t for t in threading.enumerate()
        if isinstance(t, threading.Timer) and getattr(t.function, "__name__", "").startswith("dispatch")
    ]
    assert polling == []
