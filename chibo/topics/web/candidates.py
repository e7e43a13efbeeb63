"""Who may be assigned to attend a cell's thematic meeting: the holders of a grant that carries
EVALUATE_MEETINGS on the cell or one of its committees, and the holders of a live committee seat there."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone

from chibo.organizations.access import ROLE_ACTIONS, Action
from chibo.organizations.models import Organization


def supervisor_candidates(organization: Organization) -> list[Any]:
    """Accounts that may attend and evaluate the unit's meetings, by name. One query."""
    today = timezone.localdate()
    prefixes = organization.lineage_paths
    roles = [role for role, actions in ROLE_ACTIONS.items() if Action.EVALUATE_MEETINGS in actions]
    live_grant = (Q(grants__starts_on__isnull=True) | Q(grants__starts_on__lte=today)) & (
        Q(grants__ends_on__isnull=True) | Q(grants__ends_on__gte=today)
    )
    by_grant = Q(grants__organization__path__in=prefixes, grants__role__in=roles) & live_grant
    by_seat = (
        Q(seats__organization__path__in=prefixes[:-1] if organization.is_cell else prefixes)
        & ~Q(seats__organization__kind__in=[Organization.Kind.CELL, Organization.Kind.GRASSROOTS_CELL])
        & Q(seats__starts_on__lte=today)
        & (Q(seats__ends_on__isnull=True) | Q(seats__ends_on__gte=today))
    )
    return list(
        get_user_model()
        .objects.filter(is_active=True)
        .filter(by_grant | by_seat)
        .distinct()
        .order_by("full_name", "username")
    )
