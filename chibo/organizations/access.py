"""The one access gate. Every page, API endpoint, export and report asks it.

A user holds grants ``(role, organization)``; a grant covers the organization's whole subtree, which on a
materialized path is a prefix. Grants come from explicit ``Grant`` rows and from committee seats while they last.
Out of scope and missing answer the same 404.
"""

from __future__ import annotations

import datetime
import enum
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db.models import Model, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from chibo.organizations import rules
from chibo.organizations.models import Grant, Organization, Seat

M = TypeVar("M", bound=Model)


class Action(enum.StrEnum):
    VIEW_UNIT = "view_unit"
    EDIT_UNIT = "edit_unit"
    MANAGE_OFFICERS = "manage_officers"
    MANAGE_GRANTS = "manage_grants"
    VIEW_AUDIT = "view_audit"
    VIEW_MEMBERS = "view_members"
    EDIT_MEMBERS = "edit_members"
    RUN_MEETINGS = "run_meetings"
    MANAGE_RULESETS = "manage_rulesets"
    PLAN_TOPICS = (
        "plan_topics"  # consolidate the cells' thematic topics into the committee's plan, assign supervisors
    )
    EVALUATE_MEETINGS = "evaluate_meetings"  # attend a cell's thematic meeting as assigned and evaluate it
    DECIDE_REVIEWS = (
        "decide_reviews"  # decide the quality-review levels of the units (and their members) below
    )
    MANAGE_EMULATION = "manage_emulation"  # launch movements, form clusters, keep pacts and review results
    REGISTER_EMULATION = "register_emulation"  # register a unit and its members for a movement, send upward
    APPROVE_EMULATION = (
        "approve_emulation"  # approve or reject the registrations of the units directly below, forward upward
    )


Role = Grant.Role

_READ = {Action.VIEW_UNIT}
_OFFICER = _READ | {Action.VIEW_MEMBERS, Action.EDIT_MEMBERS, Action.RUN_MEETINGS}
ROLE_ACTIONS: dict[str, frozenset[Action]] = {
    # A plain member sees the units of their cell and their own record (through their account), not the register.
    Role.MEMBER: frozenset(_READ),
    Role.CELL_OFFICER: frozenset(_OFFICER | {Action.REGISTER_EMULATION}),
    Role.COMMITTEE_OFFICER: frozenset(
        _OFFICER
        | {Action.PLAN_TOPICS, Action.EVALUATE_MEETINGS, Action.DECIDE_REVIEWS}
        | {Action.MANAGE_EMULATION, Action.REGISTER_EMULATION, Action.APPROVE_EMULATION}
    ),
    Role.SUPERVISOR: frozenset(_READ | {Action.VIEW_MEMBERS, Action.EVALUATE_MEETINGS}),
    Role.AUDITOR: frozenset(_READ | {Action.VIEW_AUDIT, Action.VIEW_MEMBERS}),
    Role.OFFICE_STAFF: frozenset(
        _OFFICER
        | {
            Action.EDIT_UNIT,
            Action.MANAGE_OFFICERS,
            Action.MANAGE_GRANTS,
            Action.VIEW_AUDIT,
            Action.PLAN_TOPICS,
            Action.DECIDE_REVIEWS,
            Action.MANAGE_EMULATION,
            Action.REGISTER_EMULATION,
            Action.APPROVE_EMULATION,
        }
    ),
    Role.ADMINISTRATOR: frozenset(Action),
}

# Roles whose holders must pass a second factor (TOTP) after the password.
SECOND_FACTOR_ROLES = frozenset({Role.OFFICE_STAFF, Role.ADMINISTRATOR})


@dataclass(frozen=True)
class HeldGrant:
    role: str
    organization_id: int
    path: str
    source: str  # "grant" or "seat"


def _today() -> datetime.date:
    return timezone.localdate()


