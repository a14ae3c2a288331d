"""Who is using the workbench and what each may touch: the users file, sessions, permissions.

``notice serve --users users.yaml``::

    users:
      - name: 王芳                 # shown in the history; also the login name
        password: $argon2id$v=19$…  # notice serve --hash-password
        edit: [xinbei]             # her county (and anything below it)
      - name: 赵敏
        token: 一段随机文字          # instead of a password: Authorization: Bearer …, or ?token=…
        review: [changzhou]        # the city and everything below: read and mark 已审核

Without a users file (this machine only) there is one local clerk, ``本机用户``, who may
edit everything. Sessions live in the server's memory (a restart logs everyone out).
"""

from __future__ import annotations

import hmac
import secrets
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..errors import NoticeError
from ..history import LOCAL_USER
from ..profiles import ProfileTree

SESSION_COOKIE = "notice_session"
SESSION_TTL = 12 * 3600
MAX_SESSIONS = 5000


def as_bytes(text: str | bytes) -> bytes:
    """Any text a client sent, as bytes to compare: never an exception (non-ASCII, lone surrogates)."""
    return text if isinstance(text, bytes) else text.encode("utf-8", "surrogatepass")


def same(given: str | bytes, expected: str | bytes) -> bool:
    return bool(given) and bool(expected) and hmac.compare_digest(as_bytes(given), as_bytes(expected))


@dataclass(frozen=True)
class User:
    name: str
    password: str = ""  # the argon2 hash
    token: str = ""
    edit: tuple[str, ...] = ()
    review: tuple[str, ...] = ()


def _under(tree: ProfileTree, node_id: str, roots: tuple[str, ...]) -> bool:
    """``node_id`` is one of ``roots`` or below one of them."""
    seen = set()
    cur: str | None = node_id
    while cur and cur not in seen:
        if cur in roots:
            return True
        seen.add(cur)
        node = tree.nodes.get(cur)
        cur = node.data.get("parent") if node else None
    return False


def may_edit(user: User | None, node_id: str, tree: ProfileTree) -> bool:
    return user is None or _under(tree, node_id, user.edit)


def may_review(user: User | None, node_id: str, tree: ProfileTree) -> bool:
    return user is not None and _under(tree, node_id, user.review)


def name_of(user: User | None) -> str:
    return user.name if user else LOCAL_USER


class Users:
    """The users file, read once at start."""

    def __init__(self, users: list[User]) -> None:
        self.users = users
        self.by_name = {u.name: u for u in users}

    @classmethod
    def load(cls, path: Path, tree: ProfileTree | None = None) -> Users:
        try:
            data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
        except OSError:
            raise NoticeError(f"无法读取用户名单 {path}。") from None
        except (yaml.YAMLError, UnicodeDecodeError):
            raise NoticeError(f"用户名单 {path} 不是有效的 YAML（UTF-8）。") from None
        items = data.get("users") if isinstance(data, dict) else None
        if not isinstance(items, list) or not items:
            raise NoticeError(f"用户名单 {path} 须有 users: 列表，每项写出 name、password 或 token、edit 或 review。")
        users = []
        for i, item in enumerate(items, 1):
            where = f"用户名单第 {i} 项"
            if not isinstance(item, dict) or not isinstance(item.get("name"), str) or not item["name"].strip():
                raise NoticeError(f"{where}缺少姓名（name）。")
            name = item["name"].strip()
            password, token = str(item.get("password") or ""), str(item.get("token") or "")
            if not password and not token:
                raise NoticeError(f"{where}（{name}）既没有口令散列（password）也没有令牌（token）。")
            if password and not password.startswith("$argon2"):
                raise NoticeError(f"{where}（{name}）的 password 须为 argon2 散列（notice serve --hash-password "
                                  "生成），不能写明文口令。")
            if token and len(token) < 16:
                raise NoticeError(f"{where}（{name}）的令牌太短：至少 16 个字符。")
            lists = {}
            for key in ("edit", "review"):
                value = item.get(key) or []
                value = [value] if isinstance(value, str) else value
                if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                    raise NoticeError(f"{where}（{name}）的 {key} 须为节点编号的列表，如 [xinbei]。")
                if tree is not None:
                    unknown = [v for v in value if v not in tree.nodes]
                    if unknown:
                        raise NoticeError(f"{where}（{name}）的 {key} 中有档案树里没有的节点：{'、'.join(unknown)}。")
                lists[key] = tuple(value)
            users.append(User(name, password, token, lists["edit"], lists["review"]))
        if len({u.name for u in users}) != len(users):
            raise NoticeError(f"用户名单 {path} 中有重名的用户。")
        return cls(users)

    def by_token(self, token: str) -> User | None:
        return next((u for u in self.users if u.token and same(token, u.token)), None)

    def check_password(self, name: str, password: str) -> User | None:
        from argon2 import PasswordHasher
        from argon2.exceptions import Argon2Error, InvalidHashError

        user = self.by_name.get(name.strip())
        if user is None or not user.password:
            return None
        try:
            PasswordHasher().verify(user.password, password)
        except (Argon2Error, InvalidHashError, ValueError):
            return None
        return user


def hash_password(password: str) -> str:
    from argon2 import PasswordHasher

    return PasswordHasher().hash(password)


@dataclass
class Session:
    id: str
    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    user: User | None = None
    authed: bool = False  # token mode: the token was given once
    seen: float = field(default_factory=time.monotonic)


class Sessions:
    """Sessions by a random cookie value, bounded in number and age."""

    def __init__(self) -> None:
        self.items: OrderedDict[str, Session] = OrderedDict()

    def get(self, sid: str) -> Session | None:
        s = self.items.get(sid) if sid else None
        if s is None:
            return None
        if time.monotonic() - s.seen > SESSION_TTL:
            self.items.pop(sid, None)
            return None
        s.seen = time.monotonic()
        self.items.move_to_end(sid)
        return s

    def new(self) -> Session:
        s = Session(secrets.token_urlsafe(24))
        self.items[s.id] = s
        while len(self.items) > MAX_SESSIONS:
            self.items.popitem(last=False)
        return s

    def drop(self, sid: str) -> None:
        self.items.pop(sid, None)


def cookie_header(sid: str, clear: bool = False) -> bytes:
    age = "; Max-Age=0" if clear else ""
    return f"{SESSION_COOKIE}={sid}; HttpOnly; SameSite=Strict; Path=/{age}".encode()
