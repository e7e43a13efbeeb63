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
from chibo.work.models import (
    FeeRecord,
    MonthlyRating,
    Note,
    NotebookCheck,
    QualityReview,
    Task,
    default_rating_levels,
)

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
    ratings = _monthly_ratings(cells, members, rng)
    reviews = _quality_reviews(cells, members, own, rng)
    return {
        "tasks": len(tasks),
        "notebook_checks": len(checks),
        "fee_records": len(fees),
        "notes": notes,
        "monthly_ratings": ratings,
        "quality_reviews": reviews,
    }


def _monthly_ratings(cells: list[Organization], members: dict[int, list[Member]], rng: random.Random) -> int:
    """Each cell's regular meetings of 2026 rate the month before (most on B, a fifth on A, a few on C or D); the
    ratings of meetings whose minutes were approved are final."""
    levels = default_rating_levels()
    weights = [20, 65, 13, 2]
    rows = []
    taken: set[tuple[int, int, int]] = set()
    for meeting in Meeting.objects.filter(
        organization__in=cells,
        status=Meeting.Status.HELD,
        kind__in=[Meeting.Kind.REGULAR, Meeting.Kind.COMBINED],
        day__gte=datetime.date(2026, 1, 1),
        day__lte=DEMO_TODAY,
    ).order_by("day"):
        year, month = rules.rated_month(meeting.day)
        for member in members[meeting.organization_id]:
            if (member.pk, year, month) in taken:
                continue
            taken.add((member.pk, year, month))
            rank = rng.choices(range(1, 5), weights)[0]
            level = levels[rank - 1]
            adjusted = rank > 1 and rng.random() < 0.05
            rows.append(
                MonthlyRating(
                    organization_id=meeting.organization_id,
                    member=member,
                    year=year,
                    month=month,
                    meeting=meeting,
                    proposed=levels[rank - 2]["code"] if adjusted else level["code"],
                    level=level["code"] if adjusted else "",
                    level_name=level["name"],
                    rank=rank,
                    remark="Chậm hoàn thành nhiệm vụ được giao trong tháng" if adjusted else "",
                )
            )
    MonthlyRating.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def _review(cell: Organization, member: Member | None, year: int, level: str, stage: str) -> QualityReview:
    general, tasks = {"excellent": (29, 64), "good": (26, 54), "done": (22, 40), "not_done": (15, 30)}[level]
    decided = stage == QualityReview.Stage.DECIDED
    return QualityReview(
        member=member,
        organization=cell,
        organization_path=cell.path,
        deciding_path=cell.path[: -Organization.steplen],
        year=year,
        stage=stage,
        general_points=general,
        task_points=tasks,
        tasks_total=10,
        tasks_late=0 if level in ("excellent", "good") else 1,
        tasks_exceeded=4 if level == "excellent" else 1,
        strengths="Hoàn thành tốt nhiệm vụ chuyên môn; gương mẫu trong sinh hoạt chi bộ.",
        self_level=level,
        allowed_level=level,
        proposed_level=level if stage != QualityReview.Stage.SUBMITTED or member is None else "",
        decided_level=level if decided else "",
        decision_number=f"{40 + year % 100}-QĐ/ĐU" if decided else "",
        decided_on=datetime.date(year, 12, 25) if decided else None,
    )


def _quality_reviews(
    cells: list[Organization], members: dict[int, list[Member]], own: Member | None, rng: random.Random
) -> int:
    """Annual reviews decided for 2021–2025 (some members and cells excellent every year, for the streaks), and
    the 2026 review under way: about half the cells' members have handed in their self-assessment, some cells have
    proposed; nothing decided yet. The demo member's own 2026 review is left for them to fill."""
    S = QualityReview.Stage
    rows = []
    for cell in cells:
        steady_cell = rng.random() < 0.25
        for year in range(2021, 2026):
            level = "excellent" if steady_cell or rng.random() < 0.2 else "good"
            rows.append(_review(cell, None, year, level, S.DECIDED))
        proposing = rng.random() < 0.4
        for member in members[cell.pk]:
            steady = rng.random() < 0.1
            for year in range(2021, 2026):
                roll = rng.random()
                level = (
                    "excellent"
                    if steady or roll < 0.12
                    else "good"
                    if roll < 0.85
                    else "done"
                    if roll < 0.98
                    else "not_done"
                )
                rows.append(_review(cell, member, year, level, S.DECIDED))
            if own is not None and member.pk == own.pk:
                continue
            if rng.random() < 0.5:
                level = "excellent" if steady or rng.random() < 0.15 else "good"
                rows.append(_review(cell, member, 2026, level, S.PROPOSED if proposing else S.SUBMITTED))
    QualityReview.objects.bulk_create(rows, batch_size=2000)
    return len(rows)
