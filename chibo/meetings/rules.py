"""Rules of cell meetings. Pure functions; the values come from the rule set in force on the meeting's date
(``values["meetings"]``, ``values["votes"]``, ``values["calendar"]``).

Sources (DOMAIN.md "Cell meetings", "Votes"): Chỉ thị 50-CT/TW (23/7/2025) and Hướng dẫn 42-HD/BTCTW (28/10/2025):
a regular meeting every month, a thematic one at least once a quarter, at least 90 minutes (120 combined),
documents published at least 1 day ahead; QĐ 24-QĐ/TW §9.3.2 (kept in QĐ 294): a resolution passes with more
than half of the full members called, less those temporarily active elsewhere, exempt and absent, suspended or
detained, or absent with an approved reason; probationary members do not vote. The 2/3 attendance figure is
found only for confidence votes: a warning, never a block. Seed 003: each cell's own day of the month and notice.
"""

from __future__ import annotations

import calendar as _calendar
import datetime
import enum
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from chibo.rulesets import rules as calendar_rules


class Shift(enum.StrEnum):
    NEXT_WORKING_DAY = "next_working_day"
    PREVIOUS_WORKING_DAY = "previous_working_day"
    KEEP = "keep"


def regular_meeting_day(
    *, year: int, month: int, day_of_month: int, shift: str, calendar: Any
) -> datetime.date:
    """The regular meeting of a month: the cell's day (seed 003: the 3rd; the last day when the month is shorter),
    moved to the next or previous working day when it falls on a weekend or holiday, as the cell chose."""
    last = _calendar.monthrange(year, month)[1]
    day = datetime.date(year, month, min(day_of_month, last))
    if shift == Shift.KEEP or calendar_rules.is_working_day(day, calendar):
        return day
    step = datetime.timedelta(days=1 if shift == Shift.NEXT_WORKING_DAY else -1)
    while not calendar_rules.is_working_day(day, calendar):
        day += step
    return day


def notice_due_on(meeting_day: datetime.date, notice_days: int) -> datetime.date:
    """The day the notice goes out: ``notice_days`` before the meeting (seed 003: 3 days)."""
    return meeting_day - datetime.timedelta(days=notice_days)


def documents_due_by(meeting_day: datetime.date, meetings_rules: Mapping[str, Any]) -> datetime.date:
    """Documents are published at least ``documents_days_ahead`` (1) days before the meeting (HD 42)."""
    return meeting_day - datetime.timedelta(days=int(meetings_rules["documents_days_ahead"]))


def documents_late(
    *, published_on: datetime.date, meeting_day: datetime.date, meetings_rules: Mapping[str, Any]
) -> bool:
    return published_on > documents_due_by(meeting_day, meetings_rules)


def minimum_minutes(*, combined: bool, meetings_rules: Mapping[str, Any]) -> int:
    """At least 90 minutes; 120 when a regular and a thematic meeting are combined (HD 42)."""
    return int(meetings_rules["combined_min_minutes" if combined else "min_minutes"])


def too_short(
    *,
    started_at: datetime.datetime,
    ended_at: datetime.datetime,
    combined: bool,
    meetings_rules: Mapping[str, Any],
) -> int | None:
    """The minimum length in minutes when the meeting was shorter than it, else None."""
    needed = minimum_minutes(combined=combined, meetings_rules=meetings_rules)
    return needed if (ended_at - started_at) < datetime.timedelta(minutes=needed) else None


class Presence(enum.StrEnum):
    PRESENT = "present"
    EXCUSED = "excused"  # absent with a reason
    UNEXCUSED = "unexcused"
    EXEMPT = "exempt"  # exempt from activities and absent
    ELSEWHERE = "elsewhere"  # temporarily active in another cell


@dataclass(frozen=True)
class Attendee:
    full: bool  # full member (else probationary)
    presence: str
    reason_approved: bool = False


@dataclass(frozen=True)
class AttendanceFacts:
    full_called: int
    probationary_called: int
    present_full: int
    present_probationary: int
    excused: int
    unexcused: int
    exempt_absent: int
    elsewhere: int
    vote_base: int
    expected: int

    @property
    def present(self) -> int:
        return self.present_full + self.present_probationary


