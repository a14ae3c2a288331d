"""The five seeds, as text: the slips they really contain are reported, and the rest
(correct elements) never shows up as an error. Findings per seed are listed in the
comments; docs/lint.md records the same table."""

from __future__ import annotations

import pytest
from conftest import SEEDS

from generator.lint import lint_file


def _lint(seed: str):
    return lint_file(next(SEEDS.glob(f"{seed}_*.txt")))


def _by_rule(result, severity=None):
    out: dict[str, list[str]] = {}
    for f in result.findings:
        if severity is None or f.severity == severity:
            out.setdefault(f.rule, []).append(f.message)
    return out


def test_seed_000_xinbei_2024():
    r = _lint("000")
    assert _by_rule(r, "error") == {}
    w = _by_rule(r, "warning")
    # 五、相关要求 numbers its items with half-width "(一)"; 及时总结经验 lost its "（五）";
    # the summary deadline's "（活动周工作总结、…视频。" never closes its bracket.
    assert len(w["NK-F-HEADING-STYLE"]) == 4
    assert any("及时总结经验" in m for m in w["NK-F-HEADING-UNNUMBERED"])
    assert w["NK-F-BRACKETS"] == ["括号或引号不成对：“（”与“）”数目不等（相差 1 个）"]
    # the attachment table is not in the text conversion: said, not as an error
    assert [f.severity for f in r.findings if f.rule == "NK-C-ATTACHMENTS"] == ["info"]


def test_seed_001_xinbei_2017():
    r = _lint("001")
    e = _by_rule(r, "error")
    assert e["NK-C-RECIPIENTS"] == ["缺少主送机关，或主送机关有重复、与档案不一致：“社区培训学院”重复"]
    assert e["NK-F-HEADING-PUNCT"] == ["标题序号标点有误：“（三）、”括号后不应再加“、”"]
    assert sorted(e["NK-F-URL"]) == sorted(["网址或电子邮箱格式有误：邮箱“czzsxx@126. com”中有空格或多余的点",
                                            "网址或电子邮箱格式有误：网址“http: //www.czcu.net”格式有误"])
    assert set(e) == {"NK-C-RECIPIENTS", "NK-F-HEADING-PUNCT", "NK-F-URL"}
    w = _by_rule(r, "warning")
    # citing superior notices with 《》 and 文号 is what most notices do (惯例): never an error
    assert "开篇没有用书名号引用上级通知" in w["NK-C-CITATIONS"][0]
    assert len(w["NK-F-HEADING-STYLE"]) == 8  # "1、" for the third level, twice four items
    # the web text has no red header, 文号 or 版记: reported, not as errors
    assert {"NK-C-HEADER", "NK-C-DOCNO", "NK-C-IMPRINT"} <= set(w)


def test_seed_002_jintan_2020():
    r = _lint("002")
    e = _by_rule(r, "error")
    assert set(e) == set()
    w = _by_rule(r, "warning")
    assert "NK-C-FRUGALITY" in w  # no 八项规定 clause anywhere: a 惯例, so a warning
    assert w["NK-F-LATIN"] == ["中文语句中夹杂了外文单词：“and”"]  # 活动总结 and 五张
    assert len(w["NK-F-HALFWIDTH"]) >= 8 and "NK-F-HEADING-STYLE" in w
    # the two cited superior 文号 carry the PDF conversion's space before 号: form slips, warnings
    # for text input (a conversion puts them there), each with its fix
    docno = [f for f in r.findings if f.rule == "NK-F-DOCNO-FORM"]
    assert [(f.severity, f.fix.with_) for f in docno] == [("warning", "教职成厅函〔2020〕12号"),
                                                          ("warning", "苏教继函〔2020〕1号")]
    # 2020-2021年度 and 11月14日-11月20日: a range takes the 一字线 (GB/T 15834 4.13)
    assert len(w["NK-F-RANGE-DASH"]) == 7
    # the theme is quoted twice with other punctuation widths but the same words: not a finding
    assert "NK-C-THEME" not in _by_rule(r)
    # the attachment is present at the end and named in 附件说明
    assert "NK-C-ATTACHMENTS" not in _by_rule(r)


