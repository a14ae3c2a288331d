"""Onboarding a place from its notice (audit of import → draft on real notices, issue "onboard"):
the draft speaks of the place as its name does (全市 for a city put under the nation, 全区 for a
district put under a province); a template's blanks, last year's attachments and plenary
sessions, and a heading that ends with a colon come out right. Samples written for the test."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from generator import PROFILES_DIR
from generator.cli import main

# a city's notice that names the place after the year, signed by an office with no place in it
CITY_NOTICE = """关于举办2021年云岭市全民终身学习活动周的通知
各区教育局，市直各学校：
为推进学习型城市建设，根据上级通知精神，决定举办我市2021年全民终身学习活动周。现将有关事项通知如下：
一、活动主题
学习点亮生活
二、活动时间
2021年10月23日至29日
三、活动内容
（一）开展社区学习活动。各区组织社区居民参加学习体验活动。
四、有关要求
（一）精心组织。各单位要精心组织，确保活动取得实效。
学习型城市建设办公室
2021年9月30日
"""


def _tree(tmp_path: Path) -> Path:
    root = tmp_path / "profiles"
    shutil.copytree(PROFILES_DIR, root)
    return root


def _notice(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "notice.txt"
    path.write_text(text, encoding="utf-8")
    return path


def _imported(tmp_path: Path, capsys, text: str, node: str, parent: str) -> tuple[Path, str]:
    """A copy of the tree with ``text`` imported as a new node; the tree and what import printed."""
    root = _tree(tmp_path)
    code = main(["import", str(_notice(tmp_path, text)), "--node", node, "--parent", parent, "--profiles", str(root)])
    out, err = capsys.readouterr()
    assert code == 0, err
    return root, out


def _drafted(tmp_path: Path, capsys, root: Path, node: str, year: int) -> tuple[str, str]:
    """The node's draft of ``year`` as text, and what draft printed (its placeholder list)."""
    out = tmp_path / f"{node}-{year}.txt"
    code = main(["draft", node, "--year", str(year), "--profiles", str(root), "-o", str(out)])
    printed, err = capsys.readouterr()
    assert code == 0, err
    return out.read_text(encoding="utf-8"), printed


def test_a_city_under_the_nation_reads_as_a_city(tmp_path: Path, capsys) -> None:
    root, _ = _imported(tmp_path, capsys, CITY_NOTICE, "yunling", "national")
    node = yaml.safe_load((root / "national/yunling/node.yaml").read_text(encoding="utf-8"))
    assert node["name"] == "云岭市" and node["level"] == "province"  # a municipality's rank
    text, _ = _drafted(tmp_path, capsys, root, "yunling", 2022)
    assert "全市活动周时间为" in text and "全省" not in text
    # the title keeps the place where the notice put it
    assert "关于举办2022年云岭市全民终身学习活动周的通知" in text


def test_a_district_under_a_province_reads_as_a_district(tmp_path: Path, capsys) -> None:
    # no city node exists for it yet: the clerk hangs the district under the province
    root, _ = _imported(tmp_path, capsys, CITY_NOTICE.replace("云岭市", "河湾区").replace("我市", "我区"),
                        "hewan", "jiangsu")
    text, _ = _drafted(tmp_path, capsys, root, "hewan", 2022)
    assert "全区活动周时间为" in text and "全市活动周" not in text and "全省活动周" not in text


# a province's opening-ceremony notice: an activity that lists its parts after a colon and
# points to that year's attachment
CEREMONY = """关于举办2022年河湾省全民终身学习活动周开幕式的通知
各设区市教育局，各高等学校：
为推进学习型社会建设，决定举办全省活动周开幕式。现将有关事项通知如下：
一、活动主题
学习点亮生活
二、时间地点
（一）时间：2022年11月20日至26日
三、活动内容
（一）主会场活动包括：启动仪式、代表发言、授牌等（见附件1）。
（二）开展社区学习活动。各地组织社区居民参加学习体验活动。
四、有关要求
（一）精心组织。各单位要精心组织，确保活动取得实效。
河湾省教育厅
2022年11月1日
"""


