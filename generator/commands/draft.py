"""``notice draft PROFILE --year YEAR [-o OUT.docx|OUT.html|OUT.txt] [--force]``: the red-header .docx,
or the same notice as a print-friendly HTML page or as plain text.

``notice draft --under NODE --year YEAR -o DIR [--with forms,pdf,html] [--jobs N] [--force]``: every
node below NODE, one ``<id>-<year>.docx`` each, with its forms, PDF and HTML (generator/batch.py)."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from .explain import add_profile_args


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("draft", help="按 GB/T 9704-2012 生成红头通知 .docx（缺失的事实以黄色【待填】标出）")
    add_profile_args(p, optional=True)
    p.add_argument("-o", "--output", metavar="OUT.docx",
                   help="输出文件：.docx（默认：<节点>-<年份>-通知.docx）、.html（可打印网页）或 .txt（纯文本）；"
                        "用 --under 时为输出文件夹")
    p.add_argument("--under", metavar="NODE", help="批量起草：NODE 以下的每个节点各生成一份 <编号>-<年份>.docx")
    p.add_argument("--with", dest="extras", metavar="forms,pdf,html",
                   help="批量起草时另生成（逗号分隔）：forms（附件表格 .docx/.xlsx）、pdf（LibreOffice 转换）、"
                        "html（可打印网页）")
    p.add_argument("--jobs", type=int, default=None, metavar="N",
                   help=f"批量起草的进程数（默认：CPU 核数，本机 {os.cpu_count() or 1}）")
    p.add_argument("--force", action="store_true", help="覆盖已存在的输出文件")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..errors import NoticeError

    if args.under:
        if args.profile:
            raise NoticeError("PROFILE 与 --under 只能给出其一：起草一份，或批量起草 NODE 以下的全部节点。")
        if not args.output:
            raise NoticeError("批量起草须用 -o 给出输出文件夹。")
        if args.jobs is not None and not 1 <= args.jobs <= 64:
            raise NoticeError(f"--jobs {args.jobs} 不在 1—64 之间。")
        from ..batch import draft_under, parse_extras

        extras = parse_extras(args.extras) if args.extras else frozenset()
        return draft_under(args.under, args.year, args.profiles, Path(args.output),
                           args.jobs or os.cpu_count() or 1, args.force, extras)
    if args.extras:
        raise NoticeError("--with 只用于批量起草（--under NODE）；"
                          "单份的表格请用 notice forms，预览请用 notice preview。")
    if not args.profile:
        raise NoticeError("缺少 PROFILE（档案节点编号或档案文件夹）；批量起草请用 --under NODE。")
    from ..assemble import build_notice
    from ..explain import to_check
    from ..writers import writer_for

    notice = build_notice(args.profile, args.year, args.profiles)
    out = Path(args.output or f"{notice.jurisdiction}-{args.year}-通知.docx")
    writer_for(out)(notice, out, args.force)
    count = sum(p.kind == "待填" for p in notice.placeholders)
    verify = len(notice.placeholders) - count
    marks = ([f"{count} 处待填，已黄色标出"] if count else []) + ([f"{verify} 处待核实，已青色标出"] if verify else [])
    print(f"已生成：{out}" + (f"（{'；'.join(marks)}）" if marks else ""))
    for line in to_check(notice)[1:]:
        print(line)
    return 0
