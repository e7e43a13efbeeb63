"""Writes of cell meetings: each use case one function, in a transaction, checked by the gate, audited."""

import datetime
import hashlib
import json
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chibo.core.audit import audit_record
from chibo.meetings import rules
from chibo.meetings.models import Attendance, CellSettings, Meeting, Minutes, MinutesVersion
from chibo.meetings.sections import EXTRA_KEYS, SECTION_KEYS
from chibo.members.models import Member
from chibo.organizations.access import Action, require
from chibo.organizations.models import Organization
from chibo.rulesets.selectors import ruleset_on

GENESIS = "0" * 64


class StaleMinutes(ValidationError):
    """Someone else saved the minutes since this editor loaded them."""

    def __init__(self, current: Minutes) -> None:
        self.current = current
        super().__init__(
            _(
                "%(who)s đã lưu biên bản lúc %(time)s. Bản của đồng chí chưa được lưu: hãy xem bản mới và nhập lại phần thay đổi."
            )
            % {
                "who": current.edited_by or _("Người khác"),
                "time": timezone.localtime(current.edited_at).strftime("%H:%M:%S"),
            }
        )


def _check_cell(organization: Organization) -> None:
    if not organization.is_cell:
        raise ValidationError(_("Chỉ chi bộ mới có lịch sinh hoạt."))


@transaction.atomic
def cell_settings_save(*, actor: Any, organization: Organization, **values: Any) -> CellSettings:
    require(actor, Action.RUN_MEETINGS, organization)
    _check_cell(organization)
    day = values.get("day_of_month", 3)
    if not 1 <= int(day) <= 31:
        raise ValidationError({"day_of_month": _("Ngày sinh hoạt phải từ 1 đến 31.")})
    settings_row, _created = CellSettings.objects.update_or_create(organization=organization, defaults=values)
    audit_record(
        actor=actor,
        action="meeting_settings",
        obj=settings_row,
        organization=organization,
        changes={k: str(v) for k, v in values.items()},
    )
    return settings_row


@transaction.atomic
def meetings_schedule_year(*, actor: Any, organization: Organization, year: int) -> list[Meeting]:
    """Create the year's regular meetings from the cell's settings; months that already have one are skipped."""
    require(actor, Action.RUN_MEETINGS, organization)
    _check_cell(organization)
    cell = CellSettings.objects.filter(organization=organization).first() or CellSettings(
        organization=organization
    )
    existing = set(
        Meeting.objects.filter(organization=organization, day__year=year)
        .exclude(kind=Meeting.Kind.EXTRAORDINARY)
        .values_list("day__month", flat=True)
    )
    created = []
    for month in range(1, 13):
        if month in existing:
            continue
        calendar = ruleset_on(datetime.date(year, month, 1)).values["calendar"]
        day = rules.regular_meeting_day(
            year=year, month=month, day_of_month=cell.day_of_month, shift=cell.shift, calendar=calendar
        )
        created.append(
            Meeting(
                organization=organization,
                kind=Meeting.Kind.REGULAR,
                day=day,
                time=cell.time,
                place=cell.place,
            )
        )
    for meeting in created:
        meeting.save()
    audit_record(
        actor=actor,
        action="meetings_schedule",
        obj=organization,
        organization=organization,
        changes={"year": year, "created": len(created)},
    )
    return created


@transaction.atomic
def meeting_create(
    *,
    actor: Any,
    organization: Organization,
    day: datetime.date,
    time: datetime.time,
    kind: str = Meeting.Kind.EXTRAORDINARY,
    place: str = "",
    title: str = "",
) -> Meeting:
    require(actor, Action.RUN_MEETINGS, organization)
    _check_cell(organization)
    meeting = Meeting.objects.create(
        organization=organization, day=day, time=time, kind=kind, place=place, title=title
    )
    audit_record(actor=actor, action="meeting_create", obj=meeting, organization=organization)
    return meeting


def _roll_call(meeting: Meeting) -> list[Attendance]:
    """The members called to a meeting, with the presence their status implies."""
    members = Member.objects.filter(
        organization=meeting.organization, status__in=Member.ACTIVE_STATUSES
    ).order_by("sort_key")
    rows = []
    for m in members:
        presence = Attendance.Presence.PRESENT
        if m.status == Member.Status.EXEMPT:
            presence = Attendance.Presence.EXEMPT
        elif m.status == Member.Status.TEMPORARY_ELSEWHERE:
            presence = Attendance.Presence.ELSEWHERE
        rows.append(
            Attendance(
                meeting=meeting,
                member=m,
                full_member=m.status != Member.Status.PROBATIONARY,
                presence=presence,
            )
        )
    return rows


