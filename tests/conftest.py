"""Shared fixtures: the repository's profile tree and small throw-away trees for edge cases."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from generator import PROFILES_DIR, ROOT

SEEDS = ROOT.parent / "shared" / "corpus" / "seeds"


@pytest.fixture
def write_tree(tmp_path: Path):
    """Write ``{relative path: yaml text}`` under tmp_path/profiles and return that root."""

    def write(files: dict[str, str]) -> Path:
        root = tmp_path / "profiles"
        for rel, text in files.items():
            f = root / rel
            f.parent.mkdir(parents=True, exist_ok=True)
            f.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
        return root

    return write


NATIONAL_NODE = textwrap.dedent("""
    id: national
    name: 教育部
    place: 全国
    level: national
    parent: null
    source: 测试
    organs:
      moe_office: {name: 教育部办公厅}
""").lstrip()


@pytest.fixture
def repo_profiles() -> Path:
    return PROFILES_DIR


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory):
    """Trees and rules the tests build are cached in a folder of their own, not the user's."""
    import os

    os.environ["NOTICE_KIT_CACHE"] = str(tmp_path_factory.mktemp("notice-kit-cache"))
