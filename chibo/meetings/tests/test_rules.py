import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chibo.meetings import rules
from chibo.meetings.rules import Attendee, Presence
from chibo.rulesets import defaults

D = datetime.date
VALUES = defaults.current_values()
MEETINGS, VOTES, CALENDAR = VALUES["meetings"], VALUES["votes"], VALUES["calendar"]


def test_the_3rd_of_each_month_moved_off_weekends_and_holidays():
    days = [
        rules.regular_meeting_day(
            year=2026, month=m, day_of_month=3, shift="next_working_day", calendar=CALENDAR
        )
        for m in range(1, 13)
    ]
    # 3/1/2026 is a Saturday -> Monday 5/1; 3/5 Sunday -> 4/5; 3/10 Saturday -> 5/10.
    assert days[0] == D(2026, 1, 5)
    assert days[4] == D(2026, 5, 4)
    assert days[9] == D(2026, 10, 5)
    assert days[1] == D(2026, 2, 3)  # a Tuesday, before the Tết break


def test_previous_working_day_and_keep():
    # 3/1/2026 is a Saturday; the previous working day is Friday 2/1/2026.
    assert rules.regular_meeting_day(
        year=2026, month=1, day_of_month=3, shift="previous_working_day", calendar=CALENDAR
    ) == D(2026, 1, 2)
    assert rules.regular_meeting_day(
        year=2026, month=1, day_of_month=3, shift="keep", calendar=CALENDAR
    ) == D(2026, 1, 3)
    # The 31st in February is its last day (28/2/2026 is a Saturday -> Monday 2/3).
    assert rules.regular_meeting_day(
        year=2026, month=2, day_of_month=31, shift="next_working_day", calendar=CALENDAR
    ) == D(2026, 3, 2)


def test_notice_and_documents():
    assert rules.notice_due_on(D(2026, 12, 3), 3) == D(2026, 11, 30)
    assert rules.documents_due_by(D(2026, 12, 3), MEETINGS) == D(2026, 12, 2)
    assert not rules.documents_late(
        published_on=D(2026, 12, 2), meeting_day=D(2026, 12, 3), meetings_rules=MEETINGS
    )
    assert rules.documents_late(
        published_on=D(2026, 12, 3), meeting_day=D(2026, 12, 3), meetings_rules=MEETINGS
    )


@pytest.mark.parametrize(
    ("minutes", "combined", "short"),
    [(89, False, 90), (90, False, None), (119, True, 120), (120, True, None)],
)
def test_minimum_length(minutes, combined, short):
    start = datetime.datetime(2026, 12, 3, 14, 0)
    assert (
        rules.too_short(
            started_at=start,
            ended_at=start + datetime.timedelta(minutes=minutes),
            combined=combined,
            meetings_rules=MEETINGS,
        )
        == short
    )


def test_attendance_and_vote_base():
    people = (
        [Attendee(True, Presence.PRESENT)] * 14
        + [Attendee(False, Presence.PRESENT)] * 2
        + [Attendee(True, Presence.EXCUSED, reason_approved=True)]
        + [Attendee(True, Presence.EXCUSED, reason_approved=False)]
        + [Attendee(True, Presence.UNEXCUSED)]
        + [Attendee(True, Presence.EXEMPT)]
        + [Attendee(True, Presence.ELSEWHERE)]
    )
    facts = rules.attendance_facts(people, votes_rules=VOTES)
    assert (facts.full_called, facts.probationary_called, facts.present) == (19, 2, 16)
    # 19 full members called, less: 1 elsewhere, 1 exempt and absent, 1 absent with an approved reason.
    assert facts.vote_base == 16
    assert facts.expected == 19
    assert not rules.attendance_below_quorum(facts, meetings_rules=MEETINGS)  # 16 * 3 >= 19 * 2


def test_attendance_below_two_thirds_warns():
    people = [Attendee(True, Presence.PRESENT)] * 5 + [Attendee(True, Presence.UNEXCUSED)] * 4
    facts = rules.attendance_facts(people, votes_rules=VOTES)
    assert rules.attendance_below_quorum(facts, meetings_rules=MEETINGS)  # 5 of 9 < 2/3
    people = [Attendee(True, Presence.PRESENT)] * 6 + [Attendee(True, Presence.UNEXCUSED)] * 3
    assert not rules.attendance_below_quorum(
        rules.attendance_facts(people, votes_rules=VOTES), meetings_rules=MEETINGS
    )


@pytest.mark.parametrize(
    ("yes", "base", "kind", "passed"),
    [
        (8, 16, "resolution", False),
        (9, 16, "resolution", True),
        (6, 9, "admission", True),
        (5, 9, "admission", False),
        (0, 0, "resolution", False),
    ],
)
def test_thresholds(yes, base, kind, passed):
    assert rules.threshold_met(yes=yes, base=base, rule=VOTES[kind]) is passed


@given(st.integers(0, 200), st.integers(1, 200))
def test_more_than_half_is_strict(yes, base):
    assert rules.threshold_met(yes=yes, base=base, rule=VOTES["resolution"]) == (2 * yes > base)


def test_duty_rotation_is_fair_and_skips_those_away():
    roster = [1, 2, 3, 4]
    dates = [D(2026, m, 3) for m in range(1, 9)]
    turns = rules.duty_rotation(roster=roster, after=2, dates=dates, unavailable={D(2026, 2, 3): {4}})
    # 3 takes January; 4 is away in February so 1 goes, and 4 takes the next turn (March) before 2.
    assert [turns[d] for d in dates] == [3, 1, 4, 2, 3, 4, 1, 2]


def test_duty_rotation_when_nobody_is_available():
    day = D(2026, 1, 3)
    assert rules.duty_rotation(roster=[1], after=None, dates=[day], unavailable={day: {1}}) == {day: None}
