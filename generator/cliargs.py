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


def _int_in_range(text: str, pattern: str, shape: str, lo: int, hi: int, name: str, why: str = "") -> int:
    if not re.fullmatch(pattern, text.strip()):
        raise argparse.ArgumentTypeError(f"{name}须为{shape}，而不是“{text}”")
    value = int(text)
    if not lo <= value <= hi:
        raise argparse.ArgumentTypeError(f"{name} {value} 不在 {lo}—{hi} 之间{why}")
    return value


def year(text: str) -> int:
    """``--year``: a four-digit year in the years the week exists."""
    return _int_in_range(text, r"\d{4}", "四位数字，如 2024", FIRST_YEAR, LAST_YEAR, "年份", "（活动周始于 2005 年）")


# pdftoppm draws nothing useful below ~30 dpi and makes a 1×1 image past its limits.
MIN_DPI, MAX_DPI = 30, 600


def dpi(text: str) -> int:
    """``--dpi``: a resolution pdftoppm can render."""
    return _int_in_range(text, r"\d+", "整数，如 100", MIN_DPI, MAX_DPI, "分辨率")
