"""Rules of thematic meetings at their boundaries (no database)."""

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chibo.topics import rules

D = datetime.date
S = rules.Status


@pytest.mark.parametrize(
    ("year", "quarter", "first", "last"),
    [
        (2026, 1, D(2026, 1, 1), D(2026, 3, 31)),
        (2026, 2, D(2026, 4, 1), D(2026, 6, 30)),
        (2026, 3, D(2026, 7, 1), D(2026, 9, 30)),
        (2026, 4, D(2026, 10, 1), D(2026, 12, 31)),
    ],
)
def test_quarter_bounds(year, quarter, first, last):
    assert rules.quarter_bounds(year, quarter) == (first, last)


def test_a_fifth_quarter_is_refused():
    with pytest.raises(ValueError, match="5"):
        rules.quarter_bounds(2026, 5)


@given(st.dates(min_value=D(2000, 1, 1), max_value=D(2100, 12, 31)))
def test_every_day_lies_in_its_quarter(day):
    first, last = rules.quarter_bounds(day.year, rules.quarter_of(day))
    assert first <= day <= last
    assert (last - first).days in (89, 90, 91)


def test_the_deadline_is_the_committees_day_of_the_month_before():
    # Seed 002's practice: the 20th of the month before the quarter; the first quarter's is in December.
    assert rules.registration_deadline(year=2026, quarter=1, deadline_day=20) == D(2025, 12, 20)
    assert rules.registration_deadline(year=2026, quarter=2, deadline_day=20) == D(2026, 3, 20)
    assert rules.registration_deadline(year=2026, quarter=4, deadline_day=20) == D(2026, 9, 20)


def test_a_deadline_day_past_the_months_end_is_its_last_day():
    assert rules.registration_deadline(year=2026, quarter=2, deadline_day=31) == D(2026, 3, 31)
    assert rules.registration_deadline(year=2026, quarter=3, deadline_day=31) == D(2026, 6, 30)


def test_late_is_after_the_deadline_day_not_on_it():
    deadline = D(2026, 3, 20)
    assert not rules.is_late(submitted_on=deadline, deadline=deadline)
    assert rules.is_late(submitted_on=D(2026, 3, 21), deadline=deadline)


@pytest.mark.parametrize(
    ("step", "current", "target"),
    [
        ("submit", S.DRAFT, S.SUBMITTED),
        ("submit", S.RETURNED, S.SUBMITTED),
        ("submit", S.APPROVED, None),
        ("approve", S.SUBMITTED, S.APPROVED),
        ("approve", S.DRAFT, None),  # the cell committee approves only what was sent to it
        ("return", S.SUBMITTED, S.RETURNED),
        ("return", S.APPROVED, S.RETURNED),
        ("return", S.PLANNED, None),
        ("plan", S.APPROVED, S.PLANNED),
        ("plan", S.SUBMITTED, None),  # seed 002: nothing goes to members before the cell committee approves
        ("hold", S.APPROVED, S.HELD),
        ("hold", S.PLANNED, S.HELD),
        ("hold", S.SUBMITTED, None),
        ("evaluate", S.HELD, S.EVALUATED),
        ("evaluate", S.PLANNED, None),
        ("evaluate", S.EVALUATED, None),
    ],
)
def test_the_status_flow(step, current, target):
    assert rules.next_status(step, current) == target


F = rules.QuarterFacts


@pytest.mark.parametrize(
    ("facts", "over", "state"),
    [
        (F(1, 1, 1, 1), True, rules.QuarterState.EVALUATED),
        (F(1, 1, 1, 0), True, rules.QuarterState.HELD),
        (F(2, 2, 2, 1), False, rules.QuarterState.HELD),  # one of two held meetings not evaluated
        (F(1, 1, 0, 0), True, rules.QuarterState.MISSED),  # approved but never held: missed once over
        (F(1, 1, 0, 0), False, rules.QuarterState.APPROVED),
        (F(1, 0, 0, 0), False, rules.QuarterState.REGISTERED),
        (F(0, 0, 0, 0), False, rules.QuarterState.NONE),
        (F(0, 0, 0, 0), True, rules.QuarterState.MISSED),
    ],
)
def test_quarter_state(facts, over, state):
    assert rules.quarter_state(facts, over=over, required=1) == state


def test_a_rule_set_asking_two_a_quarter_counts_one_as_missed():
    assert rules.quarter_state(F(1, 1, 1, 1), over=True, required=2) == rules.QuarterState.MISSED
    assert rules.quarter_state(F(2, 2, 2, 2), over=True, required=2) == rules.QuarterState.EVALUATED


def test_seed_002_figures_and_their_flags():
    """205 topics since 2013: 19 party building, 34 Hồ Chí Minh, 152 political tasks (seed 002)."""
    rows = rules.category_balance(
        {"party": 19, "hcm": 34, "tasks": 152},
        watched=["party", "hcm"],
        min_share=20,
        max_share=50,
    )
    by_code = {r.code: r for r in rows}
    assert sum(r.count for r in rows) == 205
    assert round(by_code["party"].share, 1) == 9.3
    assert round(by_code["hcm"].share, 1) == 16.6
    assert round(by_code["tasks"].share, 1) == 74.1
    assert (by_code["party"].low, by_code["hcm"].low, by_code["tasks"].high) == (True, True, True)
    assert not by_code["tasks"].low  # not watched for its minimum


def test_a_share_exactly_at_a_threshold_is_not_flagged():
    rows = rules.category_balance({"a": 20, "b": 30, "c": 50}, watched=["a"], min_share=20, max_share=50)
    assert [(r.low, r.high) for r in rows] == [(False, False), (False, False), (False, False)]


def test_no_topic_flags_nothing():
    rows = rules.category_balance({"a": 0, "b": 0}, watched=["a", "b"], min_share=20, max_share=50)
    assert [(r.share, r.low, r.high) for r in rows] == [(None, False, False), (None, False, False)]


def test_evaluation_scores_at_their_bounds():
    criteria = [rules.Criterion("Chuẩn bị", 20), rules.Criterion("Thảo luận", 30)]
    assert rules.evaluation_problems(criteria, {"Chuẩn bị": 0, "Thảo luận": 30}) == []
    assert rules.evaluation_problems(criteria, {"Chuẩn bị": 21, "Thảo luận": -1}) == [
        ("Chuẩn bị", "out_of_range"),
        ("Thảo luận", "out_of_range"),
    ]
    assert rules.evaluation_problems(criteria, {"Chuẩn bị": 10}) == [("Thảo luận", "missing")]


def test_criteria_are_read_one_a_line_and_bad_lines_are_named():
    criteria, bad = rules.parse_criteria("Chuẩn bị | 20\n\nQuy trình|30\nkhông có điểm\nÂm | -5\n | 10")
    assert criteria == [rules.Criterion("Chuẩn bị", 20), rules.Criterion("Quy trình", 30)]
    assert bad == [4, 5, 6]
