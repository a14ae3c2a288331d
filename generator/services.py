"""What the CLI and the web both ask of the profile tree, as plain data: the web calls this,
not the command modules (``generator/commands/``), which stand above it like the web."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .levels import LEVEL_CN

if TYPE_CHECKING:
    from .profiles import ProfileTree

__all__ = ["LEVEL_CN", "node_rows"]


def node_rows(tree: ProfileTree) -> list[dict]:
    """One row per node, in tree order: id, name, level, tree path, folder, years, example."""
    rows = []
    for node in sorted(tree.nodes.values(), key=lambda n: n.tree_path()):
        rows.append({
            "id": node.id,
            "name": node.name,
            "level": node.level,
            "path": node.tree_path(),
            "file": str(node.path.parent.relative_to(tree.root.parent)
                        if node.path.is_relative_to(tree.root.parent) else node.path.parent),
            "years": sorted(node.editions),
            "example": bool(node.data.get("example")),
        })
    return rows
