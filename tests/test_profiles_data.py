"""The seed profiles hold what the seed notices say: key facts as typed from the seeds,
and every long text found (sentence by sentence) in the seed it names as its source."""

from __future__ import annotations

import re
from datetime import date

import pytest

from generator import PROFILES_DIR
from generator.assemble import build_notice
from generator.model import PLACEHOLDER_RE
from generator.profiles import ProfileTree
from tests.conftest import SEEDS


@pytest.fixture(scope="module")
def tree() -> ProfileTree:
    return ProfileTree(PROFILES_DIR)


def seed_text(prefix: str) -> str:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


_HALF_TO_FULL = str.maketrans({",": "，", ":": "：", ";": "；", "(": "（", ")": "）"})


def _norm(text: str) -> str:
    """Undo conversion noise only: whitespace, markdown marks, half-width punctuation, '<url>'."""
    text = re.sub(r"[\s*#<>]", "", text).replace("and", "和")
    return text.translate(_HALF_TO_FULL)


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"[。；]", _norm(text)) if len(s) > 4]


def _long_texts(edition: dict) -> list[str]:
    texts = [a["text"] for a in edition.get("activities") or []]
    texts += list((edition.get("requirements") or {}).values())
    texts += [edition[k] for k in ("guiding", "purpose", "week_note") if edition.get(k)]
    texts += edition.get("division") or []
    texts += [part.get(k) for part, k in ((edition.get("launch") or {}, "note"), (edition.get("office") or {}, "duty"))
              if part.get(k)]
    return texts


SEED_EDITIONS = [("xinbei", 2017, "001"), ("jintan", 2020, "002"), ("nanchang", 2023, "003"),
                 ("zibo", 2024, "004")]


def test_tree_has_every_seed_node(tree):
    assert {"xinbei", "jintan", "liyang", "jiangxi", "nanchang", "shandong", "zibo"} <= set(tree.nodes)
    assert tree.nodes["jintan"].parent.id == "changzhou"
    assert tree.nodes["nanchang"].parent.id == "jiangxi"
    assert tree.nodes["zibo"].parent.id == "shandong"
    assert tree.nodes["jiangxi"].parent.id == tree.nodes["shandong"].parent.id == "national"


@pytest.mark.parametrize(("node", "year", "seed"), SEED_EDITIONS)
def test_long_texts_are_the_seed_words(tree, node, year, seed):
    edition = tree.nodes[node].editions[year]
    assert seed in edition["source"]
    whole = _norm(seed_text(seed))
    texts = _long_texts(edition)
    assert texts
    for text in texts:
        for c in edition.get("corrections") or []:  # a slip corrected in the profile: the seed's words
            text = text.replace(c["now"], c["was"]) if c["now"] else text
        for sentence in _sentences(text):
            assert sentence in whole, f"{node} {year}: 不在种子原文中：{sentence}"


@pytest.mark.parametrize(("node", "year", "seed"), SEED_EDITIONS)
def test_contacts_and_theme_appear_in_the_seed(tree, node, year, seed):
    edition = tree.nodes[node].editions[year]
    whole = _norm(seed_text(seed))
    for c in edition["contacts"]:
        assert _norm(c["phone"]) in whole and _norm(c["email"]) in whole
    assert _norm(edition["theme"]).replace("\u2018", "“").replace("\u2019", "”") in whole.replace(
        "\u2018", "“").replace("\u2019", "”")


def test_xinbei_2017(tree):
    ed = tree.nodes["xinbei"].editions[2017]
    assert ed["doc_number"] is None
    assert ed["issuers"] == ["edu_sports"]
    assert tree.nodes["xinbei"].data["organs"]["edu_sports"]["name"] == "新北区教育文体局"
    assert ed["theme"] == "推动全民终身学习，加快建设学习型新北"
    assert ed["week"] == {"start": date(2017, 10, 23), "end": date(2017, 10, 29)}
    assert ed["launch"]["date"] == date(2017, 10, 25)
    assert ed["launch"]["place"] == "新北区春江镇社区教育中心"
    assert ed["committee"]["name"] == "全民终身学习活动周领导小组"
    assert [(m["role"], m["name"]) for m in ed["committee"]["members"][:3]] == [
        ("组长", "杨杰"), ("副组长", "蒋辉"), ("副组长", "张素艳")]
    assert ed["four_ones"] == ["一次主题讲座", "一次主题班会", "一次主题板报宣传", "一次志愿服务"]
    assert [(d["kind"], d["date"], d.get("attachment")) for d in ed["deadlines"]] == [
        ("plan", date(2017, 10, 10), 1), ("summary", date(2017, 10, 31), None)]
    assert ed["attachments"] == [{"title": "“全民终身学习推进周”活动项目安排表", "form": "activity_schedule"}]
    (c,) = ed["contacts"]
    assert (c["name"], c["phone"], c["email"]) == ("董小方", "85127250", "xhzxdxf@163.com")
    assert {"name": "非学历教育机构", "kinds": ["training_institution"]} in ed["recipients"]
    assert ed["guiding"].startswith("以弘扬社会主义核心价值观为指导")
    assert ed["date"] == date(2017, 9, 13)


