"""Reads of emulation that pages, downloads and reports share, always through the gate.

A movement or a cluster is seen by its organizer's whole subtree: a user whose grants lie inside it, or above it.
The participation rates count in the database, one row per unit directly below, with subtree path prefixes: a
fixed number of queries whatever the size of the tree."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.db.models import Count, Exists, FilteredRelation, OuterRef, Q, QuerySet
from django.db.models.functions import Substr
from django.http import Http404
from django.utils.translation import gettext as _

from chibo.core.queries import plain_rows
from chibo.emulation import rules
from chibo.emulation.models import Cluster, ClusterResult, Forwarding, Movement, Registration
from chibo.members.models import Member
from chibo.organizations.access import Action, allowed, units_for
from chibo.organizations.models import Organization
from chibo.rulesets.selectors import NoRuleSetInForce, ruleset_for_year, ruleset_on

STEP = Organization.steplen
Status = Registration.Status


# ------------------------------------------------------------------------------------------------ the catalog


def honour_day(year: int) -> datetime.date:
    """The day whose rule set gives the catalog of honours for a year's registrations: the year's last day, when the
    titles aimed for are judged (DOMAIN.md: a decision uses the rule set in force on the date of the event)."""
    return datetime.date(year, 12, 31)


def honour_catalog(year: int) -> dict[str, rules.Honour]:
    """The honours of the rule set in force on the year's last day, by code, in catalog order (one query); for a
    year before every version, the earliest version's."""
    try:
        ruleset = ruleset_on(honour_day(year))
    except NoRuleSetInForce:
        ruleset = ruleset_for_year(year)
    return rules.honours(ruleset.values["emulation"])


def fits(honour: rules.Honour, *, collective: bool) -> bool:
    """A collective registers an honour for collectives, a member one for individuals; some are for either."""
    return honour.recipient in (rules.COLLECTIVE if collective else rules.INDIVIDUAL, rules.ANY)


def honour_choices(catalog: dict[str, rules.Honour], *, collective: bool) -> list[tuple[str, str]]:
    return [(code, h.name) for code, h in catalog.items() if fits(h, collective=collective)]


def year_from(raw: Any, default: int) -> int:
    try:
        year = int(raw)
    except (TypeError, ValueError):
        return default
    return year if 2000 <= year <= 2100 else default


# ------------------------------------------------------------------------------------------- the organizer's


