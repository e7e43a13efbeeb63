"""Public holidays and working days: pure functions over the calendar values of a rule set.

Sources (DOMAIN.md §Members: "deadlines in working days need the Vietnamese public-holiday calendar
(including Tết, which follows the lunar calendar): make holidays data"):
- Bộ luật Lao động 2019 (45/2019/QH14), Điều 112 khoản 1: Tết Dương lịch (01/01), Tết Âm lịch (05 ngày),
  Ngày Chiến thắng (30/4), Ngày Quốc tế lao động (01/5), Quốc khánh (02/9 và 01 ngày liền kề trước hoặc sau),
  Giỗ Tổ Hùng Vương (10/3 âm lịch); khoản 3: the Prime Minister decides the actual Tết days and the day
  adjacent to Quốc khánh each year.
- Điều 111 khoản 3: when a holiday of Điều 112.1 falls on the weekly day off, the worker takes a compensatory
  day off on the next working day.
- Quyết định 188/1999/QĐ-TTg: the 40-hour week of public bodies, Saturday and Sunday off.

Nothing here is a constant of its own: every value comes from the ``calendar`` group of the rule set in force
(``CalendarRules.from_values``). The functions take a ``CalendarRules`` or the plain ``calendar`` dict.
No Django import.
"""

from __future__ import annotations

import datetime
import enum
from calendar import monthrange
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from chibo.rulesets import lunar

ONE_DAY = datetime.timedelta(days=1)


class HolidayKind(enum.StrEnum):
    HOLIDAY = "holiday"  # a holiday of Điều 112.1 on a fixed solar or lunar date
    TET = "tet"  # a day of Tết Nguyên đán (default rule or the government's decision for that year)
    COMPENSATORY = "compensatory"  # Điều 111.3: a holiday fell on the weekly day off
    DAY_OFF = "day_off"  # an extra day off decided for that year (swapped working day, bridge day)


