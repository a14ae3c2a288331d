"""``notice lint FILE... [--profile P --year Y [--profiles DIR]] [--format text|json]
[--annotate OUT.docx] [--fix OUT]``.

Exit 0 when clean, 1 when any finding has error severity, 2 when an input cannot be read
(the readable ones among several files are still reported).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..cliargs import year
from ..errors import NoticeError


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("lint", help="审查通知（.docx、.doc、.wps、.pdf、.html、.mht、.txt、.md）的内容、格式和版式")
    p.add_argument("files", nargs="+", metavar="FILE", help="要审查的通知文件")
    p.add_argument("--profile", help="按档案节点核对（须同时给出 --year）")
    p.add_argument("--year", type=year, help="年份，如 2024")
    p.add_argument("--profiles", help="档案树文件夹（默认：profiles/）")
    p.add_argument("--format", choices=["text", "json"], default="text", help="输出格式（默认 text）")
    p.add_argument("--annotate", metavar="OUT.docx", help="另存一份带批注的 .docx（只审查一个 .docx 时可用）")
    p.add_argument("--fix", metavar="OUT", help="另存一份改正机械性差错的稿子（只审查一个文件时可用）：.docx 以修订"
                   "（作者 notice-kit）和批注写入，由您在 Word/WPS 中逐条接受或拒绝；.txt/.md 直接写出改正后的文本")
    p.add_argument("--force", action="store_true", help="允许覆盖 --annotate、--fix 的输出文件")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    # imported here: `notice --help` and the other commands need none of lint's modules
    from ..fileio import require_suffix
    from ..lint import lint_read
    from ..lint.annotate import annotate
    from ..lint.fix import write_fixed
    from ..lint.report import to_json, to_text
    from ..reader import read_notice

    if bool(args.profile) != bool(args.year):
        raise NoticeError("--profile 与 --year 须同时给出。", 2)
    if args.profiles and not args.profile:
        raise NoticeError("--profiles 只在按档案核对（--profile、--year）时使用。", 2)
    if args.annotate and len(args.files) != 1:
        raise NoticeError("--annotate 只能用于单个文件。", 2)
    if args.annotate:
        require_suffix(Path(args.annotate), ".docx")
    if args.fix and len(args.files) != 1:
        raise NoticeError("--fix 只能用于单个文件。", 2)
    if args.fix:  # the fixed copy is the same kind of file as the input
        docx_in = Path(args.files[0]).suffix.lower() == ".docx"
        require_suffix(Path(args.fix), *((".docx",) if docx_in else (".txt", ".md", ".markdown", ".text")))
    if len(args.files) > 1:
        from ..collecting import many_documents

        many_documents()  # each read leaves cycles holding its XML: collect as usual
    results, reads, entries = [], [], []  # entries: each file's result, or {file, error}
    for f in args.files:
        try:
            res = read_notice(f)
        except NoticeError as exc:
            if len(args.files) == 1:
                raise
            # one unreadable file among several: say so and go on, so the others still get their report
            print(f"错误：{exc.message}", file=sys.stderr)
            entries.append({"file": str(f), "error": exc.message})
            continue
        if res.conversions and (args.annotate or args.fix):
            # the positions of a converted text (a .doc, a PDF, traditional characters) are not the file's own
            raise NoticeError(f"{f} 是转换后读取的（{res.conversions[0].split('，')[0]}）：--annotate、--fix "
                              "只用于原样读取的 .docx、.txt、.md（简体），请先在 Word/WPS 中另存为 .docx。", 2)
        for said in res.conversions:  # a .doc, PDF, web page or traditional text: how it was read
            print(f"说明：{Path(f).name}：{said}", file=sys.stderr)
        reads.append(res)
        results.append(lint_read(res, args.profile, args.year, args.profiles))
        entries.append(results[-1])
    # The report first: an annotated or fixed copy that cannot be written must not take the report with it.
    if args.format == "json":
        print(to_json(entries))
    else:
        colour = sys.stdout.isatty()
        print("\n".join(to_text(r, colour) for r in results), end="")
    sys.stdout.flush()
    if args.annotate:
        n = annotate(reads[0], results[0], Path(args.annotate), args.force)
        print(f"已写入带批注的文件：{args.annotate}（{n} 条批注）", file=sys.stderr)
    if args.fix and reads:
        n = write_fixed(reads[0], results[0], Path(args.fix), args.force)
        how = f"共 {n} 处修订，请在 Word/WPS 中逐条接受或拒绝" if reads[0].input_kind == "docx" else f"共 {n} 处改正"
        print(f"已写入改正稿：{args.fix}，{how}。", file=sys.stderr)
    if len(results) < len(entries):  # some input could not be read
        return 2
    return 1 if any(r.count("error") for r in results) else 0
