"""Kinds of notice and the way real notices write their days: an opening-ceremony notice is
read (and linted) as one — its day is the launch, no week is missing; a week with weekdays in
brackets and a shortened end; a launch "拟定于11月下旬（暂定20日之后）" stays the source's words
(待核实), never a day; deadlines written ×月×号前; phones and people as contact lines give them."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from test_import import cli, tree_copy

from generator.lint import lint_file

FIXTURES = Path(__file__).parent / "import_fixtures"


def _dry(capsys, root: Path, src: Path, node: str, parent: str) -> dict:
    code, out, err = cli(capsys, "import", str(src), "--node", node, "--parent", parent, "--profiles", str(root),
                         "--dry-run", "--format", "json")
    assert code == 0, err
    return json.loads(out)


def test_an_opening_ceremony_notice_is_that_kind(tmp_path: Path, capsys) -> None:
    root, _ = tree_copy(tmp_path)
    src = FIXTURES / "opening-2025.txt"
    data = _dry(capsys, root, src, "liuxi", "changzhou")
    assert data["edition"]["kind"] == "opening" and data["node"]["defaults"]["kind"] == "opening"
    assert data["week"] is None
    assert data["edition"]["launch"] == {"note": "2025年10月20日（星期一）上午9:30", "date": "2025-10-20",
                                         "place": "柳溪区文化中心一楼报告厅"}
    assert data["deadlines"][0]["date"] == "2025-10-15"  # 10月15号前
    assert [(c["name"], c["phone"], c["office"]) for c in data["contacts"]] == [
        ("周晓岚", "0571-8702 3316", "区教育局职成科"), ("钱明", "13857001234", "区社区学院")]
    rules = {f.rule for f in lint_file(src).findings}
    assert "NK-C-WEEK" not in rules
    # written and linted against its profile, the kind still holds
    code, _, err = cli(capsys, "import", str(src), "--node", "liuxi", "--parent", "changzhou", "--profiles", str(root))
    assert code == 0, err
    edition = yaml.safe_load((root / "national/jiangsu/changzhou/liuxi/2025.yaml").read_text(encoding="utf-8"))
    assert edition["kind"] == "opening"


def test_a_week_notice_still_owes_its_week(tmp_path: Path) -> None:
    src = tmp_path / "week.txt"
    src.write_text((FIXTURES / "week-weekdays-2026.txt").read_text(encoding="utf-8").replace(
        "2026年11月2日（星期一）至8日（星期日）。", ""), encoding="utf-8")
    assert "NK-C-WEEK" in {f.rule for f in lint_file(src).findings}


def test_weekdays_a_short_end_and_a_day_not_fixed(tmp_path: Path, capsys) -> None:
    root, _ = tree_copy(tmp_path)
    data = _dry(capsys, root, FIXTURES / "week-weekdays-2026.txt", "taoyuan", "nanchang")
    assert data["edition"]["kind"] == "week"
    assert data["week"] == {"start": "2026-11-02", "end": "2026-11-08"}
    launch = data["edition"]["launch"]
    assert "date" not in launch and "下旬（暂定20日之后）" in launch["note"]
    reasons = {u["field"]: u["reason"] for u in data["unsure"]}
    assert "原文未给出确定日期" in reasons["launch.note"]
    assert "week" not in reasons  # its year is written
    assert data["deadlines"][0]["date"] == "2026-11-10"
    assert [(c["name"], c["phone"]) for c in data["contacts"]] == [
        ("王丽", "（0736）6812345、13907361234"), ("李强", "0736-6812346转801")]
    assert data["node"]["organs"] == {"edu": {"name": "桃源县教育体育局"}}


def test_a_forwarding_cover_is_that_kind_and_its_notice_the_superior(tmp_path: Path, capsys) -> None:
    root, _ = tree_copy(tmp_path)
    src = FIXTURES / "forwarding-2024.txt"
    data = _dry(capsys, root, src, "baisha", "nanchang")
    assert data["edition"]["kind"] == "forwarding"
    assert data["citations"] == [{"issuer": "", "title": "江西省教育厅关于举办2024年江西省全民终身学习活动周的通知",
                                  "doc_number": "赣教职成字〔2024〕6号"}]
    files = {str(Path(f["path"]).relative_to(root)): f["change"] for f in data["files"]}
    assert files["national/jiangxi/2024.yaml"] == "created" and "national/2024.yaml" not in files
    # the cover is not missing what the forwarded notice holds (theme, activities, organisation, requirements)
    rules = {f.rule for f in lint_file(src).findings}
    assert not rules & {"NK-C-THEME", "NK-C-WEEK", "NK-C-ACTIVITIES", "NK-C-ORGANISATION", "NK-C-REQUIREMENTS",
                        "NK-C-FOUR-ONES", "NK-C-FRUGALITY"}, rules
