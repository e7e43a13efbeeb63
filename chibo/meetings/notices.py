"""Notices of cell meetings, documents published ahead of them, and calendar feeds (issue 4, "Schedule and notice").

Notices go to the members called to a meeting (the cell's members and those temporarily active in it) and to
the supervising higher committee (the cell's parent organization), in the app and by email. ``notices_send`` is
what ``chibo send-notices`` runs from cron on every server: rows are created once (a unique constraint per
meeting, recipient and channel, ``bulk_create(ignore_conflicts=True)``), and each email row is claimed by one
atomic conditional UPDATE before it is sent, so that two servers never send the same notice twice. A claim that
is older than ``STALE_CLAIM`` (a server died while sending) may be taken over.
"""

from __future__ import annotations

import datetime
import logging
import os
import secrets
import socket
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Count, Exists, Max, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from icalendar import Calendar, Event

from chibo.core.audit import audit_record
from chibo.meetings import rules
from chibo.meetings.models import CellSettings, FeedToken, Meeting, MeetingDocument, Notice
from chibo.members.models import Member, Membership
from chibo.organizations.access import Action, allowed, require
from chibo.organizations.models import Grant, Organization
from chibo.rulesets.models import RuleSet
from chibo.rulesets.selectors import ruleset_on

logger = logging.getLogger(__name__)

STALE_CLAIM = datetime.timedelta(minutes=15)
DEFAULT_NOTICE_DAYS = 3  # seed 003, and CellSettings' default, for a cell that has not saved its settings
TIME_ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
FEED_PAST = datetime.timedelta(days=366)  # a feed carries a year of past meetings and every future one
DOCUMENT_MAX_BYTES = 20 * 1024 * 1024
DOCUMENT_EXTENSIONS = frozenset(
    {"pdf", "doc", "docx", "odt", "rtf", "txt", "xls", "xlsx", "ods", "ppt", "pptx", "jpg", "jpeg", "png"}
)
# Members who are called to their own cell's meetings; those temporarily active elsewhere are called there.
CALLED_STATUSES = (Member.Status.PROBATIONARY, Member.Status.FULL, Member.Status.EXEMPT)
# Who reads the supervising committee's mail: its officers and its office (Văn phòng cấp ủy).
COMMITTEE_MAIL_ROLES = (Grant.Role.COMMITTEE_OFFICER, Grant.Role.OFFICE_STAFF)
WEEKDAYS = (
    gettext_lazy("thứ Hai"),
    gettext_lazy("thứ Ba"),
    gettext_lazy("thứ Tư"),
    gettext_lazy("thứ Năm"),
    gettext_lazy("thứ Sáu"),
    gettext_lazy("thứ Bảy"),
    gettext_lazy("Chủ nhật"),
)


# --- notices -----------------------------------------------------------------------------------------------


def notice_days_of(organization: Organization) -> int:
    """The cell's days of notice; 3 when it has no settings (reads a ``select_related`` value when there is one)."""
    cell_settings = getattr(organization, "meeting_settings", None)
    return cell_settings.notice_days if cell_settings is not None else DEFAULT_NOTICE_DAYS


def notice_due(meeting: Meeting) -> datetime.date:
    return rules.notice_due_on(meeting.day, notice_days_of(meeting.organization))


def _parent_path(organization: Organization) -> str | None:
    steplen = Organization.steplen
    return organization.path[:-steplen] if len(organization.path) > steplen else None


def _committee_addresses(organization_ids: Iterable[int], today: datetime.date) -> dict[int, list[str]]:
    """The email addresses of each committee's officers and office staff (one query)."""
    live = (Q(starts_on__isnull=True) | Q(starts_on__lte=today)) & (
        Q(ends_on__isnull=True) | Q(ends_on__gte=today)
    )
    found: dict[int, set[str]] = defaultdict(set)
    for org_id, email in (
        Grant.objects.filter(live, organization_id__in=list(organization_ids), role__in=COMMITTEE_MAIL_ROLES)
        .filter(user__is_active=True)
        .exclude(user__email="")
        .values_list("organization_id", "user__email")
    ):
        found[org_id].add(email)
    return {org_id: sorted(emails) for org_id, emails in found.items()}


def _member_email(member: Member) -> str:
    user = member.user
    return user.email if user is not None and user.is_active and user.email else ""


