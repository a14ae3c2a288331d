"""What the CLI and the web both ask of the profile tree, as plain data: the web calls this,
not the command modules (``generator/commands/``), which stand above it like the web."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from .levels import LEVEL_CN

if TYPE_CHECKING:
    from .profiles import Node, ProfileTree

__all__ = ["LEVEL_CN", "node_rows"]


def node_rows(tree: ProfileTree) -> list[dict]:
    """One row per node, in tree order: id, name, level, tree path, folder, years, example."""
    paths: dict[str, str] = {}

    def tree_path(node: Node) -> str:  # each node's names once: the parent's path is shared
        if node.id not in paths:
            up = node.parent
            paths[node.id] = node.name if up is None else f"{tree_path(up)} / {node.name}"
        return paths[node.id]

    above = tree.root.parent
    prefix = "" if str(above) == "." else os.path.join(str(above), "")
    rows = []
    for node in sorted(tree.nodes.values(), key=tree_path):
        folder = os.path.dirname(node.file)  # (the Path made only when needed)
        if prefix and not folder.startswith(prefix):  # not below the root's folder: as it is
            file = folder if not node.path.is_relative_to(above) else str(node.path.parent.relative_to(above))
        else:
            file = folder[len(prefix):]
        rows.append({
            "id": node.id,
            "name": node.name,
            "level": node.level,
            "path": tree_path(node),
            "file": file,
            "years": sorted(node.editions),
            "example": bool(node.data.get("example")),
        })
    return rows
