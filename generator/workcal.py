"""China's working-day calendar: weekends, official holidays and 调休 make-up days.

The holiday data comes from the chinese-calendar package (maintained each year from
the State Council's notice). For a year it does not cover yet, only weekends count and
the caller is told so (``covered`` is False): a deadline is then "holidays not checked".
"""

from __future__ import annotations

from datetime import date, timedelta

import chinese_calendar


def covered(year: int) -> bool:
    """Does the holiday table know this year?"""
    try:
        chinese_calendar.is_workday(date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


def is_working_day(d: date) -> bool:
    """A working day: not a weekend or holiday, or a 调休 Saturday/Sunday that is worked."""
    try:
        return chinese_calendar.is_workday(d)
    except NotImplementedError:
        return d.weekday() < 5


def holiday_name(d: date) -> str:
    """The holiday's Chinese name ("国庆节") or "周末"; "" on a working day."""
    if is_working_day(d):
        return ""
    try:
        _, holiday = chinese_calendar.get_holiday_detail(d)
    except NotImplementedError:
        holiday = None
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


def shift_working_days(anchor: date, n: int) -> date:
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
        if is_working_day(d):
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