def _called(meetings: Sequence[Meeting], today: datetime.date) -> dict[int, list[Member]]:
    """The members called to each meeting: the cell's own (not those temporarily active elsewhere) and those
    temporarily active in the cell on the meeting's day. Two queries for any number of meetings."""
    cell_ids = {m.organization_id for m in meetings}
    last_day = max(m.day for m in meetings)
    own: dict[int, list[Member]] = defaultdict(list)
    for member in Member.objects.filter(
        organization_id__in=cell_ids, status__in=CALLED_STATUSES
    ).select_related("user"):
        own[member.organization_id].append(member)
    guests = list(
        Membership.objects.filter(temporary=True, organization_id__in=cell_ids, starts_on__lte=last_day)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .select_related("member__user")
    )
    called: dict[int, list[Member]] = {}
    for meeting in meetings:
        people = {m.pk: m for m in own[meeting.organization_id]}
        for stay in guests:
            if (
                stay.organization_id == meeting.organization_id
                and stay.starts_on <= meeting.day
                and (stay.ends_on is None or stay.ends_on >= meeting.day)
                and stay.member.is_active
            ):
                people.setdefault(stay.member_id, stay.member)
        called[meeting.pk] = list(people.values())
    return called


def notices_create(*, today: datetime.date, only: Meeting | None = None) -> int:
    """Create the notice rows of every planned meeting whose notice day has come and that has none yet. Safe to
    run on several servers at once: the unique constraints drop a row another server inserted first.
    Returns the number of rows offered to the database."""
    horizon = max(CellSettings.objects.aggregate(days=Max("notice_days"))["days"] or 0, DEFAULT_NOTICE_DAYS)
    candidates = (
        Meeting.objects.filter(
            status=Meeting.Status.PLANNED,
            day__gte=today,
            day__lte=today + datetime.timedelta(days=horizon),
        )
        .filter(~Exists(Notice.objects.filter(meeting=OuterRef("pk"))))
        .select_related("organization__meeting_settings")
        .order_by("day", "id")
    )
    if only is not None:  # "send now" from the meeting's page: that meeting, whatever its notice day
        meetings = list(
            Meeting.objects.filter(pk=only.pk, status=Meeting.Status.PLANNED, day__gte=today)
            .filter(~Exists(Notice.objects.filter(meeting=OuterRef("pk"))))
            .select_related("organization__meeting_settings")
        )
    else:
        meetings = [m for m in candidates if notice_due(m) <= today]
    if not meetings:
        return 0
    called = _called(meetings, today)
    parent_paths = {m.pk: _parent_path(m.organization) for m in meetings}
    parents = {
        o.path: o for o in Organization.objects.filter(path__in={p for p in parent_paths.values() if p})
    }
    addresses = _committee_addresses((o.pk for o in parents.values()), today)
    rows: list[Notice] = []
    for meeting in meetings:
        due = min(notice_due(meeting), today)
        for member in called[meeting.pk]:
            rows.append(Notice(meeting=meeting, member=member, channel=Notice.Channel.APP, due_on=due))
            if _member_email(member):
                rows.append(Notice(meeting=meeting, member=member, channel=Notice.Channel.EMAIL, due_on=due))
        parent = parents.get(parent_paths[meeting.pk] or "")
        if parent is not None:
            rows.append(Notice(meeting=meeting, organization=parent, channel=Notice.Channel.APP, due_on=due))
            if addresses.get(parent.pk):
                rows.append(
                    Notice(meeting=meeting, organization=parent, channel=Notice.Channel.EMAIL, due_on=due)
                )
    Notice.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)
    return len(rows)


@dataclass(frozen=True)
class SendReport:
    offered: int  # notice rows offered to the database (existing ones are dropped)
    app: int  # in-app notices published
    email: int  # emails sent by this run
    failed: int  # emails that failed; their claim is released for the next run


def worker_name() -> str:
    """A name for this run, unique across servers and runs."""
    return f"{socket.gethostname()[:32]}:{os.getpid()}:{secrets.token_hex(6)}"


def _claim(pk: int, *, worker: str, now: datetime.datetime) -> bool:
    """Take one notice for this run: one atomic conditional UPDATE, which only one server can win. A claim left by
    a run that died more than ``STALE_CLAIM`` ago may be taken over."""
    free = Q(claimed_by="") | Q(claimed_at__lt=now - STALE_CLAIM)
    return (
        Notice.objects.filter(free, pk=pk, sent_at__isnull=True).update(claimed_by=worker, claimed_at=now)
        == 1
    )