class CalendarValueError(ValueError):
    """A calendar value that cannot be used. ``path`` names the key (``calendar.years[0].tet[2]``),
    ``problem`` says what is wrong: "date", "weekday", "choice", "range", "day", "placeholder"."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


@dataclass(frozen=True)
class FixedDay:
    """A day of the year given as month and day (solar or lunar), with its name."""

    month: int
    day: int
    name: str


@dataclass(frozen=True)
class DatedName:
    day: datetime.date
    name: str


@dataclass(frozen=True)
class YearOverride:
    """What the government decided for one year (Điều 112.3), on top of the default rule."""

    year: int
    note: str
    tet: tuple[datetime.date, ...]  # when not empty: the official Tết break, replacing the default rule
    national_day_extra: str  # "before", "after", "none", or "" for the default
    days_off: tuple[DatedName, ...]
    working_days: tuple[DatedName, ...]  # make-up working days (usually Saturdays)


@dataclass(frozen=True)
class Holiday:
    day: datetime.date
    name: str
    kind: HolidayKind


@dataclass(frozen=True)
class CalendarRules:
    weekend: frozenset[int]  # datetime.weekday() numbers: Monday 0 ... Sunday 6
    solar_holidays: tuple[FixedDay, ...]
    national_day: FixedDay
    national_day_extra: str  # "before", "after", or "none" (one day only, Bộ luật Lao động 2012)
    national_day_extra_name: str
    lunar_holidays: tuple[FixedDay, ...]
    tet_name: str
    tet_days_before: int  # days off before lunar 1/1 (the last days of the old year)
    tet_days_from_new_year: int  # days off from lunar 1/1 on, 1/1 included
    compensate_weekend_holidays: bool
    compensatory_name: str  # "%(name)s" is replaced by the holiday's name
    years: tuple[YearOverride, ...]

    @classmethod
    def from_values(cls, values: Mapping[str, Any]) -> CalendarRules:
        """Build from the ``calendar`` group of a rule set. Raises CalendarValueError naming the key."""
        weekend = frozenset(_int_list(values["weekend"], "calendar.weekend"))
        if any(not 0 <= d <= 6 for d in weekend):
            raise CalendarValueError("calendar.weekend", "weekday")
        if len(weekend) >= 7:
            raise CalendarValueError("calendar.weekend", "range")
        extra = values["national_day_extra"]
        if extra not in ("before", "after", "none"):
            raise CalendarValueError("calendar.national_day_extra", "choice")
        before, after = int(values["tet_days_before"]), int(values["tet_days_from_new_year"])
        if not 0 <= before <= 30:
            raise CalendarValueError("calendar.tet_days_before", "range")
        if not 1 <= after <= 30:
            raise CalendarValueError("calendar.tet_days_from_new_year", "range")
        compensatory_name = str(values["compensatory_name"])
        try:
            compensatory_name % {"name": ""}
        except (KeyError, ValueError, TypeError):
            raise CalendarValueError("calendar.compensatory_name", "placeholder") from None
        return cls(
            weekend=weekend,
            solar_holidays=tuple(
                _fixed_day(item, f"calendar.solar_holidays[{i}]", lunar_date=False)
                for i, item in enumerate(values["solar_holidays"])
            ),
            national_day=_fixed_day(values["national_day"], "calendar.national_day", lunar_date=False),
            national_day_extra=extra,
            national_day_extra_name=str(values["national_day_extra_name"]),
            lunar_holidays=tuple(
                _fixed_day(item, f"calendar.lunar_holidays[{i}]", lunar_date=True)
                for i, item in enumerate(values["lunar_holidays"])
            ),
            tet_name=str(values["tet_name"]),
            tet_days_before=before,
            tet_days_from_new_year=after,
            compensate_weekend_holidays=bool(values["compensate_weekend_holidays"]),
            compensatory_name=compensatory_name,
            years=tuple(
                _year_override(item, f"calendar.years[{i}]") for i, item in enumerate(values["years"])
            ),
        )

    def override_for(self, year: int) -> YearOverride | None:
        for override in self.years:
            if override.year == year:
                return override
        return None


def _int_list(value: Any, path: str) -> list[int]:
    try:
        return [int(v) for v in value]
    except (TypeError, ValueError):
        raise CalendarValueError(path, "range") from None


def _parse_date(value: Any, path: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        raise CalendarValueError(path, "date") from None


def _fixed_day(item: Mapping[str, Any], path: str, *, lunar_date: bool) -> FixedDay:
    month, day = int(item["month"]), int(item["day"])
    if not 1 <= month <= 12:
        raise CalendarValueError(f"{path}.month", "range")
    # A solar day must exist in a leap year; a lunar day is at most 30 (in a 29-day month: its last day).
    last = 30 if lunar_date else monthrange(2024, month)[1]
    if not 1 <= day <= last:
        raise CalendarValueError(f"{path}.day", "day")
    return FixedDay(month, day, str(item["name"]))


def _dated_names(items: Iterable[Mapping[str, Any]], path: str) -> tuple[DatedName, ...]:
    return tuple(
        DatedName(_parse_date(item["date"], f"{path}[{i}].date"), str(item["name"]))
        for i, item in enumerate(items)
    )


def _year_override(item: Mapping[str, Any], path: str) -> YearOverride:
    extra = item["national_day_extra"]
    if extra not in ("", "before", "after", "none"):
        raise CalendarValueError(f"{path}.national_day_extra", "choice")
    year = int(item["year"])
    if not lunar.MIN_YEAR < year < lunar.MAX_YEAR:
        raise CalendarValueError(f"{path}.year", "range")
    return YearOverride(
        year=year,
        note=str(item["note"]),
        tet=tuple(_parse_date(d, f"{path}.tet[{i}]") for i, d in enumerate(item["tet"])),
        national_day_extra=extra,
        days_off=_dated_names(item["days_off"], f"{path}.days_off"),
        working_days=_dated_names(item["working_days"], f"{path}.working_days"),
    )


def as_calendar(calendar: CalendarRules | Mapping[str, Any]) -> CalendarRules:
    """Accept either the built rules or the plain ``calendar`` dict of a rule set."""
    return calendar if isinstance(calendar, CalendarRules) else CalendarRules.from_values(calendar)


def _solar(year: int, fixed: FixedDay) -> datetime.date | None:
    try:
        return datetime.date(year, fixed.month, fixed.day)
    except ValueError:  # 29/2 in a common year
        return None


def _lunar(year: int, fixed: FixedDay) -> datetime.date:
    try:
        return lunar.lunar_to_solar_cached(fixed.day, fixed.month, year)
    except ValueError:  # day 30 of a 29-day month: the last day of the month
        return lunar.lunar_to_solar_cached(fixed.day - 1, fixed.month, year)


def tet_default_days(year: int, calendar: CalendarRules) -> list[datetime.date]:
    """The Tết days of the default rule: ``tet_days_before`` last days of the old lunar year and
    ``tet_days_from_new_year`` first days of the new one. Bộ luật Lao động 2019, Điều 112.1.b ("Tết Âm lịch:
    05 ngày"); by default 1 day before and 4 from 1 tháng Giêng, the usual choice of the Prime Minister."""
    new_year = lunar.lunar_new_year(year)
    first = new_year - calendar.tet_days_before * ONE_DAY
    return [first + i * ONE_DAY for i in range(calendar.tet_days_before + calendar.tet_days_from_new_year)]


def _add(days: dict[datetime.date, Holiday], day: datetime.date, name: str, kind: HolidayKind) -> None:
    if day in days:  # two holidays on one date: one day off, both names
        held = days[day]
        days[day] = Holiday(day, f"{held.name}; {name}", held.kind)
    else:
        days[day] = Holiday(day, name, kind)


@lru_cache(maxsize=512)
def _days_off_from_rules_of(year: int, calendar: CalendarRules) -> tuple[Holiday, ...]:
    """Every day off that the rules for ``year`` produce (a compensatory day may spill into the next year)."""
    override = calendar.override_for(year)
    statutory: dict[datetime.date, Holiday] = {}
    for fixed in calendar.solar_holidays:
        day = _solar(year, fixed)
        if day is not None:
            _add(statutory, day, fixed.name, HolidayKind.HOLIDAY)
    national = _solar(year, calendar.national_day)
    if national is not None:
        _add(statutory, national, calendar.national_day.name, HolidayKind.HOLIDAY)
        extra = (override.national_day_extra if override else "") or calendar.national_day_extra
        if extra != "none":  # "none": the one-day Quốc khánh of Bộ luật Lao động 2012, Điều 115 (before 2021)
            adjacent = national - ONE_DAY if extra == "before" else national + ONE_DAY
            _add(statutory, adjacent, calendar.national_day_extra_name, HolidayKind.HOLIDAY)
    for fixed in calendar.lunar_holidays:
        _add(statutory, _lunar(year, fixed), fixed.name, HolidayKind.HOLIDAY)
    official_tet = override.tet if override else ()
    if not official_tet:
        for day in tet_default_days(year, calendar):
            _add(statutory, day, calendar.tet_name, HolidayKind.TET)

    result = dict(statutory)
    for day in official_tet:  # the government's decision already placed weekends and swaps: no compensation
        _add(result, day, calendar.tet_name, HolidayKind.TET)
    for item in override.days_off if override else ():
        _add(result, item.day, item.name, HolidayKind.DAY_OFF)

    if calendar.compensate_weekend_holidays:
        for holiday in sorted(statutory.values(), key=lambda h: h.day):
            if holiday.day.weekday() not in calendar.weekend:
                continue
            # Điều 111.3: the next working day, that is not a weekend day nor already a day off.
            day = holiday.day + ONE_DAY
            while day.weekday() in calendar.weekend or day in result:
                day += ONE_DAY
            result[day] = Holiday(
                day, calendar.compensatory_name % {"name": holiday.name}, HolidayKind.COMPENSATORY
            )
    return tuple(sorted(result.values(), key=lambda h: h.day))


def holiday_list(year: int, calendar: CalendarRules | Mapping[str, Any]) -> list[Holiday]:
    """The days off of a solar year with their names and kinds, in date order.

    Bộ luật Lao động 2019, Điều 112 (holidays; khoản 3: the government fixes Tết and the day adjacent to
    Quốc khánh, recorded per year in ``calendar.years``) and Điều 111.3 (a holiday on the weekly day off gives a
    compensatory day on the next working day)."""
    rules = as_calendar(calendar)
    days: dict[datetime.date, Holiday] = {}
    for source_year in (year - 1, year):
        for holiday in _days_off_from_rules_of(source_year, rules):
            if holiday.day.year == year:
                days.setdefault(holiday.day, holiday)
    working = _make_up_days(year, rules)
    return [h for d, h in sorted(days.items()) if d not in working]


def holidays_in_year(year: int, calendar: CalendarRules | Mapping[str, Any]) -> dict[datetime.date, str]:
    """Date -> Vietnamese name of every day off in a solar year (Bộ luật Lao động 2019, Điều 112 and 111.3;
    the per-year decisions of the government from ``calendar.years``)."""
    return {h.day: h.name for h in holiday_list(year, calendar)}


def _make_up_days(year: int, calendar: CalendarRules) -> dict[datetime.date, str]:
    days: dict[datetime.date, str] = {}
    for source_year in (year - 1, year, year + 1):
        override = calendar.override_for(source_year)
        for item in override.working_days if override else ():
            if item.day.year == year:
                days[item.day] = item.name
    return days


def make_up_working_days(year: int, calendar: CalendarRules | Mapping[str, Any]) -> dict[datetime.date, str]:
    """Weekend days that the government made working days in a year (to swap with a bridge day off),
    Bộ luật Lao động 2019, Điều 112.3 and the yearly decisions recorded in ``calendar.years``."""
    return _make_up_days(year, as_calendar(calendar))


@lru_cache(maxsize=512)
def _off_days(year: int, calendar: CalendarRules) -> frozenset[datetime.date]:
    return frozenset(h.day for h in holiday_list(year, calendar))


def is_working_day(day: datetime.date, calendar: CalendarRules | Mapping[str, Any]) -> bool:
    """Neither a weekly day off (``calendar.weekend``, Quyết định 188/1999/QĐ-TTg) nor a day off of
    Bộ luật Lao động 2019, Điều 111.3 / 112; a make-up working day of the year always works."""
    rules = as_calendar(calendar)
    if day in _make_up_days(day.year, rules):
        return True
    return day.weekday() not in rules.weekend and day not in _off_days(day.year, rules)


def add_working_days(
    start: datetime.date, n: int, calendar: CalendarRules | Mapping[str, Any]
) -> datetime.date:
    """The date ``n`` working days after ``start`` (``start`` itself not counted); with ``n == 0``, ``start``
    if it is a working day, else the next working day; a negative ``n`` counts backwards.

    Used for deadlines "within N working days" (DOMAIN.md §Members: admission ceremony within 30 working days,
    review within 30, transfer within 60), on the calendar of Bộ luật Lao động 2019, Điều 111–112."""
    rules = as_calendar(calendar)
    day = start
    if n == 0:
        while not is_working_day(day, rules):
            day += ONE_DAY
        return day
    step = ONE_DAY if n > 0 else -ONE_DAY
    remaining = abs(n)
    while remaining:
        day += step
        if is_working_day(day, rules):
            remaining -= 1
    return day


def working_days_between(
    a: datetime.date, b: datetime.date, calendar: CalendarRules | Mapping[str, Any]
) -> int:
    """The number of working days ``d`` with ``a < d <= b`` (negative when ``b`` is before ``a``), so that
    ``add_working_days(a, working_days_between(a, b)) == b`` for a working day ``b`` after ``a``.
    Calendar of Bộ luật Lao động 2019, Điều 111–112."""
    rules = as_calendar(calendar)
    if b < a:
        return -working_days_between(b, a, rules)
    count = 0
    day = a + ONE_DAY
    while day <= b:
        if is_working_day(day, rules):
            count += 1
        day += ONE_DAY
    return count
