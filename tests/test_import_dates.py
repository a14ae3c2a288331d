"""A date that cannot be (2月30日, 13月1日, 2月29日 of a common year, a year no notice bears) is
refused: a Chinese message naming the line, exit 2, nothing written — on the CLI and, through
the same plan, HTTP 422 in the workbench."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_import import cli, snapshot, tree_copy

COUNTY = (Path(__file__).parent / "import_fixtures" / "county-2026.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("old, new, line, why", [
    ("2026年10月9日", "2026年2月30日", "第23行", "2月没有30日"),
    ("2026年10月9日", "2026年13月1日", "第23行", "没有13月"),
    ("2026年10月9日", "2026年2月29日", "第23行", "2026年不是闰年"),
    ("2026年10月9日", "二〇二六年二月三十日", "第23行", "2月没有30日"),
    ("2026年11月6日前", "2月29日前", "第19行", "2026年不是闰年"),  # no year: the notice's
    ("2026年10月24日至", "2026年10月32日至", "第13行", "10月没有32日"),
    ("2026年10月24日至", "2926年10月24日至", "第13行", "年份 2926 不可能"),
])
def test_a_date_that_does_not_exist_is_refused(old: str, new: str, line: str, why: str, tmp_path: Path,
                                               capsys) -> None:
    root, _ = tree_copy(tmp_path)
    src = tmp_path / "county.txt"
    src.write_text(COUNTY.replace(old, new), encoding="utf-8")
    before = snapshot(root)
    for dry in ((), ("--dry-run",)):
        code, out, err = cli(capsys, "import", str(src), "--node", "qinghu", "--parent", "nanchang",
                             "--profiles", str(root), *dry)
        assert code == 2 and out == "", err
        assert err.startswith("错误：") and line in err and why in err and "未写入任何文件" in err, err
    assert snapshot(root) == before


def test_an_impossible_year_is_refused(tmp_path: Path, capsys) -> None:
    root, _ = tree_copy(tmp_path)
    src = tmp_path / "county.txt"
    src.write_text(COUNTY.replace("2026", "3026"), encoding="utf-8")
    code, out, err = cli(capsys, "import", str(src), "--node", "qinghu", "--parent", "nanchang",
                         "--profiles", str(root))
    assert code == 2 and "年份 3026 不可能" in err


def test_the_workbench_answers_422(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from generator.web import create_app

    root, _ = tree_copy(tmp_path)
    with TestClient(create_app(root, workers=1), raise_server_exceptions=False) as client:
        bad = COUNTY.replace("2026年10月9日", "2026年2月29日").encode("utf-8")
        r = client.post("/api/import", files={"file": ("county.txt", bad, "text/plain")},
                        data={"node": "qinghu", "parent": "nanchang"})
        assert r.status_code == 422, r.text
        assert "2026年不是闰年" in r.text
        # the review lists every file the import will touch, with what it does to each
        good = client.post("/api/import", files={"file": ("county.txt", COUNTY.encode("utf-8"), "text/plain")},
                           data={"node": "qinghu", "parent": "nanchang"})
        assert good.status_code == 200, good.text
        assert {(f["path"], f["change"]) for f in good.json()["files"]} == {
            ("national/jiangxi/nanchang/qinghu/node.yaml", "created"),
            ("national/jiangxi/nanchang/qinghu/2026.yaml", "created"),
            ("national/jiangxi/2026.yaml", "created"), ("national/jiangxi/nanchang/2026.yaml", "created")}
