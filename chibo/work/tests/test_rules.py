"""Rules of members' tasks at their boundaries (no database)."""

import datetime

from chibo.work import rules

D = datetime.date
S = rules.Status
T = rules.TaskFacts


def test_a_task_due_today_is_not_yet_overdue():
    today = D(2026, 12, 3)
    assert not rules.is_overdue(status=S.OPEN, deadline=today, today=today)
    assert rules.is_overdue(status=S.OPEN, deadline=D(2026, 12, 2), today=today)
    assert not rules.is_overdue(status=S.DONE, deadline=D(2026, 12, 2), today=today)
    assert not rules.is_overdue(status=S.OPEN, deadline=None, today=today)


def test_the_secretarys_order_puts_overdue_first():
    today = D(2026, 12, 3)
    tasks = [
        ("done", S.DONE, D(2026, 11, 1)),
        ("open later", S.OPEN, D(2026, 12, 20)),
        ("overdue recent", S.OPEN, D(2026, 12, 1)),
        ("no deadline", S.OPEN, None),
        ("overdue old", S.OPEN, D(2026, 10, 5)),
    ]
    ordered = sorted(tasks, key=lambda t: rules.sort_key(status=t[1], deadline=t[2], today=today))
    assert [t[0] for t in ordered] == ["overdue old", "overdue recent", "open later", "no deadline", "done"]


def test_the_review_covers_tasks_due_after_the_previous_meeting_up_to_this_one():
    since, until = D(2026, 11, 3), D(2026, 12, 3)
    tasks = [
        T(1, S.DONE, D(2026, 11, 3)),  # due on the previous meeting's day: reviewed then
        T(2, S.DONE, D(2026, 11, 4)),
        T(3, S.OPEN, D(2026, 12, 3)),  # due today and still open: not done
        T(4, S.NOT_DONE, D(2026, 11, 20)),
        T(5, S.OPEN, D(2026, 12, 4)),  # due later: next month's review
        T(6, S.CANCELLED, D(2026, 11, 20)),
        T(7, S.DONE, None),
    ]
    review = rules.month_review(tasks, since=since, until=until)
    assert (review.done, review.not_done) == ([2], [3, 4])


def test_the_first_meeting_reviews_everything_due_until_it():
    review = rules.month_review([T(1, S.DONE, D(2020, 1, 1))], since=None, until=D(2026, 12, 3))
    assert review.done == [1]
