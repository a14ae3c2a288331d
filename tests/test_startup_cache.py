"""The compiled-pattern cache (generator/startup_cache.py): a pattern made from the kept code is
the pattern re makes, in this process and the next; a bad or foreign file is never trusted."""

from __future__ import annotations

import dataclasses
import marshal
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from generator import startup_cache

ROOT = Path(__file__).resolve().parent.parent

PATTERNS = [
    (r"(?P<code>[\u4e00-\u9fff]{1,12}?)〔(?P<year>\d{4})〕(?P<serial>\d+)号", 0),
    (r"(?<=[\u4e00-\u9fff，。])\s*([a-z]{2,})\s*(?=[\u4e00-\u9fff])", re.IGNORECASE),
    (r"^[一二三四五六七八九十]+、(.*)$", re.MULTILINE),
    (rb"\x00[\x80-\xff]+", 0),
]
TEXTS = ["常教职成〔2024〕12号", "新北区2024年活动周 the 通知", "一、活动主题\n二、活动时间", "终身学习 ABC 活动",
         b"\x00\x81\x82"]


@pytest.fixture
def fresh_re():
    startup_cache.uninstall()
    re.purge()
    yield
    startup_cache.uninstall()
    re.purge()


def _same(a: re.Pattern, b: re.Pattern) -> None:
    assert (a.pattern, a.flags, a.groups, a.groupindex) == (b.pattern, b.flags, b.groups, b.groupindex)
    for text in TEXTS:
        if isinstance(text, type(a.pattern)):
            assert [m.groups() for m in a.finditer(text)] == [m.groups() for m in b.finditer(text)]
            assert [m.span() for m in a.finditer(text)] == [m.span() for m in b.finditer(text)]


def test_kept_patterns_are_the_patterns_re_makes(tmp_path, fresh_re):
    plain = [re.compile(p, f) for p, f in PATTERNS]
    re.purge()
    startup_cache.install(tmp_path)
    first = [re.compile(p, f) for p, f in PATTERNS]  # compiled, and noted for the file
    startup_cache._save()
    assert len(startup_cache._new) >= len(PATTERNS)
    startup_cache.uninstall()
    re.purge()
    startup_cache.install(tmp_path)  # as the next process does: everything read from the file
    assert all((p, int(f)) in startup_cache._kept for p, f in PATTERNS)
    again = [re.compile(p, f) for p, f in PATTERNS]
    assert not any((p, int(f)) in startup_cache._new for p, f in PATTERNS)
    for a, b, c in zip(plain, first, again, strict=True):
        _same(a, b)
        _same(a, c)


def test_a_bad_or_foreign_file_is_ignored(tmp_path, fresh_re):
    startup_cache.install(tmp_path)
    path = startup_cache._path
    startup_cache.uninstall()
    for content in (b"not marshal", marshal.dumps(("another python", {("x", 0): (0, [1], 0, {}, ())}, {}, 1)),
                    marshal.dumps((startup_cache._KEY, {("x", 0): (0, [1], 0, {}, ())}))):  # the older format
        path.write_bytes(content)
        re.purge()
        startup_cache.install(tmp_path)
        assert startup_cache._kept == {}
        _same(re.compile(PATTERNS[0][0]), re.compile(PATTERNS[0][0]))
        assert re.compile(PATTERNS[0][0]).search("常教职成〔2024〕12号")["year"] == "2024"
        startup_cache.uninstall()


def test_each_command_keeps_its_own_file_and_a_strange_name_the_shared_one(tmp_path, fresh_re):
    paths = {}
    for command in ("draft", "lint", "check-profile", "", "../x", "Draft", "a/b"):
        startup_cache.install(tmp_path, command)
        paths[command] = startup_cache._path
        startup_cache.uninstall()
    assert paths["draft"].name.endswith("-draft.marshal")
    assert paths["check-profile"].name.endswith("-check-profile.marshal")
    assert len({paths["draft"], paths["lint"], paths["check-profile"], paths[""]}) == 4
    assert paths["../x"] == paths["Draft"] == paths["a/b"] == paths[""]
    assert all(p.parent == tmp_path for p in paths.values())