def test_seed_003_nanchang_2023():
    r = _lint("003")
    e = _by_rule(r, "error")
    assert set(e) == {"NK-C-SIGNATURE"}
    assert "只写明 0 个文号" in _by_rule(r, "warning")["NK-C-CITATIONS"][0]
    assert sorted(e["NK-C-SIGNATURE"]) == sorted([
        "缺少发文机关署名或成文日期，或与版头发文机关不一致：未见发文机关署名",
        "缺少发文机关署名或成文日期，或与版头发文机关不一致：未见成文日期"])
    w = _by_rule(r, "warning")
    assert w["NK-F-DOUBLED"] == ["疑似多打了重复的字词：“和和”"]
    assert w["NK-F-LATIN"] == ["中文语句中夹杂了外文单词：“and”"]
    assert "通知授权下级自行安排" in w["NK-C-WEEK"][0]


def test_seed_004_zibo_2024():
    r = _lint("004")
    e = _by_rule(r, "error")
    assert set(e) == set()
    w = _by_rule(r, "warning")
    assert {"NK-C-FRUGALITY", "NK-C-CITATIONS"} <= set(w)
    assert len(w["NK-F-HALFWIDTH"]) >= 20  # the web page uses "," ":" throughout
    assert w["NK-F-SPACE"] == ["中文语句中有多余的空格：“习品 牌项”中的空格"]  # 品牌 split by the conversion
    # web-page residue (当前位置、访问次数、打印本页…) is not linted as the notice's text
    assert not any("当前位置" in f.excerpt or "访问次数" in f.excerpt for f in r.findings)
    assert len([f for f in r.findings if f.rule == "NK-C-ATTACHMENTS"]) == 4


@pytest.mark.parametrize("seed", ["000", "001", "002", "003", "004"])
def test_correct_elements_never_errors(seed):
    """Theme, week, deadlines order, weekday labels, four ones, contacts are right in every seed."""
    r = _lint(seed)
    wrong = {"NK-C-THEME", "NK-F-THEME-NATIONAL", "NK-F-CITED-EDITION",
             "NK-F-WEEKDAY", "NK-F-DEADLINE-ORDER", "NK-C-FOUR-ONES", "NK-C-CONTACTS",
             "NK-C-TITLE", "NK-F-DOCNO-FORM", "NK-F-HEADING-SEQ", "NK-C-DEADLINE-PLAN"}
    assert not [f for f in r.findings if f.rule in wrong and f.severity == "error"]


def test_seed_002_without_its_epidemic_paragraph_is_reported_without_a_profile(tmp_path):
    """The year is read from the text (2020): the dated rule (2020—2022) fires without --profile,
    and the requirement is looked for in 相关要求, not in an activity that mentions 疫情防控."""
    text = next(SEEDS.glob("002_*.txt")).read_text(encoding="utf-8")
    assert "NK-C-REQ-EPIDEMIC" not in _by_rule(_lint("002"))
    lines = text.split("\n")
    start = next(i for i, ln in enumerate(lines) if "落实防控举措" in ln)
    end = next(i for i in range(start + 1, len(lines)) if "防控措施" in lines[i])
    cut = "\n".join(lines[:start] + lines[end + 1:])
    assert "疫情防控常态化要求" in cut  # the activity that mentions it is still there
    f = tmp_path / "002-cut.txt"
    f.write_text(cut, encoding="utf-8")
    hits = [x for x in lint_file(f).findings if x.rule == "NK-C-REQ-EPIDEMIC"]
    assert [x.severity for x in hits] == ["error"]
    assert hits[0].message == "当年上级通知要求落实疫情防控，草稿的相关要求中没有。"


def test_lint_without_profile_asserts_the_years_national_directive_flags():
    from generator.lint import _context
    from generator.reader import read_notice

    res = read_notice(next(SEEDS.glob("002_*.txt")))
    assert res.notice.year == 2020
    assert "epidemic_prevention" in _context(res, None, None).flags  # national/2020.yaml flags
    res = read_notice(next(SEEDS.glob("000_*.txt")))
    assert not _context(res, None, None).flags
