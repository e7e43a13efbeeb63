"""Reads of the campaign that pages, downloads and reports share, always through the gate.

A campaign is seen by its organizer's whole subtree (a user whose grants lie inside it, or above it), and by a
member of a cell below the organizer through their own account. The rates count in the database, one row per unit
directly below, with subtree path prefixes: a fixed number of queries whatever the size of the tree."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import F, Q, QuerySet
from django.http import Http404

from chibo.campaign import rules
from chibo.campaign.models import Campaign, CampaignPledge, EthicsCode, StudyItem
from chibo.emulation.selectors import RateRow, organizer_condition, sees_organizer, subtree_rates
from chibo.meetings.models import Meeting
from chibo.members.models import Member
from chibo.organizations.access import Action, allowed, units_for
from chibo.organizations.models import Organization
from chibo.rulesets.selectors import NoRuleSetInForce, ruleset_for_year, ruleset_on

STEP = Organization.steplen
ROWS_PER_PAGE = 100


def year_from(raw: Any, default: int) -> int:
    try:
        year = int(raw)
    except (TypeError, ValueError):
        return default
    return year if 2000 <= year <= 2100 else default


def own_member(actor: Any) -> Member | None:
    """The register record linked to the actor's account, with its cell (one query)."""
    if not getattr(actor, "is_authenticated", False):
        return None
    return Member.objects.filter(user=actor).select_related("organization").first()


def covers(campaign: Campaign, organization: Organization) -> bool:
    """A unit pledges to a campaign when it lies strictly below the organizer."""
    return covers_path(campaign, organization.path)


# ----------------------------------------------------------------------------------------------- campaigns


def review_opens(year: int) -> datetime.date:
    """The first day of a year's self-review of the pledges, from the rule set in force on the year's last day (the
    review closes the year, as the honours aimed for are judged then), or, for a year before every version, the
    earliest version's (one query)."""
    try:
        ruleset = ruleset_on(datetime.date(year, 12, 31))
    except NoRuleSetInForce:
        ruleset = ruleset_for_year(year)
    return rules.review_opens(year, ruleset.values["campaign"]["self_review_from_month"])


def campaign_list(
    *,
    actor: Any,
    year: int | None = None,
    organizer: Organization | None = None,
    member: Member | None = None,
) -> QuerySet[Campaign]:
    """The campaigns the actor sees (and those covering ``member``'s cell, the actor's own record), newest first,
    nearest organizer last."""
    campaigns = Campaign.objects.select_related("organizer")
    condition = organizer_condition(actor, path_field="organizer_path")
    if condition is not None:
        if member is not None and member.organization_path:
            lineage = [member.organization_path[:i] for i in range(STEP, len(member.organization_path), STEP)]
            condition |= Q(organizer_path__in=lineage)
        campaigns = campaigns.filter(condition)
    if organizer is not None:
        campaigns = campaigns.filter(organizer=organizer)
    if year is not None:
        campaigns = campaigns.filter(year=year)
    return campaigns.order_by("-year", "organizer_path", "id")


def may_see_campaign(actor: Any, campaign: Campaign, member: Member | None = None) -> bool:
    if sees_organizer(actor, campaign.organizer):
        return True
    return member is not None and member.is_active and covers_path(campaign, member.organization_path)


def covers_path(campaign: Campaign, path: str) -> bool:
    return path.startswith(campaign.organizer_path) and path != campaign.organizer_path


def access_campaign(actor: Any, pk: Any, *, member: Member | None = None) -> Campaign:
    """A campaign the actor sees, or 404 whether it is missing or out of scope."""
    try:
        campaign = Campaign.objects.select_related("organizer").get(pk=int(pk))
    except (Campaign.DoesNotExist, TypeError, ValueError):
        raise Http404 from None
    if not may_see_campaign(actor, campaign, member):
        raise Http404
    return campaign


def access_item(actor: Any, pk: Any, *, member: Member | None = None) -> StudyItem:
    """A study item of a campaign the actor sees, or 404."""
    try:
        item = StudyItem.objects.select_related("campaign__organizer").get(pk=int(pk))
    except (StudyItem.DoesNotExist, TypeError, ValueError):
        raise Http404 from None
    if not may_see_campaign(actor, item.campaign, member):
        raise Http404
    return item


def manageable_organizers(actor: Any) -> list[Organization]:
    """The top units where the actor may set up a campaign (one query): committees, not cells."""
    paths = units_for(actor, Action.MANAGE_EMULATION)
    found = (
        Organization.objects.filter(depth=1) if paths == [""] else Organization.objects.filter(path__in=paths)
    )
    return [o for o in found.order_by("path") if not o.is_cell]


def may_manage(actor: Any, campaign: Campaign) -> bool:
    """The organizer's committee officers and office staff set the theme and the schedule."""
    return allowed(actor, Action.MANAGE_EMULATION, campaign.organizer)


def schedule(campaign: Campaign) -> list[StudyItem]:
    """The campaign's study items in the order of the months (one query)."""
    return list(StudyItem.objects.filter(campaign=campaign).order_by("month_from", "id"))


# ------------------------------------------------------------------------------------ the cell's year of study


@dataclass
class MonthLine:
    month: int
    items: list[StudyItem] = field(default_factory=list)
    meetings: list[Meeting] = field(default_factory=list)
    current: bool = False


