"""Dates that cannot be: a notice that says 2月30日, 13月1日, 2月29日 of a common year or a year
no notice has is refused before anything is written, with the line that says it. The reader
itself only skips such a date (lint reads on); import would otherwise write the notice with
the date silently dropped, or fail later on it."""

from __future__ import annotations

import calendar
import re
from pathlib import Path

from ..errors import NoticeError
from ..reader import ReadResult

#: years a notice of the 活动周 can bear (the week began in 2005; room either side)
YEARS = (1990, 2100)
#: years a date in its text can bear (a history it recalls: 1949年10月1日)
TEXT_YEARS = (1900, 2100)
DATE_RE = re.compile(r"(?:(?<!\d)(?P<y>\d{4})\s*年\s*)?(?<!\d)(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*[日号]")
CN_DIGITS = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {"零": "0", "○": "0"}
CN_DATE_RE = re.compile(r"(?P<y>[〇零○一二三四五六七八九]{4})年(?P<m>[一二三四五六七八九十]{1,3})月"
                        r"(?P<d>[一二三四五六七八九十]{1,3})日")


def _cn_number(text: str) -> int:
    if "十" not in text:
        return int("".join(CN_DIGITS[c] for c in text))
    tens, _, ones = text.partition("十")
    return (int(CN_DIGITS[tens]) if tens else 1) * 10 + (int(CN_DIGITS[ones]) if ones else 0)


def _problem(y: int | None, m: int, d: int, year: int) -> str:
    """Why the date cannot be ('' when it can)."""
    if y is not None and not TEXT_YEARS[0] <= y <= TEXT_YEARS[1]:
        return f"年份 {y} 不可能"
    if not 1 <= m <= 12:
        return f"没有{m}月"
    yy = y if y is not None else year
    last = calendar.monthrange(yy, m)[1]
    if not 1 <= d <= last:
        if m == 2 and d == 29:
            return f"{yy}年不是闰年，2月只有28天"
        return f"{m}月没有{d}日（只有{last}天）"
    return ""


def check_dates(res: ReadResult, year: int, path: Path) -> None:
    """Refuse the notice (NoticeError, exit 2) at its first date that does not exist, or when its
    own year is impossible; ``year`` is the notice's, for dates written without one."""
    if not YEARS[0] <= year <= YEARS[1]:
        raise NoticeError(f"{path}：通知的年份 {year} 不可能（应在 {YEARS[0]}—{YEARS[1]} 年之间），"
                          "请核对标题、文号或成文日期；未写入任何文件。", 2)
    for ln in res.lines:
        hits = [(int(m["y"]) if m["y"] else None, int(m["m"]), int(m["d"]), m.group(0))
                for m in DATE_RE.finditer(ln.text)]
        hits += [(_cn_number(m["y"]), _cn_number(m["m"]), _cn_number(m["d"]), m.group(0))
                 for m in CN_DATE_RE.finditer(ln.text)]
        for y, m, d, raw in hits:
            why = _problem(y, m, d, year)
            if why:
                raise NoticeError(f"{path} {ln.loc}：日期“{raw}”不存在（{why}），请核对原文后再导入；"
                                  "未写入任何文件。", 2)
