"""The rules of the study schedule and of the year-end self-review, without a database."""

import datetime

from hypothesis import given
from hypothesis import strategies as st

from chibo.campaign import rules

D = datetime.date
SEED = [rules.Span(3, 5), rules.Span(6, 8), rules.Span(9, 10)]


def test_seed_004_schedule_has_no_overlap_and_november_is_free():
    assert rules.month_problems(11, 12, SEED) == []
    assert rules.Span(3, 5).text == "3–5" and rules.Span(9, 9).text == "9"


def test_months_outside_the_year_reversed_or_shared_are_named():
    assert rules.month_problems(0, 13, []) == [
        rules.MonthProblem("month_from", rules.MONTH_OUT_OF_YEAR),
        rules.MonthProblem("month_to", rules.MONTH_OUT_OF_YEAR),
    ]
    assert rules.month_problems(None, 5, []) == [rules.MonthProblem("month_from", rules.MONTH_MISSING)]
    assert rules.month_problems(11, 2, []) == [rules.MonthProblem("month_to", rules.MONTHS_REVERSED)]
    # August is June–August's: the second item of the schedule.
    assert rules.month_problems(8, 9, SEED) == [rules.MonthProblem("month_from", rules.MONTHS_OVERLAP, 1)]


@given(st.integers(1, 12), st.integers(1, 12), st.integers(1, 12), st.integers(1, 12))
def test_two_spans_overlap_exactly_when_they_share_a_month(a, b, c, d):
    first, second = rules.Span(min(a, b), max(a, b)), rules.Span(min(c, d), max(c, d))
    shared = set(range(first.first, first.last + 1)) & set(range(second.first, second.last + 1))
    assert first.overlaps(second) == bool(shared) == second.overlaps(first)
    assert (rules.month_problems(first.first, first.last, [second]) == []) == (not shared)


def test_the_self_review_opens_on_the_first_of_the_rule_set_s_month():
    assert rules.review_opens(2014, 11) == D(2014, 11, 1)
    assert rules.review_opens(2026, 12) == D(2026, 12, 1)
    assert rules.review_opens(2026, 1) == D(2026, 1, 1)
