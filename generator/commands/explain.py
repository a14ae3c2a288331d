"""``notice explain PROFILE --year YEAR``: what the notice must contain, and why."""

from __future__ import annotations

import argparse
import json

from .. import PROFILES_DIR
from ..cliargs import year


def add_profile_args(p: argparse.ArgumentParser, optional: bool = False) -> None:
    """PROFILE and --year, shared by the commands that draft from a profile (PROFILE
    ``optional`` where another option can stand for it, as draft's --under)."""
    p.add_argument("profile", metavar="PROFILE", nargs="?" if optional else None,
                   help="档案节点编号（如 xinbei）或档案文件夹路径")
    p.add_argument("--year", type=year, required=True, help="年份，如 2024")
    p.add_argument("--profiles", default=str(PROFILES_DIR), help="档案树文件夹（默认：profiles/）")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("explain", help="列出某节点某年通知应包含的全部内容，以及每项内容的规则和来源")
    add_profile_args(p)
    p.add_argument("--format", choices=["text", "json"], default="text", help="输出格式")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..assemble import build_notice
    from ..explain import explain_dict, explain_text

    notice = build_notice(args.profile, args.year, args.profiles)
    if args.format == "json":
        print(json.dumps(explain_dict(notice), ensure_ascii=False, indent=2))
    else:
        print(explain_text(notice), end="")
    return 0
