"""Reads of cell meetings, scoped by the access gate."""

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from chibo.meetings.models import Meeting
from chibo.organizations.access import Action, allowed, scope


def meeting_list(*, actor: Any, organization=None, year: int | None = None) -> QuerySet[Meeting]:
    """Meetings the actor may see, with their minutes' status and the number present (one query)."""
    qs = scope(Meeting.objects.all(), actor, Action.VIEW_UNIT, path_field="organization_path")
    if organization is not None:
        qs = qs.filter(organization_path__startswith=organization.path)
    if year:
        qs = qs.filter(day__year=year)
    return (
        qs.select_related("organization", "minutes")
        .annotate(
            called=Count("attendance"),
            present=Count("attendance", filter=Q(attendance__presence="present")),
        )
        .order_by("day", "time", "id")
    )


def access_meeting(actor: Any, pk: Any, action: Action = Action.VIEW_UNIT) -> Meeting:
    """A meeting the actor may ``action``, or 404 whether missing or out of scope."""
    try:
        meeting = Meeting.objects.select_related("organization", "chair", "secretary_of_meeting").get(
            pk=int(pk)
        )
    except (Meeting.DoesNotExist, TypeError, ValueError):
        raise Http404 from None
    if not allowed(actor, action, meeting.organization):
        raise Http404
    return meeting