@transaction.atomic
def meeting_start(
    *,
    actor: Any,
    meeting: Meeting,
    chair: Member | None = None,
    secretary: Member | None = None,
    at: datetime.datetime | None = None,
) -> Meeting:
    """Open the meeting: the roll is called from the register (exempt and away members marked as such)."""
    require(actor, Action.RUN_MEETINGS, meeting.organization)
    if meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError(_("Buổi sinh hoạt đã bị hủy."))
    if meeting.started_at is None:
        meeting.started_at = at or timezone.now()
        if not meeting.attendance.exists():
            Attendance.objects.bulk_create(_roll_call(meeting))
    meeting.chair, meeting.secretary_of_meeting = (
        chair or meeting.chair,
        secretary or meeting.secretary_of_meeting,
    )
    meeting.status = Meeting.Status.HELD
    meeting.save()
    Minutes.objects.get_or_create(meeting=meeting)
    audit_record(actor=actor, action="meeting_start", obj=meeting, organization=meeting.organization)
    return meeting


@transaction.atomic
def attendance_mark(
    *, actor: Any, attendance: Attendance, presence: str, reason: str = "", reason_approved: bool = False
) -> Attendance:
    meeting = attendance.meeting
    require(actor, Action.RUN_MEETINGS, meeting.organization)
    _refuse_if_approved(meeting)
    if presence == Attendance.Presence.EXCUSED and not reason.strip():
        raise ValidationError({"reason": _("Vắng có lý do: hãy ghi lý do.")})
    attendance.presence, attendance.reason, attendance.reason_approved = (
        presence,
        reason.strip(),
        reason_approved,
    )
    attendance.save(update_fields=["presence", "reason", "reason_approved"])
    return attendance


def _refuse_locked(minutes: Minutes | None) -> None:
    if minutes and minutes.status == Minutes.Status.APPROVED:
        raise ValidationError(
            _("Biên bản đã được thông qua và khóa: mọi sửa đổi phải qua “Đính chính biên bản”.")
        )


def _refuse_if_approved(meeting: Meeting) -> None:
    _refuse_locked(Minutes.objects.filter(meeting=meeting).first())


def _clean_content(content: dict[str, Any]) -> dict[str, Any]:
    unknown = set(content) - set(SECTION_KEYS) - set(EXTRA_KEYS)
    if unknown:
        raise ValidationError(
            _("Mục không có trong biên bản: %(keys)s") % {"keys": ", ".join(sorted(unknown))}
        )
    return content


@transaction.atomic
def minutes_save(*, actor: Any, minutes: Minutes, content: dict[str, Any], revision: int) -> Minutes:
    """Save the draft. ``revision`` is the one the editor loaded: if someone saved since, nothing is written and
    StaleMinutes carries the other version."""
    require(actor, Action.RUN_MEETINGS, minutes.meeting.organization)
    current = Minutes.objects.select_for_update(of=("self",)).select_related("edited_by").get(pk=minutes.pk)
    _refuse_locked(current)
    if current.revision != revision:
        raise StaleMinutes(current)
    current.content = {**current.content, **_clean_content(content)}
    current.revision += 1
    current.edited_by, current.edited_at = actor, timezone.now()
    current.save(update_fields=["content", "revision", "edited_by", "edited_at"])
    return current


