"""Reads of the organization tree shared by pages, the API and reports. Always scoped by the access gate."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db.models import Case, Count, Prefetch, Q, QuerySet, Value, When
from django.utils import timezone

from chibo.core.models import AuditEntry
from chibo.core.text import fold
from chibo.organizations.access import Action, scope, units_for
from chibo.organizations.models import Organization, OrganizationPeriod, Seat

SEAT_ORDER = Case(
    *(When(role=role, then=Value(i)) for i, role in enumerate(Seat.Role.values)), default=Value(99)
)


def _live_seats(day: datetime.date) -> QuerySet[Seat]:
    """Seats held on a day, in protocol order: secretary, deputies, standing members, committee members."""
    return Seat.objects.filter(
        Q(starts_on__lte=day) & (Q(ends_on__isnull=True) | Q(ends_on__gte=day))
    ).order_by(SEAT_ORDER, "starts_on", "id")


def organization_list(
    *,
    actor: Any,
    action: Action = Action.VIEW_UNIT,
    query: str = "",
    parent: Organization | None = None,
    include_dissolved: bool = False,
) -> QuerySet[Organization]:
    """Organizations the actor may see, in tree order, with their current officers prefetched."""
    qs = scope(Organization.objects.all(), actor, action, path_field="path")
    if parent is not None:
        qs = qs.filter(path__startswith=parent.path, depth=parent.depth + 1)
    if query:
        qs = qs.filter(search_name__contains=fold(query))
    if not include_dissolved:
        qs = qs.filter(dissolved_on__isnull=True)
    day = timezone.localdate()
    return qs.order_by("path").prefetch_related(
        Prefetch("seats", queryset=_live_seats(day), to_attr="current_seats")
    )


def with_member_counts(units: list[Organization]) -> list[Organization]:
    """Set ``member_count`` (active members in each unit's subtree) on a page of units, with one query.

    The register sits above this app; its model is reached through the app registry so that the tree does
    not import it."""
    for unit in units:
        unit.member_count = 0
    if not units:
        return units
    member_model = apps.get_model("members", "Member")
    condition = Q()
    for unit in units:
        condition |= Q(organization_path__startswith=unit.path)
    per_cell = (
        member_model.objects.filter(condition, status__in=member_model.ACTIVE_STATUSES)
        .values_list("organization_path")
        .annotate(n=Count("id"))
        .order_by()
    )
    for path, n in per_cell:
        for unit in units:
            if path.startswith(unit.path):
                unit.member_count += n
    return units


def organization_tops(*, actor: Any) -> QuerySet[Organization]:
    """The top units of the actor's scope: where their tree page starts."""
    paths = units_for(actor, Action.VIEW_UNIT)
    qs = Organization.objects.all() if paths == [""] else Organization.objects.filter(path__in=paths)
    if paths == [""]:
        qs = qs.filter(depth=1)
    day = timezone.localdate()
    return qs.order_by("path").prefetch_related(
        Prefetch("seats", queryset=_live_seats(day), to_attr="current_seats")
    )


def organization_ancestors_in_scope(*, actor: Any, organization: Organization) -> list[Organization]:
    """The breadcrumbs: ancestors the actor may open, top first (one query)."""
    prefixes = [organization.path[: i * Organization.steplen] for i in range(1, organization.depth)]
    if not prefixes:
        return []
    return list(
        scope(
            Organization.objects.filter(path__in=prefixes), actor, Action.VIEW_UNIT, path_field="path"
        ).order_by("depth")
    )


def organization_officers(*, organization: Organization, on: datetime.date | None = None) -> list[Seat]:
    return list(
        _live_seats(on or timezone.localdate()).filter(organization=organization).select_related("holder")
    )


@dataclass
class TreeRow:
    organization_id: int
    name: str
    kind: str
    depth: int

    @property
    def kind_label(self) -> str:
        return str(Organization.Kind(self.kind).label)


def organization_tree_on(*, actor: Any, root: Organization, on: datetime.date) -> list[TreeRow]:
    """The subtree of ``root`` as it stood on ``on``, rebuilt from the dated periods: names, kinds and parents of
    that day. Rows come in tree order with their depth under the root (0 for the root). Two queries."""
    periods = list(
        OrganizationPeriod.objects.filter(
            Q(valid_from__lte=on) & (Q(valid_to__isnull=True) | Q(valid_to__gt=on))
        )
        .filter(
            organization__in=scope(Organization.objects.all(), actor, Action.VIEW_UNIT, path_field="path")
        )
        .order_by("name", "organization_id")
        .values("organization_id", "name", "kind", "parent_id")
    )
    by_parent: dict[int | None, list[Any]] = {}
    by_id: dict[int, Any] = {}
    for p in periods:
        by_parent.setdefault(p["parent_id"], []).append(p)
        by_id[p["organization_id"]] = p
    if root.pk not in by_id:
        return []
    rows: list[TreeRow] = []

    def walk(pid: int, depth: int) -> None:
        p = by_id[pid]
        rows.append(TreeRow(pid, p["name"], p["kind"], depth))
        for child in by_parent.get(pid, []):
            walk(child["organization_id"], depth + 1)

    walk(root.pk, 0)
    return rows


def audit_entries(*, actor: Any, organization: Organization | None = None) -> QuerySet[AuditEntry]:
    qs = scope(AuditEntry.objects.all(), actor, Action.VIEW_AUDIT, path_field="organization_path")
    if organization is not None:
        qs = qs.filter(organization_path__startswith=organization.path)
    return qs.select_related("actor").order_by("-at", "-id")