def attendance_facts(attendees: Iterable[Attendee], *, votes_rules: Mapping[str, Any]) -> AttendanceFacts:
    """What the chair reports (full, probationary, exempt, present, absent with reasons) and the base for votes:
    the full members called less the exclusions of the rule set (QĐ 24 §9.3.2)."""
    people = list(attendees)
    excludes = set(votes_rules["resolution"]["base_excludes"])
    full = [a for a in people if a.full]
    excluded = 0
    for a in full:
        if (
            (a.presence == Presence.ELSEWHERE and "temporarily_active_elsewhere" in excludes)
            or (a.presence == Presence.EXEMPT and "exempt_and_absent" in excludes)
            or (
                a.presence == Presence.EXCUSED
                and a.reason_approved
                and "absent_with_approved_reason" in excludes
            )
        ):
            excluded += 1
    elsewhere = sum(a.presence == Presence.ELSEWHERE for a in people)
    exempt = sum(a.presence == Presence.EXEMPT for a in people)
    return AttendanceFacts(
        full_called=len(full),
        probationary_called=len(people) - len(full),
        present_full=sum(a.presence == Presence.PRESENT for a in full),
        present_probationary=sum(a.presence == Presence.PRESENT and not a.full for a in people),
        excused=sum(a.presence == Presence.EXCUSED for a in people),
        unexcused=sum(a.presence == Presence.UNEXCUSED for a in people),
        exempt_absent=exempt,
        elsewhere=elsewhere,
        vote_base=len(full) - excluded,
        expected=len(people) - elsewhere - exempt,
    )


def attendance_below_quorum(facts: AttendanceFacts, *, meetings_rules: Mapping[str, Any]) -> bool:
    """Fewer present than the rule set's attendance quorum (2/3) of those expected: a warning only (DOMAIN.md)."""
    quorum = meetings_rules["attendance_quorum"]
    return facts.present * int(quorum["denominator"]) < facts.expected * int(quorum["numerator"])


def threshold_met(*, yes: int, base: int, rule: Mapping[str, Any]) -> bool:
    """``more_than`` n/d of the base (a resolution: more than half) or ``at_least`` n/d (admission: 2/3)."""
    if base <= 0:
        return False
    left, right = yes * int(rule["denominator"]), base * int(rule["numerator"])
    return left > right if rule["comparison"] == "more_than" else left >= right


def duty_rotation(
    *,
    roster: Sequence[int],
    after: int | None,
    dates: Sequence[datetime.date],
    unavailable: Mapping[datetime.date, set[int]],
) -> dict[datetime.date, int | None]:
    """A fair rotation of a duty (news briefing, Hồ Chí Minh story, fee collection): members in roster order take
    turns, starting after the one who did it last; a member exempt or away on a date is skipped that time and
    keeps their place, so they take the next turn they can. None when nobody is available."""
    result: dict[datetime.date, int | None] = {}
    if not roster:
        return dict.fromkeys(dates)
    position = (roster.index(after) + 1) % len(roster) if after in roster else 0
    owed: list[int] = []  # skipped members, served first when they are back
    for day in dates:
        away = unavailable.get(day, set())
        chosen = next((m for m in owed if m not in away), None)
        if chosen is not None:
            owed.remove(chosen)
        else:
            for _ in range(len(roster)):
                candidate = roster[position]
                position = (position + 1) % len(roster)
                if candidate in away:
                    if candidate not in owed:
                        owed.append(candidate)
                    continue
                chosen = candidate
                break
        result[day] = chosen
    return result


def unexcused_absence_runs(presences: Sequence[str], *, months: int) -> list[tuple[int, int]]:
    """Runs of at least ``months`` consecutive monthly meetings missed without a reason, as (first, last) indexes
    into ``presences`` (a member's presence at their cells' monthly meetings, in date order). Any other presence
    (present, absent with a reason, exempt, active elsewhere) ends a run.

    Source: Điều lệ Đảng (2011), Điều 8.2: a member who leaves party activities for three months in a year without
    a legitimate reason is proposed for removal from the list [P]; DOMAIN.md "Members". The issue asks to flag
    consecutive absences; ``months`` (3) comes from the caller: the rule set's ``members`` values when they hold
    it, never a constant here."""
    runs: list[tuple[int, int]] = []
    start: int | None = None
    for index, presence in enumerate([*presences, None]):
        if presence == Presence.UNEXCUSED:
            start = index if start is None else start
            continue
        if start is not None and index - start >= months:
            runs.append((start, index - 1))
        start = None
    return runs
