"""A benchmark tree like a real province: N distinct counties under real city nodes.

``province_tree(root, n, seed)`` copies the repository's tree and adds ``n`` county nodes,
each different from every other (its own name, organs and 代字, recipients, contacts, week
rule, deadlines, committee; a 2024 edition with a 文号 and attachments; about a third issued
jointly with the 宣传部 or 文明办, about one in six numbered as a 函), spread over the real
cities of 江苏, 山东 and 江西 (city nodes added where the repository has none).

Every value is made up for measuring (no real county is described): the same ``seed`` gives
the same files, byte for byte. ``scripts/bench.py --province N`` measures on it;
``--tree-only DIR`` writes it for others to measure on.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import shutil
import time
from pathlib import Path

import yaml

from generator import PROFILES_DIR

#: real cities (id, name, area code) of the provinces the repository's tree has
CITIES = {
    "jiangsu": [("nanjing", "南京市", "025"), ("wuxi", "无锡市", "0510"), ("xuzhou", "徐州市", "0516"),
                ("changzhou", "常州市", "0519"), ("suzhou", "苏州市", "0512"), ("nantong", "南通市", "0513"),
                ("lianyungang", "连云港市", "0518"), ("huaian", "淮安市", "0517"), ("yancheng", "盐城市", "0515"),
                ("yangzhou", "扬州市", "0514"), ("zhenjiang", "镇江市", "0511"), ("taizhou_js", "泰州市", "0523"),
                ("suqian", "宿迁市", "0527")],
    "shandong": [("jinan", "济南市", "0531"), ("qingdao", "青岛市", "0532"), ("zibo", "淄博市", "0533"),
                 ("zaozhuang", "枣庄市", "0632"), ("dongying", "东营市", "0546"), ("yantai", "烟台市", "0535"),
                 ("weifang", "潍坊市", "0536"), ("jining", "济宁市", "0537"), ("taian", "泰安市", "0538"),
                 ("weihai", "威海市", "0631"), ("rizhao", "日照市", "0633"), ("linyi", "临沂市", "0539"),
                 ("dezhou", "德州市", "0534"), ("liaocheng", "聊城市", "0635"), ("binzhou", "滨州市", "0543"),
                 ("heze", "菏泽市", "0530")],
    "jiangxi": [("nanchang", "南昌市", "0791"), ("jingdezhen", "景德镇市", "0798"), ("pingxiang", "萍乡市", "0799"),
                ("jiujiang", "九江市", "0792"), ("xinyu", "新余市", "0790"), ("yingtan", "鹰潭市", "0701"),
                ("ganzhou", "赣州市", "0797"), ("jian", "吉安市", "0796"), ("yichun", "宜春市", "0795"),
                ("fuzhou_jx", "抚州市", "0794"), ("shangrao", "上饶市", "0793")],
}
#: characters county names are made of (two each: 2,800 distinct names need ~53 of them)
NAME_CHARS = ("安平和兴宁丰泰康华东西南北江河山湖海阳明清新永长高广宝庆昌盛福德嘉德瑞祥云泉林岭川"
              "峰溪源桥城田禾茂松柏桂兰梅竹青白金玉石")
RECIPIENTS = [("各中小学、幼儿园", "school"), ("各镇（街道）社区教育中心", "community_centre"),
              ("社区学院", "community_college"), ("各民办非学历教育培训机构", "training_institution"),
              ("县直各有关单位", "government_unit"), ("局属各单位", "other"), ("各乡镇人民政府", "government_unit")]
ACTIVITIES = ["开展全民阅读推广活动", "举办社区教育成果展示", "推进老年教育进社区", "开展职业技能培训周",
              "组织“百姓学习之星”宣讲", "开展家庭教育公益讲座", "推广数字化学习平台", "开展非遗文化传习活动",
              "举办读书分享会", "开展智慧助老培训"]
FORMS = ["activity_schedule", "launch_week_stats", "highlight_activities", "summary_report"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国文斌林宇浩"


def _names(n: int, rng: random.Random) -> list[str]:
    chars = sorted(set(NAME_CHARS))
    pairs = [a + b for a in chars for b in chars if a != b]
    rng.shuffle(pairs)
    if n > len(pairs):
        raise ValueError(f"at most {len(pairs)} distinct counties")
    return pairs[:n]


def _person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def _county(i: int, base: str, city: tuple[str, str, str], rng: random.Random) -> tuple[dict, dict]:
    """One county's node.yaml and 2024.yaml, as data."""
    _, city_name, area = city
    suffix = rng.choice(["县", "县", "区", "市"])
    name = base + suffix
    code_char = base[0]
    organs = {"edu": {"name": f"{city_name}{name}教育局", "short": f"{name}教育局",
                      "code": f"{code_char}{'教函' if i % 6 == 5 else '教'}"}}
    issuers = ["edu"]
    if i % 3 == 1:
        organs["propaganda"] = {"name": f"中共{name}委宣传部", "short": f"{name}委宣传部"}
        issuers = ["propaganda", "edu"]
    elif i % 3 == 2 and i % 2:
        organs["civilisation"] = {"name": f"{name}文明办", "short": f"{name}文明办"}
        issuers = ["edu", "civilisation"]
    office = f"{name}教育局{rng.choice(['职成教科', '社会教育科', '终身教育科', '教育发展科'])}"
    contacts = [{"name": _person(rng), "phone": f"{area}-{rng.randint(2000000, 8999999)}",
                 "email": f"xxzx{i:04d}@example.cn", "office": office}]
    if rng.random() < 0.4:
        contacts.append({"name": _person(rng), "phone": f"1{rng.randint(3000000000, 8999999999)}", "office": office})
    picked = rng.sample(RECIPIENTS, rng.randint(2, 4))
    recipients = [{"name": r, "kinds": [k]} for r, k in picked]
    week_rule = {"policy": "nth_weekday", "month": rng.choice([10, 11]), "weekday": rng.randint(1, 7),
                 "nth": rng.choice([1, 2, -1]), "days": 7, "source": "基准测试用的排期规则（虚构）"}
    forms = rng.sample(FORMS, rng.randint(1, 2))
    level = "district" if suffix == "区" else "county"
    node = {
        "id": f"p{i:04d}", "name": name, "place": name, "level": level, "parent": city[0],
        "source": f"基准测试用的虚构县（种子 {i}），非真实档案",
        "organs": organs, "recipients": recipients,
        "defaults": {
            "source": "基准测试用的虚构做法",
            "issuers": issuers, "doc_code": organs["edu"]["code"],
            "title": "关于举办{place}{year}年全民终身学习活动周的通知",
            "purpose": f"为推进{name}学习型社会建设",
            "week": week_rule,
            "launch": {"note": f"{name}启动仪式具体事项另行通知"},
            "committee": {"name": "全民终身学习活动周组织委员会",
                          "members": [{"role": "主任", "name": None, "title": f"{name}教育局局长"},
                                      {"role": "副主任", "name": None, "title": f"{name}教育局副局长"}]},
            "office": {"location": office, "head": None, "members": None},
            "activities": [{"heading": h, "text": f"{name}各单位要{h[2:]}，面向群众提供多样的学习机会。"}
                           for h in rng.sample(ACTIVITIES, rng.randint(2, 4))],
            "deadlines": [{"kind": "plan", "what": "活动周工作方案、活动安排表", "working_days_before_week":
                           rng.randint(1, 5), "form": forms[0], "office": office, "contact": 0},
                          {"kind": "summary", "what": "总结材料", "working_days_after_week": rng.randint(1, 10),
                           "office": office, "contact": 0}],
            "contacts": contacts,
            "imprint_office": organs["edu"]["name"],
        },
    }
    month, day = rng.choice([(10, 10), (10, 15), (10, 20), (10, 25)])
    edition = {
        "year": 2024, "source": f"基准测试用的虚构 2024 年通知（种子 {i}）",
        "doc_number": f"{organs['edu']['code']}〔2024〕{rng.randint(1, 199)}号",
        "issuers": issuers,
        "attachments": [{"title": f"{name}2024年全民终身学习活动周{t}", "form": f}
                        for t, f in zip(("主要活动安排表", "活动情况统计表"), forms, strict=False)],
        "contacts": contacts,
        "date": f"2024-{month:02d}-{day:02d}",
    }
    return node, edition


