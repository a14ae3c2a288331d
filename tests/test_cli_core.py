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


def test_usage_errors_are_chinese_and_exit_2(capsys):
    cases = [
        (["explain", "xinbei", "--year", "abc"], "年份须为四位数字"),
        (["explain", "xinbei", "--year", "1999"], "不在 2005—2099 之间"),
        (["explain", "xinbei"], "缺少必需的参数：--year"),
        (["nosuch"], "取值“nosuch”无效"),
        (["lint", "--format", "xml", "a.docx"], "参数 --format 的取值“xml”无效"),
        (["draft", "xinbei", "--year", "2024", "--bogus"], "无法识别的参数：--bogus"),
    ]
    for argv, message in cases:
        assert main(argv) == 2, argv
        err = capsys.readouterr().err
        assert message in err and "Traceback" not in err and "error:" not in err, (argv, err)


def test_check_profile_with_no_profile_files_is_an_error(tmp_path, capsys):
    assert main(["check-profile", str(tmp_path)]) == 2
    assert "没有找到档案文件" in capsys.readouterr().out
    assert main(["check-profile", str(PROFILES_DIR)]) == 0
    assert "档案校验通过（" in capsys.readouterr().out


def test_preview_refuses_what_is_not_a_docx(tmp_path, capsys):
    text = tmp_path / "notice.txt"
    text.write_text("关于举办活动周的通知", encoding="utf-8")
    fake = tmp_path / "fake.docx"
    fake.write_bytes(b"not a zip")
    for src in (text, fake):
        assert main(["preview", str(src), "-o", str(tmp_path / "out.pdf")]) == 2
        assert "不是 Word 文档" in capsys.readouterr().err
    assert not (tmp_path / "out.pdf").exists()


def test_profiles_folder_without_nodes_is_an_error(tmp_path, capsys):
    (tmp_path / "2024.yaml").write_text("year: 2024\nsource: 测试\n", encoding="utf-8")
    for argv in (["profiles", "--root", str(tmp_path)],
                 ["explain", "xinbei", "--year", "2024", "--profiles", str(tmp_path)]):
        assert main(argv) == 2, argv
        err = capsys.readouterr().err
        assert f"档案文件夹 {tmp_path} 中没有档案节点（node.yaml）" in err, err


def test_empty_profile_argument_is_named(capsys):
    """"" is the current folder as a path: the message read “错误： 不在档案树”."""
    for ref in ("", "  "):
        assert main(["explain", ref, "--year", "2024"]) == 2
        err = capsys.readouterr().err
        assert "档案不能为空" in err and "可用的节点编号：" in err, err
