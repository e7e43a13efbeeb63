"""Rotating duties at cell meetings: the services and reads. The rotation itself is ``rules.duty_rotation``."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chibo.core.audit import audit_record
from chibo.meetings import rules
from chibo.meetings.models import Duty, DutyTurn, Meeting
from chibo.members.models import Member
from chibo.organizations.access import Action, require
from chibo.organizations.models import Organization

# The duties seeds 000 and 003 describe; a cell adds its own.
DEFAULT_DUTIES = [_("Thông tin thời sự"), _("Đọc chuyện kể về Bác"), _("Thu đảng phí")]


@transaction.atomic
def duty_add(*, actor: Any, organization: Organization, name: str) -> Duty:
    require(actor, Action.RUN_MEETINGS, organization)
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Hãy nhập tên nhiệm vụ.")})
    if Duty.objects.filter(organization=organization, name__iexact=name).exists():
        raise ValidationError({"name": _("Chi bộ đã có nhiệm vụ “%(name)s”.") % {"name": name}})
    duty = Duty.objects.create(
        organization=organization, name=name, position=Duty.objects.filter(organization=organization).count()
    )
    audit_record(actor=actor, action="duty_add", obj=duty, organization=organization)
    return duty


@transaction.atomic
def duties_add_defaults(*, actor: Any, organization: Organization) -> list[Duty]:
    existing = set(Duty.objects.filter(organization=organization).values_list("name", flat=True))
    return [
        duty_add(actor=actor, organization=organization, name=str(n))
        for n in DEFAULT_DUTIES
        if str(n) not in existing
    ]


@transaction.atomic
def duties_plan(
    *, actor: Any, organization: Organization, through: datetime.date, today: datetime.date | None = None
) -> int:
    """Give every planned meeting from today to ``through`` its turns for each active duty that has none yet:
    members in roster order take turns, starting after the last one who did it; exempt members and those
    temporarily active elsewhere are skipped and keep their turn."""
    require(actor, Action.RUN_MEETINGS, organization)
    today = today or timezone.localdate()
    meetings = list(
        Meeting.objects.filter(organization=organization, day__gte=today, day__lte=through)
        .exclude(status=Meeting.Status.CANCELLED)
        .order_by("day", "time")
    )
    members = list(
        Member.objects.filter(organization=organization, status__in=Member.ACTIVE_STATUSES)
        .order_by("sort_key")
        .values_list("id", "status")
    )
    roster = [pk for pk, _status in members]
    away = {
        pk for pk, status in members if status in (Member.Status.EXEMPT, Member.Status.TEMPORARY_ELSEWHERE)
    }
    created = 0
    for duty in Duty.objects.filter(organization=organization, active=True):
        done = set(
            DutyTurn.objects.filter(duty=duty, meeting__in=meetings).values_list("meeting_id", flat=True)
        )
        todo = [m for m in meetings if m.pk not in done]
        if not todo:
            continue
        last = (
            DutyTurn.objects.filter(duty=duty, member__isnull=False, meeting__day__lt=todo[0].day)
            .order_by("-meeting__day")
            .values_list("member_id", flat=True)
            .first()
        )
        turns = rules.duty_rotation(
            roster=roster, after=last, dates=[m.day for m in todo], unavailable={m.day: away for m in todo}
        )
        DutyTurn.objects.bulk_create([DutyTurn(meeting=m, duty=duty, member_id=turns[m.day]) for m in todo])
        created += len(todo)
    audit_record(
        actor=actor,
        action="duties_plan",
        obj=organization,
        organization=organization,
        changes={"through": str(through), "turns": created},
    )
    return created


def upcoming_turns(
    *, organization: Organization, today: datetime.date, count: int = 6
) -> tuple[list[Meeting], list[Duty], dict]:
    """The next ``count`` meetings of a cell with who does each duty: a grid for the cell's page (3 queries)."""
    meetings = list(
        Meeting.objects.filter(organization=organization, day__gte=today)
        .exclude(status=Meeting.Status.CANCELLED)
        .order_by("day", "time")[:count]
    )
    duties = list(Duty.objects.filter(organization=organization, active=True))
    grid: dict[tuple[int, int], Any] = {}
    for turn in DutyTurn.objects.filter(meeting__in=meetings).select_related("member"):
        grid[(turn.meeting_id, turn.duty_id)] = turn.member
    return meetings, duties, grid


def member_next_turns(*, member: Member, today: datetime.date) -> list[DutyTurn]:
    return list(
        DutyTurn.objects.filter(member=member, meeting__day__gte=today)
        .exclude(meeting__status=Meeting.Status.CANCELLED)
        .select_related("meeting", "duty", "meeting__organization")
        .order_by("meeting__day")[:10]
    )