def _pending(today: datetime.date, only: Meeting | None = None) -> QuerySet[Notice]:
    pending = Notice.objects.filter(
        sent_at__isnull=True,
        due_on__lte=today,
        meeting__status=Meeting.Status.PLANNED,
        meeting__day__gte=today,
    )
    return pending.filter(meeting=only) if only is not None else pending


def site_url() -> str:
    """The address links in emails and feeds start with (``SITE_URL`` in the settings)."""
    return str(getattr(settings, "SITE_URL", "") or "http://localhost:8000").rstrip("/")


def weekday_name(day: datetime.date) -> str:
    return str(WEEKDAYS[day.weekday()])


def notice_email(
    notice: Notice, *, documents: Sequence[MeetingDocument], addresses: Sequence[str], base_url: str
) -> mail.EmailMessage:
    """The email of one notice, in Vietnamese."""
    meeting = notice.meeting
    with translation.override("vi"):
        if notice.member_id:
            link = f"{base_url}{reverse('meetings:my_notices')}#hop-{meeting.pk}"
        else:
            link = f"{base_url}{meeting.get_absolute_url()}"
        subject = _("Thông báo sinh hoạt chi bộ ngày %(day)s") % {"day": meeting.day.strftime("%d/%m/%Y")}
        body = render_to_string(
            "meetings/notices/email.txt",
            {
                "notice": notice,
                "meeting": meeting,
                "weekday": weekday_name(meeting.day),
                "documents": documents,
                "link": link,
                "base_url": base_url,
            },
        )
    return mail.EmailMessage(subject=subject, body=body, to=list(addresses))


