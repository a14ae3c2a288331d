"""Drafting core: profiles + rules → the Notice model (issue 2's must-shows for 新北区)."""

from __future__ import annotations

import json
from datetime import date

import pytest

from generator import workcal
from generator.assemble import build_notice
from generator.cli import main
from generator.model import PLACEHOLDER_RE
from tests.conftest import NATIONAL_NODE

REQUIRED_KEYS = {"jurisdiction", "year", "issuers", "doc_number", "title", "recipients", "theme", "citations",
                 "week", "sections", "four_ones", "deadlines", "attachments", "contacts", "placeholders"}


def explain_json(capsys, *argv: str) -> dict:
    assert main(["explain", *argv, "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_xinbei_2024_has_every_element_of_its_notice(capsys):
    d = explain_json(capsys, "xinbei", "--year", "2024")
    assert REQUIRED_KEYS <= set(d)
    assert d["doc_number"] == "常新教〔2024〕76号"
    assert [o["name"] for o in d["issuers"]] == ["中共常州国家高新区工委（新北区委）宣传统战部",
                                                   "常州国家高新区（新北区）教育局"]
    assert d["title"] == "关于举办新北区2024年全民终身学习活动周的通知"
    assert d["recipients"] == ["各中小学、幼儿园", "社区培训学院", "各镇（街道）社区教育中心"]
    assert d["theme"] == "让学习成为一种生活方式"
    assert [(c["level"], c["doc_number"]) for c in d["citations"]] == [
        ("national", "教职成厅函〔2024〕7号"), ("province", "苏教社教函〔2024〕1号"), ("city", "常教终〔2024〕7号")]
    assert (d["week"]["start"], d["week"]["end"]) == ("2024-10-31", "2024-11-06")
    assert d["week"]["launch"]["place"] == "三井街道"
    assert d["four_ones"] == ["一次国旗下讲话", "一次主题讲座", "一次主题班会", "一次主题板报宣传"]
    plan, summary = d["deadlines"]
    assert (plan["kind"], plan["date"], plan["attachment"]) == ("plan", "2024-10-30", 1)
    assert (summary["kind"], summary["date"]) == ("summary", "2024-11-07")
    assert "5张配套照片或不超过5分钟的活动记录视频" in summary["materials"]
    assert plan["date"] < d["week"]["start"] and summary["date"] > d["week"]["end"]
    assert [a["title"] for a in d["attachments"]] == ["2024年全民终身学习活动周主要活动安排表"]
    assert d["contacts"][0] == {"name": "张玉玉", "phone": "0519-88586715", "email": "1136835380@qq.com",
                                "office": "新北区教育局教育发展处"}
    assert d["placeholders"] == []
    headings = [s["label"] + s["heading"] for s in d["sections"]]
    assert headings == ["一、活动主题", "二、活动时间", "三、组织领导", "四、活动内容", "五、相关要求"]
    assert "王华国" in " ".join(d["sections"][2]["paragraphs"])
    assert len(d["sections"][3]["children"]) == 5
    req = d["sections"][4]["children"]
    text = " ".join(p for c in req for p in c["paragraphs"])
    assert "八项规定" in text and "一次国旗下讲话、一次主题讲座" in text and "10月30日（周三）前" in text


def test_every_element_names_its_rule_and_source(capsys):
    d = explain_json(capsys, "xinbei", "--year", "2024")

    def sections(ss):
        for s in ss:
            yield s
            yield from sections(s["children"])

    elements = [*d["citations"], d["week"], *d["deadlines"], *d["attachments"], *sections(d["sections"]),
                *d["provenance"].values()]
    for e in elements:
        assert e["rule"] in d["rules"], e
        assert e["source"], e
    assert d["rules"]["NK-C-FOUR-ONES"]["source"].startswith("常新教〔2024〕76号")


def test_xinbei_2027_is_complete_with_placeholders_and_working_day_deadlines(capsys):
    d = explain_json(capsys, "xinbei", "--year", "2027")
    assert REQUIRED_KEYS <= set(d)
    assert d["doc_number"] == "常新教〔2027〕【待填：序号】号"
    assert all(PLACEHOLDER_RE.search(c["doc_number"]) and PLACEHOLDER_RE.search(c["title"])
               for c in d["citations"])
    assert len(d["citations"]) == 3
    assert PLACEHOLDER_RE.fullmatch(d["theme"])
    # the 成文日期 as 2024's was before its week (9 working days), computed: 推算
    assert d["signature_date"] == "2027-10-15" and d["signature_status"]["status"] == "推算"
    fields = {p["field"] for p in d["placeholders"]}
    assert {"doc_number.serial", "theme", "committee.members.0.name", "office.head",
            "contacts.0.name", "citations.national.doc_number"} <= fields
    # No invented names: every member of the committee is a placeholder.
    organisation = d["sections"][2]["paragraphs"]
    assert all("【待填：姓名】" in p for p in organisation if p.startswith(("主任", "副主任")))
    # The week follows the node's policy (last Thursday of October) and lasts 7 days.
    assert (d["week"]["start"], d["week"]["end"]) == ("2027-10-28", "2027-11-03")
    for dl in d["deadlines"]:
        day = date.fromisoformat(dl["date"])
        assert workcal.is_working_day(day) and day.weekday() < 5
        assert dl["working_day_checked"] is False
    assert [dl["date"] for dl in d["deadlines"]] == ["2027-10-27", "2027-11-04"]
    assert any("未核对法定节假日" in n for n in d["notes"])
    assert d["four_ones"] == ["一次国旗下讲话", "一次主题讲座", "一次主题班会", "一次主题板报宣传"]
    assert d["attachments"][0]["title"] == "2027年全民终身学习活动周主要活动安排表"
    assert d["deadlines"][0]["attachment"] == 1


def test_text_explain_names_rules_and_sources(capsys):
    assert main(["explain", "xinbei", "--year", "2027"]) == 0
    out = capsys.readouterr().out
    assert "规则 NK-C-FOUR-ONES" in out and "事实来源：" in out and "待填项" in out


POLICY_NODE = """
id: district
name: 测试区
place: 测试区
level: district
parent: national
source: 测试
organs:
  edu: {{name: 测试区教育局, code: 测教}}
recipients:
  - {{name: 各中小学, kinds: [school]}}
defaults:
  source: 测试
  week: {{policy: nth_weekday, month: {month}, weekday: {weekday}, nth: {nth}, days: {days}}}
  four_ones: [一次讲座, 一次班会, 一次板报, 一次志愿服务]
  deadlines:
    - {{kind: plan, what: 活动方案, working_days_before_week: 1}}
    - {{kind: summary, what: 总结, working_days_after_week: 1}}
"""


def _policy_notice(write_tree, year: int, **week) -> dict:
    root = write_tree({"node.yaml": NATIONAL_NODE, "d/node.yaml": POLICY_NODE.format(**week)})
    return build_notice("district", year, root).to_dict()


def test_plan_deadline_before_a_week_after_national_day_skips_the_holiday(write_tree):
    # Week from the 2nd Tuesday of October 2024 (10-08): the working day before is 09-30,
    # because 10-01..10-07 are the 国庆 holiday.
    d = _policy_notice(write_tree, 2024, month=10, weekday=2, nth=2, days=4)
    assert d["week"]["start"] == "2024-10-08" and d["week"]["end"] == "2024-10-11"
    plan, summary = d["deadlines"]
    assert plan["date"] == "2024-09-30"
    # The Saturday after that week (10-12) is a 调休 working day, so it is the summary date.
    assert summary["date"] == "2024-10-12"
    assert plan["working_day_checked"] and summary["working_day_checked"]


def test_deadline_that_would_fall_on_a_weekend_moves_to_the_friday(write_tree):
    d = _policy_notice(write_tree, 2024, month=11, weekday=1, nth=1, days=7)  # Monday 11-04
    assert d["deadlines"][0]["date"] == "2024-11-01"
    assert d["deadlines"][1]["date"] == "2024-11-11"  # week ends Sunday 11-10 → Monday


def test_missing_superior_editions_become_placeholders_not_guesses(write_tree):
    d = _policy_notice(write_tree, 2024, month=11, weekday=1, nth=1, days=7)
    (cite,) = d["citations"]
    assert cite["issuer"] == "教育部办公厅"
    assert PLACEHOLDER_RE.search(cite["title"]) and PLACEHOLDER_RE.search(cite["doc_number"])
    assert PLACEHOLDER_RE.search(d["doc_number"]) and d["doc_number"].startswith("测教〔2024〕")


NATIONAL_2024 = """
year: 2024
source: 测试：国家通知
title: 关于举办2024年全民终身学习活动周的通知
doc_number: 教职成厅函〔2024〕7号
theme: 让学习成为一种生活方式
window: {start: 2024-10-01, end: 2024-11-30}
launch: {date: 2024-11-05, place: 北京}
activities:
  - {heading: 国家统一活动, text: 开展“百姓学习之星”推选。}
"""


def test_week_is_moved_inside_the_superior_window_and_off_its_launch_day(write_tree):
    node = POLICY_NODE.format(month=12, weekday=1, nth=1, days=7)  # 2024-12-02, after the window
    root = write_tree({"node.yaml": NATIONAL_NODE, "2024.yaml": NATIONAL_2024, "d/node.yaml": node})
    d = build_notice("district", 2024, root).to_dict()
    assert (d["week"]["start"], d["week"]["end"]) == ("2024-11-24", "2024-11-30")
    assert any("已调整为 2024-11-24" in n for n in d["notes"])
    # A week that contains the national launch day is kept, with a note to avoid that day.
    node = POLICY_NODE.format(month=11, weekday=1, nth=1, days=7)  # 2024-11-04..10
    root = write_tree({"node.yaml": NATIONAL_NODE, "2024.yaml": NATIONAL_2024, "d/node.yaml": node})
    d = build_notice("district", 2024, root).to_dict()
    assert any("启动仪式在 2024-11-05" in n for n in d["notes"])
    week_text = " ".join(next(s for s in d["sections"] if s["heading"] == "活动时间")["paragraphs"])
    assert "错开教育部启动仪式时间" in week_text


def test_activities_are_the_directives_plus_the_nodes_featured_ones(write_tree):
    node = POLICY_NODE.format(month=11, weekday=1, nth=1, days=7) + (
        "  activities:\n    - {heading: 本区特色活动, text: 开展社区读书会。}\n")
    root = write_tree({"node.yaml": NATIONAL_NODE, "2024.yaml": NATIONAL_2024, "d/node.yaml": node})
    d = build_notice("district", 2024, root).to_dict()
    acts = next(s for s in d["sections"] if s["heading"] == "活动内容")["children"]
    assert [a["heading"] for a in acts] == ["国家统一活动", "本区特色活动"]
    assert acts[0]["source"].endswith("测试：国家通知") and "defaults" in acts[1]["source"]
    assert d["theme"] == "让学习成为一种生活方式"
    assert d["citations"][0]["doc_number"] == "教职成厅函〔2024〕7号"


# What each seed notice shows, as `notice explain` must give it back for the seed's node and year:
# (node, year, theme, [(citation 文号 or None when the seed gives none)], (week start, end) or None,
#  四个一 items, [(deadline kind, date, a material it names)], attachment titles, first contact name)
SEEDS_EXPECTED = [
    ("xinbei", 2024, "让学习成为一种生活方式", ["教职成厅函〔2024〕7号", "苏教社教函〔2024〕1号", "常教终〔2024〕7号"],
     ("2024-10-31", "2024-11-06"), ["一次国旗下讲话", "一次主题讲座", "一次主题班会", "一次主题板报宣传"],
     [("plan", "2024-10-30", None), ("summary", "2024-11-07", "5张配套照片或不超过5分钟的活动记录视频")],
     ["2024年全民终身学习活动周主要活动安排表"], "张玉玉"),
    ("xinbei", 2017, "推动全民终身学习，加快建设学习型新北", [None, None, None],
     ("2017-10-23", "2017-10-29"), ["一次主题讲座", "一次主题班会", "一次主题板报宣传", "一次志愿服务"],
     [("plan", "2017-10-10", None), ("summary", "2017-10-31", "3张反映活动周活动的典型照片或活动记录光盘")],
     ["“全民终身学习推进周”活动项目安排表"], "董小方"),
    ("jintan", 2020, "全民智学，助力“双战双赢”", ["教职成厅函〔2020〕12号", "苏教继函〔2020〕1号", "常教终〔2020〕7号"],
     ("2020-11-14", "2020-11-20"), ["一次国旗下讲话", "一次主题讲座", "一次主题班会", "一次主题板报宣传"],
     [("schedule", "2020-10-30", None),
      ("summary", "2020-11-23", "五张反映“年活动启动周”的照片或不超过3分钟的活动记录视频")],
     ["金坛区2020—2021年度全民终身学习活动“启动周”活动情况统计表"], "凌东"),
    ("nanchang", 2023, "让学习成为一种生活方式", [None, None], None, [],
     [("summary", "2023-11-30", "《2023年全民终身学习活动开展情况统计表》")],
     ["2023年全民终身学习活动开展情况统计表"], "万梦婷"),
    ("zibo", 2024, "让学习成为一种生活方式", ["教职成厅函〔2024〕7号", None], None, [],
     [("summary", "2024-11-01", "1～2个典型案例")],
     ["2024年淄博市全民终身学习活动周市级活动清单", "2024年淄博市全民终身学习活动周地方活动参考清单",
      "2024年淄博市全民终身学习活动周特色亮点活动情况表", "2024年淄博市全民终身学习活动周开展情况汇总表"], "杨慧"),
]


@pytest.mark.parametrize("case", SEEDS_EXPECTED, ids=[f"{c[0]}-{c[1]}" for c in SEEDS_EXPECTED])
def test_each_seed_explains_with_every_element_it_shows(capsys, case):
    node, year, theme, cited, week, four_ones, deadlines, attachments, contact = case
    d = explain_json(capsys, node, "--year", str(year))
    assert d["theme"] == theme
    levels = [c["level"] for c in d["citations"]]
    assert levels[0] == "national" and levels == sorted(levels, key=["national", "province", "city"].index)
    for c, want in zip(d["citations"], cited, strict=True):
        # a 文号 the seed does not give stays a visible placeholder, never a guess
        assert c["doc_number"] == want if want else PLACEHOLDER_RE.fullmatch(c["doc_number"])
    if week:
        assert (d["week"]["start"], d["week"]["end"]) == week
    else:  # the seed sets no dates (the units choose): left open, and said so
        assert PLACEHOLDER_RE.search(d["week"]["start"]) and "week.start" in {p["field"] for p in d["placeholders"]}
    assert d["four_ones"] == four_ones
    assert [(x["kind"], x["date"]) for x in d["deadlines"]] == [(k, day) for k, day, _ in deadlines]
    for x, (_, _, material) in zip(d["deadlines"], deadlines, strict=True):
        assert material is None or material in x["materials"]
        if week and x["kind"] == "summary":
            assert x["date"] > week[1]
        elif week:
            assert x["date"] < week[0]
    assert [a["title"] for a in d["attachments"]] == attachments
    assert d["contacts"][0]["name"] == contact
    # every placeholder is one the profile really lacks: none for the facts above
    assert not any(PLACEHOLDER_RE.search(v) for v in (d["theme"], d["title"], *d["four_ones"]))


def test_doc_code_is_the_issuing_organs_never_another_organs():
    """新北区 2017 was issued by 教育文体局 alone, which has no code on file: the default 常新教
    belongs to the default issuers, so the code is left to fill in rather than borrowed."""
    n = build_notice("xinbei", 2017)
    assert n.doc_number.code == "【待填：发文机关代字】"
    assert {"doc_number.code", "doc_number.serial"} <= {p.field for p in n.placeholders}
    assert build_notice("xinbei", 2027).doc_number.code == "常新教"  # the default issuers' own code


def test_organisation_without_committee_uses_the_notices_division_of_work():
    """南昌市 2023 names no committee; its 分工安排 is the organisation, and no name is asked for."""
    n = build_notice("nanchang", 2023)
    (org,) = [s for s in n.sections if s.heading == "组织领导"]
    assert org.paragraphs[0].startswith("本届学习活动周由南昌市教育局主办")
    assert len(org.paragraphs) == 3 and not any(PLACEHOLDER_RE.search(p) for p in org.paragraphs)
    fields = {p.field for p in n.placeholders}
    assert not {"committee", "office.head", "office.members"} & fields
    # with neither committee nor division, the committee is a visible placeholder
    zibo = build_notice("zibo", 2027)
    (org,) = [s for s in zibo.sections if s.heading == "组织领导"]
    assert PLACEHOLDER_RE.fullmatch(org.paragraphs[0]) and "committee" in {p.field for p in zibo.placeholders}


def test_units_always_learn_whom_to_send_to():
    """A profile without contacts still gets a contact sentence, as a placeholder, in the
    last deadline's paragraph; a profile with contacts names them there."""
    for nid, year in [("changzhou", 2024), ("liyang", 2027), ("nanchang", 2027)]:
        n = build_notice(nid, year)
        last = n.deadlines[-1]
        assert last.contact is not None and PLACEHOLDER_RE.search(last.contact.name)
        req = next(s for s in n.sections if s.heading == "相关要求")
        assert any("联系人：【待填：联系人及联系方式】" in p for c in req.children for p in c.paragraphs), nid
    zibo = build_notice("zibo", 2027)
    # 2024's number, known for 2024 only: printed for 2027 to be confirmed
    assert zibo.deadlines[-1].contact.phone == "【待核实：3173517】"
