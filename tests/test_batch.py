"""``notice draft --under NODE``: a whole city in one command, and the tree cache under it."""

from __future__ import annotations

import os
import time
from pathlib import Path

import docx
import pytest
from tree_helpers import county_tree

from generator import PROFILES_DIR, profiles, tree_cache
from generator.cli import main
from generator.errors import NoticeError


def below_changzhou(root: Path) -> set[str]:
    tree = tree_cache.load_tree(root)
    top = tree.nodes["changzhou"]
    return {n.id for n in tree.nodes.values() if top in n.chain()}


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_every_node_below_is_drafted(tmp_path, capsys, jobs):
    root = county_tree(tmp_path / "profiles", 4)
    out = tmp_path / "out"
    code, stdout, stderr = run(capsys, "draft", "--under", "changzhou", "--year", "2024", "-o", str(out),
                               "--profiles", str(root), "--jobs", jobs)
    assert code == 0, stderr
    ids = below_changzhou(root)
    assert {"xinbei", "jintan", "liyang", "county00", "county03"} <= ids and "changzhou" not in ids
    assert {p.name for p in out.iterdir()} == {f"{i}-2024.docx" for i in ids}
    assert f"已生成 {len(ids)} 份通知，失败 0 份" in stdout and stdout.count("\n") == 1  # one line, no bar off a TTY
    text = "".join(p.text for p in docx.Document(str(out / "county02-2024.docx")).paragraphs)
    assert "测试02县" in text
    # the same node drafted alone gives the same bytes
    single = tmp_path / "single.docx"
    assert main(["draft", "county02", "--year", "2024", "-o", str(single), "--profiles", str(root)]) == 0
    assert single.read_bytes() == (out / "county02-2024.docx").read_bytes()


def test_a_failing_node_is_listed_and_the_others_go_on(tmp_path, capsys, monkeypatch):
    import generator.assemble as assemble

    real = assemble.build_notice

    def flaky(ref, year, root=PROFILES_DIR, *rest):
        if ref == "county01":
            raise NoticeError("测试用的失败")
        return real(ref, year, root, *rest)

    monkeypatch.setattr(assemble, "build_notice", flaky)
    root = county_tree(tmp_path / "profiles", 3)
    out = tmp_path / "out"
    code, stdout, stderr = run(capsys, "draft", "--under", "changzhou", "--year", "2024", "-o", str(out),
                               "--profiles", str(root), "--jobs", "2")
    assert code == 1
    assert "失败 1 份" in stdout
    assert "失败：county01（测试01县）：测试用的失败" in stderr
    assert (out / "county00-2024.docx").exists() and (out / "county02-2024.docx").exists()
    assert not (out / "county01-2024.docx").exists()


def test_refusals(tmp_path, capsys):
    root = county_tree(tmp_path / "profiles", 1)
    out = tmp_path / "out"
    base = ["draft", "--year", "2024", "--profiles", str(root)]
    code, _, err = run(capsys, *base, "xinbei", "--under", "changzhou", "-o", str(out))
    assert code == 2 and "只能给出其一" in err
    code, _, err = run(capsys, *base, "--under", "changzhou")
    assert code == 2 and "输出文件夹" in err
    code, _, err = run(capsys, *base, "--under", "xinbei", "-o", str(out))
    assert code == 2 and "下面没有档案节点" in err
    code, _, err = run(capsys, *base, "--under", "nowhere", "-o", str(out))
    assert code == 2 and "找不到档案“nowhere”" in err
    code, _, err = run(capsys, *base, "-o", str(out / "x.docx"))
    assert code == 2 and "缺少 PROFILE" in err
    # an existing output is never replaced without --force
    assert run(capsys, *base, "--under", "jiangxi", "-o", str(out))[0] == 0
    before = (out / "nanchang-2024.docx").stat().st_mtime_ns
    code, _, err = run(capsys, *base, "--under", "jiangxi", "-o", str(out))
    assert code == 2 and "--force" in err
    assert (out / "nanchang-2024.docx").stat().st_mtime_ns == before
    assert run(capsys, *base, "--under", "jiangxi", "-o", str(out), "--force")[0] == 0


# ---------------------------------------------------------------- the tree cache


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("NOTICE_KIT_CACHE", str(folder))
    monkeypatch.setattr(tree_cache, "_TREES", {})
    monkeypatch.setattr(tree_cache, "_SAVED", {})
    monkeypatch.setattr(profiles, "FILE_RESULTS", {})
    return folder


def test_a_valid_tree_is_read_from_the_disk_cache(tmp_path, cache_dir, monkeypatch):
    root = county_tree(tmp_path / "profiles", 2)
    first = tree_cache.load_tree(root)
    assert len(list(cache_dir.glob("tree-*.pickle"))) == 1
    # a new process: only the disk cache is left
    monkeypatch.setattr(tree_cache, "_TREES", {})
    monkeypatch.setattr(tree_cache, "_SAVED", {})
    monkeypatch.setattr(profiles, "FILE_RESULTS", {})

    def no_reading(*_):
        raise AssertionError("a file was read again")

    # files of unchanged size and mtime are neither opened nor parsed
    monkeypatch.setattr(profiles, "open", no_reading, raising=False)
    monkeypatch.setattr(profiles, "_validate_file", no_reading)
    again = tree_cache.load_tree(root)
    assert sorted(again.nodes) == sorted(first.nodes)
    assert again.nodes["county01"].parent.id == "changzhou"


def test_an_edited_file_is_read_again(tmp_path, cache_dir, monkeypatch):
    root = county_tree(tmp_path / "profiles", 1)
    assert tree_cache.load_tree(root).nodes["county00"].name == "测试00县"
    node = root / "national/jiangsu/changzhou/county00/node.yaml"
    node.write_text(node.read_text(encoding="utf-8").replace("测试00县", "改名县"), encoding="utf-8")
    # just edited: not trusted by mtime, read again, and not written to the disk cache
    assert tree_cache.load_tree(root).nodes["county00"].name == "改名县"
    monkeypatch.setattr(tree_cache, "_TREES", {})
    past = time.time() - 60
    os.utime(node, (past, past))
    assert tree_cache.load_tree(root).nodes["county00"].name == "改名县"


def test_an_invalid_tree_is_never_cached(tmp_path, cache_dir, capsys):
    root = county_tree(tmp_path / "profiles", 1)
    node = root / "national/jiangsu/changzhou/county00/node.yaml"
    node.write_text(node.read_text(encoding="utf-8").replace("level: county", "level: village"), encoding="utf-8")
    past = time.time() - 60
    os.utime(node, (past, past))
    for _ in range(2):
        code, _, err = run(capsys, "profiles", "--profiles", str(root))
        assert code == 2 and "county00/node.yaml" in err and "village" in err
    # what is kept is each file's validation (its errors come back the same), never a tree
    import pickle

    kept = list(cache_dir.glob("tree-*.pickle"))
    assert kept
    for f in kept:
        _, (_, entries) = pickle.loads(f.read_bytes())
        assert not any(isinstance(v, profiles.ProfileTree) for v in entries.values())
        assert any(len(e[3]) == 2 and e[3][1] for p, e in entries.items() if p.endswith("county00/node.yaml"))
