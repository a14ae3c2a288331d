"""Bad profiles: every error names file:line:field in Chinese and exits 2, no traceback."""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap

import pytest

from generator.cli import main
from tests.conftest import NATIONAL_NODE

DISTRICT = textwrap.dedent("""
    id: testdistrict
    name: 测试区
    place: 测试区
    level: district
    parent: national
    source: 测试
    organs:
      edu: {name: 测试区教育局, code: 测教}
""").lstrip()


def run_cli(capsys, *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out + out.err


def check(capsys, root, target, *, line: int, field: str, words: str) -> str:
    code, out = run_cli(capsys, "check-profile", str(target))
    assert code == 2
    assert "Traceback" not in out
    assert f"{target}:{line}:" in out, out
    assert f"字段“{field}" in out, out
    assert words in out, out
    # The drafting commands refuse the same tree with the same message.
    code2, out2 = run_cli(capsys, "explain", "testdistrict", "--year", "2024", "--profiles", str(root))
    assert code2 == 2 and f":{line}:" in out2 and "Traceback" not in out2
    return out


def test_malformed_yaml(write_tree, capsys):
    root = write_tree({"node.yaml": NATIONAL_NODE,
                       "d/node.yaml": DISTRICT + "defaults:\n  source: 测试\n  purpose: 为了: 学习\n"})
    check(capsys, root, root / "d/node.yaml", line=11, field="purpose（发文目的）", words="冒号")


def test_unclosed_quote_points_where_it_opened(write_tree, capsys):
    root = write_tree({"node.yaml": NATIONAL_NODE,
                       "d/node.yaml": DISTRICT.replace("source: 测试", 'source: "测试') + "recipients: []\n"})
    check(capsys, root, root / "d/node.yaml", line=6, field="source（来源）", words="引号")


def test_wrong_type(write_tree, capsys):
    root = write_tree({"node.yaml": NATIONAL_NODE, "d/node.yaml": DISTRICT,
                       "d/2024.yaml": "year: 2024\nsource: 测试\nweek: {start: 2024-10-31, end: 下周}\n"})
    out = check(capsys, root, root / "d/2024.yaml", line=3, field="week（活动周）.end（结束日期）",
                words="类型不对：应为日期")
    assert "下周" in out


def test_unknown_key(write_tree, capsys):
    root = write_tree({"node.yaml": NATIONAL_NODE, "d/node.yaml": DISTRICT,
                       "d/2024.yaml": "year: 2024\nsource: 测试\ntheem: 让学习成为一种生活方式\n"})
    check(capsys, root, root / "d/2024.yaml", line=3, field="theem", words="不认识的字段")


def test_year_given_as_text(write_tree, capsys):
    root = write_tree({"node.yaml": NATIONAL_NODE, "d/node.yaml": DISTRICT,
                       "d/2024.yaml": 'source: 测试\nyear: "2024"\n'})
    check(capsys, root, root / "d/2024.yaml", line=2, field="year（年份）", words="应为整数")


def test_year_not_matching_file_name(write_tree, capsys):
    root = write_tree({"node.yaml": NATIONAL_NODE, "d/node.yaml": DISTRICT,
                       "d/2024.yaml": "year: 2023\nsource: 测试\n"})
    check(capsys, root, root / "d/2024.yaml", line=1, field="year（年份）", words="与文件名 2024.yaml 不一致")


def test_doc_number_of_another_year(write_tree, capsys):
    """A 2025 edition copied from 2024 still carrying last year's 文号."""
    root = write_tree({"node.yaml": NATIONAL_NODE, "d/node.yaml": DISTRICT,
                       "d/2024.yaml": "year: 2024\nsource: 测试\ndoc_number: 测教〔2023〕76号\n"})
    check(capsys, root, root / "d/2024.yaml", line=3, field="doc_number（文号）",
          words="年份 2023 与本年度档案的年份 2024 不符")


def test_missing_parent(write_tree, capsys):
    root = write_tree({"node.yaml": NATIONAL_NODE,
                       "d/node.yaml": DISTRICT.replace("parent: national", "parent: jiangsu")})
    check(capsys, root, root / "d/node.yaml", line=5, field="parent（上级节点）", words="上级节点“jiangsu”不存在")


def test_missing_required_field(write_tree, capsys):
    root = write_tree({"node.yaml": NATIONAL_NODE,
                       "d/node.yaml": DISTRICT.replace("level: district\n", "")})
    check(capsys, root, root / "d/node.yaml", line=1, field="level（层级）", words="缺少必填字段")


def test_not_utf8(write_tree, capsys, tmp_path):
    root = write_tree({"node.yaml": NATIONAL_NODE})
    bad = root / "d" / "node.yaml"
    bad.parent.mkdir()
    bad.write_bytes("id: 测试".encode("gbk"))
    code, out = run_cli(capsys, "check-profile", str(bad))
    assert code == 2 and "UTF-8" in out


@pytest.mark.parametrize("argv", [["check-profile", "/nonexistent/node.yaml"],
                                  ["explain", "nowhere", "--year", "2024"],
                                  ["explain", "xinbei", "--year", "1066"]])
def test_bad_arguments_exit_2_with_chinese_message(capsys, argv):
    code, out = run_cli(capsys, *argv)
    assert code == 2 and "Traceback" not in out
    assert any(w in out for w in ("不存在", "找不到", "年份"))


def test_repository_profiles_are_valid(capsys, repo_profiles):
    code, out = run_cli(capsys, "check-profile", str(repo_profiles))
    assert code == 0, out


def run_in_subprocess(*argv: str, timeout: float = 60) -> subprocess.CompletedProcess:
    """The CLI in its own process, so a hang fails the test instead of stalling the run."""
    return subprocess.run([sys.executable, "-m", "generator", *argv], capture_output=True, text=True,
                          timeout=timeout, check=False)


@pytest.mark.parametrize("cycle", [
    {"d/node.yaml": DISTRICT.replace("parent: national", "parent: testdistrict")},
    {"d/node.yaml": DISTRICT.replace("parent: national", "parent: testcity"),
     "c/node.yaml": DISTRICT.replace("id: testdistrict", "id: testcity").replace("level: district", "level: city")
                            .replace("parent: national", "parent: testdistrict")},
])
def test_parent_cycle_is_reported_not_looped(write_tree, cycle):
    root = write_tree({"node.yaml": NATIONAL_NODE, **cycle})
    for argv in (["profiles", "--root", str(root)],
                 ["explain", "testdistrict", "--year", "2024", "--profiles", str(root)]):
        proc = run_in_subprocess(*argv, timeout=20)
        assert proc.returncode == 2, proc.stderr
        assert "Traceback" not in proc.stderr
        assert "上级节点形成循环" in proc.stderr and "testdistrict" in proc.stderr
        assert str(root / "d/node.yaml") + ":5:" in proc.stderr


def test_check_profile_reports_what_the_tree_refuses(write_tree, capsys):
    """check-profile must not pass a tree that profiles/explain then refuse."""
    root = write_tree({"node.yaml": NATIONAL_NODE, "a/node.yaml": DISTRICT, "b/node.yaml": DISTRICT,
                       "c/node.yaml": DISTRICT.replace("id: testdistrict", "id: loop")
                                              .replace("parent: national", "parent: loop")})
    code, out = run_cli(capsys, "check-profile", str(root))
    assert code == 2 and "Traceback" not in out
    assert (f"{root / 'b/node.yaml'}:1: 字段“id（编号）”：编号“testdistrict”重复，"
            f"已在 {root / 'a/node.yaml'} 中使用") in out
    assert f"{root / 'c/node.yaml'}:5: 字段“parent（上级节点）”：上级节点形成循环：loop → loop" in out
    code2, out2 = run_cli(capsys, "profiles", "--root", str(root))
    assert code2 == 2 and "重复" in out2 and "循环" in out2


@pytest.mark.parametrize("broken", [{"2024.yaml": "year: [\n"},
                                    {"node.yaml": NATIONAL_NODE.replace("level: national\n", "")}])
def test_a_broken_superior_file_is_one_problem_not_one_per_child(write_tree, capsys, broken):
    root = write_tree({"node.yaml": NATIONAL_NODE, "d/node.yaml": DISTRICT, **broken})
    code, out = run_cli(capsys, "profiles", "--root", str(root))
    assert code == 2 and str(root / next(iter(broken))) in out
    assert "不存在" not in out, out


def test_huge_profile_file_is_refused_quickly(write_tree, capsys):
    """A profile is a few KB; a pasted-in dump must not cost minutes and gigabytes to parse."""
    root = write_tree({"node.yaml": NATIONAL_NODE, "d/node.yaml": DISTRICT,
                       "d/2024.yaml": "year: 2024\nsource: 测试\nnotes:\n" + "  - 很长的说明\n" * 200_000})
    code, out = run_cli(capsys, "check-profile", str(root / "d/2024.yaml"))
    assert code == 2 and "文件过大" in out and "Traceback" not in out


def test_unknown_form_kind_is_found_by_check_profile(write_tree, capsys):
    root = write_tree({"node.yaml": NATIONAL_NODE, "d/node.yaml": DISTRICT,
                       "d/2024.yaml": "year: 2024\nsource: 测试\nattachments:\n  - title: 活动安排表\n"
                                      "    form: activity_shedule\n"})
    out = check(capsys, root, root / "d/2024.yaml", line=5, field="attachments（附件）.第1项.form（表单类型）",
                words="取值“activity_shedule”不在允许的范围内")
    assert "activity_schedule" in out


def test_duplicate_key_is_reported_not_silently_dropped(write_tree, capsys):
    """YAML keeps the last of two equal keys: the clerk's first 活动周 would vanish without a word."""
    root = write_tree({"node.yaml": NATIONAL_NODE, "d/node.yaml": DISTRICT,
                       "d/2024.yaml": "year: 2024\nsource: 测试\nweek: {start: 2024-10-26, end: 2024-11-01}\n"
                                      "theme: 学习\nweek: {start: 2024-11-02, end: 2024-11-08}\n"})
    check(capsys, root, root / "d/2024.yaml", line=5, field="week（活动周）", words="重复出现")


@pytest.mark.parametrize("text", ["year: 2024\nsource: *a\n", "year: 2024\nsource: '\n", "year: 2024\nsource: @a\n",
                                  "year: 2024\nsource: a\n---\nyear: 2025\n", 'year: 2024\nsource: "a\\q"\n'])
def test_yaml_syntax_errors_are_explained_in_chinese(tmp_path, capsys, text):
    f = tmp_path / "2024.yaml"
    f.write_text(text, encoding="utf-8")
    code, out = run_cli(capsys, "check-profile", str(f))
    assert code == 2 and "YAML 格式错误" in out
    assert not re.search(r"[A-Za-z]{4,}", out.split("YAML 格式错误")[1]), out  # no English left


def test_unknown_key_suggests_the_field_meant(write_tree, capsys):
    """The message pointed at a README section (“档案格式”) that does not exist."""
    root = write_tree({"node.yaml": NATIONAL_NODE, "d/node.yaml": DISTRICT,
                       "d/2024.yaml": "year: 2024\nsource: 测试\ntheem: 让学习成为一种生活方式\n"})
    out = check(capsys, root, root / "d/2024.yaml", line=3, field="theem", words="是不是“theme（活动主题）”")
    assert "档案格式" not in out and "generator/schema.py" in out
