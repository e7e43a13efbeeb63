"""The lunar calendar against dates everyone in Vietnam knows (Tết, Giỗ Tổ) and against itself."""

import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chibo.rulesets.lunar import LunarDate, leap_month_of, lunar_new_year, lunar_to_solar, solar_to_lunar

D = datetime.date


@pytest.mark.parametrize(
    ("year", "tet"),
    [
        (2023, D(2023, 1, 22)),
        (2024, D(2024, 2, 10)),
        (2025, D(2025, 1, 29)),
        (2026, D(2026, 2, 17)),
        (2027, D(2027, 2, 6)),
    ],
)
def test_tet_nguyen_dan(year, tet):
    assert lunar_new_year(year) == tet
    assert lunar_to_solar(1, 1, year) == tet
    assert solar_to_lunar(tet) == LunarDate(1, 1, year, False)
    assert solar_to_lunar(tet - datetime.timedelta(days=1)).month == 12  # the last day of the old year


def test_tet_1985_follows_the_vietnamese_meridian_not_the_chinese_one():
    # New moons and solar terms counted on the UTC+7 meridian place the months of 1984–1985 differently
    # from UTC+8: Tết was 21/01/1985 in Vietnam, while China celebrated on 20/02/1985.
    assert lunar_new_year(1985) == D(1985, 1, 21)
    assert solar_to_lunar(D(1985, 1, 21)) == LunarDate(1, 1, 1985, False)
    assert solar_to_lunar(D(1985, 2, 20)) != LunarDate(1, 1, 1985, False)


@pytest.mark.parametrize(
    ("year", "day"), [(2024, D(2024, 4, 18)), (2025, D(2025, 4, 7)), (2026, D(2026, 4, 26))]
)
def test_gio_to_hung_vuong(year, day):
    assert lunar_to_solar(10, 3, year) == day
    assert solar_to_lunar(day) == LunarDate(10, 3, year, False)


@pytest.mark.parametrize(
    ("year", "leap"), [(2017, 6), (2020, 4), (2023, 2), (2025, 6), (2024, None), (2026, None)]
)
def test_leap_months(year, leap):
    assert leap_month_of(year) == leap


def test_leap_month_round_trip_2025():
    first = lunar_to_solar(1, 6, 2025, leap=True)
    assert solar_to_lunar(first) == LunarDate(1, 6, 2025, True)
    assert first > lunar_to_solar(1, 6, 2025)  # the leap month follows the ordinary one


def test_dates_that_do_not_exist_are_refused():
    with pytest.raises(ValueError, match="no leap month"):
        lunar_to_solar(1, 3, 2025, leap=True)  # 2025 has a leap 6th month, not a 3rd
    with pytest.raises(ValueError, match="no leap month"):
        lunar_to_solar(1, 1, 2026, leap=True)  # 2026 has no leap month at all
    # The 12th month of Ất Tỵ has 29 days (Tết Bính Ngọ is 17/02/2026, 16/02 is 29 tháng Chạp).
    assert solar_to_lunar(D(2026, 2, 16)) == LunarDate(29, 12, 2025, False)
    with pytest.raises(ValueError, match="fewer than 30 days"):
        lunar_to_solar(30, 12, 2025)
    with pytest.raises(ValueError):
        lunar_to_solar(1, 13, 2025)


def test_every_day_of_2020_to_2031_round_trips_and_months_have_29_or_30_days():
    day = D(2020, 1, 1)
    previous = solar_to_lunar(day - datetime.timedelta(days=1))
    month_length = None
    while day < D(2031, 1, 1):  # 4,018 days
        moon = solar_to_lunar(day)
        assert lunar_to_solar(moon.day, moon.month, moon.year, moon.leap) == day
        if moon.day == 1:
            if month_length is not None:
                assert previous.day in (29, 30)
            month_length = 1
        else:
            assert moon.day == previous.day + 1
            assert (moon.month, moon.year, moon.leap) == (previous.month, previous.year, previous.leap)
        previous = moon
        day += datetime.timedelta(days=1)


@settings(max_examples=2000, deadline=None)
@given(st.dates(min_value=D(1900, 1, 1), max_value=D(2150, 12, 31)))
def test_round_trip_any_date(day):
    moon = solar_to_lunar(day)
    assert 1 <= moon.day <= 30 and 1 <= moon.month <= 12
    assert moon.year in (day.year - 1, day.year)
    assert lunar_to_solar(moon.day, moon.month, moon.year, moon.leap) == day


def test_a_day_where_the_mean_month_estimate_is_late():
    """Found by the round-trip property: 9/4/2062 once gave lunar day 0."""
    lunar = solar_to_lunar(datetime.date(2062, 4, 9))
    assert 1 <= lunar.day <= 30
    assert lunar_to_solar(lunar.day, lunar.month, lunar.year, lunar.leap) == datetime.date(2062, 4, 9)
