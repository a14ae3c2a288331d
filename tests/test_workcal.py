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


def test_holidays_as_data_where_the_package_has_none(tmp_path):
    """A year chinese-calendar does not cover: the national edition's 国务院办公厅 arrangement is
    used (days off, 调休 workdays), and explain names the calendar each deadline was checked against."""
    import shutil

    from generator import PROFILES_DIR
    from generator.assemble import build_notice
    from generator.explain import explain_text

    root = tmp_path / "profiles"
    shutil.copytree(PROFILES_DIR, root)
    plain = build_notice("xinbei", 2027, root)
    plan = next(dl for dl in plain.deadlines if dl.kind == "plan")
    assert plan.date == "2027-10-27" and not plan.working_day_checked
    assert "尚无2027年的法定节假日安排" in plan.calendar
    (root / "national" / "2027.yaml").write_text(
        "year: 2027\nsource: 测试用节假日安排\nholidays:\n"
        "  source: 国务院办公厅关于2027年部分节假日安排的通知（测试数据）\n"
        "  days_off:\n    - {name: 测试假日, start: 2027-10-26, end: 2027-10-27}\n"
        "  workdays: [2027-10-24]\n", encoding="utf-8")
    n = build_notice("xinbei", 2027, root)
    plan = next(dl for dl in n.deadlines if dl.kind == "plan")
    # one working day before the week (Thursday 10-28): 10-27 and 10-26 are off, Sunday 10-24 is worked
    assert plan.date == "2027-10-25" and plan.working_day_checked
    assert plan.calendar.endswith("national/2027.yaml：国务院办公厅关于2027年部分节假日安排的通知（测试数据）")
    assert not any("未核对法定节假日" in note for note in n.notes)
    assert "核对所用日历：" in explain_text(n) and "（测试数据）" in explain_text(n)
    # where the package covers the year it stays the authority
    assert build_notice("xinbei", 2024).deadlines[0].calendar.startswith("chinese-calendar")
