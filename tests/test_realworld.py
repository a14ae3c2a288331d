"""Shapes real notices from other places take (measured on notices beyond the five seeds, see
/work/notes/issue-realworld.md): a government site's page data above the text, a page title
set twice, a title that opens with its issuer and breaks over two lines, joint issuers signed
with 、, a week without the year in the title, a theme said in a sentence, two deadlines in one
sentence and other ways to write a deadline. Every sample here is written for the test."""

from __future__ import annotations

import json
from pathlib import Path

from generator.cli import main
from generator.lint import lint_file
from generator.reader import read_notice

WEB_PAGE = """首页 > 信息公开 > 通知公告
关于举办2023年全民终身学习活动周的通知
发布时间：2023-09-12 09:30  浏览次数：215
来源：示例县教育局
示例县教育局
关于举办2023年全民终身学习活动周的通知
示教发〔2023〕18号
各乡镇中心学校，县直各学校：
为营造全县终身学习氛围，根据上级通知精神，现将有关事项通知如下：
一、时间和主题
（一）时间：2023年10月21日至27日
（二）主题：终身学习点亮美好生活
二、有关要求
（一）突出主题、讲求实效。各校要结合实际组织活动。
（二）请各校于10月16日前报送活动方案，于11月3日前报送活动总结和照片。
示例县教育局
2023年9月12日
"""


