"""``notice profiles`` and ``notice check-profile``: list and validate the profile tree."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING

from .. import PROFILES_DIR
from ..services import LEVEL_CN, node_rows

if TYPE_CHECKING:
    pass


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("profiles", help="列出档案树中的节点（编号、名称、层级、路径、已有年度）")
    # --profiles as in every other command; --root kept for scripts written against it
    p.add_argument("--profiles", "--root", dest="root", type=Path, default=PROFILES_DIR,
                   help="档案树文件夹（默认：profiles/）")
    p.add_argument("--format", choices=["text", "json"], default="text", help="输出格式")
    p.set_defaults(func=run_list)

    c = sub.add_parser("check-profile", help="校验档案文件（YAML），错误给出文件、行号和字段")
    c.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="档案文件或文件夹")
    c.set_defaults(func=run_check)


def run_list(args: argparse.Namespace) -> int:
    from ..tree_cache import load_tree

    rows = node_rows(load_tree(args.root))
    if args.format == "json":
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    for r in rows:
        years = "、".join(map(str, r["years"])) or "（暂无年度）"
        mark = "  〔示例〕" if r["example"] else ""
        print(f"{r['id']:<10} {r['name']}（{LEVEL_CN.get(r['level'], r['level'])}级）  "
              f"{r['path']}  年度：{years}{mark}")
    return 0


def run_check(args: argparse.Namespace) -> int:
    from ..profiles import check_paths

    problems, n_files = check_paths(args.paths)
    for p in problems:
        print(p)
    if problems:
        print(f"发现 {len(problems)} 个问题。")
        return 2
    print(f"档案校验通过（{n_files} 个文件）。")
    return 0