def notices_send(
    *,
    now: datetime.datetime | None = None,
    worker: str | None = None,
    base_url: str | None = None,
    limit: int = 2000,
    only: Meeting | None = None,
) -> SendReport:
    """Create the notices that are due, publish the in-app ones and send the emails, each exactly once whatever
    the number of servers running this at the same time. Runs in autocommit: each claim commits at once."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    worker = worker or worker_name()
    base_url = base_url if base_url is not None else site_url()
    offered = notices_create(today=today, only=only)
    # In-app notices: publishing one is a single conditional UPDATE; a row another server published is skipped.
    # The UPDATE names its rows and re-checks sent_at on the row itself: with a join in its WHERE, PostgreSQL would
    # re-check only the id list after a concurrent update and both servers would count the same rows.
    due_app = list(_pending(today, only).filter(channel=Notice.Channel.APP).values_list("pk", flat=True))
    app = Notice.objects.filter(pk__in=due_app, sent_at__isnull=True).update(
        sent_at=now, claimed_by=worker, claimed_at=now
    )
    # Emails: every server reads the same candidates, then races for each row with a conditional UPDATE; only the
    # winner sends it. Claiming one row at a time, just before sending it, leaves the other rows to other servers
    # and strands at most one row for STALE_CLAIM when a server dies.
    free = Q(claimed_by="") | Q(claimed_at__lt=now - STALE_CLAIM)
    rows = list(
        _pending(today, only)
        .filter(free, channel=Notice.Channel.EMAIL)
        .select_related("meeting__organization", "member__user", "organization")
        .order_by("id")[:limit]
    )
    sent = failed = 0
    if not rows:
        return SendReport(offered=offered, app=app, email=0, failed=0)
    documents: dict[int, list[MeetingDocument]] = defaultdict(list)
    for document in MeetingDocument.objects.filter(meeting_id__in={n.meeting_id for n in rows}).order_by(
        "published_at", "id"
    ):
        documents[document.meeting_id].append(document)
    committees = _committee_addresses({n.organization_id for n in rows if n.organization_id}, today)
    connection = mail.get_connection()
    for notice in rows:
        if not _claim(notice.pk, worker=worker, now=now):
            continue  # another server has it
        if notice.member is not None:
            to = [_member_email(notice.member)]
        else:
            to = committees.get(notice.organization_id or 0, [])
        to = [address for address in to if address]
        try:
            if not to:
                raise ValueError(_("Không có địa chỉ email."))
            message = notice_email(
                notice, documents=documents[notice.meeting_id], addresses=to, base_url=base_url
            )
            message.connection = connection
            message.send()
        except Exception as exc:
            logger.warning("Notice %s not sent: %s", notice.pk, exc)
            Notice.objects.filter(pk=notice.pk, claimed_by=worker).update(
                claimed_by="", claimed_at=None, error=str(exc)[:255]
            )
            failed += 1
            continue
        Notice.objects.filter(pk=notice.pk, claimed_by=worker).update(sent_at=timezone.now(), error="")
        sent += 1
    return SendReport(offered=offered, app=app, email=sent, failed=failed)


def meeting_notify_now(*, actor: Any, meeting: Meeting) -> SendReport:
    """The secretary sends a meeting's notices now instead of waiting for the notice day (the same exactly-once
    sending as ``chibo send-notices``)."""
    require(actor, Action.RUN_MEETINGS, meeting.organization)
    if meeting.status != Meeting.Status.PLANNED or meeting.day < timezone.localdate():
        raise ValidationError(_("Chỉ gửi thông báo cho buổi sinh hoạt sắp tới."))
    report = notices_send(only=meeting)
    audit_record(
        actor=actor,
        action="notices_send_now",
        obj=meeting,
        organization=meeting.organization,
        changes={"app": report.app, "email": report.email, "failed": report.failed},
    )
    return report


def notice_list_for(*, member: Member) -> QuerySet[Notice]:
    """A member's notices published in the app, newest meeting first, with the meetings' documents (two queries
    for any number of rows)."""
    return (
        Notice.objects.filter(member=member, channel=Notice.Channel.APP, sent_at__isnull=False)
        .select_related("meeting__organization")
        .prefetch_related(
            Prefetch("meeting__documents", queryset=MeetingDocument.objects.order_by("published_at", "id"))
        )
        .order_by("-meeting__day", "-meeting__time", "-id")
    )


def notice_summary(meeting: Meeting) -> dict[str, Any]:
    """For the meeting's panel: the notice day, and how many notices were sent on each channel."""
    counts = Notice.objects.filter(meeting=meeting).aggregate(
        app_total=Count("id", filter=Q(member__isnull=False, channel=Notice.Channel.APP)),
        app_sent=Count(
            "id", filter=Q(member__isnull=False, channel=Notice.Channel.APP, sent_at__isnull=False)
        ),
        email_total=Count("id", filter=Q(member__isnull=False, channel=Notice.Channel.EMAIL)),
        email_sent=Count(
            "id", filter=Q(member__isnull=False, channel=Notice.Channel.EMAIL, sent_at__isnull=False)
        ),
    )
    others = list(
        Notice.objects.filter(meeting=meeting)
        .filter(Q(organization__isnull=False) | (Q(sent_at__isnull=True) & ~Q(error="")))
        .select_related("organization", "member")
        .order_by("organization_id", "id")[:50]
    )
    days = CellSettings.objects.filter(organization_id=meeting.organization_id).values_list(
        "notice_days", flat=True
    )
    due = rules.notice_due_on(meeting.day, next(iter(days), DEFAULT_NOTICE_DAYS))
    return {
        **counts,
        "due_on": due,
        "committee": [n for n in others if n.organization_id],
        "failures": [n for n in others if n.member_id],
    }


# --- documents ---------------------------------------------------------------------------------------------


def _meetings_rules(day: datetime.date) -> dict[str, Any]:
    return dict(ruleset_on(day).values["meetings"])


def documents_due_by(meeting: Meeting) -> datetime.date:
    return rules.documents_due_by(meeting.day, _meetings_rules(meeting.day))


def _check_file(file: UploadedFile) -> None:
    extension = (file.name or "").rsplit(".", 1)[-1].lower() if "." in (file.name or "") else ""
    if extension not in DOCUMENT_EXTENSIONS:
        raise ValidationError(
            {
                "file": _("Tệp “%(name)s” không đúng loại cho phép (%(kinds)s).")
                % {"name": file.name, "kinds": ", ".join(sorted(DOCUMENT_EXTENSIONS))}
            }
        )
    if file.size is not None and file.size > DOCUMENT_MAX_BYTES:
        raise ValidationError({"file": _("Tệp lớn quá 20 MB.")})


