"""``notice forms PROFILE --year YEAR -o DIR``: each form attachment as its own file."""

from __future__ import annotations

import argparse
from pathlib import Path

from .explain import add_profile_args


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("forms", help="把通知要求报送的附件表格各生成一个 .docx（汇总表另出 .xlsx）")
    add_profile_args(p)
    p.add_argument("-o", "--output", required=True, metavar="DIR", help="输出文件夹（不存在时自动创建）")
    p.add_argument("--force", action="store_true", help="覆盖已存在的同名文件")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..assemble import build_notice
    from ..fileio import make_folder
    from ..forms import write_forms

    notice = build_notice(args.profile, args.year, args.profiles)
    out = Path(args.output)
    make_folder(out)
    written = write_forms(notice, out, force=args.force)
    skipped = [f"附件{i}“{a.title}”" for i, a in enumerate(notice.attachments, 1) if not a.form]
    for path in written:
        print(f"已生成：{path}")
    if skipped:
        print(f"不是表格、未生成：{'、'.join(skipped)}")
    if not written:
        print("这份通知没有需要填写的附件表格。")
    return 0
