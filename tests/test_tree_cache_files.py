"""The profile tree's disk cache, per file: unchanged files are not read, touched ones not
parsed, an edit writes a small delta beside the base, and what was removed stays removed."""

from __future__ import annotations

import os
import pickle
import time
from pathlib import Path

import pytest
from province_tree import province_tree

from generator import profiles, tree_cache
from generator.profile_yaml import read_yaml


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("NOTICE_KIT_CACHE", str(folder))
    new_process(monkeypatch)
    return folder


def new_process(monkeypatch) -> None:
    monkeypatch.setattr(tree_cache, "_TREES", {})
    monkeypatch.setattr(tree_cache, "_SAVED", {})
    monkeypatch.setattr(profiles, "FILE_RESULTS", {})


def _age(path: Path) -> None:
    past = time.time() - 60
    os.utime(path, (past, past))


class Reads:
    """Which files a load opened and which it parsed."""

    def __init__(self, monkeypatch) -> None:
        self.opened: list[str] = []
        self.parsed: list[Path] = []
        real_validate = profiles._validate_file

        def opening(path, *a, **k):
            self.opened.append(str(path))
            return open(path, *a, **k)

        def parsing(path, text=None):
            self.parsed.append(path)
            return real_validate(path, text)

        monkeypatch.setattr(profiles, "open", opening, raising=False)
        monkeypatch.setattr(profiles, "_validate_file", parsing)


def _kept(cache_dir: Path, kind: str) -> object:
    [f] = cache_dir.glob(f"{kind}-*.pickle")
    return pickle.loads(f.read_bytes())[1]


def test_an_edit_is_kept_as_a_delta_and_read_back_with_the_base(tmp_path, cache_dir, monkeypatch):
    root = province_tree(tmp_path / "profiles", 6)
    first = tree_cache.load_tree(root)
    base = next(cache_dir.glob("tree-*.pickle"))
    base_bytes = base.read_bytes()
    assert not list(cache_dir.glob("delta-*.pickle"))
    node = next(root.rglob("p0004/node.yaml"))
    name = first.nodes[next(i for i, n in first.nodes.items() if n.path == node)].name
    node.write_text(node.read_text(encoding="utf-8").replace(f"name: {name}", "name: 改名县"), encoding="utf-8")
    _age(node)

    new_process(monkeypatch)
    reads = Reads(monkeypatch)
    tree = tree_cache.load_tree(root)
    assert [str(p) for p in reads.parsed] == [str(node)] and reads.opened == [str(node)]
    assert base.read_bytes() == base_bytes  # the base is not rewritten for one file
    token, delta = _kept(cache_dir, "delta")
    assert list(delta) == [str(node)]
    assert "改名县" in [n.name for n in tree.nodes.values()]

    new_process(monkeypatch)  # base + delta: nothing read, the edit is there
    reads = Reads(monkeypatch)
    again = tree_cache.load_tree(root)
    assert reads.opened == [] and reads.parsed == []
    assert {k: (n.data, n.editions) for k, n in again.nodes.items()} == \
        {k: (n.data, n.editions) for k, n in tree.nodes.items()}


def test_a_touched_file_is_hashed_not_parsed(tmp_path, cache_dir, monkeypatch):
    root = province_tree(tmp_path / "profiles", 3)
    tree_cache.load_tree(root)
    edition = next(root.rglob("p0002/2024.yaml"))
    os.utime(edition, (time.time() - 30, time.time() - 30))  # saved again, same bytes
    new_process(monkeypatch)
    reads = Reads(monkeypatch)
    tree_cache.load_tree(root)
    assert reads.opened == [str(edition)] and reads.parsed == []
    new_process(monkeypatch)  # its new mtime was kept: not even opened now
    reads = Reads(monkeypatch)
    tree_cache.load_tree(root)
    assert reads.opened == []