@transaction.atomic
def document_publish(
    *,
    actor: Any,
    meeting: Meeting,
    title: str,
    file: UploadedFile | None = None,
    text: str = "",
    now: datetime.datetime | None = None,
) -> MeetingDocument:
    """Publish a document of the meeting to the cell. Published after the rule set's day (HD 42: at least one day
    ahead) it is recorded as late: a warning, never a refusal."""
    require(actor, Action.RUN_MEETINGS, meeting.organization)
    if meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError(_("Buổi sinh hoạt đã bị hủy: không công bố tài liệu."))
    title, text = (title or "").strip(), (text or "").strip()
    if not title:
        raise ValidationError({"title": _("Hãy nhập tên tài liệu.")})
    if not file and not text:
        raise ValidationError({"file": _("Hãy chọn tệp hoặc nhập nội dung tài liệu.")})
    if file:
        _check_file(file)
    now = now or timezone.now()
    late = rules.documents_late(
        published_on=timezone.localdate(now),
        meeting_day=meeting.day,
        meetings_rules=_meetings_rules(meeting.day),
    )
    document = MeetingDocument(
        meeting=meeting, title=title, text=text, published_at=now, published_by=actor, late=late
    )
    if file:
        document.file.save(os.path.basename(file.name or "tai-lieu"), file, save=False)
    document.save()
    if meeting.documents_published_at is None:
        Meeting.objects.filter(pk=meeting.pk, documents_published_at__isnull=True).update(
            documents_published_at=now
        )
        meeting.documents_published_at = now
    audit_record(
        actor=actor,
        action="meeting_document_publish",
        obj=document,
        organization=meeting.organization,
        changes={"meeting": meeting.pk, "title": title, "late": late},
    )
    return document


def may_read_documents(actor: Any, meeting: Meeting) -> bool:
    """Who may open a meeting's documents: whoever may see the cell's meetings, and the members called to it (the
    cell's own members, and those temporarily active in it on the day) through their account."""
    if allowed(actor, Action.VIEW_UNIT, meeting.organization):
        return True
    member = getattr(actor, "member", None) if getattr(actor, "is_authenticated", False) else None
    if member is None or not member.is_active:
        return False
    if member.organization_id == meeting.organization_id:
        return True
    return (
        Membership.objects.filter(
            member=member, temporary=True, organization_id=meeting.organization_id, starts_on__lte=meeting.day
        )
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=meeting.day))
        .exists()
    )


def access_document(actor: Any, meeting_pk: Any, document_pk: Any) -> MeetingDocument:
    """A meeting's document the actor may open, or 404 whether missing or out of scope."""
    try:
        document = MeetingDocument.objects.select_related("meeting__organization", "published_by").get(
            pk=int(document_pk), meeting_id=int(meeting_pk)
        )
    except (MeetingDocument.DoesNotExist, TypeError, ValueError):
        raise Http404 from None
    if not may_read_documents(actor, document.meeting):
        raise Http404
    return document


# --- calendar feeds ----------------------------------------------------------------------------------------


@transaction.atomic
def feed_token_create(*, actor: Any, organization: Organization | None = None) -> FeedToken:
    """A new private link: to the actor's own calendar, or to a cell's (officers who run its meetings)."""
    if organization is not None:
        require(actor, Action.RUN_MEETINGS, organization)
        if not organization.is_cell:
            raise ValidationError(_("Chỉ chi bộ mới có lịch sinh hoạt."))
        token = FeedToken.objects.create(organization=organization, created_by=actor)
    else:
        if getattr(actor, "member", None) is None:
            raise ValidationError(
                _("Tài khoản của đồng chí chưa gắn với hồ sơ đảng viên nên chưa có lịch riêng.")
            )
        token = FeedToken.objects.create(user=actor, created_by=actor)
    audit_record(actor=actor, action="feed_token_create", obj=token, organization=organization)
    return token


@transaction.atomic
def feed_token_revoke(*, actor: Any, token: FeedToken) -> FeedToken:
    """Revoke a private link: calendars subscribed to it stop receiving the meetings."""
    if token.organization_id is not None:
        require(actor, Action.RUN_MEETINGS, token.organization)
    elif token.user_id != getattr(actor, "pk", None):
        raise Http404
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(actor=actor, action="feed_token_revoke", obj=token, organization=token.organization)
    return token


