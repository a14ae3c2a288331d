"""Small text helpers for import: the profiles' writing conventions applied to read text."""

from __future__ import annotations

import re

from ..model import Location

CJK = r"\u4e00-\u9fff"
_CJK_PUNCT = "，。、；：“”‘’（）《》！？"
#: spaces a PDF or web conversion put inside Chinese text ("2020 年", "主 任")
_INNER_SPACE = re.compile(rf"(?<=[{CJK}{_CJK_PUNCT}])[ \t\u3000]+|[ \t\u3000]+(?=[{CJK}{_CJK_PUNCT}])")


def fullwidth(text: str) -> str:
    """Half-width , : ; ( ) as a web copy prints them → the full-width marks the profiles use
    (not between digits: 10:00, 1,000; not in brackets holding only ASCII: (http://…))."""
    t = re.sub(r"(?<!\d),|,(?!\d)", "，", text)
    t = re.sub(r"(?<!\d):|:(?!\d)", "：", t)
    t = t.replace(";", "；").replace("!", "！").replace("?", "？")
    t = re.sub(rf"\(([^()]*[{CJK}][^()]*)\)", r"（\1）", t)
    return t.replace("：//", "://")


def tidy(text: str) -> str:
    """Full-width punctuation, no conversion spaces, no trailing blanks."""
    return _INNER_SPACE.sub("", fullwidth(text.strip())).strip()


def where(loc: Location | None, file_name: str) -> str:
    """A fact's source: the file and the line or paragraph it was read from."""
    return f"{file_name} {loc}" if loc is not None else file_name
