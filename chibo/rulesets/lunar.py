"""The Vietnamese lunar calendar (âm lịch), computed astronomically.

Source: Hồ Ngọc Đức, "Thuật toán tính âm lịch" (https://www.informatik.uni-leipzig.de/~duc/amlich/),
which follows Jean Meeus, *Astronomical Algorithms* (1998): mean new moons corrected by the main periodic
terms, and the sun's apparent longitude. The Vietnamese calendar uses the meridian 105° East (UTC+7) since
1968; China uses UTC+8, so the two calendars sometimes differ by a day or a month (Tết 1985: Vietnam
21/01, China 20/02).

Rules of the calendar:
- a lunar month starts on the day (local time) of a new moon;
- the month containing the winter solstice (sun longitude 270°) is the 11th month;
- a year between two 11th months holding 13 months has a leap month: the first month after the 11th that
  contains no major solar term (trung khí) is the leap month and takes the number of the month before it.

Pure Python, no Django. Dates are proleptic Gregorian (``datetime.date``); the algorithm is accurate for the
years 1800–2199, which covers everything this system needs.
"""

from __future__ import annotations

import datetime
import math
from functools import lru_cache
from typing import NamedTuple

TIME_ZONE = 7.0  # hours east of Greenwich: Vietnam's calendar meridian
_JD_OFFSET = 1721425  # date.toordinal() + _JD_OFFSET = Julian day number (at noon) of that date
_SYNODIC_MONTH = 29.530588853
_NEW_MOON_EPOCH = 2415021.076998695  # the new moon of 1900-01-01 (Julian day)
MIN_YEAR = 1800
MAX_YEAR = 2199


class LunarDate(NamedTuple):
    day: int
    month: int
    year: int
    leap: bool = False


def jd_from_date(day: datetime.date) -> int:
    """Julian day number of a (proleptic Gregorian) date."""
    return day.toordinal() + _JD_OFFSET


def date_from_jd(jd: int) -> datetime.date:
    return datetime.date.fromordinal(jd - _JD_OFFSET)


def new_moon(k: int) -> float:
    """Julian day (UT, fractional) of the k-th new moon after the one of 1900-01-01 (Meeus, ch. 49)."""
    t = k / 1236.85  # Julian centuries since 1900-01-01 12:00
    t2 = t * t
    t3 = t2 * t
    dr = math.pi / 180
    jd1 = 2415020.75933 + 29.53058868 * k + 0.0001178 * t2 - 0.000000155 * t3
    jd1 += 0.00033 * math.sin((166.56 + 132.87 * t - 0.009173 * t2) * dr)
    m = 359.2242 + 29.10535608 * k - 0.0000333 * t2 - 0.00000347 * t3  # sun's mean anomaly
    mpr = 306.0253 + 385.81691806 * k + 0.0107306 * t2 + 0.00001236 * t3  # moon's mean anomaly
    f = 21.2964 + 390.67050646 * k - 0.0016528 * t2 - 0.00000239 * t3  # moon's argument of latitude
    c1 = (0.1734 - 0.000393 * t) * math.sin(m * dr) + 0.0021 * math.sin(2 * dr * m)
    c1 = c1 - 0.4068 * math.sin(mpr * dr) + 0.0161 * math.sin(dr * 2 * mpr)
    c1 = c1 - 0.0004 * math.sin(dr * 3 * mpr)
    c1 = c1 + 0.0104 * math.sin(dr * 2 * f) - 0.0051 * math.sin(dr * (m + mpr))
    c1 = c1 - 0.0074 * math.sin(dr * (m - mpr)) + 0.0004 * math.sin(dr * (2 * f + m))
    c1 = c1 - 0.0004 * math.sin(dr * (2 * f - m)) - 0.0006 * math.sin(dr * (2 * f + mpr))
    c1 = c1 + 0.0010 * math.sin(dr * (2 * f - mpr)) + 0.0005 * math.sin(dr * (2 * mpr + m))
    if t < -11:
        delta_t = 0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 - 0.000000081 * t * t3
    else:
        delta_t = -0.000278 + 0.000265 * t + 0.000262 * t2
    return jd1 + c1 - delta_t


def new_moon_day(k: int, time_zone: float = TIME_ZONE) -> int:
    """Julian day number of the local day holding the k-th new moon."""
    return math.floor(new_moon(k) + 0.5 + time_zone / 24)


def sun_longitude(jdn: float) -> float:
    """The sun's apparent longitude in radians, in [0, 2π), at Julian day ``jdn`` (UT) (Meeus, ch. 25)."""
    t = (jdn - 2451545.0) / 36525  # Julian centuries since J2000.0
    t2 = t * t
    dr = math.pi / 180
    m = 357.52910 + 35999.05030 * t - 0.0001559 * t2 - 0.00000048 * t * t2  # mean anomaly, degrees
    l0 = 280.46645 + 36000.76983 * t + 0.0003032 * t2  # mean longitude, degrees
    dl = (1.914600 - 0.004817 * t - 0.000014 * t2) * math.sin(dr * m)
    dl += (0.019993 - 0.000101 * t) * math.sin(dr * 2 * m) + 0.000290 * math.sin(dr * 3 * m)
    longitude = (l0 + dl) * dr
    return longitude - 2 * math.pi * math.floor(longitude / (2 * math.pi))


def sun_longitude_sector(jdn: int, time_zone: float = TIME_ZONE) -> int:
    """Which of the 12 major solar terms (0–11, 30° each) the sun is in at the start of local day ``jdn``."""
    return math.floor(sun_longitude(jdn - 0.5 - time_zone / 24) / math.pi * 6)


