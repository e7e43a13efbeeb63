"""The quality review's rules at their boundaries (QĐ 366-QĐ/TW, HD 43): the points of each level, the further
conditions, the blocking conditions, the cap on "excellent", and the streaks; values from the rule set."""

import copy
from decimal import Decimal

import pytest

from chibo.rulesets.defaults import CURRENT_VALUES
from chibo.work import rules

QR = CURRENT_VALUES["quality_review"]


def facts(points, *, total=10, late=0, exceeded=3, **more):
    general = min(Decimal(points), Decimal(30))
    return rules.ReviewFacts(
        general_points=general,
        task_points=Decimal(points) - general,
        tasks_total=total,
        tasks_late=late,
        tasks_exceeded=exceeded,
        **more,
    )


@pytest.mark.parametrize(
    ("points", "level"),
    [
        ("100", "excellent"),
        ("90", "excellent"),
        ("89.9", "good"),
        ("70", "good"),
        ("69.5", "done"),
        ("50", "done"),
        ("49.9", "not_done"),
        ("0", "not_done"),
    ],
)
def test_the_points_of_each_level(points, level):
    verdict = rules.review_level(facts(points), QR)
    assert (verdict.level, verdict.by_points, verdict.reasons) == (level, level, ())


def test_excellent_needs_every_task_on_time_and_30_percent_exceeded():
    assert rules.review_level(facts("95", exceeded=3), QR).level == "excellent"  # exactly 30 %
    short = rules.review_level(facts("95", exceeded=2), QR)
    assert short.level == "good"
    assert short.reasons == (
        "Chưa đủ điều kiện Hoàn thành xuất sắc nhiệm vụ: 2/10 nhiệm vụ vượt mức, chưa đạt 30 %.",
    )
    late = rules.review_level(facts("95", late=1), QR)
    assert late.level == "done"  # a late task bars good as well
    assert late.reasons == (
        "Chưa đủ điều kiện Hoàn thành xuất sắc nhiệm vụ: có 1 nhiệm vụ chậm tiến độ.",
        "Chưa đủ điều kiện Hoàn thành tốt nhiệm vụ: có 1 nhiệm vụ chậm tiến độ.",
    )
    assert rules.review_level(facts("95", total=0, exceeded=0), QR).level == "good"  # nothing exceeded


def test_a_collective_is_done_with_at_most_20_percent_of_tasks_late():
    assert rules.review_level(facts("60", total=10, late=2, collective=True), QR).level == "done"
    too_late = rules.review_level(facts("60", total=10, late=3, collective=True), QR)
    assert too_late.level == "not_done"
    assert too_late.reasons == ("Chưa đủ điều kiện Hoàn thành nhiệm vụ: 3/10 nhiệm vụ chậm, quá 20 %.",)
    assert (
        rules.review_level(facts("60", total=10, late=3), QR).level == "done"
    )  # a member: no such condition


def test_a_collective_with_a_disciplined_sub_unit_is_not_excellent():
    verdict = rules.review_level(facts("95", collective=True, subunit_or_leader_disciplined=True), QR)
    assert verdict.level == "good"
    assert "có tổ chức trực thuộc hoặc người đứng đầu bị kỷ luật" in verdict.reasons[0]


def test_a_blocking_condition_gives_not_done_whatever_the_points():
    verdict = rules.review_level(facts("98", blocking=("discipline",)), QR)
    assert verdict.level == "not_done"
    assert verdict.by_points == "excellent"
    assert verdict.reasons == (
        "Thuộc trường hợp xếp loại Không hoàn thành nhiệm vụ: Bị thi hành kỷ luật từ khiển trách trở lên trong năm.",
    )


def test_the_levels_come_from_the_rule_set():
    values = copy.deepcopy(QR)
    values["levels"][0]["min_points"] = 95
    values["excellent_min_exceeded_tasks_percent"] = 50
    assert rules.review_level(facts("92"), values).level == "good"
    assert rules.review_level(facts("96", exceeded=4), values).level == "good"
    assert rules.review_level(facts("96", exceeded=5), values).level == "excellent"


def test_the_checks_of_the_numbers():
    assert rules.review_problems(facts("100"), QR) == {}
    bad = rules.ReviewFacts(
        general_points=Decimal("31"), task_points=Decimal("-1"), tasks_total=2, tasks_late=3
    )
    assert rules.review_problems(bad, QR) == {
        "general_points": "Điểm phải từ 0 đến 30.",
        "task_points": "Điểm phải từ 0 đến 70.",
        "tasks_late": "Số nhiệm vụ chậm không được nhiều hơn số nhiệm vụ được giao.",
    }


def test_a_level_no_higher_than_another():
    assert rules.at_most("good", "excellent", QR)
    assert rules.at_most("good", "good", QR)
    assert not rules.at_most("excellent", "good", QR)


def test_the_cap_on_excellent_warns_only_beyond_20_percent_of_good():
    at_cap = rules.excellent_quota(excellent=2, good=10, values=QR)
    assert (at_cap.passed, at_cap.over, at_cap.cap) == (False, 0, Decimal(2))
    over = rules.excellent_quota(excellent=3, good=10, values=QR)
    assert (over.passed, over.over, over.cap, over.percent) == (True, 1, Decimal(2), 20)
    odd = rules.excellent_quota(excellent=2, good=7, values=QR)  # cap 1.4
    assert (odd.passed, odd.over, odd.cap) == (True, 1, Decimal("1.4"))
    assert not rules.excellent_quota(
        excellent=2, good=7, values={**QR, "excellent_cap_percent_of_good": 30}
    ).passed


def test_a_streak_is_broken_by_one_year():
    assert rules.streak({2022, 2023, 2024, 2025, 2026}, through=2026) == 5
    assert rules.streak({2021, 2022, 2024, 2025, 2026}, through=2026) == 3
    assert rules.streak({2021, 2022, 2023, 2024, 2025}, through=2026) == 0
    assert rules.longest_run_to_date({2019, 2020, 2022, 2023}) == (2022, 2)
    assert rules.longest_run_to_date([]) is None


def test_the_month_a_meeting_rates():
    import datetime

    assert rules.rated_month(datetime.date(2026, 12, 3)) == (2026, 11)
    assert rules.rated_month(datetime.date(2027, 1, 3)) == (2026, 12)
    assert rules.distribution(["A", "B", "A", "X"], ["A", "B", "C"]) == {"A": 2, "B": 1, "C": 0}


def test_a_task_is_late_when_not_done_done_after_its_deadline_or_open_past_it():
    import datetime

    due, today = datetime.date(2026, 11, 20), datetime.date(2026, 12, 2)

    def late(status, closed_on=None, deadline=due):
        return rules.was_late(status=status, deadline=deadline, closed_on=closed_on, today=today)

    assert not late("done", closed_on=due)  # on the deadline day is on time
    assert late("done", closed_on=due + datetime.timedelta(days=1))
    assert late("not_done")
    assert late("open")
    assert not late("open", deadline=today)  # due today is not late yet
    assert not late("cancelled")
    assert not late("not_done", deadline=None)
