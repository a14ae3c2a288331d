"""`notice profiles` and PROFILE given as a path."""

from __future__ import annotations

import json

from generator import PROFILES_DIR
from generator.cli import main


def test_profiles_json_lists_nodes_with_levels_paths_and_years(capsys):
    assert main(["profiles", "--format", "json"]) == 0
    rows = {r["id"]: r for r in json.loads(capsys.readouterr().out)}
    x = rows["xinbei"]
    assert (x["name"], x["level"], x["path"]) == ("新北区", "district", "教育部 / 江苏省 / 常州市 / 新北区")
    assert 2024 in x["years"]
    assert rows["national"]["level"] == "national" and {2020, 2023, 2024} <= set(rows["national"]["years"])


def test_profiles_text(capsys):
    assert main(["profiles"]) == 0
    out = capsys.readouterr().out
    assert "xinbei" in out and "新北区（区级）" in out


def test_profile_given_as_folder_or_node_file(capsys):
    folder = PROFILES_DIR / "national" / "jiangsu" / "changzhou" / "xinbei"
    outs = []
    for ref in (str(folder), str(folder / "node.yaml")):
        assert main(["explain", ref, "--year", "2024", "--format", "json"]) == 0
        outs.append(json.loads(capsys.readouterr().out))
    assert outs[0] == outs[1] and outs[0]["doc_number"] == "常新教〔2024〕76号"


def test_explain_is_deterministic(capsys):
    main(["explain", "xinbei", "--year", "2027", "--format", "json"])
    first = capsys.readouterr().out
    main(["explain", "xinbei", "--year", "2027", "--format", "json"])
    assert capsys.readouterr().out == first
