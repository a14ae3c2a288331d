"""Argument parsing that speaks Chinese: the parser's own errors and the shared --year type."""

from __future__ import annotations

import argparse
import re
import sys
from typing import NoReturn

# The week began in 2005; a four-digit year beyond this century is a typo.
FIRST_YEAR, LAST_YEAR = 2005, 2099

# argparse's English messages → Chinese (argparse formats them before error() sees them).
_MESSAGES = [
    (r"the following arguments are required: (.+)", r"缺少必需的参数：\1"),
    (r"unrecognized arguments: (.+)", r"无法识别的参数：\1"),
    (r"argument (\S+): invalid choice: '(.*)' \(choose from (.+)\)", r"参数 \1 的取值“\2”无效，可选：\3"),
    (r"argument (\S+): expected one argument", r"参数 \1 后面须给出一个值"),
    (r"argument (\S+): invalid int value: '(.*)'", r"参数 \1 须为整数，而不是“\2”"),
    (r"argument (\S+): (.+)", r"参数 \1：\2"),
]


def chinese(message: str) -> str:
    for pattern, repl in _MESSAGES:
        if re.fullmatch(pattern, message):
            return re.sub(pattern, repl, message)
    return message


class Parser(argparse.ArgumentParser):
    """An ArgumentParser whose usage errors are Chinese, exit 2, and name the help flag."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"错误：{chinese(message)}\n（用 {self.prog} -h 查看用法）\n")


def year(text: str) -> int:
    """``--year``: a four-digit year in the years the week exists."""
    if not re.fullmatch(r"\d{4}", text.strip()):
        raise argparse.ArgumentTypeError(f"年份须为四位数字，如 2024，而不是“{text}”")
    value = int(text)
    if not FIRST_YEAR <= value <= LAST_YEAR:
        raise argparse.ArgumentTypeError(f"年份 {value} 不在 {FIRST_YEAR}—{LAST_YEAR} 之间（活动周始于 2005 年）")
    return value