def _lineage(path: str) -> list[str]:
    return [path[: STEP * i] for i in range(1, len(path) // STEP + 1)]


def organizer_condition(actor: Any, *, path_field: str) -> Q | None:
    """Rows whose organizer the actor sees: the actor holds a grant on the organizer, above it, or inside its
    subtree. ``None`` for everywhere; an empty ``Q(pk__in=[])`` for nowhere."""
    paths = units_for(actor, Action.VIEW_UNIT)
    if paths == [""]:
        return None
    if not paths:
        return Q(pk__in=[])
    above = sorted({p for path in paths for p in _lineage(path)})
    condition = Q(**{f"{path_field}__in": above})
    for path in paths:
        condition |= Q(**{f"{path_field}__startswith": path})
    return condition


def sees_organizer(actor: Any, organizer: Organization) -> bool:
    paths = units_for(actor, Action.VIEW_UNIT)
    return any(organizer.path.startswith(p) or p.startswith(organizer.path) for p in paths)


def access_organizer(actor: Any, pk: Any) -> Organization:
    """An organization whose movements and clusters the actor may see, or 404 (missing or out of scope)."""
    try:
        organizer = Organization.objects.get(pk=int(pk))
    except (Organization.DoesNotExist, TypeError, ValueError):
        raise Http404 from None
    if not sees_organizer(actor, organizer):
        raise Http404
    return organizer


def movement_list(
    *, actor: Any, year: int | None = None, organizer: Organization | None = None
) -> QuerySet[Movement]:
    """The movements the actor sees, newest year first."""
    movements = Movement.objects.select_related("organizer")
    condition = organizer_condition(actor, path_field="organizer_path")
    if condition is not None:
        movements = movements.filter(condition)
    if organizer is not None:
        movements = movements.filter(organizer=organizer)
    if year is not None:
        movements = movements.filter(year__lte=year).filter(
            Q(ends_on__isnull=True, year=year) | Q(ends_on__year__gte=year)
        )
    return movements.order_by("-year", "name", "id")


def access_movement(actor: Any, pk: Any) -> Movement:
    try:
        movement = Movement.objects.select_related("organizer").get(pk=int(pk))
    except (Movement.DoesNotExist, TypeError, ValueError):
        raise Http404 from None
    if not sees_organizer(actor, movement.organizer):
        raise Http404
    return movement


def access_cluster(actor: Any, pk: Any) -> Cluster:
    try:
        cluster = Cluster.objects.select_related("organizer", "leader", "deputy").get(pk=int(pk))
    except (Cluster.DoesNotExist, TypeError, ValueError):
        raise Http404 from None
    if not sees_organizer(actor, cluster.organizer):
        raise Http404
    return cluster


def may_keep_cluster(actor: Any, cluster: Cluster) -> bool:
    """The pact and the review results are kept by the organizer's office and committee, or by the officers of the
    leader unit."""
    if allowed(actor, Action.MANAGE_EMULATION, cluster.organizer):
        return True
    return cluster.leader is not None and allowed(actor, Action.REGISTER_EMULATION, cluster.leader)


def manageable_organizers(actor: Any) -> list[Organization]:
    """The top units where the actor may launch movements and form clusters (one query)."""
    paths = units_for(actor, Action.MANAGE_EMULATION)
    if paths == [""]:
        return list(Organization.objects.filter(depth=1).order_by("path"))
    return list(Organization.objects.filter(path__in=paths).order_by("path"))


def in_movement(movement: Movement, organization: Organization) -> bool:
    """A unit registers for a movement when it lies strictly below the organizer."""
    return (
        organization.path.startswith(movement.organizer_path) and organization.path != movement.organizer_path
    )


# -------------------------------------------------------------------------------------------- registrations


def registrations_in_view(
    *, actor: Any, movement: Movement, year: int, unit: Organization | None = None
) -> QuerySet[Registration]:
    """The registrations of the movement and year that the actor sees (their scope), under ``unit`` if given."""
    found = Registration.objects.filter(movement=movement, year=year)
    paths = units_for(actor, Action.VIEW_UNIT)
    if paths != [""]:
        condition = Q(pk__in=[])
        for path in paths:
            condition |= Q(organization_path__startswith=path)
        found = found.filter(condition)
    if unit is not None:
        found = found.filter(organization_path__startswith=unit.path)
    return found


@dataclass
class StatusCounts:
    collective: dict[str, int] = field(default_factory=dict)
    individual: dict[str, int] = field(default_factory=dict)

    def rows(self) -> list[tuple[str, str, int, int]]:
        """(status, label, collectives, individuals), in the order of the flow."""
        return [
            (code, str(label), self.collective.get(code, 0), self.individual.get(code, 0))
            for code, label in Status.choices
        ]

    @property
    def total_collective(self) -> int:
        return sum(self.collective.values())

    @property
    def total_individual(self) -> int:
        return sum(self.individual.values())


def status_counts(registrations: QuerySet[Registration]) -> StatusCounts:
    """How many registrations stand at each status, collectives and individuals apart (one query)."""
    counts = StatusCounts()
    grouped = (
        registrations.annotate(alone=Q(member__isnull=True))
        .values_list("alone", "status")
        .annotate(n=Count("id"))
        .order_by()
    )
    for alone, status, n in grouped:
        (counts.collective if alone else counts.individual)[status] = n
    return counts


def registration_rows(registrations: QuerySet[Registration], *, status: str = "") -> QuerySet[Registration]:
    rows = registrations.select_related("organization", "member", "decided_by")
    if status in Status.values:
        rows = rows.filter(status=status)
    return rows.order_by("organization_path", "member__sort_key", "id")


@dataclass
class FormLine:
    member: Member | None  # None: the unit itself
    registration: Registration | None
    # What the form shows: as saved, or as entered when refused.
    honour: str = ""
    pledge: str = ""
    honour_name: str = ""
    locked: bool = False

    @property
    def key(self) -> str:
        return "unit" if self.member is None else str(self.member.pk)


def unit_form_lines(*, movement: Movement, organization: Organization, year: int) -> list[FormLine]:
    """The unit's own line, then its active members' (and those registered who have since left): two queries."""
    registrations = list(
        Registration.objects.filter(movement=movement, year=year)
        .filter(Q(organization=organization) | Q(member__organization=organization))
        .select_related("member", "decided_by")
    )
    own = next(
        (r for r in registrations if r.member_id is None and r.organization_id == organization.pk), None
    )
    by_member = {r.member_id: r for r in registrations if r.member_id}
    members = Member.objects.filter(organization=organization, status__in=Member.ACTIVE_STATUSES).order_by(
        "sort_key"
    )
    lines = [FormLine(None, own)]
    lines += [FormLine(m, by_member.pop(m.pk, None)) for m in members]
    lines += [FormLine(r.member, r) for r in by_member.values()]
    return lines


def forwardings_in_view(
    *, actor: Any, movement: Movement, year: int, unit: Organization | None = None
) -> QuerySet[Forwarding]:
    """The consolidated lists sent upward that the actor sees: those of the units in scope, which the parent of a
    unit in scope sees as received."""
    found = Forwarding.objects.filter(movement=movement, year=year).select_related(
        "organization", "to_organization", "forwarded_by"
    )
    paths = units_for(actor, Action.VIEW_UNIT)
    if paths != [""]:
        condition = Q(pk__in=[])
        for path in paths:
            condition |= Q(organization_path__startswith=path)
        found = found.filter(condition)
    if unit is not None:
        found = found.filter(organization_path__startswith=unit.path)
    return found.order_by("-forwarded_at", "-id")


def consolidated_counts(*, movement: Movement, year: int, unit: Organization) -> dict[str, Any]:
    """The registrations of the unit's subtree as they stand: by status for collectives and individuals, and the
    approved ones by honour (two queries)."""
    found = Registration.objects.filter(movement=movement, year=year, organization_path__startswith=unit.path)
    counts = status_counts(found)
    honours = dict(
        found.filter(status=Status.APPROVED).values_list("honour").annotate(n=Count("id")).order_by("honour")
    )
    return {"collective": counts.collective, "individual": counts.individual, "honours": honours}


# ------------------------------------------------------------------------------------- participation rates


@dataclass
class RateRow:
    unit_id: int
    name: str
    members: int = 0
    individuals: int = 0
    units: int = 0
    collectives: int = 0

    @property
    def individual_rate(self) -> rules.Rate:
        return rules.Rate(self.individuals, self.members)

    @property
    def collective_rate(self) -> rules.Rate:
        return rules.Rate(self.collectives, self.units)


@dataclass
class Rates:
    unit: Organization
    year: int
    movement: Movement | None
    rows: list[RateRow]
    total: RateRow


def participation(*, unit: Organization, year: int, movement: Movement | None = None) -> Rates:
    """The participation of a subtree in a year's emulation (of one movement, or of any), one row per unit
    directly below ``unit`` and the total.

    - Individuals: the active members (``Member.ACTIVE_STATUSES``) now in the subtree with a registration sent
      (awaiting approval or approved) for the year, over the active members.
    - Collectives: the units below the root (the root itself is the one the figures are reported to, as the seed's
      "64 chi, đảng bộ cơ sở", "all 422 collectives") with a registration sent, over those units, dissolved ones
      aside. A row counts its unit and the units below it. A unit with nothing below it (a cell) is its own row.

    Three queries for a unit with units below it (two for a leaf), whatever the size of the subtree: the units
    directly below, then the members and the units, each counted per branch in the database with whether they
    have registrations (``subtree_rates``)."""
    sent: dict[str, Any] = {"year": year, "status__in": Registration.SENT}
    if movement is not None:
        sent["movement"] = movement
    rows, total = subtree_rates(unit, Registration, sent, once_each=movement is not None)
    return Rates(unit, year, movement, rows, total)


def subtree_rates(
    unit: Organization, model: type[models.Model], lookups: dict[str, Any], *, once_each: bool
) -> tuple[list[RateRow], RateRow]:
    """The rates of ``unit``'s subtree for the rows of ``model`` (one with ``member`` and ``organization``:
    emulation registrations, campaign pledges) that ``lookups`` selects: one row per unit directly below (or the
    unit itself when nothing is below it) and the total. Individuals: active members now in the subtree with at
    least one row, each once; collectives: the units below ``unit`` with a row of their own. Three queries (two
    for a leaf): the units directly below, then the members and the units, each counted per branch in the database
    with whether they have a row.

    ``once_each``: the lookups select at most one row a member and one a unit (a movement's registrations, a
    campaign's pledges: the models' unique constraints). The rows are then left-joined to the members and the
    units and counted, which PostgreSQL does in parallel; otherwise each member and unit is counted once with
    whether a row exists (a hashed subplan, in one process: about a third slower on a province)."""
    leaf = unit.is_cell or unit.numchild == 0
    if leaf:
        depth = len(unit.path)
        children = [(unit.pk, unit.name, unit.path)]
    else:
        depth = len(unit.path) + STEP
        children = list(
            Organization.objects.filter(path__startswith=unit.path, depth=unit.depth + 1)
            .order_by("path")
            .values_list("id", "name", "path")
        )
    rows = {path[:depth]: RateRow(pk, name) for pk, name, path in children}
    total = RateRow(unit.pk, _("Tổng cộng"))

    def add(branch: str, name: str, n: int) -> None:
        for row in (rows.get(branch), total):
            if row is not None:
                setattr(row, name, getattr(row, name) + n)

    own = {**lookups, "member__isnull": True}
    members = Member.objects.filter(
        organization_path__startswith=unit.path, status__in=Member.ACTIVE_STATUSES
    )
    units = Organization.objects.filter(path__startswith=unit.path, dissolved_on__isnull=True)
    units = units.filter(pk=unit.pk) if leaf else units.filter(depth__gt=unit.depth)
    if once_each:
        members = members.annotate(commitment=_joined(model, "member", lookups))
        units = units.annotate(commitment=_joined(model, "organization", own))
        with_row = Count("commitment")
    else:
        members = members.annotate(
            commitment=Exists(model._default_manager.filter(member_id=OuterRef("pk"), **lookups))
        )
        units = units.annotate(
            commitment=Exists(model._default_manager.filter(organization_id=OuterRef("pk"), **own))
        )
        with_row = Count("id", filter=Q(commitment=True))
    members = members.annotate(branch=Substr("organization_path", 1, depth))
    for branch, n, with_rows in plain_rows(
        members.values_list("branch").annotate(n=Count("id"), with_row=with_row).order_by()
    ):
        add(branch, "members", n)
        add(branch, "individuals", with_rows)  # a member counts once, by where they are now
    units = units.annotate(branch=Substr("path", 1, depth))
    for branch, n, with_rows in plain_rows(
        units.values_list("branch").annotate(n=Count("id"), with_row=with_row).order_by()
    ):
        add(branch, "units", n)
        add(branch, "collectives", with_rows)
    return list(rows.values()), total


def _joined(model: type[models.Model], field_name: str, lookups: dict[str, Any]) -> FilteredRelation:
    """``model``'s rows that ``lookups`` selects, as a relation of the model ``field_name`` points to (a LEFT JOIN
    on the lookups)."""
    field = model._meta.get_field(field_name)
    assert isinstance(field, models.ForeignKey)
    relation = field.related_query_name()
    return FilteredRelation(
        relation, condition=Q(**{f"{relation}__{key}": value for key, value in lookups.items()})
    )


# -------------------------------------------------------------------------------------------------- clusters


def clusters_of(*, organizer: Organization, year: int) -> list[Cluster]:
    """The organizer's clusters of a year with their units, leader, deputy and history (three queries)."""
    return list(
        Cluster.objects.filter(organizer=organizer, year=year)
        .select_related("leader", "deputy")
        .prefetch_related("units", "formed_from")
        .order_by("name", "id")
    )


def cluster_units(organizer: Organization) -> QuerySet[Organization]:
    """The units a cluster is formed from: those directly below the organizer, still active."""
    return Organization.objects.filter(
        path__startswith=organizer.path, depth=organizer.depth + 1, dissolved_on__isnull=True
    ).order_by("path")


@dataclass
class HistoryLine:
    text: str
    clusters: list[Cluster]
    year: int


def cluster_history(cluster: Cluster) -> list[HistoryLine]:
    """Where the cluster came from and what it became: "tách từ Cụm VI (2024)", "hợp nhất từ …", "tách thành …",
    "hợp nhất vào …" (two queries)."""
    lines = []
    sources = list(cluster.formed_from.order_by("name"))
    if sources:
        came: dict[str, str] = {Cluster.Origin.SPLIT: _("tách từ"), Cluster.Origin.MERGED: _("hợp nhất từ")}
        label = came.get(cluster.origin, _("tiếp nối"))
        lines.append(HistoryLine(label, sources, sources[0].year))
    successors = list(Cluster.objects.filter(formed_from=cluster).order_by("year", "name"))
    by_year: dict[tuple[int, str], list[Cluster]] = defaultdict(list)
    for c in successors:
        by_year[(c.year, c.origin)].append(c)
    for (year, origin), clusters in sorted(by_year.items()):
        became: dict[str, str] = {
            Cluster.Origin.SPLIT: _("tách thành"),
            Cluster.Origin.MERGED: _("hợp nhất vào"),
        }
        label = became.get(origin, _("tiếp tục thành"))
        lines.append(HistoryLine(label, clusters, year))
    return lines


@dataclass
class ResultLine:
    unit: Organization
    result: ClusterResult | None
    honours: list[str]  # the titles the unit registered for the cluster's year
    # What the pages show.
    item_labels: list[str] = field(default_factory=list)
    pledge_label: str = ""
    score_text: str = ""
    row: dict[str, Any] = field(default_factory=dict)
    item_cells: list[tuple[int, str, str]] = field(default_factory=list)

    @property
    def sort_key(self) -> tuple[Any, ...]:
        r = self.result
        ranking = r.ranking if r and r.ranking else 10**6
        score = -(r.score or 0) if r and r.score is not None else 0
        return (ranking, score, self.unit.name)


def cluster_results(cluster: Cluster, catalog: dict[str, Any]) -> list[ResultLine]:
    """Each member unit with its registrations for the year (under the organizer's movements) and its review
    result, sorted by ranking, then score, then name (three queries)."""
    units = list(cluster.units.order_by("path"))
    results = {r.organization_id: r for r in ClusterResult.objects.filter(cluster=cluster)}
    honours: dict[int, list[str]] = defaultdict(list)
    for org_id, code in (
        Registration.objects.filter(
            year=cluster.year,
            member__isnull=True,
            organization__in=units,
            movement__organizer_id=cluster.organizer_id,
        )
        .exclude(status=Status.REJECTED)
        .values_list("organization_id", "honour")
        .order_by("movement_id")
    ):
        name = catalog[code].name if code in catalog else code
        if name not in honours[org_id]:
            honours[org_id].append(name)
    lines = [ResultLine(u, results.get(u.pk), honours.get(u.pk, [])) for u in units]
    lines.sort(key=lambda line: line.sort_key)
    return lines
