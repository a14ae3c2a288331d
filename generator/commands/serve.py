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
    p.add_argument("--token", help="访问令牌（监听非本机地址时必需；不给则自动生成；也可用环境变量 NOTICE_TOKEN）")
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


def run(args: argparse.Namespace) -> int:
    if not 1 <= args.port <= 65535:
        raise NoticeError(f"端口 {args.port} 不在 1—65535 之间。")
    if not args.profiles.is_dir():
        raise NoticeError(f"找不到档案文件夹：{args.profiles}")
    token = args.token or os.environ.get("NOTICE_TOKEN")
    if not is_loopback(args.host):
        token = token or secrets.token_urlsafe(24)
    _check_port(args.host, args.port)
    import uvicorn

    from ..web import create_app

    if args.cache < 0 or (args.workers is not None and not 1 <= args.workers <= 64):
        raise NoticeError("--cache 不能为负数；--workers 须在 1—64 之间。")
    app = create_app(args.profiles, token=token, workers=args.workers, cache=args.cache)
    link = f"http://{args.host}:{args.port}/" + (f"?token={token}" if token else "")
    print(f"通知工坊网页工作台：{link}" + ("" if is_loopback(args.host) else "（访问须带令牌）"))
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    return 0