def feed_tokens_of(*, user: Any = None, organization: Organization | None = None) -> QuerySet[FeedToken]:
    """The live private links of a user or of a cell."""
    tokens = FeedToken.objects.filter(revoked_at__isnull=True)
    if organization is not None:
        return tokens.filter(organization=organization)
    return tokens.filter(user=user)


def feed_lookup(token: str) -> FeedToken:
    """The live token, or 404 when it is unknown, revoked, or its account is closed (one query)."""
    feed = (
        FeedToken.objects.select_related("user__member__organization", "organization")
        .filter(token=token, revoked_at__isnull=True)
        .first()
    )
    if feed is None or (feed.user is not None and not feed.user.is_active):
        raise Http404
    return feed


def feed_meetings(feed: FeedToken, *, today: datetime.date | None = None) -> tuple[str, list[Meeting]]:
    """The calendar's name and its meetings: a cell's meetings, or a member's (their cell's, and those of the cells
    where they are temporarily active, within the dates of the stay). Two queries at most."""
    since = (today or timezone.localdate()) - FEED_PAST
    meetings = (
        Meeting.objects.filter(day__gte=since).select_related("organization").order_by("day", "time", "id")
    )
    if feed.organization is not None:
        name = _("Sinh hoạt chi bộ – %(cell)s") % {"cell": feed.organization.name}
        return name, list(meetings.filter(organization=feed.organization))
    member = getattr(feed.user, "member", None)
    if member is None:
        return _("Lịch sinh hoạt"), []
    name = _("Lịch sinh hoạt của đồng chí %(name)s") % {"name": member.full_name}
    which = Q(organization_id=member.organization_id) if member.is_active else Q(pk__in=[])
    for org_id, starts_on, ends_on in Membership.objects.filter(member=member, temporary=True).values_list(
        "organization_id", "starts_on", "ends_on"
    ):
        stay = Q(organization_id=org_id, day__gte=starts_on)
        if ends_on is not None:
            stay &= Q(day__lte=ends_on)
        which |= stay
    return name, list(meetings.filter(which))


def _meetings_rules_by_day(days: Iterable[datetime.date]) -> dict[datetime.date, Mapping[str, Any] | None]:
    """The rule set's ``meetings`` values in force on each day (the earliest version for a day before every
    version), from one query over the rule sets."""
    versions = sorted(RuleSet.objects.values_list("effective_from", "values__meetings"))
    result: dict[datetime.date, Mapping[str, Any] | None] = {}
    for day in set(days):
        in_force = [values for start, values in versions if start <= day] or [v for _s, v in versions[:1]]
        result[day] = in_force[-1] if in_force else None
    return result


def feed_ical(feed: FeedToken, *, base_url: str, now: datetime.datetime | None = None) -> bytes:
    """The .ics of a feed: one VEVENT per meeting, a stable UID, local times in Asia/Ho_Chi_Minh, the rule set's
    minimum length as the duration, cancelled meetings marked as such."""
    now = now or timezone.now()
    name, meetings = feed_meetings(feed, today=timezone.localdate(now))
    rules_by_day = _meetings_rules_by_day(m.day for m in meetings)
    calendar = Calendar()
    calendar.add("prodid", "-//Chi bo so//Lich sinh hoat chi bo//VI")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", str(TIME_ZONE))
    for meeting in meetings:
        meetings_rules = rules_by_day.get(meeting.day)
        minutes = (
            rules.minimum_minutes(combined=meeting.combined, meetings_rules=meetings_rules)
            if meetings_rules
            else 90
        )
        start = datetime.datetime.combine(meeting.day, meeting.time, tzinfo=TIME_ZONE)
        event = Event()
        event.add("uid", f"meeting-{meeting.pk}@chibo")
        event.add("dtstamp", now)
        event.add("dtstart", start)
        event.add("dtend", start + datetime.timedelta(minutes=minutes))
        event.add("summary", _("Sinh hoạt chi bộ – %(cell)s") % {"cell": meeting.organization.name})
        if meeting.place:
            event.add("location", meeting.place)
        description = str(meeting.get_kind_display())
        if meeting.title:
            description += f": {meeting.title}"
        event.add("description", description)
        event.add("url", f"{base_url}{meeting.get_absolute_url()}")
        cancelled = meeting.status == Meeting.Status.CANCELLED
        event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
        event.add("sequence", 1 if cancelled else 0)
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
