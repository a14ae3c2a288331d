"""Synthetic profile trees for the batch tests and scripts/bench.py: many county nodes."""

from __future__ import annotations

import os
import re
import shutil
import time
from pathlib import Path

from generator import PROFILES_DIR


def county_tree(root: Path, count: int, digits: int = 2) -> Path:
    """The repository's tree plus ``count`` copies of the liyang node under changzhou
    (county00, 测试00县, …), dated in the past (a tree being edited right now is not cached)."""
    shutil.copytree(PROFILES_DIR, root)
    liyang = next(root.rglob("liyang/node.yaml"))
    text = liyang.read_text(encoding="utf-8")
    for i in range(count):
        n = f"{i:0{digits}d}"
        folder = liyang.parent.parent / f"county{n}"
        folder.mkdir()
        node = re.sub(r"^id: liyang$", f"id: county{n}", text, flags=re.M).replace("溧阳市", f"测试{n}县")
        (folder / "node.yaml").write_text(node, encoding="utf-8")
    past = time.time() - 3600
    for f in root.rglob("*.yaml"):
        os.utime(f, (past, past))
    return root