def test_entries_no_run_used_for_a_while_are_dropped(tmp_path, fresh_re):
    """A pattern made from one notice's data (its dates) leaves the file after _KEEP_SAVES saves
    that did not use it; a pattern each run uses stays."""
    def run(*patterns: str) -> None:
        re.purge()
        startup_cache.install(tmp_path)
        for p in patterns:
            re.compile(p)
        startup_cache._save()
        startup_cache.uninstall()

    run("一次性的〔2024〕", "常用的[\\u4e00-\\u9fff]+")
    for k in range(startup_cache._KEEP_SAVES):
        run(f"第{k}份通知的日期", "常用的[\\u4e00-\\u9fff]+")
    startup_cache.install(tmp_path)
    kept = {p for p, _ in startup_cache._kept if isinstance(p, str)}
    startup_cache.uninstall()
    # the file keeps what the last _KEEP_SAVES saves used: each run's one-off and the common one
    assert kept == {"常用的[\\u4e00-\\u9fff]+", *(f"第{k}份通知的日期" for k in range(startup_cache._KEEP_SAVES))}
    run("第二轮", "常用的[\\u4e00-\\u9fff]+")
    startup_cache.install(tmp_path)
    assert ("第0份通知的日期", 0) not in startup_cache._kept and ("第二轮", 0) in startup_cache._kept


def _classes():
    @dataclasses.dataclass
    class Organ:
        name: str
        kind: str = "edu"
        codes: list = dataclasses.field(default_factory=list)

    @dataclasses.dataclass(frozen=True, order=True)
    class Number:
        code: str
        year: int = 0

    return Organ, Number


def test_kept_dataclass_methods_make_the_same_classes(tmp_path, fresh_re):
    plain = _classes()
    startup_cache.install(tmp_path)
    assert dataclasses._create_fn is startup_cache._create_fn
    _classes()
    startup_cache._save()
    startup_cache.uninstall()
    startup_cache.install(tmp_path)
    made = len(startup_cache._new)
    Organ, Number = _classes()  # every method from the file: nothing new compiled
    assert len(startup_cache._new) == made
    P_Organ, P_Number = plain
    assert Organ("教育局") == Organ("教育局", "edu", []) and Organ("教育局").codes is not Organ("教育局").codes
    assert repr(Organ("教育局")).endswith("Organ(name='教育局', kind='edu', codes=[])")
    assert repr(Organ("教育局")).split(".")[-1] == repr(P_Organ("教育局")).split(".")[-1]
    assert Number("常教", 2024) < Number("常教", 2025) and hash(Number("a")) == hash(Number("a"))
    with pytest.raises(dataclasses.FrozenInstanceError):
        Number("a").year = 1
    assert [f.name for f in dataclasses.fields(Organ)] == [f.name for f in dataclasses.fields(P_Organ)]


def test_the_cli_keeps_its_patterns_and_not_when_the_cache_is_off(tmp_path):
    def lint(cache: str) -> subprocess.CompletedProcess:
        env = {**os.environ, "NOTICE_KIT_CACHE": cache, "PYTHONPATH": str(ROOT)}
        return subprocess.run([sys.executable, "-m", "generator", "lint", str(ROOT / "README.md")],
                              env=env, capture_output=True, text=True, timeout=120)

    first = lint(str(tmp_path / "cache"))
    files = list((tmp_path / "cache").glob("startup-*.marshal"))
    assert len(files) == 1 and files[0].stat().st_size > 10_000  # the reader's and lint's patterns
    second = lint(str(tmp_path / "cache"))
    off = lint("off")
    assert first.returncode == second.returncode == off.returncode
    assert first.stdout == second.stdout == off.stdout  # the same findings, from either pattern
    assert not list(tmp_path.glob("off*"))
