"""Meetings through the API: a phone app can run the meeting (schedule, roll call, minutes, approval)."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema

from chibo.meetings import notices, selectors, services
from chibo.meetings.models import Attendance, Meeting, Minutes
from chibo.organizations.access import Action, access_organization

router = Router(tags=["meetings"])


class MeetingOut(Schema):
    id: int
    organization_id: int
    kind: str
    status: str
    day: datetime.date
    time: datetime.time
    place: str
    title: str
    started_at: datetime.datetime | None
    ended_at: datetime.datetime | None
    minutes_status: str | None = None

    @staticmethod
    def resolve_minutes_status(obj: Meeting) -> str | None:
        minutes = getattr(obj, "minutes", None) if hasattr(obj, "minutes") else None
        return minutes.status if minutes else None


class MeetingPage(Schema):
    count: int
    items: list[MeetingOut]


class MeetingIn(Schema):
    organization_id: int
    day: datetime.date
    time: datetime.time
    kind: Meeting.Kind = Meeting.Kind.EXTRAORDINARY
    place: str = ""
    title: str = ""


class AttendanceOut(Schema):
    id: int
    member_id: int
    member_name: str
    full_member: bool
    presence: str
    reason: str
    reason_approved: bool

    @staticmethod
    def resolve_member_name(obj: Attendance) -> str:
        return obj.member.full_name


class AttendanceIn(Schema):
    presence: Attendance.Presence
    reason: str = ""
    reason_approved: bool = False


class MinutesOut(Schema):
    status: str
    revision: int
    content: dict[str, Any]
    versions: list[dict[str, Any]]


class MinutesIn(Schema):
    revision: int
    content: dict[str, Any]


class CorrectionIn(Schema):
    content: dict[str, Any]
    reason: str


def _minutes_out(minutes: Minutes) -> dict[str, Any]:
    return {
        "status": minutes.status,
        "revision": minutes.revision,
        "content": minutes.content,
        "versions": [
            {
                "number": v.number,
                "created_at": v.created_at,
                "reason": v.reason,
                "content_hash": v.content_hash,
            }
            for v in minutes.versions.order_by("number")
        ],
    }


@router.get("", response=MeetingPage, summary="Các buổi sinh hoạt trong phạm vi")
def meeting_list(
    request,
    organization_id: int | None = None,
    year: int | None = None,
    limit: int = Query(100, ge=1, le=500),
    offset: int = Query(0, ge=0),
):
    organization = access_organization(request.auth, organization_id) if organization_id else None
    rows = selectors.meeting_list(actor=request.auth, organization=organization, year=year)
    return {"count": rows.count(), "items": list(rows[offset : offset + limit])}


@router.post("", response={201: MeetingOut}, summary="Thêm buổi sinh hoạt")
def meeting_create(request, payload: MeetingIn):
    organization = access_organization(request.auth, payload.organization_id, Action.RUN_MEETINGS)
    meeting = services.meeting_create(
        actor=request.auth,
        organization=organization,
        day=payload.day,
        time=payload.time,
        kind=payload.kind,
        place=payload.place,
        title=payload.title,
    )
    return 201, meeting


@router.get("/{meeting_id}", response=MeetingOut, summary="Một buổi sinh hoạt")
def meeting_detail(request, meeting_id: int):
    return selectors.access_meeting(request.auth, meeting_id)


@router.post(
    "/{meeting_id}/start", response=MeetingOut, summary="Bắt đầu sinh hoạt (điểm danh theo sổ đảng viên)"
)
def meeting_start(request, meeting_id: int):
    meeting = selectors.access_meeting(request.auth, meeting_id, Action.RUN_MEETINGS)
    return services.meeting_start(actor=request.auth, meeting=meeting)


@router.get("/{meeting_id}/attendance", response=list[AttendanceOut], summary="Điểm danh")
def attendance_list(request, meeting_id: int):
    meeting = selectors.access_meeting(request.auth, meeting_id)
    return list(meeting.attendance.select_related("member").order_by("member__sort_key"))


@router.put(
    "/{meeting_id}/attendance/{attendance_id}", response=AttendanceOut, summary="Điểm danh một đảng viên"
)
def attendance_mark(request, meeting_id: int, attendance_id: int, payload: AttendanceIn):
    meeting = selectors.access_meeting(request.auth, meeting_id, Action.RUN_MEETINGS)
    row = get_object_or_404(
        Attendance.objects.select_related("member", "meeting"), pk=attendance_id, meeting=meeting
    )
    return services.attendance_mark(
        actor=request.auth,
        attendance=row,
        presence=payload.presence,
        reason=payload.reason,
        reason_approved=payload.reason_approved,
    )


def _minutes_of(meeting: Meeting) -> Minutes:
    minutes = Minutes.objects.filter(meeting=meeting).first()
    if minutes is None:
        raise ValidationError(_("Buổi sinh hoạt chưa bắt đầu: chưa có biên bản."))
    return minutes


@router.get("/{meeting_id}/minutes", response=MinutesOut, summary="Biên bản")
def minutes_read(request, meeting_id: int):
    return _minutes_out(_minutes_of(selectors.access_meeting(request.auth, meeting_id)))


@router.put("/{meeting_id}/minutes", response={200: MinutesOut, 409: dict}, summary="Lưu biên bản dự thảo")
def minutes_write(request, meeting_id: int, payload: MinutesIn):
    meeting = selectors.access_meeting(request.auth, meeting_id, Action.RUN_MEETINGS)
    try:
        minutes = services.minutes_save(
            actor=request.auth,
            minutes=_minutes_of(meeting),
            content=payload.content,
            revision=payload.revision,
        )
    except services.StaleMinutes as exc:
        return 409, {"detail": exc.messages[0], "current": _minutes_out(exc.current)}
    return 200, _minutes_out(minutes)


@router.post("/{meeting_id}/minutes/approve", response=MinutesOut, summary="Thông qua và khóa biên bản")
def minutes_approve(request, meeting_id: int):
    meeting = selectors.access_meeting(request.auth, meeting_id, Action.RUN_MEETINGS)
    services.minutes_approve(actor=request.auth, minutes=_minutes_of(meeting))
    return _minutes_out(_minutes_of(meeting))


@router.post(
    "/{meeting_id}/minutes/corrections", response=MinutesOut, summary="Đính chính biên bản đã thông qua"
)
def minutes_correct(request, meeting_id: int, payload: CorrectionIn):
    meeting = selectors.access_meeting(request.auth, meeting_id, Action.RUN_MEETINGS)
    services.minutes_correct(
        actor=request.auth, minutes=_minutes_of(meeting), content=payload.content, reason=payload.reason
    )
    return _minutes_out(_minutes_of(meeting))


class DocumentOut(Schema):
    id: int
    title: str
    text: str
    published_at: datetime.datetime
    late: bool
    url: str


class FeedOut(Schema):
    url: str
    created_at: datetime.datetime


@router.get("/{meeting_id}/documents", response=list[DocumentOut], summary="Tài liệu của buổi sinh hoạt")
def document_list(request, meeting_id: int):
    meeting = Meeting.objects.select_related("organization").filter(pk=meeting_id).first()
    if meeting is None or not notices.may_read_documents(request.auth, meeting):
        raise Http404
    return [
        {
            "id": d.pk,
            "title": d.title,
            "text": d.text,
            "published_at": d.published_at,
            "late": d.late,
            "url": reverse("meetings:document_open", args=[meeting.pk, d.pk]),
        }
        for d in meeting.documents.order_by("published_at", "id")
    ]


@router.get("/feeds/mine", response=list[FeedOut], summary="Liên kết lịch riêng (.ics) của tôi")
def my_feeds(request):
    return [
        {"url": reverse("meetings:feed", args=[t.token]), "created_at": t.created_at}
        for t in notices.feed_tokens_of(user=request.auth)
    ]