def test_a_removed_edition_stays_removed(tmp_path, cache_dir, monkeypatch):
    root = province_tree(tmp_path / "profiles", 3)
    tree_cache.load_tree(root)
    edition = next(root.rglob("p0002/2024.yaml"))
    node_id = profiles.read_yaml(edition.with_name("node.yaml"))[0]["id"]
    edition.unlink()
    for _ in range(2):
        new_process(monkeypatch)
        tree = tree_cache.load_tree(root)
        assert 2024 not in tree.nodes[node_id].editions
    _, delta = _kept(cache_dir, "delta")
    assert delta == {str(edition): None}


def test_a_growing_delta_is_folded_into_a_new_base(tmp_path, cache_dir, monkeypatch):
    monkeypatch.setattr(tree_cache, "DELTA_MAX", 1)
    root = province_tree(tmp_path / "profiles", 30)
    tree_cache.load_tree(root)
    editions = sorted(root.rglob("2024.yaml"))[:25]
    for f in editions:
        f.write_text(f.read_text(encoding="utf-8") + "\n# 改过\n", encoding="utf-8")
        _age(f)
    new_process(monkeypatch)
    tree_cache.load_tree(root)  # 25 changed files > max(1, a tenth of the tree's ~80 files)
    assert not list(cache_dir.glob("delta-*.pickle"))
    entries = _kept(cache_dir, "tree")[1]
    assert all(entries[str(f)][2] == profiles.hashlib.sha1(f.read_bytes()).digest() for f in editions)


def test_a_file_just_written_is_not_trusted_by_its_mtime(tmp_path, cache_dir, monkeypatch):
    root = province_tree(tmp_path / "profiles", 2)
    tree_cache.load_tree(root)
    edition = next(root.rglob("p0001/2024.yaml"))
    text = edition.read_text(encoding="utf-8")
    edition.write_text(text + "\n", encoding="utf-8")  # now: within the mtime's granularity
    new_process(monkeypatch)
    tree_cache.load_tree(root)
    assert profiles.FILE_RESULTS[str(edition)][1] == -1
    new_process(monkeypatch)
    reads = Reads(monkeypatch)
    tree_cache.load_tree(root)
    assert reads.opened == [str(edition)]  # hashed again, however its size and mtime look


def test_the_listing_is_in_the_order_pathlib_globs(tmp_path):
    root = tmp_path / "t"
    for rel in ["a/node.yaml", "a-b/node.yaml", "a/b/node.yaml", "a/b/2024.yaml", "a/b/2023.yaml",
                "a.c/node.yaml", "a/.git/node.yaml", "Z/node.yaml"]:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text("x: 1\n", encoding="utf-8")
    listing = profiles.scan_tree(root)
    dirs = profiles.node_folders(listing)
    assert [Path(d) / "node.yaml" for d in dirs] == \
        [p for p in sorted(root.rglob("node.yaml")) if ".git" not in p.parts]
    assert [f[0] for f in listing[str(root / "a/b")]] == ["2023.yaml", "2024.yaml", "node.yaml"]


def test_a_relative_root_keeps_its_spelling(tmp_path, cache_dir, monkeypatch):
    province_tree(tmp_path / "profiles", 2)
    monkeypatch.chdir(tmp_path)
    tree = tree_cache.load_tree(Path("profiles"))
    assert all(not n.path.is_absolute() and n.path.parts[0] == "profiles" for n in tree.nodes.values())


def test_values_read_without_lines_are_the_same(tmp_path):
    root = province_tree(tmp_path / "profiles", 4)
    for f in sorted(root.rglob("*.yaml")):
        data, lines = read_yaml(f)
        fast, none = read_yaml(f, with_lines=False)
        assert fast == data and none is None and lines