def _write(tmp_path: Path, text: str, name: str = "notice.txt") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _import(capsys, path: Path) -> dict:
    code = main(["import", str(path), "--node", "shili", "--parent", "changzhou", "--dry-run", "--format", "json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    return json.loads(out)


def test_page_title_and_page_data_are_not_the_notice(tmp_path: Path) -> None:
    res = read_notice(_write(tmp_path, WEB_PAGE))
    n = res.notice
    assert n.title == "关于举办2023年全民终身学习活动周的通知"
    assert res.locs["title"].index == 6  # the document's title, not the page's heading
    assert n.doc_number and (n.doc_number.code, n.doc_number.year, n.doc_number.serial) == ("示教发", "2023", "18")
    assert n.recipients == ["各乡镇中心学校", "县直各学校"]
    assert res.header == ["示例县教育局"]
    assert (n.week.start, n.week.end) == ("2023-10-21", "2023-10-27")
    assert n.theme == "终身学习点亮美好生活"  # not the requirement headed 突出主题、讲求实效


def test_two_deadlines_in_one_sentence_are_two(tmp_path: Path, capsys) -> None:
    n = read_notice(_write(tmp_path, WEB_PAGE)).notice
    assert [(d.kind, d.date) for d in n.deadlines] == [("plan", "2023-10-16"), ("summary", "2023-11-03")]
    ed = _import(capsys, _write(tmp_path, WEB_PAGE))["edition"]
    got = [(d["kind"], d["date"], d["what"]) for d in ed["deadlines"]]
    assert got == [("plan", "2023-10-16", "活动方案"), ("summary", "2023-11-03", "活动总结和照片")]


def test_a_shared_office_and_other_ways_to_write_a_deadline(tmp_path: Path, capsys) -> None:
    text = WEB_PAGE.replace(
        "（二）请各校于10月16日前报送活动方案，于11月3日前报送活动总结和照片。",
        "（二）活动方案于10月16日（星期一）前、活动总结于11月3日17:00前报送至县教育局职成股。\n"
        "（三）活动照片请于11月6日下班前发送至县教育局职成股。")
    n = read_notice(_write(tmp_path, text)).notice
    assert [(d.kind, d.date) for d in n.deadlines] == [
        ("plan", "2023-10-16"), ("summary", "2023-11-03"), ("plan", "2023-11-06")]
    ed = _import(capsys, _write(tmp_path, text))["edition"]
    assert [d["date"] for d in ed["deadlines"]] == ["2023-10-16", "2023-11-03", "2023-11-06"]
    assert {d.get("office") for d in ed["deadlines"]} == {"县教育局职成股"}  # said once for the first two
    assert [d["kind"] for d in ed["deadlines"]] == ["plan", "summary", "summary"]  # by the week's dates


def test_government_page_data_gives_the_doc_number_and_is_left_out(tmp_path: Path, capsys) -> None:
    text = """• 索 引 号：11350000-2023-00012
• 备注/文号：示教职〔2023〕9 号
• 发布机构：示例市教育局
• 公文生成日期：2023-09-01
关于举办2023年示例市全民终身学习活动周的通知
来源：示例市教育局 时间：2023-09-01 10:00
各县（市、区）教育局：
现将有关事项通知如下：
一、活动主题
让学习成为一种生活方式
"""
    res = read_notice(_write(tmp_path, text))
    assert res.notice.title == "关于举办2023年示例市全民终身学习活动周的通知"
    assert res.notice.doc_number and res.notice.doc_number.serial == "9"
    assert res.notice.recipients == ["各县（市、区）教育局"]
    data = _import(capsys, _write(tmp_path, text))
    assert data["doc_number"] == "示教职〔2023〕9号"
    assert data["recipients"] == ["各县（市、区）教育局"]
    assert not [f for f in lint_file(res.path).findings if "索" in f.excerpt or "来源" in f.excerpt]


def test_a_title_that_opens_with_its_issuer_and_breaks(tmp_path: Path) -> None:
    text = """示例省教育厅办公室关于举办2024年
全民终身学习活动周的通知
示教办函〔2024〕3号
各设区市教育局：
现将有关事项通知如下：
一、主题和时间
（一）主题：让学习成为一种生活方式
（二）时间：各地在全省开幕式前后一个月内安排本地活动周。
"""
    path = _write(tmp_path, text)
    n = read_notice(path).notice
    assert n.title == "示例省教育厅办公室关于举办2024年全民终身学习活动周的通知"
    assert [o.name for o in n.issuers] == ["示例省教育厅办公室"]  # no signature: the title names it
    assert n.recipients == ["各设区市教育局"]
    week = [f for f in lint_file(path).findings if f.rule == "NK-C-WEEK"]
    assert week and week[0].severity == "warning" and "自行安排" in week[0].message  # left to each place


def test_joint_issuers_signed_on_one_line(tmp_path: Path) -> None:
    text = WEB_PAGE.replace("示例县教育局\n2023年9月12日", "中共示例县委宣传部、示例县教育局\n2023年9月12日")
    n = read_notice(_write(tmp_path, text)).notice
    assert [o.name for o in n.issuers] == ["中共示例县委宣传部", "示例县教育局"]


def test_a_notice_without_title_takes_the_year_of_its_week(tmp_path: Path) -> None:
    text = """各镇（街道）社区教育中心：
现将有关事项通知如下：
一、时间和主题
（一）时间：2022年11月19日至25日
（二）主题：学习贯彻二十大，终身学习向未来
"""
    path = _write(tmp_path, text)
    n = read_notice(path).notice
    assert n.year == 2022 and (n.week.start, n.week.end) == ("2022-11-19", "2022-11-25")
    assert not [f for f in lint_file(path).findings if f.rule == "NK-C-WEEK"]


def test_theme_said_in_a_sentence_or_followed_in_the_text(tmp_path: Path, capsys) -> None:
    said = WEB_PAGE.replace("（二）主题：终身学习点亮美好生活",
                            "（二）主题：今年活动周的主题是“终身学习点亮美好生活”。")
    assert read_notice(_write(tmp_path, said)).notice.theme == "终身学习点亮美好生活"
    followed = WEB_PAGE.replace("一、时间和主题", "一、活动时间").replace(
        "（二）主题：终身学习点亮美好生活", "（二）各校要紧紧围绕“终身学习点亮美好生活”的主题开展活动。")
    assert read_notice(_write(tmp_path, followed)).notice.theme == "终身学习点亮美好生活"
    two_phrases = WEB_PAGE.replace("（二）主题：终身学习点亮美好生活", "（二）主题：终身学习伴我成长 书香满城共建共享")
    ed = _import(capsys, _write(tmp_path, two_phrases))["edition"]
    assert ed["theme"] == "终身学习伴我成长\u3000书香满城共建共享"  # the phrases stay apart


def test_committees_told_in_sentences_or_listed_on_one_line(tmp_path: Path, capsys) -> None:
    prose = WEB_PAGE.replace("二、有关要求", """二、组织领导
成立全民终身学习活动周领导小组，由县教育局局长周某某任组长，县教育局副局长吴某、县委宣传部副部长郑某任副组长，成员由各股室负责人组成。
三、有关要求""")
    committee = _import(capsys, _write(tmp_path, prose))["edition"]["committee"]
    assert committee["name"] == "全民终身学习活动周领导小组"
    assert [(m["role"], m.get("name"), m.get("title")) for m in committee["members"]] == [
        ("组长", "周某某", "县教育局局长"), ("副组长", "吴某", "县教育局副局长"),
        ("副组长", "郑某", "县委宣传部副部长")]
    assert committee["others"] == "各股室负责人"
    listed = WEB_PAGE.replace("二、有关要求", """二、组织领导
设活动周工作领导小组。
组长：孙某某（县教育局局长）
副组长：钱某（县教育局副局长）、冯某（县文广旅局副局长）
三、有关要求""")
    members = _import(capsys, _write(tmp_path, listed))["edition"]["committee"]["members"]
    assert [(m["role"], m["name"], m["title"]) for m in members] == [
        ("组长", "孙某某", "县教育局局长"), ("副组长", "钱某", "县教育局副局长"),
        ("副组长", "冯某", "县文广旅局副局长")]
    post_only = WEB_PAGE.replace("二、有关要求", """二、组织领导
成立活动周组织委员会。组委会主任由分管副县长担任，副主任由县教育局局长蒋某担任。
三、有关要求""")
    members = _import(capsys, _write(tmp_path, post_only))["edition"]["committee"]["members"]
    assert [(m["role"], m["name"], m["title"]) for m in members] == [
        ("主任", None, "分管副县长"), ("副主任", "蒋某", "县教育局局长")]  # no name given: none invented


def test_only_notices_cited_are_superiors_and_a_deadline_said_before_its_date(tmp_path: Path, capsys) -> None:
    text = WEB_PAGE.replace("为营造全县终身学习氛围，根据上级通知精神，", "为进一步落实《示例省终身教育促进条例》，根据"
                            "示例市教育局《关于举办2023年全民终身学习活动周的通知》（示市教[2023]5号，见市局网站）精神，").replace(
        "（二）请各校于10月16日前报送活动方案，于11月3日前报送活动总结和照片。",
        "（二）请各校于10月16日前报送活动方案，活动总结报送截止时间为11月3日。")
    data = _import(capsys, _write(tmp_path, text))
    assert data["citations"] == [{"issuer": "示例市教育局", "title": "关于举办2023年全民终身学习活动周的通知",
                                  "doc_number": "示市教〔2023〕5号"}]  # a law is no superior notice
    assert "文号“示市教[2023]5号”已按 GB/T 9704 写作“示市教〔2023〕5号”" in data["changes"]
    assert [(d["kind"], d["date"]) for d in data["edition"]["deadlines"]] == [
        ("plan", "2023-10-16"), ("summary", "2023-11-03")]


def test_a_body_copied_without_its_title_still_imports(tmp_path: Path, capsys) -> None:
    body = WEB_PAGE[WEB_PAGE.index("各乡镇中心学校"):]  # a clerk copied the page from the 主送机关 on
    data = _import(capsys, _write(tmp_path, body))
    assert "title" not in data["edition"] and data["year"] == 2023
    assert data["edition"]["theme"] == "终身学习点亮美好生活"
    assert data["week"] == {"start": "2023-10-21", "end": "2023-10-27"}
    assert any("原文未见通知标题" in c for c in data["changes"])
    stray = _write(tmp_path, "各位同事：\n一、午餐安排\n本周食堂照常供应。\n", "stray.txt")
    assert main(["import", str(stray), "--node", "shili", "--parent", "changzhou", "--dry-run"]) == 2
    assert "不像一份通知" in capsys.readouterr().err


def test_activities_headed_as_a_province_heads_them(tmp_path: Path) -> None:
    text = WEB_PAGE.replace("二、有关要求", "二、活动主要内容\n（一）开展主题宣讲。组织宣讲团进社区。\n三、有关要求")
    assert not [f for f in lint_file(_write(tmp_path, text)).findings if f.rule == "NK-C-ACTIVITIES"]


def test_a_site_label_above_the_text_is_no_recipient(tmp_path: Path, capsys) -> None:
    text = """示例区终身学习活动周工作通知之一：
示例区2021年全民终身学习活动周实施方案
各街道社区教育中心：
根据《示例市教育局关于举办2021年全民终身学习活动周的通知》要求，现将有关事项通知如下：
一、活动主题
今年我区活动周的主题是“学习点亮生活”。
二、工作要求
（一）精心组织。各街道要精心组织，确保活动取得实效。
"""
    path = _write(tmp_path, text)
    assert read_notice(path).notice.recipients == ["各街道社区教育中心"]
    code = main(["import", str(path), "--node", "shili", "--parent", "changzhou", "--year", "2021",
                 "--dry-run", "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 0 and data["recipients"] == ["各街道社区教育中心"] and data["theme"] == "学习点亮生活"
    assert data["citations"][0]["title"] == "示例市教育局关于举办2021年全民终身学习活动周的通知"
