"""``notice draft PROFILE --year YEAR [-o OUT.docx] [--force]``: the red-header .docx."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..assemble import build_notice
from ..explain import to_check
from ..fileio import require_suffix
from ..render import write_notice
from .explain import add_profile_args


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("draft", help="按 GB/T 9704-2012 生成红头通知 .docx（缺失的事实以黄色【待填】标出）")
    add_profile_args(p)
    p.add_argument("-o", "--output", metavar="OUT.docx", help="输出文件（默认：<节点>-<年份>-通知.docx）")
    p.add_argument("--force", action="store_true", help="覆盖已存在的输出文件")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    notice = build_notice(args.profile, args.year, args.profiles)
    out = Path(args.output or f"{notice.jurisdiction}-{args.year}-通知.docx")
    require_suffix(out, ".docx")
    write_notice(notice, out, force=args.force)
    count = len(notice.placeholders)
    print(f"已生成：{out}" + (f"（{count} 处待填，已黄色标出）" if count else ""))
    for line in to_check(notice)[1:]:
        print(line)
    return 0
