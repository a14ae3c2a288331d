"""The heads real notices have, each written anew for the test: a red header spaced out over a
文号 with [] and no 关于…通知 title; the issuer and its 文号 on one line; a header joined into one
line with its 文号; a 文号 after a page's summary paragraph, under a site's slogan, breadcrumb and
byline; traditional characters (converted with OpenCC, and said so); a 函. Each imports with
its 文号, issuer and year right, and no piece of the site is a fact."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_import import cli, tree_copy

HEADS = Path(__file__).parent / "import_fixtures" / "heads"


@pytest.fixture(scope="module")
def root(tmp_path_factory) -> Path:
    return tree_copy(tmp_path_factory.mktemp("heads"))[0]


def _read(capsys, root: Path, name: str) -> dict:
    code, out, err = cli(capsys, "import", str(HEADS / name), "--node", "newnode", "--parent", "nanchang",
                         "--profiles", str(root), "--dry-run", "--format", "json")
    assert code == 0, err
    return json.loads(out)


@pytest.mark.parametrize("name, doc_number, issuers, year, title", [
    ("spaced.txt", "紫教字〔2024〕8号", ["紫云县教育局"], 2024, ""),
    ("oneline.txt", "石文明办〔2024〕8号", ["石门区精神文明建设办公室"], 2024,
     "关于开展2024年石门区全民终身学习活动周的通知"),
    ("joined.txt", "紫教字〔2024〕9号", ["紫云县教育局", "中共紫云县委宣传部"], 2024,
     "关于举办2024年紫云县全民终身学习活动周的通知"),
    ("summary.txt", "东教体字〔2024〕27号", ["东坪县教育体育局"], 2024, "关于举办2024年东坪县全民终身学习活动周的通知"),
    ("trad.txt", "青教字〔2024〕15号", ["青山县教育局"], 2024, "关于举办2024年青山县全民终身学习活动周的通知"),
    ("letter.txt", "北教函〔2025〕6号", ["北川区教育局"], 2025,
     "北川区教育局关于举办2025年北川区全民终身学习活动周开幕式的函"),
])
def test_each_head_gives_its_number_issuer_and_year(name: str, doc_number: str, issuers: list[str], year: int,
                                                     title: str, root: Path, capsys) -> None:
    data = _read(capsys, root, name)
    assert data["doc_number"] == doc_number
    assert [i["name"] for i in data["issuers"]] == issuers
    assert data["year"] == year
    assert data["title"] == title
    if not title:  # no title: said, and the node still named from its issuer
        assert any("未见通知标题" in c for c in data["changes"])
        assert data["node"]["name"] == "紫云县"


def test_site_chrome_is_never_a_fact(root: Path, capsys) -> None:
    data = _read(capsys, root, "summary.txt")
    text = json.dumps({k: v for k, v in data.items() if k not in ("changes",)}, ensure_ascii=False)
    for chrome in ("为人民办好教育", "地方分站", "当前位置", "责任编辑", "分享到", "浏览次数", "相关文章",
                   "内容概述", "2023年"):
        assert chrome not in text.replace("sources", ""), chrome
    assert data["recipients"] == ["各乡镇中心学校", "县直各学校"]
    assert data["week"] == {"start": "2024-10-26", "end": "2024-11-01"}


def test_traditional_text_is_converted_and_said(root: Path, capsys) -> None:
    data = _read(capsys, root, "trad.txt")
    assert any("OpenCC" in c and "繁体" in c for c in data["changes"])
    assert data["recipients"] == ["各乡镇中心学校", "县直各学校"]
    assert data["contacts"][0]["name"] == "张晓明" and data["theme"] == "学习新时代　奋进新征程"
    assert data["deadlines"][0]["date"] == "2024-11-08"


def test_a_letter_to_the_partner_organs(root: Path, capsys) -> None:
    data = _read(capsys, root, "letter.txt")
    assert data["edition"]["kind"] == "opening"
    assert data["edition"]["launch"]["date"] == "2025-10-25"
    assert data["recipients"] == ["区文明办", "区总工会", "区老龄办"]
    assert data["contacts"][0]["phone"] == "（0816）4231234"


def test_a_portal_page_names_its_publisher_and_carries_emoji(root: Path, capsys) -> None:
    data = _read(capsys, root, "portal.txt")
    assert [i["name"] for i in data["issuers"]] == ["云岭市教育局"]  # 发布机构, as the page states it
    assert data["edition"]["kind"] == "day" and data["year"] == 2025
    assert data["theme"] == "学习点亮生活　奋斗成就梦想"  # no pictograph from the page in a fact
    assert "AB12345" not in json.dumps(data, ensure_ascii=False)


def test_a_body_without_its_head_takes_the_year_its_opening_says(root: Path, capsys) -> None:
    data = _read(capsys, root, "bodyonly.txt")
    assert data["year"] == 2025 and data["title"] == "" and data["doc_number"] == "" and data["issuers"] == []
    assert data["theme"] == "学习让城市更美好" and data["recipients"] == ["各街道社区教育中心"]
    # a launch fixed outside a time section, with its day
    assert data["edition"]["launch"] == {"note": "开幕式定于10月28日在松涛街道社区教育中心举行",
                                         "place": "松涛街道社区教育中心", "date": "2025-10-28"}


def test_lint_reads_traditional_text_and_fixes_only_what_it_read_as_is(tmp_path: Path, capsys) -> None:
    code, out, err = cli(capsys, "lint", str(HEADS / "trad.txt"))
    assert code in (0, 1) and "说明：trad.txt：原文为繁体字" in err
    assert "NK-C-DOCNO" not in out  # 青教字〔2024〕15號 read as the 文号
    code, _, err = cli(capsys, "lint", str(HEADS / "trad.txt"), "--fix", str(tmp_path / "fixed.txt"))
    assert code == 2 and "转换后读取" in err and not (tmp_path / "fixed.txt").exists()
