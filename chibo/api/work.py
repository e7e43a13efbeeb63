"""Members' work through the API, for the notebook app on a member's phone: their tasks and the report of a result,
their private notes per meeting, their monthly ratings, and their self-assessment of the quality review. Every read
is the account's own member's; every write goes through the same services (and the same gate) as the pages."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Router, Schema

from chibo.meetings.models import Meeting
from chibo.members.models import Member
from chibo.work import quality, ratings, rules, selectors, services
from chibo.work.models import Note, QualityReview

router = Router(tags=["work"])


def _member(request) -> Member:
    member = Member.objects.filter(user=request.user).select_related("organization").first()
    if member is None:
        raise Http404
    return member


class TaskOut(Schema):
    id: int
    title: str
    description: str
    deadline: datetime.date | None
    status: str
    result: str
    evidence: str
    overdue: bool

    @staticmethod
    def resolve_overdue(obj) -> bool:
        return rules.is_overdue(status=obj.status, deadline=obj.deadline, today=timezone.localdate())


class TaskReportIn(Schema):
    status: str
    result: str = ""
    evidence: str = ""


@router.get("/tasks/mine", response=list[TaskOut])
def my_tasks(request):
    """The account's tasks, overdue first."""
    return selectors.ordered(list(selectors.my_tasks(actor=request.user)), timezone.localdate())


@router.post("/tasks/{task_id}/report", response=TaskOut)
def report_task(request, task_id: int, payload: TaskReportIn):
    task = selectors.access_task(request.user, task_id)
    return services.task_report(actor=request.user, task=task, **payload.dict())


class NoteOut(Schema):
    meeting_id: int
    day: datetime.date
    kind: str
    text: str


class NoteIn(Schema):
    text: str


@router.get("/notes", response=list[NoteOut])
def my_notes(request):
    """The held meetings of the member's cell, newest first (24), each with the member's own note."""
    member = _member(request)
    meetings = Meeting.objects.filter(organization=member.organization, status=Meeting.Status.HELD).order_by(
        "-day"
    )[:24]
    notes = {n.meeting_id: n.text for n in Note.objects.filter(member=member)}
    return [{"meeting_id": m.pk, "day": m.day, "kind": m.kind, "text": notes.get(m.pk, "")} for m in meetings]


@router.put("/notes/{meeting_id}", response=NoteOut)
def write_note(request, meeting_id: int, payload: NoteIn):
    member = _member(request)
    meeting = get_object_or_404(Meeting, pk=meeting_id, organization=member.organization)
    note = services.note_save(actor=request.user, meeting=meeting, text=payload.text)
    return {"meeting_id": meeting.pk, "day": meeting.day, "kind": meeting.kind, "text": note.text}


class RatingOut(Schema):
    year: int
    month: int
    level: str | None
    final: bool


@router.get("/ratings/mine", response=list[RatingOut])
def my_ratings(request):
    """The member's monthly ratings of the last 12 months up to last month, oldest first."""
    member = _member(request)
    today = timezone.localdate()
    points = ratings.member_history(member, through=today.replace(day=1) - datetime.timedelta(days=1))
    return [
        {
            "year": p.year,
            "month": p.month,
            "level": p.rating.level_name if p.rating else None,
            "final": p.final,
        }
        for p in points
    ]


class ReviewOut(Schema):
    id: int
    year: int
    quarter: int
    stage: str
    general_points: Decimal
    task_points: Decimal
    tasks_total: int
    tasks_late: int
    tasks_exceeded: int
    blocking: list[str]
    strengths: str
    weaknesses: str
    self_level: str
    allowed_level: str
    proposed_level: str
    decided_level: str


class ReviewIn(Schema):
    general_points: str
    task_points: str
    tasks_total: int = 0
    tasks_late: int = 0
    tasks_exceeded: int = 0
    blocking: list[str] = []
    strengths: str = ""
    weaknesses: str = ""
    self_level: str
    submit: bool = False


@router.get("/reviews/mine", response=list[ReviewOut])
def my_reviews(request):
    """The member's quality reviews, newest first."""
    return QualityReview.objects.filter(member=_member(request)).order_by("-year", "-quarter")


@router.put("/reviews/mine/{year}/{quarter}", response=ReviewOut)
def write_self_assessment(request, year: int, quarter: int, payload: ReviewIn):
    """The member's self-assessment of a year (quarter 0) or a quarter: checked against the rule set of the period;
    a level above what the points and conditions allow is refused with the reasons (422)."""
    if quarter not in (0, 1, 2, 3, 4) or not 2000 <= year <= timezone.localdate().year + 1:
        raise Http404
    member = _member(request)
    data = payload.dict()
    submit = data.pop("submit")
    return quality.self_assessment_save(
        actor=request.user,
        organization=member.organization,
        member=member,
        year=year,
        quarter=quarter,
        data=data,
        submit=submit,
    )
