"""China's working-day calendar: weekends, official holidays and 调休 make-up days.

The holiday data comes from the chinese-calendar package (maintained each year from the State
Council's notice). For a year it does not cover yet, the national edition of that year may carry
the State Council's arrangement as data (``holidays:`` in profiles/national/<year>.yaml, with its
source): an ``Arrangement``. Without either, only weekends count and the caller is told so
(``covered`` is False): a deadline is then "holidays not checked".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import chinese_calendar

PACKAGE_CALENDAR = "chinese-calendar（国务院办公厅节假日安排）"


@dataclass(frozen=True)
class Arrangement:
    """A year's holiday arrangement from a profile: days off by name, worked weekend days."""

    year: int
    source: str
    days_off: dict[date, str] = field(default_factory=dict)
    workdays: frozenset[date] = frozenset()

    @classmethod
    def from_profile(cls, year: int, data: dict, where: str) -> Arrangement:
        off: dict[date, str] = {}
        for item in data.get("days_off") or []:
            d = item["start"]
            while d <= item["end"]:
                off[d] = item["name"]
                d += timedelta(days=1)
        return cls(year, f"{where}：{data['source']}", off, frozenset(data.get("workdays") or []))


def _package_covers(year: int) -> bool:
    try:
        chinese_calendar.is_workday(date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


def covered(year: int, arrangement: Arrangement | None = None) -> bool:
    """Does a holiday table (the package's, or the profile's arrangement) know this year?"""
    return _package_covers(year) or (arrangement is not None and arrangement.year == year)


def calendar_name(year: int, arrangement: Arrangement | None = None) -> str:
    """Which calendar the dates of this year are checked against, in words."""
    if _package_covers(year):
        return PACKAGE_CALENDAR
    if arrangement is not None and arrangement.year == year:
        return arrangement.source
    return f"仅避开周末（尚无{year}年的法定节假日安排）"


def is_working_day(d: date, arrangement: Arrangement | None = None) -> bool:
    """A working day: not a weekend or holiday, or a 调休 Saturday/Sunday that is worked."""
    try:
        return chinese_calendar.is_workday(d)
    except NotImplementedError:
        if arrangement is not None and arrangement.year == d.year:
            if d in arrangement.workdays:
                return True
            if d in arrangement.days_off:
                return False
        return d.weekday() < 5


def holiday_name(d: date, arrangement: Arrangement | None = None) -> str:
    """The holiday's Chinese name ("国庆节") or "周末"; "" on a working day."""
    if is_working_day(d, arrangement):
        return ""
    try:
        _, holiday = chinese_calendar.get_holiday_detail(d)
    except NotImplementedError:
        holiday = arrangement.days_off.get(d) if arrangement is not None else None
    if holiday:
        return _HOLIDAY_CN.get(holiday, str(holiday))
    return "周末"


_HOLIDAY_CN = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利纪念日",
}


def shift_working_days(anchor: date, n: int, arrangement: Arrangement | None = None) -> date:
    """The n-th working day after ``anchor`` (n > 0) or before it (n < 0).

    ``anchor`` itself is never counted: 1 working day before a week starting on Thursday
    is the Wednesday; before a week starting on Monday it is the previous Friday.
    """
    if n == 0:
        return anchor
    step = timedelta(days=1 if n > 0 else -1)
    d, left = anchor, abs(n)
    while left:
        d += step
        if is_working_day(d, arrangement):
            left -= 1
    return d


def previous_working_day(d: date) -> date:
    """``d`` itself when it is a working day, else the last working day before it."""
    while not is_working_day(d):
        d -= timedelta(days=1)
    return d


def next_working_day(d: date) -> date:
    """``d`` itself when it is a working day, else the first working day after it."""
    while not is_working_day(d):
        d += timedelta(days=1)
    return d