def test_xinbei_2017_draft_cites_the_city_notice_and_keeps_the_given_dates():
    n = build_notice("xinbei", 2017)
    assert [o.name for o in n.issuers] == ["新北区教育文体局"]
    assert n.theme == "推动全民终身学习，加快建设学习型新北"
    assert (n.week.start, n.week.end) == ("2017-10-23", "2017-10-29")
    assert [(d.kind, d.date) for d in n.deadlines] == [("plan", "2017-10-10"), ("summary", "2017-10-31")]
    assert n.four_ones == ["一次主题讲座", "一次主题班会", "一次主题板报宣传", "一次志愿服务"]
    city = [c for c in n.citations if c.issuer.startswith("市委宣传部")]
    assert city and city[0].title == "关于开展2017年全民终身学习推进周活动的通知"


def test_jintan_2020(tree):
    node = tree.nodes["jintan"]
    ed = node.editions[2020]
    assert ed["doc_number"] == "坛教字〔2020〕51号"
    assert [node.data["organs"][k]["name"] for k in ed["issuers"]] == [
        "中共常州市金坛区委宣传部", "常州市金坛区文明办", "常州市金坛区教育局", "常州市金坛区社区教育委员会办公室"]
    assert ed["theme"] == "全民智学，助力“双战双赢”"
    assert ed["week"] == {"start": date(2020, 11, 14), "end": date(2020, 11, 20)}
    assert ed["launch"]["place"] == "尧塘街道"
    assert ed["committee"]["name"] == "金坛区全民终身学习活动组织委员会"
    assert ed["committee"]["bodies"][0]["name"] == "金坛区全民终身学习活动指导委员会"
    assert ed["committee"]["bodies"][0]["members"][0] == {"role": "顾问", "name": "周文俊",
                                                          "title": "金坛区人民政府副区长"}
    assert ed["office"]["head"] == "凌东"
    assert [(d["kind"], d["date"], d.get("attachment")) for d in ed["deadlines"]] == [
        ("schedule", date(2020, 10, 30), 1), ("summary", date(2020, 11, 23), None)]
    # the seed's 2020-2021 with the title's dash (corrections: NK-F-RANGE-DASH)
    assert ed["attachments"] == [{"title": "金坛区2020—2021年度全民终身学习活动“启动周”活动情况统计表",
                                  "form": "launch_week_stats"}]
    (c,) = ed["contacts"]
    assert (c["name"], c["phone"], c["email"]) == ("凌东", "82801837", "jtjyzsk@126.com")
    assert ed["date"] == ed["imprint"]["date"] == date(2020, 10, 23)
    assert ed["imprint"]["office"] == "常州市金坛区教育局办公室"
    assert "疫情防控" in ed["requirements"]["epidemic"]


def test_jintan_policy_reproduces_2020_and_schedules_2021():
    """The node's standing policy alone (second Saturday of November, 11 working days before,
    1 after) gives back the 2020 dates the seed states, and drafts 2021 the same way."""
    week = {"policy": "nth_weekday", "month": 11, "weekday": 6, "nth": 2, "days": 7}
    tree = ProfileTree(PROFILES_DIR)
    defaults = tree.nodes["jintan"].defaults
    assert {k: defaults["week"][k] for k in week} == week
    assert [d.get("working_days_before_week") or d.get("working_days_after_week")
            for d in defaults["deadlines"]] == [11, 1]
    n = build_notice("jintan", 2021)
    assert (n.week.start, n.week.end) == ("2021-11-13", "2021-11-19")
    # 2021-11-13 is a Saturday; 11 working days back skips two weekends → Friday 29 October.
    assert [(d.kind, d.date) for d in n.deadlines] == [("schedule", "2021-10-29"), ("summary", "2021-11-22")]
    assert n.doc_number.code == "坛教字" and PLACEHOLDER_RE.search(n.doc_number.serial)


