"""The engine's outcomes kept on disk (rules.OutcomeStore): a later process reuses what the
engine inferred for the same facts without starting durable-rules, and a changed rule file
starts the store afresh."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from generator import RULES_DIR
from generator.catalogue import known_names
from generator.rules import OutcomeStore, RuleEngine, context_fact, load_rules


@pytest.fixture()
def rules_copy(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.setenv("NOTICE_KIT_CACHE", str(tmp_path / "cache"))
    folder = tmp_path / "rules"
    shutil.copytree(RULES_DIR, folder)
    _age(folder)
    return folder


def _age(folder: Path, seconds: int = 3600) -> None:
    """Files written just now are not trusted by their mtime (tree_cache.RACY_SECONDS)."""
    for f in folder.rglob("*.yaml"):
        st = f.stat()
        os.utime(f, ns=(st.st_atime_ns, st.st_mtime_ns - seconds * 10**9))


def _engine(folder: Path) -> RuleEngine:
    return RuleEngine(load_rules(folder, known_names), OutcomeStore(str(folder)))


FACTS = context_fact(level="county", kinds={"education"}, flags={"four_ones"}, year=2026)


def test_a_kept_outcome_is_the_engines_and_needs_no_session(rules_copy: Path):
    first = _engine(rules_copy)
    inferred = [r.id for r in first.fire(FACTS)]
    assert first._host is not None and inferred  # the engine decided
    first._store.save()

    later = _engine(rules_copy)  # as a new process: its own engine, the store read from disk
    assert [r.id for r in later.fire(FACTS)] == inferred
    assert later._host is None  # durable-rules never started

    other = context_fact(level="province", year=2026)
    later.fire(other)
    assert later._host is not None  # facts not seen before are inferred


def test_a_changed_rule_file_starts_the_store_afresh(rules_copy: Path):
    first = _engine(rules_copy)
    first.fire(FACTS)
    first._store.save()

    content = rules_copy / "content.yaml"
    content.write_text(content.read_text(encoding="utf-8") + "\n# 改过\n", encoding="utf-8")
    _age(rules_copy, 1800)
    later = _engine(rules_copy)
    later.fire(FACTS)
    assert later._host is not None  # the kept outcome was not trusted


def test_nothing_is_kept_when_the_cache_is_off(rules_copy: Path, monkeypatch):
    monkeypatch.setenv("NOTICE_KIT_CACHE", "off")
    first = _engine(rules_copy)
    first.fire(FACTS)
    first._store.save()
    later = _engine(rules_copy)
    later.fire(FACTS)
    assert later._host is not None
