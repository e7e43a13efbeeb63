"""Holidays and working days (Bộ luật Lao động 2019, Điều 111.3 and 112), on the shipped calendar values."""

import copy
import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chibo.rulesets import defaults, rules

D = datetime.date


@pytest.fixture
def default_rule():
    """The shipped calendar without any per-year decision: the default rule only."""
    values = copy.deepcopy(defaults.CURRENT_VALUES["calendar"])
    values["years"] = []
    return values


@pytest.fixture
def shipped():
    return copy.deepcopy(defaults.CURRENT_VALUES["calendar"])


def test_holidays_2026_by_the_default_rule(default_rule):
    assert rules.holidays_in_year(2026, default_rule) == {
        D(2026, 1, 1): "Tết Dương lịch",
        # Tết Bính Ngọ is Tuesday 17/02: the last day of Ất Tỵ (16/02) and mùng 1–4.
        D(2026, 2, 16): "Tết Nguyên đán",
        D(2026, 2, 17): "Tết Nguyên đán",
        D(2026, 2, 18): "Tết Nguyên đán",
        D(2026, 2, 19): "Tết Nguyên đán",
        D(2026, 2, 20): "Tết Nguyên đán",
        # Giỗ Tổ (10/3 âm lịch) is Sunday 26/04: compensatory day on Monday 27/04 (Điều 111.3).
        D(2026, 4, 26): "Giỗ Tổ Hùng Vương",
        D(2026, 4, 27): "Nghỉ bù Giỗ Tổ Hùng Vương",
        D(2026, 4, 30): "Ngày Chiến thắng",
        D(2026, 5, 1): "Ngày Quốc tế Lao động",
        D(2026, 9, 1): "Quốc khánh (ngày nghỉ liền kề)",
        D(2026, 9, 2): "Quốc khánh",
    }


def test_holidays_2025_by_the_default_rule(default_rule):
    holidays = rules.holidays_in_year(2025, default_rule)
    # Tết Ất Tỵ is Wednesday 29/01; the fifth day (mùng 4, 01/02) is a Saturday: compensatory Monday 03/02.
    tet = [D(2025, 1, 28) + datetime.timedelta(days=i) for i in range(5)]
    assert all(holidays[d] == "Tết Nguyên đán" for d in tet)
    assert holidays[D(2025, 2, 3)] == "Nghỉ bù Tết Nguyên đán"
    assert holidays[D(2025, 4, 7)] == "Giỗ Tổ Hùng Vương"
    assert sorted(holidays) == sorted(
        [
            D(2025, 1, 1),
            *tet,
            D(2025, 2, 3),
            D(2025, 4, 7),
            D(2025, 4, 30),
            D(2025, 5, 1),
            D(2025, 9, 1),
            D(2025, 9, 2),
        ]
    )


def test_the_governments_tet_2025_replaces_the_default_rule(shipped):
    holidays = rules.holidays_in_year(2025, shipped)
    official = [D(2025, 1, 25) + datetime.timedelta(days=i) for i in range(9)]  # 25/01 to 02/02
    assert [d for d in holidays if d.month in (1, 2)] == [D(2025, 1, 1), *official]
    assert D(2025, 2, 3) not in holidays  # the decision already placed the weekends: no compensatory day
    assert rules.is_working_day(D(2025, 2, 3), shipped)
    assert not rules.is_working_day(D(2025, 1, 27), shipped)  # a Monday inside the official break


def test_the_governments_tet_2026(shipped):
    holidays = rules.holidays_in_year(2026, shipped)
    assert [d for d in holidays if d.month == 2] == [
        D(2026, 2, 14) + datetime.timedelta(days=i) for i in range(9)
    ]
    assert D(2026, 4, 27) in holidays  # the rest of the year keeps the default rule


def test_holidays_on_a_whole_weekend_push_the_compensatory_days_on(default_rule):
    # 2022: 30/4 Saturday and 1/5 Sunday -> compensatory Monday 02/05 and Tuesday 03/05.
    holidays = rules.holidays_in_year(2022, default_rule)
    assert holidays[D(2022, 5, 2)] == "Nghỉ bù Ngày Chiến thắng"
    assert holidays[D(2022, 5, 3)] == "Nghỉ bù Ngày Quốc tế Lao động"
    assert rules.is_working_day(D(2022, 5, 4), default_rule)


def test_the_day_adjacent_to_national_day_comes_from_the_values(default_rule):
    default_rule["national_day_extra"] = "after"
    holidays = rules.holidays_in_year(2026, default_rule)
    assert D(2026, 9, 3) in holidays and D(2026, 9, 1) not in holidays
    default_rule["years"] = [defaults._year(2026, "", national_day_extra="before")]
    assert D(2026, 9, 1) in rules.holidays_in_year(2026, default_rule)


def test_one_day_national_day_before_2021():
    values = copy.deepcopy(defaults.PREVIOUS_VALUES["calendar"])
    holidays = rules.holidays_in_year(2019, values)
    assert D(2019, 9, 2) in holidays
    assert D(2019, 9, 1) not in holidays and D(2019, 9, 3) not in holidays


def test_weekend_days_come_from_the_values(default_rule):
    default_rule["weekend"] = [6]  # Sunday only
    saturday = D(2026, 3, 7)
    assert rules.is_working_day(saturday, default_rule)
    assert D(2026, 4, 27) in rules.holidays_in_year(2026, default_rule)  # Giỗ Tổ still on a Sunday


