"""Onboarding a place from its notice: the draft speaks of the place as its name does (全市 for a
city put under the nation, 全区 for a district put under a province), not as the level of the
tree it hangs in says. Every sample here is written for the test."""

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


def test_a_city_under_the_nation_reads_as_a_city(tmp_path: Path, capsys) -> None:
    root = _tree(tmp_path)
    path = _notice(tmp_path, CITY_NOTICE)
    assert main(["import", str(path), "--node", "yunling", "--parent", "national", "--profiles", str(root)]) == 0
    capsys.readouterr()
    node = yaml.safe_load((root / "national/yunling/node.yaml").read_text(encoding="utf-8"))
    assert node["name"] == "云岭市" and node["level"] == "province"  # a municipality's rank
    out = tmp_path / "draft.txt"
    assert main(["draft", "yunling", "--year", "2022", "--profiles", str(root), "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert "全市活动周时间为" in text and "全省" not in text
    # the title keeps the place where the notice put it
    assert "关于举办2022年云岭市全民终身学习活动周的通知" in text


def test_a_district_under_a_province_reads_as_a_district(tmp_path: Path, capsys) -> None:
    # no city node exists for it yet: the clerk hangs the district under the province
    root = _tree(tmp_path)
    path = _notice(tmp_path, CITY_NOTICE.replace("云岭市", "河湾区").replace("我市", "我区"))
    assert main(["import", str(path), "--node", "hewan", "--parent", "jiangsu", "--profiles", str(root)]) == 0
    capsys.readouterr()
    out = tmp_path / "draft.txt"
    assert main(["draft", "hewan", "--year", "2022", "--profiles", str(root), "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert "全区活动周时间为" in text and "全市活动周" not in text and "全省活动周" not in text
