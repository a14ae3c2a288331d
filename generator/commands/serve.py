"""``notice serve``: the clerks' workbench in a browser (generator/web)."""

from __future__ import annotations

import argparse
import ipaddress
import os
import secrets
from pathlib import Path

from .. import PROFILES_DIR
from ..errors import NoticeError


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("serve", help="启动网页工作台（默认只在本机 127.0.0.1 上提供服务）")
    p.add_argument("--host", default="127.0.0.1",
                   help="监听地址（默认 127.0.0.1，仅本机可访问；其他地址须使用访问令牌）")
    p.add_argument("--port", type=int, default=8000, help="端口（默认 8000）")
    p.add_argument("--profiles", type=Path, default=PROFILES_DIR, help="档案树文件夹（默认：profiles/）")
    p.add_argument("--token", help="访问令牌（监听非本机地址且没有用户名单时必需；不给则自动生成；"
                                   "也可用环境变量 NOTICE_TOKEN）")
    p.add_argument("--users", type=Path, default=None,
                   help="用户名单（YAML：姓名、argon2 口令散列或令牌、可修改/可审核的节点）；给出后人人须登录")
    p.add_argument("--hash-password", action="store_true",
                   help="读入一个口令，显示它的 argon2 散列（写进用户名单的 password），然后退出")
    p.add_argument("--workers", type=int, default=None, help="起草用的进程数（默认：CPU 核数，至少 2）")
    p.add_argument("--cache", type=int, default=64,
                   help="保留多少份起草结果供重复请求使用（档案一改即失效；0 表示每次都重新起草）")
    p.set_defaults(func=run)


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _check_port(host: str, port: int) -> None:
    """Say in Chinese what uvicorn would say in English (and exit 1) when the port is taken."""
    import errno
    import socket

    try:
        with socket.create_server((host, port)):
            pass
    except OSError as exc:
        from ..errors import os_error_cn

        why = "已被其他程序占用" if exc.errno == errno.EADDRINUSE else os_error_cn(exc)
        raise NoticeError(f"无法在 {host}:{port} 上启动服务：{why}。请换一个端口（--port）。") from None


def reachable_addresses(host: str) -> list[str]:
    """The addresses colleagues can open: the host itself, or for 0.0.0.0/:: this machine's
    own non-loopback addresses (the outgoing interface first)."""
    import socket

    if host not in ("0.0.0.0", "::", ""):
        return [host]
    found: list[str] = []
    try:  # the address of the interface a packet out would leave by (nothing is sent)
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.connect(("10.254.254.254", 1))
            found.append(s.getsockname()[0])
    except OSError:
        pass
    try:
        for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET):
            found.append(str(info[4][0]))
    except OSError:
        pass
    out = [a for a in dict.fromkeys(found) if not ipaddress.ip_address(a).is_loopback]
    return out or [socket.gethostname()]


def banner(host: str, port: int, token: str | None, users: int) -> str:
    """What the server prints once the port accepts: the links, and the token on its own line."""
    if is_loopback(host):
        lines = [f"通知工坊网页工作台：http://{host}:{port}/"]
    else:
        lines = ["通知工坊网页工作台已启动，同事可在浏览器中打开："]
        lines += [f"  http://{'[' + a + ']' if ':' in a else a}:{port}/" for a in reachable_addresses(host)]
    if users:
        lines.append(f"用户名单中有 {users} 人：每人须登录后使用。")
    elif token:
        lines += ["访问令牌（首次打开时在登录页输入，或在链接后加 ?token=令牌）：", token]
    return "\n".join(lines)


def _hash_password() -> int:
    import getpass
    import sys

    from ..web.auth import hash_password

    first = getpass.getpass("口令：") if sys.stdin.isatty() else sys.stdin.readline().rstrip("\n")
    if sys.stdin.isatty() and getpass.getpass("再输入一次：") != first:
        raise NoticeError("两次输入的口令不一样。")
    if len(first) < 8:
        raise NoticeError("口令太短：至少 8 个字符。")
    print(hash_password(first))
    return 0


def run(args: argparse.Namespace) -> int:
    if args.hash_password:
        return _hash_password()
    if not 1 <= args.port <= 65535:
        raise NoticeError(f"端口 {args.port} 不在 1—65535 之间。")
    if not args.profiles.is_dir():
        raise NoticeError(f"找不到档案文件夹：{args.profiles}")
    if args.cache < 0 or (args.workers is not None and not 1 <= args.workers <= 64):
        raise NoticeError("--cache 不能为负数；--workers 须在 1—64 之间。")
    from ..assemble import load_tree
    from ..collecting import many_documents
    from ..web.auth import Users

    many_documents()  # a server drafts and reads document after document: collect as usual

    users = None
    if args.users is not None:
        try:
            tree = load_tree(args.profiles)
        except NoticeError:
            tree = None
        users = Users.load(args.users, tree)
    token = args.token or os.environ.get("NOTICE_TOKEN")
    if not is_loopback(args.host) and users is None:
        token = token or secrets.token_urlsafe(24)  # beyond this machine: nobody without it
    _check_port(args.host, args.port)
    from ..web import create_app
    from .serve_process import serve_until_stopped

    app = create_app(args.profiles, token=token if users is None else None, workers=args.workers,
                     cache=args.cache, users=users)
    return serve_until_stopped(app, args.host, args.port,
                               banner(args.host, args.port, token if users is None else None,
                                      len(users.users) if users else 0))
