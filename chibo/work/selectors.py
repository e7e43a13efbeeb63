"""Reads of members' tasks, scoped by the access gate."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from chibo.meetings.models import Meeting
from chibo.organizations.access import Action, allowed
from chibo.organizations.models import Organization
from chibo.work import rules
from chibo.work.models import Task


def ordered(tasks: list[Task], today: datetime.date) -> list[Task]:
    """Overdue first, then open by deadline, then closed (``rules.sort_key``)."""
    for task in tasks:
        task.overdue = rules.is_overdue(status=task.status, deadline=task.deadline, today=today)  # type: ignore[attr-defined]
    return sorted(
        tasks, key=lambda t: (*rules.sort_key(status=t.status, deadline=t.deadline, today=today), t.pk)
    )


def cell_tasks(*, organization: Organization) -> QuerySet[Task]:
    return (
        Task.objects.filter(organization=organization).select_related("meeting").prefetch_related("assignees")
    )


def my_tasks(*, actor: Any) -> QuerySet[Task]:
    """The tasks of the member whose account this is, in every cell."""
    return (
        Task.objects.filter(assignees__user=actor)
        .select_related("organization", "meeting")
        .prefetch_related("assignees")
        .distinct()
    )


def access_task(actor: Any, pk: Any) -> Task:
    """A task its assignee or the cell's officers (and those above who may see the register) may read; else 404."""
    try:
        task = Task.objects.select_related("organization", "meeting").get(pk=int(pk))
    except (Task.DoesNotExist, TypeError, ValueError):
        raise Http404 from None
    if allowed(actor, Action.VIEW_MEMBERS, task.organization) or task.assignees.filter(user=actor).exists():
        return task
    raise Http404


def previous_meeting_day(meeting: Meeting) -> datetime.date | None:
    """The day of the cell's monthly meeting before this one: the review covers the tasks due since then."""
    return (
        Meeting.objects.filter(
            organization=meeting.organization,
            day__lt=meeting.day,
            status=Meeting.Status.HELD,
            kind__in=[Meeting.Kind.REGULAR, Meeting.Kind.COMBINED],
        )
        .order_by("-day")
        .values_list("day", flat=True)
        .first()
    )
