"""The node page's history (who changed which fact, old → new, when), 撤销 of any entry and
the reviewer's 已审核 mark, over ``generator/history.py``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from .. import history, profile_diff
from .. import profile_write as pw
from ..history import Entry
from ..profiles import Node, ProfileError
from .editing import edition_path
from .state import WebError, Workbench

NOT_UNDOABLE = ("开始记录", "已审核")


@dataclass
class Status:
    """What the node page shows of an edition's review."""

    entries: list[Entry]
    edition_rel: str
    approved: Entry | None


def _rel(wb: Workbench, path: Path) -> str:
    return path.resolve().relative_to(wb.repo).as_posix()


def status(wb: Workbench, node: Node, year: int) -> Status:
    """The history of the node's ``year`` edition and its defaults, and the edition's standing
    approval (blocking: git subprocesses; the pages call it in a thread)."""
    found = history.entries(wb.repo, node.id, (str(year), "默认"))
    rel = _rel(wb, edition_path(node, year))
    return Status(found, rel, history.approval(wb.repo, found, rel) if edition_path(node, year).exists() else None)


def approve(wb: Workbench, node: Node, year: int, reviewer: str) -> str:
    path = edition_path(node, year)
    if not path.exists():
        raise WebError(422, f"{node.name} {year} 年还没有年度档案，无可审核。")
    if status(wb, node, year).approved:
        raise WebError(409, f"{node.name} {year} 年度档案已审核，无需再次标记。")
    history.approve(wb.repo, _rel(wb, path), node.id, node.name, year, reviewer)
    return f"已将 {node.name} {year} 年度档案标记为已审核（{reviewer}）。"


class UndoConflict(WebError):
    """A fact the entry changed was changed again afterwards: both values, nothing written."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__(409, "这条修改之后，其中的事实又被改过，未撤销：" + "；".join(lines)
                         + "。如仍要恢复，请在下方表单中直接修改。")
        self.lines = lines


def _get(data: Any, path: tuple) -> Any:
    cur = data
    for p in path:
        if isinstance(cur, dict) and p in cur:
            cur = cur[p]
        elif isinstance(cur, list) and isinstance(p, int) and p < len(cur):
            cur = cur[p]
        else:
            return profile_diff.MISSING
    return cur


def _set(doc: Any, path: tuple, value: Any) -> bool:
    """Set (or, for MISSING, remove) one fact in a round-trip document; False when its
    container is gone."""
    cur = doc
    for p in path[:-1]:
        cur = _get(cur, (p,))
        if not isinstance(cur, CommentedMap | CommentedSeq | dict | list):
            return False
    last = path[-1]
    if value is profile_diff.MISSING:
        if isinstance(cur, dict) and last in cur:
            del cur[last]
        return True
    if isinstance(cur, list):
        if not isinstance(last, int) or last >= len(cur):
            return False
        cur[last] = value
    else:
        cur[last] = value
    return True


def _merged(before: str | None, after: str | None, current: str | None) -> str | None:
    """``current`` with the entry's facts back at their ``before`` values, when each is still
    what the entry made it; UndoConflict otherwise."""
    if current == after:
        return before  # nothing changed since: the file as it was, byte for byte
    old, new, now = (profile_diff.parse(t) for t in (before, after, current))
    if old is profile_diff.MISSING or now is profile_diff.MISSING:
        raise UndoConflict(["这份文件在此之后又被修改或删除"])
    doc, _ = pw.load_profile_text(current)
    conflicts = []
    for c in profile_diff.changes(old, new if new is not profile_diff.MISSING else {}):
        here = _get(now, c.path)
        if here != c.new and not (here is profile_diff.MISSING and c.new is profile_diff.MISSING):
            conflicts.append(f"{profile_diff.label(c.path)} 现在是“{profile_diff.show(here)}”，"
                             f"撤销将恢复为“{profile_diff.show(c.old)}”")
            continue
        if not _set(doc, c.path, _get(pw.load_profile_text(before)[0], c.path)):
            conflicts.append(f"{profile_diff.label(c.path)} 所在的部分已被删除")
    if conflicts:
        raise UndoConflict(conflicts)
    return pw.dump(doc)


def undo(wb: Workbench, node: Node, year: int, sha: str, author: str) -> str:
    """撤销 one entry of the node's history: itself a commit by ``author``."""
    found = history.entries(wb.repo, node.id, (str(year), "默认"))
    entry = history.is_commit_of(found, sha)
    if entry is None:
        raise WebError(404, "找不到这条修改记录（可能不属于这个节点和年份）。")
    if entry.action in NOT_UNDOABLE or not entry.files:
        raise WebError(422, f"“{entry.action}”这条记录不能撤销。")
    plans = []
    for rel in entry.files:
        path = (wb.repo / rel).resolve()
        if not path.is_relative_to(wb.root):
            raise WebError(422, "这条记录改的不是本档案树中的文件，不能在此撤销。")
        current = path.read_text(encoding="utf-8") if path.exists() else None
        target = _merged(history.blob(wb.repo, f"{sha}^", rel), history.blob(wb.repo, sha, rel), current)
        plans.append((path, current, target))
    action = f"撤销 {entry.author} {entry.when_text} 的“{entry.action}”（{entry.short}）"
    try:
        with history.change(author, action):
            for path, current, target in plans:
                version = pw.text_version(current)
                if target is None:
                    pw.remove_profile(path, expected_version=version)
                elif target != current:
                    pw.save_profile(path, target, expected_version=version)
    except pw.StaleSave:
        raise WebError(409, "撤销时文件正好被他人修改，未撤销；请刷新页面后再试。") from None
    except ProfileError as exc:
        raise WebError(422, "撤销后的档案未通过校验，未撤销：" + "；".join(p.message for p in exc.problems)) from None
    return f"已撤销：{entry.author} {entry.when_text} 的“{entry.action}”。"