def grants_of(actor: Any, on: datetime.date | None = None) -> list[HeldGrant]:
    """Every grant the actor holds on a date (today by default). Two queries, cached on the user object."""
    if actor is None or not getattr(actor, "is_authenticated", False) or not actor.is_active:
        return []
    day = on or _today()
    cache: dict[datetime.date, list[HeldGrant]] = actor.__dict__.setdefault("_chibo_grants", {})
    if day in cache:
        return cache[day]
    live = Q(starts_on__isnull=True) | Q(starts_on__lte=day)
    live &= Q(ends_on__isnull=True) | Q(ends_on__gte=day)
    held = [
        HeldGrant(role, org_id, path, "grant")
        for role, org_id, path in Grant.objects.filter(live, user=actor).values_list(
            "role", "organization_id", "organization__path"
        )
    ]
    seat_live = Q(starts_on__lte=day) & (Q(ends_on__isnull=True) | Q(ends_on__gte=day))
    for seat_role, org_id, path, kind in Seat.objects.filter(seat_live, holder=actor).values_list(
        "role", "organization_id", "organization__path", "organization__kind"
    ):
        held.append(
            HeldGrant(
                rules.seat_grant_role(seat_role=seat_role, organization_kind=kind), org_id, path, "seat"
            )
        )
    cache[day] = held
    return held


def forget_grants(actor: Any) -> None:
    """Drop the cached grants (after a grant or seat of this user changed)."""
    actor.__dict__.pop("_chibo_grants", None)


def _minimal(paths: Iterable[str]) -> list[str]:
    """Drop paths covered by a shorter one: ["0001", "00010002"] -> ["0001"]."""
    result: list[str] = []
    for path in sorted(set(paths)):
        if not result or not path.startswith(result[-1]):
            result.append(path)
    return result


def is_everywhere(actor: Any) -> bool:
    return bool(getattr(actor, "is_authenticated", False) and actor.is_active and actor.is_superuser)


def units_for(actor: Any, action: Action) -> list[str]:
    """The path prefixes of the subtrees where the actor may do ``action``."""
    if is_everywhere(actor):
        return [""]
    return _minimal(g.path for g in grants_of(actor) if action in ROLE_ACTIONS.get(g.role, frozenset()))


def scope(
    queryset: QuerySet[M], actor: Any, action: Action, *, path_field: str = "organization__path"
) -> QuerySet[M]:
    """Rows of ``queryset`` the actor may ``action``: one OR of indexed prefix filters, or nothing."""
    paths = units_for(actor, action)
    if paths == [""]:
        return queryset
    if not paths:
        return queryset.none()
    condition = Q()
    for path in paths:
        condition |= Q(**{f"{path_field}__startswith": path})
    return queryset.filter(condition)


def allowed(actor: Any, action: Action, organization: Organization | None = None) -> bool:
    """May the actor do ``action`` on this organization? With no organization: on the whole installation,
    which takes the role on a root of the tree."""
    paths = units_for(actor, action)
    if paths == [""]:
        return True
    if organization is None:
        return any(len(p) == Organization.steplen for p in paths)
    return any(organization.path.startswith(p) for p in paths)


def require(actor: Any, action: Action, organization: Organization | None = None) -> None:
    """Raise Http404 (the same answer as for a missing record) unless ``allowed``."""
    if not allowed(actor, action, organization):
        raise Http404


def access_organization(actor: Any, pk: Any, action: Action = Action.VIEW_UNIT) -> Organization:
    """Fetch an organization the actor may ``action``, or 404 whether it is missing or out of scope."""
    try:
        organization = Organization.objects.get(pk=int(pk))
    except (Organization.DoesNotExist, TypeError, ValueError):
        raise Http404 from None
    require(actor, action, organization)
    return organization


def roles_of(actor: Any) -> set[str]:
    if is_everywhere(actor):
        return set(Role.values)
    return {g.role for g in grants_of(actor)}


def needs_second_factor(actor: Any) -> bool:
    """Office staff and administrators must pass a TOTP second factor."""
    if not getattr(actor, "is_authenticated", False):
        return False
    return bool(actor.is_superuser or actor.is_staff or roles_of(actor) & SECOND_FACTOR_ROLES)
