"""Against a profile (--profile P --year Y): what the year requires, not just what the draft shows."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from lint_helpers import draft_text, lint_text

from generator.errors import NoticeError
from generator.lint import lint_file

XINBEI = draft_text("xinbei", 2024)
OLD_FOUR_ONES = "一次主题讲座、一次主题班会、一次主题板报宣传、一次志愿服务"  # 新北区 2017's variant
NEW_FOUR_ONES = "一次国旗下讲话、一次主题讲座、一次主题班会、一次主题板报宣传"


def _messages(result, rule):
    return [f.message for f in result.findings if f.rule == rule]


def test_four_ones_variant_of_the_year(tmp_path: Path):
    old = XINBEI.replace(NEW_FOUR_ONES, OLD_FOUR_ONES)
    assert old != XINBEI
    # a known variant: fine on its own …
    assert _messages(lint_text(tmp_path, old), "NK-C-FOUR-ONES") == []
    # … but not the one 新北区 2024 requires
    msgs = _messages(lint_text(tmp_path, old, "xinbei", 2024), "NK-C-FOUR-ONES")
    assert msgs and NEW_FOUR_ONES in msgs[0]


def test_theme_docno_year_and_citation_of_the_year(tmp_path: Path):
    text = (XINBEI.replace("\n让学习成为一种生活方式\n", "\n全民智学，助力“双战双赢”\n")
            .replace("常新教〔2024〕76号", "常新教〔2023〕76号")
            .replace("常教终〔2024〕7号", "常教终〔2023〕7号"))
    plain = lint_text(tmp_path, text)
    assert _messages(plain, "NK-C-THEME") == []  # stated once, nothing to contradict it
    r = lint_text(tmp_path, text, "xinbei", 2024)
    assert any("当年主题为“让学习成为一种生活方式”" in m for m in _messages(r, "NK-C-THEME"))
    assert any("应为 常新教〔2024〕…号" in m for m in _messages(r, "NK-C-DOCNO"))
    assert any("常教终〔2024〕7号" in m for m in _messages(r, "NK-C-CITATIONS"))


def test_deadline_date_and_attachment_of_the_profile(tmp_path: Path):
    text = XINBEI.replace("于11月7日（周四）前", "于11月8日（周五）前").replace(
        "附件：2024年全民终身学习活动周主要活动安排表", "附件：2024年活动统计表")
    r = lint_text(tmp_path, text, "xinbei", 2024)
    assert any("档案要求 2024-11-07 前报送" in m for m in _messages(r, "NK-C-DEADLINE-SUMMARY"))
    assert any("缺少附件“2024年全民终身学习活动周主要活动安排表”" in m for m in _messages(r, "NK-C-ATTACHMENTS"))


def test_unknown_profile_is_a_clear_error(tmp_path: Path):
    f = tmp_path / "n.txt"
    f.write_text(XINBEI, encoding="utf-8")
    with pytest.raises(NoticeError):
        lint_file(f, "no-such-node", 2024)


def test_empty_docx_is_not_a_notice(tmp_path: Path):
    f = tmp_path / "empty.docx"
    d = docx.Document()
    buf = io.BytesIO()
    d.save(buf)
    f.write_bytes(buf.getvalue())
    with pytest.raises(NoticeError) as exc:
        lint_file(f)
    assert exc.value.code == 2 and "不是一份通知" in exc.value.message


def test_profile_of_another_tree(tmp_path: Path):
    """--profiles: a clerk's own tree (not the repository's) is the one compared with."""
    import shutil
    import subprocess
    import sys

    from generator import PROFILES_DIR, ROOT

    tree = tmp_path / "tree"
    shutil.copytree(PROFILES_DIR, tree)
    edition = next(tree.rglob("xinbei/2024.yaml"))
    text = edition.read_text(encoding="utf-8")
    assert "week: {start: 2024-10-31, end: 2024-11-06}" in text
    edition.write_text(text.replace("2024-10-31, end: 2024-11-06", "2024-11-07, end: 2024-11-13"), encoding="utf-8")
    f = tmp_path / "n.txt"
    f.write_text(XINBEI, encoding="utf-8")
    assert _messages(lint_file(f, "xinbei", 2024), "NK-C-WEEK") == []  # the repository's tree agrees
    msgs = _messages(lint_file(f, "xinbei", 2024, tree), "NK-C-WEEK")
    assert msgs and "应为 2024-11-07 至 2024-11-13" in msgs[0]

    def cli(*extra: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "generator", "lint", str(f), *extra],
                              capture_output=True, text=True, cwd=ROOT, timeout=120)

    r = cli("--profile", "xinbei", "--year", "2024", "--profiles", str(tree))
    assert r.returncode == 1 and "应为 2024-11-07 至 2024-11-13" in r.stdout
    r = cli("--profiles", str(tree))  # a tree without a node to compare with says so
    assert r.returncode == 2 and "--profiles 只在按档案核对" in r.stderr and "Traceback" not in r.stderr