def test_liyang_is_an_example_without_facts(tree):
    node = tree.nodes["liyang"]
    assert node.data["county_level_city"] is True and node.level == "county"
    assert "示例" in node.data["example"] and "示例" in node.data["source"]
    assert not node.editions
    assert "organs" not in node.data and "contacts" not in node.defaults
    assert all(m["name"] is None for m in node.defaults["committee"]["members"])
    n = build_notice("liyang", 2025)
    assert PLACEHOLDER_RE.search(n.issuers[0].name)
    assert PLACEHOLDER_RE.search(n.doc_number.code)
    assert not any(c.name and not PLACEHOLDER_RE.search(c.name) for c in n.contacts)


def test_nanchang_2023(tree):
    ed = tree.nodes["nanchang"].editions[2023]
    assert ed["doc_number"] is None and "date" not in ed and "week" not in ed
    assert ed["title"] == "关于举办2023年南昌市全民终身学习活动周的通知"
    assert ed["theme"] == "让学习成为一种生活方式"
    assert "11月中下旬" in ed["week_note"]
    assert [a["heading"] for a in ed["activities"]] == [
        "扎实推进主题教育", "开展全民阅读活动", "开设社会大讲堂", "开放共享教育资源", "展示终身教育成果",
        "宣传推广先进事迹"]
    assert len(ed["division"]) == 3
    (d,) = ed["deadlines"]
    assert (d["kind"], d["date"], d["attachment"]) == ("summary", date(2023, 11, 30), 1)
    assert ed["attachments"] == [{"title": "2023年全民终身学习活动开展情况统计表", "form": "annual_stats"}]
    assert [(c["name"], c["phone"], c["email"]) for c in ed["contacts"]] == [
        ("万梦婷", "19979136126", "jxedusqjy@163.com"), ("万翾", "17770022118", "jxedusqjy@163.com")]
    recipients = tree.nodes["nanchang"].data["recipients"]
    assert recipients[0] == {"name": "各县（区）教体局", "kinds": ["bureau"]}
    province = tree.nodes["jiangxi"].editions[2023]
    assert province["title"] == "省教育厅办公室关于举办2023年江西省全民终身学习活动周的通知"
    assert province["doc_number"] is None


def test_nanchang_draft_leaves_the_week_open():
    n = build_notice("nanchang", 2023)
    assert PLACEHOLDER_RE.search(n.week.start) and PLACEHOLDER_RE.search(n.week.end)
    assert [c.issuer for c in n.citations] == ["教育部办公厅", "省教育厅办公室"]
    assert [(d.kind, d.date) for d in n.deadlines] == [("summary", "2023-11-30")]


def test_zibo_2024(tree):
    node = tree.nodes["zibo"]
    ed = node.editions[2024]
    assert ed["doc_number"] == "淄教职字〔2024〕34号"
    assert [node.data["organs"][k]["name"] for k in ed["issuers"]] == [
        "淄博市教育局", "中共淄博市委宣传部", "淄博市文化和旅游局", "淄博市民政局", "淄博市总工会"]
    assert ed["theme"] == "让学习成为一种生活方式"
    assert "week" not in ed and "一个月内完成" in ed["week_note"]
    assert ed["guiding"].startswith("以习近平新时代中国特色社会主义思想为指导")
    (d,) = ed["deadlines"]
    assert (d["kind"], d["date"], d["attachment"]) == ("summary", date(2024, 11, 1), 4)
    assert [(a["title"], a.get("form")) for a in ed["attachments"]] == [
        ("2024年淄博市全民终身学习活动周市级活动清单", None),
        ("2024年淄博市全民终身学习活动周地方活动参考清单", None),
        ("2024年淄博市全民终身学习活动周特色亮点活动情况表", "highlight_activities"),
        ("2024年淄博市全民终身学习活动周开展情况汇总表", "summary_report")]
    (c,) = ed["contacts"]
    assert (c["name"], c["phone"], c["email"]) == ("杨慧", "3173517", "zbjyjzcjk@zb.shandong.cn")
    assert ed["date"] == date(2024, 7, 31)
    assert tree.nodes["shandong"].editions[2024]["issuer"] == "山东省教育厅等五部门"
    assert tree.nodes["shandong"].editions[2024]["doc_number"] is None


def test_zibo_draft_cites_national_and_shandong():
    n = build_notice("zibo", 2024)
    assert (n.doc_number.code, n.doc_number.year, n.doc_number.serial) == ("淄教职字", "2024", "34")
    assert [c.doc_number for c in n.citations][0] == "教职成厅函〔2024〕7号"
    assert n.citations[1].issuer == "山东省教育厅等五部门"
    assert [a.title for a in n.attachments][2:] == ["2024年淄博市全民终身学习活动周特色亮点活动情况表",
                                                    "2024年淄博市全民终身学习活动周开展情况汇总表"]
