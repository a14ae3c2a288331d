"""China's working-day calendar: holidays, 调休 make-up days, uncovered years."""

from datetime import date

from generator import workcal


def test_national_day_is_not_a_working_day_and_is_named():
    assert not workcal.is_working_day(date(2024, 10, 3))
    assert workcal.holiday_name(date(2024, 10, 3)) == "国庆节"
    assert workcal.holiday_name(date(2024, 11, 2)) == "周末"
    assert workcal.holiday_name(date(2024, 11, 4)) == ""


def test_make_up_saturday_is_a_working_day():
    # 2024: Sunday 9-29 and Saturday 10-12 were worked in exchange for the 国庆 holiday.
    assert workcal.is_working_day(date(2024, 9, 29))
    assert workcal.is_working_day(date(2024, 10, 12))


def test_one_working_day_before_a_week_after_national_day_skips_the_holiday():
    # A week starting Tuesday 2024-10-08: 10-01..10-07 are holidays, so the day before
    # that is a working day is Monday 09-30, not the holiday 10-07.
    assert workcal.shift_working_days(date(2024, 10, 8), -1) == date(2024, 9, 30)
    assert workcal.shift_working_days(date(2024, 10, 8), -2) == date(2024, 9, 29)  # 调休 Sunday


def test_one_working_day_before_a_monday_is_the_friday():
    assert workcal.shift_working_days(date(2024, 11, 4), -1) == date(2024, 11, 1)


def test_one_working_day_after_a_friday_can_be_a_make_up_saturday():
    assert workcal.shift_working_days(date(2024, 10, 11), 1) == date(2024, 10, 12)


def test_uncovered_year_falls_back_to_weekends():
    assert workcal.covered(2024)
    assert not workcal.covered(2027)
    assert workcal.is_working_day(date(2027, 10, 1))  # a Friday; holidays unknown
    assert not workcal.is_working_day(date(2027, 10, 2))  # Saturday
    assert workcal.shift_working_days(date(2027, 11, 1), -1) == date(2027, 10, 29)