def cell_months(
    *, unit: Organization, year: int, today: datetime.date
) -> tuple[list[Campaign], list[MonthLine]]:
    """For each month of the year, the study items the unit's meetings take up in their Hồ Chí Minh segment (from
    every campaign of the year that covers it, nearest organizer first) and the unit's meetings of that month (not
    cancelled). Three queries."""
    lineage = [unit.path[:i] for i in range(STEP, len(unit.path), STEP)]
    campaigns = list(
        Campaign.objects.filter(year=year, organizer_path__in=lineage)
        .select_related("organizer")
        .order_by("-organizer_path")
    )
    items = list(
        StudyItem.objects.filter(campaign__in=campaigns)
        .select_related("campaign__organizer")
        .order_by("month_from", "id")
    )
    rank = {c.pk: i for i, c in enumerate(campaigns)}
    items.sort(key=lambda item: (rank[item.campaign_id], item.month_from))
    meetings = list(
        Meeting.objects.filter(organization=unit, day__year=year)
        .exclude(status=Meeting.Status.CANCELLED)
        .order_by("day", "time")
    )
    lines = [
        MonthLine(
            month,
            [item for item in items if item.span.covers(month)],
            [m for m in meetings if m.day.month == month],
            current=(today.year, today.month) == (year, month),
        )
        for month in range(1, 13)
    ]
    return campaigns, lines


# -------------------------------------------------------------------------------------------------- pledges


@dataclass
class PledgeLine:
    member: Member | None  # None: the unit itself
    pledge: CampaignPledge | None
    content: str = ""  # as saved, or as entered when refused
    result: str = ""
    note: str = ""
    locked: bool = False

    @property
    def key(self) -> str:
        return "unit" if self.member is None else str(self.member.pk)


def unit_pledge_lines(*, campaign: Campaign, organization: Organization) -> list[PledgeLine]:
    """The unit's own line, then its active members' (and those who pledged here and have since left): two
    queries."""
    pledges = list(
        CampaignPledge.objects.filter(campaign=campaign)
        .filter(Q(organization=organization) | Q(member__organization=organization))
        .select_related("member", "reviewed_by")
    )
    own = next((p for p in pledges if p.member_id is None), None)
    by_member = {p.member_id: p for p in pledges if p.member_id}
    members = Member.objects.filter(organization=organization, status__in=Member.ACTIVE_STATUSES).order_by(
        "sort_key"
    )
    lines = [PledgeLine(None, own)]
    lines += [PledgeLine(m, by_member.pop(m.pk, None)) for m in members]
    lines += [PledgeLine(p.member, p) for p in by_member.values()]
    for line in lines:
        p = line.pledge
        line.content = p.content if p else ""
        line.result = p.result if p else ""
        line.note = p.review_note if p else ""
    return lines


def pledges_in(
    *, unit: Organization, year: int, campaign: Campaign | None = None
) -> QuerySet[CampaignPledge]:
    """The pledges of a year under ``unit``: the collectives of its subtree, and the members now in it (one query
    when listed), in the order of the tree and of the roster."""
    found = CampaignPledge.objects.filter(year=year).filter(
        Q(member__isnull=True, organization_path__startswith=unit.path)
        | Q(member__organization_path__startswith=unit.path)
    )
    if campaign is not None:
        found = found.filter(campaign=campaign)
    return found.select_related("organization", "member__organization", "campaign").order_by(
        "organization_path", F("member__sort_key").asc(nulls_first=True), "id"
    )


# ------------------------------------------------------------------------------------------------ the rates


@dataclass
class Rates:
    unit: Organization
    year: int
    campaign: Campaign | None
    rows: list[RateRow]
    total: RateRow


def pledge_rates(*, unit: Organization, year: int, campaign: Campaign | None = None) -> Rates:
    """The pledges of a subtree in a year (to one campaign, or to any), one row per unit directly below ``unit``
    and the total.

    - Individuals: the active members (``Member.ACTIVE_STATUSES``) now in the subtree with a pledge for the year,
      each counted once, over the active members.
    - Collectives: the units below ``unit`` (the one the figures are reported to, as seed 004's "all 422
      collectives" of a bloc committee) with a pledge, over those units, dissolved ones aside. A row counts its unit
      and the units below it; a unit with nothing below it (a cell) is its own row.

    Three queries for a unit with units below it (two for a leaf), whatever the size of the subtree: the units
    directly below, then the members and the units, each counted per branch in the database with whether they
    have pledges (``subtree_rates``)."""
    pledges: dict[str, Any] = {"year": year}
    if campaign is not None:
        pledges["campaign"] = campaign
    rows, total = subtree_rates(unit, CampaignPledge, pledges, once_each=campaign is not None)
    return Rates(unit, year, campaign, rows, total)


# ----------------------------------------------------------------------------------------- codes of ethics


def ethics_codes_for(unit: Organization) -> QuerySet[EthicsCode]:
    """The codes that apply to ``unit`` (its own and those of the units above it) and those of the units below
    it, in the order of the tree, newest first within a unit (one query)."""
    lineage = [unit.path[:i] for i in range(STEP, len(unit.path), STEP)]
    return (
        EthicsCode.objects.filter(
            Q(organization_path__startswith=unit.path) | Q(organization_path__in=lineage)
        )
        .select_related("organization")
        .order_by("organization_path", "-adopted_on", "-id")
    )


def access_ethics_code(actor: Any, pk: Any) -> EthicsCode:
    """A code the actor sees: one of a unit in their scope or above it (the codes that apply to them), or 404."""
    try:
        code = EthicsCode.objects.select_related("organization").get(pk=int(pk))
    except (EthicsCode.DoesNotExist, TypeError, ValueError):
        raise Http404 from None
    if not sees_organizer(actor, code.organization):
        raise Http404
    return code
