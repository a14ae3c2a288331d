"""``notice draft PROFILE --year YEAR [-o OUT.docx|OUT.html|OUT.txt] [--force]``: the red-header .docx,
or the same notice as a print-friendly HTML page or as plain text."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..assemble import build_notice
from ..explain import to_check
from ..fileio import check_target, require_suffix, write_atomic
from ..render import write_notice
from ..writers.html import write_html
from ..writers.text import notice_to_text
from .explain import add_profile_args


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("draft", help="按 GB/T 9704-2012 生成红头通知 .docx（缺失的事实以黄色【待填】标出）")
    add_profile_args(p)
    p.add_argument("-o", "--output", metavar="OUT.docx",
                   help="输出文件：.docx（默认：<节点>-<年份>-通知.docx）、.html（可打印网页）或 .txt（纯文本）")
    p.add_argument("--force", action="store_true", help="覆盖已存在的输出文件")
    p.set_defaults(func=run)


def _write_text(notice, out: Path, force: bool) -> None:
    check_target(out, force)
    write_atomic(out, notice_to_text(notice).encode("utf-8"), force)


WRITERS = {".docx": write_notice, ".html": write_html, ".txt": _write_text}


def run(args: argparse.Namespace) -> int:
    notice = build_notice(args.profile, args.year, args.profiles)
    out = Path(args.output or f"{notice.jurisdiction}-{args.year}-通知.docx")
    require_suffix(out, *WRITERS)
    WRITERS[out.suffix.lower()](notice, out, args.force)
    count = len(notice.placeholders)
    print(f"已生成：{out}" + (f"（{count} 处待填，已黄色标出）" if count else ""))
    for line in to_check(notice)[1:]:
        print(line)
    return 0