def version_hash(*, version: MinutesVersion) -> str:
    """SHA-256 over every field of the version, including the previous hash: any changed byte changes it."""
    payload = {
        "minutes": version.minutes_id,
        "organization": version.organization_id,
        "number": version.number,
        "content": version.content,
        "reason": version.reason,
        "author": version.author_id,
        "created_at": version.created_at.isoformat(),
        "previous_hash": version.previous_hash,
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def _append_version(*, actor: Any, minutes: Minutes, content: dict[str, Any], reason: str) -> MinutesVersion:
    organization = Organization.objects.select_for_update().get(pk=minutes.meeting.organization_id)
    last = MinutesVersion.objects.filter(organization=organization).order_by("-id").first()
    version = MinutesVersion(
        minutes=minutes,
        organization=organization,
        number=minutes.versions.count() + 1,
        content=content,
        reason=reason,
        author=actor,
        created_at=timezone.now().replace(microsecond=0),
        previous_hash=last.content_hash if last else GENESIS,
    )
    version.content_hash = version_hash(version=version)
    version.save()
    return version


@transaction.atomic
def minutes_approve(
    *, actor: Any, minutes: Minutes, ended_at: datetime.datetime | None = None
) -> MinutesVersion:
    """The chair approves the minutes read back at the end: they lock, and their hash joins the cell's chain."""
    meeting = minutes.meeting
    require(actor, Action.RUN_MEETINGS, meeting.organization)
    minutes = Minutes.objects.select_for_update().get(pk=minutes.pk)
    if minutes.status == Minutes.Status.APPROVED:
        raise ValidationError(_("Biên bản đã được thông qua."))
    if meeting.started_at is None:
        raise ValidationError(_("Buổi sinh hoạt chưa bắt đầu."))
    if not (minutes.content.get("conclusion") or "").strip():
        raise ValidationError({"conclusion": _("Biên bản chưa có kết luận của chủ trì.")})
    meeting.ended_at = ended_at or meeting.ended_at or timezone.now()
    if meeting.ended_at <= meeting.started_at:
        raise ValidationError({"ended_at": _("Giờ kết thúc phải sau giờ bắt đầu.")})
    meeting.save(update_fields=["ended_at"])
    minutes.status = Minutes.Status.APPROVED
    minutes.save(update_fields=["status"])
    version = _append_version(actor=actor, minutes=minutes, content=minutes.content, reason="")
    audit_record(
        actor=actor,
        action="minutes_approve",
        obj=minutes,
        organization=meeting.organization,
        changes={"hash": version.content_hash},
    )
    return version


@transaction.atomic
def minutes_correct(*, actor: Any, minutes: Minutes, content: dict[str, Any], reason: str) -> MinutesVersion:
    """A correction after approval: a new version with its author, time and reason; the earlier ones stay."""
    require(actor, Action.RUN_MEETINGS, minutes.meeting.organization)
    minutes = Minutes.objects.select_for_update().get(pk=minutes.pk)
    if minutes.status != Minutes.Status.APPROVED:
        raise ValidationError(_("Biên bản chưa thông qua: hãy sửa trực tiếp bản dự thảo."))
    if not reason.strip():
        raise ValidationError({"reason": _("Hãy ghi lý do đính chính.")})
    merged = {**minutes.content, **_clean_content(content)}
    if merged == minutes.content:
        raise ValidationError(_("Nội dung đính chính không khác bản đã thông qua."))
    minutes.content = merged
    minutes.revision += 1
    minutes.edited_by, minutes.edited_at = actor, timezone.now()
    minutes.save(update_fields=["content", "revision", "edited_by", "edited_at"])
    version = _append_version(actor=actor, minutes=minutes, content=merged, reason=reason.strip())
    audit_record(
        actor=actor,
        action="minutes_correct",
        obj=minutes,
        organization=minutes.meeting.organization,
        changes={"reason": reason, "hash": version.content_hash},
    )
    return version


def minutes_chain_problems(*, organization: Organization) -> list[str]:
    """Check a cell's chain of approved minutes: each version's hash, each link to the previous one, and that
    each approved record still holds its latest version. Returns the problems, first broken link first."""
    problems = []
    previous = GENESIS
    latest: dict[int, MinutesVersion] = {}
    for version in MinutesVersion.objects.filter(organization=organization).order_by("id"):
        if version.previous_hash != previous:
            problems.append(
                _("Biên bản %(m)s, phiên bản %(n)s: mắt xích trước bị xóa hoặc bị sửa.")
                % {"m": version.minutes_id, "n": version.number}
            )
        if version_hash(version=version) != version.content_hash:
            problems.append(
                _("Biên bản %(m)s, phiên bản %(n)s: nội dung đã bị sửa ngoài hệ thống.")
                % {"m": version.minutes_id, "n": version.number}
            )
        previous = version.content_hash
        latest[version.minutes_id] = version
    for minutes in Minutes.objects.filter(meeting__organization=organization, status=Minutes.Status.APPROVED):
        last_version = latest.get(minutes.pk)
        if last_version is None:
            problems.append(
                _("Biên bản %(m)s: đã thông qua nhưng không có phiên bản nào trong chuỗi.")
                % {"m": minutes.pk}
            )
        elif last_version.content != minutes.content:
            problems.append(_("Biên bản %(m)s: bản lưu khác phiên bản đã thông qua.") % {"m": minutes.pk})
    return problems


def attendance_summary(meeting: Meeting) -> rules.AttendanceFacts:
    values = ruleset_on(meeting.day).values
    people = [rules.Attendee(a.full_member, a.presence, a.reason_approved) for a in meeting.attendance.all()]
    return rules.attendance_facts(people, votes_rules=values["votes"])
