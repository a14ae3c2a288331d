"""``notice preview FILE.docx -o OUT.pdf|OUT.png``: look at a draft without Word."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..cliargs import dpi


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("preview", help="用 LibreOffice 将 .docx 转为 PDF（全部页）或 PNG（第 1 页）预览")
    p.add_argument("docx", metavar="FILE.docx", help="要预览的 .docx 文件")
    p.add_argument("-o", "--output", required=True, metavar="OUT.pdf|OUT.png", help="输出文件（.pdf 或 .png）")
    p.add_argument("--dpi", type=dpi, default=100, help="PNG 分辨率，30—600（默认 100）")
    p.add_argument("--force", action="store_true", help="覆盖已存在的输出文件")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..preview import preview

    preview(Path(args.docx), Path(args.output), force=args.force, dpi=args.dpi)
    print(f"已生成预览：{args.output}")
    return 0
