"""``notice preview FILE.docx -o OUT.pdf|OUT.png``: look at a draft without Word.

``notice preview A.docx B.docx … -o DIR [--png]``: several drafts, one LibreOffice start for
them all (generator/lopool.py), ``DIR/<name>.pdf`` (or page 1 as ``.png``) each."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..cliargs import dpi


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("preview", help="用 LibreOffice 将 .docx 转为 PDF（全部页）或 PNG（第 1 页）预览")
    p.add_argument("docx", nargs="+", metavar="FILE.docx", help="要预览的 .docx 文件（可给多个）")
    p.add_argument("-o", "--output", required=True, metavar="OUT.pdf|OUT.png|DIR",
                   help="输出文件（.pdf 或 .png）；给多个文件时为输出文件夹")
    p.add_argument("--png", action="store_true", help="多个文件时输出第 1 页的 PNG（默认 PDF）")
    p.add_argument("--dpi", type=dpi, default=100, help="PNG 分辨率，30—600（默认 100）")
    p.add_argument("--force", action="store_true", help="覆盖已存在的输出文件")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..errors import NoticeError
    from ..preview import preview, preview_many

    out = Path(args.output)
    # one file and a file name (any suffix: a wrong one is refused by name, as before)
    one_file = len(args.docx) == 1 and bool(out.suffix) and not out.is_dir()
    if one_file:
        preview(Path(args.docx[0]), out, force=args.force, dpi=args.dpi)
        print(f"已生成预览：{args.output}")
        return 0
    if out.suffix.lower() in (".pdf", ".png") and not out.is_dir():
        raise NoticeError(f"给了 {len(args.docx)} 个文件，-o 须是输出文件夹，而不是 {out}。")
    results = preview_many([Path(d) for d in args.docx], out, ".png" if args.png else ".pdf",
                           force=args.force, dpi=args.dpi)
    failed = [(d, err) for d, _, err in results if err]
    for _d, made, _ in results:
        if made:
            print(f"已生成预览：{made}")
    for d, err in failed:
        print(f"失败：{d}：{err}", file=sys.stderr)
    print(f"共 {len(results)} 个文件，生成 {len(results) - len(failed)} 个预览，失败 {len(failed)} 个：{out}")
    return 1 if failed else 0
