"""Reads of the member register shared by pages, the API, exports and reports. Always scoped by the gate."""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from chibo.core.text import fold
from chibo.members import rules
from chibo.members.models import Member
from chibo.organizations.access import Action, allowed, scope
from chibo.organizations.models import Organization


@dataclass
class MemberFilters:
    organization: Organization | None = None
    query: str = ""
    statuses: list[str] = field(default_factory=list)
    education: str = ""
    theory: str = ""
    age_min: int | None = None
    age_max: int | None = None
    include_inactive: bool = False


def member_list(
    *,
    actor: Any,
    filters: MemberFilters | None = None,
    action: Action = Action.VIEW_MEMBERS,
    today: datetime.date | None = None,
) -> QuerySet[Member]:
    """Members the actor may see, filtered, in the order of official rosters (given name, then the rest, in the
    Vietnamese alphabet), with their cell."""
    f = filters or MemberFilters()
    today = today or timezone.localdate()
    qs = scope(Member.objects.all(), actor, action, path_field="organization_path")
    if f.organization is not None:
        qs = qs.filter(organization_path__startswith=f.organization.path)
    if f.statuses:
        qs = qs.filter(status__in=f.statuses)
    elif not f.include_inactive:
        qs = qs.filter(status__in=Member.ACTIVE_STATUSES)
    if f.query:
        folded = fold(f.query)
        qs = qs.filter(Q(search_name__contains=folded) | Q(citizen_id__startswith=folded))
    if f.education:
        qs = qs.filter(education=f.education)
    if f.theory:
        qs = qs.filter(political_theory=f.theory)
    # Party age N or more: counting start at least N years before today (one indexed comparison).
    if f.age_min is not None:
        qs = qs.filter(party_age_from__lte=rules.add_months(today, -12 * f.age_min))
    if f.age_max is not None:
        qs = qs.filter(party_age_from__gt=rules.add_months(today, -12 * (f.age_max + 1)))
    return qs.select_related("organization").order_by("sort_key", "id")


def access_member(actor: Any, pk: Any, action: Action = Action.VIEW_MEMBERS) -> Member:
    """A member record the actor may ``action``, or 404 (missing and out of scope look the same). Members may
    always read their own record."""
    try:
        member = Member.objects.select_related("organization", "user").get(pk=int(pk))
    except (Member.DoesNotExist, TypeError, ValueError):
        raise Http404 from None
    own = member.user_id is not None and member.user_id == getattr(actor, "pk", None)
    if own and action == Action.VIEW_MEMBERS:
        return member
    if not allowed(actor, action, member.organization):
        raise Http404
    return member


def member_gaps(member: Member, *, today: datetime.date | None = None) -> list[rules.Interval]:
    today = today or timezone.localdate()
    gaps = [(g.starts_on, g.ends_on) for g in member.gaps.all()]
    return gaps + rules.out_of_party_periods(member.status_changes.values_list("status", "on"), until=today)


@dataclass
class CellProfile:
    total: int
    full: int
    probationary: int
    by_education: dict[str, int]
    by_theory: dict[str, int]

    def share(self, count: int) -> int:
        return round(100 * count / self.total) if self.total else 0


def organization_profile(*, organization: Organization) -> CellProfile:
    """Seed 003's profile of a cell (or of a whole subtree): members, full, probationary, education and political
    theory. Two queries."""
    active = Member.objects.filter(
        organization_path__startswith=organization.path, status__in=Member.ACTIVE_STATUSES
    )
    totals = active.aggregate(
        total=Count("id"),
        full=Count(
            "id",
            filter=Q(
                status__in=[Member.Status.FULL, Member.Status.EXEMPT, Member.Status.TEMPORARY_ELSEWHERE]
            ),
        ),
        probationary=Count("id", filter=Q(status=Member.Status.PROBATIONARY)),
    )
    education: dict[str, int] = {}
    theory: dict[str, int] = {}
    for edu, th, n in active.values_list("education", "political_theory").annotate(n=Count("id")).order_by():
        education[edu] = education.get(edu, 0) + n
        theory[th] = theory.get(th, 0) + n
    return CellProfile(totals["total"], totals["full"], totals["probationary"], education, theory)
