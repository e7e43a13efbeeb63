"""Rules of the member register. Pure functions: plain values in, plain values out; the values of the
regulations come from the rule set in force (``values["members"]``), never from constants here.

Sources (DOMAIN.md, "Members"): Party Charter 2011 art. 5.1 (probation of 12 months from the ceremony), art. 24
(a cell needs at least 3 full members); QĐ 294-QĐ/TW and HD 06-HD/TW (party age, deadlines in working days,
Party badges at 30, 40, 45 … 90 years, awarded on 3/2, 19/5, 2/9, 7/11, early for serious illness).
"""

from __future__ import annotations

import calendar as _calendar
import datetime
import enum
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from chibo.rulesets import rules as calendar_rules

Interval = tuple[datetime.date, datetime.date]  # [start, end): end not counted

OUT_OF_PARTY = frozenset({"expelled", "removed"})
BACK_IN_PARTY = frozenset({"probationary", "full"})


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later; the last day of the month when that day does not exist (29/2 + 12 → 28/2)."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return datetime.date(year, month, min(day.day, _calendar.monthrange(year, month)[1]))


def out_of_party_periods(
    changes: Iterable[tuple[str, datetime.date]], *, until: datetime.date
) -> list[Interval]:
    """Periods between an expulsion or removal from the list and the readmission (or ``until``), from the dated
    status history. DOMAIN.md: party age excludes periods of expulsion and removal."""
    periods: list[Interval] = []
    start: datetime.date | None = None
    for status, on in sorted(changes, key=lambda c: c[1]):
        if status in OUT_OF_PARTY and start is None:
            start = on
        elif status in BACK_IN_PARTY and start is not None:
            periods.append((start, on))
            start = None
    if start is not None and start < until:
        periods.append((start, until))
    return periods


def _merged(gaps: Iterable[Interval]) -> list[Interval]:
    result: list[Interval] = []
    for start, end in sorted(g for g in gaps if g[1] > g[0]):
        if result and start <= result[-1][1]:
            result[-1] = (result[-1][0], max(result[-1][1], end))
        else:
            result.append((start, end))
    return result


def counting_start(
    *, admitted_on: datetime.date, gaps: Iterable[Interval], until: datetime.date
) -> datetime.date:
    """The day party age counts from: the (first) admission decision, moved later by the days of every gap
    (expulsion, removal, lost contact, transfer gaps) before ``until``. DOMAIN.md "Members": party age counts
    from the admission decision date minus the gaps; a readmitted member counts from the first admission."""
    gap_days = sum(
        (min(end, until) - max(start, admitted_on)).days
        for start, end in _merged(gaps)
        if start < until and end > admitted_on
    )
    return admitted_on + datetime.timedelta(days=max(gap_days, 0))


def completed_years(start: datetime.date, on: datetime.date) -> int:
    years = on.year - start.year
    if add_months(start, 12 * years) > on:
        years -= 1
    return max(years, 0)


def party_age_reached_on(
    *, admitted_on: datetime.date, gaps: Iterable[Interval], years: int
) -> datetime.date:
    """The first day on which party age is ``years`` completed years."""
    gaps = _merged(gaps)
    day = add_months(admitted_on, 12 * years)
    while True:
        later = add_months(counting_start(admitted_on=admitted_on, gaps=gaps, until=day), 12 * years)
        if later <= day:
            return day
        day = later


@dataclass(frozen=True)
class PartyAge:
    years: int
    counts_from: datetime.date


def party_age(*, admitted_on: datetime.date, gaps: Iterable[Interval], on: datetime.date) -> PartyAge:
    """Completed years of party age on ``on``, counted from ``counting_start``."""
    start = counting_start(admitted_on=admitted_on, gaps=gaps, until=on)
    return PartyAge(completed_years(start, on) if on >= start else 0, start)


