"""What every request shares: the profiles folder, the worker pool, the templates, and
the uploads kept for their downloads. Built once per server by ``create_app``."""

from __future__ import annotations

import asyncio
import re
import secrets
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.templating import Jinja2Templates

from .. import TEMPLATES_DIR, history
from ..assemble import load_tree
from ..cliargs import FIRST_YEAR, LAST_YEAR
from ..profiles import Node, ProfileTree
from ..services import node_rows
from .auth import Sessions, User, Users
from .workers import UPLOAD_SUFFIXES, Workers

TREE_TTL = 1.0  # seconds
NODE_ID_RE = re.compile(r"^[a-z][a-z0-9_]{0,63}$")  # the schema's id pattern, bounded
NODE_ID_PATTERN = NODE_ID_RE.pattern


class WebError(Exception):
    """A refusal with an HTTP status and a Chinese message."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, message


@dataclass
class Upload:
    name: str
    suffix: str
    data: bytes
    result: dict[str, Any] = field(default_factory=dict)
    node: str = ""  # lint: the profile node and year the upload is compared with, if any
    year: int | None = None


class Uploads:
    """The last few uploads by a random id, so their result pages and downloads work."""

    def __init__(self, keep: int = 64) -> None:
        self.keep = keep
        self.items: OrderedDict[str, Upload] = OrderedDict()

    def add(self, item: Upload) -> str:
        key = secrets.token_urlsafe(12)
        self.items[key] = item
        while len(self.items) > self.keep:
            self.items.popitem(last=False)
        return key

    def get(self, key: str) -> Upload:
        item = self.items.get(key)
        if item is None:
            raise WebError(404, "这份上传的结果已过期（服务器只保留最近的上传），请重新上传。")
        return item


class Workbench:
    def __init__(self, profiles: Path, workers: int | None = None, cache: int = 64,
                 users: Users | None = None) -> None:
        self.root = Path(profiles).resolve()
        self.repo = history.ensure_repo(self.root)  # every edit kept: the tree's git repository
        self.users = users
        self.sessions = Sessions()
        self.token: str | None = None
        self.signed_in = False  # token or users: the header shows who is signed in, and 退出
        self.workers = Workers(self.root, workers, cache)
        self.templates = Jinja2Templates(directory=str(TEMPLATES_DIR / "web"))
        # sources name profile files by absolute path when the tree is outside the repository
        prefix = f"{self.root.as_posix()}/"
        self.templates.env.filters["rel"] = lambda text: str(text).replace(prefix, f"{self.root.name}/")
        self.templates.env.globals["csrf_of"] = csrf_of
        self.uploads = Uploads()
        self._tree: ProfileTree | None = None
        self._tree_at = 0.0
        self._refreshing = False
        self._rows: tuple[ProfileTree | None, list[dict[str, Any]]] = (None, [])

    def tree(self) -> ProfileTree:
        """The tree as it is on disk. A page asks for it several times, and reading a changed
        tree takes long: it is looked at (every file's size and time) in a thread at most once
        per ``TREE_TTL``, the pages served from the tree as it was meanwhile. The pages' own
        saves ``reload`` it before they answer, so an edit made here is seen at once; one made
        elsewhere (the CLI) within about ``TREE_TTL``."""
        if self._tree is None:
            self._tree, self._tree_at = load_tree(self.root), time.monotonic()
        elif time.monotonic() - self._tree_at > TREE_TTL and not self._refreshing:
            self._refreshing = True
            threading.Thread(target=self._refresh, daemon=True, name="notice-tree").start()
        return self._tree

    def _refresh(self) -> None:
        try:
            self._tree = load_tree(self.root)
        except Exception:  # a broken tree: the next page reads it itself and says what is wrong
            self._tree = None
        finally:
            self._tree_at, self._refreshing = time.monotonic(), False

    async def reload(self) -> None:
        """After a save: the tree as it is now, read off the event loop (other pages keep the
        tree as it was until it is read)."""
        try:
            self._tree = await asyncio.to_thread(load_tree, self.root)
        finally:
            self._tree_at = time.monotonic()

    def rows(self) -> list[dict[str, Any]]:
        """The tree's nodes as the pages list them (computed once per version of the tree)."""
        tree = self.tree()
        if self._rows[0] is not tree:
            self._rows = (tree, node_rows(tree))
        return self._rows[1]

    def node(self, node_id: str) -> Node:
        """A node by its id; anything else (a path, ``..``) is refused before it reaches a path."""
        if not NODE_ID_RE.match(node_id):
            raise WebError(404, f"节点编号“{node_id[:40]}”无效：只能含小写英文字母、数字和下划线。")
        node = self.tree().nodes.get(node_id)
        if node is None:
            raise WebError(404, f"找不到节点“{node_id}”。")
        return node


def csrf_of(request: Request) -> str:
    session = getattr(request.state, "session", None)
    return session.csrf if session else ""


def user_of(request: Request) -> User | None:
    return getattr(request.state, "user", None)


def check_year(year: int) -> int:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise WebError(422, f"年份 {year} 不在 {FIRST_YEAR}—{LAST_YEAR} 之间（活动周始于 2005 年）。")
    return year


def bench(request: Request) -> Workbench:
    return request.app.state.bench


def upload_suffix(name: str) -> str:
    suffix = Path(name or "").suffix.lower()
    if suffix not in UPLOAD_SUFFIXES:
        raise WebError(415, f"不支持的文件类型“{suffix or '（无扩展名）'}”："
                            "请上传 .docx、.doc、.wps、.pdf、.html、.mht、.txt 或 .md 文件。")
    return suffix


Bench = Annotated[Workbench, Depends(bench)]


def lint_target(wb: Workbench, node: str, year: str) -> tuple[str, int | None]:
    """The profile node and year an upload is compared with: none, or both and valid."""
    node, year = node.strip(), year.strip()
    if not node and not year:
        return "", None
    if not node or not year:
        raise WebError(422, "按档案核对须同时给出节点编号和年份；只审查稿子本身时两项都留空。")
    if not year.isdigit():
        raise WebError(422, f"年份须为四位数字，如 2027，而不是“{year[:20]}”。")
    wb.node(node)
    return node, check_year(int(year))