def test_extra_days_off_and_make_up_working_days(default_rule):
    default_rule["years"] = [
        defaults._year(
            2026,
            "",
            days_off=[{"date": "2026-01-02", "name": "Nghỉ hoán đổi"}],
            working_days=[{"date": "2026-01-10", "name": "Làm bù cho ngày 02/01/2026"}],
        )
    ]
    assert rules.holidays_in_year(2026, default_rule)[D(2026, 1, 2)] == "Nghỉ hoán đổi"
    assert not rules.is_working_day(D(2026, 1, 2), default_rule)
    assert rules.is_working_day(D(2026, 1, 10), default_rule)  # a Saturday made a working day
    assert rules.make_up_working_days(2026, default_rule) == {D(2026, 1, 10): "Làm bù cho ngày 02/01/2026"}


def test_thirty_working_days_across_tet_2026(shipped):
    # From Thursday 15/01/2026 (not counted):
    #   Fri 16/01 = 1; 19–23/01 = 2–6; 26–30/01 = 7–11; 02–06/02 = 12–16; 09–13/02 = 17–21;
    #   14–22/02 is the Tết break (16–20/02 are the five Tết days, the rest weekends): nothing counts;
    #   23–27/02 = 22–26; Mon 02/03 = 27, 03/03 = 28, 04/03 = 29, Thu 05/03 = 30.
    assert rules.add_working_days(D(2026, 1, 15), 30, shipped) == D(2026, 3, 5)
    assert rules.working_days_between(D(2026, 1, 15), D(2026, 3, 5), shipped) == 30
    # With a one-day Tết (mùng 1 only, Tuesday 17/02) the count would be: 16/02 = 22; 18–20/02 = 23–25;
    # 23–27/02 = 26–30, ending on Friday 27/02.
    shipped["tet_days_from_new_year"] = 1
    shipped["tet_days_before"] = 0
    shipped["years"] = []
    assert rules.add_working_days(D(2026, 1, 15), 30, shipped) == D(2026, 2, 27)


def test_zero_and_negative_working_days(shipped):
    assert rules.add_working_days(D(2026, 2, 14), 0, shipped) == D(2026, 2, 23)  # first day after Tết
    assert rules.add_working_days(D(2026, 2, 12), 0, shipped) == D(2026, 2, 12)  # already a working day
    assert rules.add_working_days(D(2026, 2, 23), -1, shipped) == D(2026, 2, 13)
    assert rules.working_days_between(D(2026, 2, 23), D(2026, 2, 13), shipped) == -1
    assert rules.working_days_between(D(2026, 2, 13), D(2026, 2, 13), shipped) == 0


def test_accepts_the_built_rules_or_the_plain_dict(shipped):
    built = rules.CalendarRules.from_values(shipped)
    assert rules.holidays_in_year(2026, built) == rules.holidays_in_year(2026, shipped)
    assert built.override_for(2025).tet[0] == D(2025, 1, 25)
    assert [h.kind for h in rules.holiday_list(2026, built) if h.day == D(2026, 4, 27)] == [
        rules.HolidayKind.COMPENSATORY
    ]


@pytest.mark.parametrize(
    ("change", "path", "problem"),
    [
        (lambda v: v["years"][0]["tet"].__setitem__(0, "2020-02-30"), "calendar.years[0].tet[0]", "date"),
        (lambda v: v.__setitem__("weekend", [5, 7]), "calendar.weekend", "weekday"),
        (lambda v: v.__setitem__("weekend", list(range(7))), "calendar.weekend", "range"),
        (lambda v: v.__setitem__("national_day_extra", "sau"), "calendar.national_day_extra", "choice"),
        (lambda v: v["solar_holidays"][1].__setitem__("day", 31), "calendar.solar_holidays[1].day", "day"),
        (
            lambda v: v.__setitem__("compensatory_name", "Nghỉ bù %(ten)s"),
            "calendar.compensatory_name",
            "placeholder",
        ),
        (
            lambda v: v.__setitem__("compensatory_name", "Nghỉ bù 100%"),
            "calendar.compensatory_name",
            "placeholder",
        ),
    ],
)
def test_unusable_values_name_the_key(shipped, change, path, problem):
    change(shipped)
    with pytest.raises(rules.CalendarValueError) as caught:
        rules.CalendarRules.from_values(shipped)
    assert (caught.value.path, caught.value.problem) == (path, problem)


_SHIPPED = rules.CalendarRules.from_values(defaults.CURRENT_VALUES["calendar"])


@settings(max_examples=300, deadline=None)
@given(st.dates(min_value=D(2015, 1, 1), max_value=D(2035, 12, 31)), st.integers(min_value=0, max_value=120))
def test_counting_and_adding_agree(start, n):
    end = rules.add_working_days(start, n, _SHIPPED)
    assert rules.is_working_day(end, _SHIPPED)
    if n > 0:
        assert end > start
        assert rules.working_days_between(start, end, _SHIPPED) == n
        assert rules.add_working_days(end, -n, _SHIPPED) <= start


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=1990, max_value=2100))
def test_every_year_has_the_statutory_days(year):
    holidays = rules.holiday_list(year, _SHIPPED)
    statutory = [h for h in holidays if h.kind in (rules.HolidayKind.HOLIDAY, rules.HolidayKind.TET)]
    if _SHIPPED.override_for(year) is None:
        # 1/1, 30/4, 1/5, 2/9 + 1, Giỗ Tổ, 5 Tết days; two may share a date (e.g. Giỗ Tổ on 30/4).
        assert 10 <= len(statutory) <= 11
    for h in holidays:
        if h.kind == rules.HolidayKind.COMPENSATORY:
            assert h.day.weekday() not in _SHIPPED.weekend
