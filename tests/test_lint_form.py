"""Form rules on a small clean notice (tests/lint_fixtures/clean.md), one slip at a time."""

from __future__ import annotations

from pathlib import Path

import pytest
from lint_helpers import FIXTURES, lint_text

CLEAN = (FIXTURES / "clean.md").read_text(encoding="utf-8")


def test_clean_fixture_has_no_findings(tmp_path: Path):
    r = lint_text(tmp_path, CLEAN, name="clean.md")
    assert r.findings == []


@pytest.mark.parametrize("old, new, rule, words", [
    ("常新教〔2024〕76号", "常新教[2024]76号", "NK-F-DOCNO-FORM", "六角括号"),
    ("常新教〔2024〕76号", "常新教〔24〕76号", "NK-F-DOCNO-FORM", "4 位"),
    ("常新教〔2024〕76号", "常新教〔2024〕第76号", "NK-F-DOCNO-FORM", "不加“第”"),
    ("常新教〔2024〕76号", "常新教〔2024〕076号", "NK-F-DOCNO-FORM", "虚位"),
    ("常新教〔2024〕76号", "常新教〔2025〕76号", "NK-F-DOCNO-YEAR", "文号年份 2025"),
    ("\n2024年10月18日\n", "\n二〇二四年十月十八日\n", "NK-F-DATE-ARABIC", "汉字数字"),
    ("10月31日（周四）", "10月31日（周五）", "NK-F-WEEKDAY", "是周四，不是周五"),
    ("## 四、活动内容", "## 五、活动内容", "NK-F-HEADING-SEQ", "应为第4项"),
    ("（二）营造良好氛围", "（一）营造良好氛围", "NK-F-HEADING-SEQ", "重复"),
    ("（三）确保工作实效", "（三）、确保工作实效", "NK-F-HEADING-PUNCT", "不应再加“、”"),
    ("## 一、活动主题", "## 一.活动主题", "NK-F-HEADING-PUNCT", "顿号"),
    ("（二）营造良好氛围", "(二)营造良好氛围", "NK-F-HEADING-STYLE", "全角括号"),
    ("于10月30日（周三）前", "于11月2日前", "NK-F-DEADLINE-ORDER", "不在活动周"),
    ("于11月7日（周四）前", "于11月2日前", "NK-F-DEADLINE-ORDER", "之后"),
    ("于11月7日（周四）前", "于11月9日前", "NK-F-DEADLINE-WORKDAY", "周末"),
    ("广泛开展宣传。", "广泛开展宣传,营造氛围。", "NK-F-HALFWIDTH", "“,”应为“，”"),
    ("加强组织、协调和指导", "加强组织、协调和和指导", "NK-F-DOUBLED", "和和"),
    ("加强组织、协调和指导", "加强组织、协调 and 指导", "NK-F-LATIN", "and"),
    ("1136835380@qq.com", "1136835380@qq. com", "NK-F-URL", "有空格"),
    ("开展宣传。", "开展宣传（网址 http: //www.example.cn）。", "NK-F-URL", "网址"),
    ("（工作总结、典型案例、5张照片）", "（工作总结、典型案例、5张照片", "NK-F-BRACKETS", "数目不等"),
    ("让学习成为一种生活方式\n", "让学习成为一种生活方式【待填：主题】\n", "NK-F-PLACEHOLDER", "【待填：主题】"),
])
def test_one_slip_one_rule(tmp_path: Path, old, new, rule, words):
    assert old in CLEAN
    r = lint_text(tmp_path, CLEAN.replace(old, new, 1), name="slip.md")
    hits = [f for f in r.findings if f.rule == rule]
    assert hits, [f.rule for f in r.findings]
    assert any(words in f.message for f in hits)
    assert all(f.location is not None and f.location.kind == "line" for f in hits)


def test_content_rules_without_profile(tmp_path: Path):
    """Recipients repeated, theme quoted differently, 四个一 not a known variant, contact gone."""
    text = (CLEAN.replace("社区培训学院，", "社区培训学院，幼儿园，")
            .replace("围绕“让学习成为一种生活方式”的主题", "围绕“让学习成为生活方式”的主题")
            .replace("一次主题板报宣传", "一次主题征文")
            .replace("联系人：张玉玉，", ""))
    r = lint_text(tmp_path, text, name="content.md")
    msgs = {f.rule: (f.severity, f.message) for f in r.findings}
    assert msgs["NK-C-RECIPIENTS"][0] == "error" and "“幼儿园”重复" in msgs["NK-C-RECIPIENTS"][1]
    assert msgs["NK-C-THEME"][0] == "error" and "与“让学习成为一种生活方式”不一致" in msgs["NK-C-THEME"][1]
    # the 四个一 and the contact line are 惯例 (what most notices do): warnings, never errors
    assert msgs["NK-C-FOUR-ONES"] == ("warning", msgs["NK-C-FOUR-ONES"][1])
    assert "一次主题征文" in msgs["NK-C-FOUR-ONES"][1]
    assert msgs["NK-C-CONTACTS"][0] == "warning" and "未见联系人" in msgs["NK-C-CONTACTS"][1]


def test_week_backwards_and_too_long(tmp_path: Path):
    r = lint_text(tmp_path, CLEAN.replace("11月6日（周三）", "10月20日（周日）"), name="w.md")
    assert [f.severity for f in r.findings if f.rule == "NK-C-WEEK"] == ["error"]
    r = lint_text(tmp_path, CLEAN.replace("11月6日（周三）", "11月30日（周六）"), name="w2.md")
    assert [f.message for f in r.findings if f.rule == "NK-C-WEEK"] == [
        "缺少活动周起止日期，或日期与档案不一致：活动周共 31 天，不像“一周”"]


def test_text_report_colour_only_on_request(tmp_path: Path):
    from generator.lint.report import to_text

    r = lint_text(tmp_path, CLEAN.replace("（二）营造良好氛围", "（一）营造良好氛围"), name="c.md")
    plain, coloured = to_text(r), to_text(r, colour=True)
    assert "\033[" not in plain and "\033[31m错误（1）\033[0m" in coloured
    assert "“（一）”重复" in plain and "应为第" not in plain  # the repeat only, no cascade


def test_text_report_groups_a_rules_findings_on_one_line(tmp_path: Path):
    """NK-F-HALFWIDTH gives one finding a mark (JSON keeps them, each with its fix); the text
    report says the line once, the marks counted, the excerpt once, every distinct fix."""
    from generator.lint.report import to_dict, to_text

    text = CLEAN + "\n请各单位结合实际,认真组织,按时报送:总结。\n"
    r = lint_text(tmp_path, text, name="g.md")
    marks = [f for f in r.findings if f.rule == "NK-F-HALFWIDTH"]
    assert len(marks) == 3 and len({f.location.key() for f in marks}) == 1
    assert len([x for x in to_dict(r)["findings"] if x["rule"] == "NK-F-HALFWIDTH"]) == 3
    plain = to_text(r)
    lines = [ln for ln in plain.splitlines() if "[NK-F-HALFWIDTH]" in ln]
    assert lines == [f"  [NK-F-HALFWIDTH] {marks[0].location}："
                     "中文语句中使用了半角标点：“,”应为“，”（2 处）；“:”应为“：”  [规定]"]
    assert "      可修改：“,” → “，”（2 处）；“:” → “：”" in plain.splitlines()
    assert plain.count(f"“{marks[0].excerpt}”") == 1 and "警告（" in plain
