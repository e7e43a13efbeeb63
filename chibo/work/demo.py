"""Demo members' work: tasks from the last meetings of every cell (done, not done, open, a few overdue), two
notebook checks in 2026, and the 2026 party-fee sheets up to November (a few members behind by three months or
more, so the sheet's warning shows). Deterministic; written in bulk."""

from __future__ import annotations

import datetime
import random
from typing import Any

from django.contrib.auth import get_user_model

from chibo.meetings.models import Meeting
from chibo.members.models import Member
from chibo.organizations.models import Organization
from chibo.rulesets.selectors import ruleset_on
from chibo.work import rules
from chibo.work.models import FeeRecord, Note, NotebookCheck, Task

DEMO_TODAY = datetime.date(2026, 11, 23)
TASKS = [
    "Hoàn thành báo cáo sơ kết công tác chuyên môn",
    "Chuẩn bị tham luận cho hội nghị cơ quan",
    "Rà soát, cập nhật hồ sơ đảng viên",
    "Hướng dẫn quần chúng ưu tú học lớp nhận thức về Đảng",
    "Kiểm tra việc thực hiện quy chế dân chủ ở phòng",
    "Tổ chức đọc, nghiên cứu các văn bản mới của Trung ương",
]


def create_work(*, actor: Any, root: Organization, rng: random.Random) -> dict[str, int]:
    cells = list(
        Organization.objects.filter(
            path__startswith=root.path,
            kind__in=[Organization.Kind.CELL, Organization.Kind.GRASSROOTS_CELL],
            dissolved_on__isnull=True,
        ).order_by("path")
    )
    members: dict[int, list[Member]] = {c.pk: [] for c in cells}
    for member in Member.objects.filter(organization__in=cells, status__in=Member.ACTIVE_STATUSES).order_by(
        "sort_key"
    ):
        members[member.organization_id].append(member)
    meetings: dict[int, list[Meeting]] = {c.pk: [] for c in cells}
    for meeting in Meeting.objects.filter(
        organization__in=cells, status=Meeting.Status.HELD, day__lte=DEMO_TODAY
    ).order_by("-day"):
        if len(meetings[meeting.organization_id]) < 3:
            meetings[meeting.organization_id].append(meeting)

    tasks: list[Task] = []
    assignees: list[list[Member]] = []
    for cell in cells:
        people = members[cell.pk]
        if not people:
            continue
        for meeting in meetings[cell.pk]:
            for _i in range(2):
                deadline = meeting.day + datetime.timedelta(days=rng.randint(10, 28))
                if deadline < DEMO_TODAY - datetime.timedelta(days=5):
                    status = rng.choice([rules.Status.DONE] * 4 + [rules.Status.NOT_DONE, rules.Status.OPEN])
                else:
                    status = rules.Status.OPEN
                tasks.append(
                    Task(
                        organization=cell,
                        organization_path=cell.path,
                        title=rng.choice(TASKS),
                        deadline=deadline,
                        status=status,
                        result="Đã hoàn thành, báo cáo tại buổi sinh hoạt."
                        if status == rules.Status.DONE
                        else "",
                        closed_on=deadline if status != rules.Status.OPEN else None,
                        meeting=meeting,
                        created_by=actor,
                    )
                )
                assignees.append(rng.sample(people, k=min(len(people), rng.choice([1, 1, 2]))))
    Task.objects.bulk_create(tasks, batch_size=1000)
    Through = Task.assignees.through
    Through.objects.bulk_create(
        [
            Through(task_id=t.pk, member_id=m.pk)
            for t, chosen in zip(tasks, assignees, strict=True)
            for m in chosen
        ],
        batch_size=2000,
    )

    checks = []
    for cell in cells:
        for day in (datetime.date(2026, 6, 15), datetime.date(2026, 11, 16)):
            for member in members[cell.pk]:
                result = rng.choices(["good", "partial", "none"], [90, 8, 2])[0]
                checks.append(
                    NotebookCheck(
                        organization=cell,
                        member=member,
                        checked_on=day,
                        result=result,
                        remark="Ghi chép chưa đều các kỳ sinh hoạt" if result == "partial" else "",
                        checked_by=actor,
                    )
                )
    NotebookCheck.objects.bulk_create(checks, batch_size=2000)

    months = range(1, DEMO_TODAY.month + 1)
    rule_values = {m: ruleset_on(datetime.date(2026, m, 1)).values["fees"] for m in months}
    fees = []
    for cell in cells:
        for member in members[cell.pk]:
            pension = rng.random() < 0.08
            kind = rules.FeeKind.PENSION if pension else rules.FeeKind.SALARY
            base = rng.randrange(4_500_000, 16_000_000, 10_000)
            behind = rng.random() < 0.01  # a few members three months or more behind
            for month in months:
                due = rules.fee_due(kind=kind, base_vnd=base, fees=rule_values[month])
                unpaid = behind and month >= DEMO_TODAY.month - 3
                fees.append(
                    FeeRecord(
                        organization=cell,
                        member=member,
                        year=2026,
                        month=month,
                        kind=kind,
                        base_vnd=base,
                        due_vnd=due,
                        paid_vnd=0 if unpaid else due,
                        paid_on=None if unpaid else datetime.date(2026, month, 5),
                        channel=FeeRecord.Channel.PORTAL if rng.random() < 0.15 else FeeRecord.Channel.CELL,
                        recorded_by=actor,
                    )
                )
    FeeRecord.objects.bulk_create(fees, batch_size=2000)

    notes = 0
    account = get_user_model().objects.filter(username="dangvien").first()
    own = Member.objects.filter(user=account).first() if account else None
    if own is not None:
        mine = list(
            Meeting.objects.filter(organization_id=own.organization_id, status=Meeting.Status.HELD).order_by(
                "-day"
            )[:3]
        )
        Note.objects.bulk_create(
            [
                Note(member=own, meeting=m, text="Ghi nhanh: ý kiến về báo cáo tháng; nhiệm vụ được giao.")
                for m in mine
            ]
        )
        notes = len(mine)
    return {"tasks": len(tasks), "notebook_checks": len(checks), "fee_records": len(fees), "notes": notes}
