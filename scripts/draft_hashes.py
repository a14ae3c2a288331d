"""Hash every profile × year draft (.docx, .html, .txt), to compare two versions of the code.

    PYTHONPATH=/work/main python3 scripts/draft_hashes.py > main.txt
    PYTHONPATH=.          python3 scripts/draft_hashes.py > mine.txt && diff main.txt mine.txt

The cases are every node's editions plus 2027 (a year no edition gives), as
tests/test_rules_reasoning.py drafts them; the code drafting them is whichever PYTHONPATH gives.
"""

from __future__ import annotations

import hashlib
import sys
import tempfile
from pathlib import Path


def main() -> int:
    from generator.assemble import build_notice, load_tree
    try:
        from generator.writers import WRITERS
        writers = {k: v() for k, v in WRITERS.items()}
    except ImportError:  # before the registry (main until issue 21)
        from generator.commands.draft import _writers
        writers = _writers()
    tree = load_tree()
    with tempfile.TemporaryDirectory() as tmp:
        for node in sorted(tree.nodes.values(), key=lambda n: n.id):
            for year in sorted({*node.editions, 2027}):
                notice = build_notice(node.id, year)
                for suffix in sorted(writers):
                    out = Path(tmp) / f"{node.id}-{year}{suffix}"
                    writers[suffix](notice, out, True)
                    print(f"{node.id} {year} {suffix} {hashlib.sha256(out.read_bytes()).hexdigest()[:16]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
