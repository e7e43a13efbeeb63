"""Rules of members' tasks. Pure functions: plain values in, plain values out.

Sources: seed 003 (the cell assigns tasks to its members at the monthly meeting and reviews them at the next one);
DOMAIN.md "Cell meetings", the order of business: "review of the month … tasks for members".
"""

from __future__ import annotations

import datetime
import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any


class Status(enum.StrEnum):
    OPEN = "open"
    DONE = "done"
    NOT_DONE = "not_done"
    CANCELLED = "cancelled"


CLOSED = frozenset({Status.DONE, Status.NOT_DONE, Status.CANCELLED})


def is_overdue(*, status: str, deadline: datetime.date | None, today: datetime.date) -> bool:
    """Still open after its deadline day (a task due today is not yet overdue)."""
    return status == Status.OPEN and deadline is not None and deadline < today


def was_late(
    *, status: str, deadline: datetime.date | None, closed_on: datetime.date | None, today: datetime.date
) -> bool:
    """A task that counts as late in a quality review (HD 43: "all tasks on time"): not done, done after its
    deadline, or still open past it. A task without a deadline, or cancelled, is never late."""
    if deadline is None or status == Status.CANCELLED:
        return False
    if status == Status.NOT_DONE:
        return True
    if status == Status.DONE:
        return closed_on is not None and closed_on > deadline
    return deadline < today


def sort_key(
    *, status: str, deadline: datetime.date | None, today: datetime.date
) -> tuple[int, datetime.date]:
    """The secretary's order: overdue first (oldest deadline first), then open by deadline, then the closed ones."""
    far = datetime.date.max
    if is_overdue(status=status, deadline=deadline, today=today):
        return (0, deadline or far)
    if status == Status.OPEN:
        return (1, deadline or far)
    return (2, deadline or far)


@dataclass(frozen=True)
class TaskFacts:
    id: int
    status: str
    deadline: datetime.date | None


@dataclass(frozen=True)
class Review:
    done: list[int]
    not_done: list[int]  # closed as not done, or still open past its deadline


def month_review(tasks: Iterable[TaskFacts], *, since: datetime.date | None, until: datetime.date) -> Review:
    """What the meeting of ``until`` reviews: the tasks due after the previous meeting (``since``, excluded) and up to
    this one, split into done and not done (an open task past its deadline counts as not done). Tasks due later are
    not reviewed yet; cancelled ones not at all."""
    done, not_done = [], []
    for task in tasks:
        if task.deadline is None or task.deadline > until or (since is not None and task.deadline <= since):
            continue
        if task.status == Status.DONE:
            done.append(task.id)
        elif task.status in (Status.NOT_DONE, Status.OPEN):
            not_done.append(task.id)
    return Review(done, not_done)


def notebook_share(results: Iterable[str]) -> tuple[int, int, int | None]:
    """Of a check's results, how many members keep a notebook (fully or partly), of how many checked, in percent
    (seed 003: "100 % of members keep a notebook"). None when nobody was checked."""
    values = list(results)
    kept = sum(r in ("good", "partial") for r in values)
    return kept, len(values), round(100 * kept / len(values)) if values else None


# ------------------------------------------------------------------------------------------------ party fees


class FeeKind(enum.StrEnum):
    SALARY = "salary"  # 1 % of the previous month's social-insurance salary (QĐ 01-QĐ/TW, 2026)
    PENSION = "pension"  # 0.5 % of the pension
    STUDENT = "student"  # a fixed sum a month for students
    FIXED = "fixed"  # a sum the cell sets (members without a salary or pension)