@lru_cache(maxsize=1024)
def lunar_month_11(year: int, time_zone: float = TIME_ZONE) -> int:
    """Julian day number of the first day of the 11th lunar month (holding the winter solstice) that
    begins in the solar ``year``."""
    offset = jd_from_date(datetime.date(year, 12, 31)) - 2415021
    k = math.floor(offset / _SYNODIC_MONTH)
    start = new_moon_day(k, time_zone)
    if sun_longitude_sector(start, time_zone) >= 9:  # the sun already passed 270°: take the previous moon
        start = new_moon_day(k - 1, time_zone)
    return start


@lru_cache(maxsize=1024)
def leap_month_offset(month_11_start: int, time_zone: float = TIME_ZONE) -> int:
    """In a 13-month year starting at the 11th month ``month_11_start``, the offset (months after it) of the
    leap month: the first month with no major solar term."""
    k = math.floor((month_11_start - _NEW_MOON_EPOCH) / _SYNODIC_MONTH + 0.5)
    i = 1
    arc = sun_longitude_sector(new_moon_day(k + i, time_zone), time_zone)
    while True:
        last = arc
        i += 1
        arc = sun_longitude_sector(new_moon_day(k + i, time_zone), time_zone)
        if arc == last or i >= 14:
            break
    return i - 1


def _check_year(year: int) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(f"year {year} is outside {MIN_YEAR}–{MAX_YEAR}")


def solar_to_lunar(day: datetime.date, time_zone: float = TIME_ZONE) -> LunarDate:
    """The lunar date of a solar (Gregorian) date."""
    _check_year(day.year)
    day_number = jd_from_date(day)
    k = math.floor((day_number - _NEW_MOON_EPOCH) / _SYNODIC_MONTH)
    month_start = new_moon_day(k + 1, time_zone)
    # The mean-month estimate can be one month late when the true new moon strays far from the mean one
    # (seen for 9/4/2062): step back until the month starts on or before the day.
    while month_start > day_number:
        k -= 1
        month_start = new_moon_day(k + 1, time_zone)
    a11 = lunar_month_11(day.year, time_zone)
    b11 = a11
    if a11 >= month_start:
        lunar_year = day.year
        a11 = lunar_month_11(day.year - 1, time_zone)
    else:
        lunar_year = day.year + 1
        b11 = lunar_month_11(day.year + 1, time_zone)
    lunar_day = day_number - month_start + 1
    diff = math.floor((month_start - a11) / 29)
    leap = False
    lunar_month = diff + 11
    if b11 - a11 > 365:
        leap_diff = leap_month_offset(a11, time_zone)
        if diff >= leap_diff:
            lunar_month = diff + 10
            if diff == leap_diff:
                leap = True
    if lunar_month > 12:
        lunar_month -= 12
    if lunar_month >= 11 and diff < 4:
        lunar_year -= 1
    return LunarDate(lunar_day, lunar_month, lunar_year, leap)


def leap_month_of(year: int, time_zone: float = TIME_ZONE) -> int | None:
    """The number of the leap month of lunar ``year`` (1–12), or None when the year has none."""
    # Months 1–10 of the year lie between the 11th months starting in solar years year-1 and year;
    # months 11 and 12 between those starting in year and year+1.
    for start_year, months in ((year - 1, range(1, 11)), (year, range(11, 13))):
        a11 = lunar_month_11(start_year, time_zone)
        if lunar_month_11(start_year + 1, time_zone) - a11 > 365:
            leap = leap_month_offset(a11, time_zone) - 2
            if leap <= 0:
                leap += 12
            if leap in months:
                return leap
    return None


def lunar_to_solar(
    day: int, month: int, year: int, leap: bool = False, time_zone: float = TIME_ZONE
) -> datetime.date:
    """The solar date of a lunar date. Raises ValueError for a date that does not exist (a leap month that the
    year does not have, day 30 of a 29-day month)."""
    _check_year(year)
    if not 1 <= month <= 12 or not 1 <= day <= 30:
        raise ValueError(f"no lunar date {day}/{month}/{year}")
    if month < 11:
        a11 = lunar_month_11(year - 1, time_zone)
        b11 = lunar_month_11(year, time_zone)
    else:
        a11 = lunar_month_11(year, time_zone)
        b11 = lunar_month_11(year + 1, time_zone)
    k = math.floor(0.5 + (a11 - _NEW_MOON_EPOCH) / _SYNODIC_MONTH)
    offset = month - 11
    if offset < 0:
        offset += 12
    if b11 - a11 > 365:
        leap_offset = leap_month_offset(a11, time_zone)
        leap_month = leap_offset - 2
        if leap_month <= 0:
            leap_month += 12
        if leap and month != leap_month:
            raise ValueError(f"lunar year {year} has no leap month {month}")
        if leap or offset >= leap_offset:
            offset += 1
    elif leap:
        raise ValueError(f"lunar year {year} has no leap month {month}")
    month_start = new_moon_day(k + offset, time_zone)
    if day > new_moon_day(k + offset + 1, time_zone) - month_start:
        raise ValueError(f"lunar month {month}/{year} has fewer than {day} days")
    return date_from_jd(month_start + day - 1)


def lunar_new_year(year: int) -> datetime.date:
    """The solar date of Tết Nguyên đán (1 tháng Giêng) of the lunar year that begins in solar ``year``."""
    return _lunar_to_solar_cached(1, 1, year, False)


@lru_cache(maxsize=4096)
def _lunar_to_solar_cached(day: int, month: int, year: int, leap: bool) -> datetime.date:
    return lunar_to_solar(day, month, year, leap)


def lunar_to_solar_cached(day: int, month: int, year: int, leap: bool = False) -> datetime.date:
    """``lunar_to_solar`` in UTC+7, memoized (a pure function of its arguments)."""
    return _lunar_to_solar_cached(day, month, year, leap)