def _dump(path: Path, data: dict) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")


def province_tree(root: Path, n: int, seed: int = 25) -> Path:
    """The repository's tree plus ``n`` distinct synthetic counties (p0000…) under real
    cities, deterministic from ``seed``; every file dated an hour back (cacheable)."""
    shutil.copytree(PROFILES_DIR, root)
    rng = random.Random(seed)
    existing = {p.parent.name: p.parent for p in root.rglob("node.yaml")}
    cities = []
    for province, rows in CITIES.items():
        for cid, cname, area in rows:
            folder = existing.get(cid) or root / "national" / province / cid
            if cid not in existing:
                folder.mkdir(parents=True)
                _dump(folder / "node.yaml", {"id": cid, "name": cname, "place": cname, "level": "city",
                                             "parent": province, "source": "基准测试用的市级节点（只有机关名称）",
                                             "organs": {"edu": {"name": f"{cname}教育局"}}})
            cities.append((cid, cname, area, folder))
    for i, base in enumerate(_names(n, rng)):
        cid, cname, area, folder = cities[i % len(cities)]
        node, edition = _county(i, base, (cid, cname, area), rng)
        county = folder / node["id"]
        county.mkdir()
        _dump(county / "node.yaml", node)
        edition["date"] = dt.date.fromisoformat(edition["date"])  # a YAML date, not a quoted text
        _dump(county / "2024.yaml", edition)
    past = time.time() - 3600
    for f in root.rglob("*.yaml"):
        os.utime(f, (past, past))
    return root