def fee_due(*, kind: str, base_vnd: int, fees: Mapping[str, Any]) -> int:
    """The party fee due for a month, in đồng, from the rule set in force that month (``values["fees"]``): a percent
    of the salary or pension, rounded half up to the đồng, or the students' sum, or the cell's fixed sum.
    Source: DOMAIN.md "Members", party fees (Quy định 01-QĐ/TW, 03/02/2026; before it Quyết định 342-QĐ/TW)."""
    if kind == FeeKind.SALARY:
        percent = Decimal(str(fees["salary_percent"]))
    elif kind == FeeKind.PENSION:
        percent = Decimal(str(fees["pension_percent"]))
    elif kind == FeeKind.STUDENT:
        return int(fees["student_monthly_vnd"])
    elif kind == FeeKind.FIXED:
        return max(int(base_vnd), 0)
    else:
        raise ValueError(kind)
    return int((Decimal(int(base_vnd)) * percent / 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def unpaid_months(paid: Mapping[int, bool], *, through_month: int, from_month: int = 1) -> list[int]:
    """The months from ``from_month`` (the first the cell kept its fee sheet in the system that year) to
    ``through_month`` not paid in full; within them a month without a record is unpaid."""
    return [m for m in range(from_month, through_month + 1) if not paid.get(m, False)]


def removal_proposed(unpaid: Iterable[int], *, fees: Mapping[str, Any]) -> bool:
    """Charter art. 8: a member who does not pay the party fee for ``unpaid_months_for_removal`` months (3) in a
    year without a valid reason is proposed for removal from the list: exactly 3 flags, 2 does not."""
    return len(list(unpaid)) >= int(fees["unpaid_months_for_removal"])


# --------------------------------------------------------------------------------------------- monthly rating


def rated_month(meeting_day: datetime.date) -> tuple[int, int]:
    """The month a meeting rates its members for: the month before the meeting's (seed 003: the cell reviews the
    past month's tasks at its meeting early in the month and rates its members on them). Local practice, as is
    the monthly rating itself (DOMAIN.md, "Quality review")."""
    first = meeting_day.replace(day=1) - datetime.timedelta(days=1)
    return first.year, first.month


def distribution(levels: Iterable[str], codes: Iterable[str]) -> dict[str, int]:
    """How many ratings fall on each level of the scale, in the scale's order (levels off the scale left out)."""
    counts = dict.fromkeys(codes, 0)
    for level in levels:
        if level in counts:
            counts[level] += 1
    return counts


# ----------------------------------------------------------------------------------- annual quality review


EXCELLENT, GOOD, DONE, NOT_DONE = "excellent", "good", "done", "not_done"


@dataclass(frozen=True)
class ReviewFacts:
    """What a self-assessment states: the points (30 general + 70 task results), the tasks of the period (how many,
    how many late, how many exceeded), the blocking conditions that apply, and, for a party organization, whether a
    sub-unit or its leader was disciplined in the period."""

    general_points: Decimal
    task_points: Decimal
    tasks_total: int = 0
    tasks_late: int = 0
    tasks_exceeded: int = 0
    blocking: tuple[str, ...] = ()
    collective: bool = False
    subunit_or_leader_disciplined: bool = False

    @property
    def points(self) -> Decimal:
        return self.general_points + self.task_points


@dataclass(frozen=True)
class Verdict:
    level: str  # the highest level the points and conditions allow
    by_points: str  # the level the points alone reach
    reasons: tuple[str, ...]  # why it is lower than by_points, in Vietnamese


def review_problems(facts: ReviewFacts, values: Mapping[str, Any]) -> dict[str, str]:
    """The self-assessment's numbers that cannot stand, by field: points within 0..30 and 0..70 (``values`` is the
    rule set's ``quality_review``), counts not negative, late and exceeded not more than the tasks."""
    problems: dict[str, str] = {}
    for field, points, limit in (
        ("general_points", facts.general_points, values["general_points"]),
        ("task_points", facts.task_points, values["task_points"]),
    ):
        if points < 0 or points > limit:
            problems[field] = f"Điểm phải từ 0 đến {limit}."
    for field in ("tasks_total", "tasks_late", "tasks_exceeded"):
        if getattr(facts, field) < 0:
            problems[field] = "Số nhiệm vụ không được âm."
    if "tasks_late" not in problems and facts.tasks_late > facts.tasks_total:
        problems["tasks_late"] = "Số nhiệm vụ chậm không được nhiều hơn số nhiệm vụ được giao."
    if "tasks_exceeded" not in problems and facts.tasks_exceeded > facts.tasks_total:
        problems["tasks_exceeded"] = "Số nhiệm vụ vượt mức không được nhiều hơn số nhiệm vụ được giao."
    return problems


def level_names(values: Mapping[str, Any]) -> dict[str, str]:
    """The four levels, best first, code -> name, as the rule set names them."""
    return {level["code"]: level["name"] for level in values["levels"]}


def level_by_points(points: Decimal, values: Mapping[str, Any]) -> str:
    """The level the score reaches: the best level whose ``min_points`` it attains (>= 90, >= 70, >= 50, else the
    lowest). Source: QĐ 366-QĐ/TW, HD 43-HD/BTCTW (DOMAIN.md, "Quality review")."""
    for level in sorted(values["levels"], key=lambda item: -item["min_points"]):
        if points >= level["min_points"]:
            return str(level["code"])
    return str(values["levels"][-1]["code"])


def _percent_at_least(part: int, whole: int, percent: int) -> bool:
    return whole > 0 and 100 * part >= percent * whole


def review_level(facts: ReviewFacts, values: Mapping[str, Any]) -> Verdict:
    """The highest level the review allows (QĐ 366-QĐ/TW, HD 43-HD/BTCTW; DOMAIN.md, "Quality review"): the level
    of the points, lowered while its further conditions fail, with the reasons. Excellent needs every task on
    time and at least ``excellent_min_exceeded_tasks_percent`` of them exceeded (and, for a party organization,
    no sub-unit or leader disciplined); good needs every task on time; done, for a party organization, at most
    ``collective_done_max_late_tasks_percent`` of tasks late. A blocking condition gives "not done" whatever the
    points. A cell's proposal or a committee's decision may be lower, never higher."""
    names = level_names(values)
    order = list(names)  # best first
    by_points = level_by_points(facts.points, values)
    reasons: list[str] = []
    blocking = {item["code"]: item["name"] for item in _blocking(values, facts.collective)}
    applied = [blocking.get(code, code) for code in facts.blocking]
    if applied:
        reasons.append("Thuộc trường hợp xếp loại Không hoàn thành nhiệm vụ: " + "; ".join(applied) + ".")
        return Verdict(order[-1], by_points, tuple(reasons))
    level = by_points
    on_time_for = set(values["all_on_time_for"])
    if level == EXCELLENT:
        wanted = values["excellent_min_exceeded_tasks_percent"]
        missing = []
        if EXCELLENT in on_time_for and facts.tasks_late:
            missing.append(f"có {facts.tasks_late} nhiệm vụ chậm tiến độ")
        if not _percent_at_least(facts.tasks_exceeded, facts.tasks_total, wanted):
            missing.append(
                f"{facts.tasks_exceeded}/{facts.tasks_total} nhiệm vụ vượt mức, chưa đạt {wanted} %"
            )
        if facts.collective and facts.subunit_or_leader_disciplined:
            missing.append("có tổ chức trực thuộc hoặc người đứng đầu bị kỷ luật")
        if missing:
            reasons.append(f"Chưa đủ điều kiện {names[EXCELLENT]}: " + "; ".join(missing) + ".")
            level = GOOD
    if level == GOOD and GOOD in on_time_for and facts.tasks_late:
        reasons.append(f"Chưa đủ điều kiện {names[GOOD]}: có {facts.tasks_late} nhiệm vụ chậm tiến độ.")
        level = DONE
    if level == DONE and facts.collective:
        limit = values["collective_done_max_late_tasks_percent"]
        if facts.tasks_total and 100 * facts.tasks_late > limit * facts.tasks_total:
            reasons.append(
                f"Chưa đủ điều kiện {names[DONE]}: {facts.tasks_late}/{facts.tasks_total} nhiệm vụ chậm, "
                f"quá {limit} %."
            )
            level = NOT_DONE
    return Verdict(level, by_points, tuple(reasons))


def _blocking(values: Mapping[str, Any], collective: bool) -> list[Mapping[str, str]]:
    return list(values["blocking_conditions"]["collective" if collective else "member"])


def blocking_conditions(values: Mapping[str, Any], *, collective: bool) -> list[tuple[str, str]]:
    """The blocking conditions of the rule set, (code, name), for members or for party organizations."""
    return [(item["code"], item["name"]) for item in _blocking(values, collective)]


def at_most(level: str, ceiling: str, values: Mapping[str, Any]) -> bool:
    """Is ``level`` no better than ``ceiling``?"""
    order = list(level_names(values))
    return order.index(level) >= order.index(ceiling)


@dataclass(frozen=True)
class Quota:
    excellent: int
    good: int
    percent: int
    cap: Decimal  # good × percent / 100, not rounded
    over: int  # how many excellent beyond the cap (0 when within)

    @property
    def passed(self) -> bool:
        return self.over > 0


def excellent_quota(*, excellent: int, good: int, values: Mapping[str, Any]) -> Quota:
    """The cap on "excellent": at most ``excellent_cap_percent_of_good`` (20) % of the number rated "good" (NĐ
    335/2025 for civil servants; not confirmed in QĐ 366, hence a warning, never a refusal: DOMAIN.md). Exactly at
    the cap passes (2 excellent for 10 good); ``over`` counts the people beyond it."""
    percent = int(values["excellent_cap_percent_of_good"])
    cap = Decimal(good * percent) / 100
    over = 0 if 100 * excellent <= percent * good else excellent - int(cap)
    return Quota(excellent, good, percent, cap, over)


def streak(years: Iterable[int], *, through: int) -> int:
    """How many years in a row, ending with ``through``, are among ``years`` ("excellent 5 years in a row", seeds
    000 and 003): 0 when ``through`` itself is missing; one missing year breaks the run."""
    held = set(years)
    n = 0
    while through - n in held:
        n += 1
    return n


def longest_run_to_date(years: Iterable[int]) -> tuple[int, int] | None:
    """The run of consecutive years ending with the latest year given: (first year, length); None when empty."""
    held = set(years)
    if not held:
        return None
    last = max(held)
    n = streak(held, through=last)
    return last - n + 1, n
