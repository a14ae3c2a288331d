"""The cycle collector: rare while a command starts (a cold draft's ~60 collections of its
start-up objects), as usual in every loop over documents, whose finished documents leave
cycles holding their XML in memory the threshold does not count (collecting.py)."""

from __future__ import annotations

import gc

import pytest
from tree_helpers import county_tree

from generator import collecting
from generator.cli import main


@pytest.fixture(autouse=True)
def _threshold_kept():
    before = gc.get_threshold()
    yield
    gc.set_threshold(*before)


def test_a_single_draft_collects_rarely(tmp_path):
    gc.set_threshold(*collecting.USUAL)
    assert main(["draft", "xinbei", "--year", "2024", "-o", str(tmp_path / "x.docx")]) == 0
    assert gc.get_threshold() == collecting.STARTING


def test_a_batch_collects_as_usual(tmp_path):
    root = county_tree(tmp_path / "profiles", 2)
    assert main(["draft", "--under", "changzhou", "--year", "2024", "-o", str(tmp_path / "out"),
                 "--profiles", str(root), "--jobs", "1"]) == 0
    assert gc.get_threshold() == collecting.USUAL


def test_several_files_collect_as_usual(tmp_path, capsys):
    one, two = tmp_path / "a.docx", tmp_path / "b.docx"
    for path in (one, two):
        assert main(["draft", "xinbei", "--year", "2024", "-o", str(path)]) == 0
    assert gc.get_threshold() == collecting.STARTING
    main(["lint", str(one), str(two)])
    assert gc.get_threshold() == collecting.USUAL
    main(["lint", str(one)])  # one file: a single document again
    assert gc.get_threshold() == collecting.STARTING