def badge_occasions_between(
    start: datetime.date, end: datetime.date, occasions: Sequence[Mapping[str, Any]]
) -> list[datetime.date]:
    """Award occasions (e.g. 3/2, 19/5, 2/9, 7/11) with ``start <= day <= end``."""
    days = []
    for year in range(start.year, end.year + 1):
        for o in occasions:
            day = datetime.date(year, int(o["month"]), int(o["day"]))
            if start <= day <= end:
                days.append(day)
    return sorted(days)


def next_badge_occasion(today: datetime.date, occasions: Sequence[Mapping[str, Any]]) -> datetime.date:
    """The first award occasion on or after ``today``."""
    return badge_occasions_between(today, datetime.date(today.year + 1, 12, 31), occasions)[0]


def _early_months(years: int, early_rules: Sequence[Mapping[str, Any]]) -> int:
    for rule in early_rules:
        if int(rule["from_years"]) <= years <= int(rule["to_years"]):
            return int(rule["months"])
    return 0


def badge_due(
    *,
    admitted_on: datetime.date,
    gaps: Iterable[Interval],
    occasion: datetime.date,
    members_rules: Mapping[str, Any],
    awarded: Iterable[int] = (),
    seriously_ill: bool = False,
) -> int | None:
    """The badge (in years) a member is due on the award occasion ``occasion``: the highest milestone reached by
    then that has not been awarded; with serious illness, milestones reached up to 12 months (30–65 years) or
    24 months (70–90 years) later count too (DOMAIN.md "Party badges"). None when nothing is due."""
    gaps = list(gaps)
    awarded = set(awarded)
    due = None
    for years in sorted(int(y) for y in members_rules["badge_milestones_years"]):
        reached = party_age_reached_on(admitted_on=admitted_on, gaps=gaps, years=years)
        if seriously_ill:
            reached = add_months(reached, -_early_months(years, members_rules["badge_early_award"]))
        if reached <= occasion:
            due = years
    if due is None or due in awarded or any(a > due for a in awarded):
        return None
    return due


class Probation(enum.StrEnum):
    IN_PROBATION = "in_probation"
    DUE = "due"  # the 12 months are over: the review for full membership is due
    LATE = "late"  # the review deadline has passed


@dataclass(frozen=True)
class ProbationFacts:
    ends_on: datetime.date
    review_deadline: datetime.date
    state: Probation


def probation(
    *, ceremony_on: datetime.date, today: datetime.date, members_rules: Mapping[str, Any], calendar: Any
) -> ProbationFacts:
    """Probation lasts ``probation_months`` (12) from the admission ceremony (Charter art. 5.1); the review for
    full membership is held within ``full_review_within_working_days`` (30) working days after it (HD 06 [S]),
    counted on the holiday calendar of the rule set."""
    ends_on = add_months(ceremony_on, int(members_rules["probation_months"]))
    deadline = calendar_rules.add_working_days(
        ends_on, int(members_rules["full_review_within_working_days"]), calendar
    )
    if today < ends_on:
        state = Probation.IN_PROBATION
    elif today <= deadline:
        state = Probation.DUE
    else:
        state = Probation.LATE
    return ProbationFacts(ends_on, deadline, state)


def cell_too_small(*, full_members: int, members_rules: Mapping[str, Any]) -> bool:
    """A cell needs at least ``min_full_members_per_cell`` (3) full members (Charter art. 24)."""
    return full_members < int(members_rules["min_full_members_per_cell"])


def admission_age_problem(
    *, born_on: datetime.date, on: datetime.date, members_rules: Mapping[str, Any]
) -> str | None:
    """A person is admitted from ``admission_min_age_years`` (18) full years of age to ``admission_max_age_years``
    (60), counted in months: 18 on the 18th birthday, still 60 until the day before the 61st (QĐ 294, HD 06)."""
    low, high = int(members_rules["admission_min_age_years"]), int(members_rules["admission_max_age_years"])
    if on < add_months(born_on, 12 * low):
        return f"Chưa đủ {low} tuổi vào ngày {on:%d/%m/%Y}."
    if on >= add_months(born_on, 12 * (high + 1)):
        return f"Đã quá {high} tuổi vào ngày {on:%d/%m/%Y}."
    return None
