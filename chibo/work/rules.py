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
