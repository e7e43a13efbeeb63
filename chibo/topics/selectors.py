"""Reads of thematic topics, scoped by the access gate."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from chibo.organizations.access import Action, allowed, scope
from chibo.organizations.models import Organization
from chibo.topics import rules
from chibo.topics.models import Supervision, ThematicPlan, Topic, TopicSettings

STEP = Organization.steplen


def in_plan_of(cell_path: str, committee: Organization) -> bool:
    """A committee's plan holds the topics of the cells directly under it (a grassroots committee's cells, or
    the grassroots cells of a committee): a cell of a subordinate committee is in that committee's plan."""
    return cell_path[:-STEP] == committee.path


def settings_for(organization: Organization) -> TopicSettings:
    """The settings of the unit's nearest committee (itself included) that has them, else the defaults. One query."""
    prefixes = organization.lineage_paths
    found = (
        TopicSettings.objects.filter(organization__path__in=prefixes).order_by("-organization__depth").first()
    )
    return found or TopicSettings(organization=organization)


def sees_unapproved(actor: Any, organization: Organization) -> bool:
    """Who sees a topic before the cell committee approves it: the cell's officers and the committee's office and
    members. A plain member sees it only once approved (seed 002: approved before it is sent to members)."""
    return any(
        allowed(actor, action, organization)
        for action in (Action.RUN_MEETINGS, Action.PLAN_TOPICS, Action.EVALUATE_MEETINGS)
    )


def access_topic(actor: Any, pk: Any, action: Action = Action.VIEW_UNIT) -> Topic:
    """A topic the actor may ``action``, or 404 whether missing, out of scope, or not yet approved for a plain
    member."""
    try:
        topic = Topic.objects.select_related(
            "organization", "category", "presenter", "meeting", "plan", "approved_by"
        ).get(pk=int(pk))
    except (Topic.DoesNotExist, TypeError, ValueError):
        raise Http404 from None
    if not allowed(actor, action, topic.organization):
        raise Http404
    if topic.status not in rules.APPROVED_OR_LATER and not sees_unapproved(actor, topic.organization):
        raise Http404
    return topic


def plan_topics(*, committee: Organization, year: int) -> QuerySet[Topic]:
    """The topics of a committee's plan of a year and those approved and waiting to go in, by quarter and cell."""
    return (
        Topic.objects.filter(
            organization_path__startswith=committee.path,
            organization__depth=committee.depth + 1,
            year=year,
            status__in=[
                Topic.Status.APPROVED,
                Topic.Status.PLANNED,
                Topic.Status.HELD,
                Topic.Status.EVALUATED,
            ],
        )
        .select_related("organization", "category", "presenter", "supervision")
        .order_by("quarter", "organization_path", "id")
    )


def plan_of(committee: Organization, year: int) -> ThematicPlan | None:
    return ThematicPlan.objects.filter(organization=committee, year=year).first()


def supervision_schedule(*, actor: Any) -> QuerySet[Supervision]:
    """The thematic meetings the actor is assigned to attend, still in scope for them, the ones to evaluate
    first."""
    return (
        scope(
            Supervision.objects.filter(supervisor=actor),
            actor,
            Action.EVALUATE_MEETINGS,
            path_field="topic__organization_path",
        )
        .select_related("topic", "topic__organization", "topic__category", "topic__meeting")
        .order_by("evaluated_at", "topic__year", "topic__quarter", "topic__organization_path")
    )


def access_supervision(actor: Any, pk: Any) -> Supervision:
    """A supervision the actor may read: the assigned member, or anyone who may see the cell. 404 otherwise."""
    try:
        supervision = Supervision.objects.select_related(
            "topic", "topic__organization", "topic__category", "topic__meeting"
        ).get(pk=int(pk))
    except (Supervision.DoesNotExist, TypeError, ValueError):
        raise Http404 from None
    if not allowed(actor, Action.VIEW_UNIT, supervision.topic.organization):
        raise Http404
    return supervision