def test_a_cold_read_of_many_files_is_shared_among_workers(tmp_path, cache_dir, monkeypatch):
    root = province_tree(tmp_path / "profiles", 20)
    broken = next(root.rglob("p0007/2024.yaml"))
    broken.write_text(broken.read_text(encoding="utf-8").replace("year: 2024", "year: 2023"), encoding="utf-8")
    _age(broken)
    monkeypatch.setenv("NOTICE_KIT_CACHE", "off")
    with pytest.raises(profiles.ProfileError) as serial:
        profiles.ProfileTree(root)
    monkeypatch.setenv("NOTICE_KIT_CACHE", str(cache_dir))
    new_process(monkeypatch)
    monkeypatch.setattr(tree_cache, "PARALLEL_ABOVE", 10)
    log = tmp_path / "pids"
    real = profiles._validate_file

    def logged(path, text=None):
        with open(log, "a", encoding="utf-8") as fh:
            fh.write(f"{os.getpid()}\n")
        return real(path, text)

    monkeypatch.setattr(profiles, "_validate_file", logged)
    with pytest.raises(profiles.ProfileError) as shared:
        tree_cache.load_tree(root)
    pids = log.read_text(encoding="utf-8").split()
    assert len(set(pids)) >= 2  # this process and a worker
    assert [str(p) for p in shared.value.problems] == [str(p) for p in serial.value.problems]
    broken.write_text(broken.read_text(encoding="utf-8").replace("year: 2023", "year: 2024"), encoding="utf-8")
    _age(broken)
    monkeypatch.setenv("NOTICE_KIT_CACHE", "off")
    plain = profiles.ProfileTree(root)
    monkeypatch.setenv("NOTICE_KIT_CACHE", str(cache_dir))
    new_process(monkeypatch)
    tree = tree_cache.load_tree(root)
    assert {k: (n.data, n.editions, n.path) for k, n in tree.nodes.items()} == \
        {k: (n.data, n.editions, n.path) for k, n in plain.nodes.items()}


def test_a_dangling_link_and_an_unreadable_folder_are_named(tmp_path, cache_dir, capsys, monkeypatch):
    from generator.cli import main

    root = province_tree(tmp_path / "profiles", 2)
    folder = next(root.rglob("p0001/node.yaml")).parent
    (folder / "2025.yaml").symlink_to(folder / "gone.yaml")
    assert main(["profiles", "--profiles", str(root)]) == 2
    err = capsys.readouterr().err
    assert f"{folder / '2025.yaml'}" in err and "无法读取" in err and "Traceback" not in err
    (folder / "2025.yaml").unlink()
    # a folder the user may not read (tests run as root, who reads every folder: simulated)
    locked = str(next(root.rglob("p0000/node.yaml")).parent)
    _refuse_to_list(monkeypatch, locked)
    assert main(["profiles", "--profiles", str(root)]) == 2
    err = capsys.readouterr().err
    assert f"无法读取档案文件夹 {locked}" in err and "Traceback" not in err


def test_check_profile_lists_files_as_the_tree_does(tmp_path, capsys, monkeypatch):
    from generator.cli import main

    root = province_tree(tmp_path / "profiles", 2)
    hidden = root / ".git" / "x"
    hidden.mkdir(parents=True)
    (hidden / "node.yaml").write_text("不是档案: [\n", encoding="utf-8")  # the history, not a profile
    assert main(["check-profile", str(root)]) == 0
    locked = str(next(root.rglob("p0000/node.yaml")).parent)
    _refuse_to_list(monkeypatch, locked)
    capsys.readouterr()
    assert main(["check-profile", str(root)]) == 2
    out = capsys.readouterr()
    assert f"{locked}" in out.out + out.err and "无法读取文件夹" in out.out + out.err
    assert "Traceback" not in out.out + out.err


def _refuse_to_list(monkeypatch, locked: str) -> None:
    """A folder the user may not read (tests run as root, who reads every folder: simulated)."""
    real = os.scandir

    def scandir(path):
        if str(path) == locked:
            raise PermissionError(13, "Permission denied", locked)
        return real(path)

    monkeypatch.setattr(profiles.os, "scandir", scandir)