def test_a_heading_that_introduces_its_text_keeps_its_colon(tmp_path: Path, capsys) -> None:
    root, _ = _imported(tmp_path, capsys, CEREMONY, "hewan", "national")
    text, _ = _drafted(tmp_path, capsys, root, "hewan", 2022)
    assert "（一）主会场活动包括：启动仪式、代表发言、授牌等（见附件1）。" in text
    assert "包括。" not in text
    assert "（二）开展社区学习活动。各地组织" in text  # a heading of its own still ends with 。


def test_next_year_points_to_no_attachment_of_last_year(tmp_path: Path, capsys) -> None:
    root, _ = _imported(tmp_path, capsys, CEREMONY, "hewan", "national")
    node = yaml.safe_load((root / "national/hewan/node.yaml").read_text(encoding="utf-8"))
    kept = [a["text"] for a in node["defaults"]["activities"]]
    assert kept and not [t for t in kept if "附件" in t]
    text, _ = _drafted(tmp_path, capsys, root, "hewan", 2023)
    assert "附件1" not in text and "开展社区学习活动" in text


def test_a_template_blank_is_a_placeholder_not_a_name(tmp_path: Path, capsys) -> None:
    # a 范文 site's copy leaves the places blank as xx / ××
    text = CITY_NOTICE.replace("各区教育局，市直各学校", "各区县、xx高新区教育局，市直各学校") \
        .replace("学习型城市建设办公室\n", "××市学习型城市建设办公室\n") \
        .replace("参加学习体验活动", "到xx学习中心参加学习体验活动")
    root, printed = _imported(tmp_path, capsys, text, "yunling", "shandong")
    assert "原文留空" in printed  # reported
    node_text = (root / "national/shandong/yunling/node.yaml").read_text(encoding="utf-8")
    assert "xx" not in node_text and "××" not in node_text
    draft, listed = _drafted(tmp_path, capsys, root, "yunling", 2022)
    assert "xx" not in draft and "××" not in draft
    assert "【待填：原文留空】高新区教育局" in draft and "到【待填：原文留空】学习中心" in draft
    assert "原文留空" in listed  # the draft's list of placeholders names it


def test_items_of_a_time_section_read_as_sentences(tmp_path: Path, capsys) -> None:
    # an opening ceremony gives its hour and hall, not the week's dates
    text = CEREMONY.replace("二、时间地点\n（一）时间：2022年11月20日至26日\n",
                            "二、活动时间、地点\n（一）时间：11月30日（星期三）9:30-11:00\n（二）主会场地点：河湾市少年宫\n")
    root, _ = _imported(tmp_path, capsys, text, "hewan", "national")
    edition = yaml.safe_load((root / "national/hewan/2022.yaml").read_text(encoding="utf-8"))
    assert edition["week_note"] == "（一）时间：11月30日（星期三）9:30-11:00。（二）主会场地点：河湾市少年宫"


def test_last_years_plenary_sessions_are_not_next_years_purpose(tmp_path: Path, capsys) -> None:
    text = CITY_NOTICE.replace("为推进学习型城市建设，",
                               "为深入贯彻党的十九大和十九届二中、三中全会精神，推进学习型城市建设，")
    root, _ = _imported(tmp_path, capsys, text, "yunling", "shandong")
    node = yaml.safe_load((root / "national/shandong/yunling/node.yaml").read_text(encoding="utf-8"))
    assert "purpose" not in node["defaults"]
    edition = yaml.safe_load((root / "national/shandong/yunling/2021.yaml").read_text(encoding="utf-8"))
    assert "十九届二中、三中全会" in edition["purpose"]  # that year's own words stay in its edition
    same, _ = _drafted(tmp_path, capsys, root, "yunling", 2021)
    assert "十九届二中、三中全会" in same
    draft, _ = _drafted(tmp_path, capsys, root, "yunling", 2022)
    assert "全会" not in draft
